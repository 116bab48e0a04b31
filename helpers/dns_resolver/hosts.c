// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#include "addrlist.h"
#include "hosts.h"
#include "line_reader.h"

/* Compare ignoring one trailing dot on either side: "db.test." is "db.test". */
static bool same_name(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la && a[la - 1] == '.')
		la--;
	if (lb && b[lb - 1] == '.')
		lb--;
	return la == lb && la && !strncasecmp(a, b, la);
}

int hosts_lookup(const char *text, const char *name, int families, struct dns_addr_list *out)
{
	_cleanup_line_reader_ struct line_reader lr;
	int before = out->n, r;
	char *line;

	if ((r = line_reader_open(&lr, text, 0)) < 0)
		return r;
	while ((line = line_reader_next(&lr))) {
		char *save = NULL, *addr, *h;
		uint8_t a[16];
		int fam;

		addr = strtok_r(line_cut_comment(line, "#"), " \t\r\f\v", &save);
		if (!addr)
			continue;
		if (inet_pton(AF_INET, addr, a) == 1)
			fam = AF_INET;
		else if (inet_pton(AF_INET6, addr, a) == 1)
			fam = AF_INET6;
		else
			continue;
		if (!(families & (fam == AF_INET ? DNS_WANT_V4 : DNS_WANT_V6)))
			continue;
		while ((h = strtok_r(NULL, " \t\r\f\v", &save)))
			if (same_name(h, name)) {
				dns_addr_add(out, fam, a);
				break;
			}
	}
	return out->n - before;
}
