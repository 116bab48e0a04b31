// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pidfd.h"
#include "run.h"
#include "seccomp_copy.h"

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif
#ifndef PTRACE_GET_SECCOMP_METADATA
#define PTRACE_GET_SECCOMP_METADATA 0x420d
#endif
#ifndef SECCOMP_RET_USER_NOTIF
#define SECCOMP_RET_USER_NOTIF 0x7fc00000U
#endif
#ifndef SECCOMP_RET_TRACE
#define SECCOMP_RET_TRACE 0x7ff00000U
#endif
#ifndef SECCOMP_RET_ACTION_FULL
#define SECCOMP_RET_ACTION_FULL 0xffff0000U
#endif

struct seccomp_meta {
	uint64_t filter_off;
	uint64_t flags;
};

/* Every return must be a constant that a filter of our own can honour. */
static int check_returns(const struct sock_filter *f, unsigned short len)
{
	for (unsigned short i = 0; i < len; i++) {
		if (BPF_CLASS(f[i].code) != BPF_RET)
			continue;
		if (BPF_RVAL(f[i].code) != BPF_K)
			return -EOPNOTSUPP;
		if ((f[i].k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_USER_NOTIF)
			return -EOPNOTSUPP;
	}
	return 0;
}

/*
 * SECCOMP_RET_TRACE ranks below the keyctl proxy's SECCOMP_RET_USER_NOTIF,
 * so a runtime's keyctl() denial by TRACE would reach the proxy, which runs
 * most calls as the program's own (SECCOMP_USER_NOTIF_FLAG_CONTINUE): the
 * denial would be lost. The helper is no tracee of the runtime's, and for
 * an untraced process the kernel answers TRACE with ENOSYS: say so as an
 * errno, which outranks the notification. (Between two filters that both
 * deny with an errno, the newer one's errno is returned now.)
 */
static void trace_as_enosys(struct sock_filter *f, unsigned short len)
{
	for (unsigned short i = 0; i < len; i++)
		if (BPF_CLASS(f[i].code) == BPF_RET && BPF_RVAL(f[i].code) == BPF_K &&
		    (f[i].k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_TRACE)
			f[i].k = SECCOMP_RET_ERRNO | ENOSYS;
}

/* Returns the signal to hand back at detach (a signal-delivery stop came
 * first: detaching with 0 would discard the init's signal), 0, or -errno. */
static int wait_stopped(pid_t pid, long long deadline_ms)
{
	for (;;) {
		int status;
		pid_t r = waitpid(pid, &status, __WALL | WNOHANG);

		if (r == pid) {
			if (!WIFSTOPPED(status))
				return -ESRCH;
			return (status >> 16) == 0 ? WSTOPSIG(status) : 0;
		}
		if (r < 0 && errno != EINTR)
			return -errno;
		if (now_ms() >= deadline_ms)
			return -ETIMEDOUT;
		nanosleep(&(struct timespec){ .tv_nsec = 200 * 1000 }, NULL);
	}
}

static int read_filters(pid_t pid, struct seccomp_chain *c)
{
	for (int i = 0;; i++) {
		long n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)(long)i, NULL);

		if (n < 0)
			return errno == ENOENT ? 0 : -errno;
		if (i == SECCOMP_COPY_MAX_FILTERS || n <= 0 || n > BPF_MAXINSNS)
			return -E2BIG;
		c->f[i].insns = calloc((size_t)n, sizeof(struct sock_filter));
		if (!c->f[i].insns)
			return -ENOMEM;
		c->n = i + 1;
		c->f[i].len = (unsigned short)n;
		if (ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)(long)i, c->f[i].insns) != n)
			return -EIO;
		int r = check_returns(c->f[i].insns, c->f[i].len);
		if (r < 0)
			return r;
		trace_as_enosys(c->f[i].insns, c->f[i].len);
		struct seccomp_meta m = { .filter_off = (uint64_t)i };
		if (ptrace(PTRACE_GET_SECCOMP_METADATA, pid, (void *)sizeof(m), &m) > 0)
			c->f[i].flags = (unsigned int)m.flags & SECCOMP_FILTER_FLAG_LOG;
	}
}

int seccomp_chain_read(const struct pidref *p, long long deadline_ms, struct seccomp_chain *c)
{
	pid_t pid = p->pid;
	long sig = 0;
	int r;

	memset(c, 0, sizeof(*c));
	/* Alive now, so the pid is still the process the pidfd pins. */
	if (pidfd_check_alive(p->fd) < 0)
		return -ESRCH;
	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) < 0)
		return errno == EPERM ? -EBUSY : -errno;
	if (ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) < 0) {
		r = -errno;
		goto out;
	}
	r = wait_stopped(pid, deadline_ms);
	if (r >= 0) {
		sig = r;
		r = read_filters(pid, c);
	}
out:
	/* A tracee that never stopped is detached when we exit. */
	ptrace(PTRACE_DETACH, pid, NULL, (void *)sig);
	if (r < 0)
		seccomp_chain_free(c);
	return r;
}

int seccomp_chain_install(const struct seccomp_chain *c, const struct sock_filter *prefix, unsigned short plen)
{
	/* On the stack: this runs in the helper's child just before exec. */
	struct sock_filter buf[BPF_MAXINSNS];

	if (plen > BPF_MAXINSNS)
		return -E2BIG;
	memcpy(buf, prefix, plen * sizeof(*prefix));
	/* Index 0 of PTRACE_SECCOMP_GET_FILTER is the oldest filter: install
	 * in that order, so that between equal actions the same (newest)
	 * filter wins as in the init. */
	for (int i = 0; i < c->n; i++) {
		struct sock_fprog prog = { .len = (unsigned short)(plen + c->f[i].len), .filter = buf };

		if (c->f[i].len > BPF_MAXINSNS - plen)
			return -E2BIG;
		/* without a prefix the copy is installed as it is */
		if (plen == 0)
			prog.filter = c->f[i].insns;
		else
			memcpy(buf + plen, c->f[i].insns, c->f[i].len * sizeof(*buf));
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, c->f[i].flags, &prog) < 0)
			return -errno;
	}
	return 0;
}

void seccomp_chain_free(struct seccomp_chain *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->f[i].insns);
	c->n = 0;
}
