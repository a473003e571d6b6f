/*
 * epub.c — EPUB 2 and 3 books.  Start at epub_open(), then epub_read().
 *
 * The book is a zip (libzip, opened from memory, so that standard input
 * works as a file does).  META-INF/container.xml names the package (OPF):
 * its metadata gives the title, the authors and the language, its manifest
 * the parts, its spine their reading order.  The contents come from the
 * EPUB 3 nav document (the manifest item with properties="nav"), else from
 * the EPUB 2 NCX (the spine's toc attribute, or the manifest's NCX type).
 * Each part is XHTML, read by html.c into one document; the contents'
 * entries point at parts and ids in them, which html.c has anchored at
 * blocks, and become the document's sections (with their nesting), in
 * place of its headings.
 *
 * Hostile books: nothing is ever written to disk, so an entry name like
 * "../../x" cannot go anywhere; an address that climbs above the book's
 * root is refused with a notice.  Every part is inflated with its size
 * counted as it comes, against its declared size and against
 * EPUB_MAX_BYTES for the whole book, so that a zip bomb (declaring little,
 * inflating much) is stopped while inflating.  A book whose parts are
 * encrypted (META-INF/encryption.xml, other than font obfuscation) is DRM:
 * refused, since its parts would read as noise.  A missing or unreadable
 * part, or a malformed one, costs a notice, and the rest is read.
 *
 * A big book shows its first screen before it is read whole: epub_read()
 * stops after its first parts, and epub_rest() goes on from there on a
 * copy of that first document (loader.c runs it on a thread), so no part
 * is ever parsed twice.
 */
#include "epub.h"
#include "html.h"
#include "typo.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <zip.h>

enum {
	MAX_DEPTH = 32, /* deeper contents entries are shown at this level */
	MAX_AUTHORS = 3,
};

/* A spine item: a part of the book, in reading order. */
struct part {
	char *path; /* its entry in the zip, or NULL when the spine names nothing usable */
	char *why;  /* why it is not read, for the notice */
	int xhtml;  /* XHTML (XML first), not HTML */
	int done;   /* read (or skipped) */
};

/* An entry of the contents. */
struct entry {
	char *path, *frag, *title;
	int level;
};

struct epub {
	char *name;
	struct buf raw;
	zip_t *zip;
	size_t used; /* bytes inflated so far */
	char *title, *author, *lang;
	struct part *parts;
	size_t nparts, capparts;
	struct entry *toc;
	size_t ntoc, captoc;
	size_t next; /* the next part to read */
	struct html *h;
	struct parse_opts o;
	char langbuf[16];
	char err[512];
};

/* e's error, in a buffer of this thread's that outlives e. */
static const char *
message(const struct epub *e)
{
	static _Thread_local char msg[sizeof e->err];
	snprintf(msg, sizeof msg, "%s", e->err[0] ? e->err : "cannot be read");
	return msg;
}

/* ---------- the zip */

/*
 * Read the entry path (exact, else in any case) whole into out.  Returns 0;
 * -1 with e->err set when the book must be refused (a zip bomb), -2 with
 * *why set when only this entry cannot be read.
 */
static int
read_entry(struct epub *e, const char *path, struct buf *out, const char **why)
{
	static _Thread_local char whybuf[160];
	zip_int64_t i = zip_name_locate(e->zip, path, 0);
	if (i < 0)
		i = zip_name_locate(e->zip, path, ZIP_FL_NOCASE);
	if (i < 0) {
		*why = "missing from the book";
		return -2;
	}
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(e->zip, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
		*why = "its size cannot be read";
		return -2;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
		*why = "encrypted";
		return -2;
	}
	if (st.size > EPUB_MAX_BYTES - e->used) {
		snprintf(e->err, sizeof e->err,
		         "%s inflates to %llu MB, more than the %zu MB liseuse reads of a book "
		         "(a zip bomb?): refused",
		         path, (unsigned long long)(st.size >> 20), EPUB_MAX_BYTES >> 20);
		return -1;
	}
	zip_file_t *f = zip_fopen_index(e->zip, (zip_uint64_t)i, 0);
	if (f == NULL) {
		snprintf(whybuf, sizeof whybuf, "%s", zip_strerror(e->zip));
		*why = whybuf;
		return -2;
	}
	out->len = 0;
	for (;;) {
		char chunk[65536];
		zip_int64_t r = zip_fread(f, chunk, sizeof chunk);
		if (r < 0) {
			snprintf(whybuf, sizeof whybuf, "%s", zip_file_strerror(f));
			*why = whybuf;
			zip_fclose(f);
			return -2;
		}
		if (r == 0)
			break;
		/* Counted as it inflates: a size declared small does not let more through. */
		if (out->len + (size_t)r > st.size ||
		    e->used + out->len + (size_t)r > EPUB_MAX_BYTES) {
			snprintf(e->err, sizeof e->err,
			         "%s inflates past the %llu bytes it declares (a zip bomb?): "
			         "refused",
			         path, (unsigned long long)st.size);
			zip_fclose(f);
			return -1;
		}
		buf_add(out, chunk, (size_t)r);
	}
	zip_fclose(f);
	buf_add(out, "", 0);
	e->used += out->len;
	return 0;
}

int
epub_sniff(const char *s, size_t n)
{
	return n >= 58 && memcmp(s, "PK\x03\x04", 4) == 0 && memcmp(s + 30, "mimetype", 8) == 0 &&
	       memcmp(s + 38, "application/epub+zip", 20) == 0;
}

/* ---------- XML */

/* Parse an XML file of the package, leniently (recovering), never fetching anything. */
static xmlDoc *
parse_xml(const struct buf *b)
{
	int size = b->len > 0x7FFFFFFF ? 0x7FFFFFFF : (int)b->len;
	return xmlReadMemory(b->data ? b->data : "", size, NULL, NULL,
	                     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	                             XML_PARSE_RECOVER | XML_PARSE_NOCDATA);
}

/* Is n an element with this local name (any namespace, any case)? */
static int
is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->name &&
	       strcasecmp((const char *)n->name, name) == 0;
}

/* An attribute's value by local name (any namespace), or NULL; points into the tree. */
static const char *
attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (strcasecmp((const char *)a->name, name) == 0 ||
		    (strchr((const char *)a->name, ':') &&
		     strcasecmp(strchr((const char *)a->name, ':') + 1, name) == 0)) {
			if (a->children == NULL)
				return "";
			if (a->children->type == XML_TEXT_NODE && a->children->next == NULL)
				return (const char *)a->children->content;
		}
	return NULL;
}

/* The next element after n in document order, under root (NULL at the end). */
static const xmlNode *
next_node(const xmlNode *n, const xmlNode *root, int descend)
{
	if (descend && n->children)
		return n->children;
	while (n != root && n->next == NULL)
		n = n->parent;
	return n == root ? NULL : n->next;
}

/* The first element under root (root included) with this local name. */
static const xmlNode *
first(const xmlNode *root, const char *name)
{
	for (const xmlNode *n = root; n; n = next_node(n, root, 1))
		if (is(n, name))
			return n;
	return NULL;
}

/* ---------- the package */

/* Does the space-separated list s hold word? */
static int
has_word(const char *s, const char *word)
{
	size_t k = strlen(word);
	while (s && *s) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		size_t n = strcspn(s, " \t\n\r");
		if (n == k && strncasecmp(s, word, k) == 0)
			return 1;
		s += n;
	}
	return 0;
}

/* A manifest item. */
struct item {
	const char *id, *href, *type, *props;
};

static const struct item *
find_item(const struct item *items, size_t n, const char *id)
{
	for (size_t i = 0; id && i < n; i++)
		if (items[i].id && strcmp(items[i].id, id) == 0)
			return &items[i];
	return NULL;
}

/* Is this media type a part liseuse reads? */
static int
readable_type(const char *type, int *xhtml)
{
	*xhtml = 1;
	if (type == NULL || strcasecmp(type, "application/xhtml+xml") == 0)
		return 1;
	*xhtml = 0;
	return strcasecmp(type, "text/html") == 0 || strcasecmp(type, "text/x-oeb1-document") == 0;
}

static void
add_entry(struct epub *e, char *path, char *frag, const char *title, int level)
{
	e->toc = xgrow(e->toc, &e->captoc, e->ntoc + 1, sizeof *e->toc);
	e->toc[e->ntoc++] =
	        (struct entry){ path, frag, xstrdup(title), level > MAX_DEPTH ? MAX_DEPTH : level };
}

/* Add an entry of the contents: title and href, relative to the document at base. */
static void
toc_entry(struct epub *e, const char *base, const xmlNode *label, const char *href, int level)
{
	char *frag = NULL, *path = href ? html_resolve(base, href, &frag) : NULL;
	char *title = label ? html_node_text(label) : xstrdup("");
	if (path && title[0])
		add_entry(e, path, frag, title, level);
	else
		free(path), free(frag);
	free(title);
}

/*
 * The EPUB 3 nav document's table of contents: the nav whose epub:type is
 * toc (else the first nav), its nested lists of links (a span heads a
 * group without a link of its own: it points where its first child does).
 */
static void
read_nav(struct epub *e, const xmlNode *root, const char *base)
{
	const xmlNode *nav = NULL;
	for (const xmlNode *n = root; n; n = next_node(n, root, 1))
		if (is(n, "nav")) {
			const char *t = attr(n, "type"), *role = attr(n, "role");
			if ((t && has_word(t, "toc")) || (role && has_word(role, "doc-toc"))) {
				nav = n;
				break;
			}
			if (nav == NULL)
				nav = n;
		}
	if (nav == NULL)
		return;
	int depth = 0;
	const xmlNode *n = nav;
	while (n) {
		int down = 1;
		if (is(n, "ol") || is(n, "ul")) {
			depth++;
		} else if (is(n, "li")) {
			const xmlNode *a = NULL;
			for (const xmlNode *c = n->children; c && !a; c = c->next)
				if (is(c, "a") || is(c, "span"))
					a = c;
			const char *href = a && is(a, "a") ? attr(a, "href") : NULL;
			if (a && href == NULL) {
				/* A heading without a link: where its first link goes. */
				for (const xmlNode *c = n; c; c = next_node(c, n, 1))
					if (is(c, "a") && attr(c, "href")) {
						href = attr(c, "href");
						break;
					}
			}
			if (a)
				toc_entry(e, base, a, href, depth);
		} else if (n->type != XML_ELEMENT_NODE || is(n, "a") || is(n, "span")) {
			down = 0;
		}
		if (down && n->children) {
			n = n->children;
			continue;
		}
		/* Up and on, leaving lists. */
		while (n != nav && n->next == NULL) {
			n = n->parent;
			if (is(n, "ol") || is(n, "ul"))
				depth--;
		}
		if (n == nav)
			break;
		if (is(n, "ol") || is(n, "ul"))
			depth--;
		n = n->next;
	}
}

/* The EPUB 2 NCX: navMap's nested navPoints, each a navLabel and a content src. */
static void
read_ncx(struct epub *e, const xmlNode *root, const char *base)
{
	const xmlNode *map = first(root, "navMap");
	if (map == NULL)
		return;
	int depth = 0;
	const xmlNode *n = map;
	while (n) {
		int down = n == map;
		if (is(n, "navPoint")) {
			depth++;
			down = 1;
			const xmlNode *label = NULL, *content = NULL;
			for (const xmlNode *c = n->children; c; c = c->next) {
				if (is(c, "navLabel") && !label)
					label = first(c, "text");
				if (is(c, "content") && !content)
					content = c;
			}
			toc_entry(e, base, label, content ? attr(content, "src") : NULL, depth);
		}
		if (down && n->children) {
			n = n->children;
			continue;
		}
		if (is(n, "navPoint"))
			depth--;
		while (n != map && n->next == NULL) {
			n = n->parent;
			if (is(n, "navPoint"))
				depth--;
		}
		if (n == map)
			break;
		n = n->next;
	}
}

/* Read the contents from the entry path (nav document or NCX). */
static int
read_contents(struct epub *e, const char *path, int nav)
{
	struct buf b = { 0 };
	const char *why;
	int rc = read_entry(e, path, &b, &why);
	if (rc == -2)
		msg_at(MSG_NOTE, e->name, 0, 0, "the contents, %s, cannot be read (%s)", path, why);
	if (rc != 0) {
		buf_free(&b);
		return rc;
	}
	xmlDoc *doc = parse_xml(&b);
	if (doc == NULL && nav) {
		/* A nav document that is not well-formed: as HTML. */
		doc = htmlReadMemory(b.data, (int)(b.len > 0x7FFFFFFF ? 0x7FFFFFFF : b.len), NULL,
		                     "UTF-8",
		                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
		                             HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	}
	buf_free(&b);
	const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root && nav)
		read_nav(e, root, path);
	else if (root)
		read_ncx(e, root, path);
	xmlFreeDoc(doc);
	return 0;
}

/*
 * META-INF/encryption.xml: is any part of the spine encrypted otherwise
 * than by font obfuscation?  (Fonts are not read; their obfuscation is
 * not DRM.)
 */
static int
encrypted(struct epub *e)
{
	struct buf b = { 0 };
	const char *why;
	if (zip_name_locate(e->zip, "META-INF/encryption.xml", ZIP_FL_NOCASE) < 0)
		return 0;
	int rc = read_entry(e, "META-INF/encryption.xml", &b, &why);
	if (rc == -1)
		return -1;
	xmlDoc *doc = rc == 0 ? parse_xml(&b) : NULL;
	buf_free(&b);
	const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	int found = root == NULL; /* unreadable: assume the worst */
	for (const xmlNode *n = root; n && !found; n = next_node(n, root, 1)) {
		if (!is(n, "EncryptedData"))
			continue;
		const xmlNode *m = first(n, "EncryptionMethod"), *ref = first(n, "CipherReference");
		const char *alg = m ? attr(m, "Algorithm") : NULL,
		           *uri = ref ? attr(ref, "URI") : NULL;
		if (alg && (strcmp(alg, "http://www.idpf.org/2008/embedding") == 0 ||
		            strcmp(alg, "http://ns.adobe.com/pdf/enc#RC") == 0))
			continue;
		char *frag = NULL, *path = uri ? html_resolve("", uri, &frag) : NULL;
		for (size_t i = 0; path && i < e->nparts; i++)
			if (e->parts[i].path && strcmp(e->parts[i].path, path) == 0)
				found = 1;
		free(path);
		free(frag);
	}
	xmlFreeDoc(doc);
	return found;
}

/* The package path from META-INF/container.xml, else the book's one .opf entry. */
static char *
package_path(struct epub *e, int *refuse)
{
	struct buf b = { 0 };
	const char *why;
	char *path = NULL;
	*refuse = 0;
	int rc = read_entry(e, "META-INF/container.xml", &b, &why);
	if (rc == -1) {
		*refuse = 1;
		return NULL;
	}
	if (rc == 0) {
		xmlDoc *doc = parse_xml(&b);
		const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
		for (const xmlNode *n = root; n; n = next_node(n, root, 1)) {
			const char *fp = is(n, "rootfile") ? attr(n, "full-path") : NULL;
			const char *type = fp ? attr(n, "media-type") : NULL;
			if (fp &&
			    (type == NULL || strcmp(type, "application/oebps-package+xml") == 0)) {
				char *frag = NULL;
				path = html_resolve("", fp, &frag);
				free(frag);
				if (path == NULL) {
					snprintf(e->err, sizeof e->err,
					         "the package document path '%.200s' leaves the "
					         "book",
					         fp);
					*refuse = 1;
				}
				break;
			}
		}
		xmlFreeDoc(doc);
		buf_free(&b);
		if (path || *refuse)
			return path;
	}
	buf_free(&b);
	/* No usable container.xml: a book with one .opf is still readable. */
	zip_int64_t n = zip_get_num_entries(e->zip, 0), found = -1;
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(e->zip, (zip_uint64_t)i, 0);
		size_t k = name ? strlen(name) : 0;
		if (k > 4 && strcasecmp(name + k - 4, ".opf") == 0) {
			if (found >= 0) {
				found = -2;
				break;
			}
			found = i;
		}
	}
	if (found >= 0) {
		const char *name = zip_get_name(e->zip, (zip_uint64_t)found, 0);
		char *frag = NULL;
		path = html_resolve("", name, &frag);
		free(frag);
		if (path)
			msg_at(MSG_NOTE, e->name, 0, 0,
			       "no usable META-INF/container.xml; reading %s", path);
	}
	if (path == NULL)
		snprintf(e->err, sizeof e->err,
		         "no META-INF/container.xml naming its package: not an EPUB book");
	return path;
}

/* Join the text of every element of this name under root: ", " between them. */
static char *
metadata(const xmlNode *root, const char *name, int max)
{
	struct buf b = { 0 };
	int count = 0;
	for (const xmlNode *n = root; n; n = next_node(n, root, 1)) {
		if (!is(n, name))
			continue;
		char *t = html_node_text(n);
		if (t[0] && count < max)
			buf_addsep(&b, ", ", t), count++;
		free(t);
	}
	return b.data;
}

/* The package: metadata, spine, contents. */
static int
read_package(struct epub *e, const char *opf)
{
	struct buf b = { 0 };
	const char *why;
	int rc = read_entry(e, opf, &b, &why);
	if (rc == -2)
		snprintf(e->err, sizeof e->err, "the package document %.200s is %s", opf,
		         strcmp(why, "missing from the book") == 0 ? "missing" : why);
	if (rc != 0) {
		buf_free(&b);
		return -1;
	}
	xmlDoc *doc = parse_xml(&b);
	buf_free(&b);
	const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root == NULL) {
		snprintf(e->err, sizeof e->err, "the package document %.200s is not XML", opf);
		xmlFreeDoc(doc);
		return -1;
	}
	const xmlNode *meta = first(root, "metadata");
	if (meta) {
		e->title = metadata(meta, "title", 1);
		e->author = metadata(meta, "creator", MAX_AUTHORS);
		e->lang = metadata(meta, "language", 1);
	}

	struct item *items = NULL;
	size_t nitems = 0, capitems = 0;
	const xmlNode *manifest = first(root, "manifest");
	for (const xmlNode *n = manifest; n; n = next_node(n, manifest, 1))
		if (is(n, "item")) {
			items = xgrow(items, &capitems, nitems + 1, sizeof *items);
			items[nitems++] =
			        (struct item){ attr(n, "id"), attr(n, "href"),
				               attr(n, "media-type"), attr(n, "properties") };
		}

	const xmlNode *spine = first(root, "spine");
	for (const xmlNode *n = spine; n; n = next_node(n, spine, 1)) {
		if (!is(n, "itemref"))
			continue;
		const char *idref = attr(n, "idref");
		const struct item *it = find_item(items, nitems, idref);
		struct part p = { 0 };
		char *frag = NULL;
		if (it == NULL)
			p.why = xasprintf("the spine names '%.100s', which the manifest lacks",
			                  idref ? idref : "");
		else if (!readable_type(it->type, &p.xhtml))
			continue; /* an image or other media: not text */
		else if ((p.path = html_resolve(opf, it->href ? it->href : "", &frag)) == NULL)
			p.why = xasprintf("spine item '%.200s' points outside the book",
			                  it->href ? it->href : "");
		free(frag);
		e->parts = xgrow(e->parts, &e->capparts, e->nparts + 1, sizeof *e->parts);
		e->parts[e->nparts++] = p;
	}

	/* The contents: EPUB 3's nav document first, else EPUB 2's NCX. */
	rc = 0;
	for (size_t i = 0; i < nitems && e->ntoc == 0 && rc == 0; i++)
		if (items[i].props && has_word(items[i].props, "nav") && items[i].href) {
			char *frag = NULL, *path = html_resolve(opf, items[i].href, &frag);
			if (path)
				rc = read_contents(e, path, 1);
			free(path);
			free(frag);
		}
	const struct item *ncx = spine ? find_item(items, nitems, attr(spine, "toc")) : NULL;
	for (size_t i = 0; ncx == NULL && i < nitems; i++)
		if (items[i].type && strcmp(items[i].type, "application/x-dtbncx+xml") == 0)
			ncx = &items[i];
	if (e->ntoc == 0 && rc == 0 && ncx && ncx->href) {
		char *frag = NULL, *path = html_resolve(opf, ncx->href, &frag);
		if (path)
			rc = read_contents(e, path, 0);
		free(path);
		free(frag);
	}
	free(items);
	xmlFreeDoc(doc);
	return rc == -1 ? -1 : 0;
}

struct epub *
epub_open(struct buf *raw, const char *name, const char **err)
{
	struct epub *e = xcalloc(1, sizeof *e);
	e->name = xstrdup(name);
	e->raw = *raw;
	*raw = (struct buf){ 0 };
	xmlInitParser();

	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(e->raw.data, e->raw.len, 0, &ze);
	if (src)
		e->zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (e->zip == NULL) {
		int code = zip_error_code_zip(&ze);
		if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS)
			snprintf(e->err, sizeof e->err,
			         "not a zip archive, so not an EPUB (truncated or damaged?)");
		else
			snprintf(e->err, sizeof e->err, "cannot be opened as a zip archive (%s)",
			         zip_error_strerror(&ze));
		zip_error_fini(&ze);
		if (src)
			zip_source_free(src);
		goto fail;
	}
	zip_error_fini(&ze);

	int refuse;
	char *opf = package_path(e, &refuse);
	if (opf == NULL)
		goto fail;
	int rc = read_package(e, opf);
	free(opf);
	if (rc < 0)
		goto fail;
	rc = encrypted(e);
	if (rc < 0)
		goto fail;
	if (rc > 0) {
		snprintf(e->err, sizeof e->err,
		         "encrypted with DRM (META-INF/encryption.xml): it cannot be read");
		goto fail;
	}
	if (e->nparts == 0) {
		snprintf(e->err, sizeof e->err, "its spine lists no readable part");
		goto fail;
	}
	/* The declared sizes first: a bomb is refused before anything inflates. */
	uint64_t total = e->used;
	for (size_t i = 0; i < e->nparts; i++) {
		zip_stat_t st;
		zip_int64_t k = e->parts[i].path
		                        ? zip_name_locate(e->zip, e->parts[i].path, ZIP_FL_NOCASE)
		                        : -1;
		if (k >= 0 && zip_stat_index(e->zip, (zip_uint64_t)k, 0, &st) == 0 &&
		    (st.valid & ZIP_STAT_SIZE))
			total += st.size;
	}
	if (total > EPUB_MAX_BYTES) {
		snprintf(e->err, sizeof e->err,
		         "its text inflates to %llu MB, more than the %zu MB liseuse reads of a "
		         "book "
		         "(a zip bomb?): refused",
		         (unsigned long long)(total >> 20), EPUB_MAX_BYTES >> 20);
		goto fail;
	}
	return e;
fail:
	*err = message(e);
	epub_free(e);
	return NULL;
}

/* ---------- reading */

/* Read parts until first bytes of them have been read, or all. */
static int
read_parts(struct epub *e, size_t first)
{
	size_t got = 0;
	while (e->next < e->nparts && got < first) {
		struct part *p = &e->parts[e->next++];
		p->done = 1;
		if (p->path == NULL) {
			msg_at(MSG_NOTE, e->name, 0, 0, "%s: skipped", p->why);
			continue;
		}
		struct buf b = { 0 };
		const char *why = NULL;
		int rc = read_entry(e, p->path, &b, &why);
		if (rc == -1) {
			buf_free(&b);
			return -1;
		}
		if (rc == -2) {
			msg_at(MSG_NOTE, e->name, 0, 0, "%s is %s: skipped", p->path, why);
			buf_free(&b);
			continue;
		}
		char *what = xasprintf("%s: %s", e->name, p->path);
		struct html_src src = { p->path, what, NULL, p->xhtml, 0 };
		html_add(e->h, b.data, b.len, &src, NULL);
		got += b.len;
		free(what);
		buf_free(&b);
	}
	return 0;
}

/* Contents entries in document order: by block, then as the contents list them. */
struct placed {
	size_t block, order;
};

static int
placed_cmp(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;
	if (x->block != y->block)
		return (x->block > y->block) - (x->block < y->block);
	return (x->order > y->order) - (x->order < y->order);
}

/*
 * The contents as the document's sections, for the entries whose part has
 * been read; when all are read (whole), a notice counts those that point
 * nowhere.  Fewer than two entries, in a book with headings, leave the
 * headings as sections.
 */
static void
add_contents(struct epub *e, struct doc *d, int whole)
{
	struct placed *pl = xmalloc((e->ntoc + 1) * sizeof *pl);
	size_t n = 0, lost = 0;
	for (size_t i = 0; i < e->ntoc; i++) {
		const struct entry *en = &e->toc[i];
		long b = en->frag ? html_anchor(e->h, en->path, en->frag) : -1;
		if (b < 0)
			b = html_anchor(e->h, en->path, NULL);
		if (b < 0) {
			/* Its part was not read: not in the spine, skipped, or later. */
			int spine = 0;
			for (size_t k = 0; k < e->nparts && !spine; k++)
				spine = e->parts[k].path && strcmp(e->parts[k].path, en->path) == 0;
			lost += !spine;
			continue;
		}
		if (d->nblocks == 0)
			continue;
		if (b < 0 || (size_t)b >= d->nblocks)
			b = (long)d->nblocks - 1; /* an empty end: its last block */
		pl[n++] = (struct placed){ (size_t)b, i };
	}
	if (whole && lost > 0)
		msg_at(MSG_NOTE, e->name, 0, 0,
		       "%zu entr%s of its contents point%s outside its spine", lost,
		       lost > 1 ? "ies" : "y", lost > 1 ? "" : "s");
	size_t headings = 0;
	for (size_t i = 0; i < d->nblocks && headings < 2; i++)
		headings += d->blocks[i].kind == BLOCK_HEADING;
	if (n >= 2 || (n == 1 && headings == 0)) {
		qsort(pl, n, sizeof *pl, placed_cmp);
		for (size_t i = 0; i < n; i++)
			doc_add_section(d, pl[i].block, e->toc[pl[i].order].level,
			                e->toc[pl[i].order].title);
		d->given_toc = 1;
	}
	free(pl);
}

/* Finish d: contents, title, author. */
static void
finish(struct epub *e, struct doc *d, int whole)
{
	add_contents(e, d, whole);
	free(d->author);
	d->author = e->author && e->author[0] ? xstrdup(e->author) : NULL;
	doc_finish(d, e->title && e->title[0] ? e->title : NULL);
	d->format = FORMAT_EPUB;
}

struct doc *
epub_read(struct epub *e, const struct parse_opts *o, size_t first, const char **err)
{
	struct doc *d = doc_create(e->name);
	e->o = *o;
	/* The language: asked for, else the book's own, else guessed from its first part. */
	if (e->o.lang == NULL && e->lang && html_lang_code(e->lang, e->langbuf) &&
	    strcmp(e->langbuf, "und") != 0 && strcmp(e->langbuf, "mul") != 0)
		e->o.lang = e->langbuf;
	if (e->o.lang == NULL) {
		struct buf b = { 0 };
		const char *why;
		for (size_t i = 0; i < e->nparts && b.len == 0; i++)
			if (e->parts[i].path)
				read_entry(e, e->parts[i].path, &b, &why);
		snprintf(e->langbuf, sizeof e->langbuf, "%s",
		         typo_detect_lang(b.data ? b.data : "", b.len));
		e->used -= b.len; /* read again with the rest, counted then */
		buf_free(&b);
		e->o.lang = e->langbuf;
	}
	if (strncmp(e->o.lang, "fr", 2) != 0)
		e->o.typo = 0;
	d->typo = e->o.typo;
	snprintf(d->lang, sizeof d->lang, "%s", e->o.lang);
	e->h = html_create(d, &e->o);
	if (read_parts(e, first) < 0) {
		*err = message(e);
		doc_free(d);
		return NULL;
	}
	if (d->nblocks == 0 && e->next == e->nparts) {
		snprintf(e->err, sizeof e->err, "none of its parts could be read");
		*err = message(e);
		doc_free(d);
		return NULL;
	}
	finish(e, d, e->next == e->nparts);
	return d;
}

int
epub_complete(const struct epub *e)
{
	return e->next >= e->nparts;
}

struct doc *
epub_rest(struct epub *e, const struct doc *first, const char **err)
{
	struct doc *d = doc_reopen(first);
	html_retarget(e->h, d);
	if (read_parts(e, SIZE_MAX) < 0) {
		*err = message(e);
		doc_free(d);
		return NULL;
	}
	finish(e, d, 1);
	return d;
}

void
epub_free(struct epub *e)
{
	if (e == NULL)
		return;
	html_free(e->h);
	if (e->zip)
		zip_discard(e->zip);
	buf_free(&e->raw);
	for (size_t i = 0; i < e->nparts; i++) {
		free(e->parts[i].path);
		free(e->parts[i].why);
	}
	free(e->parts);
	for (size_t i = 0; i < e->ntoc; i++) {
		free(e->toc[i].path);
		free(e->toc[i].frag);
		free(e->toc[i].title);
	}
	free(e->toc);
	free(e->title);
	free(e->author);
	free(e->lang);
	free(e->name);
	free(e);
}
