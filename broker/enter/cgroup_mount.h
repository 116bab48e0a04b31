/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

/*
 * Where the host mounted a cgroup hierarchy, named as a /proc/<pid>/cgroup
 * line names it: "" for v2, else the v1 controllers ("pids", "cpu,cpuacct",
 * "name=systemd"). One line of /proc/self/mountinfo decides: the first
 * whose root is "/" (the whole hierarchy, not a bind of a subtree) and
 * whose filesystem type is "cgroup2", or "cgroup" with every controller
 * among its super options (each "name=<n>" there whole). The kernel prints
 * those options itself, comma-separated, a name only of [A-Za-z0-9._-] and
 * anything else escaped (seq_show_option()), so a comma split is exact.
 *
 * Parsed here rather than with libmount: loading libmount (with libblkid,
 * libselinux and libpcre2) took 0.75-0.9 ms per container upcall on the
 * bench machine, about what the whole rest of the preparation takes, and
 * kept the broker from being linked statically (bench/README.md).
 */

/*
 * From mountinfo text: the unescaped mount point of the hierarchy into
 * @out (of @size). 0, -ENOENT if it is not mounted, -EBADMSG for a
 * malformed line (or a mount point longer than @size).
 */
int cgroup_mount_parse(const char *mountinfo, const char *controllers, char *out, size_t size);
/*
 * Without mountinfo: the hierarchy at its conventional mount point
 * (/sys/fs/cgroup or /sys/fs/cgroup/unified for v2, /sys/fs/cgroup/<the
 * controllers, "name=" left out> for v1), proven by the kernel's answers
 * about the opened directory, never by a name: the filesystem's magic, the
 * hierarchy's root directory (kernfs gives a hierarchy's root inode number
 * 1, every cgroup below it a higher one, so a bind of a subtree or a mount
 * made inside a cgroup namespace is not taken), and for v1 the superblock's
 * options through statmount(2) (6.11+). The mount point into @out (of
 * @size); -ENOENT when not proven there (the caller reads mountinfo).
 * Reading mountinfo costs O(mounts): 1.2 ms per read with 1,000 mounts,
 * 6.1 ms with 5,000 (a Kubernetes node has thousands).
 */
int cgroup_mount_probe(const char *controllers, char *out, size_t size);
/* Our /proc/self/mountinfo, read once for every hierarchy an upcall joins. */
int cgroup_mount_read(char **text);
/*
 * An O_PATH fd of the mount point @path (from cgroup_mount_probe() or our
 * own mountinfo), proven to be a cgroup (v1) or cgroup2 filesystem still;
 * -ENOENT if something else is mounted there now.
 */
int cgroup_mount_open(const char *path, const char *controllers);
