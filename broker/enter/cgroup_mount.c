// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup_mount.h"
#include "cleanup.h"
#include "file_read.h"

/* statmount(2) (6.8; mnt_opts 6.11), not in Debian 12's headers. */
#ifndef SYS_statmount
#define SYS_statmount 457
#endif
#ifndef STATX_MNT_ID_UNIQUE
#define STATX_MNT_ID_UNIQUE 0x00004000U
#endif
#define STATMOUNT_MNT_OPTS 0x00000080U
struct mnt_id_req {
	uint32_t size;
	uint32_t spare;
	uint64_t mnt_id;
	uint64_t param;
};
/* The head of the kernel's struct statmount, up to the strings. */
struct statmount_v1 {
	uint32_t size;
	uint32_t mnt_opts;
	uint64_t mask;
	uint32_t sb_dev_major, sb_dev_minor;
	uint64_t sb_magic;
	uint32_t sb_flags, fs_type;
	uint64_t mnt_id, mnt_parent_id;
	uint32_t mnt_id_old, mnt_parent_id_old;
	uint64_t mnt_attr, mnt_propagation, mnt_peer_group, mnt_master, propagate_from;
	uint32_t mnt_root, mnt_point;
	uint64_t mnt_ns_id;
	uint64_t spare2[49];
	char str[];
};

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

/* The superblock options of @fd's mount, as mountinfo's last field has them. */
static int sb_options(int fd, char *out, size_t size)
{
	union {
		struct statmount_v1 sm;
		char buf[4096];
	} u;
	struct mnt_id_req req = { .size = sizeof(req) };
	struct statx stx;

	if (statx(fd, "", AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_MNT_ID_UNIQUE, &stx) < 0)
		return -errno;
	if (!(stx.stx_mask & STATX_MNT_ID_UNIQUE))
		return -EOPNOTSUPP;
	req.mnt_id = stx.stx_mnt_id;
	req.param = STATMOUNT_MNT_OPTS;
	if (syscall(SYS_statmount, &req, &u.sm, sizeof(u), 0) < 0)
		return -errno;
	if (!(u.sm.mask & STATMOUNT_MNT_OPTS) || u.sm.size > sizeof(u) ||
	    u.sm.mnt_opts >= u.sm.size - offsetof(struct statmount_v1, str))
		return -EOPNOTSUPP;
	const char *opts = u.sm.str + u.sm.mnt_opts;
	size_t n = strnlen(opts, u.sm.size - offsetof(struct statmount_v1, str) - u.sm.mnt_opts);

	if (n + 1 > size)
		return -ENAMETOOLONG;
	memcpy(out, opts, n);
	out[n] = '\0';
	return 0;
}

/* Is the hierarchy @controllers mounted at @path, as a whole? */
static bool proven_at(const char *path, const char *controllers)
{
	_cleanup_close_ int fd = open(path, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	bool v2 = controllers[0] == '\0';
	char opts[1024];
	struct statfs sf;
	struct stat st;

	if (fd < 0 || fstatfs(fd, &sf) < 0 || sf.f_type != (v2 ? CGROUP2_SUPER_MAGIC : CGROUP_SUPER_MAGIC))
		return false;
	if (fstat(fd, &st) < 0 || st.st_ino != 1)
		return false;
	/* One v2 hierarchy; v1 ones differ by their controllers only. */
	return v2 || (sb_options(fd, opts, sizeof(opts)) == 0 && has_all(opts, strlen(opts), controllers));
}

int cgroup_mount_probe(const char *controllers, char *out, size_t size)
{
	static const char *const v2_places[] = { "/sys/fs/cgroup", "/sys/fs/cgroup/unified" };
	char path[256];

	if (!controllers[0]) {
		for (size_t i = 0; i < sizeof(v2_places) / sizeof(v2_places[0]); i++)
			if (proven_at(v2_places[i], ""))
				return snprintf(out, size, "%s", v2_places[i]) < (int)size ? 0 : -ENAMETOOLONG;
		return -ENOENT;
	}
	/* systemd's layout: the controllers as the kernel lists them, a named
	 * hierarchy by its name; never a "/" or a dot-only component. */
	const char *name = strncmp(controllers, "name=", 5) ? controllers : controllers + 5;

	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return -ENOENT;
	if (snprintf(path, sizeof(path), "/sys/fs/cgroup/%s", name) >= (int)sizeof(path) ||
	    !proven_at(path, controllers))
		return -ENOENT;
	return snprintf(out, size, "%s", path) < (int)size ? 0 : -ENAMETOOLONG;
}

int cgroup_mount_open(const char *path, const char *controllers)
{
	struct statfs sf;

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
