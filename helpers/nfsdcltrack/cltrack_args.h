/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define NFS4_OPAQUE_LIMIT 1024

/*
 * The kernel passes client ids as hex strings. Returns the blob length,
 * -EINVAL for a non-hex character or an odd count, -ENOBUFS if too long.
 */
ssize_t cltrack_hex_to_blob(const char *hex, unsigned char *blob, size_t size);
/* "NFSDCLTRACK_GRACE_START" and "gracedone" times: decimal epoch seconds. */
int cltrack_parse_time(const char *s, int64_t *out);
/* storagedir from nfs.conf text ([nfsdcltrack] storagedir = ...), or NULL. */
char *cltrack_conf_storagedir(const char *text);
