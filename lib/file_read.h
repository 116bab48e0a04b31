/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

/*
 * Read a whole small file into a NUL-terminated buffer. Bounded, because
 * what we read may be written by a container (its /proc text, its files):
 * -EFBIG once @max bytes are reached. Returns the length or -errno.
 */
int file_read_fd(int fd, size_t max, char **out);
/* The same for @path opened (O_RDONLY, no controlling tty) at @dirfd. */
int file_read_at(int dirfd, const char *path, size_t max, char **out);
