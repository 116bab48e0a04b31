// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>

#include "hex.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

ssize_t cltrack_hex_to_blob(const char *hex, unsigned char *blob, size_t size)
{
	size_t n = 0;

	while (*hex) {
		int hi, lo;

		if (n >= size)
			return -ENOBUFS;
		hi = hexval(*hex++);
		if (!*hex)
			return -EINVAL;
		lo = hexval(*hex++);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		blob[n++] = (unsigned char)(hi << 4 | lo);
	}
	return (ssize_t)n;
}
