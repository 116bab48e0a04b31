// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "gai_conf.h"
#include "log.h"
#include "line_reader.h"
#include "parse.h"

static const struct {
	const char *prefix;
	int bits, val;
} default_labels[] = {
	{ "::1", 128, 0 }, { "::", 0, 1 }, { "2002::", 16, 2 }, { "::", 96, 3 },
	{ "::ffff:0:0", 96, 4 }, { "fec0::", 10, 5 }, { "fc00::", 7, 6 }, { "2001::", 32, 7 },
}, default_precedence[] = {
	{ "::1", 128, 50 }, { "::", 0, 40 }, { "2002::", 16, 30 }, { "::", 96, 20 }, { "::ffff:0:0", 96, 10 },
}, default_scopes[] = {
	{ "::ffff:169.254.0.0", 112, 2 }, { "::ffff:127.0.0.0", 104, 2 }, { "::ffff:0.0.0.0", 96, 14 },
};

static void add(struct gai_table *t, const uint8_t a[16], int bits, int val)
{
	struct gai_entry *e;

	if (t->n == GAI_MAX_ENTRIES)
		return;
	e = &t->e[t->n++];
	memcpy(e->prefix, a, 16);
	e->bits = bits;
	e->val = val;
}

#define LOAD_DEFAULTS(t, list)                                                 \
	do {                                                                   \
		for (size_t i_ = 0; i_ < sizeof(list) / sizeof(list[0]); i_++) { \
			uint8_t a_[16];                                        \
			inet_pton(AF_INET6, list[i_].prefix, a_);              \
			add(t, a_, list[i_].bits, list[i_].val);               \
		}                                                              \
	} while (0)

static bool prefix_match(const uint8_t p[16], int bits, const uint8_t a[16])
{
	int whole = bits / 8, rest = bits % 8;

	if (memcmp(p, a, (size_t)whole))
		return false;
	return !rest || !((p[whole] ^ a[whole]) & (0xff00 >> rest));
}

int gai_lookup(const struct gai_table *t, const uint8_t a[16], int dflt)
{
	int best = -1;

	for (int i = 0; i < t->n; i++)
		if (prefix_match(t->e[i].prefix, t->e[i].bits, a) && (best < 0 || t->e[i].bits > t->e[best].bits))
			best = i;
	return best < 0 ? dflt : t->e[best].val;
}

/* "addr/bits" (IPv6; scopev4: a.b.c.d/bits or ::ffff:a.b.c.d/bits) and a value. */
static bool parse_entry(char *mask, const char *value, bool v4, uint8_t a[16], int *bits, int *val)
{
	char *slash = strchr(mask, '/');
	long b, v;
	char *end;

	if (slash)
		*slash++ = '\0';
	v = strtol(value, &end, 10);
	if (end == value || *end || v < 0 || v > 0xffff)
		return false;
	*val = (int)v;
	if (v4 && inet_pton(AF_INET, mask, a + 12) == 1) {
		memset(a, 0, 10);
		a[10] = a[11] = 0xff;
		b = slash ? strtol(slash, &end, 10) : 32;
		if ((slash && (end == slash || *end)) || b < 0 || b > 32)
			return false;
		*bits = (int)b + 96;
		return true;
	}
	if (inet_pton(AF_INET6, mask, a) != 1)
		return false;
	b = slash ? strtol(slash, &end, 10) : 128;
	if ((slash && (end == slash || *end)) || b < 0 || b > 128)
		return false;
	*bits = (int)b;
	return !v4 || (*bits >= 96 && !memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12));
}

void gai_conf_parse(const char *text, struct gai_policy *p)
{
	_cleanup_line_reader_ struct line_reader lr = { 0 };
	char *line;

	memset(p, 0, sizeof(*p));
	if (line_reader_open(&lr, text, 0) >= 0) {
		while ((line = line_reader_next(&lr))) {
			char *save = NULL, *kw, *mask, *val;
			struct gai_table *t;
			uint8_t a[16];
			int bits, v;

			kw = strtok_r(line_cut_comment(line, "#"), " \t", &save);
			mask = kw ? strtok_r(NULL, " \t", &save) : NULL;
			val = mask ? strtok_r(NULL, " \t", &save) : NULL;
			if (!val)
				continue;
			if (!strcmp(kw, "label"))
				t = &p->label;
			else if (!strcmp(kw, "precedence"))
				t = &p->precedence;
			else if (!strcmp(kw, "scopev4"))
				t = &p->scope;
			else
				continue;
			if (t->n == GAI_MAX_ENTRIES) {
				ub_log(LOG_WARNING, "gai.conf: more than %d %s lines, \"%.64s %.16s\" ignored",
				       GAI_MAX_ENTRIES, kw, mask, val);
				continue;
			}
			if (!parse_entry(mask, val, t == &p->scope, a, &bits, &v))
				continue;
			add(t, a, bits, v);
		}
	}
	if (!p->label.n)
		LOAD_DEFAULTS(&p->label, default_labels);
	if (!p->precedence.n)
		LOAD_DEFAULTS(&p->precedence, default_precedence);
	if (!p->scope.n)
		LOAD_DEFAULTS(&p->scope, default_scopes);
}
