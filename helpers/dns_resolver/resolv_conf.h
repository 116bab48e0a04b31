/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <netinet/in.h>
#include "dns_types.h"

#define RC_MAX_NS 3          /* MAXNS: glibc uses the first three */
#define RC_MAX_SEARCH 6      /* MAXDNSRCH */

union rc_sockaddr {
	struct sockaddr sa;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
};

/*
 * The parts of resolv.conf(5) that change which servers are asked, for
 * which names and how: nameserver (IPv4 and IPv6), search/domain, options
 * ndots, timeout, attempts, rotate, use-vc, edns0. Anything else is
 * ignored, as glibc ignores what it does not know.
 */
struct resolv_conf {
	int n_ns;
	union rc_sockaddr ns[RC_MAX_NS];
	int n_search;
	char search[RC_MAX_SEARCH][DNS_MAX_NAME + 1];
	int ndots, timeout, attempts;
	bool rotate, use_vc, edns0;
};

/* @text NULL (no file) gives glibc's defaults, including "ask the local
 * host" when there is no usable nameserver line. -ENOMEM leaves those. */
int resolv_conf_parse(const char *text, struct resolv_conf *rc);
