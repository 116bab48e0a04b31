// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memfd_exec <program> <command...>: the tests' stand-in for the broker's
 * exec=host preparation (broker/host_program.c): refuse anything but a
 * static 64-bit ELF, copy it into a sealed executable memfd, and run
 * <command> with that memfd inherited (fd >= 10) and UB_HELPER_FD naming it,
 * so that <command> can exec /proc/self/fd/$UB_HELPER_FD wherever it enters.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

static int is_static_elf(int fd)
{
	Elf64_Ehdr eh;

	if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0)
		return 0;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + i * sizeof(ph))) != (ssize_t)sizeof(ph) ||
		    ph.p_type == PT_INTERP)
			return 0;
	}
	return 1;
}

int main(int argc, char **argv)
{
	struct stat st;
	char num[16];
	off_t off = 0;
	int src, mfd, fd;

	if (argc < 3) {
		fprintf(stderr, "usage: memfd_exec <program> <command...>\n");
		return 2;
	}
	src = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (src < 0 || fstat(src, &st) < 0) {
		fprintf(stderr, "memfd_exec: %s: %s\n", argv[1], strerror(errno));
		return 126;
	}
	if (!S_ISREG(st.st_mode) || !is_static_elf(src)) {
		fprintf(stderr, "memfd_exec: %s: not a static executable (the broker refuses it)\n", argv[1]);
		return 126;
	}
	mfd = memfd_create("upcall-helper", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
	if (mfd < 0 && errno == EINVAL)
		mfd = memfd_create("upcall-helper", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (mfd < 0)
		goto fail;
	while (off < st.st_size) {
		ssize_t n = sendfile(mfd, src, &off, (size_t)(st.st_size - off));
		if (n <= 0)
			goto fail;
	}
	if (fchmod(mfd, 0555) < 0 ||
	    fcntl(mfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0)
		goto fail;
	fd = fcntl(mfd, F_DUPFD, 10);   /* inherited: no FD_CLOEXEC */
	if (fd < 0)
		goto fail;
	snprintf(num, sizeof(num), "%d", fd);
	setenv("UB_HELPER_FD", num, 1);
	execvp(argv[2], argv + 2);
fail:
	fprintf(stderr, "memfd_exec: %s\n", strerror(errno));
	return 126;
}
