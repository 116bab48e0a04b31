// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nfsdcltrack: knfsd's client tracking helper (a drop-in for nfs-utils'),
 * run by the broker's usermode-helper front inside the container whose
 * knfsd asked, so the database lives in that container's /var/lib/nfs.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "../../broker/cleanup.h"
#include "../common/hlog.h"
#include "../common/rootfs.h"
#include "cltrack_args.h"
#include "cltrack_db.h"

#define DEFAULT_STORAGEDIR "/var/lib/nfs/nfsdcltrack"
#define END_GRACE_FILE "/proc/fs/nfsd/v4_end_grace"

struct ctx {
	const char *storagedir;
	struct cltrack_db *db;
};

static bool has_session(void)
{
	const char *v = getenv("NFSDCLTRACK_CLIENT_HAS_SESSION");
	return v && v[0] == 'Y';
}

static int64_t grace_start(void)
{
	int64_t t;
	return cltrack_parse_time(getenv("NFSDCLTRACK_GRACE_START"), &t) < 0 ? INT64_MAX : t;
}

/* Tell knfsd it may end its grace period early: every client reclaimed. */
static void maybe_lift_grace(struct ctx *c)
{
	int64_t gs = grace_start();
	int fd;

	if (gs == INT64_MAX || cltrack_db_reclaiming(c->db, gs) != 0)
		return;
	fd = open(END_GRACE_FILE, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (write(fd, "Y", 1) < 0)
		hlog(LOG_WARNING, "cannot write %s: %m", END_GRACE_FILE);
	close(fd);
}

static int blob_arg(const char *hex, unsigned char *blob)
{
	ssize_t n = cltrack_hex_to_blob(hex, blob, NFS4_OPAQUE_LIMIT);

	if (n < 0)
		hlog(LOG_ERR, "bad client id '%.64s': %s", hex, strerror((int)-n));
	return (int)n;
}

static int cmd_init(struct ctx *c, const char *arg)
{
	maybe_lift_grace(c);
	return 0;
}

static int cmd_create(struct ctx *c, const char *arg)
{
	unsigned char blob[NFS4_OPAQUE_LIMIT];
	int n = blob_arg(arg, blob);

	if (n < 0)
		return n;
	if (cltrack_db_insert(c->db, blob, (size_t)n, has_session()) < 0)
		return -EREMOTEIO;
	if (has_session())
		maybe_lift_grace(c);
	return 0;
}

static int cmd_remove(struct ctx *c, const char *arg)
{
	unsigned char blob[NFS4_OPAQUE_LIMIT];
	int n = blob_arg(arg, blob);

	if (n < 0)
		return n;
	return cltrack_db_remove(c->db, blob, (size_t)n) < 0 ? -EREMOTEIO : 0;
}

static int cmd_check(struct ctx *c, const char *arg)
{
	unsigned char blob[NFS4_OPAQUE_LIMIT];
	int n = blob_arg(arg, blob);

	if (n < 0)
		return n;
	/* Legacy recovery directories are not migrated: not present is "no". */
	return cltrack_db_check(c->db, blob, (size_t)n, has_session()) < 0 ? -EPERM : 0;
}

static int cmd_gracedone(struct ctx *c, const char *arg)
{
	int64_t t;

	if (cltrack_parse_time(arg, &t) < 0)
		return -EINVAL;
	return cltrack_db_remove_unreclaimed(c->db, t) < 0 ? -EREMOTEIO : 0;
}

static const struct {
	const char *name;
	bool needs_arg;
	int (*fn)(struct ctx *, const char *);
} commands[] = {
	{ "init", false, cmd_init }, { "create", true, cmd_create }, { "remove", true, cmd_remove },
	{ "check", true, cmd_check }, { "gracedone", true, cmd_gracedone },
};

/* Run as root by the kernel: keep no capability beyond what the files need. */
static int drop_caps(void)
{
	cap_t none;
	int r;

	for (unsigned long i = 0; prctl(PR_CAPBSET_READ, i, 0, 0, 0) >= 0; i++)
		if (prctl(PR_CAPBSET_DROP, i, 0, 0, 0) < 0)
			return -errno;
	none = cap_init();
	if (!none)
		return -errno;
	r = cap_set_proc(none) < 0 ? -errno : 0;
	cap_free(none);
	return r;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: nfsdcltrack [-hfd] [-s <storagedir>] <command> [<arg>]\n"
		   "  init | create <clientid-hex> | remove <clientid-hex> | check <clientid-hex> | gracedone <epoch>\n"
		   "See upcall-nfsdcltrack(8).\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' }, { "debug", no_argument, NULL, 'd' },
		{ "foreground", no_argument, NULL, 'f' }, { "storagedir", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	_cleanup_free_ char *conf = NULL, *conf_dir = NULL;
	struct ctx c = { .storagedir = DEFAULT_STORAGEDIR };
	bool fg = false;
	int verbose = 0, o, rc;

	/* nfs.conf first, so that -s overrides it. */
	if (rootfs_read("/etc/nfs.conf", 256 * 1024, &conf) >= 0 && (conf_dir = cltrack_conf_storagedir(conf)))
		c.storagedir = conf_dir;
	while ((o = getopt_long(argc, argv, "hdfs:", opts, NULL)) != -1) {
		switch (o) {
		case 'h': usage(stdout); return 0;
		case 'd': verbose = 2; break;
		case 'f': fg = true; break;
		case 's': c.storagedir = optarg; break;
		default: usage(stderr); return 1;
		}
	}
	hlog_setup("nfsdcltrack", fg, verbose);
	if (optind >= argc) {
		hlog(LOG_ERR, "missing command");
		return (unsigned char)-EINVAL;
	}
	rc = drop_caps();
	if (rc < 0) {
		hlog(LOG_ERR, "cannot drop capabilities: %s", strerror(-rc));
		return (unsigned char)rc;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[optind], commands[i].name))
			continue;
		if (commands[i].needs_arg && optind + 1 >= argc) {
			hlog(LOG_ERR, "%s needs an argument", commands[i].name);
			return (unsigned char)-EINVAL;
		}
		rc = cltrack_db_open(c.storagedir, &c.db);
		if (rc < 0) {
			/* EACCES makes the kernel stop upcalling until fixed. */
			hlog(LOG_ERR, "cannot open the database in %s: %s", c.storagedir, strerror(-rc));
			return (unsigned char)-EACCES;
		}
		rc = commands[i].fn(&c, commands[i].needs_arg ? argv[optind + 1] : NULL);
		cltrack_db_close(c.db);
		hlog(LOG_DEBUG, "%s: %d", commands[i].name, rc);
		return (unsigned char)rc;
	}
	/* A distinct code lets a newer kernel detect an older helper. */
	hlog(LOG_ERR, "unknown command '%s'", argv[optind]);
	return (unsigned char)-ENOSYS;
}
