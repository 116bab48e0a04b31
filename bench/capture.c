// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * capture <map> <broker> <request-key arguments...>: the benchmark's stand-in
 * for a patched kernel in capture mode, what tests/integration/
 * capture-wrapper.sh does without its shell and python start-ups (which would
 * be most of what a capture row measures): for a key whose description is
 * registered in <map> ("<init pid> <description>" lines, the newest wins),
 * exec the broker with an inherited pidfd of that init at descriptor 3 or
 * above and UPCALL_INIT_PIDFD naming it; anything else runs the broker
 * unchanged. A registered init that has died fails the upcall, as in the
 * kernel: never a fallback to the host.
 *
 * capture -p <pid> <program> <arguments...>: run a program as a patched
 * kernel runs a usermode helper for a captured init (lib.sh's ub_with_pidfd,
 * without python's start-up): the same pidfd and UPCALL_INIT_PIDFD.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <keyutils.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static const char *key_arg(int argc, char **argv)
{
	/* keyutils' argv: [-options] <op> <key> <uid> <gid> <ring>... */
	int positional = 0;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-D")) {
			i++;
			continue;
		}
		if (argv[i][0] == '-')
			continue;
		if (++positional == 2)
			return argv[i];
	}
	return NULL;
}

static long registered_pid(const char *map, const char *desc)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long pid = 0;
	FILE *f = fopen(map, "re");

	if (!f)
		return 0;
	while ((len = getline(&line, &cap, f)) > 0) {
		char *sp = strchr(line, ' ');

		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (sp && !strcmp(sp + 1, desc))
			pid = strtol(line, NULL, 10);
	}
	free(line);
	fclose(f);
	return pid;
}

/*
 * With a "<map>.stages" file present, the broker's stage marks
 * (lib/stage_trace.h) go there, after our own "exec" mark.
 */
static void stage_file(const char *map)
{
	char path[4096], buf[96];
	struct timespec ts;
	int fd, n;

	if (snprintf(path, sizeof(path), "%s.stages", map) >= (int)sizeof(path))
		return;
	fd = open(path, O_WRONLY | O_APPEND);
	if (fd < 0)
		return;
	if (fd < 3) {
		int hi = fcntl(fd, F_DUPFD, 3);
		close(fd);
		if (hi < 0)
			return;
		fd = hi;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	n = snprintf(buf, sizeof(buf), "exec %lld %d\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec,
		     (int)getpid());
	if (write(fd, buf, (size_t)n) != n)
		return;
	snprintf(buf, sizeof(buf), "%d", fd);
	setenv("UPCALL_BROKER_STAGES", buf, 1);
}

int main(int argc, char **argv)
{
	const char *key, *desc;
	char *raw = NULL, buf[16];
	long pid = 0;
	int pfd, fd;

	if (argc < 3)
		return 2;
	if (!strcmp(argv[1], "-p")) {
		if (argc < 4)
			return 2;
		pid = strtol(argv[2], NULL, 10);
		argv++;         /* the program is argv[2] from here on */
		goto exec;
	}
	key = key_arg(argc - 3, argv + 3);
	if (key && keyctl_describe_alloc((key_serial_t)strtol(key, NULL, 10), &raw) >= 0) {
		desc = raw;
		for (int i = 0; i < 4 && desc; i++) {  /* type;uid;gid;perm;description */
			desc = strchr(desc, ';');
			if (desc)
				desc++;
		}
		if (desc)
			pid = registered_pid(argv[1], desc);
	}
	free(raw);
	stage_file(argv[1]);
exec:
	if (pid > 0) {
		pfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
		if (pfd < 0)
			return 1;
		fd = fcntl(pfd, F_DUPFD, 3);
		if (fd < 0)
			return 1;
		if (fd != pfd)
			close(pfd);
		snprintf(buf, sizeof(buf), "%d", fd);
		setenv("UPCALL_INIT_PIDFD", buf, 1);
	}
	execv(argv[2], argv + 2);
	return 1;
}
