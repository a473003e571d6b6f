/*
 * dump.c — the plain-text backend: the same lines and cells as the screen
 * (layout_walk), written as text.  It is what golden tests compare, so it
 * adds nothing of its own: no numbering, no decoration, no trailing blanks.
 * Blocks are laid out one at a time and forgotten at once, so a 60 MB book
 * dumps in bounded memory.
 */
#include "dump.h"

#include <string.h>

struct row {
	struct buf b;
	int col;
};

static void
put_cell(void *arg, const struct cell *c)
{
	struct row *r = arg;
	while (r->col < c->col) {
		buf_addc(&r->b, ' ');
		r->col++;
	}
	if (c->style & CELL_SPACE) {
		for (int k = 0; k < c->width; k++)
			buf_addc(&r->b, ' ');
	} else {
		buf_add(&r->b, c->s, c->n);
		if (c->style & CELL_BAR)
			buf_addc(&r->b, ' '), r->col++;
	}
	r->col += c->width;
}

void
dump_text(struct layout *l, const struct doc *d, FILE *out)
{
	struct row r = {{0}, 0};
	for (size_t b = 0; b < d->nblocks; b++) {
		size_t n;
		const struct line *lines = layout_lines(l, b, &n);
		if (b > 0)
			fputc('\n', out);
		for (size_t i = 0; i < n; i++) {
			r.b.len = 0;
			r.col = 0;
			layout_walk(l, b, &lines[i], put_cell, &r);
			while (r.b.len > 0 && r.b.data[r.b.len - 1] == ' ')
				r.b.len--;
			fwrite(r.b.data ? r.b.data : "", 1, r.b.len, out);
			fputc('\n', out);
		}
		layout_forget(l, b);
	}
	buf_free(&r.b);
}

void
dump_toc(const struct doc *d, FILE *out)
{
	for (size_t i = 0; i < d->nsections; i++)
		fprintf(out, "%zu\t%d\t%s\n", i + 1, d->sections[i].level, d->sections[i].title);
}
