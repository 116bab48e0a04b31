// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rsswrap <file> <program> <arguments...>: run a program in our place as
 * the kernel would (same arguments, environment, fds and session keyring;
 * it is our child instead of us), then append its peak RSS in KiB
 * (ru_maxrss of the waited descendants) and the CPU time they used (user +
 * system, microseconds) to <file> and exit as it did. CPU time is what a
 * loaded machine cannot blur: wall time there is mostly waiting to run.
 * bench/run.sh puts it in front of both the stock request-key and the
 * broker, so both are measured the same way.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct rusage ru;
	int status;
	pid_t pid;
	FILE *f;

	if (argc < 3)
		return 2;
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		execv(argv[2], argv + 2);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || getrusage(RUSAGE_CHILDREN, &ru) < 0)
		return 1;
	f = fopen(argv[1], "ae");
	if (f) {
		fprintf(f, "%ld %ld\n", ru.ru_maxrss,
			(long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000L + ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
		fclose(f);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
