// SPDX-License-Identifier: GPL-2.0-or-later
/* key_fetch: libkeyutils' *_alloc() results in one call, or more when the first guess is short. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "key_fetch.h"

static key_serial_t add_a_key(const char *type, const char *desc, const void *data, size_t len)
{
	key_serial_t k = add_key(type, desc, data, len, KEY_SPEC_PROCESS_KEYRING);

	if (k < 0)
		skip();   /* no keys in this kernel */
	return k;
}

/* Same bytes and lengths as keyctl_describe_alloc() and keyctl_read_alloc(). */
static void expect_as_libkeyutils(key_serial_t k)
{
	char *a = NULL, *b = NULL;
	void *p = NULL, *q = NULL;
	int n, m;

	n = key_fetch_description(k, &a);
	m = keyctl_describe_alloc(k, &b);
	assert_int_equal(n, m);
	assert_string_equal(a, b);
	n = key_fetch_payload(k, &p);
	m = keyctl_read_alloc(k, &q);
	assert_int_equal(n, m);
	assert_memory_equal(p, q, (size_t)n + 1);   /* the NUL after it too */
	free(a);
	free(b);
	free(p);
	free(q);
}

static void small(void **state)
{
	(void)state;
	expect_as_libkeyutils(add_a_key("user", "ub-unit:small", "payload", 7));
	/* an empty keyring: no payload at all */
	expect_as_libkeyutils(add_a_key("keyring", "ub-unit:empty", NULL, 0));
}

/* Longer than the first guess: the description with its prefix, and the payload. */
static void larger_than_the_first_guess(void **state)
{
	char desc[4096], *data = malloc(20000);

	(void)state;
	assert_non_null(data);
	memset(desc, 'd', sizeof(desc) - 1);
	desc[sizeof(desc) - 1] = '\0';
	memcpy(desc, "ub-unit:", 8);
	for (size_t i = 0; i < 20000; i++)
		data[i] = (char)(i * 7);
	expect_as_libkeyutils(add_a_key("user", desc, data, 20000));
	free(data);
}

static void errors_are_negative_errno(void **state)
{
	char *d = NULL;
	void *p = NULL;

	(void)state;
	add_a_key("user", "ub-unit:keys-work", "x", 1);
	assert_int_equal(key_fetch_description(0x7ffffff0, &d), -ENOKEY);
	assert_null(d);
	assert_int_equal(key_fetch_payload(0x7ffffff0, &p), -ENOKEY);
	assert_null(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(small),
		cmocka_unit_test(larger_than_the_first_guess),
		cmocka_unit_test(errors_are_negative_errno),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
