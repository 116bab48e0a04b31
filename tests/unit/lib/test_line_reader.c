// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lib/line_reader over a length (line_reader_init_len): the text of a whole
 * file, NUL bytes included, as the broker's request-key.conf and umh.conf
 * readers see it. The NUL-terminated API is tested with the dns parsers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "line_reader.h"

/* A mutable copy of @len bytes of @text plus the '\0' init_len wants. */
#define TEXT(buf, lit) char buf[sizeof(lit)]; memcpy(buf, lit, sizeof(lit))

static void nul_lines_flagged(void **state)
{
	TEXT(t, "a\nb\0hidden\n\0\nc\n");
	struct line_reader lr;

	line_reader_init_len(&lr, t, sizeof(t) - 1, 0);
	assert_string_equal(line_reader_next(&lr), "a");
	assert_false(lr.nul);
	assert_int_equal(lr.lineno, 1);
	/* cut at the NUL, flagged, and the next line still starts after '\n' */
	assert_string_equal(line_reader_next(&lr), "b");
	assert_true(lr.nul);
	assert_int_equal(lr.lineno, 2);
	assert_string_equal(line_reader_next(&lr), "");
	assert_true(lr.nul);
	assert_int_equal(lr.lineno, 3);
	assert_string_equal(line_reader_next(&lr), "c");
	assert_false(lr.nul);
	assert_true(lr.terminated);
	assert_int_equal(lr.lineno, 4);
	assert_null(line_reader_next(&lr));
}

static void last_line_unterminated(void **state)
{
	TEXT(t, "x\n\nlast");
	TEXT(u, "x\nla\0st");
	struct line_reader lr;

	line_reader_init_len(&lr, t, sizeof(t) - 1, 0);
	assert_string_equal(line_reader_next(&lr), "x");
	assert_string_equal(line_reader_next(&lr), "");
	assert_true(lr.terminated);
	assert_string_equal(line_reader_next(&lr), "last");
	assert_false(lr.terminated);
	assert_false(lr.nul);
	assert_int_equal(lr.lineno, 3);
	assert_null(line_reader_next(&lr));

	/* a NUL in an unterminated last line is seen up to the end of text */
	line_reader_init_len(&lr, u, sizeof(u) - 1, 0);
	assert_string_equal(line_reader_next(&lr), "x");
	assert_string_equal(line_reader_next(&lr), "la");
	assert_true(lr.nul);
	assert_false(lr.terminated);
	assert_null(line_reader_next(&lr));
}

static void crlf_untouched(void **state)
{
	TEXT(t, "a b\r\n\r\nc\r");
	struct line_reader lr;

	line_reader_init_len(&lr, t, sizeof(t) - 1, 0);
	assert_string_equal(line_reader_next(&lr), "a b\r");
	assert_string_equal(line_reader_next(&lr), "\r");
	assert_string_equal(line_reader_next(&lr), "c\r");
	assert_int_equal(lr.lineno, 3);
	assert_null(line_reader_next(&lr));
}

static void empty_text(void **state)
{
	TEXT(t, "");
	TEXT(nl, "\n");
	struct line_reader lr;

	line_reader_init_len(&lr, t, 0, 0);
	assert_null(line_reader_next(&lr));
	assert_int_equal(lr.lineno, 0);
	line_reader_init_len(&lr, NULL, 0, 0);
	assert_null(line_reader_next(&lr));
	/* one empty line, not two */
	line_reader_init_len(&lr, nl, 1, 0);
	assert_string_equal(line_reader_next(&lr), "");
	assert_true(lr.terminated);
	assert_null(line_reader_next(&lr));
	assert_int_equal(lr.lineno, 1);
}

static void join_over_len(void **state)
{
	TEXT(t, "a\\\nb\0\n\\\n");
	struct line_reader lr;

	line_reader_init_len(&lr, t, sizeof(t) - 1, LINE_JOIN_BACKSLASH);
	assert_string_equal(line_reader_next(&lr), "a  b");
	assert_true(lr.nul);
	assert_string_equal(line_reader_next(&lr), "  ");
	assert_false(lr.nul);
	assert_false(lr.terminated);
	assert_null(line_reader_next(&lr));
}

/* The NUL-terminated API never looks past the first NUL and never flags. */
static void nul_terminated_unchanged(void **state)
{
	TEXT(t, "a\nb\0c\nd\n");
	struct line_reader lr;

	line_reader_init(&lr, t, 0);
	assert_string_equal(line_reader_next(&lr), "a");
	assert_string_equal(line_reader_next(&lr), "b");
	assert_false(lr.nul);
	assert_false(lr.terminated);
	assert_null(line_reader_next(&lr));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nul_lines_flagged),
		cmocka_unit_test(last_line_unterminated),
		cmocka_unit_test(crlf_untouched),
		cmocka_unit_test(empty_text),
		cmocka_unit_test(join_over_len),
		cmocka_unit_test(nul_terminated_unchanged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
