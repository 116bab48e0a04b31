// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "line_reader.h"

void line_reader_init(struct line_reader *lr, char *text, unsigned flags)
{
	*lr = (struct line_reader){ .pos = text && *text ? text : NULL, .flags = flags };
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

char *line_reader_next(struct line_reader *lr)
{
	char *line = lr->pos, *nl;

	if (!line)
		return NULL;
	for (nl = strchr(line, '\n'); nl; nl = strchr(nl + 1, '\n')) {
		if (!(lr->flags & LINE_JOIN_BACKSLASH) || nl == line || nl[-1] != '\\')
			break;
		nl[-1] = nl[0] = ' ';
	}
	lr->lineno++;
	lr->terminated = nl != NULL;
	if (nl) {
		*nl = '\0';
		lr->pos = nl[1] ? nl + 1 : NULL;
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
