// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <sys/stat.h>

#include "rootfs.h"
#include "storage.h"

int storage_dir(const char *dir)
{
	struct stat st;

	if (dir[0] != '/')
		return -EINVAL;
	/*
	 * exec=host: sqlite resolves symbolic links in the path it is given
	 * (readlink() of /proc/self/fd/N yields a path that means something
	 * else in the host's mount namespace), so no path can safely name a
	 * container directory here. Refuse: nfsdcltrack runs in the container
	 * ([container] context, umh front).
	 */
	if (rootfs_fd() != -1)
		return -EOPNOTSUPP;
	if (mkdir(dir, S_IRWXU) < 0 && errno != EEXIST)
		return -errno;
	if (stat(dir, &st) < 0)
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}
