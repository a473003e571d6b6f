/*
 * parse_text.c — the structure of plain text: paragraphs, headings with
 * levels, and the front and back matter of Project Gutenberg and ABU files.
 *
 * Plain text has no markup, so structure is read the way a person reads it
 * (and a demanding typographer would state it):
 *
 *  1. Lines are grouped into raw blocks at blank lines.  A raw block that
 *     holds a line longer than anyone hard-wraps (LONG_LINE columns) is a
 *     file with one paragraph per line: each of its lines is a block.  An
 *     underlined heading ("Titre" / "=====") and a heading set out left of
 *     the text's margin (a manual page's "NOM" over its indented text) are
 *     blocks of their own even without a blank line.  Indentation is
 *     measured in columns, no-break spaces included (text browsers indent
 *     with them), and the text's margin is the least indent many lines have.
 *  2. A raw block whose lines fill the document's usual wrap width is prose
 *     (lines joined, a line-end hyphen kept without a space, a web address
 *     cut at a line end joined again); several short lines are kept as
 *     lines (verse, tables of contents, kept with their indentation).
 *     Verbatim blocks keep every line and space and are never refilled,
 *     hyphenated nor French-spaced: tables and drawings, shell sessions,
 *     columns aligned on runs of spaces (not a justified paragraph's gaps),
 *     code set in from the margin and not filled (is_verbatim).  A block
 *     with list markers ("* ", "1. ", "a) ") is cut into items with a
 *     hanging indent, even with no blank line before them (list_marker).
 *  3. Heading candidates: marker lines ("CHAPITRE …", "Livre …", "PREMIÈRE
 *     PARTIE", "Chapitre 8.", "Annexe A.", a lone roman numeral), section
 *     numbers up to NUM_DEPTH deep with any space after them ("8.1.\u00A0",
 *     a heading wrapped onto the lines below), underlined lines, ALL-CAPS
 *     lines, and short lines without final punctuation (or set out of the
 *     margin).  Not candidates: a block with two or more marker lines, or
 *     lines ending in page numbers (a table of contents); what is inside
 *     "[Illustration: …]" brackets; unmarked lines that are indented a
 *     little (letters, signatures, quotations), dedications ("À …",
 *     "DÉDIÉ …"), end marks ("FIN …"), admonition labels, captions,
 *     navigation records and copyright lines (is_label).
 *  4. The shape of the whole rules more out (rule_out): where headings
 *     stand out of a margin, a line at or inside it is no heading; a
 *     contents label and what follows it entry after entry are contents; a
 *     title page before the contents has one heading, its title; a term
 *     over its definition is no heading; section numbers follow each other,
 *     and one that starts again is an item of a list.
 *  5. A run of candidates is kept only if it introduces text: followed by
 *     a block of text (past a chapter's own contents), not by a table of
 *     contents.  Where the document sets its headings apart with more blank
 *     lines than between paragraphs (as Gutenberg books do), a run needs
 *     that extra space before it (or an underline): a short sentence that
 *     lost its final period is not a heading.  Inside a run, an unmarked
 *     mixed-case line after a heading that is not a bare marker needs its
 *     own extra space too.
 *  6. A bare marker ("Chapitre I") takes what follows it as its subtitle,
 *     on a line of its own: the next candidate, or a one-line block set
 *     apart by extra space ("Que faire dans l'abîme … ?") and followed by
 *     text (else it is the text: a chapter of one paragraph).
 *  7. Levels nest as the headings do (assign_levels): a section number
 *     under the heading that carries its parent number, other headings by
 *     the rank of their kind and how far out they are set; the title, when
 *     the document starts with a heading or a title page, is level 1 above
 *     them all.
 *  8. Each block has its language when its words say so clearly
 *     (typo_block_lang): French spacing only for French, and layout
 *     hyphenates it with its own patterns.  In raw mode (parse_opts.raw)
 *     every block keeps its source lines as they are, as code does.
 *
 * The rules are general on purpose; tests/golden holds what they give on
 * every text of the corpus, tests/docs what they give on real documentation
 * (DocBook and Sphinx text, Texinfo, manual pages), scored against each
 * document's own table of contents.  Several Gutenberg books in one file
 * each get their header, body and licence (parse_body per book).
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
	TITLE_PAGE = 40,  /* raw blocks: contents further in do not close a title page */
	MARGIN_MAX = 16,  /* columns: the deepest left margin of a text */
};

/* bytes: a longer text is parsed on two threads */
#define SPLIT_MIN ((size_t)256 * 1024)

/* Kinds of headings, from the top down; their rank gives the level. */
enum hkind {
	H_NONE,
	H_PART,
	H_BOOK,
	H_CHAPTER,
	H_NUM1, /* numbered: H_NUM1 + depth - 1, up to NUM_DEPTH */
	H_NUM6 = H_NUM1 + 5,
	H_UNDER, /* underlined: ranked by the order its rule first appears */
	H_CAPS,
	H_PLAIN,
	H_COUNT
};

enum {
	NUM_DEPTH = 6,     /* deepest section number: 6.6.3.1.1. */
	NUM_LETTER = 1000, /* A = NUM_LETTER + 1: appendices come after chapters */
};

/* A section number: "8.1.2." is {8, 1, 2}, depth 3; "A.1" is {NUM_LETTER + 1, 1}. */
struct number {
	int v[NUM_DEPTH];
	int depth;
	int dot; /* ended with a period ("1.") */
};

struct line {
	const char *s; /* content without leading and trailing blanks */
	size_t n;
	int cols;   /* its width in code points */
	int indent; /* leading blanks */
	int gaps;   /* it holds two spaces side by side (found once, read twice) */
};

struct raw {
	size_t first, count; /* lines[first .. first+count) */
	int blanks_before;
	enum block_kind kind;
	enum hkind head;   /* candidate kind */
	int bare;          /* a marker with nothing after it ("Chapitre I") */
	int toc;           /* entries of a table of contents */
	int bracket;       /* inside "[…]" (an illustration caption) */
	int keep;          /* 1: heading kept */
	int subtitle;      /* merged into the heading before it */
	int first_bare;    /* its first line is a bare marker, its title below */
	int page;          /* on a title page: neither a heading nor text a heading introduces */
	int verbatim;      /* kept line for line: a table, a drawing, code, a session */
	int list;          /* holds list items */
	char under;        /* a heading underlined with this character */
	int level;         /* heading level, once chosen */
	struct number num; /* a numbered heading's number (depth 0: none) */
};

/* The lines of a stretch of text, and how many have each width and indent. */
struct lines {
	struct line *v;
	size_t n, cap;
	size_t cols[LONG_LINE + 1];       /* lines of 30 .. LONG_LINE columns, by width */
	size_t indents[QUOTE_INDENT + 1]; /* lines of 30 columns or more, by indent */
	size_t margins[MARGIN_MAX + 1];   /* the same that do not start with a figure */
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
	int wrap;         /* the usual width of hard-wrapped prose lines */
	int indent;       /* the usual indent of prose lines */
	int gap;          /* the usual number of blank lines between blocks */
	int spaced;       /* headings are set apart by more than gap blank lines */
	int margin;       /* the text's left margin: the least indent many lines have */
	int two;          /* work on two threads */
	const char *lang; /* the document's language */
	int french;       /* it is French: French spacing unless a block says otherwise */
	size_t split;     /* the least text for two threads to be worth it */
	struct out out;   /* the document, for all but the body's second half on two threads */
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

/* The bytes of the no-break space (U+00A0 or U+202F) at s, or 0. */
static size_t
nb_space(const char *s, size_t n)
{
	if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0xAF)
		return 3;
	return 0;
}

/* The bytes of the no-break space that ends s[0..n), or 0. */
static size_t
nb_space_before(const char *s, size_t n)
{
	if (n >= 2 && nb_space(s + n - 2, 2))
		return 2;
	if (n >= 3 && nb_space(s + n - 3, 3))
		return 3;
	return 0;
}

/* Split s[0..n) into lines, appended to ls, and count their widths and indents. */
static void
split_lines(struct lines *ls, const char *s, size_t n)
{
	size_t i = 0, k = 0;
	/* Room for lines of 40 bytes on average, about what books have. */
	ls->v = xgrow(ls->v, &ls->cap, ls->n + n / 40 + 16, sizeof *ls->v);
	while (i < n) {
		const char *e = memchr(s + i, '\n', n - i);
		size_t j = e ? (size_t)(e - s) : n;
		size_t a = i, b = j;
		int indent = 0;
		/*
		 * Indentation is not text: no-break spaces at the start of a line
		 * (text browsers set them there) indent it as spaces do.
		 */
		for (;; indent++) {
			if (a < b && s[a] == ' ')
				a++;
			else if (a < b && (unsigned char)s[a] >= 0xC2 &&
			         (k = nb_space(s + a, b - a)))
				a += k;
			else
				break;
		}
		while (b > a && (s[b - 1] == ' ' || ((unsigned char)s[b - 1] >= 0x80 &&
		                                     (k = nb_space_before(s + a, b - a)))))
			b -= s[b - 1] == ' ' ? 1 : k;
		ls->v = xgrow(ls->v, &ls->cap, ls->n + 1, sizeof *ls->v);
		struct line *l = &ls->v[ls->n++];
		l->s = s + a;
		l->n = b - a;
		l->cols = ucount(s + a, b - a);
		l->indent = indent;
		l->gaps = has_double_space(s + a, b - a);
		if (l->cols >= 30) {
			if (l->cols <= LONG_LINE)
				ls->cols[l->cols]++;
			ls->indents[l->indent < QUOTE_INDENT ? l->indent : QUOTE_INDENT]++;
			if (!isdigit((unsigned char)*l->s))
				ls->margins[l->indent < MARGIN_MAX ? l->indent : MARGIN_MAX]++;
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
	return n == k || s[k] == ' ' || s[k] == '-' || s[k] == '.' || s[k] == ',' || s[k] == ':' ||
	       nb_space(s + k, n - k);
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
	{ WORD("partie"), H_PART },       { WORD("part"), H_PART },
	{ WORD("tome"), H_PART },         { WORD("volume"), H_PART },
	{ WORD("livre"), H_BOOK },        { WORD("book"), H_BOOK },
	{ WORD("chapitre"), H_CHAPTER },  { WORD("chapter"), H_CHAPTER },
	{ WORD("acte"), H_BOOK },         { WORD("scène"), H_CHAPTER },
	{ WORD("annexe"), H_CHAPTER },    { WORD("appendix"), H_CHAPTER },
	{ WORD("appendice"), H_CHAPTER },
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
	if (n == 1 && s[0] >= 'A' && s[0] <= 'Z')
		return 1; /* "Annexe A" */
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
	       !(s[i] == '-' && i + 1 < n && s[i + 1] == '-') &&
	       !((unsigned char)s[i] >= 0xC2 && nb_space(s + i, n - i)))
		i++;
	return i;
}

/* Move *s past the spaces, plain or no-break, that start it. */
static void
skip_spaces(const char **s, size_t *n)
{
	size_t k = 0;
	while (*n > 0 && (**s == ' ' || (k = nb_space(*s, *n)) > 0)) {
		k = **s == ' ' ? 1 : k;
		*s += k;
		*n -= k;
	}
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
	if (n > 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] == '.' && isdigit((unsigned char)s[2]))
		return 1; /* "A.1." */
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
 * The section number that starts s[0..n) ("1.2.", "6.6.3.1.1.", "A.1",
 * "1)"), followed by any space — a plain one, a no-break or a narrow
 * no-break one — and not by a digit: the bytes up to the title, or 0.
 */
static size_t
section_number(const char *s, size_t n, struct number *num)
{
	size_t i = 0, k;
	memset(num, 0, sizeof *num);
	while (i < n && num->depth < NUM_DEPTH) {
		int v = 0;
		if (i < n && s[i] >= 'A' && s[i] <= 'Z' && num->depth == 0) {
			v = NUM_LETTER + s[i] - 'A' + 1;
			i++;
		} else {
			size_t d = i;
			while (i < n && isdigit((unsigned char)s[i]) && i - d < 4)
				v = v * 10 + s[i++] - '0';
			if (i == d || (i < n && isdigit((unsigned char)s[i])))
				return 0;
		}
		num->v[num->depth++] = v;
		if (i + 1 < n && s[i] == '.' && isdigit((unsigned char)s[i + 1]))
			i++;
		else
			break;
	}
	if (i < n && s[i] == '.')
		i++, num->dot = 1;
	else if (i < n && s[i] == ')' && num->depth == 1)
		i++;
	if (i >= n)
		return 0;
	if (s[i] == ' ')
		k = 1;
	else if ((k = nb_space(s + i, n - i)) == 0)
		return 0;
	i += k;
	while (i < n && (s[i] == ' ' || (k = nb_space(s + i, n - i)) > 0))
		i += s[i] == ' ' ? 1 : k;
	if (i >= n || isdigit((unsigned char)s[i]))
		return 0;
	return i;
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
	/* Numbered: 1. / 1.2 / 1.2.3. / A.1. followed by a title. */
	if (isdigit((unsigned char)s[0]) || (s[0] >= 'A' && s[0] <= 'Z')) {
		struct number num;
		size_t at = section_number(s, n, &num);
		/*
		 * "1 Title" and "A. Smith" are too common in prose and lists:
		 * one number alone makes a heading only with its period ("1."),
		 * and a letter only with more numbers after it ("A.1.").
		 */
		if (at > 0 && num.depth == 1 && (!num.dot || num.v[0] > NUM_LETTER))
			at = 0;
		if (at > 0)
			return (enum hkind)(H_NUM1 + num.depth - 1);
		if (isdigit((unsigned char)s[0]))
			return H_NONE;
	}
	w1 = word_len(s, n);
	for (k = 0; k < sizeof marker_words / sizeof *marker_words; k++) {
		if (!starts_with_ci(s, n, &words[k].word))
			continue;
		/* "Chapitre I", "CHAPITRE PREMIER", "Livre premier--Titre" */
		const char *r = s + w1;
		size_t rn = n - w1;
		skip_spaces(&r, &rn);
		size_t w2 = ordinal_len(r, rn);
		if (w2 == 0)
			return H_NONE;
		r += w2, rn -= w2;
		for (;;) {
			skip_spaces(&r, &rn);
			if (!rn || (*r != '.' && *r != '-' && *r != ':' && *r != ','))
				break;
			r++, rn--;
		}
		*bare = rn == 0;
		return words[k].kind;
	}
	/* "PREMIÈRE PARTIE", "Livre premier" spelt the other way round. */
	size_t w = ordinal_len(s, n);
	if (w > 0 && !is_roman(s, w1)) {
		const char *r = s + w;
		size_t rn = n - w;
		skip_spaces(&r, &rn);
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
 * The number a marker line carries, when it is a figure or a letter
 * ("Chapitre 8.", "Annexe A."): the numbered headings under it continue
 * it ("8.1.").  Words and roman numerals give none.
 */
static void
marker_number(const struct line *l, struct number *num)
{
	size_t w = word_len(l->s, l->n), i = w;
	memset(num, 0, sizeof *num);
	while (i < l->n && (l->s[i] == ' ' || nb_space(l->s + i, l->n - i)))
		i += l->s[i] == ' ' ? 1 : nb_space(l->s + i, l->n - i);
	if (i >= l->n)
		return;
	if (isdigit((unsigned char)l->s[i])) {
		int v = 0;
		while (i < l->n && isdigit((unsigned char)l->s[i]) && v < 10000)
			v = v * 10 + l->s[i++] - '0';
		num->v[0] = v;
		num->depth = 1;
	} else if (l->s[i] >= 'A' && l->s[i] <= 'Z' &&
	           (i + 1 == l->n || !isalpha((unsigned char)l->s[i + 1]))) {
		num->v[0] = NUM_LETTER + l->s[i] - 'A' + 1;
		num->depth = 1;
	}
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

/*
 * Does the line end like a sentence or a clause, past the quotation marks
 * that close it?  A title may end with a quotation ("Approche simple de
 * « find|xargs »"); what ends a sentence is the punctuation inside it.
 */
static int
ends_sentence(const char *s, size_t n)
{
	static const char *const closers[] = {
		"»", "\"", "”", "’", " ", "\xC2\xA0", "\xE2\x80\xAF"
	};
	for (int again = 1; again && n > 0;) {
		again = 0;
		for (size_t k = 0; k < sizeof closers / sizeof *closers; k++) {
			size_t m = strlen(closers[k]);
			if (n > m && memcmp(s + n - m, closers[k], m) == 0) {
				n -= m;
				again = 1;
				break;
			}
		}
	}
	return ends_punct(s, n);
}

/* Does the line end with a clause that goes on (a comma, a semicolon, a colon)? */
static int
ends_clause(const char *s, size_t n)
{
	return n > 0 && (s[n - 1] == ',' || s[n - 1] == ';' || s[n - 1] == ':');
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

/*
 * The text's left margin: the least indent that a twentieth of the lines
 * of 30 columns or more have, not counting those that start with a figure
 * (numbered headings and contents set out of the text).
 */
static int
guess_margin(const struct lines *ls)
{
	size_t total = 0;
	for (int k = 0; k <= MARGIN_MAX; k++)
		total += ls->margins[k];
	for (int k = 0; k <= MARGIN_MAX; k++)
		if (ls->margins[k] * 20 >= total)
			return k;
	return 0;
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

/*
 * Is l a rule under the line t, as Setext, reStructuredText and Texinfo
 * underline their headings ("Title" / "=====")?  One punctuation repeated,
 * about as long as the title.
 */
static int
is_underline(const struct line *l, const struct line *t)
{
	char c = l->n ? l->s[0] : 0;
	if (l->n < 3 || t->n == 0 ||
	    (c != '=' && c != '-' && c != '*' && c != '~' && c != '^' && c != '.' && c != '#' &&
	     c != '+' && c != '"'))
		return 0;
	for (size_t i = 1; i < l->n; i++)
		if (l->s[i] != c)
			return 0;
	return l->cols + 3 >= t->cols && l->cols <= t->cols + 3 + t->indent &&
	       l->indent <= t->indent;
}

/*
 * A line set out of the text below it: a short line that does not end a
 * clause (with a comma, a semicolon or a colon), left of the text's
 * margin, the next line 3 columns further in or more, but not centred.
 * Manual pages set their headings so, with no blank line between them
 * and their text.  Not a numbered line: an entry of contents over the
 * entries nested under it.
 */
static int
is_outset(const struct parser *p, const struct line *l)
{
	return l[1].indent >= l[0].indent + 3 && l[0].indent < p->margin &&
	       !isdigit((unsigned char)l[0].s[0]) && l[1].indent < p->margin + 2 * QUOTE_INDENT &&
	       l[0].cols <= HEAD_MAX && !ends_clause(l[0].s, l[0].n);
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
			/*
			 * An underlined heading, or a heading set out of its text,
			 * is a block of its own even without blank lines around.
			 */
			size_t a = i;
			for (size_t k = i; k + 1 < j; k++) {
				const struct line *l = &p->lines[k];
				if (k + 2 == j && is_underline(l + 1, l) && !is_rule(l)) {
					if (k > a)
						add_raw(p, a, k - a, a == i ? blanks : 0);
					add_raw(p, k, 2, k == i ? blanks : 0);
					a = k + 2;
					k++;
				} else if (k == a && is_outset(p, l)) {
					add_raw(p, k, 1, k == i ? blanks : 0);
					a = k + 1;
				}
			}
			if (a < j)
				add_raw(p, a, j - a, a == i ? blanks : 0);
		}
		blanks = 0;
		i = j;
	}
}

/*
 * The columns of the list marker that starts l ("* ", "• ", "- ", "1. ",
 * "2) ", "a) ") with the spaces after it, or 0.  A dash is a list marker
 * only where a list may be (in_list): at the margin of running prose it
 * is dialogue.
 */
static int
list_marker(const struct line *l, int in_list)
{
	const char *s = l->s;
	size_t n = l->n, i = 0;
	int cols;
	if (n < 3)
		return 0;
	if (s[0] == '*' || s[0] == '+' || (s[0] == '-' && in_list)) {
		i = 1;
		cols = 1;
	} else if (n >= 4 && (memcmp(s, "•", 3) == 0 || memcmp(s, "◦", 3) == 0 ||
	                      (memcmp(s, "–", 3) == 0 && in_list))) {
		i = 3;
		cols = 1;
	} else if (isdigit((unsigned char)s[0])) {
		while (i < n && i < 3 && isdigit((unsigned char)s[i]))
			i++;
		if (i >= n || (s[i] != '.' && s[i] != ')'))
			return 0;
		i++;
		cols = (int)i;
	} else if (s[0] >= 'a' && s[0] <= 'z' && s[1] == ')') {
		i = 2;
		cols = 2;
	} else {
		return 0;
	}
	if (i >= n || s[i] != ' ')
		return 0;
	while (i < n && s[i] == ' ')
		i++, cols++;
	return i < n ? cols : 0;
}

/* Does the line hold box drawing, or is it a row or rule of an ASCII table? */
static int
is_drawn(const struct line *l)
{
	const char *s = l->s, *e = s + l->n;
	if (l->n >= 2 && (s[0] == '|' || s[0] == '+') && (e[-1] == '|' || e[-1] == '+'))
		return 1;
	while ((s = memchr(s, 0xE2, (size_t)(e - s))) != NULL && e - s > 2) {
		if ((unsigned char)s[1] == 0x94 || (unsigned char)s[1] == 0x95)
			return 1; /* U+2500 .. U+257F */
		s++;
	}
	return 0;
}

/* Does the line start with a shell prompt ("$ ls", "# apt-get …")? */
static int
is_prompt(const struct line *l)
{
	if (l->n < 3 || l->s[1] != ' ')
		return 0;
	if (l->s[0] == '$' || l->s[0] == '%')
		return l->s[2] != ' ';
	/* "# Title" is a title: a root prompt is a command, in lower case or a path. */
	return l->s[0] == '#' && ((l->s[2] >= 'a' && l->s[2] <= 'z') || l->s[2] == '/');
}

/* Does the line hold what code has and prose has not? */
static int
looks_code(const struct line *l)
{
	static const unsigned char mark[256] = {
		['='] = 1, ['{'] = 1, ['}'] = 1, ['<'] = 1, ['>'] = 1, ['|'] = 1, ['\\'] = 1,
		['$'] = 1, ['_'] = 1, [';'] = 1, ['['] = 1, [']'] = 1, ['/'] = 1,
	};
	size_t hits = 0;
	for (size_t i = 0; i < l->n; i++)
		hits += mark[(unsigned char)l->s[i]];
	return hits >= 2 || (l->n > 0 && (l->s[l->n - 1] == ';' || l->s[l->n - 1] == '{' ||
	                                  l->s[l->n - 1] == '}'));
}

/* The columns where a run of two spaces or more ends inside the line: a bit each, up to 64. */
static uint64_t
gap_ends(const struct line *l)
{
	uint64_t bits = 0;
	int col = l->indent;
	if (!l->gaps)
		return 0;
	for (size_t i = 0; i < l->n;) {
		size_t k = 1;
		if (l->s[i] == ' ' && i + 1 < l->n && l->s[i + 1] == ' ') {
			while (i < l->n && l->s[i] == ' ')
				i++, col++;
			if (col < 64)
				bits |= (uint64_t)1 << col;
			continue;
		}
		while (i + k < l->n && ((unsigned char)l->s[i + k] & 0xC0) == 0x80)
			k++;
		i += k;
		col++;
	}
	return bits;
}

/* Does the line reach the usual right edge of the text, as a line of prose does? */
static int
fills(const struct parser *p, const struct line *l)
{
	return (l->indent + l->cols) * 4 >= (p->indent + p->wrap) * 3;
}

/*
 * Is the raw block to be kept line for line, with its spacing?  Tables
 * and drawings; shell sessions; columns aligned on runs of spaces (but not
 * the runs a justified paragraph has, whose lines all reach the same edge);
 * and code: set in from the margin (4 columns or more) and not filled
 * like a paragraph, or lines of short code.  Columns are a run of spaces
 * ending at the same column in three lines in a row, or in a third of
 * the pairs of lines: two spaces after a sentence do not line up so.
 */
static int
is_verbatim(const struct parser *p, const struct raw *r)
{
	const struct line *l = &p->lines[r->first];
	size_t n = r->count, i, code = 0, full = 0;
	uint64_t prev = 0, prev2 = 0;
	int aligned = 0, deep = 1, three = 0, edge = l[0].indent + l[0].cols, even = 1;
	struct number num;
	if (is_prompt(&l[0]))
		return 1;
	/* A numbered line is a heading or an entry of contents, however deep. */
	if (isdigit((unsigned char)l[0].s[0]) && section_number(l[0].s, l[0].n, &num) > 0 &&
	    (num.dot || num.depth > 1) && !l[0].gaps)
		return 0;
	for (i = 0; i < n; i++) {
		if (is_drawn(&l[i]) && !is_rule(&l[i]))
			return 1;
		/* One line has no columns to line up. */
		uint64_t g = n > 1 ? gap_ends(&l[i]) : 0;
		aligned += (g & prev) != 0;
		three |= (g & prev & prev2) != 0;
		prev2 = prev;
		prev = g;
		full += i + 1 < n && fills(p, &l[i]);
		if (i + 1 < n && l[i].indent + l[i].cols != edge)
			even = 0;
		if (l[i].indent < p->margin + 4)
			deep = 0;
	}
	/* Justified prose: every line but the last filled to the same edge. */
	int justified = n >= 3 && full == n - 1 && even;
	if (!justified && (three || (aligned && aligned * 3 >= (int)n - 1)))
		return 1;
	/* Columns that reach the same edge (an index): every pair of lines lines up. */
	if (justified && aligned == (int)n - 1)
		return 1;
	if (list_marker(&l[0], 1) || !((deep && !justified) || (n >= 2 && full == 0)))
		return 0;
	/* Only now, for the few blocks that may be code: which lines look like it. */
	for (i = 0; i < n; i++)
		code += looks_code(&l[i]);
	if (deep && !justified && (n > 1 ? !fills(p, &l[0]) || code * 2 >= n : code > 0))
		return 1;
	/* Short lines of code at the prose's indent: a configuration file, a listing. */
	return n >= 2 && full == 0 && code * 2 > n && code >= 2;
}

/*
 * A record of fields, two "Field: value" pairs or more separated by
 * commas ("File: sed.info,  Node: Top,  Next: Introduction"): navigation,
 * neither a heading nor text.
 */
static int
is_record(const struct line *l)
{
	size_t fields = 0, w = 0;
	/* It starts with a field: a word, then a colon. */
	while (w < l->n && w < 16 && isalpha((unsigned char)l->s[w]))
		w++;
	if (w == 0 || w >= l->n || l->s[w] != ':')
		return 0;
	for (size_t i = 1; i + 1 < l->n; i++)
		if (l->s[i] == ':' && l->s[i + 1] == ' ' && isalpha((unsigned char)l->s[i - 1]))
			fields++;
	return fields >= 2 && memchr(l->s, ',', l->n) != NULL;
}

/* The words that label a table of contents, or a list of tables or figures (contents too). */
static const struct word contents_words[] = {
	WORD("table des matières"), WORD("sommaire"),           WORD("contents"),
	WORD("table of contents"),  WORD("matières"),           WORD("list of tables"),
	WORD("list of figures"),    WORD("list of examples"),   WORD("liste des tableaux"),
	WORD("liste des figures"),  WORD("liste des exemples"),
};

/* Is the line the label of a table of contents ("Table des matières", "Contents:")? */
static int
is_contents_label(const struct line *l)
{
	size_t n = l->n;
	while (n > 0 && (l->s[n - 1] == ':' || l->s[n - 1] == ' '))
		n--;
	return n > 0 &&
	       word_in(l->s, n, contents_words, sizeof contents_words / sizeof *contents_words);
}

/* Words that label an admonition, not a section ("Note", "Astuce", "Warning"). */
static const struct word admonition_words[] = {
	WORD("note"),      WORD("remarque"),      WORD("astuce"),    WORD("nota"),
	WORD("attention"), WORD("avertissement"), WORD("important"), WORD("conseil"),
	WORD("warning"),   WORD("caution"),       WORD("tip"),       WORD("hint"),
	WORD("danger"),    WORD("rationale"),
};

/* Words that start a caption when a number follows ("Tableau 1.2. …", "Figure 3"). */
static const struct word caption_words[] = {
	WORD("tableau"),   WORD("table"),     WORD("figure"),       WORD("exemple"),
	WORD("example"),   WORD("listing"),   WORD("équation"),     WORD("equation"),
	WORD("procédure"), WORD("procedure"), WORD("illustration"),
};

/*
 * Not a heading, however short: an admonition label, a caption, a record
 * of fields ("File: a.info,  Node: Top,  Next: …"), a copyright line.
 */
static int
is_label(const struct line *l)
{
	size_t n = l->n;
	while (n > 0 && (l->s[n - 1] == ':' || l->s[n - 1] == '!' || l->s[n - 1] == ' '))
		n--;
	if (n > 0 &&
	    word_in(l->s, n, admonition_words, sizeof admonition_words / sizeof *admonition_words))
		return 1;
	size_t w = word_len(l->s, l->n);
	if (w > 0 && w < l->n &&
	    word_in(l->s, w, caption_words, sizeof caption_words / sizeof *caption_words)) {
		size_t i = w;
		while (i < l->n && (l->s[i] == ' ' || nb_space(l->s + i, l->n - i)))
			i += l->s[i] == ' ' ? 1 : nb_space(l->s + i, l->n - i);
		if (i < l->n &&
		    (isdigit((unsigned char)l->s[i]) ||
		     (l->s[i] >= 'A' && l->s[i] <= 'Z' && i + 1 < l->n && l->s[i + 1] == '.')))
			return 1;
	}
	/* "Copyright © 1996 …", "Copyright (C) 2001 …", "© 2020 …" (not a "COPYRIGHT" section). */
	if (l->n >= 2 && memcmp(l->s, "©", 2) == 0)
		return 1;
	if (l->n > 10 && strncasecmp(l->s, "copyright ", 10) == 0 &&
	    (isdigit((unsigned char)l->s[10]) || l->s[10] == '(' || memcmp(l->s + 10, "©", 2) == 0))
		return 1;
	return is_record(l);
}

/* Classify a raw block: prose or kept lines, table of contents, heading candidate. */
static void
classify(const struct parser *p, struct raw *r)
{
	struct line *l = &p->lines[r->first];
	size_t i, full = 0, real = 0, markers = 0, entries = 0, menu = 0;
	int cols = 0, bare;

	r->kind = BLOCK_PARA;
	r->head = H_NONE;
	/* An underlined heading: its title, and the rule under it. */
	if (r->count == 2 && is_underline(&l[1], &l[0]) && !is_rule(&l[0]) &&
	    has_letter(l[0].s, l[0].n) && l[0].cols <= HEAD_MAX && !is_label(&l[0])) {
		r->under = l[1].s[0];
		r->head = marker_kind(&l[0], &bare);
		if (r->head >= H_NUM1 && r->head <= H_NUM6)
			section_number(l[0].s, l[0].n, &r->num);
		if (r->head == H_NONE || r->head > H_NUM6)
			r->head = H_UNDER;
		return;
	}
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
		if (l[i].n > 2 && l[i].s[0] == '*' && memmem(l[i].s, l[i].n, "::", 2) != NULL)
			menu++;
	}
	if (r->count > 1 && full * 2 < r->count - 1)
		r->kind = BLOCK_LINES;

	/* Several markers, or page numbers, or a menu: a table of contents, kept as lines. */
	if (markers >= 2 || entries * 2 > real || menu * 2 > real) {
		r->toc = 1;
		r->kind = r->count > 1 ? BLOCK_LINES : r->kind;
		return;
	}
	if (is_verbatim(p, r)) {
		r->verbatim = 1;
		r->kind = BLOCK_CODE;
		return;
	}
	r->list = list_marker(&l[0], l[0].indent > p->indent) > 0;
	/*
	 * Items after a line that introduces them (ending with a colon) or set
	 * in from the paragraph's first line, without a blank line before.
	 */
	for (i = 1; !r->list && i < r->count; i++)
		if ((l[i].indent > l[0].indent ||
		     (l[i - 1].n > 0 && l[i - 1].s[l[i - 1].n - 1] == ':')) &&
		    list_marker(&l[i], 1) > 0)
			r->list = (int)i + 1;
	/* Heading candidates: few short lines. */
	if (r->bracket || real == 0 || real > HEAD_LINES || cols > 3 * HEAD_MAX)
		return;
	enum hkind m = marker_kind(&l[0], &r->bare);
	if (m != H_NONE) {
		/* A numbered line that ends a clause is an item of a list. */
		const struct line *last = &l[r->count - 1];
		char end = last->s[last->n - 1];
		if (m >= H_NUM1 && m <= H_NUM6 && (end == ',' || end == ';' || end == ':'))
			return;
		/*
		 * A numbered heading wrapped onto more lines goes on at its own
		 * margin or under its title; lines set deeper are the body of a
		 * list item ("9. Title" over its indented text).
		 */
		if (m >= H_NUM1 && m <= H_NUM6) {
			struct number num;
			size_t at = section_number(l[0].s, l[0].n, &num);
			int title_col = l[0].indent + ucount(l[0].s, at);
			for (i = 1; i < r->count; i++)
				if (l[i].indent > title_col)
					return;
		}
		if (m >= H_NUM1 && m <= H_NUM6)
			section_number(l[0].s, l[0].n, &r->num);
		else
			marker_number(&l[0], &r->num);
		r->head = m;
		r->first_bare = r->bare;
		if (real > 1)
			r->bare = 0;
		return;
	}
	if (cols > 2 * HEAD_MAX || r->list)
		return;
	if (real > 2 || l[0].cols > HEAD_MAX || !has_letter(l[0].s, l[0].n))
		return;
	/* A little indent is a letter, a signature or a quotation, not a title. */
	int indent = l[0].indent - p->indent;
	if (indent > 0 && indent < QUOTE_INDENT)
		return;
	/*
	 * A line set out left of the text's margin is marked by that alone: a
	 * manual's subsection may start with a command name in lower case, and
	 * its section may be called NOTE (in capitals: "Note" is a label) or
	 * "À FAIRE" (not a dedication).
	 */
	int outset = p->margin >= 2 && l[0].indent < p->margin;
	if ((!outset && is_dedication_or_end(&l[0])) || has_url(l[0].s, l[0].n))
		return;
	int caps = 1;
	for (i = 0; i < r->count; i++)
		if (!is_rule(&l[i]) && !is_caps(l[i].s, l[i].n))
			caps = 0;
	const struct line *last = &l[r->count - 1];
	char end = last->n ? last->s[last->n - 1] : 0;
	if (caps && end != ',' && end != ';' && end != ':') {
		r->head = is_label(&l[0]) && !(outset && r->count == 1) ? H_NONE : H_CAPS;
		return;
	}
	if (real == 1 && l[0].cols <= 80 && !starts_dialogue(l[0].s, l[0].n) &&
	    (outset ? !ends_clause(last->s, last->n)
	            : !ends_sentence(last->s, last->n) && starts_capital(l[0].s, l[0].n)) &&
	    !is_label(&l[0]))
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
	if (r->head != H_NONE || r->toc || r->page)
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

/* Are the first depth numbers of a and b the same? */
static int
number_prefix(const struct number *a, const struct number *b, int depth)
{
	for (int k = 0; k < depth; k++)
		if (a->v[k] != b->v[k])
			return 0;
	return 1;
}

/*
 * Can section number c follow cur, the last one seen?  Numbers go on in
 * order: a first subsection ("3.1." after "3."), the next one at some
 * depth ("3.2." after "3.1.4.", "4." after "3.2.").  An item of a
 * numbered list inside the text ("1. assignations de variables") starts
 * again, and so does not follow the section it sits in.
 */
static int
number_follows(const struct number *cur, const struct number *c)
{
	int d = c->depth;
	if (cur->depth == 0)
		return 1;
	if (d > cur->depth + 1 || !number_prefix(cur, c, d - 1))
		return 0;
	return d == cur->depth + 1 || c->v[d - 1] > cur->v[d - 1];
}

static int
is_numbered(const struct raw *r)
{
	return r->head >= H_NUM1 && r->head <= H_NUM6 && !r->under;
}

/*
 * Drop the candidates that the shape of the whole document rules out:
 *
 *  - Where the text is set in from a margin and its headings out of it
 *    (manual pages, DocBook rendered by a text browser), a line at the
 *    text's margin or inside it is not a heading: it is a term, an
 *    admonition, a caption, a list item.  Centred lines (a title) stay
 *    candidates.
 *  - The line that labels a table of contents ("Table des matières") is
 *    part of it.
 *  - A title page, before a table of contents near the start, has one
 *    heading, its first line: the title; authors, dates, versions and
 *    copyright lines are not sections.  Its index is returned, or -1 (and
 *    no title either when the document is named already: named).
 *  - Section numbers that do not follow the ones before (see
 *    number_follows) are items of a list.
 *  - A term over its definition, set deeper, is not a heading.
 */
static size_t
rule_out(struct parser *p, size_t from, size_t to, int named)
{
	size_t i, out = 0, cand = 0, title = (size_t)-1;
	for (i = from; i < to; i++) {
		const struct raw *r = &p->raws[i];
		if (r->head != H_NONE) {
			cand++;
			out += p->lines[r->first].indent < p->margin;
		}
	}
	if (p->margin >= 2 && out >= 2 && out * 4 >= cand) {
		/* The middle of the text's measure, doubled, to be compared with a line's. */
		int middle = 2 * p->margin + p->wrap;
		for (i = from; i < to; i++) {
			struct raw *r = &p->raws[i];
			const struct line *l = &p->lines[r->first];
			int centred = l->indent >= p->margin + 4 &&
			              abs(2 * l->indent + l->cols - middle) <= 8;
			if (r->head != H_NONE && l->indent >= p->margin && !centred)
				r->head = H_NONE;
		}
	}
	for (i = from; i + 1 < to; i++)
		if (p->raws[i].head > H_NUM6 && p->raws[i + 1].toc) {
			p->raws[i].head = H_NONE;
			p->raws[i].toc = 1;
		}
	/*
	 * What follows a contents label ("Table of Contents"), entry after
	 * entry (one a block where blank lines part them), is the contents, up
	 * to a number that does not follow the one before (the text's own
	 * first section) or a block that is no entry.
	 */
	for (i = from; i < to; i++) {
		struct raw *r = &p->raws[i];
		if (r->count != 1 || !is_contents_label(&p->lines[r->first]))
			continue;
		r->head = H_NONE;
		r->toc = 1;
		struct number last = { 0 };
		size_t k = i + 1;
		for (; k < to; k++) {
			struct raw *e = &p->raws[k];
			if (e->toc) {
				/* Its last entry's number, for the next to follow. */
				const struct line *z = &p->lines[e->first + e->count - 1];
				struct number n;
				if (isdigit((unsigned char)z->s[0]) &&
				    section_number(z->s, z->n, &n) > 0)
					last = n;
				continue;
			}
			if (!is_numbered(e) || e->count > 3 || !number_follows(&last, &e->num))
				break;
			last = e->num;
			e->head = H_NONE;
			e->toc = 1;
		}
		i = k - 1;
	}
	/*
	 * Numbered entries between two parts of contents (blank lines cut
	 * them up) are entries of it.
	 */
	for (i = from + 1; i < to; i++) {
		size_t j = i;
		while (j < to && is_numbered(&p->raws[j]))
			j++;
		if (j > i && j < to && p->raws[i - 1].toc && p->raws[j].toc)
			for (size_t k = i; k < j; k++) {
				p->raws[k].head = H_NONE;
				p->raws[k].toc = 1;
			}
		i = j;
	}
	/*
	 * The title page: what comes before contents (three lines or more)
	 * in the first blocks.  Its title is its first line with letters,
	 * past navigation records ("File: a.info,  Node: Top, …").
	 */
	size_t t = from;
	while (t < to && t < from + TITLE_PAGE && !(p->raws[t].toc && p->raws[t].count >= 3) &&
	       !(p->raws[t].count == 1 && is_contents_label(&p->lines[p->raws[t].first])))
		t++;
	if (t < to && t < from + TITLE_PAGE && t > from) {
		for (i = from; i < t && title == (size_t)-1; i++) {
			const struct raw *r = &p->raws[i];
			const struct line *l = &p->lines[r->first];
			if (has_letter(l->s, l->n) && !is_label(l))
				break;
		}
		/* Its first line with letters is a heading: a title page. */
		if (i < t && p->raws[i].head != H_NONE && p->raws[i].head > H_NUM6) {
			title = named ? (size_t)-1 : i;
			for (size_t k = from; k < t; k++) {
				p->raws[k].page = 1;
				if (k != title)
					p->raws[k].head = H_NONE;
			}
		}
	}
	/*
	 * A term of a definition list: a line set in from the margin, or at it
	 * where the text has one (not centred), over its definition, set
	 * deeper still; and, where the text
	 * has a margin, any unmarked line set well inside it (the end of a
	 * definition, a quotation): headings stand at the margin, out of it,
	 * or centred.
	 */
	for (i = from; i + 1 < to; i++) {
		struct raw *r = &p->raws[i];
		const struct line *l = &p->lines[r->first], *n = &p->lines[p->raws[i + 1].first];
		/* Centred, and not aligned with the block before it (a definition's last line). */
		int centred = l->indent >= p->margin + 4 &&
		              abs(2 * l->indent + l->cols - (2 * p->margin + p->wrap)) <= 8 &&
		              !(i > from && p->lines[p->raws[i - 1].first].indent == l->indent);
		int inside = l->indent > p->margin || (p->margin >= 2 && l->indent == p->margin);
		if (r->head > H_UNDER && inside && !centred &&
		    (n->indent >= l->indent + 2 || (p->margin >= 2 && l->indent >= p->margin + 4)))
			r->head = H_NONE;
	}
	/*
	 * A navigation record is not text, and the space before it sets apart
	 * the heading that follows it.
	 */
	for (i = from; i + 1 < to; i++) {
		struct raw *r = &p->raws[i];
		if (r->count == 1 && r->head == H_NONE && is_record(&p->lines[r->first])) {
			r->page = 1;
			p->raws[i + 1].blanks_before += r->blanks_before;
		}
	}
	/*
	 * Numbers that do not follow are a list; and so are the numbers that
	 * go on from such a list's item ("2." after the item "1."), even where
	 * they would follow the sections' numbers.
	 */
	struct number cur = { 0 }, item = { 0 };
	for (i = from; i < to; i++) {
		struct raw *r = &p->raws[i];
		if (r->head == H_NONE || r->num.depth == 0)
			continue;
		if (is_numbered(r) &&
		    (!number_follows(&cur, &r->num) ||
		     (item.depth == r->num.depth && number_prefix(&item, &r->num, item.depth - 1) &&
		      r->num.v[item.depth - 1] == item.v[item.depth - 1] + 1))) {
			r->head = H_NONE;
			item = r->num;
			continue;
		}
		cur = r->num;
		item.depth = 0;
	}
	return title;
}

/*
 * The levels of the headings kept in raw blocks [from, to), title (or -1)
 * being the document's title at level 1.  Headings nest as a reader sees
 * them nest, through a stack of the headings open:
 *
 *  - a number says where a heading sits: under the one that carries the
 *    number it continues ("8.1." under "Chapitre 8."), beside the one it
 *    follows ("8.2." beside "8.1."); a numbering that starts under an
 *    unnumbered heading ("1." under "Préface") sits one below it;
 *  - any other heading closes the open headings of its own style or of a
 *    lower one, and sits under the rest.  Styles rank part, book, chapter,
 *    numbered ones by depth, underlined ones (by the order their rule
 *    first appears, as reStructuredText ranks them), ALL-CAPS, then
 *    plain lines; within a style, a heading set further out (less
 *    indented, as manual pages set sections and subsections) ranks above.
 *
 * So front matter before the first chapter ("Préface", "Avant-propos")
 * stands beside the chapters, not under them.
 */
static void
assign_levels(struct parser *p, size_t from, size_t to, size_t title)
{
	struct slot {
		int key, level;
		struct number num;
	} st[64];
	size_t sp = 0;
	char unders[16];
	int nunders = 0;
	if (title != (size_t)-1) {
		st[sp++] = (struct slot){ -1, 1, { { 0 }, 0, 0 } };
		p->raws[title].level = 1;
	}
	for (size_t i = from; i < to; i++) {
		struct raw *r = &p->raws[i];
		if (!r->keep || r->subtitle || i == title)
			continue;
		int key, level = 0, d = r->num.depth;
		if (r->under) {
			int u = 0;
			while (u < nunders && unders[u] != r->under)
				u++;
			if (u == nunders && nunders < (int)sizeof unders)
				unders[nunders++] = r->under;
			key = H_UNDER * 64 + u * 8;
		} else {
			int ind = p->lines[r->first].indent;
			/* Steps of three columns: a step smaller than that is not set out. */
			key = (int)r->head * 64 + (ind < QUOTE_INDENT ? ind / 3 : 0);
		}
		if (d > 0 && !r->under) {
			for (size_t k = sp; k-- > 0;) {
				const struct slot *s = &st[k];
				if (s->num.depth == 0)
					continue;
				if (is_numbered(r) && s->num.depth == d - 1 &&
				    number_prefix(&s->num, &r->num, d - 1)) {
					level = s->level + 1;
					sp = k + 1;
					break;
				}
				if (s->key == key && s->num.depth == d &&
				    number_prefix(&s->num, &r->num, d - 1) &&
				    s->num.v[d - 1] < r->num.v[d - 1]) {
					level = s->level;
					sp = k;
					break;
				}
			}
			if (level == 0 && is_numbered(r))
				level = sp > 0 ? st[sp - 1].level + 1 : 1;
		}
		if (level == 0) {
			while (sp > 0 && st[sp - 1].key >= key)
				sp--;
			level = sp > 0 ? st[sp - 1].level + 1 : 1;
		}
		if (sp < sizeof st / sizeof *st)
			st[sp++] = (struct slot){ key, level, r->num };
		r->level = level;
	}
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
		/*
		 * A chapter's own contents between it and its text do not part
		 * them, nor do contents under their label ("Préface" / "Table des
		 * matières" / …); but a run of unmarked lines right before
		 * contents is their label.
		 */
		int marked = p->raws[j - 1].head < H_UNDER ||
		             (after < to && is_contents_label(&p->lines[p->raws[after].first]));
		while (after < to && (p->raws[after].bracket || (marked && p->raws[after].toc)))
			after++;
		/*
		 * A heading introduces text, or its first subsection: "Chapter 2."
		 * with its contents, then "2.1. Versions".
		 */
		const struct raw *last = &p->raws[j - 1];
		int ok = after < to &&
		         (is_text(&p->raws[after], p) ||
		          (last->num.depth > 0 && is_numbered(&p->raws[after]) &&
		           p->raws[after].num.depth > last->num.depth &&
		           number_prefix(&last->num, &p->raws[after].num, last->num.depth)));
		/* An underline sets a heading apart as well as space does. */
		if (p->spaced && p->raws[i].blanks_before <= p->gap && !p->raws[i].under)
			ok = 0;
		if (!ok) {
			/* An underlined heading in the run stands on its own rule. */
			size_t u = i + 1;
			while (u < j && !p->raws[u].under)
				u++;
			i = u < j ? u : j;
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

/* How join() sets lines together. */
enum join_mode {
	JOIN_PROSE,    /* one paragraph: lines joined with a space, runs of spaces collapsed */
	JOIN_LINES,    /* kept lines, runs of spaces collapsed */
	JOIN_NEST,     /* kept lines with their spaces, indented as in the source (contents) */
	JOIN_VERBATIM, /* kept lines with all their spaces, indented as in the source */
	JOIN_RAW,      /* the source lines as they are, blank lines before them included */
};

/* Does the text end with a hyphen that cut a word at the line end ("porte-" / "monnaie")? */
static int
ends_cut(const struct buf *t)
{
	size_t n = t->len;
	if (n >= 2 && t->data[n - 1] == '-')
		return t->data[n - 2] != '-' && t->data[n - 2] != ' ';
	/* U+2010 HYPHEN, which groff sets where it breaks a word. */
	if (n >= 4 && memcmp(t->data + n - 3, "\xE2\x80\x90", 3) == 0 && t->data[n - 4] != ' ')
		return 1;
	/*
	 * A web address cut after one of its separators ("https://wiki.debian." /
	 * "org/"), or a path after a slash: text browsers wrap them there, and
	 * a space would cut them in two.
	 */
	char c = n ? t->data[n - 1] : 0;
	if (c != '/' && c != '.' && c != '-' && c != '_' && c != '?' && c != '=' && c != '&')
		return 0;
	size_t a = n;
	while (a > 0 && t->data[a - 1] != ' ' && t->data[a - 1] != '\n' && t->data[a - 1] != '(')
		a--;
	if (n - a >= 8 && memmem(t->data + a, n - a, "://", 3) != NULL)
		return 1;
	/* A path cut after a slash: "./" / "configure", "/usr/share/" / "doc". */
	return c == '/' && (t->data[a] == '/' || (n - a >= 2 && t->data[a + 1] == '/' &&
	                                          (t->data[a] == '.' || t->data[a] == '~')));
}

/* Join lines [a, b) of raw block r into t. */
static void
join_range(const struct parser *p, const struct raw *r, size_t a, size_t b, struct buf *t,
           enum join_mode mode)
{
	int base = INT32_MAX;
	if (mode == JOIN_RAW) {
		/* The blank lines before it but one (the one between blocks), unless a heading. */
		base = 0;
		for (size_t k = r->first; a == 0 && !r->keep && k > 1 && p->lines[k - 1].n == 0 &&
		                          p->lines[k - 2].n == 0;
		     k--)
			buf_addc(t, '\n');
	}
	if (mode == JOIN_NEST || mode == JOIN_VERBATIM)
		for (size_t i = a; i < b; i++)
			if (p->lines[r->first + i].indent < base)
				base = p->lines[r->first + i].indent;
	for (size_t i = a; i < b; i++) {
		const struct line *l = &p->lines[r->first + i];
		if (mode != JOIN_VERBATIM && mode != JOIN_RAW && is_rule(l) && r->count > 1)
			continue;
		if (t->len > 0 && (t->data[t->len - 1] != '\n' || (mode == JOIN_RAW && i > a))) {
			if (mode != JOIN_PROSE)
				buf_addc(t, '\n');
			else if (!ends_cut(t))
				buf_addc(t, ' ');
		}
		if (mode == JOIN_NEST || mode == JOIN_VERBATIM || mode == JOIN_RAW)
			for (int k = base; k < l->indent; k++)
				buf_addc(t, ' ');
		/*
		 * Copy the line whole, then collapse its runs of spaces, if it
		 * has any (most lines have none).
		 */
		size_t at = t->len;
		buf_add(t, l->s, l->n);
		char *c = t->data + at, *e = t->data + t->len;
		char *sp = (mode == JOIN_PROSE || mode == JOIN_LINES) && l->gaps
		                   ? memmem(c, l->n, "  ", 2)
		                   : NULL;
		if (sp != NULL) {
			char *w = sp + 1; /* keeps the first space of the run */
			for (c = sp + 1; c < e; c++)
				if (*c != ' ' || w[-1] != ' ')
					*w++ = *c;
			t->len = (size_t)(w - t->data);
			t->data[t->len] = '\0';
		}
		/*
		 * A marker heading with its title below it in the same block
		 * ("CHAPITRE PREMIER" / "COMMENT CANDIDE …"): the marker on a
		 * line of its own, as a bare marker and its subtitle are.  A
		 * numbered heading wrapped on two lines is one line of text.
		 */
		if (i == 0 && mode == JOIN_PROSE && r->keep && r->first_bare && r->count > 1)
			buf_addc(t, '\n');
	}
}

/*
 * The language of a block, when its words say so clearly and it is not
 * the document's: an English paragraph in a French manual is hyphenated
 * with English patterns and gets no French spacing.  "" otherwise.
 */
static const char *
block_lang(const struct parser *p, const char *s, size_t n)
{
	const char *lang = typo_block_lang(s, n);
	return lang == NULL || strcmp(lang, p->lang) == 0 ? "" : lang;
}

/*
 * The text of lines [a, b) of raw block r, joined in mode, and its
 * language; with French spacing if it is French (and the reader wants
 * it), and with the conventions of plain-text books (dashes, italics)
 * rendered unless it is kept verbatim; all in out's scratch buffers, its
 * italic ranges in out->italics.
 */
static const char *
range_text(const struct parser *p, struct out *out, const struct raw *r, size_t a, size_t b,
           enum join_mode mode, size_t *n, const char **lang)
{
	struct buf *t = &out->joined, *f = &out->spaced_out;
	int code = mode >= JOIN_VERBATIM;
	t->len = f->len = 0;
	out->nitalics = 0;
	join_range(p, r, a, b, t, mode);
	*lang = code ? "" : block_lang(p, t->data ? t->data : "", t->len);
	int typo = p->o->typo && !code && (**lang ? strcmp(*lang, "fr") == 0 : p->french);
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

/* The text of raw block r, joined as prose or kept lines (see range_text). */
static const char *
block_text(const struct parser *p, struct out *out, const struct raw *r, int prose, size_t *n)
{
	const char *lang;
	return range_text(p, out, r, 0, r->count, prose ? JOIN_PROSE : JOIN_LINES, n, &lang);
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

/* Add a block of lines [a, b) of r, joined in mode, with its language and italics. */
static size_t
add_range(const struct parser *p, struct out *out, const struct raw *r, size_t a, size_t b,
          enum block_kind kind, int level, enum join_mode mode)
{
	const char *lang;
	size_t n, lead = 0;
	const char *s = range_text(p, out, r, a, b, mode, &n, &lang);
	int kept = mode != JOIN_PROSE && mode != JOIN_LINES;
	while (!kept && lead < n && (s[lead] == ' ' || s[lead] == '\n'))
		lead++; /* what doc_add_block drops */
	size_t k = kept ? doc_add_block_kept(out->d, kind, level, s, n)
	                : doc_add_block(out->d, kind, level, s, n);
	size_t m = strlen(lang);
	m = m < sizeof out->d->blocks[k].lang ? m : sizeof out->d->blocks[k].lang - 1;
	memcpy(out->d->blocks[k].lang, lang, m);
	out->d->blocks[k].lang[m] = '\0';
	add_italics(out, 0, lead);
	return k;
}

/*
 * The items of a list, from line r->list - 1 on: each a block with a
 * hanging indent the width of its marker, nested by the indent of its
 * marker; a line before the first item is the paragraph that introduces
 * them, a line back at the margin after them the text that follows.
 */
static void
emit_list(const struct parser *p, struct out *out, const struct raw *r)
{
	const struct line *l = &p->lines[r->first];
	size_t a = (size_t)r->list - 1, i;
	if (a > 0)
		add_range(p, out, r, 0, a, BLOCK_PARA, 0, JOIN_PROSE);
	int base = l[a].indent;
	while (a < r->count) {
		int m = list_marker(&l[a], 1);
		if (m == 0 || l[a].indent < base) {
			add_range(p, out, r, a, r->count, BLOCK_PARA, 0, JOIN_PROSE);
			return;
		}
		/* Its lines: those set in under it, up to an item nested in it. */
		for (i = a + 1; i < r->count; i++)
			if (l[i].indent <= l[a].indent || list_marker(&l[i], 1) > 0)
				break;
		size_t k = add_range(p, out, r, a, i, BLOCK_PARA, 0, JOIN_PROSE);
		struct block *bl = &out->d->blocks[k];
		int nest = l[a].indent - base;
		bl->indent = nest < 12 ? nest : 12;
		bl->hang = m;
		a = i;
	}
}

static void
emit(const struct parser *p, struct out *out, const struct raw *r, int level)
{
	if (p->o->raw) {
		/*
		 * Raw: every line as it is, as code is shown; headings stay
		 * headings (sections to move by), their lines kept too.
		 */
		int head = r->keep && !r->subtitle;
		size_t k = add_range(p, out, r, 0, r->count, head ? BLOCK_HEADING : BLOCK_CODE,
		                     head ? level : 0, JOIN_RAW);
		out->d->blocks[k].raw = 1;
	} else if (r->keep) {
		add_range(p, out, r, 0, r->count, BLOCK_HEADING, level, JOIN_PROSE);
	} else if (r->verbatim) {
		add_range(p, out, r, 0, r->count, BLOCK_CODE, 0, JOIN_VERBATIM);
	} else if (r->list) {
		emit_list(p, out, r);
	} else {
		enum join_mode mode = r->kind != BLOCK_LINES ? JOIN_PROSE
		                      : r->toc               ? JOIN_NEST
		                                             : JOIN_LINES;
		add_range(p, out, r, 0, r->count, r->kind, 0, mode);
	}
}

/* Append a subtitle to the heading block just added, after a line break. */
static void
emit_subtitle(const struct parser *p, struct out *out, const struct raw *r)
{
	struct doc *d = out->d;
	struct block *b = &d->blocks[d->nblocks - 1];
	size_t n;
	const char *s = block_text(p, out, r, 1, &n);
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
gutenberg_title(const struct parser *p, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
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
	for (int k = 0; k <= MARGIN_MAX; k++)
		a.ls.margins[k] += b.ls.margins[k];
	free(b.ls.v);
	p->lines = a.ls.v;
	p->nlines = a.ls.n;
	p->wrap = guess_wrap(&a.ls);
	p->indent = guess_indent(&a.ls);
	p->margin = guess_margin(&a.ls);
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
	size_t title;       /* the raw block that is the title, or (size_t)-1 */
	size_t title_block; /* out: its block, or (size_t)-1 */
};

static void *
emit_run(void *arg)
{
	struct emit_job *j = arg;
	for (size_t i = j->from; i < j->to; i++) {
		const struct raw *r = &j->p->raws[i];
		if (r->subtitle && !j->p->o->raw) {
			emit_subtitle(j->p, j->out, r);
			continue;
		}
		if (i == j->title)
			j->title_block = j->out->d->nblocks;
		emit(j->p, j->out, r, r->keep && !r->subtitle ? r->level : 0);
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
emit_blocks(struct parser *p, size_t from, size_t to, size_t title)
{
	struct emit_job a = { p, &p->out, from, to, title, (size_t)-1 };
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
	struct emit_job b = { p, &part, mid, to, title, (size_t)-1 };
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
	size_t r0 = p->nraws;
	group(p, from, to);
	if (p->nraws == r0)
		return;
	size_t b0 = p->out.d->nblocks;
	classify_all(p, r0, p->nraws);
	for (size_t i = r0; i < p->nraws; i++)
		p->raws[i].head = H_NONE;
	emit_blocks(p, r0, p->nraws, (size_t)-1);
	doc_add_section(p->out.d, b0, 1, title);
	p->out.d->sections[p->out.d->nsections - 1].matter = p->out.d->nblocks - b0;
}

/*
 * The body of a text, lines [body, end): blocks, headings and their
 * levels, emitted.  named: the document has a title already (Gutenberg's
 * "Title:"), so none is looked for in the body.  Returns the block of the
 * body's title, or (size_t)-1.
 */
static size_t
parse_body(struct parser *p, size_t body, size_t end, int named)
{
	size_t r0 = p->nraws, i;
	group(p, body, end);
	size_t r1 = p->nraws;
	mark_brackets(p, r0, r1);
	classify_all(p, r0, r1);
	size_t page_title = rule_out(p, r0, r1, named);
	measure_gaps(p, r0, r1);
	choose_headings(p, r0, r1);
	if (page_title != (size_t)-1)
		p->raws[page_title].keep = 1;

	/* The body starts with a heading, or a title page: that is its title, level 1. */
	size_t first_kept = (size_t)-1;
	for (i = r0; i < r1 && first_kept == (size_t)-1; i++)
		if (p->raws[i].keep && !p->raws[i].subtitle)
			first_kept = i;
	/* Navigation records before it aside ("File: a.info,  Node: Top, …"). */
	size_t first = r0;
	while (first < r1 && p->raws[first].page && p->raws[first].count == 1 &&
	       is_record(&p->lines[p->raws[first].first]))
		first++;
	size_t title = (size_t)-1;
	if (!named)
		title = page_title != (size_t)-1 ? page_title
		        : first_kept == first    ? first
		                                 : (size_t)-1;
	/*
	 * A manual page opens with its first section, set out like the others
	 * ("NOM"): a heading like the next ones is not the title.
	 */
	if (title == first && page_title == (size_t)-1 && p->margin >= 2 &&
	    p->lines[p->raws[first].first].indent < p->margin)
		for (i = first + 1; i < r1; i++)
			if (p->raws[i].keep && !p->raws[i].subtitle &&
			    p->raws[i].head == p->raws[first].head &&
			    p->lines[p->raws[i].first].indent ==
			            p->lines[p->raws[first].first].indent) {
				title = (size_t)-1;
				break;
			}
	assign_levels(p, r0, r1, title);
	return emit_blocks(p, r0, r1, title);
}

/*
 * Where the header of the Gutenberg book whose start line is start
 * begins, after the licence of the one before, which ended at stop: at
 * its "The Project Gutenberg eBook of …" line, else right after the
 * licence's last paragraph before the start line's own.
 */
static size_t
header_start(const struct parser *p, size_t stop, size_t start)
{
	size_t lo = start > stop + 100 ? start - 100 : stop + 1;
	size_t at = find_line(p, lo, start, "Project Gutenberg eBook of");
	if (at == (size_t)-1)
		at = find_line(p, lo, start, "Project Gutenberg EBook of");
	return at != (size_t)-1 ? at : start;
}

/*
 * Is d set as a book, whose chapter headings printed books centre, rather
 * than documentation, whose headings run down the left edge?  Documentation
 * numbers its sections or holds verbatim blocks (code, tables, sessions)
 * in its body; front and back matter (a licence) do not count.
 */
static int
parse_text_is_book(const struct doc *d)
{
	size_t matter_end = 0, s = 0;
	for (size_t b = 0; b < d->nblocks; b++) {
		while (s < d->nsections && d->sections[s].block <= b) {
			if (d->sections[s].matter > 0)
				matter_end = d->sections[s].block + d->sections[s].matter;
			s++;
		}
		const struct block *bl = &d->blocks[b];
		struct number num;
		if (b < matter_end)
			continue;
		if (bl->kind == BLOCK_CODE ||
		    (bl->kind == BLOCK_HEADING &&
		     section_number(d->text + bl->start, bl->end - bl->start, &num) > 0))
			return 0;
	}
	return 1;
}

void
parse_text(struct doc *d, const char *s, size_t n, const struct parse_opts *o)
{
	parse_text_split(d, s, n, o, SPLIT_MIN);
}

void
parse_text_split(struct doc *d, const char *s, size_t n, const struct parse_opts *o, size_t split)
{
	struct parser p = { 0 };
	p.lang = o->lang ? o->lang : "fr";
	p.french = strncmp(p.lang, "fr", 2) == 0;
	d->typo = o->typo && p.french; /* search spaces its queries the same way */
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

	/*
	 * Front and back matter: Project Gutenberg, and ABU's licence header.
	 * Several Gutenberg books may follow each other in one file: each has
	 * its header, its body and its licence.
	 */
	size_t from = 0, next = (size_t)-1;
	int first = 1;
	do {
		size_t body = from, end = p.nlines;
		size_t start = find_line(&p, from, first && p.nlines > 400 ? 400 : p.nlines,
		                         "*** START OF");
		char *named = NULL;
		if (start != (size_t)-1) {
			named = gutenberg_title(&p, from, start);
			body = start + 1;
			/* The "Produced by …" credit right after the start line is Gutenberg's too.
			 */
			size_t k = body;
			while (k < p.nlines && k < body + 10 && p.lines[k].n == 0)
				k++;
			if (k < p.nlines && p.lines[k].n >= 12 &&
			    memcmp(p.lines[k].s, "Produced by ", 12) == 0) {
				while (k < p.nlines && p.lines[k].n > 0)
					k++;
				body = k;
			}
			emit_matter(&p, from, body, "Project Gutenberg");
		} else if (first) {
			size_t abu = find_line(&p, 0, p.nlines < 200 ? p.nlines : 200,
			                       "FIN DE L'EN-TETE");
			if (abu != (size_t)-1) {
				body = abu + 1;
				emit_matter(&p, 0, body, "Licence ABU");
			}
		}
		const char *back = "Licence Project Gutenberg";
		size_t stop = find_line(&p, body, p.nlines, "*** END OF");
		next = (size_t)-1;
		if (stop != (size_t)-1) {
			end = stop;
			next = find_line(&p, stop, p.nlines, "*** START OF");
		} else if (body > 0) {
			size_t fin = find_line(&p, p.nlines > 50 ? p.nlines - 50 : body, p.nlines,
			                       "FIN DU FICHIER");
			if (fin != (size_t)-1 && fin >= body) {
				end = fin;
				back = "Fin du fichier";
			}
		}
		/* Drop ABU's "DEBUT DU FICHIER" marker line. */
		if (body > 0 && body < end) {
			size_t deb = find_line(&p, body, body + 5 < end ? body + 5 : end,
			                       "DEBUT DU FICHIER");
			if (deb != (size_t)-1)
				body = deb + 1;
		}
		size_t title_block = parse_body(&p, body, end, named != NULL || title != NULL);
		/* The licence runs up to the next book's header. */
		size_t licence_end = next != (size_t)-1 ? header_start(&p, stop, next) : p.nlines;
		if (end < licence_end)
			emit_matter(&p, end, licence_end, back);
		if (title == NULL && named != NULL) {
			title = named;
			named = NULL;
		}
		free(named);
		/* A title heading after front matter (ABU) still names the document. */
		if (title == NULL && title_block != (size_t)-1 && title_block > 0) {
			d->text = d->build.data;
			title = doc_heading_title(d, title_block);
			d->text = NULL;
		}
		from = licence_end;
		first = 0;
	} while (next != (size_t)-1 && from < p.nlines);
	doc_finish(d, title);
	d->book = parse_text_is_book(d);
	free(title);
	free(p.lines);
	free(p.raws);
	out_free(&p.out);
}
