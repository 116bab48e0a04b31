// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * keyutils' request-key configuration (request-key.c of keyutils 1.6.3,
 * scan_conf_dir(), scan_conf_file(), match()) plus our options word.
 *
 * Deliberate differences from keyutils 1.6.3, all on input keyutils
 * mishandles:
 *  - a syntax error skips the line (keyutils exits on it, but only when the
 *    line's leading fields match the request);
 *  - "abc*def" compares the suffix correctly (keyutils compares the
 *    pattern's start against the datum's end);
 *  - a last line without '\n' keeps its last character (keyutils always
 *    chops one);
 *  - the program must be an absolute path (keyutils dereferences
 *    strrchr(prog, '/') + 1 and dies on SIGSEGV without a '/', and resolves
 *    a relative one against its cwd, which differs per exec context here);
 *  - request-key.d is read in sorted order, not readdir() order, so that
 *    ties between files do not depend on the filesystem.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "conf_lines.h"
#include "config.h"
#include "log.h"

/* keyutils reads into char buf[4096 + 2] with fgets() and rejects
 * strlen(buf) >= 4096, newline included: 4094 characters of content. */
#define CONFIG_MAX_LINE_CHARS 4094u

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

/*
 * keyutils splits on isspace() in the C locale. Spelling the set out keeps
 * the split independent of whatever locale a caller may have set, where
 * bytes such as 0xa0 can count as space.
 */
static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

char *config_next_word(char **p)
{
	char *s = *p, *start;

	while (is_space(*s))
		s++;
	if (!*s) {
		*p = s;
		return NULL;
	}
	start = s;
	while (*s && !is_space(*s))
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return start;
}

/* keyutils' four leading fields, op type description callout-info. */
static int split_fields(char **p, char *f[4], const char *file, unsigned lineno)
{
	static const char *const field_names[4] = { "op", "type", "description", "callout-info" };

	for (int i = 0; i < 4; i++) {
		f[i] = config_next_word(p);
		if (!f[i]) {
			ub_log(LOG_ERR, "%s:%u: Syntax error: no %s field",
				   file, lineno, field_names[i]);
			return -EINVAL;
		}
	}
	return 0;
}

/* The options word if any, then the program word, "|" (pipe) stripped. */
static int parse_program(char **p, struct rule *r, const char *file, unsigned lineno, char **prog)
{
	char *w = config_next_word(p);
	int ret;

	if (w && w[0] == '[') {
		ret = rule_options_parse(w, RULE_ALLOW_ALL, file, lineno, &r->opt);
		if (ret < 0)
			return ret;
		w = config_next_word(p);
	}
	if (!w) {
		ub_log(LOG_ERR, "%s:%u: Syntax error: no program", file, lineno);
		return -EINVAL;
	}
	if (w[0] == '|') {
		r->pipe = true;
		w++;
	}
	if (w[0] != '/') {
		ub_log(LOG_ERR, "%s:%u: Program '%s' is not an absolute path", file, lineno, w);
		return -EINVAL;
	}
	*prog = w;
	return 0;
}

/* The rule's own copies of the fields, the program and argv[0]. */
static int rule_copy_fields(struct rule *r, char *const f[4], const char *prog, const char *file)
{
	r->op = strdup(f[0]);
	r->type = strdup(f[1]);
	r->desc = strdup(f[2]);
	r->callout = strdup(f[3]);
	r->program = strdup(prog);
	r->file = strdup(file);
	r->argv = calloc(RULE_MAX_ARGS + 1, sizeof(char *));
	if (!r->op || !r->type || !r->desc || !r->callout || !r->program || !r->file || !r->argv)
		return -ENOMEM;
	/* keyutils passes strrchr(prog, '/') + 1 as argv[0]; "/x/" gives "". */
	r->argv[r->argc] = strdup(strrchr(prog, '/') + 1);
	if (!r->argv[r->argc++])
		return -ENOMEM;
	return 0;
}

static int rule_add_args(struct rule *r, char **p, const char *file, unsigned lineno)
{
	char *a;

	while ((a = config_next_word(p))) {
		/* keyutils allows 253; 64 is plenty for any helper and bounds
		 * what macro expansion has to allocate. */
		if (r->argc >= RULE_MAX_ARGS) {
			ub_log(LOG_ERR, "%s:%u: Too many arguments (max %d)",
				   file, lineno, RULE_MAX_ARGS - 1);
			return -E2BIG;
		}
		r->argv[r->argc] = strdup(a);
		if (!r->argv[r->argc++])
			return -ENOMEM;
	}
	return 0;
}

/* keyutils' line format in order: four fields, the options word, the
 * program, its arguments. */
int config_parse_line(const char *line, const char *file, unsigned lineno,
		      unsigned order, struct rule *out)
{
	_cleanup_free_ char *buf = NULL;
	struct rule r = { .opt = RULE_OPTIONS_DEFAULT, .line = lineno, .order = order };
	char *p, *f[4], *prog;
	size_t len = strlen(line);
	int ret;

	memset(out, 0, sizeof(*out));
	/* keyutils: a line starting with '#' or any whitespace is a comment,
	 * so is an empty one. An indented rule is therefore silently ignored,
	 * and must stay so: files written for keyutils rely on it. */
	if (!len || line[0] == '#' || is_space(line[0]))
		return 0;
	if (len > CONFIG_MAX_LINE_CHARS) {
		ub_log(LOG_ERR, "%s:%u: Line too long", file, lineno);
		return -EINVAL;
	}
	buf = strdup(line);
	if (!buf)
		return -ENOMEM;
	p = buf;
	ret = split_fields(&p, f, file, lineno);
	if (ret >= 0)
		ret = parse_program(&p, &r, file, lineno, &prog);
	if (ret < 0)
		return ret;
	ret = rule_copy_fields(&r, f, prog, file);
	if (ret >= 0)
		ret = rule_add_args(&r, &p, file, lineno);
	if (ret < 0) {
		rule_free(&r);
		/* Callers tell "skip this line" from "give up" by -ENOMEM alone. */
		return ret == -ENOMEM ? ret : -EINVAL;
	}
	*out = r;
	return 1;
}

static int add_rule(struct config *cfg, size_t *cap, struct rule *r)
{
	if (cfg->n_rules == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct rule *n = reallocarray(cfg->rules, ncap, sizeof(*n));

		if (!n)
			return -ENOMEM;
		cfg->rules = n;
		*cap = ncap;
	}
	cfg->rules[cfg->n_rules++] = *r;
	return 0;
}

struct load {
	struct config *cfg;
	size_t *cap;
	const char *path;
};

static int load_line(char *line, unsigned lineno, void *data)
{
	struct load *l = data;
	struct rule r;
	int k = config_parse_line(line, l->path, lineno, (unsigned)l->cfg->n_rules, &r);

	if (k <= 0)
		return k == -ENOMEM ? k : 0;
	if (add_rule(l->cfg, l->cap, &r) < 0) {
		rule_free(&r);
		return -ENOMEM;
	}
	return 0;
}

/*
 * One file. fd is consumed. path only names the file in messages.
 * Open/read errors are returned: keyutils exits on them, and a request
 * must not be served by a weaker rule because a better file was unreadable.
 */
static int load_fd(struct config *cfg, size_t *cap, int fd, const char *path)
{
	_cleanup_close_ int owned = fd;
	struct load l = { cfg, cap, path };

	return conf_for_each_line(owned, path, load_line, &l);
}

static int load_file(struct config *cfg, size_t *cap, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		ub_log(LOG_ERR, "Cannot open %s: %m", path);
		return -errno;
	}
	return load_fd(cfg, cap, fd, path);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_conf_name(const char *name)
{
	size_t len = strlen(name);

	/* Hidden files (editor and dpkg leftovers) are never read. */
	return name[0] != '.' && len > 5 && !strcmp(name + len - 5, ".conf");
}

/* keyutils reads only DT_REG (or DT_UNKNOWN) entries: a symlink or
 * directory named *.conf is skipped, not followed. */
static bool is_regular_entry(DIR *d, const struct dirent *de)
{
	struct stat st;

	if (de->d_type == DT_UNKNOWN)
		return fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) >= 0 &&
		       S_ISREG(st.st_mode);
	return de->d_type == DT_REG;
}

struct names {
	char **v;
	size_t n, cap;
};

static int names_add(struct names *ns, const char *name)
{
	if (ns->n == ns->cap) {
		size_t c = ns->cap ? ns->cap * 2 : 8;
		char **nv = reallocarray(ns->v, c, sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		ns->v = nv;
		ns->cap = c;
	}
	ns->v[ns->n] = strdup(name);
	if (!ns->v[ns->n])
		return -ENOMEM;
	ns->n++;
	return 0;
}

static void names_free(struct names *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
}

/* The entries keyutils would read, sorted so that ties between files do
 * not depend on the filesystem's readdir() order. */
static int list_conf_files(DIR *d, const char *d_path, struct names *ns)
{
	struct dirent *de;
	int r;

	while ((errno = 0, de = readdir(d))) {
		if (!is_conf_name(de->d_name) || !is_regular_entry(d, de))
			continue;
		r = names_add(ns, de->d_name);
		if (r < 0)
			return r;
	}
	if (errno) {
		r = -errno;
		ub_log(LOG_ERR, "Cannot read %s: %m", d_path);
		return r;
	}
	if (ns->n)
		qsort(ns->v, ns->n, sizeof(*ns->v), cmp_names);
	return 0;
}

/* One listed entry, opened at the directory handle it was listed from. */
static int load_dir_entry(struct config *cfg, size_t *cap, DIR *d, const char *d_path,
			  const char *name)
{
	_cleanup_free_ char *path = NULL;
	/* O_NOFOLLOW: the entry was a regular file when listed; if it has
	 * been swapped for a symlink since, refuse rather than follow. */
	int fd = openat(dirfd(d), name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), r;

	if (asprintf(&path, "%s/%s", d_path, name) < 0) {
		path = NULL;
		if (fd >= 0)
			close(fd);
		return -ENOMEM;
	}
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;   /* removed since readdir() */
		r = -errno;
		ub_log(LOG_ERR, "Cannot open %s: %m", path);
		return r;
	}
	return load_fd(cfg, cap, fd, path);
}

static int load_dir(struct config *cfg, size_t *cap, const char *d_path)
{
	_cleanup_closedir_ DIR *d = opendir(d_path);
	struct names ns = { 0 };
	int r;

	if (!d) {
		if (errno == ENOENT)
			return 0;
		ub_log(LOG_ERR, "Cannot open %s: %m", d_path);
		return -errno;
	}
	r = list_conf_files(d, d_path, &ns);
	for (size_t i = 0; i < ns.n && r >= 0; i++)
		r = load_dir_entry(cfg, cap, d, d_path, ns.v[i]);
	names_free(&ns);
	return r;
}

int config_load(struct config *cfg, const char *etc_dir)
{
	_cleanup_free_ char *d_path = NULL, *c_path = NULL;
	size_t cap = 0;
	int r;

	memset(cfg, 0, sizeof(*cfg));
	if (asprintf(&d_path, "%s/request-key.d", etc_dir) < 0) {
		d_path = NULL;
		return -ENOMEM;
	}
	if (asprintf(&c_path, "%s/request-key.conf", etc_dir) < 0) {
		c_path = NULL;
		return -ENOMEM;
	}
	r = load_dir(cfg, &cap, d_path);
	if (r >= 0)
		r = load_file(cfg, &cap, c_path);
	if (r < 0)
		config_free(cfg);
	return r;
}

int pattern_match(const char *pattern, const char *value)
{
	const char *star = strchr(pattern, '*');
	size_t plen, vlen, pre, suf;

	if (!star)
		return strcmp(pattern, value) ? -1 : 0;
	/*
	 * keyutils honours the first '*' only; any later one is a literal
	 * character of the suffix. The datum must be at least as long as
	 * prefix + suffix, so the two never overlap ("abc*cde" does not
	 * match "abcde"). keyutils 1.6.3 compares the suffix of "abc*def"
	 * from the pattern's start instead of from after the '*'.
	 */
	plen = strlen(pattern);
	vlen = strlen(value);
	pre = (size_t)(star - pattern);
	suf = plen - pre - 1;
	if (vlen < pre + suf || vlen - pre - suf > (size_t)INT_MAX)
		return -1;
	if (memcmp(pattern, value, pre) || memcmp(star + 1, value + vlen - suf, suf))
		return -1;
	return (int)(vlen - pre - suf);
}

const struct rule *config_match(const struct config *cfg, const char *op,
				const char *type, const char *desc,
				const char *callout)
{
	const char *value[4] = { op, type, desc, callout };
	const struct rule *best = NULL;
	int best_w[4] = { 0 };

	/* A missing field (no callout) is the empty string to keyutils. */
	for (int k = 0; k < 4; k++)
		if (!value[k])
			value[k] = "";
	for (size_t i = 0; i < cfg->n_rules; i++) {
		const struct rule *r = &cfg->rules[i];
		const char *pat[4] = { r->op, r->type, r->desc, r->callout };
		int w[4];
		bool better, matched = true;

		for (int k = 0; k < 4 && matched; k++) {
			w[k] = pattern_match(pat[k], value[k]);
			matched = w[k] >= 0;
		}
		if (!matched)
			continue;
		/* keyutils: strictly less absorption, compared lexicographically
		 * op, type, description, callout; an equal rule read later
		 * never displaces the first. */
		better = !best;
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
