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
#include <sched.h>
#include <signal.h>
#include <stdio.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ours_differ_in_nothing),
		cmocka_unit_test(child_namespaces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
