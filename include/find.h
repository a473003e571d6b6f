/*
 * find.h — a search as the reader lives it: the matches of a query (byte
 * ranges of the document, the coordinate lines and marks share), which one
 * is current, the prompt where the query is typed, and the history of
 * queries.  No terminal here: the view drives it, tests call it directly.
 */
#ifndef LISEUSE_FIND_H
#define LISEUSE_FIND_H

#include <stddef.h>

#include "doc.h"
#include "search.h"
#include "util.h"

/*
 * A search.  Matches arrive in document order and are only ever appended:
 * find_start() sets the query, find_more() searches on from `scanned`, and
 * `complete` says that the whole text has been searched.  So a caller may
 * show "match 3/120" while the count still grows, and every index it holds
 * stays valid as more come.
 */
struct find {
	char *query;            /* the query as typed; NULL: no search yet */
	struct search_match *m; /* the matches so far, sorted, non-overlapping */
	size_t n, cap;
	size_t cur;     /* the current match, or n when there is none */
	size_t scanned; /* the text before this byte has been searched */
	int complete;   /* every match is in m */
	const struct doc *d;
	struct search_index *ix;
	struct search_query *q; /* a literal query, compiled, while more may come */
	struct find_regex *re;  /* a regular expression, compiled, while more may come */
	size_t block;           /* a regular expression: the block to search next */
	char error[128];        /* why the query is not a valid regular expression */
};

/*
 * A query that starts with '~' is a regular expression (PCRE2, UTF-8,
 * smart case, matched within each block: a paragraph, a heading); any
 * other is searched as search.c folds it (accents, case, ligatures,
 * apostrophes, spaces).
 */
enum { FIND_REGEX_MARK = '~' };

/* Is query a regular expression? */
int find_is_regex(const char *query);

/* Forget the matches, keep the query (n finds them again). */
void find_clear(struct find *f);

/* Free the matches and the query; f is left empty. */
void find_free(struct find *f);

/*
 * Start searching d (indexed by ix, which must outlive the search) for
 * query, which f keeps: 1 when started (no match is found yet: call
 * find_more()), 0 when the query is empty, -1 when it is not a valid
 * regular expression (f->error says why); the search is complete then.
 */
int find_start(struct find *f, const struct doc *d, struct search_index *ix, const char *query);

/* Search on for about budget bytes of text (0: to the end); 1 while more remains. */
int find_more(struct find *f, size_t budget);

/* find_start(), then find_more() to the end: every match.  Returns as find_start(). */
int find_run(struct find *f, const struct doc *d, struct search_index *ix, const char *query);

/* The match holding byte off, or f->n. */
size_t find_at(const struct find *f, size_t off);

/*
 * The first match starting at or after off (dir > 0), or the last one
 * starting before off (dir < 0), wrapping around the document: *wrapped
 * says so.  f->n when there is no match at all, or when wrapping needs
 * matches still to come (the search is not complete).
 */
size_t find_from(const struct find *f, size_t off, int dir, int *wrapped);

/* The match after (dir > 0) or before (dir < 0) match i, wrapping; *wrapped says so (f->n: not
 * yet). */
size_t find_step(const struct find *f, size_t i, int dir, int *wrapped);

/* Earlier queries, oldest first, and where ↑ ↓ are among them. */
struct find_history {
	char **v;
	size_t n;
	size_t pos; /* n: the query being typed, not one of the history */
};

enum { FIND_HISTORY_MAX = 100 };

/* Add a query (not if empty or the same as the last one), the oldest going past the limit. */
void find_history_add(struct find_history *h, const char *q);

/* The query before (dir < 0) or after (dir > 0) the one shown, "" past the newest; NULL: none. */
const char *find_history_move(struct find_history *h, int dir);

void find_history_free(struct find_history *h);

/* The line being typed at the search prompt: UTF-8 text and a cursor (a byte offset). */
struct find_prompt {
	struct buf text;
	size_t cursor;
};

/* Replace the text, the cursor at its end. */
void find_prompt_set(struct find_prompt *p, const char *s);

/* Insert code point cp at the cursor, and move past it. */
void find_prompt_insert(struct find_prompt *p, unsigned cp);

/* Line editing at the prompt, readline's way; characters are grapheme clusters. */
enum find_edit {
	FIND_LEFT,        /* ← */
	FIND_RIGHT,       /* → */
	FIND_HOME,        /* Home, Ctrl-A */
	FIND_END,         /* End, Ctrl-E */
	FIND_ERASE_BACK,  /* Backspace: the character before the cursor */
	FIND_ERASE_AHEAD, /* Delete: the character under the cursor */
	FIND_ERASE_WORD,  /* Ctrl-W: the word before the cursor, and the blanks after it */
	FIND_ERASE_START, /* Ctrl-U: everything before the cursor */
	FIND_ERASE_END,   /* Ctrl-K: everything from the cursor on */
};

/* Apply an edit; returns 1 if the text changed (the cursor may move either way). */
int find_prompt_edit(struct find_prompt *p, enum find_edit e);

/* Ctrl-R: make the query a regular expression, or a plain one again (the leading '~'). */
void find_prompt_toggle_regex(struct find_prompt *p);

/* The text ("" when empty, never NULL). */
const char *find_prompt_text(const struct find_prompt *p);

void find_prompt_free(struct find_prompt *p);

#endif
