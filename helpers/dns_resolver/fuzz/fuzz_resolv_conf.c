// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: resolv.conf is the container's file. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_text.h"
#include "resolv_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct resolv_conf rc;
	_cleanup_free_ char *s = fuzz_text(data, size);

	if (!s)
		return 0;
	resolv_conf_parse(s, &rc);
	/* Invariants the query code relies on. */
	if (rc.n_ns < 1 || rc.n_ns > RC_MAX_NS || rc.n_search > RC_MAX_SEARCH || rc.ndots < 0 ||
	    rc.ndots > 15 || rc.timeout < 1 || rc.attempts < 1)
		abort();
	for (int i = 0; i < rc.n_search; i++)
		if (strlen(rc.search[i]) > DNS_MAX_NAME)
			abort();
	return 0;
}
