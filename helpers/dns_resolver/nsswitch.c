// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "nsswitch.h"
#include "line_reader.h"

#define WS " \t\r\f\v"
#define STOP_DEFAULT (1u << NSS_SUCCESS)

static int status_of(const char *s, size_t n)
{
	static const char *const names[NSS_N_STATUS] = {
		[NSS_SUCCESS] = "SUCCESS", [NSS_NOTFOUND] = "NOTFOUND",
		[NSS_UNAVAIL] = "UNAVAIL", [NSS_TRYAGAIN] = "TRYAGAIN",
	};

	for (int i = 0; i < NSS_N_STATUS; i++)
		if (strlen(names[i]) == n && !strncasecmp(s, names[i], n))
			return i;
	return -1;
}

/*
 * One "[!STATUS=action STATUS=action ...]" group, already cut out of the
 * line (without brackets), applied to *stop. Unknown statuses or actions
 * make glibc ignore the item; "merge" is treated like "continue".
 */
static void apply_actions(char *grp, unsigned *stop)
{
	char *save = NULL;

	for (char *it = strtok_r(grp, WS, &save); it; it = strtok_r(NULL, WS, &save)) {
		bool neg = it[0] == '!';
		char *eq = strchr(it, '='), *st = it + neg;
		unsigned mask;
		int s;

		if (!eq)
			continue;
		s = status_of(st, (size_t)(eq - st));
		if (s < 0)
			continue;
		mask = neg ? ((1u << NSS_N_STATUS) - 1) & ~(1u << s) : 1u << s;
		if (!strcasecmp(eq + 1, "return"))
			*stop |= mask;
		else if (!strcasecmp(eq + 1, "continue") || !strcasecmp(eq + 1, "merge"))
			*stop &= ~mask;
	}
}

static void parse_sources(char *p, struct nss_hosts *out)
{
	unsigned dummy = 0, *cur = &dummy;   /* actions before any service go nowhere */

	out->n = 0;
	while (*p) {
		size_t n;

		p += strspn(p, WS);
		if (!*p)
			break;
		if (*p == '[') {
			char *end = strchr(p, ']');

			if (!end)
				break;         /* unterminated: glibc drops the rest too */
			*end = '\0';
			apply_actions(p + 1, cur);
			p = end + 1;
			continue;
		}
		n = strcspn(p, WS "[");
		cur = &dummy;
		if (out->n < NSS_MAX_SOURCES && ((n == 5 && !strncmp(p, "files", 5)) ||
						 (n == 3 && !strncmp(p, "dns", 3)))) {
			out->s[out->n].source = p[0] == 'f' ? NSS_FILES : NSS_DNS;
			out->s[out->n].stop = STOP_DEFAULT;
			cur = &out->s[out->n].stop;
			out->n++;
		}
		p += n;
	}
}

int nsswitch_hosts_parse(const char *text, struct nss_hosts *out)
{
	_cleanup_line_reader_ struct line_reader lr;
	int r = line_reader_open(&lr, text, 0);
	char *line;

	while ((line = line_reader_next(&lr))) {
		char *p = line_cut_comment(line, "#");

		p += strspn(p, WS);
		/* glibc: the database name, optional blanks, then ':'. */
		if (strncmp(p, "hosts", 5))
			continue;
		p += 5;
		p += strspn(p, WS);
		if (*p != ':')
			continue;
		parse_sources(p + 1, out);
		return 0;
	}
	out->n = 2;
	out->s[0].source = NSS_DNS;
	out->s[0].stop = STOP_DEFAULT | (((1u << NSS_N_STATUS) - 1) & ~(1u << NSS_UNAVAIL));
	out->s[1].source = NSS_FILES;
	out->s[1].stop = STOP_DEFAULT;
	return r;
}
