// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/stat.h>

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

unsigned long ns_ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) < 0 ? 0 : (unsigned long)st.st_ino;
}
