/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <keyutils.h>
#include <sys/types.h>

/*
 * A plain rule's program needs the authority over its one key (stock
 * helpers describe it, read the callout, instantiate, set the timeout). The
 * authority is more than that: it hands over the requestor's destination
 * keyring as possessed, which for the kernel's own requests (NFS id
 * mapping, dns_query) is a host-wide cache keyring, and it extends key
 * searches into the requester's keyrings. So a container's program never
 * gets it: its keyctl() calls reach the broker through a seccomp user
 * notification filter, and the broker, which keeps the authority, performs
 * the few operations on that one key itself. Everything else runs as the
 * program's own call, with the program's own (container) rights.
 */
struct keyctl_proxy {
	key_serial_t key;         /* the key under construction */
	key_serial_t auth;        /* its authorisation key */
	const char *callout;
	size_t callout_len;
	int init_nspid_depth;     /* NSpid entries of the container's init (0: unknown) */
};

/* Can this kernel notify a supervisor of a filtered syscall? */
bool keyctl_proxy_available(void);
/*
 * In the helper, before exec: filter keyctl() to a user notification.
 * Returns the listener fd (CLOEXEC) or -errno.
 */
int keyctl_proxy_filter_install(void);
/*
 * The init's filters go on after ours, and one that denies keyctl()
 * (systemd-nspawn's default filter, Docker's default profile) would
 * decide alone: SECCOMP_RET_ERRNO takes precedence over
 * SECCOMP_RET_USER_NOTIF whatever the order, so the program could not
 * instantiate its key. Each copied filter gets this prefix: the native
 * keyctl() calls the broker answers itself on @p's key (never those it
 * runs as the program's own) are allowed by the copy, which leaves the
 * decision to ours; every other call goes to the copy's own program, with
 * A and X zero as at a program's start. Writes at most @max instructions
 * to @out; returns their number or -errno.
 */
int keyctl_proxy_exemption(const struct keyctl_proxy *p, struct sock_filter *out, size_t max);
/* In the broker: answer one notification. -errno if the listener is dead. */
int keyctl_proxy_serve(int listener, const struct keyctl_proxy *p);
/*
 * What KEYCTL_DESCRIBE tells a container's program @self (its pid as the
 * container's /proc shows it), from the kernel's
 * "type;uid;gid;perm;description" @d. A cifs.spnego description carries
 * "pid=", the requester's host pid, from which cifs.upcall opens
 * /proc/<pid>/ns/ (to setns() into them) and /proc/<pid>/uid_map (to map
 * uid=): inside the container that pid names no process or an unrelated
 * one. The program already runs in the context the broker chose, so every
 * pid= field names the program itself: its namespaces are that context,
 * and joining them is a no-op (the init's pid namespace, an ancestor of
 * the program's, could not be joined). Any other key is described as the
 * kernel describes it. *out is allocated; 0 or -errno (-EINVAL: fewer than
 * five fields; -ESRCH: a cifs.spnego key and no @self).
 */
int keyctl_proxy_describe_in_container(const char *d, pid_t self, char **out);
/*
 * The pid, as the container's /proc shows it, of the caller whose
 * /proc/<pid>/status is @status_text: the entry of its NSpid line at the
 * level of the container init's pid namespace. The broker's program is pid
 * 1 of a child of that namespace, so it must have exactly one level more
 * than the init (@init_nspid_depth entries): a descendant that made a pid
 * namespace of its own is refused (-ESRCH), not told a pid of another
 * level. -EINVAL for a text without NSpid.
 */
pid_t keyctl_proxy_container_pid(const char *status_text, int init_nspid_depth);
