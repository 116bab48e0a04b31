// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sleepers <count>: fork <count> processes that sleep in the cgroups we
 * are in (the caller moves us into a container's cgroups first), print
 * "ready" once all exist, and take them with us when stdin closes (each
 * dies with its parent: PR_SET_PDEATHSIG). The scaling bench's "processes
 * in the init's cgroup": cheap enough for 20,000 (a fork of a small
 * process each, no exec).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : -1;
	pid_t parent = getpid();
	char c;

	if (n < 0)
		return 2;
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
				_exit(1);
			for (;;)
				pause();
		}
	}
	printf("ready\n");
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
