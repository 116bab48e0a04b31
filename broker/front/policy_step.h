/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The registration step, between placement and the helper's context, for
 * every front: a rule that would run its helper in a container asks what
 * the container manager registered for that container
 * (broker/policy/registration.h) and what the rule says to do with it
 * (policy_decide()).
 */
#pragma once

#include <stddef.h>

#include "decision.h"
#include "upcall.h"

/*
 * @eff gets the options to run with: @opt, or @opt moved to the host
 * context for a "host" decision. Returns 0 to run, -EACCES refused, or
 * -errno when the registration cannot be read (failing closed: an
 * unreadable "refuse" must not turn into a run). @why says which, for the
 * log; *@d gets the decision (DECIDE_INSIDE for rules that stay on the
 * host or for requests from the host).
 */
int policy_step(struct upcall *u, const struct rule_options *opt, struct rule_options *eff,
		enum decision *d, char *why, size_t why_len);
/* "registration: refuse (cgroup /x, init in /x/y)" for logs and explain. */
void policy_describe(const struct upcall *u, char *buf, size_t len);
