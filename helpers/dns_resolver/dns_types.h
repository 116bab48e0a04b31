/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#define DNS_MAX_ADDRS 64
#define DNS_MAX_SERVERS 15     /* keyutils' and the AFS client's limit */
#define DNS_MAX_NAME 253

struct dns_addr {
	int family;                /* AF_INET or AF_INET6 */
	uint8_t a[16];
};

struct dns_addr_list {
	int n;
	struct dns_addr a[DNS_MAX_ADDRS];
	uint32_t ttl;              /* minimum over the records used; 0: none yet */
};

/* What a key description and callout ask for. */
enum dns_query_kind { DNS_Q_ADDR, DNS_Q_AFSDB, DNS_Q_SRV };
enum { DNS_WANT_V4 = 1, DNS_WANT_V6 = 2 };

struct dns_request {
	enum dns_query_kind kind;
	char name[DNS_MAX_NAME + 1];
	int families;              /* DNS_WANT_* */
	bool one_addr;             /* legacy and default: first address only */
	bool server_list;          /* callout srv=1 (or srvlist): binary server list v1 */
};
