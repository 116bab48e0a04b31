/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

/*
 * Files of the container a helper serves. With UPCALL_ROOT_FD (the broker's
 * exec=host mode, doc/abi.md) the helper is the host's binary, run from a
 * sealed memfd inside the container's mount namespace and root
 * (broker/enter/spawn.c); the fd is that root as the container sees it.
 * Container paths are still resolved under it with RESOLVE_IN_ROOT |
 * RESOLVE_NO_MAGICLINKS, because the helper is host code reading files the
 * container controls: absolute symlinks and ".." stay inside the container
 * and /proc magic links (another process's root, cwd or fds) are refused.
 * Without it the helper is the container's own copy, run inside the
 * container, and opens plain paths as the program it replaces would.
 */
int rootfs_open(const char *path, int flags);
/*
 * Read a whole (small) regular file; -EINVAL for anything else, -EFBIG
 * beyond @max bytes. *out is NUL-terminated.
 */
int rootfs_read(const char *path, size_t max, char **out);
/*
 * The root fd in use; -1 without UPCALL_ROOT_FD (the helper runs inside the
 * container), -EBADF when it is set but unusable (not a number from 3 to
 * 1024): the helper must fail then, never fall back to plain paths.
 */
int rootfs_fd(void);
