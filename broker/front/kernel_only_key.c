// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kernel_only_key.h"

/*
 * cifs_get_spnego_key() and the cifs.idmap lookups override their
 * credentials with CIFS' own (prepare_kernel_cred(): root of the initial
 * user namespace) before request_key(): a key the kernel asks for is owned
 * by 0:0. Any other owner means a task asked, which kernels without the
 * CIFSwitch fix (CVE-2026-46243: cifs_spnego_key_vet_description()) let
 * anyone do with a description of their choosing; stock cifs.upcall then
 * runs as root and joins the namespaces of the description's pid=. The
 * fixed kernels refuse such a request themselves.
 */
static const char *const kernel_only[] = { "cifs.spnego", "cifs.idmap" };

int kernel_only_key_vet(const struct key_description *kd, char *why, size_t len)
{
	for (size_t i = 0; i < sizeof(kernel_only) / sizeof(kernel_only[0]); i++) {
		if (strcmp(kd->type, kernel_only[i]) != 0)
			continue;
		if (kd->uid == 0 && kd->gid == 0)
			return 0;
		snprintf(why, len, "a %s key owned by %u:%u: only the kernel asks for these (as 0:0); a forged request",
			 kd->type, kd->uid, kd->gid);
		return -EPERM;
	}
	return 0;
}
