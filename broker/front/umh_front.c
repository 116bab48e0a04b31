// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "container.h"
#include "exec_target.h"
#include "log.h"
#include "run.h"
#include "umh_front.h"

/* Environment a usermode helper may pass through (nfsd sets these). */
static const char *const passed_env[] = {
	"NFSDCLTRACK_CLIENT_HAS_SESSION", "NFSDCLTRACK_GRACE_START",
	"NFSDCLTRACK_LEGACY_TOPDIR", "NFSDCLTRACK_LEGACY_RECDIR",
};

struct umh_rule {
	bool in_container;
	unsigned timeout_ms;
	char program[4096];
};

/* "<name> [container|host,timeout=N] <program>" lines; '#' comments. */
static int umh_find_rule(const char *conf, const char *name, struct umh_rule *r)
{
	_cleanup_fclose_ FILE *f = fopen(conf, "re");
	_cleanup_free_ char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;

	if (!f)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		char n[256], opts[256], prog[4096];
		int fields;

		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		opts[0] = '\0';
		fields = sscanf(line, "%255s [%255[^]]] %4095s", n, opts, prog);
		if (fields != 3) {
			opts[0] = '\0';
			fields = sscanf(line, "%255s %4095s", n, prog);
			if (fields != 2 || prog[0] == '[') {
				broker_log(LOG_ERR, "%s:%u: syntax error", conf, lineno);
				continue;
			}
		}
		if (strcmp(n, name))
			continue;
		*r = (struct umh_rule){ .timeout_ms = 30000 };
		for (char *save = NULL, *o = strtok_r(opts, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
			if (!strcmp(o, "container"))
				r->in_container = true;
			else if (!strcmp(o, "host"))
				r->in_container = false;
			else if (!strncmp(o, "timeout=", 8) && atoi(o + 8) > 0)
				r->timeout_ms = (unsigned)atoi(o + 8) * 1000u;
			else {
				broker_log(LOG_ERR, "%s:%u: unknown option '%s'", conf, lineno, o);
				return -EINVAL;
			}
		}
		if (prog[0] != '/') {
			broker_log(LOG_ERR, "%s:%u: program must be an absolute path", conf, lineno);
			return -EINVAL;
		}
		snprintf(r->program, sizeof(r->program), "%s", prog);
		return 0;
	}
	return -ENOENT;
}

int umh_front_main(const char *name, int argc, char **argv, const char *conf)
{
	struct container ct = CONTAINER_NULL;
	struct exec_target t = EXEC_TARGET_NULL;
	struct umh_rule rule;
	struct run_result *res = NULL;
	char *env[ARRAY_SIZE(passed_env) + 1] = { NULL };
	char **hargv = NULL;
	const char *kfd = getenv("UPCALL_INIT_PIDFD");
	int r, ret = 1, n_env = 0;

	long long deadline;

	r = umh_find_rule(conf, name, &rule);
	if (r < 0) {
		broker_log(LOG_ERR, "%s: no usable rule in %s: %s", name, conf, strerror(-r));
		return 1;
	}
	deadline = now_ms() + rule.timeout_ms;
	if (kfd) {
		char *end;
		long fd = strtol(kfd, &end, 10);

		unsetenv("UPCALL_INIT_PIDFD");
		r = (*end || fd < 3 || fd > 1024) ? -EBADF : container_take_pidfd((int)fd, &ct);
		if (r < 0) {
			/* A capture we cannot use must not turn into a host run. */
			broker_log(LOG_ERR, "%s: the kernel's container is unusable: %s", name, strerror(-r));
			goto out;
		}
	}
	if (rule.in_container && ct.kind == CONTAINER_INIT) {
		r = exec_target_prepare(EXEC_CONTAINER, &ct.init, deadline, true, &t);
		if (r < 0) {
			broker_log(LOG_ERR, "%s: container init %d pidns %lu: cannot enter: %s", name,
				   ct.init.pid, ct.pidns_ino, strerror(-r));
			goto out;
		}
	} else if (ct.kind == CONTAINER_INIT) {
		broker_log(LOG_ERR, "%s: the kernel names container init %d but the rule says host; refused",
			   name, ct.init.pid);
		goto out;
	} else {
		exec_target_host(&t);
	}
	for (size_t i = 0; i < ARRAY_SIZE(passed_env); i++) {
		const char *v = getenv(passed_env[i]);
		if (v && asprintf(&env[n_env], "%s=%s", passed_env[i], v) > 0)
			n_env++;
	}
	hargv = calloc((size_t)argc + 1, sizeof(char *));
	res = malloc(sizeof(*res));
	if (!hargv || !res)
		goto out;
	hargv[0] = strrchr(rule.program, '/') + 1;
	for (int i = 1; i < argc; i++)
		hargv[i] = argv[i];
	struct spawn_args sa = { .t = &t, .program = rule.program, .argv = hargv, .exec_fd = -1,
				 .extra_env = env, .deadline_ms = deadline };
	r = run_helper(&sa, NULL, res);
	if (r < 0 || res->setup_err || res->timed_out) {
		broker_log(LOG_ERR, "%s: %s%s: %s", name, rule.program,
			   ct.kind == CONTAINER_INIT ? " in container" : "",
			   res->timed_out ? "timed out, killed" : res->setup_step ? res->setup_step : "cannot start");
		goto out;
	}
	ret = WIFEXITED(res->status) ? WEXITSTATUS(res->status) : 1;
out:
	for (int i = 0; i < n_env; i++)
		free(env[i]);
	free(hargv);
	free(res);
	exec_target_release(&t);
	container_release(&ct);
	return ret;
}
