/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdint.h>

/* A user namespace's uid_map or gid_map, as read from outside it. */
#define USERNS_MAP_MAX_EXTENTS 340   /* the kernel's limit */
#define USERNS_MAP_OVERFLOW_ID 65534u  /* what an unmapped id shows as */

struct userns_map {
	int n;
	struct {
		uint32_t inside, outside, count;
	} e[USERNS_MAP_MAX_EXTENTS];
};

/* Parse "inside outside count" lines. -EINVAL on anything else. */
int userns_map_parse(const char *text, struct userns_map *map);
/* The identity map of the initial user namespace. */
void userns_map_identity(struct userns_map *map);
/* Host id -> id inside; USERNS_MAP_OVERFLOW_ID when unmapped. */
uint32_t userns_map_to_inside(const struct userns_map *map, uint32_t outside);
