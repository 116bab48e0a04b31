// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "config.h"
#include "container.h"
#include "exec_target.h"
#include "host_program.h"
#include "keyctl_proxy.h"
#include "log.h"
#include "macro.h"
#include "proc_keys.h"
#include "request.h"
#include "run.h"

/* One upcall: what the kernel asked and where it will run. */
struct upcall {
	const struct request_args *ra;
	char *type, *desc, *callout;
	size_t callout_len;
	struct config cfg;
	struct requester rq;
	struct container ct;
	bool resolved;
	int resolve_err;
	char who[160];    /* "container init 1234 pidns 4026532xxx" for logs */
};

static void upcall_free(struct upcall *u)
{
	free(u->type);
	free(u->callout);
	config_free(&u->cfg);
	requester_release(&u->rq);
	container_release(&u->ct);
}

static void end_key(const struct upcall *u, int err, const char *why)
{
	long r;

	if (u->ra->debug)
		return;
	/* negate and reject differ only in the error the requester sees. */
	if (err == ENOKEY)
		r = keyctl_negate(u->ra->key, BROKER_NEGATIVE_TIMEOUT, 0);
	else
		r = keyctl_reject(u->ra->key, BROKER_NEGATIVE_TIMEOUT, (unsigned)err, 0);
	broker_log(LOG_ERR, "key %d (%s:%s) %s: %s; %s (%s)", u->ra->key, u->type, u->desc, u->who,
		   why, err == ENOKEY ? "negated" : "rejected", r < 0 ? strerror(errno) : strerror(err));
}

/* Describe the key: "type;uid;gid;perm;description". */
static int describe_key(struct upcall *u)
{
	char *buf = NULL;
	int ntype = -1, dpos = -1, n;

	if (u->ra->debug) {
		if (asprintf(&buf, "%s;0;0;1f0000;%s", u->ra->debug_type ? u->ra->debug_type : "user",
			     u->ra->debug_desc ? u->ra->debug_desc : "debug:1234") < 0)
			return -ENOMEM;
	} else if (keyctl_describe_alloc(u->ra->key, &buf) < 0) {
		return -errno;
	}
	n = sscanf(buf, "%*[^;]%n;%*d;%*d;%*x;%n", &ntype, &dpos);
	if (n != 0 || ntype < 0 || dpos < 0) {
		free(buf);
		return -EINVAL;
	}
	buf[ntype] = '\0';
	u->type = buf;
	u->desc = buf + dpos;
	return 0;
}

static int read_callout(struct upcall *u)
{
	void *data = NULL;

	long n;

	if (u->ra->callout || u->ra->debug) {
		const char *c = u->ra->callout ? u->ra->callout : u->ra->debug_callout ? u->ra->debug_callout : "";

		u->callout = strdup(c);
		u->callout_len = strlen(c);
		return u->callout ? 0 : -ENOMEM;
	}
	n = keyctl_read_alloc(KEY_SPEC_REQKEY_AUTH_KEY, &data);
	if (n < 0)
		return -errno;
	u->callout = data;
	u->callout_len = (size_t)n;
	return 0;
}

/* Who made the request, and the container the rule assigns it to. */
static int resolve(struct upcall *u)
{
	struct auth_info ai;
	const char *kernel_fd = getenv("UPCALL_INIT_PIDFD");
	int r;

	if (u->resolved)
		return u->resolve_err;
	u->resolved = true;
	if (kernel_fd) {
		char *end;
		long fd = strtol(kernel_fd, &end, 10);

		unsetenv("UPCALL_INIT_PIDFD");
		if (*end || fd < 3 || fd > 1024)
			return u->resolve_err = -EBADF;
		r = container_take_pidfd((int)fd, &u->ct);
		snprintf(u->who, sizeof(u->who), "container init %d pidns %lu (kernel capture)",
			 u->ct.init.pid, u->ct.pidns_ino);
		return u->resolve_err = r;
	}
	if (u->ra->debug) {
		ai.requester_tid = u->ra->debug_pid > 0 ? u->ra->debug_pid : getpid();
	} else {
		struct auth_expect want;

		/* Everything the line must say but the pid comes from the kernel. */
		r = proc_keys_expect_from_kernel(u->ra->key, u->callout_len, &want);
		if (r >= 0)
			r = proc_keys_find_auth("/proc/keys", &want, &ai);
		if (r < 0) {
			snprintf(u->who, sizeof(u->who), "requester unknown (%s)",
				 r == -ENOTUNIQ ? "more than one /proc/keys line claims our authorisation key" :
				 r == -EBADMSG ? "our authorisation key's /proc/keys line is not the kernel's" :
				 strerror(-r));
			return u->resolve_err = r == -ENOTUNIQ || r == -EBADMSG ? -EKEYREJECTED : r;
		}
	}
	/*
	 * The requester sleeps uninterruptibly in the usermode-helper wait
	 * until we exit (call_sbin_request_key() uses UMH_WAIT_PROC without
	 * UMH_KILLABLE), so the tid cannot be freed and reused before we pin
	 * it: one read of /proc/keys is enough.
	 */
	r = requester_pin(ai.requester_tid, &u->rq);
	if (r < 0) {
		snprintf(u->who, sizeof(u->who), "requester %d gone", ai.requester_tid);
		return u->resolve_err = r;
	}
	r = container_resolve(&u->rq, &u->ct);
	if (r == -EXDEV)
		snprintf(u->who, sizeof(u->who),
			 "requester %d: pid namespace owner (userns %lu) is not its mount namespace owner (userns %lu)",
			 u->rq.thread.pid, u->ct.trace.pidns_owner, u->ct.trace.mnt_userns);
	else if (r < 0)
		snprintf(u->who, sizeof(u->who), "requester %d", u->rq.thread.pid);
	else if (u->ct.kind == CONTAINER_HOST)
		snprintf(u->who, sizeof(u->who), "requester %d on the host", u->rq.thread.pid);
	else
		snprintf(u->who, sizeof(u->who), "requester %d container init %d pidns %lu userns %lu",
			 u->rq.thread.pid, u->ct.init.pid, u->ct.pidns_ino, u->ct.userns_ino);
	return u->resolve_err = r;
}

static int target_for(struct upcall *u, const struct rule *rule, long long deadline, struct exec_target *t)
{
	/* A dry run describes the filters; only a real run stops the init to copy them. */
	bool copy_seccomp = !rule->opt.seccomp_skip && !u->ra->debug;
	int r;

	if (rule->opt.context == EXEC_HOST) {
		exec_target_host(t);
		return 0;
	}
	r = resolve(u);
	if (r < 0)
		return r;
	if (rule->opt.context == EXEC_CONTAINER) {
		if (u->ct.kind == CONTAINER_HOST) {
			exec_target_host(t);
			return 0;
		}
		return exec_target_prepare(EXEC_CONTAINER, &u->ct.init, deadline,
					   copy_seccomp, t);
	}
	if (!pidref_is_set(&u->rq.thread))
		return -ESRCH;   /* a kernel capture names no requester */
	return exec_target_prepare(EXEC_REQUESTER, &u->rq.thread, deadline, copy_seccomp, t);
}

static char *keysub_lookup(const char *type, const char *desc, void *data)
{
	void *payload = NULL;
	key_serial_t k;
	int len;

	/* With assumed authority this searches the requester's keyrings; a
	 * NULL callout makes a miss fail instead of upcalling again. */
	k = request_key(type, desc, NULL, 0);
	if (k < 0)
		return NULL;
	len = keyctl_read_alloc(k, &payload);
	if (len < 0)
		return NULL;
	for (int i = 0; i < len; i++) {
		if (((char *)payload)[i] < 0x20 || ((char *)payload)[i] > 0x7e) {
			free(payload);
			errno = EINVAL;
			return NULL;
		}
	}
	return payload;
}

static int expand(struct upcall *u, const struct rule *rule, const struct exec_target *t,
		  const char *op, char ***argv)
{
	char uid[16], gid[16];
	struct macro_env env = {
		.op = op, .key = u->ra->key_str, .type = u->type, .desc = u->desc,
		.callout = u->callout, .uid = uid, .gid = gid, .thread = u->ra->thread,
		.process = u->ra->process, .session = u->ra->session,
		.lookup = keysub_lookup,
	};

	/* %u %g as the helper's own user namespace sees the requester. */
	snprintf(uid, sizeof(uid), "%" PRIu32, exec_target_uid(t, (uint32_t)strtoul(u->ra->uid, NULL, 10)));
	snprintf(gid, sizeof(gid), "%" PRIu32, exec_target_gid(t, (uint32_t)strtoul(u->ra->gid, NULL, 10)));
	return macro_expand_argv(rule->argv, &env, argv);
}

static void print_plan(const struct upcall *u, const struct rule *rule, const struct exec_target *t, char **argv)
{
	printf("rule: %s:%u: context=%s%s timeout=%ums %s%s\n", rule->file, rule->line,
	       exec_context_name(rule->opt.context), rule->opt.exec_host ? ",exec=host" : "", rule->opt.timeout_ms,
	       rule->pipe ? "|" : "", rule->program);
	if (u->who[0])
		printf("resolution: %s\n", u->who);
	if (t->ctx != EXEC_HOST)
		printf("helper: pid %d's namespaces 0x%x, uid %u gid %u, capbnd %#" PRIx64 "%s%s%s\n",
		       t->proc.pid, (unsigned)t->ns_flags, t->uid[1], t->gid[1], t->st.cap_bnd,
		       t->st.no_new_privs ? ", no_new_privs" : "", t->cgroup2_fd >= 0 ? ", cgroup v2" : "",
		       t->n_cgroup1 ? ", cgroup v1" : "");
	if (t->ctx != EXEC_HOST && t->st.seccomp_mode == 2)
		printf("seccomp: %d filter(s) of pid %d %s\n", t->st.seccomp_filters, t->proc.pid,
		       rule->opt.seccomp_skip ? "NOT copied (seccomp=skip)" : "copied before exec");
	for (int i = 0; argv[i]; i++)
		printf("- argv[%d] = \"%s\"\n", i, argv[i]);
	printf("-- exec disabled --\n");
}

/* Same file as our own executable? */
static bool is_this_program(const char *path)
{
	struct stat a, b;

	return stat(path, &a) == 0 && stat("/proc/self/exe", &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

static int run_rule(struct upcall *u, const struct rule *rule, const char *op);

/* After a failed |pipe program keyutils looks up again with op "negate". */
static int negate_after_failure(struct upcall *u, const char *why)
{
	const struct rule *rule = config_match(&u->cfg, "negate", u->type, u->desc, u->callout);

	broker_log(LOG_INFO, "key %d: %s; looking up a negate rule", u->ra->key, why);
	if (!rule) {
		end_key(u, ENOKEY, why);
		return 1;
	}
	/* Run once, whatever its form; a failing negate rule is not retried. */
	return run_rule(u, rule, "negate");
}

static int run_rule(struct upcall *u, const struct rule *rule, const char *op)
{
	struct exec_target t = EXEC_TARGET_NULL;
	_cleanup_close_ int exec_fd = -1;
	char **argv = NULL;
	struct run_result *res = NULL;
	char why[256];
	int r, ret = 1;
	/* One deadline for everything this rule does, preparation included. */
	long long deadline = now_ms() + rule->opt.timeout_ms;

	r = target_for(u, rule, deadline, &t);
	if (r < 0) {
		snprintf(why, sizeof(why), "%s:%u: cannot prepare %s context: %s", rule->file, rule->line,
			 exec_context_name(rule->opt.context), strerror(-r));
		end_key(u, r == -EXDEV ? EKEYREJECTED : r == -ESRCH ? ESRCH : EKEYREJECTED, why);
		goto out;
	}
	r = expand(u, rule, &t, op, &argv);
	if (r < 0) {
		snprintf(why, sizeof(why), "%s:%u: macro expansion failed: %s", rule->file, rule->line, strerror(-r));
		end_key(u, EKEYREJECTED, why);
		goto out;
	}
	if (u->ra->debug) {
		print_plan(u, rule, &t, argv);
		ret = 0;
		goto out;
	}
	if (rule->opt.exec_host && t.ctx != EXEC_HOST) {
		exec_fd = host_program_seal(rule->program);
		if (exec_fd < 0) {
			snprintf(why, sizeof(why), "exec=host: %s: %s", rule->program,
				 exec_fd == -ENOEXEC ? "not a static executable" : strerror(-exec_fd));
			exec_fd = -1;
			end_key(u, ENOKEY, why);
			goto out;
		}
	}
	if (t.ctx == EXEC_HOST && is_this_program(rule->program)) {
		/* "[container] /sbin/request-key ..." delegates to the container's
		 * own request-key; resolved to the host it would run us again as
		 * root on the same rule, for ever. */
		snprintf(why, sizeof(why), "%s:%u: %s is this broker; not run on the host", rule->file,
			 rule->line, rule->program);
		end_key(u, EKEYREJECTED, why);
		goto out;
	}
	/*
	 * A plain program in a container gets no authority: its keyctl()
	 * calls come to us (keyctl_proxy.h). Without seccomp user
	 * notification in this kernel it gets the authority as before, said
	 * loudly.
	 */
	bool plain_in_container = !rule->pipe && t.ctx != EXEC_HOST;
	bool use_proxy = plain_in_container && keyctl_proxy_available();
	struct keyctl_proxy proxy = {
		.key = u->ra->key, .callout = u->callout, .callout_len = u->callout_len,
		.auth = use_proxy ? keyctl_get_keyring_ID(KEY_SPEC_REQKEY_AUTH_KEY, 0) : 0,
	};
	if (plain_in_container && !use_proxy)
		broker_log(LOG_WARNING, "key %d: no seccomp user notification in this kernel: %s gets the authority itself",
			   u->ra->key, rule->program);
	/* On the host, exec=host is just the host context. */
	struct spawn_args sa = {
		.t = &t, .program = rule->program, .argv = argv,
		.exec_host = rule->opt.exec_host && t.ctx != EXEC_HOST,
		.exec_fd = exec_fd, .keep_session_keyring = !rule->pipe,
		.assume_key = rule->pipe ? 0 : u->ra->key,
		.deadline_ms = deadline,
		.proxy = use_proxy ? &proxy : NULL, .notify_sock = -1,
	};
	res = malloc(sizeof(*res));
	if (!res) {
		end_key(u, ENOMEM, "out of memory");
		goto out;
	}
	r = run_helper(&sa, rule->pipe ? u->callout : NULL, res);
	if (r < 0) {
		snprintf(why, sizeof(why), "cannot start %s: %s", rule->program, strerror(-r));
		end_key(u, ENOKEY, why);
		goto out;
	}
	if (res->timed_out) {
		snprintf(why, sizeof(why), "%s timed out after %ums, killed", rule->program, rule->opt.timeout_ms);
		end_key(u, ETIMEDOUT, why);
		goto out;
	}
	if (res->flooded) {
		snprintf(why, sizeof(why), "%s wrote more than %d bytes, killed", rule->program, RUN_MAX_PAYLOAD);
		end_key(u, EMSGSIZE, why);
		goto out;
	}
	if (res->setup_err) {
		snprintf(why, sizeof(why), "%s: %s failed: %s", rule->program, res->setup_step, strerror(-res->setup_err));
		end_key(u, ENOKEY, why);
		goto out;
	}
	if (!rule->pipe) {
		/* Like keyutils' exec: a helper that did not instantiate leaves the
		 * key to the kernel, which negates it when we exit. */
		ret = WIFEXITED(res->status) ? WEXITSTATUS(res->status) : 1;
		goto out;
	}
	if (!WIFEXITED(res->status) || WEXITSTATUS(res->status) != 0) {
		if (!strcmp(op, "negate")) {
			end_key(u, ENOKEY, "negate program failed");
			goto out;
		}
		snprintf(why, sizeof(why), "%s %s %d", rule->program,
			 WIFEXITED(res->status) ? "exited" : "died on signal",
			 WIFEXITED(res->status) ? WEXITSTATUS(res->status) : WTERMSIG(res->status));
		ret = negate_after_failure(u, why);
		goto out;
	}
	if (keyctl_instantiate(u->ra->key, res->payload, res->payload_len, 0) < 0) {
		broker_log(LOG_ERR, "key %d: instantiate failed: %m", u->ra->key);
		goto out;
	}
	ret = 0;
out:
	free(res);
	strv_free(argv);
	exec_target_release(&t);
	return ret;
}

int request_handle(const struct request_args *ra)
{
	struct upcall u = { .ra = ra, .rq = REQUESTER_NULL, .ct = CONTAINER_NULL };
	const struct rule *rule;
	int r, ret = 1;

	if (!ra->debug && keyctl_assume_authority(ra->key) < 0 && !ra->callout && errno != EOPNOTSUPP) {
		broker_log(LOG_ERR, "Failed to assume authority over key %d (%m)", ra->key);
		return 1;
	}
	r = describe_key(&u);
	if (r < 0) {
		broker_log(LOG_ERR, "Key %d is inaccessible (%s)", ra->key, strerror(-r));
		goto out;
	}
	r = read_callout(&u);
	if (r < 0) {
		end_key(&u, ENOKEY, "cannot read the callout information");
		goto out;
	}
	broker_log(LOG_DEBUG, "Key type: %s, desc: %s, callout: '%s'", u.type, u.desc, u.callout);
	r = config_load(&u.cfg, ra->local_config ? "." : "/etc");
	if (r < 0) {
		end_key(&u, ENOKEY, "cannot load the configuration");
		goto out;
	}
	rule = config_match(&u.cfg, ra->op, u.type, u.desc, u.callout);
	if (!rule) {
		broker_log(LOG_ERR, "Cannot find command to construct key %d", ra->key);
		if (ra->debug)
			goto out;
		end_key(&u, ENOKEY, "no matching rule");
		goto out;
	}
	broker_log(LOG_DEBUG, "%s:%u: Line matches", rule->file, rule->line);
	ret = run_rule(&u, rule, ra->op);
out:
	upcall_free(&u);
	return ret;
}
