/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "idmapd_conf.h"
#include "pwdb.h"

/*
 * The built-in mapping engine used in exec=host mode: libnfsidmap's
 * "nsswitch" and "static" translation methods and its owner/nobody
 * fallbacks (nfs-utils support/nfsidmap/{libnfsidmap,nss,static}.c),
 * re-done over an in-memory copy of the container's idmapd.conf, passwd
 * and group, so that nothing is looked up through the host's NSS, plugins
 * or files. Pure: no I/O.
 */
#define IDMAP_NAMESZ 128          /* nfsidmap's name buffer */
#define IDMAP_NOBODY_FALLBACK 0xfffffffeu   /* libnfsidmap's (uid_t)-2 */

struct idmap_ctx {
	const struct idmap_conf *conf;
	const char *domain;           /* the NFSv4 domain in effect */
	const struct pwdb *passwd;
	const struct pwdb *group;
};

/* -EOPNOTSUPP and *bad set if a configured Method is not built in. */
int idmap_check_methods(const struct idmap_conf *conf, const char **bad);
/* Run the methods in order; -ENOENT moves on to the next one. */
int idmap_name_to_uid(const struct idmap_ctx *c, const char *name, uint32_t *uid);
int idmap_name_to_gid(const struct idmap_ctx *c, const char *name, uint32_t *gid);
int idmap_uid_to_name(const struct idmap_ctx *c, uint32_t uid, char *name, size_t len);
int idmap_gid_to_name(const struct idmap_ctx *c, uint32_t gid, char *name, size_t len);
/* nfs4_owner_to_uid(): a name, else an all-digit id, else nobody. Never fails. */
uint32_t idmap_owner_to_uid(const struct idmap_ctx *c, const char *name);
uint32_t idmap_group_owner_to_gid(const struct idmap_ctx *c, const char *name);
