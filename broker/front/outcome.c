// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "outcome.h"

void run_outcome_classify(int run_err, const struct run_result *res, const char *program,
			  unsigned timeout_ms, struct run_outcome *o)
{
	*o = (struct run_outcome){ .exit_code = 1 };
	/* A kill at the deadline or for a flood also ends in a failed status
	 * (or a setup error): the cause comes first. */
	if (run_err < 0) {
		o->verdict = RUN_NOT_STARTED;
		o->key_err = ENOKEY;
		snprintf(o->why, sizeof(o->why), "cannot start %s: %s", program, strerror(-run_err));
	} else if (res->timed_out) {
		o->verdict = RUN_TIMED_OUT;
		o->key_err = ETIMEDOUT;
		snprintf(o->why, sizeof(o->why), "%s timed out after %ums, killed", program, timeout_ms);
	} else if (res->flooded) {
		o->verdict = RUN_FLOODED;
		o->key_err = EMSGSIZE;
		snprintf(o->why, sizeof(o->why), "%s wrote more than %d bytes, killed", program,
			 RUN_MAX_PAYLOAD);
	} else if (res->setup_err) {
		o->verdict = RUN_SETUP_FAILED;
		o->key_err = ENOKEY;
		snprintf(o->why, sizeof(o->why), "%s: %s failed: %s", program,
			 res->setup_step ? res->setup_step : "set-up", strerror(-res->setup_err));
	} else if (WIFEXITED(res->status) && WEXITSTATUS(res->status) == 0) {
		o->verdict = RUN_SUCCEEDED;
		o->exit_code = 0;
	} else {
		o->verdict = RUN_FAILED;
		if (WIFEXITED(res->status))
			o->exit_code = WEXITSTATUS(res->status);
		snprintf(o->why, sizeof(o->why), "%s %s %d", program,
			 WIFEXITED(res->status) ? "exited" : "died on signal",
			 WIFEXITED(res->status) ? WEXITSTATUS(res->status) : WTERMSIG(res->status));
	}
}
