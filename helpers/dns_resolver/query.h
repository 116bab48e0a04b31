/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "answer.h"
#include "resolv_conf.h"

/*
 * Ask the container's name servers (from its resolv.conf, not the host's)
 * from the network namespace we run in, for exactly @name (no search list:
 * the caller walks it). Returns 0 with the parsed answer (ans->rcode tells
 * NXDOMAIN; NOERROR with no records is NODATA), -EAGAIN when no server gave
 * an answer, -EBADMSG for an answer that does not parse.
 */
int dns_query(const struct resolv_conf *rc, const char *name, int qtype, struct dns_answer *ans);
