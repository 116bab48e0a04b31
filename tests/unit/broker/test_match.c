// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * keyutils' best match: pattern_match() per field and config_match() over
 * a config, checked by hand-picked cases (absorption order, ties, the
 * 1.6.3 middle-wildcard bug), by a differential run against a transcription
 * of keyutils' own selection loop, and against Debian's real files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "unit_util.h"

static unsigned match_line(const struct config *c, const char *op, const char *type,
			   const char *desc, const char *callout)
{
	const struct rule *r = config_match(c, op, type, desc, callout);

	return r ? r->line : 0;
}

/*
 * keyutils 1.6.3 request-key.c match(), lines 479-542, verbatim apart from
 * the debug output: kept here only to show what the bug does.
 */
static int keyutils_match(const char *pattern, int plen, const char *datum, int dlen,
			  unsigned int *_wildness)
{
	const char *asterisk;
	int n;

	asterisk = memchr(pattern, '*', plen);
	if (!asterisk) {
		if (plen == dlen && memcmp(pattern, datum, dlen) == 0)
			return 1;
		return 0;
	}
	if (dlen < plen - 1)
		return 0;
	n = asterisk - pattern;
	if (n == 0) {
		pattern++;
		if (!*pattern)
			goto yes_wildcard;
		if (memcmp(pattern, datum + (dlen - (plen - 1)), plen - 1) == 0)
			goto yes_wildcard;
		return 0;
	}
	if (memcmp(pattern, datum, n) != 0)
		return 0;
	if (!asterisk[1])
		goto yes_wildcard;
	asterisk++;
	n = plen - n - 1;
	if (memcmp(pattern, datum + (dlen - n), n) == 0)   /* the bug: pattern, not asterisk */
		goto yes_wildcard;
	return 0;
yes_wildcard:
	*_wildness += dlen - (plen - 1);
	return 1;
}

static int km(const char *p, const char *d)
{
	unsigned w = 0;

	return keyutils_match(p, (int)strlen(p), d, (int)strlen(d), &w) ? (int)w : -1;
}

/* Independent oracle: try every absorbed length. */
static int naive_match(const char *p, const char *d)
{
	const char *star = strchr(p, '*');
	size_t pre, suf, dl = strlen(d);

	if (!star)
		return strcmp(p, d) ? -1 : 0;
	pre = (size_t)(star - p);
	suf = strlen(star + 1);
	for (size_t k = 0; pre + k + suf <= dl; k++)
		if (!strncmp(d, p, pre) && !strcmp(d + pre + k, star + 1))
			return (int)k;
	return -1;
}

static void pattern_table(void **state)
{
	static const struct {
		const char *p, *d;
		int w;
	} cases[] = {
		{ "abc", "abc", 0 },
		{ "abc", "abcd", -1 },
		{ "abc", "ab", -1 },
		{ "abc", "", -1 },
		{ "", "", 0 },
		{ "", "a", -1 },
		{ "*", "", 0 },
		{ "*", "a", 1 },
		{ "*", "abcdef", 6 },
		{ "a*", "a", 0 },
		{ "a*", "abc", 2 },
		{ "a*", "bac", -1 },
		{ "*c", "c", 0 },
		{ "*c", "abc", 2 },
		{ "*c", "abd", -1 },
		{ "debug:*", "debug:", 0 },
		{ "debug:*", "debug:loop:x", 6 },
		{ "debug:*", "debug", -1 },
		/* middle wildcard: both ends must match */
		{ "abc*def", "abcdef", 0 },
		{ "abc*def", "abcXYZdef", 3 },
		{ "abc*def", "abcXYZdeg", -1 },
		{ "abc*def", "abXdef", -1 },
		{ "abc*def", "abcdefabc", -1 },
		{ "abc*def", "abcXYZabc", -1 },     /* keyutils 1.6.3 says yes */
		{ "abc*def", "abcdf", -1 },
		{ "abc*cde", "abcde", -1 },         /* prefix and suffix never overlap */
		{ "abc*cde", "abccde", 0 },
		{ "a*a", "a", -1 },
		{ "a*a", "aa", 0 },
		{ "a*a", "aXa", 1 },
		/* only the first '*' is a wildcard, as in keyutils (memchr) */
		{ "**", "*", 0 },
		{ "**", "x*", 1 },
		{ "**", "x", -1 },
		{ "a*b*", "aXb*", 1 },
		{ "a*b*", "aXbY", -1 },
		{ "*a*", "xa*", 1 },
		/* bytes are bytes: no case folding, no locale */
		{ "User", "user", -1 },
		{ "\xc3\xa9*", "\xc3\xa9t\xc3\xa9", 3 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int w = pattern_match(cases[i].p, cases[i].d);

		if (w != cases[i].w)
			fail_msg("pattern_match(\"%s\", \"%s\") = %d, want %d",
				 cases[i].p, cases[i].d, w, cases[i].w);
		assert_int_equal(naive_match(cases[i].p, cases[i].d), cases[i].w);
	}
}

static void keyutils_bug_case(void **state)
{
	/* What keyutils 1.6.3 gets wrong, and what it gets right, for the
	 * record: a middle '*' compares the pattern's head with the datum's
	 * tail (request-key.c:523, memcmp(pattern, ...) instead of asterisk). */
	assert_int_equal(km("abc*def", "abcXYZdef"), -1);
	assert_int_equal(pattern_match("abc*def", "abcXYZdef"), 3);
	assert_int_equal(km("abc*def", "abcXYZabc"), 3);
	assert_int_equal(pattern_match("abc*def", "abcXYZabc"), -1);
	assert_int_equal(km("debug:*:x", "debug:loop:x"), -1);
	assert_int_equal(pattern_match("debug:*:x", "debug:loop:x"), 4);
	/* leading and trailing '*' are right in keyutils: we agree */
	assert_int_equal(km("*:x", "debug:x"), pattern_match("*:x", "debug:x"));
	assert_int_equal(km("debug:*", "debug:x"), pattern_match("debug:*", "debug:x"));
	assert_int_equal(km("**", "x*"), pattern_match("**", "x*"));
}

static void pattern_differential(void **state)
{
	/* Random short patterns over a tiny alphabet hit every prefix/suffix
	 * overlap; compare with the naive oracle, and with keyutils wherever
	 * its bug cannot apply (no middle '*'). */
	static const char alpha[] = "ab*";
	unsigned seed = 12345;
	char p[8], d[8];

	for (int iter = 0; iter < 200000; iter++) {
		int pl, dl, w;
		const char *star;

		seed = seed * 1103515245u + 12345u;
		pl = (int)((seed >> 16) % 6);
		for (int i = 0; i < pl; i++) {
			seed = seed * 1103515245u + 12345u;
			p[i] = alpha[(seed >> 16) % 3];
		}
		p[pl] = '\0';
		seed = seed * 1103515245u + 12345u;
		dl = (int)((seed >> 16) % 7);
		for (int i = 0; i < dl; i++) {
			seed = seed * 1103515245u + 12345u;
			d[i] = alpha[(seed >> 16) % 3];
		}
		d[dl] = '\0';
		w = pattern_match(p, d);
		if (w != naive_match(p, d))
			fail_msg("pattern_match(\"%s\", \"%s\") = %d, oracle %d", p, d, w, naive_match(p, d));
		star = strchr(p, '*');
		if (!star || star == p || !star[1])
			if (w != km(p, d))
				fail_msg("pattern_match(\"%s\", \"%s\") = %d, keyutils %d", p, d, w, km(p, d));
	}
}

static void best_match_least_absorption(void **state)
{
	const char *lines[] = {
		"create * * * /any",                     /* 1 */
		"create user * * /user-any",             /* 2 */
		"create user debug:* * /debug",          /* 3 */
		"create user debug:loop:* * /loop",      /* 4 */
		"create user debug:loop:x * /exact",     /* 5 */
		"create user debug:loop:x * /exact-2",   /* 6: tie with 5 */
		"negate * * * /negate",                  /* 7 */
		NULL,
	};
	struct config c = ut_config(lines);

	assert_int_equal(c.n_rules, 7);
	assert_int_equal(match_line(&c, "create", "user", "debug:loop:x", "c"), 5);
	assert_int_equal(match_line(&c, "create", "user", "debug:loop:y", "c"), 4);
	assert_int_equal(match_line(&c, "create", "user", "debug:z", "c"), 3);
	assert_int_equal(match_line(&c, "create", "user", "other", "c"), 2);
	assert_int_equal(match_line(&c, "create", "dns_resolver", "x", "c"), 1);
	assert_int_equal(match_line(&c, "negate", "user", "debug:x", "c"), 7);
	assert_int_equal(match_line(&c, "update", "user", "x", "c"), 0);
	assert_int_equal(match_line(&c, "Create", "user", "x", "c"), 0);
	config_free(&c);
}

static void best_match_field_order(void **state)
{
	/* Fields are compared in order op, type, description, callout: the
	 * first field that differs decides, however much the later ones absorb. */
	const char *lines[] = {
		"* user exact exact /wild-op",            /* 1: (6,0,0,0) */
		"create * exact exact /wild-type",        /* 2: (0,4,0,0) */
		"create user * exact /wild-desc",         /* 3: (0,0,5,0) */
		"create user exact * /wild-callout",      /* 4: (0,0,0,5) */
		"create u* e* e* /three",                 /* 5: (0,3,4,4) */
		NULL,
	};
	struct config c = ut_config(lines);

	assert_int_equal(match_line(&c, "create", "user", "exact", "exact"), 4);
	assert_int_equal(match_line(&c, "create", "user", "exact", "other"), 4);
	assert_int_equal(match_line(&c, "create", "user", "other", "exact"), 3);
	/* (0,0,0,1) beats (0,3,4,0): type decides before callout */
	assert_int_equal(match_line(&c, "create", "user", "exact", "e"), 4);
	assert_int_equal(match_line(&c, "create", "uzer", "exact", "exact"), 5);
	assert_int_equal(match_line(&c, "create", "xyz", "exact", "exact"), 2);
	assert_int_equal(match_line(&c, "negate", "user", "exact", "exact"), 1);
	config_free(&c);

	/* A wildcard op loses to a literal op even if it absorbs much less
	 * elsewhere: (5,0,0,0) vs (0,4,4,4). */
	const char *lines2[] = {
		"c* user desc call /a",
		"create * * * /b",
		NULL,
	};
	c = ut_config(lines2);
	assert_int_equal(match_line(&c, "create", "user", "desc", "call"), 2);
	config_free(&c);
}

static void best_match_absorption_not_presence(void **state)
{
	/* keyutils counts absorbed characters, not wildcards: "debug:*"
	 * absorbing nothing ties with the literal "debug:", and the first
	 * rule read wins either way round. */
	const char *a[] = { "create user debug:* * /wild", "create user debug: * /exact", NULL };
	const char *b[] = { "create user debug: * /exact", "create user debug:* * /wild", NULL };
	struct config c = ut_config(a);

	assert_int_equal(match_line(&c, "create", "user", "debug:", ""), 1);
	assert_int_equal(match_line(&c, "create", "user", "debug:x", ""), 1);
	config_free(&c);
	c = ut_config(b);
	assert_int_equal(match_line(&c, "create", "user", "debug:", ""), 1);
	assert_int_equal(match_line(&c, "create", "user", "debug:x", ""), 2);
	config_free(&c);

	/* a shorter wildcard tail beats a longer one on the same field */
	const char *s[] = { "create user d* * /d", "create user *x * /x", "create user de*x * /dex", NULL };
	c = ut_config(s);
	assert_int_equal(match_line(&c, "create", "user", "debugx", ""), 3);
	assert_int_equal(match_line(&c, "create", "user", "dx", ""), 1);   /* tie 1,1: first */
	assert_int_equal(match_line(&c, "create", "user", "abx", ""), 2);
	config_free(&c);
}

static void best_match_callout(void **state)
{
	const char *lines[] = {
		"create user debug:* * /any",
		"create user debug:* negate /neg",
		"create user debug:* * /any-2",
		NULL,
	};
	struct config c = ut_config(lines);

	assert_int_equal(match_line(&c, "create", "user", "debug:1", "negate"), 2);
	assert_int_equal(match_line(&c, "create", "user", "debug:1", "negatex"), 1);
	assert_int_equal(match_line(&c, "create", "user", "debug:1", ""), 1);
	/* no callout is the empty string (keyutils reads "" from the auth key) */
	assert_int_equal(match_line(&c, "create", "user", "debug:1", NULL), 1);
	/* callouts with blanks are one datum: the rule's word cannot contain
	 * a blank, so only '*' can match them */
	assert_int_equal(match_line(&c, "create", "user", "debug:1", "negate now"), 1);
	config_free(&c);

	/* nothing loaded */
	struct config empty = { 0 };
	assert_null(config_match(&empty, "create", "user", "x", ""));
}

static void best_match_middle_wildcard(void **state)
{
	/* The keyutils bug case through config_match(): 1.6.3 would never
	 * pick rule 2 for "debug:loop:x" (and would pick it for "debug:y:debug"). */
	const char *lines[] = {
		"create user * * /any",
		"create user debug:*:x * /middle",
		NULL,
	};
	struct config c = ut_config(lines);

	assert_int_equal(match_line(&c, "create", "user", "debug:loop:x", ""), 2);
	assert_int_equal(match_line(&c, "create", "user", "debug::x", ""), 2);
	assert_int_equal(match_line(&c, "create", "user", "debug:x", ""), 1);
	assert_int_equal(match_line(&c, "create", "user", "debug:y:debug", ""), 1);
	config_free(&c);
}

/*
 * Differential: random rules and requests, config_match() against a
 * transcription of keyutils' selection (request-key.c:353-462: per-field
 * wildness summed into unsigned[4], replaced only when lexicographically
 * strictly less than the best so far, starting from UINT_MAX).
 */
static const struct rule *keyutils_select(const struct config *c, const char *v[4])
{
	unsigned best[4] = { UINT_MAX, UINT_MAX, UINT_MAX, UINT_MAX };
	const struct rule *sel = NULL;

	for (size_t i = 0; i < c->n_rules; i++) {
		const char *pat[4] = { c->rules[i].op, c->rules[i].type, c->rules[i].desc, c->rules[i].callout };
		unsigned w[4] = { 0 };
		bool ok = true;

		for (int k = 0; k < 4 && ok; k++) {
			int m = naive_match(pat[k], v[k]);

			ok = m >= 0;
			w[k] = ok ? (unsigned)m : 0;
		}
		if (!ok)
			continue;
		if (w[0] < best[0] ||
		    (w[0] == best[0] && w[1] < best[1]) ||
		    (w[0] == best[0] && w[1] == best[1] && w[2] < best[2]) ||
		    (w[0] == best[0] && w[1] == best[1] && w[2] == best[2] && w[3] < best[3])) {
			memcpy(best, w, sizeof(best));
			sel = &c->rules[i];
		}
	}
	return sel;
}

static void best_match_differential(void **state)
{
	static const char *const pats[] = { "*", "a", "ab", "a*", "*b", "a*b", "ab*", "*ab", "b" };
	static const char *const vals[] = { "", "a", "b", "ab", "aab", "abb", "ba" };
	unsigned seed = 777;

	for (int round = 0; round < 3000; round++) {
		char lines[12][64];
		const char *lp[13];
		struct config c;
		int n;

		seed = seed * 1103515245u + 12345u;
		n = 1 + (int)((seed >> 16) % 12);
		for (int i = 0; i < n; i++) {
			const char *f[4];

			for (int k = 0; k < 4; k++) {
				seed = seed * 1103515245u + 12345u;
				f[k] = pats[(seed >> 16) % ARRAY_SIZE(pats)];
			}
			snprintf(lines[i], sizeof(lines[i]), "%s %s %s %s /r%d", f[0], f[1], f[2], f[3], i);
			lp[i] = lines[i];
		}
		lp[n] = NULL;
		c = ut_config(lp);
		assert_int_equal(c.n_rules, n);
		for (int q = 0; q < 20; q++) {
			const char *v[4];

			for (int k = 0; k < 4; k++) {
				seed = seed * 1103515245u + 12345u;
				v[k] = vals[(seed >> 16) % ARRAY_SIZE(vals)];
			}
			assert_ptr_equal(config_match(&c, v[0], v[1], v[2], v[3]), keyutils_select(&c, v));
		}
		config_free(&c);
	}
}

static void real_files(void **state)
{
	const struct rule *r;
	struct config c;

	assert_int_equal(config_load(&c, DATA_DIR), 0);

	/* nfs-common: create id_resolver * * /usr/sbin/nfsidmap -t 600 %k %d */
	r = config_match(&c, "create", "id_resolver", "uid:alice@example.org", "");
	assert_non_null(r);
	assert_string_equal(r->file, DATA_DIR "/request-key.d/id_resolver.conf");
	assert_string_equal(r->program, "/usr/sbin/nfsidmap");
	assert_int_equal(r->argc, 5);
	assert_string_equal(r->argv[4], "%d");
	assert_false(r->pipe);
	assert_int_equal(r->opt.context, EXEC_HOST);
	r = config_match(&c, "create", "id_resolver", "gid:staff@example.org", "");
	assert_string_equal(r->program, "/usr/sbin/nfsidmap");

	/* cifs-utils */
	r = config_match(&c, "create", "cifs.spnego", "ver=0x2;host=srv;ip4=10.0.0.1;sec=krb5;uid=0x0", "");
	assert_non_null(r);
	assert_string_equal(r->program, "/usr/sbin/cifs.upcall");
	assert_string_equal(r->argv[1], "%k");
	r = config_match(&c, "create", "cifs.idmap", "os:S-1-5-21-1", "");
	assert_non_null(r);
	assert_string_equal(r->program, "/usr/sbin/cifs.idmap");

	/* Debian's request-key.conf */
	r = config_match(&c, "create", "dns_resolver", "example.org", "ipv4");
	assert_string_equal(r->program, "/sbin/key.dns_resolver");
	assert_int_equal(r->line, 34);
	r = config_match(&c, "create", "user", "debug:loop:x", "");
	assert_true(r->pipe);
	assert_string_equal(r->program, "/bin/cat");
	r = config_match(&c, "create", "user", "debug:foo", "");
	assert_string_equal(r->program, "/usr/share/keyutils/request-key-debug.sh");
	/* the keyutils test suite's negate/reject callouts: the exact callout
	 * (absorbs 0) beats the loop and '*' callouts */
	r = config_match(&c, "create", "user", "debug:foo", "negate");
	assert_string_equal(r->argv[1], "negate");
	assert_int_equal(r->line, 35);
	r = config_match(&c, "create", "user", "debug:foo", "rejected");
	assert_string_equal(r->argv[1], "reject");
	assert_int_equal(r->line, 36);
	r = config_match(&c, "create", "user", "debug:foo", "expired");
	assert_int_equal(r->line, 37);
	r = config_match(&c, "create", "user", "debug:foo", "revoked");
	assert_int_equal(r->line, 38);
	/* description decides before callout: debug:loop:* (absorbs 1) beats
	 * debug:* negate (absorbs 6) */
	r = config_match(&c, "create", "user", "debug:loop:1", "negate");
	assert_int_equal(r->line, 39);
	/* what a failed |/bin/cat looks up: the negate line */
	r = config_match(&c, "negate", "user", "debug:loop:1", "");
	assert_int_equal(r->line, 41);
	assert_string_equal(r->program, "/bin/keyctl");
	assert_string_equal(r->argv[1], "negate");
	/* Debian has no catch-all for other user keys */
	assert_null(config_match(&c, "create", "user", "krb5", ""));
	assert_null(config_match(&c, "create", "cifs", "x", ""));
	assert_null(config_match(&c, "update", "dns_resolver", "x", ""));
	config_free(&c);
}

static void files_tie_first_read(void **state)
{
	/* Equal absorption across files: request-key.d (sorted) before
	 * request-key.conf, the earlier file wins. */
	char *d = ut_mkdtemp(), path[4200];
	struct config c;

	assert_non_null(d);
	snprintf(path, sizeof(path), "%s/request-key.d", d);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(ut_write(path, "20-b.conf", "create user * * /b\n", (size_t)-1), 0);
	assert_int_equal(ut_write(path, "10-a.conf", "create user * * /a\n", (size_t)-1), 0);
	assert_int_equal(ut_write(d, "request-key.conf",
				  "create user * * /main\ncreate user x * /main-x\n", (size_t)-1), 0);
	assert_int_equal(config_load(&c, d), 0);
	assert_string_equal(config_match(&c, "create", "user", "y", "")->program, "/a");
	/* a tighter rule in a later file still wins */
	assert_string_equal(config_match(&c, "create", "user", "x", "")->program, "/main-x");
	config_free(&c);
	ut_rm_rf(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pattern_table),
		cmocka_unit_test(keyutils_bug_case),
		cmocka_unit_test(pattern_differential),
		cmocka_unit_test(best_match_least_absorption),
		cmocka_unit_test(best_match_field_order),
		cmocka_unit_test(best_match_absorption_not_presence),
		cmocka_unit_test(best_match_callout),
		cmocka_unit_test(best_match_middle_wildcard),
		cmocka_unit_test(best_match_differential),
		cmocka_unit_test(real_files),
		cmocka_unit_test(files_tie_first_read),
	};

	ut_log_setup();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
