// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: the container's nfs.conf. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nfs_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *dir;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	dir = cltrack_conf_storagedir(s);
	if (dir && dir[0] != '/')
		abort();
	free(dir);
	free(s);
	return 0;
}
