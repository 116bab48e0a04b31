// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests: the description, idmapd.conf and passwd/group parsers and the
 * built-in engine's libnfsidmap semantics (nss.c, static.c, nobody). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "idmapd_conf.h"
#include "desc.h"
#include "engine.h"
#include "key_describe.h"
#include "keyring_ops.h"
#include "pwdb.h"

static void test_desc(void **state)
{
	struct idmap_request rq;

	assert_int_equal(idmap_desc_parse("uid:alice@one.test", &rq), 0);
	assert_int_equal(rq.kind, IDMAP_UID);
	assert_string_equal(rq.value, "alice@one.test");
	assert_int_equal(idmap_desc_parse("gid:staff@one.test", &rq), 0);
	assert_int_equal(rq.kind, IDMAP_GID);
	assert_int_equal(idmap_desc_parse("user:1000", &rq), 0);
	assert_int_equal(rq.kind, IDMAP_USER);
	assert_int_equal(rq.id, 1000);
	assert_int_equal(idmap_desc_parse("group:0", &rq), 0);
	assert_int_equal(idmap_desc_parse("user:4294967294", &rq), 0);
	/* nfsidmap's atoi() would turn these into uid 0 (root) */
	assert_int_equal(idmap_desc_parse("user:abc", &rq), -EINVAL);
	assert_int_equal(idmap_desc_parse("user:-1", &rq), -EINVAL);
	assert_int_equal(idmap_desc_parse("user:4294967295", &rq), -EINVAL);
	assert_int_equal(idmap_desc_parse("user:12345678901", &rq), -EINVAL);
	assert_int_equal(idmap_desc_parse("user:", &rq), -EINVAL);
	assert_int_equal(idmap_desc_parse("uid:", &rq), -EINVAL);
	assert_int_equal(idmap_desc_parse("uid:a b@x", &rq), -EINVAL);
	/* only ever a lookup key: Kerberos service principals, UTF-8 */
	assert_int_equal(idmap_desc_parse("uid:svc/host@REALM", &rq), 0);
	assert_string_equal(rq.value, "svc/host@REALM");
	assert_int_equal(idmap_desc_parse("uid:../../etc/passwd", &rq), 0);
	assert_int_equal(idmap_desc_parse("uid:jos\xc3\xa9@x", &rq), 0);
	assert_int_equal(idmap_desc_parse("uid:a\x7f@x", &rq), -EINVAL);
	assert_int_equal(idmap_desc_parse("uid:a:b", &rq), -EINVAL);
	assert_int_equal(idmap_desc_parse("uid:a\n@x", &rq), -EINVAL);
	assert_int_equal(idmap_desc_parse("frob:1", &rq), -EOPNOTSUPP);
	assert_int_equal(idmap_desc_parse("", &rq), -EOPNOTSUPP);
	assert_int_equal(idmap_desc_parse("UID:a@b", &rq), -EOPNOTSUPP);
}

static void test_conf(void **state)
{
	struct idmap_conf c;
	const char *bad;

	assert_int_equal(idmap_conf_parse("[General]\n"
					  "  Domain = One.Test   # comment\n"
					  "Verbosity=2\n"
					  "no-strip = Both\n"
					  "Reformat-Group = yes\n"
					  "include = /etc/shadow\n"
					  "[mapping]\n"
					  "Nobody-User = \"nfsnobody\"\n"
					  "Nobody-Group='nogroup ; x'\n"
					  "[Translation]\n"
					  "Method = static , nsswitch,,\n"
					  "[Static]\n"
					  "bob@REALM = alice\n"
					  "BOB@realm = carol\n"
					  "[Other \"sub\"]\n"
					  "Domain = evil\n"
					  "junk line\n"
					  "[General]\n"
					  "Domain = la\\\n"
					  "st\n"
					  "Nobody-User = unterminated", &c), 0);
	assert_string_equal(c.domain, "la  st"); /* "\\\n" joins as two blanks; later wins */
	assert_int_equal(c.verbosity, 2);
	assert_int_equal(c.nostrip, IDMAP_NOSTRIP_USER | IDMAP_NOSTRIP_GROUP);
	assert_true(c.reformat_group);
	assert_true(c.has_include);
	assert_string_equal(c.nobody_user, "nfsnobody");
	assert_string_equal(c.nobody_group, "nogroup ; x");
	assert_int_equal(c.n_methods, 2);
	assert_string_equal(c.methods[0], "static");
	assert_string_equal(c.methods[1], "nsswitch");
	assert_int_equal(c.n_statics, 1);
	assert_string_equal(c.statics[0].local, "carol");
	assert_true(c.ignored_lines >= 2);
	assert_int_equal(idmap_check_methods(&c, &bad), 0);
	idmap_conf_free(&c);

	assert_int_equal(idmap_conf_parse("Domain = nosection\n[General\nDomain = x\n[Translation]\n"
					  "Method = umich_ldap\nMethod = nsswitch, /proc/1/root/evil\n", &c), 0);
	assert_null(c.domain);
	assert_int_equal(idmap_check_methods(&c, &bad), -EOPNOTSUPP);
	assert_string_equal(bad, "/proc/1/root/evil");
	idmap_conf_free(&c);
	assert_int_equal(idmap_conf_parse("[Translation]\nMethod=a,b,c,d,e,f,g,h,i\n", &c), -E2BIG);
	assert_int_equal(idmap_conf_parse("", &c), 0);
	assert_int_equal(c.n_methods, 0);
	idmap_conf_free(&c);
}

static void test_pwdb(void **state)
{
	struct pwdb db;

	assert_int_equal(pwdb_parse("root:x:0:0:root:/root:/bin/sh\n"
				    "# comment\n"
				    "\n"
				    "+nisuser::::::\n"
				    "-other\n"
				    "alice:x:1000:1000::/home/alice:/bin/sh\r\n"
				    "alice:x:2000:2000::/:/bin/sh\n"
				    "bad:x:12a:0::/:\n"
				    "neg:x:-1:0::/:\n"
				    "big:x:4294967295:0::/:\n"
				    ":x:5:5::/:\n"
				    "short:x\n"
				    "staff:x:50:alice,bob\n"
				    "last:x:7", &db), 0);
	assert_int_equal(db.n, 5);
	assert_int_equal(pwdb_by_name(&db, "alice")->id, 1000);   /* first wins */
	assert_string_equal(pwdb_by_id(&db, 1000)->name, "alice");
	assert_int_equal(pwdb_by_name(&db, "staff")->id, 50);
	assert_int_equal(pwdb_by_name(&db, "last")->id, 7);
	assert_null(pwdb_by_name(&db, "bad"));
	assert_null(pwdb_by_name(&db, "+nisuser"));
	assert_null(pwdb_by_id(&db, 4294967295u));
	assert_int_equal(db.skipped, 7);
	pwdb_free(&db);
}

struct fixture {
	struct idmap_conf conf;
	struct pwdb passwd, group;
	struct idmap_ctx ctx;
};

static void setup_ctx(struct fixture *f, const char *conf, const char *domain)
{
	assert_int_equal(idmap_conf_parse(conf, &f->conf), 0);
	assert_int_equal(pwdb_parse("root:x:0:0::/:\nalice:x:1000:1000::/:\nnobody:x:65534:65534::/:\n"
				    "bob@one.test:x:1500:1500::/:\nnfsnobody:x:4294:4294::/:\n", &f->passwd), 0);
	assert_int_equal(pwdb_parse("root:x:0:\nstaff:x:50:\nnogroup:x:65534:\nONE\\admins:x:60:\n", &f->group), 0);
	f->ctx = (struct idmap_ctx){ .conf = &f->conf, .domain = domain, .passwd = &f->passwd, .group = &f->group };
}

static void teardown_ctx(struct fixture *f)
{
	idmap_conf_free(&f->conf);
	pwdb_free(&f->passwd);
	pwdb_free(&f->group);
}

static void test_engine_nsswitch(void **state)
{
	struct fixture f;
	char name[IDMAP_NAMESZ];
	uint32_t id;

	setup_ctx(&f, "", "one.test");
	assert_int_equal(idmap_name_to_uid(&f.ctx, "alice@one.test", &id), 0);
	assert_int_equal(id, 1000);
	assert_int_equal(idmap_name_to_uid(&f.ctx, "alice@ONE.TEST", &id), 0);
	assert_int_equal(idmap_name_to_uid(&f.ctx, "alice@two.test", &id), -EINVAL);
	assert_int_equal(idmap_name_to_uid(&f.ctx, "alice", &id), -EINVAL);
	assert_int_equal(idmap_name_to_uid(&f.ctx, "carol@one.test", &id), -ENOENT);
	assert_int_equal(idmap_name_to_gid(&f.ctx, "staff@one.test", &id), 0);
	assert_int_equal(id, 50);
	/* owner fallbacks: numeric, then nobody@domain */
	assert_int_equal(idmap_owner_to_uid(&f.ctx, "alice@one.test"), 1000);
	assert_int_equal(idmap_owner_to_uid(&f.ctx, "4711"), 4711);
	assert_int_equal(idmap_owner_to_uid(&f.ctx, "12abc"), 65534);
	assert_int_equal(idmap_owner_to_uid(&f.ctx, "4294967295"), 65534);
	assert_int_equal(idmap_owner_to_uid(&f.ctx, "alice@two.test"), 65534);
	assert_int_equal(idmap_group_owner_to_gid(&f.ctx, "nope@one.test"), IDMAP_NOBODY_FALLBACK);
	assert_int_equal(idmap_uid_to_name(&f.ctx, 1000, name, sizeof(name)), 0);
	assert_string_equal(name, "alice@one.test");
	assert_int_equal(idmap_gid_to_name(&f.ctx, 50, name, sizeof(name)), 0);
	assert_string_equal(name, "staff@one.test");
	/* without No-Strip a local name with '@' still gets the domain */
	assert_int_equal(idmap_uid_to_name(&f.ctx, 1500, name, sizeof(name)), 0);
	assert_string_equal(name, "bob@one.test@one.test");
	assert_int_equal(idmap_uid_to_name(&f.ctx, 4242, name, sizeof(name)), -ENOENT);
	assert_int_equal(idmap_uid_to_name(&f.ctx, 1000, name, 8), -ENOMEM);
	teardown_ctx(&f);

	setup_ctx(&f, "[Mapping]\nNobody-User = nfsnobody\nNobody-Group = nogroup\n", "one.test");
	assert_int_equal(idmap_owner_to_uid(&f.ctx, "who@one.test"), 4294);
	assert_int_equal(idmap_group_owner_to_gid(&f.ctx, "who@one.test"), 65534);
	teardown_ctx(&f);
}

static void test_engine_nostrip(void **state)
{
	struct fixture f;
	char name[IDMAP_NAMESZ];
	uint32_t id;

	setup_ctx(&f, "[General]\nNo-Strip = both\nReformat-Group = true\n", "one.test");
	assert_int_equal(idmap_name_to_uid(&f.ctx, "bob@one.test", &id), 0);
	assert_int_equal(id, 1500);    /* the full name first */
	assert_int_equal(idmap_name_to_uid(&f.ctx, "alice@one.test", &id), 0);
	assert_int_equal(id, 1000);    /* then stripped */
	assert_int_equal(idmap_name_to_gid(&f.ctx, "admins@one.test", &id), 0);
	assert_int_equal(id, 60);      /* ONE\admins */
	assert_int_equal(idmap_uid_to_name(&f.ctx, 1500, name, sizeof(name)), 0);
	assert_string_equal(name, "bob@one.test");
	teardown_ctx(&f);
}

static void test_engine_static(void **state)
{
	struct fixture f;
	char name[IDMAP_NAMESZ];
	uint32_t id;

	setup_ctx(&f, "[Translation]\nMethod = static,nsswitch\n[Static]\nbig@REALM = alice\nstaffers@REALM = staff\n",
		  "one.test");
	assert_int_equal(idmap_name_to_uid(&f.ctx, "big@realm", &id), 0);
	assert_int_equal(id, 1000);
	assert_int_equal(idmap_name_to_gid(&f.ctx, "staffers@REALM", &id), 0);
	assert_int_equal(id, 50);
	assert_int_equal(idmap_name_to_uid(&f.ctx, "root@one.test", &id), 0);   /* next method */
	assert_int_equal(id, 0);
	assert_int_equal(idmap_uid_to_name(&f.ctx, 1000, name, sizeof(name)), 0);
	assert_string_equal(name, "big@REALM");
	assert_int_equal(idmap_uid_to_name(&f.ctx, 0, name, sizeof(name)), 0);
	assert_string_equal(name, "root@one.test");
	teardown_ctx(&f);
}

static void test_keyring_desc(void **state)
{
	/* -l and -u/-g/-r split keyctl_describe() text with lib/key_describe.h */
	char text[] = "id_resolver;0;0;3f010000;uid:a;b@x", bad[] = "id_resolver;0;0";
	struct key_description kd;

	assert_int_equal(key_description_split(text, &kd), 0);
	assert_string_equal(kd.type, "id_resolver");
	assert_string_equal(kd.desc, "uid:a;b@x");
	assert_int_equal(key_description_split(bad, &kd), -EBADMSG);
	assert_true(keyring_desc_matches("uid:alice@one.test", "alice", KEYS_UID));
	assert_true(keyring_desc_matches("uid:alice", "alice", KEYS_UID));
	assert_true(keyring_desc_matches("uid:alice@one.test", "alice@one.test", KEYS_UID));
	assert_false(keyring_desc_matches("uid:alicia@one.test", "ali", KEYS_UID));
	assert_false(keyring_desc_matches("gid:alice@one.test", "alice", KEYS_UID));
	assert_true(keyring_desc_matches("gid:alice@one.test", "alice", KEYS_UID | KEYS_GID));
	assert_false(keyring_desc_matches("user:1000", "1000", KEYS_UID | KEYS_GID));
	assert_false(keyring_desc_matches("uid:alice", "", KEYS_UID));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_desc),
		cmocka_unit_test(test_conf),
		cmocka_unit_test(test_pwdb),
		cmocka_unit_test(test_engine_nsswitch),
		cmocka_unit_test(test_engine_nostrip),
		cmocka_unit_test(test_engine_static),
		cmocka_unit_test(test_keyring_desc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
