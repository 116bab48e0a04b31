/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

/*
 * The container rule, on abstract namespace handles so that it can be run
 * on synthetic trees in tests. Handles are small ints owned by the caller
 * (real ones are nsfs fds).
 */
struct ns_ops {
	/* Owning user namespace of @ns: new handle or -errno. */
	int (*owner)(void *ctx, int ns);
	/* Parent pid namespace: new handle, or -EPERM when the parent is
	 * outside the caller's view (we are at our own pid namespace). */
	int (*parent)(void *ctx, int ns);
	/* 1 if the same namespace, 0 if not, -errno. */
	int (*same)(void *ctx, int a, int b);
	/* Identity for logs and traces (the nsfs inode). */
	unsigned long (*ino)(void *ctx, int ns);
	int (*dup)(void *ctx, int ns);
	void (*release)(void *ctx, int ns);
};

#define NSWALK_MAX_DEPTH 33 /* MAX_PID_NS_LEVEL + the initial namespace */

struct nswalk_trace {
	unsigned long mnt_userns;
	unsigned long pidns_owner;   /* owner of the requester's pid namespace */
	int n;
	struct {
		unsigned long pidns;
		unsigned long owner;
		bool taken;              /* still owned by mnt_userns: walked up */
	} step[NSWALK_MAX_DEPTH];
};

/*
 * Apply the rule. @mnt_ns and @pid_ns are the requester's; they stay owned
 * by the caller. On success *top is a new handle on the top-most pid
 * namespace owned by the user namespace that owns @mnt_ns. Returns
 * -EXDEV when the requester's pid namespace is not owned by that user
 * namespace: such a request belongs to no container and must fail.
 */
int nswalk_container_pidns(const struct ns_ops *ops, void *ctx, int mnt_ns, int pid_ns,
			   int *top, struct nswalk_trace *trace);

/* ns_ops over real nsfs file descriptors (ctx unused). */
extern const struct ns_ops nsfs_ops;
