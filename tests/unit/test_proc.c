// SPDX-License-Identifier: GPL-2.0-or-later
/* The /proc/keys, /proc/<pid>/status and uid_map parsers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include "idmap.h"
#include "proc_keys.h"
#include "proc_status.h"

static void keys_auth_line(void **state)
{
	struct auth_info ai;
	const char *line = "2e1a2c3b I--Q---     1 perm 3f010000     0     0 .request_ key:1234abcd pid:4242 ci:17\n";

	assert_int_equal(proc_keys_parse_line(line, 0x1234abcd, &ai), 1);
	assert_int_equal(ai.auth_key, 0x2e1a2c3b);
	assert_int_equal(ai.requester_tid, 4242);
	assert_int_equal(ai.callout_len, 17);
	/* another target's authorisation */
	assert_int_equal(proc_keys_parse_line(line, 0x1234abce, &ai), 0);
}

static void keys_other_lines(void **state)
{
	struct auth_info ai;

	assert_int_equal(proc_keys_parse_line("1a2b3c4d I--Q---     1 perm 3f010000     0     0 user      debug:x: 5\n", 1, &ai), 0);
	/* A user key whose description mimics an auth line: the type column decides. */
	assert_int_equal(proc_keys_parse_line("1a2b3c4d I--Q---     1 perm 3f010000  1000  1000 user      .request_ key:1 pid:1 ci:1: 5\n", 1, &ai), 0);
	assert_int_equal(proc_keys_parse_line("1a2b3c4d I--Q---     1 perm 3f010000  1000  1000 user      x .request_ key:1 pid:1 ci:1\n", 1, &ai), 0);
	/* revoked: no description left */
	assert_int_equal(proc_keys_parse_line("2e1a2c3b IR-Q---     1 perm 3f010000     0     0 .request_\n", 1, &ai), 0);
	assert_int_equal(proc_keys_parse_line("", 1, &ai), 0);
	assert_int_equal(proc_keys_parse_line("zzzz", 1, &ai), 0);
}

static void keys_malformed(void **state)
{
	struct auth_info ai;

	assert_int_equal(proc_keys_parse_line("2 I 1 p 3 0 0 .request_ key:1 pid:x ci:1\n", 1, &ai), -EINVAL);
	assert_int_equal(proc_keys_parse_line("2 I 1 p 3 0 0 .request_ key:1 pid:0 ci:1\n", 1, &ai), -EINVAL);
	assert_int_equal(proc_keys_parse_line("2 I 1 p 3 0 0 .request_ key:1 pid:99999999999 ci:1\n", 1, &ai), -EINVAL);
	assert_int_equal(proc_keys_parse_line("2 I 1 p 3 0 0 .request_ key:1 ci:1\n", 1, &ai), -EINVAL);
	assert_int_equal(proc_keys_parse_line("2 I 1 p 3 0 0 .request_ key:1 pid:5\n", 1, &ai), -EINVAL);
}

static const char status_text[] =
	"Name:\tevil\tUid:\t0\t0\t0\t0\n"   /* the name is the container's choice */
	"Umask:\t0022\n"
	"State:\tS (sleeping)\n"
	"Tgid:\t4242\n"
	"Ngid:\t0\n"
	"Pid:\t4243\n"
	"PPid:\t4000\n"
	"Uid:\t100000\t100001\t100002\t100003\n"
	"Gid:\t100010\t100011\t100012\t100013\n"
	"Groups:\t100020 100021 \n"
	"NSpid:\t4243\t7\t1\n"
	"CapEff:\t000001ffffffffff\n"
	"CapBnd:\t000001fffeffdfff\n"
	"NoNewPrivs:\t1\n"
	"Kthread:\t0\n";

static void status_fields(void **state)
{
	struct proc_status st;

	assert_int_equal(proc_status_parse(status_text, &st), 0);
	assert_int_equal(st.tgid, 4242);
	assert_int_equal(st.ppid, 4000);
	assert_int_equal(st.uid[0], 100000);
	assert_int_equal(st.uid[3], 100003);
	assert_int_equal(st.gid[1], 100011);
	assert_int_equal(st.n_groups, 2);
	assert_int_equal(st.groups[1], 100021);
	assert_int_equal(st.nspid_depth, 3);
	assert_int_equal(st.nspid_last, 1);
	assert_true(st.cap_bnd == 0x000001fffeffdfffULL);
	assert_true(st.no_new_privs);
	assert_false(st.kthread);
}

static void status_missing_or_bad(void **state)
{
	struct proc_status st;
	char buf[sizeof(status_text) + 64];

	assert_int_equal(proc_status_parse("Name:\tx\nTgid:\t1\n", &st), -EINVAL);
	strcpy(buf, status_text);
	memcpy(strstr(buf, "Uid:\t100000"), "Uid:\t1x0000", 11);
	assert_int_equal(proc_status_parse(buf, &st), -EINVAL);
	strcpy(buf, status_text);
	memcpy(strstr(buf, "Uid:\t100000"), "Uid:\t-10000", 11);
	assert_int_equal(proc_status_parse(buf, &st), -EINVAL);
	assert_int_equal(proc_status_parse("", &st), -EINVAL);
}

static void status_empty_groups(void **state)
{
	struct proc_status st;
	const char *t = "Tgid:\t1\nPPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nGroups:\t\nCapBnd:\t0000000000000000\n";

	assert_int_equal(proc_status_parse(t, &st), 0);
	assert_int_equal(st.n_groups, 0);
}

static void idmap_translate(void **state)
{
	struct idmap m;

	assert_int_equal(idmap_parse("         0     100000      65536\n     65536    1000000          1\n", &m), 0);
	assert_int_equal(m.n, 2);
	assert_int_equal(idmap_to_inside(&m, 100000), 0);
	assert_int_equal(idmap_to_inside(&m, 101000), 1000);
	assert_int_equal(idmap_to_inside(&m, 165535), 65535);
	assert_int_equal(idmap_to_inside(&m, 165536), IDMAP_OVERFLOW_ID);
	assert_int_equal(idmap_to_inside(&m, 1000000), 65536);
	assert_int_equal(idmap_to_inside(&m, 0), IDMAP_OVERFLOW_ID);
	idmap_identity(&m);
	assert_int_equal(idmap_to_inside(&m, 4242), 4242);
}

static void idmap_bad(void **state)
{
	struct idmap m;

	assert_int_equal(idmap_parse("0 100000\n", &m), -EINVAL);
	assert_int_equal(idmap_parse("0 100000 0\n", &m), -EINVAL);
	assert_int_equal(idmap_parse("4294967295 0 2\n", &m), -EINVAL);
	assert_int_equal(idmap_parse("0 1 1 junk\n", &m), -EINVAL);
	assert_int_equal(idmap_parse("", &m), 0);
	assert_int_equal(m.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_auth_line),
		cmocka_unit_test(keys_other_lines),
		cmocka_unit_test(keys_malformed),
		cmocka_unit_test(status_fields),
		cmocka_unit_test(status_missing_or_bad),
		cmocka_unit_test(status_empty_groups),
		cmocka_unit_test(idmap_translate),
		cmocka_unit_test(idmap_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
