/*
 * ui.c — the interactive reader: the terminal's life cycle, the event
 * loop, the modes (reading, contents, help) and the commands keys run.
 *
 * The shape follows tmux and ncdu: a key is looked up in the key table
 * (keys.c), its command changes the view state and sets `dirty`, and the
 * loop redraws once when there is no more input waiting.  Commands never
 * draw.  The reader's place is the view's top row; whatever must survive a
 * relayout (resize, + - =, J, c) is first turned into a byte offset, the
 * one coordinate every module shares, and back into a row afterwards.
 *
 * The terminal is always handed back: on q, on SIGINT/SIGTERM/SIGHUP (a
 * flag checked by the loop; getch returns as the handlers do not restart
 * it), and on any fatal error through the die() hook.  Ctrl-Z is left to
 * ncurses' own SIGTSTP handling, which restores and resumes the screen.
 */
#include "ui.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flow.h"
#include "keys.h"
#include "layout.h"
#include "render.h"

enum mode {
	MODE_READ,
	MODE_TOC,
	MODE_HELP,
};

enum { MIN_COLS = 12, MIN_ROWS = 3, WIDTH_STEP = 4, WIDTH_MIN = 16 };

struct ui {
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
	SCREEN *screen;
	FILE *tty;
};

static volatile sig_atomic_t ui_signal;

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
	flow_move(u->l, u->d, &u->top, n);
	clamp(u);
	u->dirty = 1;
}

/* Jump to the row showing byte offset off. */
static void
jump_to(struct ui *u, size_t off)
{
	u->top = flow_at(u->l, u->d, off);
	clamp(u);
	u->dirty = 1;
}

static void
jump_section(struct ui *u, size_t s)
{
	if (s < u->d->nsections)
		jump_to(u, u->d->blocks[u->d->sections[s].block].start);
}

/* The section the reader is in: the last one starting at or above the top row. */
static size_t
current_section(struct ui *u)
{
	const struct doc *d = u->d;
	size_t b = u->top.block, s = d->nblocks ? d->blocks[b].section : 0;
	return s;
}

static void cmd_line_down(struct ui *u) { scroll_rows(u, 1); }
static void cmd_line_up(struct ui *u) { scroll_rows(u, -1); }
static void cmd_page_down(struct ui *u) { scroll_rows(u, flow_page_rows(&u->g)); }
static void cmd_page_up(struct ui *u) { scroll_rows(u, -flow_page_rows(&u->g)); }
static void cmd_half_down(struct ui *u) { scroll_rows(u, (flow_page_rows(&u->g) + 1) / 2); }
static void cmd_half_up(struct ui *u) { scroll_rows(u, -(flow_page_rows(&u->g) + 1) / 2); }

static void
cmd_top(struct ui *u)
{
	u->top = flow_start();
	u->dirty = 1;
}

static void
cmd_bottom(struct ui *u)
{
	u->top = flow_end(u->l, u->d);
	clamp(u);
	u->dirty = 1;
}

static void
cmd_next_section(struct ui *u)
{
	const struct doc *d = u->d;
	size_t here = place(u);
	for (size_t s = 0; s < d->nsections; s++) {
		if (d->blocks[d->sections[s].block].start > here) {
			jump_section(u, s);
			return;
		}
	}
	snprintf(u->message, sizeof u->message, "Last section");
	u->dirty = 1;
}

static void
cmd_prev_section(struct ui *u)
{
	const struct doc *d = u->d;
	size_t here = place(u);
	for (size_t s = d->nsections; s-- > 0;) {
		if (d->blocks[d->sections[s].block].start < here) {
			jump_section(u, s);
			return;
		}
	}
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
	int w = (u->o.width > 0 ? u->o.width : u->g.colw) + WIDTH_STEP;
	set_width(u, w);
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

static void
cmd_help(struct ui *u)
{
	u->mode = u->mode == MODE_HELP ? MODE_READ : MODE_HELP;
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
	[ACT_WIDER] = cmd_wider,
	[ACT_NARROWER] = cmd_narrower,
	[ACT_WIDTH_DEFAULT] = cmd_width_default,
	[ACT_JUSTIFY] = cmd_justify,
	[ACT_COLUMNS] = cmd_columns,
	[ACT_HELP] = cmd_help,
	[ACT_REDRAW] = cmd_redraw,
	[ACT_QUIT] = cmd_quit,
};

static int
action_available(enum action a)
{
	return commands[a] != NULL;
}

/* Keys in the contents pane. */
static void
toc_key(struct ui *u, int key)
{
	size_t n = u->d->nsections;
	switch (key) {
	case 'j':
	case K_DOWN:
		if (u->toc_sel + 1 < n)
			u->toc_sel++;
		break;
	case 'k':
	case K_UP:
		if (u->toc_sel > 0)
			u->toc_sel--;
		break;
	case K_PGDN:
	case ' ':
		u->toc_sel = u->toc_sel + (size_t)(LINES - 1) < n ? u->toc_sel + (size_t)(LINES - 1) : n - 1;
		break;
	case K_PGUP:
	case 'b':
		u->toc_sel = u->toc_sel > (size_t)(LINES - 1) ? u->toc_sel - (size_t)(LINES - 1) : 0;
		break;
	case 'g':
	case K_HOME:
		u->toc_sel = 0;
		break;
	case 'G':
	case K_END:
		u->toc_sel = n - 1;
		break;
	case K_ENTER:
		jump_section(u, u->toc_sel);
		cmd_toc(u);
		return;
	case K_ESC:
		cmd_toc(u);
		return;
	default: {
		enum action a = keys_lookup(key);
		if (a == ACT_QUIT || a == ACT_TOC || a == ACT_HELP || a == ACT_REDRAW)
			commands[a](u);
		return;
	}
	}
	u->dirty = 1;
}

/* Status: title · section · §i/n · percentage. */
static void
draw_status(struct ui *u, struct flow_pos after)
{
	const struct doc *d = u->d;
	char left[512], right[64];
	size_t s = current_section(u);
	size_t end = after.block >= d->nblocks ? d->len : flow_offset(u->l, d, after);
	int at_end = flow_cmp(after, flow_end(u->l, d)) >= 0 &&
	             flow_cmp(u->top, flow_end(u->l, d)) <= 0;
	int pct = d->len ? (int)((double)end * 100.0 / (double)d->len) : 100;
	if (at_end || pct > 100)
		pct = 100;
	if (d->nsections > 0)
		snprintf(left, sizeof left, "%s · %s", d->title, d->sections[s].title);
	else
		snprintf(left, sizeof left, "%s", d->title);
	if (d->nsections > 0)
		snprintf(right, sizeof right, " · §%zu/%zu · %d%%", s + 1, d->nsections, pct);
	else
		snprintf(right, sizeof right, " · %d%%", pct);
	render_status(left, right);
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
		render_help(action_available);
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
	struct flow_pos after = render_text(u->l, u->d, &u->g, u->top, x0, NULL);
	/* after is the first row not shown; at the very end it equals the last row. */
	if (u->message[0])
		render_message(u->message);
	else
		draw_status(u, after);
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
		case KEY_UP: return K_UP;
		case KEY_DOWN: return K_DOWN;
		case KEY_LEFT: return K_LEFT;
		case KEY_RIGHT: return K_RIGHT;
		case KEY_PPAGE: return K_PGUP;
		case KEY_NPAGE: return K_PGDN;
		case KEY_HOME: return K_HOME;
		case KEY_END: return K_END;
		case KEY_ENTER: return K_ENTER;
		case KEY_BACKSPACE: return K_BACKSPACE;
		case KEY_F(1): return K_F1;
		case KEY_RESIZE: return K_RESIZE;
		case KEY_MOUSE:
			return getmouse(mev) == OK ? K_MOUSE : 0;
		default: return 0;
		}
	}
	switch (wc) {
	case '\n':
	case '\r': return K_ENTER;
	case 27: return K_ESC;
	case '\t': return K_TAB;
	case 127:
	case 8: return K_BACKSPACE;
	default: return (int)wc;
	}
}

static void
mouse(struct ui *u, const MEVENT *m)
{
	if (m->bstate & BUTTON4_PRESSED) {
		scroll_rows(u, -3);
	} else if (m->bstate & (BUTTON5_PRESSED)) {
		scroll_rows(u, 3);
	} else if (u->mode == MODE_TOC && m->x < u->toc_width &&
	           (m->bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED))) {
		size_t s = u->toc_first + (size_t)m->y;
		if (s < u->d->nsections) {
			u->toc_sel = s;
			jump_section(u, s);
			u->dirty = 1;
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
ui_run(struct doc *d, const struct opts *o)
{
	struct ui u = {0};
	struct sigaction sa;
	MEVENT mev;

	/* Wide characters need a UTF-8 locale; take the user's, or C.UTF-8. */
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");

	u.d = d;
	u.o = *o;
	u.lo.justify = o->justify;
	u.lo.hyphenate = o->hyphenate;
	u.lo.lang = d->lang;
	if (open_terminal(&u) < 0) {
		notice("cannot use the terminal (TERM=%s)", getenv("TERM") ? getenv("TERM") : "");
		return 2;
	}
	util_set_die_hook(restore_terminal);

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
	if (o->section > 0 && (size_t)o->section <= d->nsections)
		jump_section(&u, (size_t)o->section - 1);
	else if (o->section > 0)
		snprintf(u.message, sizeof u.message, "No section %ld (the document has %zu)",
		         o->section, d->nsections);
	u.dirty = 1;

	while (!u.quit && !ui_signal) {
		if (u.dirty) {
			draw(&u);
			u.dirty = 0;
			u.message[0] = '\0';
		}
		int key = read_key(&mev);
		if (key < 0 || ui_signal)
			continue;
		if (key == K_RESIZE) {
			u.toc_width = COLS / 3 < 40 ? COLS / 3 : 40;
			reflow(&u);
			continue;
		}
		if (key == K_MOUSE) {
			mouse(&u, &mev);
			continue;
		}
		if (u.mode == MODE_HELP) {
			u.mode = MODE_READ;
			u.dirty = 1;
			continue;
		}
		if (u.mode == MODE_TOC) {
			toc_key(&u, key);
			continue;
		}
		enum action a = keys_lookup(key);
		if (a != ACT_NONE && commands[a])
			commands[a](&u);
	}

	endwin();
	delscreen(u.screen);
	if (u.tty)
		fclose(u.tty);
	util_set_die_hook(NULL);
	layout_free(u.l);
	if (ui_signal) {
		int sig = ui_signal;
		signal(sig, SIG_DFL);
		raise(sig);
		return 128 + sig;
	}
	return 0;
}
