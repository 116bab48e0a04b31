// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/xattr.h>

#include "caps.h"
#include "cleanup.h"
#include "registration.h"

/* Deeper than any real cgroup tree (the kernel's own default is unlimited,
 * but every step is a directory a container could only have made inside
 * its subtree, which still ends at the root). */
#define WALK_MAX_STEPS 4096

static void escape(const char *buf, size_t len, char *out, size_t out_len)
{
	size_t o = 0;

	for (size_t i = 0; i < len && o + 5 < out_len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, out_len - o, "\\x%02x", c);
	}
	out[o] = '\0';
}

int registration_of_dir(int dir, struct registration *reg)
{
	char buf[REGISTRATION_VALUE_MAX];
	ssize_t n = fgetxattr(dir, REGISTRATION_XATTR, buf, sizeof(buf));

	reg->raw[0] = '\0';
	if (n < 0) {
		/* ENODATA: not set here; ENOTSUP: nothing can be set here. */
		if (errno == ENODATA || errno == ENOTSUP) {
			reg->policy = REG_NONE;
			return 0;
		}
		if (errno != ERANGE)
			return -errno;
		/* Longer than any valid value. */
		snprintf(reg->raw, sizeof(reg->raw), "(more than %d bytes)", REGISTRATION_VALUE_MAX);
		reg->policy = REG_MALFORMED;
		return 0;
	}
	escape(buf, (size_t)n, reg->raw, sizeof(reg->raw));
	reg->policy = reg_value_parse(buf, (size_t)n);
	return 0;
}

/* Without CAP_SYS_ADMIN (initial user ns), getxattr(trusted.*) says
 * ENODATA for a set value: a registration would read as none. */
static bool may_read_trusted(void)
{
	return caps_have_effective(CAP_SYS_ADMIN);
}

int registration_walk(int root, int dir, const char *path, struct registration *reg)
{
	_cleanup_close_ int cur = -1;
	char here[CGROUP2_PATH_MAX];
	int at = dir, r;

	snprintf(here, sizeof(here), "%s", path);
	reg->policy = REG_NONE;
	reg->cgroup[0] = reg->raw[0] = '\0';
	for (int step = 0; step < WALK_MAX_STEPS; step++) {
		int up;

		r = cgroup2_is_root(root, at);
		if (r < 0)
			return r;
		if (r == 1)
			return 0;   /* the root's own xattr names no container */
		r = registration_of_dir(at, reg);
		if (r < 0)
			return r;
		if (reg->policy != REG_NONE) {
			snprintf(reg->cgroup, sizeof(reg->cgroup), "%s", here);
			return 0;
		}
		/* ".." of a directory fd: the real parent, whatever the container
		 * renamed meanwhile; a removed cgroup fails here (ENOENT). */
		up = openat(at, "..", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (up < 0)
			return -errno;
		closep(&cur);
		cur = at = up;
		/* For the record only: the directory fds are what is read. */
		char *slash = strrchr(here, '/');
		if (slash && slash != here)
			*slash = '\0';
		else
			snprintf(here, sizeof(here), "/");
	}
	return -ELOOP;
}

int registration_read(const struct pidref *init, struct cgroup_view *v, struct registration *reg)
{
	_cleanup_close_ int root = -1, dir = -1;
	_cleanup_free_ char *text = NULL;
	int r;

	*reg = (struct registration){ .policy = REG_NONE };
	if (!may_read_trusted())
		return -EPERM;
	root = cgroup2_root_open_in(v, NULL, 0);
	if (root == -ENOENT)
		return 0;
	if (root < 0)
		return root;
	dir = cgroup2_open_of(root, init, v, reg->init_cgroup, sizeof(reg->init_cgroup), &text);
	if (dir < 0)
		return dir;
	r = registration_walk(root, dir, reg->init_cgroup, reg);
	if (r < 0)
		return r;
	/* The walk reads through its own ".." fds: @dir is still the init's
	 * cgroup as proven, for the exec path to join (it proves it again). */
	cgroup_view_keep_init(v, init, TAKE_FD(dir), TAKE_PTR(text));
	return 0;
}
