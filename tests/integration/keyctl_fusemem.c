// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * keyctl_fusemem <key> <file>: a plain rule's program that answers its key
 * with a payload whose pages live in a file that never delivers them (see
 * fuse_noread.c), so that whoever copies the payload blocks.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KEYCTL_INSTANTIATE 12

int main(int argc, char **argv)
{
	int fd;
	void *p;

	if (argc != 3)
		return 2;
	fd = open(argv[2], O_RDONLY);
	if (fd < 0) {
		perror(argv[2]);
		return 1;
	}
	p = mmap(NULL, 65536, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	if (syscall(SYS_keyctl, KEYCTL_INSTANTIATE, atoi(argv[1]), p, 16, 0) < 0) {
		perror("keyctl");
		return 1;
	}
	return 0;
}
