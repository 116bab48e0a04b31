// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/xattr.h>

#include "cgroup2.h"
#include "cleanup.h"
#include "parse.h"
#include "pidfd.h"
#include "reg_value.h"
#include "register.h"

static int usage(void)
{
	fprintf(stderr, "usage: upcall-broker register (--pid <pid> | --cgroup <path>) (inside | host | refuse | --remove)\n");
	return 2;
}

/* The cgroup to mark: the pid's own (pinned, proven), or a path beneath the mount. */
static int open_target(int root, const char *how, const char *what, char *path, size_t len)
{
	_cleanup_(cgroup_view_release) struct cgroup_view v = CGROUP_VIEW_NULL;
	struct pidref p = PIDREF_NULL;
	unsigned pid;
	int fd;

	if (!strcmp(how, "--cgroup")) {
		snprintf(path, len, "%s", what);
		return cgroup2_open_path(root, what);
	}
	if (parse_uint(what, 0x3fffffff, &pid) < 0 || pid == 0)
		return -EINVAL;
	fd = pidref_pin_process((pid_t)pid, &p);
	if (fd < 0)
		return fd;
	fd = cgroup2_open_of(root, &p, &v, path, len, NULL);
	pidref_done(&p);
	return fd;
}

int register_main(int argc, char **argv)
{
	_cleanup_close_ int root = -1, dir = -1;
	char mnt[256], path[CGROUP2_PATH_MAX];
	const char *value;
	int r;

	if (argc != 4 || (strcmp(argv[1], "--pid") && strcmp(argv[1], "--cgroup")))
		return usage();
	value = argv[3];
	if (strcmp(value, "--remove") && reg_value_parse(value, strlen(value)) == REG_MALFORMED) {
		fprintf(stderr, "register: '%s' is not a policy (inside, host or refuse)\n", value);
		return 2;
	}
	root = cgroup2_root_open(mnt, sizeof(mnt));
	if (root < 0) {
		fprintf(stderr, "register: no cgroup v2 hierarchy: %s\n", strerror(-root));
		return 1;
	}
	dir = open_target(root, argv[1], argv[2], path, sizeof(path));
	if (dir < 0) {
		fprintf(stderr, "register: %s %s: %s\n", argv[1], argv[2], strerror(-dir));
		return 1;
	}
	r = cgroup2_is_root(root, dir);
	if (r != 0) {
		/* The root holds the host itself: a registration there names no container. */
		fprintf(stderr, "register: %s is the root cgroup, not a container's\n", path);
		return 1;
	}
	if (!strcmp(value, "--remove")) {
		if (fremovexattr(dir, REGISTRATION_XATTR) < 0 && errno != ENODATA) {
			fprintf(stderr, "register: %s%s: remove " REGISTRATION_XATTR ": %m\n", mnt, path);
			return 1;
		}
		printf("%s%s: unregistered\n", mnt, path);
		return 0;
	}
	if (fsetxattr(dir, REGISTRATION_XATTR, value, strlen(value), 0) < 0) {
		fprintf(stderr, "register: %s%s: set " REGISTRATION_XATTR ": %m\n", mnt, path);
		return 1;
	}
	printf("%s%s: registered %s\n", mnt, path, value);
	return 0;
}
