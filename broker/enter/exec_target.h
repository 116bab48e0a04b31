/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "cgroup_view.h"
#include "exec_context.h"
#include "pidref.h"
#include "userns_map.h"
#include "proc_status.h"
#include "seccomp_copy.h"

#define EXEC_TARGET_MAX_CG1 16

/*
 * Everything about the process a helper is to be "forked from", gathered on
 * the host before the fork, from the host's /proc, with every open proven
 * against the pidfd. Nothing here is read from the container's own /proc
 * or files, which it controls.
 */
struct exec_target {
	enum exec_context ctx;
	struct pidref proc;   /* borrowed from the caller; unset for the host */
	int proc_dir;         /* its /proc/<pid>, proven (pidref_open_dir()); while preparing only */
	int ns_flags;         /* CLONE_NEW* of namespaces that differ from ours */
	int root_fd;          /* O_PATH on the target's root directory */
	int cgroup2_fd;       /* target's cgroup v2 directory, if it differs */
	int cgroup1_tasks[EXEC_TARGET_MAX_CG1]; /* "tasks" of differing v1 hierarchies */
	int n_cgroup1;
	struct proc_status st;        /* host view of its credentials */
	struct userns_map uid_map, gid_map;
	uid_t uid[3];                 /* real, effective, saved, as the target sees them */
	gid_t gid[3];
	gid_t groups[PROC_STATUS_MAX_GROUPS];
	int n_groups;
	bool setgroups_denied;         /* its user ns has setgroups "deny" */
	char lsm_attr[48];            /* /proc attr file to write the exec label to */
	char lsm_label[256];          /* empty: nothing to set */
	/* What a fork of the target would inherit beyond credentials. */
	struct rlimit rlim[RLIM_NLIMITS];
	bool have_rlim;
	int oom_score_adj;            /* valid if have_oom */
	bool have_oom;
	unsigned long personality;    /* valid if have_personality */
	bool have_personality;
	struct seccomp_chain *seccomp; /* the init's filters, to install before exec */
};

#define EXEC_TARGET_NULL ((struct exec_target){ .proc = PIDREF_NULL, .proc_dir = -1, .root_fd = -1, .cgroup2_fd = -1 })

/* Host context: no namespaces, no credential change (keyutils' behaviour). */
void exec_target_host(struct exec_target *t);
/*
 * Gather everything about the target before @deadline_ms. With
 * @copy_seccomp the target's seccomp filters are read too (the target is
 * stopped for that moment); a chain that cannot be copied fails the
 * preparation (-EOPNOTSUPP, -EBUSY). @cv: the upcall's cgroup view; what
 * it holds of the init is used when @proc is that very pidref.
 */
int exec_target_prepare(enum exec_context ctx, const struct pidref *proc, long long deadline_ms,
			bool copy_seccomp, struct cgroup_view *cv, struct exec_target *t);
void exec_target_release(struct exec_target *t);

/* A host id as the target's user namespace sees it. */
uint32_t exec_target_uid(const struct exec_target *t, uint32_t host_uid);
uint32_t exec_target_gid(const struct exec_target *t, uint32_t host_gid);
