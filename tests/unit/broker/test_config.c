// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * request-key.conf parsing and loading: every keyutils line form, comments,
 * bad lines (logged with file:line and skipped), the options word, the file
 * order, and hostile input (NULs, huge lines, thousands of arguments).
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
#include "unit_util.h"

/* Parse one line expecting a rule. */
static void parse_ok(const char *line, struct rule *r)
{
	assert_int_equal(config_parse_line(line, "t.conf", 7, 3, r), 1);
}

/* Parse one line expecting -EINVAL and a "t.conf:7: " message. */
static void parse_bad(const char *line)
{
	struct ut_capture cap;
	struct rule r;
	char *log;
	int ret;

	ut_capture_begin(&cap);
	ret = config_parse_line(line, "t.conf", 7, 0, &r);
	log = ut_capture_end(&cap);
	if (ret != -EINVAL || !strstr(log, "t.conf:7: "))
		fail_msg("line '%.60s': ret %d, log '%s'", line, ret, log);
	/* A failed parse leaves nothing to free. */
	assert_null(r.op);
	assert_null(r.argv);
	free(log);
}

static void forms_plain(void **state)
{
	struct rule r;

	parse_ok("create user debug:* negate /bin/keyctl negate %k 30 %S", &r);
	assert_string_equal(r.op, "create");
	assert_string_equal(r.type, "user");
	assert_string_equal(r.desc, "debug:*");
	assert_string_equal(r.callout, "negate");
	assert_string_equal(r.program, "/bin/keyctl");
	assert_false(r.pipe);
	assert_int_equal(r.argc, 5);
	/* keyutils: argv[0] is the base name, macros are left for later */
	assert_string_equal(r.argv[0], "keyctl");
	assert_string_equal(r.argv[1], "negate");
	assert_string_equal(r.argv[2], "%k");
	assert_string_equal(r.argv[3], "30");
	assert_string_equal(r.argv[4], "%S");
	assert_null(r.argv[5]);
	assert_int_equal(r.opt.context, EXEC_HOST);
	assert_false(r.opt.exec_host);
	assert_int_equal(r.opt.timeout_ms, RULE_DEFAULT_TIMEOUT_MS);
	assert_string_equal(r.file, "t.conf");
	assert_int_equal(r.line, 7);
	assert_int_equal(r.order, 3);
	rule_free(&r);
	/* rule_free() leaves a zeroed rule: a second call is harmless */
	rule_free(&r);
}

static void forms_whitespace(void **state)
{
	/* tabs, runs of blanks, \v \f \r between words; trailing blanks and a
	 * CR (a file edited on Windows) are not arguments */
	const char *lines[] = {
		"create\tuser\tdebug:*\t*\t\t/bin/x a b",
		"create  user    debug:*         *               /bin/x    a   b   ",
		"create \t user\v\fdebug:* *\r/bin/x a\tb\r",
	};

	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		struct rule r;

		parse_ok(lines[i], &r);
		assert_string_equal(r.desc, "debug:*");
		assert_string_equal(r.callout, "*");
		assert_string_equal(r.program, "/bin/x");
		assert_int_equal(r.argc, 3);
		assert_string_equal(r.argv[1], "a");
		assert_string_equal(r.argv[2], "b");
		rule_free(&r);
	}
}

static void forms_pipe(void **state)
{
	struct rule r;

	parse_ok("create\tuser\tdebug:loop:*\t*\t\t|/bin/cat", &r);
	assert_true(r.pipe);
	assert_string_equal(r.program, "/bin/cat");
	assert_int_equal(r.argc, 1);
	assert_string_equal(r.argv[0], "cat");
	assert_null(r.argv[1]);
	rule_free(&r);

	parse_ok("create user * * |/usr/lib/x/helper -v %c", &r);
	assert_true(r.pipe);
	assert_string_equal(r.program, "/usr/lib/x/helper");
	assert_int_equal(r.argc, 3);
	assert_string_equal(r.argv[0], "helper");
	assert_string_equal(r.argv[2], "%c");
	rule_free(&r);

	/* "/x/" gives keyutils' strrchr(prog, '/') + 1 == "" */
	parse_ok("create user * * /x/", &r);
	assert_string_equal(r.argv[0], "");
	rule_free(&r);
}

static void forms_fields_are_words(void **state)
{
	struct rule r;

	/* Any non-blank word is a pattern, odd ones included. */
	parse_ok("* * * * /bin/x", &r);
	assert_string_equal(r.op, "*");
	rule_free(&r);
	parse_ok("negate key.dns_resolver a*b*c x#y /bin/x #notacomment", &r);
	assert_string_equal(r.desc, "a*b*c");
	assert_string_equal(r.callout, "x#y");
	assert_string_equal(r.argv[1], "#notacomment");
	rule_free(&r);
	/* A '[' word after the program is an argument, not options. */
	parse_ok("create user * * /bin/x [container]", &r);
	assert_int_equal(r.opt.context, EXEC_HOST);
	assert_string_equal(r.argv[1], "[container]");
	rule_free(&r);
}

static void comments_and_blank(void **state)
{
	const char *lines[] = {
		"",
		"#",
		"# create user * * /bin/x",
		"#create user * * /bin/x",
		/* keyutils: any leading whitespace makes the whole line a comment,
		 * including an indented, otherwise valid rule */
		" create user * * /bin/x",
		"\tcreate user * * /bin/x",
		"   # indented comment",
		" ",
		"\t",
		"\r",
		"\v",
		"\f",
	};

	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		struct rule r;

		assert_int_equal(config_parse_line(lines[i], "t.conf", 1, 0, &r), 0);
		assert_null(r.op);
	}
}

static void syntax_errors(void **state)
{
	const char *lines[] = {
		"create",
		"create user",
		"create user *",
		"create user * *",
		"create user * *   ",
		"create user * * |",
		"create user * * | /bin/cat",     /* keyutils: empty program, SIGSEGV */
		"create user * * keyctl negate",  /* keyutils: no '/', SIGSEGV */
		"create user * * bin/keyctl",     /* relative: cwd differs per context */
		"create user * * |cat",
		"create user * * [container]",
		"create user * * [container]   ",
		"create user * * %k",
	};

	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		parse_bad(lines[i]);
}

static void options_good(void **state)
{
	static const struct {
		const char *line;
		enum exec_context ctx;
		bool exec_host, pipe;
		unsigned timeout;
	} cases[] = {
		{ "create x * * [host] /x", EXEC_HOST, false, false, RULE_DEFAULT_TIMEOUT_MS },
		{ "create x * * [container] /x", EXEC_CONTAINER, false, false, RULE_DEFAULT_TIMEOUT_MS },
		{ "create x * * [requester] /x", EXEC_REQUESTER, false, false, RULE_DEFAULT_TIMEOUT_MS },
		{ "create x * * [container,exec=host,timeout=10] /x", EXEC_CONTAINER, true, false, 10000 },
		{ "create x * * [exec=host,container] /x", EXEC_CONTAINER, true, false, RULE_DEFAULT_TIMEOUT_MS },
		{ "create x * * [requester,exec=host,timeout=250ms] |/x", EXEC_REQUESTER, true, true, 250 },
		{ "create x * * [timeout=10] /x", EXEC_HOST, false, false, 10000 },
		{ "create x * * [timeout=7s] /x", EXEC_HOST, false, false, 7000 },
		{ "create x * * [timeout=1ms] /x", EXEC_HOST, false, false, 1 },
		{ "create x * * [timeout=86400] /x", EXEC_HOST, false, false, 86400000 },
		{ "create x * * [timeout=86400000ms] /x", EXEC_HOST, false, false, 86400000 },
		{ "create x * * [timeout=007] /x", EXEC_HOST, false, false, 7000 },
		{ "create\tx\t*\t*\t[container]\t|/x\ta", EXEC_CONTAINER, false, true, RULE_DEFAULT_TIMEOUT_MS },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct rule r;

		parse_ok(cases[i].line, &r);
		assert_int_equal(r.opt.context, cases[i].ctx);
		assert_int_equal(r.opt.exec_host, cases[i].exec_host);
		assert_int_equal(r.pipe, cases[i].pipe);
		assert_int_equal(r.opt.timeout_ms, cases[i].timeout);
		assert_string_equal(r.program, "/x");
		assert_string_equal(r.argv[0], "x");
		rule_free(&r);
	}
	assert_string_equal(exec_context_name(EXEC_HOST), "host");
	assert_string_equal(exec_context_name(EXEC_CONTAINER), "container");
	assert_string_equal(exec_context_name(EXEC_REQUESTER), "requester");
}

static void options_bad(void **state)
{
	const char *lines[] = {
		"create x * * [bogus] /x",
		"create x * * [HOST] /x",
		"create x * * [container,bogus] /x",
		"create x * * [] /x",
		"create x * * [,] /x",
		"create x * * [,container] /x",
		"create x * * [container,] /x",
		"create x * * [container,,timeout=5] /x",
		"create x * * [container /x",
		"create x * * [container]x /x",
		"create x * * [ /x",
		"create x * * [host,container] /x",
		"create x * * [container,container] /x",
		"create x * * [container,exec=host,exec=host] /x",
		"create x * * [timeout=5,timeout=6] /x",
		"create x * * [exec=host] /x",
		"create x * * [host,exec=host] /x",
		"create x * * [exec=container] /x",
		"create x * * [timeout] /x",
		"create x * * [timeout=] /x",
		"create x * * [timeout=0] /x",
		"create x * * [timeout=0ms] /x",
		"create x * * [timeout=-5] /x",
		"create x * * [timeout=+5] /x",
		"create x * * [timeout=0x10] /x",
		"create x * * [timeout=5h] /x",
		"create x * * [timeout=5m] /x",
		"create x * * [timeout=5 ] /x",
		"create x * * [timeout=1.5] /x",
		"create x * * [timeout=86401] /x",
		"create x * * [timeout=86400001ms] /x",
		"create x * * [timeout=99999999999999999999999999] /x",
		"create x * * [timeout=18446744073709551617ms] /x",
		"create x * * [container,timeout=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa] /x",
	};

	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		parse_bad(lines[i]);
}

static void too_many_args(void **state)
{
	char line[4096] = "create user * * /bin/x";
	struct ut_capture cap;
	struct rule r;
	char *log;

	/* argv[0] + RULE_MAX_ARGS - 1 arguments: the most a rule can have */
	for (int i = 1; i < RULE_MAX_ARGS; i++)
		strcat(line, " a");
	parse_ok(line, &r);
	assert_int_equal(r.argc, RULE_MAX_ARGS);
	assert_null(r.argv[RULE_MAX_ARGS]);
	rule_free(&r);

	strcat(line, " a");
	parse_bad(line);

	/* 2000 arguments in a line keyutils would still accept by length */
	strcpy(line, "create user * * /bin/x");
	for (int i = 0; i < 2000; i++)
		strcat(line, " a");
	assert_true(strlen(line) <= 4094);
	ut_capture_begin(&cap);
	assert_int_equal(config_parse_line(line, "t.conf", 9, 0, &r), -EINVAL);
	log = ut_capture_end(&cap);
	assert_non_null(strstr(log, "t.conf:9: Too many arguments"));
	free(log);
}

static void line_length(void **state)
{
	char *line = malloc(200001);
	struct rule r;

	/* keyutils: fgets() into buf[4096 + 2], strlen >= 4096 with the '\n'
	 * is too long: 4094 characters of content is the limit */
	strcpy(line, "create user * * /bin/x ");
	memset(line + strlen(line), 'a', 4094 - strlen(line));
	line[4094] = '\0';
	parse_ok(line, &r);
	assert_int_equal(strlen(r.argv[1]), 4094 - strlen("create user * * /bin/x "));
	rule_free(&r);
	line[4094] = 'a';
	line[4095] = '\0';
	parse_bad(line);

	memset(line, 'x', 200000);
	line[200000] = '\0';
	parse_bad(line);
	free(line);
}

/* ---- config_load() ---- */

static void load_real_files(void **state)
{
	struct config c;

	assert_int_equal(config_load(&c, DATA_DIR), 0);
	/* request-key.d sorted (hidden files and *.conf.dpkg-old skipped),
	 * then request-key.conf with Debian's 8 rules */
	assert_int_equal(c.n_rules, 3 + 8);
	assert_string_equal(c.rules[0].file, DATA_DIR "/request-key.d/cifs.idmap.conf");
	assert_string_equal(c.rules[0].type, "cifs.idmap");
	assert_string_equal(c.rules[1].type, "cifs.spnego");
	assert_string_equal(c.rules[2].type, "id_resolver");
	assert_string_equal(c.rules[2].program, "/usr/sbin/nfsidmap");
	assert_int_equal(c.rules[2].argc, 5);
	assert_string_equal(c.rules[2].argv[0], "nfsidmap");
	assert_string_equal(c.rules[2].argv[1], "-t");
	assert_string_equal(c.rules[2].argv[2], "600");
	assert_string_equal(c.rules[2].argv[3], "%k");
	assert_string_equal(c.rules[2].argv[4], "%d");
	assert_string_equal(c.rules[3].file, DATA_DIR "/request-key.conf");
	assert_int_equal(c.rules[3].line, 34);
	assert_string_equal(c.rules[3].type, "dns_resolver");
	assert_string_equal(c.rules[3].program, "/sbin/key.dns_resolver");
	assert_true(c.rules[8].pipe);
	assert_string_equal(c.rules[8].desc, "debug:loop:*");
	assert_string_equal(c.rules[10].op, "negate");
	for (size_t i = 0; i < c.n_rules; i++) {
		assert_int_equal(c.rules[i].order, i);
		assert_int_equal(c.rules[i].opt.context, EXEC_HOST);
		assert_int_equal(c.rules[i].opt.timeout_ms, RULE_DEFAULT_TIMEOUT_MS);
	}
	config_free(&c);
	assert_null(c.rules);
	assert_int_equal(c.n_rules, 0);
}

static void load_missing(void **state)
{
	char *d = ut_mkdtemp();
	struct config c;

	/* neither request-key.d nor request-key.conf: empty, not an error
	 * (keyutils ignores ENOENT for both) */
	assert_non_null(d);
	assert_int_equal(config_load(&c, d), 0);
	assert_int_equal(c.n_rules, 0);
	config_free(&c);
	assert_int_equal(config_load(&c, "/nonexistent/ub-unit"), 0);
	assert_int_equal(c.n_rules, 0);
	config_free(&c);
	ut_rm_rf(d);
}

static void load_dir_entries(void **state)
{
	char *d = ut_mkdtemp(), path[4200];
	struct config c;

	assert_non_null(d);
	snprintf(path, sizeof(path), "%s/request-key.d", d);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(ut_write(path, "b.conf", "create b * * /b\n", (size_t)-1), 0);
	assert_int_equal(ut_write(path, "a.conf", "create a * * /a\ncreate a2 * * /a2\n", (size_t)-1), 0);
	assert_int_equal(ut_write(path, "c.conf~", "create skip * * /x\n", (size_t)-1), 0);
	assert_int_equal(ut_write(path, ".d.conf", "create skip * * /x\n", (size_t)-1), 0);
	assert_int_equal(ut_write(path, ".conf", "create skip * * /x\n", (size_t)-1), 0);
	assert_int_equal(ut_write(path, "conf", "create skip * * /x\n", (size_t)-1), 0);
	assert_int_equal(ut_write(path, "README", "create skip * * /x\n", (size_t)-1), 0);
	assert_int_equal(ut_write(path, "e.CONF", "create skip * * /x\n", (size_t)-1), 0);
	assert_int_equal(ut_write(d, "target", "create skip * * /x\n", (size_t)-1), 0);
	/* keyutils reads DT_REG entries only: symlinks and directories named
	 * *.conf are skipped, not followed */
	snprintf(path, sizeof(path), "%s/request-key.d/l.conf", d);
	assert_int_equal(symlink("../target", path), 0);
	snprintf(path, sizeof(path), "%s/request-key.d/dir.conf", d);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(ut_write(path, "x.conf", "create skip * * /x\n", (size_t)-1), 0);
	assert_int_equal(ut_write(d, "request-key.conf", "create main * * /m\n", (size_t)-1), 0);

	assert_int_equal(config_load(&c, d), 0);
	assert_int_equal(c.n_rules, 4);
	assert_string_equal(c.rules[0].op, "create");
	assert_string_equal(c.rules[0].type, "a");
	assert_int_equal(c.rules[0].line, 1);
	assert_string_equal(c.rules[1].type, "a2");
	assert_int_equal(c.rules[1].line, 2);
	assert_string_equal(c.rules[2].type, "b");
	assert_string_equal(c.rules[3].type, "main");
	snprintf(path, sizeof(path), "%s/request-key.d/b.conf", d);
	assert_string_equal(c.rules[2].file, path);
	config_free(&c);
	ut_rm_rf(d);
}

static void load_bad_lines_skipped(void **state)
{
	static const char conf[] =
		"create good1 * * /g1\n"
		"create bad1 * *\n"                    /* 2: syntax */
		"create bad2 * * [bogus] /x\n"         /* 3: option */
		"  create indented * * /x\n"           /* comment */
		"create bad3 * * /x a\0 hidden\n"      /* 5: NUL */
		"create\tgood2\t*\t*\t/g2\r\n"         /* CRLF */
		"\n"
		"create good3 * * /g3 last";           /* no final newline */
	char *d = ut_mkdtemp(), *log;
	struct ut_capture cap;
	struct config c;

	assert_non_null(d);
	assert_int_equal(ut_write(d, "request-key.conf", conf, sizeof(conf) - 1), 0);
	ut_capture_begin(&cap);
	assert_int_equal(config_load(&c, d), 0);
	log = ut_capture_end(&cap);
	assert_int_equal(c.n_rules, 3);
	assert_string_equal(c.rules[0].type, "good1");
	assert_string_equal(c.rules[1].type, "good2");
	assert_int_equal(c.rules[1].line, 6);
	assert_string_equal(c.rules[1].program, "/g2");
	assert_int_equal(c.rules[1].argc, 1);
	assert_string_equal(c.rules[2].type, "good3");
	assert_int_equal(c.rules[2].line, 8);
	/* keyutils chops the last character of an unterminated last line
	 * ("las"); we keep it */
	assert_string_equal(c.rules[2].argv[1], "last");
	assert_non_null(strstr(log, "/request-key.conf:2: "));
	assert_non_null(strstr(log, "/request-key.conf:3: "));
	assert_non_null(strstr(log, "/request-key.conf:5: NUL"));
	assert_null(strstr(log, ":4: "));
	config_free(&c);
	free(log);
	ut_rm_rf(d);
}

static void load_hostile_file(void **state)
{
	size_t big = 1u << 20, n;
	char *buf = malloc(big + 4096), *d = ut_mkdtemp(), *log;
	struct ut_capture cap;
	struct config c;

	/* A 1 MiB line, a line of 2000 args, 300 KiB of NULs, a line of
	 * 10000 '*', then one good rule: everything but the last is refused. */
	assert_non_null(buf);
	assert_non_null(d);
	memset(buf, 'a', big);
	n = big;
	buf[n++] = '\n';
	n += (size_t)sprintf(buf + n, "create many * * /x");
	for (int i = 0; i < 2000; i++)
		n += (size_t)sprintf(buf + n, " %d", i % 10);
	buf[n++] = '\n';
	assert_int_equal(ut_write(d, "request-key.conf", buf, n), 0);
	memset(buf, 0, 300000);
	buf[300000] = '\n';
	{
		char path[4200];
		FILE *f;

		snprintf(path, sizeof(path), "%s/request-key.conf", d);
		f = fopen(path, "a");
		assert_non_null(f);
		assert_int_equal(fwrite(buf, 1, 300001, f), 300001);
		for (int i = 0; i < 10000; i++)
			fputc('*', f);
		fputs(" * * * /x\ncreate good * * /good\n", f);
		fclose(f);
	}
	ut_capture_begin(&cap);
	assert_int_equal(config_load(&c, d), 0);
	log = ut_capture_end(&cap);
	assert_int_equal(c.n_rules, 1);
	assert_string_equal(c.rules[0].type, "good");
	assert_int_equal(c.rules[0].line, 5);
	assert_non_null(strstr(log, ":1: Line too long"));
	assert_non_null(strstr(log, ":2: Too many arguments"));
	assert_non_null(strstr(log, ":3: NUL"));
	assert_non_null(strstr(log, ":4: Line too long"));
	config_free(&c);
	free(log);
	free(buf);
	ut_rm_rf(d);
}

static void load_many_rules(void **state)
{
	char *d = ut_mkdtemp();
	char path[4200];
	struct config c;
	FILE *f;

	assert_non_null(d);
	snprintf(path, sizeof(path), "%s/request-key.conf", d);
	f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 20000; i++)
		fprintf(f, "create t%d * * /bin/x %%k\n", i);
	fclose(f);
	assert_int_equal(config_load(&c, d), 0);
	assert_int_equal(c.n_rules, 20000);
	assert_string_equal(c.rules[19999].type, "t19999");
	assert_int_equal(c.rules[19999].order, 19999);
	assert_int_equal(c.rules[19999].line, 20000);
	config_free(&c);
	ut_rm_rf(d);
}

static void load_unreadable(void **state)
{
	char *d = ut_mkdtemp(), path[4200];
	struct config c;

	/* keyutils exits on an unreadable file rather than fall back to a
	 * weaker rule; so do we (a directory in place of the file: EISDIR) */
	assert_non_null(d);
	snprintf(path, sizeof(path), "%s/request-key.conf", d);
	assert_int_equal(mkdir(path, 0755), 0);
	broker_log_setup(false, false);
	assert_int_equal(config_load(&c, d), -EISDIR);
	assert_null(c.rules);
	assert_int_equal(c.n_rules, 0);
	rmdir(path);
	/* request-key.d that is a file: ENOTDIR */
	snprintf(path, sizeof(path), "%s/request-key.d", d);
	assert_int_equal(ut_write(d, "request-key.d", "x", 1), 0);
	assert_int_equal(config_load(&c, d), -ENOTDIR);
	ut_rm_rf(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(forms_plain),
		cmocka_unit_test(forms_whitespace),
		cmocka_unit_test(forms_pipe),
		cmocka_unit_test(forms_fields_are_words),
		cmocka_unit_test(comments_and_blank),
		cmocka_unit_test(syntax_errors),
		cmocka_unit_test(options_good),
		cmocka_unit_test(options_bad),
		cmocka_unit_test(too_many_args),
		cmocka_unit_test(line_length),
		cmocka_unit_test(load_real_files),
		cmocka_unit_test(load_missing),
		cmocka_unit_test(load_dir_entries),
		cmocka_unit_test(load_bad_lines_skipped),
		cmocka_unit_test(load_hostile_file),
		cmocka_unit_test(load_many_rules),
		cmocka_unit_test(load_unreadable),
	};

	ut_log_setup();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
