// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What one upcall proves once instead of per file: a pinned process's
 * /proc/<pid> directory (pidref_open_dir()), its cgroups in one proof
 * (cgroup_member_check_all()), and our own cgroup text read once
 * (cgroup_view).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "cgroup_member.h"
#include "cgroup_mount.h"
#include "cgroup_view.h"
#include "cleanup.h"
#include "openat2.h"
#include "pidfd.h"

static pid_t sleeper(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		pause();
		_exit(0);
	}
	return pid;
}

/* The next fork gets @pid, if nobody else takes it first (root only). */
static int set_last_pid(pid_t pid)
{
	char buf[16];
	int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY | O_CLOEXEC), n;

	if (fd < 0)
		return -1;
	n = snprintf(buf, sizeof(buf), "%d", (int)pid - 1);
	n = write(fd, buf, (size_t)n) == n ? 0 : -1;
	close(fd);
	return n;
}

/*
 * The directory is bound to the process, not to its number: after it is
 * reaped and the number reused, reads beneath the old directory fail
 * instead of reading the newcomer.
 */
static void dir_outlives_pid_reuse(void **state)
{
	struct pidref p = PIDREF_NULL;
	_cleanup_free_ char *text = NULL;
	struct proc_status st;
	int dir, reused = 0;
	pid_t a = sleeper(), b = -1;

	assert_true(a > 0);
	if (pidref_pin_process(a, &p) == -ENOSYS) {
		/* valgrind 3.19 does not know pidfd_open (Makefile: check-valgrind) */
		kill(a, SIGKILL);
		waitpid(a, NULL, 0);
		skip();
	}
	dir = pidref_open_dir(&p);
	assert_true(dir >= 0);
	assert_int_equal(proc_dir_read_status(dir, &st), 0);
	assert_int_equal(st.tgid, a);
	kill(a, SIGKILL);
	waitpid(a, NULL, 0);
	assert_int_equal(pidref_open_dir(&p), -ESRCH);
	for (int i = 0; i < 20 && !reused; i++) {
		if (set_last_pid(a) < 0)
			break;
		b = sleeper();
		assert_true(b > 0);
		reused = b == a;
		if (!reused) {
			kill(b, SIGKILL);
			waitpid(b, NULL, 0);
		}
	}
	assert_int_equal(proc_dir_read(dir, "status", 4096, &text), -ESRCH);
	assert_int_equal(proc_dir_open(dir, "ns/pid", O_RDONLY), -ESRCH);
	close(dir);
	pidref_done(&p);
	if (reused) {
		kill(b, SIGKILL);
		waitpid(b, NULL, 0);
	} else {
		skip();   /* not root, or the number went elsewhere */
	}
}

/* Our own cgroups: every line's directory, proven in one call. */
static void member_check_all(void **state)
{
	struct cgroup_view v = CGROUP_VIEW_NULL;
	struct cgroup_member m[16];
	int fds[16], dir, root_v2 = -1;
	struct pidref self = PIDREF_NULL;
	const char *mi, *ours, *again;
	char *forged;
	size_t n = 0;
	uint64_t id;

	if (pidref_pin_process(getpid(), &self) == -ENOSYS)
		skip();   /* valgrind 3.19: no pidfd_open */
	assert_int_equal(cgroup_view_ours(&v, &ours), 0);
	assert_int_equal(cgroup_view_ours(&v, &again), 0);
	assert_ptr_equal(ours, again);   /* read once */
	assert_int_equal(cgroup_view_mountinfo(&v, &mi), 0);
	assert_int_equal(cgroup_view_mountinfo(&v, &again), 0);
	assert_ptr_equal(mi, again);
	assert_true(pidref_is_set(&self));
	dir = pidref_open_dir(&self);
	assert_true(dir >= 0);
	for (const char *line = ours; *line && n < ARRAY_SIZE(m);) {
		const char *nl = strchrnul(line, '\n'), *c1 = memchr(line, ':', (size_t)(nl - line));
		const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(nl - c1 - 1)) : NULL;

		if (c2) {
			char *ctrl = strndup(c1 + 1, (size_t)(c2 - c1 - 1));
			char *path = strndup(c2 + 1, (size_t)(nl - c2 - 1));
			char mp[4096];
			int mnt = cgroup_view_mount(&v, ctrl, mp, sizeof(mp));

			mnt = mnt < 0 ? mnt : cgroup_mount_open(mp, ctrl);

			if (mnt >= 0) {
				const char *rel = path[1] ? path + 1 : ".";

				fds[n] = openat2_resolve(mnt, rel, O_RDONLY | O_DIRECTORY, RESOLVE_BENEATH);
				if (fds[n] >= 0) {
					m[n] = (struct cgroup_member){ fds[n], line, (size_t)(nl - line) };
					if (!ctrl[0])
						root_v2 = openat(mnt, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
					n++;
				}
				close(mnt);
			}
			free(ctrl);
			free(path);
		}
		line = *nl ? nl + 1 : nl;
	}
	if (n == 0) {
		cgroup_view_release(&v);
		skip();
	}
	assert_int_equal(cgroup_member_check_all(&self, dir, m, n), 1);
	assert_int_equal(cgroup_member_check_all(&self, -1, m, n), 1);
	/* One v1 line that is not ours any more: the whole proof fails. */
	for (size_t i = 0; i < n; i++) {
		const char *keep = m[i].line;

		if (!memcmp(keep, "0::", 3))
			continue;
		forged = strndup(keep, m[i].len);
		assert_non_null(forged);
		forged[m[i].len - 1] = forged[m[i].len - 1] == 'x' ? 'y' : 'x';
		m[i].line = forged;
		assert_int_equal(cgroup_member_check_all(&self, dir, m, n), 0);
		m[i].line = keep;
		free(forged);
		break;
	}
	/* v2 by the kernel's cgroup id: a directory that is not ours fails
	 * even with our own line. */
	for (size_t i = 0; i < n && root_v2 >= 0; i++) {
		struct cgroup_member w = { root_v2, m[i].line, m[i].len };
		int other = -1;

		if (memcmp(m[i].line, "0::", 3) || pidfd_get_cgroup_id(self.fd, &id) < 0)
			continue;
		if (m[i].len == 4) {
			/* We are in the root: any child cgroup is another one. */
			_cleanup_closedir_ DIR *d = fdopendir(dup(root_v2));
			struct dirent *e;

			while (d && (e = readdir(d)) && other < 0)
				if (e->d_type == DT_DIR && e->d_name[0] != '.')
					other = openat(root_v2, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (other < 0)
				continue;
			w.dir = other;
		}
		assert_int_equal(cgroup_member_check_all(&self, dir, &w, 1), 0);
		if (other >= 0)
			close(other);
	}
	for (size_t i = 0; i < n; i++)
		close(fds[i]);
	if (root_v2 >= 0)
		close(root_v2);
	close(dir);
	pidref_done(&self);
	cgroup_view_release(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dir_outlives_pid_reuse),
		cmocka_unit_test(member_check_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
