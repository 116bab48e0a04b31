/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The namespace types the broker compares and enters, by their
 * /proc/<pid>/ns/ name, and the identity test on nsfs fds.
 */
struct ns_kind {
	const char *name;   /* /proc/<pid>/ns/<name> */
	int clone_flag;     /* CLONE_NEW*, for setns() */
};

#define NS_KIND_COUNT 8
/*
 * Every type up to Linux 6.x. Older kernels lack some (time: < 5.6), so
 * a missing /proc/<pid>/ns/<name> is not an error by itself.
 */
extern const struct ns_kind ns_kinds[NS_KIND_COUNT];

/* 1 if the nsfs fds @a and @b name the same namespace, 0 if not, -errno. */
int ns_same(int a, int b);
/* 1 if @fd is our own namespace of type @kind (an ns_kinds name), 0, -errno. */
int ns_is_ours(int fd, const char *kind);
/*
 * *@flags gets the CLONE_NEW* flags of the namespaces of the process whose
 * /proc/<pid> directory is @proc_dir that are not ours. 0, -ESRCH when it
 * has none of a type we have (it has exited, or is exiting), -errno.
 */
int ns_differing(int proc_dir, int *flags);
/* The namespace's inode number, for logs and traces; 0 if fstat() fails. */
unsigned long ns_ino(int fd);
