// SPDX-License-Identifier: GPL-2.0-or-later
/* /proc/<pid>/status: the Name: field is the container's choice. */
#include "fuzz/fuzz_text.h"
#include "proc_status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_status st;
	char *text = fuzz_text(data, size);

	if (!text)
		return 0;
	(void)proc_status_parse(text, &st);
	free(text);
	return 0;
}
