// SPDX-License-Identifier: GPL-2.0-or-later
/* A cgroup hierarchy's line of /proc/self/mountinfo (broker/enter/cgroup_mount.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "cgroup_mount.h"
#include "cleanup.h"
#include "file_read.h"

/* A hybrid host: v1 hierarchies, then the v2 one at /sys/fs/cgroup/unified. */
static const char hybrid[] =
	"22 27 0:21 / /proc rw,relatime - proc proc rw\n"
	"25 22 0:23 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:4 - tmpfs tmpfs ro,mode=755\n"
	"26 25 0:24 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:5 - cgroup2 cgroup2 rw,nsdelegate\n"
	"27 25 0:25 / /sys/fs/cgroup/pids rw,nosuid shared:6 - cgroup cgroup rw,pids\n"
	"28 25 0:26 / /sys/fs/cgroup/systemd rw,nosuid shared:7 - cgroup cgroup rw,xattr,name=systemd\n"
	"29 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw shared:8 - cgroup cgroup rw,cpu,cpuacct\n";

static void finds_the_v2_root(void **state)
{
	char out[256];

	assert_int_equal(cgroup_mount_parse(hybrid, "", out, sizeof(out)), 0);
	assert_string_equal(out, "/sys/fs/cgroup/unified");
	/* No optional fields, unified host, no trailing newline. */
	assert_int_equal(cgroup_mount_parse("30 1 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw", "", out, sizeof(out)), 0);
	assert_string_equal(out, "/sys/fs/cgroup");
}

static void skips_binds_and_other_types(void **state)
{
	char out[256];

	/* A bind of a subtree is not the hierarchy's root; "cgroup" is v1;
	 * a mount point named like the type is not the type. */
	assert_int_equal(cgroup_mount_parse("40 1 0:26 /sub /mnt/sub rw - cgroup2 cgroup2 rw\n"
					     "41 1 0:27 / /cgroup2 rw - cgroup cgroup rw,cpu\n"
					     "42 1 0:28 / /x rw - tmpfs cgroup2 rw\n"
					     "43 1 0:26 / /real rw - cgroup2 none rw\n", "", out, sizeof(out)), 0);
	assert_string_equal(out, "/real");
	assert_int_equal(cgroup_mount_parse("22 27 0:21 / /proc rw - proc proc rw\n", "", out, sizeof(out)), -ENOENT);
	assert_int_equal(cgroup_mount_parse("", "", out, sizeof(out)), -ENOENT);
}

static void finds_v1_hierarchies(void **state)
{
	char out[256];

	assert_int_equal(cgroup_mount_parse(hybrid, "pids", out, sizeof(out)), 0);
	assert_string_equal(out, "/sys/fs/cgroup/pids");
	assert_int_equal(cgroup_mount_parse(hybrid, "name=systemd", out, sizeof(out)), 0);
	assert_string_equal(out, "/sys/fs/cgroup/systemd");
	assert_int_equal(cgroup_mount_parse(hybrid, "cpu,cpuacct", out, sizeof(out)), 0);
	assert_string_equal(out, "/sys/fs/cgroup/cpu,cpuacct");
	/* Every controller must be there, whole: no prefix, no other name. */
	assert_int_equal(cgroup_mount_parse(hybrid, "cpu,memory", out, sizeof(out)), -ENOENT);
	assert_int_equal(cgroup_mount_parse(hybrid, "pid", out, sizeof(out)), -ENOENT);
	assert_int_equal(cgroup_mount_parse(hybrid, "name=system", out, sizeof(out)), -ENOENT);
	assert_int_equal(cgroup_mount_parse(hybrid, "name", out, sizeof(out)), -ENOENT);
	assert_int_equal(cgroup_mount_parse(hybrid, "memory", out, sizeof(out)), -ENOENT);
	/* A v2 mount is never a v1 hierarchy, whatever its options. */
	assert_int_equal(cgroup_mount_parse("26 25 0:24 / /u rw - cgroup2 cgroup2 rw,pids\n", "pids", out,
					    sizeof(out)), -ENOENT);
	/* A bind of a v1 subtree is skipped for the hierarchy's root. */
	assert_int_equal(cgroup_mount_parse("30 1 0:25 /sub /b rw - cgroup cgroup rw,pids\n"
					    "31 1 0:25 / /root rw - cgroup cgroup rw,pids\n", "pids", out, sizeof(out)), 0);
	assert_string_equal(out, "/root");
	/* A v1 line without super options is malformed. */
	assert_int_equal(cgroup_mount_parse("31 1 0:25 / /root rw - cgroup cgroup\n", "pids", out, sizeof(out)),
			 -EBADMSG);
}

static void unescapes_the_mount_point(void **state)
{
	char out[256];

	assert_int_equal(cgroup_mount_parse("50 1 0:26 / /a\\040b\\011c\\134d rw - cgroup2 cgroup2 rw\n", "", out, sizeof(out)), 0);
	assert_string_equal(out, "/a b\tc\\d");
}

static void refuses_malformed(void **state)
{
	char out[8];

	/* No " - " separator, a cut line, bad or NUL escapes, too long a path. */
	assert_int_equal(cgroup_mount_parse("50 1 0:26 / /x rw cgroup2 cgroup2 rw\n", "", out, sizeof(out)), -EBADMSG);
	assert_int_equal(cgroup_mount_parse("50 1 0:26 /\n", "", out, sizeof(out)), -EBADMSG);
	assert_int_equal(cgroup_mount_parse("50 1 0:26 / /a\\09 rw - cgroup2 c rw\n", "", out, sizeof(out)), -EBADMSG);
	assert_int_equal(cgroup_mount_parse("50 1 0:26 / /a\\000 rw - cgroup2 c rw\n", "", out, sizeof(out)), -EBADMSG);
	assert_int_equal(cgroup_mount_parse("50 1 0:26 / /a\\0 rw - cgroup2 c rw\n", "", out, sizeof(out)), -EBADMSG);
	assert_int_equal(cgroup_mount_parse("50 1 0:26 / /much/too/long rw - cgroup2 c rw\n", "", out, sizeof(out)), -EBADMSG);
}

/* This machine's own table: whatever cgroup_mount_open("") returns is cgroup2. */
static void opens_this_machines_mount(void **state)
{
	_cleanup_free_ char *mountinfo = NULL;
	char path[4096];
	struct statfs sf;
	int fd;

	assert_true(cgroup_mount_read(&mountinfo) >= 0);
	fd = cgroup_mount_parse(mountinfo, "", path, sizeof(path));
	fd = fd < 0 ? fd : cgroup_mount_open(path, "");

	if (fd == -ENOENT)
		skip();
	assert_true(fd >= 0);
	assert_int_equal(fstatfs(fd, &sf), 0);
	assert_int_equal((long)sf.f_type, 0x63677270L);
	close(fd);
	/* A hybrid host's v1 pids hierarchy is a cgroup (v1) filesystem. */
	fd = cgroup_mount_parse(mountinfo, "pids", path, sizeof(path));
	fd = fd < 0 ? fd : cgroup_mount_open(path, "pids");
	if (fd == -ENOENT)
		return;
	assert_true(fd >= 0);
	assert_int_equal(fstatfs(fd, &sf), 0);
	assert_int_equal((long)sf.f_type, 0x27e0ebL);
	close(fd);
}

static bool have_statmount(void)
{
	return syscall(457, NULL, NULL, 0, 0) < 0 && errno != ENOSYS;
}

/*
 * The probe finds what this machine's own mountinfo says, for v2 and every
 * hierarchy this process is in, whenever the mount is at its conventional
 * place (v1: where statmount(2) gives the options); else it says -ENOENT
 * and the caller reads mountinfo.
 */
static void probe_agrees_with_mountinfo(void **state)
{
	_cleanup_free_ char *mountinfo = NULL, *ours = NULL;
	char want[4096], got[4096];
	int n = 0;

	assert_true(cgroup_mount_read(&mountinfo) >= 0);
	assert_true(file_read_at(AT_FDCWD, "/proc/self/cgroup", 65536, &ours) >= 0);
	for (const char *line = ours; *line;) {
		const char *nl = strchrnul(line, '\n'), *c1 = memchr(line, ':', (size_t)(nl - line));
		const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(nl - c1 - 1)) : NULL;
		char ctrl[256];

		assert_non_null(c2);
		snprintf(ctrl, sizeof(ctrl), "%.*s", (int)(c2 - c1 - 1), c1 + 1);
		line = *nl ? nl + 1 : nl;
		if (cgroup_mount_parse(mountinfo, ctrl, want, sizeof(want)) < 0 || strncmp(want, "/sys/fs/cgroup", 14))
			continue;
		if (ctrl[0] && !have_statmount()) {
			assert_int_equal(cgroup_mount_probe(ctrl, got, sizeof(got)), -ENOENT);
			continue;
		}
		assert_int_equal(cgroup_mount_probe(ctrl, got, sizeof(got)), 0);
		assert_string_equal(got, want);
		n++;
	}
	if (!n)
		skip();
	/* names are never paths */
	assert_int_equal(cgroup_mount_probe("name=../unified", got, sizeof(got)), -ENOENT);
	assert_int_equal(cgroup_mount_probe("../fs/cgroup", got, sizeof(got)), -ENOENT);
	assert_int_equal(cgroup_mount_probe("name=", got, sizeof(got)), -ENOENT);
	assert_int_equal(cgroup_mount_probe("nosuchcontroller", got, sizeof(got)), -ENOENT);
}

/*
 * A cgroup2 mount whose root is a cgroup below the hierarchy's root (a bind
 * of a subtree, or a mount from inside a cgroup namespace), at the place
 * where the host's usually is: not taken, whatever its name and magic.
 */
static void probe_refuses_a_subtree(void **state)
{
	_cleanup_free_ char *mountinfo = NULL;
	char v2[4096], sub[4200], got[4096];
	int status;
	pid_t pid;

	assert_true(cgroup_mount_read(&mountinfo) >= 0);
	if (geteuid() != 0 || cgroup_mount_parse(mountinfo, "", v2, sizeof(v2)) < 0 ||
	    cgroup_mount_probe("", got, sizeof(got)) < 0)
		skip();
	snprintf(sub, sizeof(sub), "%s/ut-probe-%d", v2, (int)getpid());
	if (mkdir(sub, 0755) < 0)
		skip();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (unshare(CLONE_NEWNS) < 0 || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0 ||
		    mount(sub, got, "none", MS_BIND, NULL) < 0)
			_exit(2);
		/* Still cgroup2 by its magic, but inode 1 it is not. */
		_exit(cgroup_mount_probe("", v2, sizeof(v2)) == 0 && !strcmp(v2, got) ? 1 : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	rmdir(sub);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 2)
		skip();
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* A v1 hierarchy at another's place: its options say whose it is. */
static void probe_reads_v1_options(void **state)
{
	char got[4096];
	int status;
	pid_t pid;

	if (geteuid() != 0 || !have_statmount() || cgroup_mount_probe("pids", got, sizeof(got)) < 0 ||
	    cgroup_mount_probe("memory", got, sizeof(got)) < 0)
		skip();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (unshare(CLONE_NEWNS) < 0 || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0 ||
		    mount("/sys/fs/cgroup/pids", "/sys/fs/cgroup/memory", "none", MS_BIND, NULL) < 0)
			_exit(2);
		/* cgroup magic, inode 1, but the pids hierarchy's */
		_exit(cgroup_mount_probe("memory", got, sizeof(got)) == -ENOENT &&
		      cgroup_mount_probe("pids", got, sizeof(got)) == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 2)
		skip();
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_the_v2_root),
		cmocka_unit_test(skips_binds_and_other_types),
		cmocka_unit_test(finds_v1_hierarchies),
		cmocka_unit_test(unescapes_the_mount_point),
		cmocka_unit_test(refuses_malformed),
		cmocka_unit_test(opens_this_machines_mount),
		cmocka_unit_test(probe_agrees_with_mountinfo),
		cmocka_unit_test(probe_refuses_a_subtree),
		cmocka_unit_test(probe_reads_v1_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
