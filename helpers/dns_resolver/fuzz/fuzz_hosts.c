// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: /etc/hosts is the container's file. First line: the name looked up. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_text.h"
#include "hosts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_addr_list l = { 0 };
	_cleanup_free_ char *s = fuzz_text(data, size);
	char *nl;

	if (!s)
		return 0;
	nl = strchr(s, '\n');
	if (nl) {
		*nl = '\0';
		hosts_lookup(nl + 1, s, DNS_WANT_V4 | DNS_WANT_V6, &l);
	}
	hosts_lookup(s, "db.test", DNS_WANT_V4, &l);
	return 0;
}
