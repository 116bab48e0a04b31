// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addrsort.h"

/* Policy tables are keyed by IPv6 addresses; IPv4 ones as ::ffff:a.b.c.d. */
static void as_v6(int family, const uint8_t *a, uint8_t out[16])
{
	if (family == AF_INET6) {
		memcpy(out, a, 16);
		return;
	}
	memset(out, 0, 10);
	out[10] = out[11] = 0xff;
	memcpy(out + 12, a, 4);
}

/* glibc's get_scope(); 15 for "no address" (no route). */
static int scope_of(const struct gai_policy *p, int family, const uint8_t *a)
{
	uint8_t m[16];

	if (family == AF_INET6) {
		if (a[0] == 0xff)
			return a[1] & 0xf;
		if ((a[0] == 0xfe && (a[1] & 0xc0) == 0x80) || !memcmp(a, &in6addr_loopback, 16))
			return 2;
		if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
			return 5;
		return 14;
	}
	if (family != AF_INET)
		return 15;
	as_v6(family, a, m);
	return gai_lookup(&p->scope, m, 14);
}

static int label_of(const struct gai_policy *p, int family, const uint8_t *a)
{
	uint8_t m[16];

	as_v6(family, a, m);
	return gai_lookup(&p->label, m, INT_MAX);
}

static int precedence_of(const struct gai_policy *p, int family, const uint8_t *a)
{
	uint8_t m[16];

	as_v6(family, a, m);
	return gai_lookup(&p->precedence, m, 0);
}

static int fls32(uint32_t v)
{
	return v ? 32 - __builtin_clz(v) : 0;
}

static uint32_t word(const uint8_t *a, int i)
{
	return (uint32_t)a[4 * i] << 24 | (uint32_t)a[4 * i + 1] << 16 | (uint32_t)a[4 * i + 2] << 8 | a[4 * i + 3];
}

/* Rule 9 the way glibc computes it: for IPv4 only within the source's
 * subnet (glibc's mask for an unknown prefix length is all ones), the
 * "longest prefix" being the one whose highest differing bit is lowest. */
static int rule9_bits(const struct dns_addr *d, const struct dns_addr_src *s)
{
	uint32_t dst = word(d->a, 0), src = word(s->a, 0);
	uint32_t mask = s->prefixlen > 0 ? 0xffffffffu << (32 - s->prefixlen) : 0xffffffffu;

	if ((src & mask) != (dst & mask))
		return 0;
	return fls32(dst ^ src);
}

struct item {
	struct dns_addr a;
	struct dns_addr_src s;
	int index;
};

static int compare(const void *pa, const void *pb, void *policy)
{
	const struct item *x = pa, *y = pb;
	const struct gai_policy *p = policy;
	int xd, xs, yd, ys;

	/* Rule 1: avoid unusable destinations. */
	if (x->s.got != y->s.got)
		return x->s.got ? -1 : 1;
	/* Rule 2: prefer matching scope. */
	xd = scope_of(p, x->a.family, x->a.a);
	yd = scope_of(p, y->a.family, y->a.a);
	xs = x->s.got ? scope_of(p, x->s.family, x->s.a) : 15;
	ys = y->s.got ? scope_of(p, y->s.family, y->s.a) : 15;
	if ((xd == xs) != (yd == ys))
		return xd == xs ? -1 : 1;
	/* Rule 5: prefer matching label. */
	if (x->s.got && y->s.got) {
		bool xm = label_of(p, x->a.family, x->a.a) == label_of(p, x->s.family, x->s.a);
		bool ym = label_of(p, y->a.family, y->a.a) == label_of(p, y->s.family, y->s.a);

		if (xm != ym)
			return xm ? -1 : 1;
	}
	/* Rule 6: prefer higher precedence. */
	{
		int xp = precedence_of(p, x->a.family, x->a.a), yp = precedence_of(p, y->a.family, y->a.a);

		if (xp != yp)
			return xp > yp ? -1 : 1;
	}
	/* Rule 8: prefer smaller scope. */
	if (xd != yd)
		return xd < yd ? -1 : 1;
	/* Rule 9: longest matching prefix, same family only. */
	if (x->s.got && x->a.family == y->a.family) {
		int xb = 0, yb = 0;

		if (x->a.family == AF_INET) {
			xb = rule9_bits(&x->a, &x->s);
			yb = rule9_bits(&y->a, &y->s);
		} else {
			int i;

			for (i = 0; i < 4; i++)
				if (word(x->a.a, i) != word(x->s.a, i) || word(y->a.a, i) != word(y->s.a, i))
					break;
			if (i < 4) {
				xb = fls32(word(x->a.a, i) ^ word(x->s.a, i));
				yb = fls32(word(y->a.a, i) ^ word(y->s.a, i));
			}
		}
		if (xb != yb)
			return xb > yb ? 1 : -1;
	}
	/* Rule 10: otherwise keep the order. */
	return x->index < y->index ? -1 : x->index > y->index;
}

void dns_addr_sort(struct dns_addr_list *l, const struct dns_addr_src *src, const struct gai_policy *p)
{
	struct item items[DNS_MAX_ADDRS];

	if (l->n < 2)
		return;
	for (int i = 0; i < l->n; i++)
		items[i] = (struct item){ .a = l->a[i], .s = src[i], .index = i };
	qsort_r(items, (size_t)l->n, sizeof(items[0]), compare, (void *)p);
	for (int i = 0; i < l->n; i++)
		l->a[i] = items[i].a;
}

static int mask_bits(const struct sockaddr *m)
{
	const uint8_t *b;
	int n = 0, len;

	if (!m)
		return 0;
	if (m->sa_family == AF_INET) {
		b = (const uint8_t *)&((const struct sockaddr_in *)m)->sin_addr;
		len = 4;
	} else if (m->sa_family == AF_INET6) {
		b = ((const struct sockaddr_in6 *)m)->sin6_addr.s6_addr;
		len = 16;
	} else {
		return 0;
	}
	for (int i = 0; i < len; i++)
		n += __builtin_popcount(b[i]);
	return n;
}

/* The prefix length of our own address @a, as glibc finds it (its netlink
 * address list; an IPv4 loopback source counts as 127.0.0.1). */
static int prefix_of(const struct ifaddrs *ifs, int family, const uint8_t *a)
{
	uint8_t want[16];

	memcpy(want, a, family == AF_INET ? 4 : 16);
	if (family == AF_INET && want[0] == 127)
		memcpy(want, "\x7f\0\0\x01", 4);
	for (const struct ifaddrs *i = ifs; i; i = i->ifa_next) {
		const void *x;

		if (!i->ifa_addr || i->ifa_addr->sa_family != family)
			continue;
		x = family == AF_INET ? (const void *)&((const struct sockaddr_in *)i->ifa_addr)->sin_addr
				      : (const void *)&((const struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
		if (!memcmp(x, want, family == AF_INET ? 4 : 16))
			return mask_bits(i->ifa_netmask);
	}
	return 0;
}

void dns_addr_sources(const struct dns_addr_list *l, struct dns_addr_src *src)
{
	struct ifaddrs *ifs = NULL;

	if (getifaddrs(&ifs) < 0)
		ifs = NULL;
	for (int i = 0; i < l->n; i++) {
		struct sockaddr_storage ss = { 0 }, me = { 0 };
		socklen_t len = sizeof(me), alen;
		int fd;

		memset(&src[i], 0, sizeof(src[i]));
		if (l->a[i].family == AF_INET) {
			struct sockaddr_in *s = (struct sockaddr_in *)&ss;

			s->sin_family = AF_INET;
			memcpy(&s->sin_addr, l->a[i].a, 4);
			alen = sizeof(*s);
		} else {
			struct sockaddr_in6 *s = (struct sockaddr_in6 *)&ss;

			s->sin6_family = AF_INET6;
			memcpy(&s->sin6_addr, l->a[i].a, 16);
			alen = sizeof(*s);
		}
		fd = socket(l->a[i].family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_IP);
		if (fd < 0)
			continue;
		/* Connecting a UDP socket only chooses a route and a source. */
		if (connect(fd, (struct sockaddr *)&ss, alen) == 0 && getsockname(fd, (struct sockaddr *)&me, &len) == 0 &&
		    me.ss_family == l->a[i].family) {
			src[i].got = true;
			src[i].family = me.ss_family;
			if (me.ss_family == AF_INET)
				memcpy(src[i].a, &((struct sockaddr_in *)&me)->sin_addr, 4);
			else
				memcpy(src[i].a, &((struct sockaddr_in6 *)&me)->sin6_addr, 16);
			src[i].prefixlen = prefix_of(ifs, src[i].family, src[i].a);
		}
		close(fd);
	}
	if (ifs)
		freeifaddrs(ifs);
}
