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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spacing),
		cmocka_unit_test(test_no_spacing),
		cmocka_unit_test(test_breaks),
		cmocka_unit_test(test_detect_lang),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
