/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A container manager's registration of a container (doc/registration.md):
 * host root sets the REGISTRATION_XATTR xattr (reg_value.h) on the
 * container's cgroup v2 directory, as systemd sets trusted.coredump_receive
 * for CoredumpReceive=. The trusted.* namespace is writable and readable
 * only with CAP_SYS_ADMIN in the initial user namespace, so a container's
 * root cannot forge, read or remove it, even on a cgroup delegated to it
 * (where it could set user.* xattrs).
 *
 * The registration of a container is the nearest one from the cgroup of
 * its init up to, not including, the hierarchy's root: a manager marks the
 * container's top cgroup; the init may live below it (nspawn's
 * init.scope), and moving it within its delegated subtree keeps it below
 * (a container cannot move a process out of the subtree delegated to it).
 */
#pragma once

#include <stddef.h>

#include "cgroup2.h"
#include "cgroup_view.h"
#include "pidref.h"
#include "reg_value.h"

struct registration {
	enum reg_policy policy;
	char init_cgroup[CGROUP2_PATH_MAX];  /* the init's cgroup ("" when not read) */
	char cgroup[CGROUP2_PATH_MAX];       /* the one carrying the xattr; "" for none */
	char raw[REGISTRATION_VALUE_MAX * 4 + 1]; /* the value as read, escaped for logs */
};

/*
 * The registration of the container whose init is @init (pinned). 0 with
 * @reg filled (REG_NONE when no v2 hierarchy is mounted); -EPERM without
 * CAP_SYS_ADMIN (the kernel would hide trusted.* xattrs as "none");
 * -errno when it cannot be read, which callers must not take for "none".
 * Our mount table and cgroups come from @v, which keeps the init's proven
 * cgroup v2 directory and its text for the exec path.
 */
int registration_read(const struct pidref *init, struct cgroup_view *v, struct registration *reg);
/*
 * The nearest registration from the cgroup @dir (path @path, for the
 * record) up to @root, as above; @dir is borrowed.
 */
int registration_walk(int root, int dir, const char *path, struct registration *reg);
/* One cgroup's own value (no walk): REG_NONE if it has none, or -errno. */
int registration_of_dir(int dir, struct registration *reg);
