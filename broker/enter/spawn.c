// SPDX-License-Identifier: GPL-2.0-or-later
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
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "cleanup.h"
#include "file_read.h"
#include "fd_pass.h"
#include "host_program.h"
#include "log.h"
#include "pidfd.h"
#include "proc_scan.h"
#include "run.h"
#include "spawn.h"
#include "stage_trace.h"
#include "syscalls.h"

/* Set-up steps, reported over err_fd so the broker can log which one failed. */
enum step {
	STEP_PDEATHSIG = 1, STEP_CGROUP1, STEP_LSM, STEP_SETNS, STEP_CHROOT, STEP_FORK,
	STEP_SETSID, STEP_STDIO, STEP_CAPBSET, STEP_GROUPS, STEP_GID, STEP_UID, STEP_NNP,
	STEP_KEYRING, STEP_AUTHORITY, STEP_FDS, STEP_EXEC, STEP_DUMPABLE, STEP_INHERIT,
	STEP_PIDNS, STEP_CAPS, STEP_SECCOMP, STEP_PROXY, STEP_COPY,
};

static const char *const step_names[] = {
	[STEP_PDEATHSIG] = "parent-death signal", [STEP_CGROUP1] = "join cgroup v1",
	[STEP_LSM] = "set LSM exec label", [STEP_SETNS] = "enter namespaces",
	[STEP_CHROOT] = "enter root directory", [STEP_FORK] = "fork into pid namespace",
	[STEP_SETSID] = "setsid", [STEP_STDIO] = "set up stdio",
	[STEP_CAPBSET] = "bound capabilities", [STEP_GROUPS] = "setgroups",
	[STEP_GID] = "setresgid", [STEP_UID] = "setresuid", [STEP_NNP] = "no_new_privs",
	[STEP_KEYRING] = "join session keyring", [STEP_AUTHORITY] = "assume authority",
	[STEP_FDS] = "close fds", [STEP_EXEC] = "exec", [STEP_DUMPABLE] = "make non-dumpable",
	[STEP_INHERIT] = "copy rlimits, oom_score_adj, personality, umask",
	[STEP_PIDNS] = "create the helper's pid namespace", [STEP_CAPS] = "inheritable/ambient capabilities",
	[STEP_SECCOMP] = "install the init's seccomp filters",
	[STEP_PROXY] = "hand keyctl() to the broker",
	[STEP_COPY] = "copy the host's program (exec=host)",
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

static int raise_effective(cap_value_t v)
{
	cap_t c = cap_get_proc();
	int r = -1;

	if (c && cap_set_flag(c, CAP_EFFECTIVE, 1, &v, CAP_SET) == 0)
		r = cap_set_proc(c);
	cap_free(c);
	return r;
}

/* A fork of the target keeps its inheritable and ambient sets. */
static int inherit_capabilities(uint64_t inh, uint64_t amb)
{
	cap_t c = cap_get_proc();
	int r = 0;

	if (!c)
		return -1;
	for (cap_value_t v = 0; v <= CAP_LAST_CAP; v++) {
		cap_flag_value_t want = (inh >> v) & 1 ? CAP_SET : CAP_CLEAR;
		if (cap_set_flag(c, CAP_INHERITABLE, 1, &v, want) < 0)
			r = -1;
	}
	if (r == 0 && cap_set_proc(c) < 0)
		r = -1;
	cap_free(c);
	for (cap_value_t v = 0; r == 0 && v <= CAP_LAST_CAP; v++)
		if ((amb >> v) & 1 && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, v, 0, 0) < 0)
			r = -1;
	return r;
}

/*
 * Resource limits, OOM score, personality and umask: what fork() would
 * have copied from the target. Runs in stage one while it is still host
 * root in the host's /proc, so raising a hard limit is allowed when the
 * broker has CAP_SYS_RESOURCE (usermode helpers do); without it (a
 * sandbox) the limit is kept as high as we may, and said so.
 */
static int inherit_process_attributes(const struct exec_target *t)
{
	if (t->have_rlim) {
		for (int i = 0; i < RLIM_NLIMITS; i++) {
			struct rlimit want = t->rlim[i], now;

			if (setrlimit(i, &want) == 0)
				continue;
			if (errno != EPERM || getrlimit(i, &now) < 0)
				return -1;
			want.rlim_max = now.rlim_max;
			if (want.rlim_cur > want.rlim_max)
				want.rlim_cur = want.rlim_max;
			if (setrlimit(i, &want) < 0)
				return -1;
		}
	}
	if (t->have_oom) {
		char v[16];
		_cleanup_close_ int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
		int n = snprintf(v, sizeof(v), "%d", t->oom_score_adj);

		/* Lowering it needs CAP_SYS_RESOURCE: best effort, like rlimits. */
		if (fd >= 0 && write(fd, v, (size_t)n) < 0 && errno != EACCES && errno != EPERM)
			return -1;
	}
	if (t->have_personality && personality(t->personality) < 0)
		return -1;
	if (t->st.umask >= 0)
		umask((mode_t)t->st.umask);
	return 0;
}

/* The fds the helper's set-up still needs once 0-3 are overwritten. */
struct helper_fds {
	int err;      /* set-up failures are reported here until exec */
	int notify;   /* keyctl proxy: the listener goes to the broker here; else -1 */
	int root;     /* exec=host: the container's root, becomes fd 3; else -1 */
	int exec;     /* exec=host: the sealed host program */
};

/* Lift the fds still needed above 0-3 before those are overwritten. */
static void lift_fds(const struct spawn_args *a, int err_fd, struct helper_fds *f)
{
	f->err = fcntl(err_fd, F_DUPFD_CLOEXEC, 10);
	if (f->err < 0)
		_exit(127);
	f->notify = a->proxy ? fcntl(a->notify_sock, F_DUPFD_CLOEXEC, 10) : -1;
	if (a->proxy && f->notify < 0)
		child_fail(f->err, STEP_PROXY);
	f->root = -1;
	f->exec = a->exec_fd;
	if (!a->exec_host)
		return;
	/* We are inside the container's root already: the root fd the
	 * helper gets is that root as the container itself sees it. */
	f->root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (f->root >= 0 && f->root < 10) {
		int hi = fcntl(f->root, F_DUPFD_CLOEXEC, 10);
		close(f->root);
		f->root = hi;
	}
	f->exec = fcntl(a->exec_fd, F_DUPFD_CLOEXEC, 10);
	if (f->root < 0 || f->exec < 0)
		child_fail(f->err, STEP_STDIO);
}

static void set_stdio(const struct spawn_args *a, const struct helper_fds *f)
{
	int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);

	for (int i = 0; i < 3; i++) {
		int src = a->stdio[i] >= 0 ? a->stdio[i] : devnull;
		if (src < 0 || (src == i ? fcntl(i, F_SETFD, 0) : dup2(src, i)) < 0)
			child_fail(f->err, STEP_STDIO);
	}
	if (a->exec_host && dup2(f->root, 3) < 0)
		child_fail(f->err, STEP_STDIO);
}

/* A clean environment: nothing of the broker's (the kernel's) passes. */
static void build_env(const struct spawn_args *a, char **envp, size_t max)
{
	size_t n = 0;

	envp[n++] = "HOME=/";
	envp[n++] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
	if (a->exec_host)
		envp[n++] = "UPCALL_ROOT_FD=3";
	for (int i = 0; a->extra_env && a->extra_env[i] && n < max - 1; i++)
		envp[n++] = a->extra_env[i];
	envp[n] = NULL;
}

/* The target's credentials, as a fork of it would have them. */
static void take_target_credentials(const struct exec_target *t, int err_fd)
{
	int r = caps_bound(t->st.cap_bnd);

	if (r < 0) {
		errno = -r;
		child_fail(err_fd, STEP_CAPBSET);
	}
	if (!t->setgroups_denied && setgroups((size_t)t->n_groups, t->groups) < 0)
		child_fail(err_fd, STEP_GROUPS);
	if (setresgid(t->gid[0], t->gid[1], t->gid[2]) < 0)
		child_fail(err_fd, STEP_GID);
	/* Keep the permitted set over setresuid() so a non-root init's
	 * inheritable and ambient sets can still be copied; exec
	 * recomputes everything from them. */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 || setresuid(t->uid[0], t->uid[1], t->uid[2]) < 0)
		child_fail(err_fd, STEP_UID);
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if (inherit_capabilities(t->st.cap_inh & t->st.cap_bnd, t->st.cap_amb) < 0)
		child_fail(err_fd, STEP_CAPS);
	if (t->st.no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		child_fail(err_fd, STEP_NNP);
}

static void set_keyrings(const struct spawn_args *a, int err_fd)
{
	/*
	 * Pipe rules, and plain rules whose keyctl() the broker serves:
	 * the broker keeps the authority; the helper must not even see the
	 * _req keyring. A fresh session keyring owned by the helper's own
	 * uid replaces it.
	 */
	if ((!a->keep_session_keyring || a->proxy) && keyctl_join_session_keyring(NULL) < 0)
		child_fail(err_fd, STEP_KEYRING);
	/*
	 * setns() into a user namespace drops assumed authority, but the
	 * _req session keyring stays: re-assume it so stock helpers
	 * (nfsidmap, key.dns_resolver, keyctl instantiate) work unchanged.
	 */
	if (a->keep_session_keyring && !a->proxy && a->assume_key > 0 &&
	    keyctl_assume_authority(a->assume_key) < 0)
		child_fail(err_fd, STEP_AUTHORITY);
}

/*
 * Last before exec, since the init's filters may forbid what the steps
 * before need (keyctl, capset, ...).
 */
static void install_filters(const struct spawn_args *a, const struct helper_fds *f)
{
	const struct exec_target *t = a->t;

	/* Without no_new_privs installing a filter takes CAP_SYS_ADMIN in
	 * our user namespace: still permitted here (keepcaps), made
	 * effective for this step; exec recomputes it. */
	if ((a->proxy || (t->seccomp && t->seccomp->n)) && !t->st.no_new_privs &&
	    raise_effective(CAP_SYS_ADMIN) < 0)
		child_fail(f->err, STEP_SECCOMP);
	/* Ours first: the init's filters may forbid seccomp() and sendmsg(). */
	if (a->proxy) {
		int listener = keyctl_proxy_filter_install();

		if (listener < 0 || send_fd(f->notify, listener) < 0) {
			errno = listener < 0 ? -listener : errno;
			child_fail(f->err, STEP_PROXY);
		}
		close(listener);
	}
	if (t->seccomp && t->seccomp->n) {
		struct sock_filter prefix[32];
		int plen = 0;

		if (a->proxy) {
			plen = keyctl_proxy_exemption(a->proxy, prefix, ARRAY_SIZE(prefix));
			if (plen < 0) {
				errno = -plen;
				child_fail(f->err, STEP_SECCOMP);
			}
		}
		if (seccomp_chain_install(t->seccomp, prefix, (unsigned short)plen) < 0)
			child_fail(f->err, STEP_SECCOMP);
	}
}

/* The helper's own set-up: runs in the target's pid namespace if it has one. */
static __attribute__((noreturn)) void helper_exec(const struct spawn_args *a, int err_fd, bool own_pdeathsig)
{
	char *envp[16];
	struct helper_fds f;

	stage_mark("helper");
	lift_fds(a, err_fd, &f);
	if (setsid() < 0)
		child_fail(f.err, STEP_SETSID);
	if (own_pdeathsig && prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		child_fail(f.err, STEP_PDEATHSIG);
	set_stdio(a, &f);
	build_env(a, envp, ARRAY_SIZE(envp));
	if (a->t->ctx != EXEC_HOST) {
		take_target_credentials(a->t, f.err);
		set_keyrings(a, f.err);
	}
	/* Everything but 0-2 (and the root fd) closes at exec; the error fd
	 * must live until then to report an exec failure. */
	if (syscall(SYS_close_range, a->exec_host ? 4 : 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		child_fail(f.err, STEP_FDS);
	/* (bench only) before the init's filters, which might forbid write() */
	stage_mark("exec_helper");
	install_filters(a, &f);
	if (a->exec_host)
		syscall(SYS_execveat, f.exec, "", a->argv, envp, AT_EMPTY_PATH);
	else
		execve(a->program, a->argv, envp);
	child_fail(f.err, STEP_EXEC);
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

/* Stage one keeps the fds of @a and its own two, nothing else. */
static void keep_only_spawn_fds(const struct spawn_args *a, int err_fd, int sock)
{
	const struct exec_target *t = a->t;
	int keep[10 + EXEC_TARGET_MAX_CG1], n = 0;

	keep[n++] = err_fd;
	keep[n++] = sock;
	keep[n++] = t->proc.fd;
	keep[n++] = t->root_fd;
	keep[n++] = a->exec_fd;
	keep[n++] = a->proxy ? a->notify_sock : -1;
	keep[n++] = stage_trace_fd();
	for (int i = 0; i < 3; i++)
		keep[n++] = a->stdio[i];
	for (int i = 0; i < t->n_cgroup1; i++)
		keep[n++] = t->cgroup1_tasks[i];
	if (close_all_except(keep, n) < 0)
		child_fail(err_fd, STEP_FDS);
}

/*
 * A container's three processes are all the broker's children: stage two
 * is cloned with CLONE_PARENT by stage one, the helper with CLONE_PARENT by
 * stage two (runc's nsexec does the same with its stages). So the helper's
 * end wakes the broker itself, with the helper's own wait status, signal
 * included, and neither stage stays alive while the helper runs. The
 * broker learns their pidfds over the socket, tagged.
 */
#define TAG_HELPER 'h'
#define TAG_STAGE_TWO 's'

/*
 * Stage two and the helper never need a copy of the memory they start
 * with: stage two only clones and exits, the helper execs. So each runs in
 * its parent's memory (CLONE_VM) on a stack of its own while the parent
 * waits (CLONE_VFORK; a killable wait, and the broker's own waits are
 * bounded): no page tables copied, none torn down at the exit or exec.
 * Sharing is safe: the parent is suspended until the child exits or
 * execs, and the memory is stage one's copy of the broker's, non-dumpable
 * and owned by the host's user namespace whoever shares it.
 *
 * But the helper's credential change resets that memory's dumpable flag
 * to fs.suid_dumpable (commit_creds()): at 1 ("user") stage two, still
 * host uid 0 with host fds in the container's pid namespace, would become
 * traceable by container root. So the helper shares only when the broker
 * read 0 or 2 there (spawn_helper()); else it gets a copy, as in
 * AddressSanitizer builds, which cannot follow a thread onto another
 * stack (same processes, same order, a fork's cost).
 */
#define CHILD_STACK_SIZE (256u * 1024u)

/* No pidfd here: each child pins itself for the broker (stage_two(), helper_entry()). */
static pid_t clone_into(int (*fn)(void *), void *arg, char *stack_top, int flags, bool share)
{
#if defined(__SANITIZE_ADDRESS__)
	share = false;
#endif
	if (share)
		return clone(fn, stack_top, flags | CLONE_VM | CLONE_VFORK | SIGCHLD, arg);

	/* clone3() wants no exit signal with CLONE_PARENT: the parent's is used. */
	struct broker_clone_args ca = { .flags = (uint64_t)(unsigned)flags,
					.exit_signal = flags & CLONE_PARENT ? 0 : SIGCHLD };
	pid_t pid = (pid_t)sys_clone3(&ca);

	if (pid == 0)
		_exit(fn(arg));
	return pid;
}

struct child_args {
	const struct spawn_args *a;
	int err_fd, sock;
	bool helper_shares;     /* the helper may run in our memory */
	char *helper_stack;
};

/*
 * The helper, pid 1 of its own pid namespace: it pins itself for the
 * broker before anything else, so that whatever in its set-up blocks on
 * the container's files (a FUSE /dev/null, an exec that never returns),
 * the deadline's kill reaches it through the pidfd.
 */
static int helper_entry(void *arg)
{
	const struct child_args *c = arg;
	int self = sys_pidfd_open(getpid(), 0);

	if (self < 0 || send_fd_tagged(c->sock, self, TAG_HELPER) < 0)
		child_fail(c->err_fd, STEP_FORK);
	close(self);
	helper_exec(c->a, c->err_fd, true);
}

/*
 * Stage two: the first process in the target's pid namespace. A pid
 * namespace can only be made by a process that lives in its parent, so
 * this one clones the helper as pid 1 of a child pid namespace: whatever
 * the helper starts, setsid() or double fork included, dies with it (the
 * kernel kills a pid namespace with its init), so a timeout kill through
 * the helper's pidfd leaves nothing behind and needs no process scan that
 * could hit a recycled id.
 */
static int stage_two(void *arg)
{
	const struct child_args *c = arg;
	int self;

	stage_mark("stage2");
	/*
	 * Our parent is the broker (CLONE_PARENT): we die with it. Pinned
	 * for it before the helper exists, we can be killed at the deadline
	 * even if the container stops us while we wait for the helper's exec.
	 */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		child_fail(c->err_fd, STEP_PDEATHSIG);
	self = sys_pidfd_open(getpid(), 0);
	if (self < 0 || send_fd_tagged(c->sock, self, TAG_STAGE_TWO) < 0)
		child_fail(c->err_fd, STEP_FORK);
	close(self);
	if (clone_into(helper_entry, arg, c->helper_stack, CLONE_NEWPID | CLONE_PARENT, c->helper_shares) < 0)
		child_fail(c->err_fd, errno == EINVAL ? STEP_PIDNS : STEP_FORK);
	_exit(0);
}

/* Stage two, with the stacks it and the helper run on. Its pid or -1. */
static pid_t start_stage_two(const struct spawn_args *a, int err_fd, int sock, bool helper_shares)
{
	char *stack = mmap(NULL, 2 * CHILD_STACK_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	struct child_args c = { .a = a, .err_fd = err_fd, .sock = sock, .helper_shares = helper_shares };

	if (stack == MAP_FAILED)
		return -1;
	c.helper_stack = stack + CHILD_STACK_SIZE;
	return clone_into(stage_two, &c, stack + 2 * CHILD_STACK_SIZE, CLONE_PARENT, true);
}

/*
 * Stage one: a child of the broker that moves into the target's cgroups,
 * LSM label, namespaces and root. Entering a pid namespace only affects
 * children, so for a container it starts stage two there and ends; for
 * the host it is the helper.
 */
static __attribute__((noreturn)) void stage_one(const struct spawn_args *a, int err_fd, int sock, pid_t broker,
						 bool helper_shares)
{
	const struct exec_target *t = a->t;
	int flags = t->ns_flags;

	/*
	 * First of all: once we enter the container's user namespace,
	 * container root holds CAP_SYS_PTRACE over our credentials, and a
	 * child will be visible in its pid namespace while it is still host
	 * uid 0 with host fds (runc CVE-2016-9962). A non-dumpable mm keeps
	 * ptrace, pidfd_getfd() and /proc/<pid>/{fd,root,cwd,mem} to holders
	 * of CAP_SYS_PTRACE over the mm's user namespace, the host's; stage
	 * two and the helper run in this mm (or a copy of it) and it lasts
	 * until the helper's exec (clone_into() on fs.suid_dumpable).
	 */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		child_fail(err_fd, STEP_DUMPABLE);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != broker)
		child_fail(err_fd, STEP_PDEATHSIG);
	stage_mark("stage1");
	keep_only_spawn_fds(a, err_fd, sock);
	if (t->n_cgroup1)
		stage_mark("cgroup_v1_join");
	for (int i = 0; i < t->n_cgroup1; i++)
		if (write_all_fd(t->cgroup1_tasks[i], "0\n") < 0)
			child_fail(err_fd, STEP_CGROUP1);
	/*
	 * exec=host's copy, where there is no overlay, is made here: in the
	 * container's cgroups (v2 since birth, v1 just joined), so that its
	 * pages, which the container can pin through /proc/<pid>/exe, are
	 * charged to it; and before the container's rlimits (RLIMIT_FSIZE)
	 * apply to us.
	 */
	if (a->exec_host) {
		int r = host_program_finish(a->exec_fd);

		if (r < 0) {
			errno = -r;
			child_fail(err_fd, STEP_COPY);
		}
	}
	stage_mark("inherit");
	if (t->ctx != EXEC_HOST && inherit_process_attributes(t) < 0)
		child_fail(err_fd, STEP_INHERIT);
	/* Through the host's /proc, before the container's /proc is all we see. */
	if (t->lsm_label[0]) {
		_cleanup_close_ int fd = open(t->lsm_attr, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write_all_fd(fd, t->lsm_label) < 0)
			child_fail(err_fd, STEP_LSM);
	}
	stage_mark("setns");
	if (flags && setns(t->proc.fd, flags) < 0)
		child_fail(err_fd, STEP_SETNS);
	if (t->ctx != EXEC_HOST &&
	    (fchdir(t->root_fd) < 0 || chroot(".") < 0 || chdir("/") < 0))
		child_fail(err_fd, STEP_CHROOT);

	if (t->ctx == EXEC_HOST)
		helper_exec(a, err_fd, false);

	if (start_stage_two(a, err_fd, sock, helper_shares) < 0)
		child_fail(err_fd, STEP_FORK);
	_exit(0);
}

/*
 * A container's pidfds, as they come: stage two's and the helper's, each
 * sent by the process itself. With @wait, returns once the helper's is
 * here, or 0 without it when every sender has gone (a set-up step failed:
 * spawn_reap() reports it); the wait counts against the rule's deadline:
 * a frozen cgroup gives birth to frozen children. Without, takes what is
 * there already.
 */
static int recv_pidfds(struct spawned *s, bool wait, long long deadline_ms)
{
	while (s->sock >= 0 && (!wait || s->helper.fd < 0)) {
		struct pollfd pfd = { .fd = s->sock, .events = POLLIN };
		long long left = wait ? deadline_ms - now_ms() : 0;
		struct pidref *p;
		char tag = 0;
		int r, fd;

		r = poll(&pfd, 1, left > 0 ? (int)(left > INT32_MAX ? INT32_MAX : left) : 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0 && !wait)
			return 0;
		if (r <= 0)
			return -ETIMEDOUT;
		fd = recv_fd_tagged(s->sock, &tag);
		if (fd == -EPIPE) {
			closep(&s->sock);
			return 0;
		}
		if (fd < 0)
			return fd;
		p = tag == TAG_HELPER ? &s->helper : tag == TAG_STAGE_TWO ? &s->stage_two : NULL;
		if (!p || p->fd >= 0) {
			close(fd);
			return -EPROTO;
		}
		p->fd = fd;
	}
	return 0;
}

/*
 * fs.suid_dumpable, read on the host's /proc (a container may mount over
 * its own view): 0 or 2 keep a shared memory non-dumpable for whoever is
 * not privileged over the host's user namespace; anything else, or no
 * answer, and the helper gets a copy (clone_into()).
 */
static bool helper_may_share_memory(void)
{
	char v[4] = "";
	_cleanup_close_ int fd = open("/proc/sys/fs/suid_dumpable", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read(fd, v, sizeof(v) - 1) < 1)
		return false;
	return (v[0] == '0' || v[0] == '2') && v[1] == '\n';
}

int spawn_helper(const struct spawn_args *a, struct spawned *s)
{
	const bool helper_shares = a->t->ctx != EXEC_HOST && helper_may_share_memory();
	_cleanup_close_ int err_r = -1, err_w = -1, sock_p = -1, sock_c = -1;
	int errp[2], sp[2];
	int pidfd = -1, r;
	pid_t broker = getpid();

	stage_mark("spawn");
	*s = SPAWNED_NULL;
	if (pipe2(errp, O_CLOEXEC) < 0)
		return -errno;
	err_r = errp[0];
	err_w = errp[1];
	/*
	 * Read once everything we know of is reaped: a writer we could not
	 * reach may live on (stage two, stopped by the container before it
	 * pinned itself for us), and its copy must not hold our read past the
	 * deadline. Its death signal ends it when we exit.
	 */
	if (fcntl(err_r, F_SETFL, O_NONBLOCK) < 0)
		return -errno;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0)
		return -errno;
	sock_p = sp[0];
	sock_c = sp[1];

	/* Born in the target's cgroup v2: its limits apply from the first page. */
	pid_t pid = clone_with_pidfd(&pidfd, a->t->cgroup2_fd);
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		closep(&err_r);
		closep(&sock_p);
		stage_one(a, err_w, sock_c, broker, helper_shares);
	}
	closep(&err_w);
	closep(&sock_c);
	s->stage_one = (struct pidref){ .pid = pid, .fd = pidfd };
	s->err_fd = TAKE_FD(err_r);
	s->host = a->t->ctx == EXEC_HOST;
	if (s->host) {
		/* Stage one is the helper itself. */
		s->helper = (struct pidref){ .pid = pid, .fd = fcntl(pidfd, F_DUPFD_CLOEXEC, 3) };
		if (s->helper.fd < 0) {
			/* Without its own pidfd spawn_kill() could not reach it:
			 * end it now, spawn_reap() reports it killed. */
			ub_log(LOG_ERR, "helper %d: cannot duplicate its pidfd: %m; killed", pid);
			sys_pidfd_send_signal(pidfd, SIGKILL, NULL, 0);
		}
		return 0;
	}
	s->sock = TAKE_FD(sock_p);
	r = recv_pidfds(s, true, a->deadline_ms);
	return r == -ETIMEDOUT ? -ETIMEDOUT : 0;   /* else spawn_reap reports the failed step */
}

/* What ends the upcall: a container's helper, else stage one (the host's
 * helper, or a container's set-up that failed before the helper existed). */
static struct pidref *waited_child(struct spawned *s)
{
	return !s->host && s->helper.fd >= 0 ? &s->helper : &s->stage_one;
}

int spawn_wait_fd(struct spawned *s)
{
	return waited_child(s)->fd;
}

static int wait_status_of(const siginfo_t *si)
{
	return si->si_code == CLD_EXITED ? W_EXITCODE(si->si_status, 0) : si->si_status & 0x7f;
}

int spawn_exited(struct spawned *s, int *status)
{
	siginfo_t si = { 0 };

	/* WNOWAIT: the host helper's pid (its session id) stays reserved
	 * until spawn_reap(), so spawn_kill() can still use it. */
	if (waitid((idtype_t)P_PIDFD, (id_t)waited_child(s)->fd, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
		return -errno;
	if (si.si_pid == 0)
		return 0;
	*status = wait_status_of(&si);
	return 1;
}

/* Reap our child @p once it ends, waiting until @deadline_ms; its fd is
 * closed then. 0 (and *status), at once for one already reaped. */
static int reap_child(struct pidref *p, long long deadline_ms, int *status)
{
	siginfo_t si;

	while (p->fd >= 0) {
		struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
		long long left = deadline_ms - now_ms();

		memset(&si, 0, sizeof(si));
		if (waitid((idtype_t)P_PIDFD, (id_t)p->fd, &si, WEXITED | WNOHANG) < 0)
			return -errno;
		if (si.si_pid != 0) {
			if (status)
				*status = wait_status_of(&si);
			closep(&p->fd);
			break;
		}
		/* Frozen (cgroup v1 freezer) or stuck: not ours to wait for. */
		if (left <= 0)
			return -ETIMEDOUT;
		poll(&pfd, 1, (int)(left > 1000 ? 1000 : left));
	}
	return 0;
}

int spawn_reap(struct spawned *s, long long deadline_ms, int *status, const char **step)
{
	struct child_err ce;
	int r;

	*step = NULL;
	if (!s->reaped) {
		r = reap_child(waited_child(s), deadline_ms, &s->status);
		if (r < 0)
			return r;
		s->reaped = true;
		/* Reaped: the pid (the host helper's session id) may be reused now. */
		s->helper.pid = 0;
	}
	/* A container's stages ended right after the helper started. */
	r = reap_child(&s->stage_one, deadline_ms, NULL);
	if (r == 0 && s->sock >= 0) {
		/*
		 * Nothing more is owed us there. A helper still to send its
		 * pidfd now gets EPIPE and ends before its set-up; one that
		 * sent it after we had stopped waiting for it (its stages
		 * frozen or stopped past the deadline) is read here.
		 */
		shutdown(s->sock, SHUT_RD);
		r = recv_pidfds(s, false, 0);
	}
	/* Such a late helper was never the upcall's: it must not outlive it. */
	if (r == 0 && !s->host && s->helper.fd >= 0) {
		sys_pidfd_send_signal(s->helper.fd, SIGKILL, NULL, 0);
		r = reap_child(&s->helper, deadline_ms, NULL);
	}
	if (r == 0)
		r = reap_child(&s->stage_two, deadline_ms, NULL);
	if (r < 0)
		return r;
	*status = s->status;
	if (s->err_fd >= 0 && read(s->err_fd, &ce, sizeof(ce)) == (ssize_t)sizeof(ce)) {
		*step = ce.step > 0 && ce.step < (int)ARRAY_SIZE(step_names) ? step_names[ce.step] : "set-up";
		return -(ce.err ? ce.err : EIO);
	}
	return 0;
}

/* Session id is field 6 of /proc/<pid>/stat; comm (field 2) may hold ')'. */
static pid_t stat_session(pid_t pid)
{
	_cleanup_free_ char *text = NULL;
	char path[64];
	int sid = -1;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (file_read_at(AT_FDCWD, path, 4096, &text) < 0)
		return -1;
	const char *p = strrchr(text, ')');
	if (!p || sscanf(p + 1, " %*c %*d %*d %d", &sid) != 1)
		return -1;
	return sid;
}

/* Checked again once pinned: the pid may have been reused in between. */
static int kill_if_in_session(pid_t pid, void *ctx)
{
	pid_t sid = *(const pid_t *)ctx;
	_cleanup_(pidref_done) struct pidref member = PIDREF_NULL;

	if (pid == sid || stat_session(pid) != sid)
		return 0;
	if (pidref_pin_process(pid, &member) == 0 && stat_session(pid) == sid)
		sys_pidfd_send_signal(member.fd, SIGKILL, NULL, 0);
	return 0;
}

void spawn_kill(const struct spawned *s)
{
	/*
	 * A container helper is pid 1 of its own pid namespace: killing it
	 * kills everything it started. A host helper (keyutils' context) is
	 * a session leader; until spawn_reap() it is at least a zombie, so its
	 * pid, and with it the session id, cannot have been reused. Two
	 * passes: a member may fork while the first one runs.
	 */
	for (int pass = 0; pass < 2 && s->host && s->helper.pid > 0; pass++) {
		pid_t sid = s->helper.pid;

		if (proc_scan(kill_if_in_session, &sid) < 0)
			break;
	}
	if (pidref_is_set(&s->helper))
		sys_pidfd_send_signal(s->helper.fd, SIGKILL, NULL, 0);
}

void spawn_abandon(const struct spawned *s)
{
	if (pidref_is_set(&s->stage_one))
		sys_pidfd_send_signal(s->stage_one.fd, SIGKILL, NULL, 0);
	if (pidref_is_set(&s->stage_two))
		sys_pidfd_send_signal(s->stage_two.fd, SIGKILL, NULL, 0);
}

void spawned_release(struct spawned *s)
{
	pidref_done(&s->stage_one);
	pidref_done(&s->stage_two);
	pidref_done(&s->helper);
	closep(&s->err_fd);
	closep(&s->sock);
	*s = SPAWNED_NULL;
}
