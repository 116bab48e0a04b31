// SPDX-License-Identifier: GPL-2.0-or-later
/* dns_resolver's parsers: descriptions, hosts, resolv.conf, nsswitch, answers, payloads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <linux/dns_resolver.h>
#include <string.h>
#include <cmocka.h>

#include "answer.h"
#include "desc.h"
#include "payload.h"
#include "sysconf.h"

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
	assert_int_equal(dns_request_parse("example.org", "ipv4,ipv6", &rq), -EINVAL);
	char longname[300];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[299] = '\0';
	assert_int_equal(dns_request_parse(longname, "", &rq), -EINVAL);
	memset(longname, 'a', 64);
	strcpy(longname + 64, ".org");
	assert_int_equal(dns_request_parse(longname, "", &rq), -EINVAL);   /* label > 63 */
	assert_true(dns_name_valid("example.org."));
}

static void hosts_file(void **state)
{
	const char *hosts = "127.0.0.1 localhost\n# 10.0.0.1 commented\n10.0.0.2 db.test db # trailing\n"
			    "fd00::2 db.test\nbogus line\n10.0.0.3\tDB.TEST\n";
	struct dns_addr_list l = { 0 };

	hosts_lookup(hosts, "db.test", DNS_WANT_V4 | DNS_WANT_V6, &l);
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
}

static void resolv_conf(void **state)
{
	struct resolv_conf rc;

	resolv_conf_parse("# c\nnameserver 10.0.0.53\nnameserver fd00::53\nnameserver 10.0.0.54 ; x\n"
			  "nameserver 1.1.1.1\nnameserver 8.8.8.8\nsearch a.test b.test\n"
			  "options ndots:2 timeout:99 attempts:0\n", &rc);
	assert_int_equal(rc.n_ns, 3);     /* IPv6 skipped, at most 3 */
	assert_int_equal(rc.ns[0].sin_addr.s_addr, inet_addr("10.0.0.53"));
	assert_int_equal(rc.ns[1].sin_addr.s_addr, inet_addr("10.0.0.54"));
	assert_int_equal(rc.n_search, 2);
	assert_string_equal(rc.search[1], "b.test");
	assert_int_equal(rc.ndots, 2);
	assert_int_equal(rc.timeout, 30);
	assert_int_equal(rc.attempts, 1);
	resolv_conf_parse("", &rc);
	assert_int_equal(rc.n_ns, 1);
	assert_int_equal(rc.ns[0].sin_addr.s_addr, htonl(INADDR_LOOPBACK));
}

static void nsswitch(void **state)
{
	int o[4];

	assert_int_equal(nsswitch_hosts_parse("passwd: files\nhosts: files [NOTFOUND=return] mdns4 dns\n", o), 2);
	assert_int_equal(o[0], HOSTS_FILES);
	assert_int_equal(o[1], HOSTS_DNS);
	assert_int_equal(nsswitch_hosts_parse("hosts: dns\n", o), 1);
	assert_int_equal(nsswitch_hosts_parse(NULL, o), 2);     /* glibc's default */
	assert_int_equal(o[0], HOSTS_DNS);
}

static void conf(void **state)
{
	unsigned ttl = 5;

	assert_int_equal(dns_conf_parse("# x\ndefault_ttl = 30\n", &ttl), 0);
	assert_int_equal(ttl, 30);
	assert_int_equal(dns_conf_parse("default_ttl=0\n", &ttl), -EINVAL);
	assert_int_equal(dns_conf_parse("default_ttl = -1\n", &ttl), -EINVAL);
	assert_int_equal(dns_conf_parse("default_ttl = x\n", &ttl), -EINVAL);
}

/* A response: header, question db.test A, answers as given. */
static int build_response(unsigned char *buf, int rcode, const unsigned char *answers, int n_ans, int alen)
{
	static const unsigned char q[] = { 2, 'd', 'b', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1 };
	unsigned char hdr[12] = { 0x12, 0x34, 0x81, (unsigned char)(0x80 | rcode), 0, 1, 0, (unsigned char)n_ans, 0, 0, 0, 0 };

	memcpy(buf, hdr, 12);
	memcpy(buf + 12, q, sizeof(q));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(descriptions), cmocka_unit_test(hosts_file), cmocka_unit_test(resolv_conf),
		cmocka_unit_test(nsswitch), cmocka_unit_test(conf), cmocka_unit_test(answers),
		cmocka_unit_test(payloads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
