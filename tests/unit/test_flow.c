/*
 * test_flow.c — the stream of rows and its panes (flow.c) over real texts
 * of the corpus, at several measures and column counts: a byte offset
 * comes back to the row that shows it, a row to its offset, a step down
 * and back up to the same row, and a row on screen to its pane and row and
 * back; the panes always fit the area they are given.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "dump.h"
#include "flow.h"
#include "layout.h"

static struct doc *
corpus(const char *name)
{
	const char *dir = getenv("CORPUS");
	char *path = xasprintf("%s/%s", dir && *dir ? dir : "../shared/corpus", name);
	struct parse_opts o = { .format = FORMAT_AUTO, .typo = 1, .lang = NULL };
	const char *err = NULL;
	msg_mute(1);
	struct doc *d = parse_load(path, path, NULL, &o, &err);
	msg_mute(0);
	if (d == NULL)
		fail_msg("%s: %s", path, err);
	free(path);
	return d;
}

/* The texts, and how many rows of each to walk (0: all). */
static const struct {
	const char *name;
	long rows;
} texts[] = {
	{ "candide.txt", 0 },   { "article-xai-babuschkin.txt", 0 }, { "madame-bovary.txt", 3000 },
	{ "utf8-demo.txt", 0 }, { "naughty-strings.txt", 3000 },
};

static const int widths[] = { 20, 33, 72 };

/* Every row to `limit`: offset → row → offset, next → prev, the line holds its bytes. */
static void
walk(struct layout *l, const struct doc *d, long limit)
{
	struct flow_pos p = flow_start(), prev = p;
	long k = 0;
	do {
		const struct line *ln = flow_line(l, p);
		size_t off = flow_offset(l, d, p);
		struct flow_pos back = flow_at(l, d, off);
		if (ln) {
			/* A line comes back to itself from its first byte… */
			assert_int_equal(flow_cmp(back, p), 0);
			/* …and from every byte it shows. */
			for (size_t i = ln->start; i < ln->end; i += 7)
				assert_int_equal(flow_cmp(flow_at(l, d, i), p), 0);
		} else {
			/* A blank row between blocks goes back to the line above it. */
			assert_true(flow_cmp(back, p) < 0);
			assert_true(off == d->blocks[p.block].end);
		}
		if (k > 0) {
			struct flow_pos q = p;
			assert_int_equal(flow_prev(l, d, &q), 1);
			assert_int_equal(flow_cmp(q, prev), 0);
		}
		prev = p;
		k++;
	} while ((limit == 0 || k < limit) && flow_next(l, d, &p));
	if (limit == 0) {
		/* The walk ends on the last row, and back to the start takes as many steps. */
		assert_int_equal(flow_cmp(p, flow_end(l, d)), 0);
		assert_int_equal(flow_move(l, d, &p, -(k + 5)), k - 1);
		assert_int_equal(flow_cmp(p, flow_start()), 0);
	}
}

static void
round_trips(void **state)
{
	(void)state;
	for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
		struct doc *d = corpus(texts[t].name);
		for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
			struct layout_opts o = { widths[w], w == 1, 1, d->lang };
			struct layout *l = layout_create(d, &o);
			walk(l, d, texts[t].rows);
			layout_free(l);
		}
		doc_free(d);
	}
}

/* The panes fit their area, at any size and column count. */
static void
geometry(void **state)
{
	(void)state;
	static const int sizes[][2] = { { 40, 11 }, { 80, 23 }, { 200, 49 }, { 12, 2 }, { 1, 1 } };
	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
		for (int cols = 0; cols <= 3; cols++) {
			for (int width = 0; width <= 100; width += 36) {
				struct flow_geom g;
				flow_geometry(&g, sizes[s][0], sizes[s][1], width, cols);
				assert_true(g.ncols >= 1);
				assert_true(g.colw >= 1);
				assert_true(g.left >= 0);
				assert_int_equal(g.rows, sizes[s][1]);
				assert_true(g.left + g.ncols * g.colw + (g.ncols - 1) * g.gutter <=
				            sizes[s][0]);
				assert_int_equal(flow_page_rows(&g), g.rows * g.ncols);
				if (cols == 0 && width > 0 && width < sizes[s][0])
					assert_int_equal(g.colw, width);
			}
		}
	}
}

/* A screen of rows: pane and row → position → pane and row, at several sizes. */
static void
screen_round_trips(void **state)
{
	(void)state;
	struct doc *d = corpus("candide.txt");
	static const int sizes[][3] = {
		{ 40, 11, 0 }, { 80, 23, 1 }, { 200, 49, 0 }, { 200, 49, 3 }, { 160, 40, 2 }
	};
	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
		struct flow_geom g;
		flow_geometry(&g, sizes[s][0], sizes[s][1], 72, sizes[s][2]);
		struct layout_opts o = { g.colw, 0, 1, d->lang };
		struct layout *l = layout_create(d, &o);
		/* Screens from the start, the middle and the end of the book. */
		size_t offs[] = { 0, d->len / 3, d->len / 2, d->len };
		for (size_t k = 0; k < sizeof offs / sizeof *offs; k++) {
			struct flow_pos top = flow_at(l, d, offs[k]);
			for (int pane = 0; pane < g.ncols; pane++) {
				for (int row = 0; row < g.rows; row++) {
					struct flow_pos p;
					int pn, rw;
					if (!flow_at_screen(l, d, &g, top, pane, row, &p))
						continue; /* past the end */
					assert_int_equal(flow_screen(l, d, &g, top, p, &pn, &rw),
					                 1);
					assert_int_equal(pn, pane);
					assert_int_equal(rw, row);
					/* The byte it starts with is on that row too. */
					if (flow_line(l, p)) {
						struct flow_pos q =
						        flow_at(l, d, flow_offset(l, d, p));
						assert_int_equal(
						        flow_screen(l, d, &g, top, q, &pn, &rw), 1);
						assert_int_equal(pn * g.rows + rw,
						                 pane * g.rows + row);
					}
				}
			}
			/* Nothing before the top is on screen, nor past the last row. */
			struct flow_pos before = top, after = top;
			int pn, rw;
			if (flow_prev(l, d, &before))
				assert_int_equal(flow_screen(l, d, &g, top, before, &pn, &rw), 0);
			if (flow_move(l, d, &after, flow_page_rows(&g)) == flow_page_rows(&g))
				assert_int_equal(flow_screen(l, d, &g, top, after, &pn, &rw), 0);
		}
		layout_free(l);
	}
	doc_free(d);
}

/* A row as text, the way dump.c writes it (trailing blanks dropped). */
struct text_row {
	struct buf b;
	int col;
};

static void
put(void *arg, const struct cell *c)
{
	struct text_row *r = arg;
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

/* The screen's rows and --dump's lines are the same, blank rows and centred headings included. */
static void
screen_and_dump_agree(void **state)
{
	(void)state;
	static const char *names[] = { "candide.txt", "article-xai-babuschkin.txt",
		                       "madame-bovary.txt" };
	for (size_t t = 0; t < sizeof names / sizeof *names; t++) {
		struct doc *d = corpus(names[t]);
		for (int width = 33; width <= 72; width += 39) {
			struct layout_opts o = { width, 0, 1, d->lang };
			struct layout *l = layout_create(d, &o);
			char *dumped = NULL;
			size_t size = 0;
			FILE *f = open_memstream(&dumped, &size);
			dump_text(l, d, f);
			fclose(f);
			struct buf rows = { 0 };
			struct flow_pos p = flow_start();
			size_t headings = 0;
			do {
				struct text_row r = { { 0 }, 0 };
				flow_walk(l, p, put, &r);
				while (r.b.len > 0 && r.b.data[r.b.len - 1] == ' ')
					r.b.len--;
				if (r.b.len)
					buf_add(&rows, r.b.data, r.b.len);
				buf_addc(&rows, '\n');
				buf_free(&r.b);
				if (p.row == 0 && d->blocks[p.block].kind == BLOCK_HEADING &&
				    p.block > 0 && d->blocks[p.block - 1].kind != BLOCK_HEADING) {
					/* Set apart: two blank rows before it. */
					headings++;
					assert_int_equal(flow_gap(d, p.block - 1), 2);
				}
			} while (flow_next(l, d, &p));
			assert_true(headings > 0);
			assert_int_equal(rows.len, size);
			assert_memory_equal(rows.data, dumped, size);
			buf_free(&rows);
			free(dumped);
			layout_free(l);
		}
		doc_free(d);
	}
}

/* The first column a line of block b is drawn at. */
static int
first_col(struct layout *l, size_t b)
{
	struct text_row r = { { 0 }, 0 };
	size_t n;
	const struct line *ln = layout_lines(l, b, &n);
	layout_walk(l, b, ln, put, &r);
	int col = 0;
	while ((size_t)col < r.b.len && r.b.data[col] == ' ')
		col++;
	buf_free(&r.b);
	return col;
}

/* A book's headings are centred on the measure; a Markdown file's are not. */
static void
headings_centred_in_books(void **state)
{
	(void)state;
	struct doc *d = unit_doc("Un roman\n\nCHAPITRE PREMIER\n\nIl était une fois un roi.\n", 0);
	struct layout_opts o = { 40, 0, 1, "fr" };
	struct layout *l = layout_create(d, &o);
	size_t h = 1;
	assert_int_equal(d->blocks[h].kind, BLOCK_HEADING);
	assert_int_equal(first_col(l, h), (40 - (int)strlen("CHAPITRE PREMIER")) / 2);
	assert_int_equal(first_col(l, h + 1), 0); /* its paragraph is not */
	layout_free(l);
	doc_free(d);
	const char *md = "# Titre\n\nUn paragraphe.\n\n## Partie\n\nLa suite.\n";
	struct parse_opts po = { .format = FORMAT_MARKDOWN, .typo = 1, .lang = "fr" };
	const char *err = NULL;
	d = parse_bytes(md, strlen(md), "t.md", NULL, &po, &err);
	l = layout_create(d, &o);
	for (size_t b = 0; b < d->nblocks; b++)
		assert_int_equal(first_col(l, b), 0);
	/* Set apart all the same. */
	assert_int_equal(flow_gap(d, 1), 2);
	assert_int_equal(flow_gap(d, 0), 1);
	layout_free(l);
	doc_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trips),
		cmocka_unit_test(geometry),
		cmocka_unit_test(screen_round_trips),
		cmocka_unit_test(screen_and_dump_agree),
		cmocka_unit_test(headings_centred_in_books),
	};
	return cmocka_run_group_tests_name("flow", tests, NULL, NULL);
}
