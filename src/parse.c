/*
 * parse.c — the one entry point from a file name to a document: read,
 * pick the format (by name, else by content: standard input too), and
 * hand the bytes to the right parser.  Text and Markdown are sanitized
 * here first (and what was repaired reported), and their language picked;
 * HTML and EPUB are bytes in their own encodings (an EPUB is a zip), which
 * html.c and epub.c decode themselves: they never go through the text
 * repair, which would ruin a zip and misread a declared charset.
 */
#include "parse.h"
#include "epub.h"
#include "html.h"
#include "typo.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Does the line s[0..n) hold the pair open…close, with something between? */
static int
has_pair(const char *s, size_t n, const char *open, const char *close)
{
	size_t ko = strlen(open), kc = strlen(close);
	for (size_t i = 0; i + ko < n; i++) {
		if (memcmp(s + i, open, ko) != 0)
			continue;
		for (size_t j = i + ko + 1; j + kc <= n; j++)
			if (memcmp(s + j, close, kc) == 0)
				return 1;
		return 0;
	}
	return 0;
}

/*
 * Markdown by content, conservatively: plain text may have a "# " line or
 * stars, but not an ATX heading together with Markdown inline markup or
 * fences.  Only the first 64 KB are read.
 */
static int
looks_markdown(const char *s, size_t n)
{
	size_t atx = 0, marks = 0, end = n > 65536 ? 65536 : n;
	for (size_t i = 0; i < end;) {
		const char *l = s + i;
		const char *nl = memchr(l, '\n', end - i);
		size_t k = nl ? (size_t)(nl - l) : end - i, h = 0;
		while (h < k && h < 7 && l[h] == '#')
			h++;
		if (h >= 1 && h <= 6 && h + 1 < k && l[h] == ' ' && l[h + 1] != ' ')
			atx++;
		if (k >= 3 && (memcmp(l, "```", 3) == 0 || memcmp(l, "~~~", 3) == 0))
			marks++;
		if (has_pair(l, k, "](", ")") && memchr(l, '[', k) != NULL)
			marks++;
		if (has_pair(l, k, "**", "**") || has_pair(l, k, "`", "`"))
			marks++;
		i += k + 1;
	}
	return atx >= 1 && marks >= 1;
}

enum parse_format
parse_guess_format(const char *name, const char *s, size_t n)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (dot && (strcasecmp(dot, ".md") == 0 || strcasecmp(dot, ".markdown") == 0))
		return FORMAT_MARKDOWN;
	if (dot && strcasecmp(dot, ".txt") == 0)
		return FORMAT_TEXT;
	if (dot && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0 ||
	            strcasecmp(dot, ".xhtml") == 0))
		return FORMAT_HTML;
	if ((dot && strcasecmp(dot, ".epub") == 0) || epub_sniff(s, n))
		return FORMAT_EPUB;
	if (html_sniff(s, n))
		return FORMAT_HTML;
	return looks_markdown(s, n) ? FORMAT_MARKDOWN : FORMAT_TEXT;
}

int
parse_is_xhtml(const char *name, const char *s, size_t n)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (dot && strcasecmp(dot, ".xhtml") == 0)
		return 1;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3, n -= 3;
	return n >= 5 && memcmp(s, "<?xml", 5) == 0;
}

/*
 * HTML and EPUB, from their raw bytes (raw is taken: its memory is the
 * EPUB's, or freed).  NULL with *err set on failure.
 */
static struct doc *
parse_marked(struct buf *raw, enum parse_format format, const char *display_name,
             const char *encoding, const struct parse_opts *o, const char **err)
{
	struct doc *d = NULL;
	if (format == FORMAT_EPUB) {
		struct epub *e = epub_open(raw, display_name, err);
		if (e == NULL)
			return NULL;
		d = epub_read(e, o, SIZE_MAX, err);
		epub_free(e);
		return d;
	}
	d = doc_create(display_name);
	const char *s = raw->data ? raw->data : "";
	if (html_page(d, s, raw->len, encoding, o, parse_is_xhtml(display_name, s, raw->len), err) <
	    0) {
		doc_free(d);
		d = NULL;
	} else {
		d->format = FORMAT_HTML;
	}
	buf_free(raw);
	return d;
}

/*
 * Parse clean text (text_sanitize's output, which it frees) into a
 * document.  reuse, if not NULL, is a buffer done with (the raw bytes):
 * the document's text is built in it, whose pages are already mapped —
 * a fresh 60 MB buffer costs 15 000 page faults, a tenth of --grep's time.
 */
static struct doc *
parse_clean(struct buf *clean, struct buf *reuse, const struct text_info *info,
            const char *display_name, const struct parse_opts *o)
{
	struct parse_opts po = *o;
	const struct text_info i = *info;

	if (i.guessed)
		msg_at(MSG_NOTE, display_name, 0, 0, "not valid UTF-8, read as %s", i.encoding);
	else if (i.invalid)
		msg_at(MSG_NOTE, display_name, 0, 0,
		       "%zu invalid UTF-8 sequence%s replaced by U+FFFD", i.invalid,
		       i.invalid > 1 ? "s" : "");

	struct doc *d = doc_create(display_name);
	d->info = i;
	if (reuse != NULL && reuse->data != NULL) {
		d->build = *reuse;
		d->build.len = 0;
		d->build.data[0] = '\0';
		*reuse = (struct buf){ 0 };
	}
	if (po.lang == NULL)
		po.lang = typo_detect_lang(clean->data, clean->len);
	if (po.format == FORMAT_AUTO)
		po.format = parse_guess_format(display_name, clean->data, clean->len);
	/*
	 * French spacing is for French text: Markdown decides it for the
	 * document, plain text for each block (an English paragraph in a
	 * French manual, a French one in an English file).
	 */
	if (po.format == FORMAT_MARKDOWN) {
		if (strncmp(po.lang, "fr", 2) != 0)
			po.typo = 0;
		parse_md(d, clean->data, clean->len, &po);
	} else {
		parse_text(d, clean->data, clean->len, &po);
	}
	snprintf(d->lang, sizeof d->lang, "%s", po.lang);
	d->format = po.format;
	buf_free(clean);
	return d;
}

struct doc *
parse_load(const char *path, const char *display_name, const char *encoding,
           const struct parse_opts *o, const char **err)
{
	struct buf raw = { 0 }, clean = { 0 };
	struct text_info info;
	int rc;

	if (text_read(path, &raw, err) < 0) {
		buf_free(&raw);
		return NULL;
	}
	enum parse_format f =
	        o->format != FORMAT_AUTO
	                ? o->format
	                : parse_guess_format(display_name, raw.data ? raw.data : "", raw.len);
	if (f == FORMAT_HTML || f == FORMAT_EPUB)
		return parse_marked(&raw, f, display_name, encoding, o, err);
	/* Most files need no repair: their bytes are the clean text, with no copy. */
	rc = text_adopt(&raw, encoding, &clean, &info)
	             ? 0
	             : text_sanitize(raw.data ? raw.data : "", raw.len, encoding, &clean, &info);
	if (rc < 0) {
		buf_free(&raw);
		buf_free(&clean);
		*err = "unknown encoding";
		return NULL;
	}
	/* The raw bytes, unless adopted, are done with: their memory holds the document's text. */
	return parse_clean(&clean, &raw, &info, display_name, o);
}

struct doc *
parse_bytes(const char *raw, size_t n, const char *display_name, const char *encoding,
            const struct parse_opts *o, const char **err)
{
	struct buf clean = { 0 };
	struct text_info info;

	enum parse_format f =
	        o->format != FORMAT_AUTO ? o->format : parse_guess_format(display_name, raw, n);
	if (f == FORMAT_HTML || f == FORMAT_EPUB) {
		struct buf copy = { 0 };
		buf_add(&copy, raw, n);
		return parse_marked(&copy, f, display_name, encoding, o, err);
	}
	if (text_sanitize(raw, n, encoding, &clean, &info) < 0) {
		buf_free(&clean);
		*err = "unknown encoding";
		return NULL;
	}
	return parse_clean(&clean, NULL, &info, display_name, o);
}
