// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/nameser.h>
#include <errno.h>
#include <netdb.h>
#include <resolv.h>
#include <string.h>

#include "query.h"

int dns_query(const struct resolv_conf *rc, const char *name, int qtype, struct dns_answer *ans)
{
	unsigned char buf[65536];
	struct __res_state st;
	int len, r;

	memset(&st, 0, sizeof(st));
	if (res_ninit(&st) < 0)
		return -EAGAIN;
	/*
	 * res_ninit() read whatever resolv.conf our mount namespace shows (the
	 * host's, in exec=host mode): replace every server with the
	 * container's. glibc notices the change and rebuilds its state from
	 * these fields.
	 */
	st.nscount = rc->n_ns;
	for (int i = 0; i < rc->n_ns; i++)
		st.nsaddr_list[i] = rc->ns[i];
	st.retrans = rc->timeout;
	st.retry = rc->attempts;
	st.options &= ~(unsigned long)(RES_DNSRCH | RES_DEFNAMES);
	st.ndots = 0;
	len = res_nquery(&st, name, ns_c_in, qtype, buf, sizeof(buf));
	if (len < 0) {
		int herr = st.res_h_errno;

		res_nclose(&st);
		memset(ans, 0, sizeof(*ans));
		switch (herr) {
		case HOST_NOT_FOUND:
			ans->rcode = ns_r_nxdomain;
			return 0;
		case NO_DATA:
			ans->rcode = ns_r_noerror;
			return 0;
		default:
			return -EAGAIN;
		}
	}
	res_nclose(&st);
	r = dns_answer_parse(buf, len, qtype, ans);
	return r;
}
