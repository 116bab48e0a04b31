/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <sys/types.h>

/*
 * Call @fn for every process listed in our /proc. A pid is only a name
 * here: whoever acts on one pins it (pidfd) and checks again afterwards.
 * @fn returns 0 to go on; anything else ends the scan and is returned.
 * Returns 0 once every process was seen, -errno if /proc cannot be read.
 */
int proc_scan(int (*fn)(pid_t pid, void *ctx), void *ctx);
