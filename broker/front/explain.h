/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <sys/types.h>

/* upcall-broker explain <pid> [<type> <description> [<callout>]] */
int explain_main(int argc, char **argv);
