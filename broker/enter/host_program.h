/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * exec=host: the host's helper binary, run inside the container without
 * any host path being reachable from it. The file is copied into a sealed
 * memfd (nothing in the container can write it, and /proc/<pid>/exe of the
 * helper names no host file); it must be a static ELF executable, since
 * an interpreter or shared library would be looked up in the container's
 * root. Returns the memfd (CLOEXEC) or -errno: -ENOEXEC for a dynamically
 * linked program or a script.
 */
int host_program_seal(const char *path);
