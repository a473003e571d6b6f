/*
 * msg.c — every message of liseuse, through one channel.
 *
 * Messages used to travel five ways: notice() to stderr or a per-thread
 * hook, die(), the config file's joined "; " list, the loader's notes and
 * the reader's state notices, each with its own format.  Now each is a
 * struct msg — level, file, line, column, text, as mandoc has them — made
 * by one function family (msg_at, notice, die_at, die) and formatted by
 * one function as "FILE:LINE:COL: text", parts left out when unknown.
 *
 * Where it goes depends on who has the terminal, not on who speaks: on
 * stderr as "liseuse: …", or, while the reader holds the screen
 * (msg_hold), into a queue that the reader empties into its status line
 * (msg_take).  The queue is shared by every thread — the reader's loading
 * thread speaks into it like the main one — under a mutex.  A message
 * said once is not said again: the first part of a book and then its
 * whole are parsed alike, and --dump's layouts each open the patterns.
 *
 * die() is the single exit for failures: it runs the die hook first (the
 * reader gives the terminal back), prints whatever is held, then itself.
 */
#include "msg.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *msg_progname = "liseuse";

static void (*die_hook)(void);
static _Thread_local int muted;

/* Under mu: the held messages (formatted in full, and for the status line), and those said. */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int holding;
static struct msg_held {
	char *full, *base;
} * held;
static size_t nheld, capheld, first_held;
static char **said;
static size_t nsaid, capsaid;

enum { SAID_MAX = 4096 }; /* past this many distinct messages, repeats are no longer looked for */

/*
 * A message may quote what the user or a file gave (a file name, TERM):
 * its controls are shown as symbols, the way text.c shows the text's, so
 * no message can send an escape sequence to the terminal.
 */
static void
msg_add_safe(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7F)
			buf_addcp(b, *p == 0x7F ? 0x2421 : 0x2400 + *p);
		else if (*p == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0) /* a C1 control */
			buf_addcp(b, 0x241B), buf_addc(b, (char)(*++p - 0x40));
		else
			buf_addc(b, (char)*p);
	}
}

char *
msg_format(const struct msg *m, int base)
{
	struct buf b = { 0 };
	if (m->file != NULL) {
		const char *f = m->file, *slash = strrchr(f, '/');
		msg_add_safe(&b, base && slash && slash[1] ? slash + 1 : f);
		if (m->line > 0) {
			char pos[48];
			if (m->col > 0)
				snprintf(pos, sizeof pos, ":%zu:%zu", m->line, m->col);
			else
				snprintf(pos, sizeof pos, ":%zu", m->line);
			buf_adds(&b, pos);
		}
		buf_adds(&b, ": ");
	}
	msg_add_safe(&b, m->text);
	return b.data ? b.data : xstrdup("");
}

/* Under mu: was full said before?  If not, it is now. */
static int
msg_said_before(const char *full)
{
	for (size_t i = 0; i < nsaid; i++)
		if (strcmp(said[i], full) == 0)
			return 1;
	if (nsaid < SAID_MAX) {
		said = xgrow(said, &capsaid, nsaid + 1, sizeof *said);
		said[nsaid++] = xstrdup(full);
	}
	return 0;
}

/* Print the held messages on stderr.  Under mu. */
static void
msg_flush_held(void)
{
	for (size_t i = first_held; i < nheld; i++) {
		fprintf(stderr, "%s: %s\n", msg_progname, held[i].full);
		free(held[i].full);
		free(held[i].base);
	}
	nheld = first_held = 0;
}

static void
msg_say(const struct msg *m)
{
	char *full = msg_format(m, 0);
	pthread_mutex_lock(&mu);
	if (msg_said_before(full) && m->level != MSG_ERROR) {
		free(full);
	} else if (holding && m->level != MSG_ERROR) {
		held = xgrow(held, &capheld, nheld + 1, sizeof *held);
		held[nheld].full = full;
		held[nheld++].base = msg_format(m, 1);
	} else {
		fprintf(stderr, "%s: %s\n", msg_progname, full);
		free(full);
	}
	pthread_mutex_unlock(&mu);
}

static void
msg_vsay(enum msg_level level, const char *file, size_t line, size_t col, const char *fmt,
         va_list ap)
{
	char text[2048];
	vsnprintf(text, sizeof text, fmt, ap);
	struct msg m = { level, file, line, col, text };
	msg_say(&m);
}

void
msg_at(enum msg_level level, const char *file, size_t line, size_t col, const char *fmt, ...)
{
	va_list ap;
	if (muted)
		return;
	va_start(ap, fmt);
	msg_vsay(level, file, line, col, fmt, ap);
	va_end(ap);
}

void
notice(const char *fmt, ...)
{
	va_list ap;
	if (muted)
		return;
	va_start(ap, fmt);
	msg_vsay(MSG_NOTE, NULL, 0, 0, fmt, ap);
	va_end(ap);
}

/* The terminal back, the held messages out: what every death does first. */
static void
msg_before_dying(void)
{
	if (die_hook) {
		void (*h)(void) = die_hook;
		die_hook = NULL;
		h();
	}
	/* Not if this thread died while saying something (out of memory): it holds mu. */
	if (pthread_mutex_trylock(&mu) == 0) {
		holding = 0;
		msg_flush_held();
		pthread_mutex_unlock(&mu);
	}
}

void
die_at(const char *file, size_t line, size_t col, const char *fmt, ...)
{
	va_list ap;
	msg_before_dying();
	va_start(ap, fmt);
	msg_vsay(MSG_ERROR, file, line, col, fmt, ap);
	va_end(ap);
	exit(2);
}

void
die(const char *fmt, ...)
{
	va_list ap;
	msg_before_dying();
	va_start(ap, fmt);
	msg_vsay(MSG_ERROR, NULL, 0, 0, fmt, ap);
	va_end(ap);
	exit(2);
}

void
msg_hold(int on)
{
	pthread_mutex_lock(&mu);
	holding = on;
	if (!on)
		msg_flush_held();
	pthread_mutex_unlock(&mu);
}

char *
msg_take(void)
{
	char *r = NULL;
	pthread_mutex_lock(&mu);
	if (first_held < nheld) {
		r = held[first_held].base;
		free(held[first_held].full);
		if (++first_held == nheld)
			nheld = first_held = 0;
	}
	pthread_mutex_unlock(&mu);
	return r;
}

void
msg_mute(int on)
{
	muted = on;
}

void
msg_set_die_hook(void (*hook)(void))
{
	die_hook = hook;
}
