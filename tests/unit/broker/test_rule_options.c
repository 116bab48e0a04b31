// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The options word shared by request-key.conf and umh.conf: both files
 * must accept the same words and reject the same bad ones.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "umh_conf.h"
#include "unit_util.h"

static void timeout_values(void **state)
{
	static const struct {
		const char *v;
		int ret;
		unsigned ms;
	} cases[] = {
		{ "10", 0, 10000 }, { "10s", 0, 10000 }, { "250ms", 0, 250 }, { "1ms", 0, 1 },
		{ "007", 0, 7000 }, { "86400", 0, 86400000 }, { "86400000ms", 0, 86400000 },
		{ "10x", -EINVAL, 0 }, { "", -EINVAL, 0 }, { "ms", -EINVAL, 0 }, { "s", -EINVAL, 0 },
		{ "+5", -EINVAL, 0 }, { "-5", -EINVAL, 0 }, { " 5", -EINVAL, 0 }, { "0x10", -EINVAL, 0 },
		{ "1.5", -EINVAL, 0 }, { "5m", -EINVAL, 0 }, { "5sms", -EINVAL, 0 },
		{ "0", -ERANGE, 0 }, { "0ms", -ERANGE, 0 }, { "86401", -ERANGE, 0 },
		{ "86400001ms", -ERANGE, 0 },
		/* atoi(v) * 1000u wrapped these around to small positive values. */
		{ "4294968", -ERANGE, 0 }, { "4294967296", -ERANGE, 0 },
		{ "18446744073709551617ms", -ERANGE, 0 },
		{ "99999999999999999999999999999999", -ERANGE, 0 },
		{ "9999999999999999999999999999999x", -EINVAL, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned ms = 0;
		int r = rule_timeout_parse(cases[i].v, &ms);

		if (r != cases[i].ret || (r == 0 && ms != cases[i].ms))
			fail_msg("timeout '%s': ret %d ms %u", cases[i].v, r, ms);
	}
}

/* Parse one umh.conf line; 1 and the rule, or the error with the log. */
static int umh_line(const char *line, struct umh_rule *r, char **log)
{
	struct ut_capture cap;
	int ret;

	ut_capture_begin(&cap);
	ret = umh_conf_parse_line(line, "u.conf", 3, r);
	*log = ut_capture_end(&cap);
	return ret;
}

/* The same options word in both files: same verdict, same message. */
static void same_in_both_files(void **state)
{
	static const char *const words[] = {
		"[timeout=10x]", "[timeout=4294968]", "[timeout=99999999999999999999]", "[timeout=0]",
		"[bogus]", "[container,bogus]", "[]", "[container,,timeout=5]", "[host,container]",
		"[exec=host]", "[host,exec=host]", "[timeout=5,timeout=6]", "[container",
		"[container,exec=host]", "[container,exec=host,seccomp=skip,timeout=250ms]",
		"[host,timeout=7]", "[container,seccomp=skip]",
		"[container,registered=host,unregistered=refuse]", "[host,registered=refuse]",
		"[container,unregistered=obey]", "[container,registered=refuse,registered=refuse]",
	};

	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		char rk[256], umh[256], *rk_log, *umh_log;
		struct rule r;
		struct umh_rule u;
		int a, b;

		snprintf(rk, sizeof(rk), "create user * * %s /x", words[i]);
		snprintf(umh, sizeof(umh), "nfsdcltrack %s /x", words[i]);
		a = ut_rk_line(rk, &r, &rk_log);
		b = umh_line(umh, &u, &umh_log);
		if (a != b || (a < 0 && strcmp(strchr(rk_log, ':'), strchr(umh_log, ':'))))
			fail_msg("'%s': request-key.conf %d '%s', umh.conf %d '%s'", words[i], a, rk_log, b,
				 umh_log);
		if (a == 1) {
			assert_memory_equal(&r.opt, &u.opt, sizeof(r.opt));
			rule_free(&r);
		}
		umh_rule_free(&u);
		free(rk_log);
		free(umh_log);
	}
}

static void umh_lines(void **state)
{
	struct umh_rule r;
	char *log;

	assert_int_equal(umh_line("nfsdcltrack [container,exec=host,timeout=5] /sbin/x", &r, &log), 1);
	assert_string_equal(r.name, "nfsdcltrack");
	assert_string_equal(r.program, "/sbin/x");
	assert_int_equal(r.opt.context, EXEC_CONTAINER);
	assert_true(r.opt.exec_host);
	assert_int_equal(r.opt.timeout_ms, 5000);
	umh_rule_free(&r);
	free(log);

	assert_int_equal(umh_line("other /sbin/y", &r, &log), 1);
	assert_int_equal(r.opt.context, EXEC_HOST);
	assert_int_equal(r.opt.timeout_ms, RULE_DEFAULT_TIMEOUT_MS);
	umh_rule_free(&r);
	free(log);

	static const char *const blank[] = { "", "# comment", "   ", "\t# indented comment" };
	for (size_t i = 0; i < ARRAY_SIZE(blank); i++) {
		assert_int_equal(umh_line(blank[i], &r, &log), 0);
		free(log);
	}
	/* A usermode helper has no requester; extra words would be dropped. */
	static const char *const bad[] = {
		"x [requester] /p", "x", "x [container]", "x relative", "x /p extra", "x [timeout=10x] /p",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		if (umh_line(bad[i], &r, &log) != -EINVAL || !strstr(log, "u.conf:3: "))
			fail_msg("'%s' accepted or unlogged: '%s'", bad[i], log);
		assert_string_equal(r.name, "x");
		umh_rule_free(&r);
		free(log);
	}
}

static void umh_find(void **state)
{
	char *dir = ut_mkdtemp(), path[512];
	static const char conf[] =
		"# name options program\n"
		"broken [bogus] /p\n"
		"nfsdcltrack [container,timeout=3] /usr/sbin/nfsdcltrack\n"
		"nfsdcltrack /second\n"
		"bad [timeout=10x] /p\n"
		"bad /later\n";
	struct umh_rule r;
	struct ut_capture cap;

	assert_int_equal(ut_write(dir, "umh.conf", conf, sizeof(conf) - 1), 0);
	snprintf(path, sizeof(path), "%s/umh.conf", dir);
	ut_capture_begin(&cap);
	assert_int_equal(umh_conf_find(path, "nfsdcltrack", &r), 0);
	assert_string_equal(r.program, "/usr/sbin/nfsdcltrack");
	assert_int_equal(r.line, 3);
	assert_int_equal(r.opt.timeout_ms, 3000);
	umh_rule_free(&r);
	/* A broken line for the helper fails it; a later line is not used. */
	assert_int_equal(umh_conf_find(path, "bad", &r), -EINVAL);
	assert_int_equal(umh_conf_find(path, "none", &r), -ENOENT);
	snprintf(path, sizeof(path), "%s/missing.conf", dir);
	assert_int_equal(umh_conf_find(path, "nfsdcltrack", &r), -ENOENT);
	free(ut_capture_end(&cap));
	ut_rm_rf(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(timeout_values),
		cmocka_unit_test(same_in_both_files),
		cmocka_unit_test(umh_lines),
		cmocka_unit_test(umh_find),
	};

	ut_log_setup();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
