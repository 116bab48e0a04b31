/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include "answer.h"

#define DNS_MAX_PAYLOAD 4096

/* "addr,addr,..." (+port when @port), NUL-terminated as the kernel wants.
 * Returns the length including the NUL, or -E2BIG. */
int payload_text(const struct dns_addr_list *l, unsigned port, bool one, char *out, size_t size);
/* Append one server's addresses to a text payload being built. */
int payload_text_append(char *out, size_t size, const struct dns_addr_list *l, unsigned port);
/* The binary server list, version 1 (linux/dns_resolver.h). */
int payload_server_list(const struct dns_server *s, int n, int source, unsigned char *out, size_t size);
