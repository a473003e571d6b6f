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
 *     short lines without final punctuation.  A run of candidates is kept
 *     only if it introduces prose: a table of contents is a run of
 *     candidates followed by lists, and is not a heading.  A bare marker
 *     ("Chapitre I") takes the candidate after it as its subtitle.
 *  4. Levels rank the kinds present: part above book above chapter above
 *     numbered headings above other headings; the title, when the document
 *     starts with a heading, is level 1 above them all.
 *
 * The rules are general on purpose; tests/golden holds what they give on
 * every text of the corpus.
 */
#include "parse.h"
#include "typo.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

enum {
	LONG_LINE = 150, /* columns: longer lines are paragraphs of their own */
	HEAD_MAX = 100,  /* columns: longest heading line */
	HEAD_LINES = 5,  /* lines: most in a heading block */
};

/* Kinds of headings, from the top down; their rank gives the level. */
enum hkind {
	H_NONE,
	H_PART,
	H_BOOK,
	H_CHAPTER,
	H_NUM1,
	H_NUM2,
	H_NUM3,
	H_CAPS,
	H_PLAIN,
	H_COUNT
};

struct line {
	const char *s; /* content without leading and trailing blanks */
	size_t n;
	int cols; /* its width in code points */
};

struct raw {
	size_t first, count; /* lines[first .. first+count) */
	int blanks_before;
	enum block_kind kind;
	enum hkind head; /* candidate kind */
	int bare;        /* a marker with nothing after it ("Chapitre I") */
	int keep;        /* 1: heading kept */
	int subtitle;    /* merged into the heading before it */
};

struct parser {
	struct doc *d;
	const struct parse_opts *o;
	struct line *lines;
	size_t nlines, caplines;
	struct raw *raws;
	size_t nraws, capraws;
	int wrap; /* the usual width of hard-wrapped prose lines */
};

static int
ucount(const char *s, size_t n)
{
	return (int)u8_mbsnlen((const uint8_t *)s, n);
}

static void
split_lines(struct parser *p, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		const char *e = memchr(s + i, '\n', n - i);
		size_t j = e ? (size_t)(e - s) : n;
		size_t a = i, b = j;
		while (a < b && s[a] == ' ')
			a++;
		while (b > a && s[b - 1] == ' ')
			b--;
		p->lines = xgrow(p->lines, &p->caplines, p->nlines + 1, sizeof *p->lines);
		p->lines[p->nlines].s = s + a;
		p->lines[p->nlines].n = b - a;
		p->lines[p->nlines].cols = ucount(s + a, b - a);
		p->nlines++;
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
		if (!strchr("-=*_~#.", x))
			return 0;
		if (c && x != c)
			return 0;
		c = x;
		count++;
	}
	return count >= 3;
}

static int
starts_with_ci(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	if (n < k || strncasecmp(s, w, k) != 0)
		return 0;
	return n == k || s[k] == ' ' || s[k] == '-' || s[k] == '.' || s[k] == ',' || s[k] == ':';
}

static int
is_roman(const char *s, size_t n)
{
	size_t i;
	if (n == 0)
		return 0;
	for (i = 0; i < n && strchr("IVXLC", s[i]); i++)
		;
	if (i == 0)
		return 0;
	if (i < n && s[i] == '.')
		i++;
	return i == n;
}

/* A word of French or English that names a number or is a roman numeral. */
static int
is_ordinal_word(const char *s, size_t n)
{
	static const char *const words[] = {
		"premier", "première", "second", "seconde", "deuxième", "troisième",
		"quatrième", "cinquième", "sixième", "septième", "huitième", "neuvième",
		"dixième", "onzième", "douzième", "dernier", "dernière", "unique",
		"one", "two", "three", "four", "five", "first", "second", "third", "last",
	};
	size_t k, cap = 0;
	uint8_t low[64];
	if (is_roman(s, n))
		return 1;
	if (n > 0 && isdigit((unsigned char)s[0]))
		return 1;
	cap = sizeof low;
	if (u8_tolower((const uint8_t *)s, n, NULL, NULL, low, &cap) == NULL)
		return 0;
	for (k = 0; k < sizeof words / sizeof *words; k++)
		if (strlen(words[k]) == cap && memcmp(words[k], low, cap) == 0)
			return 1;
	/* Any "…ième" ordinal. */
	return cap > 5 && memcmp(low + cap - 5, "ième", 5) == 0;
}

/* The first word of s: its length. */
static size_t
word_len(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] != ' ' && s[i] != ',' && s[i] != '.' && !(s[i] == '-' && i + 1 < n && s[i + 1] == '-'))
		i++;
	return i;
}

/*
 * The marker kind of a line ("CHAPITRE III", "Livre premier--…", "PREMIÈRE
 * PARTIE", "XII", "1.2. Titre"); *bare is set when nothing follows the marker.
 */
static enum hkind
marker_kind(const struct line *l, int *bare)
{
	static const struct {
		const char *word;
		enum hkind kind;
	} words[] = {
		{"partie", H_PART}, {"part", H_PART}, {"tome", H_PART},   {"volume", H_PART},
		{"livre", H_BOOK},  {"book", H_BOOK}, {"chapitre", H_CHAPTER}, {"chapter", H_CHAPTER},
		{"acte", H_BOOK},   {"scène", H_CHAPTER},
	};
	const char *s = l->s;
	size_t n = l->n, w1, k;

	*bare = 0;
	if (n == 0 || l->cols > HEAD_MAX)
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
		if (i < n && s[i] == ' ' && i + 1 < n && !isdigit((unsigned char)s[i + 1]) && depth <= 3 &&
		    l->cols <= 80 && (depth > 1 || s[i - 1] == '.')) {
			return depth == 1 ? H_NUM1 : depth == 2 ? H_NUM2 : H_NUM3;
		}
		return H_NONE;
	}
	w1 = word_len(s, n);
	for (k = 0; k < sizeof words / sizeof *words; k++) {
		if (!starts_with_ci(s, n, words[k].word))
			continue;
		/* "Chapitre I", "CHAPITRE PREMIER", "Livre premier--Titre" */
		const char *r = s + w1;
		size_t rn = n - w1;
		while (rn && *r == ' ')
			r++, rn--;
		size_t w2 = word_len(r, rn);
		if (w2 == 0 || !is_ordinal_word(r, w2))
			return H_NONE;
		r += w2, rn -= w2;
		while (rn && (*r == ' ' || *r == '.' || *r == '-' || *r == ':'))
			r++, rn--;
		*bare = rn == 0;
		return words[k].kind;
	}
	/* "PREMIÈRE PARTIE", "Livre premier" spelt the other way round. */
	if (w1 > 0 && is_ordinal_word(s, w1) && !is_roman(s, w1) && !isdigit((unsigned char)s[0])) {
		const char *r = s + w1;
		size_t rn = n - w1;
		while (rn && *r == ' ')
			r++, rn--;
		for (k = 0; k < sizeof words / sizeof *words; k++) {
			if (starts_with_ci(r, rn, words[k].word)) {
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

/* Letters all capitals (at least three of them)? */
static int
is_caps(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *e = p + n;
	int letters = 0;
	while (p < e) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, p, (size_t)(e - p));
		if (uc_is_property_alphabetic(uc)) {
			if (uc_is_property_lowercase(uc))
				return 0;
			letters++;
		}
		p += k;
	}
	return letters >= 3;
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
	static const char *const ends[] = {".", ",", ";", ":", "!", "?", "»", "…", "\"", "”", ")", "]"};
	for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
		size_t m = strlen(ends[k]);
		if (n >= m && memcmp(s + n - m, ends[k], m) == 0)
			return 1;
	}
	return 0;
}

/* The usual width of hard-wrapped lines: the 90th percentile of long-ish lines. */
static int
guess_wrap(const struct parser *p)
{
	int hist[LONG_LINE + 1] = {0};
	size_t total = 0, seen = 0;
	for (size_t i = 0; i < p->nlines; i++) {
		int c = p->lines[i].cols;
		if (c >= 30 && c <= LONG_LINE) {
			hist[c]++;
			total++;
		}
	}
	if (total == 0)
		return 72;
	for (int c = LONG_LINE; c >= 30; c--) {
		seen += (size_t)hist[c];
		if (seen * 10 >= total)
			return c;
	}
	return 72;
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
			for (size_t k = i; k < j; k++) {
				add_raw(p, k, 1, k == i ? blanks : 1);
			}
		} else {
			add_raw(p, i, j - i, blanks);
		}
		blanks = 0;
		i = j;
	}
}

/* Classify a raw block: prose or kept lines, and heading candidate. */
static void
classify(struct parser *p, struct raw *r)
{
	struct line *l = &p->lines[r->first];
	size_t i, full = 0, real = 0;
	int cols = 0;

	r->kind = BLOCK_PARA;
	for (i = 0; i < r->count; i++) {
		if (is_rule(&l[i]))
			continue;
		real++;
		cols += l[i].cols;
		if (i + 1 < r->count && l[i].cols * 4 >= p->wrap * 3)
			full++;
	}
	if (r->count > 1 && full * 2 < r->count - 1)
		r->kind = BLOCK_LINES;

	/* Heading candidates: few short lines. */
	r->head = H_NONE;
	if (real == 0 || real > HEAD_LINES || cols > 2 * HEAD_MAX)
		return;
	enum hkind m = marker_kind(&l[0], &r->bare);
	if (m != H_NONE) {
		r->head = m;
		if (real > 1)
			r->bare = 0;
		return;
	}
	if (real > 2 || l[0].cols > HEAD_MAX)
		return;
	if (!has_letter(l[0].s, l[0].n))
		return;
	int caps = 1;
	for (i = 0; i < r->count; i++)
		if (!is_rule(&l[i]) && !is_caps(l[i].s, l[i].n))
			caps = 0;
	if (caps) {
		r->head = H_CAPS;
		return;
	}
	const struct line *last = &l[r->count - 1];
	if (real == 1 && l[0].cols <= 80 && !ends_punct(last->s, last->n) &&
	    !(l[0].n >= 2 && (memcmp(l[0].s, "--", 2) == 0 || memcmp(l[0].s, "«", 2) == 0)))
		r->head = H_PLAIN;
}

/* Is raw block r substantial prose (what a heading introduces)? */
static int
is_prose(const struct parser *p, const struct raw *r)
{
	if (r->kind != BLOCK_PARA || r->head != H_NONE)
		return 0;
	size_t chars = 0;
	for (size_t i = 0; i < r->count; i++)
		chars += (size_t)p->lines[r->first + i].cols;
	return chars >= 60 || r->count >= 2;
}

/* Keep the runs of candidates that introduce prose. */
static void
choose_headings(struct parser *p, size_t from, size_t to)
{
	size_t i = from;
	while (i < to) {
		if (p->raws[i].head == H_NONE) {
			i++;
			continue;
		}
		size_t j = i;
		int markers = 0;
		while (j < to && p->raws[j].head != H_NONE) {
			if (p->raws[j].head < H_CAPS)
				markers++;
			j++;
		}
		if (j < to && is_prose(p, &p->raws[j])) {
			for (size_t k = i; k < j; k++) {
				struct raw *r = &p->raws[k];
				/* In a run with markers, what precedes the first one is front matter. */
				if (markers && r->head >= H_CAPS) {
					int after_marker = 0;
					for (size_t q = i; q < k; q++)
						if (p->raws[q].head < H_CAPS)
							after_marker = 1;
					if (!after_marker)
						continue;
				}
				r->keep = 1;
				if (k > i && p->raws[k - 1].keep && p->raws[k - 1].bare &&
				    p->raws[k - 1].head <= H_CHAPTER && r->head >= H_CAPS) {
					r->subtitle = 1;
					p->raws[k - 1].bare = 0;
				}
			}
		}
		i = j;
	}
}

/* Join the lines of a raw block into one text, as prose or as kept lines. */
static void
join(const struct parser *p, const struct raw *r, struct buf *t, int prose)
{
	for (size_t i = 0; i < r->count; i++) {
		const struct line *l = &p->lines[r->first + i];
		if (is_rule(l) && r->count > 1)
			continue;
		if (t->len > 0) {
			char last = t->data[t->len - 1];
			int hyph = last == '-' && t->len >= 2 && t->data[t->len - 2] != '-' &&
			           t->data[t->len - 2] != ' ';
			if (!prose)
				buf_addc(t, '\n');
			else if (!hyph)
				buf_addc(t, ' ');
		}
		/* Collapse runs of spaces inside the line. */
		for (size_t k = 0; k < l->n; k++) {
			if (l->s[k] == ' ' && k > 0 && l->s[k - 1] == ' ')
				continue;
			buf_addc(t, l->s[k]);
		}
	}
}

static void
emit(struct parser *p, const struct raw *r, int level)
{
	struct buf t = {0}, f = {0};
	enum block_kind kind = r->keep ? BLOCK_HEADING : r->kind;
	join(p, r, &t, kind != BLOCK_LINES);
	const char *s = t.data ? t.data : "";
	size_t n = t.len;
	if (p->o->typo && kind != BLOCK_CODE) {
		typo_apply(&f, s, n);
		s = f.data ? f.data : "";
		n = f.len;
	}
	doc_add_block(p->d, kind, level, s, n);
	buf_free(&t);
	buf_free(&f);
}

/* Append a subtitle to the heading block just added, after a line break. */
static void
emit_subtitle(struct parser *p, const struct raw *r)
{
	struct doc *d = p->d;
	struct block *b = &d->blocks[d->nblocks - 1];
	struct buf t = {0}, f = {0};
	join(p, r, &t, 1);
	const char *s = t.data ? t.data : "";
	size_t n = t.len;
	if (p->o->typo) {
		typo_apply(&f, s, n);
		s = f.data ? f.data : "";
		n = f.len;
	}
	/* The block is the last thing in the buffer: replace its '\n'. */
	d->build.len = b->end;
	buf_addc(&d->build, '\n');
	buf_add(&d->build, s, n);
	b->end = d->build.len;
	buf_addc(&d->build, '\n');
	buf_free(&t);
	buf_free(&f);
}

/* Find a line that contains needle, from line from up to to; or (size_t)-1. */
static size_t
find_line(const struct parser *p, size_t from, size_t to, const char *needle)
{
	for (size_t i = from; i < to; i++) {
		const struct line *l = &p->lines[i];
		size_t k = strlen(needle);
		for (size_t j = 0; j + k <= l->n; j++)
			if (memcmp(l->s + j, needle, k) == 0)
				return i;
	}
	return (size_t)-1;
}

/* Emit lines [from, to) as plain blocks of a front or back matter section. */
static void
emit_matter(struct parser *p, size_t from, size_t to, const char *title)
{
	size_t r0 = p->nraws;
	group(p, from, to);
	if (p->nraws == r0)
		return;
	size_t b0 = p->d->nblocks;
	for (size_t i = r0; i < p->nraws; i++) {
		classify(p, &p->raws[i]);
		p->raws[i].head = H_NONE;
		emit(p, &p->raws[i], 0);
	}
	doc_add_section(p->d, b0, 1, title);
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

void
parse_text(struct doc *d, const char *s, size_t n, const struct parse_opts *o)
{
	struct parser p = {0};
	size_t body = 0, end, i;
	char *title = NULL;

	p.d = d;
	p.o = o;
	split_lines(&p, s, n);
	end = p.nlines;
	p.wrap = guess_wrap(&p);

	/* Front and back matter: Project Gutenberg, and ABU's licence header. */
	size_t start = find_line(&p, 0, p.nlines < 400 ? p.nlines : 400, "*** START OF");
	if (start != (size_t)-1) {
		title = gutenberg_title(&p, start);
		body = start + 1;
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
		size_t fin = find_line(&p, p.nlines > 50 ? p.nlines - 50 : body, p.nlines, "FIN DU FICHIER");
		if (fin != (size_t)-1 && fin >= body) {
			end = fin;
			back = "Fin du fichier";
		}
	}
	/* Drop ABU's "DEBUT DU FICHIER" marker line. */
	if (body > 0 && body < end) {
		size_t deb = find_line(&p, body, body + 5 < end ? body + 5 : end, "DEBUT DU FICHIER");
		if (deb != (size_t)-1)
			body = deb + 1;
	}

	size_t r0 = p.nraws;
	group(&p, body, end);
	size_t r1 = p.nraws;
	for (i = r0; i < r1; i++)
		classify(&p, &p.raws[i]);
	choose_headings(&p, r0, r1);

	/* Rank the kinds of heading present into levels. */
	int present[H_COUNT] = {0}, level[H_COUNT] = {0}, rank = 1;
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

	for (i = r0; i < r1; i++) {
		struct raw *r = &p.raws[i];
		if (r->subtitle)
			emit_subtitle(&p, r);
		else
			emit(&p, r, r->keep ? (has_title && i == r0 ? 1 : level[r->head]) : 0);
	}

	if (end < p.nlines)
		emit_matter(&p, end, p.nlines, back);
	doc_finish(d, title);
	free(title);
	free(p.lines);
	free(p.raws);
}
