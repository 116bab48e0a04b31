/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every registered cgroup of the host's v2 hierarchy, for `status`. The
 * tree may be large and containers grow it inside their delegated
 * subtrees, so the walk is bounded in depth and in directories visited,
 * and says when it stopped early.
 */
#pragma once

#include <stdbool.h>

#include "reg_value.h"

#define REGISTRY_SCAN_MAX_DEPTH 32
#define REGISTRY_SCAN_MAX_DIRS 100000

struct registry_scan {
	unsigned dirs;        /* cgroups looked at */
	bool truncated;       /* a bound was hit: the list may be incomplete */
};

/* Called for each registered cgroup (path is host view, under the mount). */
typedef void (*registry_found_fn)(const char *path, enum reg_policy p, const char *raw, void *data);

/* Walk the hierarchy under @root (cgroup2_root_open()); 0 or -errno. */
int registry_scan(int root, struct registry_scan *s, registry_found_fn found, void *data);
