// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "cleanup.h"
#include "conf_lines.h"
#include "file_read.h"
#include "line_reader.h"
#include "log.h"

int conf_for_each_line(int fd, const char *path, conf_line_fn fn, void *data)
{
	_cleanup_free_ char *text = NULL;
	struct line_reader lr;
	char *line;
	int len = file_read_fd(fd, CONF_FILE_MAX, &text), r;

	if (len == -EFBIG) {
		ub_log(LOG_ERR, "%s: larger than %u bytes, not read", path, CONF_FILE_MAX - 1);
		return len;
	}
	if (len < 0) {
		ub_log(LOG_ERR, "%s: read error: %s", path, strerror(-len));
		return len;
	}
	line_reader_init_len(&lr, text, (size_t)len, 0);
	while ((line = line_reader_next(&lr))) {
		/* keyutils' fgets() would cut the line at the NUL and parse the
		 * head as a rule; a NUL in a config file is corruption. */
		if (lr.nul) {
			ub_log(LOG_ERR, "%s:%u: NUL byte in line, ignored", path, lr.lineno);
			continue;
		}
		r = fn(line, lr.lineno, data);
		if (r)
			return r;
	}
	return 0;
}
