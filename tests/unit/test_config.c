// SPDX-License-Identifier: GPL-2.0-or-later
/* Config parsing, best match (keyutils' rule and its bug cases) and macros. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "log.h"
#include "macro.h"

static struct config make(const char *const *lines)
{
	struct config c = { 0 };

	for (unsigned i = 0; lines[i]; i++) {
		struct rule r;
		if (config_parse_line(lines[i], "t.conf", i + 1, i, &r) == 1) {
			c.rules = realloc(c.rules, (c.n_rules + 1) * sizeof(r));
			c.rules[c.n_rules++] = r;
		}
	}
	return c;
}

static unsigned match_line(const struct config *c, const char *op, const char *type,
			   const char *desc, const char *callout)
{
	const struct rule *r = config_match(c, op, type, desc, callout);
	return r ? r->line : 0;
}

static void parse_forms(void **state)
{
	struct rule r;

	assert_int_equal(config_parse_line("create user debug:* * /bin/keyctl negate %k 30 %S", "f", 1, 0, &r), 1);
	assert_string_equal(r.op, "create");
	assert_string_equal(r.desc, "debug:*");
	assert_string_equal(r.program, "/bin/keyctl");
	assert_int_equal(r.argc, 5);
	assert_string_equal(r.argv[0], "keyctl");
	assert_string_equal(r.argv[4], "%S");
	assert_false(r.pipe);
	assert_int_equal(r.context, EXEC_HOST);
	assert_int_equal(r.timeout_ms, RULE_DEFAULT_TIMEOUT_MS);
	rule_free(&r);

	assert_int_equal(config_parse_line("create\tuser\tdebug:loop:*\t*\t\t|/bin/cat", "f", 2, 0, &r), 1);
	assert_true(r.pipe);
	assert_string_equal(r.program, "/bin/cat");
	assert_string_equal(r.argv[0], "cat");
	rule_free(&r);
}

static void parse_options(void **state)
{
	struct rule r;

	assert_int_equal(config_parse_line("create dns_resolver * * [container,timeout=10] /sbin/key.dns_resolver %k", "f", 1, 0, &r), 1);
	assert_int_equal(r.context, EXEC_CONTAINER);
	assert_int_equal(r.timeout_ms, 10000);
	assert_false(r.exec_host);
	rule_free(&r);
	assert_int_equal(config_parse_line("create x * * [requester,exec=host,timeout=250ms] |/x", "f", 1, 0, &r), 1);
	assert_int_equal(r.context, EXEC_REQUESTER);
	assert_true(r.exec_host);
	assert_true(r.pipe);
	assert_int_equal(r.timeout_ms, 250);
	rule_free(&r);
	assert_int_equal(config_parse_line("create x * * [host] /x", "f", 1, 0, &r), 1);
	assert_int_equal(r.context, EXEC_HOST);
	rule_free(&r);
}

static void parse_errors(void **state)
{
	struct rule r;
	char *long_line = malloc(5000);

	assert_int_equal(config_parse_line("# comment", "f", 1, 0, &r), 0);
	assert_int_equal(config_parse_line(" create user * * /x", "f", 1, 0, &r), 0);
	assert_int_equal(config_parse_line("", "f", 1, 0, &r), 0);
	assert_int_equal(config_parse_line("create user * *", "f", 1, 0, &r), -EINVAL);
	assert_int_equal(config_parse_line("create user *", "f", 1, 0, &r), -EINVAL);
	assert_int_equal(config_parse_line("create user * * |", "f", 1, 0, &r), -EINVAL);
	assert_int_equal(config_parse_line("create user * * [container]", "f", 1, 0, &r), -EINVAL);
	assert_int_equal(config_parse_line("create user * * [bogus] /x", "f", 1, 0, &r), -EINVAL);
	assert_int_equal(config_parse_line("create user * * [container /x", "f", 1, 0, &r), -EINVAL);
	assert_int_equal(config_parse_line("create user * * [timeout=0] /x", "f", 1, 0, &r), -EINVAL);
	assert_int_equal(config_parse_line("create user * * [timeout=-5] /x", "f", 1, 0, &r), -EINVAL);
	assert_int_equal(config_parse_line("create user * * [timeout=99999999999] /x", "f", 1, 0, &r), -EINVAL);
	assert_int_equal(config_parse_line("create user * * [timeout=5h] /x", "f", 1, 0, &r), -EINVAL);
	assert_int_equal(config_parse_line("create user * * [exec=host] /x", "f", 1, 0, &r), -EINVAL);
	memset(long_line, 'a', 4999);
	long_line[4999] = '\0';
	assert_int_equal(config_parse_line(long_line, "f", 1, 0, &r), -EINVAL);
	free(long_line);
}

static void parse_too_many_args(void **state)
{
	char line[2048] = "create user * * /x";
	struct rule r;

	for (int i = 0; i < RULE_MAX_ARGS + 5; i++)
		strcat(line, " a");
	assert_int_equal(config_parse_line(line, "f", 1, 0, &r), -EINVAL);
}

static void best_match_least_wildcard(void **state)
{
	const char *lines[] = {
		"create * * * /any",
		"create user * * /user-any",
		"create user debug:* * /debug",
		"create user debug:loop:* * /loop",
		"create user debug:loop:x * /exact",
		"create user debug:loop:x * /exact-second",
		"negate * * * /negate",
		NULL,
	};
	struct config c = make(lines);

	assert_int_equal(c.n_rules, 7);
	assert_int_equal(match_line(&c, "create", "user", "debug:loop:x", "c"), 5);  /* tie: first */
	assert_int_equal(match_line(&c, "create", "user", "debug:loop:y", "c"), 4);
	assert_int_equal(match_line(&c, "create", "user", "debug:z", "c"), 3);
	assert_int_equal(match_line(&c, "create", "user", "other", "c"), 2);
	assert_int_equal(match_line(&c, "create", "dns_resolver", "x", "c"), 1);
	assert_int_equal(match_line(&c, "negate", "user", "debug:x", "c"), 7);
	assert_int_equal(match_line(&c, "update", "user", "x", "c"), 0);
	config_free(&c);
}

static void best_match_field_order(void **state)
{
	/* Absorption is compared field by field: a tighter type beats a tighter description. */
	const char *lines[] = {
		"create * exact * /wild-type",
		"create user * * /exact-type",
		NULL,
	};
	struct config c = make(lines);

	assert_int_equal(match_line(&c, "create", "user", "exact", "c"), 2);
	config_free(&c);
}

static void middle_wildcard(void **state)
{
	/* keyutils 1.6.3 compared the suffix from the wrong pointer. */
	assert_int_equal(pattern_match("abc*def", "abcXYZdef"), 3);
	assert_int_equal(pattern_match("abc*def", "abcdef"), 0);
	assert_int_equal(pattern_match("abc*def", "abcXYZdeg"), -1);
	assert_int_equal(pattern_match("abc*def", "abXdef"), -1);
	assert_int_equal(pattern_match("abc*def", "abcdefabc"), -1);
	assert_int_equal(pattern_match("abc*def", "abcdf"), -1);
	assert_int_equal(pattern_match("abc*cde", "abcde"), -1);    /* overlap is no match */
	assert_int_equal(pattern_match("*", ""), 0);
	assert_int_equal(pattern_match("*", "abc"), 3);
	assert_int_equal(pattern_match("*c", "abc"), 2);
	assert_int_equal(pattern_match("a*", "abc"), 2);
	assert_int_equal(pattern_match("abc", "abc"), 0);
	assert_int_equal(pattern_match("abc", "abcd"), -1);
	assert_int_equal(pattern_match("", ""), 0);
}

static void real_files(void **state)
{
	struct config c;

	assert_int_equal(config_load(&c, DATA_DIR), 0);
	/* id_resolver, cifs.spnego, cifs.idmap, then the 8 rules of Debian's file;
	 * hidden files and names not ending in .conf are skipped. */
	assert_int_equal(c.n_rules, 3 + 8);
	const struct rule *r = config_match(&c, "create", "id_resolver", "uid:alice@example.org", "");
	assert_non_null(r);
	assert_string_equal(r->program, "/usr/sbin/nfsidmap");
	assert_string_equal(r->argv[4], "%d");
	r = config_match(&c, "create", "cifs.spnego", "ver=0x2;host=srv", "");
	assert_non_null(r);
	assert_string_equal(r->program, "/usr/sbin/cifs.upcall");
	r = config_match(&c, "create", "user", "debug:loop:x", "");
	assert_non_null(r);
	assert_true(r->pipe);
	assert_string_equal(r->program, "/bin/cat");
	r = config_match(&c, "create", "user", "debug:foo", "");
	assert_string_equal(r->program, "/usr/share/keyutils/request-key-debug.sh");
	r = config_match(&c, "create", "user", "debug:foo", "negate");
	assert_string_equal(r->program, "/bin/keyctl");
	assert_string_equal(r->argv[1], "negate");
	r = config_match(&c, "negate", "user", "x", "");
	assert_string_equal(r->argv[1], "negate");
	r = config_match(&c, "create", "dns_resolver", "example.org", "");
	assert_string_equal(r->program, "/sbin/key.dns_resolver");
	config_free(&c);
}

static char *fake_lookup(const char *type, const char *desc, void *data)
{
	if (!strcmp(type, "user") && !strcmp(desc, "krb5"))
		return strdup("ticket");
	errno = ENOKEY;
	return NULL;
}

static void macros(void **state)
{
	struct macro_env e = {
		.op = "create", .key = "123", .type = "user", .desc = "d:x", .callout = "c o",
		.uid = "0", .gid = "1", .thread = "0", .process = "5", .session = "6",
		.lookup = fake_lookup,
	};
	char *out;

	const char *cases[][2] = {
		{ "%o", "create" }, { "%k", "123" }, { "%t", "user" }, { "%d", "d:x" },
		{ "%c", "c o" }, { "%u", "0" }, { "%g", "1" }, { "%T", "0" }, { "%P", "5" },
		{ "%S", "6" }, { "%%k", "%k" }, { "x%k", "x%k" }, { "%kx", "%kx" },
		{ "plain", "plain" }, { "%{user:krb5}", "ticket" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(macro_expand_arg(cases[i][0], &e, &out), 0);
		assert_string_equal(out, cases[i][1]);
		free(out);
	}
	assert_int_equal(macro_expand_arg("%", &e, &out), -EINVAL);
	assert_int_equal(macro_expand_arg("%z", &e, &out), -EINVAL);
	assert_int_equal(macro_expand_arg("%{user:missing}", &e, &out), -ENOKEY);
	assert_int_equal(macro_expand_arg("%{user}", &e, &out), -EINVAL);
	assert_int_equal(macro_expand_arg("%{user:x", &e, &out), -EINVAL);
	assert_int_equal(macro_expand_arg("%{user:x}y", &e, &out), -EINVAL);
	assert_int_equal(macro_expand_arg("%{:x}", &e, &out), -EINVAL);
	assert_int_equal(macro_expand_arg("%{user:}", &e, &out), -EINVAL);

	char *argv[] = { "%k", "%k", "%d", NULL };
	char **v;
	assert_int_equal(macro_expand_argv(argv, &e, &v), 0);
	assert_string_equal(v[0], "%k");   /* argv[0] is never expanded */
	assert_string_equal(v[1], "123");
	assert_string_equal(v[2], "d:x");
	assert_null(v[3]);
	strv_free(v);
	char *bad[] = { "x", "%q", NULL };
	assert_int_equal(macro_expand_argv(bad, &e, &v), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_forms),
		cmocka_unit_test(parse_options),
		cmocka_unit_test(parse_errors),
		cmocka_unit_test(parse_too_many_args),
		cmocka_unit_test(best_match_least_wildcard),
		cmocka_unit_test(best_match_field_order),
		cmocka_unit_test(middle_wildcard),
		cmocka_unit_test(real_files),
		cmocka_unit_test(macros),
	};
	broker_log_setup(false, false);
	broker_log_no_syslog();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
