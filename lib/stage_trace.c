// SPDX-License-Identifier: GPL-2.0-or-later
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "parse.h"
#include "stage_trace.h"

static int trace_fd = -2;   /* -2: environment not looked at yet */

int stage_trace_fd(void)
{
	if (trace_fd == -2) {
		int fd = parse_env_fd("UPCALL_BROKER_STAGES");

		/* Ours only: nothing we exec inherits it. */
		trace_fd = fd >= 0 && fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 ? fd : -1;
	}
	return trace_fd;
}

void stage_mark(const char *stage)
{
	struct timespec ts;
	char line[96];
	int fd = stage_trace_fd(), n;

	if (fd < 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	n = snprintf(line, sizeof(line), "%s %lld %d\n", stage,
		     (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec, (int)getpid());
	/* One write per line: O_APPEND keeps concurrent writers' lines whole. */
	if (n > 0 && n < (int)sizeof(line) && write(fd, line, (size_t)n) < 0)
		trace_fd = -1;
}
