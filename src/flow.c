/*
 * flow.c — the stream of rows the reader scrolls through, and the panes it
 * is poured into, newspaper fashion: down the first column, then from the
 * top of the next.
 *
 * The stream is never built whole.  A position names a block and a row in
 * it, and moving asks the layout for one block's lines at a time, so a page
 * down on a 60 MB book touches a handful of paragraphs.  Between blocks is
 * one blank row, showing the quote bars the blocks around it share.
 * Anything that must survive a relayout (resize, a new measure, marks,
 * saved positions) is kept as a byte offset and turned back into a row
 * with flow_at().
 */
#include "flow.h"

enum { GUTTER = 4 };

void
flow_geometry(struct flow_geom *g, int cols, int rows, int width, int columns)
{
	if (cols < 1)
		cols = 1;
	if (rows < 1)
		rows = 1;
	g->rows = rows;
	g->gutter = GUTTER;
	g->colw = width > 0 && width < cols ? width : cols;
	if (columns > 0) {
		g->ncols = columns;
		/* Several columns asked for: narrow them rather than drop one. */
		while (g->ncols > 1 && g->ncols * g->colw + (g->ncols - 1) * g->gutter > cols) {
			int w = (cols - (g->ncols - 1) * g->gutter) / g->ncols;
			if (w >= 12 && (width <= 0 || w < g->colw)) {
				g->colw = w;
				break;
			}
			g->ncols--;
		}
	} else {
		g->ncols = (cols + g->gutter) / (g->colw + g->gutter);
	}
	if (g->ncols < 1)
		g->ncols = 1;
	int used = g->ncols * g->colw + (g->ncols - 1) * g->gutter;
	g->left = used < cols ? (cols - used) / 2 : 0;
}

int
flow_page_rows(const struct flow_geom *g)
{
	return g->rows * g->ncols;
}

struct flow_pos
flow_start(void)
{
	struct flow_pos p = { 0, 0 };
	return p;
}

struct flow_pos
flow_end(struct layout *l, const struct doc *d)
{
	struct flow_pos p = { 0, 0 };
	size_t n;
	if (d->nblocks == 0)
		return p;
	p.block = d->nblocks - 1;
	layout_lines(l, p.block, &n);
	p.row = n - 1;
	return p;
}

int
flow_gap(const struct doc *d, size_t b)
{
	if (b + 1 >= d->nblocks)
		return 0;
	/*
	 * A heading is set apart by a second blank row, unless a heading is
	 * just above it, or it is shown as its lines are (raw mode).
	 */
	const struct block *next = &d->blocks[b + 1];
	return next->kind == BLOCK_HEADING && !next->raw && d->blocks[b].kind != BLOCK_HEADING ? 2
	                                                                                       : 1;
}

int
flow_next(struct layout *l, const struct doc *d, struct flow_pos *p)
{
	size_t n;
	if (d->nblocks == 0)
		return 0;
	layout_lines(l, p->block, &n);
	if (p->row + 1 < n + (size_t)flow_gap(d, p->block)) {
		p->row++;
		return 1;
	}
	if (p->block + 1 >= d->nblocks)
		return 0;
	p->block++;
	p->row = 0;
	return 1;
}

int
flow_prev(struct layout *l, const struct doc *d, struct flow_pos *p)
{
	size_t n;
	if (p->row > 0) {
		p->row--;
		return 1;
	}
	if (p->block == 0)
		return 0;
	p->block--;
	layout_lines(l, p->block, &n);
	p->row = n + (size_t)flow_gap(d, p->block) - 1; /* the last blank row after it */
	return 1;
}

long
flow_move(struct layout *l, const struct doc *d, struct flow_pos *p, long n)
{
	long k = 0;
	if (n > 0)
		while (k < n && flow_next(l, d, p))
			k++;
	else
		while (k < -n && flow_prev(l, d, p))
			k++;
	return k;
}

const struct line *
flow_line(struct layout *l, struct flow_pos p)
{
	size_t n;
	const struct line *lines = layout_lines(l, p.block, &n);
	return p.row < n ? &lines[p.row] : NULL;
}

void
flow_walk(struct layout *l, struct flow_pos p, layout_cell_fn fn, void *arg)
{
	const struct line *ln = flow_line(l, p);
	if (ln)
		layout_walk(l, p.block, ln, fn, arg);
	else
		layout_walk_gap(l, p.block, fn, arg);
}

struct flow_pos
flow_at(struct layout *l, const struct doc *d, size_t off)
{
	struct flow_pos p = { 0, 0 };
	size_t n;
	if (d->nblocks == 0)
		return p;
	p.block = doc_block_at(d, off);
	const struct line *lines = layout_lines(l, p.block, &n);
	/* The last line that starts at or before off. */
	while (p.row + 1 < n && lines[p.row + 1].start <= off)
		p.row++;
	return p;
}

size_t
flow_offset(struct layout *l, const struct doc *d, struct flow_pos p)
{
	const struct line *ln;
	if (d->nblocks == 0)
		return 0;
	ln = flow_line(l, p);
	return ln ? ln->start : d->blocks[p.block].end;
}

int
flow_screen(struct layout *l, const struct doc *d, const struct flow_geom *g, struct flow_pos top,
            struct flow_pos p, int *pane, int *row)
{
	struct flow_pos q = top;
	int n = flow_page_rows(g);
	if (flow_cmp(p, top) < 0)
		return 0;
	for (int k = 0; k < n; k++) {
		if (flow_cmp(q, p) == 0) {
			*pane = k / g->rows;
			*row = k % g->rows;
			return 1;
		}
		if (!flow_next(l, d, &q))
			return 0;
	}
	return 0;
}

int
flow_at_screen(struct layout *l, const struct doc *d, const struct flow_geom *g,
               struct flow_pos top, int pane, int row, struct flow_pos *p)
{
	if (pane < 0 || pane >= g->ncols || row < 0 || row >= g->rows || d->nblocks == 0)
		return 0;
	long k = (long)pane * g->rows + row;
	*p = top;
	return flow_move(l, d, p, k) == k;
}

int
flow_cmp(struct flow_pos a, struct flow_pos b)
{
	if (a.block != b.block)
		return a.block < b.block ? -1 : 1;
	return (a.row > b.row) - (a.row < b.row);
}
