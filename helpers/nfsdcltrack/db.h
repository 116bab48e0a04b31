/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/*
 * nfs-utils' nfsdcltrack database, same file and schema (version 2):
 *   parameters(key TEXT PRIMARY KEY, value TEXT)  -- ("version", "2")
 *   clients(id BLOB PRIMARY KEY, time INTEGER, has_session INTEGER)
 * so that either program can read what the other wrote. Version 1
 * databases (no has_session) are upgraded as nfs-utils does.
 */
struct cltrack_db;

/* @dir must exist. */
int cltrack_db_open(const char *dir, struct cltrack_db **db);
void cltrack_db_close(struct cltrack_db *db);
int cltrack_db_insert(struct cltrack_db *db, const unsigned char *id, size_t len, bool has_session,
		      bool zerotime);
int cltrack_db_remove(struct cltrack_db *db, const unsigned char *id, size_t len);
/* 0 if present (and, for v4.0 clients, its time refreshed), -EACCES if not. */
int cltrack_db_check(struct cltrack_db *db, const unsigned char *id, size_t len, bool has_session);
int cltrack_db_remove_unreclaimed(struct cltrack_db *db, int64_t grace_start);
/* Clients that may still be reclaiming (>= 0), or -errno. */
int cltrack_db_reclaiming(struct cltrack_db *db, int64_t grace_start);
