/*
 * parse.c — the one entry point from a file name to a document: read,
 * sanitize, report what was repaired, pick the format and the language,
 * and hand the text to the right parser.
 */
#include "parse.h"
#include "typo.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

enum parse_format
parse_guess_format(const char *name, const char *s, size_t n)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	(void)s;
	(void)n;
	if (dot && (strcasecmp(dot, ".md") == 0 || strcasecmp(dot, ".markdown") == 0))
		return FORMAT_MARKDOWN;
	return FORMAT_TEXT;
}

struct doc *
parse_load(const char *path, const char *display_name, const char *encoding,
           const struct parse_opts *o, const char **err)
{
	struct buf raw = {0}, clean = {0};
	struct text_info info;
	struct parse_opts po = *o;

	if (text_read(path, &raw, err) < 0) {
		buf_free(&raw);
		return NULL;
	}
	if (text_sanitize(raw.data, raw.len, encoding, &clean, &info) < 0) {
		buf_free(&raw);
		*err = "unknown encoding";
		return NULL;
	}
	buf_free(&raw);
	if (info.guessed)
		notice("%s: not valid UTF-8, read as %s", display_name, info.encoding);
	else if (info.invalid)
		notice("%s: %zu invalid UTF-8 sequence%s replaced by U+FFFD", display_name,
		       info.invalid, info.invalid > 1 ? "s" : "");

	struct doc *d = doc_create(display_name);
	d->info = info;
	if (po.lang == NULL)
		po.lang = typo_detect_lang(clean.data, clean.len);
	/* French spacing is for French text. */
	if (strncmp(po.lang, "fr", 2) != 0)
		po.typo = 0;
	if (po.format == FORMAT_AUTO)
		po.format = parse_guess_format(display_name, clean.data, clean.len);
	parse_text(d, clean.data, clean.len, &po);
	snprintf(d->lang, sizeof d->lang, "%s", po.lang);
	buf_free(&clean);
	return d;
}
