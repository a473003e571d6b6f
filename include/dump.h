/*
 * dump.h — the non-interactive outputs: the laid-out text, and the table
 * of contents.
 */
#ifndef LISEUSE_DUMP_H
#define LISEUSE_DUMP_H

#include <stdio.h>

#include "layout.h"

/* Print every block of the document as laid out by l, blocks separated by a blank line. */
void dump_text(struct layout *l, const struct doc *d, FILE *out);

/* Print one line per section: N<TAB>LEVEL<TAB>TITLE. */
void dump_toc(const struct doc *d, FILE *out);

#endif
