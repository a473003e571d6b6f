/*
 * test_search.c — the search engine: what folds to what (accents, NFD,
 * ligatures, apostrophes, spaces, soft hyphens, CJK, U+FFFD), smart case,
 * match ranges as whole characters, empty and oversized queries, stepping
 * through matches, context lines, and counts that no layout can change.
 */
#include "unit.h"

#include <glob.h>
#include <stdlib.h>

#include "layout.h"
#include "search.h"

/* Every match of query in d; returns the count, ranges in *m (free them). */
static size_t
find(const struct doc *d, const char *query, struct search_match **m)
{
	struct search_index *ix = search_index_create(d);
	struct search_query *q = search_compile(query);
	size_t n = search_all(ix, q, m);
	search_query_free(q);
	search_index_free(ix);
	return n;
}

/* How many matches of query in d. */
static size_t
count_doc(const struct doc *d, const char *query)
{
	struct search_match *m;
	size_t n = find(d, query, &m);
	free(m);
	return n;
}

/* How many matches of query in the document made of plain text s. */
static size_t
count_in(const char *s, int typo, const char *query)
{
	struct doc *d = unit_doc(s, typo);
	struct search_match *m;
	size_t n = find(d, query, &m);
	free(m);
	doc_free(d);
	return n;
}

/* A document of one block holding s as is (line ends kept, nothing repaired). */
static struct doc *
raw_doc(const char *s)
{
	struct doc *d = doc_create("raw");
	doc_add_block(d, BLOCK_LINES, 0, s, strlen(s));
	doc_finish(d, "raw");
	return d;
}

/* The text of match i of query in d, as a fresh string (NULL if none). */
static char *
match_text(const struct doc *d, const char *query, size_t i)
{
	struct search_match *m;
	size_t n = find(d, query, &m);
	char *t = i < n ? xstrndup(d->text + m[i].start, m[i].end - m[i].start) : NULL;
	free(m);
	return t;
}

static void
assert_match_text(const struct doc *d, const char *query, size_t i, const char *want)
{
	char *t = match_text(d, query, i);
	assert_non_null(t);
	assert_string_equal(t, want);
	free(t);
}

static void
accents(void **state)
{
	(void)state;
	const char *s = "Élève, élève, eleve, ELEVE, Eleve, élevé.";
	assert_int_equal(count_in(s, 0, "eleve"), 6);
	assert_int_equal(count_in(s, 0, "élève"), 6);
	assert_int_equal(count_in(s, 0, "ÉLÈVE"), 1); /* ELEVE only: capitals keep case */
	assert_int_equal(count_in(s, 0, "Eleve"), 2); /* Élève, Eleve */
	assert_int_equal(count_in("Ça, ça, Ç", 0, "ca"), 2);
	assert_int_equal(count_in("garçon naïf", 0, "garcon naif"), 1);
	assert_int_equal(count_in("Straße", 0, "strasse"), 1);
	assert_int_equal(count_in("ﬁn ﬂeur", 0, "fin fleur"), 1);
}

static void
nfd(void **state)
{
	(void)state;
	/* NFD input is read as NFC: it searches like NFC, and an NFD query too. */
	const char *nfd_text = "E\xCC\x81le\xCC\x80ve et e\xCC\x81te\xCC\x81";
	assert_int_equal(count_in(nfd_text, 0, "eleve"), 1);
	assert_int_equal(count_in(nfd_text, 0, "e\xCC\x81te\xCC\x81"), 1);
	assert_int_equal(count_in("élève", 0, "e\xCC\x81le\xCC\x80ve"), 1);
	struct doc *d = unit_doc(nfd_text, 0);
	assert_match_text(d, "eleve", 0, "Élève");
	doc_free(d);
	/* A mark with no precomposed form stays with its letter in the range. */
	d = raw_doc("xq\xCC\x81z");
	assert_match_text(d, "q", 0, "q\xCC\x81");
	assert_match_text(d, "xq", 0, "xq\xCC\x81");
	doc_free(d);
}

static void
ligatures(void **state)
{
	(void)state;
	const char *s = "cœur, Cœur, coeur, CŒUR, ex æquo, Æsope";
	assert_int_equal(count_in(s, 0, "coeur"), 4);
	assert_int_equal(count_in(s, 0, "cœur"), 4);
	assert_int_equal(count_in(s, 0, "Coeur"), 1);
	assert_int_equal(count_in(s, 0, "COEUR"), 1);
	assert_int_equal(count_in(s, 0, "aequo"), 1);
	assert_int_equal(count_in(s, 0, "aesope"), 1);
	/* Half a ligature matches, and the range is the whole character. */
	struct doc *d = raw_doc("cœur");
	assert_match_text(d, "oe", 0, "œ");
	assert_match_text(d, "e", 0, "œ");
	assert_match_text(d, "co", 0, "cœ");
	doc_free(d);
	/* Two matches inside one character make one range. */
	d = raw_doc("ß");
	struct search_match *m;
	assert_int_equal(find(d, "s", &m), 1);
	assert_int_equal(m[0].start, 0);
	assert_int_equal(m[0].end, 2);
	free(m);
	doc_free(d);
}

static void
apostrophes(void **state)
{
	(void)state;
	const char *s = "qu’il, qu'il, quʼil, qu il";
	assert_int_equal(count_in(s, 0, "qu'il"), 3);
	assert_int_equal(count_in(s, 0, "qu’il"), 3);
	assert_int_equal(count_in(s, 0, "quʼil"), 3);
	assert_int_equal(count_in("l’élève", 0, "l'eleve"), 1);
}

static void
spaces(void **state)
{
	(void)state;
	/* French spacing puts U+202F before ? and U+00A0 after « and before ». */
	const char *s = "Quoi? Il dit : «bonjour» et part.";
	struct doc *d = unit_doc(s, 1);
	assert_non_null(strstr(d->text, "\xE2\x80\xAF?"));
	assert_int_equal(count_doc(d, "quoi ?"), 1);
	doc_free(d);
	assert_int_equal(count_in(s, 1, "quoi ?"), 1);
	assert_int_equal(count_in(s, 1, "dit : « bonjour »"), 1);
	/* Typed as the source had it, without the spaces French spacing added. */
	assert_int_equal(count_in(s, 1, "dit  :   «bonjour»"), 1);
	assert_int_equal(count_in(s, 1, "dit  :   « bonjour »"), 1);
	assert_int_equal(count_in("a\xC2\xA0"
	                          "b a\xE2\x80\xAF"
	                          "b a \xC2\xA0 b",
	                          0, "a b"),
	                 3);
	/* Line ends kept in the text (verse) and runs of blanks. */
	struct doc *v = raw_doc("le vers un\nvers deux  \n  trois");
	assert_match_text(v, "un vers", 0, "un\nvers");
	assert_match_text(v, "deux trois", 0, "deux  \n  trois");
	/* A query space is the whole run; a query of spaces finds every run. */
	assert_int_equal(count_doc(v, " "), 6); /* and the '\n' after the block */
	doc_free(v);
}

static void
space_ranges(void **state)
{
	(void)state;
	struct doc *v = raw_doc("a  b\nc");
	struct search_match *m;
	assert_int_equal(find(v, " ", &m), 3);
	assert_int_equal(m[0].start, 1);
	assert_int_equal(m[0].end, 2);
	assert_int_equal(m[1].start, 4);
	assert_int_equal(m[2].start, 6);
	free(m);
	doc_free(v);
}

static void
hard_wrap(void **state)
{
	(void)state;
	/* A phrase across a hard-wrapped line end, joined by the parser. */
	const char *s = "Les deux plus mémorables barricades que l'observateur des\n"
	                "maladies sociales puisse mentionner n'appartiennent point à\n"
	                "la période où est placée l'action de ce livre ; elles sont\n"
	                "sorties de terre lors de la fatale insurrection de juin.\n";
	struct doc *d = unit_doc(s, 0);
	assert_match_text(d, "observateur des maladies", 0, "observateur des maladies");
	assert_match_text(d, "point a la periode", 0, "point à la période");
	doc_free(d);
}

static void
soft_hyphens(void **state)
{
	(void)state;
	struct doc *d = raw_doc("Un é\xC2\xADlè\xC2\xADve do\xC2\xAD cile.");
	assert_match_text(d, "eleve", 0, "é\xC2\xADlè\xC2\xADve");
	assert_match_text(d, "lev", 0, "lè\xC2\xADv");
	assert_int_equal(count_doc(d, "do cile"), 1);
	doc_free(d);
	/* A soft hyphen in the query is ignored too; only one is no query. */
	assert_int_equal(count_in("docile", 0,
	                          "do\xC2\xAD"
	                          "cile"),
	                 1);
	assert_null(search_compile("\xC2\xAD"));
}

static void
cjk(void **state)
{
	(void)state;
	struct doc *d = raw_doc("日本語のテキスト、한국어 텍스트");
	struct search_match *m;
	assert_int_equal(find(d, "本語", &m), 1);
	assert_int_equal(m[0].start, 3);
	assert_int_equal(m[0].end, 9);
	free(m);
	assert_match_text(d, "テキスト", 0, "テキスト");
	assert_match_text(d, "국어 텍", 0, "국어 텍");
	doc_free(d);
	/* Full-width Latin is compatibility-folded to ASCII. */
	assert_int_equal(count_in("ＡＢＣ ｄｅｆ", 0, "abc def"), 1);
}

static void
invalid_bytes(void **state)
{
	(void)state;
	struct buf clean = { 0 };
	struct text_info info;
	struct parse_opts o = { .format = FORMAT_TEXT, .typo = 0, .lang = "fr" };
	struct doc *d = doc_create("bad");
	const char *raw = "abc\xFF"
	                  "def \xC3\xA9l\xC3\xA8ve \xE2\x82";
	text_sanitize(raw, strlen(raw), "UTF-8", &clean, &info);
	parse_text(d, clean.data, clean.len, &o);
	buf_free(&clean);
	/* The repaired text holds U+FFFD, found by itself and by a bad query byte. */
	size_t nbad = 0;
	for (const char *p = d->text; (p = strstr(p, "\xEF\xBF\xBD")) != NULL; p += 3)
		nbad++;
	assert_true(nbad >= 2);
	assert_int_equal(count_doc(d, "\xEF\xBF\xBD"), nbad);
	assert_match_text(d,
	                  "c\xFF"
	                  "d",
	                  0,
	                  "c\xEF\xBF\xBD"
	                  "d");
	assert_match_text(d, "eleve", 0, "élève");
	doc_free(d);
}

static void
empty_and_long(void **state)
{
	(void)state;
	struct search_match *m = (struct search_match *)1;
	struct doc *d = raw_doc("ab");
	struct search_index *ix = search_index_create(d);
	assert_null(search_compile(""));
	assert_int_equal(search_all(ix, NULL, &m), 0);
	assert_null(m);
	struct search_query *q = search_compile("abcdef");
	assert_int_equal(search_all(ix, q, &m), 0);
	assert_null(m);
	search_query_free(q);
	search_index_free(ix);
	doc_free(d);
	/* An empty document. */
	d = unit_doc("", 0);
	assert_int_equal(count_doc(d, "a"), 0);
	doc_free(d);
	/* Matches do not overlap. */
	assert_int_equal(count_in("aaaa aaa", 0, "aa"), 3);
}

static void
smart_case(void **state)
{
	(void)state;
	const char *s = "Jean, jean, JEAN, Jeanne, jeannot, Étienne étienne";
	assert_int_equal(count_in(s, 0, "jean"), 5);
	assert_int_equal(count_in(s, 0, "Jean"), 2);
	assert_int_equal(count_in(s, 0, "JEAN"), 1);
	assert_int_equal(count_in(s, 0, "Etienne"), 1);
	assert_int_equal(count_in(s, 0, "etienne"), 2);
	struct search_query *q = search_compile("élÈve");
	assert_true(search_query_case_sensitive(q));
	search_query_free(q);
	q = search_compile("élève ’ 1");
	assert_false(search_query_case_sensitive(q));
	search_query_free(q);
}

/* Laying the document out, at any width, changes neither count nor ranges. */
static void
width_free(void **state)
{
	(void)state;
	const char *s = "Les deux plus mémorables barricades que l'observateur des\n"
	                "maladies sociales puisse mentionner n'appartiennent point à\n"
	                "la période où est placée l'action de ce livre ; elles sont\n"
	                "sorties de terre lors de la fatale insurrection de juin.\n";
	struct doc *d = unit_doc(s, 1);
	struct search_match *m0, *m;
	size_t n0 = find(d, "observateur des maladies", &m0), n;
	int widths[] = { 8, 13, 30, 72, 200 };
	assert_int_equal(n0, 1);
	for (size_t i = 0; i < sizeof widths / sizeof *widths; i++) {
		struct layout_opts lo = { widths[i], 1, 1, "fr" };
		struct layout *l = layout_create(d, &lo);
		n = find(d, "observateur des maladies", &m);
		assert_int_equal(n, n0);
		assert_memory_equal(m, m0, n * sizeof *m);
		free(m);
		assert_int_equal(count_in(s, 1, "insurrection"), 1);
		layout_free(l);
	}
	free(m0);
	doc_free(d);
}

static void
stepping(void **state)
{
	(void)state;
	struct search_match m[] = { { 5, 7 }, { 10, 12 }, { 20, 21 } };
	assert_int_equal(search_find(m, 3, 0, 0), 0);
	assert_int_equal(search_find(m, 3, 5, 0), 0);
	assert_int_equal(search_find(m, 3, 6, 0), 1);
	assert_int_equal(search_find(m, 3, 21, 0), 3);
	assert_int_equal(search_find(m, 3, 21, 1), 2);
	assert_int_equal(search_find(m, 3, 10, 1), 0);
	assert_int_equal(search_find(m, 3, 5, 1), 3);
	assert_int_equal(search_find(m, 0, 5, 0), 0);
	assert_int_equal(search_find(m, 0, 5, 1), 0);
}

static void
context(void **state)
{
	(void)state;
	const char *s = "Premier paragraphe.\n\nIl y avait une fois un\nélève qui lisait\n"
	                "beaucoup de livres dans la grande bibliothèque de la ville.\n\nFin.\n";
	struct doc *d = unit_doc(s, 0);
	struct search_match *m;
	struct buf out = { 0 };
	size_t a, b;
	assert_int_equal(find(d, "lisait", &m), 1);
	search_context(d, &m[0], 20, &out, &a, &b);
	assert_null(strchr(out.data, '\n'));
	assert_null(strstr(out.data, "Premier"));
	assert_null(strstr(out.data, "Fin"));
	assert_int_equal(b - a, 6);
	assert_memory_equal(out.data + a, "lisait", 6);
	assert_non_null(strstr(out.data, "élève qui lisait beaucoup"));
	assert_true(out.data[0] != ' ' && out.data[out.len - 1] != ' ');
	free(m);
	buf_free(&out);
	/* Section numbers: 0 before the first heading. */
	assert_int_equal(search_section_number(d, 0), 0);
	doc_free(d);
	d = unit_doc("avant tout\n\nCHAPITRE PREMIER\n\nle texte\n", 0);
	assert_int_equal(search_section_number(d, 0), 0);
	assert_int_equal(search_section_number(d, d->len - 3), 1);
	doc_free(d);
}

/*
 * Far into a long text (past many anchors of the index's map), matches
 * still map to whole characters, accented, expanded (ß = ss) or shrunk
 * (ﬁ = fi), after runs of spaces; and the interactive search finds the
 * same ranges as --grep, which maps a chunk at a time.
 */
static void
far_matches(void **state)
{
	(void)state;
	struct buf t = { 0 };
	for (int k = 0; k < 400; k++) {
		char line[160];
		snprintf(line, sizeof line,
		         "Ligne %d :%*s l\u2019\u00E9l\u00E8ve  Stra\u00DFe, %s \uFB01n.\n\n", k,
		         k % 7, "", k % 3 ? "c\u0153ur" : "coeur");
		buf_add(&t, line, strlen(line));
	}
	buf_add(&t, "", 0);
	struct doc *d = unit_doc(t.data, 0);
	const char *queries[] = {
		"eleve", "strasse", "fin", "coeur", "l'eleve straße", "ligne 399"
	};
	const char *want[] = {
		"\u00E9l\u00E8ve", "Stra\u00DFe", "\uFB01n", NULL, NULL, "Ligne 399"
	};
	for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
		struct search_match *m;
		size_t n = find(d, queries[q], &m);
		assert_int_equal(n, strcmp(queries[q], "ligne 399") == 0 ? 1 : 400);
		for (size_t i = 0; i < n && want[q] != NULL; i++)
			assert_memory_equal(d->text + m[i].start, want[q], strlen(want[q]));
		/* --grep: the same offsets, in its second column. */
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);
		assert_int_equal(search_grep(d, queries[q], f), (long)n);
		fclose(f);
		const char *p = out;
		for (size_t i = 0; i < n; i++) {
			p = strchr(p, '\t');
			assert_non_null(p);
			assert_int_equal(strtoul(p + 1, NULL, 10), m[i].start);
			p = strchr(p, '\n');
			assert_non_null(p);
		}
		free(out);
		free(m);
	}
	doc_free(d);
	buf_free(&t);
}

/*
 * The interactive search (one index, a walk per match, or one walk for a
 * query of one letter) and --grep (a chunk at a time) find the same
 * matches, start and end, on every text of the corpus.
 */
static void
same_as_grep(const struct doc *d, const char *query)
{
	struct search_match *m;
	size_t n = find(d, query, &m);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	long got = search_grep(d, query, f);
	fclose(f);
	assert_int_equal(got, n > 0 ? (long)n : 0);
	const char *p = out;
	for (size_t i = 0; i < n; i++) {
		/* SECTION TAB OFFSET TAB MATCH TAB CONTEXT */
		p = strchr(p, '\t');
		assert_non_null(p);
		char *e;
		unsigned long off = strtoul(p + 1, &e, 10);
		if (off != m[i].start)
			fail_msg("%s: \"%s\" match %zu at %zu, --grep says %lu", d->name, query, i,
			         m[i].start, off);
		/* The matched text, with its line ends as spaces, as long as the range. */
		const char *t = e + 1, *te = strchr(t, '\t');
		assert_non_null(te);
		size_t k = 0;
		for (size_t j = m[i].start; j < m[i].end; j++)
			k += !(j > m[i].start && (d->text[j] == '\n' || d->text[j] == ' ') &&
			       (d->text[j - 1] == '\n' || d->text[j - 1] == ' '));
		if ((size_t)(te - t) != k)
			fail_msg("%s: \"%s\" match %zu: %zu bytes, --grep has %zu", d->name, query,
			         i, k, (size_t)(te - t));
		p = strchr(te, '\n');
		assert_non_null(p);
	}
	free(out);
	free(m);
}

static void
interactive_as_grep(void **state)
{
	(void)state;
	static const char *const queries[] = { "e", "s", "o",      "'",     " ",
		                               "1", "-", "\u00E9", "eleve", "de la" };
	const char *corpus = getenv("CORPUS");
	char *pat = xasprintf("%s/*.txt", corpus && *corpus ? corpus : "../shared/corpus");
	glob_t g;
	msg_mute(1);
	assert_int_equal(glob(pat, 0, NULL, &g), 0);
	for (size_t k = 0; k < g.gl_pathc; k++) {
		struct parse_opts po = { .format = FORMAT_AUTO, .typo = 1, .lang = NULL };
		const char *err = NULL;
		struct doc *d = parse_load(g.gl_pathv[k], g.gl_pathv[k], NULL, &po, &err);
		assert_non_null(d);
		for (size_t q = 0; q < sizeof queries / sizeof *queries; q++)
			same_as_grep(d, queries[q]);
		doc_free(d);
	}
	globfree(&g);
	msg_mute(0);
	free(pat);

	/*
	 * Text that folds one to one, block after block of the index (ASCII
	 * with single spaces, Cyrillic): its matches map without a walk.
	 */
	struct buf t = { 0 };
	for (int k = 0; k < 600; k++)
		buf_adds(&t, k % 2 ? "the quick fox and the dog "
		                   : "\u043f\u043e\u0434 \u041f\u043e\u043b\u0435 fox ");
	struct doc *d = unit_doc(t.data, 0);
	static const char *const even[] = { "\u043f", "\u043f\u043e", "f", "fox", "the dog", " " };
	for (size_t q = 0; q < sizeof even / sizeof *even; q++)
		same_as_grep(d, even[q]);
	assert_int_equal(count_doc(d, "\u043f\u043e"), 600);
	doc_free(d);
	buf_free(&t);
}

/* A query typed as the source had it finds the text French spacing changed. */
static void
french_spacing(void **state)
{
	(void)state;
	const char *t = "Il dit oui! Et «bonjour». Title: Madame. Il est 12:30 ; fini ?\n";
	assert_int_equal(count_in(t, 1, "oui!"), 1);
	assert_int_equal(count_in(t, 1, "oui !"), 1);
	assert_int_equal(count_in(t, 1, "«bonjour»"), 1);
	assert_int_equal(count_in(t, 1, "« bonjour »"), 1);
	assert_int_equal(count_in(t, 1, "Title: Madame"), 1);
	assert_int_equal(count_in(t, 1, "12:30"), 1);
	assert_int_equal(count_in(t, 1, "fini?"), 1);
	/* What French spacing never touches is found as typed: times, URLs, code. */
	assert_int_equal(count_in("Voir http://exemple.fr/a?b=1 demain.\n", 1, "http:"), 1);
	assert_int_equal(count_in("Voir http://exemple.fr/a?b=1 demain.\n", 1, "a?b"), 1);
	/* Without French spacing the text is as typed, and so is the query. */
	assert_int_equal(count_in(t, 0, "oui!"), 1);
	assert_int_equal(count_in(t, 0, "Title: Madame"), 1);
}

/* In French Markdown, code is not spaced: typed as shown, it is found. */
static void
code_in_french_markdown(void **state)
{
	(void)state;
	const char *md = "Il dit oui! Voici :\n\n```\nkey: value\n```\n\nEt `a: b` aussi.\n";
	struct parse_opts o = { .format = FORMAT_MARKDOWN, .typo = 1, .lang = "fr" };
	struct doc *d = doc_create("md");
	parse_md(d, md, strlen(md), &o);
	assert_true(d->typo);
	assert_int_equal(count_doc(d, "key: value"), 1);
	assert_int_equal(count_doc(d, "a: b"), 1);
	assert_int_equal(count_doc(d, "oui!"), 1);
	assert_int_equal(count_doc(d, "Voici:"), 1);
	doc_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accents),
		cmocka_unit_test(nfd),
		cmocka_unit_test(ligatures),
		cmocka_unit_test(apostrophes),
		cmocka_unit_test(spaces),
		cmocka_unit_test(space_ranges),
		cmocka_unit_test(hard_wrap),
		cmocka_unit_test(soft_hyphens),
		cmocka_unit_test(cjk),
		cmocka_unit_test(invalid_bytes),
		cmocka_unit_test(empty_and_long),
		cmocka_unit_test(smart_case),
		cmocka_unit_test(width_free),
		cmocka_unit_test(stepping),
		cmocka_unit_test(context),
		cmocka_unit_test(far_matches),
		cmocka_unit_test(interactive_as_grep),
		cmocka_unit_test(french_spacing),
		cmocka_unit_test(code_in_french_markdown),
	};
	return cmocka_run_group_tests_name("search", tests, NULL, NULL);
}
