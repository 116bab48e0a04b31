// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "policy_step.h"

void policy_describe(const struct upcall *u, char *buf, size_t len)
{
	const struct registration *g = &u->reg;

	if (!u->reg_read)
		snprintf(buf, len, "registration: not read");
	else if (u->reg_err)
		snprintf(buf, len, "registration: unreadable (%s)", strerror(-u->reg_err));
	else if (g->policy == REG_NONE)
		snprintf(buf, len, "registration: none (%s %s and its ancestors below the root)",
			 g->init_cgroup[0] ? "no " REGISTRATION_XATTR " on" : "no cgroup v2 hierarchy",
			 g->init_cgroup);
	else
		snprintf(buf, len, "registration: %s%s%s%s on cgroup %s (init in %s)", reg_policy_name(g->policy),
			 g->policy == REG_MALFORMED ? " value \"" : "", g->policy == REG_MALFORMED ? g->raw : "",
			 g->policy == REG_MALFORMED ? "\", taken as unregistered" : "", g->cgroup, g->init_cgroup);
}

int policy_step(struct upcall *u, const struct rule_options *opt, struct rule_options *eff,
		enum decision *d, char *why, size_t why_len)
{
	char desc[sizeof(u->reg.init_cgroup) + sizeof(u->reg.cgroup) + 128];

	*eff = *opt;
	*d = DECIDE_INSIDE;
	why[0] = '\0';
	/* A host rule never leaves the host; a request from the host has no
	 * container; a failed placement is the caller's to report. */
	if (opt->context == EXEC_HOST || !u->placed || u->place_err < 0 ||
	    u->where.ct.kind != CONTAINER_INIT)
		return 0;
	if (!u->reg_read) {
		u->reg_read = true;
		u->reg_err = registration_read(&u->where.ct.init, &u->cgv, &u->reg);
		policy_describe(u, desc, sizeof(desc));
		if (u->reg.policy == REG_MALFORMED)
			ub_log(LOG_WARNING, "container init %d: %s", u->where.ct.init.pid, desc);
		else
			ub_log(LOG_DEBUG, "container init %d: %s", u->where.ct.init.pid, desc);
	}
	if (u->reg_err < 0) {
		snprintf(why, why_len, "cannot read the container's registration (%s): refused",
			 strerror(-u->reg_err));
		return u->reg_err;
	}
	*d = policy_decide(opt, u->reg.policy);
	switch (*d) {
	case DECIDE_REFUSE:
		snprintf(why, why_len, "refused by policy (registration %s%s%s, rule %s=%s)",
			 reg_policy_name(u->reg.policy), u->reg.cgroup[0] ? " on " : "", u->reg.cgroup,
			 u->reg.policy == REG_NONE || u->reg.policy == REG_MALFORMED ? "unregistered" : "registered",
			 policy_action_name(u->reg.policy == REG_NONE || u->reg.policy == REG_MALFORMED ?
					    opt->unregistered : opt->registered));
		return -EACCES;
	case DECIDE_HOST:
		eff->context = EXEC_HOST;
		/* exec=host is "the host's file in the helper's context": on the
		 * host that is just the host context. */
		eff->exec_host = false;
		snprintf(why, why_len, "run on the host by policy (registration %s%s%s)",
			 reg_policy_name(u->reg.policy), u->reg.cgroup[0] ? " on " : "", u->reg.cgroup);
		return 0;
	default:
		return 0;
	}
}
