/*
 * view.c — the reader's view state and every command that changes it,
 * with no terminal: the interface (ui.c) hands it a text area in rows and
 * columns, calls a command per key, and draws what the view then says.
 * Tests drive it the same way, at any size, without curses.
 *
 * The reader's place is the view's top row; whatever must survive a
 * relayout (resize, + - =, J, c, the swap of a big file's first part for
 * the whole) is first turned into a byte offset, the one coordinate every
 * module shares, and back into a row afterwards.  Commands change state and
 * set `dirty`; they never draw, and nothing that draws changes them.
 *
 * The document may be the first part of a big file still loading: a
 * command that would go past it sets want_whole and does nothing, and the
 * interface runs it again once the whole is in (view_take_whole).
 */
#include "view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "search.h"
#include "text.h"

enum { WIDTH_STEP = 4, WIDTH_MIN = 16, COUNT_MAX = 1000000000 };

void
view_init(struct view *v, struct doc *d, const struct layout_opts *lo, int width, int columns)
{
	memset(v, 0, sizeof *v);
	v->d = d;
	v->lo = *lo;
	v->width = width;
	v->columns = columns;
	v->dir = 1;
	v->count = -1;
	v->cols = v->rows = 1;
	v->dirty = 1;
}

void
view_free(struct view *v)
{
	layout_free(v->l);
	search_index_free(v->ix);
	find_free(&v->hits);
	find_free(&v->before);
	for (size_t k = 0; k < v->nkeywords; k++)
		find_free(&v->keywords[k]);
	free(v->keywords);
	find_history_free(&v->history);
	find_prompt_free(&v->prompt);
	free(v->words);
	v->words = NULL;
	v->nwords = 0;
	v->l = NULL;
	v->ix = NULL;
	v->keywords = NULL;
}

void
view_say(struct view *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->message, sizeof v->message, fmt, ap);
	va_end(ap);
	v->dirty = 1;
}

/* The panes for the text area, and the layout for their measure. */
static void
relayout(struct view *v)
{
	flow_geometry(&v->g, v->cols, v->rows, v->width, v->columns);
	struct layout_opts lo = v->lo;
	lo.width = v->g.colw;
	if (v->l == NULL) {
		v->lo = lo;
		v->l = layout_create(v->d, &lo);
	} else if (lo.width != v->lo.width || lo.justify != v->lo.justify) {
		v->lo = lo;
		layout_set_opts(v->l, &lo);
	}
}

size_t
view_place(struct view *v)
{
	return flow_offset(v->l, v->d, v->top);
}

/* p, or the top row of a full last page if p is further down. */
static struct flow_pos
clamped(struct view *v, struct flow_pos p)
{
	struct flow_pos last = flow_end(v->l, v->d);
	flow_move(v->l, v->d, &last, -(flow_page_rows(&v->g) - 1));
	return flow_cmp(p, last) > 0 ? last : p;
}

/* Put the top row as far down as a full last page allows. */
static void
clamp(struct view *v)
{
	v->top = clamped(v, v->top);
}

/* Relayout keeping the place: the first word on screen stays on screen. */
static void
reflow(struct view *v)
{
	size_t off = v->l ? view_place(v) : 0;
	relayout(v);
	v->top = flow_at(v->l, v->d, off);
	clamp(v);
	v->dirty = 1;
}

void
view_resize(struct view *v, int cols, int rows)
{
	v->cols = cols > 1 ? cols : 1;
	v->rows = rows > 1 ? rows : 1;
	reflow(v);
}

struct flow_pos
view_bottom(struct view *v)
{
	struct flow_pos p = v->top;
	flow_move(v->l, v->d, &p, flow_page_rows(&v->g));
	return p;
}

int
view_on_screen(struct view *v, size_t off)
{
	struct flow_pos p = v->top;
	long rows = flow_page_rows(&v->g);
	if (off < view_place(v))
		return 0;
	if (flow_move(v->l, v->d, &p, rows) < rows)
		return 1;
	return off < flow_offset(v->l, v->d, p);
}

void
view_scroll(struct view *v, long n)
{
	if (n > 0 && v->partial) {
		/*
		 * Scrolling past the first part of a big file still loading: ask
		 * for the whole (the interface shows it is waiting) and to run
		 * this command again.
		 */
		struct flow_pos p = v->top;
		if (flow_move(v->l, v->d, &p, n + flow_page_rows(&v->g)) <
		    n + flow_page_rows(&v->g)) {
			v->want_whole = 1;
			return;
		}
	}
	flow_move(v->l, v->d, &v->top, n);
	clamp(v);
	v->dirty = 1;
}

/* Remember where the reader is, for '' to come back to. */
static void
remember_jump(struct view *v)
{
	v->jump_from = view_place(v);
	v->has_jump = 1;
}

void
view_set_place(struct view *v, size_t off)
{
	v->top = flow_at(v->l, v->d, off);
	clamp(v);
	v->dirty = 1;
}

void
view_jump(struct view *v, size_t off)
{
	remember_jump(v);
	v->top = flow_at(v->l, v->d, off);
	clamp(v);
	v->dirty = 1;
}

size_t
view_section_start(const struct view *v, size_t s)
{
	return v->d->blocks[v->d->sections[s].block].start;
}

size_t
view_body(const struct view *v)
{
	const struct doc *d = v->d;
	size_t b = 0;
	/* Past the front matter: the sections that open the text and are a licence or a header. */
	for (size_t s = 0; s < d->nsections && d->sections[s].block == b && d->sections[s].matter;
	     s++)
		b = d->sections[s].block + d->sections[s].matter;
	return b < d->nblocks ? d->blocks[b].start : 0;
}

size_t
view_section(struct view *v)
{
	return doc_section_at(v->d, view_place(v));
}

static void
jump_section(struct view *v, size_t s)
{
	if (s < v->d->nsections)
		view_jump(v, view_section_start(v, s));
}

/*
 * ] goes to the next section's start; [ to the start of this one, or the
 * one before.  Sections whose start the view cannot bring to the top (the
 * short ones at the end, on the last page already) are passed over, so
 * that ] at the end says so instead of doing nothing.
 */
static void
next_section(struct view *v)
{
	const struct doc *d = v->d;
	size_t here = view_place(v), s = doc_section_at(d, here);
	if (s < d->nsections && view_section_start(v, s) <= here)
		s++;
	while (s < d->nsections &&
	       flow_cmp(clamped(v, flow_at(v->l, d, view_section_start(v, s))), v->top) == 0)
		s++;
	if (s < d->nsections)
		jump_section(v, s);
	else
		view_say(v, "Last section");
	v->dirty = 1;
}

static void
prev_section(struct view *v)
{
	const struct doc *d = v->d;
	size_t here = view_place(v), s = doc_section_at(d, here);
	if (s < d->nsections && view_section_start(v, s) >= here)
		s = s > 0 ? s - 1 : d->nsections;
	if (s < d->nsections && view_section_start(v, s) < here)
		jump_section(v, s);
	else
		view_say(v, "First section");
	v->dirty = 1;
}

void
view_mark_set(struct view *v, int letter)
{
	v->dirty = 1;
	if (letter < 'a' || letter > 'z' || v->state == NULL)
		return;
	state_set_mark(v->state, letter, view_place(v));
	view_say(v, "Mark %c set", letter);
}

void
view_mark_go(struct view *v, int letter)
{
	size_t off;
	v->dirty = 1;
	if (letter == '\'') {
		if (!v->has_jump) {
			view_say(v, "No jump to go back to");
			return;
		}
		view_jump(v, v->jump_from); /* and '' again comes back here */
	} else if (letter >= 'a' && letter <= 'z') {
		if (v->state && state_mark(v->state, letter, &off) == 0)
			view_jump(v, off);
		else
			view_say(v, "Mark %c is not set", letter);
	}
}

size_t
view_marks(struct view *v, struct view_mark *out)
{
	size_t n = 0, off;
	if (v->has_jump)
		out[n++] = (struct view_mark){ '\'', v->jump_from };
	for (int c = 'a'; c <= 'z' && v->state; c++)
		if (state_mark(v->state, c, &off) == 0)
			out[n++] = (struct view_mark){ c, off < v->d->len ? off : v->d->len };
	return n;
}

void
view_mark_line(struct view *v, const struct view_mark *m, int cols, struct buf *out)
{
	const struct doc *d = v->d;
	char head[64];
	int pct = d->len ? (int)((double)m->off * 100.0 / (double)d->len) : 0;
	snprintf(head, sizeof head, "%c  §%-4zu %3d%%  ", m->letter,
	         search_section_number(d, m->off), pct);
	buf_adds(out, head);
	/* The words there: from the mark to the end of its block, blanks as single spaces. */
	size_t b = doc_block_at(d, m->off), end = d->nblocks ? d->blocks[b].end : 0;
	int room = cols - text_width(head, strlen(head)), used = 0, blank = 0;
	for (size_t i = m->off; i < end && used < room;) {
		size_t e = text_cluster_end(d->text, end, i);
		if (d->text[i] == ' ' || d->text[i] == '\n') {
			blank = used > 0;
		} else {
			int w = text_cluster_width(d->text + i, e - i);
			if (used + blank + w > room)
				break;
			if (blank)
				buf_addc(out, ' ');
			buf_add(out, d->text + i, e - i);
			used += blank + w;
			blank = 0;
		}
		i = e;
	}
	buf_add(out, "", 0);
}

/* --- lists (the contents, the matches, the marks) --------------------------- */

int
view_list_move(size_t *sel, size_t n, size_t page, enum action a)
{
	if (n == 0)
		return a >= ACT_LIST_DOWN && a <= ACT_LIST_LAST;
	if (page == 0)
		page = 1;
	switch (a) {
	case ACT_LIST_DOWN:
		if (*sel + 1 < n)
			(*sel)++;
		return 1;
	case ACT_LIST_UP:
		if (*sel > 0)
			(*sel)--;
		return 1;
	case ACT_LIST_PAGE_DOWN:
		*sel = *sel + page < n ? *sel + page : n - 1;
		return 1;
	case ACT_LIST_PAGE_UP:
		*sel = *sel > page ? *sel - page : 0;
		return 1;
	case ACT_LIST_FIRST:
		*sel = 0;
		return 1;
	case ACT_LIST_LAST:
		*sel = n - 1;
		return 1;
	default:
		return 0;
	}
}

size_t
view_list_first(size_t sel, size_t n, size_t rows)
{
	/* The selection in the middle row, the list never scrolled past its ends. */
	if (rows == 0 || n <= rows || sel < rows / 2)
		return 0;
	size_t first = sel - rows / 2;
	return first + rows > n ? n - rows : first;
}

/* --- notices -------------------------------------------------------------------- */

void
view_notice_shorten(const char *msg, struct buf *out)
{
	out->len = 0;
	for (const char *p = msg; *p;) {
		/* A word: up to a blank. */
		const char *end = p;
		while (*end && *end != ' ')
			end++;
		/* "dir/…/name:" or "dir/…/name:12:": the file's base name is enough. */
		const char *colon = memchr(p, ':', (size_t)(end - p));
		const char *slash = NULL;
		for (const char *q = p; colon && q < colon; q++)
			if (*q == '/')
				slash = q;
		/* (Not "(… in /usr/share/hyphen):", a directory in parentheses.) */
		if (slash && slash + 1 < colon && colon[-1] != ')')
			p = slash + 1;
		buf_add(out, p, (size_t)(end - p));
		for (p = end; *p == ' '; p++)
			buf_addc(out, ' ');
	}
	buf_add(out, "", 0);
}

/* --- the contents ---------------------------------------------------------------- */

int
view_toc_indent(const struct doc *d, size_t s, int width)
{
	int level = d->sections[s].level;
	int indent = 1 + 2 * (level > 1 ? level - 1 : 0);
	return indent > width / 2 ? width / 2 : indent;
}

/* The bytes of the words a and b begin with alike (whole words, and their blanks). */
static size_t
common_words(const char *a, const char *b)
{
	size_t i = 0, last = 0;
	while (a[i] && a[i] == b[i]) {
		if (a[i] == ' ')
			last = i + 1;
		i++;
	}
	return last;
}

void
view_toc_label(const struct doc *d, size_t s, int cols, struct buf *out)
{
	const struct section *sec = &d->sections[s];
	const char *t = sec->title;
	size_t n = strlen(t), skip = 0, fit;
	out->len = 0;
	if (cols <= 0) {
		buf_add(out, "", 0);
		return;
	}
	if (text_width(t, n) > cols) {
		/*
		 * Too long: drop the words it shares with a neighbour of its level
		 * ("CHAPITRE " of "CHAPITRE PREMIER", "CHAPITRE SECOND"), which tell
		 * the entries of the pane nothing apart.
		 */
		if (s > 0 && d->sections[s - 1].level == sec->level)
			skip = common_words(t, d->sections[s - 1].title);
		if (s + 1 < d->nsections && d->sections[s + 1].level == sec->level) {
			size_t k = common_words(t, d->sections[s + 1].title);
			skip = k > skip ? k : skip;
		}
		if (skip >= n)
			skip = 0;
		t += skip;
		n -= skip;
	}
	if (text_width(t, n) <= cols) {
		buf_add(out, t, n);
	} else {
		/* Cut, and say so. */
		text_width_fit(t, n, cols - 1, &fit);
		while (fit > 0 && t[fit - 1] == ' ')
			fit--;
		buf_add(out, t, fit);
		buf_adds(out, "…");
	}
	buf_add(out, "", 0);
}

/* --- search ------------------------------------------------------------ */

int
view_find(struct view *v, struct find *f, const char *query)
{
	if (v->ix == NULL)
		v->ix = search_index_create(v->d);
	return find_run(f, v->d, v->ix, query);
}

int
view_highlight(struct view *v, size_t off)
{
	size_t i = v->hidden ? v->hits.n : find_at(&v->hits, off);
	if (i < v->hits.n)
		return i == v->hits.cur ? HL_CURRENT : HL_MATCH;
	for (size_t k = 0; k < v->nkeywords; k++)
		if (find_at(&v->keywords[k], off) < v->keywords[k].n)
			return HL_KEYWORD + (int)k;
	return HL_NONE;
}

void
view_say_not_found(struct view *v, const struct find *f)
{
	if (f->n > 0 || f->query == NULL)
		return;
	if (f->error[0])
		view_say(v, "Bad regular expression: %s", f->error);
	else
		view_say(v, "Pattern not found: %s", f->query);
}

void
view_show_match(struct view *v, size_t i)
{
	v->hits.cur = i;
	if (i < v->hits.n && !view_on_screen(v, v->hits.m[i].start)) {
		if (!v->prompting)
			remember_jump(v);
		v->top = flow_at(v->l, v->d, v->hits.m[i].start);
		clamp(v);
	}
	v->dirty = 1;
}

static void
history_add(struct view *v, const char *q)
{
	find_history_add(&v->history, q);
	if (v->state)
		state_history_add(v->state, q);
}

/* The prompt's text changed: search again from where the search began. */
static void
prompt_update(struct view *v)
{
	int wrapped;
	v->top = v->before_top;
	if (view_find(v, &v->hits, find_prompt_text(&v->prompt)) <= 0 || v->hits.n == 0) {
		v->dirty = 1;
		return;
	}
	size_t from = flow_offset(v->l, v->d, v->before_top);
	view_show_match(v, find_from(&v->hits, from, v->dir, &wrapped));
	v->wrapped = wrapped; /* said once Enter keeps it */
}

void
view_prompt_open(struct view *v, int dir)
{
	v->prompting = 1;
	v->before_dir = v->dir;
	v->before_hidden = v->hidden;
	v->dir = dir;
	v->hidden = 0;
	v->wrapped = 0;
	v->before_top = v->top;
	/* Keep what was shown, to give it back on Esc. */
	v->before = v->hits;
	memset(&v->hits, 0, sizeof v->hits);
	find_prompt_set(&v->prompt, "");
	v->history.pos = v->history.n;
	v->dirty = 1;
}

static void
prompt_close(struct view *v, int keep)
{
	v->prompting = 0;
	if (keep) {
		find_free(&v->before);
		if (flow_cmp(v->top, v->before_top) != 0) {
			v->jump_from = flow_offset(v->l, v->d, v->before_top);
			v->has_jump = 1;
		}
	} else {
		find_free(&v->hits);
		v->hits = v->before;
		v->top = v->before_top;
		v->dir = v->before_dir;
		v->hidden = v->before_hidden;
	}
	memset(&v->before, 0, sizeof v->before);
	v->dirty = 1;
}

static void
prompt_set(struct view *v, const char *text)
{
	find_prompt_set(&v->prompt, text);
	prompt_update(v);
}

/* The prompt's editing actions, in the order of keys.h, as find.c's edits. */
static const enum find_edit edits[] = {
	[ACT_PROMPT_LEFT - ACT_PROMPT_LEFT] = FIND_LEFT,
	[ACT_PROMPT_RIGHT - ACT_PROMPT_LEFT] = FIND_RIGHT,
	[ACT_PROMPT_HOME - ACT_PROMPT_LEFT] = FIND_HOME,
	[ACT_PROMPT_END - ACT_PROMPT_LEFT] = FIND_END,
	[ACT_PROMPT_ERASE - ACT_PROMPT_LEFT] = FIND_ERASE_BACK,
	[ACT_PROMPT_DELETE - ACT_PROMPT_LEFT] = FIND_ERASE_AHEAD,
	[ACT_PROMPT_ERASE_WORD - ACT_PROMPT_LEFT] = FIND_ERASE_WORD,
	[ACT_PROMPT_ERASE_START - ACT_PROMPT_LEFT] = FIND_ERASE_START,
	[ACT_PROMPT_ERASE_END - ACT_PROMPT_LEFT] = FIND_ERASE_END,
};

void
view_prompt_key(struct view *v, enum action a, int key)
{
	const char *h;
	switch (a) {
	case ACT_PROMPT_ACCEPT:
		if (v->prompt.text.len == 0) {
			/*
			 * An empty search repeats the last one in this direction, as n
			 * does: from the current match on, or from the top of the screen.
			 */
			int dir = v->dir;
			prompt_close(v, 0);
			v->dir = dir;
			if (v->hits.query == NULL && v->history.n > 0)
				view_find(v, &v->hits, v->history.v[v->history.n - 1]);
			view_next_match(v, 1);
			return;
		}
		history_add(v, find_prompt_text(&v->prompt));
		prompt_close(v, 1);
		view_say_not_found(v, &v->hits);
		if (v->wrapped && v->hits.n > 0)
			view_say(v, v->dir > 0 ? "Search hit BOTTOM, continuing at TOP"
			                       : "Search hit TOP, continuing at BOTTOM");
		return;
	case ACT_PROMPT_REGEX:
		find_prompt_toggle_regex(&v->prompt);
		prompt_update(v);
		return;
	case ACT_PROMPT_CANCEL:
		prompt_close(v, 0);
		return;
	case ACT_PROMPT_ERASE:
		if (v->prompt.text.len == 0) {
			prompt_close(v, 0); /* Backspace on nothing: as less, cancel */
			return;
		}
		if (find_prompt_edit(&v->prompt, FIND_ERASE_BACK))
			prompt_update(v);
		return;
	case ACT_PROMPT_LEFT:
	case ACT_PROMPT_RIGHT:
	case ACT_PROMPT_HOME:
	case ACT_PROMPT_END:
	case ACT_PROMPT_DELETE:
	case ACT_PROMPT_ERASE_WORD:
	case ACT_PROMPT_ERASE_START:
	case ACT_PROMPT_ERASE_END:
		if (find_prompt_edit(&v->prompt, edits[a - ACT_PROMPT_LEFT]))
			prompt_update(v);
		v->dirty = 1;
		return;
	case ACT_PROMPT_OLDER:
	case ACT_PROMPT_NEWER:
		h = find_history_move(&v->history, a == ACT_PROMPT_OLDER ? -1 : 1);
		if (h) {
			char *copy = xstrdup(h);
			prompt_set(v, copy);
			free(copy);
		}
		return;
	default:
		/* Any other character is typed. */
		if (key >= 0x20 && key < KEY_BASE && key != 0x7F) {
			find_prompt_insert(&v->prompt, (unsigned)key);
			prompt_update(v);
		}
		return;
	}
}

void
view_next_match(struct view *v, int dir)
{
	int wrapped;
	struct find *h = &v->hits;
	if (h->n == 0 && h->query == NULL) {
		view_say(v, "No previous search");
		return;
	}
	if (!h->complete)
		view_find(v, h, h->query); /* the document changed under it: find again */
	v->hidden = 0;                     /* Esc hid the matches: n shows them again */
	if (h->n == 0) {
		view_say_not_found(v, h);
		return;
	}
	dir *= v->dir;
	size_t i;
	if (h->cur < h->n && view_on_screen(v, h->m[h->cur].start))
		i = find_step(h, h->cur, dir, &wrapped); /* from the current match */
	else
		i = find_from(h, view_place(v), dir, &wrapped);
	if (wrapped)
		view_say(v, dir > 0 ? "Search hit BOTTOM, continuing at TOP"
		                    : "Search hit TOP, continuing at BOTTOM");
	view_show_match(v, i);
}

/* --- measure ------------------------------------------------------------- */

void
view_set_width(struct view *v, int width)
{
	v->width = width;
	reflow(v);
	view_say(v, "Measure: %d columns", v->g.colw);
}

static void
wider(struct view *v)
{
	/* No wider than the pane: a measure it cannot show would make - seem dead. */
	int w = (v->width > 0 ? v->width : v->g.colw) + WIDTH_STEP;
	view_set_width(v, w < v->cols ? w : v->cols);
}

static void
narrower(struct view *v)
{
	int w = (v->width > 0 ? v->width : v->g.colw) - WIDTH_STEP;
	view_set_width(v, w < WIDTH_MIN ? WIDTH_MIN : w);
}

static void
justify(struct view *v)
{
	v->lo.justify = !v->lo.justify;
	v->lo.width = -1; /* force a relayout */
	reflow(v);
	view_say(v, v->lo.justify ? "Justified" : "Ragged right");
}

/* c cycles auto, 1, 2, 3; Nc sets N columns (0c: auto). */
static void
columns(struct view *v, long n)
{
	if (n >= 0)
		v->columns = n < 9 ? (int)n : 9;
	else
		v->columns = (v->columns + 1) % 4;
	reflow(v);
	if (v->columns == COLUMNS_AUTO)
		view_say(v, "Columns: auto (%d)", v->g.ncols);
	else
		view_say(v, "Columns: %d", v->g.ncols);
}

void
view_count_digit(struct view *v, int digit)
{
	if (v->count < 0)
		v->count = 0;
	if (v->count < COUNT_MAX / 10)
		v->count = v->count * 10 + digit;
	view_say(v, "Count: %ld", v->count);
}

/* NG: row n of the laid-out text (1 the first), as less goes to line n. */
static void
go_row(struct view *v, long n)
{
	struct flow_pos p = flow_start();
	long moved = flow_move(v->l, v->d, &p, n - 1);
	if (v->partial && moved < n - 1) {
		v->want_whole = 1;
		return;
	}
	remember_jump(v);
	v->top = clamped(v, p);
	v->dirty = 1;
}

/* N%: n percent into the document, by its text. */
static void
go_percent(struct view *v, long n)
{
	if (n < 0) {
		view_say(v, "Type a percentage first: 50%% goes halfway");
		return;
	}
	if (n >= 100) {
		remember_jump(v);
		v->top = clamped(v, flow_end(v->l, v->d));
		v->dirty = 1;
		return;
	}
	view_jump(v, (size_t)((double)v->d->len * (double)n / 100.0));
}

/* N] and N[: section n (1 the first). */
static void
go_section(struct view *v, long n)
{
	if (n < 1 || (size_t)n > v->d->nsections)
		view_say(v, "No section %ld (the document has %zu)", n, v->d->nsections);
	else
		jump_section(v, (size_t)n - 1);
}

void
view_command(struct view *v, enum action a)
{
	long page = flow_page_rows(&v->g);
	long n = v->count, times = n > 0 ? n : 1;
	v->count = -1;
	switch (a) {
	case ACT_LINE_DOWN:
		view_scroll(v, times);
		break;
	case ACT_LINE_UP:
		view_scroll(v, -times);
		break;
	/* With a count, the page keys move that many lines, as in less. */
	case ACT_PAGE_DOWN:
		view_scroll(v, n > 0 ? n : page);
		break;
	case ACT_PAGE_UP:
		view_scroll(v, n > 0 ? -n : -page);
		break;
	case ACT_HALF_DOWN:
		view_scroll(v, n > 0 ? n : (page + 1) / 2);
		break;
	case ACT_HALF_UP:
		view_scroll(v, n > 0 ? -n : -(page + 1) / 2);
		break;
	case ACT_TOP:
		if (n > 0) {
			go_row(v, n);
			break;
		}
		remember_jump(v);
		v->top = flow_start();
		v->dirty = 1;
		break;
	case ACT_BOTTOM:
		if (n > 0) {
			go_row(v, n);
			break;
		}
		remember_jump(v);
		v->top = clamped(v, flow_end(v->l, v->d));
		v->dirty = 1;
		break;
	case ACT_PERCENT:
		go_percent(v, n);
		break;
	case ACT_NEXT_SECTION:
	case ACT_PREV_SECTION:
		if (n >= 0)
			go_section(v, n);
		else if (a == ACT_NEXT_SECTION)
			next_section(v);
		else
			prev_section(v);
		break;
	case ACT_NEXT_MATCH:
	case ACT_PREV_MATCH:
		for (long k = 0; k < times; k++)
			view_next_match(v, a == ACT_NEXT_MATCH ? 1 : -1);
		break;
	case ACT_CLEAR:
		if (n >= 0) {
			v->dirty = 1; /* Esc after a count cancels the count only */
			break;
		}
		/* Hide the matches, keep them and the current one: n moves on from it. */
		v->hidden = 1;
		v->dirty = 1;
		break;
	case ACT_WIDER:
		for (long k = 0; k < times && k < 100; k++)
			wider(v);
		break;
	case ACT_NARROWER:
		for (long k = 0; k < times && k < 100; k++)
			narrower(v);
		break;
	case ACT_WIDTH_DEFAULT:
		/* N= sets the measure to N columns. */
		view_set_width(v, n > 0 ? (n < WIDTH_MIN ? WIDTH_MIN : (int)(n < 10000 ? n : 10000))
		                        : OPTS_DEFAULT_WIDTH);
		break;
	case ACT_JUSTIFY:
		justify(v);
		break;
	case ACT_COLUMNS:
		columns(v, n);
		break;
	default:
		break;
	}
	if (v->want_whole)
		v->count = n; /* it runs again with the whole: with its count */
}

/* --- the whole of a big file -------------------------------------------- */

/* Which of the places below view_places() gives. */
enum { AT_PLACE, AT_JUMP, AT_MATCH, AT_BEFORE };

size_t
view_places(struct view *v, size_t *at)
{
	at[AT_PLACE] = view_place(v);
	at[AT_JUMP] = v->jump_from;
	at[AT_MATCH] = v->hits.cur < v->hits.n ? v->hits.m[v->hits.cur].start : 0;
	at[AT_BEFORE] = v->prompting ? flow_offset(v->l, v->d, v->before_top) : 0;
	return VIEW_PLACES;
}

void
view_take_whole(struct view *v, struct doc *d, const size_t *at)
{
	/* Everything that pointed into the first part is gone: build it again. */
	int had_cur = v->hits.cur < v->hits.n;
	layout_free(v->l);
	v->l = NULL;
	search_index_free(v->ix);
	v->ix = NULL;
	v->d = d;
	v->partial = 0;
	free(v->words); /* counted, if at all, on the first part */
	v->words = NULL;
	v->nwords = 0;
	v->lo.lang = d->lang; /* it pointed into the first part */
	relayout(v);
	v->top = flow_at(v->l, d, at[AT_PLACE]);
	clamp(v);
	if (v->prompting)
		v->before_top = flow_at(v->l, d, at[AT_BEFORE]);
	v->jump_from = at[AT_JUMP];
	if (v->hits.query && v->hits.complete) {
		view_find(v, &v->hits, v->hits.query);
		if (had_cur)
			v->hits.cur = search_find(v->hits.m, v->hits.n, at[AT_MATCH], 0);
	}
	if (v->before.query && v->before.complete)
		view_find(v, &v->before, v->before.query);
	for (size_t k = 0; k < v->nkeywords; k++)
		view_find(v, &v->keywords[k], v->keywords[k].query);
	v->dirty = 1;
}

/* --- reading time ------------------------------------------------------------ */

/*
 * Words are counted from bytes, 0 separators (ASCII blanks and
 * punctuation, and the lead bytes of U+0080–U+00BF and U+2000–U+2FFF: no-
 * break spaces, guillemets, dashes, curly quotes), 1 letters (ASCII
 * letters and digits, every other lead byte), 2 continuation bytes (which
 * belong to the character their lead byte began): a word starts where a 1
 * follows a 0.  "« Bonjour ! »" is one word, "aujourd'hui" two, as most
 * counts do.
 */
static unsigned char word_class[256];

static void
word_classes(void)
{
	if (word_class['a'])
		return;
	for (int b = 0; b < 256; b++) {
		if ((b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z'))
			word_class[b] = 1;
		else if (b >= 0x80 && b < 0xC0)
			word_class[b] = 2;
		else if (b >= 0xC3 && b != 0xE2)
			word_class[b] = 1;
	}
}

/* The words that start in text[from, to). */
static size_t
count_words(const char *text, size_t from, size_t to)
{
	size_t n = 0;
	int in = 0;
	for (size_t i = from; i < to; i++) {
		int c = word_class[(unsigned char)text[i]];
		if (c == 2)
			continue;
		n += c == 1 && !in;
		in = c;
	}
	return n;
}

int
view_work(struct view *v, size_t budget)
{
	const struct doc *d = v->d;
	if (v->partial || v->nwords > d->nblocks)
		return 0;
	word_classes();
	if (v->words == NULL) {
		v->words = xmalloc((d->nblocks + 1) * sizeof *v->words);
		v->words[0] = 0;
		v->nwords = 1;
	}
	size_t done = 0;
	while (v->nwords <= d->nblocks && (budget == 0 || done < budget)) {
		const struct block *b = &d->blocks[v->nwords - 1];
		v->words[v->nwords] =
		        v->words[v->nwords - 1] + count_words(d->text, b->start, b->end);
		done += b->end - b->start + 1;
		v->nwords++;
	}
	if (v->nwords > d->nblocks) {
		v->dirty = 1; /* the status can say how long is left */
		return 0;
	}
	return 1;
}

/* The words of the document before byte off (the counts must be complete). */
static size_t
words_before(const struct view *v, size_t off)
{
	const struct doc *d = v->d;
	if (d->nblocks == 0)
		return 0;
	if (off >= d->len)
		return v->words[d->nblocks];
	size_t b = doc_block_at(d, off);
	const struct block *bl = &d->blocks[b];
	if (off <= bl->start)
		return v->words[b];
	return v->words[b] + count_words(d->text, bl->start, off < bl->end ? off : bl->end);
}

/* Minutes for n words at the stated reading speed, as "12 min", "2 h 05", "< 1 min". */
static void
say_time(char *out, size_t size, size_t words)
{
	size_t min = (words + VIEW_WORDS_PER_MINUTE / 2) / VIEW_WORDS_PER_MINUTE;
	if (words == 0)
		snprintf(out, size, "0 min");
	else if (min == 0)
		snprintf(out, size, "< 1 min");
	else if (min < 60)
		snprintf(out, size, "%zu min", min);
	else
		snprintf(out, size, "%zu h %02zu", min / 60, min % 60);
}

void
view_reading(struct view *v, struct view_reading *r)
{
	const struct doc *d = v->d;
	memset(r, 0, sizeof *r);
	struct flow_pos after = view_bottom(v), end = flow_end(v->l, d);
	size_t to = after.block >= d->nblocks ? d->len : flow_offset(v->l, d, after);
	if (flow_cmp(after, end) >= 0 && flow_cmp(v->top, end) <= 0)
		to = d->len; /* the end is on screen: all read */
	r->section = view_section(v);
	r->percent = d->len ? (int)((double)to * 100.0 / (double)d->len) : 100;
	if (to >= d->len || r->percent > 100)
		r->percent = 100;
	if (v->partial || v->words == NULL || v->nwords <= d->nblocks || d->nblocks == 0)
		return;
	r->timed = 1;
	size_t read = words_before(v, to), total = v->words[d->nblocks];
	r->book_left = total - read;
	if (d->nsections > 0) {
		size_t s = r->section;
		size_t b0 = d->sections[s].block;
		size_t b1 = s + 1 < d->nsections ? d->sections[s + 1].block : d->nblocks;
		size_t w0 = v->words[b0], w1 = v->words[b1];
		size_t in = read < w0 ? 0 : read > w1 ? w1 - w0 : read - w0;
		r->chapter_left = w1 - w0 - in;
		r->chapter_percent = w1 > w0 ? (int)(in * 100 / (w1 - w0)) : 100;
	}
}

/* --- the status line ----------------------------------------------------- */

/* One piece of the right side of the status line, in up to three forms, longest first. */
struct piece {
	char form[3][192]; /* "" where there is no such form: the piece is left out */
};

/*
 * The right side at a level of need: 0 everything in full, then shorter
 * forms, then the book's and the chapter's times left out, the query, the
 * percentage; the search's place and §i/n last of all.
 * Which form of each piece (0, 1, 2; 3 for none) at each level.
 */
enum { P_SEARCH, P_SECTION, P_CHAPTER, P_BOOK, P_PERCENT, NPIECES };
static const unsigned char levels[][NPIECES] = {
	{ 0, 0, 0, 0, 0 }, { 0, 0, 1, 1, 0 }, { 0, 0, 2, 2, 0 }, { 0, 0, 2, 3, 0 },
	{ 0, 0, 3, 3, 0 }, { 1, 0, 3, 3, 0 }, { 1, 0, 3, 3, 3 }, { 3, 0, 3, 3, 3 },
};
enum { NLEVELS = sizeof levels / sizeof *levels };

static void
join(struct buf *out, const struct piece *p, const unsigned char *level)
{
	out->len = 0;
	for (int k = 0; k < NPIECES; k++) {
		const char *f = level[k] < 3 ? p[k].form[level[k]] : "";
		if (*f)
			buf_addsep(out, " · ", f);
	}
	buf_add(out, "", 0);
}

void
view_status(struct view *v, int cols, struct buf *left, struct buf *right)
{
	const struct doc *d = v->d;
	struct view_reading r;
	struct piece p[NPIECES];
	memset(p, 0, sizeof p);
	view_reading(v, &r);

	left->len = 0;
	buf_adds(left, d->title);
	if (d->author) /* an e-book's or a page's */
		buf_addsep(left, " — ", d->author);
	if (d->nsections > 0) {
		buf_adds(left, " · ");
		buf_adds(left, d->sections[r.section].title);
	}
	buf_add(left, "", 0);

	if (v->hits.n > 0 && !v->hidden) {
		/* The query, cut if long, then where we are among its matches. */
		const char *q = v->hits.query;
		size_t fit;
		char where[48];
		text_width_fit(q, strlen(q), 20, &fit);
		if (v->hits.cur < v->hits.n)
			snprintf(where, sizeof where, "match %zu/%zu", v->hits.cur + 1, v->hits.n);
		else
			snprintf(where, sizeof where, "%zu matches", v->hits.n);
		if (fit > 120)
			fit = 0; /* twenty columns of combining marks: the ellipsis alone */
		snprintf(p[P_SEARCH].form[0], sizeof p->form[0], "/%.*s%s %s", (int)fit, q,
		         q[fit] ? "…" : "", where);
		snprintf(p[P_SEARCH].form[1], sizeof p->form[1], "%s", where);
	}
	if (d->nsections > 0)
		snprintf(p[P_SECTION].form[0], sizeof p->form[0], "§%zu/%zu", r.section + 1,
		         d->nsections);
	if (v->partial) {
		snprintf(p[P_PERCENT].form[0], sizeof p->form[0], "loading…");
	} else {
		snprintf(p[P_PERCENT].form[0], sizeof p->form[0], "%d%%", r.percent);
		if (r.timed) {
			char t[32];
			if (d->nsections > 0) {
				say_time(t, sizeof t, r.chapter_left);
				snprintf(p[P_CHAPTER].form[0], sizeof p->form[0],
				         "%d%% of chapter, %s left", r.chapter_percent, t);
				snprintf(p[P_CHAPTER].form[1], sizeof p->form[1], "ch. %d%%, %s",
				         r.chapter_percent, t);
				snprintf(p[P_CHAPTER].form[2], sizeof p->form[2], "ch. %d%%",
				         r.chapter_percent);
			}
			say_time(t, sizeof t, r.book_left);
			snprintf(p[P_BOOK].form[0], sizeof p->form[0], "%s left in book", t);
			snprintf(p[P_BOOK].form[1], sizeof p->form[1], "%s left", t);
			snprintf(p[P_BOOK].form[2], sizeof p->form[2], "%s left", t);
		}
	}

	/* The longest right side that leaves the left its room (half the row). */
	int lw = text_width(left->data, left->len);
	int keep = lw < cols / 2 ? lw : cols / 2;
	for (int level = 0; level < NLEVELS - 2; level++) {
		join(right, p, levels[level]);
		if (text_width(right->data, right->len) + 1 + keep <= cols)
			return;
	}
	/* The match and §i/n come before the title; then §i/n alone. */
	for (int level = NLEVELS - 2; level < NLEVELS; level++) {
		join(right, p, levels[level]);
		if (text_width(right->data, right->len) <= cols)
			return;
	}
	right->len = 0;
	buf_add(right, "", 0);
}
