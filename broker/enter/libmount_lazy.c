// SPDX-License-Identifier: GPL-2.0-or-later
#include <dlfcn.h>
#include <errno.h>

#include "libmount_lazy.h"

int libmount_load(struct libmount_api *api)
{
	/* The handle is never closed: the broker is a short-lived process. */
	void *h = dlopen("libmount.so.1", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return -ENOPKG;
#define SYM(field, name)                                  \
	do {                                              \
		*(void **)&api->field = dlsym(h, name);   \
		if (!api->field)                          \
			return -ENOPKG;                   \
	} while (0)
	SYM(new_table_from_file, "mnt_new_table_from_file");
	SYM(unref_table, "mnt_unref_table");
	SYM(new_iter, "mnt_new_iter");
	SYM(free_iter, "mnt_free_iter");
	SYM(table_next_fs, "mnt_table_next_fs");
	SYM(fs_get_fstype, "mnt_fs_get_fstype");
	SYM(fs_get_root, "mnt_fs_get_root");
	SYM(fs_get_target, "mnt_fs_get_target");
	SYM(fs_get_fs_options, "mnt_fs_get_fs_options");
	SYM(optstr_get_option, "mnt_optstr_get_option");
#undef SYM
	return 0;
}
