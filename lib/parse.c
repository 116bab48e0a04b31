// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <stdlib.h>

#include "parse.h"

int parse_u64_n(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!s || len == 0)
		return -EINVAL;
	for (size_t n = 0; n < len; n++) {
		unsigned d = (unsigned)(s[n] - '0');

		if (d > 9)
			return -EINVAL;
		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	if (v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	return s ? parse_u64_n(s, strlen(s), max, out) : -EINVAL;
}

int parse_id(const char *s, size_t len, uint32_t *out)
{
	uint64_t v;
	int r = parse_u64_n(s, len, UINT32_MAX - 1, &v);

	if (r < 0)
		return r;
	*out = (uint32_t)v;
	return 0;
}

int parse_uint(const char *s, unsigned max, unsigned *out)
{
	uint64_t v;
	int r = parse_u64(s, max, &v);

	if (r == 0)
		*out = (unsigned)v;
	return r;
}

int parse_key_serial(const char *s, key_serial_t *out)
{
	uint64_t v;
	int r = parse_u64(s, INT32_MAX, &v);

	if (r < 0)
		return -EINVAL;
	if (v == 0)
		return -EINVAL;
	*out = (key_serial_t)v;
	return 0;
}

int parse_fd(const char *s)
{
	uint64_t fd;

	if (parse_u64(s, 1024, &fd) < 0 || fd < 3)
		return -EBADF;
	return (int)fd;
}

int parse_env_fd(const char *name)
{
	const char *v = getenv(name);
	int fd;

	if (!v)
		return -ENOENT;
	fd = parse_fd(v);
	unsetenv(name);
	if (fd < 0 || fcntl(fd, F_GETFD) < 0)
		return -EBADF;
	return fd;
}
