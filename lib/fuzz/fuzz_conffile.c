// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: nfs-utils conffile text (the container's nfs.conf, idmapd.conf). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_text.h"
#include "conffile.h"

static int check(const struct conffile_entry *e, void *data)
{
	unsigned *last = data;

	/* Entries come in file order, each from a section, with a tag. */
	if (!e->section || !e->tag || !*e->tag || !e->value || e->lineno < *last)
		abort();
	if (strchr(e->tag, '\n') || strchr(e->value, '\n') || strchr(e->tag, '='))
		abort();
	*last = e->lineno;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned last = 0;
	_cleanup_free_ char *s = fuzz_text(data, size);

	if (!s)
		return 0;
	if (conffile_parse(s, check, &last) < 0)
		abort();
	return 0;
}
