/*
 * fuzz_layout.c — the typographic engine at random widths and options:
 * every block of the document laid out at a width from 1 to 200, ragged or
 * justified, with or without hyphenation, then every line walked cell by
 * cell.  PRODUCT.md: no line is ever wider than the measure (a lone cluster
 * two columns wide at width 1 is the one thing that cannot fit), lines
 * follow each other in the text, and cells lie on the text's clusters.
 *
 * Input: byte 0 the width, byte 1 the options, the rest the text.
 */
#include "fuzz.h"
#include "layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct walk {
	const struct doc *d;
	const struct line *ln;
	int width;     /* the measure */
	int right;     /* the rightmost column covered so far */
	int col;       /* where the next cell may start */
	int clusters;  /* text cells seen */
	int maxcw;     /* the widest text cell */
};

static void
on_cell(void *arg, const struct cell *c)
{
	struct walk *w = arg;
	if (c->col < w->col && !(c->style & CELL_BAR))
		fuzz_fail("cell at column %d overlaps the one before (ends at %d)", c->col, w->col);
	if (c->width < 0)
		fuzz_fail("cell of width %d", c->width);
	if (!(c->style & (CELL_BAR | CELL_HYPHEN | CELL_MARK))) {
		if (c->off >= w->d->len || c->off + c->n > w->d->len)
			fuzz_fail("cell at offset %zu outside the text", c->off);
		if (c->s != w->d->text + c->off && !(c->style & CELL_SPACE))
			fuzz_fail("text cell does not point into the text");
		if (c->off < w->ln->start || c->off >= w->ln->end)
			fuzz_fail("cell at %zu outside its line [%zu,%zu)", c->off, w->ln->start,
			          w->ln->end);
	}
	fuzz_check_clean(c->s, c->n, "cell");
	if (!(c->style & (CELL_SPACE | CELL_BAR))) {
		w->clusters++;
		if (c->width > w->maxcw)
			w->maxcw = c->width;
	}
	w->col = c->col + c->width;
	if (w->col > w->right)
		w->right = w->col;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	struct layout_opts o = {data[0] % 200 + 1, data[1] & 1, (data[1] >> 1) & 1, "fr"};
	int markdown = (data[1] >> 2) & 1, typo = !((data[1] >> 3) & 1);
	int width2 = data[1] >> 4; /* a second width, for a relayout */
	struct doc *d = fuzz_doc(data + 2, size - 2, NULL, markdown, typo);
	if (d == NULL)
		return 0;

	struct layout *l = layout_create(d, &o);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t b = 0; b < d->nblocks; b++) {
			size_t n;
			const struct line *lines = layout_lines(l, b, &n);
			if (n < 1 || lines == NULL)
				fuzz_fail("block %zu has no line", b);
			for (size_t i = 0; i < n; i++) {
				const struct line *ln = &lines[i];
				if (ln->start > ln->end || ln->end > d->blocks[b].end ||
				    ln->start < d->blocks[b].start)
					fuzz_fail("line %zu of block %zu outside it", i, b);
				if (i > 0 && ln->start < lines[i - 1].end)
					fuzz_fail("line %zu of block %zu overlaps the one before", i, b);
				struct walk w = {d, ln, o.width, 0, 0, 0, 0};
				layout_walk(l, b, ln, on_cell, &w);
				if (w.right > o.width && !(w.clusters == 1 && w.maxcw > o.width))
					fuzz_fail("line %zu of block %zu is %d columns wide, measure %d: "
					          "\"%.*s\"%s (indent %d, %s)",
					          i, b, w.right, o.width, (int)(ln->end - ln->start),
					          d->text + ln->start, ln->hyphen ? " + hyphen" : "",
					          ln->indent, o.justify ? "justified" : "ragged");
			}
			if (b % 3 == 0)
				layout_forget(l, b);
		}
		o.width = width2 * 13 % 200 + 1;
		o.justify = !o.justify;
		layout_set_opts(l, &o);
	}
	layout_free(l);
	doc_free(d);
	return 0;
}
