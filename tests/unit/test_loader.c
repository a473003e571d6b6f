/*
 * test_loader.c — progressive loading: the first part of a big file, the
 * whole after it, and places that cross from one to the other by their words.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "loader.h"

static char *
temp_file(const char *prefix, const char *rest, size_t reps_prefix, size_t reps_rest)
{
	char *path = xasprintf("/tmp/liseuse-test-loader-%d-%s", (int)getpid(),
	                       prefix[0] == 'W' ? "w" : "x");
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	for (size_t i = 0; i < reps_prefix; i++)
		fputs(prefix, f);
	for (size_t i = 0; i < reps_rest; i++)
		fputs(rest, f);
	fclose(f);
	return path;
}

/* The text at off reads word (spaces aside, at its start). */
static void
assert_reads(const struct doc *d, size_t off, const char *word)
{
	assert_true(off < d->len);
	assert_memory_equal(d->text + off, word, strlen(word));
}

/* ASCII first, Windows-1252 after: the whole is read as Windows-1252, the place kept. */
static void
test_encoding_decided_on_the_whole(void **state)
{
	(void)state;
	char *path = temp_file("Word one two three four five six seven eight nine ten.\n\n",
	                       "Un \xe9l\xe8ve na\xefve \xe0 l'\xe9"
	                       "cole, encore et encore.\n\n",
	                       6000, 90000);
	struct parse_opts o = { .format = FORMAT_TEXT, .typo = 1, .lang = NULL };
	const char *err = NULL;
	msg_hold(1);
	struct loader *ld = loader_start(path, "big", NULL, &o, &err);
	assert_non_null(ld);
	assert_false(loader_complete(ld));
	struct doc *first = loader_doc(ld);
	const char *p = strstr(first->text + first->len / 2, "Word");
	assert_non_null(p);
	size_t off = (size_t)(p - first->text);
	struct doc *whole = loader_take(ld, &off, 1);
	assert_true(loader_complete(ld));
	assert_reads(whole, off, "Word");
	assert_string_equal(whole->info.encoding, "Windows-1252");
	assert_non_null(strstr(whole->text + whole->len / 2, "élève naïve"));
	/* The loading thread's message, held for the reader as any other. */
	int said = 0;
	for (char *m; (m = msg_take()) != NULL; free(m))
		said |= strcmp(m, "big: not valid UTF-8, read as Windows-1252") == 0;
	msg_hold(0);
	assert_true(said);
	loader_free(ld);
	unlink(path);
	free(path);
}

/* UTF-8 first, Windows-1252 after: the whole is Windows-1252, places found by their ASCII. */
static void
test_place_across_encodings(void **state)
{
	(void)state;
	char *path = xasprintf("/tmp/liseuse-test-loader-%d-enc", (int)getpid());
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 6000; i++)
		fprintf(f, "Un élève naïve à l'école, ligne %d.\n\n", i);
	for (int i = 0; i < 150000; i++)
		fprintf(f,
		        "Un \xe9l\xe8ve na\xefve \xe0 l'\xe9"
		        "cole, suite %d.\n\n",
		        i);
	fclose(f);
	struct parse_opts o = { .format = FORMAT_TEXT, .typo = 1, .lang = NULL };
	const char *err = NULL;
	struct loader *ld = loader_start(path, "enc", NULL, &o, &err);
	assert_non_null(ld);
	struct doc *first = loader_doc(ld);
	assert_string_equal(first->info.encoding, "UTF-8");
	const char *p = strstr(first->text, "Un élève naïve à l'école, ligne 4321.");
	assert_non_null(p);
	size_t off = (size_t)(p - first->text);
	struct doc *whole = loader_take(ld, &off, 1);
	assert_string_equal(whole->info.encoding, "Windows-1252");
	/* The same line, whatever its accents became. */
	const char *q = whole->text + off;
	assert_true(off < whole->len);
	assert_memory_equal(q, "Un ", 3);
	assert_non_null(strstr(q, "ligne 4321."));
	assert_true(strstr(q, "ligne 4321.") - q < 64);
	loader_free(ld);
	unlink(path);
	free(path);
}

/* One huge line of valid UTF-8: the first part is cut between characters, not inside one. */
static void
test_cut_on_a_character(void **state)
{
	(void)state;
	char *path = temp_file("W", "€uro ", 1, 1100000);
	struct parse_opts o = { .format = FORMAT_TEXT, .typo = 1, .lang = NULL };
	const char *err = NULL;
	struct loader *ld = loader_start(path, "euro", NULL, &o, &err);
	assert_non_null(ld);
	assert_int_equal(loader_doc(ld)->info.invalid, 0);
	assert_null(strstr(loader_doc(ld)->text, "\xef\xbf\xbd"));
	loader_free(ld);
	unlink(path);
	free(path);
}

/* A small file is read whole at once. */
static void
test_small_is_whole(void **state)
{
	(void)state;
	char *path = temp_file("Word one.\n\n", "", 10, 0);
	struct parse_opts o = { .format = FORMAT_TEXT, .typo = 1, .lang = NULL };
	const char *err = NULL;
	struct loader *ld = loader_start(path, "small", NULL, &o, &err);
	assert_non_null(ld);
	assert_true(loader_complete(ld));
	assert_ptr_equal(loader_take(ld, NULL, 0), loader_doc(ld));
	loader_free(ld);
	unlink(path);
	free(path);
	assert_null(loader_start("/nonexistent/file", "x", NULL, &o, &err));
	assert_string_equal(err, "No such file or directory");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encoding_decided_on_the_whole),
		cmocka_unit_test(test_place_across_encodings),
		cmocka_unit_test(test_cut_on_a_character),
		cmocka_unit_test(test_small_is_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
