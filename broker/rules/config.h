/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * request-key configuration: keyutils' file format plus an optional
 * bracketed options word in front of the program, e.g.
 *
 *   create dns_resolver * * [container,timeout=10] /sbin/key.dns_resolver %k
 *
 * A line without the options word means exactly what it means to keyutils
 * (context=host), so nfs-common's and cifs-utils' files work unmodified.
 * The options word is rule_options.h's, shared with umh.conf.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "exec_context.h"
#include "rule_options.h"

#define RULE_MAX_ARGS 64

struct rule {
	char *op;            /* "create", "negate", or "*"-pattern */
	char *type;
	char *desc;
	char *callout;
	struct rule_options opt; /* the options word (rule_options.h) */
	bool pipe;           /* program was written "|prog" */
	char *program;       /* without the leading '|' */
	char **argv;         /* argv[0] == program (unexpanded); NULL-terminated */
	size_t argc;
	char *file;          /* where the line came from, for log messages */
	unsigned line;
	unsigned order;      /* global read order; ties go to the lowest */
};

struct config {
	struct rule *rules;
	size_t n_rules;
};

/*
 * Load keyutils' files in keyutils' order: <dir>/request-key.d/ *.conf
 * (sorted by name, hidden files skipped), then <dir>/request-key.conf.
 * local_dir (keyutils' -l) makes dir ".". Syntax errors are logged with
 * file:line and the line is skipped, as keyutils does.
 */
int config_load(struct config *cfg, const char *etc_dir);
/* Parse one line (exposed for tests). Returns 1 if a rule was produced,
 * 0 for comment/blank, -EINVAL on syntax error. */
int config_parse_line(const char *line, const char *file, unsigned lineno,
		      unsigned order, struct rule *out);
void config_free(struct config *cfg);
/* Next word split as keyutils splits (C-locale blanks), NUL-terminated in
 * place; NULL at the end of the line. umh.conf splits the same way. */
char *config_next_word(char **p);
void rule_free(struct rule *r);

/*
 * keyutils' best-match: for each field in order op, type, description,
 * callout, the rule whose wildcard absorbs the fewest characters wins;
 * ties go to the earlier rule. Unlike keyutils 1.6.3, a '*' in the middle
 * of a field ("abc*def") matches prefix and suffix correctly.
 * Returns the rule or NULL.
 */
const struct rule *config_match(const struct config *cfg, const char *op,
				const char *type, const char *desc,
				const char *callout);

/* One field against one pattern: -1 no match, else chars absorbed by '*'. */
int pattern_match(const char *pattern, const char *value);
