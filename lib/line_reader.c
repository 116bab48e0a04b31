// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "line_reader.h"

void line_reader_init(struct line_reader *lr, char *text, unsigned flags)
{
	*lr = (struct line_reader){ .pos = text && *text ? text : NULL, .flags = flags };
}

void line_reader_init_len(struct line_reader *lr, char *text, size_t len, unsigned flags)
{
	*lr = (struct line_reader){ .pos = text && len ? text : NULL, .flags = flags };
	if (lr->pos)
		lr->end = text + len;
}

int line_reader_open(struct line_reader *lr, const char *text, unsigned flags)
{
	char *copy = NULL;

	if (text && !(copy = strdup(text))) {
		line_reader_init(lr, NULL, flags);
		return -ENOMEM;
	}
	line_reader_init(lr, copy, flags);
	lr->copy = copy;
	return 0;
}

void line_reader_done(struct line_reader *lr)
{
	free(lr->copy);
	lr->copy = NULL;
	lr->pos = NULL;
}

/* The first '\n' from @from on, or NULL. */
static char *find_newline(const struct line_reader *lr, char *from)
{
	if (lr->end)
		return memchr(from, '\n', (size_t)(lr->end - from));
	return strchr(from, '\n');
}

char *line_reader_next(struct line_reader *lr)
{
	char *line = lr->pos, *nl, *stop;

	if (!line)
		return NULL;
	for (nl = find_newline(lr, line); nl; nl = find_newline(lr, nl + 1)) {
		if (!(lr->flags & LINE_JOIN_BACKSLASH) || nl == line || nl[-1] != '\\')
			break;
		nl[-1] = nl[0] = ' ';
	}
	lr->lineno++;
	lr->terminated = nl != NULL;
	stop = nl ? nl : lr->end;
	lr->nul = lr->end && memchr(line, '\0', (size_t)(stop - line));
	if (nl) {
		*nl = '\0';
		lr->pos = (lr->end ? nl + 1 < lr->end : nl[1] != '\0') ? nl + 1 : NULL;
	} else {
		lr->pos = NULL;
	}
	return line;
}

char *line_cut_comment(char *line, const char *chars)
{
	line[strcspn(line, chars)] = '\0';
	return line;
}
