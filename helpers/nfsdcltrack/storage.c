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
	 * exec=host (UPCALL_ROOT_FD set): refused. sqlite opens its database
	 * by path and resolves symbolic links itself, so it cannot be confined
	 * to the root fd with RESOLVE_IN_ROOT as lib/rootfs.c confines our own
	 * opens. The refusal dates from when exec=host helpers ran in the
	 * host's mount namespace, where no path could name the container's
	 * directory; they now run chrooted in the container's mount namespace
	 * (broker/enter/spawn.c), where a plain path means what it means in
	 * [container] context, so the refusal is kept only until it is
	 * revisited. It is not reached through the broker today: the
	 * nfsdcltrack binary is linked dynamically (Makefile, sqlite3), and
	 * exec=host runs only static executables (broker/enter/host_program.c).
	 * Run the container's own copy with a [container] umh.conf rule.
	 */
	if (rootfs_fd() != -1)
		return -EOPNOTSUPP;
	if (mkdir(dir, S_IRWXU) < 0 && errno != EEXIST)
		return -errno;
	if (stat(dir, &st) < 0)
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}
