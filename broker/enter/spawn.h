/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>
#include <keyutils.h>

#include "exec_target.h"
#include "keyctl_proxy.h"
#include "pidref.h"

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
	long long deadline_ms;      /* CLOCK_MONOTONIC ms: every wait for the children ends here */
	const struct keyctl_proxy *proxy; /* plain container rules: keyctl() served by the broker */
	int notify_sock;            /* ...the helper sends its listener fd here (-1: none) */
};

struct spawned {
	/*
	 * Our children all: stage one; for a container, stage two and the
	 * helper too (CLONE_PARENT), each pid 0 (they live in the container's
	 * pid namespaces). For the host, the helper is stage one itself, a
	 * session leader, whose pid stays set only until it is reaped.
	 */
	struct pidref stage_one;
	struct pidref stage_two;
	struct pidref helper;
	bool host;
	bool reaped;        /* the waited child's wait status is in status */
	int status;
	int err_fd;         /* the children report a failed set-up step here */
	int sock;           /* a container's: its processes' pidfds come here */
};

#define SPAWNED_NULL ((struct spawned){ .stage_one = PIDREF_NULL, .stage_two = PIDREF_NULL, \
					.helper = PIDREF_NULL, .err_fd = -1, .sock = -1 })

/* Start the helper in the target's context. -ETIMEDOUT: the deadline
 * passed before the helper existed (s is still to be abandoned/reaped). */
int spawn_helper(const struct spawn_args *a, struct spawned *s);
/* The pidfd that polls readable when the upcall's helper has ended. */
int spawn_wait_fd(struct spawned *s);
/* 1 and *status once the helper has ended (without reaping it), else 0. */
int spawn_exited(struct spawned *s, int *status);
/*
 * Reap our children, waiting at most until @deadline_ms. *status is the
 * helper's wait status; returns -errno (negative) when a set-up step in
 * the children failed before exec, with *step naming it; -ETIMEDOUT if
 * one did not end (call again after spawn_abandon()).
 */
int spawn_reap(struct spawned *s, long long deadline_ms, int *status, const char **step);
/* SIGKILL the helper and everything it started. */
void spawn_kill(const struct spawned *s);
/* SIGKILL the stages too: for a helper whose end cannot be waited for. */
void spawn_abandon(const struct spawned *s);
void spawned_release(struct spawned *s);
