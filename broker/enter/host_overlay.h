/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <sys/stat.h>

/*
 * exec=host without a copy: @path (already opened and checked by the
 * caller, @st its fstat) through a private overlayfs mount that has only
 * lower layers: the program's directory on top of an empty one of ours.
 * Such a superblock is read-only itself and nobody but the kernel holds a
 * mount of the layers under it: a container that reached the file through
 * /proc/<pid>/exe could neither write it nor make it writable. It cannot
 * reach it at all: the program must be host root's and unreadable to
 * others (mode 0711), so the helper runs non-dumpable (-EACCES otherwise).
 * A read-only bind mount would not do: mount_setattr() lets the root of any mount
 * namespace clear MOUNT_ATTR_RDONLY on a detached mount it can name, and
 * /proc/<pid>/exe names it (tests/integration/attack/exe_unwrap.py).
 * Returns an O_PATH fd (CLOEXEC) to execveat() or -errno; the caller then
 * falls back to the copy.
 */
int host_overlay_open(const char *path, const struct stat *st);
