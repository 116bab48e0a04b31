/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <sys/types.h>
#include <keyutils.h>

/* What the kernel says about a live request-key authorisation. */
struct auth_info {
	key_serial_t auth_key;  /* serial of the .request_key_auth key */
	pid_t requester_tid;    /* thread id in the initial pid namespace */
	size_t callout_len;
};

/*
 * Parse one /proc/keys line. If it is the authorisation key for @target
 * ("<id> ... .request_ key:<hex> pid:<n> ci:<n>"), fill @out and return 1;
 * return 0 for any other line, -EINVAL for a malformed auth line. A revoked
 * auth key loses its description and so never matches.
 */
int proc_keys_parse_line(const char *line, key_serial_t target, struct auth_info *out);

/*
 * Scan @path (normally /proc/keys) for the authorisation for @target; with
 * @auth_key != 0 only that key's line counts. -ENOKEY if none is live.
 */
int proc_keys_find_auth(const char *path, key_serial_t target, key_serial_t auth_key,
			struct auth_info *out);
