// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nfsidmap: the NFSv4 id_resolver upcall helper, as request-key runs it
 * (nfs-utils' "nfsidmap -t <timeout> %k %d"), mapping with the requesting
 * container's idmapd.conf and user database. See upcall-nfsidmap(8) and
 * DESIGN.md.
 */
#include <errno.h>
#include <getopt.h>
#include <keyutils.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "log.h"
#include "parse.h"
#include "rootfs.h"
#include "desc.h"
#include "keyring_ops.h"
#include "mapper.h"

#define DEFAULT_KEY_TIMEOUT 600
#define NEGATIVE_TIMEOUT 60     /* the kernel's own for an abandoned key */
#define IDMAPD_CONF "/etc/idmapd.conf"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: nfsidmap [-v] [-t timeout] key description   (run by request-key)\n"
		"       nfsidmap [-v] -c | -l | -d | -u name | -g name | -r name\n"
		"       nfsidmap [-v] [-B] -D description\n"
		"  -t N   key expiry in seconds (default 600, 0: none)\n"
		"  -c     clear the .id_resolver keyring      -l  list it\n"
		"  -u/-g/-r name  invalidate the uid:/gid:/both keys of a name\n"
		"  -d     print the NFSv4 domain              -v  more logging\n"
		"  -D     print the payload for a description, touch no key\n"
		"  -B     use the built-in engine even without UPCALL_ROOT_FD\n"
		"descriptions: uid:<user>@<domain> gid:<group>@<domain> user:<uid> group:<gid>\n"
		"See upcall-nfsidmap(8).\n");
}

/* uid:/gid: payloads carry their NUL, names do not: as nfs-utils' nfsidmap. */
static size_t payload_len(const struct idmap_request *rq, const char *payload)
{
	return strlen(payload) + (rq->kind == IDMAP_UID || rq->kind == IDMAP_GID);
}

static int instantiate(key_serial_t key, const struct idmap_request *rq, const char *payload, unsigned timeout)
{
	size_t len = payload_len(rq, payload);
	long r;

	/*
	 * While the key is under construction our assumed authority lets us
	 * set its expiry (the kernel keeps it through instantiation, which only
	 * overrides an expiry the key type's preparse chose). Afterwards the
	 * authority is gone and only a possessor may: so we also link the key
	 * into our own thread keyring (nfsidmap links the .id_resolver keyring
	 * for the same end) and set it again.
	 */
	bool early = keyctl_set_timeout(key, timeout) == 0;

	r = keyctl_instantiate(key, payload, len, KEY_SPEC_THREAD_KEYRING);
	if (r < 0 && (errno == EDQUOT || errno == ENFILE || errno == ENOMEM) &&
	    (rq->kind == IDMAP_UID || rq->kind == IDMAP_GID)) {
		/* nfsidmap: a full cache is cleared and the key tried again */
		ub_log(LOG_WARNING, "key quota reached (%m): clearing %s", ID_RESOLVER_KEYRING);
		if (keyring_clear_id_resolver() == 0)
			r = keyctl_instantiate(key, payload, len, KEY_SPEC_THREAD_KEYRING);
	}
	if (r < 0) {
		ub_log(LOG_ERR, "cannot instantiate key %d: %m", key);
		return -errno;
	}
	if (keyctl_set_timeout(key, timeout) < 0 && !early)
		ub_log(LOG_WARNING, "cannot set the timeout of key %d: %m", key);
	return 0;
}

struct opts {
	const char *debug_desc, *keystr;
	unsigned keymask, timeout;
	bool display, list, clear, builtin;
	int verbose;
};

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = { { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	int c;

	*o = (struct opts){ .timeout = DEFAULT_KEY_TIMEOUT };
	while ((c = getopt_long(argc, argv, "+hdu:g:r:ct:vlD:B", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->display = true; break;
		case 'l': o->list = true; break;
		case 'c': o->clear = true; break;
		case 'B': o->builtin = true; break;
		case 'v': o->verbose++; break;
		case 'D': o->debug_desc = optarg; break;
		case 'u': o->keystr = optarg; o->keymask = KEYS_UID; break;
		case 'g': o->keystr = optarg; o->keymask = KEYS_GID; break;
		case 'r': o->keystr = optarg; o->keymask = KEYS_UID | KEYS_GID; break;
		case 't':
			if (parse_uint(optarg, INT32_MAX, &o->timeout) < 0) {
				fprintf(stderr, "nfsidmap: bad timeout '%s'\n", optarg);
				return -EINVAL;
			}
			break;
		case 'h': usage(stdout); return 1;
		default: usage(stderr); return -EINVAL;
		}
	}
	return 0;
}

/* The key request-key handed us; 0 if none (-d, -D). -EINVAL: bad arguments. */
static int key_argument(int argc, char **argv, const struct opts *o, key_serial_t *key)
{
	*key = 0;
	if (o->display || o->debug_desc)
		return 0;
	if (argc - optind != 2) {
		ub_log(LOG_ERR, "bad argument count: expected <key> <description> (check request-key.d)");
		usage(stderr);
		return -EINVAL;
	}
	if (parse_key_serial(argv[optind], key) < 0) {
		ub_log(LOG_ERR, "invalid key serial '%.32s'", argv[optind]);
		return -EINVAL;
	}
	/* request-key or the broker assumed it already; harmless again */
	if (keyctl_assume_authority(*key) < 0)
		ub_log(LOG_WARNING, "cannot assume the authority for key %d: %m", *key);
	return 0;
}

/* Pick the engine, read its configuration, then drop every capability. */
static int mapper_setup(struct mapper *m, const struct opts *o)
{
	int root = rootfs_fd(), r;

	/* exec=host with a broken root fd: never fall back to plain paths. */
#ifdef IDMAP_BUILTIN_ONLY
	r = root == -EBADF ? root : mapper_builtin(m, IDMAPD_CONF);
#else
	r = root == -EBADF ? root :
	    o->builtin || root >= 0 ? mapper_builtin(m, IDMAPD_CONF) : mapper_libnfsidmap(m, IDMAPD_CONF);
#endif
	if (r < 0) {
		ub_log(LOG_ERR, "cannot set up id mapping: %s", strerror(-r));
		return r;
	}
	if (!o->verbose && m->verbosity > 0)
		ub_log_set_verbosity(m->verbosity);
	r = caps_drop_all();
	if (r < 0) {
		ub_log(LOG_ERR, "cannot drop capabilities: %s", strerror(-r));
		m->free(m);
	}
	return r;
}

static int print_domain(struct mapper *m)
{
	char dom[256];
	int r = m->domain(m, dom, sizeof(dom));

	if (r == 0)
		printf("%s\n", dom);
	return r;
}

/* Map @desc and answer: print it (-D) or instantiate @key. Exit code. */
static int answer(struct mapper *m, const char *desc, key_serial_t key, const struct opts *o)
{
	struct idmap_request rq;
	char payload[512];
	int r = idmap_desc_parse(desc, &rq);

	if (r < 0) {
		ub_log(LOG_ERR, "bad description '%.80s': %s", desc,
		       r == -EOPNOTSUPP ? "unknown type" : strerror(-r));
		if (key)
			keyctl_reject(key, NEGATIVE_TIMEOUT, EKEYREJECTED, 0);
		return 1;
	}
	r = m->map(m, &rq, payload, sizeof(payload));
	if (r < 0) {
		ub_log(LOG_INFO, "%s: no mapping (%s, %s)", desc, strerror(-r), m->name);
		/* nfsidmap leaves it to the kernel, which negates for 60 s */
		if (key)
			keyctl_negate(key, NEGATIVE_TIMEOUT, 0);
		return 1;
	}
	if (o->debug_desc) {
		printf("%s\n", payload);
		return 0;
	}
	ub_log(LOG_INFO, "%s -> %s (%s, timeout %u)", desc, payload, m->name, o->timeout);
	if (instantiate(key, &rq, payload, o->timeout) < 0) {
		keyctl_negate(key, NEGATIVE_TIMEOUT, 0);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct mapper m = { 0 };
	key_serial_t key;
	struct opts o;
	int r;

	r = parse_opts(argc, argv, &o);
	if (r)
		return r > 0 ? 0 : 1;
	ub_log_setup(argv[0], o.debug_desc || o.display || o.list || o.clear || o.keystr || o.verbose,
		     o.verbose);

	/* Keyring maintenance needs no mapping configuration. */
	if (o.list)
		return keyring_list_id_resolver() < 0;
	if (o.keystr)
		return keyring_invalidate(o.keystr, o.keymask) < 0;
	if (o.clear)
		return keyring_clear_id_resolver() < 0;

	if (key_argument(argc, argv, &o, &key) < 0)
		return 1;
	if (mapper_setup(&m, &o) < 0) {
		if (key)
			keyctl_negate(key, NEGATIVE_TIMEOUT, 0);
		return 1;
	}
	r = o.display ? print_domain(&m) < 0 : answer(&m, o.debug_desc ? o.debug_desc : argv[optind + 1], key, &o);
	m.free(&m);
	return r;
}
