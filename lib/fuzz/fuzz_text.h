/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"

/*
 * The fuzzer's bytes as the NUL-terminated text the parsers of container
 * files take (a NUL inside ends it early, as it would for them), or NULL.
 */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}
