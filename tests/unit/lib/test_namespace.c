// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ns_differing(): a process's namespaces against ours, through its
 * /proc/<pid> directory fd, as exec_target_prepare() compares them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "namespace.h"

static int open_dir(pid_t pid)
{
	char path[32];

	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	return open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

static void ours_differ_in_nothing(void **state)
{
	int dir = open_dir(getpid()), flags = -1;

	assert_true(dir >= 0);
	assert_int_equal(ns_differing(dir, &flags), 0);
	assert_int_equal(flags, 0);
	close(dir);
}

/* A child in its own UTS and IPC namespaces differs in exactly those. */
static void child_namespaces(void **state)
{
	int p[2], dir, flags = -1;
	char c;
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		c = unshare(CLONE_NEWUTS | CLONE_NEWIPC) == 0 ? 'y' : 'n';
		if (write(p[1], &c, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	dir = open_dir(pid);
	assert_true(dir >= 0);
	if (c == 'y') {
		assert_int_equal(ns_differing(dir, &flags), 0);
		assert_int_equal(flags, CLONE_NEWUTS | CLONE_NEWIPC);
	}
	/* Reaped: its directory names nothing any more, never "the same". */
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_int_equal(ns_differing(dir, &flags), -ESRCH);
	close(dir);
	if (c != 'y')
		skip();   /* not root: unshare() refused */
}

static void *idle(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* A child (in its own UTS namespace, if it may) that exits all (@leader_only 0) or only its
 * main thread while another lives on (1); waits for it to get there. */
static pid_t exiting_child(bool leader_only, char *c)
{
	int p[2];
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		pthread_t t;

		close(p[0]);
		*c = unshare(CLONE_NEWUTS) == 0 ? 'y' : 'n';
		if (leader_only && pthread_create(&t, NULL, idle, NULL) != 0)
			_exit(1);
		if (write(p[1], c, 1) != 1)
			_exit(1);
		if (leader_only)
			syscall(SYS_exit, 0);   /* this thread only */
		pause();
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], c, 1), 1);
	close(p[0]);
	return pid;
}

/* Wait until @pid's main thread is a zombie ("State:\tZ"). */
static void wait_zombie(pid_t pid)
{
	char path[64], buf[4096];

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	for (int i = 0; i < 500; i++) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

		if (fd >= 0)
			close(fd);
		if (n > 0) {
			buf[n] = '\0';
			if (strstr(buf, "\nState:\tZ"))
				return;
		}
		usleep(10000);
	}
	fail_msg("%d never became a zombie", (int)pid);
}

/*
 * Exited but not reaped: a pidfd still takes signal 0 and the directory
 * still reads (status), but the namespaces are gone. Never "no such
 * type, skip it" (flags 0 would leave the helper in ours): -ESRCH. The
 * same for a main thread that exited while another thread lives on.
 */
static void exiting_is_not_ours(void **state)
{
	for (int leader_only = 0; leader_only < 2; leader_only++) {
		int dir, flags = -1;
		char c = 'n';
		pid_t pid = exiting_child(leader_only, &c);

		dir = open_dir(pid);
		assert_true(dir >= 0);
		if (!leader_only)
			kill(pid, SIGKILL);
		wait_zombie(pid);
		assert_int_equal(ns_differing(dir, &flags), -ESRCH);
		close(dir);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ours_differ_in_nothing),
		cmocka_unit_test(child_namespaces),
		cmocka_unit_test(exiting_is_not_ours),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
