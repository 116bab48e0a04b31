/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "answer.h"
#include "sysconf.h"

/*
 * Ask the container's name servers (from its resolv.conf, not the host's)
 * from the network namespace we run in. Returns 0 with the parsed answer
 * (ans->rcode tells NXDOMAIN), -EAGAIN when no server answered.
 */
int dns_query(const struct resolv_conf *rc, const char *name, int qtype, struct dns_answer *ans);
