// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuse_noread <dir>: plays container root with /dev/fuse. Mounts a FUSE file
 * system at <dir> with one 64 KiB file, "x", that can be looked up, opened
 * and mapped, but whose pages never come: READ is never answered. Whoever
 * touches them (a read, or a read of the mapping through /proc/<pid>/mem)
 * sleeps until this server dies.
 */
#include <fcntl.h>
#include <linux/fuse.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static int dev;

static void reply(uint64_t unique, int error, const void *data, size_t len)
{
	char buf[512];
	struct fuse_out_header h = { .len = (uint32_t)(sizeof(h) + len), .error = error, .unique = unique };

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), data, len);
	if (write(dev, buf, h.len) < 0)
		perror("write");
}

static void fill_attr(struct fuse_attr *a, uint64_t ino)
{
	memset(a, 0, sizeof(*a));
	a->ino = ino;
	a->mode = ino == FUSE_ROOT_ID ? S_IFDIR | 0755 : S_IFREG | 0644;
	a->size = ino == FUSE_ROOT_ID ? 0 : 65536;
	a->nlink = 1;
	a->blksize = 4096;
}

int main(int argc, char **argv)
{
	static char buf[1 << 20];
	char opts[128];

	if (argc != 2)
		return 2;
	dev = open("/dev/fuse", O_RDWR);
	if (dev < 0) {
		perror("/dev/fuse");
		return 1;
	}
	snprintf(opts, sizeof(opts), "fd=%d,rootmode=40000,user_id=0,group_id=0", dev);
	if (mount("ubtest", argv[1], "fuse", 0, opts) < 0) {
		perror("mount");
		return 1;
	}
	printf("mounted\n");
	fflush(stdout);
	for (;;) {
		ssize_t n = read(dev, buf, sizeof(buf));
		struct fuse_in_header *in = (struct fuse_in_header *)buf;
		const void *arg = buf + sizeof(*in);

		if (n <= 0)
			return 0;
		switch (in->opcode) {
		case FUSE_INIT: {
			const struct fuse_init_in *ii = arg;
			struct fuse_init_out o = { .major = FUSE_KERNEL_VERSION, .max_write = 4096 };

			o.minor = ii->minor < FUSE_KERNEL_MINOR_VERSION ? ii->minor : FUSE_KERNEL_MINOR_VERSION;
			reply(in->unique, 0, &o, sizeof(o));
			break;
		}
		case FUSE_LOOKUP: {
			struct fuse_entry_out e = { .nodeid = 2 };

			fill_attr(&e.attr, 2);
			reply(in->unique, 0, &e, sizeof(e));
			break;
		}
		case FUSE_GETATTR: {
			struct fuse_attr_out a = { 0 };

			fill_attr(&a.attr, in->nodeid);
			reply(in->unique, 0, &a, sizeof(a));
			break;
		}
		case FUSE_OPEN: {
			struct fuse_open_out o = { 0 };

			reply(in->unique, 0, &o, sizeof(o));
			break;
		}
		case FUSE_READ:
			printf("READ, not answered\n");
			fflush(stdout);
			break;
		case FUSE_FORGET:
		case FUSE_BATCH_FORGET:
			break;   /* never answered, or no answer expected */
		default:
			reply(in->unique, -38, NULL, 0);
		}
	}
}
