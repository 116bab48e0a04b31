/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <keyutils.h>
#include <sys/types.h>

#define BROKER_NEGATIVE_TIMEOUT 60   /* what the kernel uses when a helper gives up */

/* keyutils' request-key command line, parsed. */
struct request_args {
	const char *op;
	const char *key_str;
	key_serial_t key;
	const char *uid, *gid;       /* requester's fsuid/fsgid, host view */
	const char *thread, *process, *session;
	const char *callout;         /* 8-argument form, else NULL */
	bool debug;                  /* -d: describe only, exec nothing */
	const char *debug_desc;      /* -D <desc> */
	const char *debug_type;      /* explain: key type (default "user") */
	const char *debug_callout;   /* explain: callout (default "") */
	pid_t debug_pid;             /* explain: the requester (default: ourselves) */
	bool local_config;           /* -l: ./request-key.d, ./request-key.conf */
};

/* Handle one upcall end to end. Returns the process exit status. */
int request_handle(const struct request_args *ra);
