/*
 * tests/bench/keys.c — what a keypress costs the reader, measured in
 * process without a terminal: the model and layout work behind page down,
 * a section jump and a resize on a big book, and the time from start to
 * the first screen.  Drawing is replaced by walking the visible cells into
 * a sink, which is what render.c does minus curses.
 *
 * The "key:" lines are whole reader commands through view.c, as ui.c runs
 * them on a key: the command, then what the screen needs (its cells and
 * the status line), median of several presses; the search keys type a
 * query a character at a time at the prompt, as the reader does.
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
#include "view.h"

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

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* What follows a command in the reader: the cells on screen and the status line. */
static void
screen(struct view *v)
{
	struct buf left = { 0 }, right = { 0 };
	draw(v->l, v->d, &v->g, v->top);
	view_status(v, v->cols, &left, &right);
	sink += left.len + right.len;
	buf_free(&left);
	buf_free(&right);
}

/* The median cost of a command in microseconds, pressed n times from where before puts the view. */
static double
press(struct view *v, enum action a, long count, int n, void (*before)(struct view *))
{
	double t[64];
	if (n > 64)
		n = 64;
	for (int i = 0; i < n; i++) {
		if (before)
			before(v);
		v->message[0] = '\0';
		double t0 = now_us();
		v->count = count;
		view_command(v, a);
		screen(v);
		t[i] = now_us() - t0;
	}
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	return t[n / 2];
}

static void
to_middle(struct view *v)
{
	view_set_place(v, v->d->len / 2);
}

static void
to_start(struct view *v)
{
	view_set_place(v, 0);
}

/*
 * Type query at a fresh prompt, then Enter; prints the first key (the
 * document's first search builds search.c's folded index) and the slowest
 * of the others.
 */
static void
type_query(struct view *v, const char *name, const char *query)
{
	double first = -1, worst = 0;
	view_prompt_open(v, 1);
	for (const char *c = query; *c;) {
		size_t len;
		uint32_t cp = text_decode(c, strlen(c), &len);
		c += len;
		double t0 = now_us();
		view_prompt_key(v, ACT_NONE, (int)cp);
		screen(v);
		double t = now_us() - t0;
		if (first < 0)
			first = t;
		else
			worst = t > worst ? t : worst;
	}
	double t0 = now_us();
	view_prompt_key(v, ACT_PROMPT_ACCEPT, K_ENTER);
	screen(v);
	double t = now_us() - t0;
	printf("key: %s, first key\t%.1f\n", name, first);
	printf("key: %s, slowest other key\t%.1f\n", name, worst > t ? worst : t);
}

/* Whole commands through view.c, on the reader's own structures. */
static void
view_keys(struct doc *d, int cols, int rows)
{
	struct view v;
	struct layout_opts lo = { 72, 0, 1, d->lang };
	view_init(&v, d, &lo, 72, 0);
	view_resize(&v, cols, rows - 1);
	double t0 = now_us();
	view_work(&v, 0);
	printf("words counted for the times left (once)\t%.0f\n", now_us() - t0);
	to_middle(&v);
	printf("key: j\t%.1f\n", press(&v, ACT_LINE_DOWN, -1, 50, NULL));
	printf("key: Space\t%.1f\n", press(&v, ACT_PAGE_DOWN, -1, 50, NULL));
	printf("key: b\t%.1f\n", press(&v, ACT_PAGE_UP, -1, 50, NULL));
	printf("key: G\t%.1f\n", press(&v, ACT_BOTTOM, -1, 20, to_middle));
	printf("key: g\t%.1f\n", press(&v, ACT_TOP, -1, 20, to_middle));
	printf("key: 50%%\t%.1f\n", press(&v, ACT_PERCENT, 50, 20, to_start));
	printf("key: ]\t%.1f\n", press(&v, ACT_NEXT_SECTION, -1, 20, to_middle));
	printf("key: 1000G\t%.1f\n", press(&v, ACT_BOTTOM, 1000, 20, to_middle));
	to_start(&v);
	type_query(&v, "/eleve", "eleve");
	printf("key: n\t%.1f\n", press(&v, ACT_NEXT_MATCH, -1, 50, NULL));
	type_query(&v, "/~chap\\w+tre", "~chap\\w+tre");
	type_query(&v, "/~[Cc]un[ée]gonde", "~[Cc]un[ée]gonde");
	view_free(&v);
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
	view_keys(d, cols, rows);
	doc_free(d);
	return sink == 0;
}
