// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: client ids (hex of what an NFS client sent). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_text.h"
#include "hex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char blob[NFS4_OPAQUE_LIMIT];
	_cleanup_free_ char *s = fuzz_text(data, size);
	ssize_t n;

	if (!s)
		return 0;
	n = cltrack_hex_to_blob(s, blob, sizeof(blob));
	if (n > (ssize_t)sizeof(blob) || (n >= 0 && (size_t)n * 2 != strlen(s)))
		abort();
	return 0;
}
