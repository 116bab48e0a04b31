// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host_program.h"
#include "upcall.h"

void upcall_release(struct upcall *u)
{
	free(u->kd.buf);
	u->kd.buf = NULL;
	free(u->callout);
	u->callout = NULL;
	if (u->env)
		for (size_t i = 0; u->env[i]; i++)
			free(u->env[i]);
	free(u->env);
	u->env = NULL;
	cgroup_view_release(&u->cgv);
	placement_release(&u->where);
}

int upcall_target(struct upcall *u, const struct rule_options *opt, long long deadline_ms,
		  struct exec_target *t)
{
	/* A dry run describes the filters; only a real run stops the init to copy them. */
	bool copy_seccomp = !opt->seccomp_skip && !u->dry_run;
	const struct placement *p = &u->where;

	if (opt->context == EXEC_HOST) {
		exec_target_host(t);
		return 0;
	}
	if (!u->placed)
		return -EINVAL;   /* a front's bug, not the container's doing */
	if (u->place_err < 0)
		return u->place_err;
	if (opt->context == EXEC_CONTAINER) {
		if (p->ct.kind == CONTAINER_HOST) {
			exec_target_host(t);
			return 0;
		}
		return exec_target_prepare(EXEC_CONTAINER, &p->ct.init, deadline_ms, copy_seccomp, &u->cgv, t);
	}
	if (!pidref_is_set(&p->rq.thread))
		return -ESRCH;   /* a kernel capture names no requester */
	return exec_target_prepare(EXEC_REQUESTER, &p->rq.thread, deadline_ms, copy_seccomp, &u->cgv, t);
}

/* Same file as our own executable? */
static bool is_this_program(const char *path)
{
	struct stat a, b;

	return stat(path, &a) == 0 && stat("/proc/self/exe", &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

int upcall_exec_checks(const struct rule_options *opt, const char *program,
		       const struct exec_target *t, int *exec_fd, int *key_err, char *why, size_t why_len)
{
	*exec_fd = -1;
	/* On the host, exec=host is just the host context. */
	if (opt->exec_host && t->ctx != EXEC_HOST) {
		/* The copy, if one is needed, is made in the container's
		 * cgroups by stage one (host_program.h). */
		int fd = host_program_open(program);

		if (fd < 0) {
			snprintf(why, why_len, "exec=host: %s: %s", program,
				 fd == -ENOEXEC ? "not a static executable" : strerror(-fd));
			*key_err = ENOKEY;
			return fd;
		}
		*exec_fd = fd;
	}
	if (t->ctx == EXEC_HOST && is_this_program(program)) {
		/* "[container] /sbin/request-key ..." delegates to the container's
		 * own request-key; resolved to the host it would run us again as
		 * root on the same rule, for ever. */
		snprintf(why, why_len, "%s is this broker; not run on the host", program);
		*key_err = EKEYREJECTED;
		return -ELOOP;
	}
	return 0;
}
