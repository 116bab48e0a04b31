/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <netinet/in.h>
#include "dns_types.h"

/*
 * Parsers for the container's resolver configuration. All take the file's
 * text (the container's, read through rootfs_read()) and never fail on
 * junk lines: like glibc they skip what they do not understand.
 */
struct resolv_conf {
	int n_ns;
	struct sockaddr_in ns[DNS_MAX_NS];   /* IPv4 servers (see the man page) */
	int n_search;
	char search[6][DNS_MAX_NAME + 1];
	int ndots, timeout, attempts;
};

enum hosts_source { HOSTS_FILES = 1, HOSTS_DNS = 2 };

void resolv_conf_parse(const char *text, struct resolv_conf *rc);
/* The "hosts:" line: sources in order (files, dns); unknown ones skipped.
 * Without the file or the line glibc's default applies: dns, files. */
int nsswitch_hosts_parse(const char *text, int order[4]);
/* Addresses /etc/hosts gives @name (case-insensitive, aliases too). */
void hosts_lookup(const char *text, const char *name, int families, struct dns_addr_list *out);
/* key.dns_resolver.conf: default_ttl = N (1..INT32_MAX); 0 or -EINVAL. */
int dns_conf_parse(const char *text, unsigned *default_ttl);
void dns_addr_add(struct dns_addr_list *l, int family, const void *a);
