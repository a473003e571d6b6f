/*
 * opts.h — the reader's settings, as the command line and the config file
 * give them; main.c fills them (config_load() first, then the command line),
 * the interface reads them.
 */
#ifndef LISEUSE_OPTS_H
#define LISEUSE_OPTS_H

#include <stddef.h>

enum { COLUMNS_AUTO = 0 };

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
	const char *path; /* the file, "-" for stdin */
	const char *name; /* how to name it in messages and the status line */
	char *notice;     /* the config file's messages for the status line, or NULL */
};

#define OPTS_DEFAULT_WIDTH 72

#endif
