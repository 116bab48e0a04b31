// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "cgroup2.h"
#include "cleanup.h"
#include "registration.h"
#include "registry_scan.h"

static int scan_dir(int dir, char *path, size_t len, unsigned depth, struct registry_scan *s,
		    registry_found_fn found, void *data)
{
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *e;
	int fd;

	if (depth > REGISTRY_SCAN_MAX_DEPTH) {
		s->truncated = true;
		return 0;
	}
	fd = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		closep(&fd);
		return -errno;
	}
	while ((e = readdir(d))) {
		_cleanup_close_ int sub = -1;
		struct registration reg;
		size_t n = strlen(path);

		if (e->d_type != DT_DIR || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (++s->dirs > REGISTRY_SCAN_MAX_DIRS) {
			s->truncated = true;
			return 0;
		}
		sub = openat(dir, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0)
			continue;   /* removed meanwhile */
		if (n + 1 + strlen(e->d_name) >= len) {
			s->truncated = true;
			continue;
		}
		snprintf(path + n, len - n, "%s%s", n == 1 ? "" : "/", e->d_name);
		if (registration_of_dir(sub, &reg) == 0 && reg.policy != REG_NONE)
			found(path, reg.policy, reg.raw, data);
		int r = scan_dir(sub, path, len, depth + 1, s, found, data);
		path[n] = '\0';
		if (r < 0)
			return r;
		if (s->truncated && s->dirs > REGISTRY_SCAN_MAX_DIRS)
			return 0;
	}
	return 0;
}

int registry_scan(int root, struct registry_scan *s, registry_found_fn found, void *data)
{
	char path[CGROUP2_PATH_MAX] = "/";

	*s = (struct registry_scan){ 0 };
	return scan_dir(root, path, sizeof(path), 1, s, found, data);
}
