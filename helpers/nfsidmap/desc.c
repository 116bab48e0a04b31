// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "parse.h"

int idmap_desc_parse(const char *desc, struct idmap_request *rq)
{
	static const struct {
		const char *prefix;
		enum idmap_kind kind;
	} kinds[] = {
		{ "uid:", IDMAP_UID }, { "gid:", IDMAP_GID }, { "user:", IDMAP_USER }, { "group:", IDMAP_GROUP },
	};
	const char *v = NULL;

	memset(rq, 0, sizeof(*rq));
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strncmp(desc, kinds[i].prefix, strlen(kinds[i].prefix))) {
			rq->kind = kinds[i].kind;
			v = desc + strlen(kinds[i].prefix);
			break;
		}
	if (!v)
		return -EOPNOTSUPP;
	if (!*v || strlen(v) >= sizeof(rq->value))
		return -EINVAL;
	if (rq->kind == IDMAP_USER || rq->kind == IDMAP_GROUP) {
		uint32_t id;

		if (parse_id(v, strlen(v), &id) < 0)
			return -EINVAL;
		rq->id = id;
	} else {
		/*
		 * Only a lookup key (NSS, [Static], the built-in engine's copies
		 * of passwd and group), never a path: '/' (Kerberos service
		 * principals, svc/host@REALM) and UTF-8 are libnfsidmap's names
		 * too. Spaces and control characters are refused (logs); ':'
		 * because nfsidmap's strtok() would cut the name there.
		 */
		for (const char *p = v; *p; p++)
			if ((unsigned char)*p < 0x21 || *p == 0x7f || *p == ':')
				return -EINVAL;
	}
	snprintf(rq->value, sizeof(rq->value), "%s", v);
	return 0;
}
