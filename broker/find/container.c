// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "container.h"
#include "file_read.h"
#include "log.h"
#include "namespace.h"
#include "pidfd.h"
#include "proc_scan.h"
#include "syscalls.h"

int requester_pin(pid_t tid, struct requester *rq)
{
	_cleanup_(pidref_done) struct pidref thread = PIDREF_NULL;
	_cleanup_free_ char *text = NULL;
	struct proc_status pre = { .tgid = 0 };
	char path[64];
	int r;

	*rq = REQUESTER_NULL;
	/* 6.9+ pins the thread itself: its status is read once, pinned. */
	r = pidref_pin_thread(tid, 0, &thread);
	if (r == -EINVAL) {
		/* Older kernels pin only a leader, whose tgid the thread's
		 * status gives first; the pinned read checks it again. */
		snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
		r = file_read_at(AT_FDCWD, path, PROC_STATUS_MAX_SIZE, &text);
		if (r < 0)
			return r == -ENOENT ? -ESRCH : r;
		r = proc_status_parse(text, &pre);
		if (r < 0)
			return r;
		r = pidref_pin_thread(tid, pre.tgid, &thread);
	}
	if (r < 0)
		return r;
	r = pidref_read_status(&thread, &rq->st);
	if (r < 0)
		return r;
	if (pre.tgid && rq->st.tgid != pre.tgid)
		return -ESRCH;
	rq->thread = pidref_take(&thread);
	rq->tgid = rq->st.tgid;
	return 0;
}

void requester_release(struct requester *rq)
{
	pidref_done(&rq->thread);
}

struct init_search {
	struct stat pidns;
	pid_t found;
};

/* A scan hit is only a candidate: pin_init() pins it and checks again. */
static int is_init_of(pid_t pid, void *ctx)
{
	struct init_search *s = ctx;
	_cleanup_free_ char *text = NULL;
	struct proc_status ps;
	struct stat st;
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)pid);
	if (stat(path, &st) < 0 || st.st_ino != s->pidns.st_ino || st.st_dev != s->pidns.st_dev)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (file_read_at(AT_FDCWD, path, PROC_STATUS_MAX_SIZE, &text) < 0 || proc_status_parse(text, &ps) < 0)
		return 0;
	if (ps.nspid_last != 1)
		return 0;
	s->found = pid;
	return 1;
}

static int scan_proc_for_init(int pidns_fd, pid_t *pid)
{
	struct init_search s = { .found = 0 };
	int r;

	if (fstat(pidns_fd, &s.pidns) < 0)
		return -errno;
	r = proc_scan(is_init_of, &s);
	if (r < 0)
		return r;
	if (r == 0)
		return -ESRCH;
	*pid = s.found;
	return 0;
}

int pidns_init_pid(int pidns_fd, pid_t *pid)
{
	int r = ioctl(pidns_fd, NS_GET_TGID_FROM_PIDNS, 1);

	if (r > 0) {
		*pid = r;
		return 0;
	}
	if (errno == ESRCH)
		return -ESRCH;
	/* < 6.10: no translation ioctl, find pid 1 of that namespace by hand. */
	return scan_proc_for_init(pidns_fd, pid);
}

/* @c takes @init, the init of @pidns. */
static void container_take_init(struct container *c, struct pidref *init, int pidns)
{
	_cleanup_close_ int userns = ioctl(pidns, NS_GET_USERNS);

	c->kind = CONTAINER_INIT;
	c->pidns_ino = ns_ino(pidns);
	c->userns_ino = userns >= 0 ? ns_ino(userns) : 0;
	c->init = pidref_take(init);
}

/* Pin the init of @pidns and prove the pin is really that namespace's init. */
static int pin_init(int pidns, struct container *c)
{
	_cleanup_(pidref_done) struct pidref init = PIDREF_NULL;
	_cleanup_close_ int ns = -1;
	pid_t pid;
	int r;

	r = pidns_init_pid(pidns, &pid);
	if (r < 0)
		return r;
	r = pidref_pin_process(pid, &init);
	if (r < 0)
		return r;
	ns = pidref_open_proc(&init, "ns/pid", O_RDONLY);
	if (ns < 0)
		return ns;
	r = ns_same(ns, pidns);
	if (r <= 0)
		return r < 0 ? r : -ESRCH;
	container_take_init(c, &init, pidns);
	return 0;
}

int container_resolve(const struct requester *rq, struct container *c)
{
	_cleanup_close_ int mnt = -1, pidns = -1, top = -1;
	int r;

	*c = CONTAINER_NULL;
	mnt = pidref_open_proc(&rq->thread, "ns/mnt", O_RDONLY);
	if (mnt < 0)
		return mnt;
	/* ns/pid, not pid_for_children: the namespace the requester lives in. */
	pidns = pidref_open_proc(&rq->thread, "ns/pid", O_RDONLY);
	if (pidns < 0)
		return pidns;
	r = nswalk_container_pidns(&nsfs_ops, NULL, mnt, pidns, &top, &c->trace);
	if (r < 0)
		return r;
	r = ns_is_ours(top, "pid");
	if (r < 0)
		return r;
	if (r) {
		c->kind = CONTAINER_HOST;
		c->pidns_ino = ns_ino(top);
		return 0;
	}
	return pin_init(top, c);
}

int container_take_pidfd(int pidfd, struct container *c)
{
	_cleanup_close_ int kernel_fd = pidfd, pidns = -1;
	_cleanup_(pidref_done) struct pidref init = PIDREF_NULL;
	int r;

	*c = CONTAINER_NULL;
	/* The kernel's fd number is not CLOEXEC; ours must be. */
	init.fd = fcntl(kernel_fd, F_DUPFD_CLOEXEC, 3);
	if (init.fd < 0)
		return -errno;
	r = pidfd_get_pid(init.fd, &init.pid);
	if (r < 0)
		return r;
	pidns = pidref_open_proc(&init, "ns/pid", O_RDONLY);
	if (pidns < 0)
		return pidns;
	container_take_init(c, &init, pidns);
	c->from_kernel = true;
	return 0;
}

void container_release(struct container *c)
{
	pidref_done(&c->init);
}
