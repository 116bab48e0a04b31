// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsrun <uid-base> <command...>: run a command as pid 1 of fresh user, pid,
 * mount, net, uts, ipc and cgroup namespaces, with container root mapped to
 * host uid/gid <uid-base> (65536 ids). unshare(1) can map a range only
 * through newuidmap and /etc/subuid; root on the host may write the map
 * itself, which is what this test tool does.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int ok = fd >= 0 && write(fd, s, strlen(s)) == (ssize_t)strlen(s);

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	int sync[2], status;
	char map[64], path[64], c;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: nsrun <uid-base> <command...>\n");
		return 2;
	}
	if (pipe2(sync, O_CLOEXEC) < 0)
		return 1;
	pid = (pid_t)syscall(SYS_clone, CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET |
				   CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP | SIGCHLD, NULL, NULL, NULL, 0);
	if (pid < 0) {
		perror("clone");
		return 1;
	}
	if (pid == 0) {
		close(sync[1]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (read(sync[0], &c, 1) != 1)
			_exit(1);
		if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0) {
			perror("setresuid");
			_exit(1);
		}
		execvp(argv[2], argv + 2);
		perror("exec");
		_exit(127);
	}
	close(sync[0]);
	snprintf(map, sizeof(map), "0 %s 65536\n", argv[1]);
	snprintf(path, sizeof(path), "/proc/%d/uid_map", pid);
	if (write_file(path, map) < 0)
		perror("uid_map");
	snprintf(path, sizeof(path), "/proc/%d/gid_map", pid);
	if (write_file(path, map) < 0)
		perror("gid_map");
	if (write(sync[1], "g", 1) != 1)
		return 1;
	close(sync[1]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
