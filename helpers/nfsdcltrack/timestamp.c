// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>

#include "timestamp.h"

int cltrack_parse_time(const char *s, int64_t *out)
{
	char *end;
	long long v;

	/* strtoll() skips blanks and takes a sign: a time starts with a digit */
	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 0);
	if (errno)
		return -ERANGE;
	if (*end || end == s)
		return -EINVAL;
	*out = v;
	return 0;
}
