// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>

#include "cgroup2.h"
#include "cgroup_member.h"
#include "cgroup_text.h"
#include "cleanup.h"
#include "openat2.h"
#include "pidfd.h"

int cgroup2_root_open(char *mnt, size_t mnt_len)
{
	_cleanup_(cgroup_view_release) struct cgroup_view v = CGROUP_VIEW_NULL;

	return cgroup2_root_open_in(&v, mnt, mnt_len);
}

int cgroup2_root_open_in(struct cgroup_view *v, char *mnt, size_t mnt_len)
{
	char path[PATH_MAX];
	struct statfs sf;
	int fd, r;

	/* Where the exec path finds it too (cgroup_view.h): no libmount in
	 * the broker, and no mountinfo when it is where it is expected. */
	r = cgroup_view_mount(v, "", path, sizeof(path));
	if (r < 0)
		return r;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* Over-mounted since the table was read? The fd must be cgroup2's. */
	if (fstatfs(fd, &sf) < 0 || sf.f_type != CGROUP2_SUPER_MAGIC) {
		closep(&fd);
		return -ENOENT;
	}
	if (mnt)
		snprintf(mnt, mnt_len, "%s", path);
	return fd;
}

int cgroup2_open_path(int root, const char *path)
{
	while (*path == '/')
		path++;
	return openat2_resolve(root, *path ? path : ".", O_RDONLY | O_DIRECTORY,
			       RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV);
}

int cgroup2_is_root(int root, int dir)
{
	struct stat a, b;

	if (fstat(root, &a) < 0 || fstat(dir, &b) < 0)
		return -errno;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* The path of the one "0::" line; -EBADMSG for none or two. */
static int v2_line(const char *text, char *path, size_t len)
{
	const char *found = NULL;
	size_t n = 0;

	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n');

		if (!strncmp(p, "0::", 3)) {
			if (found)
				return -EBADMSG;
			found = p + 3;
			n = (size_t)(nl - found);
		}
		p = *nl ? nl + 1 : nl;
	}
	if (!found || n == 0 || found[0] != '/')
		return -EBADMSG;
	if (n >= len)
		return -ENAMETOOLONG;
	memcpy(path, found, n);
	path[n] = '\0';
	return 0;
}

int cgroup2_open_of(int root, const struct pidref *p, struct cgroup_view *v, char *path, size_t path_len,
		    char **text_out)
{
	const char *ours;
	int r = cgroup_view_ours(v, &ours);

	if (r < 0)
		return r;
	for (int tries = 0; tries < 3; tries++) {
		_cleanup_free_ char *text = NULL;
		_cleanup_close_ int dir = -1;
		char line[CGROUP2_PATH_MAX + 4];
		int n;

		r = pidref_read_proc(p, "cgroup", 64 * 1024, &text);
		if (r < 0)
			return r;
		/* A cgroup name with a newline forges lines: then no line is
		 * proof of anything (cgroup_member_check()). */
		r = cgroup_text_matches_hierarchies(text, ours);
		if (r < 0)
			return r;
		r = v2_line(text, path, path_len);
		if (r < 0)
			return r;
		dir = cgroup2_open_path(root, path);
		if (dir == -ENOENT)
			continue;   /* moved, and the old one removed */
		if (dir < 0)
			return dir;
		n = snprintf(line, sizeof(line), "0::%s", path);
		if (n < 0 || (size_t)n >= sizeof(line))
			return -ENAMETOOLONG;
		r = cgroup_member_check(p, dir, line, (size_t)n);
		if (r < 0)
			return r;
		if (r == 1) {
			if (pidfd_check_alive(p->fd) < 0)
				return -ESRCH;
			if (text_out)
				*text_out = TAKE_PTR(text);
			return TAKE_FD(dir);
		}
	}
	return -ESTALE;
}
