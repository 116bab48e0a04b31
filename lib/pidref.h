/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A process as a pid (for /proc paths and logs, in our pid namespace) and
 * the pidfd that proves the pid still names it. Functions that take a
 * `struct pidref *` to keep it say so ("take"); all others borrow it.
 */
#pragma once

#include <stdbool.h>
#include <sys/types.h>
#include <unistd.h>

struct pidref {
	pid_t pid;
	int fd;      /* pidfd, or -1: no process (the host context) */
};

#define PIDREF_NULL ((struct pidref){ .pid = 0, .fd = -1 })

static inline bool pidref_is_set(const struct pidref *p)
{
	return p->fd >= 0;
}

static inline void pidref_done(struct pidref *p)
{
	if (p->fd >= 0)
		close(p->fd);
	*p = PIDREF_NULL;
}

/* Hand the reference to a new owner; @p is left empty. */
static inline struct pidref pidref_take(struct pidref *p)
{
	struct pidref t = *p;

	*p = PIDREF_NULL;
	return t;
}
