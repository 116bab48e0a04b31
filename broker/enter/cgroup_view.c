// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>

#include "cgroup_mount.h"
#include "cgroup_view.h"
#include "cleanup.h"
#include "file_read.h"

int cgroup_view_mountinfo(struct cgroup_view *v, const char **text)
{
	if (!v->mountinfo) {
		int r = cgroup_mount_read(&v->mountinfo);

		if (r < 0)
			return r;
	}
	*text = v->mountinfo;
	return 0;
}

int cgroup_view_mount(struct cgroup_view *v, const char *controllers, char *out, size_t size)
{
	const char *mountinfo;
	int r = cgroup_mount_probe(controllers, out, size);

	if (r != -ENOENT)
		return r;
	r = cgroup_view_mountinfo(v, &mountinfo);
	return r < 0 ? r : cgroup_mount_parse(mountinfo, controllers, out, size);
}

int cgroup_view_ours(struct cgroup_view *v, const char **text)
{
	if (!v->ours) {
		int r = file_read_at(AT_FDCWD, "/proc/self/cgroup", 64 * 1024, &v->ours);

		if (r < 0)
			return r;
	}
	*text = v->ours;
	return 0;
}

void cgroup_view_keep_init(struct cgroup_view *v, const struct pidref *init, int dir, char *text)
{
	closep(&v->init_v2);
	free(v->init_text);
	v->init = init;
	v->init_v2 = dir;
	v->init_text = text;
}

void cgroup_view_release(struct cgroup_view *v)
{
	free(v->mountinfo);
	free(v->ours);
	free(v->init_text);
	closep(&v->init_v2);
	*v = CGROUP_VIEW_NULL;
}
