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

static int differing_namespaces(const struct pidref *p, int *flags)
{
	*flags = 0;
	for (size_t i = 0; i < ARRAY_SIZE(ns_kinds); i++) {
		char theirs[32];
		int r;

		snprintf(theirs, sizeof(theirs), "ns/%s", ns_kinds[i].name);
		_cleanup_close_ int fd = pidref_open_proc(p, theirs, O_RDONLY);
		if (fd == -ENOENT || fd == -ESRCH) {
			/* A kernel without this namespace type (time < 5.6). */
			if (pidfd_check_alive(p->fd) < 0)
				return -ESRCH;
			continue;
		}
		if (fd < 0)
			return fd;
		r = ns_is_ours(fd, ns_kinds[i].name);
		if (r < 0)
			return r;
		if (!r)
			*flags |= ns_kinds[i].clone_flag;
	}
	return 0;
}

static int read_userns_map(const struct pidref *p, const char *file, struct userns_map *map)
{
	_cleanup_free_ char *text = NULL;
	int r = pidref_read_proc(p, file, 64 * 1024, &text);

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

static int read_cgroups(const struct pidref *p, char **text)
{
	return pidref_read_proc(p, "cgroup", 64 * 1024, text);
}

static void drop_cgroups(struct exec_target *t)
{
	closep(&t->cgroup2_fd);
	for (int i = 0; i < t->n_cgroup1; i++)
		closep(&t->cgroup1_procs[i]);
	t->n_cgroup1 = 0;
}

/* 0 if the target is in @dir, -ESTALE if it has moved (worth a retry), -errno. */
static int cgroup_dir_check(const struct exec_target *t, int dir, const char *line, size_t len,
			    const char *ctrl, const char *path)
{
	int r = cgroup_member_check(&t->proc, dir, line, len);

	if (r == 0) {
		ub_log(LOG_DEBUG, "init %d left cgroup '%s:%s' while it was opened", t->proc.pid, ctrl, path);
		return -ESTALE;
	}
	return r < 0 ? r : 0;
}

/* Keep what stage one needs to join the cgroup @dir ("" @ctrl: v2). */
static int keep_cgroup(struct exec_target *t, int dir, const char *ctrl)
{
	int fd;

	if (ctrl[0] == '\0') {
		fd = openat2_beneath(dir, ".", O_RDONLY | O_DIRECTORY);
		if (fd < 0)
			return fd;
		t->cgroup2_fd = fd;
		return 0;
	}
	if (t->n_cgroup1 >= EXEC_TARGET_MAX_CG1)
		return -E2BIG;
	fd = openat2_beneath(dir, "cgroup.procs", O_WRONLY);
	if (fd < 0)
		return fd;
	t->cgroup1_procs[t->n_cgroup1++] = fd;
	return 0;
}

/*
 * One "<id>:<controllers>:<path>" line of the target's that is not ours:
 * open the path under the host's mount of that hierarchy, never through
 * anything the container could have linked there.
 */
static int open_target_cgroup(struct exec_target *t, const char *mountinfo, const char *line, size_t len)
{
	const char *c1 = memchr(line, ':', len), *c2;
	_cleanup_free_ char *ctrl = NULL, *path = NULL;
	_cleanup_close_ int mnt = -1, dir = -1;
	int r;

	if (!c1 || !(c2 = memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - line))))
		return -EINVAL;
	ctrl = strndup(c1 + 1, (size_t)(c2 - c1 - 1));
	path = strndup(c2 + 1, (size_t)(line + len - c2 - 1));
	if (!ctrl || !path)
		return -ENOMEM;
	mnt = cgroup_mount_open(mountinfo, ctrl);
	if (mnt == -ENOENT) {
		/* A hierarchy nobody mounted on the host: nothing to join. */
		ub_log(LOG_DEBUG, "cgroup hierarchy '%s' not mounted, skipped", ctrl);
		return 0;
	}
	if (mnt < 0)
		return mnt;
	dir = openat2_beneath(mnt, path, O_PATH | O_DIRECTORY);
	if (dir < 0)
		return dir;
	r = cgroup_dir_check(t, dir, line, len, ctrl, path);
	if (r < 0)
		return r;
	return keep_cgroup(t, dir, ctrl);
}

static int prepare_cgroups_once(struct exec_target *t)
{
	_cleanup_free_ char *theirs = NULL, *ours = NULL, *mountinfo = NULL;
	int r;

	r = read_cgroups(&t->proc, &theirs);
	if (r < 0)
		return r;
	r = file_read_at(AT_FDCWD, "/proc/self/cgroup", 64 * 1024, &ours);
	if (r < 0)
		return r;
	r = cgroup_text_matches_hierarchies(theirs, ours);
	if (r < 0) {
		ub_log(LOG_ERR, "pid %d: /proc/%d/cgroup does not list the hierarchies one line each (a cgroup name with a newline?)",
			   t->proc.pid, t->proc.pid);
		return r;
	}
	r = 0;
	/* Every line has its "<id>:<controllers>:" prefix: checked above. */
	for (const char *line = theirs; *line && r >= 0;) {
		const char *nl = strchrnul(line, '\n');
		size_t len = (size_t)(nl - line);

		if (!cgroup_text_has_line(ours, line, len)) {
			if (!mountinfo)
				r = cgroup_mount_read(&mountinfo);
			if (r >= 0)
				r = open_target_cgroup(t, mountinfo, line, len);
		}
		line = *nl ? nl + 1 : nl;
	}
	return r < 0 ? r : 0;
}

/* The init may be moved between reading its cgroups and opening them. */
static int prepare_cgroups(struct exec_target *t)
{
	int r = -ESTALE;

	for (int tries = 0; tries < 3 && r == -ESTALE; tries++) {
		drop_cgroups(t);
		r = prepare_cgroups_once(t);
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

		if (pidref_read_proc(&t->proc, attrs[i].target, sizeof(t->lsm_label) - 1, &label) <= 0)
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

	r = pidref_read_proc(&t->proc, "limits", 16 * 1024, &text);
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

	if (pidref_read_proc(&t->proc, "oom_score_adj", 32, &o) > 0) {
		long v = strtol(o, &end, 10);
		if (*end == '\n' && v >= -1000 && v <= 1000) {
			t->oom_score_adj = (int)v;
			t->have_oom = true;
		}
	}
	if (pidref_read_proc(&t->proc, "personality", 32, &p) > 0) {
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

	r = pidref_read_status(&t->proc, &t->st);
	if (r < 0)
		return r;
	r = read_userns_map(&t->proc, "uid_map", &t->uid_map);
	if (r >= 0)
		r = read_userns_map(&t->proc, "gid_map", &t->gid_map);
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
	if (pidref_read_proc(&t->proc, "setgroups", 64, &sg) > 0)
		t->setgroups_denied = !strncmp(sg, "deny", 4);
	return 0;
}

int exec_target_prepare(enum exec_context ctx, const struct pidref *proc, long long deadline_ms,
			bool copy_seccomp, struct exec_target *t)
{
	int r;

	stage_mark("target");
	*t = EXEC_TARGET_NULL;
	t->ctx = ctx;
	t->proc = *proc;
	for (int i = 0; i < EXEC_TARGET_MAX_CG1; i++)
		t->cgroup1_procs[i] = -1;

	r = differing_namespaces(proc, &t->ns_flags);
	if (r < 0)
		return r;
	t->root_fd = pidref_open_proc(proc, "root", O_PATH | O_DIRECTORY);
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
	r = prepare_cgroups(t);
	if (r < 0)
		return r;
	prepare_lsm(t);
	return pidfd_check_alive(proc->fd);
}

void exec_target_release(struct exec_target *t)
{
	if (t->seccomp) {
		seccomp_chain_free(t->seccomp);
		free(t->seccomp);
		t->seccomp = NULL;
	}
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
