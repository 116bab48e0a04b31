/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* One fd over a unix socket (SCM_RIGHTS), with one byte of data: @tag.
 * send_fd_tagged: 0 or -errno. recv_fd_tagged: the fd (CLOEXEC) and *tag,
 * -EPIPE at end of file, or -errno. send_fd()/recv_fd(): tag 'p'. */
int send_fd_tagged(int sock, int fd, char tag);
int recv_fd_tagged(int sock, char *tag);
int send_fd(int sock, int fd);
int recv_fd(int sock);
