/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/*
 * The one line splitter of every line-oriented parser of container files
 * (hosts, resolv.conf, nsswitch.conf, passwd/group, key.dns_resolver.conf,
 * idmapd.conf, nfs.conf). It works in place on a mutable copy of the text,
 * so a line is never truncated: a cut line could name a shorter, different
 * host or path than the file does.
 */
#define LINE_JOIN_BACKSLASH 0x1u  /* conffile: "\\\n" joins two lines */

struct line_reader {
	char *pos;          /* start of the next line; NULL at the end */
	char *end;          /* line_reader_init_len()'s end of text, else NULL */
	unsigned lineno;    /* of the line last returned, from 1 */
	unsigned flags;
	bool terminated;    /* the line last returned ended with '\n' */
	bool nul;           /* the line last returned held a NUL (init_len only) */
	char *copy;         /* owned by line_reader_open() */
};

/* Over @text itself, which is cut up in place. */
void line_reader_init(struct line_reader *lr, char *text, unsigned flags);
/*
 * Over the @len bytes of @text, NULs included (@text[@len] must be '\0', as
 * file_read_fd() leaves it). A line holding a NUL still comes back, cut at
 * that NUL, with lr->nul set: what is after the NUL would otherwise be lost
 * silently, so the caller decides (request-key.conf ignores such a line).
 */
void line_reader_init_len(struct line_reader *lr, char *text, size_t len, unsigned flags);
/* Over a private copy of @text (NULL: no lines); 0 or -ENOMEM. */
int line_reader_open(struct line_reader *lr, const char *text, unsigned flags);
void line_reader_done(struct line_reader *lr);
#define _cleanup_line_reader_ __attribute__((cleanup(line_reader_done)))
/*
 * The next line, NUL-cut in place (its '\n' overwritten), or NULL at the
 * end. With LINE_JOIN_BACKSLASH, a backslash right before '\n' and the '\n'
 * become two blanks and the line goes on, as nfs-utils' conffile does.
 */
char *line_reader_next(struct line_reader *lr);
/* Cut @line at the first of @chars (comment characters). */
char *line_cut_comment(char *line, const char *chars);
