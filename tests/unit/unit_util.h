/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the config/match/macro unit tests: scratch directories,
 * files with exact bytes (NULs included) and a capture of ub_log()'s
 * stderr copy, so tests can check that errors name file:line.
 */
#pragma once

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "config.h"
#include "log.h"

static inline char *ut_mkdtemp(void)
{
	char *d = strdup("/tmp/ub-unit-XXXXXX");

	if (!d || !mkdtemp(d)) {
		free(d);
		return NULL;
	}
	return d;
}

static inline int ut_rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	return remove(p);
}

static inline void ut_rm_rf(char *dir)
{
	if (dir)
		nftw(dir, ut_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* Write len bytes (len == (size_t)-1: strlen) to dir/name; 0 or -1. */
static inline int ut_write(const char *dir, const char *name, const char *data, size_t len)
{
	char *path;
	int fd;
	ssize_t w;

	if (len == (size_t)-1)
		len = strlen(data);
	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	free(path);
	if (fd < 0)
		return -1;
	w = write(fd, data, len);
	close(fd);
	return w == (ssize_t)len ? 0 : -1;
}

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

/* Build a config from in-memory lines, as config_load() would from one file. */
static inline struct config ut_config(const char *const *lines)
{
	struct config c = { 0 };

	for (unsigned i = 0; lines[i]; i++) {
		struct rule r;

		if (config_parse_line(lines[i], "t.conf", i + 1, (unsigned)c.n_rules, &r) == 1) {
			c.rules = realloc(c.rules, (c.n_rules + 1) * sizeof(r));
			c.rules[c.n_rules++] = r;
		}
	}
	return c;
}

/* One request-key.conf line (r.conf:3) parsed; *log gets what was logged. */
static inline int ut_rk_line(const char *line, struct rule *r, char **log)
{
	struct ut_capture cap;
	int ret;

	ut_capture_begin(&cap);
	ret = config_parse_line(line, "r.conf", 3, 0, r);
	*log = ut_capture_end(&cap);
	return ret;
}

/* Tests never log to syslog (it would fill the host's journal); stderr
 * only while a capture is open. */
static inline void ut_log_setup(void)
{
	broker_log_setup(false, false);
	ub_log_no_syslog();
}
