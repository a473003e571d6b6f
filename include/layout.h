/*
 * layout.h — blocks into lines.  A line is a byte range of the document
 * text plus what the text does not hold (indent, a hyphen at a chosen
 * break); layout_walk() turns it into positioned cells for the screen and
 * for --dump alike.
 */
#ifndef LISEUSE_LAYOUT_H
#define LISEUSE_LAYOUT_H

#include <stddef.h>

#include "doc.h"

struct layout_opts {
	int width;        /* the measure, in columns (at least 1) */
	int justify;      /* justified, else ragged right */
	int hyphenate;    /* use hyphenation points */
	const char *lang; /* hyphenation patterns: hyph_<lang>.dic */
};

struct line {
	size_t start, end;    /* the text shown: doc->text[start, end) */
	int width;            /* its display columns, spaces at natural width, no indent */
	int indent;           /* columns before the text (indent, hang, quote bars) */
	unsigned char hyphen; /* draw a '-' after the text: a chosen hyphenation */
	unsigned char last;   /* ends its block or a forced break (never justified) */
	unsigned char mark;   /* continues a cut code line: "↪ " before the text */
};

/* One thing to draw at a column of a line. */
struct cell {
	int col;       /* columns from the line's left edge */
	int width;     /* columns it covers (a justified space may cover several) */
	const char *s; /* UTF-8 to draw; a space cell has " " */
	size_t n;
	size_t off;     /* its byte offset in doc->text */
	unsigned style; /* STYLE_* of the spans it is in, plus CELL_* below */
};

enum {
	CELL_SPACE = 0x100,   /* blank between words (s is " ") */
	CELL_HYPHEN = 0x200,  /* the hyphen added at a break */
	CELL_HEADING = 0x400, /* text of a heading */
	CELL_BAR = 0x800,     /* a block-quote bar */
	CELL_MARK = 0x1000,   /* a continuation marker of a clipped code line */
};

typedef void (*layout_cell_fn)(void *arg, const struct cell *c);

struct layout;

/* A layout of d; blocks are prepared and fitted on first use, then cached. */
struct layout *layout_create(const struct doc *d, const struct layout_opts *o);
void layout_free(struct layout *l);

/* Change the options; fitted lines are recomputed lazily, preparation kept. */
void layout_set_opts(struct layout *l, const struct layout_opts *o);
const struct layout_opts *layout_get_opts(const struct layout *l);

/* The lines of block b at the current options (never NULL; *n >= 1). */
const struct line *layout_lines(struct layout *l, size_t b, size_t *n);

/* Forget the cached lines of block b (the caller keeps memory bounded). */
void layout_forget(struct layout *l, size_t b);

/* The line break opportunities of t[0, n) as u8_possible_linebreaks() gives them, faster. */
void layout_breaks(const char *t, size_t n, char *brk);

/* Call fn for every cell of line ln of block b, left to right. */
void layout_walk(struct layout *l, size_t b, const struct line *ln, layout_cell_fn fn, void *arg);

/*
 * Would layout_walk() draw line ln of block b as nothing but the bytes of
 * its text, column after column from ln->indent on, then '-' if ln->hyphen?
 * (No quote bar, mark, rule, stretched space nor soft hyphen.)  Then a text
 * backend may copy the bytes and skip the cells; styles aside, the result
 * is the same.
 */
int layout_plain(const struct layout *l, size_t b, const struct line *ln);

/*
 * Call fn for every cell of the blank row between block b and the next:
 * the quote bars the two share (as many as the shallower has), so that a
 * quote reads as one column of bars across its paragraphs.
 */
void layout_walk_gap(struct layout *l, size_t b, layout_cell_fn fn, void *arg);

#endif
