// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "desc.h"

bool dns_name_valid(const char *name)
{
	size_t len = strlen(name), label = 0;

	if (len == 0 || len > DNS_MAX_NAME)
		return false;
	for (const char *p = name; *p; p++) {
		char c = *p;

		if (c == '.') {
			if (label == 0 && p[1])      /* empty label, but a final dot is fine */
				return false;
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
		if (++label > 63)
			return false;
	}
	return name[0] != '.';
}

/*
 * keyutils 1.6.3's rules. Address lookups: no options is the legacy mode
 * (first IPv4 address); otherwise both families, first address, with
 * space-separated words "ipv4", "ipv6" (the last one wins) and "list"; a
 * word's "=value" is cut off; unknown words are ignored; a word with a
 * comma fails the request (-EBADRQC: keyutils negates the key for 1 s).
 * AFS cells: every address of both families; only a callout that is
 * exactly "ipv4" or "ipv6" narrows the family (keyutils compares the whole
 * string; our "srv=1" may come with it). srv: (ours) as afsdb:.
 */
static int parse_callout(const char *callout, struct dns_request *rq)
{
	char buf[256], *save = NULL;
	int narrow = 0, other = 0;

	if (strlen(callout) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, callout);
	rq->families = DNS_WANT_V4 | DNS_WANT_V6;
	rq->one_addr = rq->kind == DNS_Q_ADDR;
	if (rq->kind == DNS_Q_ADDR && !callout[0]) {
		rq->families = DNS_WANT_V4;
		return 0;
	}
	for (char *k = strtok_r(buf, " ", &save); k; k = strtok_r(NULL, " ", &save)) {
		char *eq;

		if (!strcmp(k, "srv=1") || !strcmp(k, "srvlist")) {
			rq->server_list = true;
			continue;
		}
		if (rq->kind != DNS_Q_ADDR) {
			if ((!strcmp(k, "ipv4") || !strcmp(k, "ipv6")) && !narrow)
				narrow = k[3] == '4' ? DNS_WANT_V4 : DNS_WANT_V6;
			else
				other++;
			continue;
		}
		if (strchr(k, ','))
			return -EBADRQC;
		if ((eq = strchr(k, '=')))
			*eq = '\0';
		if (!strcmp(k, "ipv4"))
			rq->families = DNS_WANT_V4;
		else if (!strcmp(k, "ipv6"))
			rq->families = DNS_WANT_V6;
		else if (!strcmp(k, "list"))
			rq->one_addr = false;
		/* Unknown options are ignored, as keyutils does. */
	}
	if (narrow && !other)
		rq->families = narrow;
	return 0;
}

int dns_request_parse(const char *desc, const char *callout, struct dns_request *rq)
{
	const char *colon = strchr(desc, ':'), *name = desc;
	size_t tlen;

	memset(rq, 0, sizeof(*rq));
	rq->kind = DNS_Q_ADDR;
	if (colon) {
		tlen = (size_t)(colon - desc);
		name = colon + 1;
		if ((tlen == 1 && !strncmp(desc, "a", 1)) || (tlen == 4 && !strncmp(desc, "aaaa", 4)))
			rq->kind = DNS_Q_ADDR;
		else if (tlen == 5 && !strncmp(desc, "afsdb", 5))
			rq->kind = DNS_Q_AFSDB;
		else if (tlen == 3 && !strncmp(desc, "srv", 3))
			rq->kind = DNS_Q_SRV;
		else
			return -EOPNOTSUPP;
	}
	if (!dns_name_valid(name))
		return -EINVAL;
	snprintf(rq->name, sizeof(rq->name), "%s", name);
	return parse_callout(callout, rq);
}
