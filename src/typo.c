/*
 * typo.c — French spacing, applied once to the document text when it is
 * built (so that layout, search and positions all see the same text), and
 * the guess of a text's language.
 *
 * The rule (Imprimerie nationale, as LibreOffice and TeX's babel-french
 * apply it): a narrow no-break space U+202F before ; ! ?, a no-break space
 * U+00A0 before : and inside « ».  A plain space there is replaced; where
 * the text has no space, one is inserted — unless the mark sits inside a
 * word-like token (a URL "http://x.fr/?a=1", a time "12:30", "!important"),
 * which is recognised by what follows the mark: French punctuation is
 * followed by a space, a closing mark or the end.
 */
#include "typo.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <unictype.h>
#include <unilbrk.h>
#include <unistr.h>

#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"

/* Is the code point before s[i] a space of any kind (or the start)? */
static int
typo_space_before(const char *s, size_t i)
{
	if (i == 0)
		return 1;
	if (s[i - 1] == ' ')
		return 1;
	if (i >= 2 && memcmp(s + i - 2, NBSP, 2) == 0)
		return 1;
	if (i >= 3 && memcmp(s + i - 3, NNBSP, 3) == 0)
		return 1;
	return 0;
}

/* The code point that ends at s[i] (exclusive). */
static ucs4_t
typo_prev_cp(const char *s, size_t i)
{
	ucs4_t uc = 0;
	if (u8_prev(&uc, (const uint8_t *)s + i, (const uint8_t *)s) == NULL)
		return 0;
	return uc;
}

/* Does the mark at s[i..i+k) end a French clause (followed by blank, closer, end)? */
static int
typo_mark_ends_clause(const char *s, size_t n, size_t i, size_t k)
{
	size_t j = i + k;
	if (j >= n)
		return 1;
	unsigned char c = (unsigned char)s[j];
	if (c == ' ' || c == '\n' || c == ')' || c == ']' || c == '"' || c == ',' || c == '.')
		return 1;
	/* Repeated marks: "?!", "!!", "?…"; a dash that opens what follows ("oui;--non") */
	if (c == '!' || c == '?' || c == ';' || c == ':' ||
	    (c == '-' && j + 1 < n && s[j + 1] == '-'))
		return 1;
	if (n - j >= 2 && (memcmp(s + j, "»", 2) == 0 || memcmp(s + j, NBSP, 2) == 0))
		return 1;
	if (n - j >= 3 && (memcmp(s + j, "…", 3) == 0 || memcmp(s + j, "”", 3) == 0 ||
	                   memcmp(s + j, "—", 3) == 0 || memcmp(s + j, "’", 3) == 0 ||
	                   memcmp(s + j, NNBSP, 3) == 0))
		return 1;
	return 0;
}

/* Is the previous code point one a French mark may follow without a space? */
static int
typo_word_before(const char *s, size_t i)
{
	ucs4_t uc = typo_prev_cp(s, i);
	return uc_is_property_alphabetic(uc) || uc == ')' || uc == 0xBB /* » */ || uc == '"' ||
	       uc == 0x2019 || uc == 0x201D || uc == 0x2026;
}

/* The bytes typo_apply() looks at: the marks, and 0xC2, the lead byte of « and ». */
static const unsigned char typo_byte[256] = {
	[';'] = 1, ['!'] = 1, ['?'] = 1, [':'] = 1, [0xC2] = 1,
};

void
typo_apply(struct buf *out, const char *s, size_t n)
{
	size_t i = 0;
	out->data = xgrow(out->data, &out->cap, out->len + n + n / 16 + 8, 1);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (!typo_byte[c]) {
			/* Most of the text: a run of other bytes goes through as it is. */
			size_t j = i + 1;
			while (j < n && !typo_byte[(unsigned char)s[j]])
				j++;
			buf_add(out, s + i, j - i);
			i = j;
			continue;
		}
		if (c == ';' || c == '!' || c == '?' || c == ':') {
			const char *sp = c == ':' ? NBSP : NNBSP;
			if (typo_mark_ends_clause(s, n, i, 1)) {
				if (i > 0 && s[i - 1] == ' ' && out->len > 0 && i >= 2 &&
				    s[i - 2] != ' ' && out->data[out->len - 1] == ' ') {
					/* A plain space before: make it no-break.  (Not when it
					 * is already one: "« :" has the no-break space of «.) */
					out->len--;
					buf_adds(out, sp);
				} else if (!typo_space_before(s, i) && typo_word_before(s, i) &&
				           !(c == ':' && i + 1 < n && s[i + 1] != ' ')) {
					buf_adds(out, sp);
				}
			}
			buf_addc(out, (char)c);
			i++;
			continue;
		}
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xAB) { /* « */
			buf_add(out, s + i, 2);
			i += 2;
			if (i < n && s[i] == ' ') {
				buf_adds(out, NBSP);
				while (i < n && s[i] == ' ')
					i++;
			} else if (i < n && s[i] != '\n' &&
			           !(n - i >= 2 && memcmp(s + i, NBSP, 2) == 0) &&
			           !(n - i >= 3 && memcmp(s + i, NNBSP, 3) == 0)) {
				buf_adds(out, NBSP);
			}
			continue;
		}
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xBB) { /* » */
			if (i > 0 && s[i - 1] == ' ' && out->len > 0) {
				while (out->len > 0 && out->data[out->len - 1] == ' ')
					out->len--;
				buf_adds(out, NBSP);
			} else if (!typo_space_before(s, i)) {
				buf_adds(out, NBSP);
			}
			buf_add(out, s + i, 2);
			i += 2;
			continue;
		}
		buf_addc(out, (char)c);
		i++;
	}
	buf_add(out, "", 0);
}

/* The bytes of the space at s[i] (plain, no-break or narrow no-break), or 0. */
static size_t
typo_space_at(const char *s, size_t n, size_t i)
{
	if (s[i] == ' ')
		return 1;
	if (n - i >= 2 && memcmp(s + i, NBSP, 2) == 0)
		return 2;
	if (n - i >= 3 && memcmp(s + i, NNBSP, 3) == 0)
		return 3;
	return 0;
}

/* Does none of the eight bytes x need typo_fix_breaks()'s attention: all ASCII, none of ; : ! ? -
 */
static inline int
typo_nothing_to_fix8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101u;
	return ((x & 0x8080808080808080u) | util_zero_bytes8(x ^ (';' * ones)) |
	        util_zero_bytes8(x ^ (':' * ones)) | util_zero_bytes8(x ^ ('!' * ones)) |
	        util_zero_bytes8(x ^ ('?' * ones)) | util_zero_bytes8(x ^ ('-' * ones))) == 0;
}

/*
 * The short words that follow a verb or a demonstrative after a hyphen and
 * are never put at the start of a line on their own (Lexique des règles
 * typographiques de l'Imprimerie nationale: "dit-il", "ajouta-t-il",
 * "dis-le-moi", "celui-ci" are not divided).  The euphonic t counts as one
 * ("-t-il").  Lower case, compared without case; the list is short and
 * closed, as the grammar's is.
 */
static const char *const enclitics[] = {
	"il",  "ils", "elle", "elles", "on",  "je", "tu", "nous", "vous", "le", "la",
	"les", "lui", "leur", "moi",   "toi", "y",  "en", "ce",   "t",    "ci", "là",
};

/* Is s[i..n) one of the enclitics, not followed by a letter or a digit? */
static int
typo_enclitic_at(const char *s, size_t n, size_t i)
{
	for (size_t k = 0; k < sizeof enclitics / sizeof *enclitics; k++) {
		size_t m = strlen(enclitics[k]);
		if (n - i < m || strncasecmp(s + i, enclitics[k], m) != 0)
			continue;
		if (i + m == n)
			return 1;
		ucs4_t uc;
		u8_mbtouc(&uc, (const uint8_t *)s + i + m, n - i - m);
		if (!uc_is_property_alphabetic(uc) && !uc_is_property_numeric(uc))
			return 1;
	}
	return 0;
}

void
typo_fix_breaks(const char *s, size_t n, char *brk)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t x;
		/* Most of a text is plain ASCII words: eight bytes at a time. */
		while (n - i >= 8 && (memcpy(&x, s + i, 8), typo_nothing_to_fix8(x)))
			i += 8;
		if (i >= n)
			break;
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 && c != ';' && c != ':' && c != '!' && c != '?' && c != '-')
			continue;
		size_t k;
		if (c == '-') {
			/* "dit-il", "ajouta-t-il": the pronoun stays with its verb. */
			if (i > 0 && i + 1 < n && s[i - 1] != '-' && s[i - 1] != ' ' &&
			    typo_enclitic_at(s, n, i + 1))
				brk[i + 1] = UC_BREAK_PROHIBITED;
			continue;
		}
		if ((c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) ||
		    (c == 0xE2 && n - i >= 3 && memcmp(s + i, NNBSP, 3) == 0)) {
			/* A no-break space holds on to both sides. */
			k = c == 0xC2 ? 2 : 3;
			brk[i] = UC_BREAK_PROHIBITED;
			if (i + k < n)
				brk[i + k] = UC_BREAK_PROHIBITED;
			i += k - 1;
		} else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xAB) {
			/* « then its spaces then the word: one unit. */
			size_t j = i + 2;
			while (j < n && (k = typo_space_at(s, n, j)) > 0) {
				brk[j] = UC_BREAK_PROHIBITED;
				j += k;
			}
			if (j < n)
				brk[j] = UC_BREAK_PROHIBITED;
			i = j - 1;
		} else if (c == ';' || c == ':' || c == '!' || c == '?' ||
		           (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xBB)) {
			/* The mark and the spaces before it stay with the word. */
			size_t j = i;
			brk[i] = UC_BREAK_PROHIBITED;
			while (j > 0) {
				if (s[j - 1] == ' ')
					j -= 1;
				else if (j >= 2 && memcmp(s + j - 2, NBSP, 2) == 0)
					j -= 2;
				else if (j >= 3 && memcmp(s + j - 3, NNBSP, 3) == 0)
					j -= 3;
				else
					break;
				brk[j] = UC_BREAK_PROHIBITED;
			}
		}
	}
}

/*
 * The function words that tell the languages apart, as typo_detect_lang
 * counts them: whole words, preceded by a space, a line end or the start
 * of the sample, and followed by a space or a comma.
 */
enum { LANG_FR, LANG_EN, LANG_DE, LANG_COUNT, WORD_MAX = 5 };
static const struct lang_word {
	const char *w;
	int lang;
} lang_words[] = {
	{ "le", LANG_FR },    { "la", LANG_FR },  { "les", LANG_FR },   { "des", LANG_FR },
	{ "est", LANG_FR },   { "et", LANG_FR },  { "une", LANG_FR },   { "dans", LANG_FR },
	{ "qui", LANG_FR },   { "que", LANG_FR }, { "the", LANG_EN },   { "and", LANG_EN },
	{ "of", LANG_EN },    { "is", LANG_EN },  { "to", LANG_EN },    { "that", LANG_EN },
	{ "with", LANG_EN },  { "was", LANG_EN }, { "which", LANG_EN }, { "der", LANG_DE },
	{ "die", LANG_DE },   { "und", LANG_DE }, { "das", LANG_DE },   { "ist", LANG_DE },
	{ "nicht", LANG_DE }, { "mit", LANG_DE }, { "ein", LANG_DE },
};

/* The bytes of a word of at most WORD_MAX bytes as one number, to compare at once. */
static uint64_t
typo_word_key(const char *s, size_t k)
{
	uint64_t key = k;
	for (size_t i = 0; i < k; i++)
		key = key << 8 | (unsigned char)s[i];
	return key;
}

/*
 * The words as a hash table of their keys (open addressing, 64 slots for
 * 27 words): a word of the text is looked up with one multiplication and
 * a compare or two, not against every word of the lists.
 */
enum { SLOTS = 64 };
static struct slot {
	uint64_t key; /* 0: empty */
	int lang;
} slots[SLOTS];
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;

static unsigned
slot_of(uint64_t key)
{
	return (unsigned)((key * 0x9E3779B97F4A7C15u) >> 58);
}

static void
make_slots(void)
{
	for (size_t k = 0; k < sizeof lang_words / sizeof *lang_words; k++) {
		uint64_t key = typo_word_key(lang_words[k].w, strlen(lang_words[k].w));
		unsigned h = slot_of(key);
		while (slots[h].key != 0)
			h = (h + 1) % SLOTS;
		slots[h] = (struct slot){ key, lang_words[k].lang };
	}
}

/*
 * Count the function words of each language in s[0..n), in one pass:
 * the text is cut into words at spaces, commas and line ends, and only a
 * word of a listed length is looked up.  With enough > 0, stop as soon as
 * one language has that many and the others none: nothing more can change
 * typo_block_lang's answer.
 */
static void
typo_count_words(const char *s, size_t n, size_t count[LANG_COUNT], int enough)
{
	const uint64_t ones = 0x0101010101010101u;
	size_t start = 0, i = 0;
	int at_start = 1; /* s[start] follows a space, a line end or nothing */

	/* Every block's words are counted: the table is made once, whatever the thread. */
	pthread_once(&slots_once, make_slots);
	while (i < n) {
		/* Eight bytes at a time: most bytes are inside words. */
		if (n - i >= 8) {
			uint64_t x, sep;
			memcpy(&x, s + i, 8);
			sep = util_zero_bytes8(x ^ (' ' * ones)) |
			      util_zero_bytes8(x ^ (',' * ones)) |
			      util_zero_bytes8(x ^ ('\n' * ones));
			if (sep == 0) {
				i += 8;
				continue;
			}
			i += (size_t)__builtin_ctzll(sep) / 8; /* the first separator */
		} else {
			char c = s[i];
			if (c != ' ' && c != ',' && c != '\n') {
				i++;
				continue;
			}
		}
		char c = s[i];
		/* s[start..i) is a word, ended by a space or a comma: count it. */
		if (at_start && c != '\n' && i - start >= 2 && i - start <= WORD_MAX) {
			uint64_t key = typo_word_key(s + start, i - start);
			for (unsigned h = slot_of(key); slots[h].key != 0; h = (h + 1) % SLOTS)
				if (slots[h].key == key) {
					size_t got = ++count[slots[h].lang];
					/* enough of one language and none of the others: decided */
					if (enough && got >= (size_t)enough &&
					    got == count[LANG_FR] + count[LANG_EN] + count[LANG_DE])
						return;
					break;
				}
		}
		/* After a comma, no word starts until the next space or line end. */
		at_start = c != ',';
		start = ++i;
	}
}

const char *
typo_detect_lang(const char *s, size_t n)
{
	size_t count[LANG_COUNT] = { 0 };
	/* A sample from the middle is enough and skips licence headers. */
	size_t len = n > 200000 ? 200000 : n, off = n > len ? (n - len) / 2 : 0;
	typo_count_words(s + off, len, count, 0);
	size_t cf = count[LANG_FR], ce = count[LANG_EN], cd = count[LANG_DE];
	if (ce > cf * 2 && ce > cd && ce >= 5)
		return "en";
	if (cd > cf * 2 && cd > ce && cd >= 5)
		return "de";
	return "fr";
}

const char *
typo_block_lang(const char *s, size_t n)
{
	size_t count[LANG_COUNT] = { 0 };
	typo_count_words(s, n < TYPO_BLOCK_SAMPLE ? n : TYPO_BLOCK_SAMPLE, count, 3);
	static const char *const names[LANG_COUNT] = { "fr", "en", "de" };
	/* French and English only: their patterns are installed (hyphen-fr, hyphen-en-us). */
	for (int k = LANG_FR; k <= LANG_EN; k++) {
		int clear = count[k] >= 2, others = 0;
		for (int o = 0; o < LANG_COUNT; o++)
			if (o != k) {
				others += count[o] > 0;
				if (count[o] * 2 >= count[k])
					clear = 0;
			}
		if (count[k] < 3 && others)
			clear = 0;
		if (clear)
			return names[k];
	}
	return NULL;
}

/* Is s[i] the start of a "--" that stands for a dash (not "---", "<--", "-->")? */
static int
typo_double_hyphen_at(const char *s, size_t n, size_t i)
{
	return n - i >= 2 && s[i] == '-' && s[i + 1] == '-' &&
	       (i == 0 || (s[i - 1] != '-' && s[i - 1] != '<')) &&
	       (i + 2 == n || (s[i + 2] != '-' && s[i + 2] != '>'));
}

/*
 * Is the "--" at s[i] a command-line option ("--help", "--no-typo"): at
 * the start of a token and followed by a lower-case ASCII name?  Those stay
 * as they are; dialogue dashes are followed by a capital ("--Oui").
 */
static int
typo_option_at(const char *s, size_t n, size_t i)
{
	if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '\n' && s[i - 1] != '(' && s[i - 1] != '`')
		return 0;
	size_t j = i + 2;
	if (j >= n || !((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= '0' && s[j] <= '9')))
		return 0;
	while (j < n &&
	       ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= '0' && s[j] <= '9') || s[j] == '-'))
		j++;
	return j == n || s[j] == ' ' || s[j] == '\n' || s[j] == '=' || s[j] == ',' || s[j] == '.' ||
	       s[j] == ')' || s[j] == '`' || s[j] == ';' || s[j] == ':';
}

/* The bytes of the dash at s[i]: "--" (2), "—" or "–" (3); 0 if none. */
static size_t
typo_dash_at(const char *s, size_t n, size_t i)
{
	if (s[i] == '-') {
		if (!typo_double_hyphen_at(s, n, i) || typo_option_at(s, n, i))
			return 0;
		/* "--" alone on its line (a signature mark, a separator) is no dash. */
		size_t a = i, e = i + 2;
		while (a > 0 && s[a - 1] == ' ')
			a--;
		while (e < n && s[e] == ' ')
			e++;
		return (a == 0 || s[a - 1] == '\n') && (e == n || s[e] == '\n') ? 0 : 2;
	}
	/* A dash the text has is spaced only where it is set apart already ("10–20" is left). */
	if (n - i >= 3 && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x94 || (unsigned char)s[i + 2] == 0x93) &&
	    (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n' || i + 3 == n || s[i + 3] == ' '))
		return 3;
	return 0;
}

/* Is c a byte that may end the word or phrase an italic '_' closes? */
static int
typo_closes_italic(const char *s, size_t n, size_t j)
{
	if (j >= n)
		return 1;
	unsigned char c = (unsigned char)s[j];
	return c == ' ' || c == '\n' || c == ',' || c == '.' || c == ';' || c == ':' || c == '!' ||
	       c == '?' || c == ')' || c == ']' || c == '"' || c == '\'' || c >= 0xC2;
}

/*
 * The end (the closing '_') of an italic phrase opened by the '_' at s[i],
 * or 0: the '_' starts a token (after a blank, an opening mark or the
 * start), a non-blank follows it, and a '_' after a non-blank and before a
 * blank or a mark closes it on the same line, with no '_' between
 * ("_Quos ego_", but not "__init__" nor "nom_de_fichier").
 */
static size_t
typo_italic_end(const char *s, size_t n, size_t i)
{
	if (i > 0) {
		unsigned char p = (unsigned char)s[i - 1];
		if (p != ' ' && p != '\n' && p != '(' && p != '[' && p != '"' && p != '\'' &&
		    p < 0x80)
			return 0;
		if (p >= 0x80 && !(i >= 2 && (unsigned char)s[i - 2] == 0xC2)) /* « and NBSP only */
			if (!(i >= 3 && memcmp(s + i - 3, "\xE2\x80\x94", 3) == 0))
				return 0;
	}
	if (i + 1 >= n || s[i + 1] == ' ' || s[i + 1] == '\n' || s[i + 1] == '_')
		return 0;
	for (size_t j = i + 1; j < n && s[j] != '\n'; j++)
		if (s[j] == '_')
			return s[j - 1] != ' ' && typo_closes_italic(s, n, j + 1) ? j : 0;
	return 0;
}

/* Does the text before out's end close a sentence (a dialogue dash may follow)? */
static int
typo_sentence_ends_before(const struct buf *out)
{
	size_t k = out->len;
	while (k > 0 && out->data[k - 1] == ' ')
		k--;
	if (k == 0 || out->data[k - 1] == '\n')
		return 1;
	unsigned char c = (unsigned char)out->data[k - 1];
	if (c == '.' || c == '!' || c == '?' || c == ':')
		return 1;
	return (k >= 2 && memcmp(out->data + k - 2, "»", 2) == 0) ||
	       (k >= 3 && memcmp(out->data + k - 3, "…", 3) == 0);
}

/* Drop the plain spaces at out's end; were there any? */
static int
typo_drop_spaces(struct buf *out)
{
	size_t k = out->len;
	while (out->len > 0 && out->data[out->len - 1] == ' ')
		out->len--;
	return out->len < k;
}

/* The bytes typo_conventions() looks at: '_', '-', the lead byte of a dash, and sentence ends. */
static const unsigned char typo_convention_byte[256] = {
	['_'] = 1, ['-'] = 1, [0xE2] = 1, ['.'] = 1, ['!'] = 1, ['?'] = 1, ['\n'] = 1,
};

size_t
typo_conventions(struct buf *out, const char *s, size_t n, int french, struct typo_range **r,
                 size_t *cap)
{
	size_t nr = 0, i = 0;
	int incise = 0; /* an incise was opened by a dash and not yet closed */
	out->len = 0;
	out->data = xgrow(out->data, &out->cap, n + n / 8 + 8, 1);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t k;
		if (!typo_convention_byte[c]) {
			/* A run of bytes that start no convention: copied at once, as
			 * a byte at a time cost a tenth of the parse of a book. */
			for (k = i + 1; k < n && !typo_convention_byte[(unsigned char)s[k]]; k++)
				;
			buf_add(out, s + i, k - i);
			i = k;
			continue;
		}
		if (c == '_' && (k = typo_italic_end(s, n, i)) != 0) {
			*r = xgrow(*r, cap, nr + 1, sizeof **r);
			(*r)[nr].start = out->len;
			buf_add(out, s + i + 1, k - i - 1);
			(*r)[nr++].end = out->len;
			i = k + 1;
			continue;
		}
		if ((c == '-' || c == 0xE2) && (k = typo_dash_at(s, n, i)) != 0) {
			size_t j = i + k;
			if (!french) {
				buf_add(out, k == 2 ? "\xE2\x80\x94" : s + i, 3);
				i = j;
				continue;
			}
			int space_after = j < n && s[j] == ' ';
			while (j < n && s[j] == ' ')
				j++;
			int at_end = j >= n || s[j] == '\n' || s[j] == ',' || s[j] == '.' ||
			             s[j] == ';' || s[j] == ')' ||
			             (n - j >= 2 && memcmp(s + j, "»", 2) == 0);
			if (typo_sentence_ends_before(out) && !at_end) {
				/* A dialogue dash: it holds on to the words it opens. */
				if (out->len > 0 && out->data[out->len - 1] != ' ' &&
				    out->data[out->len - 1] != '\n')
					buf_addc(out, ' ');
				buf_adds(out, "\xE2\x80\x94" NBSP);
				incise = 0;
			} else if (incise || at_end) {
				/* A closing dash: it holds on to the words before it. */
				typo_drop_spaces(out);
				buf_adds(out, NBSP "\xE2\x80\x94");
				if (space_after && !at_end)
					buf_addc(out, ' ');
				else if (j < n && s[j] != '\n' && !at_end)
					buf_addc(out, ' ');
				incise = 0;
			} else {
				/* An opening dash: a breakable space before, none after. */
				typo_drop_spaces(out);
				buf_addc(out, ' ');
				buf_adds(out, "\xE2\x80\x94" NBSP);
				incise = 1;
			}
			i = j;
			continue;
		}
		if (c == '.' || c == '!' || c == '?' || c == '\n')
			incise = 0;
		buf_addc(out, (char)c);
		i++;
	}
	buf_add(out, "", 0);
	return nr;
}

int
typo_conventions_needed(const char *s, size_t n, int french)
{
	if (memchr(s, '_', n) != NULL)
		return 1;
	for (const char *p = s, *e = s + n; (p = memchr(p, '-', (size_t)(e - p))) != NULL; p += 2)
		if (p + 1 < e && p[1] == '-')
			return 1;
		else if (p + 1 >= e)
			break;
	if (!french)
		return 0;
	for (const char *p = s, *e = s + n; (p = memchr(p, 0xE2, (size_t)(e - p))) != NULL; p++)
		if (e - p >= 3 && (unsigned char)p[1] == 0x80 &&
		    ((unsigned char)p[2] == 0x94 || (unsigned char)p[2] == 0x93))
			return 1;
	return 0;
}
