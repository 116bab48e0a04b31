// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "rootfs.h"
#include "idmapd_conf.h"
#include "engine.h"
#include "mapper.h"

#define CONF_MAX (256 * 1024)
#define DB_MAX (32 * 1024 * 1024)

struct builtin {
	struct idmap_conf conf;
	struct pwdb passwd, group;
	char domain[256];
	struct idmap_ctx ctx;
};

/* A missing file is an empty one (an application container may have none). */
static int read_container_file(const char *path, size_t max, char **out)
{
	int r = rootfs_read(path, max, out);

	if (r == -ENOENT) {
		*out = strdup("");
		return *out ? 0 : -ENOMEM;
	}
	if (r < 0)
		ub_log(LOG_ERR, "cannot read the container's %s: %s", path, strerror(-r));
	return r < 0 ? r : 0;
}

/*
 * libnfsidmap asks DNS for the host name's domain (and a _nfsv4idmapdomain
 * TXT record). Resolving from here would use the host's resolver files, so
 * only the container's own host name (we are in its uts namespace) counts.
 */
static void default_domain(char *out, size_t len)
{
	char host[256] = "";
	const char *dot;

	if (gethostname(host, sizeof(host) - 1) == 0 && (dot = strchr(host, '.')) && dot[1])
		snprintf(out, len, "%s", dot + 1);
	else
		snprintf(out, len, "localdomain");
}

static int builtin_domain(struct mapper *m, char *out, size_t len)
{
	struct builtin *b = m->priv;

	if (strlen(b->domain) >= len)
		return -ERANGE;
	strcpy(out, b->domain);
	return 0;
}

static int builtin_map(struct mapper *m, const struct idmap_request *rq, char *out, size_t len)
{
	struct builtin *b = m->priv;
	int n;

	switch (rq->kind) {
	case IDMAP_UID:
		n = snprintf(out, len, "%u", idmap_owner_to_uid(&b->ctx, rq->value));
		return n > 0 && (size_t)n < len ? 0 : -ENOMEM;
	case IDMAP_GID:
		n = snprintf(out, len, "%u", idmap_group_owner_to_gid(&b->ctx, rq->value));
		return n > 0 && (size_t)n < len ? 0 : -ENOMEM;
	case IDMAP_USER:
		return idmap_uid_to_name(&b->ctx, (uint32_t)rq->id, out, len < IDMAP_NAMESZ ? len : IDMAP_NAMESZ);
	case IDMAP_GROUP:
		return idmap_gid_to_name(&b->ctx, (uint32_t)rq->id, out, len < IDMAP_NAMESZ ? len : IDMAP_NAMESZ);
	}
	return -EINVAL;
}

static void builtin_free(struct mapper *m)
{
	struct builtin *b = m->priv;

	if (!b)
		return;
	idmap_conf_free(&b->conf);
	pwdb_free(&b->passwd);
	pwdb_free(&b->group);
	free(b);
	m->priv = NULL;
}

int mapper_builtin(struct mapper *m, const char *conf_path)
{
	_cleanup_free_ char *conf = NULL, *passwd = NULL, *group = NULL;
	struct builtin *b = calloc(1, sizeof(*b));
	const char *bad;
	int r;

	if (!b)
		return -ENOMEM;
	*m = (struct mapper){ .name = "built-in", .domain = builtin_domain, .map = builtin_map,
			      .free = builtin_free, .priv = b };
	if ((r = read_container_file(conf_path, CONF_MAX, &conf)) < 0 ||
	    (r = read_container_file("/etc/passwd", DB_MAX, &passwd)) < 0 ||
	    (r = read_container_file("/etc/group", DB_MAX, &group)) < 0)
		goto fail;
	if ((r = idmap_conf_parse(conf, &b->conf)) < 0 || (r = pwdb_parse(passwd, &b->passwd)) < 0 ||
	    (r = pwdb_parse(group, &b->group)) < 0) {
		ub_log(LOG_ERR, "cannot parse the container's id mapping files: %s", strerror(-r));
		goto fail;
	}
	if (b->conf.has_include)
		ub_log(LOG_WARNING, "%s: 'include' is not followed for a container", conf_path);
	if (b->conf.ignored_lines)
		ub_log(LOG_INFO, "%s: %u lines ignored", conf_path, b->conf.ignored_lines);
	if ((r = idmap_check_methods(&b->conf, &bad)) < 0) {
		/* Plugins would be the host's code acting on container input. */
		ub_log(LOG_ERR, "%s: Method '%.64s' is not available in exec=host mode "
			      "(built in: nsswitch, static); use the container's own nfsidmap", conf_path, bad);
		goto fail;
	}
	if (b->conf.domain && strlen(b->conf.domain) < sizeof(b->domain))
		strcpy(b->domain, b->conf.domain);
	else
		default_domain(b->domain, sizeof(b->domain));
	b->ctx = (struct idmap_ctx){ .conf = &b->conf, .domain = b->domain, .passwd = &b->passwd, .group = &b->group };
	m->verbosity = b->conf.verbosity;
	return 0;
fail:
	builtin_free(m);
	return r;
}
