/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "nswalk.h"
#include "pidref.h"
#include "proc_status.h"

/* The process whose request this is, pinned. */
struct requester {
	struct pidref thread;   /* pid is the requesting thread's tid */
	pid_t tgid;
	struct proc_status st;
};

enum container_kind {
	CONTAINER_HOST,      /* the rule ended in our own pid namespace */
	CONTAINER_INIT,      /* a container's init, pinned */
};

struct container {
	enum container_kind kind;
	struct pidref init;      /* pid in our pid namespace; unset for the host */
	unsigned long pidns_ino; /* the container's pid namespace */
	unsigned long userns_ino;
	bool from_kernel;        /* handed over by a patched kernel */
	struct nswalk_trace trace;
};

#define CONTAINER_NULL ((struct container){ .init = PIDREF_NULL })
#define REQUESTER_NULL ((struct requester){ .thread = PIDREF_NULL })

int requester_pin(pid_t tid, struct requester *rq);
void requester_release(struct requester *rq);

/*
 * Apply the container rule to a pinned requester. -EXDEV: the requester's
 * pid namespace is not owned by its mount namespace's owner; -ESRCH: the
 * requester or the container's init is gone.
 */
int container_resolve(const struct requester *rq, struct container *c);
/* Adopt (take) a pidfd of the init captured by a patched kernel (doc/abi.md). */
int container_take_pidfd(int pidfd, struct container *c);
void container_release(struct container *c);

/* pid (in our pid namespace) of pid 1 of the pid namespace behind @pidns_fd. */
int pidns_init_pid(int pidns_fd, pid_t *pid);
