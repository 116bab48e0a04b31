// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cleanup.h"
#include "file_read.h"
#include "pidfd.h"
#include "proc_status.h"
#include "syscalls.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

int pidref_pin_thread(pid_t tid, pid_t tgid, struct pidref *out)
{
	int fd = sys_pidfd_open(tid, PIDFD_THREAD);

	/* Kernels before 6.9 pin only thread-group leaders. */
	if (fd < 0 && errno == EINVAL) {
		if (tgid <= 0)
			return -EINVAL;
		fd = sys_pidfd_open(tgid, 0);
	}
	if (fd < 0)
		return -errno;
	*out = (struct pidref){ .pid = tid, .fd = fd };
	return 0;
}

int pidref_pin_process(pid_t pid, struct pidref *out)
{
	int fd = sys_pidfd_open(pid, 0);

	if (fd < 0)
		return -errno;
	*out = (struct pidref){ .pid = pid, .fd = fd };
	return 0;
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
	r = file_read_at(AT_FDCWD, path, 4096, &text);
	if (r < 0)
		return r;
	p = strstr(text, "\nPid:\t");
	if (!p)
		return -EBADF;
	v = strtol(p + 6, NULL, 10);
	if (v <= 0)
		return -ESRCH;    /* -1: exited; 0: not visible from our pid namespace */
	*pid = (pid_t)v;
	return 0;
}

int pidfd_get_cgroup_id(int pidfd, uint64_t *id)
{
	struct broker_pidfd_info info = { .mask = BROKER_PIDFD_INFO_CGROUPID };

	if (ioctl(pidfd, BROKER_PIDFD_GET_INFO, &info) < 0)
		return errno == ESRCH ? -ESRCH : -EOPNOTSUPP;
	/* A kernel without cgroups leaves the bit clear. */
	if (!(info.mask & BROKER_PIDFD_INFO_CGROUPID))
		return -EOPNOTSUPP;
	*id = info.cgroupid;
	return 0;
}

int proc_dir_open(int dir, const char *path, int flags)
{
	int fd = openat(dir, path, flags | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	return fd;
}

/* @fd (taken) read whole, at most @max bytes. */
static int read_taken(int fd, size_t max, char **out)
{
	_cleanup_close_ int f = fd;

	if (f < 0)
		return f;
	return file_read_fd(f, max, out);
}

int pidref_open_proc(const struct pidref *p, const char *path, int flags)
{
	char full[96];
	int r;

	snprintf(full, sizeof(full), "/proc/%d/%s", (int)p->pid, path);
	_cleanup_close_ int fd = proc_dir_open(AT_FDCWD, full, flags);
	if (fd < 0)
		return fd;
	r = pidfd_check_alive(p->fd);
	if (r < 0)
		return r;
	return TAKE_FD(fd);
}

int pidref_open_dir(const struct pidref *p)
{
	return pidref_open_proc(p, ".", O_PATH | O_DIRECTORY);
}

int pidref_read_proc(const struct pidref *p, const char *path, size_t max, char **out)
{
	return read_taken(pidref_open_proc(p, path, O_RDONLY), max, out);
}

int proc_dir_read(int dir, const char *path, size_t max, char **out)
{
	return read_taken(proc_dir_open(dir, path, O_RDONLY), max, out);
}

int pidref_read_status(const struct pidref *p, struct proc_status *st)
{
	_cleanup_free_ char *text = NULL;
	int r = pidref_read_proc(p, "status", PROC_STATUS_MAX_SIZE, &text);

	return r < 0 ? r : proc_status_parse(text, st);
}

int proc_dir_read_status(int dir, struct proc_status *st)
{
	_cleanup_free_ char *text = NULL;
	int r = proc_dir_read(dir, "status", PROC_STATUS_MAX_SIZE, &text);

	return r < 0 ? r : proc_status_parse(text, st);
}
