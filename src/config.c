/*
 * config.c — the settings file: $XDG_CONFIG_HOME/liseuse/config (default
 * ~/.config/liseuse/config).  One setting a line, "name = value"; '#' starts
 * a comment anywhere; blank lines are fine.  The names are the long options:
 *
 *   width = N          the measure, 0 to 10000 (0 = the whole pane)
 *   columns = N|auto   text columns per screen, 1 to 100, or auto
 *   justify, hyphenate, typo, color, remember = yes|no
 *                      (also true/false, on/off, 1/0, any case)
 *   lang = LL          language for hyphenation and typography
 *   encoding = NAME    input encoding (UTF-8, ISO-8859-1, …)
 *   format = text|markdown|html|epub|auto
 *
 * The options that name one document or one run (--section, --search,
 * --keyword, --dump, --toc, --grep) have no setting: they make no sense
 * for every file.
 * main.c applies it to the defaults before it reads the command line, so
 * the command line wins and --dump sees it too.  A missing file is no
 * problem; a bad line gets "config:LINE: why" and is skipped, the others
 * still apply — a typo in the settings must never keep anyone from reading.
 */
#include "config.h"
#include "parse.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util.h"

/* The lang setting's storage: o->lang points here (a language tag is short). */
static char lang_value[16];
static char encoding_value[64];

/* The messages so far, joined by "; "; each also on stderr when loud. */
struct messages {
	struct buf joined;
	int loud;
};

static void note(struct messages *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
note(struct messages *m, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	buf_addsep(&m->joined, "; ", tmp);
	if (m->loud)
		notice("%s", tmp);
}

/* yes/no and their synonyms: 1 or 0, or -1 if v is neither. */
static int
parse_bool(const char *v)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* A decimal number from min to max: 0 and *out set, else -1. */
static int
parse_int(const char *v, long min, long max, int *out)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end != '\0' || v[0] == '+' || v[0] == '-' || n < min || n > max)
		return -1;
	*out = (int)n;
	return 0;
}

/* Apply one setting; NULL on success, else why it was refused. */
static const char *
apply(struct opts *o, const char *name, const char *v)
{
	int *flag = NULL;
	if (strcmp(name, "width") == 0)
		return parse_int(v, 0, 10000, &o->width) ? "expected a number from 0 to 10000"
		                                         : NULL;
	if (strcmp(name, "columns") == 0) {
		if (strcasecmp(v, "auto") == 0) {
			o->columns = COLUMNS_AUTO;
			return NULL;
		}
		return parse_int(v, 1, 100, &o->columns) ? "expected auto or a number from 1 to 100"
		                                         : NULL;
	}
	if (strcmp(name, "encoding") == 0) {
		size_t n = strlen(v);
		if (n == 0 || n >= sizeof encoding_value)
			return "expected an encoding name such as UTF-8 or ISO-8859-1";
		memcpy(encoding_value, v, n + 1);
		o->encoding = encoding_value;
		return NULL;
	}
	if (strcmp(name, "format") == 0) {
		if (strcmp(v, "text") == 0)
			o->format = FORMAT_TEXT;
		else if (strcmp(v, "markdown") == 0)
			o->format = FORMAT_MARKDOWN;
		else if (strcmp(v, "html") == 0)
			o->format = FORMAT_HTML;
		else if (strcmp(v, "epub") == 0)
			o->format = FORMAT_EPUB;
		else if (strcmp(v, "auto") == 0)
			o->format = FORMAT_AUTO;
		else
			return "expected text, markdown, html, epub or auto";
		return NULL;
	}
	if (strcmp(name, "lang") == 0) {
		size_t n = strlen(v);
		if (n < 2 || n > 10 || strchr(v, '/'))
			return "expected a language code such as fr or en";
		memcpy(lang_value, v, n + 1);
		o->lang = lang_value;
		return NULL;
	}
	if (strcmp(name, "justify") == 0)
		flag = &o->justify;
	else if (strcmp(name, "hyphenate") == 0)
		flag = &o->hyphenate;
	else if (strcmp(name, "typo") == 0)
		flag = &o->typo;
	else if (strcmp(name, "color") == 0)
		flag = &o->color;
	else if (strcmp(name, "remember") == 0)
		flag = &o->remember;
	else
		return "";
	int b = parse_bool(v);
	if (b < 0)
		return "expected yes or no";
	*flag = b;
	return NULL;
}

static char *
trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static int
parse(struct opts *o, const char *text, struct messages *msg)
{
	int bad = 0;
	size_t lineno = 0;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n), *hash = strchr(line, '#');
		p += n + (nl != NULL);
		lineno++;
		if (hash)
			*hash = '\0';
		char *eq = strchr(line, '=');
		char *name = trim(line);
		if (*name == '\0') {
			free(line);
			continue;
		}
		if (eq == NULL) {
			note(msg, "config:%zu: expected 'name = value', not '%s'", lineno, name);
			bad++;
			free(line);
			continue;
		}
		*eq = '\0';
		name = trim(line);
		char *value = trim(eq + 1);
		const char *why = apply(o, name, value);
		if (why && *why == '\0')
			note(msg, "config:%zu: unknown setting '%s'", lineno, name);
		else if (why)
			note(msg, "config:%zu: invalid value '%s' for %s (%s)", lineno, value, name,
			     why);
		bad += why != NULL;
		free(line);
	}
	return bad;
}

int
config_parse(struct opts *o, const char *text, char **messages)
{
	struct messages msg = { { 0 }, 0 };
	int bad = parse(o, text, &msg);
	*messages = msg.joined.data;
	return bad;
}

int
config_load(struct opts *o, char **messages)
{
	struct messages msg = { { 0 }, 1 };
	char *path = util_xdg_path("XDG_CONFIG_HOME", ".config", "liseuse/config");
	int bad = 0;
	FILE *f = path ? fopen(path, "r") : NULL;
	if (f == NULL) {
		if (path && errno != ENOENT && errno != ENOTDIR) {
			note(&msg, "config: cannot read %s: %s", path, strerror(errno));
			bad = 1;
		}
	} else {
		struct buf text = { 0 };
		char chunk[4096];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_add(&text, chunk, n);
		if (ferror(f)) {
			note(&msg, "config: cannot read %s: %s", path, strerror(errno));
			bad = 1;
		} else {
			bad = parse(o, text.data ? text.data : "", &msg);
		}
		fclose(f);
		buf_free(&text);
	}
	free(path);
	*messages = msg.joined.data;
	return bad;
}
