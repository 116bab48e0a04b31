// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * execloop <count> <program> <arguments...>: run a program <count> times
 * (fork, exec, wait; its output to /dev/null) and print the median and 90th
 * percentile wall time in microseconds and the number of runs that did not
 * exit 0. A shell loop would add its own fork and two date(1) runs per
 * iteration, a python one ~80 ms of start-up: here the loop costs a fork.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[1]) : 0, fails = 0;
	double *lat;

	if (n <= 0) {
		fprintf(stderr, "usage: execloop <count> <program> <arguments...>\n");
		return 2;
	}
	lat = calloc((size_t)n, sizeof(*lat));
	if (!lat)
		return 1;
	for (int i = 0; i < n; i++) {
		struct timespec a, b;
		int status;
		pid_t pid;

		clock_gettime(CLOCK_MONOTONIC, &a);
		pid = fork();
		if (pid < 0)
			return 1;
		if (pid == 0) {
			int null = open("/dev/null", O_RDWR);

			if (null >= 0) {
				dup2(null, 1);
				dup2(null, 2);
			}
			execv(argv[2], argv + 2);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) < 0)
			return 1;
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			fails++;
		lat[i] = (double)(b.tv_sec - a.tv_sec) * 1e6 + (double)(b.tv_nsec - a.tv_nsec) / 1e3;
	}
	qsort(lat, (size_t)n, sizeof(*lat), cmp);
	printf("%.0f %.0f %d\n", lat[n / 2], lat[n * 9 / 10], fails);
	return 0;
}
