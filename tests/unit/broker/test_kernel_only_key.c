// SPDX-License-Identifier: GPL-2.0-or-later
/* Forged requests for key types only the kernel makes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel_only_key.h"

static int vet(const char *text, char *why, size_t len)
{
	struct key_description kd;
	char *copy = strdup(text);
	int r;

	assert_non_null(copy);
	assert_int_equal(key_description_split(copy, &kd), 0);
	r = kernel_only_key_vet(&kd, why, len);
	free(copy);
	return r;
}

static void kernel_made_keys_pass(void **state)
{
	char why[200] = "";

	(void)state;
	assert_int_equal(vet("cifs.spnego;0;0;3f010000;ver=0x2;host=srv;ip4=10.0.0.1;sec=krb5;uid=0x3e8;creduid=0x3e8;pid=0x5c3", why, sizeof(why)), 0);
	assert_int_equal(vet("cifs.idmap;0;0;3f010000;os:S-1-22-1-0", why, sizeof(why)), 0);
	assert_string_equal(why, "");
}

/* CIFSwitch from a host user, or from a container's root (a host uid of
 * its id map), or with only the gid wrong: refused, and the log says why. */
static void forged_keys_refused(void **state)
{
	char why[200] = "";

	(void)state;
	assert_int_equal(vet("cifs.spnego;1000;1000;3f010000;ver=0x2;host=x;ip4=1.2.3.4;sec=krb5;uid=0x0;creduid=0x0;user=root;pid=0x1",
			     why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "cifs.spnego key owned by 1000:1000"));
	assert_int_equal(vet("cifs.spnego;100000;100000;3f010000;ver=0x2;pid=0x1", why, sizeof(why)), -EPERM);
	assert_int_equal(vet("cifs.spnego;0;5;3f010000;ver=0x2;pid=0x1", why, sizeof(why)), -EPERM);
	assert_int_equal(vet("cifs.idmap;1000;1000;3f010000;os:S-1-5-21-1-2-3-4", why, sizeof(why)), -EPERM);
}

/* Every other type is the rules' business, whoever owns the key. */
static void other_types_untouched(void **state)
{
	char why[200] = "";

	(void)state;
	assert_int_equal(vet("user;1000;1000;3f010000;cifs.spnego", why, sizeof(why)), 0);
	assert_int_equal(vet("dns_resolver;100000;100000;3f010000;example.com", why, sizeof(why)), 0);
	assert_int_equal(vet("cifs.spnegox;1000;1000;3f010000;x", why, sizeof(why)), 0);
	assert_string_equal(why, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kernel_made_keys_pass),
		cmocka_unit_test(forged_keys_refused),
		cmocka_unit_test(other_types_untouched),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
