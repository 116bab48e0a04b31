// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "line_reader.h"
#include "parse.h"
#include "pwdb.h"

static int add(struct pwdb *db, const char *name, size_t nlen, uint32_t id)
{
	if (db->n == PWDB_MAX_ENTRIES)
		return -E2BIG;
	if ((db->n & (db->n - 1)) == 0) {   /* grow at powers of two */
		size_t cap = db->n ? db->n * 2 : 16;
		struct pwdb_entry *v = realloc(db->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		db->v = v;
	}
	db->v[db->n].name = strndup(name, nlen);
	if (!db->v[db->n].name)
		return -ENOMEM;
	db->v[db->n++].id = id;
	return 0;
}

/* "name:password:id[:...]"; 1 if skipped (malformed, NIS "+"/"-" entries). */
static int parse_entry(struct pwdb *db, char *p)
{
	char *c1, *c2, *c3;
	size_t nlen;
	uint32_t id;

	p += strspn(p, " \t");
	if (!*p || *p == '#')
		return 0;
	c1 = strchr(p, ':');
	c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	c3 = c2 ? strchrnul(c2 + 1, ':') : NULL;
	nlen = c1 ? (size_t)(c1 - p) : 0;
	if (c3 && c3[-1] == '\r')
		c3--;
	if (*p == '+' || *p == '-' || !c2 || nlen == 0 || nlen > PWDB_MAX_NAME ||
	    parse_id(c2 + 1, (size_t)(c3 - c2 - 1), &id) < 0)
		return 1;
	return add(db, p, nlen, id);
}

int pwdb_parse(const char *text, struct pwdb *db)
{
	_cleanup_line_reader_ struct line_reader lr;
	char *line;
	int r;

	memset(db, 0, sizeof(*db));
	if ((r = line_reader_open(&lr, text, 0)) < 0)
		return r;
	while ((line = line_reader_next(&lr))) {
		r = parse_entry(db, line);
		if (r < 0) {
			pwdb_free(db);
			return r;
		}
		db->skipped += (unsigned)r;
	}
	return 0;
}

const struct pwdb_entry *pwdb_by_name(const struct pwdb *db, const char *name)
{
	for (size_t i = 0; i < db->n; i++)
		if (!strcmp(db->v[i].name, name))
			return &db->v[i];
	return NULL;
}

const struct pwdb_entry *pwdb_by_id(const struct pwdb *db, uint32_t id)
{
	for (size_t i = 0; i < db->n; i++)
		if (db->v[i].id == id)
			return &db->v[i];
	return NULL;
}

void pwdb_free(struct pwdb *db)
{
	for (size_t i = 0; i < db->n; i++)
		free(db->v[i].name);
	free(db->v);
	memset(db, 0, sizeof(*db));
}
