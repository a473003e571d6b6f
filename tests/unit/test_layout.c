/*
 * test_layout.c — the typographic engine on small paragraphs: total fit
 * (better than first fit), justification (full lines, even gaps), the
 * hyphen rules (patterns, capitals as a last resort, the text's own
 * hyphen reused, soft hyphens, never three in a row), overlong words cut
 * between clusters, wide clusters never split, and re-fitting on new options.
 */
#include "unit.h"

#include <stdlib.h>

#include "layout.h"

struct row {
	struct buf b;
	int col;
	int soft; /* a soft hyphen was drawn */
};

static void
put(void *arg, const struct cell *c)
{
	struct row *r = arg;
	while (r->col < c->col) {
		buf_addc(&r->b, ' ');
		r->col++;
	}
	if (c->n == 2 && (unsigned char)c->s[0] == 0xC2 && (unsigned char)c->s[1] == 0xAD)
		r->soft = 1;
	for (int k = 0; (c->style & CELL_SPACE) && k < c->width; k++)
		buf_addc(&r->b, ' ');
	if (!(c->style & CELL_SPACE))
		buf_add(&r->b, c->s, c->n);
	r->col += c->width;
}

/* The lines of block b as text, joined with '\n'. */
static char *
lay(struct layout *l, size_t b)
{
	struct buf out = {0};
	size_t n;
	const struct line *ln = layout_lines(l, b, &n);
	for (size_t i = 0; i < n; i++) {
		struct row r = {{0}, 0, 0};
		layout_walk(l, b, &ln[i], put, &r);
		assert_false(r.soft);
		if (i > 0)
			buf_addc(&out, '\n');
		buf_add(&out, r.b.data ? r.b.data : "", r.b.len);
		buf_free(&r.b);
	}
	buf_add(&out, "", 0);
	return out.data;
}

/* Lay s out (one paragraph, French spacing) at width w and compare. */
static void
check(const char *s, int w, int justify, int hyphenate, const char *want)
{
	struct doc *d = unit_doc(s, 1);
	struct layout_opts o = {w, justify, hyphenate, "fr"};
	struct layout *l = layout_create(d, &o);
	char *got = lay(l, 0);
	assert_string_equal(got, want);
	free(got);
	layout_free(l);
	doc_free(d);
}

static void
test_total_fit(void **state)
{
	(void)state;
	/* First fit gives "aaa bb" / "cc" (slack 0 + 16); total fit evens the lines (9 + 1). */
	check("aaa bb cc ddddd", 6, 0, 0, "aaa\nbb cc\nddddd");
}

static void
test_justify(void **state)
{
	(void)state;
	struct doc *d = unit_doc("Il était une fois, dans un pays lointain, un roi qui avait trois "
	                         "filles et un royaume plus grand que la mer.",
	                         1);
	struct layout_opts o = {30, 1, 1, "fr"};
	struct layout *l = layout_create(d, &o);
	char *got = lay(l, 0);
	/* Every line but the last exactly the measure, gaps differing by one at most. */
	for (char *line = strtok(got, "\n"), *next; line; line = next) {
		next = strtok(NULL, "\n");
		if (next == NULL)
			break;
		assert_int_equal(text_width(line, strlen(line)), 30);
		int lo = 99, hi = 0;
		for (char *p = line; *p;) {
			if (*p != ' ') {
				p++;
				continue;
			}
			int k = 0;
			while (*p == ' ')
				p++, k++;
			lo = k < lo ? k : lo;
			hi = k > hi ? k : hi;
		}
		assert_true(hi - lo <= 1);
	}
	free(got);
	layout_free(l);
	doc_free(d);
}

static void
test_hyphens(void **state)
{
	(void)state;
	/* A pattern point, the hyphen drawn. */
	check("un anticonstitutionnellement", 16, 0, 1, "un anticonstitu-\ntionnellement");
	/* Without hyphenation the word moves down whole. */
	check("un anticonstitutionnellement", 26, 0, 0, "un\nanticonstitutionnellement");
	/* The text's own hyphen is the break: no second hyphen. */
	check("mon porte-monnaie", 12, 0, 1, "mon porte-\nmonnaie");
	/* A soft hyphen shows only at the break. */
	check("in\xC2\xAD" "con\xC2\xAD" "stance et la", 8, 0, 0, "incon-\nstance\net la");
}

static void
test_capitals_last(void **state)
{
	(void)state;
	/* "Constantinople" could be hyphenated; the lowercase word is, instead. */
	check("Constantinople extraordinairement loin", 21, 0, 1,
	      "Constantinople ex-\ntraordinairement\nloin");
	/* When nothing else fits, a capitalised word is hyphenated rather than cut. */
	check("Anticonstitutionnellement", 12, 0, 1, "Anticonsti-\ntutionnelle-\nment");
}

static void
test_no_three_hyphens(void **state)
{
	(void)state;
	struct doc *d = unit_doc("extraordinairement incompréhensiblement anticonstitutionnellement "
	                         "intergouvernementalisation désenchantement",
	                         1);
	struct layout_opts o = {14, 0, 1, "fr"};
	struct layout *l = layout_create(d, &o);
	size_t n;
	const struct line *ln = layout_lines(l, 0, &n);
	int run = 0;
	for (size_t i = 0; i < n; i++) {
		run = ln[i].hyphen ? run + 1 : 0;
		assert_true(run < 3);
		assert_true(ln[i].width + ln[i].hyphen <= 14);
	}
	layout_free(l);
	doc_free(d);
}

static void
test_overlong_and_wide(void **state)
{
	(void)state;
	/* No opportunity at all: cut between clusters, never wider than the measure. */
	check("1234567890123 x", 5, 0, 1, "12345\n67890\n123 x");
	/* Wide clusters are never split: a 5-column line holds two of them. */
	check("日本語日本", 5, 0, 1, "日本\n語日\n本");
	/* An emoji ZWJ sequence is one cluster of two columns. */
	check("ab 👨‍👩‍👧 cd", 5, 0, 1, "ab 👨‍👩‍👧\ncd");
}

static void
test_refit(void **state)
{
	(void)state;
	struct doc *d = unit_doc("aaa bb cc ddddd", 1);
	struct layout_opts o = {6, 0, 0, "fr"};
	struct layout *l = layout_create(d, &o);
	char *a = lay(l, 0);
	o.width = 40;
	layout_set_opts(l, &o);
	char *b = lay(l, 0);
	assert_string_equal(a, "aaa\nbb cc\nddddd");
	assert_string_equal(b, "aaa bb cc ddddd");
	free(a);
	free(b);
	layout_forget(l, 0);
	char *c = lay(l, 0);
	assert_string_equal(c, "aaa bb cc ddddd");
	free(c);
	layout_free(l);
	doc_free(d);
}

static void
test_french_breaks(void **state)
{
	(void)state;
	/* Plain spaces (no French spacing): still no break inside « » or before ?. */
	struct doc *d = unit_doc("il dit « oui » ou non ?", 0);
	struct layout_opts o = {9, 0, 0, "fr"};
	struct layout *l = layout_create(d, &o);
	char *got = lay(l, 0);
	assert_string_equal(got, "il dit\n« oui »\nou non ?");
	free(got);
	layout_free(l);
	doc_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_total_fit),
		cmocka_unit_test(test_justify),
		cmocka_unit_test(test_hyphens),
		cmocka_unit_test(test_capitals_last),
		cmocka_unit_test(test_no_three_hyphens),
		cmocka_unit_test(test_overlong_and_wide),
		cmocka_unit_test(test_refit),
		cmocka_unit_test(test_french_breaks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
