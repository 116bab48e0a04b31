/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The lines of the broker's own configuration files (request-key.conf,
 * request-key.d/ *.conf, umh.conf), split by lib/line_reader as the
 * helpers' files are, with keyutils' rule for a line holding a NUL byte.
 */
#pragma once

/*
 * A bound on what one file may make us allocate; request-key files are a few
 * KiB. Not 1 MiB: keyutils reads lines of any length (and we refuse them
 * one by one, tests/unit/broker/test_config.c), so a file of a few huge
 * lines must still load.
 */
#define CONF_FILE_MAX (4u << 20)

/* One line, '\n' stripped, NUL-terminated, writable. 0 goes on. */
typedef int (*conf_line_fn)(char *line, unsigned lineno, void *data);

/*
 * Each line of the file open at @fd to @fn, in file order; @path names the
 * file in messages. A line holding a NUL byte is logged ("path:line: NUL
 * byte in line, ignored") and skipped. Returns @fn's first nonzero value, 0
 * at the end, or -errno if the file cannot be read whole (logged), -EFBIG
 * from CONF_FILE_MAX bytes on.
 */
int conf_for_each_line(int fd, const char *path, conf_line_fn fn, void *data);
