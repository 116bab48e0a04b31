/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* Is capability @cap (a CAP_* number) in our effective set? */
bool caps_have_effective(int cap);

/*
 * Remove from the bounding set every capability not in @keep (bit n is
 * capability n, as in /proc/<pid>/status CapBnd), over every capability the
 * running kernel knows, not just those our headers name. Needs CAP_SETPCAP.
 * Returns 0 or -errno.
 */
int caps_bound(uint64_t keep);
/*
 * Once set-up is done a helper only parses container input: no capability
 * stays, none can come back from the bounding set, and no exec can gain any
 * (no_new_privs). Returns 0 or -errno.
 */
int caps_drop_all(void);
