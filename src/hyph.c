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
 */
#include "hyph.h"

#include <glob.h>
#include <pthread.h>
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
	MAX_ENTRIES = 1 << 19, /* the cache starts afresh beyond this many words (32 MB) */
	SHORT = 16,            /* words of up to this many bytes are kept in their slot */
	SHORT_PTS = 8,         /* with up to this many points */
};

/* A slot of the table: 32 bytes, half a cache line. */
struct entry {
	uint32_t hash; /* of the word */
	uint16_t len;  /* bytes of the word; 0 = empty slot */
	uint8_t npts;  /* how many points */
	uint8_t inl;   /* the word and its points are in the slot */
	union {
		struct {
			char key[SHORT];
			uint8_t pts[SHORT_PTS];
		} in;
		struct {
			uint32_t key; /* offset of the word in keys */
			uint32_t pts; /* offset of its points in points */
		} out;
	} u;
};

/*
 * Patterns loaded, shared by every struct hyph of the process that uses
 * the same file: --dump's threads each have a layout, and loading the
 * French patterns (2 ms) once per thread delayed every thread but the
 * first.  libhyphen only reads a dictionary once loaded.
 */
struct loaded {
	char *path;
	HyphenDict *dict;
	int users;
	struct loaded *next;
};
static struct loaded *loaded;
static pthread_mutex_t loaded_mu = PTHREAD_MUTEX_INITIALIZER;

struct hyph {
	struct loaded *patterns;
	HyphenDict *dict;
	struct entry *tab;
	size_t cap, n; /* slots (a power of two), words */
	char *keys;
	size_t nkeys, capkeys;
	uint16_t *points;
	size_t npoints, cappoints;
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
find_dict(const char *dir, const char *lang)
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
	char *path = find_dict(dir, lang);
	if (path == NULL) {
		notice("no hyphenation patterns for '%s' (hyph_%s.dic in %s): not hyphenating",
		       lang, lang, dir);
		return NULL;
	}
	pthread_mutex_lock(&loaded_mu);
	struct loaded *p = loaded;
	while (p != NULL && strcmp(p->path, path) != 0)
		p = p->next;
	if (p == NULL) {
		HyphenDict *dict = hnj_hyphen_load(path);
		if (dict == NULL) {
			pthread_mutex_unlock(&loaded_mu);
			notice("%s: cannot load hyphenation patterns: not hyphenating", path);
			free(path);
			return NULL;
		}
		p = xcalloc(1, sizeof *p);
		p->path = path;
		p->dict = dict;
		p->next = loaded;
		loaded = p;
	} else {
		free(path);
	}
	p->users++;
	pthread_mutex_unlock(&loaded_mu);
	struct hyph *h = xcalloc(1, sizeof *h);
	h->patterns = p;
	h->dict = p->dict;
	return h;
}

static void
clear_cache(struct hyph *h)
{
	free(h->tab);
	h->tab = NULL;
	h->cap = h->n = 0;
	h->nkeys = h->npoints = 0;
}

void
hyph_close(struct hyph *h)
{
	if (h == NULL)
		return;
	pthread_mutex_lock(&loaded_mu);
	if (--h->patterns->users == 0) {
		struct loaded **pp = &loaded;
		while (*pp != h->patterns)
			pp = &(*pp)->next;
		*pp = h->patterns->next;
		hnj_hyphen_free(h->patterns->dict);
		free(h->patterns->path);
		free(h->patterns);
	}
	pthread_mutex_unlock(&loaded_mu);
	clear_cache(h);
	free(h->keys);
	free(h->points);
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
is_apostrophe(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

/* Ask libhyphen; the answer is in byte offsets of w. */
static size_t
compute(const struct hyph *h, const char *w, size_t n, uint16_t *pts)
{
	char low[MAX_WORD * 4 + 8], hy[MAX_WORD * 4 + 8];
	uint16_t off[MAX_WORD + 1];
	unsigned char apos[MAX_WORD + 1];
	size_t ncp = 0, nlow = 0, np = 0;

	for (size_t i = 0; i < n && ncp < MAX_WORD;) {
		ucs4_t cp;
		int k = u8_mbtouc(&cp, (const uint8_t *)w + i, n - i);
		off[ncp] = (uint16_t)i;
		apos[ncp] = (unsigned char)is_apostrophe(cp);
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
	if (ncp < MIN_BEFORE + MIN_AFTER)
		return 0;
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	memset(hy, 0, sizeof hy);
	if (hnj_hyphen_hyphenate2(h->dict, low, (int)nlow, hy, NULL, &rep, &pos, &cut) != 0)
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
hash(const char *s, size_t n)
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

static void
rehash(struct hyph *h)
{
	size_t ncap = h->cap ? h->cap * 2 : 4096;
	/* Written, not calloc'd: a probe would read calloc's zero page, and its
	 * first store would then cost a copy and, with dump's threads, a TLB
	 * flush on every core. */
	struct entry *t = xmalloc(ncap * sizeof *t);
	memset(t, 0, ncap * sizeof *t);
	for (size_t i = 0; i < h->cap; i++) {
		struct entry *e = &h->tab[i];
		if (e->len == 0)
			continue;
		size_t j = e->hash & (ncap - 1);
		while (t[j].len != 0)
			j = (j + 1) & (ncap - 1);
		t[j] = *e;
	}
	free(h->tab);
	h->tab = t;
	h->cap = ncap;
}

void
hyph_prefetch(const struct hyph *h, const char *w, size_t n)
{
	if (h == NULL || h->cap == 0 || n < MIN_BEFORE + MIN_AFTER || n > MAX_WORD)
		return;
	__builtin_prefetch(&h->tab[hash(w, n) & (h->cap - 1)]);
}

size_t
hyph_points(struct hyph *h, const char *w, size_t n, uint16_t *pts)
{
	if (h == NULL || n < MIN_BEFORE + MIN_AFTER)
		return 0;
	if (n > MAX_WORD)
		return 0;
	if (h->n >= MAX_ENTRIES || h->nkeys + n > UINT32_MAX / 2)
		clear_cache(h);
	if (2 * (h->n + 1) > h->cap)
		rehash(h);
	uint32_t x = hash(w, n);
	size_t j = x & (h->cap - 1);
	for (; h->tab[j].len != 0; j = (j + 1) & (h->cap - 1)) {
		const struct entry *e = &h->tab[j];
		if (e->hash != x || e->len != n)
			continue;
		if (e->inl && memcmp(e->u.in.key, w, n) == 0) {
			for (size_t k = 0; k < e->npts; k++)
				pts[k] = e->u.in.pts[k];
			return e->npts;
		}
		if (!e->inl && memcmp(h->keys + e->u.out.key, w, n) == 0) {
			memcpy(pts, h->points + e->u.out.pts, e->npts * sizeof *pts);
			return e->npts;
		}
	}
	size_t np = compute(h, w, n, pts);
	struct entry *e = &h->tab[j];
	memset(e, 0, sizeof *e);
	e->hash = x;
	e->len = (uint16_t)n;
	e->npts = (uint8_t)np;
	e->inl = n <= SHORT && np <= SHORT_PTS;
	if (e->inl) {
		memcpy(e->u.in.key, w, n);
		for (size_t k = 0; k < np; k++)
			e->u.in.pts[k] = (uint8_t)pts[k];
	} else {
		h->keys = xgrow(h->keys, &h->capkeys, h->nkeys + n, 1);
		memcpy(h->keys + h->nkeys, w, n);
		h->points = xgrow(h->points, &h->cappoints, h->npoints + np + 1, sizeof *h->points);
		memcpy(h->points + h->npoints, pts, np * sizeof *pts);
		e->u.out.key = (uint32_t)h->nkeys;
		e->u.out.pts = (uint32_t)h->npoints;
		h->nkeys += n;
		h->npoints += np;
	}
	h->n++;
	return np;
}
