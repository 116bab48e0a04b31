// SPDX-License-Identifier: GPL-2.0-or-later
#include "decision.h"

static enum decision from_action(enum policy_action a)
{
	switch (a) {
	case POLICY_HOST:
		return DECIDE_HOST;
	case POLICY_REFUSE:
		return DECIDE_REFUSE;
	default:
		return DECIDE_INSIDE;
	}
}

enum decision policy_decide(const struct rule_options *o, enum reg_policy reg)
{
	switch (reg) {
	case REG_INSIDE:
		return o->registered == POLICY_OBEY ? DECIDE_INSIDE : from_action(o->registered);
	case REG_HOST:
		return o->registered == POLICY_OBEY ? DECIDE_HOST : from_action(o->registered);
	case REG_REFUSE:
		return o->registered == POLICY_OBEY ? DECIDE_REFUSE : from_action(o->registered);
	default:
		return from_action(o->unregistered);
	}
}

const char *decision_name(enum decision d)
{
	switch (d) {
	case DECIDE_HOST:
		return "run on the host";
	case DECIDE_REFUSE:
		return "refuse";
	default:
		return "run inside";
	}
}
