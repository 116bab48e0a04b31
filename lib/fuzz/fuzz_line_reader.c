// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer: lib/line_reader over raw bytes (init_len, NULs included, as the
 * broker reads request-key.conf and umh.conf) and over NUL-terminated text
 * (as the helpers' parsers read container files), with and without joins.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_text.h"
#include "line_reader.h"

/* Without joins, init_len's lines are exactly the input's '\n'-split. */
static void check_len(char *s, const uint8_t *data, size_t size)
{
	struct line_reader lr;
	size_t at = 0;
	char *line;

	line_reader_init_len(&lr, s, size, 0);
	while ((line = line_reader_next(&lr))) {
		const uint8_t *nl = memchr(data + at, '\n', size - at);
		size_t n = nl ? (size_t)(nl - data) - at : size - at;

		if (!n && !nl)
			abort();    /* no empty line after the last '\n' */
		if (line != s + at || lr.terminated != !!nl ||
		    lr.nul != !!memchr(data + at, '\0', n) ||
		    (!lr.nul && strlen(line) != n) || memcmp(line, data + at, strlen(line)))
			abort();
		at += n + !!nl;
	}
	if (at != size)
		abort();
}

static void check_joined(char *s, size_t size, bool by_len)
{
	struct line_reader lr;
	unsigned last = 0;
	char *line;

	if (by_len)
		line_reader_init_len(&lr, s, size, LINE_JOIN_BACKSLASH);
	else
		line_reader_init(&lr, s, LINE_JOIN_BACKSLASH);
	while ((line = line_reader_next(&lr))) {
		if (strchr(line, '\n') || lr.lineno != last + 1 || (!by_len && lr.nul))
			abort();
		last = lr.lineno;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Each pass cuts its own copy up in place. */
	for (int pass = 0; pass < 3; pass++) {
		_cleanup_free_ char *s = fuzz_text(data, size);

		if (!s)
			return 0;
		if (pass == 0)
			check_len(s, data, size);
		else
			check_joined(s, size, pass == 1);
	}
	return 0;
}
