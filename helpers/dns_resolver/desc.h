/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "dns_types.h"

/*
 * Parse a dns_resolver key description ("name", "a:name", "aaaa:name",
 * "afsdb:cell", "srv:name") and its callout ("", "ipv4", "ipv6", "list",
 * "srv=1" or "srvlist", space separated). Both come from whoever made the request:
 * anything that is not a plausible DNS name is -EINVAL (the key is then
 * rejected), unknown query types -EOPNOTSUPP, an address lookup's option
 * word with a comma -EBADRQC (keyutils negates that for 1 s).
 */
int dns_request_parse(const char *desc, const char *callout, struct dns_request *rq);
bool dns_name_valid(const char *name);
