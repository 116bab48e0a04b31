// SPDX-License-Identifier: GPL-2.0-or-later
/* Key descriptions as keyctl_describe() gives them: kernel text, but the
 * description part is whatever the requester chose. */
#include <string.h>

#include "keyring_ops.h"

const char *keyring_desc_of(const char *describe)
{
	const char *p = describe;

	/* A description may itself contain ';': skip exactly four fields. */
	for (int i = 0; i < 4; i++) {
		p = strchr(p, ';');
		if (!p)
			return NULL;
		p++;
	}
	return p;
}

bool keyring_desc_matches(const char *desc, const char *name, unsigned mask)
{
	size_t n = strlen(name);

	if (!strncmp(desc, "uid:", 4) && (mask & KEYS_UID))
		desc += 4;
	else if (!strncmp(desc, "gid:", 4) && (mask & KEYS_GID))
		desc += 4;
	else
		return false;
	return n && !strncmp(desc, name, n) && (desc[n] == '\0' || desc[n] == '@');
}
