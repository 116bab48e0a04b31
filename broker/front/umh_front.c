// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "log.h"
#include "outcome.h"
#include "policy_step.h"
#include "run.h"
#include "umh_front.h"
#include "upcall.h"

/* Environment a usermode helper may pass through (nfsd sets these). */
static const char *const passed_env[] = {
	"NFSDCLTRACK_CLIENT_HAS_SESSION", "NFSDCLTRACK_GRACE_START",
	"NFSDCLTRACK_LEGACY_TOPDIR", "NFSDCLTRACK_LEGACY_RECDIR",
};

static int umh_upcall(struct upcall *u, const char *name, char **args)
{
	size_t n = 0;

	u->kind = UPCALL_UMH;
	u->name = name;
	u->args = args;
	u->env = calloc(ARRAY_SIZE(passed_env) + 1, sizeof(char *));
	if (!u->env)
		return -ENOMEM;
	for (size_t i = 0; i < ARRAY_SIZE(passed_env); i++) {
		const char *v = getenv(passed_env[i]);

		if (v && asprintf(&u->env[n], "%s=%s", passed_env[i], v) > 0)
			n++;
		else
			u->env[n] = NULL;
	}
	/*
	 * A usermode helper has no requester to walk from: the kernel's
	 * capture is the only way to a container. One it names but we cannot
	 * use must not turn into a host run.
	 */
	u->placed = true;
	u->place_err = placement_from_kernel(&u->where);
	return u->place_err < 0 ? u->place_err : 0;
}

/* The helper's argv: the program's base name, then the kernel's arguments. */
static char **umh_argv(const struct umh_rule *rule, int argc, char **argv)
{
	char **v = calloc((size_t)argc + 1, sizeof(char *));

	if (!v)
		return NULL;
	v[0] = strrchr(rule->program, '/') + 1;
	for (int i = 1; i < argc; i++)
		v[i] = argv[i];
	return v;
}

static int umh_spawn(const struct upcall *u, const struct umh_rule *rule, const struct exec_target *t,
		     char **argv, int exec_fd, long long deadline)
{
	_cleanup_free_ struct run_result *res = malloc(sizeof(*res));
	struct spawn_args sa = { .t = t, .program = rule->program, .argv = argv,
				 .exec_host = exec_fd >= 0, .exec_fd = exec_fd,
				 .extra_env = u->env, .deadline_ms = deadline };
	struct run_outcome o;

	if (!res) {
		ub_log(LOG_ERR, "%s: out of memory", u->name);
		return 1;
	}
	run_outcome_classify(run_helper(&sa, NULL, res), res, rule->program, rule->opt.timeout_ms, &o);
	/* The kernel acts on the exit status; a helper's own failure is its
	 * answer, the broker's failures are logged. */
	if (o.verdict != RUN_SUCCEEDED && o.verdict != RUN_FAILED)
		ub_log(LOG_ERR, "%s: %s%s", u->name, o.why,
			   t->ctx != EXEC_HOST ? " (in container)" : "");
	return o.exit_code;
}

int umh_front_run(const char *name, const struct umh_rule *rule, int argc, char **argv)
{
	struct upcall u = UPCALL_NULL;
	struct exec_target t = EXEC_TARGET_NULL;
	_cleanup_close_ int exec_fd = -1;
	_cleanup_free_ char **hargv = NULL;
	/* One deadline for everything, preparation included. */
	long long deadline = now_ms() + rule->opt.timeout_ms;
	struct rule_options eff;
	enum decision dec;
	char why[256];
	int r, key_err, ret = 1;

	r = umh_upcall(&u, name, argv + 1);
	if (r < 0) {
		ub_log(LOG_ERR, "%s: %s", name, u.where.who[0] ? u.where.who : strerror(-r));
		goto out;
	}
	if (rule->opt.context == EXEC_HOST && u.where.ct.kind == CONTAINER_INIT) {
		ub_log(LOG_ERR, "%s: the kernel names container init %d but %s:%u says host; refused",
			   name, u.where.ct.init.pid, rule->file, rule->line);
		goto out;
	}
	r = policy_step(&u, &rule->opt, &eff, &dec, why, sizeof(why));
	if (r < 0) {
		ub_log(LOG_ERR, "%s: container init %d: %s:%u: %s", name, u.where.ct.init.pid, rule->file,
		       rule->line, why);
		goto out;
	}
	if (dec == DECIDE_HOST)
		ub_log(LOG_INFO, "%s: container init %d: %s:%u: %s", name, u.where.ct.init.pid, rule->file,
		       rule->line, why);
	r = upcall_target(&u, &eff, deadline, &t);
	if (r < 0) {
		ub_log(LOG_ERR, "%s: container init %d pidns %lu: cannot enter: %s", name,
			   u.where.ct.init.pid, u.where.ct.pidns_ino, strerror(-r));
		goto out;
	}
	r = upcall_exec_checks(&eff, rule->program, &t, &exec_fd, &key_err, why, sizeof(why));
	if (r < 0) {
		ub_log(LOG_ERR, "%s: %s:%u: %s", name, rule->file, rule->line, why);
		goto out;
	}
	hargv = umh_argv(rule, argc, argv);
	if (!hargv)
		ub_log(LOG_ERR, "%s: out of memory", name);
	else
		ret = umh_spawn(&u, rule, &t, hargv, exec_fd, deadline);
out:
	exec_target_release(&t);
	upcall_release(&u);
	return ret;
}

int umh_front_main(const char *name, int argc, char **argv, const char *conf)
{
	struct umh_rule rule;
	int r, ret;

	r = umh_conf_find(conf, name, &rule);
	if (r < 0) {
		ub_log(LOG_ERR, "%s: no usable rule in %s: %s", name, conf, strerror(-r));
		return 1;
	}
	ret = umh_front_run(name, &rule, argc, argv);
	umh_rule_free(&rule);
	return ret;
}
