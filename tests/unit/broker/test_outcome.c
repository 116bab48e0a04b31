// SPDX-License-Identifier: GPL-2.0-or-later
/* The one classification of a helper's run that every front acts on. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "outcome.h"

static struct run_result *result(int status)
{
	struct run_result *res = calloc(1, sizeof(*res));

	assert_non_null(res);
	res->status = status;
	return res;
}

static void classify(void **state)
{
	struct run_result *res = result(0);
	struct run_outcome o;

	run_outcome_classify(0, res, "/p", 5000, &o);
	assert_int_equal(o.verdict, RUN_SUCCEEDED);
	assert_int_equal(o.key_err, 0);
	assert_int_equal(o.exit_code, 0);
	assert_string_equal(o.why, "");

	res->status = 7 << 8;   /* exited 7 */
	run_outcome_classify(0, res, "/p", 5000, &o);
	assert_int_equal(o.verdict, RUN_FAILED);
	assert_int_equal(o.key_err, 0);
	assert_int_equal(o.exit_code, 7);
	assert_string_equal(o.why, "/p exited 7");

	res->status = SIGKILL;  /* died on a signal */
	run_outcome_classify(0, res, "/p", 5000, &o);
	assert_int_equal(o.verdict, RUN_FAILED);
	assert_int_equal(o.exit_code, 1);
	assert_string_equal(o.why, "/p died on signal 9");

	/* A kill at the deadline ends in SIGKILL too: the cause wins. */
	res->timed_out = true;
	run_outcome_classify(0, res, "/p", 5000, &o);
	assert_int_equal(o.verdict, RUN_TIMED_OUT);
	assert_int_equal(o.key_err, ETIMEDOUT);
	assert_int_equal(o.exit_code, 1);
	assert_string_equal(o.why, "/p timed out after 5000ms, killed");

	res->timed_out = false;
	res->flooded = true;
	run_outcome_classify(0, res, "/p", 5000, &o);
	assert_int_equal(o.verdict, RUN_FLOODED);
	assert_int_equal(o.key_err, EMSGSIZE);

	res->flooded = false;
	res->status = 0;
	res->setup_err = -EPERM;
	res->setup_step = "setns";
	run_outcome_classify(0, res, "/p", 5000, &o);
	assert_int_equal(o.verdict, RUN_SETUP_FAILED);
	assert_int_equal(o.key_err, ENOKEY);
	assert_int_equal(o.exit_code, 1);
	assert_non_null(strstr(o.why, "setns failed"));

	/* Not started: res is not read at all. */
	run_outcome_classify(-ENOMEM, NULL, "/p", 5000, &o);
	assert_int_equal(o.verdict, RUN_NOT_STARTED);
	assert_int_equal(o.key_err, ENOKEY);
	assert_int_equal(o.exit_code, 1);
	assert_non_null(strstr(o.why, "cannot start /p"));
	free(res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(classify),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
