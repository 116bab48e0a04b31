/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "answer.h"
#include "gai_conf.h"
#include "nsswitch.h"
#include "resolv_conf.h"

/* The container's resolver configuration, read once per request. */
struct resolver {
	struct resolv_conf rc;
	struct nss_hosts nss;
	char *hosts;           /* /etc/hosts text, or NULL: no such file */
	struct gai_policy gai; /* /etc/gai.conf: address order */
	unsigned default_ttl;
};

/* Read the container's files (rootfs.h decides how). Missing files are
 * not errors: each parser has glibc's default for "no file". */
/* The container's resolver files. -EBADF: exec=host's root fd is unusable;
 * -ENOMEM. Missing files are glibc's defaults. */
int resolver_load(struct resolver *res, const char *conf_path);
void resolver_free(struct resolver *res);
/*
 * Addresses for @name in nsswitch order, sorted as getaddrinfo(3) sorts
 * them (addrsort.h). 0 with out->n > 0 on success; -ENOKEY: the name does
 * not exist; -ENODATA: it exists without such records (in DNS, or in
 * /etc/hosts with addresses of the other family only); -EAGAIN: no name
 * server answered.
 */
int resolve_addrs(const struct resolver *res, const char *name, int families, struct dns_addr_list *out);
/*
 * SRV (or AFSDB) records of @name from DNS, sorted by priority then
 * weight, each with its target's addresses (nsswitch order again). *ttl is
 * the minimum over every record used. Errors as resolve_addrs().
 */
int resolve_servers(const struct resolver *res, const char *name, int qtype, int families,
		    struct dns_server *out, int *n, uint32_t *ttl);
