/*
 * find.c — the reader's searches: a query's matches and the current one,
 * the prompt editor and the history.  search.c does the folded matching
 * (accents, case, ligatures); a query that starts with '~' is a regular
 * expression, matched here with PCRE2 (JIT-compiled: a 3 MB book in a
 * fraction of a millisecond, against tens for glibc's <regex.h> in a UTF-8
 * locale) within each block, on the display text.
 *
 * A search is started, then fed: find_more() searches the text from where
 * the last call stopped and appends what it finds, so matches are always
 * in document order, indices never move, and a count may grow while the
 * reader already steps through the first matches (a big book whose index
 * is still being built in the background can show its first match at
 * once).  Stepping from a match (find_step) or from a place (find_from)
 * wraps around only once the search is complete, since a match may still
 * come after the last one found: until then they answer f->n, "not yet".
 */
#include "find.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "text.h"

/* A compiled regular expression and the match data it reuses. */
struct find_regex {
	pcre2_code *code;
	pcre2_match_data *md;
	int jit;
};

static void
regex_free(struct find_regex *re)
{
	if (re == NULL)
		return;
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re);
}

int
find_is_regex(const char *query)
{
	return query && query[0] == FIND_REGEX_MARK;
}

/* Smart case for a pattern: a capital letter that is not an escape (\S, \W, \P{Lu}) in it. */
static int
pattern_has_capital(const char *p)
{
	size_t n = strlen(p), len;
	for (size_t i = 0; i < n; i += len) {
		uint32_t cp = text_decode(p + i, n - i, &len);
		if (cp == '\\') {
			/* The escape's letter, and a \p{…} or \P{…} property name. */
			if (i + 1 < n && (p[i + 1] == 'p' || p[i + 1] == 'P') && i + 2 < n &&
			    p[i + 2] == '{') {
				const char *close = strchr(p + i + 2, '}');
				len = close ? (size_t)(close - (p + i)) + 1 : n - i;
			} else if (i + 1 < n) {
				text_decode(p + i + 1, n - i - 1, &len);
				len++;
			}
			continue;
		}
		if (uc_tolower(cp) != cp)
			return 1;
	}
	return 0;
}

/* Compile pattern; NULL with f->error set if it is not valid. */
static struct find_regex *
regex_compile(struct find *f, const char *pattern)
{
	int code;
	PCRE2_SIZE at;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE;
	if (!pattern_has_capital(pattern))
		opts |= PCRE2_CASELESS;
	pcre2_code *c =
	        pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &code, &at, NULL);
	if (c == NULL) {
		PCRE2_UCHAR msg[96];
		pcre2_get_error_message(code, msg, sizeof msg);
		snprintf(f->error, sizeof f->error, "%s", (const char *)msg);
		return NULL;
	}
	struct find_regex *re = xcalloc(1, sizeof *re);
	re->code = c;
	/* JIT makes a 3 MB book a fraction of a millisecond; without it, still right. */
	re->jit = pcre2_jit_compile(c, PCRE2_JIT_COMPLETE) == 0;
	re->md = pcre2_match_data_create_from_pattern(c, NULL);
	if (re->md == NULL)
		die("out of memory");
	return re;
}

void
find_clear(struct find *f)
{
	free(f->m);
	f->m = NULL;
	f->n = f->cap = f->cur = 0;
	f->scanned = 0;
	f->block = 0;
	f->complete = 0;
	f->error[0] = '\0';
	search_query_free(f->q);
	f->q = NULL;
	regex_free(f->re);
	f->re = NULL;
}

void
find_free(struct find *f)
{
	find_clear(f);
	free(f->query);
	f->query = NULL;
}

int
find_start(struct find *f, const struct doc *d, struct search_index *ix, const char *query)
{
	find_clear(f);
	if (f->query != query) {
		char *copy = xstrdup(query);
		free(f->query);
		f->query = copy;
	}
	f->d = d;
	f->ix = ix;
	if (find_is_regex(f->query)) {
		if (f->query[1] == '\0') {
			f->complete = 1;
			return 0;
		}
		f->re = regex_compile(f, f->query + 1);
		if (f->re == NULL) {
			f->complete = 1;
			return -1;
		}
		return 1;
	}
	f->q = search_compile(f->query);
	if (f->q == NULL) {
		f->complete = 1;
		return 0;
	}
	return 1;
}

static void
add_match(struct find *f, size_t start, size_t end)
{
	f->m = xgrow(f->m, &f->cap, f->n + 1, sizeof *f->m);
	f->m[f->n++] = (struct search_match){ start, end };
}

/* The matches of the regular expression in block b. */
static void
regex_block(struct find *f, size_t b)
{
	const struct block *bl = &f->d->blocks[b];
	struct find_regex *re = f->re;
	PCRE2_SPTR text = (PCRE2_SPTR)f->d->text;
	size_t at = bl->start;
	while (at <= bl->end) {
		/* The subject ends with the block: a match never runs into the next one. */
		int r = re->jit ? pcre2_jit_match(re->code, text, bl->end, at, 0, re->md, NULL)
		                : pcre2_match(re->code, text, bl->end, at, 0, re->md, NULL);
		if (r < 0)
			return;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
		if (ov[1] > ov[0]) {
			add_match(f, ov[0], ov[1]);
			at = ov[1];
			continue;
		}
		/* An empty match shows nothing: go on from the next character. */
		if (ov[1] >= bl->end)
			return;
		size_t len;
		text_decode(f->d->text + ov[1], bl->end - ov[1], &len);
		at = ov[1] + len;
	}
}

int
find_more(struct find *f, size_t budget)
{
	if (f->complete)
		return 0;
	if (f->re) {
		const struct doc *d = f->d;
		size_t from = f->scanned;
		while (f->block < d->nblocks && (budget == 0 || f->scanned - from < budget)) {
			regex_block(f, f->block);
			f->scanned = d->blocks[f->block].end;
			f->block++;
		}
		if (f->block < d->nblocks)
			return 1;
		f->scanned = d->len;
		f->complete = 1;
		regex_free(f->re);
		f->re = NULL;
		if (f->cur > f->n)
			f->cur = f->n;
		return 0;
	}
	/* search_all() finds every match in one walk of its index: one step. */
	struct search_match *m = NULL;
	size_t n = search_all(f->ix, f->q, &m);
	free(f->m);
	f->m = m;
	f->n = f->cap = n;
	f->cur = n;
	f->scanned = f->d->len;
	f->complete = 1;
	search_query_free(f->q);
	f->q = NULL;
	return 0;
}

int
find_run(struct find *f, const struct doc *d, struct search_index *ix, const char *query)
{
	int r = find_start(f, d, ix, query);
	if (r <= 0)
		return r;
	while (find_more(f, 0))
		;
	f->cur = f->n;
	return 1;
}

size_t
find_at(const struct find *f, size_t off)
{
	size_t i = search_find(f->m, f->n, off + 1, 1);
	return i < f->n && f->m[i].start <= off && off < f->m[i].end ? i : f->n;
}

size_t
find_from(const struct find *f, size_t off, int dir, int *wrapped)
{
	size_t i = search_find(f->m, f->n, off, dir < 0);
	*wrapped = 0;
	if (i == f->n && f->n > 0 && f->complete) {
		*wrapped = 1;
		i = dir > 0 ? 0 : f->n - 1;
	}
	return i;
}

size_t
find_step(const struct find *f, size_t i, int dir, int *wrapped)
{
	*wrapped = dir > 0 ? i + 1 >= f->n : i == 0;
	if (f->n == 0)
		return 0;
	if (*wrapped && !f->complete) {
		/* Past the last match found so far: there may be more. */
		*wrapped = 0;
		return f->n;
	}
	if (*wrapped)
		return dir > 0 ? 0 : f->n - 1;
	return dir > 0 ? i + 1 : i - 1;
}

void
find_history_add(struct find_history *h, const char *q)
{
	if (*q == '\0' || (h->n && strcmp(h->v[h->n - 1], q) == 0))
		return;
	if (h->n == FIND_HISTORY_MAX) {
		free(h->v[0]);
		memmove(h->v, h->v + 1, (FIND_HISTORY_MAX - 1) * sizeof *h->v);
		h->n--;
	}
	h->v = xrealloc(h->v, (h->n + 1) * sizeof *h->v);
	h->v[h->n++] = xstrdup(q);
}

const char *
find_history_move(struct find_history *h, int dir)
{
	if (dir < 0) {
		if (h->pos == 0)
			return NULL;
		return h->v[--h->pos];
	}
	if (h->pos >= h->n)
		return NULL;
	h->pos++;
	return h->pos < h->n ? h->v[h->pos] : "";
}

void
find_history_free(struct find_history *h)
{
	for (size_t k = 0; k < h->n; k++)
		free(h->v[k]);
	free(h->v);
	memset(h, 0, sizeof *h);
}

void
find_prompt_set(struct find_prompt *p, const char *s)
{
	p->text.len = 0;
	buf_adds(&p->text, s);
	buf_add(&p->text, "", 0);
	p->cursor = p->text.len;
}

void
find_prompt_insert(struct find_prompt *p, unsigned cp)
{
	struct buf c = { 0 };
	buf_addcp(&c, cp);
	size_t n = c.len, at = p->cursor;
	p->text.data = xgrow(p->text.data, &p->text.cap, p->text.len + n + 1, 1);
	if (p->text.len == 0)
		p->text.data[0] = '\0';
	memmove(p->text.data + at + n, p->text.data + at, p->text.len - at + 1);
	memcpy(p->text.data + at, c.data, n);
	p->text.len += n;
	p->cursor += n;
	buf_free(&c);
}

/* Where the cluster before byte at starts (0 at the start). */
static size_t
cluster_before(const char *s, size_t n, size_t at)
{
	size_t i = 0, prev = 0;
	while (i < at && i < n) {
		prev = i;
		i = text_cluster_end(s, n, i);
	}
	return prev;
}

/* Remove bytes [from, to) of the text; the cursor goes to from. */
static int
cut(struct find_prompt *p, size_t from, size_t to)
{
	if (from >= to)
		return 0;
	memmove(p->text.data + from, p->text.data + to, p->text.len - to + 1);
	p->text.len -= to - from;
	p->cursor = from;
	return 1;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int
find_prompt_edit(struct find_prompt *p, enum find_edit e)
{
	const char *s = p->text.data;
	size_t n = p->text.len, at = p->cursor, k;
	if (s == NULL)
		return 0;
	switch (e) {
	case FIND_LEFT:
		p->cursor = cluster_before(s, n, at);
		return 0;
	case FIND_RIGHT:
		p->cursor = at < n ? text_cluster_end(s, n, at) : n;
		return 0;
	case FIND_HOME:
		p->cursor = 0;
		return 0;
	case FIND_END:
		p->cursor = n;
		return 0;
	case FIND_ERASE_BACK:
		return cut(p, cluster_before(s, n, at), at);
	case FIND_ERASE_AHEAD:
		return at < n ? cut(p, at, text_cluster_end(s, n, at)) : 0;
	case FIND_ERASE_WORD:
		/* As readline's Ctrl-W: the blanks before the cursor, then the word. */
		k = at;
		while (k > 0 && is_blank(s[k - 1]))
			k--;
		while (k > 0 && !is_blank(s[k - 1]))
			k--;
		return cut(p, k, at);
	case FIND_ERASE_START:
		return cut(p, 0, at);
	case FIND_ERASE_END:
		return cut(p, at, n);
	}
	return 0;
}

void
find_prompt_toggle_regex(struct find_prompt *p)
{
	if (find_is_regex(p->text.data)) {
		size_t at = p->cursor;
		p->cursor = 0;
		cut(p, 0, 1);
		p->cursor = at > 0 ? at - 1 : 0;
	} else {
		size_t at = p->cursor;
		p->cursor = 0;
		find_prompt_insert(p, FIND_REGEX_MARK);
		p->cursor = at + 1;
	}
}

const char *
find_prompt_text(const struct find_prompt *p)
{
	return p->text.data ? p->text.data : "";
}

void
find_prompt_free(struct find_prompt *p)
{
	buf_free(&p->text);
	p->cursor = 0;
}
