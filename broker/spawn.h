/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>
#include <keyutils.h>

#include "exec_target.h"

struct spawn_args {
	const struct exec_target *t;
	const char *program;        /* path, resolved in the target's root */
	char *const *argv;
	bool exec_host;             /* exec @exec_fd, the host's program file */
	int exec_fd;
	int stdio[3];               /* become fds 0-2; -1: /dev/null */
	bool keep_session_keyring;  /* plain rules: the helper gets the _req keyring */
	key_serial_t assume_key;    /* ...and authority over this key, re-assumed inside */
	char *const *extra_env;     /* NAME=value entries added to the clean environment */
};

struct spawned {
	int wait_pidfd;     /* our child: waited for */
	int helper_pidfd;   /* the helper (a grandchild when a pid ns is entered) */
	pid_t helper_pid;   /* host pid = session id of the helper's tree */
	int err_fd;         /* the children report a failed set-up step here */
};

#define SPAWNED_NULL ((struct spawned){ .wait_pidfd = -1, .helper_pidfd = -1, .err_fd = -1 })

/* Start the helper in the target's context. */
int spawn_helper(const struct spawn_args *a, struct spawned *s);
/*
 * Reap our child. *status is a wait status; returns -errno (negative) when a
 * set-up step in the children failed before exec, with *step naming it.
 */
int spawn_reap(struct spawned *s, int *status, const char **step);
/* SIGKILL the helper and every process of its session. */
void spawn_kill_tree(const struct spawned *s);
void spawned_release(struct spawned *s);
