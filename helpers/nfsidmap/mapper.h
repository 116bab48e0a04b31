/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

#include "desc.h"

/*
 * Where the mapping comes from (see DESIGN.md):
 *  - libnfsidmap, when the helper runs inside the container ([container]
 *    context, or on the host for the host): exactly nfs-utils' behaviour,
 *    the container's own plugins, NSS and files;
 *  - the built-in engine, when the broker runs the host's binary for the
 *    container (exec=host, UPCALL_ROOT_FD): idmapd.conf, passwd and group
 *    are read through openat2(RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS) and
 *    nothing of the host's configuration, NSS or plugins is consulted.
 */
struct mapper {
	const char *name;
	/* The NFSv4 domain in effect. */
	int (*domain)(struct mapper *m, char *out, size_t len);
	/*
	 * The payload nfsidmap would instantiate: the decimal id for uid:/gid:
	 * (never fails: unknown names are nobody), "name@domain" for
	 * user:/group: (-ENOENT if the id has no name).
	 */
	int (*map)(struct mapper *m, const struct idmap_request *rq, char *out, size_t len);
	void (*free)(struct mapper *m);
	void *priv;
	int verbosity;   /* [General] Verbosity of the idmapd.conf in use */
};

int mapper_libnfsidmap(struct mapper *m, const char *conf_path);
/* Files come from rootfs_open(): the container's root with UPCALL_ROOT_FD. */
int mapper_builtin(struct mapper *m, const char *conf_path);
