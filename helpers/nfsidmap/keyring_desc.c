// SPDX-License-Identifier: GPL-2.0-or-later
/* Matching the description part of a key (whatever the requester chose)
 * against an invalidation request. */
#include <string.h>

#include "keyring_ops.h"

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
