/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * exec=host: the host's helper binary, run inside the container without
 * any host path being reachable from it: nothing in the container can
 * write the file, and /proc/<pid>/exe of the helper names no host file nor
 * leads to a directory. The file is reached through a private read-only
 * overlayfs (host_overlay.h) or, where that cannot be made, copied into a
 * sealed memfd. It must be a static ELF executable, since an interpreter
 * or shared library would be looked up in the container's root. Returns an
 * fd (CLOEXEC) for execveat(AT_EMPTY_PATH) or -errno: -ENOEXEC for a
 * dynamically linked program or a script.
 */
int host_program_seal(const char *path);
