// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "log.h"
#include "rootfs.h"
#include "addrlist.h"
#include "addrsort.h"
#include "desc.h"
#include "dns_conf.h"
#include "hosts.h"
#include "query.h"
#include "resolve.h"

#define MAX_CANDIDATES (RC_MAX_SEARCH + 1)

/* One of the container's files, bounded: the container may make it huge. */
static int load_file(const char *path, size_t max, char **text)
{
	int r = rootfs_read(path, max, text);

	/* A missing file is glibc's defaults; an unreadable one is said. */
	if (r < 0 && r != -ENOENT)
		ub_log(LOG_WARNING, "%s: %s", path, strerror(-r));
	return r;
}

int resolver_load(struct resolver *res, const char *conf_path)
{
	_cleanup_free_ char *rc = NULL, *ns = NULL, *conf = NULL, *gai = NULL;

	memset(res, 0, sizeof(*res));
	res->default_ttl = 5;
	/* exec=host with a broken root fd: every read would fail, and the
	 * lookup would run on defaults nobody configured. */
	if (rootfs_fd() == -EBADF) {
		ub_log(LOG_ERR, "UPCALL_ROOT_FD is set but unusable");
		return -EBADF;
	}
	load_file("/etc/resolv.conf", 64 * 1024, &rc);
	load_file("/etc/nsswitch.conf", 64 * 1024, &ns);
	load_file("/etc/hosts", 1024 * 1024, &res->hosts);
	load_file("/etc/gai.conf", 64 * 1024, &gai);
	if (resolv_conf_parse(rc, &res->rc) == -ENOMEM || nsswitch_hosts_parse(ns, &res->nss) == -ENOMEM)
		return -ENOMEM;
	gai_conf_parse(gai, &res->gai);
	if (load_file(conf_path, 64 * 1024, &conf) >= 0 && dns_conf_parse(conf, &res->default_ttl) < 0)
		ub_log(LOG_WARNING, "%s: bad default_ttl, using %u", conf_path, res->default_ttl);
	return 0;
}

void resolver_free(struct resolver *res)
{
	free(res->hosts);
	res->hosts = NULL;
}

/* Names to try, as res_nsearch would: with fewer dots than ndots the search
 * list comes first; a trailing dot means exactly this name. */
static int candidates(const struct resolv_conf *rc, const char *name, char out[][DNS_MAX_NAME + 2])
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
	for (int i = 0; i < rc->n_search && n < MAX_CANDIDATES - 1; i++)
		if (len + 1 + strlen(rc->search[i]) <= DNS_MAX_NAME)
			snprintf(out[n++], DNS_MAX_NAME + 2, "%s.%s", name, rc->search[i]);
	if (dots < rc->ndots)
		snprintf(out[n++], DNS_MAX_NAME + 2, "%s", name);
	return n;
}

/* Definite answers beat "no answer", and "exists" beats "does not exist". */
static int worse_error(int a, int b)
{
	static const int rank[] = { ENOKEY, EAGAIN, ENODATA };
	int ra = 0, rb = 0;

	for (int i = 0; i < 3; i++) {
		ra = -a == rank[i] ? i : ra;
		rb = -b == rank[i] ? i : rb;
	}
	return rb > ra ? b : a;
}

static int dns_addrs(const struct resolver *res, const char *name, int families, struct dns_addr_list *out)
{
	char names[MAX_CANDIDATES][DNS_MAX_NAME + 2];
	int n = candidates(&res->rc, name, names), err = -ENOKEY;

	for (int i = 0; i < n; i++) {
		bool exists = false;

		for (int f = 0; f < 2; f++) {
			struct dns_answer ans;
			int qtype = f == 0 ? ns_t_a : ns_t_aaaa, r;

			if (!(families & (f == 0 ? DNS_WANT_V4 : DNS_WANT_V6)))
				continue;
			r = dns_query(&res->rc, names[i], qtype, &ans);
			if (r < 0) {
				ub_log(LOG_DEBUG, "%s %s: %s", names[i], f ? "AAAA" : "A", strerror(-r));
				err = worse_error(err, r == -EBADMSG ? -EAGAIN : r);
				continue;
			}
			if (ans.rcode == ns_r_nxdomain)
				continue;
			exists = true;
			for (int k = 0; k < ans.addrs.n; k++)
				dns_addr_add(out, ans.addrs.a[k].family, ans.addrs.a[k].a);
			if (ans.addrs.n)
				dns_ttl_min(&out->ttl, ans.addrs.ttl);
		}
		if (out->n)
			return 0;
		if (exists)
			err = worse_error(err, -ENODATA);
	}
	return err;
}

static bool hosts_has_name(const char *hosts, const char *name)
{
	struct dns_addr_list any = { 0 };

	return hosts_lookup(hosts, name, DNS_WANT_V4 | DNS_WANT_V6, &any) > 0;
}

/* getaddrinfo's order: a program in the container connects to the first. */
static void sort_addrs(const struct resolver *res, struct dns_addr_list *l)
{
	struct dns_addr_src src[DNS_MAX_ADDRS];

	if (l->n < 2)
		return;
	dns_addr_sources(l, src);
	dns_addr_sort(l, src, &res->gai);
}

/*
 * getaddrinfo() answers a numeric IPv4 address itself, in inet_aton()'s
 * forms (127.1, 010.1.2.3 is 8.1.2.3), before any NSS service, and so does
 * key.dns_resolver. inet_aton() stops at white space and glibc's exact
 * variant is private: only these characters can make a whole address.
 */
static bool ipv4_literal(const char *name, struct in_addr *a)
{
	return name[0] && strspn(name, "0123456789abcdefABCDEFxX.") == strlen(name) && inet_aton(name, a);
}

int resolve_addrs(const struct resolver *res, const char *name, int families, struct dns_addr_list *out)
{
	struct in_addr lit;
	int err = -ENOKEY;

	memset(out, 0, sizeof(*out));
	if ((families & DNS_WANT_V4) && ipv4_literal(name, &lit)) {
		dns_addr_add(out, AF_INET, &lit);
		out->ttl = res->default_ttl;
		return 0;
	}
	for (int i = 0; i < res->nss.n; i++) {
		enum nss_status st;
		int r;

		if (res->nss.s[i].source == NSS_FILES) {
			if (!res->hosts) {
				st = NSS_UNAVAIL;
			} else if (hosts_lookup(res->hosts, name, families, out) > 0) {
				/* /etc/hosts has no TTL: the configured default applies. */
				out->ttl = res->default_ttl;
				ub_log(LOG_INFO, "%s: %d address(es) from /etc/hosts", name, out->n);
				sort_addrs(res, out);
				return 0;
			} else if (hosts_has_name(res->hosts, name)) {
				/* glibc's files service finds the name (SUCCESS, so the
				 * lookup stops by default) and getaddrinfo then has no
				 * address of the family asked for: the name exists. */
				st = NSS_SUCCESS;
				err = -ENODATA;
			} else {
				st = NSS_NOTFOUND;
			}
		} else {
			r = dns_addrs(res, name, families, out);
			if (r == 0) {
				ub_log(LOG_INFO, "%s: %d address(es) from DNS, ttl %u", name, out->n, out->ttl);
				sort_addrs(res, out);
				return 0;
			}
			st = r == -EAGAIN ? NSS_TRYAGAIN : NSS_NOTFOUND;
			err = worse_error(err, r);
		}
		if (res->nss.s[i].stop & (1u << st))
			break;      /* e.g. "files [NOTFOUND=return] dns" */
	}
	return err;
}

static int by_priority(const void *a, const void *b)
{
	const struct dns_server *x = a, *y = b;

	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	return x->weight > y->weight ? -1 : x->weight < y->weight;
}

int resolve_servers(const struct resolver *res, const char *name, int qtype, int families,
		    struct dns_server *out, int *n, uint32_t *ttl)
{
	_cleanup_free_ struct dns_answer *ans = malloc(sizeof(*ans));   /* large */
	int r;

	*n = 0;
	*ttl = 0;
	if (!ans)
		return -ENOMEM;
	r = dns_query(&res->rc, name, qtype, ans);
	if (r < 0)
		return r == -EBADMSG ? -EAGAIN : r;
	if (ans->rcode == ns_r_nxdomain)
		return -ENOKEY;
	if (ans->n_servers == 0)
		return -ENODATA;
	qsort(ans->servers, (size_t)ans->n_servers, sizeof(ans->servers[0]), by_priority);
	for (int i = 0; i < ans->n_servers; i++) {
		struct dns_server *s = &out[*n];

		/* The target comes from the network: only plain host names go
		 * on to /etc/hosts and further queries. */
		if (!dns_name_valid(ans->servers[i].name)) {
			ub_log(LOG_WARNING, "%s: skipping server with an invalid name", name);
			continue;
		}
		*s = ans->servers[i];
		dns_ttl_min(ttl, s->ttl);
		if (resolve_addrs(res, s->name, families, &s->addrs) == 0)
			dns_ttl_min(ttl, s->addrs.ttl);
		(*n)++;
	}
	return *n ? 0 : -ENODATA;
}
