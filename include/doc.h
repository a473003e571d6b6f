/*
 * doc.h — the document model: one text buffer, blocks as byte ranges in it,
 * inline style spans, and sections.  Parsers build it; layout, search and
 * the interface only read it.
 */
#ifndef LISEUSE_DOC_H
#define LISEUSE_DOC_H

#include <stddef.h>

#include "text.h"

enum block_kind {
	BLOCK_PARA,    /* prose: lines joined and refilled */
	BLOCK_HEADING, /* starts a section; filled like prose, shown bold */
	BLOCK_LINES,   /* '\n' inside are kept as line breaks (verse, lists of short lines) */
	BLOCK_CODE,    /* preformatted: never refilled nor hyphenated */
	BLOCK_RULE,    /* a thematic break; its text is empty */
};

/* Inline styles, a bit set. */
enum {
	STYLE_BOLD = 1,
	STYLE_ITALIC = 2,
	STYLE_CODE = 4,
	STYLE_LINK = 8,
};

/* A run of styled text inside a block; href is a byte offset in doc->strings or -1. */
struct span {
	size_t start, end;
	unsigned style;
	long href;
};

struct block {
	enum block_kind kind;
	int level;            /* heading level, 1 = top */
	int indent;           /* columns before every line (quotes, lists) */
	int hang;             /* more columns before every line but the first */
	int quote;            /* block-quote depth: one bar per level */
	size_t start, end;    /* its text: doc->text[start, end) */
	size_t section;       /* the section it belongs to */
	size_t span0, nspans; /* its spans: doc->spans[span0 .. span0 + nspans) */
	char lang[4];         /* its language when not the document's ("en"), else "" */
	unsigned char raw;    /* its lines kept as they are, like code (a heading in raw mode) */
};

struct section {
	size_t block; /* its heading block (or first block) */
	int level;
	char *title;
	size_t matter; /* front or back matter (a licence): its blocks from `block`; 0: body */
};

struct doc {
	char *text; /* the display text: blocks, each followed by '\n' */
	size_t len;
	struct block *blocks;
	size_t nblocks, capblocks;
	struct span *spans;
	size_t nspans, capspans;
	struct section *sections;
	size_t nsections, capsections;
	struct buf strings; /* link targets and other side strings */
	char *title;        /* the document title, or the file name */
	char *author;       /* the author(s) from the document's metadata, or NULL */
	char *name;         /* the file name as given, for messages */
	char lang[16];      /* the language used for hyphenation and typography */
	int format;         /* enum parse_format it was read as */
	int typo;           /* French spacing was applied to its text */
	int given_toc;      /* the sections are the document's own contents (an
	                       e-book's): headings not in them start none */
	int book;           /* set as a book: headings centred (not documentation) */
	struct text_info info;
	struct buf build; /* the text while parsers append to it */
};

/* An empty document named name. */
struct doc *doc_create(const char *name);
void doc_free(struct doc *d);

/*
 * Append a block of kind with text s[0..n) (already cleaned: no control
 * characters) and return its index.  Leading and trailing blanks are dropped.
 */
size_t doc_add_block(struct doc *d, enum block_kind kind, int level, const char *s, size_t n);

/* doc_add_block, keeping the leading blanks: lines indented as in the source (contents). */
size_t doc_add_block_kept(struct doc *d, enum block_kind kind, int level, const char *s, size_t n);

/* Add a style span to the last block, in offsets relative to its start. */
void doc_add_span(struct doc *d, size_t start, size_t end, unsigned style, const char *href);

/* Add a section that starts at block with a given title (for front/back matter). */
void doc_add_section(struct doc *d, size_t block, int level, const char *title);

/*
 * Append part, a document built apart (not finished), to d: its text, and
 * its blocks, spans and sections as they would be had they been added to d.
 * part's text is moved into d's (part is left without one).
 */
void doc_append(struct doc *d, struct doc *part);

/*
 * A copy of finished d, to go on adding blocks to: its text, blocks, spans
 * and side strings, but not its sections, title nor author (finishing the
 * copy makes them again).
 */
struct doc *doc_reopen(const struct doc *d);

/*
 * Finish building: every heading block not already starting a section gets
 * one (unless given_toc), sections are sorted by block (those at the same
 * block keep the order they were added in), and blocks learn their section.
 * title is the document title (NULL: the first heading if the text starts
 * with one, else the file name).
 */
void doc_finish(struct doc *d, const char *title);

/* The block holding byte offset off (the next one if off is between blocks). */
size_t doc_block_at(const struct doc *d, size_t off);

/* The section holding byte offset off. */
size_t doc_section_at(const struct doc *d, size_t off);

/* The language of block b: its own, else the document's. */
const char *doc_block_lang(const struct doc *d, size_t b);

/* A section title as one line (the heading's text with line breaks as spaces). */
char *doc_heading_title(const struct doc *d, size_t block);

#endif
