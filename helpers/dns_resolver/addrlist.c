// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>
#include <sys/socket.h>

#include "addrlist.h"

void dns_addr_add(struct dns_addr_list *l, int family, const void *a)
{
	size_t sz = family == AF_INET ? 4 : 16;

	for (int i = 0; i < l->n; i++)
		if (l->a[i].family == family && !memcmp(l->a[i].a, a, sz))
			return;
	if (l->n == DNS_MAX_ADDRS)
		return;
	l->a[l->n].family = family;
	memset(l->a[l->n].a, 0, sizeof(l->a[l->n].a));
	memcpy(l->a[l->n].a, a, sz);
	l->n++;
}

void dns_ttl_min(uint32_t *ttl, uint32_t v)
{
	/* A record TTL of 0 means "do not cache": keep the key for 1 s, not forever. */
	if (v == 0)
		v = 1;
	if (*ttl == 0 || v < *ttl)
		*ttl = v;
}
