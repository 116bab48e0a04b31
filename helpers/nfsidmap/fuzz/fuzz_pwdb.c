// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: the container's /etc/passwd or /etc/group, then the engine over it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_text.h"
#include "engine.h"
#include "pwdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct idmap_conf c = { .nostrip = IDMAP_NOSTRIP_USER | IDMAP_NOSTRIP_GROUP, .reformat_group = true };
	struct pwdb db;
	char name[IDMAP_NAMESZ];
	_cleanup_free_ char *s = fuzz_text(data, size);

	if (!s)
		return 0;
	if (pwdb_parse(s, &db) == 0) {
		struct idmap_ctx ctx = { .conf = &c, .domain = "one.test", .passwd = &db, .group = &db };
		for (size_t i = 0; i < db.n; i++)
			if (!db.v[i].name[0] || strchr(db.v[i].name, ':') || strchr(db.v[i].name, '\n') ||
			    db.v[i].id == UINT32_MAX)
				abort();
		if (db.n) {
			idmap_uid_to_name(&ctx, db.v[0].id, name, sizeof(name));
			idmap_owner_to_uid(&ctx, db.v[db.n - 1].name);
			idmap_group_owner_to_gid(&ctx, "x@ONE.test");
		}
		pwdb_free(&db);
	}
	return 0;
}
