/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#define UMH_CONF "/etc/upcall-broker/umh.conf"

/*
 * The front for plain usermode helpers such as nfsd's cltrack_prog: the
 * kernel runs the broker under the helper's name (a link named
 * "nfsdcltrack"); the broker runs the configured program in the container
 * the kernel names (UPCALL_INIT_PIDFD), or on the host without one, and
 * returns its exit status, which the kernel acts on.
 */
int umh_front_main(const char *name, int argc, char **argv, const char *conf);
