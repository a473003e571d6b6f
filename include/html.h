/*
 * html.h — HTML and XHTML into the document model, through libxml2: web
 * pages (their article, not their menus) and the XHTML parts of e-books.
 */
#ifndef LISEUSE_HTML_H
#define LISEUSE_HTML_H

#include <stddef.h>

#include <libxml/tree.h>

#include "doc.h"
#include "parse.h"

/* One (X)HTML document to read. */
struct html_src {
	const char *path; /* its name, or its path inside the book: anchors are keyed by it */
	const char *what; /* how messages name it ("page.html", "book.epub: ch1.xhtml") */
	const char
	        *encoding; /* the encoding to read it in, or NULL: its declaration, else guessed */
	int xhtml;         /* read as XML first (HTML if it is not well-formed) */
	int page;          /* a web page: its main or article element alone, if it has one */
};

/* What a document says about itself, as clean one-line text (fresh, or NULL). */
struct html_meta {
	char *title, *author, *lang;
};

struct html;

/* Read (X)HTML documents one after the other into d (not finished). */
struct html *html_create(struct doc *d, const struct parse_opts *o);

/*
 * Read one document into the builder's document: its blocks go after what
 * is there.  meta (if not NULL) gets what its head says.  Repairs (bad
 * encoding, malformed XHTML) are said through notice().
 */
void html_add(struct html *h, const char *raw, size_t n, const struct html_src *src,
              struct html_meta *meta);

/*
 * The first block of path#id (id NULL: of the document path) among those
 * read, or -1 if there is none.  The next block, if the place is empty.
 */
long html_anchor(const struct html *h, const char *path, const char *id);

/* Go on in d, a copy of the document made so far (doc_reopen), keeping the anchors. */
void html_retarget(struct html *h, struct doc *d);

/* Free the builder (each html_add() has put all it read into the document). */
void html_free(struct html *h);

void html_meta_free(struct html_meta *m);

/*
 * A web page, whole, into d (then doc_finish): its language (o->lang, else
 * its own, else guessed), title and author from its head.  Returns 0, or
 * -1 with *err set when encoding is unknown.
 */
int html_page(struct doc *d, const char *raw, size_t n, const char *encoding,
              const struct parse_opts *o, int xhtml, const char **err);

/*
 * The path href names from the document at base (both inside one book or
 * site): percent-decoded, with "." and ".." resolved; its fragment (or
 * NULL) in *frag.  NULL for an address with a scheme or a host, and for a
 * path that climbs above the root.  Fresh strings.
 */
char *html_resolve(const char *base, const char *href, char **frag);

/* A node's text as one clean line (controls shown, blanks collapsed), fresh. */
char *html_node_text(const xmlNode *n);

/* A language tag ("fr-FR", "en_US") as liseuse names it ("fr"), in out; 0 if none. */
int html_lang_code(const char *tag, char out[16]);

/* Is s[0..n) an HTML document, by its first bytes (a doctype or an <html> tag)? */
int html_sniff(const char *s, size_t n);

#endif
