/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <sys/types.h>

#define NFS4_OPAQUE_LIMIT 1024   /* RFC 3530: the longest nfs_client_id4 */

/*
 * The kernel passes client ids as hex strings (its own formatting of what
 * the NFS client sent). Returns the blob length, -EINVAL for a non-hex
 * character or an odd count, -ENOBUFS if longer than @size: as nfs-utils.
 */
ssize_t cltrack_hex_to_blob(const char *hex, unsigned char *blob, size_t size);
