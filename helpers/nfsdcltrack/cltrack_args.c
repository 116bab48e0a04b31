// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <stdbool.h>
#include <strings.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cltrack_args.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

ssize_t cltrack_hex_to_blob(const char *hex, unsigned char *blob, size_t size)
{
	size_t n = 0;

	while (*hex) {
		int hi, lo;

		if (n >= size)
			return -ENOBUFS;
		hi = hexval(*hex++);
		if (!*hex)
			return -EINVAL;
		lo = hexval(*hex++);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		blob[n++] = (unsigned char)(hi << 4 | lo);
	}
	return (ssize_t)n;
}

int cltrack_parse_time(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

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

char *cltrack_conf_storagedir(const char *text)
{
	bool in_section = false;
	char *result = NULL;

	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		char line[4096], *p, *eq;

		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, text, len);
		line[len] = '\0';
		text = nl ? nl + 1 : text + strlen(text);
		if ((p = strpbrk(line, "#;")))
			*p = '\0';
		for (p = line; isspace((unsigned char)*p); p++)
			;
		if (*p == '[') {
			char *close = strchr(p, ']');
			in_section = close && (size_t)(close - p - 1) == strlen("nfsdcltrack") &&
				     !strncasecmp(p + 1, "nfsdcltrack", strlen("nfsdcltrack"));
			continue;
		}
		if (!in_section || !(eq = strchr(p, '=')))
			continue;
		*eq = '\0';
		char *key = trim(p), *val = trim(eq + 1);
		if (!strcasecmp(key, "storagedir") && val[0] == '/') {
			free(result);
			result = strdup(val);
		}
	}
	return result;
}
