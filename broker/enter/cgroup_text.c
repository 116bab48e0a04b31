// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "cgroup_text.h"

/* The "<id>:<controllers>:" prefix of a /proc/<pid>/cgroup line, or 0. */
static size_t cgroup_line_prefix(const char *line, size_t len)
{
	const char *c1 = memchr(line, ':', len), *c2;

	if (!c1 || !(c2 = memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - line))))
		return 0;
	return (size_t)(c2 + 1 - line);
}

/*
 * The kernel prints one line per hierarchy, in the same order for every
 * task, but a cgroup's name may hold a newline (and a delegated container
 * names its own cgroups): the target's text must have exactly our lines'
 * "<id>:<controllers>:" prefixes, one each, in order, or a path is not
 * what it seems and nothing in it is used.
 */
int cgroup_text_matches_hierarchies(const char *theirs, const char *ours)
{
	const char *a = theirs, *b = ours;

	while (*a && *b) {
		const char *na = strchrnul(a, '\n'), *nb = strchrnul(b, '\n');
		size_t pa = cgroup_line_prefix(a, (size_t)(na - a));
		size_t pb = cgroup_line_prefix(b, (size_t)(nb - b));

		if (!pa || pa != pb || memcmp(a, b, pa))
			return -EBADMSG;
		a = *na ? na + 1 : na;
		b = *nb ? nb + 1 : nb;
	}
	return *a || *b ? -EBADMSG : 0;
}
