// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * reqloop <description-prefix> <count> [<type> [<callout> [fixed]]]: make
 * <count> key requests (default type "user"; descriptions <prefix><pid>.<n>,
 * or just <prefix> with "fixed") that each need an upcall, print the median and 90th percentile latency in
 * microseconds. Keys go to a private session keyring, cleared as we go.
 * UB_LATENCIES=<file>: every latency is also appended there, one a line
 * (the concurrency bench pools many loops' requests).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <keyutils.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* UB_STAGES=<file>: "request"/"done" marks around each request, in the
 * format of the broker's stage marks (lib/stage_trace.h). */
static void mark(int fd, const char *stage)
{
	struct timespec ts;
	char buf[96];
	int n;

	if (fd < 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	n = snprintf(buf, sizeof(buf), "%s %lld %d\n", stage, (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec,
		     (int)getpid());
	if (write(fd, buf, (size_t)n) != n)
		return;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 100, fails = 0;
	double *lat;
	char desc[256];
	const char *type = argc > 3 ? argv[3] : "user", *callout = argc > 4 ? argv[4] : "x";
	int fixed = argc > 5 && !strcmp(argv[5], "fixed");
	int stages = getenv("UB_STAGES") ? open(getenv("UB_STAGES"), O_WRONLY | O_APPEND | O_CLOEXEC) : -1;

	if (argc < 3 || n <= 0) {
		fprintf(stderr, "usage: reqloop <description-prefix> <count> [<type> [<callout> [fixed]]]\n");
		return 2;
	}
	lat = calloc((size_t)n, sizeof(*lat));
	if (!lat || keyctl_join_session_keyring(NULL) < 0)
		return 1;
	for (int i = 0; i < n; i++) {
		struct timespec a, b;

		if (fixed)
			snprintf(desc, sizeof(desc), "%s", argv[1]);
		else
			snprintf(desc, sizeof(desc), "%s%d.%d", argv[1], (int)getpid(), i);
		mark(stages, "request");
		clock_gettime(CLOCK_MONOTONIC, &a);
		if (request_key(type, desc, callout, KEY_SPEC_SESSION_KEYRING) < 0)
			fails++;
		clock_gettime(CLOCK_MONOTONIC, &b);
		mark(stages, "done");
		lat[i] = (double)(b.tv_sec - a.tv_sec) * 1e6 + (double)(b.tv_nsec - a.tv_nsec) / 1e3;
		keyctl_clear(KEY_SPEC_SESSION_KEYRING);
	}
	if (getenv("UB_LATENCIES")) {
		FILE *all = fopen(getenv("UB_LATENCIES"), "ae");

		for (int i = 0; all && i < n; i++)
			fprintf(all, "%.0f\n", lat[i]);
		if (all)
			fclose(all);
	}
	qsort(lat, (size_t)n, sizeof(*lat), cmp);
	printf("%.0f %.0f %d\n", lat[n / 2], lat[n * 9 / 10], fails);
	return fails ? 1 : 0;
}
