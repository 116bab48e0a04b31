// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "config.h"
#include "log.h"
#include "umh_conf.h"

void umh_rule_free(struct umh_rule *r)
{
	free(r->name);
	free(r->program);
	free(r->file);
	memset(r, 0, sizeof(*r));
}

/*
 * On -EINVAL out->name is still set when the line had a name, so that the
 * caller can tell a broken rule for its helper from one for another.
 */
int umh_conf_parse_line(const char *line, const char *file, unsigned lineno, struct umh_rule *out)
{
	_cleanup_free_ char *buf = strdup(line);
	struct umh_rule r = { .opt = RULE_OPTIONS_DEFAULT, .line = lineno };
	char *p = buf, *name, *w;

	memset(out, 0, sizeof(*out));
	if (!buf)
		return -ENOMEM;
	name = config_next_word(&p);
	if (!name || name[0] == '#')
		return 0;
	out->name = strdup(name);
	if (!out->name)
		return -ENOMEM;
	w = config_next_word(&p);
	if (w && w[0] == '[') {
		if (rule_options_parse(w, RULE_ALLOW_HOST | RULE_ALLOW_CONTAINER, file, lineno, &r.opt) < 0)
			return -EINVAL;
		w = config_next_word(&p);
	}
	if (!w) {
		ub_log(LOG_ERR, "%s:%u: Syntax error: no program", file, lineno);
		return -EINVAL;
	}
	if (w[0] != '/') {
		ub_log(LOG_ERR, "%s:%u: Program '%s' is not an absolute path", file, lineno, w);
		return -EINVAL;
	}
	/* The kernel's arguments are the helper's; extra words here would be
	 * silently dropped, so they are an error. */
	if (config_next_word(&p)) {
		ub_log(LOG_ERR, "%s:%u: Syntax error: words after the program", file, lineno);
		return -EINVAL;
	}
	r.name = TAKE_PTR(out->name);
	r.program = strdup(w);
	r.file = strdup(file);
	if (!r.program || !r.file) {
		umh_rule_free(&r);
		return -ENOMEM;
	}
	*out = r;
	return 1;
}

int umh_conf_find(const char *conf, const char *name, struct umh_rule *out)
{
	_cleanup_fclose_ FILE *f = fopen(conf, "re");
	_cleanup_free_ char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned lineno = 0;

	if (!f)
		return -errno;
	while ((errno = 0, len = getline(&line, &cap, f)) >= 0) {
		struct umh_rule r;
		bool mine;
		int k;

		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (memchr(line, '\0', (size_t)len)) {
			ub_log(LOG_ERR, "%s:%u: NUL byte in line, ignored", conf, lineno);
			continue;
		}
		k = umh_conf_parse_line(line, conf, lineno, &r);
		mine = r.name && !strcmp(r.name, name);
		if (k == 1 && mine) {
			*out = r;
			return 0;
		}
		umh_rule_free(&r);
		if (k == -ENOMEM || (k < 0 && mine))
			return k;
	}
	if (ferror(f) || errno) {
		int e = errno ? errno : EIO;

		ub_log(LOG_ERR, "%s: read error: %s", conf, strerror(e));
		return -e;
	}
	return -ENOENT;
}
