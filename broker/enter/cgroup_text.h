/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * 0 if @theirs (a /proc/<pid>/cgroup text) lists exactly the hierarchies of
 * @ours (our own), one line each, in the same order; -EBADMSG if not, e.g.
 * because a cgroup name holds a newline.
 */
int cgroup_text_matches_hierarchies(const char *theirs, const char *ours);
