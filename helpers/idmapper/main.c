// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nfsidmap: the NFSv4 id_resolver upcall helper, as request-key runs it
 * (nfs-utils' "nfsidmap -t <timeout> %k %d"), mapping with the requesting
 * container's idmapd.conf and user database.
 */
#include <errno.h>
#include <getopt.h>
#include <keyutils.h>
#include <sys/types.h>
#include <nfsidmap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/hlog.h"
#include "container_db.h"
#include "idmap_desc.h"

#define DEFAULT_KEY_TIMEOUT 600
#define IDMAPD_CONF "/etc/idmapd.conf"

static void usage(FILE *f)
{
	fprintf(f, "usage: nfsidmap [-v] [-t <timeout>] <key> <description>\n"
		   "       nfsidmap [-v] -D <description>     print the mapping, instantiate nothing\n"
		   "       nfsidmap -d                         print the NFSv4 domain\n"
		   "Descriptions: uid:<user>@<domain> gid:<group>@<domain> user:<uid> group:<gid>.\n"
		   "See upcall-nfsidmap(8).\n");
}

/* The payload nfs-utils' nfsidmap gives: an id in decimal or an owner name. */
static int map(const struct idmap_request *rq, char *out, size_t size)
{
	uid_t uid;
	gid_t gid;
	int r;

	switch (rq->kind) {
	case IDMAP_UID:
		r = nfs4_owner_to_uid((char *)rq->value, &uid);
		if (r == 0)
			snprintf(out, size, "%u", uid);
		return r;
	case IDMAP_GID:
		r = nfs4_group_owner_to_gid((char *)rq->value, &gid);
		if (r == 0)
			snprintf(out, size, "%u", gid);
		return r;
	case IDMAP_USER:
		return nfs4_uid_to_owner((uid_t)rq->id, NULL, out, size);
	case IDMAP_GROUP:
		return nfs4_gid_to_group_owner((gid_t)rq->id, NULL, out, size);
	}
	return -EINVAL;
}

int main(int argc, char **argv)
{
	const char *debug_desc = NULL, *desc;
	unsigned long timeout = DEFAULT_KEY_TIMEOUT;
	struct idmap_request rq;
	char payload[512];
	key_serial_t key = 0;
	bool print_domain = false;
	int verbose = 0, c, r;
	char *end;

	while ((c = getopt(argc, argv, "t:D:dvhcu:g:r:l")) != -1) {
		switch (c) {
		case 't':
			timeout = strtoul(optarg, &end, 10);
			if (*end || optarg[0] == '-' || timeout > 0x7fffffff) {
				fprintf(stderr, "nfsidmap: bad timeout '%s'\n", optarg);
				return 1;
			}
			break;
		case 'D': debug_desc = optarg; break;
		case 'd': print_domain = true; break;
		case 'v': verbose++; break;
		case 'h': usage(stdout); return 0;
		case 'c': case 'u': case 'g': case 'r': case 'l':
			fprintf(stderr, "nfsidmap: -%c manages the host's id_resolver keyring: use nfs-common's nfsidmap\n", c);
			return 1;
		default: usage(stderr); return 1;
		}
	}
	hlog_setup("nfsidmap", debug_desc || print_domain || verbose, verbose);
	r = container_db_setup(IDMAPD_CONF);
	if (r < 0) {
		hlog(LOG_ERR, "cannot set up id mapping: %s", strerror(-r));
		return 1;
	}
	if (print_domain) {
		char dom[256];
		if (nfs4_get_default_domain(NULL, dom, sizeof(dom)) < 0)
			return 1;
		printf("%s\n", dom);
		return 0;
	}
	if (debug_desc) {
		desc = debug_desc;
	} else {
		if (argc - optind != 2) {
			usage(stderr);
			return 1;
		}
		key = (key_serial_t)strtol(argv[optind], &end, 10);
		if (*end || key <= 0) {
			hlog(LOG_ERR, "invalid key serial '%s'", argv[optind]);
			return 1;
		}
		desc = argv[optind + 1];
		/* request-key or the broker assumed it already; harmless again */
		keyctl_assume_authority(key);
	}
	r = idmap_desc_parse(desc, &rq);
	if (r == 0)
		r = map(&rq, payload, sizeof(payload));
	if (r < 0) {
		hlog(LOG_INFO, "%s: no mapping (%s)", desc, strerror(-r));
		if (debug_desc) {
			printf("error: %s\n", strerror(-r));
			return 1;
		}
		/* Negative for a minute: the name may be added to the database. */
		keyctl_reject(key, 60, r == -EINVAL || r == -EOPNOTSUPP ? EKEYREJECTED : ENOKEY, 0);
		return 0;
	}
	if (debug_desc) {
		printf("%s\n", payload);
		return 0;
	}
	hlog(LOG_INFO, "%s -> %s", desc, payload);
	if (keyctl_instantiate(key, payload, strlen(payload) + 1, 0) < 0 ||
	    (timeout && keyctl_set_timeout(key, (unsigned)timeout) < 0)) {
		hlog(LOG_ERR, "key %d: %m", key);
		return 1;
	}
	return 0;
}
