// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/nameser.h>
#include <errno.h>
#include <netinet/in.h>
#include <resolv.h>
#include <string.h>

#include "addrlist.h"
#include "answer.h"

static int server_from_rr(const ns_msg *h, const ns_rr *rr, int qtype, struct dns_server *s)
{
	const unsigned char *rd = ns_rr_rdata(*rr);
	unsigned rdlen = ns_rr_rdlen(*rr), fixed = qtype == ns_t_srv ? 6 : 2;

	if (rdlen < fixed + 1)
		return -EBADMSG;
	memset(s, 0, sizeof(*s));
	if (qtype == ns_t_srv) {
		s->prio = ns_get16(rd);
		s->weight = ns_get16(rd + 2);
		s->port = ns_get16(rd + 4);
	}
	/* AFSDB: 16-bit subtype (1: AFS VL server), then the host. */
	if (qtype == ns_t_afsdb && ns_get16(rd) != 1)
		return -ENOENT;
	/* The target name must lie within this record's rdata, even when
	 * compressed (a pointer may lead elsewhere in the message, checked by
	 * ns_name_uncompress against the message end). */
	if (ns_name_uncompress(ns_msg_base(*h), ns_msg_end(*h), rd + fixed, s->name, sizeof(s->name)) < 0)
		return -EBADMSG;
	/* RFC 2782: "." means the service is decidedly not available here. */
	if (!strcmp(s->name, ".") || !s->name[0])
		return -ENOENT;
	s->ttl = ns_rr_ttl(*rr) ? ns_rr_ttl(*rr) : 1;
	return 0;
}

int dns_answer_parse(const unsigned char *msg, int len, int qtype, struct dns_answer *ans)
{
	uint32_t cname_ttl = 0;
	ns_msg h;
	ns_rr rr;

	memset(ans, 0, sizeof(*ans));
	if (len <= 0 || ns_initparse(msg, len, &h) < 0)
		return -EBADMSG;
	ans->rcode = ns_msg_getflag(h, ns_f_rcode);
	for (int i = 0; i < ns_msg_count(h, ns_s_an); i++) {
		if (ns_parserr(&h, ns_s_an, i, &rr) < 0)
			return -EBADMSG;
		if (ns_rr_class(rr) != ns_c_in)
			continue;
		/* The resolver followed the chain; the answer is only as fresh
		 * as its shortest-lived link. */
		if (ns_rr_type(rr) == ns_t_cname && qtype != ns_t_cname) {
			dns_ttl_min(&cname_ttl, ns_rr_ttl(rr));
			continue;
		}
		if ((int)ns_rr_type(rr) != qtype)
			continue;
		if (qtype == ns_t_a || qtype == ns_t_aaaa) {
			unsigned want = qtype == ns_t_a ? 4 : 16;

			if (ns_rr_rdlen(rr) != want)
				return -EBADMSG;
			dns_addr_add(&ans->addrs, qtype == ns_t_a ? AF_INET : AF_INET6, ns_rr_rdata(rr));
			dns_ttl_min(&ans->addrs.ttl, ns_rr_ttl(rr));
		} else if (qtype == ns_t_srv || qtype == ns_t_afsdb) {
			int r;

			if (ans->n_servers == DNS_MAX_SERVERS)
				continue;
			r = server_from_rr(&h, &rr, qtype, &ans->servers[ans->n_servers]);
			if (r == -EBADMSG)
				return r;
			if (r == 0)
				ans->n_servers++;
		}
	}
	if (cname_ttl) {
		if (ans->addrs.n)
			dns_ttl_min(&ans->addrs.ttl, cname_ttl);
		for (int i = 0; i < ans->n_servers; i++)
			dns_ttl_min(&ans->servers[i].ttl, cname_ttl);
	}
	return 0;
}
