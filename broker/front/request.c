// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "config.h"
#include "exec_target.h"
#include "kernel_only_key.h"
#include "key_fetch.h"
#include "keyctl_proxy.h"
#include "log.h"
#include "macro.h"
#include "outcome.h"
#include "parse.h"
#include "policy_step.h"
#include "proc_keys.h"
#include "request.h"
#include "run.h"

/* What running one rule leaves to do. */
struct rule_done {
	int exit_status;
	bool negate;          /* a |pipe program failed: keyutils looks up "negate" next */
	char why[256];
};

static void end_key(const struct upcall *u, int err, const char *why)
{
	long r;

	if (u->dry_run)
		return;
	/* negate and reject differ only in the error the requester sees. */
	if (err == ENOKEY)
		r = keyctl_negate(u->key, BROKER_NEGATIVE_TIMEOUT, 0);
	else
		r = keyctl_reject(u->key, BROKER_NEGATIVE_TIMEOUT, (unsigned)err, 0);
	ub_log(LOG_ERR, "key %d (%s:%s) %s: %s; %s (%s)", u->key, u->kd.type, u->kd.desc,
		   u->where.who, why, err == ENOKEY ? "negated" : "rejected",
		   r < 0 ? strerror(errno) : strerror(err));
}

/*
 * The placement step for a key: the kernel's capture if it handed one
 * over, else the container rule from the requester, whom /proc/keys names
 * (a dry run names it itself).
 */
static void place(struct upcall *u)
{
	struct auth_info ai;
	struct auth_expect want;
	pid_t tid = u->requester;
	int r;

	u->placed = true;
	r = placement_from_kernel(&u->where);
	if (r != 0) {
		u->place_err = r < 0 ? r : 0;
		return;
	}
	if (!tid) {
		/* Everything the line must say but the pid comes from the kernel. */
		r = proc_keys_expect_from_kernel(u->key, u->callout_len, &want);
		if (r >= 0)
			r = proc_keys_find_auth("/proc/keys", &want, &ai);
		if (r < 0) {
			snprintf(u->where.who, sizeof(u->where.who), "requester unknown (%s)",
				 r == -ENOTUNIQ ? "more than one /proc/keys line claims our authorisation key" :
				 r == -EBADMSG ? "our authorisation key's /proc/keys line is not the kernel's" :
				 strerror(-r));
			u->place_err = r == -ENOTUNIQ || r == -EBADMSG ? -EKEYREJECTED : r;
			return;
		}
		tid = ai.requester_tid;
	}
	/*
	 * The requester sleeps uninterruptibly in the usermode-helper wait
	 * until we exit (call_sbin_request_key() uses UMH_WAIT_PROC without
	 * UMH_KILLABLE), so the tid cannot be freed and reused before we pin
	 * it: one read of /proc/keys is enough.
	 */
	u->place_err = placement_from_requester(&u->where, tid);
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
	len = key_fetch_payload(k, &payload);
	if (len < 0) {
		errno = -len;
		return NULL;
	}
	for (int i = 0; i < len; i++) {
		if (((char *)payload)[i] < 0x20 || ((char *)payload)[i] > 0x7e) {
			free(payload);
			errno = EINVAL;
			return NULL;
		}
	}
	return payload;
}

static int expand(const struct upcall *u, const struct rule *rule, const struct exec_target *t,
		  const char *op, char ***argv)
{
	char uid[16], gid[16];
	struct macro_env env = {
		.op = op, .key = u->key_str, .type = u->kd.type, .desc = u->kd.desc,
		.callout = u->callout, .uid = uid, .gid = gid, .thread = u->thread,
		.process = u->process, .session = u->session,
		.lookup = keysub_lookup,
	};

	/* %u %g as the helper's own user namespace sees the requester. */
	snprintf(uid, sizeof(uid), "%" PRIu32, exec_target_uid(t, u->uid));
	snprintf(gid, sizeof(gid), "%" PRIu32, exec_target_gid(t, u->gid));
	return macro_expand_argv(rule->argv, &env, argv);
}

static void print_plan(const struct upcall *u, const struct rule *rule, const struct exec_target *t,
		       char **argv)
{
	printf("rule: %s:%u: context=%s%s timeout=%ums %s%s\n", rule->file, rule->line,
	       exec_context_name(rule->opt.context), rule->opt.exec_host ? ",exec=host" : "",
	       rule->opt.timeout_ms, rule->pipe ? "|" : "", rule->program);
	if (u->where.who[0])
		printf("resolution: %s\n", u->where.who);
	if (u->reg_read) {
		char desc[2 * CGROUP2_PATH_MAX + 128];

		policy_describe(u, desc, sizeof(desc));
		printf("%s\n", desc);
		printf("decision: %s (rule: registered=%s unregistered=%s)\n",
		       t->ctx == EXEC_HOST && rule->opt.context != EXEC_HOST ? "run on the host" : "run inside",
		       policy_action_name(rule->opt.registered),
		       rule->opt.unregistered == POLICY_OBEY ? "inside" : policy_action_name(rule->opt.unregistered));
	}
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

/* Start the prepared helper and act on what its run came to. */
static void spawn_rule(struct upcall *u, const struct rule *rule, const char *op,
		       const struct exec_target *t, char **argv, int exec_fd, long long deadline,
		       struct rule_done *d)
{
	_cleanup_free_ struct run_result *res = malloc(sizeof(*res));
	struct run_outcome o;
	/*
	 * A plain program in a container gets no authority: its keyctl()
	 * calls come to us (keyctl_proxy.h). Without seccomp user
	 * notification in this kernel it gets the authority as before, said
	 * loudly.
	 */
	bool plain_in_container = !rule->pipe && t->ctx != EXEC_HOST;
	bool use_proxy = plain_in_container && keyctl_proxy_available();
	struct keyctl_proxy proxy = {
		.key = u->key, .callout = u->callout, .callout_len = u->callout_len,
		.auth = use_proxy ? keyctl_get_keyring_ID(KEY_SPEC_REQKEY_AUTH_KEY, 0) : 0,
		.init_nspid_depth = t->st.nspid_depth,
	};
	struct spawn_args sa = {
		.t = t, .program = rule->program, .argv = argv,
		.exec_host = exec_fd >= 0, .exec_fd = exec_fd,
		.keep_session_keyring = !rule->pipe, .assume_key = rule->pipe ? 0 : u->key,
		.deadline_ms = deadline, .proxy = use_proxy ? &proxy : NULL, .notify_sock = -1,
	};

	if (plain_in_container && !use_proxy)
		ub_log(LOG_WARNING, "key %d: no seccomp user notification in this kernel: %s gets the authority itself",
			   u->key, rule->program);
	if (!res) {
		end_key(u, ENOMEM, "out of memory");
		return;
	}
	/* An unchecked -1 would be KEY_SPEC_THREAD_KEYRING to the proxy. */
	if (use_proxy && proxy.auth <= 0) {
		end_key(u, ENOKEY, "cannot name our authorisation key for the keyctl proxy");
		return;
	}
	run_outcome_classify(run_helper(&sa, rule->pipe ? u->callout : NULL, res), res, rule->program,
			     rule->opt.timeout_ms, &o);
	if (o.key_err) {
		end_key(u, o.key_err, o.why);
	} else if (!rule->pipe) {
		/* Like keyutils' exec: a helper that did not instantiate leaves the
		 * key to the kernel, which negates it when we exit. */
		d->exit_status = o.exit_code;
		if (o.verdict == RUN_FAILED)
			ub_log(LOG_INFO, "key %d: %s; the kernel negates it if it was not instantiated",
			       u->key, o.why);
	} else if (o.verdict == RUN_FAILED) {
		/* A failing negate rule is not retried. */
		if (!strcmp(op, "negate"))
			end_key(u, ENOKEY, "negate program failed");
		else
			d->negate = true;
		snprintf(d->why, sizeof(d->why), "%s", o.why);
	} else if (keyctl_instantiate(u->key, res->payload, res->payload_len, 0) < 0) {
		char why[64];

		/* Negated, as the kernel would after keyutils' request-key
		 * exits on this error (a "user" key refuses an empty payload). */
		snprintf(why, sizeof(why), "instantiate failed: %s", strerror(errno));
		end_key(u, ENOKEY, why);
	} else {
		d->exit_status = 0;
	}
}

/* One rule, under one deadline that covers preparation, birth, run and reaping. */
static void run_rule(struct upcall *u, const struct rule *rule, const char *op, struct rule_done *d)
{
	struct exec_target t = EXEC_TARGET_NULL;
	_cleanup_close_ int exec_fd = -1;
	char **argv = NULL;
	struct rule_options eff;
	enum decision dec;
	char why[256];
	int r, key_err;
	long long deadline = now_ms() + rule->opt.timeout_ms;

	*d = (struct rule_done){ .exit_status = 1 };
	r = policy_step(u, &rule->opt, &eff, &dec, why, sizeof(why));
	if (r < 0) {
		char msg[300];

		snprintf(msg, sizeof(msg), "%s:%u: %s", rule->file, rule->line, why);
		if (u->dry_run) {
			printf("rule: %s:%u: context=%s %s%s\n", rule->file, rule->line,
			       exec_context_name(rule->opt.context), rule->pipe ? "|" : "", rule->program);
			policy_describe(u, msg, sizeof(msg));
			printf("%s\ndecision: %s\n", msg, why);
			d->exit_status = r == -EACCES ? 0 : 1;
			goto out;
		}
		/* A refusal is the answer "no such key" (negated); an unreadable
		 * registration is the broker's failure (rejected). */
		end_key(u, r == -EACCES ? ENOKEY : EKEYREJECTED, msg);
		goto out;
	}
	if (dec == DECIDE_HOST)
		ub_log(LOG_INFO, "key %d (%s:%s) %s: %s:%u: %s", u->key, u->kd.type, u->kd.desc, u->where.who,
		       rule->file, rule->line, why);
	r = upcall_target(u, &eff, deadline, &t);
	if (r < 0) {
		snprintf(why, sizeof(why), "%s:%u: cannot prepare %s context: %s", rule->file, rule->line,
			 exec_context_name(eff.context), strerror(-r));
		end_key(u, r == -ESRCH ? ESRCH : EKEYREJECTED, why);
		goto out;
	}
	r = expand(u, rule, &t, op, &argv);
	if (r < 0) {
		snprintf(why, sizeof(why), "%s:%u: macro expansion failed: %s", rule->file, rule->line,
			 strerror(-r));
		end_key(u, EKEYREJECTED, why);
		goto out;
	}
	if (u->dry_run) {
		print_plan(u, rule, &t, argv);
		d->exit_status = 0;
		goto out;
	}
	r = upcall_exec_checks(&eff, rule->program, &t, &exec_fd, &key_err, why, sizeof(why));
	if (r < 0) {
		char msg[300];

		snprintf(msg, sizeof(msg), "%s:%u: %s", rule->file, rule->line, why);
		end_key(u, key_err, msg);
		goto out;
	}
	spawn_rule(u, rule, op, &t, argv, exec_fd, deadline, d);
	/* One line per served upcall: `upcall-broker status` shows the last
	 * ones with the failures end_key() logs. */
	if (d->exit_status == 0 && !d->negate)
		ub_log(LOG_INFO, "key %d (%s:%s) %s: %s:%u: served, %s context", u->key, u->kd.type, u->kd.desc,
		       u->where.who[0] ? u->where.who : "host", rule->file, rule->line, exec_context_name(t.ctx));
out:
	strv_free(argv);
	exec_target_release(&t);
}

int request_run(struct upcall *u, const char *etc_dir)
{
	struct config cfg;
	const struct rule *chain[2];
	const char *ops[2] = { u->op, "negate" };
	char why[256] = "";
	size_t n = 1;
	int ret = 1;

	if (kernel_only_key_vet(&u->kd, why, sizeof(why)) < 0) {
		end_key(u, ENOKEY, why);
		return 1;
	}
	if (config_load(&cfg, etc_dir) < 0) {
		end_key(u, ENOKEY, "cannot load the configuration");
		return 1;
	}
	chain[0] = config_match(&cfg, u->op, u->kd.type, u->kd.desc, u->callout);
	if (!chain[0]) {
		ub_log(LOG_ERR, "Cannot find command to construct key %d", u->key);
		end_key(u, ENOKEY, "no matching rule");
		goto out;
	}
	ub_log(LOG_DEBUG, "%s:%u: Line matches", chain[0]->file, chain[0]->line);
	/* After a failed |pipe program keyutils looks up again with op
	 * "negate" (the match does not depend on the run): at most two rules,
	 * run in a loop. */
	if (chain[0]->pipe && strcmp(u->op, "negate") && !u->dry_run)
		chain[n++] = config_match(&cfg, "negate", u->kd.type, u->kd.desc, u->callout);
	for (size_t i = 0; i < n; i++) {
		struct rule_done d;

		if (!chain[i]) {
			end_key(u, ENOKEY, why);
			break;
		}
		/* Placed once, as the first rule that leaves the host starts: a
		 * host-only upcall never reads /proc/keys nor pins anyone, as
		 * with keyutils, and a negate rule's placement is made from
		 * /proc/keys as it is when that rule runs. */
		if (chain[i]->opt.context != EXEC_HOST && !u->placed)
			place(u);
		run_rule(u, chain[i], ops[i], &d);
		ret = d.exit_status;
		if (!d.negate)
			break;
		snprintf(why, sizeof(why), "%s", d.why);
		ub_log(LOG_INFO, "key %d: %s; looking up a negate rule", u->key, why);
	}
out:
	config_free(&cfg);
	return ret;
}

/* The key's type and description and the callout, from the kernel. */
static int read_key(struct upcall *u, const struct request_cmdline *c)
{
	void *data = NULL;
	long n;
	int r;

	r = key_description_read(u->key, &u->kd);
	if (r < 0) {
		ub_log(LOG_ERR, "Key %d is inaccessible (%s)", u->key, strerror(-r));
		return r;
	}
	if (c->callout) {
		u->callout = strdup(c->callout);
		u->callout_len = strlen(c->callout);
		return u->callout ? 0 : -ENOMEM;
	}
	n = key_fetch_payload(KEY_SPEC_REQKEY_AUTH_KEY, &data);
	if (n < 0) {
		end_key(u, ENOKEY, "cannot read the callout information");
		return -ENOKEY;
	}
	u->callout = data;
	u->callout_len = (size_t)n;
	return 0;
}

/* keyutils' -d/-D: a made-up key ("user", "debug:1234") requested by ourselves. */
static int fake_key(struct upcall *u, const struct request_cmdline *c)
{
	char *text = NULL;

	if (asprintf(&text, "user;0;0;1f0000;%s", c->debug_desc ? c->debug_desc : "debug:1234") < 0)
		return -ENOMEM;
	if (key_description_split(text, &u->kd) < 0) {
		free(text);
		return -EINVAL;
	}
	u->kd.buf = text;
	u->callout = strdup(c->callout ? c->callout : "");
	if (!u->callout)
		return -ENOMEM;
	u->callout_len = strlen(u->callout);
	u->requester = getpid();
	return 0;
}

int request_main(const struct request_cmdline *c)
{
	struct upcall u = UPCALL_NULL;
	int r, ret = 1;

	u.kind = UPCALL_KEY;
	u.dry_run = c->debug;
	u.op = c->op;
	u.key_str = c->key;
	u.thread = c->thread;
	u.process = c->process;
	u.session = c->session;
	/* keyutils' -d takes any key argument: no key is touched. */
	if (parse_key_serial(c->key, &u.key) < 0 && !c->debug) {
		ub_log(LOG_ERR, "Invalid key serial '%s'", c->key);
		return 1;
	}
	if (parse_uint(c->uid, UINT32_MAX, &u.uid) < 0 || parse_uint(c->gid, UINT32_MAX, &u.gid) < 0) {
		ub_log(LOG_ERR, "Invalid uid/gid '%s' '%s'", c->uid, c->gid);
		return 1;
	}
	if (!c->debug && keyctl_assume_authority(u.key) < 0 && !c->callout && errno != EOPNOTSUPP) {
		ub_log(LOG_ERR, "Failed to assume authority over key %d (%m)", u.key);
		return 1;
	}
	r = c->debug ? fake_key(&u, c) : read_key(&u, c);
	if (r < 0)
		goto out;
	ub_log(LOG_DEBUG, "Key type: %s, desc: %s, callout: '%s'", u.kd.type, u.kd.desc, u.callout);
	ret = request_run(&u, c->local_config ? "." : "/etc");
out:
	upcall_release(&u);
	return ret;
}
