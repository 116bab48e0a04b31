// SPDX-License-Identifier: GPL-2.0-or-later
/* /proc/<pid>/cgroup of a process whose cgroups a container may name. */
#include "cgroup_text.h"
#include "fuzz/fuzz_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char ours[] = "9:name=systemd:/\n8:pids:/\n4:memory:/x\n0::/\n";
	char *text = fuzz_text(data, size);

	if (!text)
		return 0;
	(void)cgroup_text_matches_hierarchies(text, ours);
	(void)cgroup_text_matches_hierarchies(ours, text);
	free(text);
	return 0;
}
