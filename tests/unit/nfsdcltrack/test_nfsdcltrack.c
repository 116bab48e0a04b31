// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests: hex client ids, times, nfs.conf, and the database against a
 * scratch directory (schema text identical to nfs-utils'). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <unistd.h>

#include "conffile.h"
#include "db.h"
#include "hex.h"
#include "nfs_conf.h"
#include "timestamp.h"

static void test_hex(void **state)
{
	unsigned char b[NFS4_OPAQUE_LIMIT];
	char big[2 * NFS4_OPAQUE_LIMIT + 3];

	assert_int_equal(cltrack_hex_to_blob("0102fF", b, sizeof(b)), 3);
	assert_int_equal(b[2], 0xff);
	assert_int_equal(cltrack_hex_to_blob("", b, sizeof(b)), 0);
	assert_int_equal(cltrack_hex_to_blob("abc", b, sizeof(b)), -EINVAL);
	assert_int_equal(cltrack_hex_to_blob("0g", b, sizeof(b)), -EINVAL);
	assert_int_equal(cltrack_hex_to_blob("0 ", b, sizeof(b)), -EINVAL);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[2 * NFS4_OPAQUE_LIMIT] = '\0';
	assert_int_equal(cltrack_hex_to_blob(big, b, sizeof(b)), NFS4_OPAQUE_LIMIT);
	big[2 * NFS4_OPAQUE_LIMIT] = 'a';
	assert_int_equal(cltrack_hex_to_blob(big, b, sizeof(b)), -ENOBUFS);
}

static void test_time(void **state)
{
	int64_t t;

	assert_int_equal(cltrack_parse_time("1700000000", &t), 0);
	assert_int_equal(t, 1700000000);
	assert_int_equal(cltrack_parse_time("0x10", &t), 0);   /* strtol(.., 0) as nfs-utils */
	assert_int_equal(t, 16);
	assert_int_equal(cltrack_parse_time("", &t), -EINVAL);
	assert_int_equal(cltrack_parse_time(NULL, &t), -EINVAL);
	assert_int_equal(cltrack_parse_time("-5", &t), -EINVAL);
	assert_int_equal(cltrack_parse_time("\n-66", &t), -EINVAL);   /* found by fuzz_time */
	assert_int_equal(cltrack_parse_time(" 5", &t), -EINVAL);
	assert_int_equal(cltrack_parse_time("12x", &t), -EINVAL);
	assert_int_equal(cltrack_parse_time("99999999999999999999999", &t), -ERANGE);
}

static void test_nfsconf(void **state)
{
	char *d;

	d = cltrack_conf_storagedir("[General]\nstoragedir=/no\n[NfsdCltrack]\n  StorageDir = /a # c\n"
				    "storagedir='/b c'\n[other]\nstoragedir=/x\n");
	assert_string_equal(d, "/b c");
	free(d);
	assert_null(cltrack_conf_storagedir("[nfsdcltrack]\nstoragedir = relative\n"));
	assert_null(cltrack_conf_storagedir("[nfsdcltrack\nstoragedir = /x\n"));
	assert_null(cltrack_conf_storagedir(""));
	/* a long line is read whole, never cut to a shorter path */
	char big[6000];
	snprintf(big, sizeof(big), "[nfsdcltrack]\nstoragedir = /ok\nstoragedir = /%.*d\n", 5000, 0);
	d = cltrack_conf_storagedir(big);
	assert_int_equal(strlen(d), 5001);
	free(d);
}

/*
 * Where the old nfs.conf and idmapd.conf parsers disagreed, nfs-utils'
 * conffile.c decides: backslash-newline joins, an unterminated last line
 * is ignored, blanks (isblank) around '=' but white space (isspace) at the
 * start of a line and the end of a value, subsections are not sections.
 */
static void test_conffile_rules(void **state)
{
	char *d;

	d = cltrack_conf_storagedir("[nfsdcltrack]\nstoragedir = /a\\\nb\n");
	assert_string_equal(d, "/a  b");
	free(d);
	d = cltrack_conf_storagedir("[nfsdcltrack]\nstoragedir = /a\nstoragedir = /b");
	assert_string_equal(d, "/a");   /* the last line has no newline */
	free(d);
	d = cltrack_conf_storagedir("[nfsdcltrack]\n\f\vstoragedir = /a\f\r\nstoragedir\f= /b\n");
	assert_string_equal(d, "/a");   /* "storagedir\f" is another tag */
	free(d);
	assert_null(cltrack_conf_storagedir("[nfsdcltrack \"x\"]\nstoragedir = /a\n"));
	d = cltrack_conf_storagedir("[ nfsdcltrack \"x]\nstoragedir = /a\n");
	assert_string_equal(d, "/a");   /* unmatched '"': the section stays */
	free(d);
	assert_null(cltrack_conf_storagedir("[nfsdcltrack]\nstoragedir = \"/a\n"));
}

static int count_entries(const struct conffile_entry *e, void *data)
{
	(*(int *)data)++;
	return strcmp(e->tag, "stop") ? 0 : -ECANCELED;
}

static void test_conffile_api(void **state)
{
	int n = 0;

	/* ignored: no section, no '=', no tag, unterminated last line */
	assert_int_equal(conffile_parse("a=1\n[s]\njunk\n = x\nb=2\n# c\n; d\n\nc=3", count_entries, &n), 4);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(conffile_parse("[s]\nstop=1\nb=2\n", count_entries, &n), -ECANCELED);
	assert_int_equal(n, 1);
}

static void test_db(void **state)
{
	char dir[] = "/tmp/cltrack-unit.XXXXXX", path[64];
	unsigned char a[] = { 1, 2 }, b[] = { 3 };
	struct cltrack_db *db;
	sqlite3 *h;
	sqlite3_stmt *st;

	assert_non_null(mkdtemp(dir));
	assert_int_equal(cltrack_db_open(dir, &db), 0);
	assert_int_equal(cltrack_db_check(db, a, sizeof(a), false), -EACCES);
	assert_int_equal(cltrack_db_insert(db, a, sizeof(a), true, false), 0);
	assert_int_equal(cltrack_db_insert(db, b, sizeof(b), true, true), 0);
	assert_int_equal(cltrack_db_check(db, a, sizeof(a), true), 0);
	assert_int_equal(cltrack_db_reclaiming(db, 1000), 1);     /* b has time 0 */
	assert_int_equal(cltrack_db_remove_unreclaimed(db, 1000), 0);
	assert_int_equal(cltrack_db_check(db, b, sizeof(b), true), -EACCES);
	assert_int_equal(cltrack_db_reclaiming(db, 1000), 0);
	assert_int_equal(cltrack_db_remove(db, a, sizeof(a)), 0);
	assert_int_equal(cltrack_db_check(db, a, sizeof(a), true), -EACCES);
	cltrack_db_close(db);

	snprintf(path, sizeof(path), "%s/main.sqlite", dir);
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT group_concat(sql, ';') FROM sqlite_master", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0),
			    "CREATE TABLE parameters (key TEXT PRIMARY KEY, value TEXT);"
			    "CREATE TABLE clients (id BLOB PRIMARY KEY, time INTEGER, has_session INTEGER)");
	sqlite3_finalize(st);
	/* an unknown (newer) schema version is refused, not rewritten */
	assert_int_equal(sqlite3_exec(h, "UPDATE parameters SET value = 9", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(cltrack_db_open(dir, &db), -EINVAL);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_nfsconf),
		cmocka_unit_test(test_conffile_rules),
		cmocka_unit_test(test_conffile_api),
		cmocka_unit_test(test_db),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
