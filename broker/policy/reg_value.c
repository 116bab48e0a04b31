// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "cleanup.h"
#include "reg_value.h"

static const char *const names[] = {
	[REG_NONE] = "none", [REG_INSIDE] = "inside", [REG_HOST] = "host",
	[REG_REFUSE] = "refuse", [REG_MALFORMED] = "malformed",
};

const char *reg_policy_name(enum reg_policy p)
{
	return (unsigned)p < ARRAY_SIZE(names) ? names[p] : "?";
}

enum reg_policy reg_value_parse(const char *buf, size_t len)
{
	static const enum reg_policy valid[] = { REG_INSIDE, REG_HOST, REG_REFUSE };

	if (len > 0 && buf[len - 1] == '\n')
		len--;
	/* memcmp on exact lengths: an embedded NUL ("host\0x") or a prefix
	 * ("hos", "hostile") is not a value. */
	for (size_t i = 0; i < ARRAY_SIZE(valid); i++) {
		const char *w = names[valid[i]];

		if (len == strlen(w) && !memcmp(buf, w, len))
			return valid[i];
	}
	return REG_MALFORMED;
}
