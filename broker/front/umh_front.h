/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "umh_conf.h"

/*
 * The front for plain usermode helpers such as nfsd's cltrack_prog: the
 * kernel runs the broker by a path whose last component is the helper's
 * name (a link); the broker runs the program umh.conf gives for that name
 * in the container the kernel names (UPCALL_INIT_PIDFD), or on the host
 * without one, and returns its exit status, which the kernel acts on.
 */
int umh_front_main(const char *name, int argc, char **argv, const char *conf);
/* Run @rule for @name (rule from umh_conf_find()). Returns the exit status. */
int umh_front_run(const char *name, const struct umh_rule *rule, int argc, char **argv);
