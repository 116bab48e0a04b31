// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "key_describe.h"
#include "key_fetch.h"
#include "parse.h"

static int field_u32(const char *s, size_t len, int base, uint32_t *out)
{
	char tmp[16];
	char *end;
	unsigned long v;

	if (len == 0 || len >= sizeof(tmp))
		return -EBADMSG;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if (base == 10) {
		uint64_t u;

		if (tmp[0] == '-' && !strcmp(tmp, "-1")) {
			*out = UINT32_MAX;   /* the kernel prints an unset id as -1 */
			return 0;
		}
		if (parse_u64(tmp, UINT32_MAX, &u) < 0)
			return -EBADMSG;
		*out = (uint32_t)u;
		return 0;
	}
	errno = 0;
	v = strtoul(tmp, &end, 16);
	if (errno || *end || tmp[0] == '-' || tmp[0] == '+' || tmp[0] == ' ' || v > UINT32_MAX)
		return -EBADMSG;
	*out = (uint32_t)v;
	return 0;
}

int key_description_split(char *text, struct key_description *kd)
{
	char *f[5];
	uint32_t *num[3] = { &kd->uid, &kd->gid, &kd->perm };

	f[0] = text;
	for (int i = 1; i < 5; i++) {
		char *semi = strchr(f[i - 1], ';');

		if (!semi)
			return -EBADMSG;
		f[i] = semi + 1;
	}
	if (f[1] - f[0] < 2)
		return -EBADMSG;   /* empty type */
	for (int i = 0; i < 3; i++)
		if (field_u32(f[i + 1], (size_t)(f[i + 2] - f[i + 1] - 1), i == 2 ? 16 : 10, num[i]) < 0)
			return -EBADMSG;
	f[1][-1] = '\0';
	kd->type = f[0];
	kd->desc = f[4];
	return 0;
}

int key_description_read(key_serial_t key, struct key_description *kd)
{
	char *buf = NULL;
	int r;

	r = key_fetch_description(key, &buf);
	if (r < 0)
		return r;
	r = key_description_split(buf, kd);
	if (r < 0) {
		free(buf);
		return r;
	}
	kd->buf = buf;
	return 0;
}
