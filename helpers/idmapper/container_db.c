// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <sys/types.h>
#include <nfsidmap.h>
#include <nss.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "../../broker/cleanup.h"
#include "../common/hlog.h"
#include "../common/rootfs.h"
#include "container_db.h"

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static int drop_all_caps(void)
{
	cap_t none = cap_init();
	int r;

	if (!none)
		return -errno;
	r = cap_set_proc(none);
	cap_free(none);
	if (r < 0)
		return -errno;
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ? -errno : 0;
}

int container_db_setup(const char *conf_path)
{
	int root = rootfs_fd();
	_cleanup_free_ char *conf = NULL;
	char path[64];
	int r;

	if (root < 0)
		return nfs4_init_name_mapping((char *)conf_path) < 0 ? -EIO : 0;

	/* A missing idmapd.conf is fine: libnfsidmap's defaults apply. */
	r = rootfs_read(conf_path, 256 * 1024, &conf);
	if (r < 0 && r != -ENOENT)
		return r;
	_cleanup_close_ int mfd = memfd_create("idmapd.conf", MFD_CLOEXEC);
	if (mfd < 0)
		return -errno;
	if (conf && (r = write_all(mfd, conf, strlen(conf))) < 0)
		return r;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", mfd);
	if (nfs4_init_name_mapping(path) < 0)
		return -EIO;

	if (__nss_configure_lookup("passwd", "files") < 0 || __nss_configure_lookup("group", "files") < 0)
		return -EIO;
	if (fchdir(root) < 0 || chroot(".") < 0 || chdir("/") < 0)
		return -errno;
	close(root);
	return drop_all_caps();
}
