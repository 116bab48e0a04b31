// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "cleanup.h"
#include "log.h"
#include "parse.h"
#include "rule_options.h"

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

int rule_timeout_parse(const char *v, unsigned *ms)
{
	char digits[24];
	size_t len = strlen(v), n = len;
	unsigned scale = 1000, val;
	int r;

	if (len >= 2 && !strcmp(v + len - 2, "ms")) {
		n = len - 2;
		scale = 1;
	} else if (len >= 1 && v[len - 1] == 's') {
		n = len - 1;
	}
	/* More digits than any u64 has: out of range, not merely "too long". */
	if (n >= sizeof(digits)) {
		for (size_t i = 0; i < n; i++)
			if (v[i] < '0' || v[i] > '9')
				return -EINVAL;
		return -ERANGE;
	}
	memcpy(digits, v, n);
	digits[n] = '\0';
	/* parse_uint() takes digits only: no blanks, sign or "0x" that
	 * strtoul() would, and no silent wrap-around. */
	r = parse_uint(digits, RULE_MAX_TIMEOUT_MS / scale, &val);
	if (r < 0)
		return r;
	if (val == 0)
		return -ERANGE;
	*ms = val * scale;
	return 0;
}

static const char *const policy_words[] = {
	[POLICY_OBEY] = "obey", [POLICY_INSIDE] = "inside", [POLICY_HOST] = "host", [POLICY_REFUSE] = "refuse",
};

const char *policy_action_name(enum policy_action a)
{
	return (unsigned)a < ARRAY_SIZE(policy_words) ? policy_words[a] : "?";
}

/* "registered=<word>" / "unregistered=<word>"; "obey" only for the former:
 * an unregistered container has nothing to obey. */
static int policy_item(const char *v, bool allow_obey, enum policy_action *a)
{
	for (unsigned i = allow_obey ? 0 : 1; i < ARRAY_SIZE(policy_words); i++) {
		if (!strcmp(v, policy_words[i])) {
			*a = (enum policy_action)i;
			return 0;
		}
	}
	return -EINVAL;
}

static const char *const context_words[] = {
	[EXEC_HOST] = "host", [EXEC_CONTAINER] = "container", [EXEC_REQUESTER] = "requester",
};

/* One item of the word, NUL-terminated. 0, or -EINVAL logged. */
struct seen {
	bool context, timeout, registered, unregistered;
};

static int option_item(const char *item, unsigned allowed, struct seen *seen,
		       const char *file, unsigned lineno, struct rule_options *o)
{
	for (unsigned c = 0; c < ARRAY_SIZE(context_words); c++) {
		if (strcmp(item, context_words[c]))
			continue;
		if (!(allowed & (1u << c))) {
			ub_log(LOG_ERR, "%s:%u: Option '%s' makes no sense here", file, lineno, item);
			return -EINVAL;
		}
		/* Two contexts on one line is a typo, not a preference. */
		if (seen->context)
			goto conflict;
		seen->context = true;
		o->context = (enum exec_context)c;
		return 0;
	}
	if (!strcmp(item, "seccomp=skip")) {
		if (o->seccomp_skip)
			goto conflict;
		o->seccomp_skip = true;
	} else if (!strcmp(item, "exec=host")) {
		if (o->exec_host)
			goto conflict;
		o->exec_host = true;
	} else if (!strncmp(item, "timeout=", 8)) {
		if (seen->timeout)
			goto conflict;
		seen->timeout = true;
		if (rule_timeout_parse(item + 8, &o->timeout_ms) < 0) {
			ub_log(LOG_ERR, "%s:%u: Invalid timeout '%s' (1ms..24h)", file, lineno, item + 8);
			return -EINVAL;
		}
	} else if (!strncmp(item, "registered=", 11) || !strncmp(item, "unregistered=", 13)) {
		bool reg = item[0] == 'r';
		bool *have = reg ? &seen->registered : &seen->unregistered;

		if (*have)
			goto conflict;
		*have = true;
		if (policy_item(strchr(item, '=') + 1, reg, reg ? &o->registered : &o->unregistered) < 0) {
			ub_log(LOG_ERR, "%s:%u: Invalid '%s' (%s)", file, lineno, item,
			       reg ? "obey, inside, host or refuse" : "inside, host or refuse");
			return -EINVAL;
		}
	} else {
		ub_log(LOG_ERR, "%s:%u: Unknown option '%s'", file, lineno, item);
		return -EINVAL;
	}
	return 0;
conflict:
	ub_log(LOG_ERR, "%s:%u: Option '%s' conflicts with an earlier one", file, lineno, item);
	return -EINVAL;
}

int rule_options_parse(const char *word, unsigned allowed, const char *file, unsigned lineno,
		       struct rule_options *o)
{
	size_t len = strlen(word);
	struct seen seen = { 0 };
	const char *p, *end;

	if (len < 3 || word[0] != '[' || word[len - 1] != ']') {
		ub_log(LOG_ERR, "%s:%u: Syntax error in options '%s'", file, lineno, word);
		return -EINVAL;
	}
	/* Walk the items in place: an empty item ("[]", "[a,,b]") is an error,
	 * which strtok() would silently collapse. */
	for (p = word + 1; p < word + len; p = end + 1) {
		char item[32];
		size_t n;
		int r;

		end = memchr(p, ',', (size_t)(word + len - 1 - p));
		if (!end)
			end = word + len - 1;   /* the ']' */
		n = (size_t)(end - p);
		if (n == 0 || n >= sizeof(item)) {
			ub_log(LOG_ERR, "%s:%u: Unknown option '%.*s'", file, lineno, (int)n, p);
			return -EINVAL;
		}
		memcpy(item, p, n);
		item[n] = '\0';
		r = option_item(item, allowed, &seen, file, lineno, o);
		if (r < 0)
			return r;
	}
	/* exec=host means "the host's program file in the helper's context";
	 * in the host context it would say nothing, so it is most likely a
	 * forgotten [container]. */
	if (o->exec_host && o->context == EXEC_HOST) {
		ub_log(LOG_ERR, "%s:%u: exec=host needs container or requester", file, lineno);
		return -EINVAL;
	}
	/* A host rule never looks for a container, so it has no registration
	 * to act on: the option would be silently meaningless. */
	if ((seen.registered || seen.unregistered) && o->context == EXEC_HOST) {
		ub_log(LOG_ERR, "%s:%u: registered=/unregistered= need container or requester", file, lineno);
		return -EINVAL;
	}
	return 0;
}
