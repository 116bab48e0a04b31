/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bracketed options word shared by request-key.conf and umh.conf
 * rules: "[container,exec=host,seccomp=skip,timeout=10,unregistered=refuse]". One parser, so
 * both files accept exactly the same words with the same errors. The
 * options come only from the host's files: the container never chooses
 * where its upcall runs.
 */
#pragma once

#include <stdbool.h>

#include "exec_context.h"

#define RULE_DEFAULT_TIMEOUT_MS 30000u
#define RULE_MAX_TIMEOUT_MS (24u * 3600u * 1000u)

/*
 * What a rule does with a container, after the container manager's
 * registration (broker/policy/registration.h, doc/registration.md):
 * run the helper in the rule's context ("inside"), on the host as
 * keyutils would ("host"), or refuse (the key is negated).
 */
enum policy_action {
	POLICY_OBEY = 0,   /* registered=: what the registration says; unregistered=: inside */
	POLICY_INSIDE,
	POLICY_HOST,
	POLICY_REFUSE,
};

const char *policy_action_name(enum policy_action a);

struct rule_options {
	enum exec_context context;
	bool exec_host;      /* exec=host: run the host's program file */
	bool seccomp_skip;   /* seccomp=skip: run without the init's seccomp filters */
	unsigned timeout_ms; /* timeout=N seconds or Nms */
	enum policy_action registered;   /* registered=obey|inside|host|refuse */
	enum policy_action unregistered; /* unregistered=inside|host|refuse */
};

#define RULE_OPTIONS_DEFAULT ((struct rule_options){ .timeout_ms = RULE_DEFAULT_TIMEOUT_MS })

/* Which contexts a file's rules may name (umh helpers have no requester). */
enum {
	RULE_ALLOW_HOST = 1 << EXEC_HOST,
	RULE_ALLOW_CONTAINER = 1 << EXEC_CONTAINER,
	RULE_ALLOW_REQUESTER = 1 << EXEC_REQUESTER,
	RULE_ALLOW_ALL = RULE_ALLOW_HOST | RULE_ALLOW_CONTAINER | RULE_ALLOW_REQUESTER,
};

/*
 * "N" or "Ns" (seconds) or "Nms", decimal digits only, 1 ms .. 24 h.
 * -EINVAL for anything else ("10x", "+5", "0x10"), -ERANGE out of range
 * (overflow included).
 */
int rule_timeout_parse(const char *v, unsigned *ms);

/*
 * Parse @word ("[...]", the caller saw the '[') into @o, which holds the
 * defaults on entry. @allowed is a mask of RULE_ALLOW_*. Errors are logged
 * as "<file>:<lineno>: ..." and return -EINVAL.
 */
int rule_options_parse(const char *word, unsigned allowed, const char *file, unsigned lineno,
		       struct rule_options *o);
