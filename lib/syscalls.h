/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Interfaces newer than Debian 12's 6.1 uapi headers (or glibc 2.36).
 * The running kernel may be older than these; callers handle ENOSYS/ENOTTY.
 */
#pragma once

#include <linux/nsfs.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <signal.h>
#include <unistd.h>
#include <stdint.h>

#ifndef NS_GET_TGID_FROM_PIDNS
#define NS_GET_TGID_FROM_PIDNS _IOR(NSIO, 0x7, int)
#endif
#ifndef NS_GET_PID_FROM_PIDNS
#define NS_GET_PID_FROM_PIDNS _IOR(NSIO, 0x6, int)
#endif
#ifndef NS_GET_PID_IN_PIDNS
#define NS_GET_PID_IN_PIDNS _IOR(NSIO, 0x8, int)
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef PIDFD_NONBLOCK
#define PIDFD_NONBLOCK 04000
#endif

struct broker_clone_args {
	uint64_t flags;
	uint64_t pidfd;
	uint64_t child_tid;
	uint64_t parent_tid;
	uint64_t exit_signal;
	uint64_t stack;
	uint64_t stack_size;
	uint64_t tls;
	uint64_t set_tid;
	uint64_t set_tid_size;
	uint64_t cgroup;
};

static inline int sys_pidfd_open(pid_t pid, unsigned int flags)
{
	return (int)syscall(SYS_pidfd_open, pid, flags);
}

static inline int sys_pidfd_send_signal(int pidfd, int sig, siginfo_t *info, unsigned int flags)
{
	return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, info, flags);
}

static inline long sys_clone3(struct broker_clone_args *args)
{
	return syscall(SYS_clone3, args, sizeof(*args));
}

/*
 * fork() that also returns a pidfd of the child in *pidfd (CLOEXEC), and,
 * with @cgroup_fd >= 0, gives birth to it in that cgroup v2 directly.
 * Returns as fork() does, -1 with errno on failure.
 */
static inline pid_t clone_with_pidfd(int *pidfd, int cgroup_fd)
{
	struct broker_clone_args ca = {
		.flags = CLONE_PIDFD | (cgroup_fd >= 0 ? CLONE_INTO_CGROUP : 0),
		.pidfd = (uint64_t)(uintptr_t)pidfd,
		.exit_signal = SIGCHLD,
		.cgroup = cgroup_fd >= 0 ? (uint64_t)cgroup_fd : 0,
	};

	return (pid_t)sys_clone3(&ca);
}

/* pidfs's PIDFD_GET_INFO (6.13): the first, 64-byte version of its struct. */
struct broker_pidfd_info {
	uint64_t mask;
	uint64_t cgroupid;
	uint32_t pid, tgid, ppid, ruid, rgid, euid, egid, suid, sgid, fsuid, fsgid;
	int32_t exit_code;
	uint32_t coredump_mask;
	uint32_t spare1;
};
#define BROKER_PIDFD_INFO_CGROUPID (1ULL << 2)
#define BROKER_PIDFD_GET_INFO _IOWR(0xFF, 11, struct broker_pidfd_info)
