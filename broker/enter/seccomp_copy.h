/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <linux/filter.h>
#include <stdbool.h>
#include <sys/types.h>

#include "pidref.h"

#define SECCOMP_COPY_MAX_FILTERS 64

/*
 * The seccomp filters of a process, read as a privileged tracer reads them
 * for checkpoint/restore (PTRACE_SECCOMP_GET_FILTER), so that the helper is
 * no less confined than a fork of the container's init would be.
 */
struct seccomp_chain {
	int n;                      /* f[0] is the newest filter */
	struct {
		struct sock_filter *insns;
		unsigned short len;
		unsigned int flags;     /* SECCOMP_FILTER_FLAG_LOG, from the metadata */
	} f[SECCOMP_COPY_MAX_FILTERS];
};

/*
 * Stop @pid briefly (PTRACE_SEIZE + PTRACE_INTERRUPT), read its filters and
 * detach, all before @deadline_ms. -EBUSY: it is traced already; -ETIMEDOUT:
 * it did not stop (frozen); -EOPNOTSUPP: a filter returns
 * SECCOMP_RET_USER_NOTIF or an action computed at run time, which a copy
 * without the container's supervisor cannot honour.
 */
int seccomp_chain_read(const struct pidref *p, long long deadline_ms, struct seccomp_chain *c);
/* Install the chain on ourselves, oldest filter first, each filter
 * behind @prefix (@plen instructions, none if 0), which must end by
 * falling through to the filter's first instruction. -errno. */
int seccomp_chain_install(const struct seccomp_chain *c, const struct sock_filter *prefix, unsigned short plen);
void seccomp_chain_free(struct seccomp_chain *c);
