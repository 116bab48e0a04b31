// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: id_resolver descriptions come from the NFS client's requester;
 * keyctl_describe() text carries them back for -l/-u/-g/-r. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_text.h"
#include "desc.h"
#include "keyring_ops.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct idmap_request rq;
	_cleanup_free_ char *s = fuzz_text(data, size);

	if (!s)
		return 0;
	if (idmap_desc_parse(s, &rq) == 0) {
		if ((rq.kind == IDMAP_USER || rq.kind == IDMAP_GROUP) && rq.id >= 0xffffffffUL)
			abort();   /* the parser promised a valid 32-bit id */
		if (strlen(rq.value) >= sizeof(rq.value))
			abort();
	}
	keyring_desc_matches(s, s + size / 2, KEYS_UID | KEYS_GID);
	return 0;
}
