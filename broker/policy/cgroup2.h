/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host's cgroup v2 hierarchy, opened from the host's side only: its
 * mount point from our own mount table (never a path a container named),
 * and cgroups under it through openat2(RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS|
 * RESOLVE_NO_XDEV). A container can create, rename and remove cgroups in a
 * subtree delegated to it, so names it made are data, never trusted paths.
 */
#pragma once

#include <stddef.h>

#include "cgroup_view.h"
#include "pidref.h"

#define CGROUP2_PATH_MAX 1024

/*
 * The root of the host's cgroup2 mount (O_RDONLY|O_DIRECTORY; one whose
 * mount root is the hierarchy's root, i.e. not mounted from inside a
 * cgroup namespace). @mnt (may be NULL) gets the mount point.
 * -ENOENT: no cgroup v2 mounted (a v1-only host: nothing can be registered).
 */
int cgroup2_root_open(char *mnt, size_t mnt_len);
/* The same through @v, what this upcall already knows (cgroup_view.h). */
int cgroup2_root_open_in(struct cgroup_view *v, char *mnt, size_t mnt_len);
/* @path ("/a/b", host view) beneath @root, O_RDONLY|O_DIRECTORY. */
int cgroup2_open_path(int root, const char *path);
/*
 * The cgroup v2 directory of the pinned process @p, proven to hold it
 * (cgroup_member_check(); a text with a forged line, from a cgroup name
 * holding a newline, is refused with -EBADMSG), retried when it moves meanwhile
 * (-ESTALE after three tries). @path gets its host-view path. @v gives
 * our own /proc/self/cgroup (cgroup_view_ours()). @text (may be NULL)
 * takes the text of @p's that named the directory.
 */
int cgroup2_open_of(int root, const struct pidref *p, struct cgroup_view *v, char *path, size_t path_len,
		    char **text);
/* 1 if @dir is @root itself, 0 if not, -errno. */
int cgroup2_is_root(int root, int dir);
