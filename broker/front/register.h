/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * upcall-broker register (--pid <pid> | --cgroup <path>) (inside|host|refuse|--remove):
 * what the container-manager glue (dist/) runs as host root to set or
 * remove a container's registration (doc/registration.md).
 */
int register_main(int argc, char **argv);
