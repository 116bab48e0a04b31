// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * request-key argument macros, matching keyutils 1.6.3 execute_program():
 * whole-argument macros only, "%%" escapes, %{type:desc} key substitution
 * and its error cases.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "macro.h"
#include "unit_util.h"

struct lookup_log {
	char type[64], desc[64];
	int calls;
};

static char *fake_lookup(const char *type, const char *desc, void *data)
{
	struct lookup_log *l = data;

	if (l) {
		snprintf(l->type, sizeof(l->type), "%s", type);
		snprintf(l->desc, sizeof(l->desc), "%s", desc);
		l->calls++;
	}
	if (!strcmp(type, "user") && !strcmp(desc, "krb5"))
		return strdup("ticket");
	if (!strcmp(type, "user") && !strcmp(desc, "b:c"))
		return strdup("colon");
	if (!strcmp(type, "a}") && !strcmp(desc, "b"))
		return strdup("brace");
	if (!strcmp(type, "user") && !strcmp(desc, "empty"))
		return strdup("");
	if (!strcmp(type, "user") && !strcmp(desc, "nl"))
		return strdup("a\nb");
	if (!strcmp(type, "user") && !strcmp(desc, "del"))
		return strdup("a\x7f");
	if (!strcmp(type, "user") && !strcmp(desc, "high"))
		return strdup("caf\xc3\xa9");
	if (!strcmp(type, "user") && !strcmp(desc, "tab"))
		return strdup("a\tb");
	if (!strcmp(type, "user") && !strcmp(desc, "denied")) {
		errno = EACCES;
		return NULL;
	}
	if (!strcmp(type, "user") && !strcmp(desc, "noerrno")) {
		errno = 0;
		return NULL;
	}
	errno = ENOKEY;
	return NULL;
}

static struct macro_env env(struct lookup_log *l)
{
	return (struct macro_env){
		.op = "create", .key = "123", .type = "user", .desc = "d:x y", .callout = "c o",
		.uid = "1000", .gid = "1001", .thread = "0", .process = "5", .session = "6",
		.lookup = fake_lookup, .lookup_data = l,
	};
}

static void expect(const struct macro_env *e, const char *arg, const char *want)
{
	char *out = (char *)1;
	int r = macro_expand_arg(arg, e, &out);

	if (r != 0 || !out || strcmp(out, want))
		fail_msg("'%s': ret %d, got '%s', want '%s'", arg, r, r ? "(none)" : out, want);
	free(out);
}

static void expect_err(const struct macro_env *e, const char *arg, int err)
{
	char *out = (char *)1;
	int r = macro_expand_arg(arg, e, &out);

	if (r != err)
		fail_msg("'%s': ret %d, want %d", arg, r, err);
	assert_null(out);
}

static void single_macros(void **state)
{
	struct macro_env e = env(NULL);

	expect(&e, "%o", "create");
	expect(&e, "%k", "123");
	expect(&e, "%t", "user");
	expect(&e, "%d", "d:x y");      /* one argument, blanks and all */
	expect(&e, "%c", "c o");
	expect(&e, "%u", "1000");
	expect(&e, "%g", "1001");
	expect(&e, "%T", "0");
	expect(&e, "%P", "5");
	expect(&e, "%S", "6");
	e.op = "negate";
	expect(&e, "%o", "negate");
	e.callout = "";
	expect(&e, "%c", "");
}

static void escapes_and_literals(void **state)
{
	struct macro_env e = env(NULL);

	/* "%%..." drops the first '%' and nothing else is looked at */
	expect(&e, "%%", "%");
	expect(&e, "%%k", "%k");
	expect(&e, "%%%", "%%");
	expect(&e, "%%{user:krb5}", "%{user:krb5}");
	expect(&e, "%%zz", "%zz");
	/* whole arguments only: embedded or longer '%' words are literal */
	expect(&e, "x%k", "x%k");
	expect(&e, "%kx", "%kx");
	expect(&e, "%k%d", "%k%d");
	expect(&e, "%zz", "%zz");
	expect(&e, "%ok", "%ok");
	expect(&e, "a%%b", "a%%b");
	expect(&e, "--key=%k", "--key=%k");
	expect(&e, "plain", "plain");
	expect(&e, "", "");
	expect(&e, "100%", "100%");
}

static void unknown_macros(void **state)
{
	struct macro_env e = env(NULL);
	const char *bad = "abefhijlmnpqrsvwxyzABCDEFGHIJKLMNOQRUVWXYZ0123456789{}!-_ ";

	expect_err(&e, "%", -EINVAL);           /* "Missing macro name" */
	for (const char *c = bad; *c; c++) {
		char arg[3] = { '%', *c, '\0' };

		expect_err(&e, arg, -EINVAL);   /* "Unsupported macro" */
	}
	/* a missing value is a caller bug, never an empty or shifted arg */
	e.thread = NULL;
	expect_err(&e, "%T", -EINVAL);
	expect(&e, "%P", "5");
}

static void keysub(void **state)
{
	struct lookup_log l = { .calls = 0 };
	struct macro_env e = env(&l);

	expect(&e, "%{user:krb5}", "ticket");
	assert_string_equal(l.type, "user");
	assert_string_equal(l.desc, "krb5");
	/* first ':' splits, first '}' after it ends */
	expect(&e, "%{user:b:c}", "colon");
	expect(&e, "%{a}:b}", "brace");
	assert_string_equal(l.type, "a}");
	expect(&e, "%{user:empty}", "");
	assert_int_equal(l.calls, 4);
}

static void keysub_refused(void **state)
{
	struct lookup_log l = { .calls = 0 };
	struct macro_env e = env(&l);

	expect_err(&e, "%{user:missing}", -ENOKEY);
	expect_err(&e, "%{user:denied}", -EACCES);
	expect_err(&e, "%{user:noerrno}", -ENOKEY);
	/* keyutils: isprint() in the C locale, anything else refuses */
	expect_err(&e, "%{user:nl}", -EINVAL);
	expect_err(&e, "%{user:del}", -EINVAL);
	expect_err(&e, "%{user:high}", -EINVAL);
	expect_err(&e, "%{user:tab}", -EINVAL);
	l.calls = 0;
	/* syntax errors never reach the lookup */
	expect_err(&e, "%{user}", -EINVAL);         /* "lacks ':'" */
	expect_err(&e, "%{user:x", -EINVAL);        /* "Unterminated" */
	expect_err(&e, "%{user:x}y", -EINVAL);      /* "trailing rubbish" */
	expect_err(&e, "%{user:x}}", -EINVAL);
	expect_err(&e, "%{:x}", -EINVAL);           /* "type empty" */
	expect_err(&e, "%{user:}", -EINVAL);        /* "description empty" */
	expect_err(&e, "%{:}", -EINVAL);
	expect_err(&e, "%{}", -EINVAL);
	expect_err(&e, "%{", -EINVAL);
	assert_int_equal(l.calls, 0);
	/* no lookup wired in: no key */
	e.lookup = NULL;
	expect_err(&e, "%{user:krb5}", -ENOKEY);
}

static void argv_expansion(void **state)
{
	struct macro_env e = env(NULL);
	char *argv[] = { "%k", "%k", "%d", "x%k", "%%c", "%{user:krb5}", NULL };
	char **v = (char **)1;

	assert_int_equal(macro_expand_argv(argv, &e, &v), 0);
	assert_string_equal(v[0], "%k");        /* argv[0] is the program's name */
	assert_string_equal(v[1], "123");
	assert_string_equal(v[2], "d:x y");
	assert_string_equal(v[3], "x%k");
	assert_string_equal(v[4], "%c");
	assert_string_equal(v[5], "ticket");
	assert_null(v[6]);
	strv_free(v);

	char *only[] = { "prog", NULL };
	assert_int_equal(macro_expand_argv(only, &e, &v), 0);
	assert_string_equal(v[0], "prog");
	assert_null(v[1]);
	strv_free(v);

	/* a failure anywhere frees what was expanded (valgrind checks) */
	char *bad[] = { "x", "%k", "%d", "%q", "%k", NULL };
	v = (char **)1;
	assert_int_equal(macro_expand_argv(bad, &e, &v), -EINVAL);
	assert_null(v);
	char *bad2[] = { "x", "%k", "%{user:missing}", NULL };
	assert_int_equal(macro_expand_argv(bad2, &e, &v), -ENOKEY);
	strv_free(NULL);
}

static void rule_to_argv(void **state)
{
	/* A real rule end to end: Debian's negate line and nfs-common's. */
	struct macro_env e = env(NULL);
	struct rule r;
	char **v;

	assert_int_equal(config_parse_line("negate\t*\t*\t\t*\t\t/bin/keyctl negate %k 30 %S",
					   "f", 1, 0, &r), 1);
	e.op = "negate";
	assert_int_equal(macro_expand_argv(r.argv, &e, &v), 0);
	assert_string_equal(v[0], "keyctl");
	assert_string_equal(v[1], "negate");
	assert_string_equal(v[2], "123");
	assert_string_equal(v[3], "30");
	assert_string_equal(v[4], "6");
	assert_null(v[5]);
	strv_free(v);
	rule_free(&r);

	assert_int_equal(config_parse_line("create id_resolver * * /usr/sbin/nfsidmap -t 600 %k %d",
					   "f", 1, 0, &r), 1);
	e.desc = "uid:alice@example.org";
	assert_int_equal(macro_expand_argv(r.argv, &e, &v), 0);
	assert_string_equal(v[0], "nfsidmap");
	assert_string_equal(v[3], "123");
	assert_string_equal(v[4], "uid:alice@example.org");
	strv_free(v);
	rule_free(&r);
}

static void hostile_values(void **state)
{
	struct macro_env e = env(NULL);
	char *big = malloc(1 << 20), *out;
	char *argv[RULE_MAX_ARGS + 1];
	char **v;

	/* values are copied, never parsed: a huge or macro-looking
	 * description stays one literal argument */
	memset(big, 'd', (1 << 20) - 1);
	big[(1 << 20) - 1] = '\0';
	e.desc = big;
	assert_int_equal(macro_expand_arg("%d", &e, &out), 0);
	assert_int_equal(strlen(out), (1 << 20) - 1);
	free(out);
	e.desc = "%k";
	expect(&e, "%d", "%k");
	e.desc = "a b\nc";
	expect(&e, "%d", "a b\nc");
	/* a huge argument */
	big[0] = '%';
	big[1] = '%';
	assert_int_equal(macro_expand_arg(big, &e, &out), 0);
	assert_int_equal(strlen(out), (1 << 20) - 2);
	free(out);
	free(big);

	/* a full rule's worth of arguments */
	argv[0] = "prog";
	for (int i = 1; i < RULE_MAX_ARGS; i++)
		argv[i] = "%k";
	argv[RULE_MAX_ARGS] = NULL;
	assert_int_equal(macro_expand_argv(argv, &e, &v), 0);
	assert_string_equal(v[RULE_MAX_ARGS - 1], "123");
	assert_null(v[RULE_MAX_ARGS]);
	strv_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(single_macros),
		cmocka_unit_test(escapes_and_literals),
		cmocka_unit_test(unknown_macros),
		cmocka_unit_test(keysub),
		cmocka_unit_test(keysub_refused),
		cmocka_unit_test(argv_expansion),
		cmocka_unit_test(rule_to_argv),
		cmocka_unit_test(hostile_values),
	};

	ut_log_setup();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
