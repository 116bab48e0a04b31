// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <keyutils.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "key_describe.h"
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

typedef int (*key_visitor)(key_serial_t key, const char *desc, void *data);

struct scan {
	key_serial_t ring;
	key_visitor visit;
	void *data;
	int err;         /* the first error a visit returned */
};

/* recursive_key_scan(3) callback: count and visit the ring's own links. */
static int scan_one(key_serial_t parent, key_serial_t key, char *desc, int desc_len, void *data)
{
	struct scan *s = data;
	struct key_description kd;
	int r;

	/* Called for the ring itself (parent 0) and would be for the links of
	 * nested keyrings: nfsidmap only ever looks at the ring's own keys. */
	if (parent != s->ring)
		return 0;
	if (s->err < 0)
		return 1;   /* the scan cannot be stopped: do nothing more */
	if (!desc)
		r = s->visit(key, NULL, s->data);   /* errno: keyctl_describe_alloc()'s */
	else
		r = s->visit(key, key_description_split(desc, &kd) == 0 ? kd.desc : "?", s->data);
	if (r < 0)
		s->err = r;
	return 1;
}

/* Visit each key of the .id_resolver keyring: the number of keys, or -errno. */
static int scan_id_resolver(key_visitor visit, void *data)
{
	struct scan s = { .ring = find_keyring(), .visit = visit, .data = data };
	long n;

	if (s.ring < 0) {
		ub_log(LOG_ERR, "'%s' keyring was not found", ID_RESOLVER_KEYRING);
		return s.ring;
	}
	/* recursive_key_scan() ignores errors; an unreadable ring would look
	 * empty. A zero-length read checks the permission and copies nothing. */
	if (keyctl_read(s.ring, NULL, 0) < 0) {
		ub_log(LOG_ERR, "cannot read keyring %s: %m", ID_RESOLVER_KEYRING);
		return -errno;
	}
	n = recursive_key_scan(s.ring, scan_one, &s);
	return s.err < 0 ? s.err : (int)n;
}

static int print_key(key_serial_t key, const char *desc, void *data)
{
	FILE *out = data;

	if (desc)
		fprintf(out, "  %s\n", desc);
	else
		fprintf(out, "  (key %d: %s)\n", key, errno == EKEYEXPIRED ? "expired" : strerror(errno));
	return 0;
}

int keyring_list_id_resolver(void)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int n;

	if (!out)
		return -errno;
	/* The count heads the list: collect the lines of one scan first. */
	n = scan_id_resolver(print_key, out);
	fclose(out);
	if (n < 0)
		return n;
	if (n == 0)
		printf("No %s keys found.\n", ID_RESOLVER_KEYRING);
	else
		printf("%d %s key%s found:\n", n, ID_RESOLVER_KEYRING, n == 1 ? "" : "s");
	fwrite(text, 1, len, stdout);
	return 0;
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
	int r = scan_id_resolver(invalidate_one, &iv);

	if (r < 0)
		return r;
	if (!iv.found) {
		ub_log(LOG_ERR, "'%s' key was not found", name);
		return -ENOENT;
	}
	return 0;
}
