// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "config.h"
#include "log.h"

#define CONFIG_MAX_LINE 4096   /* keyutils' buffer: longer lines are errors */
#define CONFIG_MAX_TIMEOUT_MS (24u * 3600u * 1000u)

const char *exec_context_name(enum exec_context c)
{
	switch (c) {
	case EXEC_CONTAINER:
		return "container";
	case EXEC_REQUESTER:
		return "requester";
	default:
		return "host";
	}
}

void rule_free(struct rule *r)
{
	free(r->op);
	free(r->type);
	free(r->desc);
	free(r->callout);
	free(r->program);
	free(r->file);
	if (r->argv)
		for (size_t i = 0; i < r->argc; i++)
			free(r->argv[i]);
	free(r->argv);
	memset(r, 0, sizeof(*r));
}

void config_free(struct config *cfg)
{
	for (size_t i = 0; i < cfg->n_rules; i++)
		rule_free(&cfg->rules[i]);
	free(cfg->rules);
	cfg->rules = NULL;
	cfg->n_rules = 0;
}

/* "[container,exec=host,timeout=10]" */
static int parse_options(const char *word, struct rule *r, const char *file, unsigned lineno)
{
	size_t len = strlen(word);
	_cleanup_free_ char *list = NULL;
	char *save = NULL;

	if (len < 2 || word[len - 1] != ']')
		return -EINVAL;
	list = strndup(word + 1, len - 2);
	if (!list)
		return -ENOMEM;
	for (char *o = strtok_r(list, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
		if (!strcmp(o, "host")) {
			r->context = EXEC_HOST;
		} else if (!strcmp(o, "container")) {
			r->context = EXEC_CONTAINER;
		} else if (!strcmp(o, "requester")) {
			r->context = EXEC_REQUESTER;
		} else if (!strcmp(o, "exec=host")) {
			r->exec_host = true;
		} else if (!strncmp(o, "timeout=", 8)) {
			char *end;
			unsigned long v;

			errno = 0;
			v = strtoul(o + 8, &end, 10);
			if (errno || end == o + 8 || o[8] == '-')
				goto bad;
			if (!strcmp(end, "ms"))
				;
			else if (!*end || !strcmp(end, "s"))
				v = v > CONFIG_MAX_TIMEOUT_MS / 1000 ? CONFIG_MAX_TIMEOUT_MS + 1 : v * 1000;
			else
				goto bad;
			if (v == 0 || v > CONFIG_MAX_TIMEOUT_MS)
				goto bad;
			r->timeout_ms = (unsigned)v;
		} else {
			goto bad;
		}
		continue;
bad:
		broker_log(LOG_ERR, "%s:%u: unknown or invalid option '%s'", file, lineno, o);
		return -EINVAL;
	}
	if (r->exec_host && r->context == EXEC_HOST) {
		broker_log(LOG_ERR, "%s:%u: exec=host needs container or requester", file, lineno);
		return -EINVAL;
	}
	return 0;
}

static char *next_field(char **p)
{
	char *s = *p, *start;

	while (*s && isspace((unsigned char)*s))
		s++;
	if (!*s) {
		*p = s;
		return NULL;
	}
	start = s;
	while (*s && !isspace((unsigned char)*s))
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return start;
}

int config_parse_line(const char *line, const char *file, unsigned lineno,
		      unsigned order, struct rule *out)
{
	_cleanup_free_ char *buf = NULL;
	char *p, *f[4], *w;
	struct rule r = { .timeout_ms = RULE_DEFAULT_TIMEOUT_MS, .line = lineno, .order = order };
	int ret = -EINVAL;

	memset(out, 0, sizeof(*out));
	/* keyutils: '#' or leading whitespace starts a comment, as does a blank line. */
	if (!line[0] || line[0] == '#' || isspace((unsigned char)line[0]))
		return 0;
	if (strlen(line) >= CONFIG_MAX_LINE) {
		broker_log(LOG_ERR, "%s:%u: Line too long", file, lineno);
		return -EINVAL;
	}
	buf = strdup(line);
	if (!buf)
		return -ENOMEM;
	p = buf;
	for (int i = 0; i < 4; i++) {
		f[i] = next_field(&p);
		if (!f[i])
			goto syntax;
	}
	w = next_field(&p);
	if (w && w[0] == '[') {
		r.file = (char *)file;
		if (parse_options(w, &r, file, lineno) < 0) {
			r.file = NULL;
			return -EINVAL;
		}
		r.file = NULL;
		w = next_field(&p);
	}
	if (!w)
		goto syntax;
	if (w[0] == '|') {
		r.pipe = true;
		w++;
	}
	if (!*w)
		goto syntax;
	r.op = strdup(f[0]);
	r.type = strdup(f[1]);
	r.desc = strdup(f[2]);
	r.callout = strdup(f[3]);
	r.program = strdup(w);
	r.file = strdup(file);
	r.argv = calloc(RULE_MAX_ARGS + 1, sizeof(char *));
	if (!r.op || !r.type || !r.desc || !r.callout || !r.program || !r.file || !r.argv) {
		ret = -ENOMEM;
		goto fail;
	}
	/* keyutils passes the program's base name as argv[0]. */
	r.argv[r.argc++] = strdup(strrchr(w, '/') ? strrchr(w, '/') + 1 : w);
	for (char *a = next_field(&p); a; a = next_field(&p)) {
		if (r.argc >= RULE_MAX_ARGS) {
			broker_log(LOG_ERR, "%s:%u: Too many arguments", file, lineno);
			goto fail;
		}
		r.argv[r.argc++] = strdup(a);
	}
	for (size_t i = 0; i < r.argc; i++)
		if (!r.argv[i]) {
			ret = -ENOMEM;
			goto fail;
		}
	*out = r;
	return 1;
syntax:
	broker_log(LOG_ERR, "%s:%u: Syntax error", file, lineno);
	return -EINVAL;
fail:
	rule_free(&r);
	return ret;
}

static int load_file(struct config *cfg, const char *path)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	_cleanup_free_ char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned lineno = 0;

	if (!f)
		return errno == ENOENT ? 0 : -errno;
	while ((len = getline(&line, &cap, f)) >= 0) {
		struct rule r;
		int k;

		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		/* An embedded NUL would hide the rest of the line from us. */
		if (strlen(line) != (size_t)len) {
			broker_log(LOG_ERR, "%s:%u: NUL byte in line, ignored", path, lineno);
			continue;
		}
		k = config_parse_line(line, path, lineno, (unsigned)cfg->n_rules, &r);
		if (k == -ENOMEM)
			return k;
		if (k <= 0)
			continue;
		struct rule *n = realloc(cfg->rules, (cfg->n_rules + 1) * sizeof(*n));
		if (!n) {
			rule_free(&r);
			return -ENOMEM;
		}
		cfg->rules = n;
		cfg->rules[cfg->n_rules++] = r;
	}
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int config_load(struct config *cfg, const char *etc_dir)
{
	_cleanup_free_ char *d_path = NULL, *c_path = NULL;
	_cleanup_closedir_ DIR *d = NULL;
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	int r = 0;

	memset(cfg, 0, sizeof(*cfg));
	if (asprintf(&d_path, "%s/request-key.d", etc_dir) < 0 ||
	    asprintf(&c_path, "%s/request-key.conf", etc_dir) < 0)
		return -ENOMEM;
	/* keyutils reads the directory in readdir() order; sorting makes ties
	 * between files deterministic. */
	d = opendir(d_path);
	while (d && (de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.' || len < 6 || strcmp(de->d_name + len - 5, ".conf"))
			continue;
		char **nn = realloc(names, (n + 1) * sizeof(*names));
		if (!nn) {
			r = -ENOMEM;
			break;
		}
		names = nn;
		if (asprintf(&names[n], "%s/%s", d_path, de->d_name) < 0) {
			r = -ENOMEM;
			break;
		}
		n++;
	}
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n && r >= 0; i++)
		r = load_file(cfg, names[i]);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (r >= 0)
		r = load_file(cfg, c_path);
	if (r < 0)
		config_free(cfg);
	return r;
}

int pattern_match(const char *pattern, const char *value)
{
	const char *star = strchr(pattern, '*');
	size_t plen = strlen(pattern), vlen = strlen(value), pre, suf;

	if (!star)
		return strcmp(pattern, value) ? -1 : 0;
	/* One '*' per field, anywhere: prefix and suffix must both match (keyutils
	 * 1.6.3 compared the suffix of "abc*def" from the wrong pointer). */
	pre = (size_t)(star - pattern);
	suf = plen - pre - 1;
	if (vlen < pre + suf)
		return -1;
	if (strncmp(pattern, value, pre) || strcmp(star + 1, value + vlen - suf))
		return -1;
	return (int)(vlen - pre - suf);
}

const struct rule *config_match(const struct config *cfg, const char *op,
				const char *type, const char *desc,
				const char *callout)
{
	const struct rule *best = NULL;
	int best_w[4] = { 0 };

	for (size_t i = 0; i < cfg->n_rules; i++) {
		const struct rule *r = &cfg->rules[i];
		int w[4] = {
			pattern_match(r->op, op), pattern_match(r->type, type),
			pattern_match(r->desc, desc), pattern_match(r->callout, callout),
		};

		if (w[0] < 0 || w[1] < 0 || w[2] < 0 || w[3] < 0)
			continue;
		/* Least absorbed by wildcards wins, field by field; ties: first read. */
		bool better = !best;
		for (int k = 0; !better && k < 4; k++) {
			if (w[k] < best_w[k])
				better = true;
			else if (w[k] > best_w[k])
				break;
		}
		if (better) {
			best = r;
			memcpy(best_w, w, sizeof(w));
		}
	}
	return best;
}
