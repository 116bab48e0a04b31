/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The registration's value: what a container manager (host root) wrote
 * into the trusted.upcall_broker.policy xattr of a container's cgroup.
 * The grammar is deliberately tiny (doc/registration.md):
 *
 *   value = ( "inside" / "host" / "refuse" ) [ LF ]
 *
 * exactly, lower case, no blanks, no NUL, at most one trailing newline
 * (so "echo refuse >" style tools work). Anything else is MALFORMED, which
 * the decision treats as unregistered (and the broker logs).
 */
#pragma once

#include <stddef.h>

#define REGISTRATION_XATTR "trusted.upcall_broker.policy"
/* Longer than any valid value: a read of this size tells malformed apart. */
#define REGISTRATION_VALUE_MAX 16

enum reg_policy {
	REG_NONE = 0,     /* no cgroup from the init's up to the root carries the xattr */
	REG_INSIDE,
	REG_HOST,
	REG_REFUSE,
	REG_MALFORMED,    /* the nearest xattr holds anything else */
};

/* The value's @len bytes (not NUL-terminated) as a policy; never REG_NONE. */
enum reg_policy reg_value_parse(const char *buf, size_t len);
/* "none", "inside", "host", "refuse", "malformed". */
const char *reg_policy_name(enum reg_policy p);
