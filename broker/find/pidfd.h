/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pidref.h"
#include "proc_status.h"

/*
 * Pin a thread (PIDFD_THREAD on >= 6.9) or, on older kernels, its thread
 * group @tgid: *out gets @tid (for /proc/<tid> paths) and a CLOEXEC pidfd.
 * -EINVAL on an older kernel when @tgid is not given (0).
 */
int pidref_pin_thread(pid_t tid, pid_t tgid, struct pidref *out);
/* Pin a thread-group leader: *out gets @pid and a CLOEXEC pidfd. */
int pidref_pin_process(pid_t pid, struct pidref *out);
/* 0 while the process has not exited, -ESRCH once it has. */
int pidfd_check_alive(int pidfd);
/* Host pid behind a pidfd (fdinfo "Pid:"), -ESRCH if it has exited,
 * -EBADF if @fd is not a pidfd. */
int pidfd_get_pid(int pidfd, pid_t *pid);
/*
 * The id of the process's cgroup v2 (PIDFD_GET_INFO, 6.13): the kernel's
 * answer about this very process, O(1) whatever the cgroup holds.
 * -EOPNOTSUPP on kernels without it, -ESRCH once it has exited.
 */
int pidfd_get_cgroup_id(int pidfd, uint64_t *id);
/*
 * Open /proc/<pid>/<path> and then prove, with the pidfd, that <pid> still
 * names the pinned process: if it is alive now it was alive at the open,
 * so the pid cannot have been reused in between.
 */
int pidref_open_proc(const struct pidref *p, const char *path, int flags);
/* The whole of /proc/<pid>/<path>, opened as above, at most @max bytes
 * (file_read_fd()). Returns the length or -errno. */
int pidref_read_proc(const struct pidref *p, const char *path, size_t max, char **out);
/* /proc/<pid>/status of the pinned process, read as above and parsed. */
int pidref_read_status(const struct pidref *p, struct proc_status *st);

/*
 * /proc/<pid> itself (O_PATH|O_DIRECTORY), proven like pidref_open_proc():
 * for a caller that opens many of the process's files. procfs binds the
 * directory's inode to the process's struct pid, not to the number
 * (proc_pid_make_inode(); lookups beneath it go through get_proc_task()),
 * and our reference keeps that struct pid from being freed: once proven,
 * every file opened beneath this fd is that process's, or the open fails
 * (-ESRCH) after it has been reaped, however late the open and whoever
 * has its number by then. No further liveness check is needed per file.
 */
int pidref_open_dir(const struct pidref *p);
/* <path> beneath a pidref_open_dir() fd; -ESRCH for a missing file, as above. */
int proc_dir_open(int dir, const char *path, int flags);
/* The whole of <path> beneath a pidref_open_dir() fd, at most @max bytes. */
int proc_dir_read(int dir, const char *path, size_t max, char **out);
/* "status" beneath a pidref_open_dir() fd, read and parsed. */
int proc_dir_read_status(int dir, struct proc_status *st);
