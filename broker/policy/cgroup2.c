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
#include "cleanup.h"
#include "cgroup_mount.h"
#include "file_read.h"
#include "openat2.h"
#include "pidfd.h"

int cgroup2_root_open(char *mnt, size_t mnt_len)
{
	_cleanup_free_ char *text = NULL;
	char path[PATH_MAX];
	struct statfs sf;
	int fd, r;

	/* The same one-line parse the exec path uses (cgroup_mount.h): no
	 * libmount in the broker. */
	r = file_read_at(AT_FDCWD, "/proc/self/mountinfo", 16 << 20, &text);
	if (r < 0)
		return r;
	r = cgroup_mount_parse(text, "", path, sizeof(path));
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

/* Does @dir's cgroup.procs list @pid? Streamed: a cgroup may hold many. */
static int dir_holds(int dir, pid_t pid)
{
	_cleanup_close_ int fd = openat(dir, "cgroup.procs", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	_cleanup_fclose_ FILE *f = NULL;
	_cleanup_free_ char *line = NULL;
	size_t cap = 0;
	char want[16];

	if (fd < 0)
		return -errno;
	f = fdopen(fd, "r");
	if (!f)
		return -errno;
	fd = -1;
	snprintf(want, sizeof(want), "%d\n", pid);
	while (getline(&line, &cap, f) > 0)
		if (!strcmp(line, want))
			return 1;
	return 0;
}

/*
 * 1 if @dir is @p's cgroup, 0 if not (moved), -errno. On kernels that
 * report a pidfd's cgroup id (>= 6.13) that id against @dir's inode: O(1),
 * where cgroup.procs grows with the cgroup (bench/README.md, 5000
 * members doubled an upcall's cost). Older kernels: cgroup.procs.
 */
static int dir_is_cgroup_of(int dir, const struct pidref *p)
{
	struct stat st;
	uint64_t id;
	int r = sizeof(ino_t) < sizeof(uint64_t) ? -EOPNOTSUPP : pidfd_get_cgroup_id(p->fd, &id);

	if (r == -EOPNOTSUPP)
		return dir_holds(dir, p->pid);
	if (r < 0)
		return r;
	if (fstat(dir, &st) < 0)
		return -errno;
	return (uint64_t)st.st_ino == id;
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

int cgroup2_open_of(int root, const struct pidref *p, char *path, size_t path_len)
{
	for (int tries = 0; tries < 3; tries++) {
		_cleanup_free_ char *text = NULL;
		_cleanup_close_ int dir = -1;
		int r = pidref_read_proc(p, "cgroup", 64 * 1024, &text);

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
		r = dir_is_cgroup_of(dir, p);
		if (r < 0)
			return r;
		if (r == 1)
			return pidfd_check_alive(p->fd) < 0 ? -ESRCH : TAKE_FD(dir);
	}
	return -ESTALE;
}
