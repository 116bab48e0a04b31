/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a helper's run came to, decided in one place for every front: the
 * request-key front turns it into the key's fate, the usermode-helper
 * front into its exit status.
 */
#pragma once

#include <stddef.h>

#include "run.h"

enum run_verdict {
	RUN_SUCCEEDED,     /* exited 0 */
	RUN_FAILED,        /* exited non-zero or died on a signal */
	RUN_NOT_STARTED,   /* run_helper() failed */
	RUN_SETUP_FAILED,  /* a set-up step in the children failed before exec */
	RUN_TIMED_OUT,     /* killed at the deadline */
	RUN_FLOODED,       /* killed for writing more than RUN_MAX_PAYLOAD */
};

struct run_outcome {
	enum run_verdict verdict;
	/* For a key the broker ends itself: the error the requester sees
	 * (ENOKEY, ETIMEDOUT, EMSGSIZE); 0 for RUN_SUCCEEDED and RUN_FAILED,
	 * whose handling depends on the rule's form. */
	int key_err;
	int exit_code;     /* the helper's exit code; 1 when it has none */
	char why[256];     /* for the log; empty for RUN_SUCCEEDED */
};

/*
 * @run_err is run_helper()'s return, @res its result (unread if @run_err
 * < 0), @program and @timeout_ms only name the helper in @o->why.
 */
void run_outcome_classify(int run_err, const struct run_result *res, const char *program,
			  unsigned timeout_ms, struct run_outcome *o);
