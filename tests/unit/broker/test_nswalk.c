// SPDX-License-Identifier: GPL-2.0-or-later
/* The container rule on synthetic namespace trees. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <cmocka.h>

#include "nswalk.h"

/*
 * A synthetic world: namespaces are small ints. Handles are the same ints
 * plus a generation tag so that leaks and double releases can be counted.
 */
enum { NS_MAX = 32 };
struct world {
	int owner[NS_MAX];      /* pid ns / mnt ns -> user ns */
	int parent[NS_MAX];     /* pid ns -> parent pid ns, -1 = invisible/top */
	int open_handles;
	int fail_owner_of;      /* make owner() fail for this ns */
	int generation;         /* makes every handle distinct, like real fds */
};

static struct world *W(void *ctx) { return ctx; }
static int ns_of(int h) { return h & 0xff; }
static int mk(struct world *w, int ns) { w->open_handles++; return ns | (++w->generation << 8); }

static int w_owner(void *ctx, int h)
{
	if (W(ctx)->fail_owner_of == ns_of(h))
		return -EIO;
	return mk(W(ctx), W(ctx)->owner[ns_of(h)]);
}

static int w_parent(void *ctx, int h)
{
	int p = W(ctx)->parent[ns_of(h)];
	return p < 0 ? -EPERM : mk(W(ctx), p);
}

static int w_same(void *ctx, int a, int b) { return ns_of(a) == ns_of(b); }
static unsigned long w_ino(void *ctx, int h) { return 4026531000ul + (unsigned long)ns_of(h); }
static int w_dup(void *ctx, int h) { return mk(W(ctx), ns_of(h)); }
static void w_release(void *ctx, int h) { W(ctx)->open_handles--; }

static const struct ns_ops world_ops = {
	.owner = w_owner, .parent = w_parent, .same = w_same, .ino = w_ino,
	.dup = w_dup, .release = w_release,
};

/*
 * Namespaces of the test world:
 *   user:  1 = init, 2 = container A (child of 1), 3 = B inside A
 *   pid:   10 = host (owned by 1), 11 = A (owned by 2), 12 = sub-pidns in A
 *          (owned by 2), 13 = B (owned by 3), 14 = pidns owned by 1 under 10
 *   mnt:   20 = host (1), 21 = A (2), 22 = B (3), 23 = owned by 2
 */
static void setup_world(struct world *w)
{
	for (int i = 0; i < NS_MAX; i++)
		w->parent[i] = -1;
	w->open_handles = 0;
	w->fail_owner_of = -1;
	w->generation = 1;
	w->owner[10] = 1; w->parent[10] = -1;
	w->owner[11] = 2; w->parent[11] = 10;
	w->owner[12] = 2; w->parent[12] = 11;
	w->owner[13] = 3; w->parent[13] = 12;
	w->owner[14] = 1; w->parent[14] = 10;
	w->owner[20] = 1; w->owner[21] = 2; w->owner[22] = 3; w->owner[23] = 2;
}

static int walk(struct world *w, int mnt, int pid, int *top, struct nswalk_trace *t)
{
	int r = nswalk_container_pidns(&world_ops, w, mnt | 0x100, pid | 0x100, top, t);
	if (r == 0) {
		*top = ns_of(*top);
		w->open_handles--;   /* the caller's handle on *top */
	}
	return r;
}

static void host_request(void **state)
{
	struct world w; struct nswalk_trace t; int top;

	setup_world(&w);
	assert_int_equal(walk(&w, 20, 10, &top, &t), 0);
	assert_int_equal(top, 10);
	assert_int_equal(w.open_handles, 0);
}

static void host_private_pidns(void **state)
{
	/* A host process in a pid ns owned by the initial user ns walks to the host. */
	struct world w; struct nswalk_trace t; int top;

	setup_world(&w);
	assert_int_equal(walk(&w, 20, 14, &top, &t), 0);
	assert_int_equal(top, 10);
	assert_int_equal(t.n, 1);
	assert_true(t.step[0].taken);
	assert_int_equal(w.open_handles, 0);
}

static void container_init(void **state)
{
	struct world w; struct nswalk_trace t; int top;

	setup_world(&w);
	assert_int_equal(walk(&w, 21, 11, &top, &t), 0);
	assert_int_equal(top, 11);
	assert_int_equal(t.n, 1);          /* looked at 10, owned by 1: stop */
	assert_false(t.step[0].taken);
	assert_int_equal(w.open_handles, 0);
}

static void nested_pidns_same_userns(void **state)
{
	/* A sandbox's own pid ns inside container A walks up to A's. */
	struct world w; struct nswalk_trace t; int top;

	setup_world(&w);
	assert_int_equal(walk(&w, 23, 12, &top, &t), 0);
	assert_int_equal(top, 11);
	assert_int_equal(t.n, 2);
	assert_true(t.step[0].taken);
	assert_false(t.step[1].taken);
	assert_int_equal(w.open_handles, 0);
}

static void container_in_container(void **state)
{
	struct world w; struct nswalk_trace t; int top;

	setup_world(&w);
	assert_int_equal(walk(&w, 22, 13, &top, &t), 0);
	assert_int_equal(top, 13);
	assert_int_equal(w.open_handles, 0);
}

static void refused_not_owned(void **state)
{
	/* user+mnt ns of A, but the host's pid ns (unshare -Urm): no container. */
	struct world w; struct nswalk_trace t; int top = -1;

	setup_world(&w);
	assert_int_equal(walk(&w, 21, 10, &top, &t), -EXDEV);
	assert_int_equal(t.mnt_userns, 4026531002ul);
	assert_int_equal(t.pidns_owner, 4026531001ul);
	assert_int_equal(w.open_handles, 0);
	/* B's mount ns but A's pid ns */
	assert_int_equal(walk(&w, 22, 11, &top, &t), -EXDEV);
	assert_int_equal(w.open_handles, 0);
}

static void owner_failure_propagates(void **state)
{
	struct world w; struct nswalk_trace t; int top;

	setup_world(&w);
	w.fail_owner_of = 10;
	assert_int_equal(walk(&w, 21, 12, &top, &t), -EIO);
	assert_int_equal(w.open_handles, 0);
}

static void deep_chain(void **state)
{
	/* 31 nested pid namespaces all owned by one user ns: top-most wins. */
	struct world w; struct nswalk_trace t; int top;

	setup_world(&w);
	for (int i = 0; i < 10; i++)
		w.owner[i] = 2, w.parent[i] = i == 0 ? 11 : i - 1;
	assert_int_equal(walk(&w, 21, 9, &top, &t), 0);
	assert_int_equal(top, 11);
	assert_int_equal(w.open_handles, 0);
}

static void cycle_is_bounded(void **state)
{
	/* A lying nsfs (or a bug) must not loop forever. */
	struct world w; struct nswalk_trace t; int top;

	setup_world(&w);
	w.owner[5] = 2; w.parent[5] = 6;
	w.owner[6] = 2; w.parent[6] = 5;
	assert_int_equal(walk(&w, 21, 5, &top, &t), -ELOOP);
	assert_int_equal(w.open_handles, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(host_request),
		cmocka_unit_test(host_private_pidns),
		cmocka_unit_test(container_init),
		cmocka_unit_test(nested_pidns_same_userns),
		cmocka_unit_test(container_in_container),
		cmocka_unit_test(refused_not_owned),
		cmocka_unit_test(owner_failure_propagates),
		cmocka_unit_test(deep_chain),
		cmocka_unit_test(cycle_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
