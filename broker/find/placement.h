/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where an upcall's helper runs: the one step every front (request-key,
 * usermode helpers, explain) goes through. Either a patched kernel names
 * the container's init (UPCALL_INIT_PIDFD, doc/abi.md), or the container
 * rule is walked from the requester (container.h).
 */
#pragma once

#include <sys/types.h>

#include "container.h"

struct placement {
	struct requester rq;   /* pinned requester; unset for a kernel capture */
	struct container ct;   /* CONTAINER_HOST until placed elsewhere */
	char who[160];         /* "requester 12 container init 34 pidns ..." for logs */
};

#define PLACEMENT_NULL ((struct placement){ .rq = REQUESTER_NULL, .ct = CONTAINER_NULL })

/*
 * The kernel's hand-over. 1: adopted (p->ct is the captured init); 0: the
 * kernel named none; -errno: it named one we cannot use, which the caller
 * must treat as a failure, never as "run on the host".
 */
int placement_from_kernel(struct placement *p);
/*
 * The container rule from requester @tid (pinned here). -EXDEV: its pid
 * namespace is not owned by its mount namespace's owner; -ESRCH: it or the
 * container's init is gone. p->who says what was found either way.
 */
int placement_from_requester(struct placement *p, pid_t tid);
void placement_release(struct placement *p);
