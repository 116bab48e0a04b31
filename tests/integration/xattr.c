// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xattr get|set|remove <path> <name> [<value>]: the attacker's hand in
 * t_registration.sh (run as a container's root on the host's cgroupfs).
 * Prints the value, "ok", or the errno's name, so the test can tell EPERM
 * from anything else; exit 0 only on success. No attr package needed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/xattr.h>

static int report(long r)
{
	if (r >= 0)
		return 0;
	printf("%s\n", errno == EPERM ? "EPERM" : errno == EACCES ? "EACCES" : errno == ENODATA ? "ENODATA"
		       : strerrorname_np(errno) ? strerrorname_np(errno) : "?");
	return 1;
}

int main(int argc, char **argv)
{
	char buf[256];
	ssize_t n;

	if (argc == 4 && !strcmp(argv[1], "get")) {
		n = getxattr(argv[2], argv[3], buf, sizeof(buf) - 1);
		if (report(n))
			return 1;
		printf("%.*s\n", (int)n, buf);
		return 0;
	}
	if (argc == 5 && !strcmp(argv[1], "set")) {
		if (report(setxattr(argv[2], argv[3], argv[4], strlen(argv[4]), 0)))
			return 1;
	} else if (argc == 4 && !strcmp(argv[1], "remove")) {
		if (report(removexattr(argv[2], argv[3])))
			return 1;
	} else {
		fprintf(stderr, "usage: xattr get|set|remove <path> <name> [<value>]\n");
		return 2;
	}
	printf("ok\n");
	return 0;
}
