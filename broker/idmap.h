/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdint.h>

/* A user namespace's uid_map or gid_map, as read from outside it. */
#define IDMAP_MAX_EXTENTS 340   /* the kernel's limit */
#define IDMAP_OVERFLOW_ID 65534u  /* what an unmapped id shows as */

struct idmap {
	int n;
	struct {
		uint32_t inside, outside, count;
	} e[IDMAP_MAX_EXTENTS];
};

/* Parse "inside outside count" lines. -EINVAL on anything else. */
int idmap_parse(const char *text, struct idmap *map);
/* The identity map of the initial user namespace. */
void idmap_identity(struct idmap *map);
/* Host id -> id inside; IDMAP_OVERFLOW_ID when unmapped. */
uint32_t idmap_to_inside(const struct idmap *map, uint32_t outside);
