/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

/*
 * Line splitter shared by the configuration-file parsers. Copies the next
 * line of @text into @buf (a longer line is truncated but consumed whole, so
 * a hostile file cannot shift the parser onto the middle of a line), cuts
 * it at the first '#' (and at ';' when @semicolon_comments, resolv.conf's
 * other comment character), and returns where the following line starts.
 */
const char *text_next_line(const char *text, char *buf, size_t size, int semicolon_comments);
