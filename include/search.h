/*
 * search.h — finding a query in a document: accent-, ligature-, apostrophe-
 * and space-insensitive matching, smart case, matches as byte ranges of the
 * document text (the same coordinates as blocks, lines and marks).
 *
 * Use: one search_index per document (cheap to create; the folded copy is
 * built on the first search and reused), one search_query per query string,
 * then search_all() for every match and search_find() to step through them.
 */
#ifndef LISEUSE_SEARCH_H
#define LISEUSE_SEARCH_H

#include <stddef.h>
#include <stdio.h>

#include "doc.h"
#include "util.h"

/* A match: d->text[start, end), whole characters (with their combining marks). */
struct search_match {
	size_t start, end;
};

struct search_index;
struct search_query;

/* An index of d for searching; the folding is done on the first search_all. */
struct search_index *search_index_create(const struct doc *d);
void search_index_free(struct search_index *ix);

/*
 * Compile a query (UTF-8; invalid bytes read as U+FFFD): case-sensitive if
 * it has a capital letter.  NULL when it is empty once folded (""; only
 * soft hyphens or combining marks).
 */
struct search_query *search_compile(const char *query);
void search_query_free(struct search_query *q);

/* Whether q is case-sensitive (its text has a capital). */
int search_query_case_sensitive(const struct search_query *q);

/*
 * Every match of q in the indexed document, sorted and non-overlapping, in a
 * fresh array *out (free() it; NULL when there is none); returns the count.
 */
size_t search_all(struct search_index *ix, const struct search_query *q, struct search_match **out);

/*
 * Index of the first match starting at or after off (backward: the last
 * match starting before off) in the sorted m[0..n), or n if there is none.
 */
size_t search_find(const struct search_match *m, size_t n, size_t off, int backward);

/*
 * Append to out the match m in its context as one line: the match and up to
 * about cols columns of whole words on each side, within its block, with
 * white space as single spaces.  *mstart and *mend (if not NULL) get where
 * the match lies in out.
 */
void search_context(const struct doc *d, const struct search_match *m, int cols, struct buf *out,
                    size_t *mstart, size_t *mend);

/* The 1-based number of the section holding byte off, 0 before the first one. */
size_t search_section_number(const struct doc *d, size_t off);

/*
 * Print every match of pattern in d, one line each:
 * SECTION<TAB>BYTE-OFFSET<TAB>MATCHED-TEXT<TAB>CONTEXT (the offset is in
 * the document text, after repair, NFC and French spacing; not in the
 * file).  Returns the number of matches, or -1 if the pattern is empty.
 */
long search_grep(const struct doc *d, const char *pattern, FILE *out);

#endif
