// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: gai.conf is the container's file; its tables then sort
 * addresses (a few fixed ones, every rule exercised). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fuzz/fuzz_text.h"
#include "addrsort.h"
#include "gai_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t v6[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t v4[4] = { 10, 0, 0, 1 };
	struct dns_addr_list l = { 0 };
	struct dns_addr_src src[3] = { { .got = true, .family = AF_INET, .a = { 10, 0, 0, 2 }, .prefixlen = 8 } };
	struct gai_policy p;
	_cleanup_free_ char *s = fuzz_text(data, size);

	if (!s)
		return 0;
	gai_conf_parse(s, &p);
	if (p.label.n < 1 || p.label.n > GAI_MAX_ENTRIES || p.precedence.n < 1 || p.scope.n < 1)
		abort();
	for (int i = 0; i < p.label.n; i++)
		if (p.label.e[i].bits < 0 || p.label.e[i].bits > 128)
			abort();
	dns_addr_add(&l, AF_INET, v4);
	dns_addr_add(&l, AF_INET6, v6);
	dns_addr_add(&l, AF_INET6, (const uint8_t[16]){ [15] = 1 });
	dns_addr_sort(&l, src, &p);
	if (l.n != 3)
		abort();
	return 0;
}
