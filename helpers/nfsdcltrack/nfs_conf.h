/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * "storagedir" of the [nfsdcltrack] section of nfs.conf text (the
 * container's), or NULL. Section and tag are case-insensitive, the last
 * assignment wins, "#"/";" start comments, values may be quoted; only an
 * absolute path is accepted. Pure; the caller frees the result.
 */
char *cltrack_conf_storagedir(const char *text);
