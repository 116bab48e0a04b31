// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cgroup_member.h"
#include "cleanup.h"
#include "pidfd.h"

bool cgroup_text_has_line(const char *text, const char *line, size_t len)
{
	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n');

		if ((size_t)(nl - p) == len && !memcmp(p, line, len))
			return true;
		p = *nl ? nl + 1 : nl;
	}
	return false;
}

static int by_cgroup_id(const struct pidref *p, int dir)
{
	struct stat st;
	uint64_t id;
	int r;

	if (sizeof(ino_t) < sizeof(uint64_t))
		return -EOPNOTSUPP;
	r = pidfd_get_cgroup_id(p->fd, &id);
	if (r < 0)
		return r;
	if (fstat(dir, &st) < 0)
		return -errno;
	return (uint64_t)st.st_ino == id;
}

int cgroup_member_check_all(const struct pidref *p, int proc_dir, const struct cgroup_member *m, size_t n)
{
	_cleanup_free_ char *now = NULL;
	int r;

	for (size_t i = 0; i < n; i++) {
		if (m[i].len >= 3 && !memcmp(m[i].line, "0::", 3)) {
			r = by_cgroup_id(p, m[i].dir);
			if (r != -EOPNOTSUPP) {
				if (r <= 0)
					return r;
				continue;
			}
		}
		if (!now) {
			r = proc_dir >= 0 ? proc_dir_read(proc_dir, "cgroup", 64 * 1024, &now) :
					    pidref_read_proc(p, "cgroup", 64 * 1024, &now);
			if (r < 0)
				return r;
		}
		if (!cgroup_text_has_line(now, m[i].line, m[i].len))
			return 0;
	}
	return 1;
}

int cgroup_member_check(const struct pidref *p, int dir, const char *line, size_t len)
{
	const struct cgroup_member m = { .dir = dir, .line = line, .len = len };

	return cgroup_member_check_all(p, -1, &m, 1);
}
