/*
 * search.c — folding, matching, match ranges.
 *
 * Everything is compared in a "folded" form: every code point is case
 * folded (full folding, ß = ss), decomposed (NFKD) and stripped of its
 * nonspacing marks (é = e, ﬁ = fi), œ/æ become oe/ae, ’ and ʼ become ',
 * soft hyphens and zero-width spaces vanish, and every run of white space
 * (including U+00A0, U+202F and line ends) becomes one space.  The query is
 * folded the same way, so a match is a plain substring of the folded text.
 *
 * Speed and memory: the folded copy of a document is built once, on the
 * first search, and kept in its search_index with a sparse map back to
 * the document: an anchor every ANCHOR folded bytes, the document offset
 * of the character there.  A folded offset is mapped by folding the
 * document on from the anchor before it, without writing (ANCHOR folded
 * bytes at most, and whatever folds to nothing among them; matches are
 * mapped left to right, so a walk goes on from the last match when it is
 * nearer), and a match found in ASCII folded
 * one to one needs no walk for its end.  So the index is the folded text
 * and 8 bytes per ANCHOR of it: a little less than the text where accents
 * fold away (0.98 times for the French corpus: make bench says), a little
 * more where nothing does (1.016 times for Cyrillic).  A block between two
 * anchors that folds one to one (ASCII without runs of spaces, Cyrillic,
 * Greek) is marked so, and maps without a walk.
 * A query is then memmem() (two-way) over the folded text: no folding per
 * keystroke but the walks.  A query of one letter, the first key of every
 * search, has a match every few bytes: it is found by one walk of the
 * whole text beside the fold instead (search_find_byte, 8 ms for 370 000 matches
 * in 3 MB).
 * Case folding is in the index too, so a case-sensitive query (smart
 * case) searches like the caseless one and checks each candidate against
 * the document folded without case, a few bytes per candidate.
 *
 * A document typo.c spaced (doc->typo) holds "oui !" where the source had
 * "oui!": a query is compiled twice, as typed and spaced by the same rules,
 * and when the two differ both are searched and the results merged, so
 * what the reader remembers of the source is found, and so is code, which
 * is never spaced.
 *
 * --grep searches once, so it builds no such index: it folds 64 KB of the
 * document at a time into one small reused buffer with its anchors and searches it
 * while it is in cache (a chunk ends after a printable ASCII byte, where
 * folding starts afresh, and is folded on as far as a match starting in it
 * may reach), the second half of a big text on a second thread.
 *
 * Folding one code point (casefold + NFKD through libunistring) is cached
 * for the Basic Multilingual Plane in a table of 64K words, each holding
 * the folded bytes inline; ASCII takes a faster path still.
 */
#define _GNU_SOURCE /* memmem: glibc's two-way search */
#include "search.h"
#include "typo.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwidth.h>

#include "doc.h"
#include "util.h"

enum {
	FOLD_MAX = 128,  /* bytes one code point can fold to */
	FOLD_MAXCP = 32, /* code points of one decomposition */
};

enum {
	ANCHOR = 512,       /* folded bytes between two anchors of the map */
	ANCHOR_SHIFT = 8,   /* an anchor is its document offset << ANCHOR_SHIFT | … */
	ANCHOR_EVEN = 0x80, /* … its block folds one to one | … */
	ANCHOR_BACK = 0x7F, /* … how far before its folded offset it starts */
};

/*
 * Where a walk from folded text back to the document is: folded offset f
 * starts at document offset o, a character boundary.
 */
struct search_cursor {
	size_t f, o;
};

struct search_index {
	const struct doc *d;
	int built;
	char *fold; /* the folded text */
	size_t flen, cap;
	size_t base; /* the document offset of fold[0] */
	/* Anchor k: the character whose fold holds folded byte k * ANCHOR, as
	 * its document offset << ANCHOR_SHIFT | ANCHOR_EVEN if every character
	 * from it to the next anchor's folds one to one (as many bytes, none
	 * dropped: ASCII, Cyrillic, Greek…) | how many folded bytes before
	 * k * ANCHOR its fold starts (less than FOLD_MAX). */
	uint64_t *anchor;
	size_t nanchors, capanchors;
	int space;  /* the last folded byte is a space, while building */
	int uneven; /* the last anchor's block does not fold one to one, while building */
};

/* A query folded for the index: without case, and keeping it (smart case). */
struct search_form {
	char *fold; /* folded without case */
	size_t len;
	char *cs; /* folded keeping case, for smart case; NULL if caseless */
	size_t cslen;
};

/*
 * A query in two forms: as typed, and with French spacing applied as it
 * was to the document, so that "oui!" finds "oui !" and "Title: X" finds
 * "Title : X" in a text that typo.c spaced — the reader types what the
 * source said.
 */
struct search_query {
	struct search_form plain, french;
};

/* White space of any kind, as the query and the text see it. */
static int
search_fold_is_space(ucs4_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000;
}

/* Invisible characters that searching ignores: soft hyphen, zero-width spaces. */
static int
search_fold_is_dropped(ucs4_t c)
{
	return c == 0xAD || c == 0x200B || c == 0x2060 || c == 0xFEFF;
}

static int
search_fold_is_mark(ucs4_t c)
{
	return uc_is_general_category(c, UC_CATEGORY_Mn);
}

/* Fold one code point into out (FOLD_MAX bytes), ' ' standing for any space. */
static size_t
search_fold_cp_slow(ucs4_t c, int caseless, uint8_t *out)
{
	uint32_t tmp[FOLD_MAXCP], *r;
	size_t n = FOLD_MAXCP, i, k = 0;

	if (search_fold_is_space(c)) {
		out[0] = ' ';
		return 1;
	}
	if (search_fold_is_dropped(c))
		return 0;
	/* Hangul syllables would only split into jamo, tripling the index. */
	if (c >= 0xAC00 && c <= 0xD7A3)
		return (size_t)u8_uctomb(out, c, 4);
	if (caseless)
		r = u32_casefold(&c, 1, NULL, UNINORM_NFKD, tmp, &n);
	else
		r = u32_normalize(UNINORM_NFKD, &c, 1, tmp, &n);
	if (r == NULL) {
		r = tmp;
		tmp[0] = c;
		n = 1;
	}
	for (i = 0; i < n && k + 4 <= FOLD_MAX; i++) {
		ucs4_t x = r[i];
		const char *s = NULL;
		if (search_fold_is_mark(x) || search_fold_is_dropped(x))
			continue;
		if (x == 0x153)
			s = "oe";
		else if (x == 0x152)
			s = caseless ? "oe" : "OE";
		else if (x == 0xE6)
			s = "ae";
		else if (x == 0xC6)
			s = caseless ? "ae" : "AE";
		else if (x == 0x2019 || x == 0x2BC)
			s = "'";
		else if (search_fold_is_space(x))
			s = " ";
		if (s != NULL) {
			memcpy(out + k, s, strlen(s));
			k += strlen(s);
		} else {
			int m = u8_uctomb(out + k, x, 4);
			if (m > 0)
				k += (size_t)m;
		}
	}
	if (r != tmp)
		free(r);
	return k;
}

/*
 * The caseless fold of the BMP, filled as met: byte 0 is 1 + the length
 * (0: not yet known, 0xFF: longer than 7 bytes), bytes 1..7 the folded text.
 */
static _Atomic uint64_t fold_cache[0x10000]; /* relaxed: --grep folds on two threads */

static size_t
search_fold_cp(ucs4_t c, int caseless, uint8_t *out)
{
	uint64_t e;
	size_t n, j;

	if (!caseless || c >= 0x10000)
		return search_fold_cp_slow(c, caseless, out);
	e = atomic_load_explicit(&fold_cache[c], memory_order_relaxed);
	if (e == 0) {
		n = search_fold_cp_slow(c, 1, out);
		if (n <= 7) {
			e = n + 1;
			for (j = 0; j < n; j++)
				e |= (uint64_t)out[j] << (8 * (j + 1));
		} else {
			e = 0xFF;
		}
		atomic_store_explicit(&fold_cache[c], e, memory_order_relaxed);
		return n;
	}
	if ((e & 0xFF) == 0xFF)
		return search_fold_cp_slow(c, 1, out);
	n = (size_t)(e & 0xFF) - 1;
	for (j = 0; j < n; j++)
		out[j] = (uint8_t)(e >> (8 * (j + 1)));
	return n;
}

/* ASCII: the caseless fold of each byte, 0 for white space. */
static unsigned char ascii_fold[128];

static void
search_ascii_init(void)
{
	int b;
	if (ascii_fold['a'] != 0)
		return;
	for (b = 0; b < 128; b++)
		ascii_fold[b] = (unsigned char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
	ascii_fold[' '] = 0;
	for (b = 0x09; b <= 0x0D; b++)
		ascii_fold[b] = 0;
}

/*
 * Drop the spaces of folded bytes tmp[0..k) that continue a run (*space
 * says the last byte kept was one): a run of white space folds to one.
 * Returns how many bytes are left.
 */
static inline size_t
search_collapse_spaces(uint8_t *tmp, size_t k, int *space)
{
	size_t w = 0;
	for (size_t j = 0; j < k; j++) {
		if (tmp[j] == ' ') {
			if (*space)
				continue;
			*space = 1;
		} else {
			*space = 0;
		}
		tmp[w++] = tmp[j];
	}
	return w;
}

/*
 * Fold the character at s[i] (not ASCII; *len gets its bytes) into out
 * (FOLD_MAX bytes) after a space if *space, which is updated: how many
 * folded bytes.  A text's characters are mostly in the BMP and fold
 * without a space (é, ’, Cyrillic, CJK): their fold is taken from the
 * cache as it is, without the collapsing of spaces.
 */
static inline size_t
search_fold_char(const unsigned char *s, size_t n, size_t i, int *space, size_t *len, uint8_t *out)
{
	const uint64_t ones = 0x0101010101010101u;
	ucs4_t c;
	int m;
	unsigned b = s[i];
	if (b < 0xE0 && b >= 0xC2 && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
		/* Two bytes, most accented letters: decoded here as u8_mbtouc would. */
		c = (ucs4_t)(b & 0x1F) << 6 | (s[i + 1] & 0x3F);
		m = 2;
	} else {
		m = u8_mbtouc(&c, s + i, n - i);
	}
	*len = m > 0 ? (size_t)m : 1;
	if (c < 0x10000) {
		uint64_t e = atomic_load_explicit(&fold_cache[c], memory_order_relaxed);
		size_t k = (size_t)(e & 0xFF) - 1, j; /* the length, if known (e & 0xFF in 1..8) */
		if (k < 8 &&
		    (util_zero_bytes8((e >> 8) ^ (' ' * ones)) & ((1ull << (8 * k)) - 1)) == 0) {
			for (j = 0; j < k; j++)
				out[j] = (uint8_t)(e >> (8 * (j + 1)));
			if (k > 0)
				*space = 0;
			return k;
		}
	}
	return search_collapse_spaces(out, search_fold_cp(c, 1, out), space);
}

/* Fold s[0..n) into out as a whole (runs of space collapsed), for queries and checks. */
static void
search_fold_string(const char *s, size_t n, int caseless, struct buf *out)
{
	uint8_t tmp[FOLD_MAX];
	size_t i = 0, k;
	int space = 0;

	out->len = 0;
	while (i < n) {
		ucs4_t c;
		int m = u8_mbtouc(&c, (const uint8_t *)s + i, n - i);
		i += m > 0 ? (size_t)m : 1;
		k = search_collapse_spaces(tmp, search_fold_cp(c, caseless, tmp), &space);
		buf_add(out, tmp, k);
	}
	if (out->data == NULL)
		buf_add(out, "", 0);
}

struct search_index *
search_index_create(const struct doc *d)
{
	struct search_index *ix = xcalloc(1, sizeof *ix);
	ix->d = d;
	return ix;
}

void
search_index_free(struct search_index *ix)
{
	if (ix == NULL)
		return;
	free(ix->fold);
	free(ix->anchor);
	free(ix);
}

/*
 * The fold of the character at document offset o starts at folded offset
 * f and is w bytes long: if that passes the next anchor's folded offset,
 * the anchor is that character.  (A fold is shorter than ANCHOR: one
 * anchor at most.)
 */
static inline void
search_index_anchor(struct search_index *ix, size_t f, size_t w, size_t o)
{
	size_t at = ix->nanchors * ANCHOR;
	if (at >= f + w)
		return;
	if (ix->nanchors > 0 && !ix->uneven)
		ix->anchor[ix->nanchors - 1] |= ANCHOR_EVEN;
	ix->anchor = xgrow(ix->anchor, &ix->capanchors, ix->nanchors + 1, sizeof *ix->anchor);
	ix->anchor[ix->nanchors++] = (uint64_t)o << ANCHOR_SHIFT | (at - f);
	ix->uneven = 0;
}

/* The block being folded does not fold one to one (an accent, a run of spaces…). */
static inline void
search_index_uneven(struct search_index *ix)
{
	ix->uneven = 1;
	if (ix->nanchors > 0)
		ix->anchor[ix->nanchors - 1] &= ~(uint64_t)ANCHOR_EVEN;
}

/* Where block k of the map starts, in the folded text and in the document. */
static inline size_t
search_anchor_f(const struct search_index *ix, size_t k)
{
	return k < ix->nanchors ? k * ANCHOR - (size_t)(ix->anchor[k] & ANCHOR_BACK) : ix->flen;
}

static inline size_t
search_anchor_o(const struct search_index *ix, size_t k)
{
	return (size_t)(ix->anchor[k] >> ANCHOR_SHIFT);
}

/*
 * How many of the eight bytes x, from the first, are printable ASCII
 * (0x20..0x7F) with no two spaces side by side (nor a space first after
 * one, if space)?  Folding those is lowercasing them.  A byte below 0x20
 * borrows in x - 0x20… and sets its high bit (a borrow only ever follows
 * such a byte, so the first byte flagged is right); a space is a zero byte
 * of x ^ 0x20….
 */
static inline unsigned
search_ascii_plain8(uint64_t x, int space)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t t = x ^ (0x20 * ones), sp, bad;
	sp = util_zero_bytes8(t);
	bad = ((x | (x - 0x20 * ones)) & high) | (sp & (sp << 8)) | (space ? sp & 0x80 : 0);
	if (bad == 0)
		return 8;
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (unsigned)__builtin_ctzll(bad) >> 3;
#else
	return 0;
#endif
}

/* Lowercase the eight ASCII bytes x: add 0x20 to each of A..Z, no carries. */
static inline uint64_t
search_ascii_lower8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t ge_a = (x + (0x80 - 'A') * ones) & high,
	         gt_z = (x + (0x80 - 'Z' - 1) * ones) & high;
	return x | (ge_a & ~gt_z) >> 2;
}

/* Start an empty fold of the document from offset base, a character boundary after no space. */
static void
search_index_reset(struct search_index *ix, size_t base)
{
	ix->flen = 0;
	ix->nanchors = 0;
	ix->base = base;
	ix->space = 0;
	ix->uneven = 0;
}

/* Fold the document's s[from, to) (whole characters) onto the end of the index. */
static void
search_index_fold(struct search_index *ix, size_t from, size_t to)
{
	const unsigned char *s = (const unsigned char *)ix->d->text;
	size_t n = to, i = from, f = ix->flen, cap = ix->cap;
	uint8_t tmp[FOLD_MAX];
	char *out = ix->fold;
	int space = ix->space;

	/* Room for every byte to come one to one, and a final NUL. */
	if (f + (n - i) + 1 > cap)
		out = xgrow(out, &cap, f + (n - i) + 1, 1);
	while (i < n) {
		unsigned b = s[i];
		if (b < 0x80) {
			if (ascii_fold[b] == 0 && space) {
				i++; /* more of a run of spaces */
				search_index_uneven(ix);
				continue;
			}
			/* The hot loop: ASCII maps one to one, but for runs of spaces. */
			for (;;) {
				uint64_t x;
				/*
				 * Eight bytes at a time where that is all folding
				 * does, up to the first that is not: printable
				 * ASCII (a space only after a non-space)
				 * lowercased.  out has room: every byte still to
				 * come one to one.
				 */
				unsigned k;
				if (n - i >= 8 &&
				    (memcpy(&x, s + i, 8), k = search_ascii_plain8(x, space)) > 0) {
					/* All eight stored; the k plain ones kept. */
					x = search_ascii_lower8(x);
					memcpy(out + f, &x, 8);
					if (ix->nanchors * ANCHOR < f + k) { /* one to one */
						size_t d = ix->nanchors * ANCHOR - f;
						search_index_anchor(ix, f + d, 1, i + d);
					}
					f += k;
					i += k;
					space = s[i - 1] == ' ';
					if (i >= n || (b = s[i]) >= 0x80)
						break;
					if (k == 8)
						continue;
				}
				unsigned char c = ascii_fold[b];
				if (c == 0) {
					if (space)
						break;
					c = ' ';
					space = 1;
				} else {
					space = 0;
				}
				search_index_anchor(ix, f, 1, i);
				out[f++] = (char)c;
				if (++i >= n || (b = s[i]) >= 0x80)
					break;
			}
			continue;
		}
		size_t len, w = search_fold_char(s, n, i, &space, &len, tmp);
		if (w > 0) {
			/* Room for this and every byte still to come one to one. */
			size_t need = f + w + (n - i - len) + 1;
			if (need > cap)
				out = xgrow(out, &cap, need, 1);
			search_index_anchor(ix, f, w, i);
			memcpy(out + f, tmp, w);
			f += w;
		}
		if (w != len)
			search_index_uneven(ix);
		i += len;
	}
	if (ix->nanchors > 0 && !ix->uneven)
		ix->anchor[ix->nanchors - 1] |= ANCHOR_EVEN;
	out[f] = '\0';
	ix->fold = out;
	ix->cap = cap;
	ix->flen = f;
	ix->space = space;
}

static void
search_index_build(struct search_index *ix)
{
	ix->built = 1;
	search_ascii_init();
	search_index_reset(ix, 0);
	search_index_fold(ix, 0, ix->d->len);
	ix->fold = xrealloc(ix->fold, ix->flen + 1);
	ix->cap = ix->flen + 1;
	ix->anchor = xrealloc(ix->anchor, (ix->nanchors ? ix->nanchors : 1) * sizeof *ix->anchor);
	ix->capanchors = ix->nanchors ? ix->nanchors : 1;
}

/*
 * The document offset of folded offset f; f never decreases along a walk.
 * From the last anchor at or before f (unless the walk is past it), the
 * document is folded on without writing, as search_index_fold() did, to the
 * character whose fold holds f: its offset, plus how far into it f is
 * where a character folds one to one or shorter (é to e, ’ to ').  That
 * is at most ANCHOR folded bytes, and whatever folds to nothing among them
 * (runs of spaces, marks, soft hyphens).
 */
static inline size_t
search_cursor_orig(const struct search_index *ix, struct search_cursor *c, size_t f)
{
	const unsigned char *s = (const unsigned char *)ix->d->text;
	const size_t n = ix->d->len, k = f / ANCHOR;
	size_t cf = c->f, co = c->o, w, len;
	uint8_t tmp[FOLD_MAX];

	if (k < ix->nanchors) {
		size_t af = search_anchor_f(ix, k);
		/* A block that folds one to one needs no walk. */
		if ((ix->anchor[k] & ANCHOR_EVEN) && f < search_anchor_f(ix, k + 1))
			return search_anchor_o(ix, k) + (f - af);
		if (af > cf) {
			cf = af;
			co = search_anchor_o(ix, k);
		}
	}
	for (;; cf += w, co += len) {
		int space = cf > 0 && ix->fold[cf - 1] == ' ';
		unsigned b = s[co];
		if (b < 0x80) {
			/* Printable ASCII one to one, eight bytes at a time. */
			uint64_t x;
			unsigned m = 8;
			while (m == 8 && n - co >= 8) {
				memcpy(&x, s + co, 8);
				m = search_ascii_plain8(x, space);
				if (f < cf + m)
					goto found;
				if (m == 0)
					break;
				cf += m;
				co += m;
				space = s[co - 1] == ' ';
			}
			b = s[co];
			if (b >= 0x80) {
				w = len = 0;
				continue;
			}
			len = 1;
			w = ascii_fold[b] == 0 && space ? 0 : 1;
			if (w > 0 && f == cf)
				goto found;
		} else {
			w = search_fold_char(s, n, co, &space, &len, tmp);
			if (f < cf + w) {
				c->f = cf;
				c->o = co;
				return w > len ? co : co + (f - cf);
			}
		}
	}
found: /* in a run folded one to one */
	c->f = cf;
	c->o = co;
	return co + (f - cf);
}

/*
 * The end of the match of f at folded offset fs, document offset os, if
 * the document has it in ASCII folded one to one (most matches do: no
 * walk is needed then); 0 otherwise.  Exact: a byte dropped from a run of
 * spaces would be white space where the fold has none.
 */
static inline size_t
search_ascii_end(const struct search_index *ix, const struct search_form *f, size_t fs, size_t os)
{
	const unsigned char *s = (const unsigned char *)ix->d->text;
	if (f->len > ix->d->len - os)
		return 0;
	for (size_t j = 0; j < f->len; j++) {
		unsigned b = s[os + j];
		if (b >= 0x80 ||
		    (ascii_fold[b] ? ascii_fold[b] : ' ') != (unsigned char)ix->fold[fs + j])
			return 0;
	}
	return os + f->len;
}

/* Fold query into f; 0 if nothing is left of it. */
static int
search_form_compile(struct search_form *f, const char *query)
{
	struct buf b = { 0 };
	size_t i, n = strlen(query);
	int capital = 0;

	search_fold_string(query, n, 1, &b);
	if (b.len == 0) {
		buf_free(&b);
		return 0;
	}
	f->fold = b.data;
	f->len = b.len;
	for (i = 0; i < n && !capital;) {
		ucs4_t c;
		int m = u8_mbtouc(&c, (const uint8_t *)query + i, n - i);
		i += m > 0 ? (size_t)m : 1;
		capital = uc_tolower(c) != c;
	}
	if (capital) {
		struct buf cs = { 0 };
		search_fold_string(query, n, 0, &cs);
		f->cs = cs.data;
		f->cslen = cs.len;
	}
	return 1;
}

struct search_query *
search_compile(const char *query)
{
	struct search_query *q = xcalloc(1, sizeof *q);
	struct buf spaced = { 0 };
	if (!search_form_compile(&q->plain, query)) {
		free(q);
		return NULL;
	}
	typo_apply(&spaced, query, strlen(query));
	if (!search_form_compile(&q->french, spaced.data ? spaced.data : ""))
		search_form_compile(&q->french, query);
	buf_free(&spaced);
	return q;
}

void
search_query_free(struct search_query *q)
{
	if (q == NULL)
		return;
	free(q->plain.fold);
	free(q->plain.cs);
	free(q->french.fold);
	free(q->french.cs);
	free(q);
}

int
search_query_case_sensitive(const struct search_query *q)
{
	return q != NULL && q->plain.cs != NULL;
}

/* A growing list of matches. */
struct search_mlist {
	struct search_match *m;
	size_t n, cap;
};

/* Add [os, oe) to l: two matches in one character (s in ß = ss) make one range. */
static void
search_mlist_add(struct search_mlist *l, size_t os, size_t oe)
{
	if (l->n > 0 && os < l->m[l->n - 1].end) {
		if (oe > l->m[l->n - 1].end)
			l->m[l->n - 1].end = oe;
		return;
	}
	l->m = xgrow(l->m, &l->cap, l->n + 1, sizeof *l->m);
	l->m[l->n].start = os;
	l->m[l->n].end = oe;
	l->n++;
}

/* Extend a match ending at document offset oe over the combining marks after it. */
static size_t
search_past_marks(const unsigned char *s, size_t n, size_t oe)
{
	while (oe < n && s[oe] >= 0x80) {
		ucs4_t c;
		int len = u8_mbtouc(&c, s + oe, n - oe);
		if (len <= 0 || !search_fold_is_mark(c))
			break;
		oe += (size_t)len;
	}
	return oe;
}

/*
 * Every match of the folded form f that starts in the folded text at or
 * after pos and before limit, left to right, without overlaps, onto l.
 * Returns where the next search would start: past the last match.
 */
static size_t
search_find_in(struct search_index *ix, const struct search_form *f, size_t pos, size_t limit,
               struct search_mlist *l, struct buf *chk)
{
	struct search_cursor ks = { 0, ix->base }, ke;
	const char *s = ix->d->text;
	size_t n = ix->d->len;

	while (pos < limit && pos + f->len <= ix->flen) {
		const char *p;
		if (f->len == 1)
			p = memchr(ix->fold + pos, f->fold[0], ix->flen - pos);
		else
			p = memmem(ix->fold + pos, ix->flen - pos, f->fold, f->len);
		if (p == NULL || (size_t)(p - ix->fold) >= limit)
			break;
		size_t fs = (size_t)(p - ix->fold), fe = fs + f->len;
		size_t os = search_cursor_orig(ix, &ks, fs), oe = search_ascii_end(ix, f, fs, os);
		if (oe == 0) {
			ke = ks; /* the end is found on from the start */
			oe = search_cursor_orig(ix, &ke, fe - 1) + 1;
		}
		/* Whole characters: a match may start or end inside an expansion (œ = oe). */
		while (os > 0 && ((unsigned char)s[os] & 0xC0) == 0x80)
			os--;
		while (oe < n && ((unsigned char)s[oe] & 0xC0) == 0x80)
			oe++;
		/* ...and the combining marks that follow belong to it. */
		oe = search_past_marks((const unsigned char *)s, n, oe);
		if (f->cs != NULL) {
			search_fold_string(s + os, oe - os, 0, chk);
			if (chk->len != f->cslen || memcmp(chk->data, f->cs, chk->len) != 0) {
				pos = fs + 1;
				continue;
			}
		}
		search_mlist_add(l, os, oe);
		pos = fe;
	}
	return pos;
}

/*
 * Every match of a query of one folded byte q, caseless, onto l: the first
 * key of a search, with a match every few bytes.  Mapping each from the
 * anchor before it would fold the text again piece by piece; one walk of
 * the document beside the folded text (as cursor_orig walks) knows every
 * folded byte's character as it passes it: printable ASCII eight bytes at
 * a time, the folded bytes being those bytes lowercased.
 */
static void
search_find_byte(const struct search_index *ix, unsigned char q, struct search_mlist *l)
{
	const unsigned char *s = (const unsigned char *)ix->d->text;
	const size_t n = ix->d->len;
	const uint64_t ones = 0x0101010101010101u;
	uint8_t tmp[FOLD_MAX];

	for (size_t k = 0; k < ix->nanchors; k++) {
		size_t cf = search_anchor_f(ix, k), co = search_anchor_o(ix, k),
		       end = search_anchor_f(ix, k + 1);
		if (ix->anchor[k] & ANCHOR_EVEN) {
			/* Folded one to one: a match is where its folded byte is. */
			const char *p = ix->fold + cf, *e = ix->fold + end;
			for (; (p = memchr(p, q, (size_t)(e - p))) != NULL; p++) {
				size_t a = co + (size_t)(p - (ix->fold + cf)), z = a + 1;
				while (a > 0 && (s[a] & 0xC0) == 0x80)
					a--;
				while (z < n && (s[z] & 0xC0) == 0x80)
					z++;
				search_mlist_add(l, a, search_past_marks(s, n, z));
			}
			continue;
		}
		while (cf < end && co < n) {
			int space = cf > 0 && ix->fold[cf - 1] == ' ';
			unsigned b = s[co];
			size_t w, len = 1;
			if (b < 0x80) {
				uint64_t x;
				unsigned m;
				if (n - co >= 8 && (memcpy(&x, s + co, 8),
				                    m = search_ascii_plain8(x, space)) > 0) {
					if (m > end - cf)
						m = (unsigned)(end - cf); /* the next block's */
					uint64_t hit = util_zero_bytes8(search_ascii_lower8(x) ^
					                                (q * ones));
					if (m < 8)
						hit &= (1ull << (8 * m)) - 1;
					for (; hit != 0; hit &= hit - 1) {
						size_t j = (size_t)__builtin_ctzll(hit) >> 3;
						search_mlist_add(
						        l, co + j,
						        search_past_marks(s, n, co + j + 1));
					}
					cf += m;
					co += m;
					continue;
				}
				unsigned char c = ascii_fold[b] ? ascii_fold[b] : ' ';
				w = ascii_fold[b] == 0 && space ? 0 : 1;
				if (w > 0 && c == q)
					search_mlist_add(l, co, search_past_marks(s, n, co + 1));
			} else {
				w = search_fold_char(s, n, co, &space, &len, tmp);
				if (w > 0 && memchr(tmp, q, w) != NULL)
					search_mlist_add(l, co, search_past_marks(s, n, co + len));
			}
			cf += w;
			co += len;
		}
	}
}

/* Every match of the folded form f, sorted and non-overlapping, into *out. */
static size_t
search_find_form(struct search_index *ix, const struct search_form *f, struct search_match **out)
{
	struct search_mlist l = { 0 };
	struct buf chk = { 0 };
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (f->len == 1 && f->cs == NULL)
		search_find_byte(ix, (unsigned char)f->fold[0], &l);
	else
#endif
		search_find_in(ix, f, 0, ix->flen, &l, &chk);
	buf_free(&chk);
	*out = l.m;
	return l.n;
}

/* Merge two sorted match lists into one, overlapping matches made one. */
static size_t
search_merge(struct search_match *a, size_t na, struct search_match *b, size_t nb,
             struct search_match **out)
{
	struct search_match *m = xmalloc((na + nb ? na + nb : 1) * sizeof *m);
	size_t i = 0, j = 0, n = 0;
	while (i < na || j < nb) {
		struct search_match x =
		        j >= nb || (i < na && a[i].start <= b[j].start) ? a[i++] : b[j++];
		if (n > 0 && x.start < m[n - 1].end) {
			if (x.end > m[n - 1].end)
				m[n - 1].end = x.end;
		} else {
			m[n++] = x;
		}
	}
	free(a);
	free(b);
	*out = m;
	return n;
}

size_t
search_all(struct search_index *ix, const struct search_query *q, struct search_match **out)
{
	*out = NULL;
	if (q == NULL)
		return 0;
	if (!ix->built)
		search_index_build(ix);
	/*
	 * A spaced document is searched with the spaced query — and with the
	 * query as typed too when the two differ: code, URLs and times were
	 * never spaced ("key: value" in a code block, "http:" while typing).
	 */
	if (!ix->d->typo || (q->french.len == q->plain.len &&
	                     memcmp(q->french.fold, q->plain.fold, q->plain.len) == 0))
		return search_find_form(ix, ix->d->typo ? &q->french : &q->plain, out);
	struct search_match *a, *b;
	size_t na = search_find_form(ix, &q->french, &a), nb = search_find_form(ix, &q->plain, &b);
	return search_merge(a, na, b, nb, out);
}

size_t
search_find(const struct search_match *m, size_t n, size_t off, int backward)
{
	size_t lo = 0, hi = n;
	/* lo = the first match starting at or after off. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m[mid].start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!backward)
		return lo;
	return lo > 0 ? lo - 1 : n;
}

/* The length of the white space character at s[i], or 0. */
static size_t
search_space_at(const char *s, size_t n, size_t i)
{
	ucs4_t c;
	int m;
	if ((unsigned char)s[i] < 0x80)
		return ascii_fold[(unsigned char)s[i]] == 0 && s[i] != '\0' ? 1 : 0;
	m = u8_mbtouc(&c, (const uint8_t *)s + i, n - i);
	return m > 0 && search_fold_is_space(c) ? (size_t)m : 0;
}

/* Append s[a, b) as one line: tabs and line ends as spaces, no runs of them. */
static void
search_add_line(struct buf *out, const char *s, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		char c = s[i];
		if (c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f')
			c = ' ';
		if (c == ' ' && out->len > 0 && out->data[out->len - 1] == ' ')
			continue;
		buf_addc(out, c);
	}
}

void
search_context(const struct doc *d, const struct search_match *m, int cols, struct buf *out,
               size_t *mstart, size_t *mend)
{
	const char *s = d->text;
	size_t n = d->len, lo = 0, hi = n, a = m->start, b = m->end, i;
	int w, cut;

	search_ascii_init();
	if (d->nblocks > 0) {
		lo = d->blocks[doc_block_at(d, m->start)].start;
		hi = d->blocks[doc_block_at(d, m->end > m->start ? m->end - 1 : m->end)].end;
		if (lo > m->start)
			lo = m->start;
		if (hi < m->end)
			hi = m->end;
	}
	/* Left: back by code points while within cols columns (and 512 bytes). */
	for (w = 0; a > lo && m->start - a < 512;) {
		size_t p = a - 1;
		ucs4_t c;
		while (p > lo && ((unsigned char)s[p] & 0xC0) == 0x80)
			p--;
		u8_mbtouc(&c, (const uint8_t *)s + p, a - p);
		int cw = uc_width(c, "UTF-8");
		w += cw > 0 ? cw : 0;
		if (w > cols)
			break;
		a = p;
	}
	/* Not in the middle of a word: start after the first space, if any. */
	if (a > lo && !search_space_at(s, n, a - 1)) {
		for (i = a; i < m->start && !search_space_at(s, n, i); i++)
			;
		if (i < m->start)
			a = i;
	}
	while (a < m->start && search_space_at(s, n, a))
		a += search_space_at(s, n, a);
	/* Right: forward by grapheme clusters. */
	for (w = 0; b < hi && b - m->end < 512;) {
		size_t p = text_cluster_end(s, hi, b);
		w += text_cluster_width(s + b, p - b);
		if (w > cols)
			break;
		b = p;
	}
	/* Not in the middle of a word: end before its last space, if any. */
	cut = b < hi && !search_space_at(s, n, b);
	for (i = b; i > m->end;) {
		size_t p = i - 1;
		while (p > m->end && ((unsigned char)s[p] & 0xC0) == 0x80)
			p--;
		if (search_space_at(s, n, p)) {
			b = p;
			cut = 0;
		} else if (!cut) {
			break;
		}
		i = p;
	}
	search_add_line(out, s, a, m->start);
	if (mstart != NULL)
		*mstart = out->len;
	search_add_line(out, s, m->start, m->end);
	if (mend != NULL)
		*mend = out->len;
	search_add_line(out, s, m->end, b);
}

size_t
search_section_number(const struct doc *d, size_t off)
{
	size_t b, k;
	if (d->nblocks == 0 || d->nsections == 0)
		return 0;
	b = doc_block_at(d, off);
	k = d->blocks[b].section;
	return d->sections[k].block > b ? 0 : k + 1;
}

enum {
	GREP_CHUNK = 64 * 1024, /* document bytes folded and searched at a time */
	GREP_SPLIT = 1 << 20,   /* below this, --grep stays on one thread */
};

/*
 * --grep's search of the document's [from, to): folded a chunk at a time
 * into one small reused index (so no copy of the whole text, no map of it,
 * and the chunk still in cache when searched), for the plain and the
 * French form of the query.
 */
struct search_grep_part {
	const struct doc *d;
	const struct search_query *q;
	size_t from, to;
	size_t skip[2];               /* in: folded bytes at from that a match before covers */
	struct search_mlist found[2]; /* out: the matches of each form */
};

/*
 * Where a chunk from a may end: about GREP_CHUNK on, at a character after
 * a printable ASCII byte, where folding starts afresh (no run of spaces
 * open); to if there is none before it.
 */
static size_t
search_grep_chunk_end(const char *s, size_t a, size_t to)
{
	size_t b = a + GREP_CHUNK;
	if (b >= to)
		return to;
	while (b < to &&
	       !((unsigned char)s[b - 1] < 0x80 && ascii_fold[(unsigned char)s[b - 1]] != 0))
		b++;
	return b;
}

static void *
search_grep_run(void *arg)
{
	struct search_grep_part *g = arg;
	const struct search_query *q = g->q;
	const struct search_form *forms[2];
	struct search_index *ix = search_index_create(g->d);
	struct buf chk = { 0 };
	const char *s = g->d->text;
	size_t n = g->d->len, nf = 0, longest = 0, a, b, k;

	/* As search_all: the spaced form, and the form as typed when it differs. */
	if (!g->d->typo || (q->french.len == q->plain.len &&
	                    memcmp(q->french.fold, q->plain.fold, q->plain.len) == 0)) {
		forms[nf++] = g->d->typo ? &q->french : &q->plain;
	} else {
		forms[nf++] = &q->french;
		forms[nf++] = &q->plain;
	}
	for (k = 0; k < nf; k++)
		longest = forms[k]->len > longest ? forms[k]->len : longest;
	for (a = g->from; a < g->to; a = b) {
		size_t fb, i;
		b = search_grep_chunk_end(s, a, g->to);
		search_index_reset(ix, a);
		search_index_fold(ix, a, b);
		/* Past b, as far as a match starting before it may reach. */
		fb = ix->flen;
		for (i = b; i < n && ix->flen < fb + longest;) {
			size_t j = i + 64 < n ? i + 64 : n;
			while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
				j++;
			search_index_fold(ix, i, j);
			i = j;
		}
		for (k = 0; k < nf; k++) {
			size_t next =
			        search_find_in(ix, forms[k], g->skip[k], fb, &g->found[k], &chk);
			g->skip[k] = next > fb ? next - fb : 0;
		}
	}
	buf_free(&chk);
	search_index_free(ix);
	return NULL;
}

/* Move the matches of b after those of a, overlapping ones made one. */
static void
search_mlist_append(struct search_mlist *a, struct search_mlist *b)
{
	for (size_t i = 0; i < b->n; i++)
		search_mlist_add(a, b->m[i].start, b->m[i].end);
	free(b->m);
	b->m = NULL;
	b->n = b->cap = 0;
}

long
search_grep(const struct doc *d, const char *pattern, FILE *out)
{
	struct search_query *q = search_compile(pattern);
	struct search_grep_part part[2] = { { d, q, 0, d->len, { 0, 0 }, { { 0 } } },
		                            { d, q, d->len, d->len, { 0, 0 }, { { 0 } } } };
	struct search_match *m;
	struct buf line = { 0 };
	pthread_t th;
	int threaded = 0;
	size_t n, i;

	if (q == NULL)
		return -1;
	search_ascii_init();
	/* Two halves on two threads, split where a chunk could end. */
	if (d->len >= GREP_SPLIT) {
		part[0].to = part[1].from =
		        search_grep_chunk_end(d->text, d->len / 2 - GREP_CHUNK, d->len);
		threaded = util_thread_create(&th, search_grep_run, &part[1]) == 0;
	}
	search_grep_run(&part[0]);
	if (threaded)
		pthread_join(th, NULL);
	else
		search_grep_run(&part[1]);
	/* A match across the split shifts those after it: search the second half again. */
	if (part[0].skip[0] != 0 || part[0].skip[1] != 0) {
		for (i = 0; i < 2; i++) {
			free(part[1].found[i].m);
			part[1].found[i] = (struct search_mlist){ 0 };
			part[1].skip[i] = part[0].skip[i];
		}
		search_grep_run(&part[1]);
	}
	for (i = 0; i < 2; i++)
		search_mlist_append(&part[0].found[i], &part[1].found[i]);
	n = search_merge(part[0].found[0].m, part[0].found[0].n, part[0].found[1].m,
	                 part[0].found[1].n, &m);
	for (i = 0; i < n; i++) {
		line.len = 0;
		search_add_line(&line, d->text, m[i].start, m[i].end);
		buf_addc(&line, '\t');
		search_context(d, &m[i], 30, &line, NULL, NULL);
		fprintf(out, "%zu\t%zu\t", search_section_number(d, m[i].start), m[i].start);
		fwrite(line.data, 1, line.len, out);
		putc('\n', out);
	}
	buf_free(&line);
	free(m);
	search_query_free(q);
	return (long)n;
}
