/*
 * parse.h — from bytes to a document: plain text (with Project Gutenberg
 * and ABU front and back matter), Markdown, HTML and EPUB (html.h, epub.h).
 */
#ifndef LISEUSE_PARSE_H
#define LISEUSE_PARSE_H

#include "doc.h"

enum parse_format {
	FORMAT_AUTO,
	FORMAT_TEXT,
	FORMAT_MARKDOWN,
	FORMAT_HTML,
	FORMAT_EPUB,
};

struct parse_opts {
	enum parse_format format;
	int typo;         /* apply French spacing to prose */
	const char *lang; /* "fr", or NULL to detect */
	int raw;          /* plain text shown as its lines are: unfilled, spacing kept */
};

/* Build the blocks and sections of plain text s[0..n) into d (then doc_finish). */
void parse_text(struct doc *d, const char *s, size_t n, const struct parse_opts *o);

/*
 * parse_text, on two threads if n >= split (parse_text's own threshold is
 * 256 KB): the same document either way, which tests check with split 0.
 */
void parse_text_split(struct doc *d, const char *s, size_t n, const struct parse_opts *o,
                      size_t split);

/*
 * Build the blocks and sections of Markdown s[0..n) into d with md4c (then
 * doc_finish): markup becomes structure and style spans, never text.
 */
void parse_md(struct doc *d, const char *s, size_t n, const struct parse_opts *o);

/*
 * Guess the format from the name (.md, .markdown, .txt, .html, .htm,
 * .xhtml, .epub) and the content (an EPUB's zip signature, an HTML
 * doctype or <html> tag, Markdown markup).
 */
enum parse_format parse_guess_format(const char *name, const char *s, size_t n);

/* Is the document's name or content XHTML (to be read as XML first)? */
int parse_is_xhtml(const char *name, const char *s, size_t n);

/*
 * Load a file ("-" for standard input) and parse it: the one call the
 * program needs.  Returns NULL with *err set ("No such file or directory")
 * on failure; what was repaired in the input is said through notice().
 */
struct doc *parse_load(const char *path, const char *display_name, const char *encoding,
                       const struct parse_opts *o, const char **err);

/* Parse raw bytes already in memory, as parse_load does a file's. */
struct doc *parse_bytes(const char *raw, size_t n, const char *display_name, const char *encoding,
                        const struct parse_opts *o, const char **err);

#endif
