/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * umh.conf: usermode helpers the kernel runs by path (nfsd's cltrack_prog),
 * one line per helper name:
 *
 *   <name> [<options>] <program>
 *
 * The options word is request-key.conf's (rule_options.h), with every
 * option but "requester" (a usermode helper has no requesting process).
 * The program gets the kernel's arguments; it takes none of its own.
 */
#pragma once

#include "rule_options.h"

#define UMH_CONF "/etc/upcall-broker/umh.conf"

struct umh_rule {
	char *name;
	struct rule_options opt;
	char *program;       /* absolute path */
	char *file;          /* for log messages */
	unsigned line;
};

/*
 * The first rule for @name in @conf. -ENOENT: no such rule (or no file);
 * -EINVAL: the line for @name is malformed (logged; a later line for the
 * same name is not used instead); other -errno: the file is unreadable.
 * Malformed lines for other names are logged and skipped.
 */
int umh_conf_find(const char *conf, const char *name, struct umh_rule *out);
/* Parse one line (exposed for tests): 1 rule, 0 comment/blank, -EINVAL. */
int umh_conf_parse_line(const char *line, const char *file, unsigned lineno, struct umh_rule *out);
void umh_rule_free(struct umh_rule *r);
