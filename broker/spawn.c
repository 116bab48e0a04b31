// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <keyutils.h>
#include <linux/close_range.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "pidfd.h"
#include "spawn.h"
#include "syscalls.h"

/* Set-up steps, reported over err_fd so the broker can log which one failed. */
enum step {
	STEP_PDEATHSIG = 1, STEP_CGROUP1, STEP_LSM, STEP_SETNS, STEP_CHROOT, STEP_FORK,
	STEP_SETSID, STEP_STDIO, STEP_CAPBSET, STEP_GROUPS, STEP_GID, STEP_UID, STEP_NNP,
	STEP_KEYRING, STEP_AUTHORITY, STEP_FDS, STEP_EXEC,
};

static const char *const step_names[] = {
	[STEP_PDEATHSIG] = "parent-death signal", [STEP_CGROUP1] = "join cgroup v1",
	[STEP_LSM] = "set LSM exec label", [STEP_SETNS] = "enter namespaces",
	[STEP_CHROOT] = "enter root directory", [STEP_FORK] = "fork into pid namespace",
	[STEP_SETSID] = "setsid", [STEP_STDIO] = "set up stdio",
	[STEP_CAPBSET] = "bound capabilities", [STEP_GROUPS] = "setgroups",
	[STEP_GID] = "setresgid", [STEP_UID] = "setresuid", [STEP_NNP] = "no_new_privs",
	[STEP_KEYRING] = "join session keyring", [STEP_AUTHORITY] = "assume authority", [STEP_FDS] = "close fds", [STEP_EXEC] = "exec",
};

struct child_err {
	int step;
	int err;
};

static __attribute__((noreturn)) void child_fail(int err_fd, int step)
{
	struct child_err ce = { .step = step, .err = errno };
	ssize_t n = write(err_fd, &ce, sizeof(ce));

	(void)n;
	_exit(127);
}

static int write_all_fd(int fd, const char *s)
{
	size_t len = strlen(s);

	return write(fd, s, len) == (ssize_t)len ? 0 : -1;
}

static int bound_capabilities(uint64_t keep)
{
	for (cap_value_t c = 0; c <= CAP_LAST_CAP; c++) {
		if (keep & (1ULL << c))
			continue;
		if (cap_drop_bound(c) < 0 && errno != EINVAL)
			return -1;
	}
	return 0;
}

/* The helper's own set-up: runs in the target's pid namespace if it has one. */
static __attribute__((noreturn)) void helper_exec(const struct spawn_args *a, int err_fd, bool own_pdeathsig)
{
	const struct exec_target *t = a->t;
	char *envp[16] = { "HOME=/", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	int n_env = 2, devnull, root_fd = t->root_fd, exec_fd = a->exec_fd;

	/* Lift the fds still needed above 0-3 before those are overwritten. */
	err_fd = fcntl(err_fd, F_DUPFD_CLOEXEC, 10);
	if (err_fd < 0)
		_exit(127);
	if (a->exec_host) {
		root_fd = fcntl(root_fd, F_DUPFD_CLOEXEC, 10);
		exec_fd = fcntl(exec_fd, F_DUPFD_CLOEXEC, 10);
		if (root_fd < 0 || exec_fd < 0)
			child_fail(err_fd, STEP_STDIO);
	}

	if (setsid() < 0)
		child_fail(err_fd, STEP_SETSID);
	if (own_pdeathsig && prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		child_fail(err_fd, STEP_PDEATHSIG);

	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	for (int i = 0; i < 3; i++) {
		int src = a->stdio[i] >= 0 ? a->stdio[i] : devnull;
		if (src < 0 || (src == i ? fcntl(i, F_SETFD, 0) : dup2(src, i)) < 0)
			child_fail(err_fd, STEP_STDIO);
	}
	if (a->exec_host) {
		if (dup2(root_fd, 3) < 0)
			child_fail(err_fd, STEP_STDIO);
		envp[n_env++] = "UPCALL_ROOT_FD=3";
	}
	for (int i = 0; a->extra_env && a->extra_env[i] && n_env < (int)ARRAY_SIZE(envp) - 1; i++)
		envp[n_env++] = a->extra_env[i];

	if (t->ctx != EXEC_HOST) {
		if (bound_capabilities(t->st.cap_bnd) < 0)
			child_fail(err_fd, STEP_CAPBSET);
		if (!t->setgroups_denied && setgroups((size_t)t->n_groups, t->groups) < 0)
			child_fail(err_fd, STEP_GROUPS);
		if (setresgid(t->gid[0], t->gid[1], t->gid[2]) < 0)
			child_fail(err_fd, STEP_GID);
		if (setresuid(t->uid[0], t->uid[1], t->uid[2]) < 0)
			child_fail(err_fd, STEP_UID);
		prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
		if (t->st.no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			child_fail(err_fd, STEP_NNP);
		/*
		 * Pipe rules: the broker keeps the authority; the helper must not
		 * even see the _req keyring. A fresh session keyring owned by the
		 * helper's own uid replaces it.
		 */
		if (!a->keep_session_keyring && keyctl_join_session_keyring(NULL) < 0)
			child_fail(err_fd, STEP_KEYRING);
		/*
		 * setns() into a user namespace drops assumed authority, but the
		 * _req session keyring stays: re-assume it so stock helpers
		 * (nfsidmap, key.dns_resolver, keyctl instantiate) work unchanged.
		 */
		if (a->keep_session_keyring && a->assume_key > 0 && keyctl_assume_authority(a->assume_key) < 0)
			child_fail(err_fd, STEP_AUTHORITY);
	}

	/* Everything but 0-2 (and the root fd) closes at exec; err_fd must
	 * live until then to report an exec failure. */
	if (syscall(SYS_close_range, a->exec_host ? 4 : 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		child_fail(err_fd, STEP_FDS);
	if (a->exec_host)
		syscall(SYS_execveat, exec_fd, "", a->argv, envp, AT_EMPTY_PATH);
	else
		execve(a->program, a->argv, envp);
	child_fail(err_fd, STEP_EXEC);
}

static int send_fd(int sock, int fd)
{
	char dummy = 'p';
	struct iovec iov = { .iov_base = &dummy, .iov_len = 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u = { 0 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, MSG_NOSIGNAL) == 1 ? 0 : -errno;
}

static int recv_fd(int sock)
{
	char dummy;
	struct iovec iov = { .iov_base = &dummy, .iov_len = 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c;
	int fd;

	ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	if (n < 0)
		return -errno;
	c = CMSG_FIRSTHDR(&msg);
	if (n != 1 || !c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int)))
		return -EPROTO;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/*
 * The broker's other fds are CLOEXEC, but stage one never execs when it
 * stays as the helper's parent: a copy of, say, the write end of the
 * helper's stdin kept here would stop the helper from ever seeing EOF.
 */
static int close_all_except(int *keep, int n)
{
	unsigned int from = 0;

	qsort(keep, (size_t)n, sizeof(int), cmp_int);
	for (int i = 0; i <= n; i++) {
		unsigned int to = i < n ? (unsigned int)keep[i] : ~0U;

		if (i < n && keep[i] < 0)
			continue;
		if (to > from && syscall(SYS_close_range, from, to - (i < n ? 1 : 0), 0) < 0)
			return -errno;
		if (i < n)
			from = (unsigned int)keep[i] + 1;
	}
	return 0;
}

/*
 * Stage one: a child of the broker that moves into the target's cgroups,
 * LSM label, namespaces and root. Entering a pid namespace only affects
 * children, so when one is entered this stage forks the helper and stays
 * as its parent to pass the exit status back; otherwise it is the helper.
 */
static __attribute__((noreturn)) void stage_one(const struct spawn_args *a, int err_fd, int sock, pid_t broker)
{
	const struct exec_target *t = a->t;
	int flags = t->ns_flags;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != broker)
		child_fail(err_fd, STEP_PDEATHSIG);
	int keep[8 + EXEC_TARGET_MAX_CG1], n = 0;
	keep[n++] = err_fd;
	keep[n++] = sock;
	keep[n++] = t->pidfd;
	keep[n++] = t->root_fd;
	keep[n++] = a->exec_host ? a->exec_fd : -1;
	for (int i = 0; i < 3; i++)
		keep[n++] = a->stdio[i];
	for (int i = 0; i < t->n_cgroup1; i++)
		keep[n++] = t->cgroup1_procs[i];
	if (close_all_except(keep, n) < 0)
		child_fail(err_fd, STEP_FDS);
	for (int i = 0; i < t->n_cgroup1; i++)
		if (write_all_fd(t->cgroup1_procs[i], "0\n") < 0)
			child_fail(err_fd, STEP_CGROUP1);
	/* Through the host's /proc, before the container's /proc is all we see. */
	if (t->lsm_label[0]) {
		_cleanup_close_ int fd = open(t->lsm_attr, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write_all_fd(fd, t->lsm_label) < 0)
			child_fail(err_fd, STEP_LSM);
	}
	if (a->exec_host)
		flags &= ~CLONE_NEWNS;
	if (flags && setns(t->pidfd, flags) < 0)
		child_fail(err_fd, STEP_SETNS);
	if (t->ctx != EXEC_HOST && !a->exec_host &&
	    (fchdir(t->root_fd) < 0 || chroot(".") < 0 || chdir("/") < 0))
		child_fail(err_fd, STEP_CHROOT);

	if (!(flags & CLONE_NEWPID))
		helper_exec(a, err_fd, false);

	int pidfd = -1;
	struct broker_clone_args ca = {
		.flags = CLONE_PIDFD,
		.pidfd = (uint64_t)(uintptr_t)&pidfd,
		.exit_signal = SIGCHLD,
	};
	pid_t pid = (pid_t)sys_clone3(&ca);
	if (pid < 0)
		child_fail(err_fd, STEP_FORK);
	if (pid == 0)
		helper_exec(a, err_fd, true);
	if (send_fd(sock, pidfd) < 0) {
		kill(pid, SIGKILL);
		child_fail(err_fd, STEP_FORK);
	}
	close(sock);
	close(err_fd);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			_exit(127);
	/* Mirror the helper's end: exit code, or the signal as 128+n. */
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

int spawn_helper(const struct spawn_args *a, struct spawned *s)
{
	_cleanup_close_ int err_r = -1, err_w = -1, sock_p = -1, sock_c = -1, wait_pidfd = -1;
	int errp[2], sp[2];
	int pidfd = -1;
	pid_t broker = getpid();

	*s = SPAWNED_NULL;
	if (pipe2(errp, O_CLOEXEC) < 0)
		return -errno;
	err_r = errp[0];
	err_w = errp[1];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0)
		return -errno;
	sock_p = sp[0];
	sock_c = sp[1];

	struct broker_clone_args ca = {
		.flags = CLONE_PIDFD,
		.pidfd = (uint64_t)(uintptr_t)&pidfd,
		.exit_signal = SIGCHLD,
	};
	/* Born in the target's cgroup v2: its limits apply from the first page. */
	if (a->t->cgroup2_fd >= 0) {
		ca.flags |= CLONE_INTO_CGROUP;
		ca.cgroup = (uint64_t)a->t->cgroup2_fd;
	}
	pid_t pid = (pid_t)sys_clone3(&ca);
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		close(err_r);
		close(sock_p);
		stage_one(a, err_w, sock_c, broker);
	}
	wait_pidfd = pidfd;
	closep(&err_w);
	err_w = -1;
	closep(&sock_c);
	sock_c = -1;

	if (a->t->ns_flags & CLONE_NEWPID) {
		/* Stage one sends the helper's pidfd, or closes the socket on failure. */
		struct pollfd pfd = { .fd = sock_p, .events = POLLIN };
		int r = poll(&pfd, 1, 10000);
		int fd = r > 0 ? recv_fd(sock_p) : -ETIMEDOUT;

		if (fd < 0) {
			s->wait_pidfd = TAKE_FD(wait_pidfd);
			s->err_fd = TAKE_FD(err_r);
			return 0;   /* spawn_reap reports the failed step */
		}
		s->helper_pidfd = fd;
	} else {
		s->helper_pidfd = fcntl(wait_pidfd, F_DUPFD_CLOEXEC, 3);
	}
	s->helper_pid = -1;
	if (s->helper_pidfd >= 0)
		pidfd_get_pid(s->helper_pidfd, &s->helper_pid);
	s->wait_pidfd = TAKE_FD(wait_pidfd);
	s->err_fd = TAKE_FD(err_r);
	return 0;
}

int spawn_reap(struct spawned *s, int *status, const char **step)
{
	siginfo_t si = { 0 };
	struct child_err ce;

	*step = NULL;
	while (waitid((idtype_t)P_PIDFD, (id_t)s->wait_pidfd, &si, WEXITED) < 0)
		if (errno != EINTR)
			return -errno;
	*status = si.si_code == CLD_EXITED ? W_EXITCODE(si.si_status, 0) : si.si_status & 0x7f;
	if (s->err_fd >= 0 && read(s->err_fd, &ce, sizeof(ce)) == (ssize_t)sizeof(ce)) {
		*step = ce.step > 0 && ce.step < (int)ARRAY_SIZE(step_names) ? step_names[ce.step] : "set-up";
		return -(ce.err ? ce.err : EIO);
	}
	return 0;
}

/* Session id is field 6 of /proc/<pid>/stat; comm (field 2) may hold ')'. */
static pid_t stat_session(const char *pid)
{
	char path[300];
	_cleanup_free_ char *text = NULL;
	int sid = -1;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	if (proc_read_file(AT_FDCWD, path, 4096, &text) < 0)
		return -1;
	const char *p = strrchr(text, ')');
	if (!p || sscanf(p + 1, " %*c %*d %*d %d", &sid) != 1)
		return -1;
	return sid;
}

void spawn_kill_tree(const struct spawned *s)
{
	/*
	 * The helper is a session leader; its descendants stay in its session
	 * unless they leave it on purpose. While the leader is alive its pid
	 * cannot be reused, so the session id is unambiguous: kill the members
	 * first, the leader last. Two passes catch children forked meanwhile.
	 */
	for (int pass = 0; pass < 2 && s->helper_pid > 0; pass++) {
		_cleanup_closedir_ DIR *d = opendir("/proc");
		struct dirent *de;

		if (!d)
			break;
		while ((de = readdir(d))) {
			char *end;
			long v = strtol(de->d_name, &end, 10);

			if (*end || v <= 0 || v == s->helper_pid)
				continue;
			if (stat_session(de->d_name) != s->helper_pid)
				continue;
			_cleanup_close_ int fd = pidfd_pin_process((pid_t)v);
			if (fd >= 0 && stat_session(de->d_name) == s->helper_pid)
				sys_pidfd_send_signal(fd, SIGKILL, NULL, 0);
		}
	}
	/*
	 * Stage one stays alive to reap the helper: killing it too would leave
	 * the helper's corpse to the container's init, which may never reap.
	 */
	if (s->helper_pidfd >= 0)
		sys_pidfd_send_signal(s->helper_pidfd, SIGKILL, NULL, 0);
	else if (s->wait_pidfd >= 0)
		sys_pidfd_send_signal(s->wait_pidfd, SIGKILL, NULL, 0);
}

void spawned_release(struct spawned *s)
{
	closep(&s->wait_pidfd);
	closep(&s->helper_pidfd);
	closep(&s->err_fd);
	*s = SPAWNED_NULL;
}
