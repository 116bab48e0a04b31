// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * floor [-m] <count> <init pid> <program> <arguments...>: the cost of the bare
 * mechanism a container upcall needs, without any of the broker's checks,
 * against the bare host run it replaces. Alternating, <count> times each:
 *
 *   host       fork; the child execs <program>; wait.
 *   container  fork; the child joins the init's differing namespaces
 *              (one setns(pidfd, mask)) and its root, then clones a second
 *              process there, which clones the helper as pid 1 of a fresh
 *              pid namespace (unshare(CLONE_NEWPID) is refused after setns
 *              into a pid namespace, so it takes that second process); the
 *              helper takes uid/gid 0 of the container and execs <program>.
 *              As the broker does it: the two clones share their parent's
 *              memory until they exit or exec (CLONE_VM|CLONE_VFORK) and
 *              are our children (CLONE_PARENT); we reap all three.
 *
 * -m: as exec=host does, the container run makes <program> (a static
 * executable of the host) into the fd exec=host runs, with the broker's
 * own host_program_seal() (a private read-only overlayfs, or the sealed
 * memfd copy where none can be made), and execs that; the host run execs
 * the file.
 *
 * That is what the broker's [container] path cannot do without: the helper
 * is pid 1 of its own pid namespace so that a kill leaves nothing behind,
 * and entering a pid namespace only moves children. The broker adds its
 * checks, cgroup joins and credential/limit copies on top. Prints
 * "<host median us> <container median us>" (stdout of <program>: /dev/null).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "host_program.h"

static const struct {
	const char *name;
	int flag;
} nss[] = {
	{ "user", CLONE_NEWUSER }, { "mnt", CLONE_NEWNS }, { "pid", CLONE_NEWPID },
	{ "net", CLONE_NEWNET }, { "uts", CLONE_NEWUTS }, { "ipc", CLONE_NEWIPC },
	{ "cgroup", CLONE_NEWCGROUP }, { "time", CLONE_NEWTIME },
};

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* The namespaces of @pid that are not ours: what the broker's setns() joins. */
static int differing(pid_t pid)
{
	int flags = 0;

	for (size_t i = 0; i < sizeof(nss) / sizeof(nss[0]); i++) {
		char path[64];
		struct stat a, b;

		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, nss[i].name);
		if (stat(path, &a) < 0)
			continue;
		snprintf(path, sizeof(path), "/proc/self/ns/%s", nss[i].name);
		if (stat(path, &b) < 0 || a.st_ino != b.st_ino || a.st_dev != b.st_dev)
			flags |= nss[i].flag;
	}
	return flags;
}

static __attribute__((noreturn)) void run(int exec_fd, char **argv)
{
	static char *const envp[] = { NULL };
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
	}
	if (exec_fd >= 0)
		syscall(SYS_execveat, exec_fd, "", argv, envp, AT_EMPTY_PATH);
	else
		execv(argv[0], argv);
	_exit(127);
}

struct run_args {
	int exec_fd;
	char **argv;
	char *helper_stack;
};

static int helper(void *arg)
{
	const struct run_args *r = arg;

	if (setgroups(0, NULL) < 0 || setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		_exit(122);
	run(r->exec_fd, r->argv);
}

static int second(void *arg)
{
	const struct run_args *r = arg;

	if (clone(helper, r->helper_stack, CLONE_VM | CLONE_VFORK | CLONE_PARENT | CLONE_NEWPID, arg) < 0)
		_exit(123);
	_exit(0);
}

static __attribute__((noreturn)) void container_child(int pidfd, int flags, int root, int exec_fd, char **argv)
{
	const size_t size = 256 * 1024;
	char *stack = mmap(NULL, 2 * size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	struct run_args r = { .exec_fd = exec_fd, .argv = argv, .helper_stack = stack + size };

	if (stack == MAP_FAILED || (flags && setns(pidfd, flags) < 0) || fchdir(root) < 0 || chroot(".") < 0 ||
	    chdir("/") < 0)
		_exit(124);
	if (clone(second, stack + 2 * size, CLONE_VM | CLONE_VFORK | CLONE_PARENT | SIGCHLD, &r) < 0)
		_exit(124);
	_exit(0);
}

/* One run; its wall time in us, or -1 if it did not exit 0. */
static double once(int pidfd, int flags, int root, bool exec_host, char **argv)
{
	double a = now_us();
	int status, exec_fd = -1;
	pid_t pid;

	if (pidfd >= 0 && exec_host && (exec_fd = host_program_seal(argv[0])) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		if (pidfd < 0)
			run(-1, argv);
		container_child(pidfd, flags, root, exec_fd, argv);
	}
	if (exec_fd >= 0)
		close(exec_fd);
	if (pid < 0)
		return -1;
	/* The host run has one child; the container run three, all ours. */
	int reaped = 0, failed = 0;
	while (waitpid(-1, &status, __WALL) > 0) {
		reaped++;
		failed |= !WIFEXITED(status) || WEXITSTATUS(status);
	}
	if (failed || reaped != (pidfd >= 0 ? 3 : 1))
		return -1;
	return now_us() - a;
}

int main(int argc, char **argv)
{
	bool exec_host = argc > 1 && !strcmp(argv[1], "-m");

	argc -= exec_host;
	argv += exec_host;
	int n = argc > 3 ? atoi(argv[1]) : 0, nh = 0, nc = 0;
	pid_t init = argc > 3 ? atoi(argv[2]) : 0;
	double *host, *ctr;
	char path[64];

	if (n <= 0 || init <= 0) {
		fprintf(stderr, "usage: floor [-m] <count> <init pid> <program> <arguments...>\n");
		return 2;
	}
	int pidfd = (int)syscall(SYS_pidfd_open, init, 0);

	snprintf(path, sizeof(path), "/proc/%d/root", (int)init);
	int root = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (pidfd < 0 || root < 0) {
		fprintf(stderr, "floor: pid %d: %s\n", (int)init, strerror(errno));
		return 1;
	}
	int flags = differing(init);

	host = calloc((size_t)n, sizeof(*host));
	ctr = calloc((size_t)n, sizeof(*ctr));
	if (!host || !ctr)
		return 1;
	for (int i = 0; i < n; i++) {
		double h = once(-1, 0, -1, false, argv + 3), c = once(pidfd, flags, root, exec_host, argv + 3);

		if (h >= 0)
			host[nh++] = h;
		if (c >= 0)
			ctr[nc++] = c;
	}
	if (!nh || !nc) {
		fprintf(stderr, "floor: no successful run (host %d, container %d of %d)\n", nh, nc, n);
		return 1;
	}
	qsort(host, (size_t)nh, sizeof(*host), cmp);
	qsort(ctr, (size_t)nc, sizeof(*ctr), cmp);
	printf("%.0f %.0f\n", host[nh / 2], ctr[nc / 2]);
	return nh == n && nc == n ? 0 : 1;
}
