// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../broker/cleanup.h"
#include "../common/rootfs.h"
#include "storage.h"

/*
 * rootfs_open() adds O_NOCTTY, which openat2() refuses together with
 * O_PATH: directory handles are opened here, under the same resolve rules.
 */
int storage_open_path(const char *path, int flags)
{
	int root = rootfs_fd(), fd;

	flags |= O_PATH | O_CLOEXEC;
	if (root < 0) {
		fd = open(path, flags);
		return fd < 0 ? -errno : fd;
	}
	struct open_how how = {
		.flags = (uint64_t)flags,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	fd = (int)syscall(SYS_openat2, root, path, &how, sizeof(how));
	return fd < 0 ? -errno : fd;
}

int storage_dir(const char *dir, char *out, size_t len, int *fd)
{
	int n;

	*fd = -1;
	if (dir[0] != '/')
		return -EINVAL;
	if (rootfs_fd() < 0) {
		struct stat st;

		if (mkdir(dir, S_IRWXU) < 0 && errno != EEXIST)
			return -errno;
		if (stat(dir, &st) < 0)
			return -errno;
		if (!S_ISDIR(st.st_mode))
			return -ENOTDIR;
		n = snprintf(out, len, "%s", dir);
	} else {
		/*
		 * exec=host: sqlite resolves symbolic links in the path it is
		 * given (readlink() of /proc/self/fd/N yields a path that means
		 * something else in the host's mount namespace), so no path can
		 * safely name a container directory here. Refuse: nfsdcltrack
		 * runs in the container ([container] context, umh front).
		 */
		return -EOPNOTSUPP;
	}
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}
