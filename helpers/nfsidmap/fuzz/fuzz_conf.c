// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: the container's idmapd.conf, then a mapping through it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_text.h"
#include "idmapd_conf.h"
#include "engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct idmap_conf c;
	struct pwdb pw = { 0 }, gr = { 0 };
	char name[IDMAP_NAMESZ];
	const char *bad;
	_cleanup_free_ char *s = fuzz_text(data, size);

	if (!s)
		return 0;
	if (idmap_conf_parse(s, &c) == 0) {
		if (c.n_methods > IDMAP_CONF_MAX_METHODS || c.n_statics > IDMAP_CONF_MAX_STATIC)
			abort();
		if (idmap_check_methods(&c, &bad) == 0) {
			struct idmap_ctx ctx = { .conf = &c, .domain = c.domain ? c.domain : "x", .passwd = &pw,
						 .group = &gr };
			idmap_owner_to_uid(&ctx, "nobody@x");
			idmap_group_owner_to_gid(&ctx, c.domain ? c.domain : "a@b.c");
			idmap_uid_to_name(&ctx, 0, name, sizeof(name));
		}
		idmap_conf_free(&c);
	}
	return 0;
}
