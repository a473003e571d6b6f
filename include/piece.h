/*
 * piece.h — styled text on its way to becoming a document block, shared by
 * the parsers of marked-up formats (Markdown, HTML): bytes with style spans
 * in offsets of those bytes, French spacing that keeps the spans on their
 * words, the list of link targets shown after a block, and tables laid out
 * as aligned rows.
 */
#ifndef LISEUSE_PIECE_H
#define LISEUSE_PIECE_H

#include <stddef.h>

#include "doc.h"

/* A style span in offsets of its piece's text; href is owned. */
struct mspan {
	size_t start, end;
	unsigned style;
	char *href;
};

/* Text with its spans, and the byte ranges French spacing must not touch. */
struct piece {
	struct buf t;
	struct mspan *sp;
	size_t nsp, capsp;
	size_t *prot; /* pairs start, end */
	size_t nprot, capprot;
};

/* Add a span [start, end) with style (and a copy of href, if any) to pc. */
void piece_span(struct piece *pc, size_t start, size_t end, unsigned style, const char *href);

/* Keep [start, end) of pc as it is when French spacing is applied (code, URLs). */
void piece_protect(struct piece *pc, size_t start, size_t end);

void piece_free(struct piece *pc);

/* Append src's text and spans to dst. */
void piece_append(struct piece *dst, const struct piece *src);

/* Put s[0..n) before the text of pc, moving its spans. */
void piece_prefix(struct piece *pc, const char *s, size_t n);

/* Drop blanks at the ends (leading ones too unless keep_lead), clipping spans. */
void piece_trim(struct piece *pc, int keep_lead);

/*
 * out = raw with French spacing (if typo) applied to all but its protected
 * ranges, and raw's spans moved onto the words they covered.
 */
void piece_cook(struct piece *raw, int typo, struct piece *out);

/*
 * Add pc to d as a block (kind, level, indent, hang, quote) with its spans,
 * then, if there are any, a block listing links[0..nlinks) ("→ URL").
 */
void piece_add_block(struct doc *d, enum block_kind kind, int level, int indent, int hang,
                     int quote, const struct piece *pc, char *const *links, size_t nlinks);

/* Add href to the list links[0..*n) unless it is there already. */
void piece_add_link(char ***links, size_t *n, size_t *cap, const char *href);

enum piece_align { PIECE_ALIGN_DEFAULT, PIECE_ALIGN_LEFT, PIECE_ALIGN_CENTER, PIECE_ALIGN_RIGHT };

/* A table being read: rows of cells, the first head rows a header. */
struct piece_table {
	struct piece **rows; /* rows[r][c] */
	int **widths;        /* widths[r][c]: display columns of the cell */
	size_t *ncells;
	size_t nrows, caprows;
	size_t head;          /* rows in the header */
	unsigned char *align; /* enum piece_align per column, or NULL */
	size_t nalign;
};

/* Start a new row. */
void piece_table_row(struct piece_table *t);

/* Add pc (taken: left empty) as the next cell of the last row. */
void piece_table_cell(struct piece_table *t, struct piece *pc);

/*
 * The table as one piece of lines: cells padded to their column's width
 * (aligned as align says), separated by " │ ", the header ruled off; t is
 * freed and left empty.
 */
void piece_table_end(struct piece_table *t, struct piece *out);

#endif
