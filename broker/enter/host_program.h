/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * exec=host: the host's helper binary, run inside the container without
 * any host path being reachable from it: nothing in the container can
 * write the file, and /proc/<pid>/exe of the helper names no host file nor
 * leads to a directory. The file is reached through a private read-only
 * overlayfs (host_overlay.h) or, where that cannot be made, copied into a
 * sealed memfd. It must be a static ELF executable, since an interpreter
 * or shared library would be looked up in the container's root.
 *
 * Two steps, because the copy's pages are charged to the memory cgroup of
 * the process that writes them, and a container holding /proc/<pid>/exe
 * of its helpers keeps every copy alive for as long as it likes: made by
 * the broker (the host's root cgroup) each upcall would pin host memory
 * beyond the container's limits. So the broker only opens and checks
 * (host_program_open()), and stage one, once it is in the container's
 * cgroups, makes the copy (host_program_finish()): the container pays for
 * what it pins.
 */

/*
 * Check @path (a regular static executable of at most 64 MiB) and return
 * an fd (CLOEXEC): the overlay's O_PATH handle, ready for execveat(), or,
 * where no overlay can be made, the program itself opened O_RDONLY, for
 * host_program_finish() to copy. -errno: -ENOEXEC for a dynamically
 * linked program or a script.
 */
int host_program_open(const char *path);

/*
 * Make @fd (from host_program_open()) ready for execveat(AT_EMPTY_PATH):
 * nothing for the overlay's handle; the program is otherwise copied into
 * a memfd sealed against any change, which replaces @fd (same number,
 * CLOEXEC). 0 or -errno.
 */
int host_program_finish(int fd);

/* Both steps in the calling process (tests, bench/floor). */
int host_program_seal(const char *path);
