/*
 * parse_text.c — the structure of plain text: paragraphs, headings with
 * levels, and the front and back matter of Project Gutenberg and ABU files.
 *
 * Plain text has no markup, so structure is read the way a person reads it:
 *
 *  1. Lines are grouped into raw blocks at blank lines.  A raw block that
 *     holds a line longer than anyone hard-wraps (LONG_LINE columns) is a
 *     file with one paragraph per line: each of its lines is a block.
 *  2. A raw block whose lines fill the document's usual wrap width is prose
 *     (lines joined, a line-end hyphen kept without a space); several short
 *     lines are kept as lines (verse, lists, tables of contents).
 *  3. Heading candidates: marker lines ("CHAPITRE …", "Livre …", "PREMIÈRE
 *     PARTIE", a lone roman numeral, "1.2. Titre"), ALL-CAPS lines, and
 *     short lines without final punctuation.  Not candidates: a block with
 *     two or more marker lines, or lines ending in page numbers (a table of
 *     contents); what is inside "[Illustration: …]" brackets; unmarked lines
 *     that are indented a little (letters, signatures, quotations),
 *     dedications ("À …", "DÉDIÉ …") and end marks ("FIN …").
 *  4. A run of candidates is kept only if it introduces text: followed by
 *     a block of text, not by a table of contents.  Where the document sets
 *     its headings apart with more blank lines than between paragraphs (as
 *     Gutenberg books do), a run needs that extra space before it: a short
 *     sentence that lost its final period is not a heading.  Inside a run,
 *     an unmarked mixed-case line after a heading that is not a bare marker
 *     needs its own extra space too.
 *  5. A bare marker ("Chapitre I") takes what follows it as its subtitle,
 *     on a line of its own: the next candidate, or a one-line block set
 *     apart by extra space ("Que faire dans l'abîme … ?") and followed by
 *     text (else it is the text: a chapter of one paragraph).
 *  6. Levels rank the kinds present: part above book above chapter above
 *     numbered headings above other headings; the title, when the document
 *     starts with a heading, is level 1 above them all.
 *
 * The rules are general on purpose; tests/golden holds what they give on
 * every text of the corpus.
 *
 * A text of SPLIT_MIN bytes or more is parsed on two threads wherever the
 * work on a piece needs nothing but the piece and what was measured before:
 * splitting into lines (two halves cut after a line end), classifying raw
 * blocks (the usual wrap width and indent come first), and emitting them,
 * joined and spaced (the second half into a document of its own, appended
 * with doc_append; no half starts with a subtitle, which edits the block
 * before it).  Grouping, headings and levels look across blocks and stay
 * on one thread, and so does the move of the second half's text after
 * the first; a range too small to be worth a thread (a Gutenberg header
 * or licence) is done on one.  On a 60 MB text the parse takes a third
 * less time (about 160 ms instead of 235).  Below SPLIT_MIN the threads
 * would cost more than they save.  parse_text_split gives the threshold to tests, which check
 * that both ways make the same document.
 */
#define _GNU_SOURCE /* memmem */
#include "parse.h"
#include "typo.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

enum {
	LONG_LINE = 150,  /* columns: longer lines are paragraphs of their own */
	HEAD_MAX = 100,   /* columns: longest heading line */
	HEAD_LINES = 5,   /* lines: most in a heading block */
	QUOTE_INDENT = 8, /* columns: less indent than this is a quotation, more a centred line */
	BRACKET_MAX = 20, /* raw blocks: an unclosed '[' stops counting after this many */
	RUN_MAX = 4,      /* candidates: a longer run of them is a list */
};

/* bytes: a longer text is parsed on two threads */
#define SPLIT_MIN ((size_t)256 * 1024)

/* Kinds of headings, from the top down; their rank gives the level. */
enum hkind { H_NONE, H_PART, H_BOOK, H_CHAPTER, H_NUM1, H_NUM2, H_NUM3, H_CAPS, H_PLAIN, H_COUNT };

struct line {
	const char *s; /* content without leading and trailing blanks */
	size_t n;
	int cols;   /* its width in code points */
	int indent; /* leading blanks */
};

struct raw {
	size_t first, count; /* lines[first .. first+count) */
	int blanks_before;
	enum block_kind kind;
	enum hkind head; /* candidate kind */
	int bare;        /* a marker with nothing after it ("Chapitre I") */
	int toc;         /* entries of a table of contents */
	int bracket;     /* inside "[…]" (an illustration caption) */
	int keep;        /* 1: heading kept */
	int subtitle;    /* merged into the heading before it */
};

/* The lines of a stretch of text, and how many have each width and indent. */
struct lines {
	struct line *v;
	size_t n, cap;
	size_t cols[LONG_LINE + 1];       /* lines of 30 .. LONG_LINE columns, by width */
	size_t indents[QUOTE_INDENT + 1]; /* lines of 30 columns or more, by indent */
};

/* Where blocks go: a document, and emit()'s scratch, reused from block to block. */
struct out {
	struct doc *d;
	struct buf joined, spaced_out, conv;
	struct typo_range *italics; /* block_text()'s italic ranges */
	size_t nitalics, capitalics;
};

static void
out_free(struct out *out)
{
	buf_free(&out->joined);
	buf_free(&out->spaced_out);
	buf_free(&out->conv);
	free(out->italics);
}

struct parser {
	const struct parse_opts *o;
	struct line *lines;
	size_t nlines;
	struct raw *raws;
	size_t nraws, capraws;
	int wrap;       /* the usual width of hard-wrapped prose lines */
	int indent;     /* the usual indent of prose lines */
	int gap;        /* the usual number of blank lines between blocks */
	int spaced;     /* headings are set apart by more than gap blank lines */
	int two;        /* work on two threads */
	size_t split;   /* the least text for two threads to be worth it */
	struct out out; /* the document, for all but the body's second half on two threads */
};

/*
 * Code points in s[0..n), which is valid UTF-8 (text_sanitize made it so):
 * every byte but the continuation bytes 10xxxxxx starts one.  Eight bytes
 * at a time: a continuation byte has bit 7 set and bit 6 clear.
 */
static int
ucount(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	size_t i = 0, cont = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		/* One bit per continuation byte, at bit 0; the product sums them in the top byte.
		 */
		cont += (((x & ~(x << 1)) & high) >> 7) * ones >> 56;
	}
	for (; i < n; i++)
		cont += ((unsigned char)s[i] & 0xC0) == 0x80;
	return (int)(n - cont);
}

/* Split s[0..n) into lines, appended to ls, and count their widths and indents. */
static void
split_lines(struct lines *ls, const char *s, size_t n)
{
	size_t i = 0;
	/* Room for lines of 40 bytes on average, about what books have. */
	ls->v = xgrow(ls->v, &ls->cap, ls->n + n / 40 + 16, sizeof *ls->v);
	while (i < n) {
		const char *e = memchr(s + i, '\n', n - i);
		size_t j = e ? (size_t)(e - s) : n;
		size_t a = i, b = j;
		while (a < b && s[a] == ' ')
			a++;
		while (b > a && s[b - 1] == ' ')
			b--;
		ls->v = xgrow(ls->v, &ls->cap, ls->n + 1, sizeof *ls->v);
		struct line *l = &ls->v[ls->n++];
		l->s = s + a;
		l->n = b - a;
		l->cols = ucount(s + a, b - a);
		l->indent = (int)(a - i);
		if (l->cols >= 30) {
			if (l->cols <= LONG_LINE)
				ls->cols[l->cols]++;
			ls->indents[l->indent < QUOTE_INDENT ? l->indent : QUOTE_INDENT]++;
		}
		i = j + 1;
	}
}

/* Is the whole line made of one repeated punctuation (a rule: ----, ****, * * *)? */
static int
is_rule(const struct line *l)
{
	char c = 0;
	int count = 0;
	for (size_t i = 0; i < l->n; i++) {
		char x = l->s[i];
		if (x == ' ')
			continue;
		if (x != '-' && x != '=' && x != '*' && x != '_' && x != '~' && x != '#' &&
		    x != '.')
			return 0;
		if (c && x != c)
			return 0;
		c = x;
		count++;
	}
	return count >= 3;
}

/*
 * A word of a list, with its length: the lists are looked up on every
 * line of a book (the first words of prose lines), so no strlen there.
 */
struct word {
	const char *s;
	size_t n;
};
#define WORD(w)                                                                                    \
	{                                                                                          \
		w, sizeof w - 1                                                                    \
	}

static int
starts_with_ci(const char *s, size_t n, const struct word *w)
{
	size_t k = w->n;
	/* The words start with an ASCII letter: most lines fail on it. */
	if (n < k || (s[0] | 0x20) != w->s[0] || strncasecmp(s, w->s, k) != 0)
		return 0;
	return n == k || s[k] == ' ' || s[k] == '-' || s[k] == '.' || s[k] == ',' || s[k] == ':';
}

static int
is_roman(const char *s, size_t n)
{
	size_t i;
	if (n == 0)
		return 0;
	for (i = 0;
	     i < n && (s[i] == 'I' || s[i] == 'V' || s[i] == 'X' || s[i] == 'L' || s[i] == 'C');
	     i++)
		;
	if (i == 0)
		return 0;
	if (i < n && s[i] == '.')
		i++;
	return i == n;
}

/* s[0..n) lowercased into low (at most *cap bytes); 0 if it does not fit. */
static int
lower(const char *s, size_t n, uint8_t *low, size_t *cap)
{
	uint8_t *r = u8_tolower((const uint8_t *)s, n, NULL, NULL, low, cap);
	int fits = r == low;
	if (!fits)
		free(r); /* too long for low: libunistring malloc'd the result */
	return fits;
}

/*
 * Can a word starting with s[0..n) lowercase to a word that starts with
 * the ASCII letter c?  Only an ASCII letter lowercases to one, except U+0130
 * (to i and a combining dot, which no word list holds) and the Kelvin sign
 * U+212A (to k): tests/unit/test_parse.c checks this against libunistring.
 * It spares the case mapping of most words, which is costly per line.
 */
static int
may_lower_to(const char *s, size_t n, char c)
{
	unsigned char b = (unsigned char)s[0];
	if (b < 0x80)
		return (b | 0x20) == c && ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z'));
	return (c == 'i' && n >= 2 && memcmp(s, "\xC4\xB0", 2) == 0) ||
	       (c == 'k' && n >= 3 && memcmp(s, "\xE2\x84\xAA", 3) == 0);
}

/* Is the word, lowercased, one of words? */
static int
word_in(const char *s, size_t n, const struct word *words, size_t nwords)
{
	uint8_t low[64];
	size_t cap = sizeof low, k;
	if (n == 0 || n > sizeof low)
		return 0; /* past 64 bytes, u8_tolower would not fit in low either */
	/*
	 * An ASCII word, as nearly every first word of a line is, lowercases
	 * byte for byte to a word of its own length: compare it by hand with
	 * the entries of that length.
	 */
	for (k = 0; k < n && (unsigned char)s[k] < 0x80; k++)
		low[k] = (uint8_t)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] - 'A' + 'a' : s[k]);
	if (k < n) {
		/* Case mapping is costly: only if the first letter may fit an entry. */
		for (k = 0; k < nwords; k++)
			if ((unsigned char)words[k].s[0] >= 0x80 ||
			    ((unsigned char)s[0] < 0x80 ? words[k].s[0] == (char)low[0]
			                                : may_lower_to(s, n, words[k].s[0])))
				break;
		if (k == nwords || !lower(s, n, low, &cap))
			return 0;
		n = cap;
	}
	for (k = 0; k < nwords; k++)
		if (words[k].n == n && words[k].s[0] == (char)low[0] &&
		    memcmp(words[k].s, low, n) == 0)
			return 1;
	return 0;
}

/* Words that name a number ("premier", "third"): ordinals, or the start of one. */
static const struct word ordinal_words[] = {
	WORD("premier"),   WORD("première"),  WORD("second"),    WORD("seconde"), WORD("deuxième"),
	WORD("troisième"), WORD("quatrième"), WORD("cinquième"), WORD("sixième"), WORD("septième"),
	WORD("huitième"),  WORD("neuvième"),  WORD("dixième"),   WORD("onzième"), WORD("douzième"),
	WORD("dernier"),   WORD("dernière"),  WORD("unique"),    WORD("one"),     WORD("two"),
	WORD("three"),     WORD("four"),      WORD("five"),      WORD("first"),   WORD("third"),
	WORD("last"),
};

/* Cardinals that start a compound ordinal: "vingt et unième", "cent unième". */
static const struct word number_words[] = {
	WORD("et"),       WORD("un"),    WORD("deux"),   WORD("trois"),    WORD("quatre"),
	WORD("cinq"),     WORD("six"),   WORD("sept"),   WORD("huit"),     WORD("neuf"),
	WORD("dix"),      WORD("vingt"), WORD("trente"), WORD("quarante"), WORD("cinquante"),
	WORD("soixante"), WORD("cent"),  WORD("mille"),
};

/* The words of a marker, and the kind of heading each makes. */
static const struct marker_word {
	struct word word;
	enum hkind kind;
} marker_words[] = {
	{ WORD("partie"), H_PART },      { WORD("part"), H_PART },       { WORD("tome"), H_PART },
	{ WORD("volume"), H_PART },      { WORD("livre"), H_BOOK },      { WORD("book"), H_BOOK },
	{ WORD("chapitre"), H_CHAPTER }, { WORD("chapter"), H_CHAPTER }, { WORD("acte"), H_BOOK },
	{ WORD("scène"), H_CHAPTER },
};

/* A word of French or English that names a number or is a roman numeral. */
static int
is_ordinal_word(const char *s, size_t n)
{
	uint8_t low[64];
	size_t cap = sizeof low;
	if (is_roman(s, n))
		return 1;
	if (n > 0 && isdigit((unsigned char)s[0]))
		return 1;
	if (word_in(s, n, ordinal_words, sizeof ordinal_words / sizeof *ordinal_words))
		return 1;
	/*
	 * Any "…ième" ordinal ("vingt-deuxième", "unième").  Only i, è, m, e
	 * in either case lowercase to what ends in those letters (checked by
	 * tests/unit/test_parse.c), so the others need no case mapping.
	 */
	if (n < 6 || (s[n - 1] | 0x20) != 'e' || (s[n - 2] | 0x20) != 'm' ||
	    (unsigned char)s[n - 4] != 0xC3 || ((unsigned char)s[n - 3] | 0x20) != 0xA8 ||
	    (s[n - 5] | 0x20) != 'i')
		return 0;
	if (!lower(s, n, low, &cap))
		return 0;
	return cap > 5 && memcmp(low + cap - 5, "ième", 5) == 0;
}

/* A cardinal that starts a compound ordinal. */
static int
is_number_word(const char *s, size_t n)
{
	return word_in(s, n, number_words, sizeof number_words / sizeof *number_words);
}

/* The first word of s: its length. */
static size_t
word_len(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] != ' ' && s[i] != ',' && s[i] != '.' &&
	       !(s[i] == '-' && i + 1 < n && s[i + 1] == '-'))
		i++;
	return i;
}

/* The length of the ordinal ("III", "premier", "vingt et unième") at s, or 0. */
static size_t
ordinal_len(const char *s, size_t n)
{
	size_t i = 0;
	for (int words = 0; words < 5 && i < n; words++) {
		size_t w = word_len(s + i, n - i);
		if (w == 0)
			return 0;
		if (is_ordinal_word(s + i, w))
			return i + w;
		if (!is_number_word(s + i, w))
			return 0;
		i += w;
		if (i >= n || s[i] != ' ')
			return 0;
		i++;
	}
	return 0;
}

/*
 * The ASCII words of the three lists above by first letter, length and
 * last letter: bit z - 'a' of marker_ends[a - 'a'][k] is set if a word of
 * k letters starts with a and ends with z.  Filled once, from the lists.
 */
enum { MARKER_LEN = 16 };
static uint32_t marker_ends[26][MARKER_LEN];

static void
marker_ends_add(const struct word *w)
{
	for (size_t i = 0; i < w->n; i++)
		if ((unsigned char)w->s[i] >= 0x80)
			return; /* may_be_marker lets every non-ASCII word through */
	if (w->n < MARKER_LEN && w->s[0] >= 'a' && w->s[0] <= 'z' && w->s[w->n - 1] >= 'a' &&
	    w->s[w->n - 1] <= 'z')
		marker_ends[w->s[0] - 'a'][w->n] |= (uint32_t)1 << (w->s[w->n - 1] - 'a');
}

static void
marker_ends_init(void)
{
	size_t k;
	static int ready;
	if (ready)
		return;
	ready = 1;
	for (k = 0; k < sizeof ordinal_words / sizeof *ordinal_words; k++)
		marker_ends_add(&ordinal_words[k]);
	for (k = 0; k < sizeof number_words / sizeof *number_words; k++)
		marker_ends_add(&number_words[k]);
	for (k = 0; k < sizeof marker_words / sizeof *marker_words; k++)
		marker_ends_add(&marker_words[k].word);
}

/*
 * Can the line s[0..n) be a marker?  A quick and exact "no" for nearly
 * every line of prose, before any word-list lookup: a marker starts with a
 * digit, with a roman numeral, with a first word (as word_len cuts it)
 * holding a non-ASCII byte ("première", "scène", "vingt-deuxième"), or
 * with a run of ASCII letters, followed by no letter, that has the first
 * letter, the length and the last letter of a word of the lists — a listed
 * word is all letters, so it must be the whole run.
 */
static int
may_be_marker(const char *s, size_t n)
{
	size_t w = word_len(s, n), k, i;
	int roman = 1;
	for (i = 0; i < w; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	if (isdigit((unsigned char)s[0]))
		return 1;
	for (k = 0; k < n && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')); k++)
		roman = roman &&
		        (s[k] == 'I' || s[k] == 'V' || s[k] == 'X' || s[k] == 'L' || s[k] == 'C');
	if (k == 0)
		return 0;
	if (roman)
		return 1;
	return k < MARKER_LEN &&
	       (marker_ends[(s[0] | 0x20) - 'a'][k] >> ((s[k - 1] | 0x20) - 'a') & 1);
}

/*
 * The marker kind of a line ("CHAPITRE III", "Livre premier--…", "PREMIÈRE
 * PARTIE", "XII", "1.2. Titre"); *bare is set when nothing follows the marker.
 */
static enum hkind
marker_kind(const struct line *l, int *bare)
{
	const struct marker_word *words = marker_words;
	const char *s = l->s;
	size_t n = l->n, w1, k;

	*bare = 0;
	if (n == 0 || l->cols > HEAD_MAX || !may_be_marker(s, n))
		return H_NONE;
	if (is_roman(s, n)) {
		*bare = 1;
		return H_CHAPTER;
	}
	/* Numbered: 1. / 1.2 / 1.2.3. followed by a title. */
	if (isdigit((unsigned char)s[0])) {
		size_t i = 0;
		int depth = 0;
		while (i < n && isdigit((unsigned char)s[i])) {
			while (i < n && isdigit((unsigned char)s[i]))
				i++;
			depth++;
			if (i < n && s[i] == '.' && i + 1 < n && isdigit((unsigned char)s[i + 1]))
				i++;
		}
		if (i < n && (s[i] == '.' || s[i] == ')'))
			i++;
		if (i < n && s[i] == ' ' && i + 1 < n && !isdigit((unsigned char)s[i + 1]) &&
		    depth <= 3 && l->cols <= 80 && (depth > 1 || s[i - 1] == '.')) {
			return depth == 1 ? H_NUM1 : depth == 2 ? H_NUM2 : H_NUM3;
		}
		return H_NONE;
	}
	w1 = word_len(s, n);
	for (k = 0; k < sizeof marker_words / sizeof *marker_words; k++) {
		if (!starts_with_ci(s, n, &words[k].word))
			continue;
		/* "Chapitre I", "CHAPITRE PREMIER", "Livre premier--Titre" */
		const char *r = s + w1;
		size_t rn = n - w1;
		while (rn && *r == ' ')
			r++, rn--;
		size_t w2 = ordinal_len(r, rn);
		if (w2 == 0)
			return H_NONE;
		r += w2, rn -= w2;
		while (rn && (*r == ' ' || *r == '.' || *r == '-' || *r == ':' || *r == ','))
			r++, rn--;
		*bare = rn == 0;
		return words[k].kind;
	}
	/* "PREMIÈRE PARTIE", "Livre premier" spelt the other way round. */
	size_t w = ordinal_len(s, n);
	if (w > 0 && !is_roman(s, w1)) {
		const char *r = s + w;
		size_t rn = n - w;
		while (rn && *r == ' ')
			r++, rn--;
		for (k = 0; k < sizeof marker_words / sizeof *marker_words; k++) {
			if (starts_with_ci(r, rn, &words[k].word)) {
				size_t w2 = word_len(r, rn);
				r += w2, rn -= w2;
				while (rn && (*r == ' ' || *r == '.' || *r == ',' || *r == '-'))
					r++, rn--;
				*bare = rn == 0;
				return words[k].kind;
			}
		}
	}
	return H_NONE;
}

/*
 * An ALL-CAPS line: no lowercase, three capitals or more, and mostly
 * letters (not a formula that happens to use capitals).  Uncased scripts
 * have no capitals, so they are never ALL-CAPS.
 */
static int
is_caps(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *e = p + n;
	int upper = 0, other = 0;
	while (p < e) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, p, (size_t)(e - p));
		if (uc_is_property_lowercase(uc))
			return 0;
		if (uc_is_property_uppercase(uc))
			upper++;
		else if (uc != ' ')
			other++;
		p += k;
	}
	return upper >= 3 && upper >= other;
}

static int
has_letter(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *e = p + n;
	while (p < e) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, p, (size_t)(e - p));
		if (uc_is_property_alphabetic(uc))
			return 1;
		p += k;
	}
	return 0;
}

/* Does the line end like a sentence or a clause? */
static int
ends_punct(const char *s, size_t n)
{
	static const char *const ends[] = { ".", ",", ";",  ":", "!", "?",
		                            "»", "…", "\"", "”", ")", "]" };
	for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
		size_t m = strlen(ends[k]);
		if (n >= m && memcmp(s + n - m, ends[k], m) == 0)
			return 1;
	}
	return 0;
}

/* Does the line start like dialogue or a quotation ("--", "—", "«", "-")? */
static int
starts_dialogue(const char *s, size_t n)
{
	static const char *const starts[] = { "-", "—", "–", "«", "»", "\"", "“" };
	for (size_t k = 0; k < sizeof starts / sizeof *starts; k++) {
		size_t m = strlen(starts[k]);
		if (n >= m && memcmp(s, starts[k], m) == 0)
			return 1;
	}
	return 0;
}

/*
 * An entry of a table of contents with its page: a title, then two blanks
 * or dot leaders, then a number ("LA BOURSE          139", "Préface ..... 7").
 */
static int
is_toc_entry(const struct line *l)
{
	size_t e = l->n, d;
	while (e > 0 && isdigit((unsigned char)l->s[e - 1]))
		e--;
	if (e == l->n || e == 0)
		return 0;
	d = e;
	while (d > 0 && (l->s[d - 1] == ' ' || l->s[d - 1] == '.'))
		d--;
	return d > 0 && e - d >= 2 && has_letter(l->s, d);
}

/*
 * Not a heading even when short and unpunctuated: a dedication ("À Louis
 * Bouilhet", "DÉDIÉ A …") or an end mark ("FIN", "FIN DU PREMIER VOLUME").
 */
static int
is_dedication_or_end(const struct line *l)
{
	static const struct word words[] = { WORD("à"), WORD("dédié"), WORD("dédiée"),
		                             WORD("fin") };
	size_t w = word_len(l->s, l->n);
	return w > 0 && word_in(l->s, w, words, sizeof words / sizeof *words);
}

/* Does the line start with a capital letter or a digit, as a title does? */
static int
starts_capital(const char *s, size_t n)
{
	ucs4_t uc;
	if (n == 0)
		return 0;
	u8_mbtouc(&uc, (const uint8_t *)s, n);
	return uc_is_property_uppercase(uc) || uc_is_general_category(uc, UC_TITLECASE_LETTER) ||
	       (uc >= '0' && uc <= '9');
}

/* Does the line hold a web address (a credit line, not a title)? */
static int
has_url(const char *s, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i++)
		if (memcmp(s + i, "://", 3) == 0 || memcmp(s + i, "www.", 4) == 0)
			return 1;
	return 0;
}

/* The usual width of hard-wrapped lines: the 90th percentile of long-ish lines. */
static int
guess_wrap(const struct lines *ls)
{
	size_t total = 0, seen = 0;
	for (int c = 30; c <= LONG_LINE; c++)
		total += ls->cols[c];
	if (total == 0)
		return 72;
	for (int c = LONG_LINE; c >= 30; c--) {
		seen += ls->cols[c];
		if (seen * 10 >= total)
			return c;
	}
	return 72;
}

/* The usual indent of prose: the commonest indent of lines of 30 columns or more. */
static int
guess_indent(const struct lines *ls)
{
	int best = 0;
	for (int k = 1; k <= QUOTE_INDENT; k++)
		if (ls->indents[k] > ls->indents[best])
			best = k;
	return best;
}

static void
add_raw(struct parser *p, size_t first, size_t count, int blanks)
{
	p->raws = xgrow(p->raws, &p->capraws, p->nraws + 1, sizeof *p->raws);
	struct raw *r = &p->raws[p->nraws++];
	memset(r, 0, sizeof *r);
	r->first = first;
	r->count = count;
	r->blanks_before = blanks;
}

/* Group lines [from, to) into raw blocks. */
static void
group(struct parser *p, size_t from, size_t to)
{
	size_t i = from;
	int blanks = 2;
	while (i < to) {
		if (p->lines[i].n == 0) {
			blanks++;
			i++;
			continue;
		}
		size_t j = i;
		int longest = 0;
		while (j < to && p->lines[j].n > 0) {
			if (p->lines[j].cols > longest)
				longest = p->lines[j].cols;
			j++;
		}
		if (longest > LONG_LINE) {
			/* One paragraph per line: no blank line separates them. */
			for (size_t k = i; k < j; k++)
				add_raw(p, k, 1, k == i ? blanks : 0);
		} else {
			add_raw(p, i, j - i, blanks);
		}
		blanks = 0;
		i = j;
	}
}

/* Classify a raw block: prose or kept lines, table of contents, heading candidate. */
static void
classify(const struct parser *p, struct raw *r)
{
	struct line *l = &p->lines[r->first];
	size_t i, full = 0, real = 0, markers = 0, entries = 0;
	int cols = 0, bare;

	r->kind = BLOCK_PARA;
	for (i = 0; i < r->count; i++) {
		if (is_rule(&l[i]))
			continue;
		real++;
		cols += l[i].cols;
		if (i + 1 < r->count && l[i].cols * 4 >= p->wrap * 3)
			full++;
		if (marker_kind(&l[i], &bare) != H_NONE)
			markers++;
		if (is_toc_entry(&l[i]))
			entries++;
	}
	if (r->count > 1 && full * 2 < r->count - 1)
		r->kind = BLOCK_LINES;

	r->head = H_NONE;
	/* Several markers, or page numbers: a table of contents, kept as lines. */
	if (markers >= 2 || entries * 2 > real) {
		r->toc = 1;
		r->kind = r->count > 1 ? BLOCK_LINES : r->kind;
		return;
	}
	/* Heading candidates: few short lines. */
	if (r->bracket || real == 0 || real > HEAD_LINES || cols > 2 * HEAD_MAX)
		return;
	enum hkind m = marker_kind(&l[0], &r->bare);
	if (m != H_NONE) {
		r->head = m;
		if (real > 1)
			r->bare = 0;
		return;
	}
	if (real > 2 || l[0].cols > HEAD_MAX || !has_letter(l[0].s, l[0].n))
		return;
	/* A little indent is a letter, a signature or a quotation, not a title. */
	int indent = l[0].indent - p->indent;
	if (indent > 0 && indent < QUOTE_INDENT)
		return;
	if (is_dedication_or_end(&l[0]) || has_url(l[0].s, l[0].n))
		return;
	int caps = 1;
	for (i = 0; i < r->count; i++)
		if (!is_rule(&l[i]) && !is_caps(l[i].s, l[i].n))
			caps = 0;
	const struct line *last = &l[r->count - 1];
	char end = last->n ? last->s[last->n - 1] : 0;
	if (caps && end != ',' && end != ';' && end != ':') {
		r->head = H_CAPS;
		return;
	}
	if (real == 1 && l[0].cols <= 80 && !ends_punct(last->s, last->n) &&
	    !starts_dialogue(l[0].s, l[0].n) && starts_capital(l[0].s, l[0].n))
		r->head = H_PLAIN;
}

/* Mark the raw blocks inside "[…]" (Gutenberg's "[Illustration: …]" captions). */
static void
mark_brackets(struct parser *p, size_t from, size_t to)
{
	long depth = 0;
	size_t open = 0;
	for (size_t i = from; i < to; i++) {
		struct raw *r = &p->raws[i];
		const struct line *l = &p->lines[r->first];
		if (depth > 0 && i - open > BRACKET_MAX)
			depth = 0; /* a stray '[' in prose: stop */
		if (depth == 0 && l[0].n > 0 && l[0].s[0] == '[')
			open = i;
		r->bracket = depth > 0 || (l[0].n > 0 && l[0].s[0] == '[');
		if (!r->bracket)
			continue;
		for (size_t k = 0; k < r->count; k++)
			for (size_t j = 0; j < l[k].n; j++)
				depth += (l[k].s[j] == '[') - (l[k].s[j] == ']');
		if (depth < 0)
			depth = 0;
	}
}

/* Is raw block r text that a heading introduces? */
static int
is_text(const struct raw *r, const struct parser *p)
{
	const struct line *l = &p->lines[r->first];
	if (r->head != H_NONE || r->toc)
		return 0;
	for (size_t i = 0; i < r->count; i++)
		if (has_letter(l[i].s, l[i].n))
			return 1;
	return 0;
}

/* The usual number of blank lines between blocks, and whether headings get more. */
static void
measure_gaps(struct parser *p, size_t from, size_t to)
{
	size_t hist[4] = { 0 }, runs = 0, spaced = 0;
	for (size_t i = from + 1; i < to; i++)
		hist[p->raws[i].blanks_before < 3 ? p->raws[i].blanks_before : 3]++;
	p->gap = 0;
	for (int k = 1; k < 4; k++)
		if (hist[k] > hist[p->gap])
			p->gap = k;
	for (size_t i = from; i < to; i++) {
		if (p->raws[i].head == H_NONE || (i > from && p->raws[i - 1].head != H_NONE))
			continue;
		runs++;
		if (p->raws[i].blanks_before > p->gap)
			spaced++;
	}
	p->spaced = p->gap >= 1 && spaced >= 2 && spaced * 3 >= runs;
}

/* Can r, the block after a bare marker, be its subtitle?  next is the block after r. */
static int
is_subtitle(const struct parser *p, const struct raw *r, const struct raw *next)
{
	const struct line *l = &p->lines[r->first];
	int cols = 0;
	if (r->head >= H_CAPS)
		return 1;
	for (size_t i = 0; i < r->count; i++)
		cols += l[i].cols;
	if (r->head != H_NONE || r->toc || r->bracket || r->count > 3 || cols > 2 * HEAD_MAX)
		return 0;
	if (starts_dialogue(l->s, l->n) || !has_letter(l->s, l->n))
		return 0;
	/*
	 * Anything else (a sentence ending in "?", a title wrapped on two
	 * lines) is a subtitle only if space sets it apart from the text.
	 */
	return p->spaced && next != NULL && next->blanks_before > p->gap;
}

/* Is raw block k, or the first after it past illustrations, text?  (k < to.) */
static int
text_at(const struct parser *p, size_t k, size_t to)
{
	while (k < to && p->raws[k].bracket)
		k++;
	return k < to && is_text(&p->raws[k], p);
}

/* Keep the runs of candidates that introduce text. */
static void
choose_headings(struct parser *p, size_t from, size_t to)
{
	size_t i = from;
	while (i < to) {
		if (p->raws[i].head == H_NONE) {
			i++;
			continue;
		}
		size_t j = i, k;
		while (j < to && p->raws[j].head != H_NONE)
			j++;
		/* A long run of short lines is a list, not a pile of headings. */
		if (j - i > RUN_MAX) {
			i = j;
			continue;
		}
		/*
		 * What follows, past illustrations; a bare marker's subtitle
		 * first, if text follows the subtitle in turn.  A chapter of one
		 * short paragraph, spaced apart from the next heading, looks
		 * like a subtitle; but a title introduces text, and the next
		 * heading is not text: that paragraph is the chapter.
		 */
		size_t after = j;
		if (p->raws[j - 1].head < H_CAPS && p->raws[j - 1].bare && after < to &&
		    is_subtitle(p, &p->raws[after], after + 1 < to ? &p->raws[after + 1] : NULL) &&
		    text_at(p, after + 1, to))
			after++;
		while (after < to && p->raws[after].bracket)
			after++;
		int ok = after < to && is_text(&p->raws[after], p);
		if (p->spaced && p->raws[i].blanks_before <= p->gap)
			ok = 0;
		if (!ok) {
			i = j;
			continue;
		}
		size_t next = j;
		for (k = i; k < j || (k < after && k == j); k++) {
			struct raw *r = &p->raws[k], *prev = k > i ? &p->raws[k - 1] : NULL;
			if (prev && prev->keep && !prev->subtitle && prev->bare &&
			    prev->head < H_CAPS && (k == j || r->head >= H_CAPS)) {
				r->keep = r->subtitle = 1;
				prev->bare = 0;
				continue;
			}
			if (k == j)
				break;
			/*
			 * A mixed-case line after a full heading needs space of its
			 * own; it is prose, and what follows it starts a new run.
			 */
			if (prev && r->head == H_PLAIN && p->spaced && r->blanks_before <= p->gap) {
				r->head = H_NONE;
				next = k + 1;
				break;
			}
			r->keep = 1;
		}
		i = next;
	}
}

/*
 * Does s[0..n) hold two spaces side by side?  Most lines do not, and
 * memmem's set-up costs more than the search on a line.  Eight bytes at a
 * time, the windows overlapping by one so that a pair across two is seen:
 * a space is a zero byte of x ^ 0x20….
 */
static int
has_double_space(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101u;
	size_t i = 0;
	for (; i + 8 <= n; i += 7) {
		uint64_t x, t, sp;
		memcpy(&x, s + i, 8);
		t = x ^ (0x20 * ones);
		sp = util_zero_bytes8(t);
		if (sp & (sp >> 8))
			return 1;
	}
	for (; i + 1 < n; i++)
		if (s[i] == ' ' && s[i + 1] == ' ')
			return 1;
	return 0;
}

/* Join the lines of a raw block into one text, as prose or as kept lines. */
static void
join(const struct parser *p, const struct raw *r, struct buf *t, int prose)
{
	for (size_t i = 0; i < r->count; i++) {
		const struct line *l = &p->lines[r->first + i];
		if (is_rule(l) && r->count > 1)
			continue;
		if (t->len > 0 && t->data[t->len - 1] != '\n') {
			char last = t->data[t->len - 1];
			int hyph = last == '-' && t->len >= 2 && t->data[t->len - 2] != '-' &&
			           t->data[t->len - 2] != ' ';
			if (!prose)
				buf_addc(t, '\n');
			else if (!hyph)
				buf_addc(t, ' ');
		}
		/*
		 * Copy the line whole, then collapse its runs of spaces, if it
		 * has any (most lines have none).
		 */
		size_t at = t->len;
		buf_add(t, l->s, l->n);
		char *a = t->data + at, *e = t->data + t->len;
		char *sp = has_double_space(l->s, l->n) ? memmem(a, l->n, "  ", 2) : NULL;
		if (sp != NULL) {
			char *w = sp + 1; /* keeps the first space of the run */
			for (a = sp + 1; a < e; a++)
				if (*a != ' ' || w[-1] != ' ')
					*w++ = *a;
			t->len = (size_t)(w - t->data);
			t->data[t->len] = '\0';
		}
		/*
		 * A marker heading with its title below it in the same block
		 * ("CHAPITRE PREMIER" / "COMMENT CANDIDE …"): the marker on a
		 * line of its own, as a bare marker and its subtitle are.
		 */
		if (i == 0 && prose && r->keep && r->head < H_CAPS && r->count > 1)
			buf_addc(t, '\n');
	}
}

/*
 * The text of raw block r, joined, with French spacing if typo, and with
 * the conventions of plain-text books (dashes, italics) rendered unless it
 * is code, all in out's scratch buffers; its italic ranges in
 * out->italics.
 */
static const char *
block_text(const struct parser *p, struct out *out, const struct raw *r, int prose, int code,
           size_t *n)
{
	struct buf *t = &out->joined, *f = &out->spaced_out;
	int typo = p->o->typo && !code;
	t->len = f->len = 0;
	out->nitalics = 0;
	join(p, r, t, prose);
	if (typo)
		typo_apply(f, t->data ? t->data : "", t->len);
	else
		f = t;
	if (!code && typo_conventions_needed(f->data ? f->data : "", f->len, typo)) {
		out->nitalics = typo_conventions(&out->conv, f->data, f->len, typo, &out->italics,
		                                 &out->capitalics);
		f = &out->conv;
	}
	*n = f->len;
	return f->data ? f->data : "";
}

/*
 * Give the last block the italic ranges block_text() found: its text is
 * at bytes from the block's start, less the drop blanks it lost in front.
 */
static void
add_italics(const struct out *out, size_t at, size_t drop)
{
	for (size_t k = 0; k < out->nitalics; k++)
		doc_add_span(out->d, at + out->italics[k].start - drop,
		             at + out->italics[k].end - drop, STYLE_ITALIC, NULL);
}

static void
emit(const struct parser *p, struct out *out, const struct raw *r, int level)
{
	enum block_kind kind = r->keep ? BLOCK_HEADING : r->kind;
	size_t n;
	const char *s = block_text(p, out, r, kind != BLOCK_LINES, kind == BLOCK_CODE, &n);
	size_t lead = 0;
	while (lead < n && (s[lead] == ' ' || s[lead] == '\n'))
		lead++; /* what doc_add_block drops */
	doc_add_block(out->d, kind, level, s, n);
	add_italics(out, 0, lead);
}

/* Append a subtitle to the heading block just added, after a line break. */
static void
emit_subtitle(const struct parser *p, struct out *out, const struct raw *r)
{
	struct doc *d = out->d;
	struct block *b = &d->blocks[d->nblocks - 1];
	size_t n;
	const char *s = block_text(p, out, r, 1, 0, &n);
	/* The block is the last thing in the buffer: replace its '\n'. */
	d->build.len = b->end;
	buf_addc(&d->build, '\n');
	size_t at = d->build.len - b->start;
	buf_add(&d->build, s, n);
	b->end = d->build.len;
	buf_addc(&d->build, '\n');
	add_italics(out, at, 0);
}

/*
 * Find a line that contains needle (which holds no line end), from line
 * from up to to; or (size_t)-1.  One memmem over the text those lines
 * span: a search per line paid memmem's set-up (or a memcmp per byte) on
 * every line up to Gutenberg's end mark, a millisecond on a 3 MB book.
 */
static size_t
find_line(const struct parser *p, size_t from, size_t to, const char *needle)
{
	size_t k = strlen(needle);
	if (from >= to)
		return (size_t)-1;
	const char *a = p->lines[from].s, *e = p->lines[to - 1].s + p->lines[to - 1].n;
	while (a < e) {
		const char *m = memmem(a, (size_t)(e - a), needle, k);
		if (m == NULL)
			return (size_t)-1;
		/* The last line starting at or before m (lines are in text order). */
		size_t lo = from, hi = to;
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;
			if (p->lines[mid].s <= m)
				lo = mid;
			else
				hi = mid;
		}
		/* Not in the blanks that trimming took off a line. */
		if (m + k <= p->lines[lo].s + p->lines[lo].n)
			return lo;
		a = m + 1;
	}
	return (size_t)-1;
}

/* Gutenberg's "Title: …" field, if any. */
static char *
gutenberg_title(const struct parser *p, size_t to)
{
	for (size_t i = 0; i < to; i++) {
		const struct line *l = &p->lines[i];
		if (l->n > 7 && memcmp(l->s, "Title: ", 7) == 0)
			return xstrndup(l->s + 7, l->n - 7);
	}
	return NULL;
}

/*
 * Run fn(b) on a second thread while fn(a) runs on this one; both here, one
 * after the other, if no thread can be started.  The parser's work on a
 * half touches nothing the other half reads, and never says notice().
 */
static void
run_both(void *(*fn)(void *), void *a, void *b)
{
	pthread_t t;
	if (util_thread_create(&t, fn, b) != 0) {
		fn(a);
		fn(b);
		return;
	}
	fn(a);
	pthread_join(t, NULL);
}

struct split_job {
	const char *s;
	size_t n;
	struct lines ls;
};

static void *
split_run(void *arg)
{
	struct split_job *j = arg;
	split_lines(&j->ls, j->s, j->n);
	return NULL;
}

/*
 * The lines of s[0..n) into p, and the usual wrap width and indent; on two
 * threads, in two halves cut after a line end, the second one's lines then
 * appended to the first's.
 */
static void
split_text(struct parser *p, const char *s, size_t n)
{
	struct split_job a = { .s = s, .n = n }, b = { .s = s + n };
	const char *nl = p->two ? memchr(s + n / 2, '\n', n - n / 2) : NULL;
	if (nl != NULL) {
		a.n = (size_t)(nl + 1 - s);
		b.s = nl + 1;
		b.n = n - a.n;
		run_both(split_run, &a, &b);
	} else {
		split_run(&a);
	}
	if (b.ls.n > 0) {
		a.ls.v = xgrow(a.ls.v, &a.ls.cap, a.ls.n + b.ls.n, sizeof *a.ls.v);
		memcpy(a.ls.v + a.ls.n, b.ls.v, b.ls.n * sizeof *b.ls.v);
		a.ls.n += b.ls.n;
	}
	for (int c = 0; c <= LONG_LINE; c++)
		a.ls.cols[c] += b.ls.cols[c];
	for (int k = 0; k <= QUOTE_INDENT; k++)
		a.ls.indents[k] += b.ls.indents[k];
	free(b.ls.v);
	p->lines = a.ls.v;
	p->nlines = a.ls.n;
	p->wrap = guess_wrap(&a.ls);
	p->indent = guess_indent(&a.ls);
}

struct classify_job {
	const struct parser *p;
	size_t from, to;
};

static void *
classify_run(void *arg)
{
	struct classify_job *j = arg;
	for (size_t i = j->from; i < j->to; i++)
		classify(j->p, &j->p->raws[i]);
	return NULL;
}

/* The bytes of source text raw blocks [from, to) span (from < to). */
static size_t
range_bytes(const struct parser *p, size_t from, size_t to)
{
	const struct line *a = &p->lines[p->raws[from].first];
	const struct line *z = &p->lines[p->raws[to - 1].first + p->raws[to - 1].count - 1];
	return (size_t)(z->s + z->n - a->s);
}

/*
 * Are raw blocks [from, to) text enough for two threads?  Not the few
 * blocks of a Gutenberg header or licence, even in a big book.
 */
static int
two_for(const struct parser *p, size_t from, size_t to)
{
	return p->two && to - from >= 2 && range_bytes(p, from, to) >= p->split;
}

/* Classify raw blocks [from, to), each on its own: in two halves on two threads. */
static void
classify_all(struct parser *p, size_t from, size_t to)
{
	size_t mid = from + (to - from) / 2;
	struct classify_job a = { p, from, to }, b = { p, mid, to };
	if (!two_for(p, from, to)) {
		classify_run(&a);
		return;
	}
	a.to = mid;
	run_both(classify_run, &a, &b);
}

/* The body's blocks [from, to) into out, with their heading levels. */
struct emit_job {
	const struct parser *p;
	struct out *out;
	size_t from, to;
	const int *level;   /* by kind of heading */
	size_t title;       /* the raw block that is the title, or (size_t)-1 */
	size_t title_block; /* out: its block, or (size_t)-1 */
};

static void *
emit_run(void *arg)
{
	struct emit_job *j = arg;
	for (size_t i = j->from; i < j->to; i++) {
		const struct raw *r = &j->p->raws[i];
		if (r->subtitle) {
			emit_subtitle(j->p, j->out, r);
			continue;
		}
		if (i == j->title)
			j->title_block = j->out->d->nblocks;
		emit(j->p, j->out, r, r->keep ? (i == j->title ? 1 : j->level[r->head]) : 0);
	}
	return NULL;
}

/*
 * Emit raw blocks [from, to) into p's document; on two threads, the
 * second half into a document of its own on a second thread, appended
 * after.  The halves are cut before a block that is not a subtitle (which
 * would edit the block before it) and after the title.  Returns the title's
 * block, or (size_t)-1.
 */
static size_t
emit_blocks(struct parser *p, size_t from, size_t to, const int *level, size_t title)
{
	struct emit_job a = { p, &p->out, from, to, level, title, (size_t)-1 };
	size_t mid = from + (to - from) / 2;
	while (mid < to && p->raws[mid].subtitle)
		mid++;
	if (!two_for(p, from, to) || mid <= from || mid >= to ||
	    (title != (size_t)-1 && title >= mid)) {
		emit_run(&a);
		return a.title_block;
	}
	/* The second half's text: about as long as its lines, as for the whole. */
	size_t bytes = range_bytes(p, mid, to);
	struct out part = { .d = doc_create("") };
	part.d->build.data = xgrow(NULL, &part.d->build.cap, bytes + bytes / 16 + 64, 1);
	struct emit_job b = { p, &part, mid, to, level, title, (size_t)-1 };
	a.to = mid;
	run_both(emit_run, &a, &b);
	doc_append(p->out.d, part.d);
	doc_free(part.d);
	out_free(&part);
	return a.title_block;
}

/* Emit lines [from, to) as plain blocks of a front or back matter section. */
static void
emit_matter(struct parser *p, size_t from, size_t to, const char *title)
{
	static const int no_level[H_COUNT];
	size_t r0 = p->nraws;
	group(p, from, to);
	if (p->nraws == r0)
		return;
	size_t b0 = p->out.d->nblocks;
	classify_all(p, r0, p->nraws);
	for (size_t i = r0; i < p->nraws; i++)
		p->raws[i].head = H_NONE;
	emit_blocks(p, r0, p->nraws, no_level, (size_t)-1);
	doc_add_section(p->out.d, b0, 1, title);
}

void
parse_text(struct doc *d, const char *s, size_t n, const struct parse_opts *o)
{
	parse_text_split(d, s, n, o, SPLIT_MIN);
}

void
parse_text_split(struct doc *d, const char *s, size_t n, const struct parse_opts *o, size_t split)
{
	d->typo = o->typo; /* search spaces its queries the same way */
	struct parser p = { 0 };
	size_t body = 0, end, i;
	char *title = NULL;

	p.out.d = d;
	p.o = o;
	p.two = n >= split;
	p.split = split;
	marker_ends_init();
	split_text(&p, s, n);
	/*
	 * The document text is about as long as the input: reserve it once
	 * (French spacing adds a few bytes, joined lines lose their indent).
	 */
	d->build.data = xgrow(d->build.data, &d->build.cap, d->build.len + n + n / 16 + 64, 1);
	end = p.nlines;

	/* Front and back matter: Project Gutenberg, and ABU's licence header. */
	size_t start = find_line(&p, 0, p.nlines < 400 ? p.nlines : 400, "*** START OF");
	if (start != (size_t)-1) {
		title = gutenberg_title(&p, start);
		body = start + 1;
		/* The "Produced by …" credit right after the start line is Gutenberg's too. */
		size_t k = body;
		while (k < p.nlines && k < body + 10 && p.lines[k].n == 0)
			k++;
		if (k < p.nlines && p.lines[k].n >= 12 &&
		    memcmp(p.lines[k].s, "Produced by ", 12) == 0) {
			while (k < p.nlines && p.lines[k].n > 0)
				k++;
			body = k;
		}
		emit_matter(&p, 0, body, "Project Gutenberg");
	} else {
		size_t abu = find_line(&p, 0, p.nlines < 200 ? p.nlines : 200, "FIN DE L'EN-TETE");
		if (abu != (size_t)-1) {
			body = abu + 1;
			emit_matter(&p, 0, body, "Licence ABU");
		}
	}
	const char *back = "Licence Project Gutenberg";
	size_t stop = find_line(&p, body, p.nlines, "*** END OF");
	if (stop != (size_t)-1)
		end = stop;
	else if (body > 0) {
		size_t fin = find_line(&p, p.nlines > 50 ? p.nlines - 50 : body, p.nlines,
		                       "FIN DU FICHIER");
		if (fin != (size_t)-1 && fin >= body) {
			end = fin;
			back = "Fin du fichier";
		}
	}
	/* Drop ABU's "DEBUT DU FICHIER" marker line. */
	if (body > 0 && body < end) {
		size_t deb =
		        find_line(&p, body, body + 5 < end ? body + 5 : end, "DEBUT DU FICHIER");
		if (deb != (size_t)-1)
			body = deb + 1;
	}

	size_t r0 = p.nraws;
	group(&p, body, end);
	size_t r1 = p.nraws;
	mark_brackets(&p, r0, r1);
	classify_all(&p, r0, r1);
	measure_gaps(&p, r0, r1);
	choose_headings(&p, r0, r1);

	/* Rank the kinds of heading present into levels. */
	int present[H_COUNT] = { 0 }, level[H_COUNT] = { 0 }, rank = 1;
	size_t first_kept = (size_t)-1;
	for (i = r0; i < r1; i++) {
		if (p.raws[i].keep && !p.raws[i].subtitle) {
			if (first_kept == (size_t)-1)
				first_kept = i;
			else
				present[p.raws[i].head] = 1;
		}
	}
	/* The document starts with a heading: it is the title, level 1. */
	int has_title = first_kept == r0 && title == NULL;
	if (first_kept != (size_t)-1 && !has_title)
		present[p.raws[first_kept].head] = 1;
	if (has_title)
		rank = 2;
	for (int k = H_PART; k < H_COUNT; k++)
		if (present[k])
			level[k] = rank++;

	size_t title_block = emit_blocks(&p, r0, r1, level, has_title ? r0 : (size_t)-1);

	if (end < p.nlines)
		emit_matter(&p, end, p.nlines, back);
	/* A title heading after front matter (ABU) still names the document. */
	if (title == NULL && title_block != (size_t)-1 && title_block > 0) {
		d->text = d->build.data;
		title = doc_heading_title(d, title_block);
		d->text = NULL;
	}
	doc_finish(d, title);
	free(title);
	free(p.lines);
	free(p.raws);
	out_free(&p.out);
}
