// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cleanup.h"
#include "conffile.h"
#include "idmapd_conf.h"
#include "parse.h"

enum section { SEC_NONE, SEC_GENERAL, SEC_MAPPING, SEC_TRANSLATION, SEC_STATIC, SEC_OTHER };

static char *rtrim(char *s)
{
	size_t n = strlen(s);

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static int set_str(char **dst, const char *v)
{
	char *c = strdup(v);

	if (!c)
		return -ENOMEM;
	free(*dst);
	*dst = c;
	return 0;
}

static bool truthy(const char *v)
{
	return !strcasecmp(v, "true") || !strcasecmp(v, "on") || !strcasecmp(v, "yes");
}

/* conf_get_list(): comma separated, blanks around fields dropped, empty fields skipped. */
static int set_methods(struct idmap_conf *c, const char *v)
{
	_cleanup_free_ char *copy = strdup(v);
	char *p = copy, *f;

	if (!copy)
		return -ENOMEM;
	for (size_t i = 0; i < c->n_methods; i++)
		free(c->methods[i]);
	c->n_methods = 0;
	while ((f = strsep(&p, ",")) != NULL) {
		while (isspace((unsigned char)*f))
			f++;
		rtrim(f);
		if (!*f)
			continue;
		if (c->n_methods == IDMAP_CONF_MAX_METHODS)
			return -E2BIG;
		if (!(c->methods[c->n_methods] = strdup(f)))
			return -ENOMEM;
		c->n_methods++;
	}
	return 0;
}

static int set_static(struct idmap_conf *c, const char *tag, const char *v)
{
	struct idmap_static *s;

	for (size_t i = 0; i < c->n_statics; i++)
		if (!strcasecmp(c->statics[i].principal, tag))
			return set_str(&c->statics[i].local, v);
	if (c->n_statics == IDMAP_CONF_MAX_STATIC)
		return -E2BIG;
	s = realloc(c->statics, (c->n_statics + 1) * sizeof(*s));
	if (!s)
		return -ENOMEM;
	c->statics = s;
	s += c->n_statics;
	s->principal = strdup(tag);
	s->local = strdup(v);
	if (!s->principal || !s->local) {
		free(s->principal);
		free(s->local);
		return -ENOMEM;
	}
	c->n_statics++;
	return 0;
}

static int assign(struct idmap_conf *c, enum section sec, const char *tag, const char *v)
{
	switch (sec) {
	case SEC_GENERAL:
		if (!strcasecmp(tag, "Domain"))
			return set_str(&c->domain, v);
		if (!strcasecmp(tag, "No-Strip")) {
			c->nostrip = !strcasecmp(v, "both")  ? IDMAP_NOSTRIP_USER | IDMAP_NOSTRIP_GROUP :
				     !strcasecmp(v, "group") ? IDMAP_NOSTRIP_GROUP :
				     !strcasecmp(v, "user")  ? IDMAP_NOSTRIP_USER : 0;
			return 0;
		}
		if (!strcasecmp(tag, "Reformat-Group")) {
			c->reformat_group = truthy(v);
			return 0;
		}
		if (!strcasecmp(tag, "Verbosity")) {
			unsigned n;

			/* The container's text: no atoi() overflow; not a number is 0. */
			c->verbosity = parse_uint(v, UINT_MAX, &n) < 0 ? 0 : n > 9 ? 9 : (int)n;
			return 0;
		}
		return 0;
	case SEC_MAPPING:
		if (!strcasecmp(tag, "Nobody-User"))
			return set_str(&c->nobody_user, v);
		if (!strcasecmp(tag, "Nobody-Group"))
			return set_str(&c->nobody_group, v);
		return 0;
	case SEC_TRANSLATION:
		if (!strcasecmp(tag, "Method"))
			return set_methods(c, v);
		return 0;
	case SEC_STATIC:
		return set_static(c, tag, v);
	default:
		return 0;
	}
}

static enum section section_of(const struct conffile_entry *e)
{
	if (e->subsection)
		return SEC_OTHER;  /* [section "subsection"]: not libnfsidmap's */
	if (!strcasecmp(e->section, "General"))
		return SEC_GENERAL;
	if (!strcasecmp(e->section, "Mapping"))
		return SEC_MAPPING;
	if (!strcasecmp(e->section, "Translation"))
		return SEC_TRANSLATION;
	if (!strcasecmp(e->section, "Static"))
		return SEC_STATIC;
	return SEC_OTHER;
}

static int on_entry(const struct conffile_entry *e, void *data)
{
	struct idmap_conf *c = data;

	if (!strcasecmp(e->tag, "include")) {
		c->has_include = true;
		return 0;
	}
	return assign(c, section_of(e), e->tag, e->value);
}

int idmap_conf_parse(const char *text, struct idmap_conf *conf)
{
	int r;

	memset(conf, 0, sizeof(*conf));
	r = conffile_parse(text, on_entry, conf);
	if (r < 0) {
		idmap_conf_free(conf);
		return r;
	}
	conf->ignored_lines = (unsigned)r;
	return 0;
}

void idmap_conf_free(struct idmap_conf *conf)
{
	free(conf->domain);
	free(conf->nobody_user);
	free(conf->nobody_group);
	for (size_t i = 0; i < conf->n_methods; i++)
		free(conf->methods[i]);
	for (size_t i = 0; i < conf->n_statics; i++) {
		free(conf->statics[i].principal);
		free(conf->statics[i].local);
	}
	free(conf->statics);
	memset(conf, 0, sizeof(*conf));
}
