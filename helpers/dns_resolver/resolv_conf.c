// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resolv_conf.h"
#include "line_reader.h"

#define WS " \t\r\f\v"

static bool add_ns(struct resolv_conf *rc, const char *arg)
{
	union rc_sockaddr *s = &rc->ns[rc->n_ns];

	if (rc->n_ns == RC_MAX_NS)
		return false;
	memset(s, 0, sizeof(*s));
	if (inet_pton(AF_INET, arg, &s->sin.sin_addr) == 1) {
		s->sin.sin_family = AF_INET;
		s->sin.sin_port = htons(NAMESERVER_PORT);
	} else if (inet_pton(AF_INET6, arg, &s->sin6.sin6_addr) == 1) {
		/* Link-local "fe80::1%eth0" fails inet_pton and is skipped:
		 * interface names are the container's, not worth the risk. */
		s->sin6.sin6_family = AF_INET6;
		s->sin6.sin6_port = htons(NAMESERVER_PORT);
	} else {
		return false;
	}
	rc->n_ns++;
	return true;
}

/* "name:N" with N a decimal in [lo, hi] (clamped, as glibc does). */
static bool option_int(const char *arg, const char *name, int lo, int hi, int *out)
{
	size_t n = strlen(name);
	char *end;
	long v;

	if (strncmp(arg, name, n) || arg[n] != ':' || arg[n + 1] < '0' || arg[n + 1] > '9')
		return false;
	errno = 0;
	v = strtol(arg + n + 1, &end, 10);
	if (errno == ERANGE)
		v = LONG_MAX;
	*out = v < lo ? lo : v > hi ? hi : (int)v;
	return true;
}

int resolv_conf_parse(const char *text, struct resolv_conf *rc)
{
	_cleanup_line_reader_ struct line_reader lr;
	char *line;
	int r;

	memset(rc, 0, sizeof(*rc));
	rc->ndots = 1;
	rc->timeout = 5;           /* RES_TIMEOUT */
	rc->attempts = 2;          /* RES_DFLRETRY */
	r = line_reader_open(&lr, text, 0);
	while ((line = line_reader_next(&lr))) {
		char *save = NULL, *kw, *arg;

		kw = strtok_r(line_cut_comment(line, "#;"), WS, &save);
		if (!kw)
			continue;
		if (!strcmp(kw, "nameserver")) {
			if ((arg = strtok_r(NULL, WS, &save)))
				add_ns(rc, arg);
		} else if (!strcmp(kw, "search") || !strcmp(kw, "domain")) {
			/* The last search/domain line wins, as in glibc. */
			rc->n_search = 0;
			while ((arg = strtok_r(NULL, WS, &save)) && rc->n_search < RC_MAX_SEARCH)
				if (strlen(arg) <= DNS_MAX_NAME && strcmp(arg, "."))
					snprintf(rc->search[rc->n_search++], DNS_MAX_NAME + 1, "%s", arg);
		} else if (!strcmp(kw, "options")) {
			while ((arg = strtok_r(NULL, WS, &save))) {
				if (option_int(arg, "ndots", 0, 15, &rc->ndots) ||
				    option_int(arg, "timeout", 1, 30, &rc->timeout) ||
				    option_int(arg, "attempts", 1, 5, &rc->attempts))
					continue;
				if (!strcmp(arg, "rotate"))
					rc->rotate = true;
				else if (!strcmp(arg, "use-vc") || !strcmp(arg, "usevc"))
					rc->use_vc = true;
				else if (!strcmp(arg, "edns0"))
					rc->edns0 = true;
			}
		}
	}
	/* No usable nameserver line: glibc asks the local host. */
	if (rc->n_ns == 0)
		add_ns(rc, "127.0.0.1");
	return r;
}
