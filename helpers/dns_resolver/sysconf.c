// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sysconf.h"

/* Next line of @text into @buf (truncated lines are consumed whole). */
static const char *next_line(const char *text, char *buf, size_t size)
{
	const char *nl = strchr(text, '\n');
	size_t len = nl ? (size_t)(nl - text) : strlen(text);
	size_t n = len < size - 1 ? len : size - 1;

	memcpy(buf, text, n);
	buf[n] = '\0';
	if (strchr(buf, '#'))
		*strchr(buf, '#') = '\0';
	return nl ? nl + 1 : text + len;
}

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

void resolv_conf_parse(const char *text, struct resolv_conf *rc)
{
	char line[1024];

	memset(rc, 0, sizeof(*rc));
	rc->ndots = 1;
	rc->timeout = 5;
	rc->attempts = 2;
	while (*text) {
		char *save = NULL, *kw, *arg;

		text = next_line(text, line, sizeof(line));
		for (char *p = line; *p; p++)
			if (*p == ';')
				*p = '\0';
		kw = strtok_r(line, " \t\r", &save);
		if (!kw)
			continue;
		if (!strcmp(kw, "nameserver") && (arg = strtok_r(NULL, " \t\r", &save))) {
			struct in_addr a;
			if (rc->n_ns < DNS_MAX_NS && inet_pton(AF_INET, arg, &a) == 1) {
				rc->ns[rc->n_ns].sin_family = AF_INET;
				rc->ns[rc->n_ns].sin_port = htons(53);
				rc->ns[rc->n_ns].sin_addr = a;
				rc->n_ns++;
			}
		} else if (!strcmp(kw, "search") || !strcmp(kw, "domain")) {
			/* The last search/domain line wins, as in glibc. */
			rc->n_search = 0;
			while ((arg = strtok_r(NULL, " \t\r", &save)) && rc->n_search < 6)
				if (strlen(arg) <= DNS_MAX_NAME)
					snprintf(rc->search[rc->n_search++], DNS_MAX_NAME + 1, "%s", arg);
		} else if (!strcmp(kw, "options")) {
			while ((arg = strtok_r(NULL, " \t\r", &save))) {
				int v;
				if (sscanf(arg, "ndots:%d", &v) == 1)
					rc->ndots = v < 0 ? 0 : v > 15 ? 15 : v;
				else if (sscanf(arg, "timeout:%d", &v) == 1)
					rc->timeout = v < 1 ? 1 : v > 30 ? 30 : v;
				else if (sscanf(arg, "attempts:%d", &v) == 1)
					rc->attempts = v < 1 ? 1 : v > 5 ? 5 : v;
			}
		}
	}
	/* No nameserver line: glibc asks the local host. */
	if (rc->n_ns == 0) {
		rc->ns[0].sin_family = AF_INET;
		rc->ns[0].sin_port = htons(53);
		rc->ns[0].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		rc->n_ns = 1;
	}
}

int nsswitch_hosts_parse(const char *text, int order[4])
{
	char line[1024];
	int n = 0;

	while (text && *text) {
		char *save = NULL, *w;

		text = next_line(text, line, sizeof(line));
		w = strtok_r(line, " \t\r", &save);
		if (!w || strcmp(w, "hosts:"))
			continue;
		while ((w = strtok_r(NULL, " \t\r", &save)) && n < 4) {
			if (w[0] == '[')
				continue;        /* actions like [NOTFOUND=return] are not modelled */
			if (!strcmp(w, "files"))
				order[n++] = HOSTS_FILES;
			else if (!strcmp(w, "dns"))
				order[n++] = HOSTS_DNS;
		}
		return n;
	}
	order[0] = HOSTS_DNS;
	order[1] = HOSTS_FILES;
	return 2;
}

void hosts_lookup(const char *text, const char *name, int families, struct dns_addr_list *out)
{
	char line[4096];

	while (text && *text) {
		char *save = NULL, *addr, *h;
		uint8_t a[16];
		int fam;

		text = next_line(text, line, sizeof(line));
		addr = strtok_r(line, " \t\r", &save);
		if (!addr)
			continue;
		if (inet_pton(AF_INET, addr, a) == 1)
			fam = AF_INET;
		else if (inet_pton(AF_INET6, addr, a) == 1)
			fam = AF_INET6;
		else
			continue;
		if (!(families & (fam == AF_INET ? DNS_WANT_V4 : DNS_WANT_V6)))
			continue;
		while ((h = strtok_r(NULL, " \t\r", &save)))
			if (!strcasecmp(h, name)) {
				dns_addr_add(out, fam, a);
				break;
			}
	}
}

int dns_conf_parse(const char *text, unsigned *default_ttl)
{
	char line[1024];

	while (text && *text) {
		char key[64], val[64];

		text = next_line(text, line, sizeof(line));
		for (char *p = line; *p; p++)
			if (*p == '=')
				*p = ' ';
		if (sscanf(line, " %63s %63s", key, val) < 1)
			continue;
		if (!strcmp(key, "default_ttl")) {
			char *end;
			unsigned long v = strtoul(val, &end, 10);
			if (*end || v < 1 || v > INT32_MAX || val[0] == '-')
				return -EINVAL;
			*default_ttl = (unsigned)v;
		}
	}
	return 0;
}
