// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: NFSDCLTRACK_GRACE_START and gracedone times. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_text.h"
#include "timestamp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	_cleanup_free_ char *s = fuzz_text(data, size);
	int64_t t;

	if (!s)
		return 0;
	if (cltrack_parse_time(s, &t) == 0 && t < 0)
		abort();
	return 0;
}
