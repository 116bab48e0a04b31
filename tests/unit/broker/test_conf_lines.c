// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The lines of the broker's own files (conf_lines.c), shared by
 * request-key.conf and umh.conf: NUL lines skipped and logged with their
 * line number, an unterminated last line, CRLF kept, empty files, the size
 * bound; and umh_conf_find() on top of it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "conf_lines.h"
#include "umh_conf.h"
#include "unit_util.h"

struct seen {
	char text[256];     /* "lineno:line|" for each line */
	unsigned stop_at;
};

static int record(char *line, unsigned lineno, void *data)
{
	struct seen *s = data;
	size_t n = strlen(s->text);

	snprintf(s->text + n, sizeof(s->text) - n, "%u:%s|", lineno, line);
	return lineno == s->stop_at ? 7 : 0;
}

/* The lines of @len bytes of @text as record() writes them, and the log. */
static int lines_of(const char *text, size_t len, struct seen *s, char **log)
{
	char *d = ut_mkdtemp(), path[4200];
	struct ut_capture cap;
	int fd, r;

	assert_non_null(d);
	assert_int_equal(ut_write(d, "f.conf", text, len), 0);
	snprintf(path, sizeof(path), "%s/f.conf", d);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	ut_capture_begin(&cap);
	r = conf_for_each_line(fd, "f.conf", record, s);
	*log = ut_capture_end(&cap);
	close(fd);
	ut_rm_rf(d);
	return r;
}

static void nul_lines_skipped(void **state)
{
	static const char t[] = "a\nb\0hidden\n\n\0\nc\r\nlast";
	struct seen s = { .stop_at = 0 };
	char *log;

	assert_int_equal(lines_of(t, sizeof(t) - 1, &s, &log), 0);
	/* CRLF is the parser's business (its blanks), not the reader's */
	assert_string_equal(s.text, "1:a|3:|5:c\r|6:last|");
	assert_non_null(strstr(log, "f.conf:2: NUL byte in line, ignored"));
	assert_non_null(strstr(log, "f.conf:4: NUL byte in line, ignored"));
	assert_null(strstr(log, "f.conf:1:"));
	assert_null(strstr(log, "f.conf:5:"));
	free(log);
}

static void stop_and_empty(void **state)
{
	struct seen s = { .stop_at = 2 };
	char *log;

	assert_int_equal(lines_of("x\ny\nz\n", 6, &s, &log), 7);
	assert_string_equal(s.text, "1:x|2:y|");
	free(log);
	memset(&s, 0, sizeof(s));
	assert_int_equal(lines_of("", 0, &s, &log), 0);
	assert_string_equal(s.text, "");
	assert_string_equal(log, "");
	free(log);
}

static void too_big(void **state)
{
	char *big = malloc(CONF_FILE_MAX), *log;
	struct seen s = { .stop_at = 0 };

	assert_non_null(big);
	memset(big, '#', CONF_FILE_MAX);
	big[0] = 'x';
	big[1] = '\n';
	/* just under the bound: read */
	assert_int_equal(lines_of(big, CONF_FILE_MAX - 1, &s, &log), 0);
	assert_memory_equal(s.text, "1:x|2:##", 8);
	free(log);
	/* at the bound: an error naming the file, no line seen */
	memset(&s, 0, sizeof(s));
	assert_int_equal(lines_of(big, CONF_FILE_MAX, &s, &log), -EFBIG);
	assert_string_equal(s.text, "");
	assert_non_null(strstr(log, "f.conf: "));
	free(log);
	free(big);
}

static void umh_find(void **state)
{
	static const char t[] =
		"# comment\n"
		"other [container] /o\n"
		"nfsdcltrack /bad\0 hidden\n"          /* 3: NUL, skipped */
		"broken\n"                             /* 4: another name's error */
		"nfsdcltrack [host] /sbin/nfsdcltrack\n"
		"nfsdcltrack /later\n";
	char *d = ut_mkdtemp(), path[4200], *log;
	struct ut_capture cap;
	struct umh_rule r;

	assert_non_null(d);
	assert_int_equal(ut_write(d, "umh.conf", t, sizeof(t) - 1), 0);
	snprintf(path, sizeof(path), "%s/umh.conf", d);
	ut_capture_begin(&cap);
	assert_int_equal(umh_conf_find(path, "nfsdcltrack", &r), 0);
	log = ut_capture_end(&cap);
	assert_string_equal(r.program, "/sbin/nfsdcltrack");
	assert_int_equal(r.line, 5);
	assert_non_null(strstr(log, "umh.conf:3: NUL byte in line, ignored"));
	assert_non_null(strstr(log, "umh.conf:4: "));
	umh_rule_free(&r);
	free(log);
	broker_log_setup(false, false);
	assert_int_equal(umh_conf_find(path, "none", &r), -ENOENT);
	/* a malformed line for the name is not skipped for a later one */
	assert_int_equal(ut_write(d, "umh.conf", "x relative\nx /ok\n", (size_t)-1), 0);
	assert_int_equal(umh_conf_find(path, "x", &r), -EINVAL);
	snprintf(path, sizeof(path), "%s/missing.conf", d);
	assert_int_equal(umh_conf_find(path, "x", &r), -ENOENT);
	ut_rm_rf(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nul_lines_skipped),
		cmocka_unit_test(stop_and_empty),
		cmocka_unit_test(too_big),
		cmocka_unit_test(umh_find),
	};

	ut_log_setup();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
