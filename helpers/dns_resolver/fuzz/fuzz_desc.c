// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: key descriptions and callouts come from the requester. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_text.h"
#include "desc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_request rq;
	_cleanup_free_ char *s = fuzz_text(data, size);
	char *sep;

	if (!s)
		return 0;
	sep = memchr(s, '\n', size);
	if (sep)
		*sep = '\0';
	if (dns_request_parse(s, sep ? sep + 1 : "", &rq) == 0 &&
	    (!dns_name_valid(rq.name) || !rq.families || rq.families & ~(DNS_WANT_V4 | DNS_WANT_V6)))
		abort();
	return 0;
}
