// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "file_read.h"
#include "openat2.h"
#include "parse.h"
#include "rootfs.h"

int rootfs_fd(void)
{
	const char *v = getenv("UPCALL_ROOT_FD");

	/* Read on every open, not taken: the variable is the helper's mode. */
	return v ? parse_fd(v) : -1;
}

int rootfs_open(const char *path, int flags)
{
	int root = rootfs_fd(), fd;

	/* openat2() rejects flags that O_PATH ignores, O_NOCTTY among them. */
	if (!(flags & O_PATH))
		flags |= O_NOCTTY;

	/*
	 * A broken exec=host hand-over must not fall back to plain paths:
	 * unconfined opens of the container's files, or the host's own files
	 * when the variable was set outside the broker.
	 */
	if (root == -EBADF)
		return root;
	if (root < 0) {
		fd = open(path, flags | O_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
	return openat2_resolve(root, path, flags, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
}

int rootfs_read(const char *path, size_t max, char **out)
{
	/*
	 * The container owns these files: a FIFO (or a device) in place of
	 * /etc/passwd would block the helper until the broker's timeout.
	 */
	_cleanup_close_ int fd = rootfs_open(path, O_RDONLY | O_NONBLOCK);
	struct stat st;

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	return file_read_fd(fd, max, out);
}
