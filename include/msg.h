/*
 * msg.h — the one channel every message of liseuse goes through: a level,
 * where (file, line, column, each omitted when unknown) and the text,
 * printed on stderr as "liseuse: FILE:LINE:COL: text" or held for the
 * reader's status line, which shows the same.
 */
#ifndef LISEUSE_MSG_H
#define LISEUSE_MSG_H

#include <stddef.h>

enum msg_level {
	MSG_NOTE,    /* a repair or a fallback: the run goes on */
	MSG_WARNING, /* something given was refused and skipped (a config line) */
	MSG_ERROR,   /* the run stops (die) */
};

struct msg {
	enum msg_level level;
	const char *file; /* NULL: none */
	size_t line, col; /* 1-based; 0: unknown */
	const char *text;
};

/* The program name used in every message ("liseuse"). */
extern const char *msg_progname;

/*
 * Say text (printf's fmt) about file at line:col (NULL, 0: unknown): on
 * stderr, or held while the reader has the terminal.  Control characters
 * in it are shown as symbols; a message already said is not said again.
 */
void msg_at(enum msg_level level, const char *file, size_t line, size_t col, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));
/* A note with no position: msg_at(MSG_NOTE, NULL, 0, 0, …). */
void notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * An error, then exit 2: the die hook runs first (the terminal is given
 * back), then the held messages are printed, then this one.
 */
void die_at(const char *file, size_t line, size_t col, const char *fmt, ...)
        __attribute__((noreturn, format(printf, 4, 5)));
/* die_at() with no position: the single exit for system failures. */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/*
 * m as it is shown, "FILE:LINE:COL: text" with the unknown parts left out
 * (fresh); base: the file's base name only, as the status line shows it.
 */
char *msg_format(const struct msg *m, int base);

/*
 * Hold the messages from now on (on), for the reader to take; or print
 * the held ones on stderr and say the later ones there too (off).
 */
void msg_hold(int on);
/* The oldest held message, formatted with base names, and no longer held; NULL if none. */
char *msg_take(void);

/* In the calling thread only: drop its messages (on) or not (off). */
void msg_mute(int on);

/* A hook run before die() prints, so that the terminal is restored first. */
void msg_set_die_hook(void (*hook)(void));

#endif
