/*
 * test_hyph.c — hyphenation points: French patterns through libhyphen,
 * capitals lowercased first, code-point indexing mapped back to bytes,
 * the two-before/three-after minimums counted between apostrophes, the
 * per-word cache, and a missing dictionary that is a notice, not a failure.
 */
#include "unit.h"

#include <stdlib.h>

#include "hyph.h"

/* The word w with '-' at its points. */
static char *
marked(struct hyph *h, const char *w)
{
	uint16_t pts[HYPH_MAX_POINTS];
	size_t n = strlen(w), np = hyph_points(h, w, n, pts), k = 0;
	char *out = malloc(n + np + 1), *o = out;
	for (size_t i = 0; i <= n; i++) {
		if (k < np && pts[k] == i) {
			*o++ = '-';
			k++;
		}
		if (i < n)
			*o++ = w[i];
	}
	*o = '\0';
	return out;
}

static void
check(struct hyph *h, const char *w, const char *want)
{
	char *got = marked(h, w);
	assert_string_equal(got, want);
	free(got);
}

static void
test_french_points(void **state)
{
	(void)state;
	struct hyph *h = hyph_open("fr");
	assert_non_null(h);
	check(h, "anticonstitutionnellement", "an-ti-cons-ti-tu-tion-nel-le-ment");
	check(h, "évènement", "évè-ne-ment");
	check(h, "désœuvrement", "dés-œu-vre-ment");
	/* Capitals are lowercased for the patterns; offsets stay the word's. */
	check(h, "ANTICONSTITUTIONNELLEMENT", "AN-TI-CONS-TI-TU-TION-NEL-LE-MENT");
	check(h, "Évènement", "Évè-ne-ment");
	/* Cached: the same answer twice. */
	check(h, "anticonstitutionnellement", "an-ti-cons-ti-tu-tion-nel-le-ment");
	hyph_close(h);
}

static void
test_minimums_and_apostrophes(void **state)
{
	(void)state;
	struct hyph *h = hyph_open("fr");
	/* Never "l’-", never "aujour-d’hui"; the part after the apostrophe counts. */
	check(h, "l’anticonstitutionnellement", "l’an-ti-cons-ti-tu-tion-nel-le-ment");
	check(h, "l'anticonstitutionnellement", "l'an-ti-cons-ti-tu-tion-nel-le-ment");
	check(h, "aujourd’hui", "au-jourd’hui");
	/* Short words have no point at all. */
	check(h, "porte", "porte");
	check(h, "élève", "élève");
	check(h, "ami", "ami");
	hyph_close(h);
}

static void
test_missing_dictionary(void **state)
{
	(void)state;
	/* A notice on stderr, no patterns, and no points — never a failure. */
	struct hyph *h = hyph_open("xx");
	assert_null(h);
	uint16_t pts[HYPH_MAX_POINTS];
	assert_int_equal(hyph_points(NULL, "anticonstitutionnellement", 25, pts), 0);
	/* A regional variant falls back to the language. */
	h = hyph_open("fr_FR");
	assert_non_null(h);
	hyph_close(h);
}

static void
test_word_chars(void **state)
{
	(void)state;
	assert_true(hyph_is_word_char('a'));
	assert_true(hyph_is_word_char(0xE9));   /* é */
	assert_true(hyph_is_word_char(0x153));  /* œ */
	assert_true(hyph_is_word_char(0x2019)); /* ’ */
	assert_false(hyph_is_word_char('-'));
	assert_false(hyph_is_word_char('1'));
	assert_false(hyph_is_word_char(0xD7)); /* × */
	assert_false(hyph_is_word_char(0xAD)); /* soft hyphen */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_french_points),
		cmocka_unit_test(test_minimums_and_apostrophes),
		cmocka_unit_test(test_missing_dictionary),
		cmocka_unit_test(test_word_chars),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
