/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

/*
 * The storage directory as a path sqlite can open: inside the container
 * (no UPCALL_ROOT_FD) the path itself, created 0700 if missing.
 * -EOPNOTSUPP in exec=host mode (UPCALL_ROOT_FD): sqlite resolves symbolic
 * links in its path by itself, so a container directory cannot be handed
 * to it safely from the host's mount namespace (see storage.c).
 */
int storage_dir(const char *dir, char *out, size_t len, int *fd);
/* An O_PATH handle on a container path (@flags: O_DIRECTORY, O_NOFOLLOW). */
int storage_open_path(const char *path, int flags);
