/*
 * util.h — allocation wrappers that never return NULL and growable byte
 * buffers; with msg.h, the one way to report and to die, which every
 * module that includes this one may use.
 */
#ifndef LISEUSE_UTIL_H
#define LISEUSE_UTIL_H

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "msg.h"

/* Allocate or die: these never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow an array of nmemb elements of size bytes to hold at least need. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * The bytes of x that are zero, each as its high bit: how the scanners
 * that read eight bytes at a time find a given byte (a zero byte of
 * x ^ c * 0x0101…).  Exact: no carry crosses bytes, since
 * (b & 0x7F) + 0x7F < 0x100.
 */
static inline uint64_t
util_zero_bytes8(uint64_t x)
{
	const uint64_t high = 0x8080808080808080u;
	return ~(((x & ~high) + ~high) | x) & high;
}

/*
 * pthread_create, but the thread starts on another CPU than the caller's
 * where there is one.  Left to itself, Linux often queues a new thread on
 * its parent's CPU until the parent sleeps, so that work split in two for a
 * few milliseconds runs in turn, not side by side (seen on two cores: a
 * 1.5 ms half took 2.3 ms on average instead of 1.56).  Once started, the
 * thread may run anywhere.
 */
int util_thread_create(pthread_t *t, void *(*fn)(void *), void *arg);

/* The CPUs this process may run on (its affinity, under taskset or a cpuset). */
int util_ncpus(void);

/*
 * An XDG base directory path: $env/leaf, or ~/fallback/leaf when env is
 * unset or relative (as the XDG spec says); NULL without a home.  Fresh.
 */
char *util_xdg_path(const char *env, const char *fallback, const char *leaf);

/* A growable byte buffer; data is always NUL-terminated. */
struct buf {
	char *data;
	size_t len, cap;
};
void buf_add(struct buf *b, const void *p, size_t n);
/*
 * Append one byte.  Inline, with room checked here: the parsers and the
 * French spacing rules build the document's text a byte at a time, and a
 * call to buf_add() for each cost a seventh of the parse of a Gutenberg
 * text (perf on the 62 MB bench text).
 */
static inline void
buf_addc(struct buf *b, char c)
{
	if (b->len + 1 < b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
	} else {
		buf_add(b, &c, 1);
	}
}
void buf_adds(struct buf *b, const char *s);
/* Append s, after sep if b already holds something (lists of notices: "; "). */
void buf_addsep(struct buf *b, const char *sep, const char *s);
/* Append a code point as UTF-8. */
void buf_addcp(struct buf *b, unsigned cp);
void buf_free(struct buf *b);

#endif
