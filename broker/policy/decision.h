/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one place where a rule's options and a container's registration
 * meet: where the helper runs, or whether it runs at all.
 */
#pragma once

#include "reg_value.h"
#include "rule_options.h"

enum decision {
	DECIDE_INSIDE,   /* the rule's own context (container or requester) */
	DECIDE_HOST,     /* the host, as keyutils' request-key would */
	DECIDE_REFUSE,   /* not run: the key is negated, the umh fails */
};

/*
 * Registered (inside/host/refuse): the rule's registered= word, "obey"
 * (the default) meaning the registration's own value. Unregistered (none,
 * or malformed: only host root can write the value, so a malformed one is
 * an admin's mistake, never the container's doing): the rule's
 * unregistered= word, "inside" (the default) being today's behaviour.
 */
enum decision policy_decide(const struct rule_options *o, enum reg_policy reg);
const char *decision_name(enum decision d);
