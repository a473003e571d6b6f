/*
 * opts.h — the reader's settings and the one table they are read through:
 * the command line and the config file take the same names, the same
 * values and the same limits, because both go through opts_set().
 * main.c fills them (config_load() first, then opts_parse_args()); the
 * interface reads them.
 */
#ifndef LISEUSE_OPTS_H
#define LISEUSE_OPTS_H

#include <stddef.h>
#include <stdio.h>

enum { COLUMNS_AUTO = 0 };

/* What a run does: read, or print something and exit. */
enum opts_mode {
	OPTS_MODE_READ, /* the reader (or the text, when standard output is no terminal) */
	OPTS_MODE_DUMP,
	OPTS_MODE_TOC,
	OPTS_MODE_GREP,
	OPTS_MODE_HELP,    /* --help: print the usage and exit */
	OPTS_MODE_VERSION, /* --version */
};

struct opts {
	int width;   /* the measure; 0 = the whole pane */
	int columns; /* COLUMNS_AUTO or 1.. */
	int justify;
	int hyphenate;
	int typo;
	int color;
	int remember;
	int raw;               /* -R: plain text as its lines are, unfilled */
	const char *lang;      /* NULL: from the text */
	const char *encoding;  /* NULL: UTF-8, else Windows-1252 */
	int format;            /* enum parse_format */
	const char *search;    /* -p: open at its first match */
	const char **keywords; /* -k, each in its own colour */
	size_t nkeywords;
	long section;     /* --section, 1-based; 0 = none */
	int mode;         /* enum opts_mode */
	const char *grep; /* --grep's pattern */
	const char *path; /* the file, "-" for stdin */
	const char *name; /* how to name it in messages and the status line */
};

#define OPTS_DEFAULT_WIDTH 72

/* How an option takes its value. */
enum opts_kind {
	OPTS_FLAG,     /* none on the command line (sets .value); yes or no in the config file */
	OPTS_NUMBER,   /* a decimal number from .min to .max */
	OPTS_COLUMNS,  /* auto, or a number from .min to .max */
	OPTS_FORMAT,   /* one of the input formats' names */
	OPTS_LANG,     /* a language tag */
	OPTS_ENCODING, /* an encoding iconv knows */
	OPTS_TEXT,     /* any text but the empty one */
	OPTS_KEYWORD,  /* like OPTS_TEXT, and repeatable: each adds one */
	OPTS_ACTION,   /* sets the mode (.value); --grep's pattern is its argument */
};

/* One option: its names on the command line and in the config file, its value, its help. */
struct opts_def {
	const char *name; /* the long option */
	char short_name;  /* its letter, or 0 */
	enum opts_kind kind;
	size_t field;       /* offsetof(struct opts, …) of what it sets */
	long value;         /* OPTS_FLAG, OPTS_ACTION: what it sets the field to */
	long min, max;      /* OPTS_NUMBER, OPTS_COLUMNS */
	const char *config; /* its name in the config file, or NULL: none there */
	const char *arg;    /* its argument's name in --help, or NULL: none */
	const char *help;
};

/* The table, ended by an entry whose name is NULL. */
extern const struct opts_def opts_table[];

/* The defaults, before the config file and the command line. */
void opts_defaults(struct opts *o);

/* The option named name in the config file, or NULL. */
const struct opts_def *opts_find_config(const char *name);

/*
 * Set what def names from the text v, as the command line or the config
 * file gives it (v NULL for a flag on the command line).  NULL if done,
 * else why not ("expected a number from 0 to 10000"); nothing is changed
 * then.  A string from v is copied, so v may go.
 */
const char *opts_set(struct opts *o, const struct opts_def *def, const char *v, int from_config);

/*
 * Read the command line into o, over what it holds (the defaults and the
 * config file).  Returns the index of the first operand (the file), or -1
 * with *why the message to print (fresh, one line: "invalid value '0' for
 * --section (…)") and *usage set for a mistake of syntax (an unknown
 * option, a missing argument), which --help answers.  --help and
 * --version stop the reading there, with their mode set.
 */
int opts_parse_args(struct opts *o, int argc, char **argv, char **why, int *usage);

/* --help: the usage, generated from the table. */
void opts_usage(FILE *f);

#endif
