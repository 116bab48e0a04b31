/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdint.h>

/*
 * The destination address selection policy of glibc's getaddrinfo(3):
 * label, precedence and scopev4 tables, glibc's defaults (RFC 3484 with
 * glibc's ULA/site-local labels, see gai.conf(5)) unless gai.conf has
 * lines of that kind, which then replace that whole table. "reload" and
 * anything unknown are ignored, as glibc does.
 */
/* glibc has no limit; a container's gai.conf is data, so one is kept, far
 * above any real file (Debian's example has 13 lines), and what is dropped
 * is logged. */
#define GAI_MAX_ENTRIES 256

struct gai_entry {
	uint8_t prefix[16];        /* IPv6; IPv4 tables as ::ffff:a.b.c.d */
	int bits;
	int val;
};

struct gai_table {
	int n;
	struct gai_entry e[GAI_MAX_ENTRIES];
};

struct gai_policy {
	struct gai_table label, precedence, scope;   /* scope: IPv4 (mapped) only */
};

/* @text NULL: no file, glibc's defaults. */
void gai_conf_parse(const char *text, struct gai_policy *p);
/* The value of the longest matching prefix; @dflt when none matches. */
int gai_lookup(const struct gai_table *t, const uint8_t a[16], int dflt);
