// SPDX-License-Identifier: GPL-2.0-or-later
/* exec=host's executable: the private read-only overlay, and the copy where none can be made. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host_overlay.h"
#include "host_program.h"
#include "unit_util.h"

/* A 64-bit ELF header and one program header: all the static check reads. */
static void write_elf_mode(const char *path, bool interp, mode_t mode)
{
	struct {
		Elf64_Ehdr eh;
		Elf64_Phdr ph;
	} f = { 0 };
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);

	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, mode), 0);
	memcpy(f.eh.e_ident, ELFMAG, SELFMAG);
	f.eh.e_ident[EI_CLASS] = ELFCLASS64;
	f.eh.e_type = ET_DYN;
	f.eh.e_phoff = sizeof(f.eh);
	f.eh.e_phentsize = sizeof(f.ph);
	f.eh.e_phnum = 1;
	f.ph.p_type = interp ? PT_INTERP : PT_LOAD;
	assert_int_equal(write(fd, &f, sizeof(f)), sizeof(f));
	close(fd);
}

/* Root's alone, as the shipped static helpers are: what the overlay takes. */
static void write_elf(const char *path, bool interp)
{
	write_elf_mode(path, interp, 0711);
}

static char *fd_target(int fd)
{
	static char link[256];
	char proc[64];
	ssize_t n;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, link, sizeof(link) - 1);
	link[n < 0 ? 0 : n] = '\0';
	return link;
}

static int reopen_for_write(int fd)
{
	char proc[64];
	int w;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	w = open(proc, O_WRONLY | O_CLOEXEC);
	if (w < 0)
		return -errno;
	close(w);
	return 0;
}

struct scratch {
	char *dir;
	char path[512];
};

static int setup(void **state)
{
	struct scratch *s = calloc(1, sizeof(*s));

	if (!s || !(s->dir = ut_mkdtemp()))
		return -1;
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	struct scratch *s = *state;

	ut_rm_rf(s->dir);
	free(s);
	return 0;
}

/* The overlay needs root (fsmount) and overlayfs; elsewhere the copy is tested alone. */
static int overlay_or_skip(const char *path)
{
	int fd = host_program_seal(path);

	assert_true(fd >= 0);
	if (strncmp(fd_target(fd), "/memfd:", 7) == 0) {
		close(fd);
		skip();
	}
	return fd;
}

/* dir[/subdir]/prog, a static ELF of @mode, in s->path. */
static const char *scratch_prog(struct scratch *s, const char *subdir, mode_t mode)
{
	if (subdir) {
		snprintf(s->path, sizeof(s->path), "%s/%s", s->dir, subdir);
		assert_int_equal(mkdir(s->path, 0755), 0);
		strcat(s->path, "/prog");
	} else {
		snprintf(s->path, sizeof(s->path), "%s/prog", s->dir);
	}
	write_elf_mode(s->path, false, mode);
	return s->path;
}

/* The fallback's fd: the sealed memfd, close-on-exec. */
static void assert_sealed_copy(int fd)
{
	int seals = fcntl(fd, F_GET_SEALS);

	assert_true(fd >= 0);
	assert_true(strncmp(fd_target(fd), "/memfd:upcall-helper", 20) == 0);
	assert_true(seals & F_SEAL_WRITE);
	assert_true(seals & F_SEAL_SEAL);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
}

static void overlay_is_read_only(void **state)
{
	struct scratch *s = *state;
	struct stat a, b;
	int fd;

	fd = overlay_or_skip(scratch_prog(s, NULL, 0711));
	/* an O_PATH handle on the very file checked, named by its name alone */
	assert_true(fcntl(fd, F_GETFL) & O_PATH);
	assert_int_equal(stat(s->path, &a), 0);
	assert_int_equal(fstat(fd, &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	assert_string_equal(fd_target(fd), "/prog");
	/* the superblock has no upper layer: no write through it, whoever asks */
	assert_int_equal(reopen_for_write(fd), -EROFS);
	close(fd);
}

static void replaced_program_is_refused(void **state)
{
	struct scratch *s = *state;
	struct stat st;
	int fd;

	close(overlay_or_skip(scratch_prog(s, NULL, 0711)));
	assert_int_equal(stat(s->path, &st), 0);
	st.st_ino++;
	fd = host_overlay_open(s->path, &st);
	assert_int_equal(fd, -ESTALE);
}

/* A program the container's helper could read would give it a handle on the host's page cache. */
static void readable_program_gets_the_copy(void **state)
{
	struct scratch *s = *state;
	struct stat st;
	int fd;

	close(overlay_or_skip(scratch_prog(s, NULL, 0711)));
	for (mode_t m = 0751; m; m = m == 0751 ? 0715 : 0) {
		write_elf_mode(s->path, false, m);
		assert_int_equal(stat(s->path, &st), 0);
		assert_int_equal(host_overlay_open(s->path, &st), -EACCES);
		fd = host_program_seal(s->path);
		assert_sealed_copy(fd);
		close(fd);
	}
}

static void colon_in_path_gets_the_copy(void **state)
{
	struct scratch *s = *state;
	int fd = host_program_seal(scratch_prog(s, "a:b", 0711));

	assert_sealed_copy(fd);
	close(fd);
}

/*
 * The broker only opens and checks; the copy is made by whoever finishes
 * (stage one, in the container's cgroups): its pages are charged there.
 */
static void copy_is_made_by_finish(void **state)
{
	struct scratch *s = *state;
	int fd, ovl;

	fd = host_program_open(scratch_prog(s, "a:b", 0711));
	assert_true(fd >= 0);
	/* still the program itself: nothing copied yet */
	assert_false(fcntl(fd, F_GETFL) & O_PATH);
	assert_string_equal(fd_target(fd), s->path);
	assert_int_equal(host_program_finish(fd), 0);
	/* the same number, now the sealed copy */
	assert_sealed_copy(fd);
	close(fd);

	/* the overlay's handle is left as it is */
	ovl = host_program_open(scratch_prog(s, NULL, 0711));
	assert_true(ovl >= 0);
	if (!(fcntl(ovl, F_GETFL) & O_PATH)) {
		close(ovl);
		skip();
	}
	assert_int_equal(host_program_finish(ovl), 0);
	assert_string_equal(fd_target(ovl), "/prog");
	close(ovl);
}

/* A program whose directory holds the layer: the copy, and not a line in the kernel's log. */
static void directory_holding_the_layer_gets_the_copy(void **state)
{
	struct scratch *s = *state;
	_cleanup_close_ int kmsg = -1;
	char line[512];
	int fd;

	close(overlay_or_skip(scratch_prog(s, NULL, 0711)));   /* root, overlayfs: the layer exists */
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg < 0 || lseek(kmsg, 0, SEEK_END) < 0)
		skip();
	snprintf(s->path, sizeof(s->path), "/run/upcall-broker/ub-unit-prog-%d", (int)getpid());
	write_elf(s->path, false);
	fd = host_program_seal(s->path);
	unlink(s->path);
	assert_sealed_copy(fd);
	close(fd);
	while (read(kmsg, line, sizeof(line) - 1) > 0)
		assert_null(strstr(line, "overlayfs"));
}

static void dynamic_program_is_refused(void **state)
{
	struct scratch *s = *state;

	snprintf(s->path, sizeof(s->path), "%s/dyn", s->dir);
	write_elf(s->path, true);
	assert_int_equal(host_program_seal(s->path), -ENOEXEC);
	snprintf(s->path, sizeof(s->path), "%s", s->dir);
	assert_int_equal(host_program_seal(s->path), -EACCES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(overlay_is_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(replaced_program_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(readable_program_gets_the_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(colon_in_path_gets_the_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(copy_is_made_by_finish, setup, teardown),
		cmocka_unit_test_setup_teardown(directory_holding_the_layer_gets_the_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(dynamic_program_is_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
