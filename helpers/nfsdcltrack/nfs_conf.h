/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * "storagedir" of the [nfsdcltrack] section of nfs.conf text (the
 * container's), or NULL, read by nfs-utils' conffile rules (lib/conffile.h):
 * section and tag case-insensitive, the last assignment wins. Only an
 * absolute path is accepted. Pure; the caller frees the result.
 */
char *cltrack_conf_storagedir(const char *text);
