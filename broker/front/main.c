// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * upcall-broker: the kernel's /sbin/request-key, run each upcall in the
 * container it belongs to. Invoked as request-key it takes keyutils'
 * command line; as upcall-broker it also has subcommands.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "explain.h"
#include "log.h"
#include "register.h"
#include "request.h"
#include "status.h"
#include "umh_front.h"

#ifndef BROKER_VERSION
#define BROKER_VERSION "0.1"
#endif

#ifdef __SANITIZE_ADDRESS__
/*
 * Sanitizer builds (make SANITIZE=1) started by the kernel have no stderr
 * and no environment to configure them: report into a root-only directory
 * that the tests inspect.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "log_path=/run/upcall-broker-sanitizer/asan";
}
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "log_path=/run/upcall-broker-sanitizer/ubsan:print_stacktrace=1";
}
#endif

static void usage(FILE *f)
{
	fprintf(f,
		"usage: request-key [-d] [-D <desc>] [-l] [-n] [-v] <op> <key> <uid> <gid>\n"
		"                   <thread-keyring> <process-keyring> <session-keyring> [<callout>]\n"
		"       upcall-broker explain <pid> [<type> <description> [<callout>]]\n"
		"       upcall-broker status [--log <syslog file>]\n"
		"       upcall-broker register (--pid <pid> | --cgroup <path>) (inside | host | refuse | --remove)\n"
		"       upcall-broker umh [-c <umh.conf>] <helper-name> [<args>...]\n"
		"       <helper-name> [<args>...]   (a link named as in umh.conf)\n"
		"       upcall-broker --version | --help\n"
		"\n"
		"Runs request-key upcalls as keyutils' request-key does, except that a rule may\n"
		"run its helper inside the requester's container: see request-key.conf(5) and\n"
		"upcall-broker(8).\n"
		"\n"
		"  -d         debug: describe the match and the context, exec nothing\n"
		"  -D <desc>  debug with this key description (implies -d)\n"
		"  -l         use ./request-key.d and ./request-key.conf\n"
		"  -n         do not log to syslog\n"
		"  -v         log to stderr too (twice: more)\n");
}

/* The kernel starts us with no fds at all: 0-2 must exist before anything
 * can open a file that would land on them. */
static int sanitize_stdio(void)
{
	int fd;

	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= 2)
		;
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/*
 * Started by a name other than our own (a link the kernel runs as a
 * usermode helper, e.g. nfsd's cltrack_prog): a umh.conf rule for that name
 * makes this the usermode-helper front. 1: handled, *ret is the exit
 * status; 0: no rule, carry on as request-key (a broker installed under
 * another name); a broken or unreadable rule for the name fails here.
 */
static int umh_by_name(const char *self, int argc, char **argv, int *ret)
{
	struct umh_rule rule;
	int r;

	if (!strcmp(self, "request-key") || !strcmp(self, "upcall-broker"))
		return 0;
	r = umh_conf_find(UMH_CONF, self, &rule);
	if (r == -ENOENT)
		return 0;
	broker_log_setup(false, false);
	if (r < 0) {
		ub_log(LOG_ERR, "%s: no usable rule in %s: %s", self, UMH_CONF, strerror(-r));
		*ret = 1;
		return 1;
	}
	*ret = umh_front_run(self, &rule, argc, argv);
	umh_rule_free(&rule);
	return 1;
}

/* upcall-broker umh [-c <conf>] <name> <args...>: the front by hand. */
static int umh_by_hand(int argc, char **argv)
{
	const char *conf = UMH_CONF;
	int i = 2;

	broker_log_setup(true, false);
	if (argc >= 4 && !strcmp(argv[2], "-c")) {
		conf = argv[3];
		i = 4;
	}
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	return umh_front_main(argv[i], argc - i, argv + i, conf);
}

/*
 * --version, --help and the fronts that are not request-key's (chosen by
 * name, then by subcommand): 1 and *ret when one of them took the command
 * line, 0 to carry on as request-key.
 */
static int other_fronts(int argc, char **argv, int *ret)
{
	const char *self;

	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		printf("upcall-broker %s (request-key compatible with keyutils 1.6.3)\n", BROKER_VERSION);
		*ret = 0;
		return 1;
	}
	if (argc >= 2 && !strcmp(argv[1], "--help")) {
		usage(stdout);
		*ret = 0;
		return 1;
	}
	self = argc >= 1 && strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argc >= 1 ? argv[0] : "";
	if (umh_by_name(self, argc, argv, ret))
		return 1;
	if (argc >= 2 && !strcmp(argv[1], "umh")) {
		*ret = umh_by_hand(argc, argv);
		return 1;
	}
	if (argc >= 2 && !strcmp(argv[1], "status")) {
		broker_log_setup(true, false);
		*ret = status_main(argc - 1, argv + 1);
		return 1;
	}
	if (argc >= 2 && !strcmp(argv[1], "register")) {
		broker_log_setup(true, false);
		*ret = register_main(argc - 1, argv + 1);
		return 1;
	}
	if (argc >= 2 && !strcmp(argv[1], "explain")) {
		broker_log_setup(true, false);
		*ret = explain_main(argc - 1, argv + 1);
		return 1;
	}
	return 0;
}

/* keyutils' options, then logging as they ask: 1 and *ret when they end
 * the run (-h, an unknown option). */
static int parse_options(int argc, char **argv, struct request_cmdline *c, int *ret)
{
	bool nolog = false;
	int verbose = 0, opt;

	while ((opt = getopt(argc, argv, "+dD:lnvh")) != -1) {
		switch (opt) {
		case 'd':
			c->debug = true;
			break;
		case 'D':
			c->debug = true;
			c->debug_desc = optarg;
			break;
		case 'l':
			c->local_config = true;
			break;
		case 'n':
			nolog = true;
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			usage(stdout);
			*ret = 0;
			return 1;
		default:
			usage(stderr);
			*ret = 1;
			return 1;
		}
	}
	broker_log_setup(verbose > 0 || c->debug, verbose > 0 || c->debug);
	if (nolog)
		ub_log_no_syslog();
	return 0;
}

/* The kernel's seven arguments, and the callout info when there is one. */
static int parse_positional(int argc, char **argv, struct request_cmdline *c)
{
	if (argc != 7 && argc != 8) {
		ub_log(LOG_ERR, "Unexpected argument count: %d", argc);
		return -EINVAL;
	}
	c->op = argv[0];
	c->key = argv[1];
	c->uid = argv[2];
	c->gid = argv[3];
	c->thread = argv[4];
	c->process = argv[5];
	c->session = argv[6];
	c->callout = argc == 8 ? argv[7] : NULL;
	return 0;
}

int main(int argc, char **argv)
{
	struct request_cmdline c = { 0 };
	int ret;

	if (sanitize_stdio() < 0)
		return 1;
	signal(SIGPIPE, SIG_IGN);
	if (other_fronts(argc, argv, &ret))
		return ret;
	if (parse_options(argc, argv, &c, &ret))
		return ret;
	if (parse_positional(argc - optind, argv + optind, &c) < 0)
		return 1;
	return request_main(&c);
}
