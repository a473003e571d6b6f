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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spacing),
		cmocka_unit_test(test_no_spacing),
		cmocka_unit_test(test_breaks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
