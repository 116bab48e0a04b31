// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "pidfd.h"
#include "proc_status.h"
#include "syscalls.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

int pidfd_pin_thread(pid_t tid, pid_t tgid)
{
	int fd = sys_pidfd_open(tid, PIDFD_THREAD);

	if (fd >= 0)
		return fd;
	if (errno != EINVAL)
		return -errno;
	/* Kernels before 6.9 pin only thread-group leaders. */
	fd = sys_pidfd_open(tgid, 0);
	return fd < 0 ? -errno : fd;
}

int pidfd_pin_process(pid_t pid)
{
	int fd = sys_pidfd_open(pid, 0);
	return fd < 0 ? -errno : fd;
}

int pidfd_check_alive(int pidfd)
{
	if (sys_pidfd_send_signal(pidfd, 0, NULL, 0) == 0)
		return 0;
	return errno == EPERM ? 0 : -errno;
}

int pidfd_get_pid(int pidfd, pid_t *pid)
{
	_cleanup_free_ char *text = NULL;
	char path[64];
	const char *p;
	long v;
	int r;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
	r = proc_read_file(AT_FDCWD, path, 4096, &text);
	if (r < 0)
		return r;
	p = strstr(text, "\nPid:\t");
	if (!p)
		return -EBADF;
	v = strtol(p + 6, NULL, 10);
	if (v == -1)
		return -ESRCH;
	if (v <= 0)
		return -ESRCH;    /* 0: not visible from our pid namespace */
	*pid = (pid_t)v;
	return 0;
}

int pidfd_open_proc(int pidfd, pid_t pid, const char *path, int flags)
{
	char p[96];
	int r;

	snprintf(p, sizeof(p), "/proc/%d/%s", (int)pid, path);
	_cleanup_close_ int fd = open(p, flags | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	r = pidfd_check_alive(pidfd);
	if (r < 0)
		return r;
	return TAKE_FD(fd);
}
