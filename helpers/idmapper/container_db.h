/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Point libnfsidmap at the container: its /etc/idmapd.conf and its user and
 * group database. With UPCALL_ROOT_FD (exec=host) the helper is the host's
 * binary in the host's mount namespace, so:
 *  - idmapd.conf is read through openat2(RESOLVE_IN_ROOT) into a memfd and
 *    libnfsidmap loads it (and its plugins, from the host) from there;
 *  - NSS is pinned to glibc's built-in "files" service, so the container's
 *    nsswitch.conf can never make us load a library of its choosing;
 *  - we then chroot into the container's root and drop every capability,
 *    so getpwnam() and friends read the container's passwd and group
 *    files and nothing can chroot back out.
 * Without UPCALL_ROOT_FD the helper already runs inside the container.
 */
int container_db_setup(const char *conf_path);
