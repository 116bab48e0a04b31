// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>

#include "cleanup.h"
#include "parse.h"
#include "proc_scan.h"

int proc_scan(int (*fn)(pid_t pid, void *ctx), void *ctx)
{
	_cleanup_closedir_ DIR *d = opendir("/proc");
	struct dirent *de;

	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		uint64_t v;
		int r;

		/* Everything but the numeric entries is /proc's own. */
		if (parse_u64(de->d_name, INT32_MAX, &v) < 0 || v == 0)
			continue;
		r = fn((pid_t)v, ctx);
		if (r)
			return r;
	}
	return 0;
}
