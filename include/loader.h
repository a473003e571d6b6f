/*
 * loader.h — opening a document for the reader without making it wait:
 * the first part of a big file is parsed at once, the whole follows in the
 * background.
 */
#ifndef LISEUSE_LOADER_H
#define LISEUSE_LOADER_H

#include "parse.h"

struct loader;

/*
 * Start loading path ("-" for standard input).  Returns NULL with *err set
 * if the file cannot be read.  Small files and pipes are loaded whole now.
 */
struct loader *loader_start(const char *path, const char *name, const char *encoding,
                            const struct parse_opts *o, const char **err);

/* The document to show now: the first part, or the whole once taken. */
struct doc *loader_doc(struct loader *ld);

/* Is loader_doc() the whole document? */
int loader_complete(const struct loader *ld);

/* Is the whole document in, waiting to be taken? */
int loader_ready(struct loader *ld);

/*
 * The whole document, waiting for it if need be.  offs[0..noffs) are places
 * (byte offsets) in the first part: they become the places in the whole
 * that read the same words.  The first part is freed: the caller must drop
 * everything that points into it first.
 */
struct doc *loader_take(struct loader *ld, size_t *offs, size_t noffs);

/* Did the whole fail to load, leaving only the first part? */
int loader_partial(const struct loader *ld);


/*
 * Parse the whole document again with other options (o: raw mode turned
 * on or off, say), waiting for the whole if it is still loading.  Places
 * offs[0..noffs) in the current document become the places in the new one
 * that read the same words, as loader_take() moves them.  The current
 * document is freed (drop what points into it first) and the new one
 * returned; NULL if the file cannot be read again (the current document
 * stays, offs unchanged).  Standard input is read again from the bytes
 * kept when it was loaded.
 */
struct doc *loader_reparse(struct loader *ld, const struct parse_opts *o, size_t *offs,
                           size_t noffs);

/* Free the loader and every document it made. */
void loader_free(struct loader *ld);

#endif
