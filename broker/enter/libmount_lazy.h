/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <libmount/libmount.h>

/*
 * libmount, loaded on first use. Only container contexts need the mount
 * table (to find cgroup hierarchies), and linking libmount (with libblkid,
 * libselinux and libpcre2 behind it) into every request-key start costs
 * about 0.4 ms per upcall on this machine: the host path must not pay it.
 */
struct libmount_api {
	struct libmnt_table *(*new_table_from_file)(const char *);
	void (*unref_table)(struct libmnt_table *);
	struct libmnt_iter *(*new_iter)(int);
	void (*free_iter)(struct libmnt_iter *);
	int (*table_next_fs)(struct libmnt_table *, struct libmnt_iter *, struct libmnt_fs **);
	const char *(*fs_get_fstype)(struct libmnt_fs *);
	const char *(*fs_get_root)(struct libmnt_fs *);
	const char *(*fs_get_target)(struct libmnt_fs *);
	const char *(*fs_get_fs_options)(struct libmnt_fs *);
	int (*optstr_get_option)(const char *, const char *, char **, size_t *);
};

/* Load libmount.so.1 (once per call site's lifetime); -ENOPKG if absent. */
int libmount_load(struct libmount_api *api);
