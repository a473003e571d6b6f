/*
 * view.h — the reader's view of a document, without a terminal: where it
 * is, the panes it is poured into, and every command that moves it
 * (scroll, pages, sections, marks, the jump back, searches).  The
 * interface gives it a text area in rows and columns and draws what it
 * says; tests drive it the same way.
 */
#ifndef LISEUSE_VIEW_H
#define LISEUSE_VIEW_H

#include <stddef.h>

#include "find.h"
#include "flow.h"
#include "keys.h"
#include "layout.h"
#include "state.h"

/* Highlight kinds a cell may carry (search matches, keywords). */
enum {
	HL_NONE = 0,
	HL_MATCH = 1,
	HL_CURRENT = 2,
	HL_KEYWORD = 3, /* HL_KEYWORD + k for keyword k */
};

struct view {
	struct doc *d;
	struct layout *l;
	struct layout_opts lo;
	struct flow_geom g;
	int width;      /* the measure asked for (0: the whole pane) */
	int columns;    /* the panes asked for: COLUMNS_AUTO or 1..3 */
	int cols, rows; /* the text area: the panes and nothing else */
	struct flow_pos top;
	int partial;    /* d is the first part of a big file, the whole still to come */
	int want_whole; /* a command needs the whole: it did nothing, run it again then */
	int dirty;      /* the screen must be drawn again */
	long count;     /* the number typed before a command (3j, 10G, 50%), or -1 */
	char message[512];
	/* marks and the jump back */
	struct state *state; /* marks live here; NULL: none can be set */
	size_t jump_from;    /* where the reader was before the last jump ('') */
	int has_jump;
	/* search */
	struct search_index *ix;
	struct find hits;   /* the search shown */
	struct find before; /* what was shown when the prompt opened */
	struct flow_pos before_top;
	int dir;        /* 1 forward, -1 backward: of the last / or ? */
	int hidden;     /* Esc hid the matches (n shows them again, moving on) */
	int prompting;  /* the prompt is open */
	int wrapped;    /* the prompt's search wrapped around to find its match */
	int before_dir; /* dir and hidden when the prompt opened, for Esc */
	int before_hidden;
	struct find_prompt prompt;
	struct find_history history;
	struct find *keywords; /* -k, each its own colour */
	size_t nkeywords;
	/* reading time */
	size_t *words; /* words[b]: the words of the blocks before b, for b < nwords */
	size_t nwords;
};

/* A view of d at the top, laid out with lo, for a text area to be given by view_resize(). */
void view_init(struct view *v, struct doc *d, const struct layout_opts *lo, int width, int columns);

/* Free what the view holds (not the document, nor the state). */
void view_free(struct view *v);

/* Give the view a text area of cols × rows and lay it out again, keeping the place. */
void view_resize(struct view *v, int cols, int rows);

/* Say something on the status line until the next key. */
void view_say(struct view *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The byte offset of the reader's place: the first row on screen. */
size_t view_place(struct view *v);

/* The row after the last one on screen. */
struct flow_pos view_bottom(struct view *v);

/* Is byte off on the screen? */
int view_on_screen(struct view *v, size_t off);

/* Scroll n rows (down if n > 0), never past a full last page. */
void view_scroll(struct view *v, long n);

/* Put the row showing byte off at the top (as far as a full last page allows). */
void view_set_place(struct view *v, size_t off);

/* Jump to the row showing byte off, remembering where the reader was (''). */
void view_jump(struct view *v, size_t off);

/* Where section s starts. */
size_t view_section_start(const struct view *v, size_t s);

/*
 * Where the body of the text starts: after the front matter the parser
 * marked (a Project Gutenberg header, an ABU licence), on the title or the
 * first chapter.  A first opening starts there.
 */
size_t view_body(const struct view *v);

/* The section the reader is in. */
size_t view_section(struct view *v);

/*
 * Run a reading command (motion, section, search steps, measure), with the
 * count typed before it if any: 3j three lines, 3 Space three lines (as in
 * less), 10G row 10 of the laid-out text, 50% halfway, 4] section 4, 3n the
 * third match on, 60= a measure of 60, 2c two columns.
 */
void view_command(struct view *v, enum action a);

/* A digit of the count typed before a command. */
void view_count_digit(struct view *v, int digit);

/* Set mark letter here / go to it; '' (letter '\'') goes back to before the last jump. */
void view_mark_set(struct view *v, int letter);
void view_mark_go(struct view *v, int letter);

/* A mark: its letter ('\'' for the place before the last jump) and where it is. */
struct view_mark {
	int letter;
	size_t off;
};

enum { VIEW_MARKS_MAX = 27 };

/* The marks: '' first if there was a jump, then those set, by letter; out holds VIEW_MARKS_MAX. */
size_t view_marks(struct view *v, struct view_mark *out);

/* A line of the list of marks, fit to cols: its letter, §section, percentage, the words there. */
void view_mark_line(struct view *v, const struct view_mark *m, int cols, struct buf *out);

/*
 * A notice as the status line shows it: a file named before a colon
 * ("/home/me/books/candide.txt: not valid UTF-8…", ".../positions:3: …")
 * by its base name, so that its cause fits.
 */
void view_notice_shorten(const char *msg, struct buf *out);

/* Columns before the title of section s in a contents pane width wide (deeper levels further). */
int view_toc_indent(const struct doc *d, size_t s, int width);

/*
 * The title of section s as the contents pane shows it in cols columns:
 * whole if it fits, else without the words it shares with its neighbours
 * of the same level ("PREMIER — COMMENT…", not "CHAPITRE PREMIER"), cut
 * with "…".
 */
void view_toc_label(const struct doc *d, size_t s, int cols, struct buf *out);

/* Move the selection of a list of n entries by a list action (page: entries a page moves). */
int view_list_move(size_t *sel, size_t n, size_t page, enum action a);

/* The first entry of a list of n shown in rows, so that the selection stays in the middle. */
size_t view_list_first(size_t sel, size_t n, size_t rows);

/* Search: the highlight kind of byte off (HL_*). */
int view_highlight(struct view *v, size_t off);

/* Find every match of query into f (which keeps it): as find_run(), 0 empty, -1 a bad regex. */
int view_find(struct view *v, struct find *f, const char *query);

/* Say why f has no match ("Pattern not found: …", "Bad regular expression: …"); nothing if it has.
 */
void view_say_not_found(struct view *v, const struct find *f);

/* Make match i current and bring it into view. */
void view_show_match(struct view *v, size_t i);

/* n / N: the next match in the search's direction (dir 1) or against it (-1). */
void view_next_match(struct view *v, int dir);

/* Open the search prompt in direction dir. */
void view_prompt_open(struct view *v, int dir);

/* A key at the prompt: an editing action, or a character to type (action ACT_NONE). */
void view_prompt_key(struct view *v, enum action a, int key);

/* Set the width (0: the pane) and lay out again. */
void view_set_width(struct view *v, int width);

/*
 * The places that must survive the swap of the first part of a big file
 * for the whole, into at[]; returns how many (at most VIEW_PLACES).
 */
enum { VIEW_PLACES = 4 };
size_t view_places(struct view *v, size_t *at);

/* Put d, the whole document, in place of the first part; at[] as view_places gave, mapped. */
void view_take_whole(struct view *v, struct doc *d, const size_t *at);

/* The reading speed the times left are given at: words a minute, a steady adult reader's. */
enum { VIEW_WORDS_PER_MINUTE = 250 };

/* Where the reader is, as the status line says it. */
struct view_reading {
	size_t section;      /* the section at the top of the screen */
	int percent;         /* of the text up to the bottom of the screen */
	int timed;           /* the words are counted: the fields below are known */
	int chapter_percent; /* of the section's words, up to the bottom of the screen */
	size_t chapter_left; /* words after the bottom of the screen, in the section */
	size_t book_left;    /* words after the bottom of the screen */
};

void view_reading(struct view *v, struct view_reading *r);

/*
 * Work done between keys: counting the words of the document, about
 * budget bytes of text at a time (0: all).  Returns 1 while there is more.
 */
int view_work(struct view *v, size_t budget);

/*
 * The status line for a row of cols: left (title · section) and right
 * (the search and its match, §i/n, the chapter's
 * progress and time left, the book's time left, the percentage), the right
 * shortened, then thinned, as the row narrows: the match and §i/n go last.
 */
void view_status(struct view *v, int cols, struct buf *left, struct buf *right);

#endif
