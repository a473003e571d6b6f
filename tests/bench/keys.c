/*
 * tests/bench/keys.c — what a keypress costs the reader, measured in
 * process without a terminal: the model and layout work behind page down,
 * a section jump and a resize on a big book, and the time from start to
 * the first screen.  Drawing is replaced by walking the visible cells into
 * a sink, which is what render.c does minus curses.
 *
 * usage: keys FILE [COLS ROWS]     prints one "name<TAB>microseconds" line each
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flow.h"
#include "layout.h"
#include "loader.h"
#include "parse.h"

static double
now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static size_t sink;

static void
count_cell(void *arg, const struct cell *c)
{
	(void)arg;
	sink += c->n + (size_t)c->col;
}

/* Walk one screenful from top, as render_text does. */
static void
draw(struct layout *l, const struct doc *d, const struct flow_geom *g, struct flow_pos top)
{
	struct flow_pos p = top;
	for (int r = 0; r < flow_page_rows(g); r++) {
		const struct line *ln = flow_line(l, p);
		if (ln)
			layout_walk(l, p.block, ln, count_cell, NULL);
		if (!flow_next(l, d, &p))
			break;
	}
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: keys FILE [COLS ROWS]\n");
		return 2;
	}
	int cols = argc > 3 ? atoi(argv[2]) : 160, rows = argc > 3 ? atoi(argv[3]) : 50;
	struct parse_opts po = { .format = FORMAT_AUTO, .typo = 1, .lang = NULL };
	const char *err;
	struct flow_geom g;

	/* The reader's way: the first part now, the whole in the background. */
	double p0 = now_us();
	struct loader *ld = loader_start(argv[1], argv[1], NULL, &po, &err);
	if (ld == NULL) {
		fprintf(stderr, "keys: %s: %s\n", argv[1], err);
		return 2;
	}
	flow_geometry(&g, cols, rows - 1, 72, 0);
	struct layout_opts plo = {g.colw, 0, 1, loader_doc(ld)->lang};
	struct layout *pl = layout_create(loader_doc(ld), &plo);
	draw(pl, loader_doc(ld), &g, flow_start());
	double p1 = now_us();
	layout_free(pl);
	loader_free(ld);
	printf("first screen, progressive (as the reader does)\t%.0f\n", p1 - p0);

	double t0 = now_us();
	struct doc *d = parse_load(argv[1], argv[1], NULL, &po, &err);
	if (d == NULL) {
		fprintf(stderr, "keys: %s: %s\n", argv[1], err);
		return 2;
	}
	double t1 = now_us();
	flow_geometry(&g, cols, rows - 1, 72, 0);
	struct layout_opts lo = {g.colw, 0, 1, d->lang};
	struct layout *l = layout_create(d, &lo);
	struct flow_pos top = flow_start();
	draw(l, d, &g, top);
	double t2 = now_us();
	printf("whole document: load+parse\t%.0f\n", t1 - t0);
	printf("whole document: first screen\t%.0f\n", t2 - t0);

	/* Page down through the middle of the book. */
	top = flow_at(l, d, d->len / 2);
	int n = 2000;
	double a = now_us();
	for (int i = 0; i < n; i++) {
		flow_move(l, d, &top, flow_page_rows(&g));
		draw(l, d, &g, top);
	}
	double b = now_us();
	printf("page down\t%.1f\n", (b - a) / n);

	/* Section jumps: to every section in turn. */
	a = now_us();
	for (size_t s = 0; s < d->nsections; s++) {
		top = flow_at(l, d, d->blocks[d->sections[s].block].start);
		draw(l, d, &g, top);
	}
	b = now_us();
	printf("section jump\t%.1f\n", d->nsections ? (b - a) / (double)d->nsections : 0.0);

	/* Resize: a new measure, keep the place, draw. */
	top = flow_at(l, d, d->len / 3);
	n = 50;
	a = now_us();
	for (int i = 0; i < n; i++) {
		size_t off = flow_offset(l, d, top);
		flow_geometry(&g, cols - (i % 2) * 20, rows - 1, i % 2 ? 60 : 72, 0);
		lo.width = g.colw;
		layout_set_opts(l, &lo);
		top = flow_at(l, d, off);
		draw(l, d, &g, top);
	}
	b = now_us();
	printf("resize\t%.1f\n", (b - a) / n);

	layout_free(l);
	doc_free(d);
	return sink == 0;
}
