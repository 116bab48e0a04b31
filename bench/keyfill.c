// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * keyfill <count>: hold <count> "user" keys owned by us (root, in the
 * bench) in a keyring of our own session until stdin closes, as a busy NFS
 * machine holds an id_resolver key per user and group seen: /proc/keys
 * then has <count> more lines for root to read. Prints "ready" once they
 * exist. The keys die with the session keyring when we exit.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <keyutils.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : -1;
	key_serial_t ring;
	char desc[64], c;

	if (n < 0) {
		fprintf(stderr, "usage: keyfill <count>\n");
		return 2;
	}
	if (keyctl_join_session_keyring(NULL) < 0)
		return 1;
	ring = add_key("keyring", "bench-fill", NULL, 0, KEY_SPEC_SESSION_KEYRING);
	if (ring < 0)
		return 1;
	for (long i = 0; i < n; i++) {
		snprintf(desc, sizeof(desc), "bench-fill:%ld", i);
		if (add_key("user", desc, "x", 1, ring) < 0) {
			perror("add_key");
			return 1;
		}
	}
	printf("ready\n");
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
