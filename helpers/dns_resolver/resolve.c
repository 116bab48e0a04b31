// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/nameser.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../broker/cleanup.h"
#include "../common/hlog.h"
#include "../common/rootfs.h"
#include "query.h"
#include "resolve.h"

int resolver_load(struct resolver *res, const char *conf_path)
{
	_cleanup_free_ char *rc = NULL, *ns = NULL, *conf = NULL;

	memset(res, 0, sizeof(*res));
	res->default_ttl = 5;
	/* Missing files are normal in application containers. */
	rootfs_read("/etc/resolv.conf", 64 * 1024, &rc);
	resolv_conf_parse(rc ? rc : "", &res->rc);
	rootfs_read("/etc/nsswitch.conf", 64 * 1024, &ns);
	res->n_order = nsswitch_hosts_parse(ns, res->order);
	rootfs_read("/etc/hosts", 1024 * 1024, &res->hosts);
	if (rootfs_read(conf_path, 64 * 1024, &conf) >= 0 && dns_conf_parse(conf, &res->default_ttl) < 0)
		hlog(LOG_WARNING, "%s: bad default_ttl, using %u", conf_path, res->default_ttl);
	return 0;
}

void resolver_free(struct resolver *res)
{
	free(res->hosts);
	res->hosts = NULL;
}

/* Names to try: with fewer dots than ndots the search list comes first. */
static int candidates(const struct resolv_conf *rc, const char *name, char out[8][DNS_MAX_NAME + 2])
{
	int dots = 0, n = 0;
	size_t len = strlen(name);

	for (const char *p = name; *p; p++)
		dots += *p == '.';
	if (len && name[len - 1] == '.') {
		snprintf(out[n++], DNS_MAX_NAME + 2, "%s", name);
		return n;
	}
	if (dots >= rc->ndots)
		snprintf(out[n++], DNS_MAX_NAME + 2, "%s", name);
	for (int i = 0; i < rc->n_search && n < 7; i++)
		if (len + 1 + strlen(rc->search[i]) <= DNS_MAX_NAME)
			snprintf(out[n++], DNS_MAX_NAME + 2, "%s.%s", name, rc->search[i]);
	if (dots < rc->ndots)
		snprintf(out[n++], DNS_MAX_NAME + 2, "%s", name);
	return n;
}

static int dns_addrs(const struct resolver *res, const char *name, int families, struct dns_addr_list *out)
{
	char names[8][DNS_MAX_NAME + 2];
	int n = candidates(&res->rc, name, names), err = -ENOKEY;

	for (int i = 0; i < n; i++) {
		bool exists = false;

		for (int f = 0; f < 2; f++) {
			struct dns_answer ans;
			int qtype = f == 0 ? ns_t_a : ns_t_aaaa;
			int r;

			if (!(families & (f == 0 ? DNS_WANT_V4 : DNS_WANT_V6)))
				continue;
			r = dns_query(&res->rc, names[i], qtype, &ans);
			if (r < 0) {
				err = r == -EAGAIN && err == -ENOKEY ? -EAGAIN : err;
				continue;
			}
			if (ans.rcode == ns_r_nxdomain)
				continue;
			exists = true;
			for (int k = 0; k < ans.addrs.n; k++)
				dns_addr_add(out, ans.addrs.a[k].family, ans.addrs.a[k].a);
			if (ans.addrs.n && (out->ttl == 0 || ans.addrs.ttl < out->ttl))
				out->ttl = ans.addrs.ttl;
		}
		if (out->n)
			return 0;
		if (exists)
			err = -ENODATA;
	}
	return err;
}

int resolve_addrs(const struct resolver *res, const char *name, int families, struct dns_addr_list *out)
{
	int err = -ENOKEY;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < res->n_order; i++) {
		if (res->order[i] == HOSTS_FILES) {
			hosts_lookup(res->hosts, name, families, out);
			if (out->n) {
				/* /etc/hosts has no TTL: the configured default applies. */
				out->ttl = res->default_ttl;
				hlog(LOG_INFO, "%s: %d address(es) from /etc/hosts", name, out->n);
				return 0;
			}
		} else {
			int r = dns_addrs(res, name, families, out);
			if (r == 0) {
				hlog(LOG_INFO, "%s: %d address(es) from DNS, ttl %u", name, out->n, out->ttl);
				return 0;
			}
			/* A definite answer beats "no answer"; ENODATA beats ENOKEY. */
			if (err == -ENOKEY || r == -ENODATA)
				err = r;
		}
	}
	return err;
}

int resolve_servers(const struct resolver *res, const char *name, int qtype, int families,
		    struct dns_server *out, int *n, uint32_t *ttl)
{
	struct dns_answer ans;
	int r = dns_query(&res->rc, name, qtype, &ans);

	*n = 0;
	*ttl = 0;
	if (r < 0)
		return r;
	if (ans.rcode == ns_r_nxdomain)
		return -ENOKEY;
	if (ans.n_servers == 0)
		return -ENODATA;
	for (int i = 0; i < ans.n_servers; i++) {
		out[*n] = ans.servers[i];
		if (*ttl == 0 || ans.servers[i].ttl < *ttl)
			*ttl = ans.servers[i].ttl;
		if (resolve_addrs(res, ans.servers[i].name, families, &out[*n].addrs) == 0 &&
		    out[*n].addrs.ttl && out[*n].addrs.ttl < *ttl)
			*ttl = out[*n].addrs.ttl;
		(*n)++;
	}
	return 0;
}
