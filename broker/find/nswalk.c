// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "namespace.h"
#include "nswalk.h"
#include "syscalls.h"

/* 1 if @ns is owned by @userns, 0 if not, -errno; the step goes into @trace. */
static int owned_by(const struct ns_ops *ops, void *ctx, int ns, int userns, struct nswalk_trace *trace)
{
	int owner = ops->owner(ctx, ns), r;

	if (owner < 0)
		return owner;
	r = ops->same(ctx, owner, userns);
	trace->step[trace->n].pidns = ops->ino(ctx, ns);
	trace->step[trace->n].owner = ops->ino(ctx, owner);
	trace->step[trace->n].taken = r > 0;
	trace->n++;
	ops->release(ctx, owner);
	return r;
}

/*
 * Climb from @pid_ns while the parent is still owned by @userns. *top is
 * the last one that was: @pid_ns itself (no new handle) or a new handle.
 */
static int climb(const struct ns_ops *ops, void *ctx, int userns, int pid_ns, int *top,
		 struct nswalk_trace *trace)
{
	int cur = pid_ns, r;

	for (int depth = 0;; depth++) {
		int parent;

		if (depth >= NSWALK_MAX_DEPTH - 1) {
			r = -ELOOP;
			break;
		}
		parent = ops->parent(ctx, cur);
		if (parent == -EPERM) {
			r = 0;   /* the top of what we can see: our own pid ns */
			break;
		}
		if (parent < 0) {
			r = parent;
			break;
		}
		r = owned_by(ops, ctx, parent, userns, trace);
		if (r <= 0) {
			ops->release(ctx, parent);
			break;
		}
		if (cur != pid_ns)
			ops->release(ctx, cur);
		cur = parent;
	}
	if (r < 0) {
		if (cur != pid_ns)
			ops->release(ctx, cur);
		return r;
	}
	*top = cur;
	return 0;
}

int nswalk_container_pidns(const struct ns_ops *ops, void *ctx, int mnt_ns, int pid_ns,
			   int *top, struct nswalk_trace *trace)
{
	int userns, owner, cur, r;

	memset(trace, 0, sizeof(*trace));
	userns = ops->owner(ctx, mnt_ns);
	if (userns < 0)
		return userns;
	trace->mnt_userns = ops->ino(ctx, userns);

	owner = ops->owner(ctx, pid_ns);
	if (owner < 0) {
		ops->release(ctx, userns);
		return owner;
	}
	trace->pidns_owner = ops->ino(ctx, owner);
	r = ops->same(ctx, owner, userns);
	ops->release(ctx, owner);
	if (r <= 0) {
		ops->release(ctx, userns);
		return r < 0 ? r : -EXDEV;
	}
	r = climb(ops, ctx, userns, pid_ns, &cur, trace);
	ops->release(ctx, userns);
	if (r < 0)
		return r;
	/* The caller owns *top separately from pid_ns. */
	if (cur == pid_ns) {
		cur = ops->dup(ctx, pid_ns);
		if (cur < 0)
			return cur;
	}
	*top = cur;
	return 0;
}

static int nsfs_owner(void *ctx, int ns)
{
	int fd = ioctl(ns, NS_GET_USERNS);
	return fd < 0 ? -errno : fd;
}

static int nsfs_parent(void *ctx, int ns)
{
	int fd = ioctl(ns, NS_GET_PARENT);
	return fd < 0 ? -errno : fd;
}

static int nsfs_same(void *ctx, int a, int b)
{
	return ns_same(a, b);
}

static unsigned long nsfs_ino(void *ctx, int ns)
{
	return ns_ino(ns);
}

static int nsfs_dup(void *ctx, int ns)
{
	int fd = fcntl(ns, F_DUPFD_CLOEXEC, 3);
	return fd < 0 ? -errno : fd;
}

static void nsfs_release(void *ctx, int ns)
{
	close(ns);
}

const struct ns_ops nsfs_ops = {
	.owner = nsfs_owner,
	.parent = nsfs_parent,
	.same = nsfs_same,
	.ino = nsfs_ino,
	.dup = nsfs_dup,
	.release = nsfs_release,
};
