// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "config.h"
#include "macro.h"

void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

static const char *single(char c, const struct macro_env *env)
{
	switch (c) {
	case 'o': return env->op;
	case 'k': return env->key;
	case 't': return env->type;
	case 'd': return env->desc;
	case 'c': return env->callout;
	case 'u': return env->uid;
	case 'g': return env->gid;
	case 'T': return env->thread;
	case 'P': return env->process;
	case 'S': return env->session;
	default: return NULL;
	}
}

int macro_expand_arg(const char *arg, const struct macro_env *env, char **out)
{
	const char *v;

	*out = NULL;
	/* As keyutils: only an argument that is a whole macro is expanded. */
	if (arg[0] != '%') {
		*out = strdup(arg);
		return *out ? 0 : -ENOMEM;
	}
	if (arg[1] == '\0')
		return -EINVAL;               /* "Missing macro name" */
	if (arg[1] == '%') {
		*out = strdup(arg + 1);       /* "%%x" -> "%x" */
		return *out ? 0 : -ENOMEM;
	}
	if (arg[2] == '\0') {
		v = single(arg[1], env);
		if (!v)
			return -EINVAL;       /* "Unsupported macro" */
		*out = strdup(v);
		return *out ? 0 : -ENOMEM;
	}
	if (arg[1] == '{') {
		const char *colon = strchr(arg + 2, ':'), *end;
		_cleanup_free_ char *type = NULL, *desc = NULL;

		if (!colon)
			return -EINVAL;
		end = strchr(colon + 1, '}');
		if (!end || end[1] != '\0' || colon == arg + 2 || end == colon + 1)
			return -EINVAL;
		type = strndup(arg + 2, (size_t)(colon - arg - 2));
		desc = strndup(colon + 1, (size_t)(end - colon - 1));
		if (!type || !desc)
			return -ENOMEM;
		if (!env->lookup)
			return -ENOKEY;
		errno = 0;
		*out = env->lookup(type, desc, env->lookup_data);
		return *out ? 0 : (errno ? -errno : -ENOKEY);
	}
	/* "%kx": not a macro to keyutils, passed as written. */
	*out = strdup(arg);
	return *out ? 0 : -ENOMEM;
}

int macro_expand_argv(char *const *argv, const struct macro_env *env, char ***out)
{
	size_t n = 0;
	char **v;
	int r;

	while (argv[n])
		n++;
	v = calloc(n + 1, sizeof(char *));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		/* argv[0] is the program's name, never a macro. */
		if (i == 0) {
			v[0] = strdup(argv[0]);
			r = v[0] ? 0 : -ENOMEM;
		} else {
			r = macro_expand_arg(argv[i], env, &v[i]);
		}
		if (r < 0) {
			strv_free(v);
			return r;
		}
	}
	*out = v;
	return 0;
}
