// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <unistd.h>

#include "cleanup.h"
#include "key_fetch.h"
#include "proc_keys.h"
#include "stage_trace.h"

/* Exactly eight lowercase hex digits ("%08x"). */
static bool take_hex8(const char **p, const char *end, unsigned long *v)
{
	unsigned long x = 0;

	if (end - *p < 8)
		return false;
	for (int i = 0; i < 8; i++) {
		char c = (*p)[i];

		if (c >= '0' && c <= '9')
			x = x * 16 + (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			x = x * 16 + (unsigned long)(c - 'a' + 10);
		else
			return false;
	}
	*p += 8;
	*v = x;
	return true;
}

/* An unsigned decimal without leading zeros (what "%d"/"%zu" print). */
static bool take_dec(const char **p, const char *end, unsigned long long max, unsigned long long *v)
{
	const char *s = *p;
	unsigned long long x = 0;

	if (s == end || *s < '0' || *s > '9' || (*s == '0' && s + 1 < end && s[1] >= '0' && s[1] <= '9'))
		return false;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		x = x * 10 + (unsigned long long)(*s - '0');
		if (x > max)
			return false;
	}
	*p = s;
	*v = x;
	return true;
}

/* Lowercase hex without leading zeros (what "%x" prints). */
static bool take_hex(const char **p, const char *end, unsigned long long max, unsigned long long *v)
{
	const char *s = *p;
	unsigned long long x = 0;

	if (s == end || (*s == '0' && s + 1 < end && s[1] != ' '))
		return false;
	for (; s < end && ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')); s++) {
		x = x * 16 + (unsigned long long)(*s <= '9' ? *s - '0' : *s - 'a' + 10);
		if (x > max)
			return false;
	}
	if (s == *p)
		return false;
	*p = s;
	*v = x;
	return true;
}

static bool take_lit(const char **p, const char *end, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(end - *p) < n || memcmp(*p, lit, n))
		return false;
	*p += n;
	return true;
}

/* "%5d": exactly as many spaces as the number is shorter than 5. */
static bool take_padded_dec(const char **p, const char *end, unsigned long long *v)
{
	const char *start = *p;
	int spaces = 0;

	while (*p < end && **p == ' ' && spaces < 5)
		(*p)++, spaces++;
	if (!take_dec(p, end, UINT32_MAX, v))
		return false;
	int digits = (int)(*p - start) - spaces;
	return spaces == (digits < 5 ? 5 - digits : 0);
}

/* "%4s" of the timeout: "perm", "expd" or "<n>[smhdw]", right-aligned. */
static bool take_timeout(const char **p, const char *end)
{
	const char *s = *p, *t;

	while (s < end && *s == ' ' && s - *p < 3)
		s++;
	for (t = s; t < end && ((*t >= '0' && *t <= '9') || (*t >= 'a' && *t <= 'z')); t++)
		;
	if (t == s || t - *p < 4 || (s > *p && t - *p != 4))
		return false;
	*p = t;
	return true;
}

/*
 * The kernel prints (proc_keys_show(), request_key_auth_describe()):
 *   "%08x %c%c%c%c%c%c%c %5d %4s %08x %5d %5d %-9.9s key:%s pid:%d ci:%zu\n"
 * with the type ".request_key_auth" cut to ".request_". Everything in that
 * line is kernel-generated; only its position in the file is not ours to
 * trust, which proc_keys_find_auth() deals with.
 */
int proc_keys_parse_line(const char *line, size_t len, const struct auth_expect *want,
			 struct auth_info *out)
{
	const char *p = line, *end = line + len;
	unsigned long serial, perm;
	unsigned long long usage, uid, gid, target, pid, ci;

	if (len && end[-1] == '\n')
		end--;
	if (!take_hex8(&p, end, &serial) || p == end || *p != ' ')
		return 0;
	if ((key_serial_t)serial != want->auth_key)
		return 0;
	p++;
	/* Flags: instantiated, not revoked, not dead, not invalidated. */
	if (end - p < 8 || p[0] != 'I' || p[1] != '-' || p[2] != '-' || p[6] != '-' || p[7] != ' ')
		return -EBADMSG;
	if ((p[3] != 'Q' && p[3] != '-') || (p[4] != 'U' && p[4] != '-') || (p[5] != 'N' && p[5] != '-'))
		return -EBADMSG;
	p += 8;
	if (!take_padded_dec(&p, end, &usage) || !take_lit(&p, end, " "))
		return -EBADMSG;
	if (!take_timeout(&p, end) || !take_lit(&p, end, " "))
		return -EBADMSG;
	if (!take_hex8(&p, end, &perm) || perm != want->perm || !take_lit(&p, end, " "))
		return -EBADMSG;
	if (!take_padded_dec(&p, end, &uid) || uid != want->uid || !take_lit(&p, end, " "))
		return -EBADMSG;
	if (!take_padded_dec(&p, end, &gid) || gid != want->gid || !take_lit(&p, end, " "))
		return -EBADMSG;
	if (!take_lit(&p, end, ".request_ key:") || !take_hex(&p, end, INT32_MAX, &target) ||
	    (key_serial_t)target != want->target)
		return -EBADMSG;
	if (!take_lit(&p, end, " pid:") || !take_dec(&p, end, INT32_MAX, &pid) || pid == 0)
		return -EBADMSG;
	if (!take_lit(&p, end, " ci:") || !take_dec(&p, end, SIZE_MAX, &ci) || ci != want->callout_len)
		return -EBADMSG;
	if (p != end)
		return -EBADMSG;
	out->auth_key = want->auth_key;
	out->requester_tid = (pid_t)pid;
	out->callout_len = (size_t)ci;
	return 1;
}

/*
 * The ids /proc/keys is opened with when that is safe. The kernel shows a
 * reader every key it may view, and root views every key root owns: with
 * 50,000 of them the read took 112 ms, of which 28 ms is the kernel's own
 * walk (it checks possession of every key) and the rest printing lines we
 * only skip. A reader with ids nothing owns sees only what it possesses or
 * what is world-viewable. Not 65534: real services run as nobody.
 */
#define PROC_KEYS_READER_ID ((uid_t)-2)

/* Is @serial linked directly in our session keyring, which its possessor may search? */
static bool in_session_keyring(key_serial_t serial)
{
	_cleanup_free_ void *list = NULL;
	_cleanup_free_ char *desc = NULL;
	unsigned int perm;
	long n;

	/* "<type>;<uid>;<gid>;<perm>;<description>" */
	if (key_fetch_description(KEY_SPEC_SESSION_KEYRING, &desc) < 0 ||
	    sscanf(desc, "keyring;%*u;%*u;%x;", &perm) != 1 || !(perm & KEY_POS_SEARCH))
		return false;
	n = key_fetch_payload(KEY_SPEC_SESSION_KEYRING, &list);
	for (long i = 0; n > 0 && i < n / (long)sizeof(key_serial_t); i++)
		if (((const key_serial_t *)list)[i] == serial)
			return true;
	return false;
}

/*
 * Open @path (/proc/keys) as cheaply as is safe. The kernel renders that
 * file with the opener's credentials (f_cred: fsuid, fsgid, groups and the
 * keyrings that decide possession), whoever reads it later, so only the
 * open needs other fs ids, and setfsuid() changes nothing else of ours.
 *
 * Seeing fewer keys must never make a forgery win: the answer is only
 * trusted if exactly one line claims our serial, and that is only sound
 * if the real line is certainly among those shown. It is when the
 * authorisation key grants its possessor view and search and sits directly
 * in our session keyring (the kernel's _req keyring, searchable by its
 * possessor), which the open's
 * credentials keep: possession is then found for that key whoever we are.
 * Otherwise the file is read as ourselves, as before. A key a container
 * made world-viewable to print a forged line is still seen by either
 * reader, and refused as before.
 */
static FILE *open_keys(const char *path, const struct auth_expect *want)
{
	_cleanup_close_ int dir = -1;
	_cleanup_free_ char *copy = NULL;
	const char *base;
	uid_t uid;
	gid_t gid;
	int fd, err;
	FILE *f;

	if ((want->perm & (KEY_POS_VIEW | KEY_POS_SEARCH)) != (KEY_POS_VIEW | KEY_POS_SEARCH) ||
	    !in_session_keyring(want->auth_key))
		return fopen(path, "re");
	/* The directory is opened as ourselves: the reader's ids must not have
	 * to traverse the path (an initramfs's "/" is often 0700, as the QEMU
	 * guest's was: every open as the reader failed with EACCES). */
	copy = strdup(path);
	if (!copy)
		return NULL;
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	copy[base - path] = '\0';
	dir = open(base == path ? "." : copy, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return NULL;
	gid = (gid_t)setfsgid(PROC_KEYS_READER_ID);
	uid = (uid_t)setfsuid(PROC_KEYS_READER_ID);
	/* setfs[ug]id() report the old id even when they refuse: ask again. */
	if ((uid_t)setfsuid((uid_t)-1) != PROC_KEYS_READER_ID || (gid_t)setfsgid((gid_t)-1) != PROC_KEYS_READER_ID) {
		setfsuid(uid);
		setfsgid(gid);
		return fopen(path, "re");   /* not permitted to switch (not root) */
	}
	fd = openat(dir, base, O_RDONLY | O_CLOEXEC);
	err = errno;
	setfsuid(uid);
	setfsgid(gid);
	/* Going on with other fs ids would be worse than dying: the kernel
	 * negates the key when we do. */
	if ((uid_t)setfsuid((uid_t)-1) != uid || (gid_t)setfsgid((gid_t)-1) != gid)
		abort();
	/* The reader is only a speed-up: a file it may not open (a procfs
	 * mounted with hidepid=, an LSM) is read as ourselves, as before. */
	if (fd < 0)
		return err == EACCES || err == EPERM ? fopen(path, "re") : (errno = err, NULL);
	f = fdopen(fd, "re");
	if (!f)
		closep(&fd);
	return f;
}

int proc_keys_find_auth(const char *path, const struct auth_expect *want, struct auth_info *out)
{
	_cleanup_fclose_ FILE *f = NULL;
	_cleanup_free_ char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int found = 0, bad = 0;

	stage_mark("proc_keys");
	f = open_keys(path, want);
	if (!f)
		return -errno;
	while ((n = getline(&line, &cap, f)) > 0) {
		struct auth_info ai;
		int r = proc_keys_parse_line(line, (size_t)n, want, &ai);

		if (r == 0)
			continue;
		/* Count every claimant before judging any of them. */
		if (r < 0)
			bad++;
		else if (found++ == 0)
			*out = ai;
	}
	if (ferror(f))
		return -EIO;
	if (found + bad > 1)
		return -ENOTUNIQ;
	if (bad)
		return -EBADMSG;
	return found ? 0 : -ENOKEY;
}

int proc_keys_expect_from_kernel(key_serial_t target, size_t callout_len, struct auth_expect *want)
{
	_cleanup_free_ char *desc = NULL;
	unsigned int uid, gid, perm;
	int type_end = -1, desc_at = -1, r;
	char *end;

	want->auth_key = keyctl_get_keyring_ID(KEY_SPEC_REQKEY_AUTH_KEY, 0);
	if (want->auth_key < 0)
		return -errno;
	r = key_fetch_description(want->auth_key, &desc);
	if (r < 0)
		return r;
	/* "<type>;<uid>;<gid>;<perm>;<description>", the description being
	 * the target's serial in hex: all of it the kernel's. */
	if (sscanf(desc, "%*[^;]%n;%u;%u;%x;%n", &type_end, &uid, &gid, &perm, &desc_at) != 3 ||
	    type_end < 0 || desc_at < 0)
		return -EBADMSG;
	desc[type_end] = '\0';
	if (strcmp(desc, ".request_key_auth"))
		return -EBADMSG;
	errno = 0;
	unsigned long t = strtoul(desc + desc_at, &end, 16);
	if (errno || *end || (key_serial_t)t != target)
		return -EBADMSG;
	want->target = target;
	want->uid = uid;
	want->gid = gid;
	want->perm = perm;
	want->callout_len = callout_len;
	return 0;
}
