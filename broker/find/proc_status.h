/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define PROC_STATUS_MAX_GROUPS 256
#define PROC_STATUS_MAX_SIZE (64 * 1024)   /* a status file is ~1.5 KiB */

/*
 * The fields of /proc/<pid>/status the broker acts on. Read from the
 * host's procfs (never the container's), so the kernel wrote every byte;
 * the parser is still strict because a thread's name ("Name:") is chosen by
 * the container and may contain anything but a newline.
 */
struct proc_status {
	pid_t tgid;
	pid_t ppid;
	uid_t uid[4];   /* real, effective, saved, fs */
	gid_t gid[4];
	gid_t groups[PROC_STATUS_MAX_GROUPS];
	int n_groups;
	uint64_t cap_bnd;
	uint64_t cap_eff;
	uint64_t cap_inh;
	uint64_t cap_amb;
	int umask;           /* -1: the kernel did not say */
	int seccomp_mode;    /* 0 none, 1 strict, 2 filter */
	int seccomp_filters; /* installed filters (>= 5.9), -1 unknown */
	bool no_new_privs;
	int nspid_depth;     /* number of NSpid entries */
	pid_t nspid_last;    /* pid in its own (innermost) pid namespace */
	pid_t nspid_parent;  /* pid one level up (0: none, depth 1) */
	bool kthread;
	unsigned seen;       /* bitmask of PS_* for mandatory fields */
};

enum {
	PS_TGID = 1u << 0,
	PS_UID = 1u << 1,
	PS_GID = 1u << 2,
	PS_CAPBND = 1u << 3,
	PS_NSPID = 1u << 4,
	PS_GROUPS = 1u << 5,
	PS_PPID = 1u << 6,
};
#define PS_REQUIRED (PS_TGID | PS_UID | PS_GID | PS_CAPBND | PS_GROUPS | PS_PPID)

/*
 * Parse the whole text of a status file. -EINVAL if a field is malformed
 * or a required one is missing. No I/O here: the fuzzer links this file
 * alone (reading is pidref_read_status(), broker/find/pidfd.h).
 */
int proc_status_parse(const char *text, struct proc_status *out);
