// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "textline.h"

const char *text_next_line(const char *text, char *buf, size_t size, int semicolon_comments)
{
	const char *nl = strchr(text, '\n');
	size_t len = nl ? (size_t)(nl - text) : strlen(text);
	size_t n = len < size - 1 ? len : size - 1;

	memcpy(buf, text, n);
	buf[n] = '\0';
	buf[strcspn(buf, semicolon_comments ? "#;" : "#")] = '\0';
	return nl ? nl + 1 : text + len;
}
