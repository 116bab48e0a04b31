// SPDX-License-Identifier: GPL-2.0-or-later
/* /proc/keys lines and whole files: descriptions hold anything, newlines too. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc_keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct auth_expect want = {
		.auth_key = 0x2e1a2c3b, .target = 0x1234abcd, .perm = 0x3f010000, .callout_len = 1,
	};
	struct auth_info ai;
	char path[] = "/tmp/fuzz-proc-keys-XXXXXX";
	int fd;

	(void)proc_keys_parse_line((const char *)data, size, &want, &ai);
	fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size)
		(void)proc_keys_find_auth(path, &want, &ai);
	close(fd);
	unlink(path);
	return 0;
}
