// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc_status.h"

/* A number at the head of kernel text (decimal or hex), and where it ends:
 * unlike lib/parse.h, the rest of the field follows. */
static int status_number(const char *s, int base, const char **endp, uint64_t *out)
{
	char *end;

	if (!((*s >= '0' && *s <= '9') || (base == 16 && ((*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F')))))
		return -EINVAL;
	errno = 0;
	unsigned long long v = strtoull(s, &end, base);
	if (errno)
		return -EINVAL;
	*out = v;
	*endp = end;
	return 0;
}

/* "1000\t1000\t1000\t1000" style lists; returns count or -EINVAL. */
static int parse_list(const char *s, uint64_t *vals, int max, uint64_t limit)
{
	int n = 0;

	for (;;) {
		while (*s == '\t' || *s == ' ')
			s++;
		if (*s == '\0' || *s == '\n')
			return n;
		if (n == max)
			return -E2BIG;
		if (status_number(s, 10, &s, &vals[n]) < 0 || vals[n] > limit)
			return -EINVAL;
		n++;
		if (*s != '\t' && *s != ' ' && *s != '\n' && *s != '\0')
			return -EINVAL;
	}
}

/* Tgid, PPid: one pid. */
static int parse_pid_field(const char *key, const char *val, struct proc_status *st)
{
	uint64_t v;

	if (parse_list(val, &v, 1, INT32_MAX) != 1)
		return -EINVAL;
	if (key[0] == 'T') {
		st->tgid = (pid_t)v;
		st->seen |= PS_TGID;
	} else {
		st->ppid = (pid_t)v;
		st->seen |= PS_PPID;
	}
	return 0;
}

/* Uid, Gid: real, effective, saved, fs. */
static int parse_id_field(const char *key, const char *val, struct proc_status *st)
{
	uint64_t v[4];

	if (parse_list(val, v, 4, UINT32_MAX) != 4)
		return -EINVAL;
	for (int i = 0; i < 4; i++) {
		if (key[0] == 'U')
			st->uid[i] = (uid_t)v[i];
		else
			st->gid[i] = (gid_t)v[i];
	}
	st->seen |= key[0] == 'U' ? PS_UID : PS_GID;
	return 0;
}

static int parse_groups(const char *val, struct proc_status *st)
{
	uint64_t v[PROC_STATUS_MAX_GROUPS];
	int n = parse_list(val, v, PROC_STATUS_MAX_GROUPS, UINT32_MAX);

	if (n < 0)
		return n;
	for (int i = 0; i < n; i++)
		st->groups[i] = (gid_t)v[i];
	st->n_groups = n;
	st->seen |= PS_GROUPS;
	return 0;
}

/* NSpid: one pid per pid namespace level, the innermost last. */
static int parse_nspid(const char *val, struct proc_status *st)
{
	uint64_t v[64];
	int n = parse_list(val, v, 64, INT32_MAX);

	if (n < 1)
		return -EINVAL;
	st->nspid_depth = n;
	st->nspid_last = (pid_t)v[n - 1];
	st->nspid_parent = n >= 2 ? (pid_t)v[n - 2] : 0;
	st->seen |= PS_NSPID;
	return 0;
}

/* CapBnd, CapEff, CapInh, CapAmb (hex) and Umask (octal): one number. */
static int parse_mask_field(const char *key, const char *val, struct proc_status *st)
{
	const char *end;
	uint64_t v;

	while (*val == '\t' || *val == ' ')
		val++;
	if (status_number(val, key[0] == 'U' ? 8 : 16, &end, &v) < 0 || (*end != '\n' && *end))
		return -EINVAL;
	if (key[0] == 'U') {
		if (v > 0777)
			return -EINVAL;
		st->umask = (int)v;
	} else if (key[3] == 'B') {
		st->cap_bnd = v;
		st->seen |= PS_CAPBND;
	} else if (key[3] == 'E') {
		st->cap_eff = v;
	} else if (key[3] == 'I') {
		st->cap_inh = v;
	} else {
		st->cap_amb = v;
	}
	return 0;
}

/* Seccomp, Seccomp_filters, NoNewPrivs, Kthread: one small number. */
static int parse_small_field(const char *key, const char *val, struct proc_status *st)
{
	bool flag = !strcmp(key, "NoNewPrivs") || !strcmp(key, "Kthread");
	uint64_t v;

	if (parse_list(val, &v, 1, flag ? 1 : INT32_MAX) != 1)
		return -EINVAL;
	if (key[0] == 'N')
		st->no_new_privs = v;
	else if (key[0] == 'K')
		st->kthread = v;
	else if (key[7] == '\0')
		st->seccomp_mode = (int)v;
	else
		st->seccomp_filters = (int)v;
	return 0;
}

static int parse_field(const char *key, const char *val, struct proc_status *st)
{
	if (!strcmp(key, "Tgid") || !strcmp(key, "PPid"))
		return parse_pid_field(key, val, st);
	if (!strcmp(key, "Uid") || !strcmp(key, "Gid"))
		return parse_id_field(key, val, st);
	if (!strcmp(key, "Groups"))
		return parse_groups(val, st);
	if (!strcmp(key, "NSpid"))
		return parse_nspid(val, st);
	if (!strcmp(key, "CapBnd") || !strcmp(key, "CapEff") || !strcmp(key, "CapInh") ||
	    !strcmp(key, "CapAmb") || !strcmp(key, "Umask"))
		return parse_mask_field(key, val, st);
	if (!strcmp(key, "Seccomp") || !strcmp(key, "Seccomp_filters") || !strcmp(key, "NoNewPrivs") ||
	    !strcmp(key, "Kthread"))
		return parse_small_field(key, val, st);
	return 0;
}

int proc_status_parse(const char *text, struct proc_status *out)
{
	const char *line = text;

	memset(out, 0, sizeof(*out));
	out->umask = -1;
	out->seccomp_filters = -1;
	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *colon = memchr(line, ':', len);
		char key[32], val[4096];

		/* Name: comes first and is the only container-chosen field; its
		 * value is skipped entirely, whatever it contains. */
		if (colon && (size_t)(colon - line) < sizeof(key) && strncmp(line, "Name:", 5)) {
			size_t klen = (size_t)(colon - line), vlen = len - klen - 1;

			if (vlen >= sizeof(val))
				return -EINVAL;
			memcpy(key, line, klen);
			key[klen] = '\0';
			memcpy(val, colon + 1, vlen);
			val[vlen] = '\0';
			if (parse_field(key, val, out) < 0)
				return -EINVAL;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	return (out->seen & PS_REQUIRED) == PS_REQUIRED ? 0 : -EINVAL;
}
