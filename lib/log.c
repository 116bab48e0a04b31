// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

/* Set once from the command line, before any work: part of the parsed config. */
static struct {
	bool to_stderr;
	bool debug;
	bool no_syslog;
} log_cfg;

void broker_log_no_syslog(void)
{
	log_cfg.no_syslog = true;
}

void broker_log_setup(bool to_stderr, bool debug)
{
	log_cfg.to_stderr = to_stderr;
	log_cfg.debug = debug;
	openlog("request-key", LOG_PID, LOG_AUTHPRIV);
}

bool broker_log_debug_enabled(void)
{
	return log_cfg.debug;
}

void broker_log(int priority, const char *fmt, ...)
{
	va_list ap;

	if (priority == LOG_DEBUG && !log_cfg.debug)
		return;
	if (!log_cfg.no_syslog) {
		va_start(ap, fmt);
		vsyslog(LOG_AUTHPRIV | priority, fmt, ap);
		va_end(ap);
	}
	if (log_cfg.to_stderr) {
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
}
