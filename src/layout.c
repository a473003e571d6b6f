/*
 * layout.c — the typographic engine: blocks of the document into lines.
 *
 * Two stages, as in TeX.  Preparation (once per block, whatever the width)
 * cuts the block's text into items: boxes of unbreakable text with their
 * display width, the glue (spaces) after each, and what kind of break may
 * follow — at a space, after an explicit hyphen or a UAX #14 opportunity,
 * at a hyphenation point (a '-' is then drawn), or a forced line end.
 * Fitting (per width) chooses the breaks.  Both are cached per block and
 * computed only when a block is first shown, so nothing here is ever
 * whole-document work unless the caller asks for every block (--dump).
 *
 * Lines are byte ranges of the document text; layout_walk() is the single
 * place that turns a line into cells (indent, quote bars, justified spaces,
 * the added hyphen), shared by the screen and --dump.
 */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include <unilbrk.h>

enum brk {
	BRK_NONE,   /* no break after this item */
	BRK_GLUE,   /* break at the glue after it (the spaces vanish) */
	BRK_AFTER,  /* break right after it: explicit hyphen, CJK, slash… */
	BRK_HYPHEN, /* break after it with a '-' drawn */
	BRK_FORCE,  /* a forced line end ('\n' in kept-lines and code blocks) */
};

struct item {
	size_t start, end; /* the box: doc->text[start, end) */
	int width;         /* its display columns */
	int glue;          /* columns of the spaces after it */
	unsigned char brk; /* enum brk */
};

struct prep {
	struct item *items;
	size_t n;
};

struct fit {
	struct line *lines;
	size_t n;
	unsigned gen; /* the options generation it was made for; 0 = none */
};

struct layout {
	const struct doc *d;
	struct layout_opts o;
	unsigned gen;
	struct prep *prep; /* per block; items NULL until prepared */
	struct fit *fit;   /* per block */
};

struct layout *
layout_create(const struct doc *d, const struct layout_opts *o)
{
	struct layout *l = xcalloc(1, sizeof *l);
	l->d = d;
	l->o = *o;
	if (l->o.width < 1)
		l->o.width = 1;
	l->gen = 1;
	l->prep = xcalloc(d->nblocks ? d->nblocks : 1, sizeof *l->prep);
	l->fit = xcalloc(d->nblocks ? d->nblocks : 1, sizeof *l->fit);
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
	free(l);
}

void
layout_set_opts(struct layout *l, const struct layout_opts *o)
{
	l->o = *o;
	if (l->o.width < 1)
		l->o.width = 1;
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
	free(l->fit[b].lines);
	free(l->prep[b].items);
	memset(&l->fit[b], 0, sizeof l->fit[b]);
	memset(&l->prep[b], 0, sizeof l->prep[b]);
}

static int
is_soft_hyphen(const char *s, size_t n)
{
	return n == 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xAD;
}

/* Cut block b into items. */
static void
prepare(struct layout *l, size_t b)
{
	const struct block *bl = &l->d->blocks[b];
	const char *t = l->d->text + bl->start;
	size_t n = bl->end - bl->start, cap = 0, i = 0;
	struct prep *p = &l->prep[b];
	char *brk = xmalloc(n + 1);
	struct item *it = NULL;

	u8_possible_linebreaks((const uint8_t *)t, n, "UTF-8", brk);
	p->n = 0;
	while (i < n || p->n == 0) {
		it = xgrow(p->items, &cap, p->n + 1, sizeof *it);
		p->items = it;
		struct item *x = &it[p->n++];
		memset(x, 0, sizeof *x);
		x->start = bl->start + i;
		/* The box: clusters up to a space, a newline or a break opportunity. */
		while (i < n && t[i] != ' ' && t[i] != '\n') {
			size_t e = text_cluster_end(t, n, i);
			if (!is_soft_hyphen(t + i, e - i))
				x->width += text_cluster_width(t + i, e - i);
			i = e;
			if (i < n && t[i] != ' ' && t[i] != '\n' &&
			    (brk[i] == UC_BREAK_POSSIBLE || brk[i] == UC_BREAK_HYPHENATION))
				break;
		}
		x->end = bl->start + i;
		if (i >= n) {
			x->brk = BRK_FORCE;
			break;
		}
		if (t[i] == '\n') {
			x->brk = BRK_FORCE;
			i++;
		} else if (t[i] == ' ') {
			while (i < n && t[i] == ' ') {
				x->glue++;
				i++;
			}
			x->brk = (i < n && brk[i] == UC_BREAK_PROHIBITED) ? BRK_NONE : BRK_GLUE;
			if (i < n && t[i] == '\n')
				x->brk = BRK_GLUE;
		} else {
			x->brk = brk[i] == UC_BREAK_HYPHENATION ? BRK_HYPHEN : BRK_AFTER;
		}
	}
	free(brk);
}

/* Columns available to the line that starts a block (first) or continues it. */
static int
avail(const struct layout *l, const struct block *bl, int first)
{
	int w = l->o.width - bl->indent - 2 * bl->quote - (first ? 0 : bl->hang);
	return w < 1 ? 1 : w;
}

static void
add_line(struct fit *f, size_t *cap, size_t start, size_t end, int width, int indent, int hyphen)
{
	f->lines = xgrow(f->lines, cap, f->n + 1, sizeof *f->lines);
	struct line *ln = &f->lines[f->n++];
	ln->start = start;
	ln->end = end;
	ln->width = width;
	ln->indent = indent;
	ln->hyphen = (unsigned char)hyphen;
	ln->last = 0;
}

/*
 * First-fit filling: take items while they fit; a box wider than the
 * whole line is cut between grapheme clusters.
 */
static void
fit_greedy(struct layout *l, size_t b)
{
	const struct block *bl = &l->d->blocks[b];
	const struct prep *p = &l->prep[b];
	struct fit *f = &l->fit[b];
	const char *text = l->d->text;
	size_t cap = 0, i = 0;

	f->n = 0;
	while (i < p->n) {
		int first = f->n == 0 || (i > 0 && p->items[i - 1].brk == BRK_FORCE);
		int w = avail(l, bl, first), indent = l->o.width - w;
		size_t start = p->items[i].start, j = i, lastbrk = (size_t)-1;
		int width = 0, width_at_brk = 0;

		/* Extend over items; remember the last place a break is allowed. */
		for (; j < p->n; j++) {
			const struct item *x = &p->items[j];
			int need = width + x->width + (x->brk == BRK_HYPHEN ? 1 : 0);
			if (need > w)
				break;
			width += x->width;
			if (x->brk != BRK_NONE) {
				lastbrk = j;
				width_at_brk = width;
			}
			if (x->brk == BRK_FORCE)
				break;
			width += x->glue;
		}
		if (j < p->n && p->items[j].brk == BRK_FORCE && lastbrk == j) {
			/* The forced end fits. */
		} else if (j >= p->n) {
			lastbrk = p->n - 1;
			width_at_brk = width;
		} else if (lastbrk == (size_t)-1) {
			/* Nothing breakable fits: cut the run i..j between clusters. */
			size_t fitb;
			int cw = text_width_fit(text + start, p->items[j].end - start, w, &fitb);
			if (fitb == 0) /* a cluster wider than the line: take it anyway */
				fitb = text_cluster_end(text, l->d->len, start) - start, cw = w;
			add_line(f, &cap, start, start + fitb, cw, indent, 0);
			/* Continue inside the item that was cut. */
			size_t cut = start + fitb;
			while (i < p->n && p->items[i].end <= cut)
				i++;
			if (i < p->n) {
				struct item *y = &l->prep[b].items[i];
				if (y->start < cut) {
					y->width = text_width(text + cut, y->end - cut);
					y->start = cut;
				}
			}
			continue;
		}
		const struct item *e = &p->items[lastbrk];
		add_line(f, &cap, start, e->end, width_at_brk, indent, e->brk == BRK_HYPHEN);
		if (e->brk == BRK_FORCE)
			f->lines[f->n - 1].last = (lastbrk + 1 == p->n);
		i = lastbrk + 1;
	}
	if (f->n == 0)
		add_line(f, &cap, bl->start, bl->start, 0, l->o.width - avail(l, bl, 1), 0);
	f->lines[f->n - 1].last = 1;
	/* Lines before a forced break are ends of lines too: never justified. */
	for (size_t k = 0; k + 1 < f->n; k++) {
		size_t e = f->lines[k].end;
		if (e < l->d->len && text[e] == '\n')
			f->lines[k].last = 1;
	}
}

const struct line *
layout_lines(struct layout *l, size_t b, size_t *n)
{
	struct fit *f = &l->fit[b];
	if (f->gen != l->gen) {
		/* Cutting boxes edits items: prepare afresh for every fit. */
		free(l->prep[b].items);
		l->prep[b].items = NULL;
		prepare(l, b);
		free(f->lines);
		f->lines = NULL;
		fit_greedy(l, b);
		f->gen = l->gen;
	}
	*n = f->n;
	return f->lines;
}

/* The style of the spans of block bl that cover offset off. */
static unsigned
style_at(const struct doc *d, const struct block *bl, size_t off)
{
	unsigned s = 0;
	for (size_t k = 0; k < bl->nspans; k++) {
		const struct span *sp = &d->spans[bl->span0 + k];
		if (sp->start <= off && off < sp->end)
			s |= sp->style;
	}
	return s;
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

	for (int q = 0; q < bl->quote; q++) {
		c = (struct cell){col, 1, "│", 3, ln->start, CELL_BAR};
		fn(arg, &c);
		col += 2;
	}
	col = ln->indent;
	if (l->o.justify && !ln->last && bl->kind == BLOCK_PARA) {
		int room = l->o.width - ln->indent - ln->width - (ln->hyphen ? 1 : 0);
		for (size_t i = ln->start; i < ln->end; i++)
			if (t[i] == ' ')
				spaces++;
		if (spaces > 0 && room > 0)
			extra = room;
	}
	for (size_t i = ln->start; i < ln->end;) {
		size_t e = text_cluster_end(t, ln->end, i);
		if (t[i] == ' ') {
			/* Spread the extra columns evenly: gap k gets its share. */
			int w = 1;
			if (extra) {
				w += (extra * (seen + 1)) / spaces - (extra * seen) / spaces;
				seen++;
			}
			c = (struct cell){col, w, " ", 1, i, base | CELL_SPACE};
			fn(arg, &c);
			col += w;
		} else if (!is_soft_hyphen(t + i, e - i)) {
			int w = text_cluster_width(t + i, e - i);
			c = (struct cell){col, w, t + i, e - i, i, base | style_at(d, bl, i)};
			fn(arg, &c);
			col += w;
		}
		i = e;
	}
	if (ln->hyphen) {
		c = (struct cell){col, 1, "-", 1, ln->end, base | CELL_HYPHEN};
		fn(arg, &c);
	}
}
