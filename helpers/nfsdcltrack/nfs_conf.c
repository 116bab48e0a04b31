// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nfs_conf.h"

static char *trim(char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* One line of at most 4095 bytes; longer lines are skipped. */
static char *value_of(char *line, bool *in_section)
{
	char *p = trim(line), *eq, *val, *q;

	if (*p == '#' || *p == ';' || !*p)
		return NULL;
	if (*p == '[') {
		char *close = strchr(p, ']');
		if (close) {
			*close = '\0';
			*in_section = !strcasecmp(trim(p + 1), "nfsdcltrack");
		} else {
			*in_section = false;
		}
		return NULL;
	}
	if (!*in_section || !(eq = strchr(p, '=')))
		return NULL;
	*eq = '\0';
	if (strcasecmp(trim(p), "storagedir"))
		return NULL;
	val = trim(eq + 1);
	if (*val == '"' || *val == '\'') {
		q = strchr(val + 1, *val);
		if (!q)
			return NULL;
		*q = '\0';
		return val + 1;
	}
	val[strcspn(val, "#;")] = '\0';
	return trim(val);
}

char *cltrack_conf_storagedir(const char *text)
{
	bool in_section = false;
	char *result = NULL;

	while (text && *text) {
		const char *start = text, *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		char line[4096], *v;

		text = nl ? nl + 1 : text + len;
		/* A cut line could yield a shorter, different path: skip it whole. */
		if (len >= sizeof(line))
			continue;
		memcpy(line, start, len);
		line[len] = '\0';
		v = value_of(line, &in_section);
		if (v && v[0] == '/') {
			char *c = strdup(v);
			if (c) {
				free(result);
				result = c;
			}
		}
	}
	return result;
}
