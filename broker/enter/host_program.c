// SPDX-License-Identifier: GPL-2.0-or-later
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "host_overlay.h"
#include "host_program.h"
#include "log.h"
#include "stage_trace.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif
#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

#define HOST_PROGRAM_MAX (64u << 20)

/* A static executable: 64-bit ELF, no PT_INTERP. */
static int check_static_elf(int fd, off_t size)
{
	Elf64_Ehdr eh;

	if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 || eh.e_phnum > 256 ||
	    (off_t)eh.e_phoff > size)
		return -ENOEXEC;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + i * sizeof(ph))) != (ssize_t)sizeof(ph))
			return -ENOEXEC;
		if (ph.p_type == PT_INTERP)
			return -ENOEXEC;
	}
	return 0;
}

/* The fallback: a sealed copy, ~0.5 ms for a 1.25 MB program. */
static int seal_copy(int src, const struct stat *st)
{
	_cleanup_close_ int mfd = -1;
	off_t off = 0;

	/* vm.memfd_noexec may forbid executable memfds; kernels < 6.3 do not
	 * know MFD_EXEC and want it left out. */
	mfd = memfd_create("upcall-helper", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
	if (mfd < 0 && errno == EINVAL)
		mfd = memfd_create("upcall-helper", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (mfd < 0)
		return -errno;
	while (off < st->st_size) {
		ssize_t n = sendfile(mfd, src, &off, (size_t)(st->st_size - off));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
	}
	if (fchmod(mfd, 0555) < 0)
		return -errno;
	if (fcntl(mfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0)
		return -errno;
	return TAKE_FD(mfd);
}

/* The program checked: its fd and fstat, or -errno. */
static int open_checked(const char *path, struct stat *st)
{
	_cleanup_close_ int src = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	int r;

	if (src < 0)
		return -errno;
	if (fstat(src, st) < 0)
		return -errno;
	if (!S_ISREG(st->st_mode))
		return -EACCES;
	if (st->st_size <= 0 || st->st_size > HOST_PROGRAM_MAX)
		return -EFBIG;
	r = check_static_elf(src, st->st_size);
	if (r < 0)
		return r;
	return TAKE_FD(src);
}

int host_program_open(const char *path)
{
	_cleanup_close_ int src = -1;
	struct stat st;
	int r;

	stage_mark("exec_host");
	src = open_checked(path, &st);
	if (src < 0)
		return src;
	r = host_overlay_open(path, &st);
	if (r >= 0)
		return r;
	ub_log(LOG_DEBUG, "exec=host: %s: no private overlay (%s), copying it", path, strerror(-r));
	return TAKE_FD(src);
}

int host_program_finish(int fd)
{
	_cleanup_close_ int mfd = -1;
	struct stat st;
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		return -errno;
	/* The overlay's handle is ready as it is. */
	if (fl & O_PATH)
		return 0;
	/* The program as host_program_open() checked it, on the same open
	 * file: only its size is read again, and must still fit. */
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) || st.st_size <= 0 || st.st_size > HOST_PROGRAM_MAX)
		return -ESTALE;
	mfd = seal_copy(fd, &st);
	if (mfd < 0)
		return mfd;
	if (dup3(mfd, fd, O_CLOEXEC) < 0)
		return -errno;
	return 0;
}

int host_program_seal(const char *path)
{
	int fd = host_program_open(path);
	int r;

	if (fd < 0)
		return fd;
	r = host_program_finish(fd);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}
