/*
 * util.c — the small things every module needs: allocation that cannot
 * fail (tmux's xmalloc.c, dying through msg.c when memory runs out) and a
 * byte buffer.  util_thread_create() starts the second thread of the
 * modules that split their work in two.
 */
#define _GNU_SOURCE /* sched_getcpu, CPU affinity */
#include "util.h"

#include <errno.h>
#include <pwd.h>
#include <sched.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
util_oom(void)
{
	die("out of memory");
}

enum { HUGE_MIN = 8 << 20 }; /* bytes from which a block asks for huge pages */

/*
 * Ask for transparent huge pages on a big block (a text, its document, a
 * search index): glibc maps it apart, and the kernel would otherwise fault
 * it in 4 KB at a time — 15 000 faults for a 60 MB text, a quarter of
 * --grep's system time.  Where huge pages are off or refused this does
 * nothing.
 */
static void *
util_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t page = (uintptr_t)2 << 20;
	if (n >= HUGE_MIN) {
		uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1),
		          b = ((uintptr_t)p + n) & ~(page - 1);
		if (b > a)
			madvise((void *)a, b - a, MADV_HUGEPAGE);
	}
#else
	(void)n;
#endif
	return p;
}

#if defined(__linux__) && defined(__GLIBC__)
/* What util_start_elsewhere() needs: the thread's function, and where it may run. */
struct util_start {
	void *(*fn)(void *);
	void *arg;
	cpu_set_t cpus;
};

static void *
util_start_elsewhere(void *x)
{
	struct util_start st = *(struct util_start *)x;
	free(x);
	/* Started away from its parent: from now on it may run anywhere again. */
	pthread_setaffinity_np(pthread_self(), sizeof st.cpus, &st.cpus);
	return st.fn(st.arg);
}
#endif

int
util_thread_create(pthread_t *t, void *(*fn)(void *), void *arg)
{
#if defined(__linux__) && defined(__GLIBC__)
	struct util_start *st = xmalloc(sizeof *st);
	pthread_attr_t attr;
	cpu_set_t other;
	int cpu = sched_getcpu(), rc = -1;

	st->fn = fn;
	st->arg = arg;
	if (cpu >= 0 && sched_getaffinity(0, sizeof st->cpus, &st->cpus) == 0 &&
	    CPU_ISSET(cpu, &st->cpus) && CPU_COUNT(&st->cpus) > 1 &&
	    pthread_attr_init(&attr) == 0) {
		other = st->cpus;
		CPU_CLR(cpu, &other);
		if (pthread_attr_setaffinity_np(&attr, sizeof other, &other) == 0)
			rc = pthread_create(t, &attr, util_start_elsewhere, st);
		pthread_attr_destroy(&attr);
		if (rc == 0)
			return 0;
	}
	free(st);
#endif
	return pthread_create(t, NULL, fn, arg);
}

int
util_ncpus(void)
{
#if defined(__linux__) && defined(__GLIBC__)
	cpu_set_t cpus;
	if (sched_getaffinity(0, sizeof cpus, &cpus) == 0 && CPU_COUNT(&cpus) > 0)
		return CPU_COUNT(&cpus);
#endif
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		util_oom();
	return util_huge(p, n);
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (p == NULL)
		util_oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		util_oom();
	return util_huge(p, n);
}

void *
xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap;
	if (need <= c)
		return p;
	if (c < 16)
		c = 16;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			util_oom();
		c *= 2;
	}
	if (size && c > SIZE_MAX / size)
		util_oom();
	*cap = c;
	return xrealloc(p, c * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("bad format");
	char *p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

char *
util_xdg_path(const char *env, const char *fallback, const char *leaf)
{
	const char *x = getenv(env);
	if (x && x[0] == '/') /* the XDG spec: a relative path is ignored */
		return xasprintf("%s/%s", x, leaf);
	const char *home = getenv("HOME");
	if (home == NULL || home[0] == '\0') {
		struct passwd *pw = getpwuid(getuid());
		home = pw ? pw->pw_dir : NULL;
	}
	if (home == NULL || home[0] == '\0')
		return NULL;
	return xasprintf("%s/%s/%s", home, fallback, leaf);
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	b->data = xgrow(b->data, &b->cap, b->len + n + 1, 1);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addsep(struct buf *b, const char *sep, const char *s)
{
	if (b->len)
		buf_adds(b, sep);
	buf_adds(b, s);
}

void
buf_addcp(struct buf *b, unsigned cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	buf_add(b, u, n);
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
