// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: client ids come from NFS clients; nfs.conf from the container. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cltrack_args.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char blob[NFS4_OPAQUE_LIMIT];
	int64_t t;
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	ssize_t n = cltrack_hex_to_blob(s, blob, sizeof(blob));
	if (n > (ssize_t)sizeof(blob))
		abort();
	cltrack_parse_time(s, &t);
	free(cltrack_conf_storagedir(s));
	free(s);
	return 0;
}
