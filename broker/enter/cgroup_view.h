/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What one upcall has read about cgroups, read once and shared by the
 * policy step (broker/policy/registration.h) and the exec path
 * (exec_target.h) instead of each reading it again:
 * - our own /proc/self/mountinfo and /proc/self/cgroup: host text about
 *   the broker itself, which no container can change (it cannot mount in
 *   our mount namespace nor move a host process), so a second read within
 *   the same upcall could only say the same;
 * - the container init's cgroup v2 directory as the policy step opened it,
 *   and the /proc/<pid>/cgroup text that named it. Whoever uses them
 *   proves again, after the open, that the init is in that directory (the
 *   kernel's cgroup id, or a text read after the open): an open made
 *   earlier is still an open made before the proof.
 */
#pragma once

#include "pidref.h"

struct cgroup_view {
	char *mountinfo;           /* NULL until read */
	char *ours;                /* NULL until read */
	const struct pidref *init; /* whose the two below are (borrowed); NULL: none */
	char *init_text;           /* its /proc/<pid>/cgroup text */
	int init_v2;               /* its cgroup v2 directory (O_RDONLY|O_DIRECTORY), or -1 */
};

#define CGROUP_VIEW_NULL ((struct cgroup_view){ .init_v2 = -1 })

/* Our /proc/self/mountinfo, read on first use; *@text stays @v's. */
int cgroup_view_mountinfo(struct cgroup_view *v, const char **text);
/*
 * Where the host mounted the hierarchy @controllers (cgroup_mount.h):
 * proven at its conventional place, else from our mountinfo, read once.
 * The mount point into @out (of @size); -ENOENT if it is not mounted.
 */
int cgroup_view_mount(struct cgroup_view *v, const char *controllers, char *out, size_t size);
/* Our /proc/self/cgroup, likewise. */
int cgroup_view_ours(struct cgroup_view *v, const char **text);
/* Keep (take) @init's cgroup v2 directory @dir and the @text that named it. */
void cgroup_view_keep_init(struct cgroup_view *v, const struct pidref *init, int dir, char *text);
void cgroup_view_release(struct cgroup_view *v);
