// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hlog.h"

/* Set once at start-up. */
static struct {
	bool to_stderr;
	int verbosity;
	char where[128];
} hl;

void hlog_setup(const char *prog, bool to_stderr, int verbosity)
{
	struct stat st;
	char host[65] = "?";

	hl.to_stderr = to_stderr;
	hl.verbosity = verbosity;
	gethostname(host, sizeof(host) - 1);
	snprintf(hl.where, sizeof(hl.where), "pidns %lu host %s",
		 stat("/proc/self/ns/pid", &st) == 0 ? (unsigned long)st.st_ino : 0ul, host);
	openlog(prog, LOG_PID, LOG_DAEMON);
}

void hlog_set_verbosity(int verbosity)
{
	hl.verbosity = verbosity;
}

void hlog(int prio, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (prio == LOG_DEBUG && hl.verbosity < 2)
		return;
	if (prio == LOG_INFO && hl.verbosity < 1 && !hl.to_stderr)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	syslog(prio, "[%s] %s", hl.where, msg);
	if (hl.to_stderr && (prio <= LOG_WARNING || hl.verbosity > 0))
		fprintf(stderr, "%s\n", msg);
}
