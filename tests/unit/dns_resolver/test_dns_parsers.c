// SPDX-License-Identifier: GPL-2.0-or-later
/* dns_resolver's parsers: descriptions, hosts, resolv.conf, nsswitch, the TTL conf, answers, payloads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <linux/dns_resolver.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "addrlist.h"
#include "addrsort.h"
#include "gai_conf.h"
#include "ut_capture.h"
#include "answer.h"
#include "desc.h"
#include "dns_conf.h"
#include "hosts.h"
#include "nsswitch.h"
#include "payload.h"
#include "resolv_conf.h"
#include "resolve.h"
#include "line_reader.h"
#include "parse.h"

static void descriptions(void **state)
{
	struct dns_request rq;

	assert_int_equal(dns_request_parse("example.org", "", &rq), 0);
	assert_int_equal(rq.kind, DNS_Q_ADDR);
	assert_int_equal(rq.families, DNS_WANT_V4);     /* legacy: IPv4, one address */
	assert_true(rq.one_addr);
	assert_int_equal(dns_request_parse("a:example.org", "list", &rq), 0);
	assert_int_equal(rq.families, DNS_WANT_V4 | DNS_WANT_V6);
	assert_false(rq.one_addr);
	assert_int_equal(dns_request_parse("aaaa:example.org", "ipv6 list", &rq), 0);
	assert_int_equal(rq.families, DNS_WANT_V6);
	assert_int_equal(dns_request_parse("afsdb:grand.central.org", "srv=1", &rq), 0);
	assert_int_equal(rq.kind, DNS_Q_AFSDB);
	assert_true(rq.server_list);
	assert_int_equal(dns_request_parse("srv:_ldap._tcp.example.org", "ipv4", &rq), 0);
	assert_int_equal(rq.kind, DNS_Q_SRV);
	assert_string_equal(rq.name, "_ldap._tcp.example.org");
	assert_int_equal(dns_request_parse("mx:example.org", "", &rq), -EOPNOTSUPP);
	assert_int_equal(dns_request_parse("", "", &rq), -EINVAL);
	assert_int_equal(dns_request_parse("a:", "", &rq), -EINVAL);
	assert_int_equal(dns_request_parse("exa mple.org", "", &rq), -EINVAL);
	assert_int_equal(dns_request_parse("$(reboot)", "", &rq), -EINVAL);
	assert_int_equal(dns_request_parse("a..b", "", &rq), -EINVAL);
	assert_int_equal(dns_request_parse(".a", "", &rq), -EINVAL);
	/* keyutils: a comma in an address lookup's option fails it (negated 1 s) */
	assert_int_equal(dns_request_parse("example.org", "ipv4,list", &rq), -EBADRQC);
	assert_int_equal(dns_request_parse("example.org", "ipv4 ipv6", &rq), 0);   /* the last wins */
	assert_int_equal(rq.families, DNS_WANT_V6);
	assert_int_equal(dns_request_parse("example.org", "list=1", &rq), 0);      /* "=value" cut off */
	assert_false(rq.one_addr);
	/* AFS cells: both families, every address, unless exactly ipv4/ipv6 */
	assert_int_equal(dns_request_parse("afsdb:cell.test", "", &rq), 0);
	assert_int_equal(rq.families, DNS_WANT_V4 | DNS_WANT_V6);
	assert_false(rq.one_addr);
	assert_int_equal(dns_request_parse("afsdb:cell.test", "ipv6", &rq), 0);
	assert_int_equal(rq.families, DNS_WANT_V6);
	assert_int_equal(dns_request_parse("afsdb:cell.test", "ipv4 list", &rq), 0);
	assert_int_equal(rq.families, DNS_WANT_V4 | DNS_WANT_V6);
	assert_int_equal(dns_request_parse("afsdb:cell.test", "ipv4,list", &rq), 0);
	assert_int_equal(rq.families, DNS_WANT_V4 | DNS_WANT_V6);
	char longname[300];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[299] = '\0';
	assert_int_equal(dns_request_parse(longname, "", &rq), -EINVAL);
	memset(longname, 'a', 64);
	strcpy(longname + 64, ".org");
	assert_int_equal(dns_request_parse(longname, "", &rq), -EINVAL);   /* label > 63 */
	assert_true(dns_name_valid("example.org."));
	assert_int_equal(dns_request_parse("afsdb:cell.test", "srvlist ipv4", &rq), 0);
	assert_true(rq.server_list);
	assert_int_equal(rq.families, DNS_WANT_V4);
	assert_int_equal(dns_request_parse("example.org", "unknown-option", &rq), 0);   /* ignored, as keyutils */
	assert_int_equal(dns_request_parse("a:b:c", "", &rq), -EINVAL);
	assert_int_equal(dns_request_parse("x;y", "", &rq), -EINVAL);
	assert_int_equal(dns_request_parse("a\nb", "", &rq), -EINVAL);
	assert_int_equal(dns_request_parse("srv:", "", &rq), -EINVAL);
}

static void hosts_file(void **state)
{
	const char *hosts = "127.0.0.1 localhost\n# 10.0.0.1 commented\n10.0.0.2 db.test db # trailing\n"
			    "fd00::2 db.test\nbogus line\n10.0.0.3\tDB.TEST\n";
	struct dns_addr_list l = { 0 };

	assert_int_equal(hosts_lookup(hosts, "db.test", DNS_WANT_V4 | DNS_WANT_V6, &l), 3);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.a[0].family, AF_INET);
	assert_int_equal(l.a[1].family, AF_INET6);
	memset(&l, 0, sizeof(l));
	hosts_lookup(hosts, "db", DNS_WANT_V6, &l);
	assert_int_equal(l.n, 0);
	hosts_lookup(hosts, "commented", DNS_WANT_V4, &l);
	assert_int_equal(l.n, 0);
	hosts_lookup(NULL, "x", DNS_WANT_V4, &l);
	assert_int_equal(l.n, 0);
	/* a trailing dot on either side is the same name */
	assert_int_equal(hosts_lookup("10.1.1.1 abs.test.\n", "abs.test", DNS_WANT_V4, &l), 1);
	assert_int_equal(hosts_lookup("10.1.1.2 rel.test\n", "rel.test.", DNS_WANT_V4, &l), 1);
	/* no partial matches, no empty names */
	memset(&l, 0, sizeof(l));
	assert_int_equal(hosts_lookup("10.1.1.3 db.test.evil\n10.1.1.4 xdb.test\n", "db.test", DNS_WANT_V4, &l), 0);
	assert_int_equal(hosts_lookup("10.1.1.5 .\n", ".", DNS_WANT_V4, &l), 0);
	/* a long line is read whole, as glibc does: its tail is not a new line,
	 * and every name on it is the first address's */
	char *big = malloc(10000);
	memset(big, ' ', 10000);
	memcpy(big, "10.0.0.9 x", 10);
	memcpy(big + 5000, "10.6.6.6 db.test", 16);
	strcpy(big + 9990, "\n");
	memset(&l, 0, sizeof(l));
	assert_int_equal(hosts_lookup(big, "db.test", DNS_WANT_V4, &l), 1);
	assert_memory_equal(l.a[0].a, "\x0a\x00\x00\x09", 4);
	free(big);
}

/* As getaddrinfo: a numeric IPv4 address answers itself, before any service. */
static void ipv4_literals(void **state)
{
	struct resolver res;
	struct dns_addr_list l;

	(void)state;
	memset(&res, 0, sizeof(res));   /* no NSS service at all: only a literal answers */
	res.default_ttl = 7;
	assert_int_equal(resolve_addrs(&res, "127.1", DNS_WANT_V4, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.a[0].family, AF_INET);
	assert_memory_equal(l.a[0].a, "\x7f\x00\x00\x01", 4);
	assert_int_equal(l.ttl, 7);
	assert_int_equal(resolve_addrs(&res, "010.1.2.3", DNS_WANT_V4 | DNS_WANT_V6, &l), 0);
	assert_memory_equal(l.a[0].a, "\x08\x01\x02\x03", 4);
	assert_int_equal(resolve_addrs(&res, "0x7f.1", DNS_WANT_V4, &l), 0);
	assert_memory_equal(l.a[0].a, "\x7f\x00\x00\x01", 4);
	/* names, not addresses: the services decide (here: none) */
	assert_int_equal(resolve_addrs(&res, "10.1.2.3.", DNS_WANT_V4, &l), -ENOKEY);
	assert_int_equal(resolve_addrs(&res, "1.2.3.4 x", DNS_WANT_V4, &l), -ENOKEY);
	assert_int_equal(resolve_addrs(&res, "1.2.3.4\n", DNS_WANT_V4, &l), -ENOKEY);
	assert_int_equal(resolve_addrs(&res, "abc", DNS_WANT_V4, &l), -ENOKEY);
	assert_int_equal(resolve_addrs(&res, "", DNS_WANT_V4, &l), -ENOKEY);
	/* an IPv6-only request: getaddrinfo(AF_INET6) asks the services */
	assert_int_equal(resolve_addrs(&res, "10.1.2.3", DNS_WANT_V6, &l), -ENOKEY);
	assert_int_equal(l.n, 0);
}

static void text_lines(void **state)
{
	_cleanup_line_reader_ struct line_reader lr;
	char *l, big[9000];

	assert_int_equal(line_reader_open(&lr, "abc # c\nline;x\n\nlast", 0), 0);
	assert_string_equal(line_cut_comment(line_reader_next(&lr), "#"), "abc ");
	assert_true(lr.terminated);
	assert_string_equal(line_cut_comment(line_reader_next(&lr), "#;"), "line");
	assert_string_equal(line_reader_next(&lr), "");
	assert_string_equal(line_reader_next(&lr), "last");
	assert_false(lr.terminated);
	assert_int_equal(lr.lineno, 4);
	assert_null(line_reader_next(&lr));
	line_reader_done(&lr);

	/* backslash-newline joins only when asked (conffile), never across a blank line */
	assert_int_equal(line_reader_open(&lr, "a\\\nb\n\\\n\nc\n", LINE_JOIN_BACKSLASH), 0);
	assert_string_equal(line_reader_next(&lr), "a  b");
	assert_string_equal(line_reader_next(&lr), "  ");
	assert_string_equal(line_reader_next(&lr), "c");
	assert_null(line_reader_next(&lr));
	line_reader_done(&lr);

	/* no line is ever cut: a long one comes back whole */
	memset(big, 'x', sizeof(big) - 2);
	big[sizeof(big) - 2] = '\n';
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(line_reader_open(&lr, big, 0), 0);
	l = line_reader_next(&lr);
	assert_int_equal(strlen(l), sizeof(big) - 2);
	assert_null(line_reader_next(&lr));
	line_reader_done(&lr);
	assert_int_equal(line_reader_open(&lr, NULL, 0), 0);
	assert_null(line_reader_next(&lr));
}

/* main.c reads its key serial with parse_key_serial(): no narrowing of 2^32 + 1 to key 1. */
static void key_serials(void **state)
{
	key_serial_t k = 0;

	assert_int_equal(parse_key_serial("4294967297", &k), -EINVAL);
	assert_int_equal(parse_key_serial("2147483648", &k), -EINVAL);
	assert_int_equal(parse_key_serial("-1", &k), -EINVAL);
	assert_int_equal(parse_key_serial(" 5", &k), -EINVAL);
	assert_int_equal(k, 0);
	assert_int_equal(parse_key_serial("2147483647", &k), 0);
	assert_int_equal(k, 2147483647);
}

static void resolv_conf(void **state)
{
	struct resolv_conf rc;

	struct in6_addr a6;

	resolv_conf_parse("# c\nnameserver 10.0.0.53\nnameserver fe80::1%eth0\nnameserver fd00::53\n"
			  "nameserver 10.0.0.54 ; x\nnameserver 1.1.1.1\nsearch a.test b.test\n"
			  "options ndots:2 timeout:99 attempts:0 rotate edns0 bogus:3\n", &rc);
	assert_int_equal(rc.n_ns, 3);     /* link-local with scope skipped, at most 3 */
	assert_int_equal(rc.ns[0].sa.sa_family, AF_INET);
	assert_int_equal(rc.ns[0].sin.sin_addr.s_addr, inet_addr("10.0.0.53"));
	assert_int_equal(ntohs(rc.ns[0].sin.sin_port), 53);
	assert_int_equal(rc.ns[1].sa.sa_family, AF_INET6);
	inet_pton(AF_INET6, "fd00::53", &a6);
	assert_memory_equal(&rc.ns[1].sin6.sin6_addr, &a6, 16);
	assert_int_equal(ntohs(rc.ns[1].sin6.sin6_port), 53);
	assert_int_equal(rc.ns[2].sin.sin_addr.s_addr, inet_addr("10.0.0.54"));
	assert_true(rc.rotate);
	assert_true(rc.edns0);
	assert_false(rc.use_vc);
	assert_int_equal(rc.n_search, 2);
	assert_string_equal(rc.search[1], "b.test");
	assert_int_equal(rc.ndots, 2);
	assert_int_equal(rc.timeout, 30);
	assert_int_equal(rc.attempts, 1);
	resolv_conf_parse("", &rc);
	assert_int_equal(rc.n_ns, 1);
	assert_int_equal(rc.ns[0].sin.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	resolv_conf_parse(NULL, &rc);
	assert_int_equal(rc.n_ns, 1);
	assert_int_equal(rc.ndots, 1);
	/* last search/domain line wins; huge numbers clamp; ';' comments */
	resolv_conf_parse("search a.test\ndomain d.test\noptions ndots:99999999999999999999 timeout:x\n"
			  ";nameserver 10.9.9.9\n", &rc);
	assert_int_equal(rc.n_search, 1);
	assert_string_equal(rc.search[0], "d.test");
	assert_int_equal(rc.ndots, 15);
	assert_int_equal(rc.timeout, 5);
	assert_int_equal(rc.ns[0].sin.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	resolv_conf_parse("options ndots:-3 use-vc\n", &rc);
	assert_int_equal(rc.ndots, 1);     /* not a number: ignored, as glibc */
	assert_true(rc.use_vc);
}

static void nsswitch(void **state)
{
	struct nss_hosts h;

	nsswitch_hosts_parse("passwd: files\nhosts: files mdns4_minimal [NOTFOUND=return] dns myhostname\n", &h);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.s[0].source, NSS_FILES);
	assert_int_equal(h.s[1].source, NSS_DNS);
	/* mdns4_minimal's action is not files' */
	assert_int_equal(h.s[0].stop, 1u << NSS_SUCCESS);
	nsswitch_hosts_parse("hosts: files [NOTFOUND=return] dns\n", &h);
	assert_int_equal(h.n, 2);
	assert_true(h.s[0].stop & (1u << NSS_NOTFOUND));
	assert_false(h.s[0].stop & (1u << NSS_UNAVAIL));
	nsswitch_hosts_parse("hosts  :\tdns [!UNAVAIL=return] files\n", &h);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.s[0].source, NSS_DNS);
	assert_true(h.s[0].stop & (1u << NSS_NOTFOUND));
	assert_false(h.s[0].stop & (1u << NSS_UNAVAIL));
	nsswitch_hosts_parse("hosts: files [SUCCESS=continue] dns\n", &h);
	assert_int_equal(h.s[0].stop, 0);
	nsswitch_hosts_parse("# hosts: files\nhostsx: files\nhosts: dns\nhosts: files\n", &h);
	assert_int_equal(h.n, 1);          /* the first hosts: line counts */
	assert_int_equal(h.s[0].source, NSS_DNS);
	nsswitch_hosts_parse("hosts: files [NOTFOUND=return dns\n", &h);
	assert_int_equal(h.n, 1);          /* unterminated action: the rest is dropped */
	nsswitch_hosts_parse("hosts: [NOTFOUND=return] dns dns dns dns dns dns dns dns dns dns\n", &h);
	assert_int_equal(h.n, NSS_MAX_SOURCES);
	assert_int_equal(h.s[0].stop, 1u << NSS_SUCCESS);
	nsswitch_hosts_parse("hosts:\n", &h);
	assert_int_equal(h.n, 0);
	nsswitch_hosts_parse(NULL, &h);    /* glibc's default: dns [!UNAVAIL=return] files */
	assert_int_equal(h.n, 2);
	assert_int_equal(h.s[0].source, NSS_DNS);
	assert_true(h.s[0].stop & (1u << NSS_NOTFOUND));
	assert_int_equal(h.s[1].source, NSS_FILES);
}

static void conf(void **state)
{
	unsigned ttl = 5;

	assert_int_equal(dns_conf_parse("# x\ndefault_ttl = 30\n", &ttl), 0);
	assert_int_equal(ttl, 30);
	assert_int_equal(dns_conf_parse("default_ttl=0\n", &ttl), -EINVAL);
	assert_int_equal(dns_conf_parse("default_ttl = -1\n", &ttl), -EINVAL);
	assert_int_equal(dns_conf_parse("default_ttl = x\n", &ttl), -EINVAL);
	assert_int_equal(dns_conf_parse("default_ttl\n", &ttl), -EINVAL);
	assert_int_equal(dns_conf_parse("default_ttl = 99999999999999999999999\n", &ttl), -EINVAL);
	assert_int_equal(dns_conf_parse("default_ttl = 2147483648\n", &ttl), -EINVAL);
	assert_int_equal(dns_conf_parse("other = 3\n\n   \n", &ttl), 0);
	assert_int_equal(ttl, 30);
	assert_int_equal(dns_conf_parse(NULL, &ttl), 0);
}

/* A response: header, question db.test A, answers as given. */
static int build_response(unsigned char *buf, int rcode, const unsigned char *answers, int n_ans, int alen)
{
	static const unsigned char q[] = { 2, 'd', 'b', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1 };
	unsigned char hdr[12] = { 0x12, 0x34, 0x81, (unsigned char)(0x80 | rcode), 0, 1, 0, (unsigned char)n_ans, 0, 0, 0, 0 };

	memcpy(buf, hdr, 12);
	memcpy(buf + 12, q, sizeof(q));
	if (alen)
		memcpy(buf + 12 + sizeof(q), answers, (size_t)alen);
	return 12 + (int)sizeof(q) + alen;
}

static void answers(void **state)
{
	unsigned char buf[512];
	struct dns_answer ans;
	/* two A records via a compression pointer to the question (0xc00c) */
	const unsigned char a2[] = {
		0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 120, 0, 4, 10, 0, 0, 1,
		0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 2,
	};
	int len = build_response(buf, 0, a2, 2, sizeof(a2));

	assert_int_equal(dns_answer_parse(buf, len, ns_t_a, &ans), 0);
	assert_int_equal(ans.addrs.n, 2);
	assert_int_equal(ans.addrs.ttl, 60);
	/* truncated and lying lengths are errors, not reads past the end */
	assert_int_equal(dns_answer_parse(buf, len - 3, ns_t_a, &ans), -EBADMSG);
	const unsigned char bad[] = { 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 120, 0, 5, 10, 0, 0, 1, 9 };
	len = build_response(buf, 0, bad, 1, sizeof(bad));
	assert_int_equal(dns_answer_parse(buf, len, ns_t_a, &ans), -EBADMSG);
	/* a compression loop */
	const unsigned char loop[] = { 0xc0, 0x0c, 0, 33, 0, 1, 0, 0, 0, 5, 0, 8, 0, 1, 0, 2, 0x1b, 0x5b, 0xc0, 0x2b };   /* the target points at itself */
	len = build_response(buf, 0, loop, 1, sizeof(loop));
	assert_int_equal(dns_answer_parse(buf, len, ns_t_srv, &ans), -EBADMSG);
	/* a CNAME (ttl 30) before the A (ttl 120): the answer lives 30 s */
	const unsigned char cn[] = {
		0xc0, 0x0c, 0, 5, 0, 1, 0, 0, 0, 30, 0, 4, 1, 'x', 0xc0, 0x0c,
		0xc0, 0x1d, 0, 1, 0, 1, 0, 0, 0, 120, 0, 4, 10, 0, 0, 7,
	};
	len = build_response(buf, 0, cn, 2, sizeof(cn));
	assert_int_equal(dns_answer_parse(buf, len, ns_t_a, &ans), 0);
	assert_int_equal(ans.addrs.n, 1);
	assert_int_equal(ans.addrs.ttl, 30);
	/* SRV with target "." (RFC 2782: no service) is skipped; TTL 0 becomes 1 */
	const unsigned char srv[] = {
		0xc0, 0x0c, 0, 33, 0, 1, 0, 0, 0, 0, 0, 7, 0, 1, 0, 2, 0x1b, 0x5b, 0,
		0xc0, 0x0c, 0, 33, 0, 1, 0, 0, 0, 0, 0, 8, 0, 1, 0, 2, 0x1b, 0x5b, 0xc0, 0x0c,
	};
	len = build_response(buf, 0, srv, 2, sizeof(srv));
	assert_int_equal(dns_answer_parse(buf, len, ns_t_srv, &ans), 0);
	assert_int_equal(ans.n_servers, 1);
	assert_string_equal(ans.servers[0].name, "db.test");
	assert_int_equal(ans.servers[0].port, 7003);
	assert_int_equal(ans.servers[0].ttl, 1);
	/* AFSDB subtype 2 (DCE) is not an AFS VL server */
	const unsigned char afsdb[] = { 0xc0, 0x0c, 0, 18, 0, 1, 0, 0, 0, 9, 0, 4, 0, 2, 0xc0, 0x0c };
	len = build_response(buf, 0, afsdb, 1, sizeof(afsdb));
	assert_int_equal(dns_answer_parse(buf, len, ns_t_afsdb, &ans), 0);
	assert_int_equal(ans.n_servers, 0);
	/* a class other than IN is ignored */
	const unsigned char chaos[] = { 0xc0, 0x0c, 0, 1, 0, 3, 0, 0, 0, 9, 0, 4, 1, 2, 3, 4 };
	len = build_response(buf, 0, chaos, 1, sizeof(chaos));
	assert_int_equal(dns_answer_parse(buf, len, ns_t_a, &ans), 0);
	assert_int_equal(ans.addrs.n, 0);
	len = build_response(buf, 3, NULL, 0, 0);
	assert_int_equal(dns_answer_parse(buf, len, ns_t_a, &ans), 0);
	assert_int_equal(ans.rcode, ns_r_nxdomain);
	assert_int_equal(dns_answer_parse(buf, 5, ns_t_a, &ans), -EBADMSG);
}

static void payloads(void **state)
{
	struct dns_addr_list l = { 0 };
	char text[64];
	uint8_t a[16];

	inet_pton(AF_INET, "10.0.0.1", a);
	dns_addr_add(&l, AF_INET, a);
	dns_addr_add(&l, AF_INET, a);          /* duplicate dropped */
	inet_pton(AF_INET6, "fd00::1", a);
	dns_addr_add(&l, AF_INET6, a);
	assert_int_equal(l.n, 2);
	assert_int_equal(payload_text(&l, 0, false, text, sizeof(text)), (int)strlen("10.0.0.1,fd00::1") + 1);
	assert_string_equal(text, "10.0.0.1,fd00::1");
	assert_int_equal(payload_text(&l, 0, true, text, sizeof(text)), 9);
	assert_string_equal(text, "10.0.0.1");
	payload_text(&l, 7003, false, text, sizeof(text));
	assert_string_equal(text, "10.0.0.1+7003,fd00::1+7003");
	assert_int_equal(payload_text(&l, 0, false, text, 10), -E2BIG);

	struct dns_server s = { .prio = 1, .weight = 2, .port = 7003, .name = "vl" };
	unsigned char bin[128];
	s.addrs = l;
	int n = payload_server_list(&s, 1, DNS_RECORD_FROM_DNS_SRV, bin, sizeof(bin));
	assert_int_equal(n, 6 + 12 + 2 + (1 + 4) + (1 + 16));
	assert_int_equal(bin[0], 0);
	assert_int_equal(bin[2], 1);                   /* version */
	assert_int_equal(bin[5], 1);                   /* servers */
	assert_int_equal(bin[6] | bin[7] << 8, 2);     /* name length, little-endian */
	assert_int_equal(bin[12] | bin[13] << 8, 7003);
	assert_int_equal(bin[17], 2);                  /* addresses */
	assert_memory_equal(bin + 18, "vl", 2);
	assert_int_equal(bin[20], DNS_ADDRESS_IS_IPV4);
	assert_int_equal(payload_server_list(&s, 1, 4, bin, 20), -E2BIG);
}

static void ttl_min(void **state)
{
	uint32_t t = 0;

	dns_ttl_min(&t, 300);
	assert_int_equal(t, 300);
	dns_ttl_min(&t, 600);
	assert_int_equal(t, 300);
	dns_ttl_min(&t, 0);            /* "do not cache" is 1 s, never "forever" */
	assert_int_equal(t, 1);
}

static void add_addr(struct dns_addr_list *l, const char *text)
{
	uint8_t a[16];
	int fam = strchr(text, ':') ? AF_INET6 : AF_INET;

	assert_int_equal(inet_pton(fam, text, a), 1);
	dns_addr_add(l, fam, a);
}

static void addr_text(const struct dns_addr_list *l, int i, char *out)
{
	inet_ntop(l->a[i].family, l->a[i].a, out, INET6_ADDRSTRLEN);
}

/* @srcs: one source address per destination ("" = no route) */
static void sort_case(const char *gai, const char *const *dst, const char *const *srcs, int n, const char *const *want)
{
	struct dns_addr_list l = { 0 };
	struct dns_addr_src src[DNS_MAX_ADDRS];
	struct gai_policy p;
	char buf[INET6_ADDRSTRLEN];

	gai_conf_parse(gai, &p);
	for (int i = 0; i < n; i++) {
		add_addr(&l, dst[i]);
		memset(&src[i], 0, sizeof(src[i]));
		if (srcs[i][0]) {
			src[i].got = true;
			src[i].family = strchr(srcs[i], ':') ? AF_INET6 : AF_INET;
			inet_pton(src[i].family, srcs[i], src[i].a);
			src[i].prefixlen = src[i].family == AF_INET ? 8 : 128;
		}
	}
	dns_addr_sort(&l, src, &p);
	for (int i = 0; i < n; i++) {
		addr_text(&l, i, buf);
		assert_string_equal(buf, want[i]);
	}
}

static void address_order(void **state)
{
	/* localhost: ::1 (precedence 50) before 127.0.0.1 (10) */
	sort_case(NULL, (const char *[]){ "127.0.0.1", "::1" }, (const char *[]){ "127.0.0.1", "::1" }, 2,
		  (const char *[]){ "::1", "127.0.0.1" });
	/* no route for either: ULA (40) before IPv4 (10), RFC 3484 as glibc */
	sort_case(NULL, (const char *[]){ "10.0.1.10", "fd00::120" }, (const char *[]){ "", "" }, 2,
		  (const char *[]){ "fd00::120", "10.0.1.10" });
	/* a reachable destination beats an unreachable one (rule 1) */
	sort_case(NULL, (const char *[]){ "fd00::1", "10.0.0.1" }, (const char *[]){ "", "10.0.0.2" }, 2,
		  (const char *[]){ "10.0.0.1", "fd00::1" });
	/* gai.conf replaces the precedence table: prefer IPv4 */
	sort_case("precedence ::1/128 50\nprecedence ::/0 40\nprecedence ::ffff:0:0/96 100 # v4 first\n",
		  (const char *[]){ "fd00::120", "10.0.1.10" }, (const char *[]){ "", "" }, 2,
		  (const char *[]){ "10.0.1.10", "fd00::120" });
	/* equal by every rule: the order stays */
	sort_case(NULL, (const char *[]){ "10.0.0.9", "10.0.0.3", "10.0.0.5" }, (const char *[]){ "", "", "" }, 3,
		  (const char *[]){ "10.0.0.9", "10.0.0.3", "10.0.0.5" });
}

static void gai_tables(void **state)
{
	struct gai_policy p;
	uint8_t a[16];

	gai_conf_parse(NULL, &p);
	inet_pton(AF_INET6, "fd00::1", a);
	assert_int_equal(gai_lookup(&p.label, a, -1), 6);
	assert_int_equal(gai_lookup(&p.precedence, a, -1), 40);
	inet_pton(AF_INET6, "::ffff:10.0.0.1", a);
	assert_int_equal(gai_lookup(&p.precedence, a, -1), 10);
	assert_int_equal(gai_lookup(&p.scope, a, -1), 14);
	inet_pton(AF_INET6, "::ffff:127.0.0.1", a);
	assert_int_equal(gai_lookup(&p.scope, a, -1), 2);
	/* scopev4 in IPv4 notation; a bad line is skipped; labels keep glibc's */
	gai_conf_parse("scopev4 10.0.0.0/8 5\nscopev4 nonsense 3\nreload yes\n", &p);
	inet_pton(AF_INET6, "::ffff:10.1.2.3", a);
	assert_int_equal(gai_lookup(&p.scope, a, -1), 5);
	inet_pton(AF_INET6, "::ffff:127.0.0.1", a);
	assert_int_equal(gai_lookup(&p.scope, a, -1), -1);   /* the table was replaced */
	assert_int_equal(p.label.n, 8);
}

/* More lines than the table holds: the first GAI_MAX_ENTRIES, and a warning
 * for each one dropped. */
static void gai_table_full(void **state)
{
	char *text = malloc((GAI_MAX_ENTRIES + 2) * 64), *o = text, *log;
	struct ut_capture cap;
	struct gai_policy p;
	uint8_t a[16];

	(void)state;
	for (int i = 0; i < GAI_MAX_ENTRIES + 2; i++)
		o += sprintf(o, "precedence 2001:db8:%x::/48 %d\n", i, i + 1);
	ut_capture_begin(&cap);
	gai_conf_parse(text, &p);
	log = ut_capture_end(&cap);
	assert_int_equal(p.precedence.n, GAI_MAX_ENTRIES);
	inet_pton(AF_INET6, "2001:db8:ff::1", a);
	assert_int_equal(gai_lookup(&p.precedence, a, -1), 256);
	inet_pton(AF_INET6, "2001:db8:101::1", a);
	assert_int_equal(gai_lookup(&p.precedence, a, -1), -1);
	assert_non_null(strstr(log, "more than 256 precedence lines, \"2001:db8:100::/48 257\" ignored"));
	assert_non_null(strstr(log, "\"2001:db8:101::/48 258\" ignored"));
	free(log);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(descriptions), cmocka_unit_test(hosts_file), cmocka_unit_test(resolv_conf),
		cmocka_unit_test(nsswitch), cmocka_unit_test(conf), cmocka_unit_test(answers),
		cmocka_unit_test(payloads), cmocka_unit_test(ipv4_literals), cmocka_unit_test(text_lines), cmocka_unit_test(key_serials), cmocka_unit_test(ttl_min),
		cmocka_unit_test(address_order), cmocka_unit_test(gai_tables), cmocka_unit_test(gai_table_full),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
