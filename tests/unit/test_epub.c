/*
 * test_epub.c — EPUB books (the EPUB files of tests/books, made by pandoc from real
 * HTML): the contents become sections anchored at the right blocks, the
 * metadata gives title, author and language, and a book read in two steps
 * (first parts, then the rest, as the reader does) is the book read at
 * once, with no part read twice.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "epub.h"

static struct epub *
open_book(const char *path)
{
	struct buf raw = { 0 };
	const char *err = NULL;
	assert_int_equal(text_read(path, &raw, &err), 0);
	struct epub *e = epub_open(&raw, path, &err);
	assert_non_null(e);
	return e;
}

static struct doc *
read_book(const char *path, const struct parse_opts *o)
{
	const char *err = NULL;
	struct epub *e = open_book(path);
	struct doc *d = epub_read(e, o, SIZE_MAX, &err);
	assert_non_null(d);
	assert_true(epub_complete(e));
	epub_free(e);
	return d;
}

/* Every section starts at a heading that reads as its contents entry does. */
static void
check_anchored(const char *path, size_t nsections, int maxlevel)
{
	struct parse_opts o = { .format = FORMAT_EPUB, .typo = 1, .lang = NULL };
	struct doc *d = read_book(path, &o);
	assert_int_equal(d->nsections, nsections);
	assert_true(d->given_toc);
	int deepest = 0;
	for (size_t i = 0; i < d->nsections; i++) {
		const struct section *s = &d->sections[i];
		char *t = doc_heading_title(d, s->block);
		if (strcmp(t, s->title) != 0 || d->blocks[s->block].kind != BLOCK_HEADING)
			fail_msg("%s: section %zu '%s' is at block %zu '%s'", path, i + 1, s->title,
			         s->block, t);
		free(t);
		if (s->level > deepest)
			deepest = s->level;
		if (i > 0)
			assert_true(s->block > d->sections[i - 1].block);
	}
	assert_int_equal(deepest, maxlevel);
	doc_free(d);
}

static void
test_nav_epub3(void **state)
{
	(void)state;
	check_anchored("tests/books/handbook-fr.epub", 18, 3);
}

static void
test_ncx_epub2(void **state)
{
	(void)state;
	check_anchored("tests/books/maint-guide-fr.epub", 15, 2);
}

static void
test_metadata(void **state)
{
	(void)state;
	struct parse_opts o = { .format = FORMAT_EPUB, .typo = 1, .lang = NULL };
	struct doc *d = read_book("tests/books/maint-guide-fr.epub", &o);
	assert_string_equal(d->title, "Guide du nouveau responsable Debian (chapitres 1 et 2)");
	assert_string_equal(d->author, "Josip Rodin, Osamu Aoki");
	assert_string_equal(d->lang, "fr");
	assert_int_equal(d->format, FORMAT_EPUB);
	/* French spacing, since the book says it is French. */
	assert_true(d->typo);
	size_t len = d->len;
	doc_free(d);
	/* --lang wins over the book's. */
	o.lang = "en";
	d = read_book("tests/books/maint-guide-fr.epub", &o);
	assert_string_equal(d->lang, "en");
	assert_false(d->typo);
	assert_true(d->len < len);
	doc_free(d);
}

/* The first parts, then the rest: the book read at once, the first part its beginning. */
static void
test_two_steps(void **state)
{
	(void)state;
	struct parse_opts o = { .format = FORMAT_EPUB, .typo = 1, .lang = NULL };
	const char *err = NULL;
	struct doc *once = read_book("tests/books/handbook-fr.epub", &o);
	struct epub *e = open_book("tests/books/handbook-fr.epub");
	struct doc *first = epub_read(e, &o, 1, &err);
	assert_non_null(first);
	assert_false(epub_complete(e));
	assert_true(first->len < once->len);
	assert_memory_equal(first->text, once->text, first->len);
	struct doc *whole = epub_rest(e, first, &err);
	assert_non_null(whole);
	assert_true(epub_complete(e));
	assert_int_equal(whole->len, once->len);
	assert_memory_equal(whole->text, once->text, once->len);
	assert_int_equal(whole->nblocks, once->nblocks);
	assert_int_equal(whole->nspans, once->nspans);
	assert_int_equal(whole->nsections, once->nsections);
	for (size_t i = 0; i < once->nsections; i++) {
		assert_int_equal(whole->sections[i].block, once->sections[i].block);
		assert_string_equal(whole->sections[i].title, once->sections[i].title);
	}
	assert_string_equal(whole->title, once->title);
	doc_free(first); /* the whole owns nothing of it */
	epub_free(e);
	doc_free(whole);
	doc_free(once);
}

static void
test_not_epub(void **state)
{
	(void)state;
	struct buf raw = { 0 };
	const char *err = NULL;
	buf_adds(&raw, "PK\x03\x04 but nothing more");
	assert_null(epub_open(&raw, "x.epub", &err));
	assert_string_equal(err, "not a zip archive, so not an EPUB (truncated or damaged?)");
	assert_null(raw.data); /* taken */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nav_epub3), cmocka_unit_test(test_ncx_epub2),
		cmocka_unit_test(test_metadata),  cmocka_unit_test(test_two_steps),
		cmocka_unit_test(test_not_epub),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
