/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "dns_types.h"

/*
 * /etc/hosts: add to @out every address of the wanted @families listed for
 * @name (canonical name or alias, case-insensitive, as glibc's "files"
 * service with "multi on"). @text is the file's content, NULL for no file.
 * Returns how many addresses were added. Junk lines are skipped.
 */
int hosts_lookup(const char *text, const char *name, int families, struct dns_addr_list *out);
