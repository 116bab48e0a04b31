// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "container.h"
#include "explain.h"
#include "namespace.h"
#include "parse.h"
#include "policy_step.h"
#include "request.h"
#include "upcall.h"

static void print_namespaces(pid_t pid)
{
	printf("process %d namespaces:", pid);
	for (size_t i = 0; i < NS_KIND_COUNT; i++) {
		char path[64];
		struct stat st;

		snprintf(path, sizeof(path), "/proc/%d/ns/%s", pid, ns_kinds[i].name);
		if (stat(path, &st) == 0)
			printf(" %s:%lu", ns_kinds[i].name, (unsigned long)st.st_ino);
	}
	printf("\n");
}

static void print_walk(const struct container *c, int r)
{
	const struct nswalk_trace *t = &c->trace;

	printf("mount namespace owner: userns %lu\n", t->mnt_userns);
	printf("pid namespace owner:   userns %lu%s\n", t->pidns_owner,
	       t->pidns_owner == t->mnt_userns ? "" : "  (differs: no container, request refused)");
	for (int i = 0; i < t->n; i++)
		printf("walk %d: parent pidns %lu owned by userns %lu -> %s\n", i + 1, t->step[i].pidns,
		       t->step[i].owner, t->step[i].taken ? "same owner, go up" : "other owner, stop");
	if (r < 0)
		printf("result: %s\n", r == -EXDEV ? "refused (EXDEV)" : strerror(-r));
	else if (c->kind == CONTAINER_HOST)
		printf("result: the host (top-most pid namespace is the broker's own, %lu)\n", c->pidns_ino);
	else
		printf("result: container init pid %d (pidns %lu, userns %lu)\n", c->init.pid, c->pidns_ino,
		       c->userns_ino);
}

/* The key explain describes, as a kernel would describe it. */
static int explain_key(struct upcall *u, const char *type, const char *desc, const char *callout)
{
	if (asprintf(&u->kd.buf, "%s;0;0;1f0000;%s", type, desc) < 0) {
		u->kd.buf = NULL;
		return -ENOMEM;
	}
	if (key_description_split(u->kd.buf, &u->kd) < 0)
		return -EINVAL;   /* a ';' in the type */
	u->callout = strdup(callout);
	if (!u->callout)
		return -ENOMEM;
	u->callout_len = strlen(callout);
	return 0;
}

int explain_main(int argc, char **argv)
{
	struct upcall u = UPCALL_NULL;
	unsigned pid;
	int r, ret = 1;

	if (argc < 2 || argc > 5) {
		fprintf(stderr, "usage: upcall-broker explain <pid> [<type> <description> [<callout>]]\n");
		return 2;
	}
	if (parse_uint(argv[1], 0x3fffffff, &pid) < 0 || pid == 0) {
		fprintf(stderr, "explain: '%s' is not a pid\n", argv[1]);
		return 2;
	}
	/* The placement step, done here so that the walk can be shown; the
	 * plan below uses it as it is. */
	u.kind = UPCALL_KEY;
	u.dry_run = true;
	u.requester = (pid_t)pid;
	u.placed = true;
	r = u.place_err = placement_from_requester(&u.where, (pid_t)pid);
	if (r < 0 && !pidref_is_set(&u.where.rq.thread)) {
		fprintf(stderr, "explain: cannot pin process %u: %s\n", pid, strerror(-r));
		goto out;
	}
	print_namespaces((pid_t)pid);
	print_walk(&u.where.ct, r);
	if (r >= 0 && u.where.ct.kind == CONTAINER_INIT) {
		/* Read once here, shown, and used as it is by the plan below. */
		char desc[2 * CGROUP2_PATH_MAX + 128];

		u.reg_read = true;
		u.reg_err = registration_read(&u.where.ct.init, &u.cgv, &u.reg);
		policy_describe(&u, desc, sizeof(desc));
		printf("%s\n", desc);
		if (u.reg_err == -EPERM)
			printf("(reading " REGISTRATION_XATTR " needs CAP_SYS_ADMIN: the kernel hides it otherwise)\n");
	}
	if (argc < 4) {
		ret = r < 0 ? 1 : 0;
		goto out;
	}
	/* %u %g: the process's fsuid/fsgid, as the kernel would pass them. */
	u.op = "create";
	u.key_str = "0";
	u.thread = u.process = u.session = "0";
	u.uid = u.where.rq.st.uid[3];
	u.gid = u.where.rq.st.gid[3];
	r = explain_key(&u, argv[2], argv[3], argc > 4 ? argv[4] : "");
	if (r < 0) {
		fprintf(stderr, "explain: %s\n", strerror(-r));
		goto out;
	}
	ret = request_run(&u, "/etc");
out:
	upcall_release(&u);
	return ret;
}
