// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/self/mountinfo: host text, but mount points under a container's
 * root (volumes, binds) carry names the container chose, escaped by the
 * kernel.
 */
#include <string.h>

#include "cgroup_mount.h"
#include "fuzz/fuzz_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const hierarchies[] = { "", "pids", "name=systemd", "cpu,cpuacct" };
	char *text = fuzz_text(data, size), out[64];

	if (!text)
		return 0;
	for (size_t i = 0; i < sizeof(hierarchies) / sizeof(hierarchies[0]); i++) {
		int r = cgroup_mount_parse(text, hierarchies[i], out, sizeof(out));

		/* A found mount point is a terminated string that fits. */
		if (r == 0 && strnlen(out, sizeof(out)) == sizeof(out))
			__builtin_trap();
	}
	free(text);
	return 0;
}
