/*
 * state.h — what liseuse remembers between runs: each file's reading
 * position and marks (byte offsets into the document text), and the search
 * history.  Stored under $XDG_STATE_HOME/liseuse/; see state.c for the
 * format.  Nothing here is ever fatal: problems come back as a notice.
 */
#ifndef LISEUSE_STATE_H
#define LISEUSE_STATE_H

#include <stddef.h>

enum {
	STATE_MAX_DOCS = 1000,   /* documents remembered, the most recent kept */
	STATE_MAX_HISTORY = 100, /* search queries remembered, the most recent kept */
};

/* This document's saved position and marks, and the search history. */
struct state;

/*
 * Load the state of the file at path, whose document text is text[0..len)
 * (path NULL or "-": standard input, only the history is kept); positions
 * saved for a different text are dropped; *notice gets a message to show, or NULL.
 */
struct state *state_open(const char *path, const char *text, size_t len, char **notice);
/* The saved reading position: 0 and *off set when there is one, else -1. */
int state_position(const struct state *s, size_t *off);
/* Set the reading position to be saved. */
void state_set_position(struct state *s, size_t off);
/* Mark letter ('a'–'z'): 0 and *off set when it is set, else -1. */
int state_mark(const struct state *s, int letter, size_t *off);
/* Set mark letter ('a'–'z'; other letters are ignored) to off. */
void state_set_mark(struct state *s, int letter, size_t off);
/* The search history, oldest first; *items stays valid until the next change to s. */
size_t state_history(const struct state *s, const char *const **items);
/* Add a query to the history (ignored when empty or equal to the last one). */
void state_history_add(struct state *s, const char *query);
/*
 * Merge this state into the files under a lock and write them atomically:
 * 0 on success, else -1 with *notice set (the caller frees it).
 */
int state_save(struct state *s, char **notice);
/* Free s (NULL is fine); it does not save. */
void state_free(struct state *s);

/*
 * Is a reading position saved for path?  Cheap (no fingerprint), so the
 * reader knows before the whole text is loaded whether it must wait for it.
 */
int state_known(const char *path);

#endif
