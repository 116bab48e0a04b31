// SPDX-License-Identifier: GPL-2.0-or-later
/* The /proc/keys, /proc/<pid>/status and uid_map parsers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "cgroup_member.h"
#include "cgroup_text.h"
#include "userns_map.h"
#include "proc_keys.h"
#include "proc_status.h"

static const struct auth_expect want = {
	.auth_key = 0x2e1a2c3b, .target = 0x1234abcd, .perm = 0x3f010000, .uid = 0, .gid = 0, .callout_len = 17,
};
static const char real_line[] =
	"2e1a2c3b I--Q---     1 perm 3f010000     0     0 .request_ key:1234abcd pid:4242 ci:17\n";

static int parse(const char *line, const struct auth_expect *w, struct auth_info *ai)
{
	return proc_keys_parse_line(line, strlen(line), w, ai);
}

static void keys_auth_line(void **state)
{
	struct auth_info ai;
	struct auth_expect other = want;

	assert_int_equal(parse(real_line, &want, &ai), 1);
	assert_int_equal(ai.auth_key, 0x2e1a2c3b);
	assert_int_equal(ai.requester_tid, 4242);
	assert_int_equal(ai.callout_len, 17);
	/* a timeout column instead of "perm", a big usage count, big ids */
	other.uid = 100000;
	other.gid = 100000;
	assert_int_equal(parse("2e1a2c3b I--QU--   123  59s 3f010000 100000 100000 .request_ key:1234abcd pid:7 ci:17\n",
			       &other, &ai), 1);
	assert_int_equal(ai.requester_tid, 7);
	/* another serial in the first column: not ours, whatever follows */
	other = want;
	other.auth_key = 0x2e1a2c3c;
	assert_int_equal(parse(real_line, &other, &ai), 0);
}

static void keys_other_lines(void **state)
{
	struct auth_info ai;

	assert_int_equal(parse("1a2b3c4d I--Q---     1 perm 3f010000     0     0 user      debug:x: 5\n", &want, &ai), 0);
	assert_int_equal(parse("", &want, &ai), 0);
	assert_int_equal(parse("zzzz", &want, &ai), 0);
	/* An uppercase or short serial is never the kernel's "%08x". */
	assert_int_equal(parse("2E1A2C3B I--Q---     1 perm 3f010000     0     0 .request_ key:1234abcd pid:1 ci:17\n", &want, &ai), 0);
}

static void keys_forged_or_stale(void **state)
{
	struct auth_info ai;

	/* Everything the kernel knows must match: target, callout length, owner, perm. */
	assert_int_equal(parse("2e1a2c3b I--Q---     1 perm 3f010000     0     0 .request_ key:1234abce pid:1 ci:17\n", &want, &ai), -EBADMSG);
	assert_int_equal(parse("2e1a2c3b I--Q---     1 perm 3f010000     0     0 .request_ key:1234abcd pid:1 ci:16\n", &want, &ai), -EBADMSG);
	assert_int_equal(parse("2e1a2c3b I--Q---     1 perm 3f010000  1000     0 .request_ key:1234abcd pid:1 ci:17\n", &want, &ai), -EBADMSG);
	assert_int_equal(parse("2e1a2c3b I--Q---     1 perm 3f3f3f3f     0     0 .request_ key:1234abcd pid:1 ci:17\n", &want, &ai), -EBADMSG);
	/* The wrong type in the type column, the kernel's padding not kept. */
	assert_int_equal(parse("2e1a2c3b I--Q---     1 perm 3f010000     0     0 user      key:1234abcd pid:1 ci:17\n", &want, &ai), -EBADMSG);
	assert_int_equal(parse("2e1a2c3b I--Q--- 1 perm 3f010000 0 0 .request_ key:1234abcd pid:1 ci:17\n", &want, &ai), -EBADMSG);
	/* Trailing text, a zero or malformed pid, leading zeros. */
	assert_int_equal(parse("2e1a2c3b I--Q---     1 perm 3f010000     0     0 .request_ key:1234abcd pid:1 ci:17 x\n", &want, &ai), -EBADMSG);
	assert_int_equal(parse("2e1a2c3b I--Q---     1 perm 3f010000     0     0 .request_ key:1234abcd pid:0 ci:17\n", &want, &ai), -EBADMSG);
	assert_int_equal(parse("2e1a2c3b I--Q---     1 perm 3f010000     0     0 .request_ key:1234abcd pid:01 ci:17\n", &want, &ai), -EBADMSG);
	assert_int_equal(parse("2e1a2c3b I--Q---     1 perm 3f010000     0     0 .request_ key:1234abcd pid:99999999999 ci:17\n", &want, &ai), -EBADMSG);
	/* revoked: the kernel prints no description then */
	assert_int_equal(parse("2e1a2c3b IR-Q---     1 perm 3f010000     0     0 .request_\n", &want, &ai), -EBADMSG);
}

/* The attack of issue 8: a world-viewable user key whose description holds
 * a newline and a complete copy of our line with another pid, sorted first. */
static void keys_file_forgery_refused(void **state)
{
	char path[] = "/tmp/ubtest-proc-keys-XXXXXX";
	int fd = mkstemp(path);
	struct auth_info ai;
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("0000abcd I--Q---     1 perm 3f3f3f3f  1000  1000 user      x\n"
	      "2e1a2c3b I--Q---     1 perm 3f010000     0     0 .request_ key:1234abcd pid:2 ci:17: 5\n", f);
	fputs(real_line, f);
	fclose(f);
	assert_int_equal(proc_keys_find_auth(path, &want, &ai), -ENOTUNIQ);

	/* The same file without the forgery: the real line is found. */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("0000abcd I--Q---     1 perm 3f3f3f3f  1000  1000 user      x: 5\n", f);
	fputs(real_line, f);
	fclose(f);
	assert_int_equal(proc_keys_find_auth(path, &want, &ai), 0);
	assert_int_equal(ai.requester_tid, 4242);

	/* None at all. */
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(proc_keys_find_auth(path, &want, &ai), -ENOKEY);
	unlink(path);
}

/* The reader that owns nothing is only a speed-up: where it may not open
 * the file (here a 0600 root file; in the field hidepid= or an LSM), the
 * file is read as ourselves. Needs root (the fs ids change only with
 * CAP_SETUID) and an authority in our session keyring, which a user key in
 * a fresh session keyring stands in for. */
static void keys_reader_refused_falls_back(void **state)
{
	char path[] = "/tmp/ubtest-proc-keys-XXXXXX";
	struct auth_expect w = want;
	struct auth_info ai;
	struct stat st;
	key_serial_t k;
	int fd;
	FILE *f;

	(void)state;
	/* a build chroot may have no keyrings (ENOSYS) */
	if (geteuid() != 0 || keyctl_join_session_keyring(NULL) < 0)
		skip();
	k = add_key("user", "ubtest-proc-keys", "x", 1, KEY_SPEC_SESSION_KEYRING);
	assert_true(k > 0);
	w.auth_key = k;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "%08x I--Q---     1 perm 3f010000     0     0 .request_ key:1234abcd pid:4242 ci:17\n", k);
	fclose(f);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_uid == 0 && (st.st_mode & 077) == 0);
	assert_int_equal(proc_keys_find_auth(path, &w, &ai), 0);
	assert_int_equal(ai.requester_tid, 4242);
	unlink(path);
}

/* A delegated container names its own cgroups, newlines included. */
static void cgroup_text_line(void **state)
{
	const char *text = "9:name=systemd:/a\n8:pids:/b\n0::/c/d\n";

	(void)state;
	assert_true(cgroup_text_has_line(text, "0::/c/d", 7));
	assert_true(cgroup_text_has_line(text, "8:pids:/b", 9));
	/* a prefix of a line, or a line and more, is not the line */
	assert_false(cgroup_text_has_line(text, "0::/c", 5));
	assert_false(cgroup_text_has_line(text, "0::/c/d\n", 8));
	assert_false(cgroup_text_has_line("", "0::/", 4));
}

static void cgroup_text_hierarchies(void **state)
{
	static const char ours[] = "9:name=systemd:/\n8:pids:/\n0::/\n";

	assert_int_equal(cgroup_text_matches_hierarchies("9:name=systemd:/a\n8:pids:/b\n0::/c\n", ours), 0);
	/* "0::/x\n8:pids:/" as a cgroup name adds a line */
	assert_int_equal(cgroup_text_matches_hierarchies("9:name=systemd:/a\n8:pids:/b\n0::/x\n8:pids:/\n", ours), -EBADMSG);
	/* ...or shifts the others */
	assert_int_equal(cgroup_text_matches_hierarchies("9:name=systemd:/a\n0::/\n8:pids:/b\n0::/c\n", ours), -EBADMSG);
	/* a hierarchy missing, or one we do not have */
	assert_int_equal(cgroup_text_matches_hierarchies("9:name=systemd:/a\n0::/c\n", ours), -EBADMSG);
	assert_int_equal(cgroup_text_matches_hierarchies("9:name=systemd:/a\n8:pids:/b\n0::/c\n7:cpu:/\n", ours), -EBADMSG);
	assert_int_equal(cgroup_text_matches_hierarchies("", ours), -EBADMSG);
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
	"CapInh:\t0000000000003000\n"
	"CapEff:\t000001ffffffffff\n"
	"CapBnd:\t000001fffeffdfff\n"
	"CapAmb:\t0000000000001000\n"
	"NoNewPrivs:\t1\n"
	"Seccomp:\t2\n"
	"Seccomp_filters:\t5\n"
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
	/* one level up: the pid a container's /proc shows for its helper */
	assert_int_equal(st.nspid_parent, 7);
	assert_true(st.cap_bnd == 0x000001fffeffdfffULL);
	assert_true(st.no_new_privs);
	assert_false(st.kthread);
	/* what a fork of it would inherit */
	assert_int_equal(st.umask, 022);
	assert_true(st.cap_inh == 0x3000);
	assert_true(st.cap_amb == 0x1000);
	assert_int_equal(st.seccomp_mode, 2);
	assert_int_equal(st.seccomp_filters, 5);
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

static void userns_map_translate(void **state)
{
	struct userns_map m;

	assert_int_equal(userns_map_parse("         0     100000      65536\n     65536    1000000          1\n", &m), 0);
	assert_int_equal(m.n, 2);
	assert_int_equal(userns_map_to_inside(&m, 100000), 0);
	assert_int_equal(userns_map_to_inside(&m, 101000), 1000);
	assert_int_equal(userns_map_to_inside(&m, 165535), 65535);
	assert_int_equal(userns_map_to_inside(&m, 165536), USERNS_MAP_OVERFLOW_ID);
	assert_int_equal(userns_map_to_inside(&m, 1000000), 65536);
	assert_int_equal(userns_map_to_inside(&m, 0), USERNS_MAP_OVERFLOW_ID);
	userns_map_identity(&m);
	assert_int_equal(userns_map_to_inside(&m, 4242), 4242);
}

static void userns_map_bad(void **state)
{
	struct userns_map m;

	assert_int_equal(userns_map_parse("0 100000\n", &m), -EINVAL);
	assert_int_equal(userns_map_parse("0 100000 0\n", &m), -EINVAL);
	assert_int_equal(userns_map_parse("4294967295 0 2\n", &m), -EINVAL);
	assert_int_equal(userns_map_parse("0 1 1 junk\n", &m), -EINVAL);
	assert_int_equal(userns_map_parse("", &m), 0);
	assert_int_equal(m.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_auth_line),
		cmocka_unit_test(keys_other_lines),
		cmocka_unit_test(keys_forged_or_stale),
		cmocka_unit_test(keys_file_forgery_refused),
		cmocka_unit_test(keys_reader_refused_falls_back),
		cmocka_unit_test(cgroup_text_hierarchies),
		cmocka_unit_test(cgroup_text_line),
		cmocka_unit_test(status_fields),
		cmocka_unit_test(status_missing_or_bad),
		cmocka_unit_test(status_empty_groups),
		cmocka_unit_test(userns_map_translate),
		cmocka_unit_test(userns_map_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
