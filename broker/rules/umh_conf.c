// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "conf_lines.h"
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

struct umh_find {
	const char *conf;
	const char *name;
	struct umh_rule *out;
};

/* 1: found; a broken line for the name ends the search, see umh_conf.h. */
static int find_line(char *line, unsigned lineno, void *data)
{
	struct umh_find *f = data;
	struct umh_rule r;
	int k = umh_conf_parse_line(line, f->conf, lineno, &r);
	bool mine = r.name && !strcmp(r.name, f->name);

	if (k == 1 && mine) {
		*f->out = r;
		return 1;
	}
	umh_rule_free(&r);
	if (k == -ENOMEM || (k < 0 && mine))
		return k;
	return 0;
}

int umh_conf_find(const char *conf, const char *name, struct umh_rule *out)
{
	_cleanup_close_ int fd = open(conf, O_RDONLY | O_CLOEXEC);
	struct umh_find f = { conf, name, out };
	int r;

	if (fd < 0)
		return -errno;
	r = conf_for_each_line(fd, conf, find_line, &f);
	if (r == 1)
		return 0;
	return r < 0 ? r : -ENOENT;
}
