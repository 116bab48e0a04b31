/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "answer.h"
#include "sysconf.h"

/* The container's resolver configuration, read once per request. */
struct resolver {
	struct resolv_conf rc;
	int order[4], n_order;
	char *hosts;           /* /etc/hosts text, or NULL */
	unsigned default_ttl;
};

int resolver_load(struct resolver *res, const char *conf_path);
void resolver_free(struct resolver *res);
/*
 * Addresses for @name in nsswitch order. 0 with out->n > 0 on success;
 * -ENOKEY: the name does not exist; -ENODATA: it exists without such
 * records; -EAGAIN: no name server answered.
 */
int resolve_addrs(const struct resolver *res, const char *name, int families, struct dns_addr_list *out);
/* SRV (or AFSDB) records for @name, each with its target's addresses. */
int resolve_servers(const struct resolver *res, const char *name, int qtype, int families,
		    struct dns_server *out, int *n, uint32_t *ttl);
