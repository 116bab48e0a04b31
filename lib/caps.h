/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Once set-up is done a helper only parses container input: no capability
 * stays, none can come back from the bounding set, and no exec can gain any
 * (no_new_privs).
 */
int helper_drop_caps(void);
