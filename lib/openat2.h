/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdint.h>
#include <linux/openat2.h>

/*
 * openat2(2) with the RESOLVE_* flags in @resolve, always O_CLOEXEC: the
 * one way a path a container may have shaped (its files, its cgroup names)
 * is opened from the host side. Returns the fd or -errno (-ENOSYS before
 * Linux 5.6: no fallback to a plain open).
 */
int openat2_resolve(int dirfd, const char *path, int flags, uint64_t resolve);
