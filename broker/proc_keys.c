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

	errno = 0;
	if (*s < '0' || *s > 'f')
		return -EINVAL;
	unsigned long v = strtoul(s, &end, base);
	if (errno || end == s || !strchr(stop, *end))
		return -EINVAL;
	*out = v;
	return 0;
}

int proc_keys_parse_line(const char *line, key_serial_t target, struct auth_info *out)
{
	unsigned long id, v;
	const char *p;
	char *end;

	/* Column 1 is the serial in hex; the type column is cut to 9 chars. */
	errno = 0;
	id = strtoul(line, &end, 16);
	if (errno || end == line || *end != ' ' || id == 0 || id > INT32_MAX)
		return 0;
	p = strstr(end, " .request_ key:");
	if (!p)
		return 0;
	p += strlen(" .request_ key:");

	if (parse_ulong(p, 16, " ", &v) < 0)
		return -EINVAL;
	if ((key_serial_t)v != target || v > INT32_MAX)
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

int proc_keys_find_auth(const char *path, key_serial_t target, struct auth_info *out)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	_cleanup_free_ char *line = NULL;
	size_t cap = 0;
	int r;

	if (!f)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		r = proc_keys_parse_line(line, target, out);
		if (r != 0)
			return r < 0 ? r : 0;
	}
	return -ENOKEY;
}
