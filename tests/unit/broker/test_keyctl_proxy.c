// SPDX-License-Identifier: GPL-2.0-or-later
/* What the keyctl proxy tells a container's program when it describes its key. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "keyctl_proxy.h"

static void expect_described(const char *in, const char *want)
{
	char *out = (char *)0x1;

	assert_int_equal(keyctl_proxy_describe_in_container(in, 0x1c, &out), 0);
	assert_non_null(out);
	assert_string_equal(out, want);
	free(out);
}

static void spnego_pid_is_the_program(void **state)
{
	(void)state;
	/* as 6.12.118 writes it for a mount in a container */
	expect_described("cifs.spnego;0;0;39010000;ver=0x2;host=srv-smb.test;ip4=10.0.4.11;sec=krb5;"
			 "uid=0x0;creduid=0x0;user=root;pid=0x690;upcall_target=app",
			 "cifs.spnego;0;0;39010000;ver=0x2;host=srv-smb.test;ip4=10.0.4.11;sec=krb5;"
			 "uid=0x0;creduid=0x0;user=root;pid=0x1c;upcall_target=app");
	/* before upcall_target: pid= last */
	expect_described("cifs.spnego;0;0;39010000;ver=0x2;host=h;ip6=::1;sec=mskrb5;uid=0x3e8;creduid=0x3e8;pid=0x7fffffff",
			 "cifs.spnego;0;0;39010000;ver=0x2;host=h;ip6=::1;sec=mskrb5;uid=0x3e8;creduid=0x3e8;pid=0x1c");
	/* every pid= field (cifs.upcall takes the last), whatever its value */
	expect_described("cifs.spnego;0;0;3f010000;pid=;pid=12;pid=0x;host=x;pid=-5",
			 "cifs.spnego;0;0;3f010000;pid=0x1c;pid=0x1c;pid=0x1c;host=x;pid=0x1c");
	/* fields that only start like pid, and a user name holding "pid=" */
	expect_described("cifs.spnego;0;0;3f010000;pidx=3;user=pid=4;ppid=5;pi=6",
			 "cifs.spnego;0;0;3f010000;pidx=3;user=pid=4;ppid=5;pi=6");
	/* the fixed fields are the kernel's: a pid= there is not touched */
	expect_described("cifs.spnego;pid=1;0;0;pid=2", "cifs.spnego;pid=1;0;0;pid=0x1c");
	expect_described("cifs.spnego;0;0;0;", "cifs.spnego;0;0;0;");
}

static void other_types_unchanged(void **state)
{
	(void)state;
	expect_described("dns_resolver;0;0;3f010000;srv.test", "dns_resolver;0;0;3f010000;srv.test");
	expect_described("user;0;0;3f010000;ver=0x2;pid=0x690", "user;0;0;3f010000;ver=0x2;pid=0x690");
	/* the type must be exactly cifs.spnego */
	expect_described("cifs.spnegox;0;0;0;pid=9", "cifs.spnegox;0;0;0;pid=9");
	expect_described("cifs.idmap;0;0;0;os:S-1-5-21-1", "cifs.idmap;0;0;0;os:S-1-5-21-1");
}

static void malformed(void **state)
{
	char *out = (char *)0x1;

	(void)state;
	assert_int_equal(keyctl_proxy_describe_in_container("cifs.spnego;0;0;pid=1", 5, &out), -EINVAL);
	assert_null(out);
	assert_int_equal(keyctl_proxy_describe_in_container("cifs.spnego;", 5, &out), -EINVAL);
	assert_null(out);
	/* no pid for the program: never the kernel's host pid instead */
	assert_int_equal(keyctl_proxy_describe_in_container("cifs.spnego;0;0;0;pid=0x690", 0, &out), -ESRCH);
	assert_null(out);
	assert_int_equal(keyctl_proxy_describe_in_container("cifs.spnego;0;0;0;pid=0x690", -EINVAL, &out), -ESRCH);
	assert_null(out);
	/* the largest pid fits however many pid= fields there are */
	assert_int_equal(keyctl_proxy_describe_in_container("cifs.spnego;0;0;0;pid=;pid=;pid=", 0x7fffffff, &out), 0);
	assert_string_equal(out, "cifs.spnego;0;0;0;pid=0x7fffffff;pid=0x7fffffff;pid=0x7fffffff");
	free(out);
	/* other types need no pid */
	assert_int_equal(keyctl_proxy_describe_in_container("user;0;0;0;pid=0x690", 0, &out), 0);
	assert_string_equal(out, "user;0;0;0;pid=0x690");
	free(out);
}

/* A status file as procfs writes it, with @nspid as its NSpid line. */
static char *status_with(const char *nspid)
{
	char *t = NULL;

	assert_true(asprintf(&t, "Name:\tcifs.upcall\nUmask:\t0022\nTgid:\t812\nPid:\t812\nPPid:\t811\n"
			     "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nGroups:\t\n%s"
			     "CapInh:\t0\nCapEff:\t0\nCapBnd:\t000001ffffffffff\nCapAmb:\t0\n", nspid) > 0);
	return t;
}

static pid_t container_pid(const char *nspid, int init_depth)
{
	char *t = status_with(nspid);
	pid_t r = keyctl_proxy_container_pid(t, init_depth);

	free(t);
	return r;
}

/* The pid the container's /proc shows: one level above the caller's own,
 * only when the caller is exactly one level below the init. */
static void container_pid_level(void **state)
{
	(void)state;
	/* init at depth 2 (host pid 500, pid 1 in its namespace); the program
	 * is pid 1 of a child namespace: host 812, 7 in the init's. */
	assert_int_equal(container_pid("NSpid:\t812\t7\t1\n", 2), 7);
	/* a descendant in a pid namespace of its own: one level too deep */
	assert_int_equal(container_pid("NSpid:\t813\t8\t2\t1\n", 2), -ESRCH);
	/* not below the init at all, or the init's depth unknown */
	assert_int_equal(container_pid("NSpid:\t814\n", 2), -ESRCH);
	assert_int_equal(container_pid("NSpid:\t812\t7\t1\n", 0), -ESRCH);
	/* no NSpid line */
	assert_int_equal(container_pid("", 2), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spnego_pid_is_the_program),
		cmocka_unit_test(other_types_unchanged),
		cmocka_unit_test(malformed),
		cmocka_unit_test(container_pid_level),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
