/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * keyctl_describe()'s "type;uid;gid;perm;description". The first four
 * fields are the kernel's; the description is whatever the requester chose
 * and may itself contain ';', so it is everything after the fourth ';'.
 */
#pragma once

#include <stdint.h>
#include <keyutils.h>

struct key_description {
	char *buf;          /* owns the text; type and desc point into it */
	const char *type;
	const char *desc;
	uint32_t uid, gid, perm;
};

/* Split @text in place (it is NUL-cut after the type). -EBADMSG if malformed. */
int key_description_split(char *text, struct key_description *kd);
/* key_fetch_description() + split; kd->buf is to be freed. -errno. */
int key_description_read(key_serial_t key, struct key_description *kd);
