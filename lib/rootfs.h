/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

/*
 * Files of the container a helper serves. With UPCALL_ROOT_FD (the broker's
 * exec=host mode, doc/abi.md) the helper runs the host's binary in the
 * host's mount namespace, so every container path is resolved under that
 * fd with RESOLVE_IN_ROOT: absolute symlinks and ".." stay inside the
 * container. Without it the helper already runs inside the container and
 * opens plain paths.
 */
int rootfs_open(const char *path, int flags);
/*
 * Read a whole (small) regular file; -EINVAL for anything else, -EFBIG
 * beyond @max bytes. *out is NUL-terminated.
 */
int rootfs_read(const char *path, size_t max, char **out);
/*
 * The root fd in use; -1 without UPCALL_ROOT_FD (the helper runs inside the
 * container), -EBADF when it is set but unusable: the helper must fail then,
 * never read the host's files in the container's stead.
 */
int rootfs_fd(void);
