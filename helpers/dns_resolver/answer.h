/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdint.h>
#include "dns_types.h"

struct dns_server {
	uint16_t prio, weight, port;
	char name[DNS_MAX_NAME + 1];
	uint32_t ttl;
	struct dns_addr_list addrs;
};

struct dns_answer {
	int rcode;                          /* ns_r_noerror, ns_r_nxdomain, ... */
	struct dns_addr_list addrs;         /* A/AAAA records, ttl = minimum */
	int n_servers;                      /* SRV or AFSDB records */
	struct dns_server servers[DNS_MAX_SERVERS];
};

/*
 * Parse a DNS response (from the network: hostile) for records of @qtype
 * (ns_t_a, ns_t_aaaa, ns_t_srv, ns_t_afsdb) in the answer section.
 * -EBADMSG if it does not parse.
 */
int dns_answer_parse(const unsigned char *msg, int len, int qtype, struct dns_answer *ans);
