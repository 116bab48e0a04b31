// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/nameser.h>
#include <errno.h>
#include <netinet/in.h>
#include <resolv.h>
#include <string.h>

#include "answer.h"
#include "sysconf.h"

static void min_ttl(uint32_t *ttl, uint32_t v)
{
	if (*ttl == 0 || v < *ttl)
		*ttl = v;
}

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
	if (ns_name_uncompress(ns_msg_base(*h), ns_msg_end(*h), rd + fixed, s->name, sizeof(s->name)) < 0)
		return -EBADMSG;
	s->ttl = ns_rr_ttl(*rr);
	return 0;
}

int dns_answer_parse(const unsigned char *msg, int len, int qtype, struct dns_answer *ans)
{
	ns_msg h;
	ns_rr rr;

	memset(ans, 0, sizeof(*ans));
	if (len <= 0 || ns_initparse(msg, len, &h) < 0)
		return -EBADMSG;
	ans->rcode = ns_msg_getflag(h, ns_f_rcode);
	for (int i = 0; i < ns_msg_count(h, ns_s_an); i++) {
		if (ns_parserr(&h, ns_s_an, i, &rr) < 0)
			return -EBADMSG;
		if (ns_rr_class(rr) != ns_c_in || (int)ns_rr_type(rr) != qtype)
			continue;   /* CNAMEs and the rest: the resolver followed them */
		if (qtype == ns_t_a || qtype == ns_t_aaaa) {
			unsigned want = qtype == ns_t_a ? 4 : 16;
			if (ns_rr_rdlen(rr) != want)
				return -EBADMSG;
			dns_addr_add(&ans->addrs, qtype == ns_t_a ? AF_INET : AF_INET6, ns_rr_rdata(rr));
			min_ttl(&ans->addrs.ttl, ns_rr_ttl(rr));
		} else if (ans->n_servers < DNS_MAX_SERVERS) {
			int r = server_from_rr(&h, &rr, qtype, &ans->servers[ans->n_servers]);
			if (r == -EBADMSG)
				return r;
			if (r == 0)
				ans->n_servers++;
		}
	}
	return 0;
}
