// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"
#include "placement.h"
#include "stage_trace.h"

int placement_from_kernel(struct placement *p)
{
	/* parse_env_fd() removes the variable: nothing we start inherits the claim. */
	int fd, r;

	stage_mark("placement");
	fd = parse_env_fd("UPCALL_INIT_PIDFD");
	if (fd == -ENOENT)
		return 0;
	if (fd < 0) {
		snprintf(p->who, sizeof(p->who), "kernel capture unusable (%s)", strerror(-fd));
		return fd;
	}
	r = container_take_pidfd(fd, &p->ct);
	if (r < 0) {
		snprintf(p->who, sizeof(p->who), "kernel capture unusable (%s)", strerror(-r));
		return r;
	}
	snprintf(p->who, sizeof(p->who), "container init %d pidns %lu (kernel capture)",
		 p->ct.init.pid, p->ct.pidns_ino);
	return 1;
}

int placement_from_requester(struct placement *p, pid_t tid)
{
	int r;

	stage_mark("pin_requester");
	r = requester_pin(tid, &p->rq);
	if (r < 0) {
		snprintf(p->who, sizeof(p->who), "requester %d gone", tid);
		return r;
	}
	r = container_resolve(&p->rq, &p->ct);
	if (r == -EXDEV)
		snprintf(p->who, sizeof(p->who),
			 "requester %d: pid namespace owner (userns %lu) is not its mount namespace owner (userns %lu)",
			 p->rq.thread.pid, p->ct.trace.pidns_owner, p->ct.trace.mnt_userns);
	else if (r < 0)
		snprintf(p->who, sizeof(p->who), "requester %d", p->rq.thread.pid);
	else if (p->ct.kind == CONTAINER_HOST)
		snprintf(p->who, sizeof(p->who), "requester %d on the host", p->rq.thread.pid);
	else
		snprintf(p->who, sizeof(p->who), "requester %d container init %d pidns %lu userns %lu",
			 p->rq.thread.pid, p->ct.init.pid, p->ct.pidns_ino, p->ct.userns_ino);
	return r;
}

void placement_release(struct placement *p)
{
	requester_release(&p->rq);
	container_release(&p->ct);
}
