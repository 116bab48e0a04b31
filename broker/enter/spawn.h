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
	struct pidref stage_one; /* our child: waited for */
	/*
	 * The helper: pid 1 of its own pid namespace for a container (pid
	 * unknown, 0); for the host it is stage one itself, our child and a
	 * session leader, and its pid stays set only until it is reaped.
	 */
	struct pidref helper;
	bool host;
	int err_fd;         /* the children report a failed set-up step here */
};

#define SPAWNED_NULL ((struct spawned){ .stage_one = PIDREF_NULL, .helper = PIDREF_NULL, .err_fd = -1 })

/* Start the helper in the target's context. -ETIMEDOUT: the deadline
 * passed before the helper existed (s is still to be abandoned/reaped). */
int spawn_helper(const struct spawn_args *a, struct spawned *s);
/* 1 and *status once our child has ended (without reaping it), else 0. */
int spawn_exited(const struct spawned *s, int *status);
/*
 * Reap our child, waiting at most until @deadline_ms. *status is a wait
 * status; returns -errno (negative) when a set-up step in the children
 * failed before exec, with *step naming it; -ETIMEDOUT if it did not end.
 */
int spawn_reap(struct spawned *s, long long deadline_ms, int *status, const char **step);
/* SIGKILL the helper and everything it started. */
void spawn_kill(const struct spawned *s);
/* SIGKILL stage one too: for a helper whose end cannot be waited for. */
void spawn_abandon(const struct spawned *s);
void spawned_release(struct spawned *s);
