// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "host_overlay.h"

#define LAYER_PARENT "/run/upcall-broker"
#define LAYER_DIR LAYER_PARENT "/exec-host-layer"

/*
 * A directory only root can change: overlayfs takes the layer by name, so
 * whoever could swap it could put a file of theirs under the program's name
 * (the program's own layer is on top and the result is checked, but a
 * directory others write to is refused outright).
 */
static int root_only_dir(int dirfd, const char *name)
{
	const int flags = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	_cleanup_close_ int fd = openat(dirfd, name, flags);
	struct stat st;

	/* Made once, by the first upcall after boot (/run is a tmpfs). */
	if (fd < 0 && errno == ENOENT) {
		if (mkdirat(dirfd, name, 0755) < 0 && errno != EEXIST)
			return -errno;
		fd = openat(dirfd, name, flags);
	}
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (st.st_uid != 0 || (st.st_mode & 022))
		return -EPERM;
	return TAKE_FD(fd);
}

/*
 * The shipped SELinux and AppArmor policies grant exec=host the memfd (a
 * tmpfs file, "/memfd:*"); an overlayfs superblock of ours and its file
 * named by a detached path are not in them, and a denial would come only
 * at the helper's exec, inside the container, too late to fall back.
 * Under any LSM label but AppArmor's "unconfined" the copy is used.
 */
static bool lsm_confined(void)
{
	_cleanup_close_ int fd = open("/proc/thread-self/attr/current", O_RDONLY | O_CLOEXEC);
	char label[64];
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, label, sizeof(label));
	/* EINVAL: no LSM here that keeps a task label. */
	if (n <= 0)
		return false;
	return !(n >= 10 && !memcmp(label, "unconfined", 10) && (n == 10 || label[10] == '\n'));
}

static int layer_dir(void)
{
	_cleanup_close_ int parent = root_only_dir(AT_FDCWD, LAYER_PARENT);
	_cleanup_close_ int layer = -1;

	if (parent < 0)
		return parent;
	layer = root_only_dir(parent, strrchr(LAYER_DIR, '/') + 1);
	return layer < 0 ? layer : 0;
}

/*
 * overlayfs refuses a lower layer inside another, and says so in the
 * kernel's log each time: a program whose directory holds our layer (/,
 * /run, ...) would put a line there for every upcall a container makes.
 * -ELOOP if @dir is the layer or one of its ancestors (by inode, so a
 * symlinked spelling counts too).
 */
static int holds_layer(const char *dir)
{
	char up[sizeof(LAYER_DIR)] = LAYER_DIR;
	struct stat d, a;

	if (stat(dir, &d) < 0)
		return -errno;
	for (;;) {
		char *slash = strrchr(up, '/');

		if (stat(up[0] ? up : "/", &a) == 0 && a.st_dev == d.st_dev && a.st_ino == d.st_ino)
			return -ELOOP;
		if (!slash || !up[0])
			return 0;
		*slash = '\0';
	}
}

int host_overlay_open(const char *path, const struct stat *st)
{
	_cleanup_close_ int ctx = -1, mnt = -1, fd = -1;
	char dir[PATH_MAX], lower[PATH_MAX + sizeof(LAYER_DIR) + 1];
	const char *slash = strrchr(path, '/');
	struct stat ost;
	int r;

	/* overlayfs splits lowerdir at ':' (and old kernels' option strings
	 * at ','); such a path gets the copy instead. */
	if (path[0] != '/' || !slash || !slash[1] || strpbrk(path, ":,\\"))
		return -EINVAL;
	/*
	 * The helper must not be able to read the file it runs from: exec of
	 * a file its credentials cannot read leaves its memory non-dumpable,
	 * owned by the host's user namespace (would_dump()), so container root
	 * cannot open its /proc/<pid>/exe, maps or mem at all. A file it could
	 * read would hand the container a handle on the host's page cache of
	 * the program, which the copy never did. Host root's file, read by
	 * root alone (the shipped helpers are 0711); any other gets the copy.
	 */
	if (st->st_uid != 0 || (st->st_mode & (S_IRGRP | S_IROTH)))
		return -EACCES;
	if (lsm_confined())
		return -EACCES;
	r = layer_dir();
	if (r < 0)
		return r;
	r = snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	if (r >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	r = holds_layer(dir);
	if (r < 0)
		return r;
	snprintf(lower, sizeof(lower), "%s:%s", dir, LAYER_DIR);

	ctx = fsopen("overlay", FSOPEN_CLOEXEC);
	if (ctx < 0)
		return -errno;
	if (fsconfig(ctx, FSCONFIG_SET_STRING, "lowerdir", lower, 0) < 0)
		return -errno;
	/* Not needed, and auto-enabled it logs to the kernel's ring buffer. */
	(void)fsconfig(ctx, FSCONFIG_SET_STRING, "xino", "off", 0);
	if (fsconfig(ctx, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return -errno;
	mnt = fsmount(ctx, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
	if (mnt < 0)
		return -errno;
	fd = openat(mnt, slash + 1, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/*
	 * The file must be the one the caller opened and checked: with xino
	 * off overlayfs reports a lower file's own inode number. A program
	 * replaced in between fails here and is not run.
	 */
	if (fstat(fd, &ost) < 0)
		return -errno;
	if (!S_ISREG(ost.st_mode) || ost.st_ino != st->st_ino || ost.st_size != st->st_size ||
	    ost.st_mtim.tv_sec != st->st_mtim.tv_sec || ost.st_mtim.tv_nsec != st->st_mtim.tv_nsec)
		return -ESTALE;
	return TAKE_FD(fd);
}
