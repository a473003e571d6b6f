/*
 * hyph.c — hyphenation points from libhyphen, cached per word.
 *
 * libhyphen does the pattern matching (the hyphen-fr patterns are TeX's,
 * kept by LibreOffice); what it leaves to its caller is done here: it
 * wants a lowercase word (capitals give wrong points), it indexes its
 * answer by code point for UTF-8 dictionaries, and it knows only ASCII
 * apostrophes.  The minimums are ours too — two letters before a point and
 * three after, counted inside the part of the word between apostrophes, so
 * that "l’anticonstitutionnellement" never breaks as "l’-" and
 * "aujourd’hui" never as "aujour-d’hui".
 *
 * Points depend on the word only, never on the width, so each word is
 * looked up once: an open-addressed table maps its bytes to its points.
 * Layout asks only for words long enough to have a point, which keeps the
 * table to the vocabulary of the book.  It asks for every such word of the
 * text, so a look-up must cost one cache miss, not three: a slot holds the
 * word's hash, and a word of up to SHORT bytes (nearly every French word)
 * with its points in the slot itself; longer ones are kept aside.
 *
 * The table belongs to the loaded dictionary, not to a struct hyph, so
 * that --dump's threads (a layout each) compute a word once between them
 * and build one table, not one each.  Look-ups take no lock: a slot's
 * first 8 bytes are one atomic word (hash, length, points, inline), read
 * with acquire, and its body is written before that word is published
 * with release and never changed after.  A miss computes the points
 * outside any lock, then inserts under the dictionary's mutex after
 * probing again (another thread may have got there first); if another
 * thread holds the mutex, the word is left out rather than waited for —
 * meeting it again costs a computation, a few microseconds, while waiting
 * put a thread to sleep each time the other one was growing the table
 * (3 ms of wall time in 85 on the 3 MB book, for 4% of words).  Nothing a
 * reader may be reading is ever moved or freed while the dictionary
 * lives: long words go to an arena of chunks that never move, and growing
 * builds a table twice as large and publishes it, keeping the old ones (a
 * reader may still be probing them) — at most twice the memory of the
 * last.  Beyond MAX_ENTRIES words, new words are computed but not kept.
 */
#include "hyph.h"

#include <glob.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hyphen.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "util.h"

enum {
	MIN_BEFORE = 2,        /* letters before a point */
	MIN_AFTER = 3,         /* letters after it */
	MAX_WORD = 240,        /* longer "words" are not hyphenated (overlong breaking copes) */
	MAX_ENTRIES = 1 << 19, /* the cache keeps no more words (a 32 MB table, 64 with the old) */
	SHORT = 16,            /* words of up to this many bytes are kept in their slot */
	SHORT_PTS = 8,         /* with up to this many points */
	FIRST_CAP = 4096,      /* slots of the first table */
	CHUNK = 1 << 16,       /* bytes of a chunk of the long words' arena */
};
_Static_assert(HYPH_MIN_WORD == MIN_BEFORE + MIN_AFTER, "hyph.h says the shortest word");

/*
 * A slot of the table: 32 bytes, half a cache line.  head is the word's
 * hash | its length << 32 | its points << 48 | inline << 56, 0 for an
 * empty slot (a word in the table has at least MIN_BEFORE + MIN_AFTER
 * bytes); the body is written before head is published.
 */
struct hyph_entry {
	_Atomic uint64_t head;
	union {
		struct {
			char key[SHORT];
			uint8_t pts[SHORT_PTS];
		} in;
		struct {
			const char *key;     /* in the arena */
			const uint16_t *pts; /* likewise */
		} out;
	} u;
};
_Static_assert(sizeof(struct hyph_entry) == 32, "a slot is half a cache line");

#define HEAD(x, len, npts, inl)                                                                    \
	((uint64_t)(x) | (uint64_t)(len) << 32 | (uint64_t)(npts) << 48 | (uint64_t)(inl) << 56)
#define HEAD_HASH(h) ((uint32_t)(h))
#define HEAD_LEN(h) ((size_t)((h) >> 32 & 0xFFFF))
#define HEAD_NPTS(h) ((size_t)((h) >> 48 & 0xFF))
#define HEAD_INL(h) ((int)((h) >> 56))

/*
 * One table; a larger one replaces it, and it is kept until the dictionary
 * goes.  Its slots follow it in the same block, aligned to a cache line, so
 * that a look-up loads no pointer to them and no slot straddles two lines.
 */
struct hyph_table {
	size_t mask; /* slots - 1, slots a power of two */
	struct hyph_table *older;
	uint64_t pad[6];
	struct hyph_entry slot[];
};
_Static_assert(sizeof(struct hyph_table) == 64, "slots start a cache line");

/* A piece of the arena of long words: never moved, freed with the dictionary. */
struct hyph_chunk {
	struct hyph_chunk *next;
	size_t used;
	uint16_t data[]; /* CHUNK bytes */
};

/*
 * Patterns loaded, shared by every struct hyph of the process that uses
 * the same file: --dump's threads each have a layout, and loading the
 * French patterns (2 ms) once per thread delayed every thread but the
 * first.  libhyphen only reads a dictionary once loaded.  The word cache
 * is shared too (see the top of the file); what inserting changes is kept
 * a cache line away from what every look-up reads.
 */
struct hyph_loaded {
	char *path;
	HyphenDict *dict;
	_Atomic(struct hyph_table *) tab; /* the newest table; NULL before the first word */
	int users;                        /* under loaded_mu */
	struct hyph_loaded *next;         /* likewise */
	char pad[64];
	pthread_mutex_t mu; /* inserting: n, the tables, the arena */
	size_t n;           /* words in the newest table */
	struct hyph_chunk *arena;
};
static struct hyph_loaded *loaded;
static pthread_mutex_t loaded_mu = PTHREAD_MUTEX_INITIALIZER;

struct hyph {
	struct hyph_loaded *patterns;
};

/*
 * libhyphen 2.8.8 loses 130 bytes inside every hnj_hyphen_load() (they are
 * unreachable before it returns, so nothing here can free them).  Tell
 * LeakSanitizer, which calls this hook in the sanitizer build, so that
 * the test suites report our leaks and not the library's.
 */
const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
	return "leak:libhyphen.so\n";
}

static char *
hyph_find_dict(const char *dir, const char *lang)
{
	char *p = xasprintf("%s/hyph_%s.dic", dir, lang);
	if (access(p, R_OK) == 0)
		return p;
	free(p);
	/* "fr-CA" or "fr_CA" → hyph_fr_CA.dic, then any hyph_fr_*.dic */
	char base[16];
	size_t k = strcspn(lang, "-_.@");
	snprintf(base, sizeof base, "%.*s", (int)(k < 15 ? k : 15), lang);
	if (lang[k] == '-' || lang[k] == '_') {
		p = xasprintf("%s/hyph_%s_%s.dic", dir, base, lang + k + 1);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	if (lang[k] != '\0') {
		p = xasprintf("%s/hyph_%s.dic", dir, base);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	glob_t g;
	char *pat = xasprintf("%s/hyph_%s_*.dic", dir, base);
	p = NULL;
	if (glob(pat, 0, NULL, &g) == 0 && g.gl_pathc > 0)
		p = xstrdup(g.gl_pathv[0]);
	globfree(&g);
	free(pat);
	return p;
}

struct hyph *
hyph_open(const char *lang)
{
	const char *dir = getenv("LISEUSE_HYPHEN_DIR");
	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/hyphen";
	if (lang == NULL || *lang == '\0')
		lang = "fr";
	char *path = hyph_find_dict(dir, lang);
	if (path == NULL) {
		notice("no hyphenation patterns for '%s' (hyph_%s.dic in %s): not hyphenating",
		       lang, lang, dir);
		return NULL;
	}
	pthread_mutex_lock(&loaded_mu);
	struct hyph_loaded *p = loaded;
	while (p != NULL && strcmp(p->path, path) != 0)
		p = p->next;
	if (p == NULL) {
		HyphenDict *dict = hnj_hyphen_load(path);
		if (dict == NULL) {
			pthread_mutex_unlock(&loaded_mu);
			msg_at(MSG_NOTE, path, 0, 0,
			       "cannot load hyphenation patterns: not hyphenating");
			free(path);
			return NULL;
		}
		p = xcalloc(1, sizeof *p);
		p->path = path;
		p->dict = dict;
		atomic_init(&p->tab, NULL);
		pthread_mutex_init(&p->mu, NULL);
		p->next = loaded;
		loaded = p;
	} else {
		free(path);
	}
	p->users++;
	pthread_mutex_unlock(&loaded_mu);
	struct hyph *h = xcalloc(1, sizeof *h);
	h->patterns = p;
	return h;
}

/* The cache of a dictionary no one uses any more: every table, every chunk. */
static void
hyph_free_cache(struct hyph_loaded *p)
{
	struct hyph_table *t = atomic_load_explicit(&p->tab, memory_order_relaxed);
	while (t != NULL) {
		struct hyph_table *older = t->older;
		free(t);
		t = older;
	}
	for (struct hyph_chunk *c = p->arena, *next; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	pthread_mutex_destroy(&p->mu);
}

void
hyph_close(struct hyph *h)
{
	if (h == NULL)
		return;
	pthread_mutex_lock(&loaded_mu);
	if (--h->patterns->users == 0) {
		struct hyph_loaded **pp = &loaded;
		while (*pp != h->patterns)
			pp = &(*pp)->next;
		*pp = h->patterns->next;
		hnj_hyphen_free(h->patterns->dict);
		hyph_free_cache(h->patterns);
		free(h->patterns->path);
		free(h->patterns);
	}
	pthread_mutex_unlock(&loaded_mu);
	free(h);
}

int
hyph_is_word_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp | 0x20) - 'a' < 26 || cp == '\'';
	if (cp >= 0xC0 && cp < 0x250)
		return cp != 0xD7 && cp != 0xF7; /* Latin-1 and Latin Extended letters */
	return cp == 0x2019 || cp == 0x02BC || uc_is_alpha(cp);
}

static int
hyph_is_apostrophe(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

/* Ask libhyphen; the answer is in byte offsets of w. */
static size_t
hyph_compute(HyphenDict *dict, const char *w, size_t n, uint16_t *pts)
{
	char low[MAX_WORD * 4 + 8], hy[MAX_WORD * 4 + 8];
	uint16_t off[MAX_WORD + 1];
	unsigned char apos[MAX_WORD + 1];
	size_t ncp = 0, nlow = 0, np = 0;

	for (size_t i = 0; i < n && ncp < MAX_WORD;) {
		ucs4_t cp;
		int k = u8_mbtouc(&cp, (const uint8_t *)w + i, n - i);
		off[ncp] = (uint16_t)i;
		apos[ncp] = (unsigned char)hyph_is_apostrophe(cp);
		if (apos[ncp]) {
			low[nlow++] = '\'';
		} else {
			int m = u8_uctomb((uint8_t *)low + nlow, uc_tolower(cp), 6);
			nlow += m > 0 ? (size_t)m : 0;
		}
		ncp++;
		i += (size_t)(k > 0 ? k : 1);
	}
	off[ncp] = (uint16_t)n;
	/* libhyphen looks for its NOHYPHEN strings with strstr(): a C string. */
	low[nlow] = '\0';
	if (ncp < MIN_BEFORE + MIN_AFTER)
		return 0;
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	memset(hy, 0, sizeof hy);
	if (hnj_hyphen_hyphenate2(dict, low, (int)nlow, hy, NULL, &rep, &pos, &cut) != 0)
		return 0;
	/* Letters since the last apostrophe, and until the next one. */
	int before = 0;
	for (size_t k = 0; k + 1 < ncp; k++) {
		before = apos[k] ? 0 : before + 1;
		if (!(hy[k] & 1) || apos[k] || apos[k + 1] || before < MIN_BEFORE)
			continue;
		if (rep != NULL && rep[k] != NULL)
			continue; /* non-standard hyphenation (not French): not supported */
		int after = 0;
		for (size_t j = k + 1; j < ncp && !apos[j] && after < MIN_AFTER; j++)
			after++;
		if (after < MIN_AFTER || np == HYPH_MAX_POINTS)
			continue;
		pts[np++] = off[k + 1];
	}
	if (rep != NULL) {
		for (int k = 0; k < (int)nlow; k++)
			free(rep[k]);
		free(rep);
		free(pos);
		free(cut);
	}
	return np;
}

/* The word's hash: eight bytes at a time (a word is one or two), mixed by multiplying. */
static uint32_t
hyph_hash(const char *s, size_t n)
{
	const uint64_t k = 0x9E3779B97F4A7C15u;
	uint64_t x = n * k, v;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		memcpy(&v, s + i, 8);
		x = (x ^ v) * k;
		x ^= x >> 29;
	}
	if (i < n) {
		v = 0;
		for (size_t j = i; j < n; j++)
			v = v << 8 | (unsigned char)s[j];
		x = (x ^ v) * k;
		x ^= x >> 29;
	}
	return (uint32_t)(x >> 32) ^ (uint32_t)x;
}

/* Under p->mu: a table twice as large as t (or the first), published; t is kept. */
static struct hyph_table *
hyph_grow(struct hyph_loaded *p, struct hyph_table *t)
{
	size_t ncap = t ? 2 * (t->mask + 1) : FIRST_CAP;
	void *m;
	if (posix_memalign(&m, 64, sizeof(struct hyph_table) + ncap * sizeof(struct hyph_entry)) !=
	    0)
		die("out of memory");
	/* Written, not calloc'd: a probe would read calloc's zero page, and its
	 * first store would then cost a copy and, with dump's threads, a TLB
	 * flush on every core. */
	memset(m, 0, sizeof(struct hyph_table) + ncap * sizeof(struct hyph_entry));
	struct hyph_table *nt = m;
	nt->mask = ncap - 1;
	nt->older = t;
	for (size_t i = 0; t != NULL && i <= t->mask; i++) {
		const struct hyph_entry *e = &t->slot[i];
		uint64_t head = atomic_load_explicit(&e->head, memory_order_relaxed);
		if (head == 0)
			continue;
		size_t j = HEAD_HASH(head) & nt->mask;
		while (atomic_load_explicit(&nt->slot[j].head, memory_order_relaxed) != 0)
			j = (j + 1) & nt->mask;
		nt->slot[j].u = e->u;
		atomic_store_explicit(&nt->slot[j].head, head, memory_order_relaxed);
	}
	atomic_store_explicit(&p->tab, nt, memory_order_release);
	return nt;
}

/* Under p->mu: room for size bytes in the arena, where they never move. */
static void *
hyph_arena_take(struct hyph_loaded *p, size_t size)
{
	size = (size + 1) & ~(size_t)1; /* the points that come first are uint16_t */
	if (p->arena == NULL || p->arena->used + size > CHUNK) {
		struct hyph_chunk *c = xmalloc(sizeof *c + CHUNK);
		c->next = p->arena;
		c->used = 0;
		p->arena = c;
	}
	void *r = (char *)p->arena->data + p->arena->used;
	p->arena->used += size;
	return r;
}

/*
 * Look for w[0..n) (hash x) in t, lock-free: its points into pts and their
 * number, or -1 with *at the empty slot where the probe stopped.
 */
static inline long
hyph_probe(const struct hyph_table *t, uint32_t x, const char *w, size_t n, uint16_t *pts,
           size_t *at)
{
	size_t j = x & t->mask;
	for (;; j = (j + 1) & t->mask) {
		const struct hyph_entry *e = &t->slot[j];
		uint64_t head = atomic_load_explicit(&e->head, memory_order_acquire);
		if (head == 0)
			break;
		if (HEAD_HASH(head) != x || HEAD_LEN(head) != n)
			continue;
		size_t np = HEAD_NPTS(head);
		if (HEAD_INL(head) && memcmp(e->u.in.key, w, n) == 0) {
			for (size_t k = 0; k < np; k++)
				pts[k] = e->u.in.pts[k];
			return (long)np;
		}
		if (!HEAD_INL(head) && memcmp(e->u.out.key, w, n) == 0) {
			memcpy(pts, e->u.out.pts, np * sizeof *pts);
			return (long)np;
		}
	}
	*at = j;
	return -1;
}

/*
 * Keep the points of w[0..n) (hash x), unless another thread just did, or
 * is inserting now, or the table is full.
 */
static void
hyph_insert(struct hyph_loaded *p, uint32_t x, const char *w, size_t n, const uint16_t *pts,
            size_t np)
{
	uint16_t seen[HYPH_MAX_POINTS];
	size_t j;
	if (pthread_mutex_trylock(&p->mu) != 0)
		return;
	struct hyph_table *t = atomic_load_explicit(&p->tab, memory_order_relaxed);
	if (p->n >= MAX_ENTRIES || (t != NULL && hyph_probe(t, x, w, n, seen, &j) >= 0)) {
		pthread_mutex_unlock(&p->mu);
		return;
	}
	if (t == NULL || 2 * (p->n + 1) > t->mask + 1) {
		t = hyph_grow(p, t);
		j = x & t->mask;
		while (atomic_load_explicit(&t->slot[j].head, memory_order_relaxed) != 0)
			j = (j + 1) & t->mask;
	}
	struct hyph_entry *e = &t->slot[j];
	int inl = n <= SHORT && np <= SHORT_PTS;
	if (inl) {
		memset(&e->u, 0, sizeof e->u);
		memcpy(e->u.in.key, w, n);
		for (size_t k = 0; k < np; k++)
			e->u.in.pts[k] = (uint8_t)pts[k];
	} else {
		uint16_t *rec = hyph_arena_take(p, np * sizeof *pts + n);
		memcpy(rec, pts, np * sizeof *pts);
		memcpy(rec + np, w, n);
		e->u.out.pts = rec;
		e->u.out.key = (const char *)(rec + np);
	}
	atomic_store_explicit(&e->head, HEAD(x, n, np, inl), memory_order_release);
	p->n++;
	pthread_mutex_unlock(&p->mu);
}

/*
 * The length of the apostrophe that ends w[0..n) (', U+2019 or U+02BC),
 * or 0.
 */
static size_t
hyph_apostrophe_before(const char *w, size_t n)
{
	const unsigned char *u = (const unsigned char *)w;
	if (n >= 1 && u[n - 1] == '\'')
		return 1;
	if (n >= 2 && u[n - 2] == 0xCA && u[n - 1] == 0xBC)
		return 2;
	if (n >= 3 && u[n - 3] == 0xE2 && u[n - 2] == 0x80 && u[n - 1] == 0x99)
		return 3;
	return 0;
}

/*
 * The word's letters: w[0..n) without the apostrophes at either end, its
 * offset in w returned and its length in *len.  Only an apostrophe
 * between letters is an elision ("l'âme", "aujourd'hui"); one at an end
 * is a quote or an English possessive ("packages'"), and handed to the
 * patterns it would hide the word's end from them (their rules for the
 * last syllable, "-ges." in French, match at the end of the word only):
 * "packages'" would break as "packa-ges'".
 */
static size_t
hyph_word_letters(const char *w, size_t n, size_t *len)
{
	const unsigned char *u = (const unsigned char *)w;
	size_t s = 0, k;
	for (;;) {
		if (s < n && u[s] == '\'')
			k = 1;
		else if (n - s >= 2 && u[s] == 0xCA && u[s + 1] == 0xBC)
			k = 2;
		else if (n - s >= 3 && u[s] == 0xE2 && u[s + 1] == 0x80 && u[s + 2] == 0x99)
			k = 3;
		else
			break;
		s += k;
	}
	while (n > s && (k = hyph_apostrophe_before(w + s, n - s)) != 0)
		n -= k;
	*len = n - s;
	return s;
}

uint32_t
hyph_prefetch(const struct hyph *h, const char *w, size_t n)
{
	w += hyph_word_letters(w, n, &n);
	uint32_t x = hyph_hash(w, n);
	if (h == NULL || n < HYPH_MIN_WORD || n > MAX_WORD)
		return x;
	const struct hyph_table *t = atomic_load_explicit(&h->patterns->tab, memory_order_acquire);
	if (t != NULL)
#if defined(__GNUC__)
		__builtin_prefetch(&t->slot[x & t->mask]);
#else
		(void)t;
#endif
	return x;
}

/* The points of the letters w[0..n), hash x, in offsets of w: cached or computed. */
static size_t
hyph_letters_points(struct hyph_loaded *p, const char *w, size_t n, uint32_t x, uint16_t *pts)
{
	const struct hyph_table *t = atomic_load_explicit(&p->tab, memory_order_acquire);
	size_t j;
	if (t != NULL) {
		long np = hyph_probe(t, x, w, n, pts, &j);
		if (np >= 0)
			return (size_t)np;
	}
	size_t np = hyph_compute(p->dict, w, n, pts);
	hyph_insert(p, x, w, n, pts, np);
	return np;
}

/* The points of w[0..n), hash x if known (else computed here). */
static size_t
hyph_word_points(struct hyph *h, const char *w, size_t n, const uint32_t *x, uint16_t *pts)
{
	size_t len, s = hyph_word_letters(w, n, &len);
	if (h == NULL || len < HYPH_MIN_WORD || len > MAX_WORD)
		return 0;
	size_t np =
	        hyph_letters_points(h->patterns, w + s, len, x ? *x : hyph_hash(w + s, len), pts);
	for (size_t k = 0; s > 0 && k < np; k++)
		pts[k] = (uint16_t)(pts[k] + s);
	return np;
}

size_t
hyph_points(struct hyph *h, const char *w, size_t n, uint16_t *pts)
{
	return hyph_word_points(h, w, n, NULL, pts);
}

size_t
hyph_points_hashed(struct hyph *h, const char *w, size_t n, uint32_t x, uint16_t *pts)
{
	return hyph_word_points(h, w, n, &x, pts);
}
