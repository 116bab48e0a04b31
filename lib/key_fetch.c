// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>

#include "key_fetch.h"

/* Large enough for any description the kernel makes (4096 at most) and for
 * the callouts of the key types we serve. */
#define KEY_FETCH_FIRST 4096

/*
 * Both operations return the full length whatever the buffer; describe
 * copies only into a buffer that holds it all, read copies what fits. The
 * answer is complete once its length fits; it can grow in between (a
 * payload updated, the permissions changed), hence the loop.
 */
static long fetch(long (*op)(key_serial_t, char *, size_t), key_serial_t key, char **out)
{
	size_t size = KEY_FETCH_FIRST;

	for (;;) {
		char *buf = malloc(size + 1);
		long n;

		if (!buf)
			return -ENOMEM;
		n = op(key, buf, size);
		if (n < 0) {
			n = -errno;
			free(buf);
			return n;
		}
		if ((size_t)n <= size) {
			buf[n] = '\0';
			*out = buf;
			return n;
		}
		free(buf);
		size = (size_t)n;
	}
}

int key_fetch_description(key_serial_t key, char **out)
{
	long n = fetch(keyctl_describe, key, out);

	if (n < 0)
		return (int)n;
	/* The kernel counts the description's NUL. */
	return n > 0 ? (int)n - 1 : 0;
}

int key_fetch_payload(key_serial_t key, void **out)
{
	char *buf;
	long n = fetch(keyctl_read, key, &buf);

	if (n < 0)
		return (int)n;
	*out = buf;
	return (int)n;
}
