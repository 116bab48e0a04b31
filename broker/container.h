/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "nswalk.h"
#include "proc_status.h"

/* The process whose request this is, pinned. */
struct requester {
	pid_t tid;
	pid_t tgid;
	int pidfd;
	struct proc_status st;
};

enum container_kind {
	CONTAINER_HOST,      /* the rule ended in our own pid namespace */
	CONTAINER_INIT,      /* a container's init, pinned */
};

struct container {
	enum container_kind kind;
	pid_t init_pid;          /* in our pid namespace */
	int init_pidfd;          /* -1 for the host */
	unsigned long pidns_ino; /* the container's pid namespace */
	unsigned long userns_ino;
	bool from_kernel;        /* handed over by a patched kernel */
	struct nswalk_trace trace;
};

#define CONTAINER_NULL ((struct container){ .init_pidfd = -1 })
#define REQUESTER_NULL ((struct requester){ .pidfd = -1 })

int requester_pin(pid_t tid, struct requester *rq);
void requester_release(struct requester *rq);

/*
 * Apply the container rule to a pinned requester. -EXDEV: the requester's
 * pid namespace is not owned by its mount namespace's owner; -ESRCH: the
 * requester or the container's init is gone.
 */
int container_resolve(const struct requester *rq, struct container *c);
/* Adopt a pidfd of the init captured by a patched kernel (doc/abi.md). */
int container_from_pidfd(int pidfd, struct container *c);
void container_release(struct container *c);

/* pid (in our pid namespace) of pid 1 of the pid namespace behind @pidns_fd. */
int pidns_init_pid(int pidns_fd, pid_t *pid);
