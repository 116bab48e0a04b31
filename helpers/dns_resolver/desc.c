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

static int parse_callout(const char *callout, struct dns_request *rq)
{
	char buf[256], *save = NULL;

	/* keyutils' legacy mode: no options means IPv4, one address. */
	if (!callout[0]) {
		rq->families = DNS_WANT_V4;
		rq->one_addr = true;
		return 0;
	}
	if (strlen(callout) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, callout);
	rq->families = DNS_WANT_V4 | DNS_WANT_V6;
	rq->one_addr = true;
	for (char *k = strtok_r(buf, " ", &save); k; k = strtok_r(NULL, " ", &save)) {
		if (strchr(k, ','))
			return -EINVAL;
		if (!strcmp(k, "ipv4"))
			rq->families = DNS_WANT_V4;
		else if (!strcmp(k, "ipv6"))
			rq->families = DNS_WANT_V6;
		else if (!strcmp(k, "list"))
			rq->one_addr = false;
		else if (!strcmp(k, "srv=1") || !strcmp(k, "srvlist"))
			rq->server_list = true;
		/* Unknown options are ignored, as keyutils does. */
	}
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
