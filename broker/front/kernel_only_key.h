/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Key types that only the kernel asks for, under a private credential of
 * its own: a request for one that userspace made is a forgery, refused
 * before any rule runs.
 */
#pragma once

#include <stddef.h>

#include "key_describe.h"

/*
 * 0 if @kd may be served; -EPERM if its type is one the kernel requests
 * only with its own root credential (so the key under construction is
 * owned by uid 0, gid 0 of the initial user namespace) and this key is
 * owned by anyone else. @why (@len bytes) says which, for the log.
 */
int kernel_only_key_vet(const struct key_description *kd, char *why, size_t len);
