// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <errno.h>
#include <linux/dns_resolver.h>
#include <stdio.h>
#include <string.h>

#include "payload.h"

static bool has_item(const char *list, const char *item)
{
	size_t n = strlen(item);

	for (const char *p = list; (p = strstr(p, item)); p++)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

int payload_text_append(char *out, size_t size, const struct dns_addr_list *l, unsigned port)
{
	size_t len = strlen(out);

	for (int i = 0; i < l->n; i++) {
		char a[INET6_ADDRSTRLEN], item[INET6_ADDRSTRLEN + 16];

		if (!inet_ntop(l->a[i].family, l->a[i].a, a, sizeof(a)))
			return -EINVAL;
		if (port)
			snprintf(item, sizeof(item), "%s+%u", a, port & 0xffff);
		else
			snprintf(item, sizeof(item), "%s", a);
		if (has_item(out, item))   /* keyutils drops duplicates */
			continue;
		if (len + strlen(item) + 2 > size)
			return -E2BIG;
		len += (size_t)snprintf(out + len, size - len, "%s%s", len ? "," : "", item);
	}
	return (int)len + 1;
}

int payload_text(const struct dns_addr_list *l, unsigned port, bool one, char *out, size_t size)
{
	struct dns_addr_list first = *l;

	if (one && first.n > 1)
		first.n = 1;
	if (size == 0)
		return -E2BIG;
	out[0] = '\0';
	return payload_text_append(out, size, &first, port);
}

static int put(unsigned char *out, size_t size, size_t *off, const void *p, size_t n)
{
	if (*off + n > size)
		return -E2BIG;
	memcpy(out + *off, p, n);
	*off += n;
	return 0;
}

static int put_le16(unsigned char *out, size_t size, size_t *off, uint16_t v)
{
	unsigned char b[2] = { (unsigned char)(v & 0xff), (unsigned char)(v >> 8) };
	return put(out, size, off, b, 2);
}

int payload_server_list(const struct dns_server *s, int n, int source, unsigned char *out, size_t size)
{
	size_t off = 0;
	unsigned char hdr[6] = { 0, DNS_PAYLOAD_IS_SERVER_LIST, 1, (unsigned char)source,
				 n ? DNS_LOOKUP_GOOD : DNS_LOOKUP_GOT_NOT_FOUND, (unsigned char)n };
	int r = put(out, size, &off, hdr, sizeof(hdr));

	for (int i = 0; i < n && r >= 0; i++) {
		size_t nl = strlen(s[i].name);
		unsigned char tail[4] = { (unsigned char)source,
					  s[i].addrs.n ? DNS_LOOKUP_GOOD : DNS_LOOKUP_GOT_NOT_FOUND,
					  DNS_SERVER_PROTOCOL_UNSPECIFIED, (unsigned char)s[i].addrs.n };

		r = put_le16(out, size, &off, (uint16_t)nl);
		r = r ?: put_le16(out, size, &off, s[i].prio);
		r = r ?: put_le16(out, size, &off, s[i].weight);
		r = r ?: put_le16(out, size, &off, s[i].port);
		r = r ?: put(out, size, &off, tail, sizeof(tail));
		r = r ?: put(out, size, &off, s[i].name, nl);
		for (int j = 0; j < s[i].addrs.n && !r; j++) {
			const struct dns_addr *a = &s[i].addrs.a[j];
			unsigned char t = a->family == AF_INET ? DNS_ADDRESS_IS_IPV4 : DNS_ADDRESS_IS_IPV6;

			r = put(out, size, &off, &t, 1);
			r = r ?: put(out, size, &off, a->a, a->family == AF_INET ? 4 : 16);
		}
	}
	return r < 0 ? r : (int)off;
}
