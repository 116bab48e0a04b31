/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The request-key front: keyutils' command line and the kernel's key make
 * a struct upcall (upcall.h); request_run() matches request-key.conf,
 * places the upcall and runs the rule, then the negate rule if a |pipe
 * program failed.
 */
#pragma once

#include <stdbool.h>

#include "upcall.h"

#define BROKER_NEGATIVE_TIMEOUT 60   /* what the kernel uses when a helper gives up */

/* keyutils' request-key command line, as main() parsed it. */
struct request_cmdline {
	const char *op, *key, *uid, *gid;
	const char *thread, *process, *session;
	const char *callout;         /* 8-argument form, else NULL */
	bool debug;                  /* -d: describe only, exec nothing */
	const char *debug_desc;      /* -D <desc> */
	bool local_config;           /* -l: ./request-key.d, ./request-key.conf */
};

/* Handle one request-key upcall end to end. Returns the process exit status. */
int request_main(const struct request_cmdline *c);

/*
 * Match @u (UPCALL_KEY) against the request-key configuration in
 * @etc_dir, place it when a rule needs it, and run (or, in a dry run,
 * print) the plan. Returns the process exit status.
 */
int request_run(struct upcall *u, const char *etc_dir);
