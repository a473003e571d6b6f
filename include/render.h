/*
 * render.h — all drawing: the text panes, the contents pane, the status
 * line, the help screen.  The only module besides ui.c that knows curses.
 */
#ifndef LISEUSE_RENDER_H
#define LISEUSE_RENDER_H

#include <stddef.h>

#include "flow.h"
#include "keys.h"
#include "view.h"

/* What to highlight: kind of the byte at off, or HL_NONE. */
struct render_hl {
	int (*at)(void *arg, size_t off);
	void *arg;
};

/* Set up colours (when color and the terminal has them). */
void render_init(int color);

/* Draw the panes from top, at screen column x0; returns the position after the last row. */
struct flow_pos render_text(struct layout *l, const struct doc *d, const struct flow_geom *g,
                            struct flow_pos top, int x0, const struct render_hl *hl);

/* A row of the contents pane: its label (fitted already), indent, and how it is shown. */
struct render_toc_row {
	const char *label;
	int indent;
	int selected; /* the entry Enter would go to */
	int current;  /* the section the reader is in */
};

/* The contents pane: n rows of entries in a pane width columns wide and height rows high. */
void render_toc(const struct render_toc_row *rows, int n, int width, int height);

/* The status line: left text and right text on the last row. */
void render_status(const char *left, const char *right);

/* A one-line message on the last row instead of the status. */
void render_message(const char *msg);

/*
 * The search prompt on the last row: prefix ('/' or '?'), the text typed
 * with the cursor at byte cursor, and a note at the right.
 */
void render_prompt(char prefix, const char *text, size_t cursor, const char *note);

/* One row of the results list: text, the match inside it [ms, me), selected or not. */
struct render_row {
	const char *text;
	size_t ms, me;
	int selected;
};

/* The results list: a header row, then rows, over the whole screen but the status row. */
void render_results(const char *header, const struct render_row *rows, int n);

/* The help screen, generated from the key tables, from row first when it does not fit. */
void render_help(int first);

/* The first row of help that can be shown at this size, for a wish of first. */
int render_help_first(int first);

/* Too small a terminal: a short notice. */
void render_too_small(void);

#endif
