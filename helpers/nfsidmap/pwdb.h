/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/*
 * A container's /etc/passwd or /etc/group, parsed the way glibc's "files"
 * service reads them: "name:password:id:..." with the id in the third
 * field; the first entry for a name or an id wins; "#" comments, blank
 * lines, NIS compat lines ("+", "-") and malformed lines are skipped.
 * Only names and ids are kept: that is all id mapping needs.
 */
#define PWDB_MAX_ENTRIES (1u << 20)
#define PWDB_MAX_NAME 255

struct pwdb_entry {
	char *name;
	uint32_t id;
};

struct pwdb {
	struct pwdb_entry *v;
	size_t n;
	unsigned skipped;    /* malformed lines */
};

/* 0, -ENOMEM, or -E2BIG beyond PWDB_MAX_ENTRIES. */
int pwdb_parse(const char *text, struct pwdb *db);
const struct pwdb_entry *pwdb_by_name(const struct pwdb *db, const char *name);
const struct pwdb_entry *pwdb_by_id(const struct pwdb *db, uint32_t id);
void pwdb_free(struct pwdb *db);
