/*
 * flow.h — laid-out lines as one stream of rows, poured into column panes.
 * A position is a block and a row in it; positions convert to and from
 * byte offsets of the document, the coordinate that survives any relayout.
 */
#ifndef LISEUSE_FLOW_H
#define LISEUSE_FLOW_H

#include <stddef.h>

#include "layout.h"

/*
 * A row of the stream: line `row` of `block`, or a blank row after it (row
 * at least its line count: flow_gap() blank rows follow each block).
 */
struct flow_pos {
	size_t block;
	size_t row;
};

/* The panes on screen. */
struct flow_geom {
	int rows;   /* text rows per column */
	int ncols;  /* columns (panes) */
	int colw;   /* width of each, the measure */
	int gutter; /* blank columns between panes */
	int left;   /* screen column of the first pane */
};

/* Lay out the panes in a screen area of cols × rows from the settings. */
void flow_geometry(struct flow_geom *g, int cols, int rows, int width, int columns);

/* Rows in one screenful (every pane). */
int flow_page_rows(const struct flow_geom *g);

/* The first row of the document. */
struct flow_pos flow_start(void);

/* The last row of the document. */
struct flow_pos flow_end(struct layout *l, const struct doc *d);

/* The blank rows between block b and the next: 1, 2 before a heading, 0 after the last. */
int flow_gap(const struct doc *d, size_t b);

/* Move one row down / up; returns 0 at the end / start. */
int flow_next(struct layout *l, const struct doc *d, struct flow_pos *p);
int flow_prev(struct layout *l, const struct doc *d, struct flow_pos *p);

/* Move n rows; returns how many were moved. */
long flow_move(struct layout *l, const struct doc *d, struct flow_pos *p, long n);

/* The line at p, or NULL for a blank row between blocks. */
const struct line *flow_line(struct layout *l, struct flow_pos p);

/* Call fn for every cell of the row at p: its line's, or a blank row's quote bars. */
void flow_walk(struct layout *l, struct flow_pos p, layout_cell_fn fn, void *arg);

/* The row that shows byte offset off. */
struct flow_pos flow_at(struct layout *l, const struct doc *d, size_t off);

/* The byte offset where the row at p starts. */
size_t flow_offset(struct layout *l, const struct doc *d, struct flow_pos p);

/*
 * Where the row at p shows on a screen whose first row is top: its pane and
 * its row in that pane.  Returns 0 when it is not on that screen.
 */
int flow_screen(struct layout *l, const struct doc *d, const struct flow_geom *g,
                struct flow_pos top, struct flow_pos p, int *pane, int *row);

/* The row shown in pane at row of a screen whose first row is top; 0 past the end. */
int flow_at_screen(struct layout *l, const struct doc *d, const struct flow_geom *g,
                   struct flow_pos top, int pane, int row, struct flow_pos *p);

/* Compare positions: <0, 0, >0. */
int flow_cmp(struct flow_pos a, struct flow_pos b);

#endif
