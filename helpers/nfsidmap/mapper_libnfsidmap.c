// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <nfsidmap.h>

#include "log.h"
#include "engine.h"
#include "mapper.h"

/* Exported by libnfsidmap (nfs-utils >= 2.3) but missing from its header. */
const char *nfsidmap_config_get(const char *section, const char *tag);

static int lib_domain(struct mapper *m, char *out, size_t len)
{
	return nfs4_get_default_domain(NULL, out, len) ? -EIO : 0;
}

static int lib_map(struct mapper *m, const struct idmap_request *rq, char *out, size_t len)
{
	char domain[NFS4_MAX_DOMAIN_LEN];
	uid_t uid = 0;
	gid_t gid = 0;
	int r;

	switch (rq->kind) {
	case IDMAP_UID:
		/* nfs4_owner_to_uid() falls back to nobody itself */
		r = nfs4_owner_to_uid((char *)rq->value, &uid);
		return r < 0 ? r : snprintf(out, len, "%u", uid) < (int)len ? 0 : -ENOMEM;
	case IDMAP_GID:
		r = nfs4_group_owner_to_gid((char *)rq->value, &gid);
		return r < 0 ? r : snprintf(out, len, "%u", gid) < (int)len ? 0 : -ENOMEM;
	case IDMAP_USER:
	case IDMAP_GROUP:
		if (lib_domain(m, domain, sizeof(domain)) < 0)
			return -EIO;
		if (len > IDMAP_NAMESZ)
			len = IDMAP_NAMESZ;
		r = rq->kind == IDMAP_USER ? nfs4_uid_to_name((uid_t)rq->id, domain, out, len)
					   : nfs4_gid_to_name((gid_t)rq->id, domain, out, len);
		return r > 0 ? -r : r;
	}
	return -EINVAL;
}

static void lib_free(struct mapper *m)
{
	nfs4_term_name_mapping();
}

int mapper_libnfsidmap(struct mapper *m, const char *conf_path)
{
	int r = nfs4_init_name_mapping((char *)conf_path);
	const char *v;

	if (r) {
		ub_log(LOG_ERR, "libnfsidmap: cannot set up name mapping from %s (%d)", conf_path, r);
		return -ENOENT;
	}
	v = nfsidmap_config_get("General", "Verbosity");
	*m = (struct mapper){ .name = "libnfsidmap", .domain = lib_domain, .map = lib_map, .free = lib_free,
			      .verbosity = v ? atoi(v) : 0 };
	return 0;
}
