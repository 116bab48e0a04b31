// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdbool.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "caps.h"

bool caps_have_effective(int cap)
{
	cap_t now = cap_get_proc();
	cap_flag_value_t v = CAP_CLEAR;

	if (now) {
		cap_get_flag(now, (cap_value_t)cap, CAP_EFFECTIVE, &v);
		cap_free(now);
	}
	return v == CAP_SET;
}

int caps_bound(uint64_t keep)
{
	/*
	 * cap_max_bits(): the kernel's count, which libcap probed once at
	 * start-up, so no drop fails with EINVAL and a kept capability costs
	 * no system call. Past it the kernel is asked (CAP_IS_SUPPORTED()):
	 * one call, unless libcap knows fewer than the kernel has.
	 */
	const int n = (int)cap_max_bits();

	for (cap_value_t c = 0; c < n || CAP_IS_SUPPORTED(c); c++) {
		if (c < 64 && ((keep >> c) & 1))
			continue;
		if (cap_drop_bound(c) < 0)
			return -errno;
	}
	return 0;
}

int caps_drop_all(void)
{
	cap_t none;
	int r;

	/*
	 * Emptying the bounding set needs CAP_SETPCAP; without it (an
	 * unprivileged run) no_new_privs below already keeps exec from
	 * raising anything.
	 */
	if (caps_have_effective(CAP_SETPCAP)) {
		r = caps_bound(0);
		if (r < 0)
			return r;
	}
	none = cap_init();
	if (!none)
		return -errno;
	r = cap_set_proc(none) < 0 ? -errno : 0;
	cap_free(none);
	if (r == 0 && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		r = -errno;
	return r;
}
