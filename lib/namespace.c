// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "namespace.h"
#include "syscalls.h"

const struct ns_kind ns_kinds[NS_KIND_COUNT] = {
	{ "user", CLONE_NEWUSER }, { "mnt", CLONE_NEWNS }, { "pid", CLONE_NEWPID },
	{ "net", CLONE_NEWNET }, { "uts", CLONE_NEWUTS }, { "ipc", CLONE_NEWIPC },
	{ "cgroup", CLONE_NEWCGROUP }, { "time", CLONE_NEWTIME },
};

/* Device and inode together: nsfs inode numbers are unique only per device. */
static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

int ns_same(int a, int b)
{
	struct stat sa, sb;

	if (fstat(a, &sa) < 0 || fstat(b, &sb) < 0)
		return -errno;
	return same_file(&sa, &sb);
}

int ns_is_ours(int fd, const char *kind)
{
	struct stat theirs, ours;
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/ns/%s", kind);
	if (fstat(fd, &theirs) < 0 || stat(path, &ours) < 0)
		return -errno;
	return same_file(&theirs, &ours);
}

/*
 * A namespace link's target as the kernel names it, "<type>:[<inode>]"
 * (proc_ns_readlink()): the nsfs inode number, the namespace's identity
 * (nsfs is one file system), without the nsfs dentry and inode that a
 * stat() through the link instantiates, and frees again since nothing else
 * holds them, on every call. -errno, -ENAMETOOLONG if it does not fit.
 */
static int ns_link(int dir, const char *path, char *buf, size_t size)
{
	ssize_t n = readlinkat(dir, path, buf, size);

	if (n < 0)
		return -errno;
	if ((size_t)n >= size)
		return -ENAMETOOLONG;
	buf[n] = '\0';
	return 0;
}

/*
 * Beneath a /proc/<pid> directory fd the lookup is bound to that process
 * (pidfd.h: pidref_open_dir()), so no liveness check is needed per file.
 */
int ns_differing(int proc_dir, int *flags)
{
	*flags = 0;
	for (size_t i = 0; i < ARRAY_SIZE(ns_kinds); i++) {
		char path[32], ours_path[32], theirs[64], ours[64];
		int r;

		snprintf(path, sizeof(path), "ns/%s", ns_kinds[i].name);
		snprintf(ours_path, sizeof(ours_path), "/proc/self/ns/%s", ns_kinds[i].name);
		r = ns_link(proc_dir, path, theirs, sizeof(theirs));
		if (r == -ENOENT) {
			/* A kernel without this type (time: < 5.6) has none for
			 * us either; otherwise the process has exited, or is
			 * exiting (its nsproxy is gone): not one to enter. */
			if (ns_link(AT_FDCWD, ours_path, ours, sizeof(ours)) == -ENOENT)
				continue;
			return -ESRCH;
		}
		if (r < 0)
			return r;
		r = ns_link(AT_FDCWD, ours_path, ours, sizeof(ours));
		if (r < 0)
			return r;
		if (strcmp(theirs, ours))
			*flags |= ns_kinds[i].clone_flag;
	}
	return 0;
}

unsigned long ns_ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) < 0 ? 0 : (unsigned long)st.st_ino;
}
