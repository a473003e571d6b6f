/*
 * render.c — the only drawing code.  It draws what the interface decided
 * (positions, panes, modes) and decides nothing itself.
 *
 * Text is drawn one grapheme cluster per cell with setcchar()/mvadd_wch(),
 * wide clusters on two cells, so that combining marks stay on their letter
 * and nothing the text holds can reach the terminal as a control: text.c
 * has already made controls visible, and here zero-width clusters and soft
 * hyphens are never drawn, no-break spaces are drawn as spaces.
 *
 * Colours sit on the terminal's own background (use_default_colors); with
 * no colours the same distinctions are made with reverse, bold, underline.
 */
#include "render.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"

enum {
	PAIR_MATCH = 1,
	PAIR_CURRENT,
	PAIR_CODE,
	PAIR_KEYWORD, /* and the next ones, one per keyword colour */
};

static int has_color, nkeyword_colors;

/*
 * Keyword backgrounds: none is the match's (yellow) or the current match's
 * (green); 256-colour terminals get more of them before they repeat.
 */
static const short keyword8[] = { COLOR_CYAN, COLOR_MAGENTA, COLOR_RED, COLOR_BLUE, COLOR_WHITE };
static const short keyword256[] = { 51, 201, 208, 141, 117, 217, 180, 250 };
/* Without colours, keywords differ by attributes (none is the matches' reverse). */
static const attr_t keyword_mono[] = { A_UNDERLINE, A_UNDERLINE | A_BOLD, A_UNDERLINE | A_ITALIC,
	                               A_BOLD | A_ITALIC, A_UNDERLINE | A_DIM };
#define NMONO (int)(sizeof keyword_mono / sizeof *keyword_mono)

void
render_init(int color)
{
	has_color = 0;
	if (!color || !has_colors())
		return;
	start_color();
	use_default_colors();
	if (COLORS < 8)
		return;
	has_color = 1;
	init_pair(PAIR_MATCH, COLOR_BLACK, COLOR_YELLOW);
	init_pair(PAIR_CURRENT, COLOR_BLACK, COLOR_GREEN);
	init_pair(PAIR_CODE, COLOR_CYAN, -1);
	const short *kw = COLORS >= 256 ? keyword256 : keyword8;
	nkeyword_colors = COLORS >= 256 ? (int)(sizeof keyword256 / sizeof *keyword256)
	                                : (int)(sizeof keyword8 / sizeof *keyword8);
	if (PAIR_KEYWORD + nkeyword_colors > COLOR_PAIRS)
		nkeyword_colors = COLOR_PAIRS - PAIR_KEYWORD;
	for (int i = 0; i < nkeyword_colors; i++) {
		short fg = kw[i] == COLOR_RED || kw[i] == COLOR_BLUE ? COLOR_WHITE : COLOR_BLACK;
		init_pair((short)(PAIR_KEYWORD + i), fg, kw[i]);
	}
}

/* Attributes and colour pair for a highlight kind. */
static attr_t
hl_attr(int kind, short *pair)
{
	*pair = 0;
	if (kind == HL_NONE)
		return A_NORMAL;
	if (has_color && (kind < HL_KEYWORD || nkeyword_colors > 0)) {
		if (kind == HL_MATCH)
			*pair = PAIR_MATCH;
		else if (kind == HL_CURRENT)
			*pair = PAIR_CURRENT;
		else
			*pair = (short)(PAIR_KEYWORD + (kind - HL_KEYWORD) % nkeyword_colors);
		return kind == HL_CURRENT ? A_BOLD : A_NORMAL;
	}
	if (kind == HL_MATCH)
		return A_REVERSE;
	if (kind == HL_CURRENT)
		return A_REVERSE | A_BOLD | A_UNDERLINE;
	return keyword_mono[(kind - HL_KEYWORD) % NMONO];
}

/* Draw UTF-8 s[0..n) (one cluster) at y, x with attributes. */
static void
draw_cluster(int y, int x, const char *s, size_t n, attr_t a, short pair)
{
	wchar_t wc[CCHARW_MAX + 1];
	size_t k = 0, len;
	cchar_t cc;

	for (size_t i = 0; i < n && k < CCHARW_MAX; i += len) {
		uint32_t cp = text_decode(s + i, n - i, &len);
		if (cp == 0xA0 || cp == 0x202F || cp == 0x2007)
			cp = ' ';
		wc[k++] = (wchar_t)cp;
	}
	wc[k] = L'\0';
	if (setcchar(&cc, wc, a, pair, NULL) == OK)
		mvadd_wch(y, x, &cc);
}

struct pane {
	int y, x, colw;
	const struct render_hl *hl;
};

static void
draw_cell(void *arg, const struct cell *c)
{
	const struct pane *p = arg;
	int kind = p->hl && p->hl->at ? p->hl->at(p->hl->arg, c->off) : HL_NONE;
	short pair = 0;
	attr_t a = hl_attr(kind, &pair);

	if (c->col + c->width > p->colw || c->width == 0)
		return;
	if (c->style & CELL_HEADING)
		a |= A_BOLD;
	if (c->style & STYLE_BOLD)
		a |= A_BOLD;
	if (c->style & STYLE_ITALIC)
		a |= A_ITALIC;
	if (c->style & STYLE_LINK)
		a |= A_UNDERLINE;
	if (c->style & (CELL_BAR | CELL_MARK))
		a |= A_DIM;
	if ((c->style & STYLE_CODE) && kind == HL_NONE) {
		/* Code in its own colour; without colours, dim. */
		if (has_color)
			pair = PAIR_CODE;
		else
			a |= A_DIM;
	}
	if (c->style & CELL_SPACE) {
		/* A space inside a match is highlighted; between words it is blank. */
		for (int k = 0; k < c->width; k++)
			draw_cluster(p->y, p->x + c->col + k, " ", 1, kind ? a : A_NORMAL,
			             kind ? pair : 0);
		return;
	}
	if (c->style & CELL_HYPHEN) {
		/* A match ending at a hyphenation break highlights the hyphen too. */
		int before =
		        p->hl && p->hl->at && c->off > 0 ? p->hl->at(p->hl->arg, c->off - 1) : 0;
		a = hl_attr(before, &pair) | (c->style & CELL_HEADING ? A_BOLD : 0);
	}
	draw_cluster(p->y, p->x + c->col, c->s, c->n, a, pair);
}

struct flow_pos
render_text(struct layout *l, const struct doc *d, const struct flow_geom *g, struct flow_pos top,
            int x0, const struct render_hl *hl)
{
	struct flow_pos p = top;
	int more = d->nblocks > 0;

	for (int c = 0; c < g->ncols; c++) {
		for (int r = 0; r < g->rows; r++) {
			move(r, x0 + g->left + c * (g->colw + g->gutter));
			for (int k = 0; k < g->colw; k++)
				addch(' ');
			if (!more)
				continue;
			/* A line, or the gap after a block (quote bars, if any). */
			struct pane pane = { r, x0 + g->left + c * (g->colw + g->gutter), g->colw,
				             hl };
			flow_walk(l, p, draw_cell, &pane);
			more = flow_next(l, d, &p);
		}
	}
	return p;
}

/* Draw s clipped to width columns at y, x. */
static void
draw_clipped(int y, int x, const char *s, int width, attr_t a)
{
	size_t n = strlen(s), i = 0;
	int col = 0;
	while (i < n) {
		size_t e = text_cluster_end(s, n, i);
		int w = text_cluster_width(s + i, e - i);
		if (col + w > width)
			break;
		if (w > 0)
			draw_cluster(y, x + col, s + i, e - i, a, 0);
		col += w;
		i = e;
	}
}

void
render_toc(const struct render_toc_row *rows, int n, int width, int height)
{
	for (int r = 0; r < height; r++) {
		move(r, 0);
		for (int k = 0; k < width; k++)
			addch(' ');
		if (r >= n)
			continue;
		const struct render_toc_row *row = &rows[r];
		attr_t a =
		        (row->selected ? A_REVERSE : A_NORMAL) | (row->current ? A_BOLD : A_NORMAL);
		if (row->selected)
			mvchgat(r, 0, width - 1, a, 0, NULL);
		draw_clipped(r, row->indent, row->label, width - row->indent - 2, a);
	}
	mvvline_set(0, width - 1, WACS_VLINE, height);
}

void
render_status(const char *left, const char *right)
{
	int y = LINES - 1, rw = text_width(right, strlen(right));
	move(y, 0);
	clrtoeol();
	int room = COLS - rw - (rw > 0) > 0 ? COLS - rw - (rw > 0) : 0; /* a blank between */
	if (text_width(left, strlen(left)) > room && room > 1) {
		/* Too long: cut, and say so with an ellipsis. */
		draw_clipped(y, 0, left, room - 1, A_NORMAL);
		size_t fit;
		int col = text_width_fit(left, strlen(left), room - 1, &fit);
		draw_cluster(y, col, "…", 3, A_NORMAL, 0);
	} else {
		draw_clipped(y, 0, left, room, A_NORMAL);
	}
	if (rw < COLS)
		draw_clipped(y, COLS - rw, right, rw, A_NORMAL);
}

void
render_message(const char *msg)
{
	/*
	 * A message longer than the row takes more rows, over the text's last
	 * ones, broken between words: a notice never loses its cause.  At most
	 * all rows but the first.
	 */
	enum { MAX_ROWS = 8 };
	size_t n = strlen(msg), start[MAX_ROWS + 1];
	int rows = 0, max = LINES - 1 < MAX_ROWS ? LINES - 1 : MAX_ROWS;
	if (max < 1)
		max = 1;
	for (size_t i = 0; i < n && rows < max;) {
		size_t fit, e;
		while (i < n && msg[i] == ' ')
			i++;
		start[rows++] = i;
		text_width_fit(msg + i, n - i, COLS, &fit);
		e = i + fit;
		if (e < n && msg[e] != ' ') {
			/* Break after the last blank that fits, if there is one. */
			size_t k = e;
			while (k > i && msg[k - 1] != ' ')
				k--;
			if (k > i)
				e = k;
		}
		if (e == i)
			e = text_cluster_end(msg, n, i);
		i = e;
		start[rows] = e;
	}
	if (rows == 0)
		start[rows++] = 0, start[1] = 0;
	for (int r = 0; r < rows; r++) {
		int y = LINES - rows + r;
		size_t a = start[r], b = r + 1 < rows ? start[r + 1] : n;
		char *line = xstrndup(msg + a, b - a);
		move(y, 0);
		clrtoeol();
		draw_clipped(y, 0, line, COLS, A_BOLD);
		free(line);
	}
}

void
render_prompt(char prefix, const char *text, size_t cursor, const char *note)
{
	int y = LINES - 1, nw = text_width(note, strlen(note));
	char pre[2] = { prefix, '\0' };
	move(y, 0);
	clrtoeol();
	draw_clipped(y, 0, pre, 1, A_BOLD);
	/* A query longer than the row scrolls so that the cursor stays in view. */
	int room = COLS - 2 - (nw + 2 < COLS / 2 ? nw + 2 : 0);
	size_t n = strlen(text), start = 0;
	if (cursor > n)
		cursor = n;
	while (room > 0 && start < cursor && text_width(text + start, cursor - start) > room - 1)
		start = text_cluster_end(text, n, start);
	draw_clipped(y, 1, text + start, room > 0 ? room : 0, A_NORMAL);
	int col = 1 + text_width(text + start, cursor - start);
	if (col < COLS) {
		/* The cursor: the character under it in reverse, or a blank at the end. */
		size_t e = cursor < n ? text_cluster_end(text, n, cursor) : cursor;
		if (e > cursor && text_cluster_width(text + cursor, e - cursor) > 0)
			draw_cluster(y, col, text + cursor, e - cursor, A_REVERSE, 0);
		else
			draw_cluster(y, col, " ", 1, A_REVERSE, 0);
	}
	if (nw + 2 < COLS / 2)
		draw_clipped(y, COLS - nw, note, nw, A_NORMAL);
}

void
render_results(const char *header, const struct render_row *rows, int n)
{
	short pair = 0;
	attr_t hl = hl_attr(HL_MATCH, &pair);
	draw_clipped(0, 0, header, COLS, A_BOLD);
	for (int r = 0; r < n && r + 1 < LINES - 1; r++) {
		const struct render_row *row = &rows[r];
		attr_t base = row->selected ? A_REVERSE : A_NORMAL;
		size_t len = strlen(row->text), i = 0;
		int col = 0, y = r + 1;
		if (row->selected)
			mvchgat(y, 0, -1, A_REVERSE, 0, NULL);
		while (i < len) {
			size_t e = text_cluster_end(row->text, len, i);
			int w = text_cluster_width(row->text + i, e - i);
			if (col + w > COLS)
				break;
			int in = i >= row->ms && i < row->me;
			if (w > 0)
				draw_cluster(y, col, row->text + i, e - i,
				             in ? hl | (row->selected ? A_BOLD : 0) : base,
				             in ? pair : 0);
			col += w;
			i = e;
		}
	}
}

/* Where help row r goes: column r / per, line r % per - first; is it on screen? */
static int
help_at(int r, int per, int first, int colw, int *y, int *x)
{
	*y = r % per - first;
	*x = 2 + (r / per) * colw;
	return *y >= 0 && *y < LINES - 1;
}

/* How help is laid out at this size: rows, columns, rows per column, key names' width. */
struct help_geom {
	int rows, ncols, per, w, colw;
};

static struct help_geom
help_geom(void)
{
	struct help_geom h = { 1, 1, 0, 0, 0 };
	/* Rows: the title, then per section a blank, its title, its keys. */
	for (const struct key_section *sec = keys_sections; sec->title; sec++) {
		h.rows += 2;
		for (const struct key_binding *b = sec->bindings; b->action != ACT_NONE; b++) {
			if (b->names == NULL)
				continue;
			h.rows++;
			if (text_width(b->names, strlen(b->names)) > h.w)
				h.w = text_width(b->names, strlen(b->names));
		}
	}
	/* As many columns as the width allows; what still does not fit scrolls. */
	h.colw = h.w + 4 + 46;
	while ((h.ncols + 1) * h.colw <= COLS &&
	       (h.rows + h.ncols) / (h.ncols + 1) < h.rows / h.ncols &&
	       h.rows > h.ncols * (LINES - 1))
		h.ncols++;
	h.per = h.ncols > 1 ? (h.rows + h.ncols - 1) / h.ncols : h.rows;
	return h;
}

int
render_help_first(int first)
{
	struct help_geom h = help_geom();
	if (h.ncols > 1 || first < 0)
		return 0;
	if (first > h.rows - (LINES - 1))
		first = h.rows - (LINES - 1) > 0 ? h.rows - (LINES - 1) : 0;
	return first;
}

void
render_help(int first)
{
	struct help_geom h = help_geom();
	int x = 2, y = 0, row = 0, w = h.w, per = h.per, colw = h.colw;
	first = render_help_first(first);
	erase();
	if (help_at(row, per, first, colw, &y, &x))
		draw_clipped(y, x, "liseuse — keys (any other key closes this help)", COLS - x,
		             A_BOLD);
	row++;
	for (const struct key_section *sec = keys_sections; sec->title; sec++) {
		row++;
		if (help_at(row, per, first, colw, &y, &x))
			draw_clipped(y, x, sec->title, COLS - x, A_UNDERLINE);
		row++;
		for (const struct key_binding *b = sec->bindings; b->action != ACT_NONE; b++) {
			if (b->names == NULL)
				continue;
			if (help_at(row, per, first, colw, &y, &x)) {
				draw_clipped(y, x + 2, b->names, COLS - x - 2, A_BOLD);
				if (x + 4 + w < COLS)
					draw_clipped(y, x + 4 + w, b->help, COLS - x - 4 - w,
					             A_NORMAL);
			}
			row++;
		}
	}
	if (h.ncols == 1 && h.rows > LINES - 1)
		render_message(first + LINES - 1 < h.rows
		                       ? "j k Space b scroll · any other key closes"
		                       : "(end) · any other key closes");
}

void
render_too_small(void)
{
	erase();
	draw_clipped(0, 0, COLS >= 18 ? "Terminal too small" : "Too small", COLS, A_BOLD);
}
