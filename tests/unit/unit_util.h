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
#include "ut_capture.h"

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
