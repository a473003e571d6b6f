/*
 * test_msg.c — the message channel: "FILE:LINE:COL: text" with the unknown
 * parts left out, the base name for the status line, control characters
 * shown as symbols, messages held in order while the reader has the
 * terminal and taken one by one, a message said once only, and a muted
 * thread saying nothing.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "msg.h"

static void
check(const char *file, size_t line, size_t col, const char *text, int base, const char *want)
{
	struct msg m = { MSG_NOTE, file, line, col, text };
	char *got = msg_format(&m, base);
	assert_string_equal(got, want);
	free(got);
}

static void
format(void **state)
{
	(void)state;
	check("/home/me/.config/liseuse/config", 3, 9, "invalid value", 0,
	      "/home/me/.config/liseuse/config:3:9: invalid value");
	check("/home/me/.config/liseuse/config", 3, 9, "invalid value", 1,
	      "config:3:9: invalid value");
	check("livre.txt", 12, 0, "a line", 0, "livre.txt:12: a line");
	check("livre.txt", 0, 0, "not valid UTF-8", 0, "livre.txt: not valid UTF-8");
	check("livre.txt", 0, 7, "no line, no column", 0, "livre.txt: no line, no column");
	check(NULL, 4, 2, "no file, no position", 0, "no file, no position");
	check("dir/", 0, 0, "a trailing slash keeps the path", 1,
	      "dir/: a trailing slash keeps the path");
	/* Controls from a file name or the text never reach the terminal. */
	check("a\x1b[2Jb.txt", 0, 0, "bell\a, C1 \xc2\x9b", 0, "a␛[2Jb.txt: bell␇, C1 ␛[");
}

static void
held_in_order(void **state)
{
	(void)state;
	msg_hold(1);
	msg_at(MSG_WARNING, "/x/config", 2, 1, "unknown setting '%s'", "bogus");
	notice("first %d", 1);
	msg_at(MSG_NOTE, "book.txt", 0, 0, "read as %s", "Windows-1252");
	notice("first %d", 1); /* said already: not again */
	char *m = msg_take();
	assert_string_equal(m, "config:2:1: unknown setting 'bogus'");
	free(m);
	m = msg_take();
	assert_string_equal(m, "first 1");
	free(m);
	m = msg_take();
	assert_string_equal(m, "book.txt: read as Windows-1252");
	free(m);
	assert_null(msg_take());
	/* A muted thread says nothing. */
	msg_mute(1);
	notice("never seen");
	msg_mute(0);
	assert_null(msg_take());
	msg_hold(0);
	assert_null(msg_take());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format),
		cmocka_unit_test(held_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
