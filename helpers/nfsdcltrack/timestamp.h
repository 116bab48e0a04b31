/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdint.h>

/*
 * NFSDCLTRACK_GRACE_START and the "gracedone" argument: epoch seconds,
 * read with strtol(.., 0) as nfs-utils does (so "0x..." is accepted),
 * but the whole string must convert and a negative time is refused.
 * 0 or -EINVAL / -ERANGE.
 */
int cltrack_parse_time(const char *s, int64_t *out);
