/*
 * layout.c — the typographic engine: blocks of the document into lines.
 *
 * Two stages, as in TeX.  Preparation (once per block, whatever the width)
 * cuts the block's text into items: boxes of unbreakable text with their
 * display width, the spaces after each, and the kind of break that may
 * follow — at the spaces, after an explicit hyphen or another UAX #14
 * opportunity, at a hyphenation point or a soft hyphen (a '-' is then
 * drawn), or a forced line end.  The opportunities are libunistring's
 * (found without it around plain words, exactly: layout_breaks), corrected
 * by typo_fix_breaks() for French; hyphenation points come from hyph.c,
 * with the patterns of the block's own language when it has one (an
 * English paragraph in a French manual).
 * Fitting (per width) chooses the breaks by total fit (Knuth and Plass): a
 * shortest path over the break opportunities of a paragraph where a line
 * costs the square of its slack (ragged) or of the stretch of its spaces
 * (justified), a hyphen costs a penalty, and the state of the path carries
 * how many hyphenated lines precede, so that three in a row can be
 * refused.  Boxes are never wider than the line unless a word is longer
 * than the measure; then, and only for that width, its boxes are cut
 * into grapheme clusters, each cut costlier than any ordinary break.
 *
 * Both stages are cached per block and run only when a block is first
 * shown; a new width or justification re-runs only the fitting.  Nothing
 * here is whole-document work unless the caller asks for every block
 * (--dump), and that work is linear: a line is looked for only among the
 * breaks that fit in one measure.
 *
 * A '\n' in a paragraph (a hard break, or between the items of a tight
 * list) is a forced break: each run between them is fitted on its own, its
 * first line is a first line (no hanging indent) and its last is never
 * justified.  Code and rules are not fitted at all: a code block keeps its
 * lines and every space in them, a line wider than the measure being cut
 * between clusters and continued after a "↪ " mark; a rule is one line
 * drawn across the measure.
 *
 * Lines are byte ranges of the document text; layout_walk() is the single
 * place that turns a line into cells (indent, quote bars, justified spaces,
 * the added hyphen, a rule, a code mark), shared by the screen and --dump,
 * and layout_walk_gap() draws the quote bars of the blank row between
 * blocks.
 */
#include "layout.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <unilbrk.h>
#include <unistr.h>

#include "hyph.h"
#include "parse.h"
#include "typo.h"

enum brk {
	BRK_NONE,     /* no break after this item (its spaces are no-break) */
	BRK_GLUE,     /* break at the spaces after it (they vanish) */
	BRK_AFTER,    /* break right after it: CJK, a slash, a dash… */
	BRK_EXPLICIT, /* break after its own hyphen ("porte-|monnaie") */
	BRK_HYPHEN,   /* a hyphenation point: a '-' is drawn */
	BRK_SOFT,     /* after a soft hyphen U+00AD: a '-' is drawn */
	BRK_CLUSTER,  /* between clusters of a word longer than the measure */
	BRK_FORCE,    /* a forced line end ('\n' in kept lines), or the block's end */
};

enum {
	F_RESORT = 1, /* a hyphen in a capitalised word or a heading: a last resort */
	F_PUNCT = 2,  /* a cluster cut that would start a line with » ; : ! ? */
};

struct layout_item {
	uint32_t start, end; /* the box: block text [start, end), relative to the block */
	int32_t width;       /* its display columns */
	uint16_t glue;       /* columns of the spaces after it */
	uint8_t brk;         /* enum brk */
	uint8_t flags;       /* F_* */
};

/* A plain word (layout_plain_word) found by find_breaks, for layout_prepare() not to look again. */
struct layout_plain {
	uint32_t start, end, token_end; /* its letters [start, end), its token [start, token_end) */
	int32_t width;
	uint32_t hash;  /* of its letters, for hyph.c, once prefetched */
	int prefetched; /* its hyphenation look-up was started: hash is set */
};

struct layout_prep {
	struct layout_item *items; /* NULL until prepared */
	size_t n, cap;
	unsigned char hyph; /* hyphenation points were looked for */
};

struct layout_fit {
	struct line *lines;
	size_t n, cap;
	unsigned gen;         /* the options generation it was made for; 0 = none */
	unsigned char cached; /* counted in the cache ring */
};

/*
 * The reader touches blocks as the reader moves; a whole book read through
 * would keep every block's items and lines.  A ring of the blocks cached,
 * oldest first, bounds that: past CACHE_BLOCKS the oldest is forgotten
 * (it is laid out again if it comes back into view).
 */
enum { CACHE_BLOCKS = 4096, LANG_OTHERS = 4 };

struct layout {
	const struct doc *d;
	struct layout_opts o;
	char lang[16];
	unsigned gen;
	struct layout_prep *prep; /* per block */
	struct layout_fit *fit;   /* per block */
	struct hyph *hyph;        /* NULL: no patterns (or not hyphenating) */
	int hyph_tried;
	/* Patterns of the languages blocks have of their own (doc_block_lang),
	 * opened when a block first needs them; hb: those of the block being
	 * prepared. */
	struct {
		char lang[4];
		struct hyph *hyph;
	} other[LANG_OTHERS];
	size_t nother;
	struct hyph *hb;
	size_t ring[CACHE_BLOCKS]; /* blocks cached, oldest at ring_head */
	size_t ring_head, ring_len;
	/* Scratch space reused from block to block. */
	char *brk;
	size_t capbrk;
	struct layout_plain *plain; /* the plain words of the block being prepared */
	size_t capplain;
	struct layout_item *work; /* items with overlong words cut into clusters */
	size_t capwork;
	int64_t *wsum; /* columns before each item (boxes and spaces) */
	int32_t *gsum; /* spaces before each item */
	size_t capsum;
	uint32_t *cand;  /* the items a line may end with */
	int32_t *from;   /* where the best way to each came from: candidate * NSTATE + state */
	uint32_t *chain; /* the chosen candidates, last first */
	uint32_t *alive; /* the candidates reached in some state, ascending */
	size_t capcand;
	/* Only the candidates a line may start after are looked back at: their
	 * costs are kept in a ring (candidate c at c & (capring - 1)), so that
	 * a paragraph of millions of words costs 32 bytes less per candidate. */
	int64_t *cost;  /* best cost to each candidate, per hyphen state */
	uint8_t *live;  /* per candidate, the states it can be reached in (a bit each) */
	size_t capring; /* a power of two */
	/* The arrays of the last block forgotten, for the next block to reuse:
	 * --dump forgets every block once drawn, and a malloc and a free per
	 * block (an mmap and page faults for a long one) cost more than its
	 * fitting does. */
	struct layout_item *spare_items;
	size_t cap_spare_items;
	struct line *spare_lines;
	size_t cap_spare_lines;
};

/* Costs.  Lines cost their squared slack; these are in the same units. */
enum {
	COST_HYPHEN = 15,   /* an added hyphen (tuned on the corpus: ~10% of lines) */
	COST_SOFT = 10,     /* a soft hyphen the text asked for */
	COST_EXPLICIT = 10, /* a break after the text's own hyphen */
	COST_CONSEC = 100,  /* a hyphenated line right after another */
	COST_FINAL = 100,   /* a hyphen on the line before the last */
	COST_RIGID = 2000,  /* a justified line without spaces to stretch */
	JUSTIFY_SCALE = 6,  /* justified: squared stretch per space, scaled */
};
#define COST_RESORT ((int64_t)100000000)        /* a capitalised word hyphenated */
#define COST_CLUSTER ((int64_t)10000000000)     /* a word cut between clusters */
#define COST_PUNCT ((int64_t)100000000000)      /* … before » ; : ! ? */
#define COST_THIRD ((int64_t)1000000000000)     /* a third hyphenated line in a row */
#define COST_OVERFULL ((int64_t)10000000000000) /* a cluster wider than the line */
#define COST_INF INT64_MAX

static void
layout_open_hyph(struct layout *l)
{
	if (l->hyph_tried || !l->o.hyphenate)
		return;
	l->hyph_tried = 1;
	l->hyph = hyph_open(l->lang);
}

/*
 * The patterns for block bl: the layout's, or those of the block's own
 * language (an English paragraph in a French book is hyphenated in English).
 */
static struct hyph *
block_hyph(struct layout *l, const struct block *bl)
{
	if (!bl->lang[0] || !l->o.hyphenate || strcmp(bl->lang, l->lang) == 0)
		return l->hyph;
	for (size_t k = 0; k < l->nother; k++)
		if (strcmp(l->other[k].lang, bl->lang) == 0)
			return l->other[k].hyph;
	if (l->nother == LANG_OTHERS)
		return l->hyph;
	snprintf(l->other[l->nother].lang, sizeof l->other[l->nother].lang, "%s", bl->lang);
	l->other[l->nother].hyph = hyph_open(bl->lang); /* NULL (said once) if none */
	return l->other[l->nother++].hyph;
}

static void
layout_take_opts(struct layout *l, const struct layout_opts *o)
{
	const char *lang = o->lang && *o->lang ? o->lang : "fr";
	l->o = *o;
	if (l->o.width < 1)
		l->o.width = 1;
	if (strcmp(lang, l->lang) != 0) {
		/* Other patterns: every preparation is stale. */
		snprintf(l->lang, sizeof l->lang, "%s", lang);
		hyph_close(l->hyph);
		l->hyph = NULL;
		l->hyph_tried = 0;
		for (size_t b = 0; b < l->d->nblocks; b++) {
			free(l->prep[b].items);
			memset(&l->prep[b], 0, sizeof l->prep[b]);
		}
	}
	l->o.lang = l->lang;
	layout_open_hyph(l);
}

struct layout *
layout_create(const struct doc *d, const struct layout_opts *o)
{
	struct layout *l = xcalloc(1, sizeof *l);
	l->d = d;
	l->gen = 1;
	l->prep = xcalloc(d->nblocks ? d->nblocks : 1, sizeof *l->prep);
	l->fit = xcalloc(d->nblocks ? d->nblocks : 1, sizeof *l->fit);
	layout_take_opts(l, o);
	return l;
}

void
layout_free(struct layout *l)
{
	if (l == NULL)
		return;
	for (size_t b = 0; b < l->d->nblocks; b++) {
		free(l->prep[b].items);
		free(l->fit[b].lines);
	}
	free(l->prep);
	free(l->fit);
	hyph_close(l->hyph);
	for (size_t k = 0; k < l->nother; k++)
		hyph_close(l->other[k].hyph);
	free(l->brk);
	free(l->plain);
	free(l->work);
	free(l->wsum);
	free(l->gsum);
	free(l->cand);
	free(l->cost);
	free(l->from);
	free(l->live);
	free(l->chain);
	free(l->alive);
	free(l->spare_items);
	free(l->spare_lines);
	free(l);
}

void
layout_set_opts(struct layout *l, const struct layout_opts *o)
{
	layout_take_opts(l, o);
	l->gen++;
}

const struct layout_opts *
layout_get_opts(const struct layout *l)
{
	return &l->o;
}

void
layout_forget(struct layout *l, size_t b)
{
	struct layout_fit *f = &l->fit[b];
	struct layout_prep *p = &l->prep[b];
	/* Keep the larger arrays as the spares. */
	if (f->lines != NULL && f->cap > l->cap_spare_lines) {
		free(l->spare_lines);
		l->spare_lines = f->lines;
		l->cap_spare_lines = f->cap;
	} else {
		free(f->lines);
	}
	if (p->items != NULL && p->cap > l->cap_spare_items) {
		free(l->spare_items);
		l->spare_items = p->items;
		l->cap_spare_items = p->cap;
	} else {
		free(p->items);
	}
	memset(&l->fit[b], 0, sizeof l->fit[b]);
	memset(&l->prep[b], 0, sizeof l->prep[b]);
}

/* Count block b as cached; forget the oldest cached block when over the bound. */
static void
layout_cache_note(struct layout *l, size_t b)
{
	if (l->fit[b].cached)
		return;
	if (l->ring_len == CACHE_BLOCKS) {
		size_t old = l->ring[l->ring_head];
		l->ring_head = (l->ring_head + 1) % CACHE_BLOCKS;
		l->ring_len--;
		if (old != b && l->fit[old].cached)
			layout_forget(l, old);
	}
	l->ring[(l->ring_head + l->ring_len) % CACHE_BLOCKS] = b;
	l->ring_len++;
	l->fit[b].cached = 1;
}

static int
layout_is_soft_hyphen(const char *s, size_t n)
{
	return n == 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xAD;
}

/* The first code point of s[0..n). */
static uint32_t
layout_first_cp(const char *s, size_t n)
{
	size_t k;
	return (unsigned char)s[0] < 0x80 ? (unsigned char)s[0] : text_decode(s, n, &k);
}

/*
 * The end of the grapheme cluster at t[i] and its width.  Latin text is
 * mostly ASCII, Latin-1 letters and general punctuation followed by more of
 * the same, which can neither extend a cluster nor be wide: those are
 * answered here, the rest by text.c (libunistring), which is exact but ten
 * times slower — and --dump of a book must not be slower than par.
 */
static inline size_t
layout_cluster(const char *t, size_t n, size_t i, int *w)
{
	const unsigned char *u = (const unsigned char *)t;
	size_t k = 0;
	if (u[i] < 0x80)
		k = 1;
	else if (u[i] >= 0xC2 && u[i] <= 0xCB && i + 1 < n && !(u[i] == 0xC2 && u[i + 1] == 0xAD))
		k = 2; /* U+00A0–U+02FF, but the soft hyphen */
	else if (u[i] == 0xE2 && i + 2 < n && u[i + 1] == 0x80 &&
	         ((u[i + 2] >= 0x90 && u[i + 2] <= 0xA7) || u[i + 2] >= 0xAF))
		k = 3; /* U+2010–U+2027, U+202F–U+203F: dashes, quotes, … */
	if (k &&
	    (i + k == n || u[i + k] < 0x80 || (u[i + k] >= 0xC2 && u[i + k] <= 0xCB) ||
	     (u[i + k] == 0xE2 && i + k + 2 < n && u[i + k + 1] == 0x80 && u[i + k + 2] != 0x8D))) {
		*w = 1;
		return i + k;
	}
	size_t e = text_cluster_end(t, n, i);
	*w = layout_is_soft_hyphen(t + i, e - i) ? 0 : text_cluster_width(t + i, e - i);
	return e;
}

/* Display columns of t[i, e), a run of whole clusters. */
static int32_t
layout_run_width(const char *t, size_t i, size_t e)
{
	int32_t w = 0;
	while (i < e) {
		int cw;
		i = layout_cluster(t, e, i, &cw);
		w += cw;
	}
	return w;
}

/* Does the explicit hyphen (or dash) that ends s[0..i) make a break a hyphenated line? */
static int
layout_ends_with_hyphen(const char *s, size_t i)
{
	if (i >= 1 && s[i - 1] == '-')
		return i < 2 || s[i - 2] != '-'; /* "--" is a dash, not a hyphen */
	return i >= 3 && memcmp(s + i - 3, "\xE2\x80\x90", 3) == 0; /* U+2010 */
}

static struct layout_item *
layout_push_item(struct layout_prep *p)
{
	if (p->n + 1 > p->cap) /* rarely: layout_prepare() allocates for a word per four bytes */
		p->items = xgrow(p->items, &p->cap, p->n + 1, sizeof *p->items);
	struct layout_item *x = &p->items[p->n++];
	memset(x, 0, sizeof *x);
	return x;
}

/*
 * Does the text [s, e) of block bl touch inline code or a link?  Those are
 * never hyphenated: an identifier or a URL with an added '-' reads as
 * another one.
 */
static int
layout_in_literal_span(const struct doc *d, const struct block *bl, size_t s, size_t e)
{
	for (size_t k = 0; k < bl->nspans; k++) {
		const struct span *sp = &d->spans[bl->span0 + k];
		if ((sp->style & (STYLE_CODE | STYLE_LINK)) && sp->start < e && s < sp->end)
			return 1;
	}
	return 0;
}

/*
 * Does the word w[0, n) (letters and apostrophes) start with a capital, or
 * its part after an elision ("d'Hippolyte", "l'Europe")?  A proper noun is
 * hyphenated only when nothing else fits, whatever article it is elided to.
 */
static int
layout_capitalised(const char *w, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t c0 = layout_first_cp(w + i, n - i);
		if (uc_tolower(c0) != c0)
			return 1;
		/* On to the part after the next apostrophe (' or U+2019), if any. */
		for (;; i++) {
			if (i >= n)
				return 0;
			if (w[i] == '\'') {
				i += 1;
				break;
			}
			if (n - i >= 3 && memcmp(w + i, "\xE2\x80\x99", 3) == 0) {
				i += 3;
				break;
			}
		}
	}
	return 0;
}

/*
 * Add the hyphenation points of the word t[ws, we) (letters and
 * apostrophes) to cuts[], unless it is too short or code or a link.
 */
static void
layout_word_points(struct layout *l, const struct block *bl, const char *t, size_t ws, size_t we,
                   int resort, uint32_t *cuts, uint8_t *flags, size_t *ncut,
                   const struct layout_plain *pw)
{
	if (we - ws < HYPH_MIN_WORD ||
	    (bl->nspans && layout_in_literal_span(l->d, bl, bl->start + ws, bl->start + we)))
		return;
	uint16_t pts[HYPH_MAX_POINTS];
	size_t np = pw != NULL && pw->prefetched
	                    ? hyph_points_hashed(l->hb, t + ws, we - ws, pw->hash, pts)
	                    : hyph_points(l->hb, t + ws, we - ws, pts);
	uint8_t f = resort || layout_capitalised(t + ws, we - ws) ? F_RESORT : 0;
	for (size_t m = 0; m < np && *ncut < HYPH_MAX_POINTS; m++) {
		flags[*ncut] = f;
		cuts[(*ncut)++] = (uint32_t)(ws + pts[m]);
	}
}

/*
 * Cut the box just pushed (the last item) at cuts[]: every piece but the
 * last ends with BRK_HYPHEN.
 */
static void
layout_cut_box(struct layout_prep *p, const char *t, const uint32_t *cuts, const uint8_t *flags,
               size_t ncut)
{
	if (ncut == 0)
		return;
	struct layout_item box = p->items[--p->n];
	uint32_t at = box.start;
	int32_t used = 0;
	for (size_t m = 0; m < ncut; m++) {
		struct layout_item *x = layout_push_item(p);
		x->start = at;
		x->end = cuts[m];
		x->width = layout_run_width(t, at, cuts[m]);
		x->brk = BRK_HYPHEN;
		x->flags = flags[m];
		used += x->width;
		at = cuts[m];
	}
	struct layout_item *x = layout_push_item(p);
	*x = box;
	x->start = at;
	x->width = box.width - used;
}

/*
 * Cut the box just pushed (the last item) at the hyphenation points of the
 * words in it — runs of letters and apostrophes, so that a compound is
 * hyphenated part by part and "«\u00A0word" by its word.
 */
static void
layout_hyphenate_box(struct layout *l, const struct block *bl, struct layout_prep *p, const char *t,
                     int resort)
{
	const struct layout_item box = p->items[p->n - 1];
	uint32_t cuts[HYPH_MAX_POINTS];
	uint8_t flags[HYPH_MAX_POINTS];
	size_t ncut = 0, i = box.start, ws = SIZE_MAX;

	if (box.end - box.start < HYPH_MIN_WORD)
		return;
	while (i <= box.end) {
		uint32_t cp = 0;
		size_t k = 1;
		if (i < box.end) {
			unsigned char c = (unsigned char)t[i];
			cp = c < 0x80 ? c : text_decode(t + i, box.end - i, &k);
		}
		/* ASCII answered here as hyph_is_word_char() would, without a call per byte. */
		int word = cp < 0x80 ? (cp | 0x20) - 'a' < 26 || cp == '\'' : hyph_is_word_char(cp);
		if (i < box.end && word) {
			if (ws == SIZE_MAX)
				ws = i;
		} else if (ws != SIZE_MAX) {
			layout_word_points(l, bl, t, ws, i, resort, cuts, flags, &ncut, NULL);
			ws = SIZE_MAX;
		}
		i += k;
	}
	layout_cut_box(p, t, cuts, flags, ncut);
}

/*
 * The end of the token (run without spaces) at t[i], and in *url whether it
 * is a URL, a path or an address (never hyphenated).  One pass with a
 * table: it is run over every byte of the text.
 */
static size_t
layout_scan_token(const char *t, size_t n, size_t i, int *url)
{
	static const unsigned char kind[256] = {
		[' '] = 1, ['\n'] = 1,                                              /* the end */
		['@'] = 2, ['/'] = 2,  ['\\'] = 2, ['_'] = 2, ['='] = 2, ['#'] = 2, /* a URL */
		['w'] = 3,                                                          /* "www."? */
	};
	size_t e = i;
	int u = 0;
	for (; e < n; e++) {
		unsigned k = kind[(unsigned char)t[e]];
		if (k == 1)
			break;
		if (k == 2 || (k == 3 && n - e >= 4 && memcmp(t + e, "www.", 4) == 0))
			u = 1;
	}
	*url = u && e - i >= 5;
	return e;
}

/*
 * Bytes of the letter at u[i] if its UAX #14 class is AL and it is nothing
 * else (no mark, no ZWJ, no quotation): an ASCII letter or one of U+00C0 to
 * U+024F but × and ÷; 0 otherwise.
 */
static inline size_t
layout_plain_letter(const unsigned char *u, size_t n, size_t i)
{
	if ((unsigned)((u[i] | 0x20) - 'a') < 26)
		return 1;
	if (u[i] < 0xC3 || u[i] > 0xC9 || i + 1 >= n || (u[i + 1] & 0xC0) != 0x80)
		return 0;
	if (u[i] == 0xC3 && (u[i + 1] == 0x97 || u[i + 1] == 0xB7))
		return 0;
	return u[i] < 0xC9 || u[i + 1] < 0x90 ? 2 : 0;
}

/*
 * Is the token (run up to a space or a newline) at t[i] a plain word: a
 * plain letter, then plain letters and apostrophes (' or U+2019) followed
 * by a letter, then commas and full stops, then perhaps a no-break space
 * (U+00A0 or U+202F, as French spacing puts them) and one of ; : ! ?  If
 * so, returns the end of its letters, with the token's end in *end and
 * its columns in *width (a column per code point); else 0.  No line may
 * break inside a plain word (AL × AL, × QU ×, × IS, × EX, × GL ×), it
 * ends with AL, IS or EX, it is one word to hyphenate and it is never a
 * URL.  (A letter after a full stop, as in "U.S.", is not plain:
 * libunistring allows a break there, UAX #14 LB29 does not.)
 */
static inline size_t
layout_plain_word(const char *t, size_t n, size_t i, size_t *end, int32_t *width)
{
	const unsigned char *u = (const unsigned char *)t;
	int32_t w = 0;
	size_t k = i < n ? layout_plain_letter(u, n, i) : 0;
	if (k == 0)
		return 0;
	do {
		i += k;
		w++;
		if (i >= n)
			k = 0;
		else if ((k = layout_plain_letter(u, n, i)) != 0)
			;
		else if (u[i] == '\'' && i + 1 < n && layout_plain_letter(u, n, i + 1))
			k = 1;
		else if (n - i > 3 && u[i] == 0xE2 && u[i + 1] == 0x80 && u[i + 2] == 0x99 &&
		         layout_plain_letter(u, n, i + 3))
			k = 3;
	} while (k > 0);
	size_t we = i;
	while (i < n && (u[i] == ',' || u[i] == '.'))
		i++, w++;
	/* "mot\u202F;" "mot\u00A0:" */
	size_t gl = n - i >= 3 && u[i] == 0xE2 && u[i + 1] == 0x80 && u[i + 2] == 0xAF ? 3
	            : n - i >= 2 && u[i] == 0xC2 && u[i + 1] == 0xA0                   ? 2
	                                                                               : 0;
	if (gl && i + gl < n &&
	    (u[i + gl] == ';' || u[i + gl] == ':' || u[i + gl] == '!' || u[i + gl] == '?'))
		i += gl + 1, w += 2;
	if (i < n && u[i] != ' ' && u[i] != '\n')
		return 0;
	*end = i;
	*width = w;
	return we;
}

/*
 * The line break opportunities of t[0, n), exactly as
 * u8_possible_linebreaks() gives them, at a fraction of its cost on prose.
 * It is a table-driven state machine run over every code point, and its
 * answer inside and between plain words (layout_plain_word) is known: nothing
 * inside, and a break before a word whose letter follows spaces after a
 * plain word (UAX #14 LB18; the rules that forbid a break after spaces,
 * LB14–17, need OP, QU, CL, CP or B2 before them).  After such a letter the
 * machine is in the state it would be in at the start of a text, so the
 * text falls into pieces, cut there, that are independent: a piece that is
 * one plain word and its spaces is answered here, every other run of
 * pieces by libunistring.  Checked against libunistring on every block of
 * the corpus (test_layout.c).
 *
 * The plain words met on the way, if l is not NULL, are kept in l->plain
 * (*nplain of them) for layout_prepare(), which would otherwise scan them again.
 */
static void
layout_find_breaks(struct layout *l, const char *t, size_t n, char *brk, size_t *nplain)
{
	const unsigned char *u = (const unsigned char *)t;
	size_t piece = 0; /* where the current piece starts */
	size_t lib = 0;   /* where the pieces left to libunistring start */
	int fast = -1;    /* the piece is one plain word and spaces (-1: no word yet) */
	int after_plain = 0;

	for (size_t i = 0;;) {
		/* The spaces (or newlines) before the token at i. */
		size_t s = i;
		int nl = 0;
		while (i < n && (t[i] == ' ' || t[i] == '\n'))
			nl |= t[i++] == '\n';
		if (nl)
			fast = 0;
		if ((i == n || (s < i && !nl && after_plain && layout_plain_letter(u, n, i))) &&
		    i > piece) {
			/* The piece [piece, i) ends: answer it if it is a plain word. */
			if (fast == 1) {
				if (lib < piece) {
					u8_possible_linebreaks(u + lib, piece - lib, "UTF-8",
					                       brk + lib);
					if (lib > 0)
						brk[lib] = UC_BREAK_POSSIBLE;
				}
				memset(brk + piece, UC_BREAK_PROHIBITED, i - piece);
				if (piece > 0)
					brk[piece] = UC_BREAK_POSSIBLE;
				lib = i;
			}
			piece = i;
			fast = -1;
		}
		if (i == n)
			break;
		size_t e;
		int32_t w;
		size_t we = layout_plain_word(t, n, i, &e, &w);
		int plain = we != 0;
		if (plain && l != NULL) {
			l->plain = xgrow(l->plain, &l->capplain, *nplain + 1, sizeof *l->plain);
			l->plain[(*nplain)++] = (struct layout_plain){ (uint32_t)i, (uint32_t)we,
				                                       (uint32_t)e, w,
				                                       0,           0 };
		}
		if (!plain)
			for (e = i; e < n && t[e] != ' ' && t[e] != '\n'; e++)
				;
		fast = fast == -1 && i == piece ? plain : 0;
		after_plain = plain;
		i = e;
	}
	if (lib < n) {
		u8_possible_linebreaks(u + lib, n - lib, "UTF-8", brk + lib);
		if (lib > 0)
			brk[lib] = UC_BREAK_POSSIBLE;
	}
}

void
layout_breaks(const char *t, size_t n, char *brk)
{
	layout_find_breaks(NULL, t, n, brk, NULL);
}

/*
 * Take back the opportunities libunistring gives inside a token that a
 * reader would not: after a full stop or a comma followed by a letter or a
 * digit (UAX #14 LB29 and LB25 forbid them, libunistring allows them:
 * "sources.|list", "abu.|cnam.|fr"), and after a slash that begins a token
 * ("/|etc", which leaves a lone "/" at a line end).  Plain words hold
 * neither, so only the bytes around '.', ',' and '/' are looked at.
 */
static void
layout_fix_token_breaks(const char *t, size_t n, char *brk)
{
	for (size_t i = 0; i + 1 < n; i++) {
		unsigned char c = (unsigned char)t[i], next = (unsigned char)t[i + 1];
		if ((c != '.' && c != ',' && c != '/') || next == ' ' || next == '\n')
			continue;
		if (c == '/') {
			if (i == 0 || t[i - 1] == ' ' || t[i - 1] == '\n' || t[i - 1] == '(')
				brk[i + 1] = UC_BREAK_PROHIBITED;
			continue;
		}
		if (i == 0 || t[i - 1] == ' ' || t[i - 1] == '\n')
			continue; /* ".5", ".profile": libunistring is right there */
		ucs4_t uc;
		u8_mbtouc(&uc, (const uint8_t *)t + i + 1, n - i - 1);
		if (uc_is_property_alphabetic(uc) || uc_is_property_numeric(uc))
			brk[i + 1] = UC_BREAK_PROHIBITED;
	}
}

enum { PREFETCH_AHEAD = 8 }; /* words whose hyphenation look-up is started ahead */

/* Start the hyphenation look-up of a plain word (if it is long enough to have points). */
static inline void
layout_prefetch_word(struct layout *l, const char *t, struct layout_plain *w)
{
	if (w->end - w->start < HYPH_MIN_WORD)
		return;
	w->hash = hyph_prefetch(l->hb, t + w->start, w->end - w->start);
	w->prefetched = 1;
}

/* Cut block b into items, with hyphenation points if hyph. */
static void
layout_prepare(struct layout *l, size_t b, int hyph)
{
	const struct block *bl = &l->d->blocks[b];
	const char *t = l->d->text + bl->start;
	size_t n = bl->end - bl->start, i = 0;
	struct layout_prep *p = &l->prep[b];
	l->hb = block_hyph(l, bl);
	int words = hyph && l->hb != NULL;
	int resort = bl->kind == BLOCK_HEADING;

	if (p->items == NULL && l->spare_items != NULL) {
		p->items = l->spare_items;
		p->cap = l->cap_spare_items;
		l->spare_items = NULL;
		l->cap_spare_items = 0;
	}
	p->n = 0;
	p->hyph = (unsigned char)hyph;
	/* About a word per six bytes of French: one allocation for most blocks. */
	p->items = xgrow(p->items, &p->cap, n / 4 + 4, sizeof *p->items);
	l->brk = xgrow(l->brk, &l->capbrk, n + 1, 1);
	char *brk = l->brk;
	size_t nplain = 0, k = 0;
	if (n > 0) {
		layout_find_breaks(l, t, n, brk, &nplain);
		layout_fix_token_breaks(t, n, brk);
		typo_fix_breaks(t, n, brk);
	}
	struct layout_plain *pw = l->plain;
	for (size_t m = 0; words && m < nplain && m < PREFETCH_AHEAD; m++)
		layout_prefetch_word(l, t, &pw[m]);
	size_t token_end = 0;
	int url = 0;
	do {
		struct layout_item *x = layout_push_item(p);
		int soft = 0;
		int32_t width = 0;
		size_t word_end = 0;
		const struct layout_plain *plain = NULL;
		x->start = (uint32_t)i;
		while (k < nplain && pw[k].start < i)
			k++;
		if (i >= token_end && k < nplain && pw[k].start == i) {
			/* Most words: the box is the token, a column a code point. */
			plain = &pw[k];
			word_end = plain->end;
			token_end = plain->token_end;
			width = plain->width;
			i = token_end;
			url = 0;
			if (words && k + PREFETCH_AHEAD < nplain)
				layout_prefetch_word(l, t, &pw[k + PREFETCH_AHEAD]);
		} else if (i >= token_end &&
		           (word_end = layout_plain_word(t, n, i, &token_end, &width)) != 0) {
			/* A plain word after a break inside a token. */
			i = token_end;
			url = 0;
		} else if (words && i >= token_end) {
			/* A new token: no hyphen is ever added inside a URL or an address. */
			token_end = layout_scan_token(t, n, i, &url);
		}
		/* The box: clusters up to a space, a newline or a break opportunity. */
		while (!word_end && i < n && t[i] != ' ' && t[i] != '\n') {
			int cw;
			size_t e = layout_cluster(t, n, i, &cw);
			if (cw == 0 && layout_is_soft_hyphen(t + i, e - i))
				soft = 1;
			width += cw;
			i = e;
			if (soft && i < n && t[i] != ' ' && t[i] != '\n')
				break;
			soft = 0;
			if (i < n && t[i] != ' ' && t[i] != '\n' &&
			    (brk[i] == UC_BREAK_POSSIBLE || brk[i] == UC_BREAK_HYPHENATION))
				break;
		}
		x->end = (uint32_t)i;
		x->width = width;
		/* What may follow the box. */
		if (soft) {
			x->brk = BRK_SOFT;
		} else if (i >= n) {
			x->brk = BRK_FORCE;
		} else if (t[i] == '\n') {
			x->brk = BRK_FORCE;
			i++;
		} else if (t[i] == ' ') {
			size_t s0 = i;
			while (i < n && t[i] == ' ')
				i++;
			if (i >= n || t[i] == '\n') {
				/* Spaces at a line end are dropped. */
				x->brk = BRK_FORCE;
				i += i < n;
			} else {
				x->glue = (uint16_t)(i - s0 > 65535 ? 65535 : i - s0);
				x->brk = brk[i] == UC_BREAK_PROHIBITED ? BRK_NONE : BRK_GLUE;
			}
		} else {
			x->brk = layout_ends_with_hyphen(t, i) ? BRK_EXPLICIT : BRK_AFTER;
		}
		if (x->start == x->end && x->brk == BRK_GLUE)
			x->brk = BRK_NONE; /* leading spaces of a kept line stay with it */
		if (words && word_end) {
			uint32_t cuts[HYPH_MAX_POINTS];
			uint8_t flags[HYPH_MAX_POINTS];
			size_t ncut = 0;
			layout_word_points(l, bl, t, x->start, word_end, resort, cuts, flags, &ncut,
			                   plain);
			layout_cut_box(p, t, cuts, flags, ncut);
		} else if (words && !url) {
			layout_hyphenate_box(l, bl, p, t, resort);
		}
	} while (i < n);
}

/* Columns available to the line that starts a block (first) or continues it. */
static int
layout_avail(const struct layout *l, const struct block *bl, int first)
{
	int w = l->o.width - bl->indent - 2 * bl->quote - (first ? 0 : bl->hang);
	return w < 1 ? 1 : w;
}

/* May a line end after x, at these options? */
static int
layout_breakable(const struct layout_item *x, int hyphenate)
{
	return x->brk != BRK_NONE && (x->brk != BRK_HYPHEN || hyphenate);
}

/* Does the break after x draw a '-'? */
static int
layout_draws_hyphen(const struct layout_item *x)
{
	return x->brk == BRK_HYPHEN || x->brk == BRK_SOFT;
}

/* Must no line start with the cluster at s (» ; : ! ? or a no-break space)? */
static int
layout_sticks_to_previous(const char *s, size_t n)
{
	uint32_t cp = layout_first_cp(s, n);
	return cp == 0xBB || cp == ';' || cp == ':' || cp == '!' || cp == '?' || cp == 0xA0 ||
	       cp == 0x202F;
}

/* Must no line end with the cluster at s (« or a no-break space)? */
static int
layout_sticks_to_next(const char *s, size_t n)
{
	uint32_t cp = layout_first_cp(s, n);
	return cp == 0xAB || cp == 0xA0 || cp == 0x202F;
}

/* Does a run of boxes between two break opportunities of items[0..n) pass minw columns? */
static int
layout_runs_overflow(const struct layout_item *items, size_t n, int minw, int hyphenate)
{
	int64_t w = 0;
	for (size_t k = 0; k < n; k++) {
		const struct layout_item *x = &items[k];
		w += x->width;
		if (!layout_breakable(x, hyphenate)) {
			w += x->glue;
		} else if (w + layout_draws_hyphen(x) > minw) {
			return 1;
		} else {
			w = 0;
		}
	}
	return 0;
}

/* Room for one more item at the end of the work copy: it, counted in *nw. */
static struct layout_item *
layout_push_work(struct layout *l, size_t *nw)
{
	l->work = xgrow(l->work, &l->capwork, *nw + 1, sizeof *l->work);
	return &l->work[(*nw)++];
}

/*
 * A cluster z of item y that is not its last: a cut that costs
 * BRK_CLUSTER, dearer where it would start a line with » ; : ! ? or end
 * one with «.
 */
static void
layout_cut_cluster(struct layout_item *z, const char *t, const struct layout_item *y)
{
	z->glue = 0;
	z->brk = BRK_CLUSTER;
	z->width = layout_is_soft_hyphen(t + z->start, z->end - z->start)
	                   ? 0
	                   : text_cluster_width(t + z->start, z->end - z->start);
	if (layout_sticks_to_next(t + z->start, z->end - z->start) ||
	    layout_sticks_to_previous(t + z->end, y->end - z->end))
		z->flags = F_PUNCT;
}

/*
 * The last cluster z of item y (or the whole of an empty y): it keeps y's
 * break and spaces, and the columns y has left; a break that would draw a
 * hyphen with no room for it (a measure of 1), or one hyphenation does not
 * allow, becomes a plain cut.
 */
static void
layout_last_cluster(struct layout_item *z, const char *t, const struct layout_item *y, int minw,
                    int hyphenate)
{
	z->width = z->end > z->start ? y->width - text_width(t + y->start, z->start - y->start) : 0;
	if (y->brk == BRK_NONE) {
		z->brk = BRK_CLUSTER;
		z->flags = F_PUNCT;
	} else if ((y->brk == BRK_HYPHEN && !hyphenate) ||
	           (layout_draws_hyphen(y) && z->width + 1 > minw)) {
		z->brk = BRK_CLUSTER;
	}
}

/* Item y cut into its grapheme clusters, appended to the work copy. */
static void
layout_push_clusters(struct layout *l, const char *t, const struct layout_item *y, int minw,
                     int hyphenate, size_t *nw)
{
	uint32_t i = y->start, e;
	do {
		e = i < y->end ? (uint32_t)text_cluster_end(t, y->end, i) : i;
		struct layout_item *z = layout_push_work(l, nw);
		*z = *y;
		z->start = i;
		z->end = e;
		z->flags = 0;
		if (e < y->end)
			layout_cut_cluster(z, t, y);
		else
			layout_last_cluster(z, t, y, minw, hyphenate);
	} while (e > i && (i = e) < y->end);
}

/*
 * The items of block b for a line of minw columns: the prepared ones, or
 * a copy in which every run of boxes wider than the line between two break
 * opportunities is cut into clusters (the cuts cost BRK_CLUSTER).
 */
static const struct layout_item *
layout_fit_items(struct layout *l, size_t b, int minw, int hyphenate, size_t *nitems)
{
	const struct layout_prep *p = &l->prep[b];
	const char *t = l->d->text + l->d->blocks[b].start;
	size_t n = p->n, seg = 0, nw = 0;
	int64_t w = 0;

	*nitems = n;
	if (!layout_runs_overflow(p->items, n, minw, hyphenate))
		return p->items;
	/* Run by run (items seg..k, up to a break opportunity or the end). */
	for (size_t k = 0; k < n; k++) {
		const struct layout_item *x = &p->items[k];
		w += x->width;
		if (!layout_breakable(x, hyphenate) && k + 1 < n) {
			w += x->glue;
			continue;
		}
		if (w + layout_draws_hyphen(x) <= minw) {
			/* A run that fits: copied as it is. */
			l->work = xgrow(l->work, &l->capwork, nw + k + 1 - seg, sizeof *l->work);
			memcpy(l->work + nw, p->items + seg, (k + 1 - seg) * sizeof *l->work);
			nw += k + 1 - seg;
		} else {
			for (size_t m = seg; m <= k; m++)
				layout_push_clusters(l, t, &p->items[m], minw, hyphenate, &nw);
		}
		seg = k + 1;
		w = 0;
	}
	*nitems = nw;
	return l->work;
}

static void
layout_add_line(struct layout *l, struct layout_fit *f, size_t start, size_t end, int width,
                int indent, int hyphen, int last)
{
	if (f->lines == NULL && l->spare_lines != NULL) {
		f->lines = l->spare_lines;
		f->cap = l->cap_spare_lines;
		l->spare_lines = NULL;
		l->cap_spare_lines = 0;
	}
	f->lines = xgrow(f->lines, &f->cap, f->n + 1, sizeof *f->lines);
	struct line *ln = &f->lines[f->n++];
	memset(ln, 0, sizeof *ln);
	ln->start = start;
	ln->end = end;
	ln->width = width;
	ln->indent = indent;
	ln->hyphen = (unsigned char)hyphen;
	ln->last = (unsigned char)last;
}

static int64_t
layout_add_cost(int64_t a, int64_t b)
{
	return a > COST_INF - b ? COST_INF - 1 : a + b;
}

/*
 * What the path remembers of the lines just before: whether the last one
 * ended with a hyphen, the text's own (which looks the same, so a second
 * one costs COST_CONSEC) or an added one (of which a third in a row is
 * refused: the text's own hyphens are words, not hyphenation, and reset
 * the count).
 */
enum { ST_PLAIN, ST_OWN, ST_ONE, ST_TWO, NSTATE };

/* The state after a line ending with a break of kind 0 (plain), 1 (own hyphen), 2 (added). */
static const unsigned char next_state[NSTATE][3] = {
	[ST_PLAIN] = { ST_PLAIN, ST_OWN, ST_ONE },
	[ST_OWN] = { ST_PLAIN, ST_OWN, ST_ONE },
	[ST_ONE] = { ST_PLAIN, ST_OWN, ST_TWO },
	[ST_TWO] = { ST_PLAIN, ST_OWN, ST_TWO },
};

/* The cost of breaking after x (not at the end of its run). */
static int64_t
layout_break_cost(const struct layout_item *x)
{
	switch (x->brk) {
	case BRK_HYPHEN:
		return x->flags & F_RESORT ? COST_RESORT : COST_HYPHEN;
	case BRK_SOFT:
		return COST_SOFT;
	case BRK_EXPLICIT:
		return COST_EXPLICIT;
	case BRK_CLUSTER:
		return x->flags & F_PUNCT ? COST_PUNCT : COST_CLUSTER;
	default:
		return 0;
	}
}

/*
 * The shortest path through the m candidates l->cand of the run it[]:
 * l->cost[ring(c)*NSTATE+h] is the cheapest way to break after candidate c
 * in state h, l->from[] the step before it.
 * Lines with more than tol columns of slack are not considered (the last
 * line excepted).  Returns the cost of the best way to the end.
 *
 * The candidates a line may start after form a window that only moves
 * forward: its earliest member is the first whose line still fits, and
 * from there lines only get shorter, down to the tolerance.
 */
/*
 * Make the ring hold candidates [low, c]: larger, its entries for [low, c)
 * moved to their new places.  A window wider than the ring is rare (many
 * zero-width pieces), so it grows as needed rather than being sized for
 * the worst.
 */
static void
layout_grow_ring(struct layout *l, size_t low, size_t c)
{
	size_t cap = l->capring, ncap = cap ? cap : 256;
	while (ncap < c - low + 1)
		ncap *= 2;
	if (ncap == cap)
		return;
	int64_t *cost = xmalloc(ncap * NSTATE * sizeof *cost);
	uint8_t *live = xmalloc(ncap * sizeof *live);
	for (size_t p = low; p < c && cap > 0; p++) {
		memcpy(&cost[(p & (ncap - 1)) * NSTATE], &l->cost[(p & (cap - 1)) * NSTATE],
		       NSTATE * sizeof *cost);
		live[p & (ncap - 1)] = l->live[p & (cap - 1)];
	}
	free(l->cost);
	free(l->live);
	l->cost = cost;
	l->live = live;
	l->capring = ncap;
}

/*
 * What layout_relax() knows of candidate c while it looks back at the lines that
 * may end there: the same for every predecessor.
 */
struct layout_edge_to {
	size_t j;      /* the item c breaks after */
	int64_t end;   /* W[] at the end of c's line, its hyphen included */
	int64_t pen;   /* the cost of breaking at c */
	int kind;      /* the break: 0 plain, 1 the text's own hyphen, 2 an added one */
	int last;      /* c ends the run: its line is never judged by its slack */
	int64_t *best; /* the cheapest cost of reaching c, per state */
	int32_t *why;  /* and from where */
};

/* What a line tried by layout_relax_edge() came to. */
enum edge {
	EDGE_TAKEN, /* looked at (whether cheaper or not) */
	EDGE_WIDE,  /* wider than the line, and not the one overfull line allowed */
	EDGE_LOOSE, /* looser than the tolerance: so is every line from further back */
};

/*
 * The line from after candidate pc (-1: the run's start) to candidate c:
 * its cost, added to every state pc is reached in, lowering c's best.
 */
static inline enum edge
layout_relax_edge(struct layout *l, const struct layout_item *it, const struct layout_edge_to *c,
                  long pc, long cidx, int first, int rest, int justify, int tol,
                  const int64_t *start)
{
	const size_t ring = l->capring - 1;
	const unsigned live = pc < 0 ? 1u : l->live[(size_t)pc & ring];
	const size_t s = pc < 0 ? 0 : l->cand[pc] + 1;
	const int64_t width = c->end - l->wsum[s];
	const int av = s == 0 ? first : rest;
	int64_t cost;

	if (width > av) {
		if (pc + 1 != cidx)
			return EDGE_WIDE;
		cost = COST_OVERFULL; /* one piece wider than the line: it must go somewhere */
	} else if (c->last) {
		/* A hyphen just before the last line leaves a stub: TeX's finalhyphendemerits. */
		cost = pc >= 0 && layout_draws_hyphen(&it[l->cand[pc]]) ? COST_FINAL : 0;
	} else {
		int64_t slack = av - width;
		if (slack > tol)
			return EDGE_LOOSE;
		if (!justify) {
			cost = slack * slack;
		} else {
			int64_t gaps = l->gsum[c->j] - l->gsum[s];
			cost = gaps > 0    ? JUSTIFY_SCALE * slack * slack / gaps
			       : slack > 0 ? COST_RIGID + 100 * slack * slack
			                   : 0;
		}
	}
	cost += c->pen;
	/* Most candidates are reached in one state or two: only those are looked at. */
	const int64_t *from = pc < 0 ? start : &l->cost[((size_t)pc & ring) * NSTATE];
	for (unsigned bits = live; bits != 0; bits &= bits - 1) {
		const int h = __builtin_ctz(bits);
		int64_t total = layout_add_cost(from[h], cost);
		int nh = next_state[h][c->kind];
		if (c->kind && h != ST_PLAIN)
			total = layout_add_cost(total, COST_CONSEC);
		if (c->kind == 2 && h == ST_TWO)
			total = layout_add_cost(total, COST_THIRD);
		if (total < c->best[nh]) {
			c->best[nh] = total;
			c->why[nh] = pc < 0 ? -1 : (int32_t)(pc * NSTATE + h);
		}
	}
	return EDGE_TAKEN;
}

static int64_t
layout_relax(struct layout *l, const struct block *bl, const struct layout_item *it, size_t m,
             int first, int rest, int tol)
{
	const int maxw = first > rest ? first : rest;
	const int justify = l->o.justify && bl->kind == BLOCK_PARA;
	const int64_t *W = l->wsum;
	const int64_t start[NSTATE] = { 0, COST_INF, COST_INF, COST_INF };
	const uint32_t *alive = l->alive;
	size_t lo = 0;
	/* Many candidates (hyphenation points above all) are reached in no
	 * state: only those reached are looked back at, from alive[], whose
	 * first at or after lo is alive[k0]. */
	size_t nalive = 0, k0 = 0;

	for (size_t c = 0; c < m; c++) {
		struct layout_edge_to to;
		to.j = l->cand[c];
		const struct layout_item *x = &it[to.j];
		to.last = c + 1 == m;
		const int hy = !to.last && layout_draws_hyphen(x);
		to.kind = to.last ? 0 : hy ? 2 : x->brk == BRK_EXPLICIT ? 1 : 0;
		to.pen = to.last ? 0 : layout_break_cost(x);
		to.end = W[to.j] + x->width + hy;

		while (lo < c && to.end - W[l->cand[lo] + 1] > maxw)
			lo++;
		while (k0 < nalive && alive[k0] < lo)
			k0++;
		/* Looked back at: lo..c-1, or c-1 alone (an overfull line). */
		const size_t low = lo < c ? lo : c > 0 ? c - 1 : 0;
		if (c - low + 1 > l->capring)
			layout_grow_ring(l, low, c);
		to.best = &l->cost[(c & (l->capring - 1)) * NSTATE];
		to.why = &l->from[c * NSTATE];
		for (int h = 0; h < NSTATE; h++) {
			to.best[h] = COST_INF;
			to.why[h] = -1;
		}

		/* From the run's start, if the line fits; or overfull, if even the
		 * first candidate's does not. */
		if (to.end <= first || c == 0)
			layout_relax_edge(l, it, &to, -1, (long)c, first, rest, justify, tol,
			                  start);
		/* From the window lo..c-1, nearest the start first: the lines only
		 * get looser, so the first too loose ends it.  When nothing of the
		 * window fits (lo has reached c), c - 1 alone, for an overfull
		 * line, if it is reached. */
		size_t k = k0;
		if (lo == c && c > 0 && to.end > first && k0 > 0 && alive[k0 - 1] == c - 1)
			k = k0 - 1;
		for (; k < nalive && alive[k] < c; k++)
			if (layout_relax_edge(l, it, &to, (long)alive[k], (long)c, first, rest,
			                      justify, tol, start) == EDGE_LOOSE)
				break;

		unsigned mask = 0;
		for (int h = 0; h < NSTATE; h++)
			mask |= (unsigned)(to.best[h] != COST_INF) << h;
		l->live[c & (l->capring - 1)] = (uint8_t)mask;
		if (mask != 0)
			l->alive[nalive++] = (uint32_t)c;
	}
	const int64_t *e = &l->cost[((m - 1) & (l->capring - 1)) * NSTATE];
	int64_t best = COST_INF;
	for (int h = 0; h < NSTATE; h++)
		best = e[h] < best ? e[h] : best;
	return best;
}

/*
 * Total fit of the items it[a..e] (e ends the block or a kept line): the
 * cheapest sequence of breaks, then its lines appended to f.
 */
static void
layout_fit_run(struct layout *l, const struct block *bl, const struct layout_item *it, size_t a,
               size_t e, struct layout_fit *f)
{
	const int first = layout_avail(l, bl, 1), rest = layout_avail(l, bl, 0);
	const int maxw = first > rest ? first : rest;
	const int hyphenate = l->o.hyphenate;
	size_t nitems = e - a + 1, m = 0;

	l->wsum = xgrow(l->wsum, &l->capsum, nitems + 1, sizeof *l->wsum);
	l->gsum = xrealloc(l->gsum, l->capsum * sizeof *l->gsum);
	int64_t *W = l->wsum;
	int32_t *G = l->gsum;
	W[0] = 0;
	G[0] = 0;
	for (size_t k = 0; k < nitems; k++) {
		W[k + 1] = W[k] + it[a + k].width + it[a + k].glue;
		G[k + 1] = G[k] + it[a + k].glue;
	}
	for (size_t k = 0; k < nitems; k++)
		if (k + 1 == nitems || layout_breakable(&it[a + k], hyphenate))
			m++;
	if (m > l->capcand) {
		l->capcand = m + m / 2;
		l->cand = xrealloc(l->cand, l->capcand * sizeof *l->cand);
		l->from = xrealloc(l->from, l->capcand * NSTATE * sizeof *l->from);
		l->chain = xrealloc(l->chain, l->capcand * sizeof *l->chain);
		l->alive = xrealloc(l->alive, l->capcand * sizeof *l->alive);
	}
	m = 0;
	for (size_t k = 0; k < nitems; k++)
		if (k + 1 == nitems || layout_breakable(&it[a + k], hyphenate))
			l->cand[m++] = (uint32_t)k;

	/* First with a tolerance, as TeX does: lines looser than it are not
	 * even looked at; only if that leaves no way through but a last resort
	 * (or none), again with no tolerance. */
	int tol = maxw / 4 > 8 ? maxw / 4 : 8;
	if (layout_relax(l, bl, it + a, m, first, rest, tol) >= COST_RESORT)
		layout_relax(l, bl, it + a, m, first, rest, INT32_MAX);

	/* Walk back from the cheapest end, then emit the lines in order. */
	const int64_t *fin = &l->cost[((m - 1) & (l->capring - 1)) * NSTATE];
	int h = 0;
	for (int k = 1; k < NSTATE; k++)
		if (fin[k] < fin[h])
			h = k;
	size_t nb = 0;
	for (int32_t at = (int32_t)((m - 1) * NSTATE + h); at >= 0; at = l->from[at])
		l->chain[nb++] = (uint32_t)(at / NSTATE);
	size_t s = 0;
	for (size_t k = nb; k-- > 0;) {
		size_t j = l->cand[l->chain[k]];
		const struct layout_item *x = &it[a + j];
		int av = s == 0 ? first : rest;
		layout_add_line(l, f, bl->start + it[a + s].start, bl->start + x->end,
		                (int)(W[j] - W[s] + x->width), l->o.width - av,
		                k > 0 && layout_draws_hyphen(x), k == 0);
		s = j + 1;
	}
}

enum { MARK_W = 2 }; /* "↪ " before the continuation of a cut code line */

/*
 * The lines of a code block: its own lines with every space, never
 * refilled nor hyphenated.  One wider than the measure is cut between
 * clusters and goes on after a mark (unless the measure has no room for
 * one), so that what was one line is seen to be one; an indent wider
 * than the measure is dropped.
 */
static void
layout_fit_code(struct layout *l, size_t b)
{
	const struct block *bl = &l->d->blocks[b];
	struct layout_fit *f = &l->fit[b];
	const char *t = l->d->text;
	const int av = layout_avail(l, bl, 1), mark = av > MARK_W;
	size_t i = bl->start;

	f->n = 0;
	for (;;) {
		const char *nl = memchr(t + i, '\n', bl->end - i);
		size_t eol = nl ? (size_t)(nl - t) : bl->end;
		int cont = 0;
		/* An indent wider than the measure would make a row of nothing: it is dropped. */
		size_t lead = i;
		while (lead < eol && t[lead] == ' ')
			lead++;
		if (lead < eol && (int)(lead - i) >= av)
			i = lead;
		do {
			int room = cont && mark ? av - MARK_W : av, w = 0;
			size_t s = i;
			while (i < eol) {
				int cw;
				size_t e = layout_cluster(t, eol, i, &cw);
				if (w + cw > room && i > s)
					break;
				w += cw;
				i = e;
			}
			layout_add_line(l, f, s, i, w, l->o.width - av, 0, i == eol);
			f->lines[f->n - 1].mark = (unsigned char)(cont && mark);
			cont = 1;
		} while (i < eol);
		if (eol >= bl->end)
			break;
		i = eol + 1;
	}
}

/* Choose the lines of block b at the current options. */
static void
layout_fit_block(struct layout *l, size_t b)
{
	const struct block *bl = &l->d->blocks[b];
	struct layout_fit *f = &l->fit[b];
	int first = layout_avail(l, bl, 1), rest = layout_avail(l, bl, 0);
	size_t n, a = 0;
	const struct layout_item *it =
	        layout_fit_items(l, b, first < rest ? first : rest, l->o.hyphenate, &n);

	f->n = 0;
	for (size_t k = 0; k < n; k++) {
		if (it[k].brk == BRK_FORCE || k + 1 == n) {
			layout_fit_run(l, bl, it, a, k, f);
			a = k + 1;
		}
	}
}

const struct line *
layout_lines(struct layout *l, size_t b, size_t *n)
{
	struct layout_fit *f = &l->fit[b];
	if (f->gen != l->gen || f->lines == NULL) {
		const struct block *bl = &l->d->blocks[b];
		struct layout_prep *p = &l->prep[b];
		/* A block that fits on its first line (it has no more columns than
		 * bytes) is one line whatever the hyphens: not looking for them
		 * saves a dictionary look-up per word of the short paragraphs. */
		int want = l->o.hyphenate && block_hyph(l, bl) != NULL &&
		           bl->end - bl->start > (size_t)layout_avail(l, bl, 1);
		if (bl->kind == BLOCK_CODE || bl->raw) {
			layout_fit_code(l, b);
		} else if (bl->kind == BLOCK_RULE) {
			/* One line of the block's (empty) text, drawn by layout_walk. */
			f->n = 0;
			layout_add_line(l, f, bl->start, bl->end, layout_avail(l, bl, 1),
			                l->o.width - layout_avail(l, bl, 1), 0, 1);
		} else {
			if (p->items == NULL || (want && !p->hyph))
				layout_prepare(l, b, want);
			layout_fit_block(l, b);
		}
		f->gen = l->gen;
		layout_cache_note(l, b);
	}
	*n = f->n;
	return f->lines;
}

/* The style of the spans of block bl that cover offset off. */
static unsigned
layout_style_at(const struct doc *d, const struct block *bl, size_t off)
{
	unsigned s = 0;
	for (size_t k = 0; k < bl->nspans; k++) {
		const struct span *sp = &d->spans[bl->span0 + k];
		if (sp->start <= off && off < sp->end)
			s |= sp->style;
	}
	return s;
}

/*
 * Headings of books are centred, as printed books set their chapter titles;
 * documentation's are not (a manual's or a README's sections read down its
 * left edge): the parser says which a document is (doc->book).  The
 * columns a line of bl is moved right by.
 */
static int
centring(const struct layout *l, const struct block *bl, const struct line *ln)
{
	if (bl->kind != BLOCK_HEADING || !l->d->book || bl->quote > 0)
		return 0;
	int room = l->o.width - ln->indent - ln->width - (ln->hyphen ? 1 : 0);
	return room > 1 ? room / 2 : 0;
}

void
layout_walk(struct layout *l, size_t b, const struct line *ln, layout_cell_fn fn, void *arg)
{
	const struct doc *d = l->d;
	const struct block *bl = &d->blocks[b];
	const char *t = d->text;
	unsigned base = bl->kind == BLOCK_HEADING ? CELL_HEADING : 0;
	int col = 0, spaces = 0, extra = 0, seen = 0;
	struct cell c;

	/* Only the bars that leave the text its column: at a measure narrower
	 * than the quote's decoration, the text wins (its indent is smaller). */
	for (int q = 0; q < bl->quote && 2 * q + 1 <= ln->indent; q++) {
		c = (struct cell){ col, 1, "│", 3, ln->start, CELL_BAR };
		fn(arg, &c);
		col += 2;
	}
	col = ln->indent + centring(l, bl, ln);
	if (bl->kind == BLOCK_RULE) {
		for (; col < l->o.width; col++) {
			c = (struct cell){ col, 1, "\xE2\x94\x80", 3, ln->start, base }; /* ─ */
			fn(arg, &c);
		}
		return;
	}
	if (ln->mark) {
		c = (struct cell){ col, 1, "\xE2\x86\xAA", 3, ln->start, base | CELL_MARK }; /* ↪ */
		fn(arg, &c);
		col += MARK_W;
	}
	if (l->o.justify && !ln->last && bl->kind == BLOCK_PARA) {
		int room = l->o.width - ln->indent - ln->width - (ln->hyphen ? 1 : 0);
		for (size_t i = ln->start; i < ln->end; i++)
			if (t[i] == ' ')
				spaces++;
		if (spaces > 0 && room > 0)
			extra = room;
	}
	for (size_t i = ln->start; i < ln->end;) {
		unsigned char ch = (unsigned char)t[i];
		if (ch == ' ') {
			/* Spread the extra columns evenly: gap k gets its share. */
			int w = 1;
			if (extra) {
				w += (extra * (seen + 1)) / spaces - (extra * seen) / spaces;
				seen++;
			}
			/* A space inside a span has its style: a link is underlined throughout. */
			c = (struct cell){
				col,
				w,
				" ",
				1,
				i,
				base | CELL_SPACE | (bl->nspans ? layout_style_at(d, bl, i) : 0)
			};
			fn(arg, &c);
			col += w;
			i++;
			continue;
		}
		int w;
		size_t e = layout_cluster(t, ln->end, i, &w);
		if (w == 0 && layout_is_soft_hyphen(t + i, e - i)) {
			i = e;
			continue;
		}
		c = (struct cell){ col,   w, t + i,
			           e - i, i, base | (bl->nspans ? layout_style_at(d, bl, i) : 0) };
		fn(arg, &c);
		col += w;
		i = e;
	}
	if (ln->hyphen) {
		c = (struct cell){ col, 1, "-", 1, ln->end, base | CELL_HYPHEN };
		fn(arg, &c);
	}
}

int
layout_plain(const struct layout *l, size_t b, const struct line *ln)
{
	const struct block *bl = &l->d->blocks[b];
	if (bl->quote > 0 || bl->kind == BLOCK_RULE || ln->mark ||
	    (l->o.justify && !ln->last && bl->kind == BLOCK_PARA) || centring(l, bl, ln) > 0)
		return 0;
	/* A soft hyphen is dropped by layout_walk(): its second byte is 0xAD. */
	const char *t = l->d->text;
	return ln->end == ln->start || memchr(t + ln->start, 0xAD, ln->end - ln->start) == NULL;
}

void
layout_walk_gap(struct layout *l, size_t b, layout_cell_fn fn, void *arg)
{
	const struct doc *d = l->d;
	if (b + 1 >= d->nblocks)
		return;
	int q = d->blocks[b].quote < d->blocks[b + 1].quote ? d->blocks[b].quote
	                                                    : d->blocks[b + 1].quote;
	for (int k = 0; k < q; k++) {
		struct cell c = { 2 * k, 1, "│", 3, d->blocks[b].end, CELL_BAR };
		fn(arg, &c);
	}
}
