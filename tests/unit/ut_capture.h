/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A capture of ub_log()'s stderr copy, so that tests can check what was
 * logged; lib/ only, for the broker's and the helpers' tests alike.
 */
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "log.h"

/* stderr into a memfd while a capture is open. */
struct ut_capture {
	int saved;
	int fd;
};

static inline void ut_capture_begin(struct ut_capture *c)
{
	broker_log_setup(true, false);
	fflush(stderr);
	c->fd = memfd_create("ub-unit-stderr", MFD_CLOEXEC);
	c->saved = dup(2);
	dup2(c->fd, 2);
}

/* Returns what was written, malloc'd (never NULL unless out of memory). */
static inline char *ut_capture_end(struct ut_capture *c)
{
	off_t len;
	char *buf;

	fflush(stderr);
	broker_log_setup(false, false);
	dup2(c->saved, 2);
	close(c->saved);
	len = lseek(c->fd, 0, SEEK_END);
	buf = calloc(1, (size_t)len + 1);
	if (buf && len > 0 && pread(c->fd, buf, (size_t)len, 0) != len)
		buf[0] = '\0';
	close(c->fd);
	return buf;
}
