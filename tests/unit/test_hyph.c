/*
 * test_hyph.c — hyphenation points: French patterns through libhyphen,
 * capitals lowercased first, code-point indexing mapped back to bytes,
 * the two-before/three-after minimums counted between apostrophes, the
 * per-word cache (shared by the threads that use the same patterns), and a
 * missing dictionary that is a notice, not a failure.
 */
#include "unit.h"

#include <pthread.h>
#include <stdio.h>
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

/* Made-up words of 2 to 7 syllables: enough to grow the table, some long. */
enum { NWORDS = 12000 };
static const char *const syllables[] = {
	"ca", "pi", "ton", "né", "ment", "tri", "bu", "ro", "chan", "gé", "l’", "stra", "œu", "vre",
};
static char words[NWORDS][64];

static void
make_words(void)
{
	const size_t ns = sizeof syllables / sizeof *syllables;
	for (size_t i = 0; i < NWORDS; i++) {
		size_t k = i, len = 0;
		int nsyl = 2 + (int)(i % 6);
		for (int m = 0; m < nsyl || k > 0; m++) {
			const char *sy = syllables[k % ns];
			k /= ns;
			len += (size_t)snprintf(words[i] + len, sizeof words[i] - len, "%s", sy);
		}
	}
}

struct run {
	struct hyph *h;
	int backwards;
	size_t np[NWORDS];
	uint16_t pts[NWORDS][HYPH_MAX_POINTS];
};

/* Every word, three times over, in the order of the run, prefetched as layout does. */
static void *
look_up(void *arg)
{
	struct run *r = arg;
	for (int pass = 0; pass < 3; pass++) {
		for (size_t k = 0; k < NWORDS; k++) {
			size_t i = r->backwards ? NWORDS - 1 - k : k;
			size_t n = strlen(words[i]);
			hyph_prefetch(r->h, words[i], n);
			r->np[i] = hyph_points(r->h, words[i], n, r->pts[i]);
		}
	}
	return NULL;
}

static void
same_points(const struct run *a, const struct run *b)
{
	for (size_t i = 0; i < NWORDS; i++) {
		assert_int_equal(a->np[i], b->np[i]);
		assert_memory_equal(a->pts[i], b->pts[i], a->np[i] * sizeof a->pts[i][0]);
	}
}

static void
test_shared_cache(void **state)
{
	(void)state;
	make_words();
	/* One alone, with the patterns to itself. */
	struct run *alone = calloc(1, sizeof *alone), *r[2];
	alone->h = hyph_open("fr");
	assert_non_null(alone->h);
	look_up(alone);
	hyph_close(alone->h);
	size_t some = 0;
	for (size_t i = 0; i < NWORDS; i++)
		some += alone->np[i] > 0 && strlen(words[i]) > 16;
	assert_true(some > 100); /* long words, kept aside, are met too */

	/* Two threads, a struct hyph each, of the same patterns: one cache. */
	pthread_t t[2];
	for (int k = 0; k < 2; k++) {
		r[k] = calloc(1, sizeof *r[k]);
		r[k]->h = hyph_open("fr");
		r[k]->backwards = k;
		assert_int_equal(pthread_create(&t[k], NULL, look_up, r[k]), 0);
	}
	for (int k = 0; k < 2; k++) {
		assert_int_equal(pthread_join(t[k], NULL), 0);
		same_points(alone, r[k]);
	}

	/* Closing one leaves the other, and the words cached, working. */
	hyph_close(r[0]->h);
	memset(r[1]->np, 0, sizeof r[1]->np);
	look_up(r[1]);
	same_points(alone, r[1]);
	check(r[1]->h, "anticonstitutionnellement", "an-ti-cons-ti-tu-tion-nel-le-ment");
	hyph_close(r[1]->h);
	free(r[0]);
	free(r[1]);
	free(alone);
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
	/* An apostrophe at an end is a quote: the word's end is still its end. */
	check(h, "packages", "pa-ckages");
	check(h, "packages'", "pa-ckages'");
	check(h, "packages’", "pa-ckages’");
	check(h, "'anticonstitutionnellement'", "'an-ti-cons-ti-tu-tion-nel-le-ment'");
	check(h, "ʼ’anticonstitutionnellementʼ",
	      "ʼ’an-ti-cons-ti-tu-tion-nel-le-ment"
	      "ʼ");
	check(h, "''''", "''''");
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
		cmocka_unit_test(test_shared_cache),
		cmocka_unit_test(test_missing_dictionary),
		cmocka_unit_test(test_word_chars),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
