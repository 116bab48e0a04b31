// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: hosts, resolv.conf, nsswitch.conf and the TTL config are the container's files. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sysconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct resolv_conf rc;
	struct dns_addr_list l = { 0 };
	unsigned ttl = 5;
	int order[4];
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	resolv_conf_parse(s, &rc);
	nsswitch_hosts_parse(s, order);
	hosts_lookup(s, "db.test", DNS_WANT_V4 | DNS_WANT_V6, &l);
	dns_conf_parse(s, &ttl);
	free(s);
	return 0;
}
