/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

/*
 * nfsidmap's maintenance commands on the kernel's ".id_resolver" keyring
 * (-c, -l, -u, -g, -r). They act on whatever keyring the caller can see:
 * on the host, the kernel's id mapping cache.
 */
#define ID_RESOLVER_KEYRING ".id_resolver"
#define KEYS_UID 0x1
#define KEYS_GID 0x2

int keyring_clear_id_resolver(void);
int keyring_list_id_resolver(void);
/*
 * Invalidate the "uid:<name>..."/"gid:<name>..." keys (per @mask): the
 * description must be the name itself or the name followed by '@', so
 * "-u alice" does not also drop alicia's mapping. -ENOENT if none.
 */
int keyring_invalidate(const char *name, unsigned mask);
/* Does key description @desc match invalidation request @name/@mask? */
bool keyring_desc_matches(const char *desc, const char *name, unsigned mask);
