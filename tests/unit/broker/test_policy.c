// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The container-manager policy (doc/registration.md): the registration's
 * value grammar, the rule words registered= and unregistered=, the
 * decision they make together, and the walk up to the nearest registration.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <cmocka.h>

#include "config.h"
#include "decision.h"
#include "reg_value.h"
#include "registration.h"
#include "umh_conf.h"
#include "unit_util.h"

static void value_grammar(void **state)
{
	static const struct {
		const char *v;
		size_t len;
		enum reg_policy p;
	} cases[] = {
		{ "inside", 6, REG_INSIDE }, { "host", 4, REG_HOST }, { "refuse", 6, REG_REFUSE },
		{ "refuse\n", 7, REG_REFUSE }, { "host\n", 5, REG_HOST },
		{ "refuse\n\n", 8, REG_MALFORMED }, { "\nrefuse", 7, REG_MALFORMED },
		{ "Refuse", 6, REG_MALFORMED }, { "REFUSE", 6, REG_MALFORMED }, { "refuse ", 7, REG_MALFORMED },
		{ " refuse", 7, REG_MALFORMED }, { "refus", 5, REG_MALFORMED }, { "refused", 7, REG_MALFORMED },
		{ "hos", 3, REG_MALFORMED }, { "hostile", 7, REG_MALFORMED }, { "", 0, REG_MALFORMED },
		{ "\n", 1, REG_MALFORMED }, { "host\0x", 6, REG_MALFORMED }, { "host\0", 5, REG_MALFORMED },
		{ "inside,host", 11, REG_MALFORMED }, { "1", 1, REG_MALFORMED }, { "none", 4, REG_MALFORMED },
		{ "obey", 4, REG_MALFORMED }, { "refuse\r\n", 8, REG_MALFORMED },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		enum reg_policy p = reg_value_parse(cases[i].v, cases[i].len);

		if (p != cases[i].p)
			fail_msg("value '%.*s' (%zu bytes): %s, expected %s", (int)cases[i].len, cases[i].v,
				 cases[i].len, reg_policy_name(p), reg_policy_name(cases[i].p));
	}
}

static void rule_words(void **state)
{
	static const struct {
		const char *word;
		enum policy_action reg, unreg;
	} good[] = {
		{ "[container]", POLICY_OBEY, POLICY_OBEY },
		{ "[container,registered=obey]", POLICY_OBEY, POLICY_OBEY },
		{ "[container,registered=refuse]", POLICY_REFUSE, POLICY_OBEY },
		{ "[container,unregistered=refuse]", POLICY_OBEY, POLICY_REFUSE },
		{ "[requester,unregistered=host,registered=inside]", POLICY_INSIDE, POLICY_HOST },
		{ "[container,exec=host,unregistered=inside,timeout=5]", POLICY_OBEY, POLICY_INSIDE },
	};
	static const char *const bad[] = {
		"[host,registered=refuse]", "[unregistered=refuse]", "[container,unregistered=obey]",
		"[container,registered=Refuse]", "[container,registered=]", "[container,registered]",
		"[container,registered=refuse,registered=host]", "[container,unregistered=host,unregistered=host]",
		"[container,registered=any]", "[container,unregistered=refuse ]",
	};
	struct rule r;
	char line[256], *log;

	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		snprintf(line, sizeof(line), "create user * * %s /x", good[i].word);
		if (ut_rk_line(line, &r, &log) != 1)
			fail_msg("'%s' refused: %s", good[i].word, log);
		assert_int_equal(r.opt.registered, good[i].reg);
		assert_int_equal(r.opt.unregistered, good[i].unreg);
		rule_free(&r);
		free(log);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(line, sizeof(line), "create user * * %s /x", bad[i]);
		if (ut_rk_line(line, &r, &log) != -EINVAL || !strstr(log, "r.conf:3: "))
			fail_msg("'%s' accepted or unlogged: '%s'", bad[i], log);
		free(log);
	}
	/* umh.conf takes the same words. */
	struct umh_rule u;
	struct ut_capture cap;

	ut_capture_begin(&cap);
	assert_int_equal(umh_conf_parse_line("x [container,registered=host,unregistered=refuse] /p", "u", 1, &u), 1);
	free(ut_capture_end(&cap));
	assert_int_equal(u.opt.registered, POLICY_HOST);
	assert_int_equal(u.opt.unregistered, POLICY_REFUSE);
	umh_rule_free(&u);
}

static void decisions(void **state)
{
	static const enum reg_policy regs[] = { REG_NONE, REG_INSIDE, REG_HOST, REG_REFUSE, REG_MALFORMED };
	/* expected[registered word][unregistered word][registration] */
	static const enum decision I = DECIDE_INSIDE, H = DECIDE_HOST, R = DECIDE_REFUSE;
	static const struct {
		enum policy_action reg, unreg;
		enum decision want[5];
	} cases[] = {
		/* the defaults: unregistered as the rule says, registered as registered */
		{ POLICY_OBEY, POLICY_OBEY, { I, I, H, R, I } },
		{ POLICY_OBEY, POLICY_INSIDE, { I, I, H, R, I } },
		{ POLICY_OBEY, POLICY_HOST, { H, I, H, R, H } },
		{ POLICY_OBEY, POLICY_REFUSE, { R, I, H, R, R } },
		{ POLICY_INSIDE, POLICY_REFUSE, { R, I, I, I, R } },
		{ POLICY_HOST, POLICY_OBEY, { I, H, H, H, I } },
		{ POLICY_REFUSE, POLICY_OBEY, { I, R, R, R, I } },
		{ POLICY_REFUSE, POLICY_HOST, { H, R, R, R, H } },
	};

	for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
		struct rule_options o = RULE_OPTIONS_DEFAULT;

		o.context = EXEC_CONTAINER;
		o.registered = cases[c].reg;
		o.unregistered = cases[c].unreg;
		for (size_t i = 0; i < ARRAY_SIZE(regs); i++) {
			enum decision d = policy_decide(&o, regs[i]);

			if (d != cases[c].want[i])
				fail_msg("registered=%s unregistered=%s, registration %s: %s, expected %s",
					 policy_action_name(cases[c].reg), policy_action_name(cases[c].unreg),
					 reg_policy_name(regs[i]), decision_name(d), decision_name(cases[c].want[i]));
		}
	}
}

/*
 * The walk on an ordinary directory tree (trusted.* xattrs on ext4/tmpfs
 * as on cgroupfs): nearest wins, the root's own value is ignored, a
 * malformed nearest one is not skipped for a valid one further up.
 */
static void walk(void **state)
{
	char *top = ut_mkdtemp(), p[512];
	int root, dir;
	struct registration reg;

	assert_non_null(top);
	if (!top)
		return;   /* for the compiler: assert_non_null() has already failed */
	snprintf(p, sizeof(p), "%s/a/b/c", top);
	for (char *s = p + strlen(top) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	assert_int_equal(mkdir(p, 0755), 0);
	if (setxattr(top, REGISTRATION_XATTR, "refuse", 6, 0) < 0) {
		ut_rm_rf(top);
		skip();   /* not root, or a file system without trusted.* */
	}
	root = open(top, O_RDONLY | O_DIRECTORY);
	dir = open(p, O_RDONLY | O_DIRECTORY);
	assert_true(root >= 0 && dir >= 0);

	/* Only the root carries one: none (the root names no container). */
	assert_int_equal(registration_walk(root, dir, "/a/b/c", &reg), 0);
	assert_int_equal(reg.policy, REG_NONE);
	assert_string_equal(reg.cgroup, "");

	snprintf(p, sizeof(p), "%s/a", top);
	assert_int_equal(setxattr(p, REGISTRATION_XATTR, "host\n", 5, 0), 0);
	assert_int_equal(registration_walk(root, dir, "/a/b/c", &reg), 0);
	assert_int_equal(reg.policy, REG_HOST);
	assert_string_equal(reg.cgroup, "/a");

	snprintf(p, sizeof(p), "%s/a/b", top);
	assert_int_equal(setxattr(p, REGISTRATION_XATTR, "Inside", 6, 0), 0);
	assert_int_equal(registration_walk(root, dir, "/a/b/c", &reg), 0);
	assert_int_equal(reg.policy, REG_MALFORMED);
	assert_string_equal(reg.cgroup, "/a/b");
	assert_string_equal(reg.raw, "Inside");

	assert_int_equal(setxattr(p, REGISTRATION_XATTR, "inside\001\n\n", 9, 0), 0);
	assert_int_equal(registration_walk(root, dir, "/a/b/c", &reg), 0);
	assert_int_equal(reg.policy, REG_MALFORMED);
	assert_string_equal(reg.raw, "inside\\x01\\x0a\\x0a");

	assert_int_equal(setxattr(p, REGISTRATION_XATTR, "refuserefuserefuserefuse", 24, 0), 0);
	assert_int_equal(registration_walk(root, dir, "/a/b/c", &reg), 0);
	assert_int_equal(reg.policy, REG_MALFORMED);

	assert_int_equal(setxattr(p, REGISTRATION_XATTR, "inside", 6, 0), 0);
	assert_int_equal(registration_walk(root, dir, "/a/b/c", &reg), 0);
	assert_int_equal(reg.policy, REG_INSIDE);
	assert_string_equal(reg.cgroup, "/a/b");

	/* The start itself counts. */
	snprintf(p, sizeof(p), "%s/a/b/c", top);
	assert_int_equal(setxattr(p, REGISTRATION_XATTR, "refuse", 6, 0), 0);
	assert_int_equal(registration_walk(root, dir, "/a/b/c", &reg), 0);
	assert_int_equal(reg.policy, REG_REFUSE);
	assert_string_equal(reg.cgroup, "/a/b/c");

	/* Starting at the root: nothing. */
	assert_int_equal(registration_walk(root, root, "/", &reg), 0);
	assert_int_equal(reg.policy, REG_NONE);
	close(dir);
	close(root);
	ut_rm_rf(top);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(value_grammar),
		cmocka_unit_test(rule_words),
		cmocka_unit_test(decisions),
		cmocka_unit_test(walk),
	};

	ut_log_setup();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
