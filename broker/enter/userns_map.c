// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "userns_map.h"

static int parse_u32(const char **s, uint32_t *out)
{
	char *end;
	unsigned long long v;

	while (**s == ' ' || **s == '\t')
		(*s)++;
	if (**s < '0' || **s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(*s, &end, 10);
	if (errno || v > UINT32_MAX)
		return -EINVAL;
	*out = (uint32_t)v;
	*s = end;
	return 0;
}

int userns_map_parse(const char *text, struct userns_map *map)
{
	const char *p = text;

	map->n = 0;
	while (*p) {
		uint32_t in, out, cnt;

		if (map->n == USERNS_MAP_MAX_EXTENTS)
			return -E2BIG;
		if (parse_u32(&p, &in) < 0 || parse_u32(&p, &out) < 0 || parse_u32(&p, &cnt) < 0)
			return -EINVAL;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\n')
			p++;
		else if (*p)
			return -EINVAL;
		if (cnt == 0 || (uint64_t)in + cnt - 1 > UINT32_MAX || (uint64_t)out + cnt - 1 > UINT32_MAX)
			return -EINVAL;
		map->e[map->n].inside = in;
		map->e[map->n].outside = out;
		map->e[map->n].count = cnt;
		map->n++;
	}
	return 0;
}

void userns_map_identity(struct userns_map *map)
{
	map->n = 1;
	map->e[0].inside = 0;
	map->e[0].outside = 0;
	map->e[0].count = UINT32_MAX;
}

uint32_t userns_map_to_inside(const struct userns_map *map, uint32_t outside)
{
	for (int i = 0; i < map->n; i++)
		if (outside >= map->e[i].outside && outside - map->e[i].outside < map->e[i].count)
			return map->e[i].inside + (outside - map->e[i].outside);
	return USERNS_MAP_OVERFLOW_ID;
}
