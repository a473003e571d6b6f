/*
 * epub.h — EPUB 2 and 3 books: the zip container (libzip), the package
 * (container.xml, the OPF: metadata, manifest, spine), the contents (the
 * EPUB 3 nav document or the EPUB 2 NCX), and the parts read through
 * html.c into one document.
 */
#ifndef LISEUSE_EPUB_H
#define LISEUSE_EPUB_H

#include <stddef.h>

#include "doc.h"
#include "parse.h"

/* The most bytes a book may inflate to (its text, not its images): a zip bomb is refused. */
#define EPUB_MAX_BYTES ((size_t)256 << 20)

struct epub;

/*
 * Open the book in raw (taken: left empty), named name in messages: its
 * container, package and contents, and the checks that refuse it (not a
 * zip, no package, DRM, more than EPUB_MAX_BYTES of text).  NULL with *err
 * set ("not a zip archive…") if it cannot be read at all.
 */
struct epub *epub_open(struct buf *raw, const char *name, const char **err);

/* Is s[0..n) an EPUB, by its first bytes (a zip whose first entry is its mimetype)? */
int epub_sniff(const char *s, size_t n);

/*
 * The book's first parts, until first bytes of XHTML have been read (all of
 * it with SIZE_MAX), as a finished document with the contents that point
 * into them.  NULL with *err set if nothing could be read.
 */
struct doc *epub_read(struct epub *e, const struct parse_opts *o, size_t first, const char **err);

/* Has epub_read() read every part? */
int epub_complete(const struct epub *e);

/*
 * The whole book, built on first (epub_read's document, which stays
 * valid): its parts are not read again.  NULL with *err set on failure.
 */
struct doc *epub_rest(struct epub *e, const struct doc *first, const char **err);

void epub_free(struct epub *e);

#endif
