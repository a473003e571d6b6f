/*
 * ui.c — the interactive reader's terminal side: the terminal's life
 * cycle, input, the event loop and the modes.  Start at ui_run().
 *
 * Everything the reader can do to the text lives in view.c (place, scroll,
 * sections, marks, searches), curses-free and tested without a terminal;
 * here a key is read, looked up in its mode's table (keys.c), and handed
 * to the mode.  A mode is a row of the `modes` table: its key table, what
 * it does with a key, and how it is drawn.  Commands change state and set
 * `dirty`; the loop redraws once when no input is waiting, and draw()
 * changes nothing: what it needs (list scrolling, help scrolling) is
 * settled by prepare() before it runs.
 *
 * The document may be the first part of a big file still loading
 * (loader.c): commands that need the whole ask the loop for it, and when
 * it arrives the view is moved onto it (view_take_whole).  Reading state
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

#include "keys.h"
#include "loader.h"
#include "render.h"
#include "search.h"
#include "state.h"
#include "view.h"

enum mode {
	MODE_READ,
	MODE_TOC,
	MODE_HELP,
	MODE_PROMPT,
	MODE_RESULTS,
	MODE_MARK_SET, /* m, waiting for its letter */
	MODE_MARK_GO,  /* ', waiting for its letter */
	MODE_MARKS,    /* the list of marks */
	MODE_COUNT
};

enum { MIN_COLS = 12, MIN_ROWS = 3, WORK_SLICE = 4 << 20 };

struct ui {
	struct loader *ld; /* where the document comes from; it may be a big file's first part */
	struct view v;
	struct opts o;
	enum mode mode;
	int quit;
	int loading; /* the whole of a big file is being waited for: say so */
	int toc_width;
	struct list {
		size_t sel, first; /* the selected entry, the first shown */
	} lists[MODE_COUNT];       /* of the modes that are lists: contents, matches, marks */
	struct view_mark marks[VIEW_MARKS_MAX];
	size_t nmarks;
	int help_first;        /* the first row of help shown, when it scrolls */
	enum mode help_return; /* the mode help was opened from */
	SCREEN *screen;
	FILE *tty;
};

/* What a mode does: its keys, what it does with one, how it is drawn. */
struct mode_ops {
	const struct key_binding *keys;
	void (*key)(struct ui *u, int key);
	void (*draw)(const struct ui *u);
};

static const struct mode_ops modes[MODE_COUNT];

static volatile sig_atomic_t ui_signal;

/* The reader that notices go to while it has the terminal. */
static struct ui *noticed;

static void
ui_notice(const char *msg)
{
	struct view *v = &noticed->v;
	struct buf b = { 0 };
	size_t n = strlen(v->message);
	view_notice_shorten(msg, &b);
	snprintf(v->message + n, sizeof v->message - n, "%s%s", n ? "; " : "", b.data);
	buf_free(&b);
	v->dirty = 1;
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

/* The text area: the screen but the status row, and the contents pane when open. */
static void
resize_view(struct ui *u)
{
	int x0 = u->mode == MODE_TOC ? u->toc_width + 1 : 0;
	view_resize(&u->v, COLS - x0, LINES - 1);
}

/* Open the saved state once the whole text is in (its fingerprint needs it). */
static void
open_state(struct ui *u)
{
	char *msg = NULL;
	const struct opts *o = &u->o;
	int from_stdin = strcmp(o->path ? o->path : "-", "-") == 0;
	if (u->v.state)
		return;
	/* A book cut short (its whole failed to load) must not overwrite its saved place. */
	int keep = o->remember && !from_stdin && !loader_partial(u->ld);
	u->v.state = state_open(keep ? o->path : NULL, u->v.d->text, u->v.d->len, &msg);
	if (msg) {
		notice("%s", msg);
		free(msg);
	}
	const char *const *items;
	size_t nitems = state_history(u->v.state, &items);
	for (size_t k = 0; k < nitems; k++) {
		/* Kept as they are, even repeated: the state file already keeps them so. */
		struct find_history *h = &u->v.history;
		h->v = xrealloc(h->v, (h->n + 1) * sizeof *h->v);
		h->v[h->n++] = xstrdup(items[k]);
	}
}

/* The messages said meanwhile (config lines, the loader's, the state's), into the status line. */
static void
take_messages(void)
{
	char *m;
	while ((m = msg_take()) != NULL) {
		ui_notice(m);
		free(m);
	}
}

/* Put the whole document in place of the first part, keeping every place. */
static void
swap_whole(struct ui *u)
{
	size_t at[VIEW_PLACES];
	view_places(&u->v, at);
	/* Nothing may point into the first part once it is taken. */
	layout_free(u->v.l);
	u->v.l = NULL;
	search_index_free(u->v.ix);
	u->v.ix = NULL;
	struct doc *d = loader_take(u->ld, at, VIEW_PLACES);
	view_take_whole(&u->v, d, at);
	if (u->lists[MODE_TOC].sel >= d->nsections)
		u->lists[MODE_TOC].sel = 0;
	open_state(u);
}

/* Save the reading position and marks of the text shown, and let the state go. */
static void
close_state(struct ui *u)
{
	char *msg = NULL;
	if (u->v.state == NULL)
		return;
	if (u->o.remember && strcmp(u->o.path ? u->o.path : "-", "-") != 0)
		state_set_position(u->v.state, view_place(&u->v));
	state_save(u->v.state, &msg);
	if (msg) {
		notice("%s", msg);
		free(msg);
	}
	state_free(u->v.state);
	u->v.state = NULL;
}

/*
 * R: the text as its lines are, or filled again.  The file is parsed
 * again with raw mode the other way, and every place crosses by its
 * words.  Saved positions and marks belong to a text (its fingerprint), so
 * the raw text keeps its own, as when it is opened with -R.
 */
static void
toggle_raw(struct ui *u)
{
	if (u->v.d->format != FORMAT_TEXT) {
		view_say(&u->v, "Raw view: plain text only (this is not plain text)");
		return;
	}
	size_t at[VIEW_PLACES];
	view_places(&u->v, at);
	close_state(u);
	/* Nothing may point into the document once it is parsed again. */
	layout_free(u->v.l);
	u->v.l = NULL;
	search_index_free(u->v.ix);
	u->v.ix = NULL;
	struct parse_opts po = { .format = FORMAT_TEXT,
		                 .typo = u->o.typo,
		                 .lang = u->o.lang,
		                 .raw = !u->o.raw };
	struct doc *d = loader_reparse(u->ld, &po, at, VIEW_PLACES);
	int same = d == NULL; /* the file could not be read again: as it was */
	if (same)
		d = loader_doc(u->ld);
	else
		u->o.raw = po.raw;
	view_take_whole(&u->v, d, at);
	if (u->lists[MODE_TOC].sel >= d->nsections)
		u->lists[MODE_TOC].sel = 0;
	open_state(u);
	if (same)
		view_say(&u->v, "%s: cannot be read again; the view is unchanged", u->o.name);
	else
		view_say(&u->v, u->o.raw ? "Raw: the lines as the file has them"
		                         : "Filled: the paragraphs laid out again");
}

static void draw(struct ui *u);

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
		u->loading = 1;
		draw(u);
		u->loading = 0;
	}
	swap_whole(u);
}

/* --- commands of the reading mode that belong to the interface ------------ */

static void
toc_toggle(struct ui *u)
{
	if (u->mode == MODE_TOC) {
		u->mode = MODE_READ;
	} else {
		if (u->v.d->nsections == 0) {
			view_say(&u->v, "No sections in this document");
			return;
		}
		u->mode = MODE_TOC;
		u->lists[MODE_TOC].sel = view_section(&u->v);
	}
	resize_view(u);
}

static void
results_open(struct ui *u)
{
	struct view *v = &u->v;
	if (v->hits.query && !v->hits.complete)
		view_find(v, &v->hits, v->hits.query);
	v->hidden = 0;
	if (v->hits.n == 0) {
		view_say(v, v->hits.query ? "Pattern not found"
		                          : "No search to list (search with / first)");
		return;
	}
	int wrapped;
	u->mode = MODE_RESULTS;
	u->lists[MODE_RESULTS].sel = v->hits.cur < v->hits.n
	                                     ? v->hits.cur
	                                     : find_from(&v->hits, view_place(v), 1, &wrapped);
	v->dirty = 1;
}

/* Back to the mode help was opened from, its panes as they were. */
static void
help_close(struct ui *u)
{
	u->mode = u->help_return;
	resize_view(u);
}

static void
help_toggle(struct ui *u)
{
	if (u->mode == MODE_HELP) {
		help_close(u);
		return;
	}
	u->help_return = u->mode;
	u->mode = MODE_HELP;
	u->help_first = 0;
	u->v.dirty = 1;
}

/* What needs the whole document, not just the first part of a big file. */
static const unsigned char needs_whole[ACT_COUNT] = {
	[ACT_BOTTOM] = 1,          [ACT_PERCENT] = 1,    [ACT_NEXT_SECTION] = 1,
	[ACT_PREV_SECTION] = 1,    [ACT_TOC] = 1,        [ACT_SEARCH_FORWARD] = 1,
	[ACT_SEARCH_BACKWARD] = 1, [ACT_NEXT_MATCH] = 1, [ACT_PREV_MATCH] = 1,
	[ACT_RESULTS] = 1,         [ACT_MARK_SET] = 1,   [ACT_MARK_GO] = 1,
	[ACT_RAW] = 1,
};

/* Run a reading-mode action once. */
static void
act(struct ui *u, enum action a)
{
	struct view *v = &u->v;
	switch (a) {
	case ACT_TOC:
		toc_toggle(u);
		break;
	case ACT_SEARCH_FORWARD:
	case ACT_SEARCH_BACKWARD:
		u->mode = MODE_PROMPT;
		view_prompt_open(v, a == ACT_SEARCH_FORWARD ? 1 : -1);
		break;
	case ACT_RESULTS:
		results_open(u);
		break;
	case ACT_MARK_SET:
		u->mode = MODE_MARK_SET;
		view_say(v, "Set mark: type a letter (a-z)");
		break;
	case ACT_MARK_GO:
		u->mode = MODE_MARK_GO;
		view_say(v, "Go to mark: a letter, or ' for the last jump");
		break;
	case ACT_HELP:
		help_toggle(u);
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		v->dirty = 1;
		break;
	case ACT_SUSPEND:
		/*
		 * The terminal sends Ctrl-Z as SIGTSTP, which ncurses handles
		 * (restoring the screen and taking it back on fg); should the key
		 * itself arrive, do as the signal would.
		 */
		raise(SIGTSTP);
		v->dirty = 1;
		break;
	case ACT_RAW:
		toggle_raw(u);
		break;
	case ACT_QUIT:
		u->quit = 1;
		break;
	default:
		view_command(v, a);
		break;
	}
}

/* Run a reading-mode action, with the whole document if it needs it. */
static void
run_action(struct ui *u, enum action a)
{
	if (needs_whole[a])
		take_whole(u);
	act(u, a);
	if (u->v.want_whole) {
		u->v.want_whole = 0;
		take_whole(u);
		act(u, a);
	}
}

/* --- the modes: what each does with a key ----------------------------------- */

static void
read_key_fn(struct ui *u, int key)
{
	enum action a = keys_lookup(keys_reading, key);
	if (a == ACT_DIGIT) {
		view_count_digit(&u->v, key - '0');
		return;
	}
	if (a != ACT_NONE)
		run_action(u, a);
	u->v.count = -1; /* a count is for the next key only, whatever it was */
}

static void
prompt_key_fn(struct ui *u, int key)
{
	view_prompt_key(&u->v, keys_lookup(keys_prompt, key), key);
	if (!u->v.prompting)
		u->mode = MODE_READ;
}

/* Open the list of marks (after '?). */
static void
marks_open(struct ui *u)
{
	u->nmarks = view_marks(&u->v, u->marks);
	if (u->nmarks == 0) {
		view_say(&u->v, "No marks yet: m and a letter sets one");
		return;
	}
	u->mode = MODE_MARKS;
	u->lists[MODE_MARKS].sel = 0;
	u->v.dirty = 1;
}

static void
mark_key_fn(struct ui *u, int key)
{
	enum mode m = u->mode;
	enum action a = keys_lookup(keys_mark, key);
	u->mode = MODE_READ;
	u->v.dirty = 1;
	if (a == ACT_MARK_LIST && m == MODE_MARK_GO)
		marks_open(u);
	else if (a == ACT_MARK_CANCEL)
		return;
	else if (m == MODE_MARK_SET)
		view_mark_set(&u->v, key); /* anything but a letter does nothing */
	else
		view_mark_go(&u->v, key);
}

/* Entries of the list the mode shows. */
static size_t
list_count(const struct ui *u, enum mode m)
{
	switch (m) {
	case MODE_TOC:
		return u->v.d->nsections;
	case MODE_RESULTS:
		return u->v.hits.n;
	case MODE_MARKS:
		return u->nmarks;
	default:
		return 0;
	}
}

/* Rows a list shows: the contents the whole height, the others under a header row; 0: no list. */
static size_t
list_rows(enum mode m)
{
	if (m != MODE_TOC && m != MODE_RESULTS && m != MODE_MARKS)
		return 0;
	int rows = m == MODE_TOC ? LINES - 1 : LINES - 2;
	return rows > 0 ? (size_t)rows : 0;
}

/* Jump to section s from the contents, and give the screen back to the text. */
static void
toc_choose(struct ui *u, size_t s)
{
	u->lists[MODE_TOC].sel = s;
	if (s < u->v.d->nsections)
		view_jump(&u->v, view_section_start(&u->v, s));
	toc_toggle(u);
}

/* Keys in the lists: the contents pane, the list of matches, the list of marks. */
static void
list_key_fn(struct ui *u, int key)
{
	enum action a = keys_lookup(keys_list, key);
	enum mode m = u->mode;
	struct list *li = &u->lists[m];
	if (a == ACT_NONE) {
		/* Help and redraw work everywhere. */
		a = keys_lookup(keys_reading, key);
		if (a == ACT_HELP || a == ACT_REDRAW)
			act(u, a);
		return;
	}
	if (view_list_move(&li->sel, list_count(u, m), list_rows(m) > 1 ? list_rows(m) - 1 : 1,
	                   a)) {
		u->v.dirty = 1;
	} else if (a == ACT_LIST_CHOOSE && m == MODE_TOC) {
		toc_choose(u, li->sel);
	} else if (a == ACT_LIST_CHOOSE && m == MODE_RESULTS) {
		u->mode = MODE_READ;
		view_show_match(&u->v, li->sel);
	} else if (a == ACT_LIST_CHOOSE && m == MODE_MARKS) {
		u->mode = MODE_READ;
		view_mark_go(&u->v, u->marks[li->sel].letter);
	} else if (a == ACT_LIST_CLOSE && m == MODE_TOC) {
		toc_toggle(u);
	} else if (a == ACT_LIST_CLOSE) {
		u->mode = MODE_READ;
		u->v.dirty = 1;
	}
}

static void
help_key_fn(struct ui *u, int key)
{
	/* Help scrolls with the list keys; any other key closes it. */
	int page = LINES > 2 ? LINES - 2 : 1;
	switch (keys_lookup(keys_list, key)) {
	case ACT_LIST_DOWN:
		u->help_first++;
		break;
	case ACT_LIST_UP:
		u->help_first -= u->help_first > 0;
		break;
	case ACT_LIST_PAGE_DOWN:
		u->help_first += page;
		break;
	case ACT_LIST_PAGE_UP:
		u->help_first = u->help_first > page ? u->help_first - page : 0;
		break;
	case ACT_LIST_FIRST:
		u->help_first = 0;
		break;
	case ACT_LIST_LAST:
		u->help_first = INT_MAX / 2; /* prepare() stops it at the end */
		break;
	default:
		help_close(u);
	}
	u->v.dirty = 1;
}

/* --- the modes: how each is drawn ------------------------------------------ */

static int
highlight_at(void *arg, size_t off)
{
	return view_highlight(arg, off);
}

/* The text panes, from column x0. */
static void
draw_text(const struct ui *u, int x0)
{
	struct view *v = (struct view *)&u->v; /* the layout caches lines as they are asked for */
	struct render_hl hl = { highlight_at, v };
	render_text(v->l, v->d, &v->g, v->top, x0, &hl);
}

/* The last row: a message, or the status line. */
static void
draw_status(const struct ui *u)
{
	struct view *v = (struct view *)&u->v;
	if (u->loading) {
		render_message("Loading the whole document…");
		return;
	}
	if (v->message[0]) {
		render_message(v->message);
		return;
	}
	struct buf left = { 0 }, right = { 0 };
	view_status(v, COLS, &left, &right);
	render_status(left.data, right.data);
	buf_free(&left);
	buf_free(&right);
}

static void
draw_read(const struct ui *u)
{
	draw_text(u, 0);
	draw_status(u);
}

static void
draw_toc(const struct ui *u)
{
	struct view *v = (struct view *)&u->v;
	const struct doc *d = v->d;
	const struct list *li = &u->lists[MODE_TOC];
	int height = LINES - 1, n = 0;
	size_t cur = view_section(v);
	struct render_toc_row *rows = xcalloc(height > 0 ? (size_t)height : 1, sizeof *rows);
	struct buf *labels = xcalloc(height > 0 ? (size_t)height : 1, sizeof *labels);
	for (size_t s = li->first; s < d->nsections && n < height; s++, n++) {
		int indent = view_toc_indent(d, s, u->toc_width);
		view_toc_label(d, s, u->toc_width - indent - 2, &labels[n]);
		rows[n] = (struct render_toc_row){ labels[n].data, indent, s == li->sel, s == cur };
	}
	render_toc(rows, n, u->toc_width, height);
	for (int k = 0; k < n; k++)
		buf_free(&labels[k]);
	free(labels);
	free(rows);
	draw_text(u, u->toc_width + 1);
	draw_status(u);
}

static void
draw_prompt(const struct ui *u)
{
	const struct view *v = &u->v;
	char note[160] = "";
	draw_text(u, 0);
	if (v->hits.n > 0)
		snprintf(note, sizeof note, "match %zu/%zu", v->hits.cur + 1, v->hits.n);
	else if (v->hits.error[0])
		snprintf(note, sizeof note, "regex: %s", v->hits.error);
	else if (v->prompt.text.len > 0)
		snprintf(note, sizeof note, "Pattern not found");
	render_prompt(v->dir > 0 ? '/' : '?', find_prompt_text(&v->prompt), v->prompt.cursor, note);
}

/* The results list: every match with its section and context. */
static void
draw_results(const struct ui *u)
{
	const struct view *v = &u->v;
	int rows = LINES - 2;
	size_t n = v->hits.n;
	if (rows < 1)
		return;
	struct render_row *r = xcalloc((size_t)rows, sizeof *r);
	struct buf *texts = xcalloc((size_t)rows, sizeof *texts);
	int k = 0;
	for (size_t i = u->lists[MODE_RESULTS].first; i < n && k < rows; i++, k++) {
		char pre[32];
		size_t ms = 0, me = 0;
		snprintf(pre, sizeof pre, "§%-4zu ",
		         search_section_number(v->d, v->hits.m[i].start));
		buf_adds(&texts[k], pre);
		search_context(v->d, &v->hits.m[i], COLS / 2, &texts[k], &ms, &me);
		r[k] = (struct render_row){ texts[k].data, ms, me,
			                    i == u->lists[MODE_RESULTS].sel };
	}
	char header[256];
	snprintf(header, sizeof header, "%zu matches of \"%s\" — Enter jumps, Esc closes", n,
	         v->hits.query);
	render_results(header, r, k);
	render_status("", "");
	for (int i = 0; i < rows; i++)
		buf_free(&texts[i]);
	free(texts);
	free(r);
}

/* The list of marks: each with its section, its percentage and the words there. */
static void
draw_marks(const struct ui *u)
{
	const struct list *li = &u->lists[MODE_MARKS];
	size_t rows = list_rows(MODE_MARKS);
	struct render_row r[VIEW_MARKS_MAX] = { { NULL, 0, 0, 0 } };
	struct buf texts[VIEW_MARKS_MAX];
	int k = 0;
	memset(texts, 0, sizeof texts);
	for (size_t i = li->first; i < u->nmarks && (size_t)k < rows; i++, k++) {
		view_mark_line((struct view *)&u->v, &u->marks[i], COLS, &texts[k]);
		r[k] = (struct render_row){ texts[k].data, 0, 0, i == li->sel };
	}
	render_results("Marks — Enter goes to one, Esc closes", r, k);
	render_status("", "");
	for (int i = 0; i < k; i++)
		buf_free(&texts[i]);
}

static void
draw_help(const struct ui *u)
{
	render_help(u->help_first);
}

static const struct mode_ops modes[MODE_COUNT] = {
	[MODE_READ] = { keys_reading, read_key_fn, draw_read },
	[MODE_TOC] = { keys_list, list_key_fn, draw_toc },
	[MODE_HELP] = { keys_list, help_key_fn, draw_help },
	[MODE_PROMPT] = { keys_prompt, prompt_key_fn, draw_prompt },
	[MODE_RESULTS] = { keys_list, list_key_fn, draw_results },
	[MODE_MARK_SET] = { keys_mark, mark_key_fn, draw_read },
	[MODE_MARK_GO] = { keys_mark, mark_key_fn, draw_read },
	[MODE_MARKS] = { keys_list, list_key_fn, draw_marks },
};

/* Settle what drawing needs (which rows the lists and the help show) before drawing. */
static void
prepare(struct ui *u)
{
	enum mode m = u->mode;
	if (m == MODE_TOC || m == MODE_RESULTS || m == MODE_MARKS)
		u->lists[m].first =
		        view_list_first(u->lists[m].sel, list_count(u, m), list_rows(m));
	if (m == MODE_HELP)
		u->help_first = render_help_first(u->help_first);
}

/* Draw the screen as the state says; nothing here changes the state. */
static void
draw(struct ui *u)
{
	erase();
	if (COLS < MIN_COLS || LINES < MIN_ROWS)
		render_too_small();
	else
		modes[u->mode].draw(u);
	refresh();
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
		case KEY_LEFT:
			return K_LEFT;
		case KEY_RIGHT:
			return K_RIGHT;
		case KEY_DC:
			return K_DELETE;
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
	if ((up || down) && list_rows(u->mode) > 0 && list_count(u, u->mode) > 0) {
		/* In a list the wheel moves the selection, as j and k do. */
		for (int k = 0; k < 3; k++)
			view_list_move(&u->lists[u->mode].sel, list_count(u, u->mode), 1,
			               up ? ACT_LIST_UP : ACT_LIST_DOWN);
		u->v.dirty = 1;
	} else if ((up || down) && u->mode == MODE_HELP) {
		u->help_first =
		        up ? (u->help_first > 3 ? u->help_first - 3 : 0) : u->help_first + 3;
		u->v.dirty = 1;
	} else if (up) {
		view_scroll(&u->v, -3);
	} else if (down) {
		view_scroll(&u->v, 3);
	} else if (u->mode == MODE_TOC && m->x < u->toc_width &&
	           (m->bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED))) {
		size_t s = u->lists[MODE_TOC].first + (size_t)m->y;
		if (s < u->v.d->nsections)
			toc_choose(u, s); /* as Enter does */
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

/* The first screen: a saved place, a section, a search, keywords. */
static void
open_at_start(struct ui *u)
{
	const struct opts *o = &u->o;
	struct view *v = &u->v;
	/*
	 * What the first screen needs from a big file still loading: the whole
	 * of it for a saved position, a section, a search or keywords; else the
	 * first part is shown now and the whole swapped in when it arrives.
	 */
	int from_stdin = strcmp(o->path ? o->path : "-", "-") == 0;
	if (!loader_complete(u->ld) && (o->section > 0 || o->search || o->nkeywords ||
	                                (o->remember && !from_stdin && state_known(o->path))))
		take_whole(u);
	if (loader_complete(u->ld))
		open_state(u); /* no-op if the swap above opened it */
	size_t saved;
	if (o->remember && !o->search && o->section <= 0 && v->state &&
	    state_position(v->state, &saved) == 0)
		view_set_place(v, saved);
	else if (!o->search && o->section <= 0)
		view_set_place(v, view_body(v)); /* a first opening: the title, not a licence */
	if (o->section > 0 && (size_t)o->section <= v->d->nsections)
		view_jump(v, view_section_start(v, (size_t)o->section - 1));
	else if (o->section > 0)
		view_say(v, "No section %ld (the document has %zu)", o->section, v->d->nsections);
	v->nkeywords = o->nkeywords;
	v->keywords = xcalloc(o->nkeywords ? o->nkeywords : 1, sizeof *v->keywords);
	for (size_t k = 0; k < o->nkeywords; k++)
		view_find(v, &v->keywords[k], o->keywords[k]);
	if (o->search) {
		view_find(v, &v->hits, o->search);
		find_history_add(&v->history, o->search);
		if (v->state)
			state_history_add(v->state, o->search);
		if (v->hits.n > 0)
			view_show_match(v, 0);
		else
			view_say_not_found(v, &v->hits);
	}
	v->dirty = 1;
}

int
ui_run(struct loader *ld, const struct opts *o)
{
	struct ui u = { 0 };
	struct sigaction sa;
	MEVENT mev;

	/* Wide characters need a UTF-8 locale; take the user's, or C.UTF-8. */
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");

	u.ld = ld;
	u.o = *o;
	struct doc *d = loader_doc(ld);
	struct layout_opts lo = { o->width, o->justify, o->hyphenate, d->lang };
	view_init(&u.v, d, &lo, o->width, o->columns);
	u.v.partial = !loader_complete(ld);
	if (open_terminal(&u) < 0) {
		view_free(&u.v);
		return UI_NO_TERMINAL;
	}
	msg_set_die_hook(restore_terminal);
	/* From here on, messages go to the status line. */
	noticed = &u;

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
	resize_view(&u);
	open_at_start(&u);

	while (!u.quit && !ui_signal) {
		if (loader_ready(ld))
			swap_whole(&u);
		take_messages();
		/* Work between keys (counting words for the times left), a slice at a time. */
		int busy = view_work(&u.v, WORK_SLICE);
		/* While there is work or a big file loads, wake up for it. */
		timeout(busy ? 0 : loader_complete(ld) ? -1 : 50);
		if (u.v.dirty) {
			prepare(&u);
			draw(&u);
			u.v.dirty = 0;
		}
		int key = read_key(&mev);
		if (key < 0 || ui_signal)
			continue;
		/* A message stays until the next key (a resize is not one). */
		if (key != K_RESIZE && u.v.message[0]) {
			u.v.message[0] = '\0';
			u.v.dirty = 1;
		}
		if (key == K_RESIZE) {
			u.toc_width = COLS / 3 < 40 ? COLS / 3 : 40;
			resize_view(&u);
			continue;
		}
		if (key == K_MOUSE) { /* in every mode (the key table's "mouse" says what it does) */
			mouse(&u, &mev);
			if (u.v.want_whole) { /* the wheel went past the first part */
				u.v.want_whole = 0;
				take_whole(&u);
				mouse(&u, &mev);
			}
			continue;
		}
		modes[u.mode].key(&u, key);
	}

	/* Save first: the place is known only while the layout lives. */
	if (u.v.state == NULL && (flow_cmp(u.v.top, flow_start()) != 0 || u.v.history.n))
		take_whole(&u); /* something to save: the fingerprint needs the whole text */
	close_state(&u); /* its messages are held, and printed once the terminal is back */

	endwin();
	delscreen(u.screen);
	if (u.tty)
		fclose(u.tty);
	msg_set_die_hook(NULL);
	noticed = NULL;
	view_free(&u.v);
	if (ui_signal) {
		int sig = ui_signal;
		signal(sig, SIG_DFL);
		raise(sig);
		return 128 + sig;
	}
	return 0;
}
