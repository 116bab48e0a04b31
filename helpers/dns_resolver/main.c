// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dns_resolver: a drop-in for keyutils' key.dns_resolver that resolves the
 * way a program in the requester's container would: its /etc/hosts,
 * resolv.conf and nsswitch.conf, queries sent from its network namespace.
 */
#include <arpa/nameser.h>
#include <errno.h>
#include <getopt.h>
#include <keyutils.h>
#include <linux/dns_resolver.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "hlog.h"
#include "desc.h"
#include "payload.h"
#include "resolve.h"

#define CONF_PATH "/etc/keyutils/key.dns_resolver.conf"
/*
 * The requester sleeps uninterruptibly until we exit, and a container's
 * resolv.conf may ask for 3 servers x 5 attempts x 30 s per query. Give up
 * well before the broker's rule timeout (15 s in our snippet), so the
 * requester sees a short-lived EAGAIN rather than the kernel's 60 s
 * negation of a killed helper.
 */
#define DEADLINE_S 10
#define DEADLINE_NEG_TIMEOUT 1

struct outcome {
	int err;              /* 0, or what the requester should see */
	unsigned neg_timeout;
	unsigned ttl;
	unsigned char payload[DNS_MAX_PAYLOAD];
	int len;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: dns_resolver [-v] [-c <conf>] <key-serial>\n"
		   "       dns_resolver -D [-v] [-c <conf>] <description> <callout>\n"
		   "Instantiate a dns_resolver key as a program in this container would resolve it:\n"
		   "its /etc/hosts, resolv.conf, nsswitch.conf (through UPCALL_ROOT_FD when set),\n"
		   "queries from this network namespace.\n"
		   "  description  name | a:name | aaaa:name | afsdb:cell | srv:name\n"
		   "  callout      space-separated ipv4 ipv6 list srv=1|srvlist; empty: first IPv4\n"
		   "  -D           debug: resolve and print the payload and TTL, touch no key\n"
		   "  -c <conf>    TTL configuration (default " CONF_PATH ")\n"
		   "  -v           more logging (syslog; stderr too with -D)\n"
		   "See dns_resolver(8).\n");
}

/* The key the deadline handler rejects (0 in debug mode): the one piece of
 * mutable global state, because a signal handler cannot be passed it. */
static volatile sig_atomic_t deadline_key;

static void on_deadline(int sig)
{
	static const char msg[] = "error: Resource temporarily unavailable (deadline)\n";

	(void)sig;
	/* Async-signal-safe: raw syscalls only. */
	if (deadline_key)
		syscall(SYS_keyctl, KEYCTL_REJECT, (long)deadline_key, (long)DEADLINE_NEG_TIMEOUT, (long)EAGAIN, 0L);
	else if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

/* Errors the requester sees, and how long the negative result stays. */
static void fail(struct outcome *o, int err)
{
	o->err = err;
	switch (err) {
	case EAGAIN:
		o->neg_timeout = 1;      /* a server did not answer: retry soon */
		break;
	case EKEYREJECTED:
		o->neg_timeout = 600;    /* malformed request: it will not improve */
		break;
	default:
		o->neg_timeout = 60;
	}
}

static void lookup(const struct dns_request *rq, const struct resolver *res, struct outcome *o)
{
	int r;

	if (rq->kind == DNS_Q_ADDR) {
		struct dns_addr_list l;

		r = resolve_addrs(res, rq->name, rq->families, &l);
		if (r < 0)
			return fail(o, -r);
		o->len = payload_text(&l, 0, rq->one_addr, (char *)o->payload, sizeof(o->payload));
		o->ttl = l.ttl;
	} else {
		static struct dns_server servers[DNS_MAX_SERVERS];
		char name[DNS_MAX_NAME + 32];
		uint32_t ttl;
		int n = 0, source;

		if (rq->kind == DNS_Q_AFSDB) {
			/* RFC 5864 SRV records first, AFSDB as the fallback. */
			snprintf(name, sizeof(name), "_afs3-vlserver._udp.%s", rq->name);
			r = resolve_servers(res, name, ns_t_srv, rq->families, servers, &n, &ttl);
			source = DNS_RECORD_FROM_DNS_SRV;
			if (r < 0 && r != -EAGAIN) {
				r = resolve_servers(res, rq->name, ns_t_afsdb, rq->families, servers, &n, &ttl);
				source = DNS_RECORD_FROM_DNS_AFSDB;
			}
		} else {
			r = resolve_servers(res, rq->name, ns_t_srv, rq->families, servers, &n, &ttl);
			source = DNS_RECORD_FROM_DNS_SRV;
		}
		if (r < 0)
			return fail(o, -r);
		if (rq->server_list) {
			o->len = payload_server_list(servers, n, source, o->payload, sizeof(o->payload));
		} else {
			o->payload[0] = '\0';
			o->len = 0;
			for (int i = 0; i < n && o->len >= 0; i++)
				o->len = payload_text_append((char *)o->payload, sizeof(o->payload), &servers[i].addrs,
							     servers[i].port);
			/* Servers exist but none of their names has an address. */
			if (o->len >= 0 && !o->payload[0])
				return fail(o, ENODATA);
		}
		o->ttl = ttl;
	}
	if (o->len < 0)
		return fail(o, EMSGSIZE);
}

static int print_outcome(const struct dns_request *rq, const struct outcome *o)
{
	if (o->err) {
		printf("error: %s (negative for %u s)\n", strerror(o->err), o->neg_timeout);
		fflush(stdout);
		return 1;
	}
	if (rq->server_list) {
		printf("server list v1, %d bytes:", o->len);
		for (int i = 0; i < o->len; i++)
			printf(" %02x", o->payload[i]);
		printf("\n");
	} else {
		printf("%s\n", o->payload);
	}
	printf("ttl: %u\n", o->ttl);
	/* Sanitizer builds may die at exit (LeakSanitizer cannot read /proc
	 * in exec=host mode, where /proc is the host's): show the result first. */
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' }, { "debug", no_argument, NULL, 'D' },
		{ "verbose", no_argument, NULL, 'v' }, { "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	const char *conf = CONF_PATH;
	struct dns_request rq;
	struct resolver res;
	struct outcome o = { 0 };
	_cleanup_free_ char *desc_buf = NULL;
	_cleanup_free_ void *callout_buf = NULL;
	const char *desc, *callout;
	key_serial_t key = 0;
	bool debug = false;
	int verbose = 0, c, r;

	while ((c = getopt_long(argc, argv, "+c:DvVh", opts, NULL)) != -1) {
		switch (c) {
		case 'c': conf = optarg; break;
		case 'D': debug = true; break;
		case 'v': verbose++; break;
		case 'V': printf("dns_resolver (upcall-broker) 0.1\n"); return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	hlog_setup("dns_resolver", debug || verbose, verbose);
	if (debug) {
		if (argc - optind != 2) {
			usage(stderr);
			return 2;
		}
		desc = argv[optind];
		callout = argv[optind + 1];
	} else {
		char *end, *semi;

		if (argc - optind != 1) {
			usage(stderr);
			return 2;
		}
		key = (key_serial_t)strtol(argv[optind], &end, 10);
		if (*end || key <= 0) {
			hlog(LOG_ERR, "invalid key serial '%s'", argv[optind]);
			return 2;
		}
		/* Already assumed by request-key or the broker; harmless again. */
		keyctl_assume_authority(key);
		if (keyctl_describe_alloc(key, &desc_buf) < 0) {
			hlog(LOG_ERR, "key %d: cannot describe: %m", key);
			return 1;
		}
		if (strncmp(desc_buf, "dns_resolver;", 13)) {
			hlog(LOG_ERR, "key %d: not a dns_resolver key", key);
			keyctl_reject(key, 600, EKEYREJECTED, 0);
			return 1;
		}
		/*
		 * "type;uid;gid;perm;description": the description is whatever
		 * follows the fourth ';' and may itself contain ';' (the
		 * requester chose it), so do not search from the end.
		 */
		semi = desc_buf;
		for (int i = 0; i < 4 && semi; i++)
			semi = strchr(semi, ';') ? strchr(semi, ';') + 1 : NULL;
		if (!semi) {
			hlog(LOG_ERR, "key %d: unexpected description format", key);
			keyctl_reject(key, 600, EKEYREJECTED, 0);
			return 1;
		}
		desc = semi;
		if (keyctl_read_alloc(KEY_SPEC_REQKEY_AUTH_KEY, &callout_buf) < 0) {
			hlog(LOG_ERR, "key %d: cannot read the callout: %m", key);
			keyctl_reject(key, 60, EKEYREJECTED, 0);
			return 1;
		}
		callout = callout_buf;
	}

	deadline_key = key;
	signal(SIGALRM, on_deadline);
	alarm(DEADLINE_S);
	r = dns_request_parse(desc, callout, &rq);
	if (r < 0) {
		hlog(LOG_WARNING, "'%s' (callout '%s'): %s", desc, callout,
		     r == -EOPNOTSUPP ? "query type not supported" : "not a valid request");
		fail(&o, EKEYREJECTED);
	} else {
		resolver_load(&res, conf);
		lookup(&rq, &res, &o);
		resolver_free(&res);
	}
	alarm(0);
	if (debug)
		return print_outcome(&rq, &o);
	if (o.err) {
		hlog(LOG_INFO, "%s: %s", desc, strerror(o.err));
		if (keyctl_reject(key, o.neg_timeout, (unsigned)o.err, 0) < 0) {
			hlog(LOG_ERR, "key %d: reject: %m", key);
			return 1;
		}
		return 0;
	}
	if (keyctl_set_timeout(key, o.ttl ? o.ttl : 1) < 0 ||
	    keyctl_instantiate(key, o.payload, (size_t)o.len, 0) < 0) {
		hlog(LOG_ERR, "key %d: instantiate: %m", key);
		return 1;
	}
	return 0;
}
