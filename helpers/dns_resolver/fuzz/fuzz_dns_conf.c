// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: key.dns_resolver.conf may be the container's file. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_text.h"
#include "dns_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned ttl = 5;
	_cleanup_free_ char *s = fuzz_text(data, size);

	if (!s)
		return 0;
	dns_conf_parse(s, &ttl);
	if (ttl < 1 || ttl > INT32_MAX)
		abort();
	return 0;
}
