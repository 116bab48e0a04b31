// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: DNS responses come from the network. */
#include <arpa/nameser.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int types[] = { ns_t_a, ns_t_aaaa, ns_t_srv, ns_t_afsdb };
	struct dns_answer ans;

	if (size < 1 || size > 65535)
		return 0;
	if (dns_answer_parse(data + 1, (int)size - 1, types[data[0] & 3], &ans) < 0)
		return 0;
	/* What resolve.c relies on: bounded counts, terminated names. */
	if (ans.addrs.n > DNS_MAX_ADDRS || ans.n_servers > DNS_MAX_SERVERS)
		abort();
	for (int i = 0; i < ans.n_servers; i++)
		if (!memchr(ans.servers[i].name, '\0', sizeof(ans.servers[i].name)) || !ans.servers[i].ttl)
			abort();
	return 0;
}
