/*
 * test_layout.c — the typographic engine on small paragraphs: total fit
 * (better than first fit), justification (full lines, even gaps), the
 * hyphen rules (patterns, capitals as a last resort, the text's own
 * hyphen reused, soft hyphens, never three in a row), overlong words cut
 * between clusters, wide clusters never split, and re-fitting on new options;
 * what Markdown needs: code kept as it is (cut lines marked), rules, hard
 * breaks, no hyphen in code or links, styled spaces, quote bars between
 * blocks.
 */
#include "unit.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>

#include <unilbrk.h>

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
	struct buf out = { 0 };
	size_t n;
	const struct line *ln = layout_lines(l, b, &n);
	for (size_t i = 0; i < n; i++) {
		struct row r = { { 0 }, 0, 0 };
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
	struct layout_opts o = { w, justify, hyphenate, "fr" };
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
	struct layout_opts o = { 30, 1, 1, "fr" };
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
	check("in\xC2\xAD"
	      "con\xC2\xAD"
	      "stance et la",
	      8, 0, 0, "incon-\nstance\net la");
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
	struct doc *d =
	        unit_doc("extraordinairement incompréhensiblement anticonstitutionnellement "
	                 "intergouvernementalisation désenchantement",
	                 1);
	struct layout_opts o = { 14, 0, 1, "fr" };
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
	struct layout_opts o = { 6, 0, 0, "fr" };
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
	struct layout_opts o = { 9, 0, 0, "fr" };
	struct layout *l = layout_create(d, &o);
	char *got = lay(l, 0);
	assert_string_equal(got, "il dit\n« oui »\nou non ?");
	free(got);
	layout_free(l);
	doc_free(d);
}

/* A document of one block of kind k (text taken as it is) with the given geometry. */
static struct doc *
one_block(enum block_kind k, const char *s, int indent, int hang, int quote)
{
	struct doc *d = doc_create("test");
	size_t b = doc_add_block(d, k, 0, s, strlen(s));
	d->blocks[b].indent = indent;
	d->blocks[b].hang = hang;
	d->blocks[b].quote = quote;
	return d;
}

/* Finish d and lay out its first block. */
static char *
lay_doc(struct doc *d, int w, int justify, int hyphenate)
{
	doc_finish(d, NULL);
	struct layout_opts o = { w, justify, hyphenate, "fr" };
	struct layout *l = layout_create(d, &o);
	char *got = lay(l, 0);
	layout_free(l);
	return got;
}

/*
 * At every width, no line ends inside a file name, a URL, an inverted
 * pronoun ("dit-il", "ajouta-t-il") or a demonstrative ("celui-ci") — the
 * verb may still be hyphenated, as any word ("ré-pondit-elle") — and a
 * proper noun after an elision ("d'Hippolyte") is not hyphenated while
 * common words around it could be.
 */
static void
test_token_breaks(void **state)
{
	(void)state;
	static const char *const whole[] = {
		"sources.list", "abu.cnam.fr/", "dit-il", "uta-t-il",
		"dis-le-moi",   "lui-ci",       "/etc",   "d'Hippolyte",
	};
	const char *s = "Ajoutez la ligne au fichier /etc/apt/sources.list puis consultez "
	                "http://abu.cnam.fr/ pour les détails. Le portrait d'Hippolyte, "
	                "dit-il, était là ; ajouta-t-il encore, dis-le-moi, celui-ci "
	                "répondit-elle aussitôt.";
	for (int w = 14; w <= 60; w++) {
		struct doc *d = unit_doc(s, 1);
		struct layout_opts o = { w, 0, 1, "fr" };
		struct layout *l = layout_create(d, &o);
		char *got = lay(l, 0);
		for (size_t k = 0; k < sizeof whole / sizeof *whole; k++)
			if (strstr(got, whole[k]) == NULL)
				fail_msg("width %d: \"%s\" is divided:\n%s", w, whole[k], got);
		free(got);
		layout_free(l);
		doc_free(d);
	}
	/* A compound of common words still breaks at its hyphen. */
	check("un porte-monnaie", 10, 0, 0, "un porte-\nmonnaie");
}

static void
test_code(void **state)
{
	(void)state;
	/* Every space kept, no break at spaces or slashes, no hyphen, no justification;
	 * a line too long is cut between clusters and marked. */
	struct doc *d = one_block(BLOCK_CODE, "  a  b/c\n\n  anticonstitutionnel  x", 0, 0, 0);
	char *got = lay_doc(d, 10, 1, 1);
	assert_string_equal(got,
	                    "  a  b/c\n\n  anticons\n\xE2\x86\xAA titution\n\xE2\x86\xAA nel  x");
	free(got);
	doc_free(d);
	/* A cut inside spaces keeps them on the next line; wide clusters stay whole. */
	d = one_block(BLOCK_CODE, "abcd  ef 日本", 0, 0, 0);
	got = lay_doc(d, 5, 0, 1);
	assert_string_equal(got, "abcd \n\xE2\x86\xAA  ef\n\xE2\x86\xAA  \xE6\x97\xA5\n"
	                         "\xE2\x86\xAA \xE6\x9C\xAC");
	free(got);
	doc_free(d);
}

static void
test_rule(void **state)
{
	(void)state;
	struct doc *d = one_block(BLOCK_RULE, "", 2, 0, 1);
	char *got = lay_doc(d, 7, 0, 1);
	/* The bar, then the rule across what is left of the measure. */
	assert_string_equal(got, "\xE2\x94\x82   \xE2\x94\x80\xE2\x94\x80\xE2\x94\x80");
	free(got);
	doc_free(d);
}

static void
test_hard_breaks(void **state)
{
	(void)state;
	/* Each item after a '\n' is a first line (no hang), and the line before the
	 * break is not justified though the paragraph is. */
	struct doc *d = one_block(BLOCK_PARA, "- aa bb cc dd\n- ee ff\n- gg hh ii jj kk", 0, 2, 0);
	char *got = lay_doc(d, 10, 1, 0);
	assert_string_equal(got, "- aa bb cc\n  dd\n- ee ff\n- gg hh ii\n  jj kk");
	free(got);
	doc_free(d);
}

/* The styles of the cells of the first line of block 0, one letter per cell. */
static void
put_style(void *arg, const struct cell *c)
{
	buf_addc(arg, (c->style & STYLE_LINK) ? 'L' : (c->style & CELL_SPACE) ? '_' : '.');
}

static void
test_literal_spans(void **state)
{
	(void)state;
	/* Hyphenated as prose, not inside a link nor inline code. */
	struct doc *d = one_block(BLOCK_PARA, "un anticonstitutionnellement", 0, 0, 0);
	char *got = lay_doc(d, 16, 0, 1);
	assert_string_equal(got, "un anticonstitu-\ntionnellement");
	free(got);
	doc_free(d);
	for (unsigned st = STYLE_LINK; st >= STYLE_CODE; st >>= 1) {
		d = one_block(BLOCK_PARA, "un anticonstitutionnellement", 0, 0, 0);
		doc_add_span(d, 3, 28, st, NULL);
		got = lay_doc(d, 26, 0, 1);
		assert_string_equal(got, "un\nanticonstitutionnellement");
		free(got);
		doc_free(d);
	}
	/* The spaces inside a link have its style (an unbroken underline), not those around it. */
	d = one_block(BLOCK_PARA, "a bc de f", 0, 0, 0);
	doc_add_span(d, 2, 7, STYLE_LINK, "u");
	free(lay_doc(d, 20, 0, 0));
	struct layout_opts o = { 20, 0, 0, "fr" };
	struct layout *l = layout_create(d, &o);
	struct buf b = { 0 };
	size_t n;
	const struct line *ln = layout_lines(l, 0, &n);
	layout_walk(l, 0, ln, put_style, &b);
	assert_string_equal(b.data, "._LLLLL_.");
	buf_free(&b);
	layout_free(l);
	doc_free(d);
}

static void
put_bar(void *arg, const struct cell *c)
{
	assert_true(c->style & CELL_BAR);
	assert_int_equal(c->col % 2, 0);
	(*(int *)arg)++;
}

static void
test_quote_gaps(void **state)
{
	(void)state;
	/* The blank row between two quoted blocks has the bars of the shallower. */
	static const int quote[] = { 2, 1, 0, 3, 3 };
	static const int want[] = { 1, 0, 0, 3, 0 };
	struct doc *d = doc_create("test");
	for (size_t b = 0; b < 5; b++) {
		size_t k = doc_add_block(d, BLOCK_PARA, 0, "x", 1);
		d->blocks[k].quote = quote[b];
	}
	free(lay_doc(d, 20, 0, 0));
	struct layout_opts o = { 20, 0, 0, "fr" };
	struct layout *l = layout_create(d, &o);
	for (size_t b = 0; b < 5; b++) {
		int bars = 0;
		layout_walk_gap(l, b, put_bar, &bars);
		assert_int_equal(bars, want[b]);
	}
	layout_free(l);
	doc_free(d);
}

/* Past the cache bound old blocks are forgotten, and laid out again alike. */
static void
test_cache_bound(void **state)
{
	(void)state;
	struct buf src = { 0 };
	for (int i = 0; i < 5000; i++)
		buf_adds(&src,
		         "Un paragraphe assez long pour tenir sur plusieurs lignes étroites.\n\n");
	struct doc *d = unit_doc(src.data, 1);
	assert_true(d->nblocks >= 5000);
	struct layout_opts o = { 20, 0, 1, "fr" };
	struct layout *l = layout_create(d, &o);
	char *first = lay(l, 0);
	size_t n;
	for (size_t b = 0; b < d->nblocks; b++)
		layout_lines(l, b, &n);
	char *again = lay(l, 0); /* block 0 was forgotten: laid out anew */
	assert_string_equal(first, again);
	const struct line *ln = layout_lines(l, d->nblocks - 1, &n);
	assert_true(n >= 3 && ln[0].start == d->blocks[d->nblocks - 1].start);
	free(first);
	free(again);
	layout_free(l);
	doc_free(d);
	buf_free(&src);
}

/* layout_breaks() says what libunistring says, position by position. */
static void
same_breaks(const char *t, size_t n)
{
	char *want = malloc(n + 1), *got = malloc(n + 1);
	u8_possible_linebreaks((const uint8_t *)t, n, "UTF-8", want);
	layout_breaks(t, n, got);
	for (size_t i = 0; i < n; i++)
		if (want[i] != got[i])
			fail_msg("break at %zu of \"%.*s\": %d, libunistring %d", i, (int)n, t,
			         got[i], want[i]);
	free(want);
	free(got);
}

/*
 * The quick answer for plain words is exact: on tricky strings, on random
 * ones built of the characters around which it decides, and on every block
 * of the corpus with and without French spacing.
 */
static void
test_breaks_exact(void **state)
{
	(void)state;
	static const char *const tricky[] = {
		"",
		" ",
		"a",
		"mot",
		" mot",
		"mot ",
		"un mot  deux\nmots",
		"U.S. law",
		"www.gutenberg.org et",
		"l\u2019homme l\u2019a vu",
		"l'homme l'a vu, aujourd'hui. l' 'a a'",
		"mot\u202F; fin\u00A0: oui\u202F! non\u202F? a\u202F;b c\u00A0;",
		"mot,\u202F; mot.\u00A0: mot\u202F;\u202F; mot\u00A0\u00A0!",
		"« mot » ; fin !",
		"(mot) [mot] mot.) mot,\u00A0mot",
		"e\u0301t\u00E9 \u00D7 2 \u00F7",
		"\u0250 \u024F \u00C0 \u00FF",
		"mot\u00ADmot mot\u2014mot",
		"1,5 12.30 a1 1a",
		"\u4E2D\u6587 mot \U0001F1EB\U0001F1F7 mot",
		"mot\u200Bmot mot\u2060 mot",
	};
	for (size_t k = 0; k < sizeof tricky / sizeof *tricky; k++)
		same_breaks(tricky[k], strlen(tricky[k]));

	static const char *const atoms[] = {
		"a",      "Z",      "\u00E9", "\u00D7", "\u024F", "\u0250", " ",      " ",
		"\n",     ".",      ",",      "\u2019", "'",      "(",      ")",      "\u00AB",
		"\u00BB", "1",      "-",      "\u0301", "\u00A0", "\u202F", "!",      ";",
		"\u200D", "\u4E2D", "/",      "\"",     "\u00AD", "\u2014", "\u200B",
	};
	char s[256];
	unsigned seed = 1;
	for (int it = 0; it < 200000; it++) {
		size_t n = 0;
		seed = seed * 1103515245u + 12345u;
		for (unsigned j = 0, len = (seed >> 16) % 24; j < len; j++) {
			seed = seed * 1103515245u + 12345u;
			const char *a = atoms[(seed >> 16) % (sizeof atoms / sizeof *atoms)];
			memcpy(s + n, a, strlen(a));
			n += strlen(a);
		}
		same_breaks(s, n);
	}

	const char *corpus = getenv("CORPUS");
	char *pat = xasprintf("%s/*.txt", corpus && *corpus ? corpus : "../shared/corpus");
	glob_t g;
	msg_mute(1); /* the corpus has its repairs to report */
	if (glob(pat, 0, NULL, &g) == 0) {
		for (size_t f = 0; f < g.gl_pathc; f++) {
			for (int typo = 0; typo < 2; typo++) {
				struct parse_opts po = { .format = FORMAT_AUTO, .typo = typo, .lang = NULL };
				const char *err = NULL;
				struct doc *d =
				        parse_load(g.gl_pathv[f], g.gl_pathv[f], NULL, &po, &err);
				assert_non_null(d);
				for (size_t b = 0; b < d->nblocks; b++)
					same_breaks(d->text + d->blocks[b].start,
					            d->blocks[b].end - d->blocks[b].start);
				doc_free(d);
			}
		}
		globfree(&g);
	}
	msg_mute(0);
	free(pat);
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
		cmocka_unit_test(test_token_breaks),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_rule),
		cmocka_unit_test(test_hard_breaks),
		cmocka_unit_test(test_literal_spans),
		cmocka_unit_test(test_quote_gaps),
		cmocka_unit_test(test_cache_bound),
		cmocka_unit_test(test_breaks_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
