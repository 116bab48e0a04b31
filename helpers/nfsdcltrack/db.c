// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "db.h"

#define SCHEMA_VERSION 2
#define BUSY_TIMEOUT_MS 10000   /* as nfs-utils: concurrent upcalls wait */

struct cltrack_db {
	sqlite3 *h;
};

static int sql_err(struct cltrack_db *db, const char *what)
{
	ub_log(LOG_ERR, "%s: %s", what, sqlite3_errmsg(db->h));
	return -EIO;
}

static int exec(struct cltrack_db *db, const char *sql)
{
	char *err = NULL;
	int r = sqlite3_exec(db->h, sql, NULL, NULL, &err);

	if (r != SQLITE_OK) {
		ub_log(LOG_ERR, "%s: %s", sql, err ? err : "?");
		sqlite3_free(err);
		return -EIO;
	}
	return 0;
}

/* 0: no parameters table (new database), else the stored version. */
static int schema_version(struct cltrack_db *db)
{
	sqlite3_stmt *st;
	int v = 0;

	if (sqlite3_prepare_v2(db->h, "SELECT value FROM parameters WHERE key == \"version\";", -1, &st, NULL) !=
	    SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Set up or upgrade under an exclusive transaction: racing upcalls are normal. */
static int setup(struct cltrack_db *db)
{
	int v, r = 0;

	if (exec(db, "BEGIN EXCLUSIVE TRANSACTION;") < 0)
		return -EIO;
	v = schema_version(db);
	if (v == 0) {
		r = exec(db, "CREATE TABLE parameters (key TEXT PRIMARY KEY, value TEXT);");
		r = r ?: exec(db, "CREATE TABLE clients (id BLOB PRIMARY KEY, time INTEGER, has_session INTEGER);");
		r = r ?: exec(db, "INSERT OR FAIL INTO parameters values (\"version\", \"2\");");
	} else if (v == 1) {
		r = exec(db, "ALTER TABLE clients ADD COLUMN has_session INTEGER;");
		r = r ?: exec(db, "UPDATE parameters SET value = 2 WHERE key = \"version\";");
	} else if (v != SCHEMA_VERSION) {
		ub_log(LOG_ERR, "unsupported database schema version %d", v);
		r = -EINVAL;
	}
	if (r < 0) {
		exec(db, "ROLLBACK TRANSACTION;");
		return r;
	}
	return exec(db, "COMMIT TRANSACTION;");
}

int cltrack_db_open(const char *dir, struct cltrack_db **out)
{
	struct cltrack_db *db = calloc(1, sizeof(*db));
	char path[PATH_MAX];
	int r;

	if (!db)
		return -ENOMEM;
	if ((size_t)snprintf(path, sizeof(path), "%s/main.sqlite", dir) >= sizeof(path)) {
		free(db);
		return -ENAMETOOLONG;
	}
	if (sqlite3_open(path, &db->h) != SQLITE_OK || sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS) != SQLITE_OK) {
		ub_log(LOG_ERR, "cannot open %s: %s", path, db->h ? sqlite3_errmsg(db->h) : "?");
		cltrack_db_close(db);
		return -EACCES;
	}
	if (schema_version(db) != SCHEMA_VERSION && (r = setup(db)) < 0) {
		cltrack_db_close(db);
		return r;
	}
	*out = db;
	return 0;
}

void cltrack_db_close(struct cltrack_db *db)
{
	if (!db)
		return;
	sqlite3_close(db->h);
	free(db);
}

static int step_done(struct cltrack_db *db, sqlite3_stmt *st, const char *what)
{
	int r = sqlite3_step(st) == SQLITE_DONE ? 0 : sql_err(db, what);

	sqlite3_finalize(st);
	return r;
}

int cltrack_db_insert(struct cltrack_db *db, const unsigned char *id, size_t len, bool has_session, bool zerotime)
{
	/* time 0: a v4.1 client migrated from a legacy directory still has to reclaim */
	const char *sql = zerotime ? "INSERT OR REPLACE INTO clients VALUES (?, 0, ?);"
				   : "INSERT OR REPLACE INTO clients VALUES (?, strftime('%s', 'now'), ?);";
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return sql_err(db, "insert");
	sqlite3_bind_blob(st, 1, id, (int)len, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, has_session);
	return step_done(db, st, "insert");
}

int cltrack_db_remove(struct cltrack_db *db, const unsigned char *id, size_t len)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db->h, "DELETE FROM clients WHERE id==?", -1, &st, NULL) != SQLITE_OK)
		return sql_err(db, "delete");
	sqlite3_bind_blob(st, 1, id, (int)len, SQLITE_STATIC);
	return step_done(db, st, "delete");
}

int cltrack_db_check(struct cltrack_db *db, const unsigned char *id, size_t len, bool has_session)
{
	sqlite3_stmt *st;
	int n;

	if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM clients WHERE id==?", -1, &st, NULL) != SQLITE_OK)
		return sql_err(db, "select");
	sqlite3_bind_blob(st, 1, id, (int)len, SQLITE_STATIC);
	n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	if (n < 0)
		sql_err(db, "select");
	sqlite3_finalize(st);
	if (n != 1)
		return -EACCES;
	/* Only v4.0 clients (no session) get their timestamp refreshed. */
	if (has_session)
		return 0;
	if (sqlite3_prepare_v2(db->h, "UPDATE OR FAIL clients SET time=strftime('%s', 'now') WHERE id==?", -1, &st,
			       NULL) != SQLITE_OK)
		return sql_err(db, "update");
	sqlite3_bind_blob(st, 1, id, (int)len, SQLITE_STATIC);
	return step_done(db, st, "update");
}

int cltrack_db_remove_unreclaimed(struct cltrack_db *db, int64_t grace_start)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db->h, "DELETE FROM clients WHERE time < ?", -1, &st, NULL) != SQLITE_OK)
		return sql_err(db, "delete");
	sqlite3_bind_int64(st, 1, grace_start);
	return step_done(db, st, "delete");
}

int cltrack_db_reclaiming(struct cltrack_db *db, int64_t grace_start)
{
	sqlite3_stmt *st;
	int n;

	if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM clients WHERE time < ? OR has_session != 1", -1, &st,
			       NULL) != SQLITE_OK)
		return sql_err(db, "select");
	sqlite3_bind_int64(st, 1, grace_start);
	n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : sql_err(db, "select");
	sqlite3_finalize(st);
	return n;
}
