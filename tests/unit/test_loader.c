/*
 * test_loader.c — progressive loading: the first part of a big file, the
 * whole after it, and places that cross from one to the other by their words.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "loader.h"

#include <zip.h>

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

/*
 * An EPUB of five 40 KB parts (the fourth missing from the zip): its first
 * parts at once, the rest on the thread, the whole starting with the first
 * part's very text, its contents complete, the missing part's notice among
 * the thread's.
 */
static void
test_epub_in_two_steps(void **state)
{
	(void)state;
	char *path = xasprintf("/tmp/liseuse-test-loader-%d.epub", (int)getpid());
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, NULL);
	assert_non_null(z);
	struct buf files[7] = { 0 };
	buf_adds(&files[0], "application/epub+zip");
	buf_adds(&files[1], "<container xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">"
	                    "<rootfiles><rootfile full-path=\"c.opf\"/></rootfiles></container>");
	buf_adds(&files[2],
	         "<package xmlns=\"http://www.idpf.org/2007/opf\"><metadata "
	         "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Cinq</dc:title>"
	         "<dc:language>fr</dc:language></metadata><manifest><item id=\"nav\" "
	         "href=\"nav.xhtml\" properties=\"nav\"/>");
	buf_adds(&files[3], "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><nav><ol>");
	for (int k = 1; k <= 5; k++) {
		char *item = xasprintf("<item id=\"p%d\" href=\"p%d.xhtml\"/>", k, k);
		char *li = xasprintf("<li><a href=\"p%d.xhtml#h\">Partie %d</a></li>", k, k);
		buf_adds(&files[2], item);
		buf_adds(&files[3], li);
		free(item);
		free(li);
	}
	buf_adds(&files[2], "</manifest><spine>");
	for (int k = 1; k <= 5; k++) {
		char *ref = xasprintf("<itemref idref=\"p%d\"/>", k);
		buf_adds(&files[2], ref);
		free(ref);
	}
	buf_adds(&files[2], "</spine></package>");
	buf_adds(&files[3], "</ol></nav></body></html>");
	const char *names[] = { "mimetype", "META-INF/container.xml", "c.opf", "nav.xhtml" };
	for (int k = 0; k < 4; k++)
		assert_true(zip_file_add(z, names[k],
		                         zip_source_buffer(z, files[k].data, files[k].len, 0),
		                         0) >= 0);
	struct buf part[5] = { 0 };
	for (int k = 1; k <= 5; k++) {
		char *head = xasprintf("<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
		                       "<h1 id=\"h\">Partie %d</h1>",
		                       k);
		buf_adds(&part[k - 1], head);
		free(head);
		while (part[k - 1].len < 40000)
			buf_adds(&part[k - 1], "<p>Un paragraphe de la partie, assez long pour "
			                       "remplir la page.</p>\n");
		buf_adds(&part[k - 1], "</body></html>");
		char *name = xasprintf("p%d.xhtml", k);
		if (k != 4)
			assert_true(zip_file_add(z, name,
			                         zip_source_buffer(z, part[k - 1].data,
			                                           part[k - 1].len, 0),
			                         0) >= 0);
		free(name);
	}
	assert_int_equal(zip_close(z), 0);
	for (int k = 0; k < 5; k++)
		buf_free(&part[k]);
	for (int k = 0; k < 7; k++)
		buf_free(&files[k]);

	struct parse_opts o = { .format = FORMAT_AUTO, .typo = 1, .lang = NULL };
	const char *err = NULL;
	msg_hold(1);
	struct loader *ld = loader_start(path, "cinq.epub", NULL, &o, &err);
	assert_non_null(ld);
	assert_false(loader_complete(ld));
	struct doc *first = loader_doc(ld);
	assert_int_equal(first->nsections, 2); /* two parts: 80 KB, past the first 64 KB */
	char *text = xstrndup(first->text, first->len);
	size_t off = (size_t)(strstr(text + first->len - 200, "Un paragraphe") - text);
	size_t want = off;
	struct doc *whole = loader_take(ld, &off, 1);
	assert_true(loader_complete(ld));
	assert_false(loader_partial(ld));
	assert_memory_equal(whole->text, text, strlen(text));
	assert_int_equal(off, want); /* the same text: the same place */
	assert_int_equal(whole->nsections, 4);
	assert_string_equal(whole->sections[3].title, "Partie 5");
	assert_string_equal(whole->title, "Cinq");
	/* The part missing among the rest is said by the thread, held as any message. */
	int said = 0;
	for (char *m; (m = msg_take()) != NULL; free(m))
		said |= strstr(m, "p4.xhtml is missing from the book: skipped") != NULL;
	msg_hold(0);
	assert_true(said);
	free(text);
	loader_free(ld);
	unlink(path);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encoding_decided_on_the_whole),
		cmocka_unit_test(test_place_across_encodings),
		cmocka_unit_test(test_cut_on_a_character),
		cmocka_unit_test(test_small_is_whole),
		cmocka_unit_test(test_epub_in_two_steps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
