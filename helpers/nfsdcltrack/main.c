// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nfsdcltrack: knfsd's client tracking helper (a drop-in for nfs-utils'),
 * run by the broker's usermode-helper front inside the container whose
 * knfsd asked, so the database lives in that container's /var/lib/nfs.
 * Exit codes are what knfsd acts on: 0, or a negative errno (as a byte).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "caps.h"
#include "log.h"
#include "rootfs.h"
#include "db.h"
#include "hex.h"
#include "nfs_conf.h"
#include "timestamp.h"
#include "storage.h"

#define DEFAULT_STORAGEDIR "/var/lib/nfs/nfsdcltrack"
#define END_GRACE_FILE "/proc/fs/nfsd/v4_end_grace"
#define NFS_CONF "/etc/nfs.conf"

struct ctx {
	const char *storagedir;
	struct cltrack_db *db;
};

static bool has_session(void)
{
	const char *v = getenv("NFSDCLTRACK_CLIENT_HAS_SESSION");
	return v && v[0] == 'Y';
}

/* An unset or unparsable grace start means "do not lift grace early". */
static bool grace_start(int64_t *t)
{
	return cltrack_parse_time(getenv("NFSDCLTRACK_GRACE_START"), t) == 0;
}

/*
 * Tell knfsd it may end its grace period early: every client reclaimed.
 * /proc/fs/nfsd is the nfsd of the net namespace we run in (the
 * container's, in both modes), so this path is not a container file.
 */
static void maybe_lift_grace(struct ctx *c)
{
	int64_t gs;
	int fd;

	if (!grace_start(&gs) || cltrack_db_reclaiming(c->db, gs) != 0)
		return;
	fd = open(END_GRACE_FILE, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT)
			ub_log(LOG_WARNING, "cannot open %s: %m", END_GRACE_FILE);
		return;
	}
	if (write(fd, "Y", 1) < 0)
		ub_log(LOG_WARNING, "cannot write %s: %m", END_GRACE_FILE);
	close(fd);
}

static int blob_arg(const char *hex, unsigned char *blob)
{
	ssize_t n = cltrack_hex_to_blob(hex, blob, NFS4_OPAQUE_LIMIT);

	if (n < 0)
		ub_log(LOG_ERR, "bad client id '%.64s': %s", hex, strerror((int)-n));
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
	bool session = has_session();

	if (n < 0)
		return n;
	if (cltrack_db_insert(c->db, blob, (size_t)n, session, false) < 0)
		return -EREMOTEIO;
	if (session)
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

/*
 * A client known only to the legacy recovery directory (the kernel names
 * it in NFSDCLTRACK_LEGACY_RECDIR): move it into the database and remove
 * the directory, as nfs-utils does.
 */
static int check_legacy(struct ctx *c, const unsigned char *blob, size_t len)
{
	const char *recdir = getenv("NFSDCLTRACK_LEGACY_RECDIR");
	char a[PATH_MAX], b[PATH_MAX];
	bool session = has_session();
	struct stat st;

	if (!recdir || strlen(recdir) >= sizeof(a))
		return -EOPNOTSUPP;
	strcpy(a, recdir);
	strcpy(b, recdir);
	_cleanup_close_ int parent = rootfs_open(dirname(a), O_PATH | O_DIRECTORY);
	const char *base = basename(b);

	if (parent < 0) {
		ub_log(LOG_DEBUG, "legacy recovery dir %s: %s", recdir, strerror(-parent));
		return parent;
	}
	if (fstatat(parent, base, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode)) {
		ub_log(LOG_DEBUG, "no legacy recovery dir %s", recdir);
		return -ENOENT;
	}
	if (cltrack_db_insert(c->db, blob, len, session, session) < 0) {
		ub_log(LOG_ERR, "cannot move legacy client %s into the database", recdir);
		return -EREMOTEIO;
	}
	if (unlinkat(parent, base, AT_REMOVEDIR) < 0) {
		ub_log(LOG_WARNING, "cannot remove legacy recovery dir %s: %m", recdir);
		return -errno;
	}
	return 0;
}

static int cmd_check(struct ctx *c, const char *arg)
{
	unsigned char blob[NFS4_OPAQUE_LIMIT];
	int n = blob_arg(arg, blob), r;

	if (n < 0)
		return n;
	r = cltrack_db_check(c->db, blob, (size_t)n, has_session());
	if (r < 0)
		r = check_legacy(c, blob, (size_t)n);
	return r < 0 ? -EPERM : 0;
}

/* Empty the legacy recovery directory: best effort, as nfs-utils. */
static void legacy_gracedone(void)
{
	const char *top = getenv("NFSDCLTRACK_LEGACY_TOPDIR");
	struct dirent *de;
	int fd;

	if (!top)
		return;
	fd = rootfs_open(top, O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		if (fd != -ENOENT)
			ub_log(LOG_WARNING, "cannot open %s: %s", top, strerror(-fd));
		return;
	}
	_cleanup_closedir_ DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
		    unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR) < 0)
			ub_log(LOG_WARNING, "cannot remove %s/%s: %m", top, de->d_name);
}

static int cmd_gracedone(struct ctx *c, const char *arg)
{
	int64_t t;
	int r = cltrack_parse_time(arg, &t);

	if (r < 0) {
		ub_log(LOG_ERR, "bad grace time '%.32s'", arg);
		return r;
	}
	r = cltrack_db_remove_unreclaimed(c->db, t) < 0 ? -EREMOTEIO : 0;
	legacy_gracedone();
	return r;
}

static const struct command {
	const char *name;
	bool needs_arg;
	int (*fn)(struct ctx *, const char *);
} commands[] = {
	{ "init", false, cmd_init }, { "create", true, cmd_create }, { "remove", true, cmd_remove },
	{ "check", true, cmd_check }, { "gracedone", true, cmd_gracedone },
};

/* Run as root by the kernel: keep no capability, as nfs-utils. */
static void usage(FILE *f)
{
	fprintf(f, "usage: nfsdcltrack [-hfd] [-s storagedir] <command> [<arg>]\n"
		   "  init | create <clientid-hex> | remove <clientid-hex> | check <clientid-hex> |\n"
		   "  gracedone <epoch>\n"
		   "  -f  log to stderr too   -d  debug logging   -s  storage directory\n"
		   "environment: NFSDCLTRACK_CLIENT_HAS_SESSION, NFSDCLTRACK_GRACE_START,\n"
		   "  NFSDCLTRACK_LEGACY_RECDIR, NFSDCLTRACK_LEGACY_TOPDIR\n"
		   "See upcall-nfsdcltrack(8).\n");
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

struct args {
	const char *storagedir;   /* -s, else nfs.conf's, else the default */
	bool fg;
	int verbose;
};

/* 0, 1 after --help, -EINVAL on a usage error. */
static int parse_args(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' }, { "debug", no_argument, NULL, 'd' },
		{ "foreground", no_argument, NULL, 'f' }, { "storagedir", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	int o;

	while ((o = getopt_long(argc, argv, "+hdfs:", opts, NULL)) != -1) {
		switch (o) {
		case 'h': usage(stdout); return 1;
		case 'd': a->verbose = 2; break;
		case 'f': a->fg = true; break;
		case 's': a->storagedir = optarg; break;
		default: usage(stderr); ub_log(LOG_ERR, "bad option"); return -EINVAL;
		}
	}
	return 0;
}

static int run_command(struct ctx *c, const struct command *cmd, const char *arg)
{
	int r = storage_dir(c->storagedir);

	if (r == 0)
		r = cltrack_db_open(c->storagedir, &c->db);
	if (r < 0) {
		/* EACCES makes knfsd stop upcalling until the problem is fixed. */
		ub_log(LOG_ERR, "cannot open the database in %s: %s", c->storagedir, strerror(-r));
		return -EACCES;
	}
	r = cmd->fn(c, arg);
	cltrack_db_close(c->db);
	ub_log(LOG_DEBUG, "%s: %d", cmd->name, r);
	return r;
}

static int run(int argc, char **argv)
{
	_cleanup_free_ char *conf = NULL, *conf_dir = NULL;
	struct args a = { .storagedir = DEFAULT_STORAGEDIR };
	struct ctx c = { 0 };
	const struct command *cmd;
	int r;

	/* The container's nfs.conf first, so that -s overrides it. */
	int conf_r = rootfs_read(NFS_CONF, 256 * 1024, &conf);

	if (conf_r >= 0 && (conf_dir = cltrack_conf_storagedir(conf)))
		a.storagedir = conf_dir;
	r = parse_args(argc, argv, &a);
	if (r)
		return r > 0 ? 0 : r;
	c.storagedir = a.storagedir;
	ub_log_setup(argv[0], a.fg, a.verbose);
	if (conf_r < 0 && conf_r != -ENOENT)
		ub_log(LOG_WARNING, "cannot read %s (%s), storage in %s", NFS_CONF, strerror(-conf_r), c.storagedir);
	if (optind >= argc) {
		ub_log(LOG_ERR, "missing command");
		return -EINVAL;
	}
	r = caps_drop_all();
	if (r < 0) {
		ub_log(LOG_ERR, "cannot drop capabilities: %s", strerror(-r));
		return r;
	}
	cmd = find_command(argv[optind]);
	if (!cmd) {
		/* A distinct code lets a newer kernel detect an older helper. */
		ub_log(LOG_ERR, "unknown command '%.32s'", argv[optind]);
		return -ENOSYS;
	}
	if (cmd->needs_arg && optind + 1 >= argc) {
		ub_log(LOG_ERR, "%s needs an argument", cmd->name);
		return -EINVAL;
	}
	return run_command(&c, cmd, cmd->needs_arg ? argv[optind + 1] : NULL);
}

int main(int argc, char **argv)
{
	return (unsigned char)run(argc, argv);
}
