/*
 * test_typo.c — French spacing (the no-break spaces typo_apply puts before
 * ; : ! ? » and after «, and where it must not: URLs, times, code-like
 * tokens) and the break rules typo_fix_breaks lays over UAX #14.
 */
#include "unit.h"

#include <stdlib.h>

#include <unilbrk.h>

#include "typo.h"

#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"

static void
check(const char *in, const char *want)
{
	struct buf out = { 0 };
	typo_apply(&out, in, strlen(in));
	assert_string_equal(out.data, want);
	buf_free(&out);
}

static void
test_spacing(void **state)
{
	(void)state;
	check("Quoi ? Vraiment !", "Quoi" NNBSP "? Vraiment" NNBSP "!");
	check("Il dit : oui ; non", "Il dit" NBSP ": oui" NNBSP "; non");
	check("« Bonjour »", "«" NBSP "Bonjour" NBSP "»");
	check("«Bonjour»", "«" NBSP "Bonjour" NBSP "»");
	check("Quoi?", "Quoi" NNBSP "?");
	/* Already right: unchanged. */
	check("Quoi" NNBSP "?", "Quoi" NNBSP "?");
}

static void
test_no_spacing(void **state)
{
	(void)state;
	check("à 12:30 précises", "à 12:30 précises");
	check("http://x.fr/?a=1;b=2", "http://x.fr/?a=1;b=2");
	check("a!important", "a!important");
}

/* The breaks of s after the French rules: a string of '|' where one is allowed. */
static char *
breaks(const char *s)
{
	size_t n = strlen(s);
	char *b = malloc(n + 1), *out = malloc(n + 1);
	u8_possible_linebreaks((const uint8_t *)s, n, "UTF-8", b);
	typo_fix_breaks(s, n, b);
	for (size_t i = 0; i < n; i++)
		out[i] = b[i] == UC_BREAK_POSSIBLE ? '|' : '.';
	out[n] = '\0';
	free(b);
	return out;
}

/* Is a break allowed before the byte at the first occurrence of at in s? */
static int
allowed(const char *s, const char *at)
{
	char *b = breaks(s);
	int ok = b[strstr(s, at) - s] == '|';
	free(b);
	return ok;
}

static void
test_breaks(void **state)
{
	(void)state;
	/* libunistring allows these with plain spaces; French does not. */
	assert_false(allowed("dit « oui » alors", "oui"));
	assert_false(allowed("dit « oui » alors", "»"));
	assert_true(allowed("dit « oui » alors", "alors"));
	assert_true(allowed("dit « oui » alors", "«"));
	assert_false(allowed("quoi ? non", "?"));
	assert_false(allowed("voici : la", ":"));
	assert_false(allowed("mot ; autre", ";"));
	/* Never at or after a no-break space. */
	assert_false(allowed("10" NBSP "000 euros", "000"));
	assert_false(allowed("Quoi" NNBSP "? Oui", "?"));
	assert_true(allowed("Quoi" NNBSP "? Oui", "Oui"));
	/* An inverted pronoun stays with its verb; a compound still breaks. */
	assert_false(allowed("dit-il alors", "il"));
	assert_false(allowed("ajouta-t-il", "t-"));
	assert_false(allowed("ajouta-t-il", "il"));
	assert_false(allowed("celui-ci", "ci"));
	assert_false(allowed("DIT-IL", "IL"));
	assert_true(allowed("porte-monnaie", "monnaie"));
	assert_true(allowed("un week-end", "end"));
}

/* The language is told by whole function words: after a blank or the start, before ' ' or ','. */
static void
test_detect_lang(void **state)
{
	(void)state;
	assert_string_equal(typo_detect_lang("", 0), "fr");
	const char *en = "the cat and the dog, of which the one is to go with that, was the";
	assert_string_equal(typo_detect_lang(en, strlen(en)), "en");
	const char *de = "der Hund und die Katze, das ist nicht mit ein Hund, der die";
	assert_string_equal(typo_detect_lang(de, strlen(de)), "de");
	const char *fr = "le chat et la souris, les chats qui dans une maison que le the and of";
	assert_string_equal(typo_detect_lang(fr, strlen(fr)), "fr");
	/* Not whole words: after a comma or inside a word, at a line end or at the end. */
	const char *none = "x,the xthe the\nthe.and ,and ,and ,and ,and ,and and";
	assert_string_equal(typo_detect_lang(none, strlen(none)), "fr");
	/* A line end starts a word. */
	const char *lines = "x\nthe a\nthe b\nand c\nof d\nis e\nto f";
	assert_string_equal(typo_detect_lang(lines, strlen(lines)), "en");
}

/* typo_conventions() of s, in French or not; italics as [brackets]. */
static void
conv(const char *s, int french, const char *want)
{
	struct buf out = { 0 }, shown = { 0 };
	struct typo_range *r = NULL;
	size_t cap = 0, n = strlen(s);
	assert_int_equal(typo_conventions_needed(s, n, french),
	                 strstr(s, "--") != NULL || strchr(s, '_') != NULL ||
	                         (french && (strstr(s, "—") || strstr(s, "–"))));
	size_t nr = typo_conventions(&out, s, n, french, &r, &cap);
	size_t k = 0;
	for (size_t i = 0; i <= out.len; i++) {
		if (k < nr && r[k].end == i)
			buf_addc(&shown, ']'), k++;
		if (k < nr && r[k].start == i)
			buf_addc(&shown, '[');
		if (i < out.len)
			buf_addc(&shown, out.data[i]);
	}
	buf_add(&shown, "", 0);
	assert_string_equal(shown.data, want);
	buf_free(&out);
	buf_free(&shown);
	free(r);
}

/* Gutenberg's "--" and "_italics_", and the French rules around dashes. */
static void
test_conventions(void **state)
{
	(void)state;
	/* A dialogue dash holds on to what it opens, after a sentence or at the start. */
	conv("--Oui, dit-il.", 1, "—" NBSP "Oui, dit-il.");
	conv("-- Restez donc.", 1, "—" NBSP "Restez donc.");
	conv("nouvelle. -- Restez", 1, "nouvelle. —" NBSP "Restez");
	conv("ses amis.--Chose", 1, "ses amis. —" NBSP "Chose");
	/* Between words: opens an incise, and the next dash closes it. */
	conv("Livre premier--La guerre", 1, "Livre premier —" NBSP "La guerre");
	conv("il vint -- seul -- hier", 1, "il vint —" NBSP "seul" NBSP "— hier");
	conv("son coeur, -- étant", 1, "son coeur, —" NBSP "étant");
	/* Before a mark or the end: closes. */
	conv("il vint--, puis", 1, "il vint" NBSP "—, puis");
	/* A spaced dash the text has gets the same rules; an unspaced one is left. */
	conv("il vint — seul — hier", 1, "il vint —" NBSP "seul" NBSP "— hier");
	conv("pages 10–20", 1, "pages 10–20");
	/* Not French: the dash, and the text's own spacing. */
	conv("one--the old", 0, "one—the old");
	conv("one -- the old", 0, "one — the old");
	/* Not dashes: options, rules, arrows, a signature mark. */
	conv("lancez liseuse --help ou --no-typo=1", 1, "lancez liseuse --help ou --no-typo=1");
	conv("a --- b <-- c --> d", 1, "a --- b <-- c --> d");
	conv("fin\n-- \nsignature", 1, "fin\n-- \nsignature");
	/* Italics between underscores, not inside identifiers. */
	conv("le _Quos ego_, une", 1, "le [Quos ego], une");
	conv("_Amor nel cor_" NNBSP "!", 1, "[Amor nel cor]" NNBSP "!");
	conv("__init__ et nom_de_fichier et _x", 1, "__init__ et nom_de_fichier et _x");
	conv("(_a_) _b c_.", 0, "([a]) [b c].");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spacing),     cmocka_unit_test(test_no_spacing),
		cmocka_unit_test(test_breaks),      cmocka_unit_test(test_detect_lang),
		cmocka_unit_test(test_conventions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
