// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup2.h"
#include "cleanup.h"
#include "config.h"
#include "registry_scan.h"
#include "status.h"
#include "umh_conf.h"

#define STATUS_LOG_LINES 20
/* The tail of a log that is read: enough for the last upcalls, bounded. */
#define STATUS_LOG_TAIL (1024 * 1024)

/* The kernel runs this path (CONFIG_STATIC_USERMODEHELPER aside). */
static const char kernel_path[] = "/sbin/request-key";

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * dpkg-divert, not dpkg's database: its format is dpkg's own business, and
 * a merged-/usr system may divert either path.
 */
static void print_diversion(void)
{
	FILE *p = popen("dpkg-divert --list '*/request-key' 2>/dev/null", "re");
	char line[PATH_MAX * 2 + 64];
	bool any = false;
	int rc;

	if (!p) {
		printf("  dpkg diversion: unknown (%m)\n");
		return;
	}
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		if (strstr(line, " /sbin/request-key ") || strstr(line, " /usr/sbin/request-key ")) {
			printf("  dpkg diversion: %s\n", line);
			any = true;
		}
	}
	rc = pclose(p);
	if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) == 127)
		printf("  dpkg diversion: unknown (no dpkg-divert to ask)\n");
	else if (!any)
		printf("  dpkg diversion: none for %s\n", kernel_path);
}

static void print_request_key(void)
{
	char real[PATH_MAX];

	printf("request-key:\n");
	if (!realpath(kernel_path, real)) {
		printf("  %s: %m: the kernel cannot run any request-key\n", kernel_path);
		return;
	}
	if (same_file(kernel_path, "/proc/self/exe"))
		printf("  %s (%s) is this broker: upcalls go through upcall-broker\n", kernel_path, real);
	else
		printf("  %s (%s) is NOT this broker: upcalls run as that program decides\n", kernel_path, real);
	print_diversion();
}

static void print_rules(void)
{
	struct config cfg;

	printf("request-key rules (/etc/request-key.d/*.conf, then /etc/request-key.conf; best match wins):\n");
	if (config_load(&cfg, "/etc") < 0) {
		printf("  cannot load the configuration\n");
		return;
	}
	if (!cfg.n_rules)
		printf("  none: every request fails (ENOKEY)\n");
	else
		printf("  %-16s %-8s %-20s %-9s %-28s %s\n", "TYPE", "OP", "DESCRIPTION", "CONTEXT",
		       "POLICY (registered/unregistered)", "PROGRAM (FILE:LINE)");
	for (size_t i = 0; i < cfg.n_rules; i++) {
		const struct rule *r = &cfg.rules[i];
		char pol[64];

		if (r->opt.context == EXEC_HOST)
			snprintf(pol, sizeof(pol), "-");
		else
			snprintf(pol, sizeof(pol), "%s/%s", policy_action_name(r->opt.registered),
				 r->opt.unregistered == POLICY_OBEY ? "inside" : policy_action_name(r->opt.unregistered));
		printf("  %-16s %-8s %-20s %-9s %-28s %s%s%s (%s:%u)\n", r->type, r->op, r->desc,
		       exec_context_name(r->opt.context), pol, r->pipe ? "|" : "", r->program,
		       r->opt.exec_host ? " [exec=host]" : "", r->file, r->line);
	}
	config_free(&cfg);
	printf("  usermode helpers: %s %s\n", UMH_CONF,
	       access(UMH_CONF, R_OK) == 0 ? "(see it for the umh rules)" : "absent (no umh rules)");
}

static void print_found(const char *path, enum reg_policy p, const char *raw, void *data)
{
	unsigned *n = data;

	(*n)++;
	if (p == REG_MALFORMED)
		printf("  %-50s malformed \"%s\" (taken as unregistered)\n", path, raw);
	else
		printf("  %-50s %s\n", path, reg_policy_name(p));
}

static void print_registrations(void)
{
	_cleanup_close_ int root = -1;
	struct registry_scan s;
	char mnt[256];
	unsigned n = 0;
	int r;

	root = cgroup2_root_open(mnt, sizeof(mnt));
	if (root < 0) {
		printf("registered containers: no cgroup v2 hierarchy mounted (%s): none can be registered\n",
		       strerror(-root));
		return;
	}
	printf("registered containers (" REGISTRATION_XATTR " on cgroups under %s):\n", mnt);
	if (geteuid() != 0)
		printf("  (not root: the kernel hides trusted.* xattrs, none can be seen)\n");
	r = registry_scan(root, &s, print_found, &n);
	if (r < 0)
		printf("  scan failed: %s\n", strerror(-r));
	if (!n)
		printf("  none\n");
	printf("  (%u cgroups scanned%s)\n", s.dirs,
	       s.truncated ? ", scan stopped at its depth/size bound: the list may be incomplete" : "");
}

/* A line of ours: the tags the broker logs under (lib/log.h). */
static bool ours(const char *line)
{
	static const char *const tags[] = { " request-key[", " upcall-broker[", " nfsdcltrack[" };

	for (size_t i = 0; i < ARRAY_SIZE(tags); i++)
		if (strstr(line, tags[i]))
			return true;
	return false;
}

/* The last STATUS_LOG_LINES of ours in a syslog file; -errno if unreadable. */
static int print_log_tail(const char *file)
{
	_cleanup_fclose_ FILE *f = fopen(file, "re");
	_cleanup_free_ char *line = NULL;
	char *ring[STATUS_LOG_LINES] = { 0 };
	size_t cap = 0, n = 0;
	struct stat st;

	if (!f)
		return -errno;
	if (fstat(fileno(f), &st) == 0 && st.st_size > STATUS_LOG_TAIL) {
		fseeko(f, st.st_size - STATUS_LOG_TAIL, SEEK_SET);
		if (getline(&line, &cap, f) < 0)   /* a partial first line */
			return 0;
	}
	while (getline(&line, &cap, f) > 0) {
		if (!ours(line))
			continue;
		free(ring[n % STATUS_LOG_LINES]);
		ring[n % STATUS_LOG_LINES] = strdup(line);
		n++;
	}
	printf("last upcalls (%s):\n", file);
	if (!n)
		printf("  none logged\n");
	for (size_t i = n > STATUS_LOG_LINES ? n - STATUS_LOG_LINES : 0; i < n; i++) {
		char *l = ring[i % STATUS_LOG_LINES];

		if (l)
			printf("  %s", l);
	}
	for (size_t i = 0; i < STATUS_LOG_LINES; i++)
		free(ring[i]);
	return 0;
}

/*
 * The broker logs only to syslog (lib/log.h): the kernel starts it with
 * no fds, so a log file of its own would be one more thing a failure could
 * not reach. Where syslog keeps it depends on the machine.
 */
static void print_log(const char *file)
{
	static const char *const files[] = { "/var/log/auth.log", "/var/log/secure", "/var/log/syslog",
					     "/var/log/messages" };

	if (file) {
		if (print_log_tail(file) < 0)
			printf("last upcalls: %s: %m\n", file);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		if (print_log_tail(files[i]) == 0)
			return;
	if (access("/run/systemd/journal/socket", F_OK) == 0) {
		printf("last upcalls: in the journal: journalctl -t request-key -t upcall-broker -t nfsdcltrack\n");
		return;
	}
	printf("last upcalls: not kept on this machine: the broker logs to syslog only, and %s\n"
	       "  (run a syslog daemon or journald to keep them; `upcall-broker -v ...` or UB_DEBUG=1 in\n"
	       "  the tests shows them on stderr)\n",
	       access("/dev/log", F_OK) == 0 ? "no log file of a syslog daemon was found"
					     : "nothing listens on /dev/log (no syslog daemon, no journald)");
}

int status_main(int argc, char **argv)
{
	const char *log = NULL;

	if (argc == 3 && !strcmp(argv[1], "--log")) {
		log = argv[2];
	} else if (argc != 1) {
		fprintf(stderr, "usage: upcall-broker status [--log <syslog file>]\n");
		return 2;
	}
	print_request_key();
	print_rules();
	print_registrations();
	print_log(log);
	return 0;
}
