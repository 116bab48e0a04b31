// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "container.h"
#include "explain.h"
#include "request.h"

static void print_namespaces(pid_t pid)
{
	static const char *const kinds[] = { "user", "mnt", "pid", "net", "uts", "ipc", "cgroup", "time" };

	printf("process %d namespaces:", pid);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		char path[64];
		struct stat st;

		snprintf(path, sizeof(path), "/proc/%d/ns/%s", pid, kinds[i]);
		if (stat(path, &st) == 0)
			printf(" %s:%lu", kinds[i], (unsigned long)st.st_ino);
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

int explain_main(int argc, char **argv)
{
	struct requester rq;
	struct container c = CONTAINER_NULL;
	char *end;
	long pid;
	int r;

	if (argc < 2 || argc > 5) {
		fprintf(stderr, "usage: upcall-broker explain <pid> [<type> <description> [<callout>]]\n");
		return 2;
	}
	pid = strtol(argv[1], &end, 10);
	if (*end || pid <= 0 || pid > 0x3fffffff) {
		fprintf(stderr, "explain: '%s' is not a pid\n", argv[1]);
		return 2;
	}
	r = requester_pin((pid_t)pid, &rq);
	if (r < 0) {
		fprintf(stderr, "explain: cannot pin process %ld: %s\n", pid, strerror(-r));
		return 1;
	}
	print_namespaces((pid_t)pid);
	r = container_resolve(&rq, &c);
	print_walk(&c, r);
	container_release(&c);
	requester_release(&rq);
	if (argc < 4)
		return r < 0 ? 1 : 0;

	/* %u %g: the process's fsuid/fsgid, as the kernel would pass them. */
	char uid[16], gid[16];
	snprintf(uid, sizeof(uid), "%u", rq.st.uid[3]);
	snprintf(gid, sizeof(gid), "%u", rq.st.gid[3]);
	struct request_args ra = {
		.op = "create", .key_str = "0", .uid = uid, .gid = gid,
		.thread = "0", .process = "0", .session = "0",
		.debug = true, .debug_type = argv[2], .debug_desc = argv[3],
		.debug_callout = argc > 4 ? argv[4] : "", .debug_pid = (pid_t)pid,
	};
	return request_handle(&ra);
}
