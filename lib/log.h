/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <syslog.h>

/*
 * The kernel starts request-key with no fds at all, so syslog is the only
 * channel that always works; stderr is added for -v and the debug modes.
 */
void broker_log_setup(bool to_stderr, bool debug);
void broker_log(int priority, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool broker_log_debug_enabled(void);
/* -n: keep quiet in syslog (tests, dry runs). */
void broker_log_no_syslog(void);
