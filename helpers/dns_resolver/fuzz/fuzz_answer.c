// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: DNS responses come from the network. */
#include <arpa/nameser.h>
#include <stddef.h>
#include <stdint.h>

#include "answer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int types[] = { ns_t_a, ns_t_aaaa, ns_t_srv, ns_t_afsdb };
	struct dns_answer ans;

	if (size < 1 || size > 65535)
		return 0;
	dns_answer_parse(data + 1, (int)size - 1, types[data[0] & 3], &ans);
	return 0;
}
