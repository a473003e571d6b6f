/*
 * dump.c — the plain-text backend: the same lines and cells as the screen
 * (layout_walk), written as text.  It is what golden tests compare, so it
 * adds nothing of its own: no numbering, no decoration, no trailing blanks.
 * Blocks are laid out one at a time and forgotten at once, so a 60 MB book
 * dumps in bounded memory.
 */
#include "dump.h"

#include <stdlib.h>
#include <string.h>

enum { FLUSH_AT = 1 << 18 }; /* bytes of output gathered before one fwrite */

/*
 * The output of many rows, written in large pieces: a book is millions of
 * cells, and a stdio call per cell (or per blank) would cost more than
 * laying the book out.
 */
struct out {
	char *data;
	size_t len, cap;
	size_t row; /* where the row being built starts in data */
	int col;    /* its columns so far */
	FILE *f;
};

static char *
room(struct out *o, size_t n)
{
	if (o->len + n > o->cap)
		o->data = xgrow(o->data, &o->cap, o->len + n, 1);
	return o->data + o->len;
}

static void
put_cell(void *arg, const struct cell *c)
{
	struct out *o = arg;
	size_t pad = c->col > o->col ? (size_t)(c->col - o->col) : 0;
	if (c->style & CELL_SPACE) {
		size_t w = pad + (size_t)c->width;
		memset(room(o, w), ' ', w);
		o->len += w;
	} else {
		char *p = room(o, pad + c->n + 1);
		memset(p, ' ', pad);
		memcpy(p + pad, c->s, c->n);
		o->len += pad + c->n;
		if (c->style & CELL_BAR)
			o->data[o->len++] = ' ', o->col++;
	}
	o->col += (int)pad + c->width;
}

static void
begin_row(struct out *o)
{
	o->row = o->len;
	o->col = 0;
}

/* End the row without its trailing blanks; write out what has gathered. */
static void
end_row(struct out *o)
{
	while (o->len > o->row && o->data[o->len - 1] == ' ')
		o->len--;
	*room(o, 1) = '\n';
	o->len++;
	if (o->len >= FLUSH_AT) {
		fwrite(o->data, 1, o->len, o->f);
		o->len = 0;
	}
}

void
dump_text(struct layout *l, const struct doc *d, FILE *out)
{
	struct out o = {NULL, 0, 0, 0, 0, out};
	for (size_t b = 0; b < d->nblocks; b++) {
		size_t n;
		const struct line *lines = layout_lines(l, b, &n);
		if (b > 0) {
			begin_row(&o);
			layout_walk_gap(l, b - 1, put_cell, &o);
			end_row(&o);
		}
		for (size_t i = 0; i < n; i++) {
			begin_row(&o);
			layout_walk(l, b, &lines[i], put_cell, &o);
			end_row(&o);
		}
		layout_forget(l, b);
	}
	fwrite(o.data ? o.data : "", 1, o.len, out);
	free(o.data);
}

void
dump_toc(const struct doc *d, FILE *out)
{
	for (size_t i = 0; i < d->nsections; i++)
		fprintf(out, "%zu\t%d\t%s\n", i + 1, d->sections[i].level, d->sections[i].title);
}
