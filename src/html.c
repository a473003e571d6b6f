/*
 * html.c — HTML and XHTML into the document model, through libxml2.
 *
 * Start at html_add(): the bytes are decoded to UTF-8 here (the encoding
 * the caller names, else a byte-order mark, else what the document
 * declares in its first bytes — ISO-8859-1 read as Windows-1252, as
 * browsers do —, else UTF-8 if valid, else Windows-1252 with a notice),
 * so that libxml2 always parses UTF-8 and never converts nor guesses
 * itself.  XHTML goes through the XML parser first; a part that is not
 * well-formed is read again by the HTML parser, which repairs as browsers
 * do, with a notice.  libxml2 never fetches anything: no network
 * (XML_PARSE_NONET), no external DTD or entity (no XML_PARSE_DTDLOAD nor
 * XML_PARSE_NOENT, and an entity loader that refuses everything); entities
 * an XHTML file uses without declaring (&nbsp;) are looked up in libxml2's
 * HTML table, and short internal ones used as they are.
 *
 * The tree is walked without recursion (a hostile page nests deeply):
 * enter() and leave() see every element, and decide what it is:
 *  - dropped with all it holds: head, script, style, forms, nav (and
 *    role=navigation, search, menus), hidden elements, page breaks
 *    (epub:type="pagebreak"), a footnote's link back to its reference;
 *  - a leaf (p, h1–h6, dt…) or a bare run of text: its text is collected
 *    in a piece (piece.c), blanks collapsed, with style spans for em,
 *    strong, code and links, then cooked (French spacing) into a block;
 *    nested block elements end it, except inside a heading;
 *  - a container that places the leaves inside it (lists with their
 *    markers and hanging indents, block quotes, definitions), as
 *    parse_md.c does; the single-paragraph items of a list share one
 *    block, one line each;
 *  - pre: its text verbatim (tabs expanded), a code block never refilled;
 *  - a table: a data table (cells of text) becomes aligned rows; a layout
 *    table (a nested table, headings, one column) is read as the blocks in
 *    its cells.
 * A page shows its article: its main element, else its article (the
 * largest, when it holds most of the articles' text), else its body
 * without the lists made only of links (menus).
 * Links with an address (http:, mailto:…) are listed after their block as
 * in Markdown; links inside the book or page are styled, not listed.  An
 * image is "[image: ALT]" (none when ALT is empty: decoration).  A note
 * reference (epub:type or role noteref, or a link in a sup) reads "[1]",
 * and its note, when it comes later, starts with the same "[1]", so that a
 * search for it goes from one to the other (a note that already starts
 * with its label, as DocBook writes them, is not given it twice).
 *
 * Every element id is an anchor: its place is the first block made after
 * it (or the block its text is in), so that an e-book's contents can point
 * into its parts.  Text nodes go through text_sanitize() when they hold
 * anything but plain ASCII: the document text keeps text.c's promises.
 */
#include "html.h"
#include "piece.h"
#include "typo.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <uniconv.h>
#include <unistr.h>

#define NBSP "\xC2\xA0"
#define FIGSP "\xE2\x80\x87" /* U+2007, as wide as a digit: pads list numbers */

enum {
	CODE_INDENT = 2,
	DD_INDENT = 4,
	MAX_OPEN = 32,
	SNIFF = 4096,       /* bytes searched for a declared charset */
	MAX_LABEL = 24,     /* bytes of a note label ("12", "*", "iv") */
	MAX_ENTITY = 64,    /* longest internal entity text used */
	ARTICLE_SHARE = 50, /* % of the articles' text the largest must hold to stand alone */
};

/* ---------- elements */

enum tag {
	T_OTHER, /* unknown: inline, its text kept */
	T_A,
	T_ADDRESS,
	T_ARTICLE,
	T_ASIDE,
	T_B,
	T_BLOCKQUOTE,
	T_BODY,
	T_BR,
	T_CAPTION,
	T_CITE,
	T_CODE,
	T_DD,
	T_DIV,
	T_DL,
	T_DROP, /* dropped with its content */
	T_DT,
	T_EM,
	T_FIGCAPTION,
	T_H,
	T_HR,
	T_IMG,
	T_LI,
	T_LIST, /* ul, ol, menu, dir */
	T_OL,
	T_P,
	T_PRE,
	T_TABLE,
	T_TD,
	T_TR,
	T_BLOCK, /* any other block: ends the text before and after it */
};

static const struct tagname {
	const char *name;
	enum tag tag;
} tags[] = {
	/* sorted by name, for bsearch */
	{ "a", T_A },
	{ "address", T_ADDRESS },
	{ "applet", T_DROP },
	{ "area", T_DROP },
	{ "article", T_ARTICLE },
	{ "aside", T_ASIDE },
	{ "audio", T_DROP },
	{ "b", T_B },
	{ "blockquote", T_BLOCKQUOTE },
	{ "body", T_BODY },
	{ "br", T_BR },
	{ "button", T_DROP },
	{ "canvas", T_DROP },
	{ "caption", T_CAPTION },
	{ "center", T_BLOCK },
	{ "cite", T_CITE },
	{ "code", T_CODE },
	{ "datalist", T_DROP },
	{ "dd", T_DD },
	{ "details", T_BLOCK },
	{ "dfn", T_CITE },
	{ "dialog", T_BLOCK },
	{ "dir", T_LIST },
	{ "div", T_DIV },
	{ "dl", T_DL },
	{ "dt", T_DT },
	{ "em", T_EM },
	{ "embed", T_DROP },
	{ "fieldset", T_DROP },
	{ "figcaption", T_FIGCAPTION },
	{ "figure", T_BLOCK },
	{ "footer", T_BLOCK },
	{ "form", T_DROP },
	{ "frameset", T_DROP },
	{ "h1", T_H },
	{ "h2", T_H },
	{ "h3", T_H },
	{ "h4", T_H },
	{ "h5", T_H },
	{ "h6", T_H },
	{ "head", T_DROP },
	{ "header", T_BLOCK },
	{ "hgroup", T_BLOCK },
	{ "hr", T_HR },
	{ "html", T_BLOCK },
	{ "i", T_EM },
	{ "iframe", T_DROP },
	{ "img", T_IMG },
	{ "input", T_DROP },
	{ "kbd", T_CODE },
	{ "label", T_DROP },
	{ "legend", T_DROP },
	{ "li", T_LI },
	{ "link", T_DROP },
	{ "main", T_BLOCK },
	{ "map", T_DROP },
	{ "menu", T_LIST },
	{ "meta", T_DROP },
	{ "nav", T_DROP },
	{ "noscript", T_DROP },
	{ "object", T_DROP },
	{ "ol", T_OL },
	{ "optgroup", T_DROP },
	{ "option", T_DROP },
	{ "p", T_P },
	{ "param", T_DROP },
	{ "picture", T_OTHER },
	{ "pre", T_PRE },
	{ "samp", T_CODE },
	{ "script", T_DROP },
	{ "section", T_BLOCK },
	{ "select", T_DROP },
	{ "source", T_DROP },
	{ "strong", T_B },
	{ "style", T_DROP },
	{ "summary", T_DT },
	{ "svg", T_DROP },
	{ "table", T_TABLE },
	{ "tbody", T_BLOCK },
	{ "td", T_TD },
	{ "template", T_DROP },
	{ "textarea", T_DROP },
	{ "tfoot", T_BLOCK },
	{ "th", T_TD },
	{ "thead", T_BLOCK },
	{ "title", T_DROP },
	{ "tr", T_TR },
	{ "track", T_DROP },
	{ "tt", T_CODE },
	{ "ul", T_LIST },
	{ "var", T_EM },
	{ "video", T_DROP },
};

static int
tag_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct tagname *)e)->name);
}

/* An element's tag, by its (local) name in any case. */
static enum tag
tag_of(const xmlNode *n)
{
	char low[16];
	size_t i = 0;
	for (const xmlChar *s = n->name; s && *s; s++) {
		if (i + 1 >= sizeof low)
			return T_OTHER;
		low[i++] = (char)tolower(*s);
	}
	low[i] = '\0';
	const struct tagname *t =
	        bsearch(low, tags, sizeof tags / sizeof *tags, sizeof *tags, tag_cmp);
	return t ? t->tag : T_OTHER;
}

/* The attributes the walk looks at, read in one pass, pointing into the tree. */
struct attrs {
	const char *id, *cls, *role, *type, *style, *href, *alt, *lang, *name, *start, *content,
	        *charset, *property;
	int hidden, has_alt;
};

static const char *
attr_value(const xmlAttr *a)
{
	if (a->children == NULL)
		return "";
	if (a->children->type == XML_TEXT_NODE && a->children->next == NULL)
		return (const char *)a->children->content;
	return NULL; /* entity references in the value: not read */
}

static void
read_attrs(const xmlNode *n, struct attrs *at)
{
	memset(at, 0, sizeof *at);
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *k = (const char *)a->name, *v = attr_value(a);
		const char *prefix = a->ns && a->ns->prefix ? (const char *)a->ns->prefix : NULL;
		if (v == NULL)
			continue;
		if (prefix && strcmp(prefix, "epub") == 0 && strcmp(k, "type") == 0)
			at->type = v;
		else if (prefix && strcmp(prefix, "xml") == 0 && strcmp(k, "lang") == 0)
			at->lang = at->lang ? at->lang : v;
		else if (prefix)
			continue;
		else if (strcasecmp(k, "id") == 0)
			at->id = v;
		else if (strcasecmp(k, "class") == 0)
			at->cls = v;
		else if (strcasecmp(k, "role") == 0)
			at->role = v;
		else if (strcasecmp(k, "epub:type") == 0)
			at->type = v;
		else if (strcasecmp(k, "style") == 0)
			at->style = v;
		else if (strcasecmp(k, "href") == 0)
			at->href = v;
		else if (strcasecmp(k, "alt") == 0)
			at->alt = v, at->has_alt = 1;
		else if (strcasecmp(k, "lang") == 0)
			at->lang = v;
		else if (strcasecmp(k, "name") == 0)
			at->name = v;
		else if (strcasecmp(k, "start") == 0)
			at->start = v;
		else if (strcasecmp(k, "content") == 0)
			at->content = v;
		else if (strcasecmp(k, "charset") == 0)
			at->charset = v;
		else if (strcasecmp(k, "property") == 0)
			at->property = v;
		else if (strcasecmp(k, "hidden") == 0)
			at->hidden = 1;
		else if (strcasecmp(k, "aria-hidden") == 0 && strcasecmp(v, "true") == 0)
			at->hidden |= 2; /* hidden from screen readers: icons, mostly */
	}
}

/* Does the space-separated list s hold word (in any case)? */
static int
has_word(const char *s, const char *word)
{
	size_t k = strlen(word);
	while (s && *s) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f')
			s++;
		size_t n = strcspn(s, " \t\n\r\f");
		if (n == k && strncasecmp(s, word, k) == 0)
			return 1;
		s += n;
	}
	return 0;
}

/* Does the style attribute hide the element (display: none)? */
static int
style_hides(const char *s)
{
	for (; s && *s; s++) {
		if (strncasecmp(s, "display", 7) != 0)
			continue;
		const char *p = s + 7;
		while (*p == ' ')
			p++;
		if (*p++ != ':')
			continue;
		while (*p == ' ')
			p++;
		if (strncasecmp(p, "none", 4) == 0)
			return 1;
	}
	return 0;
}

/* ---------- decoding */

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* libxml2 never reads a file or the network for a document: every external entity is refused. */
static xmlParserInputPtr
no_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url, (void)id, (void)ctxt;
	return NULL;
}

static void
init_libxml(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(no_loader);
}

/* Is c an ASCII blank as HTML counts them? */
static int
blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/*
 * The charset the document declares in its first bytes: <meta charset=…>,
 * <meta http-equiv … content="…; charset=…">, or an XML declaration.
 */
static int
declared_charset(const char *s, size_t n, char out[64])
{
	size_t end = n < SNIFF ? n : SNIFF;
	const char *p = s, *stop = s + end;
	if (end >= 5 && memcmp(s, "<?xml", 5) == 0) {
		const char *q = memchr(s, '>', end);
		stop = q ? q : stop;
		for (p = s; p + 8 < stop; p++)
			if (memcmp(p, "encoding", 8) == 0) {
				p += 8;
				goto value;
			}
		return 0;
	}
	for (; p + 5 < stop; p++) {
		if (p[0] != '<' || strncasecmp(p + 1, "meta", 4) != 0 ||
		    !blank((unsigned char)p[5]))
			continue;
		const char *gt = memchr(p, '>', (size_t)(stop - p));
		const char *e = gt ? gt : stop;
		for (const char *q = p; q + 7 < e; q++)
			if (strncasecmp(q, "charset", 7) == 0) {
				p = q + 7;
				stop = e;
				goto value;
			}
	}
	return 0;
value:
	while (p < stop && blank((unsigned char)*p))
		p++;
	if (p >= stop || *p++ != '=')
		return 0;
	while (p < stop && (blank((unsigned char)*p) || *p == '"' || *p == '\''))
		p++;
	size_t k = 0;
	while (p < stop && k + 1 < 64 && (isalnum((unsigned char)*p) || strchr("-_.:", *p)))
		out[k++] = *p++;
	out[k] = '\0';
	return k > 0;
}

/* The encoding a declared name stands for, as browsers read it. */
static const char *
browser_encoding(const char *name)
{
	static const char *const latin1[] = { "iso-8859-1",   "iso8859-1", "iso_8859-1", "latin1",
		                              "l1",           "us-ascii",  "ascii",      "cp819",
		                              "windows-1252", "cp1252",    "x-cp1252" };
	for (size_t i = 0; i < sizeof latin1 / sizeof *latin1; i++)
		if (strcasecmp(name, latin1[i]) == 0)
			return "WINDOWS-1252";
	/* A UTF-16 declaration read in ASCII bytes is false: WHATWG reads UTF-8. */
	if (strcasecmp(name, "utf8") == 0 || strncasecmp(name, "utf-16", 6) == 0)
		return "UTF-8";
	return name;
}

/*
 * Valid UTF-8 of s[0..n) in out: each invalid sequence becomes U+FFFD.
 * Returns how many were replaced.
 */
static size_t
repair_utf8(const char *s, size_t n, struct buf *out)
{
	size_t bad = 0, i = 0;
	while (i < n) {
		const uint8_t *e = u8_check((const uint8_t *)s + i, n - i);
		size_t good = e ? (size_t)((const char *)e - s) - i : n - i;
		buf_add(out, s + i, good);
		i += good;
		if (i >= n)
			break;
		ucs4_t uc;
		int k = u8_mbtouc(&uc, (const uint8_t *)s + i, n - i);
		buf_addcp(out, 0xFFFD);
		bad++;
		i += k > 0 ? (size_t)k : 1;
	}
	buf_add(out, "", 0);
	return bad;
}

/*
 * Decode raw into UTF-8 for libxml2: *text points to raw itself (valid
 * UTF-8) or to out.  Returns -1 if encoding is unknown.
 */
static int
decode(const char *raw, size_t n, const char *encoding, const char *what, struct buf *out,
       const char **text, size_t *len)
{
	char declared[64];
	const char *enc = encoding;
	int guessed = 0;

	if (enc == NULL && n >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0) {
		raw += 3, n -= 3;
		enc = "UTF-8";
	} else if (enc == NULL && n >= 2 && memcmp(raw, "\xFF\xFE", 2) == 0) {
		raw += 2, n -= 2;
		enc = "UTF-16LE";
	} else if (enc == NULL && n >= 2 && memcmp(raw, "\xFE\xFF", 2) == 0) {
		raw += 2, n -= 2;
		enc = "UTF-16BE";
	}
	if (enc == NULL && declared_charset(raw, n, declared)) {
		enc = browser_encoding(declared);
		if (strcasecmp(enc, "UTF-8") != 0) {
			size_t rn = 0;
			uint8_t *r = u8_conv_from_encoding(enc, iconveh_question_mark, raw, n, NULL,
			                                   NULL, &rn);
			if (r == NULL) {
				msg_at(MSG_NOTE, what, 0, 0,
				       "unknown charset '%s' declared, ignored", declared);
				enc = NULL;
			} else {
				buf_add(out, r, rn);
				buf_add(out, "", 0);
				free(r);
				*text = out->data;
				*len = out->len;
				return 0;
			}
		}
	}
	if (enc == NULL) {
		enc = "UTF-8";
		guessed = u8_check((const uint8_t *)raw, n) != NULL;
		if (guessed) {
			enc = "WINDOWS-1252";
			msg_at(MSG_NOTE, what, 0, 0, "not valid UTF-8, read as Windows-1252");
		}
	}
	if (strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0) {
		if (u8_check((const uint8_t *)raw, n) == NULL) {
			*text = raw;
			*len = n;
			return 0;
		}
		size_t bad = repair_utf8(raw, n, out);
		msg_at(MSG_NOTE, what, 0, 0, "%zu invalid UTF-8 sequence%s replaced by U+FFFD", bad,
		       bad > 1 ? "s" : "");
	} else {
		size_t rn = 0;
		uint8_t *r =
		        u8_conv_from_encoding(enc, iconveh_question_mark, raw, n, NULL, NULL, &rn);
		if (r == NULL)
			return -1;
		buf_add(out, r, rn);
		buf_add(out, "", 0);
		free(r);
	}
	*text = out->data ? out->data : "";
	*len = out->len;
	return 0;
}

/*
 * Where the document after a doctype with an internal subset ("<!DOCTYPE
 * html [ <!ENTITY …> ]>") starts, or 0 if it has none.
 */
static size_t
internal_subset_end(const char *s, size_t n)
{
	size_t end = n < SNIFF ? n : SNIFF, i;
	for (i = 0; i + 9 <= end; i++)
		if (s[i] == '<' && strncasecmp(s + i, "<!doctype", 9) == 0)
			break;
	if (i + 9 > end)
		return 0;
	for (i += 9; i < n && s[i] != '>' && s[i] != '['; i++)
		;
	if (i >= n || s[i] != '[')
		return 0;
	for (; i + 1 < n; i++)
		if (s[i] == ']' && s[i + 1] == '>')
			return i + 2;
	return 0;
}

/* Parse UTF-8 text: XML first if xhtml (HTML when not well-formed, with a notice). */
static xmlDoc *
parse_tree(const char *s, size_t n, int xhtml, const char *what)
{
	int size = n > 0x7FFFFFFF ? 0x7FFFFFFF : (int)n;
	pthread_once(&init_once, init_libxml);
	if (xhtml) {
		xmlParserCtxtPtr ctx = xmlNewParserCtxt();
		if (ctx == NULL)
			die("out of memory");
		xmlDoc *doc = xmlCtxtReadMemory(ctx, s, size, NULL, "UTF-8",
		                                XML_PARSE_NONET | XML_PARSE_NOERROR |
		                                        XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
		                                        XML_PARSE_IGNORE_ENC | XML_PARSE_COMPACT);
		if (doc != NULL && xmlDocGetRootElement(doc) != NULL) {
			xmlFreeParserCtxt(ctx);
			return doc;
		}
		char msg[160] = "";
		if (ctx->lastError.message) {
			snprintf(msg, sizeof msg, "%s", ctx->lastError.message);
			msg[strcspn(msg, "\n")] = '\0';
		}
		msg_at(MSG_NOTE, what, 0, 0, "malformed XHTML (line %d: %s), read as HTML",
		       ctx->lastError.line, msg[0] ? msg : "not well-formed");
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctx);
	}
	/* An XML internal subset means nothing to the HTML parser, which would show it. */
	size_t skip = xhtml ? internal_subset_end(s, n) : 0;
	s += skip, n -= skip;
	size = n > 0x7FFFFFFF ? 0x7FFFFFFF : (int)n;
	htmlParserCtxtPtr hctx = htmlNewParserCtxt();
	if (hctx == NULL)
		die("out of memory");
	xmlDoc *doc = htmlCtxtReadMemory(hctx, s, size, NULL, "UTF-8",
	                                 HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
	                                         HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
	                                         HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);
	htmlFreeParserCtxt(hctx);
	return doc;
}

/* ---------- clean text */

/*
 * Append s[0..n) to out as document text: through text_sanitize() unless
 * it is plain printable ASCII, and with blanks collapsed (collapse) onto
 * what out ends with.
 */
static void
clean_add(struct buf *out, const char *s, size_t n, int collapse, struct text_info *sum)
{
	struct buf tmp = { 0 };
	size_t i = 0;
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || (c < 0x20 && !blank(c)) || c == 0x7F)
			break;
	}
	if (i < n) {
		struct text_info info;
		text_sanitize(s, n, "UTF-8", &tmp, &info);
		if (sum)
			sum->invalid += info.invalid, sum->controls += info.controls;
		s = tmp.data ? tmp.data : "";
		n = tmp.len;
	}
	if (!collapse) {
		buf_add(out, s, n);
	} else {
		for (i = 0; i < n;) {
			if (blank((unsigned char)s[i])) {
				while (i < n && blank((unsigned char)s[i]))
					i++;
				if (out->len > 0 && out->data[out->len - 1] != ' ' &&
				    out->data[out->len - 1] != '\n')
					buf_addc(out, ' ');
				continue;
			}
			size_t j = i;
			while (j < n && !blank((unsigned char)s[j]))
				j++;
			buf_add(out, s + i, j - i);
			i = j;
		}
	}
	buf_free(&tmp);
}

/* The text of an entity reference libxml2 left in the tree (undeclared in XHTML). */
static const char *
entity_text(const xmlNode *n, char tmp[8])
{
	const htmlEntityDesc *e = htmlEntityLookup(n->name);
	if (e != NULL) {
		struct buf b = { 0 };
		buf_addcp(&b, e->value);
		snprintf(tmp, 8, "%s", b.data);
		buf_free(&b);
		return tmp;
	}
	const xmlEntity *ent = (const xmlEntity *)n->children;
	if (ent && ent->type == XML_ENTITY_DECL && ent->etype == XML_INTERNAL_GENERAL_ENTITY &&
	    ent->content && strlen((const char *)ent->content) <= MAX_ENTITY &&
	    !strpbrk((const char *)ent->content, "<&"))
		return (const char *)ent->content;
	return NULL;
}

char *
html_node_text(const xmlNode *root)
{
	struct buf b = { 0 };
	const xmlNode *n = root->children;
	char tmp[8];
	while (n != NULL && n != root) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			const char *s = (const char *)n->content;
			clean_add(&b, s ? s : "", s ? strlen(s) : 0, 1, NULL);
		} else if (n->type == XML_ENTITY_REF_NODE) {
			const char *t = entity_text(n, tmp);
			if (t)
				clean_add(&b, t, strlen(t), 1, NULL);
		} else if (n->type == XML_ELEMENT_NODE && n->children && tag_of(n) != T_DROP) {
			n = n->children;
			continue;
		}
		while (n != root && n->next == NULL)
			n = n->parent;
		if (n == root)
			break;
		n = n->next;
	}
	size_t a = 0, e = b.len;
	while (a < e && b.data[a] == ' ')
		a++;
	while (e > a && b.data[e - 1] == ' ')
		e--;
	char *s = xstrndup(b.data ? b.data + a : "", e - a);
	buf_free(&b);
	return s;
}

/* ---------- anchors and notes */

struct entry {
	char *key;   /* "path#id", or "path" for a document's start */
	long block;  /* where it is, -1 while waiting for the next block */
	char *label; /* a note reference's label, for the note it points to */
};

/* A hash table of entries, open addressing. */
struct table {
	struct entry *e;
	size_t n, cap;
};

static size_t
hash(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static struct entry *
table_find(const struct table *t, const char *key)
{
	if (t->cap == 0)
		return NULL;
	for (size_t i = hash(key) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		if (t->e[i].key == NULL)
			return NULL;
		if (strcmp(t->e[i].key, key) == 0)
			return &t->e[i];
	}
}

/* The entry for key, added (block -1, no label) if new. */
static struct entry *
table_get(struct table *t, const char *key)
{
	struct entry *f = table_find(t, key);
	if (f)
		return f;
	if (2 * (t->n + 1) > t->cap) {
		struct table g = { xcalloc(t->cap ? 2 * t->cap : 64, sizeof *g.e), t->n,
			           t->cap ? 2 * t->cap : 64 };
		for (size_t i = 0; i < t->cap; i++) {
			if (t->e[i].key == NULL)
				continue;
			size_t j = hash(t->e[i].key) & (g.cap - 1);
			while (g.e[j].key)
				j = (j + 1) & (g.cap - 1);
			g.e[j] = t->e[i];
		}
		free(t->e);
		*t = g;
	}
	size_t i = hash(key) & (t->cap - 1);
	while (t->e[i].key)
		i = (i + 1) & (t->cap - 1);
	t->e[i] = (struct entry){ xstrdup(key), -1, NULL };
	t->n++;
	return &t->e[i];
}

static void
table_free(struct table *t)
{
	for (size_t i = 0; i < t->cap; i++) {
		free(t->e[i].key);
		free(t->e[i].label);
	}
	free(t->e);
	memset(t, 0, sizeof *t);
}

/* ---------- the builder */

enum ctype { C_QUOTE, C_LIST, C_LI, C_DD };

struct container {
	enum ctype type;
	int ordered;     /* LIST: numbered */
	long next;       /* LIST: the next item's number */
	int digits;      /* LIST: digits of its largest number */
	int depth;       /* LIST: how many bulleted lists it is in */
	int hang;        /* LI: the marker's columns */
	char marker[64]; /* LI: the marker, with its no-break space */
	int used;        /* LI: the marker has been placed */
	int note;        /* LI: the marker is a note's label */
	const xmlNode *node;
};

/* A span opened and not yet closed. */
struct open {
	size_t start;
	unsigned style;
	char *href;
	int list;    /* a link whose target is listed after the block */
	int noteref; /* a note reference: its text becomes [label] */
	const xmlNode *node;
};

/* The block waiting to go into the document (the next list item may join it). */
struct pending {
	int active;
	enum block_kind kind;
	int level, indent, hang, quote;
	int item; /* a single-paragraph list item */
	struct piece pc;
	char **links;
	size_t nlinks, caplinks;
};

struct html {
	struct doc *d;
	struct parse_opts o;
	char lang[16];         /* a page's language, when o.lang was NULL */
	struct text_info info; /* repairs in the text nodes */
	struct table anchors;  /* ids, and note labels */
	char **waiting;        /* anchors whose block is the next one made */
	size_t nwaiting, capwaiting;
	const char *path; /* the document being read */
	int menus;        /* drop lists of links (a page without main nor article) */

	struct container *stack;
	size_t nstack, capstack;

	/* the leaf being read */
	int leaf;
	enum block_kind kind;
	int level;
	int from_p;           /* the leaf is a <p>: a list item made of it is not joined */
	const xmlNode *owner; /* the element that started the leaf, or NULL */
	struct piece raw;
	struct open open[MAX_OPEN];
	int nopen;
	char **links;
	size_t nlinks, caplinks;
	char note[MAX_LABEL + 4]; /* "[label]" to start the next leaf with */
	size_t noted;             /* the leaf starts with that label and a space: its bytes */

	struct pending pend;

	/* the data table being read */
	int intable;
	const xmlNode *table;
	struct piece_table tab;
	int row_th, row_head; /* the row's cells are all th / the row is in thead */
	size_t headrows;
	int incell, th;
};

struct html *
html_create(struct doc *d, const struct parse_opts *o)
{
	struct html *h = xcalloc(1, sizeof *h);
	h->d = d;
	h->o = *o;
	pthread_once(&init_once, init_libxml);
	return h;
}

/* Anchors waiting for a block get block b. */
static void
resolve_waiting(struct html *h, size_t b)
{
	for (size_t i = 0; i < h->nwaiting; i++) {
		struct entry *e = table_get(&h->anchors, h->waiting[i]);
		if (e->block < 0)
			e->block = (long)b;
		free(h->waiting[i]);
	}
	h->nwaiting = 0;
}

static void
add_anchor(struct html *h, const char *id)
{
	char *key = id ? xasprintf("%s#%s", h->path, id) : xstrdup(h->path);
	struct entry *e = table_find(&h->anchors, key);
	if (e && e->block >= 0) { /* the first of two equal ids wins */
		free(key);
		return;
	}
	h->waiting = xgrow(h->waiting, &h->capwaiting, h->nwaiting + 1, sizeof *h->waiting);
	h->waiting[h->nwaiting++] = key;
}

long
html_anchor(const struct html *h, const char *path, const char *id)
{
	char *key = id ? xasprintf("%s#%s", path, id) : xstrdup(path);
	const struct entry *e = table_find(&h->anchors, key);
	free(key);
	return e ? e->block : -1;
}

/* Put the pending block into the document, then the list of its link targets. */
static void
flush(struct html *h)
{
	struct pending *q = &h->pend;
	if (!q->active)
		return;
	piece_add_block(h->d, q->kind, q->level, q->indent, q->hang, q->quote, &q->pc, q->links,
	                q->nlinks);
	for (size_t i = 0; i < q->nlinks; i++)
		free(q->links[i]);
	free(q->links);
	piece_free(&q->pc);
	memset(q, 0, sizeof *q);
}

/* Where a leaf goes: its quote depth, indent and hang, and the markers it starts with. */
struct place {
	int indent, hang, quote;
	struct buf prefix;
	int item;
};

static void
place_leaf(struct html *h, struct place *pl, int take_marker)
{
	memset(pl, 0, sizeof *pl);
	for (size_t i = 0; i < h->nstack; i++) {
		struct container *c = &h->stack[i];
		if (c->type == C_QUOTE)
			pl->quote++;
		else if (c->type == C_DD)
			pl->indent += DD_INDENT;
		if (c->type != C_LI)
			continue;
		if (c->used || !take_marker) {
			pl->indent += c->hang;
		} else {
			buf_adds(&pl->prefix, c->marker);
			pl->hang += c->hang;
			c->used = 1;
			pl->item = 1;
		}
	}
}

/* A cooked leaf into the document (through the pending block). */
static void
emit(struct html *h, enum block_kind kind, int level, struct piece *pc, char **links, size_t nlinks,
     int joinable)
{
	struct place pl;
	int pre = kind == BLOCK_CODE || kind == BLOCK_RULE;

	place_leaf(h, &pl, !pre);
	if (kind == BLOCK_CODE)
		pl.indent += CODE_INDENT;
	piece_prefix(pc, pl.prefix.data, pl.prefix.len);
	buf_free(&pl.prefix);

	struct pending *q = &h->pend;
	int item = pl.item && joinable && kind == BLOCK_PARA;
	if (q->active && q->item && item && q->indent == pl.indent && q->hang == pl.hang &&
	    q->quote == pl.quote) {
		buf_addc(&q->pc.t, '\n');
		piece_append(&q->pc, pc);
		piece_free(pc);
	} else {
		flush(h);
		*q = (struct pending){ 1,    kind, level, pl.indent, pl.hang, pl.quote,
			               item, *pc,  NULL,  0,         0 };
		memset(pc, 0, sizeof *pc);
	}
	/* The pending block will be the next one added. */
	resolve_waiting(h, h->d->nblocks);
	for (size_t i = 0; i < nlinks; i++)
		piece_add_link(&q->links, &q->nlinks, &q->caplinks, links[i]);
}

static void
begin_leaf(struct html *h, enum block_kind kind, int level, const xmlNode *owner)
{
	h->leaf = 1;
	h->kind = kind;
	h->level = level;
	h->owner = owner;
	h->from_p = owner != NULL && tag_of(owner) == T_P;
	h->noted = 0;
	if (h->note[0]) {
		buf_adds(&h->raw.t, h->note);
		buf_addc(&h->raw.t, ' ');
		h->noted = h->raw.t.len;
		h->note[0] = '\0';
	}
	/* Spans still open (an em around two paragraphs) go on in this leaf. */
	for (int i = 0; i < h->nopen; i++)
		h->open[i].start = h->raw.t.len;
}

static void
free_links(struct html *h)
{
	for (size_t i = 0; i < h->nlinks; i++)
		free(h->links[i]);
	h->nlinks = 0;
}

/* A note that starts with its own label ("[4] [4] Text") loses the one added. */
static void
unnote(struct html *h)
{
	struct buf *b = &h->raw.t;
	size_t k = h->noted, i = k;
	h->noted = 0;
	if (k == 0 || k > b->len)
		return;
	while (i < b->len && b->data[i] == ' ')
		i++;
	if (b->len - i < k - 1 || memcmp(b->data + i, b->data, k - 1) != 0)
		return;
	memmove(b->data, b->data + k, b->len - k + 1);
	b->len -= k;
	for (size_t j = 0; j < h->raw.nsp; j++) {
		h->raw.sp[j].start = h->raw.sp[j].start < k ? 0 : h->raw.sp[j].start - k;
		h->raw.sp[j].end = h->raw.sp[j].end < k ? 0 : h->raw.sp[j].end - k;
	}
	for (size_t j = 0; j < h->raw.nprot; j++)
		h->raw.prot[j] = h->raw.prot[j] < k ? 0 : h->raw.prot[j] - k;
	for (int j = 0; j < h->nopen; j++)
		h->open[j].start = h->open[j].start < k ? 0 : h->open[j].start - k;
}

/* A note in a list that starts with its own label loses the label made its marker. */
static void
unmark(struct html *h)
{
	for (size_t i = h->nstack; i-- > 0;) {
		struct container *c = &h->stack[i];
		if (c->type != C_LI)
			continue;
		if (c->used || !c->note)
			return;
		size_t k = strlen(c->marker) - 2, j = 0; /* the label, without its no-break space */
		const char *t = h->raw.t.data ? h->raw.t.data : "";
		while (t[j] == ' ')
			j++;
		if (h->raw.t.len - j >= k && memcmp(t + j, c->marker, k) == 0) {
			c->marker[0] = '\0';
			c->hang = 0;
		}
		return;
	}
}

/* The leaf's text into the document (or into the table cell being read). */
static void
end_leaf(struct html *h)
{
	struct piece pc;
	if (!h->leaf)
		return;
	h->leaf = 0;
	unnote(h);
	unmark(h);
	for (int i = 0; i < h->nopen; i++)
		piece_span(&h->raw, h->open[i].start, h->raw.t.len, h->open[i].style,
		           h->open[i].href);
	piece_cook(&h->raw, h->o.typo, &pc);
	piece_free(&h->raw);
	piece_trim(&pc, 0);
	if (h->incell) {
		if (h->th)
			piece_span(&pc, 0, pc.t.len, STYLE_BOLD, NULL);
		piece_table_cell(&h->tab, &pc);
	} else if (pc.t.len > 0) {
		emit(h, h->kind, h->level, &pc, h->links, h->nlinks, !h->from_p);
	}
	piece_free(&pc);
	free_links(h);
}

/* Append text to the leaf (starting one if it is not blank), blanks collapsed. */
static void
add_text(struct html *h, const char *s, size_t n)
{
	if (!h->leaf) {
		size_t i = 0;
		while (i < n && blank((unsigned char)s[i]))
			i++;
		if (i == n)
			return;
		begin_leaf(h, BLOCK_PARA, 0, NULL);
	}
	clean_add(&h->raw.t, s, n, 1, &h->info);
}

/* A forced line break; two in a row end the paragraph. */
static void
line_break(struct html *h)
{
	struct buf *b = &h->raw.t;
	if (!h->leaf)
		return;
	if (h->incell) {
		add_text(h, " ", 1);
		return;
	}
	while (b->len > 0 && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
	if (b->len > 0 && b->data[b->len - 1] == '\n') {
		b->data[--b->len] = '\0';
		enum block_kind k = h->kind;
		int level = h->level;
		const xmlNode *owner = h->owner;
		end_leaf(h);
		begin_leaf(h, k, level, owner);
		return;
	}
	for (int i = 0; i < h->nopen; i++)
		if (h->open[i].start > b->len)
			h->open[i].start = b->len;
	if (b->len > 0)
		buf_addc(b, '\n');
}

static struct container *
push(struct html *h, enum ctype type, const xmlNode *node)
{
	h->stack = xgrow(h->stack, &h->capstack, h->nstack + 1, sizeof *h->stack);
	struct container *c = &h->stack[h->nstack++];
	memset(c, 0, sizeof *c);
	c->type = type;
	c->node = node;
	return c;
}

static int
digits(long n)
{
	int k = 1;
	if (n < 0)
		n = -n, k++;
	while (n >= 10)
		n /= 10, k++;
	return k;
}

/* A list item: its marker, from its list (bullet or number), or its note label. */
static void
start_item(struct html *h, const xmlNode *node)
{
	size_t li = h->nstack;
	for (size_t i = h->nstack; i-- > 0;)
		if (h->stack[i].type == C_LIST) {
			li = i;
			break;
		}
	struct container *c = push(h, C_LI, node); /* may move the stack */
	struct container *list = li < h->nstack - 1 ? &h->stack[li] : NULL;
	struct buf m = { 0 };
	int cols;

	if (h->note[0]) {
		/* A note in a list of notes: its label is its marker. */
		buf_adds(&m, h->note);
		cols = text_width(h->note, strlen(h->note));
		h->note[0] = '\0';
		c->note = 1;
		if (list && list->ordered)
			list->next++;
	} else if (list && list->ordered) {
		long num = list->next++;
		for (int k = digits(num); k < list->digits; k++)
			buf_adds(&m, FIGSP);
		char s[32];
		int n = snprintf(s, sizeof s, "%ld.", num);
		buf_add(&m, s, (size_t)n);
		cols = list->digits + 1;
	} else {
		static const char *const bullets[] = { "•", "◦", "▪" };
		int depth = list ? list->depth : 0;
		buf_adds(&m, bullets[depth % 3]);
		cols = 1;
	}
	buf_adds(&m, NBSP);
	c->hang = cols + 1;
	snprintf(c->marker, sizeof c->marker, "%s", m.data);
	buf_free(&m);
}

/* An item with no text of its own: its marker alone. */
static void
marker_alone(struct html *h)
{
	struct place pl;
	struct piece pc = { 0 };
	place_leaf(h, &pl, 1);
	size_t n = pl.prefix.len;
	if (n >= 2 && memcmp(pl.prefix.data + n - 2, NBSP, 2) == 0)
		n -= 2;
	buf_add(&pc.t, pl.prefix.data ? pl.prefix.data : "", n);
	flush(h);
	h->pend = (struct pending){ 1,       BLOCK_PARA, 0,    pl.indent, pl.hang, pl.quote,
		                    pl.item, pc,         NULL, 0,         0 };
	resolve_waiting(h, h->d->nblocks);
	buf_free(&pl.prefix);
}

/* ---------- what elements are */

/* Is this element left out with all it holds? */
static int
dropped(const xmlNode *n, enum tag t, const struct attrs *at)
{
	if (t == T_DROP || (at->hidden & 1) || style_hides(at->style))
		return 1;
	if (at->role && (has_word(at->role, "navigation") || has_word(at->role, "search") ||
	                 has_word(at->role, "menu") || has_word(at->role, "menubar") ||
	                 has_word(at->role, "doc-pagebreak") || has_word(at->role, "doc-backlink")))
		return 1;
	if (at->type && (has_word(at->type, "pagebreak") || has_word(at->type, "page-break") ||
	                 has_word(at->type, "backlink")))
		return 1;
	if (t == T_A && at->cls && has_word(at->cls, "footnote-back"))
		return 1;
	(void)n;
	return 0;
}

/* Is this link a note reference? */
static int
is_noteref(const xmlNode *n, const struct attrs *at)
{
	if ((at->type && has_word(at->type, "noteref")) ||
	    (at->role && has_word(at->role, "doc-noteref")) ||
	    (at->cls && (has_word(at->cls, "footnote-ref") || has_word(at->cls, "noteref"))))
		return 1;
	if (at->href == NULL || strchr(at->href, '#') == NULL)
		return 0;
	/* A link inside a sup, or holding one: the usual note call. */
	if (n->parent && n->parent->type == XML_ELEMENT_NODE && n->parent->name &&
	    strcasecmp((const char *)n->parent->name, "sup") == 0)
		return 1;
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcasecmp((const char *)c->name, "sup") == 0)
			return 1;
	return 0;
}

/* Does href have a scheme (http:, mailto:) or a host (//)? */
static int
is_absolute(const char *href)
{
	if (href[0] == '/' && href[1] == '/')
		return 1;
	size_t i = 0;
	if (!isalpha((unsigned char)href[0]))
		return 0;
	while (isalnum((unsigned char)href[i]) || href[i] == '+' || href[i] == '-' ||
	       href[i] == '.')
		i++;
	return href[i] == ':';
}

/*
 * Is this table one of data (rows of short cells) rather than of layout?
 * Layout: a nested table, a heading, a list, a pre, a block quote in a
 * cell, or a single column.
 */
static int
data_table(const xmlNode *table)
{
	const xmlNode *n = table->children;
	int wide = 0;
	while (n != NULL && n != table) {
		if (n->type == XML_ELEMENT_NODE) {
			enum tag t = tag_of(n);
			if (t == T_TABLE || t == T_H || t == T_LIST || t == T_OL || t == T_PRE ||
			    t == T_BLOCKQUOTE || t == T_DL)
				return 0;
			if (t == T_TR) {
				int cells = 0;
				for (const xmlNode *c = n->children; c; c = c->next)
					cells += c->type == XML_ELEMENT_NODE && tag_of(c) == T_TD;
				wide |= cells > 1;
			}
			if (n->children && t != T_DROP) {
				n = n->children;
				continue;
			}
		}
		while (n != table && n->next == NULL)
			n = n->parent;
		if (n == table)
			break;
		n = n->next;
	}
	return wide;
}

/*
 * Is this list a menu: two items or more, every word in them a link's?
 * (Punctuation between links is allowed: "Tutorial, Tutorial2".)
 */
static int
is_menu(const xmlNode *list)
{
	int items = 0, links = 0;
	const xmlNode *n = list->children;
	while (n != NULL && n != list) {
		if (n->type == XML_ELEMENT_NODE) {
			enum tag t = tag_of(n);
			items += t == T_LI && n->parent == list;
			if (t == T_A) {
				links++;
				goto next; /* its text is a link's */
			}
			if (t == T_DROP)
				goto next;
			if (n->children) {
				n = n->children;
				continue;
			}
		} else if (n->type == XML_TEXT_NODE && n->content) {
			for (const xmlChar *c = n->content; *c; c++)
				if (isalnum(*c) || *c >= 0x80)
					return 0;
		}
	next:
		while (n != list && n->next == NULL)
			n = n->parent;
		if (n == list)
			break;
		n = n->next;
	}
	return items >= 2 && links >= items;
}

/* ---------- pre */

/* The verbatim text of a pre element, sanitized (tabs expanded), as a code block. */
static void
read_pre(struct html *h, const xmlNode *pre)
{
	struct buf raw = { 0 }, clean = { 0 };
	const xmlNode *n = pre->children;
	char tmp[8];
	while (n != NULL && n != pre) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				buf_adds(&raw, (const char *)n->content);
		} else if (n->type == XML_ENTITY_REF_NODE) {
			const char *t = entity_text(n, tmp);
			if (t)
				buf_adds(&raw, t);
		} else if (n->type == XML_ELEMENT_NODE) {
			enum tag t = tag_of(n);
			struct attrs at;
			read_attrs(n, &at);
			if (t == T_BR)
				buf_addc(&raw, '\n');
			else if (n->children && !dropped(n, t, &at)) {
				n = n->children;
				continue;
			}
		}
		while (n != pre && n->next == NULL)
			n = n->parent;
		if (n == pre)
			break;
		n = n->next;
	}
	struct text_info info;
	text_sanitize(raw.data ? raw.data : "", raw.len, "UTF-8", &clean, &info);
	h->info.invalid += info.invalid;
	h->info.controls += info.controls;
	/* A line end just after <pre> is not part of it (the XML parser keeps it). */
	const char *s = clean.data ? clean.data : "";
	size_t len = clean.len;
	if (len > 0 && s[0] == '\n')
		s++, len--;
	struct piece pc = { 0 };
	buf_add(&pc.t, s, len);
	piece_trim(&pc, 1);
	/* Blank leading lines go too; the first line's indentation stays. */
	size_t lead = 0;
	while (lead < pc.t.len && (pc.t.data[lead] == ' ' || pc.t.data[lead] == '\n')) {
		size_t e = lead;
		while (e < pc.t.len && pc.t.data[e] == ' ')
			e++;
		if (e < pc.t.len && pc.t.data[e] == '\n')
			lead = e + 1;
		else
			break;
	}
	if (lead > 0) {
		memmove(pc.t.data, pc.t.data + lead, pc.t.len - lead + 1);
		pc.t.len -= lead;
	}
	if (pc.t.len > 0) {
		piece_span(&pc, 0, pc.t.len, STYLE_CODE, NULL);
		emit(h, BLOCK_CODE, 0, &pc, NULL, 0, 0);
	}
	piece_free(&pc);
	buf_free(&raw);
	buf_free(&clean);
}

/* ---------- the walk */

enum { SKIP, DESCEND };

/* The text an image stands for: "[image: ALT]", or nothing for decoration. */
static void
add_image(struct html *h, const struct attrs *at)
{
	if (at->has_alt && at->alt) {
		size_t i = 0;
		while (at->alt[i] && blank((unsigned char)at->alt[i]))
			i++;
		if (at->alt[i] == '\0')
			return; /* alt="": decoration */
	}
	if (!h->leaf)
		begin_leaf(h, BLOCK_PARA, 0, NULL);
	else if (h->raw.t.len > 0 && h->raw.t.data[h->raw.t.len - 1] != ' ' &&
	         h->raw.t.data[h->raw.t.len - 1] != '\n')
		buf_addc(&h->raw.t, ' ');
	size_t start = h->raw.t.len;
	if (at->alt) {
		buf_adds(&h->raw.t, "[image: ");
		piece_protect(&h->raw, start,
		              h->raw.t.len - 1); /* no French space before its colon */
		clean_add(&h->raw.t, at->alt, strlen(at->alt), 1, &h->info);
		buf_addc(&h->raw.t, ']');
	} else {
		buf_adds(&h->raw.t, "[image]");
	}
	piece_span(&h->raw, start, h->raw.t.len, STYLE_ITALIC, NULL);
}

/* Insert c at pos in the leaf's text; the spans after it move. */
static void
raw_insert(struct html *h, size_t pos, char c)
{
	struct buf *b = &h->raw.t;
	size_t old = b->len;
	buf_addc(b, c);
	memmove(b->data + pos + 1, b->data + pos, old - pos);
	b->data[pos] = c;
	for (size_t i = 0; i < h->raw.nsp; i++) {
		if (h->raw.sp[i].start >= pos)
			h->raw.sp[i].start++;
		if (h->raw.sp[i].end > pos)
			h->raw.sp[i].end++;
	}
	for (size_t i = 0; i < h->raw.nprot; i++)
		if (h->raw.prot[i] > pos || (i % 2 == 0 && h->raw.prot[i] == pos))
			h->raw.prot[i]++;
}

static void
open_span(struct html *h, const xmlNode *n, unsigned style, const char *href, int list, int noteref)
{
	if (h->nopen >= MAX_OPEN)
		return;
	/* An address is shown (listed after its block): clean text too. */
	struct buf clean = { 0 };
	if (href)
		clean_add(&clean, href, strlen(href), 1, NULL);
	h->open[h->nopen++] = (struct open){ h->leaf ? h->raw.t.len : 0,
		                             style,
		                             href ? xstrdup(clean.data ? clean.data : "") : NULL,
		                             list,
		                             noteref,
		                             n };
	buf_free(&clean);
}

/* Close the span n opened, if it is the innermost one. */
static void
close_span(struct html *h, const xmlNode *n)
{
	if (h->nopen == 0 || h->open[h->nopen - 1].node != n)
		return;
	struct open op = h->open[--h->nopen];
	if (!h->leaf) {
		free(op.href);
		return;
	}
	struct buf *b = &h->raw.t;
	if (op.noteref) {
		/* "[1]", with the label given to the note it points to. */
		size_t s = op.start, e = b->len;
		while (s < e && b->data[s] == ' ')
			s++;
		while (e > s && b->data[e - 1] == ' ')
			e--;
		if (e > s && e - s <= MAX_LABEL && op.href) {
			char label[MAX_LABEL + 1];
			size_t k = e - s;
			memcpy(label, b->data + s, k);
			label[k] = '\0';
			if (label[0] != '[') {
				raw_insert(h, s, '[');
				raw_insert(h, e + 1, ']');
			}
			char *frag = NULL, *path = html_resolve(h->path, op.href, &frag);
			if (path && frag) {
				char *key = xasprintf("%s#%s", path, frag);
				struct entry *en = table_get(&h->anchors, key);
				free(en->label);
				en->label =
				        label[0] == '[' ? xstrdup(label) : xasprintf("[%s]", label);
				free(key);
			}
			free(path);
			free(frag);
		}
	}
	size_t end = b->len;
	if (op.list && op.href) {
		const char *text = b->data ? b->data + op.start : "";
		size_t tl = end - op.start;
		const char *u = op.href;
		if (strncmp(u, "mailto:", 7) == 0 && !(tl >= 7 && memcmp(text, "mailto:", 7) == 0))
			u += 7;
		if (strlen(u) == tl && memcmp(text, u, tl) == 0)
			piece_protect(&h->raw, op.start, end); /* the text is the address */
		else
			piece_add_link(&h->links, &h->nlinks, &h->caplinks, op.href);
	}
	if (op.style)
		piece_span(&h->raw, op.start, end, op.style, op.href);
	free(op.href);
}

static int
enter(struct html *h, const xmlNode *n)
{
	char tmp[8];
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content)
			add_text(h, (const char *)n->content, strlen((const char *)n->content));
		return SKIP;
	}
	if (n->type == XML_ENTITY_REF_NODE) {
		const char *t = entity_text(n, tmp);
		if (t)
			add_text(h, t, strlen(t));
		return SKIP;
	}
	if (n->type != XML_ELEMENT_NODE)
		return SKIP;

	enum tag t = tag_of(n);
	struct attrs at;
	read_attrs(n, &at);
	if (dropped(n, t, &at))
		return SKIP;
	/* Inside a data table's cell, or a heading, blocks are only spaces. */
	int flat = h->incell || (h->leaf && h->kind == BLOCK_HEADING);
	int inline_tag = t == T_A || t == T_EM || t == T_CITE || t == T_B || t == T_CODE ||
	                 t == T_OTHER || t == T_BR || t == T_IMG;
	/* A block ends the text before it, before its own anchor is placed. */
	if (!flat && !inline_tag)
		end_leaf(h);
	if (at.id)
		add_anchor(h, at.id);
	else if (t == T_A && at.name)
		add_anchor(h, at.name);
	if (at.id && !h->incell) {
		char *key = xasprintf("%s#%s", h->path, at.id);
		const struct entry *e = table_find(&h->anchors, key);
		free(key);
		if (e && e->label)
			snprintf(h->note, sizeof h->note, "%s", e->label);
	}

	switch (t) {
	case T_BR:
		line_break(h);
		return SKIP;
	case T_IMG:
		add_image(h, &at);
		return SKIP;
	case T_A: {
		const char *href = at.href && at.href[0] ? at.href : NULL;
		int note = href && is_noteref(n, &at);
		int abs = href && is_absolute(href);
		open_span(h, n, href ? STYLE_LINK : 0, href, abs && !note, note);
		return DESCEND;
	}
	case T_EM:
	case T_CITE:
		open_span(h, n, STYLE_ITALIC, NULL, 0, 0);
		return DESCEND;
	case T_B:
		open_span(h, n, STYLE_BOLD, NULL, 0, 0);
		return DESCEND;
	case T_CODE:
		open_span(h, n, STYLE_CODE, NULL, 0, 0);
		return DESCEND;
	case T_OTHER:
		return DESCEND;
	default:
		break;
	}
	if (flat) {
		add_text(h, " ", 1);
		return DESCEND;
	}
	switch (t) {
	case T_HR:
		end_leaf(h);
		{
			struct piece pc = { 0 };
			emit(h, BLOCK_RULE, 0, &pc, NULL, 0, 0);
		}
		return SKIP;
	case T_PRE:
		end_leaf(h);
		read_pre(h, n);
		return SKIP;
	case T_TABLE:
		end_leaf(h);
		if (!h->intable && data_table(n)) {
			h->intable = 1;
			h->table = n;
			h->headrows = 0;
		}
		return DESCEND;
	case T_TR:
		if (h->intable) {
			end_leaf(h);
			piece_table_row(&h->tab);
			h->row_th = 1;
			h->row_head = n->parent && n->parent->name &&
			              strcasecmp((const char *)n->parent->name, "thead") == 0;
			return DESCEND;
		}
		end_leaf(h);
		return DESCEND;
	case T_TD:
		end_leaf(h);
		if (h->intable) {
			if (h->tab.nrows == 0) {
				piece_table_row(&h->tab);
				h->row_th = 1;
			}
			h->th = strcasecmp((const char *)n->name, "th") == 0;
			h->row_th &= h->th;
			h->incell = 1;
			begin_leaf(h, BLOCK_LINES, 0, n);
		}
		return DESCEND;
	case T_CAPTION:
		end_leaf(h);
		begin_leaf(h, BLOCK_PARA, 0, n);
		if (h->intable) {
			/* The caption goes before the table, which is added at its end. */
			h->intable = 0;
			h->owner = n;
			h->incell = 0;
		}
		open_span(h, n, STYLE_ITALIC, NULL, 0, 0);
		return DESCEND;
	case T_H: {
		end_leaf(h);
		begin_leaf(h, BLOCK_HEADING, n->name[1] - '0', n);
		return DESCEND;
	}
	case T_P:
	case T_ADDRESS:
		end_leaf(h);
		begin_leaf(h, BLOCK_PARA, 0, n);
		return DESCEND;
	case T_DT:
	case T_FIGCAPTION:
		end_leaf(h);
		begin_leaf(h, BLOCK_PARA, 0, n);
		open_span(h, n, t == T_DT ? STYLE_BOLD : STYLE_ITALIC, NULL, 0, 0);
		return DESCEND;
	case T_LIST:
	case T_OL: {
		if (h->menus && is_menu(n))
			return SKIP;
		end_leaf(h);
		flush(h);
		int depth = 0;
		for (size_t i = 0; i < h->nstack; i++)
			depth += h->stack[i].type == C_LIST && !h->stack[i].ordered;
		struct container *c = push(h, C_LIST, n);
		c->ordered = t == T_OL;
		c->depth = depth;
		if (c->ordered) {
			long count = 0;
			for (const xmlNode *k = n->children; k; k = k->next)
				count += k->type == XML_ELEMENT_NODE && tag_of(k) == T_LI;
			c->next = at.start ? strtol(at.start, NULL, 10) : 1;
			if (c->next < -999999 || c->next > 999999)
				c->next = 1;
			c->digits = digits(c->next + (count > 0 ? count - 1 : 0));
		}
		return DESCEND;
	}
	case T_LI:
		end_leaf(h);
		start_item(h, n);
		return DESCEND;
	case T_BLOCKQUOTE:
		end_leaf(h);
		flush(h);
		push(h, C_QUOTE, n);
		return DESCEND;
	case T_DD:
		end_leaf(h);
		flush(h);
		push(h, C_DD, n);
		return DESCEND;
	default: /* div, section, article, aside, body… */
		end_leaf(h);
		return DESCEND;
	}
}

static void
leave(struct html *h, const xmlNode *n)
{
	if (n->type != XML_ELEMENT_NODE)
		return;
	enum tag t = tag_of(n);
	switch (t) {
	case T_A:
	case T_EM:
	case T_CITE:
	case T_B:
	case T_CODE:
		close_span(h, n);
		return;
	case T_OTHER:
		return;
	default:
		break;
	}
	if (h->owner == n) {
		close_span(h, n);
		end_leaf(h);
		h->owner = NULL;
	}
	if (h->incell && t != T_TD && t != T_TABLE) {
		return;
	}
	if (h->leaf && h->kind == BLOCK_HEADING && !h->incell)
		return; /* a block inside a heading */
	switch (t) {
	case T_TD:
		end_leaf(h);
		h->incell = 0;
		return;
	case T_TR:
		if (h->intable && h->tab.nrows > 0 && (h->row_head || h->row_th) &&
		    h->headrows + 1 == h->tab.nrows)
			h->headrows = h->tab.nrows;
		return;
	case T_CAPTION:
		close_span(h, n);
		end_leaf(h);
		if (h->table != NULL && !h->intable)
			h->intable = 1;
		return;
	case T_TABLE:
		if (h->intable && h->table == n) {
			struct piece out;
			end_leaf(h);
			h->incell = 0;
			h->tab.head = h->headrows < h->tab.nrows ? h->headrows : 0;
			piece_table_end(&h->tab, &out);
			h->intable = 0;
			h->table = NULL;
			if (out.t.len > 0)
				emit(h, BLOCK_LINES, 0, &out, NULL, 0, 0);
			piece_free(&out);
		} else {
			end_leaf(h);
		}
		return;
	case T_LIST:
	case T_OL:
	case T_BLOCKQUOTE:
	case T_DD:
		end_leaf(h);
		flush(h);
		if (h->nstack > 0 && h->stack[h->nstack - 1].node == n)
			h->nstack--;
		return;
	case T_LI:
		end_leaf(h);
		if (h->nstack > 0 && h->stack[h->nstack - 1].node == n) {
			if (!h->stack[h->nstack - 1].used)
				marker_alone(h);
			h->nstack--;
		}
		return;
	default:
		end_leaf(h);
		return;
	}
}

/* Walk the tree under root (root included) without recursion. */
static void
walk(struct html *h, const xmlNode *root)
{
	const xmlNode *n = root;
	for (;;) {
		if (enter(h, n) == DESCEND) {
			if (n->children) {
				n = n->children;
				continue;
			}
			leave(h, n);
		}
		for (;;) {
			if (n == root)
				return;
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
			leave(h, n);
		}
	}
}

/* ---------- pages */

/* The first element under root (included) for which pred holds, in document order. */
static const xmlNode *
find(const xmlNode *root, int (*pred)(const xmlNode *))
{
	const xmlNode *n = root;
	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE && pred(n))
			return n;
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n != root && n->next == NULL)
			n = n->parent;
		if (n == root)
			return NULL;
		n = n->next;
	}
	return NULL;
}

static int
named(const xmlNode *n, const char *name)
{
	return n->name && strcasecmp((const char *)n->name, name) == 0;
}

static int
is_main(const xmlNode *n)
{
	if (named(n, "main"))
		return 1;
	struct attrs at;
	read_attrs(n, &at);
	return at.role && has_word(at.role, "main");
}

static int
is_body(const xmlNode *n)
{
	return named(n, "body");
}

static int
is_h1(const xmlNode *n)
{
	return named(n, "h1");
}

static int
is_title(const xmlNode *n)
{
	return named(n, "title");
}

/* Bytes of text under n, blanks included. */
static size_t
text_size(const xmlNode *root)
{
	size_t sum = 0;
	const xmlNode *n = root->children;
	while (n != NULL && n != root) {
		if (n->type == XML_TEXT_NODE && n->content)
			sum += strlen((const char *)n->content);
		if (n->type == XML_ELEMENT_NODE && n->children && tag_of(n) != T_DROP) {
			n = n->children;
			continue;
		}
		while (n != root && n->next == NULL)
			n = n->parent;
		if (n == root)
			break;
		n = n->next;
	}
	return sum;
}

/*
 * The article of a page: its main element; else its one article element,
 * or the largest of several when it holds most of their text (a page of
 * article summaries is read whole); else the body.
 */
static const xmlNode *
article_of(const xmlNode *body)
{
	const xmlNode *m = find(body, is_main);
	if (m)
		return m;
	const xmlNode *best = NULL, *n = body;
	size_t best_size = 0, total = 0;
	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE && named(n, "article")) {
			size_t s = text_size(n);
			total += s;
			if (best == NULL || s > best_size)
				best = n, best_size = s;
		} else if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n != body && n->next == NULL)
			n = n->parent;
		if (n == body)
			break;
		n = n->next;
	}
	if (best && best_size * 100 >= total * ARTICLE_SHARE)
		return best;
	return body;
}

/* What the head says: title, author, language. */
static void
read_meta(const xmlNode *root, struct html_meta *meta)
{
	struct attrs at;
	read_attrs(root, &at);
	if (at.lang && at.lang[0])
		meta->lang = xstrdup(at.lang);
	const xmlNode *head = root->children;
	while (head && !(head->type == XML_ELEMENT_NODE && named(head, "head")))
		head = head->next;
	const xmlNode *title = head ? find(head, is_title) : NULL;
	if (title) {
		char *t = html_node_text(title);
		if (t[0])
			meta->title = t;
		else
			free(t);
	}
	for (const xmlNode *k = head ? head->children : NULL; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE || !named(k, "meta"))
			continue;
		read_attrs(k, &at);
		const char *key = at.name ? at.name : at.property;
		if (key && at.content && at.content[0] && meta->author == NULL &&
		    (strcasecmp(key, "author") == 0 || strcasecmp(key, "dc.creator") == 0 ||
		     strcasecmp(key, "dcterms.creator") == 0)) {
			struct buf b = { 0 };
			clean_add(&b, at.content, strlen(at.content), 1, NULL);
			meta->author = xstrdup(b.data);
			buf_free(&b);
		}
	}
}

void
html_meta_free(struct html_meta *m)
{
	free(m->title);
	free(m->author);
	free(m->lang);
	memset(m, 0, sizeof *m);
}

/* How many h1 elements there are under root. */
static size_t
count_h1(const xmlNode *root)
{
	size_t k = 0;
	const xmlNode *n = root;
	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE && named(n, "h1"))
			k++;
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n != root && n->next == NULL)
			n = n->parent;
		if (n == root)
			break;
		n = n->next;
	}
	return k;
}

/*
 * A page's language, before its text is read (French spacing depends on
 * it): its lang attribute, else guessed from the text of its article.
 */
static void
decide_lang(struct html *h, const xmlNode *root, const xmlNode *top)
{
	struct attrs at;
	read_attrs(root, &at);
	if (!(at.lang && html_lang_code(at.lang, h->lang))) {
		char *t = html_node_text(top);
		snprintf(h->lang, sizeof h->lang, "%s", typo_detect_lang(t, strlen(t)));
		free(t);
	}
	h->o.lang = h->lang;
	if (strncmp(h->lang, "fr", 2) != 0)
		h->o.typo = 0;
}

void
html_add(struct html *h, const char *raw, size_t n, const struct html_src *src,
         struct html_meta *meta)
{
	struct buf dec = { 0 };
	const char *text;
	size_t len;
	if (decode(raw, n, src->encoding, src->what, &dec, &text, &len) < 0) {
		/* The caller checked a named encoding; a declared one falls back above. */
		buf_free(&dec);
		return;
	}
	xmlDoc *doc = parse_tree(text, len, src->xhtml, src->what);
	buf_free(&dec);
	h->path = src->path;
	add_anchor(h, NULL);
	const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root != NULL) {
		if (meta)
			read_meta(root, meta);
		const xmlNode *body = find(root, is_body);
		const xmlNode *top = body ? body : root;
		if (src->page && body)
			top = article_of(body);
		/* Without main nor article, its menus are lists of links. */
		h->menus = src->page && body && top == body;
		if (src->page && h->o.lang == NULL)
			decide_lang(h, root, top);
		if (src->page && body) {
			/* The page's one h1, when its article lacks it (it sits in the header). */
			const xmlNode *h1 = find(body, is_h1);
			if (top != body && find(top, is_h1) == NULL && h1 != NULL &&
			    count_h1(body) == 1) {
				const xmlNode *up = h1;
				while (up && up != body && up != top)
					up = up->parent;
				if (up == body)
					walk(h, h1);
			}
		}
		walk(h, top);
	}
	end_leaf(h);
	for (int i = 0; i < h->nopen; i++)
		free(h->open[i].href);
	h->nopen = 0;
	h->nstack = 0;
	h->intable = 0;
	h->incell = 0;
	h->note[0] = '\0';
	h->menus = 0;
	if (h->tab.nrows) {
		struct piece out;
		piece_table_end(&h->tab, &out);
		piece_free(&out);
	}
	memset(&h->tab, 0, sizeof h->tab);
	flush(h);
	xmlFreeDoc(doc);
	h->path = NULL;
}

void
html_retarget(struct html *h, struct doc *d)
{
	h->d = d;
}

void
html_free(struct html *h)
{
	if (h == NULL)
		return;
	for (int i = 0; i < h->nopen; i++)
		free(h->open[i].href);
	for (size_t i = 0; i < h->nwaiting; i++)
		free(h->waiting[i]);
	free(h->waiting);
	free(h->stack);
	free(h->links);
	piece_free(&h->raw);
	table_free(&h->anchors);
	free(h);
}

int
html_lang_code(const char *tag, char out[16])
{
	size_t k = 0;
	while (tag && isalpha((unsigned char)tag[k]) && k < 8) {
		out[k] = (char)tolower((unsigned char)tag[k]);
		k++;
	}
	out[k] = '\0';
	return k >= 2 && k <= 3 && (tag[k] == '\0' || tag[k] == '-' || tag[k] == '_');
}

int
html_page(struct doc *d, const char *raw, size_t n, const char *encoding,
          const struct parse_opts *o, int xhtml, const char **err)
{
	struct html_meta meta = { 0 };

	if (encoding) {
		size_t rn = 0;
		uint8_t *r = u8_conv_from_encoding(encoding, iconveh_question_mark, "a", 1, NULL,
		                                   NULL, &rn);
		if (r == NULL && errno == EINVAL) {
			*err = "unknown encoding";
			return -1;
		}
		free(r);
	}
	/* Anchors and notes are keyed by a path; a page's own is its name only. */
	struct html *h = html_create(d, o);
	struct html_src src = { "index.html", d->name, encoding, xhtml, 1 };
	html_add(h, raw, n, &src, &meta);
	d->typo = h->o.typo;
	snprintf(d->lang, sizeof d->lang, "%s", h->o.lang ? h->o.lang : "fr");
	d->info.invalid += h->info.invalid;
	d->info.controls += h->info.controls;
	html_free(h);
	d->author = meta.author;
	meta.author = NULL;
	doc_finish(d, meta.title);
	html_meta_free(&meta);
	return 0;
}

/* ---------- addresses */

static int
hexval(int c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

char *
html_resolve(const char *base, const char *href, char **frag)
{
	*frag = NULL;
	if (href == NULL || is_absolute(href))
		return NULL;
	size_t plen = strcspn(href, "#?");
	const char *hash = strchr(href, '#');
	if (hash && hash[1])
		*frag = xstrdup(hash + 1);

	/* The joined path: base's directory, then href's path (or base itself, if empty). */
	struct buf joined = { 0 };
	if (plen == 0) {
		buf_adds(&joined, base);
	} else if (href[0] == '/') {
		buf_add(&joined, href + 1, plen - 1);
	} else {
		const char *slash = strrchr(base, '/');
		if (slash)
			buf_add(&joined, base, (size_t)(slash - base) + 1);
		buf_add(&joined, href, plen);
	}
	buf_add(&joined, "", 0);

	/* Percent-decoding, then the segments, with . and .. resolved. */
	struct buf dec = { 0 }, out = { 0 };
	for (const char *p = joined.data; *p; p++) {
		int a, b;
		if (p[0] == '%' && (a = hexval((unsigned char)p[1])) >= 0 &&
		    (b = hexval((unsigned char)p[2])) >= 0 && (a || b)) {
			buf_addc(&dec, (char)(a * 16 + b));
			p += 2;
		} else {
			buf_addc(&dec, *p);
		}
	}
	buf_add(&dec, "", 0);
	buf_free(&joined);
	int bad = 0;
	for (const char *p = dec.data; *p;) {
		size_t k = strcspn(p, "/");
		if (k == 0 || (k == 1 && p[0] == '.')) {
			/* nothing */
		} else if (k == 2 && p[0] == '.' && p[1] == '.') {
			if (out.len == 0) {
				bad = 1;
				break;
			}
			while (out.len > 0 && out.data[out.len - 1] != '/')
				out.len--;
			if (out.len > 0)
				out.len--; /* the slash */
			out.data[out.len] = '\0';
		} else {
			if (out.len > 0)
				buf_addc(&out, '/');
			buf_add(&out, p, k);
		}
		p += k;
		if (*p == '/')
			p++;
	}
	buf_free(&dec);
	if (bad || out.len == 0) {
		buf_free(&out);
		free(*frag);
		*frag = NULL;
		return NULL;
	}
	return out.data;
}

int
html_sniff(const char *s, size_t n)
{
	size_t i = 0, end = n < SNIFF ? n : SNIFF;
	if (end >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (;;) {
		while (i < end && blank((unsigned char)s[i]))
			i++;
		if (i + 4 <= end && memcmp(s + i, "<!--", 4) == 0) {
			const char *e = NULL;
			for (size_t j = i + 4; j + 3 <= end; j++)
				if (memcmp(s + j, "-->", 3) == 0) {
					e = s + j + 3;
					break;
				}
			if (e == NULL)
				return 0;
			i = (size_t)(e - s);
			continue;
		}
		if (i + 5 <= end && memcmp(s + i, "<?xml", 5) == 0) {
			const char *e = memchr(s + i, '>', end - i);
			if (e == NULL)
				return 0;
			i = (size_t)(e - s) + 1;
			continue;
		}
		break;
	}
	if (i + 14 <= end && strncasecmp(s + i, "<!doctype html", 14) == 0 &&
	    (i + 14 == end || blank((unsigned char)s[i + 14]) || s[i + 14] == '>'))
		return 1;
	return i + 5 <= end && strncasecmp(s + i, "<html", 5) == 0 &&
	       (i + 5 == end || blank((unsigned char)s[i + 5]) || s[i + 5] == '>');
}
