/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* One fd over a unix socket (SCM_RIGHTS), with one byte of data.
 * send_fd: 0 or -errno. recv_fd: the fd (CLOEXEC) or -errno. */
int send_fd(int sock, int fd);
int recv_fd(int sock);
