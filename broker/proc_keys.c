// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "proc_keys.h"

static int parse_ulong(const char *s, int base, const char *stop, unsigned long *out)
{
	char *end;

	if (!((*s >= '0' && *s <= '9') || (base == 16 && *s >= 'a' && *s <= 'f')))
		return -EINVAL;
	errno = 0;
	unsigned long v = strtoul(s, &end, base);
	if (errno || end == s || !strchr(stop, *end))
		return -EINVAL;
	*out = v;
	return 0;
}

/*
 * Skip @n whitespace-separated columns. The first eight columns of
 * /proc/keys are fixed-format kernel output; everything after them is the
 * key type's description, which for user-defined types is chosen by
 * whoever made the key, so nothing there may be searched for blindly.
 */
static const char *skip_columns(const char *p, int n)
{
	while (n--) {
		while (*p == ' ')
			p++;
		if (!*p || *p == '\n')
			return NULL;
		while (*p && *p != ' ' && *p != '\n')
			p++;
	}
	return *p == ' ' ? p + 1 : NULL;
}

int proc_keys_parse_line(const char *line, key_serial_t target, struct auth_info *out)
{
	unsigned long id, v;
	const char *p;
	char *end;

	errno = 0;
	id = strtoul(line, &end, 16);
	if (errno || end == line || *end != ' ' || id == 0 || id > INT32_MAX)
		return 0;
	/* serial flags usage timeout perm uid gid, then the type padded to 9 */
	p = skip_columns(line, 7);
	if (!p || strncmp(p, ".request_ key:", 14))
		return 0;
	p += 14;
	if (parse_ulong(p, 16, " ", &v) < 0)
		return -EINVAL;
	if (v > INT32_MAX || (key_serial_t)v != target)
		return 0;
	p = strchr(p, ' ');
	if (!p || strncmp(p, " pid:", 5))
		return -EINVAL;
	p += 5;
	if (parse_ulong(p, 10, " ", &v) < 0 || v == 0 || v > INT32_MAX)
		return -EINVAL;
	out->requester_tid = (pid_t)v;
	p = strchr(p, ' ');
	if (!p || strncmp(p, " ci:", 4))
		return -EINVAL;
	p += 4;
	if (parse_ulong(p, 10, "\n", &v) < 0)
		return -EINVAL;
	out->callout_len = v;
	out->auth_key = (key_serial_t)id;
	return 1;
}

int proc_keys_find_auth(const char *path, key_serial_t target, key_serial_t auth_key,
			struct auth_info *out)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	_cleanup_free_ char *line = NULL;
	size_t cap = 0;
	int r;

	if (!f)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		r = proc_keys_parse_line(line, target, out);
		if (r < 0)
			return r;
		if (r > 0 && (auth_key == 0 || out->auth_key == auth_key))
			return 0;
	}
	return -ENOKEY;
}
