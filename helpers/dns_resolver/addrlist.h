/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "dns_types.h"

/* Append an address (4 or 16 bytes by @family) unless already present;
 * silently stops at DNS_MAX_ADDRS, which is more than a payload holds. */
void dns_addr_add(struct dns_addr_list *l, int family, const void *a);
/* Lower *ttl to @v; 0 in *ttl means "no record seen yet". */
void dns_ttl_min(uint32_t *ttl, uint32_t v);
