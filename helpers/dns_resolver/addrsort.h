/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "dns_types.h"
#include "gai_conf.h"

/*
 * Destination address ordering as glibc's getaddrinfo(3) does it (its
 * rfc3484_sort: RFC 3484/6724 rules 1, 2, 5, 6, 8, 9 and 10, with glibc's
 * own quirks), so that "list" and the first address match what a program
 * in the container gets. Rules 3, 4 and 7 need address flags (deprecated,
 * home, tunnel) that glibc itself mostly does not have either; they are
 * not applied.
 */
struct dns_addr_src {
	bool got;                  /* a route (and so a source address) exists */
	int family;
	uint8_t a[16];             /* IPv4: the first 4 bytes */
	int prefixlen;             /* of the source's own address, 0 unknown */
};

/* Stable sort of @l by the rules above; @src[i] describes l->a[i]. */
void dns_addr_sort(struct dns_addr_list *l, const struct dns_addr_src *src, const struct gai_policy *p);
/* The source address the kernel would pick for each destination (a
 * connected UDP socket, no packet sent) in this network namespace. */
void dns_addr_sources(const struct dns_addr_list *l, struct dns_addr_src *src);
