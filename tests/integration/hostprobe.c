// SPDX-License-Identifier: GPL-2.0-or-later
/* A static exec=host probe: where does the host's binary run? */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static void link_of(const char *name, const char *path)
{
	char buf[256];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = '\0';
	printf("%s=%s\n", name, buf);
}

static void id_of(const char *name, const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0)
		printf("%s=%lu:%lu\n", name, (unsigned long)st.st_dev, (unsigned long)st.st_ino);
	else
		printf("%s=\n", name);
}

int main(void)
{
	link_of("net", "/proc/self/ns/net");
	link_of("mnt", "/proc/self/ns/mnt");
	link_of("exe", "/proc/self/exe");
	id_of("root", "/");
	id_of("fd3", "/proc/self/fd/3");
	return 0;
}
