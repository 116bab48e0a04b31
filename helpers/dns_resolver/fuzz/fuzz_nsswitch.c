// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: nsswitch.conf is the container's file. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_text.h"
#include "nsswitch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nss_hosts h;
	_cleanup_free_ char *s = fuzz_text(data, size);

	if (!s)
		return 0;
	nsswitch_hosts_parse(s, &h);
	if (h.n < 0 || h.n > NSS_MAX_SOURCES)
		abort();
	for (int i = 0; i < h.n; i++)
		if ((h.s[i].source != NSS_FILES && h.s[i].source != NSS_DNS) || h.s[i].stop >> NSS_N_STATUS)
			abort();
	return 0;
}
