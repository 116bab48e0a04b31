/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "spawn.h"

#define RUN_MAX_PAYLOAD 32768   /* keyutils' limit for |pipe programs */
#define RUN_REAP_GRACE_MS 1000  /* after a kill, per stage still to be reaped */

struct run_result {
	int status;           /* wait status of the helper */
	bool timed_out;
	bool flooded;         /* wrote more than RUN_MAX_PAYLOAD */
	bool abandoned;       /* could not be reaped in time after the kill */
	int setup_err;        /* -errno of a failed set-up step, or 0 */
	const char *setup_step;
	char payload[RUN_MAX_PAYLOAD];
	size_t payload_len;
};

/*
 * Run a helper to completion under a->deadline_ms. With @input the helper
 * gets it on stdin and its stdout is captured as the payload; its stderr
 * always goes to syslog line by line. On timeout or flood the helper and
 * everything it started are killed. Returns within the deadline plus
 * 2 * RUN_REAP_GRACE_MS whatever the container does: 0 when the helper
 * ran (see res), -errno when it could not be started.
 */
int run_helper(struct spawn_args *a, const char *input, struct run_result *res);

/* CLOCK_MONOTONIC in milliseconds, the clock of every deadline. */
long long now_ms(void);
