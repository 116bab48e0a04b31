/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One upcall, whoever asked: built by the request-key front (the kernel's
 * command line and key, or keyutils' -d/-D dry run), by the usermode-helper
 * front (a helper name and its arguments) or by `explain` (a pid and a
 * key's type, description and callout). Everything after the front reads
 * only this.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <keyutils.h>

#include "exec_target.h"
#include "key_describe.h"
#include "placement.h"
#include "registration.h"
#include "rule_options.h"

enum upcall_kind {
	UPCALL_KEY,   /* request-key: construct one key */
	UPCALL_UMH,   /* a usermode helper run by path: its exit status is the answer */
};

struct upcall {
	enum upcall_kind kind;
	bool dry_run;               /* print the plan, exec nothing (-d, -D, explain) */

	/* UPCALL_KEY: keyutils' request-key arguments and the key. */
	const char *op;
	key_serial_t key;           /* 0 in a dry run: no key exists */
	const char *key_str;        /* %k as the kernel wrote it */
	struct key_description kd;  /* type and description */
	char *callout;
	size_t callout_len;
	uint32_t uid, gid;          /* the requester's fsuid/fsgid, host view */
	const char *thread, *process, *session;
	pid_t requester;            /* known requester; 0: the kernel's, from /proc/keys */

	/* UPCALL_UMH: the helper's name and the kernel's arguments. */
	const char *name;
	char *const *args;          /* argv[1..], NULL-terminated */
	char **env;                 /* NAME=value passed through, NULL-terminated */

	/* Where it runs; placed once, before the first rule that needs it. */
	struct placement where;
	bool placed;
	int place_err;

	/* The container manager's registration of that container, read once
	 * by the first rule that would leave the host (policy_step.h). */
	struct registration reg;
	bool reg_read;
	int reg_err;
	/* Cgroup text and the init's cgroup, read once for the registration
	 * and the helper's cgroups (cgroup_view.h). */
	struct cgroup_view cgv;
};

#define UPCALL_NULL ((struct upcall){ .where = PLACEMENT_NULL, .cgv = CGROUP_VIEW_NULL })

void upcall_release(struct upcall *u);

/*
 * The helper's context for a rule's options, before @deadline_ms. The
 * upcall must have been placed if the options name a context other than
 * the host. A container rule whose container is the host runs on the
 * host, like keyutils.
 */
int upcall_target(struct upcall *u, const struct rule_options *opt, long long deadline_ms,
		  struct exec_target *t);

/*
 * The checks between a prepared context and the helper's birth, shared by
 * every front. exec=host: open and check the host's @program into
 * *exec_fd (host_program_open(); stage one finishes it). The recursion
 * guard: @program must not be this broker when it would run on the host.
 * -errno with @why filled and *key_err the error the requester is to see.
 */
int upcall_exec_checks(const struct rule_options *opt, const char *program,
		       const struct exec_target *t, int *exec_fd, int *key_err, char *why, size_t why_len);
