/*
 * config.c — the settings file: $XDG_CONFIG_HOME/liseuse/config (default
 * ~/.config/liseuse/config).  One setting a line, "name = value"; '#' starts
 * a comment anywhere; blank lines are fine.  The names and the values are
 * those of the long options (opts.c's table says which have a setting and
 * checks the values for both):
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
 * problem; a bad line gets "FILE:LINE:COL: why" (through msg.c) and is skipped, the others
 * still apply — a typo in the settings must never keep anyone from reading.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/*
 * Where the messages go: said through msg.c about file (loud), and also
 * joined by "; " as the status line would show them, for config_parse().
 */
struct config_messages {
	const char *file;
	struct buf joined;
	int loud;
};

static void config_note(struct config_messages *m, size_t line, size_t col, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static void
config_note(struct config_messages *m, size_t line, size_t col, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	struct msg one = { MSG_WARNING, m->file, line, col, tmp };
	char *shown = msg_format(&one, 1);
	buf_addsep(&m->joined, "; ", shown);
	free(shown);
	if (m->loud)
		msg_at(MSG_WARNING, m->file, line, col, "%s", tmp);
}

/* Apply one setting; NULL on success, "" for an unknown name, else why it was refused. */
static const char *
config_apply(struct opts *o, const char *name, const char *v)
{
	const struct opts_def *def = opts_find_config(name);
	return def == NULL ? "" : opts_set(o, def, v, 1);
}

static char *
config_trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static int
config_read_lines(struct opts *o, const char *text, struct config_messages *msg)
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
		char *name = config_trim(line);
		/* Columns count bytes from 1, as mandoc's and the compilers' do. */
		size_t name_col = (size_t)(name - line) + 1;
		if (*name == '\0') {
			free(line);
			continue;
		}
		if (eq == NULL) {
			config_note(msg, lineno, name_col, "expected 'name = value', not '%s'",
			            name);
			bad++;
			free(line);
			continue;
		}
		*eq = '\0';
		name = config_trim(line);
		char *value = config_trim(eq + 1);
		size_t value_col = (size_t)(value - line) + 1;
		const char *why = config_apply(o, name, value);
		if (why && *why == '\0')
			config_note(msg, lineno, name_col, "unknown setting '%s'", name);
		else if (why)
			config_note(msg, lineno, value_col, "invalid value '%s' for %s (%s)", value,
			            name, why);
		bad += why != NULL;
		free(line);
	}
	return bad;
}

int
config_parse(struct opts *o, const char *text, char **messages)
{
	struct config_messages msg = { "config", { 0 }, 0 };
	int bad = config_read_lines(o, text, &msg);
	*messages = msg.joined.data;
	return bad;
}

int
config_load(struct opts *o)
{
	char *path = util_xdg_path("XDG_CONFIG_HOME", ".config", "liseuse/config");
	struct config_messages msg = { path, { 0 }, 1 };
	int bad = 0;
	FILE *f = path ? fopen(path, "r") : NULL;
	if (f == NULL) {
		if (path && errno != ENOENT && errno != ENOTDIR) {
			config_note(&msg, 0, 0, "cannot be read: %s", strerror(errno));
			bad = 1;
		}
	} else {
		struct buf text = { 0 };
		char chunk[4096];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_add(&text, chunk, n);
		if (ferror(f)) {
			config_note(&msg, 0, 0, "cannot be read: %s", strerror(errno));
			bad = 1;
		} else {
			bad = config_read_lines(o, text.data ? text.data : "", &msg);
		}
		fclose(f);
		buf_free(&text);
	}
	free(path);
	buf_free(&msg.joined);
	return bad;
}
