/*
 * ui.c — the interactive reader: the terminal's life cycle, the event
 * loop, the modes (reading, contents, list of matches, search prompt,
 * help) and the commands keys run.  Start at ui_run().
 *
 * The shape follows tmux and ncdu: a key is looked up in its mode's table
 * (keys.c), its command changes the view state and sets `dirty`, and the
 * loop redraws once when there is no more input waiting.  Commands never
 * draw.  The reader's place is the view's top row; whatever must survive a
 * relayout (resize, + - =, J, c) is first turned into a byte offset, the
 * one coordinate every module shares, and back into a row afterwards.
 *
 * The document may be the first part of a big file still loading
 * (loader.c): commands that need the whole ask the loop for it, and when
 * it arrives swap_whole() rebuilds what pointed into the first part.
 *
 * Search (search.c) gives matches as byte ranges; render asks, per cell,
 * which match holds its byte, so a match split by a line end, a column or
 * a hyphenation break is highlighted in every piece.  Reading state
 * (state.c) is opened once the whole text is known and saved on the way
 * out, signals included.
 *
 * The terminal is always handed back: on q, on SIGINT/SIGTERM/SIGHUP (a
 * flag checked by the loop; getch returns as the handlers do not restart
 * it), and on any fatal error through the die() hook.  Ctrl-Z is left to
 * ncurses' own SIGTSTP handling, which restores and resumes the screen.
 */
#include "ui.h"

#include <curses.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flow.h"
#include "keys.h"
#include "layout.h"
#include "loader.h"
#include "render.h"
#include "search.h"
#include "state.h"

enum mode {
	MODE_READ,
	MODE_TOC,
	MODE_HELP,
	MODE_PROMPT,
	MODE_RESULTS,
};

enum { MIN_COLS = 12, MIN_ROWS = 3, WIDTH_STEP = 4, WIDTH_MIN = 16, HISTORY_MAX = 100 };

/* A search: its text, its matches (byte ranges, sorted) and the current one. */
struct hits {
	char *query;
	struct search_match *m;
	size_t n;
	size_t cur; /* n when none is current */
};

struct ui {
	struct loader *ld; /* where d comes from; d may be the first part of a big file */
	struct doc *d;
	struct opts o;
	struct layout *l;
	struct layout_opts lo;
	struct flow_geom g;
	struct flow_pos top;
	enum mode mode;
	int dirty;
	int quit;
	int toc_width;
	size_t toc_sel, toc_first;
	char message[256];
	/* search */
	struct search_index *ix;
	struct hits hits;   /* the search shown (highlighted) */
	struct hits before; /* what was shown when the prompt opened */
	struct flow_pos before_top;
	int dir;           /* 1 forward, -1 backward: of the last / or ? */
	struct buf prompt; /* the text being typed */
	char **history;    /* earlier queries, oldest first */
	size_t nhistory, histpos;
	struct hits *keywords; /* -k, each its own colour */
	size_t nkeywords;
	size_t res_sel, res_first;
	/* reading state */
	struct state *state; /* position, marks and history that outlive the run */
	size_t jump_from;    /* where the reader was before the last jump ('') */
	int has_jump;
	int pending;           /* 'm' or '\'' waiting for its letter, else 0 */
	int want_whole;        /* a command needs the whole of a big file: run it again then */
	int help_first;        /* the first row of help shown, when it scrolls */
	enum mode help_return; /* the mode help was opened from */
	SCREEN *screen;
	FILE *tty;
};

static volatile sig_atomic_t ui_signal;

/* The reader that notices go to while it has the terminal. */
static struct ui *noticed;

static void
ui_notice(const char *msg)
{
	struct ui *u = noticed;
	size_t n = strlen(u->message);
	snprintf(u->message + n, sizeof u->message - n, "%s%s", n ? "; " : "", msg);
	u->dirty = 1;
}

static void
on_signal(int sig)
{
	ui_signal = sig;
}

static void
restore_terminal(void)
{
	if (!isendwin())
		endwin();
}

/* The area the text panes get, and the layout for it. */
static void
relayout(struct ui *u)
{
	int x0 = u->mode == MODE_TOC ? u->toc_width + 1 : 0;
	int width = u->o.width;
	flow_geometry(&u->g, COLS - x0, LINES - 1, width, u->o.columns);
	struct layout_opts lo = u->lo;
	lo.width = u->g.colw;
	if (u->l == NULL) {
		u->lo = lo;
		u->l = layout_create(u->d, &lo);
	} else if (lo.width != u->lo.width || lo.justify != u->lo.justify) {
		u->lo = lo;
		layout_set_opts(u->l, &lo);
	}
}

/* The byte offset of the reader's place. */
static size_t
place(struct ui *u)
{
	return flow_offset(u->l, u->d, u->top);
}

/* Put the top row as far down as a full last page allows. */
static void
clamp(struct ui *u)
{
	struct flow_pos last = flow_end(u->l, u->d);
	flow_move(u->l, u->d, &last, -(flow_page_rows(&u->g) - 1));
	if (flow_cmp(u->top, last) > 0)
		u->top = last;
}

/* Relayout keeping the place: the first word on screen stays on screen. */
static void
reflow(struct ui *u)
{
	size_t off = u->l ? place(u) : 0;
	relayout(u);
	u->top = flow_at(u->l, u->d, off);
	clamp(u);
	u->dirty = 1;
}

static void
scroll_rows(struct ui *u, long n)
{
	if (n > 0 && !loader_complete(u->ld)) {
		/*
		 * Scrolling past the first part of a big file still loading: ask
		 * the loop for the whole (it shows it is waiting) and to run this
		 * command again.
		 */
		struct flow_pos p = u->top;
		if (flow_move(u->l, u->d, &p, n + flow_page_rows(&u->g)) <
		    n + flow_page_rows(&u->g)) {
			u->want_whole = 1;
			return;
		}
	}
	flow_move(u->l, u->d, &u->top, n);
	clamp(u);
	u->dirty = 1;
}

/* Remember where the reader is, for '' to come back to. */
static void
remember_jump(struct ui *u)
{
	u->jump_from = place(u);
	u->has_jump = 1;
}

/* Jump to the row showing byte offset off. */
static void
jump_to(struct ui *u, size_t off)
{
	remember_jump(u);
	u->top = flow_at(u->l, u->d, off);
	clamp(u);
	u->dirty = 1;
}

/* Where section s starts. */
static size_t
section_start(const struct doc *d, size_t s)
{
	return d->blocks[d->sections[s].block].start;
}

static void
jump_section(struct ui *u, size_t s)
{
	if (s < u->d->nsections)
		jump_to(u, section_start(u->d, s));
}

/* The section the reader is in: the one holding the top row. */
static size_t
current_section(struct ui *u)
{
	return doc_section_at(u->d, place(u));
}

static void
hits_clear(struct hits *h)
{
	free(h->m);
	h->m = NULL;
	h->n = h->cur = 0;
}

/* Find every match of text into h (which keeps the text); 0 if text is empty. */
static int
hits_find(struct ui *u, struct hits *h, const char *text)
{
	struct search_query *q = search_compile(text);
	hits_clear(h);
	if (h->query != text) {
		free(h->query);
		h->query = xstrdup(text);
	}
	if (q == NULL)
		return 0;
	if (u->ix == NULL)
		u->ix = search_index_create(u->d);
	h->n = search_all(u->ix, q, &h->m);
	h->cur = h->n;
	search_query_free(q);
	return 1;
}

/* The match of h containing byte off, or h->n. */
static size_t
hits_at(const struct hits *h, size_t off)
{
	size_t i = search_find(h->m, h->n, off + 1, 1);
	return i < h->n && h->m[i].start <= off && off < h->m[i].end ? i : h->n;
}

/* What render highlights at byte off: the search, then each keyword. */
static int
highlight_at(void *arg, size_t off)
{
	struct ui *u = arg;
	size_t i = hits_at(&u->hits, off);
	if (i < u->hits.n)
		return i == u->hits.cur ? HL_CURRENT : HL_MATCH;
	for (size_t k = 0; k < u->nkeywords; k++)
		if (hits_at(&u->keywords[k], off) < u->keywords[k].n)
			return HL_KEYWORD + (int)k;
	return HL_NONE;
}

/* Is byte off on the screen as it stands? */
static int
on_screen(struct ui *u, size_t off)
{
	struct flow_pos p = u->top;
	long rows = flow_page_rows(&u->g);
	if (off < place(u))
		return 0;
	if (flow_move(u->l, u->d, &p, rows) < rows)
		return 1;
	return off < flow_offset(u->l, u->d, p);
}

/* Make match i of the search current, and bring it into view. */
static void
show_match(struct ui *u, size_t i)
{
	u->hits.cur = i;
	if (i < u->hits.n && !on_screen(u, u->hits.m[i].start)) {
		if (u->mode != MODE_PROMPT)
			remember_jump(u);
		u->top = flow_at(u->l, u->d, u->hits.m[i].start);
		clamp(u);
	}
	u->dirty = 1;
}

/* The first match from byte off in direction dir, wrapping; sets *wrapped. */
static size_t
match_from(const struct hits *h, size_t off, int dir, int *wrapped)
{
	size_t i = search_find(h->m, h->n, off, dir < 0);
	*wrapped = 0;
	if (i == h->n && h->n > 0) {
		*wrapped = 1;
		i = dir > 0 ? 0 : h->n - 1;
	}
	return i;
}

static void
history_add(struct ui *u, const char *q)
{
	if (*q == '\0' || (u->nhistory && strcmp(u->history[u->nhistory - 1], q) == 0))
		return;
	if (u->nhistory == HISTORY_MAX) {
		free(u->history[0]);
		memmove(u->history, u->history + 1, (HISTORY_MAX - 1) * sizeof *u->history);
		u->nhistory--;
	}
	u->history = xrealloc(u->history, (u->nhistory + 1) * sizeof *u->history);
	u->history[u->nhistory++] = xstrdup(q);
	if (u->state)
		state_history_add(u->state, q);
}

/* The prompt's text changed: search again from where the search began. */
static void
prompt_update(struct ui *u)
{
	int wrapped;
	u->top = u->before_top;
	if (!hits_find(u, &u->hits, u->prompt.data ? u->prompt.data : "") || u->hits.n == 0) {
		u->dirty = 1;
		return;
	}
	size_t from = flow_offset(u->l, u->d, u->before_top);
	show_match(u, match_from(&u->hits, from, u->dir, &wrapped));
}

static void
prompt_open(struct ui *u, int dir)
{
	u->mode = MODE_PROMPT;
	u->dir = dir;
	u->before_top = u->top;
	/* Keep what was shown, to give it back on Esc. */
	u->before = u->hits;
	u->hits.m = NULL;
	u->hits.n = u->hits.cur = 0;
	u->hits.query = NULL;
	u->prompt.len = 0;
	buf_add(&u->prompt, "", 0);
	u->histpos = u->nhistory;
	u->dirty = 1;
}

static void
prompt_close(struct ui *u, int keep)
{
	u->mode = MODE_READ;
	if (keep) {
		hits_clear(&u->before);
		free(u->before.query);
		if (flow_cmp(u->top, u->before_top) != 0) {
			u->jump_from = flow_offset(u->l, u->d, u->before_top);
			u->has_jump = 1;
		}
	} else {
		hits_clear(&u->hits);
		free(u->hits.query);
		u->hits = u->before;
		u->top = u->before_top;
	}
	memset(&u->before, 0, sizeof u->before);
	u->dirty = 1;
}

static void
prompt_set(struct ui *u, const char *text)
{
	u->prompt.len = 0;
	buf_adds(&u->prompt, text);
	prompt_update(u);
}

/* Keys at the search prompt: editing, history, Enter keeps, Esc cancels. */
static void
prompt_key(struct ui *u, int key)
{
	switch (keys_lookup(keys_prompt, key)) {
	case ACT_PROMPT_ACCEPT:
		if (u->prompt.len == 0) {
			/* An empty search repeats the last one, in this direction. */
			const char *last = u->before.query ? u->before.query
			                   : u->nhistory   ? u->history[u->nhistory - 1]
			                                   : NULL;
			if (last == NULL) {
				prompt_close(u, 0);
				return;
			}
			char *copy = xstrdup(last);
			prompt_set(u, copy);
			free(copy);
		}
		history_add(u, u->prompt.data);
		prompt_close(u, 1);
		if (u->hits.n == 0)
			snprintf(u->message, sizeof u->message, "Pattern not found: %s",
			         u->hits.query);
		return;
	case ACT_PROMPT_CANCEL:
		prompt_close(u, 0);
		return;
	case ACT_PROMPT_ERASE:
		if (u->prompt.len == 0) {
			prompt_close(u, 0);
			return;
		}
		do
			u->prompt.len--;
		while (u->prompt.len > 0 &&
		       ((unsigned char)u->prompt.data[u->prompt.len] & 0xC0) == 0x80);
		u->prompt.data[u->prompt.len] = '\0';
		prompt_update(u);
		return;
	case ACT_PROMPT_CLEAR:
		prompt_set(u, "");
		return;
	case ACT_PROMPT_OLDER:
		if (u->histpos > 0)
			prompt_set(u, u->history[--u->histpos]);
		return;
	case ACT_PROMPT_NEWER:
		if (u->histpos < u->nhistory) {
			u->histpos++;
			prompt_set(u, u->histpos < u->nhistory ? u->history[u->histpos] : "");
		}
		return;
	default:
		/* Any other character is typed. */
		if (key >= 0x20 && key < KEY_BASE && key != 0x7F) {
			buf_addcp(&u->prompt, (unsigned)key);
			prompt_update(u);
		}
		return;
	}
}

static void
cmd_search_forward(struct ui *u)
{
	prompt_open(u, 1);
}

static void
cmd_search_backward(struct ui *u)
{
	prompt_open(u, -1);
}

/* n and N: the next match in the search's direction (dir 1) or against it (-1). */
static void
next_match(struct ui *u, int dir)
{
	int wrapped;
	struct hits *h = &u->hits;
	if (h->n == 0 && h->query == NULL) {
		snprintf(u->message, sizeof u->message, "No previous search");
		u->dirty = 1;
		return;
	}
	if (h->n == 0 && h->m == NULL)
		hits_find(u, h, h->query); /* highlight cleared by Esc: find again */
	if (h->n == 0) {
		snprintf(u->message, sizeof u->message, "Pattern not found: %s", h->query);
		u->dirty = 1;
		return;
	}
	dir *= u->dir;
	size_t i;
	if (h->cur < h->n && on_screen(u, h->m[h->cur].start)) {
		/* From the current match. */
		wrapped = dir > 0 ? h->cur + 1 == h->n : h->cur == 0;
		i = wrapped ? (dir > 0 ? 0 : h->n - 1) : h->cur + (dir > 0 ? 1 : (size_t)-1);
	} else {
		i = match_from(h, place(u), dir, &wrapped);
	}
	if (wrapped)
		snprintf(u->message, sizeof u->message,
		         dir > 0 ? "Search hit BOTTOM, continuing at TOP"
		                 : "Search hit TOP, continuing at BOTTOM");
	show_match(u, i);
}

static void
cmd_next_match(struct ui *u)
{
	next_match(u, 1);
}

static void
cmd_prev_match(struct ui *u)
{
	next_match(u, -1);
}

static void
cmd_clear(struct ui *u)
{
	/* Forget the matches, keep the query: n finds them again. */
	hits_clear(&u->hits);
	u->dirty = 1;
}

static void
cmd_results(struct ui *u)
{
	if (u->hits.n == 0 && u->hits.query && u->hits.m == NULL)
		hits_find(u, &u->hits, u->hits.query);
	if (u->hits.n == 0) {
		snprintf(u->message, sizeof u->message,
		         u->hits.query ? "Pattern not found"
		                       : "No search to list (search with / first)");
		u->dirty = 1;
		return;
	}
	u->mode = MODE_RESULTS;
	u->res_sel = u->hits.cur < u->hits.n ? u->hits.cur
	                                     : match_from(&u->hits, place(u), 1, &(int){ 0 });
	u->dirty = 1;
}

static void
cmd_mark_set(struct ui *u)
{
	u->pending = 'm';
	snprintf(u->message, sizeof u->message, "Set mark: type a letter (a-z)");
	u->dirty = 1;
}

static void
cmd_mark_go(struct ui *u)
{
	u->pending = '\'';
	snprintf(u->message, sizeof u->message, "Go to mark: a letter, or ' for the last jump");
	u->dirty = 1;
}

/* The letter after m or '. */
static void
pending_key(struct ui *u, int key)
{
	int what = u->pending;
	size_t off;
	u->pending = 0;
	u->dirty = 1;
	if (what == 'm' && key >= 'a' && key <= 'z') {
		state_set_mark(u->state, key, place(u));
		snprintf(u->message, sizeof u->message, "Mark %c set", key);
	} else if (what == '\'' && key == '\'') {
		if (!u->has_jump) {
			snprintf(u->message, sizeof u->message, "No jump to go back to");
			return;
		}
		off = u->jump_from;
		jump_to(u, off); /* and '' again comes back here */
	} else if (what == '\'' && key >= 'a' && key <= 'z') {
		if (state_mark(u->state, key, &off) == 0)
			jump_to(u, off);
		else
			snprintf(u->message, sizeof u->message, "Mark %c is not set", key);
	}
	/* Anything else (Esc included) cancels. */
}

/* Open the saved state once the whole text is in (its fingerprint needs it). */
static void
open_state(struct ui *u)
{
	char *msg = NULL;
	const struct opts *o = &u->o;
	int from_stdin = strcmp(o->path ? o->path : "-", "-") == 0;
	if (u->state)
		return;
	/* A book cut short (its whole failed to load) must not overwrite its saved place. */
	int keep = o->remember && !from_stdin && !loader_partial(u->ld);
	u->state = state_open(keep ? o->path : NULL, u->d->text, u->d->len, &msg);
	if (msg) {
		ui_notice(msg);
		free(msg);
	}
	const char *const *items;
	size_t nitems = state_history(u->state, &items);
	for (size_t k = 0; k < nitems; k++) {
		u->history = xrealloc(u->history, (u->nhistory + 1) * sizeof *u->history);
		u->history[u->nhistory++] = xstrdup(items[k]);
	}
}

/* Show the notices of list ("; "-separated) that the reader was not shown at start. */
static void
show_new_notes(struct ui *u, const char *list)
{
	const char *start = u->o.notice ? u->o.notice : "";
	while (list && *list) {
		const char *end = strstr(list, "; ");
		size_t n = end ? (size_t)(end - list) : strlen(list);
		char *one = xstrndup(list, n);
		if (strstr(start, one) == NULL)
			ui_notice(one);
		free(one);
		list = end ? end + 2 : NULL;
	}
}

/*
 * Put the whole document in place of the first part, keeping the place:
 * everything that points into the old text goes first, then comes back
 * built on the new one (layout, search index, matches, keywords, state).
 */
static void
swap_whole(struct ui *u)
{
	/* The places that must cross: the reader's, '' 's, the current match. */
	enum { PLACE, JUMP, MATCH, NPLACES };
	int had_cur = u->hits.cur < u->hits.n;
	size_t at[NPLACES] = { place(u), u->jump_from, had_cur ? u->hits.m[u->hits.cur].start : 0 };
	layout_free(u->l);
	u->l = NULL;
	search_index_free(u->ix);
	u->ix = NULL;
	u->d = loader_take(u->ld, at, NPLACES);
	u->lo.lang = u->d->lang; /* it pointed into the first part */
	relayout(u);
	u->top = flow_at(u->l, u->d, at[PLACE]);
	clamp(u);
	u->jump_from = at[JUMP];
	if (u->hits.m) {
		hits_find(u, &u->hits, u->hits.query);
		if (had_cur)
			u->hits.cur = search_find(u->hits.m, u->hits.n, at[MATCH], 0);
	}
	for (size_t k = 0; k < u->nkeywords; k++)
		hits_find(u, &u->keywords[k], u->keywords[k].query);
	if (u->toc_sel >= u->d->nsections)
		u->toc_sel = 0;
	show_new_notes(u, loader_notes(u->ld));
	open_state(u);
	u->dirty = 1;
}

static void
cmd_line_down(struct ui *u)
{
	scroll_rows(u, 1);
}
static void
cmd_line_up(struct ui *u)
{
	scroll_rows(u, -1);
}
static void
cmd_page_down(struct ui *u)
{
	scroll_rows(u, flow_page_rows(&u->g));
}
static void
cmd_page_up(struct ui *u)
{
	scroll_rows(u, -flow_page_rows(&u->g));
}
static void
cmd_half_down(struct ui *u)
{
	scroll_rows(u, (flow_page_rows(&u->g) + 1) / 2);
}
static void
cmd_half_up(struct ui *u)
{
	scroll_rows(u, -(flow_page_rows(&u->g) + 1) / 2);
}

static void
cmd_top(struct ui *u)
{
	remember_jump(u);
	u->top = flow_start();
	u->dirty = 1;
}

static void
cmd_bottom(struct ui *u)
{
	remember_jump(u);
	u->top = flow_end(u->l, u->d);
	clamp(u);
	u->dirty = 1;
}

/* ] goes to the next section's start; [ to the start of this one, or the one before. */
static void
cmd_next_section(struct ui *u)
{
	const struct doc *d = u->d;
	size_t here = place(u), s = doc_section_at(d, here);
	if (s < d->nsections && section_start(d, s) <= here)
		s++;
	if (s < d->nsections)
		jump_section(u, s);
	else
		snprintf(u->message, sizeof u->message, "Last section");
	u->dirty = 1;
}

static void
cmd_prev_section(struct ui *u)
{
	const struct doc *d = u->d;
	size_t here = place(u), s = doc_section_at(d, here);
	if (s < d->nsections && section_start(d, s) >= here)
		s = s > 0 ? s - 1 : d->nsections;
	if (s < d->nsections && section_start(d, s) < here)
		jump_section(u, s);
	else
		snprintf(u->message, sizeof u->message, "First section");
	u->dirty = 1;
}

static void
cmd_toc(struct ui *u)
{
	if (u->mode == MODE_TOC) {
		u->mode = MODE_READ;
	} else {
		if (u->d->nsections == 0) {
			snprintf(u->message, sizeof u->message, "No sections in this document");
			u->dirty = 1;
			return;
		}
		u->mode = MODE_TOC;
		u->toc_sel = current_section(u);
	}
	reflow(u);
}

static void
set_width(struct ui *u, int width)
{
	u->o.width = width;
	reflow(u);
	snprintf(u->message, sizeof u->message, "Measure: %d columns", u->g.colw);
}

static void
cmd_wider(struct ui *u)
{
	/* No wider than the pane: a measure it cannot show would make - seem dead. */
	int pane = COLS - (u->mode == MODE_TOC ? u->toc_width + 1 : 0);
	int w = (u->o.width > 0 ? u->o.width : u->g.colw) + WIDTH_STEP;
	set_width(u, w < pane ? w : pane);
}

static void
cmd_narrower(struct ui *u)
{
	int w = (u->o.width > 0 ? u->o.width : u->g.colw) - WIDTH_STEP;
	set_width(u, w < WIDTH_MIN ? WIDTH_MIN : w);
}

static void
cmd_width_default(struct ui *u)
{
	set_width(u, OPTS_DEFAULT_WIDTH);
}

static void
cmd_justify(struct ui *u)
{
	u->lo.justify = !u->lo.justify;
	u->lo.width = -1; /* force a relayout */
	reflow(u);
	snprintf(u->message, sizeof u->message, u->lo.justify ? "Justified" : "Ragged right");
}

static void
cmd_columns(struct ui *u)
{
	u->o.columns = (u->o.columns + 1) % 4; /* auto, 1, 2, 3 */
	reflow(u);
	if (u->o.columns == COLUMNS_AUTO)
		snprintf(u->message, sizeof u->message, "Columns: auto (%d)", u->g.ncols);
	else
		snprintf(u->message, sizeof u->message, "Columns: %d", u->g.ncols);
}

/* Back to the mode help was opened from, its panes as they were. */
static void
help_close(struct ui *u)
{
	u->mode = u->help_return;
	reflow(u);
}

static void
cmd_help(struct ui *u)
{
	if (u->mode == MODE_HELP) {
		help_close(u);
		return;
	}
	u->help_return = u->mode;
	u->mode = MODE_HELP;
	u->help_first = 0;
	u->dirty = 1;
}

static void
cmd_redraw(struct ui *u)
{
	clearok(curscr, TRUE);
	u->dirty = 1;
}

static void
cmd_quit(struct ui *u)
{
	u->quit = 1;
}

/* The command of each action; NULL where this reader has none yet. */
static void (*const commands[ACT_COUNT])(struct ui *) = {
	[ACT_LINE_DOWN] = cmd_line_down,
	[ACT_LINE_UP] = cmd_line_up,
	[ACT_PAGE_DOWN] = cmd_page_down,
	[ACT_PAGE_UP] = cmd_page_up,
	[ACT_HALF_DOWN] = cmd_half_down,
	[ACT_HALF_UP] = cmd_half_up,
	[ACT_TOP] = cmd_top,
	[ACT_BOTTOM] = cmd_bottom,
	[ACT_NEXT_SECTION] = cmd_next_section,
	[ACT_PREV_SECTION] = cmd_prev_section,
	[ACT_TOC] = cmd_toc,
	[ACT_SEARCH_FORWARD] = cmd_search_forward,
	[ACT_SEARCH_BACKWARD] = cmd_search_backward,
	[ACT_NEXT_MATCH] = cmd_next_match,
	[ACT_PREV_MATCH] = cmd_prev_match,
	[ACT_RESULTS] = cmd_results,
	[ACT_CLEAR] = cmd_clear,
	[ACT_MARK_SET] = cmd_mark_set,
	[ACT_MARK_GO] = cmd_mark_go,
	[ACT_WIDER] = cmd_wider,
	[ACT_NARROWER] = cmd_narrower,
	[ACT_WIDTH_DEFAULT] = cmd_width_default,
	[ACT_JUSTIFY] = cmd_justify,
	[ACT_COLUMNS] = cmd_columns,
	[ACT_HELP] = cmd_help,
	[ACT_REDRAW] = cmd_redraw,
	[ACT_QUIT] = cmd_quit,
};

/* What needs the whole document, not just the first part of a big file. */
static const unsigned char needs_whole[ACT_COUNT] = {
	[ACT_BOTTOM] = 1,     [ACT_NEXT_SECTION] = 1,   [ACT_PREV_SECTION] = 1,
	[ACT_TOC] = 1,        [ACT_SEARCH_FORWARD] = 1, [ACT_SEARCH_BACKWARD] = 1,
	[ACT_NEXT_MATCH] = 1, [ACT_PREV_MATCH] = 1,     [ACT_RESULTS] = 1,
	[ACT_MARK_SET] = 1,   [ACT_MARK_GO] = 1,
};

/* Move the selection of a list of n entries (the contents, the matches). */
static int
list_move(size_t *sel, size_t n, enum action a)
{
	size_t page = LINES > 3 ? (size_t)LINES - 3 : 1;
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

/* Keys in the contents pane and in the list of matches. */
static void
list_key(struct ui *u, int key)
{
	enum action a = keys_lookup(keys_list, key);
	int toc = u->mode == MODE_TOC;
	if (a == ACT_NONE) {
		/* Help and redraw work everywhere. */
		a = keys_lookup(keys_reading, key);
		if (a == ACT_HELP || a == ACT_REDRAW)
			commands[a](u);
		return;
	}
	if (list_move(toc ? &u->toc_sel : &u->res_sel, toc ? u->d->nsections : u->hits.n, a)) {
		u->dirty = 1;
	} else if (a == ACT_LIST_CHOOSE && toc) {
		jump_section(u, u->toc_sel);
		cmd_toc(u);
	} else if (a == ACT_LIST_CHOOSE) {
		u->mode = MODE_READ;
		show_match(u, u->res_sel);
	} else if (a == ACT_LIST_CLOSE && toc) {
		cmd_toc(u);
	} else if (a == ACT_LIST_CLOSE) {
		u->mode = MODE_READ;
		u->dirty = 1;
	}
}

/* Status: title · section · §i/n · percentage. */
static void
draw_status(struct ui *u, struct flow_pos after)
{
	const struct doc *d = u->d;
	char left[512], right[192];
	size_t s = current_section(u);
	size_t end = after.block >= d->nblocks ? d->len : flow_offset(u->l, d, after);
	int at_end =
	        flow_cmp(after, flow_end(u->l, d)) >= 0 && flow_cmp(u->top, flow_end(u->l, d)) <= 0;
	int pct = d->len ? (int)((double)end * 100.0 / (double)d->len) : 100;
	if (at_end || pct > 100)
		pct = 100;
	/* An e-book's or a page's author follows its title. */
	const char *by = d->author ? " — " : "", *author = d->author ? d->author : "";
	if (d->nsections > 0)
		snprintf(left, sizeof left, "%s%s%s · %s", d->title, by, author,
		         d->sections[s].title);
	else
		snprintf(left, sizeof left, "%s%s%s", d->title, by, author);
	char found[96] = "";
	if (u->hits.n > 0) {
		/* The query, cut if long, then where we are among its matches. */
		char q[32];
		size_t fit;
		text_width_fit(u->hits.query, strlen(u->hits.query), 20, &fit);
		snprintf(q, sizeof q, "%.*s%s", (int)fit, u->hits.query,
		         u->hits.query[fit] ? "…" : "");
		if (u->hits.cur < u->hits.n)
			snprintf(found, sizeof found, " · /%s match %zu/%zu", q, u->hits.cur + 1,
			         u->hits.n);
		else
			snprintf(found, sizeof found, " · /%s %zu matches", q, u->hits.n);
	}
	if (!loader_complete(u->ld))
		snprintf(right, sizeof right, " · loading…");
	else if (d->nsections > 0)
		snprintf(right, sizeof right, "%s · §%zu/%zu · %d%%", found, s + 1, d->nsections,
		         pct);
	else
		snprintf(right, sizeof right, "%s · %d%%", found, pct);
	/* A narrow terminal gets the essentials: where we are. */
	if (text_width(right, strlen(right)) + 8 > COLS) {
		if (d->nsections > 0 && COLS >= 16)
			snprintf(right, sizeof right, "§%zu/%zu %d%%", s + 1, d->nsections, pct);
		else
			snprintf(right, sizeof right, "%d%%", pct);
	}
	render_status(left, right);
}

/* The results list: every match with its section and context. */
static void
draw_results(struct ui *u)
{
	int rows = LINES - 2;
	size_t n = u->hits.n;
	if (rows < 1)
		return;
	if (u->res_sel < u->res_first)
		u->res_first = u->res_sel;
	if (u->res_sel >= u->res_first + (size_t)rows)
		u->res_first = u->res_sel - (size_t)rows + 1;
	struct render_row *r = xcalloc((size_t)rows, sizeof *r);
	struct buf *texts = xcalloc((size_t)rows, sizeof *texts);
	int k = 0;
	for (size_t i = u->res_first; i < n && k < rows; i++, k++) {
		char pre[32];
		size_t ms = 0, me = 0;
		snprintf(pre, sizeof pre, "§%-4zu ",
		         search_section_number(u->d, u->hits.m[i].start));
		buf_adds(&texts[k], pre);
		search_context(u->d, &u->hits.m[i], COLS / 2, &texts[k], &ms, &me);
		r[k] = (struct render_row){ texts[k].data, ms, me, i == u->res_sel };
	}
	char header[256];
	snprintf(header, sizeof header, "%zu matches of \"%s\" — Enter jumps, Esc closes", n,
	         u->hits.query);
	render_results(header, r, k);
	render_status("", "");
	for (int i = 0; i < rows; i++)
		buf_free(&texts[i]);
	free(texts);
	free(r);
}

static void
draw(struct ui *u)
{
	erase();
	if (COLS < MIN_COLS || LINES < MIN_ROWS) {
		render_too_small();
		refresh();
		return;
	}
	if (u->mode == MODE_HELP) {
		u->help_first = render_help(u->help_first);
		refresh();
		return;
	}
	int x0 = 0;
	if (u->mode == MODE_TOC) {
		int rows = LINES - 1;
		if (u->toc_sel < u->toc_first)
			u->toc_first = u->toc_sel;
		if (u->toc_sel >= u->toc_first + (size_t)rows)
			u->toc_first = u->toc_sel - (size_t)rows + 1;
		render_toc(u->d, u->toc_width, rows, u->toc_first, u->toc_sel, current_section(u));
		x0 = u->toc_width + 1;
	}
	if (u->mode == MODE_RESULTS) {
		draw_results(u);
		refresh();
		return;
	}
	struct render_hl hl = { highlight_at, u };
	struct flow_pos after = render_text(u->l, u->d, &u->g, u->top, x0, &hl);
	if (u->mode == MODE_PROMPT) {
		char note[64] = "";
		if (u->hits.n > 0)
			snprintf(note, sizeof note, "match %zu/%zu", u->hits.cur + 1, u->hits.n);
		else if (u->prompt.len > 0)
			snprintf(note, sizeof note, "Pattern not found");
		render_prompt(u->dir > 0 ? '/' : '?', u->prompt.data ? u->prompt.data : "", note);
	} else if (u->message[0]) {
		render_message(u->message);
	} else {
		draw_status(u, after);
	}
	refresh();
}

/*
 * The whole document, now.  Called from the loop only, never from a
 * command: while it waits, the screen says so.
 */
static void
take_whole(struct ui *u)
{
	if (loader_complete(u->ld))
		return;
	if (!loader_ready(u->ld)) {
		/* Say so while waiting, then give back what the status line said. */
		char kept[sizeof u->message];
		memcpy(kept, u->message, sizeof kept);
		snprintf(u->message, sizeof u->message, "Loading the whole document…");
		draw(u);
		memcpy(u->message, kept, sizeof kept);
	}
	swap_whole(u);
}

/* Run a reading-mode action, with the whole document if it needs it. */
static void
run_action(struct ui *u, enum action a)
{
	if (needs_whole[a])
		take_whole(u);
	commands[a](u);
	if (u->want_whole) {
		u->want_whole = 0;
		take_whole(u);
		commands[a](u);
	}
}

/* Read a key as a liseuse key code; K_RESIZE, K_MOUSE; -1 on interruption. */
static int
read_key(MEVENT *mev)
{
	wint_t wc;
	int r = get_wch(&wc);
	if (r == ERR)
		return -1;
	if (r == KEY_CODE_YES) {
		switch (wc) {
		case KEY_UP:
			return K_UP;
		case KEY_DOWN:
			return K_DOWN;
		case KEY_PPAGE:
			return K_PGUP;
		case KEY_NPAGE:
			return K_PGDN;
		case KEY_HOME:
			return K_HOME;
		case KEY_END:
			return K_END;
		case KEY_ENTER:
			return K_ENTER;
		case KEY_BACKSPACE:
			return K_BACKSPACE;
		case KEY_F(1):
			return K_F1;
		case KEY_RESIZE:
			return K_RESIZE;
		case KEY_MOUSE:
			return getmouse(mev) == OK ? K_MOUSE : 0;
		default:
			return 0;
		}
	}
	switch (wc) {
	case '\n':
	case '\r':
		return K_ENTER;
	case 27:
		return K_ESC;
	case '\t':
		return K_TAB;
	case 127:
	case 8:
		return K_BACKSPACE;
	default:
		return (int)wc;
	}
}

static void
mouse(struct ui *u, const MEVENT *m)
{
	int up = (m->bstate & BUTTON4_PRESSED) != 0, down = (m->bstate & BUTTON5_PRESSED) != 0;
	if ((up || down) && (u->mode == MODE_TOC || u->mode == MODE_RESULTS)) {
		/* In a list the wheel moves the selection, as j and k do. */
		for (int k = 0; k < 3; k++)
			list_move(u->mode == MODE_TOC ? &u->toc_sel : &u->res_sel,
			          u->mode == MODE_TOC ? u->d->nsections : u->hits.n,
			          up ? ACT_LIST_UP : ACT_LIST_DOWN);
		u->dirty = 1;
	} else if ((up || down) && u->mode == MODE_HELP) {
		u->help_first =
		        up ? (u->help_first > 3 ? u->help_first - 3 : 0) : u->help_first + 3;
		u->dirty = 1;
	} else if (up) {
		scroll_rows(u, -3);
	} else if (down) {
		scroll_rows(u, 3);
	} else if (u->mode == MODE_TOC && m->x < u->toc_width &&
	           (m->bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED))) {
		size_t s = u->toc_first + (size_t)m->y;
		if (s < u->d->nsections) {
			/* As Enter does: jump, and give the screen back to the text. */
			u->toc_sel = s;
			jump_section(u, s);
			cmd_toc(u);
		}
	}
}

static int
open_terminal(struct ui *u)
{
	FILE *in = stdin;
	const char *term = getenv("TERM");
	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0)
		return -1;
	if (!isatty(STDIN_FILENO)) {
		u->tty = fopen("/dev/tty", "r");
		if (u->tty == NULL)
			return -1;
		in = u->tty;
	}
	u->screen = newterm(NULL, stdout, in);
	if (u->screen == NULL)
		return -1;
	set_term(u->screen);
	return 0;
}

int
ui_run(struct loader *ld, const struct opts *o)
{
	struct doc *d = loader_doc(ld);
	struct ui u = { 0 };
	struct sigaction sa;
	MEVENT mev;

	/* Wide characters need a UTF-8 locale; take the user's, or C.UTF-8. */
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");

	u.ld = ld;
	u.d = d;
	u.o = *o;
	u.lo.justify = o->justify;
	u.lo.hyphenate = o->hyphenate;
	u.lo.lang = d->lang;
	if (open_terminal(&u) < 0)
		return UI_NO_TERMINAL;
	util_set_die_hook(restore_terminal);
	/* From here on, notices go to the status line. */
	noticed = &u;
	util_set_notice_hook(ui_notice);
	if (o->notice)
		ui_notice(o->notice);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED | BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	mouseinterval(0);
	render_init(o->color);

	u.toc_width = COLS / 3 < 40 ? COLS / 3 : 40;
	relayout(&u);

	/*
	 * What the first screen needs from a big file still loading: the whole
	 * of it for a saved position, a section, a search or keywords; else the
	 * first part is shown now and the whole swapped in when it arrives.
	 */
	int from_stdin = strcmp(o->path ? o->path : "-", "-") == 0;
	if (!loader_complete(ld) && (o->section > 0 || o->search || o->nkeywords ||
	                             (o->remember && !from_stdin && state_known(o->path))))
		take_whole(&u);
	d = u.d;
	if (loader_complete(ld))
		open_state(&u); /* no-op if the swap above opened it */
	size_t saved;
	if (o->remember && !o->search && o->section <= 0 && u.state &&
	    state_position(u.state, &saved) == 0) {
		u.top = flow_at(u.l, d, saved);
		clamp(&u);
	}
	if (o->section > 0 && (size_t)o->section <= d->nsections)
		jump_section(&u, (size_t)o->section - 1);
	else if (o->section > 0)
		snprintf(u.message, sizeof u.message, "No section %ld (the document has %zu)",
		         o->section, d->nsections);
	u.dir = 1;
	u.nkeywords = o->nkeywords;
	u.keywords = xcalloc(o->nkeywords ? o->nkeywords : 1, sizeof *u.keywords);
	for (size_t k = 0; k < o->nkeywords; k++)
		hits_find(&u, &u.keywords[k], o->keywords[k]);
	if (o->search) {
		hits_find(&u, &u.hits, o->search);
		history_add(&u, o->search);
		if (u.hits.n > 0)
			show_match(&u, 0);
		else
			snprintf(u.message, sizeof u.message, "Pattern not found: %s", o->search);
	}
	u.dirty = 1;

	while (!u.quit && !ui_signal) {
		if (loader_ready(ld))
			swap_whole(&u);
		/* While a big file loads, wake up to swap it in. */
		timeout(loader_complete(ld) ? -1 : 50);
		if (u.dirty) {
			draw(&u);
			u.dirty = 0;
		}
		int key = read_key(&mev);
		if (key < 0 || ui_signal)
			continue;
		/* A message stays until the next key (a resize is not one). */
		if (key != K_RESIZE && u.message[0]) {
			u.message[0] = '\0';
			u.dirty = 1;
		}
		if (key == K_RESIZE) {
			u.toc_width = COLS / 3 < 40 ? COLS / 3 : 40;
			reflow(&u);
			continue;
		}
		if (key == K_MOUSE) {
			mouse(&u, &mev);
			if (u.want_whole) { /* the wheel went past the first part */
				u.want_whole = 0;
				take_whole(&u);
				mouse(&u, &mev);
			}
			continue;
		}
		if (u.mode == MODE_HELP) {
			/* Help scrolls with the list keys; any other key closes it. */
			int page = LINES > 2 ? LINES - 2 : 1;
			switch (keys_lookup(keys_list, key)) {
			case ACT_LIST_DOWN:
				u.help_first++;
				break;
			case ACT_LIST_UP:
				u.help_first -= u.help_first > 0;
				break;
			case ACT_LIST_PAGE_DOWN:
				u.help_first += page;
				break;
			case ACT_LIST_PAGE_UP:
				u.help_first = u.help_first > page ? u.help_first - page : 0;
				break;
			case ACT_LIST_FIRST:
				u.help_first = 0;
				break;
			case ACT_LIST_LAST:
				u.help_first = INT_MAX / 2; /* render_help stops at the end */
				break;
			default:
				help_close(&u);
			}
			u.dirty = 1;
			continue;
		}
		if (u.mode == MODE_TOC || u.mode == MODE_RESULTS) {
			list_key(&u, key);
			continue;
		}
		if (u.mode == MODE_PROMPT) {
			prompt_key(&u, key);
			continue;
		}
		if (u.pending) {
			pending_key(&u, key);
			continue;
		}
		enum action a = keys_lookup(keys_reading, key);
		if (a != ACT_NONE && commands[a])
			run_action(&u, a);
	}

	/* Save first: the place is known only while the layout lives. */
	char *msg = NULL;
	if (u.state == NULL && (flow_cmp(u.top, flow_start()) != 0 || u.nhistory))
		take_whole(&u); /* something to save: the fingerprint needs the whole text */
	if (u.state) {
		if (o->remember && !from_stdin)
			state_set_position(u.state, place(&u));
		state_save(u.state, &msg);
		state_free(u.state);
	}

	endwin();
	delscreen(u.screen);
	if (u.tty)
		fclose(u.tty);
	util_set_die_hook(NULL);
	util_set_notice_hook(NULL);
	noticed = NULL;
	if (msg) {
		notice("%s", msg);
		free(msg);
	}
	layout_free(u.l);
	search_index_free(u.ix);
	hits_clear(&u.hits);
	free(u.hits.query);
	for (size_t k = 0; k < u.nkeywords; k++) {
		hits_clear(&u.keywords[k]);
		free(u.keywords[k].query);
	}
	free(u.keywords);
	for (size_t k = 0; k < u.nhistory; k++)
		free(u.history[k]);
	free(u.history);
	buf_free(&u.prompt);
	if (ui_signal) {
		int sig = ui_signal;
		signal(sig, SIG_DFL);
		raise(sig);
		return 128 + sig;
	}
	return 0;
}
