/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Numbers from hostile text: the kernel's command line, the environment,
 * configuration files and /proc. strtoul() alone accepts blanks, a sign,
 * "0x" and overflow silently; these accept digits and nothing else.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <keyutils.h>

/* Decimal digits only, 1..20 of them, value <= @max. -EINVAL / -ERANGE. */
int parse_u64(const char *s, uint64_t max, uint64_t *out);
/* The same for the @len bytes at @s (a field of a line). */
int parse_u64_n(const char *s, size_t len, uint64_t max, uint64_t *out);
/* A uid or gid (@len bytes): at most (uid_t)-2, since -1 means "no id" to
 * the kernel (chown(2), the id_resolver payload). */
int parse_id(const char *s, size_t len, uint32_t *out);
int parse_uint(const char *s, unsigned max, unsigned *out);
/* A key serial as the kernel prints it: 1..INT32_MAX. */
int parse_key_serial(const char *s, key_serial_t *out);
/* An fd number handed over by our parent: decimal, in [3, 1024]; else -EBADF. */
int parse_fd(const char *s);
/*
 * An fd number handed over in environment variable @name (and removed from
 * the environment, so that nothing we start inherits the claim).
 * -ENOENT when unset; -EBADF when not a number in [3, 1024] or not open.
 */
int parse_env_fd(const char *name);
