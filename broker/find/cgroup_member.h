/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "pidref.h"

/* Is "<id>:<controllers>:<path>" (@len bytes, no newline) a line of @text? */
bool cgroup_text_has_line(const char *text, const char *line, size_t len);

/*
 * Is the pinned process @p in the cgroup @dir, which was opened by the
 * path of @line, its own /proc/<pid>/cgroup line for that hierarchy? 1 yes,
 * 0 no (it moved: worth a retry), -errno. The one proof for every caller
 * (the policy step's registration walk and the exec path's cgroup joins);
 * neither reads cgroup.procs, whose size is the cgroup's (5000 members
 * made it the biggest cost of an upcall, bench/README.md):
 * - cgroup v2 on >= 6.13: the kernel's id of @p's cgroup (PIDFD_GET_INFO)
 *   is @dir's inode number (kernfs_ino(), a 64-bit ino_t): one ioctl and
 *   one fstat, and a name the container chose plays no part.
 * - otherwise (v1 hierarchies, older kernels): @line is still one of @p's
 *   lines after @dir was opened. The caller must have refused texts with a
 *   forged line (a cgroup name with a newline) before: then the path is the
 *   kernel's, @dir bore it at the open and @p was in the cgroup of that
 *   path afterwards. Only the owner of the parent directory can rename
 *   cgroups in between, and whatever it can swap in is a cgroup it could
 *   move the process to itself.
 */
int cgroup_member_check(const struct pidref *p, int dir, const char *line, size_t len);

/* One hierarchy's cgroup to prove: @dir opened by the path of @line. */
struct cgroup_member {
	int dir;
	const char *line;
	size_t len;
};

/*
 * cgroup_member_check() for @n cgroups at once, all opened before this
 * call: one text read serves every line the cgroup id cannot prove, since
 * a text read after the last open is read after each of them. @proc_dir:
 * @p's pidref_open_dir() fd, or -1 to open /proc/<pid>/cgroup proven by
 * the pidfd. 1 if @p is in every one, 0 if not (one moved), -errno.
 */
int cgroup_member_check_all(const struct pidref *p, int proc_dir, const struct cgroup_member *m, size_t n);
