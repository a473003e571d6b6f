/*
 * opts.c — every option of liseuse in one table, and the one place where
 * their values are read.
 *
 * The command line and the config file used to have a parser each, and
 * they drifted apart (-w +50 passed on one side only, format = auto on the
 * other).  Now a row of opts_table says everything about an option — its
 * long and short names, how it takes its value and within what range, its
 * name in the config file, its help — and getopt's long options, the
 * config file's names and --help are made from it, while opts_set() reads
 * a value the same way for both.  So one spelling means one thing, and a
 * new option is one row.  Options that name one document or one run
 * (--section, --search, --keyword, the modes) have no config name: they
 * make no sense for every file.
 *
 * Values are checked up front, where they can be named: an encoding
 * iconv does not know is refused here, not after the file is read.
 */
#include "opts.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse.h"
#include "text.h"
#include "util.h"

#define F(x) offsetof(struct opts, x)

const struct opts_def opts_table[] = {
	{ "width", 'w', OPTS_NUMBER, F(width), 0, 0, 10000, "width", "N",
	  "text measure in columns (default 72; 0 = whole pane)" },
	{ "columns", 'C', OPTS_COLUMNS, F(columns), 0, 1, 100, "columns", "N|auto",
	  "text columns per screen (default auto)" },
	{ "justify", 'j', OPTS_FLAG, F(justify), 1, 0, 0, "justify", NULL, "justified paragraphs" },
	{ "ragged", 0, OPTS_FLAG, F(justify), 0, 0, 0, NULL, NULL,
	  "ragged-right paragraphs (the default)" },
	{ "no-hyphenate", 0, OPTS_FLAG, F(hyphenate), 0, 0, 0, "hyphenate", NULL,
	  "no hyphenation" },
	{ "lang", 0, OPTS_LANG, F(lang), 0, 0, 0, "lang", "LL",
	  "language for hyphenation and typography (default: detected)" },
	{ "no-typo", 0, OPTS_FLAG, F(typo), 0, 0, 0, "typo", NULL,
	  "keep the text's own spacing (no French spacing)" },
	{ "raw", 'R', OPTS_FLAG, F(raw), 1, 0, 0, "raw", NULL,
	  "plain text as its lines are: unfilled, spacing kept" },
	{ "section", 0, OPTS_NUMBER, F(section), 0, 1, LONG_MAX, NULL, "N",
	  "open at section N (1 = first heading)" },
	{ "dump", 0, OPTS_ACTION, F(mode), OPTS_MODE_DUMP, 0, 0, NULL, NULL,
	  "print the laid-out text and exit" },
	{ "toc", 0, OPTS_ACTION, F(mode), OPTS_MODE_TOC, 0, 0, NULL, NULL,
	  "print the table of contents (N, level, title) and exit" },
	{ "grep", 0, OPTS_ACTION, F(grep), OPTS_MODE_GREP, 0, 0, NULL, "PAT",
	  "print every match (section, offset, match, context) and exit" },
	{ "encoding", 0, OPTS_ENCODING, F(encoding), 0, 0, 0, "encoding", "NAME",
	  "input encoding (default UTF-8, else Windows-1252)" },
	{ "format", 0, OPTS_FORMAT, F(format), 0, 0, 0, "format",
	  "text|markdown|html|epub|auto", "input format (default auto: from the name, else the content)" },
	{ "no-color", 0, OPTS_FLAG, F(color), 0, 0, 0, "color", NULL,
	  "monochrome (also when NO_COLOR is set)" },
	{ "no-remember", 0, OPTS_FLAG, F(remember), 0, 0, 0, "remember", NULL,
	  "neither restore nor save the reading position" },
	{ "keyword", 'k', OPTS_KEYWORD, F(keywords), 0, 0, 0, NULL, "WORD",
	  "highlight WORD everywhere (repeatable)" },
	{ "search", 'p', OPTS_TEXT, F(search), 0, 0, 0, NULL, "PAT",
	  "open at the first match of PAT" },
	{ "help", 'h', OPTS_ACTION, F(mode), OPTS_MODE_HELP, 0, 0, NULL, NULL,
	  "show this help and exit" },
	{ "version", 'V', OPTS_ACTION, F(mode), OPTS_MODE_VERSION, 0, 0, NULL, NULL,
	  "show the version and exit" },
	{ NULL, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

/* The input formats by name, as --format and format = take them. */
static const struct {
	const char *name;
	int format;
} formats[] = {
	{ "auto", FORMAT_AUTO },
	{ "text", FORMAT_TEXT },
	{ "markdown", FORMAT_MARKDOWN },
	{ "html", FORMAT_HTML },
	{ "epub", FORMAT_EPUB },
};

void
opts_defaults(struct opts *o)
{
	const char *nc = getenv("NO_COLOR");
	*o = (struct opts){ 0 };
	o->width = OPTS_DEFAULT_WIDTH;
	o->columns = COLUMNS_AUTO;
	o->hyphenate = 1;
	o->typo = 1;
	o->color = nc == NULL || nc[0] == '\0';
	o->remember = 1;
	o->format = FORMAT_AUTO;
	o->mode = OPTS_MODE_READ;
}

const struct opts_def *
opts_find_config(const char *name)
{
	for (const struct opts_def *d = opts_table; d->name != NULL; d++)
		if (d->config != NULL && strcmp(d->config, name) == 0)
			return d;
	return NULL;
}

/*
 * The strings the options point to, copied: a config line is freed once
 * read.  Kept for the whole run (the settings live that long), and
 * reachable from here.
 */
static char **kept;
static size_t nkept, capkept;

static const char *
opts_keep(const char *v)
{
	kept = xgrow(kept, &capkept, nkept + 1, sizeof *kept);
	return kept[nkept++] = xstrdup(v);
}

/* yes/no and their synonyms: 1 or 0, or -1 if v is neither. */
static int
opts_parse_bool(const char *v)
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

/* Decimal digits only (no sign, no space) from min to max: 0 and *out, else -1. */
static int
opts_parse_number(const char *v, long min, long max, long *out)
{
	char *end;
	if (v[0] < '0' || v[0] > '9')
		return -1;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || *end != '\0' || n < min || n > max)
		return -1;
	*out = n;
	return 0;
}

/* "expected a number from 1 to 100", or "from 1" where there is no real bound. */
static const char *
opts_expected_number(const struct opts_def *d)
{
	static _Thread_local char why[96];
	snprintf(why, sizeof why, "expected %sa number from %ld",
	         d->kind == OPTS_COLUMNS ? "auto or " : "", d->min);
	if (d->max < LONG_MAX)
		snprintf(why + strlen(why), sizeof why - strlen(why), " to %ld", d->max);
	return why;
}

const char *
opts_set(struct opts *o, const struct opts_def *d, const char *v, int from_config)
{
	char *at = (char *)o + d->field;
	long n;
	int b;

	switch (d->kind) {
	case OPTS_FLAG:
		if (!from_config) {
			*(int *)at = (int)d->value;
			return NULL;
		}
		if ((b = opts_parse_bool(v)) < 0)
			return "expected yes or no";
		*(int *)at = b;
		return NULL;
	case OPTS_NUMBER:
	case OPTS_COLUMNS:
		if (d->kind == OPTS_COLUMNS && strcasecmp(v, "auto") == 0)
			n = COLUMNS_AUTO;
		else if (opts_parse_number(v, d->min, d->max, &n) < 0)
			return opts_expected_number(d);
		if (d->max > INT_MAX) /* a bound past int's: the field is a long */
			*(long *)at = n;
		else
			*(int *)at = (int)n;
		return NULL;
	case OPTS_FORMAT:
		for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
			if (strcasecmp(v, formats[i].name) == 0) {
				*(int *)at = formats[i].format;
				return NULL;
			}
		}
		return "expected text, markdown, html, epub or auto";
	case OPTS_LANG: {
		size_t len = strlen(v);
		if (len < 2 || len > 10 || strchr(v, '/'))
			return "expected a language code such as fr or en";
		*(const char **)at = opts_keep(v);
		return NULL;
	}
	case OPTS_ENCODING:
		if (!text_encoding_known(v))
			return "not an encoding iconv knows: see iconv -l";
		*(const char **)at = opts_keep(v);
		return NULL;
	case OPTS_TEXT:
		if (v[0] == '\0')
			return "expected some text";
		*(const char **)at = opts_keep(v);
		return NULL;
	case OPTS_KEYWORD:
		if (v[0] == '\0')
			return "expected a word";
		o->keywords = xrealloc(o->keywords, (o->nkeywords + 1) * sizeof *o->keywords);
		o->keywords[o->nkeywords++] = opts_keep(v);
		return NULL;
	case OPTS_ACTION:
		if (v != NULL) {
			if (v[0] == '\0')
				return "expected a pattern";
			*(const char **)at = opts_keep(v);
		}
		o->mode = (int)d->value;
		return NULL;
	}
	return "not an option";
}

/* The getopt_long options and short-option string made from the table, once. */
static struct option *longopts;
static char shortopts[64];

static void
opts_make_getopt(void)
{
	size_t n = 0, k = 0;
	if (longopts != NULL)
		return;
	while (opts_table[n].name != NULL)
		n++;
	longopts = xcalloc(n + 1, sizeof *longopts);
	shortopts[k++] = ':'; /* a missing argument is ':', not '?' */
	for (size_t i = 0; i < n; i++) {
		const struct opts_def *d = &opts_table[i];
		longopts[i].name = d->name;
		longopts[i].has_arg = d->arg != NULL ? required_argument : no_argument;
		longopts[i].val = 256 + (int)i;
		if (d->short_name) {
			shortopts[k++] = d->short_name;
			if (d->arg != NULL)
				shortopts[k++] = ':';
		}
	}
	shortopts[k] = '\0';
}

/* The row of what getopt_long returned: a short option's letter, or 256 + its row. */
static const struct opts_def *
opts_def_of(int c)
{
	if (c >= 256)
		return &opts_table[c - 256];
	for (const struct opts_def *d = opts_table; d->name != NULL; d++)
		if (d->short_name == c)
			return d;
	return NULL;
}

int
opts_parse_args(struct opts *o, int argc, char **argv, char **why, int *usage)
{
	const struct opts_def *mode = NULL, *d;
	int c;

	opts_make_getopt();
	*why = NULL;
	*usage = 0;
	opterr = 0; /* our own messages, named "liseuse", not argv[0] */
	optind = 0; /* GNU getopt: start afresh (the tests read several command lines) */
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == ':') {
			*why = xasprintf("option '%s' requires an argument", argv[optind - 1]);
			*usage = 1;
			return -1;
		}
		if (c == '?' || (d = opts_def_of(c)) == NULL) {
			if (optopt > 0 && optopt < 256)
				*why = xasprintf("invalid option -- '%c'", optopt);
			else
				*why = xasprintf("unrecognized option '%s'", argv[optind - 1]);
			*usage = 1;
			return -1;
		}
		if (d->kind == OPTS_ACTION && mode != NULL && mode->value != d->value &&
		    d->value != OPTS_MODE_HELP && d->value != OPTS_MODE_VERSION) {
			*why = xasprintf("--%s and --%s cannot be used together: one of --dump, "
			                 "--toc and --grep",
			                 mode->name, d->name);
			return -1;
		}
		const char *bad = opts_set(o, d, d->arg != NULL ? optarg : NULL, 0);
		if (bad != NULL) {
			*why = xasprintf("invalid value '%s' for --%s (%s)", optarg, d->name, bad);
			return -1;
		}
		if (d->kind == OPTS_ACTION) {
			if (d->value == OPTS_MODE_HELP || d->value == OPTS_MODE_VERSION)
				return optind;
			mode = d;
		}
	}
	return optind;
}

void
opts_usage(FILE *f)
{
	fputs("Usage: liseuse [OPTION]... [FILE | -]\n"
	      "Read FILE (or standard input, or the bundled article) with book typography:\n"
	      "Unicode line breaking, French hyphenation and spacing, optimal filling.\n"
	      "\n",
	      f);
	for (const struct opts_def *d = opts_table; d->name != NULL; d++) {
		char left[64];
		int n = snprintf(left, sizeof left, "  %c%c%s--%s%s%s", d->short_name ? '-' : ' ',
		                 d->short_name ? d->short_name : ' ', d->short_name ? ", " : "  ",
		                 d->name, d->arg ? "=" : "", d->arg ? d->arg : "");
		/* The help at column 23, or on a line of its own under a long option. */
		if (n < 23)
			fprintf(f, "%s%*s%s\n", left, n < 22 ? 23 - n : 1, "", d->help);
		else
			fprintf(f, "%s\n%23s%s\n", left, "", d->help);
	}
	fputs("\n"
	      "The config file ($XDG_CONFIG_HOME/liseuse/config) takes the same values,\n"
	      "one 'name = value' a line, for",
	      f);
	int col = 30;
	for (const struct opts_def *d = opts_table; d->name != NULL; d++) {
		if (d->config == NULL)
			continue;
		col += (int)strlen(d->config) + 1;
		if (col > 76) {
			fputs("\n ", f);
			col = 1 + (int)strlen(d->config) + 1;
		}
		fprintf(f, " %s", d->config);
	}
	fputs(".\n"
	      "When standard output is not a terminal, the laid-out text is printed.\n"
	      "Keys: press h in the reader for the list.  The mouse wheel scrolls, a click\n"
	      "in the contents jumps; Ctrl-Z suspends, Ctrl-L redraws, q quits.\n"
	      "See liseuse(1).\n",
	      f);
}
