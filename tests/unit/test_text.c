/*
 * test_text.c — loading and repair (text_sanitize) and grapheme widths:
 * every promise of PRODUCT.md's "Input hygiene", byte for byte.
 */
#include "unit.h"

#include <stdlib.h>

/* Sanitize s[0..n) with encoding; the result, owned by the caller. */
static char *
clean(const char *s, size_t n, const char *encoding, struct text_info *info)
{
	struct buf out = { 0 };
	struct text_info tmp;
	assert_int_equal(text_sanitize(s, n, encoding, &out, info ? info : &tmp), 0);
	return out.data;
}

#define CHECK_CLEAN(in, want)                                                                      \
	do {                                                                                       \
		char *got_ = clean(in, sizeof in - 1, NULL, NULL);                                 \
		assert_string_equal(got_, want);                                                   \
		free(got_);                                                                        \
	} while (0)

static void
utf8_valid_kept(void **state)
{
	(void)state;
	struct text_info info;
	const char in[] = "Élève « ça » l’été — 日本 😀\n";
	char *s = clean(in, sizeof in - 1, NULL, &info);
	assert_string_equal(s, in);
	assert_string_equal(info.encoding, "UTF-8");
	assert_int_equal(info.guessed, 0);
	assert_int_equal(info.invalid, 0);
	assert_int_equal(info.controls, 0);
	free(s);
}

static void
utf8_few_bad_bytes_become_fffd(void **state)
{
	(void)state;
	struct text_info info;
	const char in[] = "été à côté \xff déjà";
	char *s = clean(in, sizeof in - 1, NULL, &info);
	assert_string_equal(s, "été à côté \xef\xbf\xbd déjà");
	assert_int_equal(info.guessed, 0);
	assert_int_equal(info.invalid, 1);
	assert_string_equal(info.encoding, "UTF-8");
	free(s);
}

static void
latin1_guessed(void **state)
{
	(void)state;
	struct text_info info;
	const char in[] = "\xe9t\xe9 \xe0 c\xf4t\xe9";
	char *s = clean(in, sizeof in - 1, NULL, &info);
	assert_string_equal(s, "été à côté");
	assert_int_equal(info.guessed, 1);
	assert_string_equal(info.encoding, "Windows-1252");
	free(s);
}

/*
 * UTF-8 broken on purpose, as Markus Kuhn's stress test is: more bad bytes
 * than valid sequences, but none of them a letter inside a word (a stray
 * continuation, an overlong '/', a surrogate, 0xFE).  It stays UTF-8.
 */
static void
utf8_many_bad_bytes_stays_utf8(void **state)
{
	(void)state;
	struct text_info info;
	const char in[] = "été « à » \x80\xbf \xc0\xaf \xed\xa0\x80 \xfe";
	char *s = clean(in, sizeof in - 1, NULL, &info);
	assert_string_equal(info.encoding, "UTF-8");
	assert_int_equal(info.guessed, 0);
	assert_int_equal(info.invalid, 8);
	assert_string_equal(s, "été « à » \xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd "
	                       "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd");
	free(s);
}

/*
 * Windows-1252 French: accented letters inside words, and one pair that
 * happens to be valid UTF-8 ("É»" is 0xC9 0xBB, U+027B): still Windows-1252.
 */
static void
cp1252_with_chance_sequence(void **state)
{
	(void)state;
	struct text_info info;
	const char in[] = "Caf\xe9s et th\xe9 : \xc9\xbb";
	char *s = clean(in, sizeof in - 1, NULL, &info);
	assert_string_equal(s, "Cafés et thé : É»");
	assert_int_equal(info.guessed, 1);
	assert_string_equal(info.encoding, "Windows-1252");
	free(s);
}

static void
cp1252_specials(void **state)
{
	(void)state;
	/* 0x80 euro, 0x9C oe ligature, 0x92 right quote, 0x85 ellipsis. */
	CHECK_CLEAN("\x80 \x9c"
	            "uvre l\x92"
	            "a\x85",
	            "€ œuvre l’a…");
}

static void
encoding_explicit(void **state)
{
	(void)state;
	struct text_info info;
	const char in[] = "\xe9t\xe9";
	char *s = clean(in, sizeof in - 1, "UTF-8", &info);
	assert_string_equal(s, "\xef\xbf\xbdt\xef\xbf\xbd");
	assert_int_equal(info.invalid, 2);
	assert_int_equal(info.guessed, 0);
	free(s);
	s = clean(in, sizeof in - 1, "windows-1252", &info);
	assert_string_equal(s, "été");
	assert_int_equal(info.guessed, 0);
	free(s);
	/* Any iconv encoding: ISO-8859-15 has the euro at 0xA4. */
	s = clean("\xa4", 1, "ISO-8859-15", &info);
	assert_string_equal(s, "€");
	free(s);
}

static void
encoding_unknown_fails(void **state)
{
	(void)state;
	struct buf out = { 0 };
	struct text_info info;
	assert_int_equal(text_sanitize("abc", 3, "NO-SUCH-ENCODING-42", &out, &info), -1);
	buf_free(&out);
}

static void
bom_dropped(void **state)
{
	(void)state;
	CHECK_CLEAN("\xef\xbb\xbf"
	            "abc\n",
	            "abc\n");
	/* Only a leading BOM: elsewhere U+FEFF is text. */
	CHECK_CLEAN("a\xef\xbb\xbf", "a\xef\xbb\xbf");
}

static void
line_ends(void **state)
{
	(void)state;
	CHECK_CLEAN("a\r\nb\rc\nd\r\n\r\ne", "a\nb\nc\nd\n\ne");
	CHECK_CLEAN("\r\r\n", "\n\n");
}

static void
nfd_becomes_nfc(void **state)
{
	(void)state;
	CHECK_CLEAN("e\xcc\x81t\xc3\xa9", "\xc3\xa9t\xc3\xa9");
	CHECK_CLEAN("E\xcc\x81le\xcc\x80ve", "Élève");
	/* A combining mark after an ASCII run on a later line still composes. */
	CHECK_CLEAN("abc\nde\xcc\x81", "abc\ndé");
}

/* No byte a terminal acts on: nothing below 0x20 but '\n', no DEL, no C1. */
static void
assert_safe(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		assert_true(*p >= 0x20 || *p == '\n');
		assert_true(*p != 0x7f);
		if (p[0] == 0xc2)
			assert_false(p[1] >= 0x80 && p[1] < 0xa0);
	}
}

static void
controls_visible(void **state)
{
	(void)state;
	struct text_info info;
	const char in[] = "a\x1b[31mrouge\x1b[0m\x07\x7f\x01z\xc2\x9b"
	                  "2J";
	char *s = clean(in, sizeof in - 1, NULL, &info);
	assert_string_equal(s, "a␛[31mrouge␛[0m␇␡␁z␛[2J");
	assert_int_equal(info.controls, 6);
	assert_safe(s);
	free(s);
}

static void
nul_visible(void **state)
{
	(void)state;
	const char in[] = "a\0b";
	char *s = clean(in, sizeof in - 1, NULL, NULL);
	assert_string_equal(s, "a␀b");
	free(s);
}

static void
tabs_expand(void **state)
{
	(void)state;
	CHECK_CLEAN("a\tb", "a       b");
	CHECK_CLEAN("\tx\n1234567\ty", "        x\n1234567 y");
	/* Columns count characters, not bytes. */
	CHECK_CLEAN("été\tx", "été     x");
}

static void
clusters(void **state)
{
	(void)state;
	const char nfd[] = "e\xcc\x81x";
	assert_int_equal(text_cluster_end(nfd, sizeof nfd - 1, 0), 3);
	assert_int_equal(text_cluster_width(nfd, 3), 1);
	assert_int_equal(text_width(nfd, sizeof nfd - 1), 2);

	/* A ZWJ family is one cluster, two columns. */
	const char fam[] = "👨‍👩‍👧x";
	size_t e = text_cluster_end(fam, sizeof fam - 1, 0);
	assert_int_equal(e, sizeof fam - 2);
	assert_int_equal(text_cluster_width(fam, e), 2);

	/* A flag (two regional indicators) is one cluster. */
	const char flag[] = "🇫🇷";
	assert_int_equal(text_cluster_end(flag, sizeof flag - 1, 0), sizeof flag - 1);
}

static void
widths(void **state)
{
	(void)state;
	assert_int_equal(text_width("abc", 3), 3);
	assert_int_equal(text_width("日本", strlen("日本")), 4);
	assert_int_equal(text_width("😀", strlen("😀")), 2);
	/* Emoji presentation selector makes a text-default symbol wide. */
	assert_int_equal(text_width("❤\xef\xb8\x8f", strlen("❤\xef\xb8\x8f")), 2);
	assert_int_equal(text_width("é", strlen("é")), 1);
	assert_int_equal(text_width("l’été « x »", strlen("l’été « x »")), 11);

	size_t fit;
	assert_int_equal(text_width_fit("ab日本", strlen("ab日本"), 3, &fit), 2);
	assert_int_equal(fit, 2);
	assert_int_equal(text_width_fit("ab日本", strlen("ab日本"), 4, &fit), 4);
	assert_int_equal(fit, strlen("ab日"));
}

static void
decode(void **state)
{
	(void)state;
	size_t len;
	assert_int_equal(text_decode("é", 2, &len), 0xe9);
	assert_int_equal(len, 2);
	assert_int_equal(text_decode("😀", 4, &len), 0x1f600);
	assert_int_equal(len, 4);
}

/*
 * text_adopt() takes the bytes as they are exactly when text_sanitize()
 * would copy them unchanged, on one thread and on two (2 MB).
 */
static int
adopts(const char *s, size_t n, const char *encoding)
{
	struct buf raw = { 0 }, out = { 0 }, want = { 0 };
	struct text_info info, winfo;
	buf_add(&raw, s, n);
	int taken = text_adopt(&raw, encoding, &out, &info);
	if (taken) {
		assert_null(raw.data);
		assert_int_equal(text_sanitize(s, n, encoding, &want, &winfo), 0);
		assert_int_equal(out.len, want.len);
		assert_memory_equal(out.data, want.data, n);
		assert_string_equal(info.encoding, winfo.encoding);
		assert_int_equal(info.invalid + info.controls + (size_t)info.guessed, 0);
	} else {
		assert_int_equal(raw.len, n);
		assert_null(out.data);
	}
	buf_free(&raw);
	buf_free(&out);
	buf_free(&want);
	return taken;
}

static void
adopt_only_clean(void **state)
{
	(void)state;
	const char *ok = "Élève « ça » l’été — 日本 😀\nsecond line\n\nno final line end";
	assert_true(adopts(ok, strlen(ok), NULL));
	assert_true(adopts(ok, strlen(ok), "utf8"));
	assert_false(adopts(ok, strlen(ok), "WINDOWS-1252"));
	assert_false(adopts("", 0, NULL));
	const char *bad[] = { "\xEF\xBB\xBF"
		              "bom\n",
		              "crlf\r\nx\n",
		              "cr\rx\n",
		              "tab\tx\n",
		              "esc\x1b[1m\n",
		              "bad \xff byte\n",
		              "latin \xe9t\xe9\n",
		              "nfd e\xCC\x81\n",
		              "c1 \xC2\x9B\n" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_false(adopts(bad[i], strlen(bad[i]), NULL));
	/* Big: the two halves are checked apart, a flaw in either one counts. */
	size_t line = strlen(ok) + 1, n = 0, big = 2u << 20;
	char *s = malloc(big + line);
	while (n < big) {
		memcpy(s + n, ok, line - 1);
		s[n + line - 1] = '\n';
		n += line;
	}
	assert_true(adopts(s, n, NULL));
	s[n - 10] = '\t';
	assert_false(adopts(s, n, NULL));
	s[n - 10] = 'x';
	s[10] = '\r';
	assert_false(adopts(s, n, NULL));
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_valid_kept),
		cmocka_unit_test(utf8_few_bad_bytes_become_fffd),
		cmocka_unit_test(latin1_guessed),
		cmocka_unit_test(cp1252_specials),
		cmocka_unit_test(utf8_many_bad_bytes_stays_utf8),
		cmocka_unit_test(cp1252_with_chance_sequence),
		cmocka_unit_test(encoding_explicit),
		cmocka_unit_test(encoding_unknown_fails),
		cmocka_unit_test(bom_dropped),
		cmocka_unit_test(line_ends),
		cmocka_unit_test(nfd_becomes_nfc),
		cmocka_unit_test(controls_visible),
		cmocka_unit_test(nul_visible),
		cmocka_unit_test(tabs_expand),
		cmocka_unit_test(clusters),
		cmocka_unit_test(widths),
		cmocka_unit_test(decode),
		cmocka_unit_test(adopt_only_clean),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
