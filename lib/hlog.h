/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <syslog.h>

/*
 * Helper logging: syslog (LOG_DAEMON) with the container named by its pid
 * namespace inode and hostname, plus stderr when asked (-v, debug modes).
 */
void hlog_setup(const char *prog, bool to_stderr, int verbosity);
/* A config file may raise the verbosity after set-up; where logs go stays. */
void hlog_set_verbosity(int verbosity);
void hlog(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
