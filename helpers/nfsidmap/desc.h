/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* id_resolver key descriptions, as the NFS client makes them. */
enum idmap_kind { IDMAP_UID, IDMAP_GID, IDMAP_USER, IDMAP_GROUP };

struct idmap_request {
	enum idmap_kind kind;
	char value[512];      /* name@domain for uid:/gid:, the decimal id for user:/group: */
	unsigned long id;
};

/*
 * "uid:<name>@<domain>", "gid:<group>@<domain>", "user:<uid>",
 * "group:<gid>". The description is the requester's: names may not hold
 * spaces, control characters or ':' ('/' and UTF-8 are fine: a name is only
 * ever a lookup key), ids are decimal 32-bit numbers.
 * -EINVAL otherwise, -EOPNOTSUPP for an unknown prefix.
 */
int idmap_desc_parse(const char *desc, struct idmap_request *rq);
