/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <sys/types.h>
#include <keyutils.h>

/*
 * What the broker already knows about its authorisation key from the
 * kernel itself (keyctl_describe() of KEY_SPEC_REQKEY_AUTH_KEY and the
 * callout it read): a /proc/keys line is accepted only if it says exactly
 * this, so the one unknown it yields is the requester's tid.
 */
struct auth_expect {
	key_serial_t auth_key;   /* serial of the .request_key_auth key */
	key_serial_t target;     /* the key under construction */
	unsigned int perm;       /* the auth key's permission mask */
	unsigned int uid, gid;   /* its owner, as our user namespace sees it */
	size_t callout_len;
};

/* What the kernel says about a live request-key authorisation. */
struct auth_info {
	key_serial_t auth_key;
	pid_t requester_tid;    /* thread id in the initial pid namespace */
	size_t callout_len;
};

/*
 * Parse one line of /proc/keys. Returns 1 when it is, byte for byte in the
 * kernel's format, the line of the authorisation @want describes, 0 when its
 * first column is another serial, -EBADMSG when it claims @want's serial but
 * is not the kernel's rendering of that key (a forgery, or a revoked key).
 */
int proc_keys_parse_line(const char *line, size_t len, const struct auth_expect *want,
			 struct auth_info *out);

/*
 * Scan the whole of @path (normally /proc/keys) once. Descriptions of
 * user-defined keys may hold newlines, so any key can print lines that
 * start with our serial: every line starting with it counts, and unless
 * exactly one exists and it is well-formed the answer is refused
 * (-ENOTUNIQ for more than one, -ENOKEY for none, -EBADMSG for a
 * malformed one). The answer thus never depends on what other keys exist.
 */
int proc_keys_find_auth(const char *path, const struct auth_expect *want, struct auth_info *out);

/* Fill @want from the kernel (keyctl_describe of the assumed authority). */
int proc_keys_expect_from_kernel(key_serial_t target, size_t callout_len, struct auth_expect *want);
