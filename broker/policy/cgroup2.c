// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>

#include "cgroup2.h"
#include "cleanup.h"
#include "libmount_lazy.h"
#include "openat2.h"
#include "pidfd.h"

int cgroup2_root_open(char *mnt, size_t mnt_len)
{
	struct libmount_api api;
	struct libmnt_table *tb;
	struct libmnt_iter *it;
	struct libmnt_fs *fs;
	struct statfs sf;
	int fd = -ENOENT, r;

	r = libmount_load(&api);
	if (r < 0)
		return r;
	tb = api.new_table_from_file("/proc/self/mountinfo");
	if (!tb)
		return errno ? -errno : -EIO;
	it = api.new_iter(MNT_ITER_FORWARD);
	if (!it) {
		api.unref_table(tb);
		return -ENOMEM;
	}
	while (api.table_next_fs(tb, it, &fs) == 0) {
		const char *type = api.fs_get_fstype(fs), *root = api.fs_get_root(fs);
		const char *target = api.fs_get_target(fs);

		if (!type || !root || !target || strcmp(type, "cgroup2") || strcmp(root, "/"))
			continue;
		fd = open(target, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		fd = fd < 0 ? -errno : fd;
		if (fd >= 0 && mnt)
			snprintf(mnt, mnt_len, "%s", target);
		break;
	}
	api.free_iter(it);
	api.unref_table(tb);
	/* Over-mounted since the table was read? The fd must be cgroup2's. */
	if (fd >= 0 && (fstatfs(fd, &sf) < 0 || sf.f_type != CGROUP2_SUPER_MAGIC)) {
		closep(&fd);
		return -ENOENT;
	}
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
		r = dir_holds(dir, p->pid);
		if (r < 0)
			return r;
		if (r == 1)
			return pidfd_check_alive(p->fd) < 0 ? -ESRCH : TAKE_FD(dir);
	}
	return -ESTALE;
}
