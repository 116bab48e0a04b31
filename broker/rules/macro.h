/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <sys/types.h>

/*
 * Values the request-key macros expand to. uid/gid are already translated
 * into the view of the context the helper runs in (a container sees its own
 * ids, not the host's).
 */
struct macro_env {
	const char *op;        /* %o */
	const char *key;       /* %k  decimal serial */
	const char *type;      /* %t */
	const char *desc;      /* %d */
	const char *callout;   /* %c */
	const char *uid;       /* %u */
	const char *gid;       /* %g */
	const char *thread;    /* %T */
	const char *process;   /* %P */
	const char *session;   /* %S */
	/*
	 * %{type:desc}: look up a key in the requester's keyrings and
	 * substitute its payload. Returns malloc'd string or NULL+errno.
	 */
	char *(*lookup)(const char *type, const char *desc, void *data);
	void *lookup_data;
};

/*
 * Expand one argument. keyutils only expands macros that make up the whole
 * argument ("%k", not "x%k"); anything else is copied literally. Unknown
 * macro: -EINVAL. Returns 0 and *out malloc'd.
 */
int macro_expand_arg(const char *arg, const struct macro_env *env, char **out);

/* Expand argv[0..argc). *out is a NULL-terminated malloc'd vector. */
int macro_expand_argv(char *const *argv, const struct macro_env *env, char ***out);
void strv_free(char **v);
