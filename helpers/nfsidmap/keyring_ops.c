// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <keyutils.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "log.h"
#include "keyring_ops.h"

static key_serial_t find_keyring(void)
{
	/* libkeyutils scans /proc/keys with exact type and description matching. */
	key_serial_t k = find_key_by_type_and_desc("keyring", ID_RESOLVER_KEYRING, 0);

	return k < 0 ? -ENOKEY : k;
}

int keyring_clear_id_resolver(void)
{
	key_serial_t k = find_keyring();

	if (k < 0) {
		ub_log(LOG_INFO, "'%s' keyring was not found", ID_RESOLVER_KEYRING);
		return 0;   /* nothing cached is nothing to clear, as nfsidmap */
	}
	if (keyctl_clear(k) < 0) {
		ub_log(LOG_ERR, "keyctl_clear(0x%x): %m", (unsigned)k);
		return -errno;
	}
	return 0;
}

/* Each key of the keyring, described; cb returns <0 to stop. */
static int for_each_key(key_serial_t ring, int (*cb)(key_serial_t, const char *desc, void *), void *data)
{
	_cleanup_free_ void *list = NULL;
	long n = keyctl_read_alloc(ring, &list);

	if (n < 0)
		return -errno;
	for (long i = 0; i < n / (long)sizeof(key_serial_t); i++) {
		key_serial_t key = ((key_serial_t *)list)[i];
		_cleanup_free_ char *d = NULL;
		const char *desc;
		int r;

		if (keyctl_describe_alloc(key, &d) < 0) {
			r = cb(key, NULL, data);
		} else {
			desc = keyring_desc_of(d);
			r = cb(key, desc ? desc : "?", data);
		}
		if (r < 0)
			return r;
	}
	return (int)(n / (long)sizeof(key_serial_t));
}

static int print_key(key_serial_t key, const char *desc, void *data)
{
	if (desc)
		printf("  %s\n", desc);
	else
		printf("  (key %d: %s)\n", key, errno == EKEYEXPIRED ? "expired" : strerror(errno));
	return 0;
}

int keyring_list_id_resolver(void)
{
	key_serial_t k = find_keyring();
	_cleanup_free_ void *list = NULL;
	long n;

	if (k < 0) {
		ub_log(LOG_ERR, "'%s' keyring was not found", ID_RESOLVER_KEYRING);
		return k;
	}
	n = keyctl_read_alloc(k, &list);
	if (n < 0) {
		ub_log(LOG_ERR, "cannot read keyring %s: %m", ID_RESOLVER_KEYRING);
		return -errno;
	}
	n /= (long)sizeof(key_serial_t);
	if (n == 0)
		printf("No %s keys found.\n", ID_RESOLVER_KEYRING);
	else
		printf("%ld %s key%s found:\n", n, ID_RESOLVER_KEYRING, n == 1 ? "" : "s");
	return for_each_key(k, print_key, NULL) < 0 ? -EIO : 0;
}

struct inval {
	const char *name;
	unsigned mask;
	int found;
};

static int invalidate_one(key_serial_t key, const char *desc, void *data)
{
	struct inval *iv = data;

	if (!desc || !keyring_desc_matches(desc, iv->name, iv->mask))
		return 0;
	ub_log(LOG_INFO, "invalidating '%s'", desc);
	if (keyctl_invalidate(key) < 0 && (errno != EOPNOTSUPP || keyctl_revoke(key) < 0)) {
		ub_log(LOG_ERR, "cannot invalidate key 0x%x: %m", (unsigned)key);
		return -errno;
	}
	iv->found++;
	return 0;
}

int keyring_invalidate(const char *name, unsigned mask)
{
	struct inval iv = { .name = name, .mask = mask };
	key_serial_t k = find_keyring();
	int r;

	if (k < 0) {
		ub_log(LOG_ERR, "'%s' keyring was not found", ID_RESOLVER_KEYRING);
		return k;
	}
	r = for_each_key(k, invalidate_one, &iv);
	if (r < 0)
		return r;
	if (!iv.found) {
		ub_log(LOG_ERR, "'%s' key was not found", name);
		return -ENOENT;
	}
	return 0;
}
