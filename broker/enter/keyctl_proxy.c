// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "file_read.h"
#include "key_fetch.h"
#include "keyctl_proxy.h"
#include "proc_status.h"

#if defined(__x86_64__)
#define PROXY_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define PROXY_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

#ifndef KEY_SPEC_REQUESTOR_KEYRING
#define KEY_SPEC_REQUESTOR_KEYRING -8
#endif

#define PROXY_MAX_PAYLOAD (1024 * 1024)   /* the kernel's limit for instantiate */
#define PROXY_MAX_IOV 64

bool keyctl_proxy_available(void)
{
#ifdef PROXY_AUDIT_ARCH
	uint32_t action = SECCOMP_RET_USER_NOTIF;

	return syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0;
#else
	return false;
#endif
}

int keyctl_proxy_filter_install(void)
{
#ifdef PROXY_AUDIT_ARCH
	/*
	 * keyctl() of the native ABI goes to the broker. Any other call,
	 * keyctl() through another ABI (32-bit, x32) included, runs as the
	 * program's own: it holds no authority and no _req keyring, so that
	 * reaches only what its own credentials reach.
	 */
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PROXY_AUDIT_ARCH, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_keyctl, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = ARRAY_SIZE(f), .filter = f };
	long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);

	return fd < 0 ? -errno : (int)fd;
#else
	return -EOPNOTSUPP;
#endif
}

int keyctl_proxy_exemption(const struct keyctl_proxy *p, struct sock_filter *out, size_t max)
{
#if defined(PROXY_AUDIT_ARCH) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* keyctl() takes int operation and key arguments: their low words. */
	enum {
		OFF_OP = offsetof(struct seccomp_data, args[0]),
		OFF_ID = offsetof(struct seccomp_data, args[1]),
	};
	/* Labels: instruction indexes below. */
	enum { CHK_READ = 14, CHK_AUTHKEY = 17, CHK_KEY = 19, ALLOW = 21, ORIG = 22, LEN = 24 };
	/* J(k, t, f, at): at instruction @at, if A == k go to @t, else to @f. */
#define J(k, t, f, at) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(k), (t) - (at) - 1, (f) - (at) - 1)
	struct sock_filter f[LEN] = {
		/* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		/* 1 */ J(PROXY_AUDIT_ARCH, 2, ORIG, 1),
		/* 2 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		/* 3 */ J(SYS_keyctl, 4, ORIG, 3),
		/* 4 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_OP),
		/* Answered for any key (an error if not ours): see answer(). */
		/* 5 */ J(KEYCTL_ASSUME_AUTHORITY, ALLOW, 6, 5),
		/* 6 */ J(KEYCTL_INSTANTIATE, ALLOW, 7, 6),
		/* 7 */ J(KEYCTL_INSTANTIATE_IOV, ALLOW, 8, 7),
		/* 8 */ J(KEYCTL_NEGATE, ALLOW, 9, 8),
		/* 9 */ J(KEYCTL_REJECT, ALLOW, 10, 9),
		/* Answered only for these keys, else run as the program's own. */
		/* 10 */ J(KEYCTL_GET_KEYRING_ID, CHK_AUTHKEY, 11, 10),
		/* 11 */ J(KEYCTL_READ, CHK_READ, 12, 11),
		/* 12 */ J(KEYCTL_DESCRIBE, CHK_KEY, 13, 12),
		/* 13 */ J(KEYCTL_SET_TIMEOUT, CHK_KEY, ORIG, 13),
		/* 14 CHK_READ */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ID),
		/* 15 */ J(p->auth, ALLOW, 16, 15),
		/* 16 */ J(KEY_SPEC_REQKEY_AUTH_KEY, ALLOW, ORIG, 16),
		/* 17 CHK_AUTHKEY */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ID),
		/* 18 */ J(KEY_SPEC_REQKEY_AUTH_KEY, ALLOW, ORIG, 18),
		/* 19 CHK_KEY */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ID),
		/* 20 */ J(p->key, ALLOW, ORIG, 20),
		/* 21 ALLOW */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		/* 22 ORIG */ BPF_STMT(BPF_LD | BPF_IMM, 0),
		/* 23 */ BPF_STMT(BPF_LDX | BPF_IMM, 0),
	};
#undef J
	if (max < LEN)
		return -E2BIG;
	memcpy(out, f, sizeof(f));
	return LEN;
#else
	(void)p;
	(void)out;
	(void)max;
	return -EOPNOTSUPP;
#endif
}

/*
 * The caller's memory, through its /proc/<pid>/mem opened before the
 * notification was proven live (ID_VALID): the fd holds that mm, so a pid
 * recycled afterwards cannot redirect a read or a write.
 */
static int peek(int mem, uint64_t addr, void *buf, size_t len)
{
	if (len == 0)
		return 0;
	return pread(mem, buf, len, (off_t)addr) == (ssize_t)len ? 0 : -EFAULT;
}

static int poke(int mem, uint64_t addr, const void *buf, size_t len)
{
	if (len == 0)
		return 0;
	return pwrite(mem, buf, len, (off_t)addr) == (ssize_t)len ? 0 : -EFAULT;
}

/*
 * A link target the program may name: none, or the authorisation's own
 * destination (any special id means it for instantiate). Never a keyring
 * by serial: we would link as host root, and for the kernel's own
 * requests keyutils' argv names host root's user-session keyring.
 */
static bool ring_allowed(key_serial_t ring)
{
	return ring == 0 || (ring < 0 && ring != KEY_SPEC_REQKEY_AUTH_KEY && ring >= KEY_SPEC_REQUESTOR_KEYRING);
}

/* Copy a reply into the program's buffer the way keyctl() does: the full
 * length is returned, at most @buflen bytes written. */
static long reply_buffer(int mem, uint64_t buf, uint64_t buflen, const void *data, size_t len)
{
	if (buf && buflen) {
		int r = poke(mem, buf, data, len < buflen ? len : (size_t)buflen);
		if (r < 0)
			return r;
	}
	return (long)len;
}

static long do_instantiate(int mem, const struct seccomp_notif *n, const struct keyctl_proxy *p, bool iov)
{
	key_serial_t ring = (key_serial_t)n->data.args[4];
	uint64_t count = n->data.args[3];
	_cleanup_free_ char *payload = NULL;
	size_t len = 0;
	int r;

	if (!ring_allowed(ring))
		return -EACCES;
	if (!iov) {
		if (count > PROXY_MAX_PAYLOAD)
			return -EINVAL;
		payload = malloc(count ? count : 1);
		if (!payload)
			return -ENOMEM;
		r = peek(mem, n->data.args[2], payload, count);
		if (r < 0)
			return r;
		len = count;
	} else {
		struct iovec v[PROXY_MAX_IOV];

		if (count > PROXY_MAX_IOV)
			return -EINVAL;
		r = peek(mem, n->data.args[2], v, count * sizeof(v[0]));
		if (r < 0)
			return r;
		payload = malloc(PROXY_MAX_PAYLOAD);
		if (!payload)
			return -ENOMEM;
		for (uint64_t i = 0; i < count; i++) {
			if (v[i].iov_len > PROXY_MAX_PAYLOAD - len)
				return -EINVAL;
			r = peek(mem, (uint64_t)(uintptr_t)v[i].iov_base, payload + len, v[i].iov_len);
			if (r < 0)
				return r;
			len += v[i].iov_len;
		}
	}
	return keyctl_instantiate(p->key, payload, len, ring) < 0 ? -errno : 0;
}

/* The one key type whose description names a pid (of the requester). */
static const char spnego_type[] = "cifs.spnego;";

static bool names_a_pid(const char *d)
{
	return strncmp(d, spnego_type, sizeof(spnego_type) - 1) == 0;
}

int keyctl_proxy_describe_in_container(const char *d, pid_t self, char **out)
{
	const char *desc = d;
	char pid[sizeof("pid=0x7fffffff")];
	size_t n = 0;
	char *o;

	*out = NULL;
	if (!names_a_pid(d)) {
		*out = strdup(d);
		return *out ? 0 : -ENOMEM;
	}
	/* "type;uid;gid;perm;description": the description's fields follow */
	for (int i = 0; i < 4 && desc; i++) {
		desc = strchr(desc, ';');
		if (desc)
			desc++;
	}
	if (!desc)
		return -EINVAL;
	if (self <= 0)
		return -ESRCH;
	snprintf(pid, sizeof(pid), "pid=0x%x", (unsigned)self);
	/* a field of at least "pid=" and its ';' grows to at most pid=0x7fffffff */
	o = malloc(strlen(d) + strlen(d) / 5 * sizeof(pid) + sizeof(pid));
	if (!o)
		return -ENOMEM;
	memcpy(o, d, (size_t)(desc - d));
	n = (size_t)(desc - d);
	for (const char *f = desc;;) {
		const char *end = strchr(f, ';');
		size_t len = end ? (size_t)(end - f) : strlen(f);

		if (len >= 4 && strncmp(f, "pid=", 4) == 0) {
			memcpy(o + n, pid, strlen(pid));
			n += strlen(pid);
		} else {
			memcpy(o + n, f, len);
			n += len;
		}
		if (!end)
			break;
		o[n++] = ';';
		f = end + 1;
	}
	o[n] = '\0';
	*out = o;
	return 0;
}

/* Returns the syscall's result (>= 0 or -errno), or 1 << 62 for "run it
 * as the program's own call". */
#define RUN_OWN (1LL << 62)
pid_t keyctl_proxy_container_pid(const char *status_text, int init_nspid_depth)
{
	struct proc_status st;

	if (proc_status_parse(status_text, &st) < 0 || !(st.seen & PS_NSPID))
		return -EINVAL;
	if (init_nspid_depth <= 0 || st.nspid_depth != init_nspid_depth + 1)
		return -ESRCH;
	return st.nspid_parent;
}

static pid_t caller_pid_in_container(int status, int init_nspid_depth)
{
	_cleanup_free_ char *text = NULL;
	int r;

	if (status < 0)
		return -ESRCH;
	r = file_read_fd(status, PROC_STATUS_MAX_SIZE, &text);
	if (r < 0)
		return r;
	return keyctl_proxy_container_pid(text, init_nspid_depth);
}

static long long answer(int mem, int status, const struct seccomp_notif *n, const struct keyctl_proxy *p)
{
	const __u64 *a = n->data.args;
	key_serial_t id = (key_serial_t)a[1];
	bool ours = id == p->key;

	/* keyctl_proxy_exemption() lists the cases answered here (not
	 * RUN_OWN): keep the two in step. */
	switch ((int)a[0]) {
	case KEYCTL_ASSUME_AUTHORITY:
		/* The broker holds it; the program acts through us. */
		return id == 0 || ours ? 0 : -EPERM;
	case KEYCTL_GET_KEYRING_ID:
		return id == KEY_SPEC_REQKEY_AUTH_KEY ? p->auth : RUN_OWN;
	case KEYCTL_READ:
		if (id != KEY_SPEC_REQKEY_AUTH_KEY && id != p->auth)
			return RUN_OWN;
		return reply_buffer(mem, a[2], a[3], p->callout, p->callout_len);
	case KEYCTL_DESCRIBE: {
		_cleanup_free_ char *d = NULL;
		_cleanup_free_ char *c = NULL;
		pid_t self;
		long len;

		if (!ours)
			return RUN_OWN;
		len = key_fetch_description(p->key, &d);
		if (len < 0)
			return len;
		self = names_a_pid(d) ? caller_pid_in_container(status, p->init_nspid_depth) : 0;
		len = keyctl_proxy_describe_in_container(d, self, &c);
		if (len < 0)
			return len;
		return reply_buffer(mem, a[2], a[3], c, strlen(c) + 1);
	}
	case KEYCTL_INSTANTIATE:
	case KEYCTL_INSTANTIATE_IOV:
		if (!ours)
			return -EPERM;
		return do_instantiate(mem, n, p, a[0] == KEYCTL_INSTANTIATE_IOV);
	case KEYCTL_NEGATE:
	case KEYCTL_REJECT: {
		key_serial_t ring = (key_serial_t)(a[0] == KEYCTL_NEGATE ? a[3] : a[4]);

		if (!ours)
			return -EPERM;
		if (!ring_allowed(ring))
			return -EACCES;
		if (a[0] == KEYCTL_NEGATE)
			return keyctl_negate(p->key, (unsigned)a[2], ring) < 0 ? -errno : 0;
		return keyctl_reject(p->key, (unsigned)a[2], (unsigned)a[3], ring) < 0 ? -errno : 0;
	}
	case KEYCTL_SET_TIMEOUT:
		if (!ours)
			return RUN_OWN;
		return keyctl_set_timeout(p->key, (unsigned)a[2]) < 0 ? -errno : 0;
	default:
		/* Without the authority, the program's own call reaches only
		 * what its own credentials reach. */
		return RUN_OWN;
	}
}

int keyctl_proxy_serve(int listener, const struct keyctl_proxy *p)
{
	struct seccomp_notif n;
	struct seccomp_notif_resp resp;
	long long v;

	char path[64];

	memset(&n, 0, sizeof(n));
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &n) < 0)
		return errno == EINTR || errno == ENOENT ? 0 : -errno;
	snprintf(path, sizeof(path), "/proc/%u/mem", n.pid);
	_cleanup_close_ int mem = open(path, O_RDWR | O_CLOEXEC);
	/* Only a describe may need the caller's pid levels; opened now, while
	 * the pid still certainly names the caller (checked below). */
	snprintf(path, sizeof(path), "/proc/%u/status", n.pid);
	_cleanup_close_ int status = (int)n.data.args[0] == KEYCTL_DESCRIBE ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	/* Still waiting now, so the pid named the caller when we opened it. */
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &n.id) < 0)
		return 0;
	v = mem < 0 ? -EFAULT : answer(mem, status, &n, p);
	memset(&resp, 0, sizeof(resp));
	resp.id = n.id;
	if (v == RUN_OWN)
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	else if (v < 0)
		resp.error = (int)v;
	else
		resp.val = v;
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0 && errno != ENOENT)
		return -errno;
	return 0;
}
