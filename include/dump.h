/*
 * dump.h — the non-interactive outputs: the laid-out text, and the table
 * of contents.
 */
#ifndef LISEUSE_DUMP_H
#define LISEUSE_DUMP_H

#include <stdio.h>

#include "layout.h"

/*
 * Print every block of the document as laid out by l, blocks separated by
 * a blank line.  A long document is laid out on every core (l and a layout
 * per other thread, with l's options); LISEUSE_DUMP_THREADS=N sets how many
 * threads.  The output is the same whatever their number.
 */
void dump_text(struct layout *l, const struct doc *d, FILE *out);

/* Print one line per section: N<TAB>LEVEL<TAB>TITLE. */
void dump_toc(const struct doc *d, FILE *out);

#endif
