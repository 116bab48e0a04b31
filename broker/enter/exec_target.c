// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "file_read.h"
#include "cgroup_member.h"
#include "cgroup_mount.h"
#include "cgroup_text.h"
#include "exec_target.h"
#include "log.h"
#include "namespace.h"
#include "openat2.h"
#include "pidfd.h"
#include "stage_trace.h"
#include "syscalls.h"

void exec_target_host(struct exec_target *t)
{
	*t = EXEC_TARGET_NULL;
	t->ctx = EXEC_HOST;
	userns_map_identity(&t->uid_map);
	userns_map_identity(&t->gid_map);
}

static int read_userns_map(const struct exec_target *t, const char *file, struct userns_map *map)
{
	_cleanup_free_ char *text = NULL;
	int r = proc_dir_read(t->proc_dir, file, 64 * 1024, &text);

	if (r < 0)
		return r;
	return userns_map_parse(text, map);
}

/* A cgroup path (absolute, container-named) under its hierarchy's mount. */
static int openat2_beneath(int dirfd, const char *path, int flags)
{
	while (*path == '/')
		path++;
	return openat2_resolve(dirfd, *path ? path : ".", flags,
			       RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV);
}

static void drop_cgroups(struct exec_target *t)
{
	closep(&t->cgroup2_fd);
	for (int i = 0; i < t->n_cgroup1; i++)
		closep(&t->cgroup1_tasks[i]);
	t->n_cgroup1 = 0;
}

/*
 * A v1 hierarchy's cgroup @dir: keep its "tasks" for stage one. Stage one
 * is single-threaded (a fork), so moving its thread moves the process, as
 * cgroup.procs would; but "0" written to cgroup.procs takes
 * cgroup_threadgroup_rwsem for writing, an RCU grace period each unless
 * the hierarchy is mounted with favordynmods, which serialised concurrent
 * container upcalls, while "0" written to tasks moves current alone
 * without that lock (cgroup_procs_write_start(); 6.12 and 6.18 have that
 * fast path, a kernel without it locks as for cgroup.procs). The same
 * permission checks: both are __cgroup1_procs_write().
 */
static int keep_cgroup1(struct exec_target *t, int dir)
{
	int fd;

	if (t->n_cgroup1 >= EXEC_TARGET_MAX_CG1)
		return -E2BIG;
	fd = openat2_beneath(dir, "tasks", O_WRONLY);
	if (fd < 0)
		return fd;
	t->cgroup1_tasks[t->n_cgroup1++] = fd;
	return 0;
}

/*
 * One "<id>:<controllers>:<path>" line of the target's that is not ours:
 * open the path under the host's mount of that hierarchy, never through
 * anything the container could have linked there, and keep what stage one
 * needs to join it (v2: the directory, for CLONE_INTO_CGROUP; v1: its
 * "tasks", keep_cgroup1()). The v2 directory the policy step opened for
 * the same line (@shared_v2, or -1) is that open, already made. 1 and *@m
 * to prove, 0 for a hierarchy not mounted on the host, -errno.
 */
static int open_target_cgroup(struct exec_target *t, struct cgroup_view *cv, int shared_v2, const char *line,
			      size_t len, struct cgroup_member *m)
{
	const char *c1 = memchr(line, ':', len), *c2;
	_cleanup_free_ char *ctrl = NULL, *path = NULL;
	_cleanup_close_ int mnt = -1, dir = -1;
	char mnt_path[4096];
	int r;

	if (!c1 || !(c2 = memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - line))))
		return -EINVAL;
	*m = (struct cgroup_member){ .dir = -1, .line = line, .len = len };
	if (c2 == c1 + 1 && shared_v2 >= 0) {
		t->cgroup2_fd = fcntl(shared_v2, F_DUPFD_CLOEXEC, 3);
		if (t->cgroup2_fd < 0)
			return -errno;
		m->dir = t->cgroup2_fd;
		return 1;
	}
	ctrl = strndup(c1 + 1, (size_t)(c2 - c1 - 1));
	path = strndup(c2 + 1, (size_t)(line + len - c2 - 1));
	if (!ctrl || !path)
		return -ENOMEM;
	r = cgroup_view_mount(cv, ctrl, mnt_path, sizeof(mnt_path));
	mnt = r < 0 ? r : cgroup_mount_open(mnt_path, ctrl);
	if (mnt == -ENOENT) {
		/* A hierarchy nobody mounted on the host: nothing to join. */
		ub_log(LOG_DEBUG, "cgroup hierarchy '%s' not mounted, skipped", ctrl);
		return 0;
	}
	if (mnt < 0)
		return mnt;
	if (ctrl[0] == '\0') {
		dir = openat2_beneath(mnt, path, O_RDONLY | O_DIRECTORY);
		if (dir < 0)
			return dir;
		m->dir = t->cgroup2_fd = TAKE_FD(dir);
		return 1;
	}
	dir = openat2_beneath(mnt, path, O_PATH | O_DIRECTORY);
	if (dir < 0)
		return dir;
	r = keep_cgroup1(t, dir);
	return r < 0 ? r : 1;
}

/*
 * @theirs: the target's /proc/<pid>/cgroup text, read before any of the
 * opens. Every cgroup opened is proven to hold the target afterwards, in
 * one cgroup_member_check_all(); -ESTALE if it moved meanwhile.
 */
static int prepare_cgroups_from(struct exec_target *t, struct cgroup_view *cv, int shared_v2, const char *theirs)
{
	struct cgroup_member m[EXEC_TARGET_MAX_CG1 + 1];
	const char *ours;
	size_t n = 0;
	int r;

	r = cgroup_view_ours(cv, &ours);
	if (r < 0)
		return r;
	r = cgroup_text_matches_hierarchies(theirs, ours);
	if (r < 0) {
		ub_log(LOG_ERR, "pid %d: /proc/%d/cgroup does not list the hierarchies one line each (a cgroup name with a newline?)",
			   t->proc.pid, t->proc.pid);
		return r;
	}
	/* Every line has its "<id>:<controllers>:" prefix: checked above. */
	for (const char *line = theirs; *line;) {
		const char *nl = strchrnul(line, '\n');
		size_t len = (size_t)(nl - line);

		if (!cgroup_text_has_line(ours, line, len)) {
			if (n == ARRAY_SIZE(m))
				return -E2BIG;
			r = open_target_cgroup(t, cv, shared_v2, line, len, &m[n]);
			if (r < 0)
				return r;
			n += (size_t)r;
		}
		line = *nl ? nl + 1 : nl;
	}
	if (n == 0)
		return 0;
	r = cgroup_member_check_all(&t->proc, t->proc_dir, m, n);
	if (r == 0) {
		ub_log(LOG_DEBUG, "init %d left one of its cgroups while they were opened", t->proc.pid);
		return -ESTALE;
	}
	return r < 0 ? r : 0;
}

/*
 * The init may be moved between reading its cgroups and opening them. The
 * first try starts from what the policy step read and opened for this very
 * target, if it did; a retry reads afresh.
 */
static int prepare_cgroups(struct exec_target *t, struct cgroup_view *cv, bool shared)
{
	int r = -ESTALE;

	for (int tries = 0; tries < 3 && r == -ESTALE; tries++) {
		_cleanup_free_ char *theirs = NULL;

		drop_cgroups(t);
		if (tries == 0 && shared) {
			r = prepare_cgroups_from(t, cv, cv->init_v2, cv->init_text);
			continue;
		}
		r = proc_dir_read(t->proc_dir, "cgroup", 64 * 1024, &theirs);
		if (r >= 0)
			r = prepare_cgroups_from(t, cv, -1, theirs);
	}
	return r;
}

static void prepare_lsm(struct exec_target *t)
{
	static const struct {
		const char *target, *exec;
	} attrs[] = {
		{ "attr/apparmor/current", "/proc/thread-self/attr/apparmor/exec" },
		{ "attr/current", "/proc/thread-self/attr/exec" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(attrs); i++) {
		_cleanup_free_ char *label = NULL;
		char *sp;

		if (proc_dir_read(t->proc_dir, attrs[i].target, sizeof(t->lsm_label) - 1, &label) <= 0)
			continue;
		label[strcspn(label, "\n")] = '\0';
		/* AppArmor reports "profile (mode)"; exec wants the profile. */
		if ((sp = strstr(label, " (")))
			*sp = '\0';
		if (!*label || !strcmp(label, "unconfined"))
			return;
		snprintf(t->lsm_attr, sizeof(t->lsm_attr), "%s", attrs[i].exec);
		snprintf(t->lsm_label, sizeof(t->lsm_label), "%s%s", i == 0 ? "exec " : "", label);
		return;
	}
}

/*
 * /proc/<pid>/limits: one line per resource in RLIMIT_* order, the name
 * padded to 25 columns, then soft and hard limit ("unlimited" or a number).
 */
static int read_rlimits(struct exec_target *t)
{
	_cleanup_free_ char *text = NULL;
	char *line;
	int r, i = -1;

	r = proc_dir_read(t->proc_dir, "limits", 16 * 1024, &text);
	if (r < 0)
		return r;
	for (line = text; *line && i < RLIM_NLIMITS; i++) {
		char *nl = strchrnul(line, '\n');

		if (i >= 0) {
			char soft[32], hard[32];

			if (nl - line < 27 || sscanf(line + 26, "%31s %31s", soft, hard) != 2)
				return -EBADMSG;
			for (int k = 0; k < 2; k++) {
				const char *v = k ? hard : soft;
				rlim_t *dst = k ? &t->rlim[i].rlim_max : &t->rlim[i].rlim_cur;
				char *end;

				if (!strcmp(v, "unlimited")) {
					*dst = RLIM_INFINITY;
					continue;
				}
				errno = 0;
				*dst = strtoull(v, &end, 10);
				if (errno || *end)
					return -EBADMSG;
			}
		}
		line = *nl ? nl + 1 : nl;
	}
	if (i < RLIM_NLIMITS)
		return -EBADMSG;
	t->have_rlim = true;
	return 0;
}

/* oom_score_adj and personality: small kernel-formatted numbers. */
static void read_misc(struct exec_target *t)
{
	_cleanup_free_ char *o = NULL, *p = NULL;
	char *end;

	if (proc_dir_read(t->proc_dir, "oom_score_adj", 32, &o) > 0) {
		long v = strtol(o, &end, 10);
		if (*end == '\n' && v >= -1000 && v <= 1000) {
			t->oom_score_adj = (int)v;
			t->have_oom = true;
		}
	}
	if (proc_dir_read(t->proc_dir, "personality", 32, &p) > 0) {
		unsigned long v = strtoul(p, &end, 16);
		if (*end == '\n') {
			t->personality = v;
			t->have_personality = true;
		}
	}
}

static int prepare_seccomp(struct exec_target *t, long long deadline_ms, bool copy)
{
	int r;

	if (t->st.seccomp_mode != 2)
		return 0;
	if (!copy) {
		ub_log(LOG_NOTICE, "pid %d has seccomp filters; seccomp=skip: the helper runs without them", t->proc.pid);
		return 0;
	}
	t->seccomp = calloc(1, sizeof(*t->seccomp));
	if (!t->seccomp)
		return -ENOMEM;
	r = seccomp_chain_read(&t->proc, deadline_ms, t->seccomp);
	if (r < 0) {
		ub_log(LOG_ERR, "pid %d: cannot copy its seccomp filters: %s", t->proc.pid,
			   r == -EOPNOTSUPP ? "a filter defers to a supervisor (user notification) or computes its action" :
			   r == -EBUSY ? "it is being traced" : strerror(-r));
		return r;
	}
	/* The filters were read from a stopped process: make sure it is
	 * still the one the pidfd pins. */
	return pidfd_check_alive(t->proc.fd);
}

/* Its credentials as its own user namespace sees them, for setres[ug]id(). */
static int read_credentials(struct exec_target *t)
{
	_cleanup_free_ char *sg = NULL;
	int r;

	r = proc_dir_read_status(t->proc_dir, &t->st);
	if (r < 0)
		return r;
	r = read_userns_map(t, "uid_map", &t->uid_map);
	if (r >= 0)
		r = read_userns_map(t, "gid_map", &t->gid_map);
	if (r < 0)
		return r;
	for (int i = 0; i < 3; i++) {
		t->uid[i] = userns_map_to_inside(&t->uid_map, t->st.uid[i]);
		t->gid[i] = userns_map_to_inside(&t->gid_map, t->st.gid[i]);
	}
	t->n_groups = 0;
	for (int i = 0; i < t->st.n_groups; i++) {
		uint32_t g = userns_map_to_inside(&t->gid_map, t->st.groups[i]);
		/* An unmapped supplementary group cannot be set from inside. */
		if (g != USERNS_MAP_OVERFLOW_ID)
			t->groups[t->n_groups++] = g;
	}
	/*
	 * An unprivileged map (setgroups "deny") forbids setgroups() to every
	 * process of that user namespace, the init's children included.
	 */
	if (proc_dir_read(t->proc_dir, "setgroups", 64, &sg) > 0)
		t->setgroups_denied = !strncmp(sg, "deny", 4);
	return 0;
}

int exec_target_prepare(enum exec_context ctx, const struct pidref *proc, long long deadline_ms,
			bool copy_seccomp, struct cgroup_view *cv, struct exec_target *t)
{
	int r;

	stage_mark("target");
	*t = EXEC_TARGET_NULL;
	t->ctx = ctx;
	t->proc = *proc;
	for (int i = 0; i < EXEC_TARGET_MAX_CG1; i++)
		t->cgroup1_tasks[i] = -1;

	/* One proof for every file read below (pidref_open_dir()). */
	t->proc_dir = pidref_open_dir(proc);
	if (t->proc_dir < 0)
		return t->proc_dir;
	r = ns_differing(t->proc_dir, &t->ns_flags);
	if (r < 0)
		return r;
	t->root_fd = proc_dir_open(t->proc_dir, "root", O_PATH | O_DIRECTORY);
	if (t->root_fd < 0)
		return t->root_fd;
	r = read_credentials(t);
	if (r < 0)
		return r;
	r = read_rlimits(t);
	if (r < 0)
		return r;
	read_misc(t);
	r = prepare_seccomp(t, deadline_ms, copy_seccomp);
	if (r < 0)
		return r;
	stage_mark("cgroups");
	r = prepare_cgroups(t, cv, cv->init == proc && cv->init_text);
	if (r < 0)
		return r;
	prepare_lsm(t);
	closep(&t->proc_dir);
	/* read_misc() and prepare_lsm() take a failed read for "nothing to
	 * copy": a target that exited meanwhile must fail here instead. */
	return pidfd_check_alive(proc->fd);
}

void exec_target_release(struct exec_target *t)
{
	if (t->seccomp) {
		seccomp_chain_free(t->seccomp);
		free(t->seccomp);
		t->seccomp = NULL;
	}
	closep(&t->proc_dir);
	closep(&t->root_fd);
	drop_cgroups(t);
}

uint32_t exec_target_uid(const struct exec_target *t, uint32_t host_uid)
{
	return userns_map_to_inside(&t->uid_map, host_uid);
}

uint32_t exec_target_gid(const struct exec_target *t, uint32_t host_gid)
{
	return userns_map_to_inside(&t->gid_map, host_gid);
}
