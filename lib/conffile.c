// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "conffile.h"
#include "line_reader.h"

struct conffile_state {
	char *section;      /* point into the parse buffer; NULL: ignore assignments */
	char *subsection;
};

static char *skip_blanks(char *s)
{
	while (isblank((unsigned char)*s))
		s++;
	return s;
}

/* Cut blanks before @end (exclusive), not before @start. */
static void cut_blanks_before(char *start, char *end)
{
	while (end > start && isblank((unsigned char)end[-1]))
		*--end = '\0';
}

/* "[name]" or "[name \"sub\"]"; @line points after '['. 0, or 1 if malformed. */
static int parse_section(char *line, struct conffile_state *st)
{
	char *close, *quote, *endq;

	st->section = st->subsection = NULL;
	line = skip_blanks(line);
	close = strchr(line, ']');
	if (!close)
		return 1;
	*close = '\0';
	cut_blanks_before(line, close);
	quote = strchr(line, '"');
	if (quote) {
		*quote = '\0';
		cut_blanks_before(line, quote);
	}
	st->section = line;
	if (!quote)
		return 0;
	endq = strchr(quote + 1, '"');
	if (!endq)
		return 1;   /* conffile keeps the section, drops the subsection */
	*endq = '\0';
	st->subsection = quote + 1;
	return 0;
}

/* The value after '=': quoted, or cut at a comment. NULL if a quote is unmatched. */
static char *parse_value(char *val)
{
	char *end;

	val = skip_blanks(val);
	if (*val == '"' || *val == '\'') {
		end = strchr(val + 1, *val);
		if (!end)
			return NULL;
		*end = '\0';
		return val + 1;
	}
	line_cut_comment(val, "#;");
	/* conffile never trims the value's first character (its loop stops there). */
	end = val + strlen(val);
	while (end > val + 1 && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return val;
}

/* One line: 0 if used or blank, 1 if ignored as malformed, <0 from @cb. */
static int parse_line(char *line, unsigned lineno, struct conffile_state *st, conffile_cb cb, void *data)
{
	struct conffile_entry e = { .lineno = lineno };
	char *eq;

	while (isspace((unsigned char)*line))
		line++;
	if (!*line || *line == '#' || *line == ';')
		return 0;
	if (*line == '[')
		return parse_section(line + 1, st);
	eq = strchr(line, '=');
	if (!eq)
		return 1;   /* not blank (skipped above), not a section, no '=' */
	if (!st->section)
		return 1;
	*eq = '\0';
	cut_blanks_before(line, eq);
	e.value = parse_value(eq + 1);
	if (!e.value || !*line)
		return 1;
	e.section = st->section;
	e.subsection = st->subsection;
	e.tag = line;
	return cb(&e, data);
}

int conffile_parse(const char *text, conffile_cb cb, void *data)
{
	_cleanup_line_reader_ struct line_reader lr;
	struct conffile_state st = { 0 };
	int ignored = 0, r;
	char *line;

	if ((r = line_reader_open(&lr, text, LINE_JOIN_BACKSLASH)) < 0)
		return r;
	while ((line = line_reader_next(&lr))) {
		if (!lr.terminated) {
			ignored++;   /* conffile: "last line non-terminated, ignored" */
			break;
		}
		r = parse_line(line, lr.lineno, &st, cb, data);
		if (r < 0)
			return r;
		ignored += r;
	}
	return ignored;
}
