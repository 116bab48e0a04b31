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
#include "key_describe.h"
#include "key_fetch.h"
#include "log.h"
#include "parse.h"
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

/* SRV (and AFSDB) records: the servers, then each server's addresses. */
static void lookup_servers(const struct dns_request *rq, const struct resolver *res, struct outcome *o)
{
	_cleanup_free_ struct dns_server *servers = calloc(DNS_MAX_SERVERS, sizeof(*servers));
	char name[DNS_MAX_NAME + 32];
	uint32_t ttl;
	int n = 0, source, r;

	if (!servers)
		return fail(o, ENOMEM);
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
	if (o->len < 0)
		return fail(o, EMSGSIZE);
}

static void lookup(const struct dns_request *rq, const struct resolver *res, struct outcome *o)
{
	struct dns_addr_list l;
	int r;

	if (rq->kind != DNS_Q_ADDR)
		return lookup_servers(rq, res, o);
	r = resolve_addrs(res, rq->name, rq->families, &l);
	if (r < 0)
		return fail(o, -r);
	o->len = payload_text(&l, 0, rq->one_addr, (char *)o->payload, sizeof(o->payload));
	o->ttl = l.ttl;
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

struct args {
	const char *conf;
	bool debug;
	int verbose;
};

/* 0, 1 when done (version, help), -EINVAL on a usage error. */
static int parse_args(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' }, { "debug", no_argument, NULL, 'D' },
		{ "verbose", no_argument, NULL, 'v' }, { "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	int c;

	*a = (struct args){ .conf = CONF_PATH };
	while ((c = getopt_long(argc, argv, "+c:DvVh", opts, NULL)) != -1) {
		switch (c) {
		case 'c': a->conf = optarg; break;
		case 'D': a->debug = true; break;
		case 'v': a->verbose++; break;
		case 'V': printf("dns_resolver (upcall-broker) 0.1\n"); return 1;
		case 'h': usage(stdout); return 1;
		default: usage(stderr); return -EINVAL;
		}
	}
	if (argc - optind != (a->debug ? 2 : 1)) {
		usage(stderr);
		return -EINVAL;
	}
	return 0;
}

/* The key's description and the callout (the authorisation key's payload). */
struct key_request {
	key_serial_t key;
	struct key_description kd;
	void *callout;
};

static void key_request_free(struct key_request *kr)
{
	free(kr->kd.buf);
	free(kr->callout);
}

/* 0, or the exit code: 2 for a bad serial, 1 when the key could not be used. */
static int read_key_request(const char *serial, struct key_request *kr)
{
	int r;

	if (parse_key_serial(serial, &kr->key) < 0) {
		ub_log(LOG_ERR, "invalid key serial '%.32s'", serial);
		return 2;
	}
	/* Already assumed by request-key or the broker; harmless again. */
	keyctl_assume_authority(kr->key);
	r = key_description_read(kr->key, &kr->kd);
	if (r < 0 && r != -EBADMSG) {
		ub_log(LOG_ERR, "key %d: cannot describe: %s", kr->key, strerror(-r));
		return 1;
	}
	if (r < 0 || strcmp(kr->kd.type, "dns_resolver")) {
		ub_log(LOG_ERR, "key %d: %s", kr->key,
		       r < 0 ? "unexpected description format" : "not a dns_resolver key");
		keyctl_reject(kr->key, 600, EKEYREJECTED, 0);
		return 1;
	}
	r = key_fetch_payload(KEY_SPEC_REQKEY_AUTH_KEY, &kr->callout);
	if (r < 0) {
		ub_log(LOG_ERR, "key %d: cannot read the callout: %s", kr->key, strerror(-r));
		keyctl_reject(kr->key, 60, EKEYREJECTED, 0);
		return 1;
	}
	return 0;
}

/* Resolve under the deadline: a container's resolv.conf may ask for minutes. */
static void resolve_request(const char *desc, const char *callout, const char *conf, key_serial_t key,
			    struct dns_request *rq, struct outcome *o)
{
	struct resolver res;
	int r;

	deadline_key = key;
	signal(SIGALRM, on_deadline);
	alarm(DEADLINE_S);
	r = dns_request_parse(desc, callout, rq);
	if (r == -EBADRQC) {
		/* keyutils' error(): the key negated for 1 s. */
		ub_log(LOG_WARNING, "'%s': callout option with a comma: '%s'", desc, callout);
		fail(o, ENOKEY);
		o->neg_timeout = 1;
	} else if (r < 0) {
		ub_log(LOG_WARNING, "'%s' (callout '%s'): %s", desc, callout,
		       r == -EOPNOTSUPP ? "query type not supported" : "not a valid request");
		fail(o, EKEYREJECTED);
	} else {
		r = resolver_load(&res, conf);
		if (r < 0)
			fail(o, r == -ENOMEM ? ENOMEM : EKEYREJECTED);
		else
			lookup(rq, &res, o);
		resolver_free(&res);
	}
	alarm(0);
}

static int deliver(key_serial_t key, const char *desc, const struct outcome *o)
{
	if (o->err) {
		ub_log(LOG_INFO, "%s: %s", desc, strerror(o->err));
		if (keyctl_reject(key, o->neg_timeout, (unsigned)o->err, 0) < 0) {
			ub_log(LOG_ERR, "key %d: reject: %m", key);
			return 1;
		}
		return 0;
	}
	if (keyctl_set_timeout(key, o->ttl ? o->ttl : 1) < 0 ||
	    keyctl_instantiate(key, o->payload, (size_t)o->len, 0) < 0) {
		ub_log(LOG_ERR, "key %d: instantiate: %m", key);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	_cleanup_(key_request_free) struct key_request kr = { 0 };
	struct dns_request rq;
	struct outcome o = { 0 };
	struct args a;
	int r;

	r = parse_args(argc, argv, &a);
	if (r)
		return r > 0 ? 0 : 2;
	ub_log_setup(argv[0], a.debug || a.verbose, a.verbose);
	if (a.debug) {
		resolve_request(argv[optind], argv[optind + 1], a.conf, 0, &rq, &o);
		return print_outcome(&rq, &o);
	}
	r = read_key_request(argv[optind], &kr);
	if (r)
		return r;
	resolve_request(kr.kd.desc, kr.callout, a.conf, kr.key, &rq, &o);
	return deliver(kr.key, kr.kd.desc, &o);
}
