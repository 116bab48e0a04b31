// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/nameser.h>
#include <errno.h>
#include <netdb.h>
#include <resolv.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "query.h"

/*
 * Replace everything res_ninit() took from the resolv.conf our mount
 * namespace shows (the host's, in exec=host mode) with the container's.
 * glibc (2.26 and later) compares nsaddr_list with the configuration it
 * attached and, when they differ, uses these fields as they are: IPv4
 * servers in nsaddr_list, IPv6 ones in _u._ext.nsaddrs with a zero
 * sin_family in nsaddr_list (what res_ninit itself does, see glibc's
 * __res_get_nsaddr). Buffers put in _u._ext.nsaddrs are freed by
 * res_nclose().
 */
static int fill_state(struct __res_state *st, const struct resolv_conf *rc)
{
	st->nscount = rc->n_ns;
	for (int i = 0; i < rc->n_ns; i++) {
		st->_u._ext.nssocks[i] = -1;
		if (rc->ns[i].sa.sa_family == AF_INET) {
			st->nsaddr_list[i] = rc->ns[i].sin;
			continue;
		}
		if (!st->_u._ext.nsaddrs[i]) {
			st->_u._ext.nsaddrs[i] = malloc(sizeof(struct sockaddr_in6));
			if (!st->_u._ext.nsaddrs[i])
				return -ENOMEM;
		}
		*st->_u._ext.nsaddrs[i] = rc->ns[i].sin6;
		memset(&st->nsaddr_list[i], 0, sizeof(st->nsaddr_list[i]));
	}
	/* Force res_send to rebuild its private copy from the fields above. */
	st->_u._ext.nscount = 0;
	st->retrans = rc->timeout;
	st->retry = rc->attempts;
	st->ndots = (unsigned)rc->ndots;
	/*
	 * Only the container's options: drop the host's (rotate, use-vc,
	 * edns0, trust-ad, ...). No DEFNAMES/DNSRCH: resolve.c walks the
	 * container's search list itself, so a query is for exactly @name.
	 */
	st->options = RES_INIT | RES_RECURSE;
	if (rc->rotate)
		st->options |= RES_ROTATE;
	if (rc->use_vc)
		st->options |= RES_USEVC;
	if (rc->edns0)
		st->options |= RES_USE_EDNS0;
	st->dnsrch[0] = NULL;
	st->defdname[0] = '\0';
	st->nsort = 0;
	return 0;
}

static void res_state_close(struct __res_state *st)
{
	if (st->options & RES_INIT)
		res_nclose(st);
}

int dns_query(const struct resolv_conf *rc, const char *name, int qtype, struct dns_answer *ans)
{
	_cleanup_free_ unsigned char *buf = malloc(NS_MAXMSG);
	struct __res_state st __attribute__((cleanup(res_state_close)));
	int len, herr;

	memset(&st, 0, sizeof(st));
	memset(ans, 0, sizeof(*ans));
	if (!buf)
		return -ENOMEM;
	if (res_ninit(&st) < 0)
		return -EAGAIN;
	if (fill_state(&st, rc) < 0)
		return -ENOMEM;
	len = res_nquery(&st, name, ns_c_in, qtype, buf, NS_MAXMSG);
	if (len >= 0)
		return dns_answer_parse(buf, len, qtype, ans);
	herr = st.res_h_errno;
	switch (herr) {
	case HOST_NOT_FOUND:          /* NXDOMAIN */
		ans->rcode = ns_r_nxdomain;
		return 0;
	case NO_DATA:                 /* NOERROR, nothing of that type */
		ans->rcode = ns_r_noerror;
		return 0;
	default:                      /* TRY_AGAIN: timeout, SERVFAIL, REFUSED */
		return -EAGAIN;
	}
}
