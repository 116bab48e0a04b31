// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"

/* Set once from the command line, before any work: part of the parsed config. */
static struct {
	bool to_stderr;
	bool no_syslog;
	int verbosity;
	char where[128];
} log_cfg;

static int facility_of(const char *tag)
{
	return !strcmp(tag, "request-key") || !strcmp(tag, "upcall-broker") ? LOG_AUTHPRIV : LOG_DAEMON;
}

void ub_log_setup(const char *argv0, bool to_stderr, int verbosity)
{
	const char *tag = argv0 && strrchr(argv0, '/') ? strrchr(argv0, '/') + 1 : argv0;
	char host[65] = "?";
	struct stat st;
	int saved = errno;

	if (!tag || !*tag)
		tag = "upcall-broker";
	log_cfg.to_stderr = to_stderr;
	log_cfg.verbosity = verbosity;
	gethostname(host, sizeof(host) - 1);
	snprintf(log_cfg.where, sizeof(log_cfg.where), "pidns %lu host %s",
		 stat("/proc/self/ns/pid", &st) == 0 ? (unsigned long)st.st_ino : 0ul, host);
	/* @tag points into argv or program_invocation_name: it outlives us. */
	openlog(tag, LOG_PID, facility_of(tag));
	errno = saved;
}

void broker_log_setup(bool to_stderr, bool debug)
{
	ub_log_setup(program_invocation_name, to_stderr, debug ? 2 : 1);
}

void ub_log_set_verbosity(int verbosity)
{
	log_cfg.verbosity = verbosity;
}

bool ub_log_debug_enabled(void)
{
	return log_cfg.verbosity >= 2;
}

void ub_log_no_syslog(void)
{
	log_cfg.no_syslog = true;
}

void ub_log(int priority, const char *fmt, ...)
{
	int saved = errno;   /* callers log with %m, and may read errno after */
	char msg[4096];
	va_list ap;

	if (priority == LOG_DEBUG && log_cfg.verbosity < 2)
		return;
	if (priority == LOG_INFO && log_cfg.verbosity < 1 && !log_cfg.to_stderr)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!log_cfg.no_syslog)
		syslog(priority, "[%s] %s", log_cfg.where, msg);
	if (log_cfg.to_stderr && (priority <= LOG_WARNING || log_cfg.verbosity > 0))
		fprintf(stderr, "%s\n", msg);
	errno = saved;
}
