// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_conf.h"
#include "parse.h"
#include "line_reader.h"

int dns_conf_parse(const char *text, unsigned *default_ttl)
{
	_cleanup_line_reader_ struct line_reader lr;
	char *line;
	int r;

	if ((r = line_reader_open(&lr, text, 0)) < 0)
		return r;
	while ((line = line_reader_next(&lr))) {
		char key[64], val[64] = "";

		line_cut_comment(line, "#");
		for (char *p = line; *p; p++)
			if (*p == '=')
				*p = ' ';
		if (sscanf(line, " %63s %63s", key, val) < 1)
			continue;
		if (!strcmp(key, "default_ttl")) {
			unsigned v;

			if (parse_uint(val, INT32_MAX, &v) < 0 || v < 1)
				return -EINVAL;
			*default_ttl = v;
		}
	}
	return 0;
}
