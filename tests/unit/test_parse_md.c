/*
 * test_parse_md.c — Markdown into the document model: what --dump cannot
 * show (style spans and where they sit after French spacing moved the
 * text, block indents, hangs and quote depths) and the choice of format.
 */
#include "unit.h"

#include <stdlib.h>

#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"

static struct doc *
md_doc(const char *s, int typo)
{
	struct buf clean = { 0 };
	struct text_info info;
	struct parse_opts o = { .format = FORMAT_MARKDOWN, .typo = typo, .lang = "fr" };
	struct doc *d = doc_create("test.md");
	text_sanitize(s, strlen(s), NULL, &clean, &info);
	d->info = info;
	parse_md(d, clean.data ? clean.data : "", clean.len, &o);
	buf_free(&clean);
	return d;
}

/* The text of block b as a fresh string. */
static char *
block_text(const struct doc *d, size_t b)
{
	return xstrndup(d->text + d->blocks[b].start, d->blocks[b].end - d->blocks[b].start);
}

/* The text under the k-th span of block b. */
static char *
span_text(const struct doc *d, size_t b, size_t k, unsigned *style)
{
	const struct span *sp = &d->spans[d->blocks[b].span0 + k];
	*style = sp->style;
	return xstrndup(d->text + sp->start, sp->end - sp->start);
}

static void
test_no_markup(void **state)
{
	(void)state;
	struct doc *d = md_doc("# Titre\n\nDu *a* et du **b** et `c`.\n", 0);
	assert_int_equal(d->nblocks, 2);
	assert_int_equal(d->blocks[0].kind, BLOCK_HEADING);
	assert_int_equal(d->blocks[0].level, 1);
	assert_string_equal(d->text, "Titre\nDu a et du b et c.\n");
	assert_string_equal(d->title, "Titre");
	doc_free(d);
}

static void
test_spans_follow_typo(void **state)
{
	(void)state;
	unsigned st;
	struct doc *d =
	        md_doc("**Attention** ! Voir `x ; y` et [le site](https://e.fr/a?b) :\n", 1);
	char *t = block_text(d, 0);
	assert_string_equal(t, "Attention" NNBSP "! Voir x ; y et le site" NBSP ":");
	free(t);
	assert_int_equal(d->blocks[0].nspans, 3);
	t = span_text(d, 0, 0, &st);
	assert_string_equal(t, "Attention");
	assert_int_equal(st, STYLE_BOLD);
	free(t);
	t = span_text(d, 0, 1, &st);
	assert_string_equal(t, "x ; y"); /* code keeps its own spacing */
	assert_int_equal(st, STYLE_CODE);
	free(t);
	t = span_text(d, 0, 2, &st);
	assert_string_equal(t, "le site");
	assert_int_equal(st, STYLE_LINK);
	assert_string_equal(d->strings.data + d->spans[d->blocks[0].span0 + 2].href,
	                    "https://e.fr/a?b");
	free(t);
	/* The target is listed after the paragraph. */
	assert_int_equal(d->nblocks, 2);
	t = block_text(d, 1);
	assert_string_equal(t, "→" NBSP "https://e.fr/a?b");
	free(t);
	doc_free(d);
}

static void
test_nested_styles(void **state)
{
	(void)state;
	unsigned st;
	struct doc *d = md_doc("a ***b*** c\n", 0);
	assert_int_equal(d->blocks[0].nspans, 2);
	unsigned all = 0;
	for (size_t k = 0; k < 2; k++) {
		char *t = span_text(d, 0, k, &st);
		assert_string_equal(t, "b");
		all |= st;
		free(t);
	}
	assert_int_equal(all, STYLE_BOLD | STYLE_ITALIC);
	doc_free(d);
}

static void
test_autolink_not_repeated(void **state)
{
	(void)state;
	struct doc *d = md_doc("Voir https://e.fr/x?a=1:2 ou <moi@e.fr>.\n", 1);
	assert_int_equal(d->nblocks, 1);
	char *t = block_text(d, 0);
	assert_string_equal(t, "Voir https://e.fr/x?a=1:2 ou moi@e.fr.");
	free(t);
	doc_free(d);
}

static void
test_tight_list_one_block(void **state)
{
	(void)state;
	struct doc *d = md_doc("- un\n- deux\n  - trois\n", 0);
	assert_int_equal(d->nblocks, 2);
	char *t = block_text(d, 0);
	assert_string_equal(t, "•" NBSP "un\n•" NBSP "deux");
	free(t);
	assert_int_equal(d->blocks[0].indent, 0);
	assert_int_equal(d->blocks[0].hang, 2);
	assert_int_equal(d->blocks[1].indent, 2);
	assert_int_equal(d->blocks[1].hang, 2);
	doc_free(d);
}

static void
test_numbers_aligned(void **state)
{
	(void)state;
	struct doc *d = md_doc("9. neuf\n10. dix\n", 0);
	char *t = block_text(d, 0);
	assert_string_equal(t, "\xE2\x80\x87"
	                       "9." NBSP "neuf\n10." NBSP "dix");
	free(t);
	assert_int_equal(d->blocks[0].hang, 4);
	doc_free(d);
}

static void
test_quotes_and_code(void **state)
{
	(void)state;
	struct doc *d = md_doc("> a\n>\n> > b\n\n```\n  x ; y\n```\n\n---\n", 1);
	assert_int_equal(d->nblocks, 4);
	assert_int_equal(d->blocks[0].quote, 1);
	assert_int_equal(d->blocks[1].quote, 2);
	assert_int_equal(d->blocks[2].kind, BLOCK_CODE);
	char *t = block_text(d, 2);
	assert_string_equal(t, "  x ; y");
	free(t);
	assert_int_equal(d->blocks[3].kind, BLOCK_RULE);
	assert_int_equal(d->blocks[3].end, d->blocks[3].start);
	doc_free(d);
}

static void
test_table_rows(void **state)
{
	(void)state;
	struct doc *d = md_doc("| a | bb |\n|---|---:|\n| ccc | d |\n", 0);
	assert_int_equal(d->nblocks, 1);
	assert_int_equal(d->blocks[0].kind, BLOCK_LINES);
	char *t = block_text(d, 0);
	assert_string_equal(t, "a   │ bb\n────┼───\nccc │ " NBSP "d");
	free(t);
	doc_free(d);
}

static void
test_guess_format(void **state)
{
	(void)state;
	const char *md = "# Titre\n\nDu **gras**.\n";
	const char *txt = "# Pas du Markdown\n\nUn texte avec une étoile * seule.\n";
	assert_int_equal(parse_guess_format("a.md", "", 0), FORMAT_MARKDOWN);
	assert_int_equal(parse_guess_format("a.MARKDOWN", "", 0), FORMAT_MARKDOWN);
	assert_int_equal(parse_guess_format("(stdin)", md, strlen(md)), FORMAT_MARKDOWN);
	assert_int_equal(parse_guess_format("a.txt", md, strlen(md)), FORMAT_TEXT);
	assert_int_equal(parse_guess_format("(stdin)", txt, strlen(txt)), FORMAT_TEXT);
	assert_int_equal(parse_guess_format("(stdin)", "Du **gras**.\n", 13), FORMAT_TEXT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_markup),
		cmocka_unit_test(test_spans_follow_typo),
		cmocka_unit_test(test_nested_styles),
		cmocka_unit_test(test_autolink_not_repeated),
		cmocka_unit_test(test_tight_list_one_block),
		cmocka_unit_test(test_numbers_aligned),
		cmocka_unit_test(test_quotes_and_code),
		cmocka_unit_test(test_table_rows),
		cmocka_unit_test(test_guess_format),
	};
	return cmocka_run_group_tests_name("parse_md", tests, NULL, NULL);
}
