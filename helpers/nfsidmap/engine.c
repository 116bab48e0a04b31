// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine.h"

enum method { M_NSSWITCH, M_STATIC, M_UNKNOWN };

static enum method method_of(const char *m)
{
	return !strcmp(m, "nsswitch") ? M_NSSWITCH : !strcmp(m, "static") ? M_STATIC : M_UNKNOWN;
}

int idmap_check_methods(const struct idmap_conf *conf, const char **bad)
{
	for (size_t i = 0; i < conf->n_methods; i++)
		if (method_of(conf->methods[i]) == M_UNKNOWN) {
			*bad = conf->methods[i];
			return -EOPNOTSUPP;
		}
	return 0;
}

/*
 * nss.c strip_domain(): the part before the last '@' if the rest is our
 * domain (case-insensitive). A name in another domain is -EINVAL, which
 * (as in libnfsidmap) ends the method chain rather than trying the next.
 */
static int strip_domain(const char *name, const char *domain, char *out, size_t len)
{
	const char *at = strrchr(name, '@');

	if (!at || strcasecmp(at + 1, domain))
		return -EINVAL;
	if ((size_t)(at - name) >= len)
		return -ENAMETOOLONG;
	memcpy(out, name, (size_t)(at - name));
	out[at - name] = '\0';
	return 0;
}

/* nss.c reformat_name(): "name@dom.example" -> "DOM\name" (Winbind style). */
static int reformat_name(const char *name, char *out, size_t len)
{
	const char *at = strchr(name, '@'), *dot;
	size_t n, d;

	if (!at || !(dot = strchr(at + 1, '.')))
		return -ENOENT;
	n = (size_t)(at - name);
	d = (size_t)(dot - at - 1);
	if (d + 1 + n + 1 > len)
		return -ENAMETOOLONG;
	for (size_t i = 0; i < d; i++)
		out[i] = (char)toupper((unsigned char)at[1 + i]);
	out[d] = '\\';
	memcpy(out + d + 1, name, n);
	out[d + 1 + n] = '\0';
	return 0;
}

static const char *static_local(const struct idmap_conf *conf, const char *principal)
{
	for (size_t i = 0; i < conf->n_statics; i++)
		if (!strcasecmp(conf->statics[i].principal, principal))
			return conf->statics[i].local;
	return NULL;
}

static int lookup_name(const struct pwdb *db, const char *name, uint32_t *id)
{
	const struct pwdb_entry *e = pwdb_by_name(db, name);

	if (!e)
		return -ENOENT;
	*id = e->id;
	return 0;
}

static int nss_name_to_id(const struct idmap_ctx *c, const char *name, uint32_t *id, bool group)
{
	const struct pwdb *db = group ? c->group : c->passwd;
	unsigned flag = group ? IDMAP_NOSTRIP_GROUP : IDMAP_NOSTRIP_USER;
	char local[IDMAP_NAMESZ * 2];
	int r;

	if (c->conf->nostrip & flag) {
		if (group && c->conf->reformat_group) {
			r = reformat_name(name, local, sizeof(local));
			r = r ?: lookup_name(db, local, id);
		} else {
			r = lookup_name(db, name, id);
		}
		if (r == 0)
			return 0;
	}
	r = strip_domain(name, c->domain, local, sizeof(local));
	return r ?: lookup_name(db, local, id);
}

static int static_name_to_id(const struct idmap_ctx *c, const char *name, uint32_t *id, bool group)
{
	const char *local = static_local(c->conf, name);

	return local ? lookup_name(group ? c->group : c->passwd, local, id) : -ENOENT;
}

/* nss.c write_name(): append "@domain" unless No-Strip keeps a qualified name. */
static int write_name(char *dst, size_t len, const char *local, const char *domain, bool append)
{
	int n = append || !strchr(local, '@') ? snprintf(dst, len, "%s@%s", local, domain)
					       : snprintf(dst, len, "%s", local);
	return n < 0 || (size_t)n >= len ? -ENOMEM : 0;
}

static int nss_id_to_name(const struct idmap_ctx *c, uint32_t id, char *name, size_t len, bool group)
{
	const struct pwdb_entry *e = pwdb_by_id(group ? c->group : c->passwd, id);
	unsigned flag = group ? IDMAP_NOSTRIP_GROUP : IDMAP_NOSTRIP_USER;

	if (!e)
		return -ENOENT;
	return write_name(name, len, e->name, c->domain, !(c->conf->nostrip & flag));
}

/* static.c: the first [Static] principal whose local account has this id. */
static int static_id_to_name(const struct idmap_ctx *c, uint32_t id, char *name, size_t len, bool group)
{
	for (size_t i = 0; i < c->conf->n_statics; i++) {
		uint32_t v;

		if (lookup_name(group ? c->group : c->passwd, c->conf->statics[i].local, &v) == 0 && v == id) {
			if (strlen(c->conf->statics[i].principal) >= len)
				return -ENOMEM;
			strcpy(name, c->conf->statics[i].principal);
			return 0;
		}
	}
	return -ENOENT;
}

static enum method method_at(const struct idmap_conf *conf, size_t i)
{
	return conf->n_methods ? method_of(conf->methods[i]) : M_NSSWITCH;
}

static size_t n_methods(const struct idmap_conf *conf)
{
	return conf->n_methods ? conf->n_methods : 1;
}

static int name_to_id(const struct idmap_ctx *c, const char *name, uint32_t *id, bool group)
{
	int r = -ENOENT;

	for (size_t i = 0; i < n_methods(c->conf); i++) {
		switch (method_at(c->conf, i)) {
		case M_NSSWITCH: r = nss_name_to_id(c, name, id, group); break;
		case M_STATIC: r = static_name_to_id(c, name, id, group); break;
		default: return -EOPNOTSUPP;
		}
		if (r != -ENOENT)
			break;
	}
	return r;
}

static int id_to_name(const struct idmap_ctx *c, uint32_t id, char *name, size_t len, bool group)
{
	int r = -ENOENT;

	for (size_t i = 0; i < n_methods(c->conf); i++) {
		switch (method_at(c->conf, i)) {
		case M_NSSWITCH: r = nss_id_to_name(c, id, name, len, group); break;
		case M_STATIC: r = static_id_to_name(c, id, name, len, group); break;
		default: return -EOPNOTSUPP;
		}
		if (r != -ENOENT)
			break;
	}
	return r;
}

int idmap_name_to_uid(const struct idmap_ctx *c, const char *name, uint32_t *uid)
{
	return name_to_id(c, name, uid, false);
}

int idmap_name_to_gid(const struct idmap_ctx *c, const char *name, uint32_t *gid)
{
	return name_to_id(c, name, gid, true);
}

int idmap_uid_to_name(const struct idmap_ctx *c, uint32_t uid, char *name, size_t len)
{
	return id_to_name(c, uid, name, len, false);
}

int idmap_gid_to_name(const struct idmap_ctx *c, uint32_t gid, char *name, size_t len)
{
	return id_to_name(c, gid, name, len, true);
}

/* libnfsidmap id_as_chars(), but whole-string: "12abc" is a name, not 12. */
static bool all_digits_id(const char *s, uint32_t *id)
{
	unsigned long long v = 0;

	if (!*s || strlen(s) > 10)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (unsigned)(*p - '0');
	}
	/* (uid_t)-1 is no id: the kernel maps it to INVALID_UID. */
	if (v >= UINT32_MAX)
		return false;
	*id = (uint32_t)v;
	return true;
}

/* set_id_to_nobody(): Nobody-User/-Group, else nobody@domain, else -2. */
static uint32_t nobody(const struct idmap_ctx *c, bool group)
{
	const char *conf_name = group ? c->conf->nobody_group : c->conf->nobody_user;
	char principal[IDMAP_NAMESZ * 2];
	uint32_t id;

	if (conf_name && lookup_name(group ? c->group : c->passwd, conf_name, &id) == 0)
		return id;
	snprintf(principal, sizeof(principal), "nobody@%s", c->domain);
	if (name_to_id(c, principal, &id, group) == 0)
		return id;
	return IDMAP_NOBODY_FALLBACK;
}

uint32_t idmap_owner_to_uid(const struct idmap_ctx *c, const char *name)
{
	uint32_t id;

	if (name_to_id(c, name, &id, false) == 0 || all_digits_id(name, &id))
		return id;
	return nobody(c, false);
}

uint32_t idmap_group_owner_to_gid(const struct idmap_ctx *c, const char *name)
{
	uint32_t id;

	if (name_to_id(c, name, &id, true) == 0 || all_digits_id(name, &id))
		return id;
	return nobody(c, true);
}
