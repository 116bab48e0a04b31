// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * request-key argument macros, as keyutils 1.6.3 execute_program() expands
 * them: only an argument that starts with '%' is looked at, and only
 *   "%%..."        -> the argument without its first '%'
 *   "%X" (exactly) -> one of o k t d c u g T P S, anything else an error
 *   "%{type:desc}" -> payload of that key, printable ASCII only
 * are macros. Everything else, "x%k" and "%kx" included, is passed as
 * written: configurations rely on that to pass literal '%' strings.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "macro.h"

void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

/* -EINVAL for an unknown name, 0 and *v (possibly NULL) otherwise. */
static int single(char c, const struct macro_env *env, const char **v)
{
	switch (c) {
	case 'o': *v = env->op; return 0;
	case 'k': *v = env->key; return 0;
	case 't': *v = env->type; return 0;
	case 'd': *v = env->desc; return 0;
	case 'c': *v = env->callout; return 0;
	case 'u': *v = env->uid; return 0;
	case 'g': *v = env->gid; return 0;
	case 'T': *v = env->thread; return 0;
	case 'P': *v = env->process; return 0;
	case 'S': *v = env->session; return 0;
	default: return -EINVAL;
	}
}

static int dup_out(const char *s, char **out)
{
	*out = strdup(s);
	return *out ? 0 : -ENOMEM;
}

/*
 * keyutils refuses keysub data that is not isprint() in the C locale, so a
 * key's payload can never smuggle a newline, an escape sequence or a
 * truncating NUL into a helper's argv. The lookup returns a C string, so
 * it must itself fail on a payload with an embedded NUL.
 */
static bool printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

static int keysub(const char *arg, const struct macro_env *env, char **out)
{
	_cleanup_free_ char *type = NULL, *desc = NULL, *val = NULL;
	const char *colon, *end;

	/* keyutils takes the first ':' and then the first '}' after it, and
	 * wants nothing after that '}' (arg + 2 skips "%{"). */
	colon = strchr(arg + 2, ':');
	if (!colon)
		return -EINVAL;               /* "Keysub macro lacks ':'" */
	end = strchr(colon + 1, '}');
	if (!end)
		return -EINVAL;               /* "Unterminated keysub macro" */
	if (end[1])
		return -EINVAL;               /* "Keysub macro has trailing rubbish" */
	if (colon == arg + 2 || end == colon + 1)
		return -EINVAL;               /* "Keysub type/description empty" */
	type = strndup(arg + 2, (size_t)(colon - arg - 2));
	desc = strndup(colon + 1, (size_t)(end - colon - 1));
	if (!type || !desc)
		return -ENOMEM;
	if (!env->lookup)
		return -ENOKEY;
	errno = 0;
	val = env->lookup(type, desc, env->lookup_data);
	if (!val)
		return errno > 0 ? -errno : -ENOKEY;
	if (!printable(val))
		return -EINVAL;
	*out = TAKE_PTR(val);
	return 0;
}

int macro_expand_arg(const char *arg, const struct macro_env *env, char **out)
{
	const char *v = NULL;
	int r;

	*out = NULL;
	if (arg[0] != '%')
		return dup_out(arg, out);
	if (arg[1] == '\0')
		return -EINVAL;               /* "Missing macro name" */
	if (arg[1] == '%')
		return dup_out(arg + 1, out); /* "%%x" -> "%x" */
	if (arg[2] == '\0') {
		r = single(arg[1], env, &v);  /* "Unsupported macro", "%{" too */
		if (r < 0)
			return r;
		/* An unset value is a caller bug; failing beats running the
		 * helper with a shifted argv. */
		if (!v)
			return -EINVAL;
		return dup_out(v, out);
	}
	if (arg[1] == '{')
		return keysub(arg, env, out);
	return dup_out(arg, out);             /* "%kx": not a macro */
}

int macro_expand_argv(char *const *argv, const struct macro_env *env, char ***out)
{
	char **v;
	size_t n = 0;
	int r;

	*out = NULL;
	while (argv[n])
		n++;
	v = calloc(n + 1, sizeof(char *));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		/* argv[0] is the program's base name; keyutils starts
		 * expanding at argv[1]. */
		r = i == 0 ? dup_out(argv[0], &v[0]) : macro_expand_arg(argv[i], env, &v[i]);
		if (r < 0) {
			strv_free(v);
			return r;
		}
	}
	*out = v;
	return 0;
}
