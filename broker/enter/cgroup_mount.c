// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "cgroup_mount.h"
#include "cleanup.h"
#include "file_read.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif
#ifndef CGROUP_SUPER_MAGIC
#define CGROUP_SUPER_MAGIC 0x27e0eb
#endif

/* mountinfo is host text, but a big one is still refused rather than cut. */
#define MOUNTINFO_MAX (16 * 1024 * 1024)

/* The next space-separated field of [*p, end): its start and length. */
static bool field(const char **p, const char *end, const char **start, size_t *len)
{
	const char *s = *p, *e;

	if (s >= end)
		return false;
	e = memchr(s, ' ', (size_t)(end - s));
	if (!e)
		e = end;
	*start = s;
	*len = (size_t)(e - s);
	*p = e < end ? e + 1 : end;
	return *len > 0;
}

/* show_mountinfo() escapes ' ', '\t', '\n' and '\\' as "\ooo". */
static int unescape(const char *s, size_t len, char *out, size_t size)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '\\') {
			if (len - i < 4 || s[i + 1] < '0' || s[i + 1] > '3' || s[i + 2] < '0' || s[i + 2] > '7' ||
			    s[i + 3] < '0' || s[i + 3] > '7')
				return -EBADMSG;
			c = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
			i += 3;
		}
		if (c == '\0' || o + 1 >= size)
			return c ? -ENAMETOOLONG : -EBADMSG;
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

/* Is @opt (of @len) one of the comma-separated @opts (of @n)? */
static bool has_option(const char *opts, size_t n, const char *opt, size_t len)
{
	for (const char *p = opts, *end = opts + n; p < end;) {
		const char *c = memchr(p, ',', (size_t)(end - p));

		if (!c)
			c = end;
		if ((size_t)(c - p) == len && !memcmp(p, opt, len))
			return true;
		p = c + 1;
	}
	return false;
}

/* Every controller of @controllers among the super options @opts? */
static bool has_all(const char *opts, size_t n, const char *controllers)
{
	for (const char *p = controllers; *p;) {
		const char *c = strchrnul(p, ',');

		if (c == p || !has_option(opts, n, p, (size_t)(c - p)))
			return false;
		p = *c ? c + 1 : c;
	}
	return true;
}

/* One line: 1 and the mount point if it is the hierarchy's root, 0 if not. */
static int parse_line(const char *p, const char *end, const char *controllers, char *out, size_t size)
{
	const char *f[5], *s, *opts;
	size_t n[5], len, nopts;
	bool v2 = controllers[0] == '\0';

	/* mount ID, parent ID, major:minor, root, mount point */
	for (int i = 0; i < 5; i++)
		if (!field(&p, end, &f[i], &n[i]))
			return -EBADMSG;
	/* mount options, then optional fields up to the lone "-" */
	do {
		if (!field(&p, end, &s, &len))
			return -EBADMSG;
	} while (!(len == 1 && s[0] == '-'));
	/* filesystem type, source, super options */
	if (!field(&p, end, &s, &len))
		return -EBADMSG;
	if (n[3] != 1 || f[3][0] != '/')
		return 0;
	if (v2 ? len != 7 || memcmp(s, "cgroup2", 7) : len != 6 || memcmp(s, "cgroup", 6))
		return 0;
	if (!v2) {
		if (!field(&p, end, &s, &len) || !field(&p, end, &opts, &nopts))
			return -EBADMSG;
		if (!has_all(opts, nopts, controllers))
			return 0;
	}
	return unescape(f[4], n[4], out, size) < 0 ? -EBADMSG : 1;
}

int cgroup_mount_parse(const char *mountinfo, const char *controllers, char *out, size_t size)
{
	for (const char *line = mountinfo; *line;) {
		const char *nl = strchrnul(line, '\n');
		int r = parse_line(line, nl, controllers, out, size);

		if (r != 0)
			return r < 0 ? r : 0;
		line = *nl ? nl + 1 : nl;
	}
	return -ENOENT;
}

int cgroup_mount_read(char **text)
{
	return file_read_at(AT_FDCWD, "/proc/self/mountinfo", MOUNTINFO_MAX, text);
}

int cgroup_mount_open(const char *mountinfo, const char *controllers)
{
	char path[4096];
	struct statfs sf;
	int r;

	r = cgroup_mount_parse(mountinfo, controllers, path, sizeof(path));
	if (r < 0)
		return r;
	_cleanup_close_ int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* Something may have been mounted over it since. */
	if (fstatfs(fd, &sf) < 0)
		return -errno;
	if (sf.f_type != (controllers[0] ? CGROUP_SUPER_MAGIC : CGROUP2_SUPER_MAGIC))
		return -ENOENT;
	return TAKE_FD(fd);
}
