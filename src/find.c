/*
 * find.c — the reader's searches: a query's matches and the current one,
 * the prompt editor and the history.  search.c does the matching; this is
 * what the reader does with matches.
 *
 * A search is started, then fed: find_more() searches the text from where
 * the last call stopped and appends what it finds, so matches are always
 * in document order, indices never move, and a count may grow while the
 * reader already steps through the first matches (a big book whose index
 * is still being built, in the background, can show its first match at
 * once).  Stepping from a match (find_step) or from a place (find_from)
 * wraps around only once the search is complete, since a match may still
 * come after the last one found.
 */
#include "find.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

void
find_clear(struct find *f)
{
	free(f->m);
	f->m = NULL;
	f->n = f->cap = f->cur = 0;
	f->scanned = 0;
	f->complete = 0;
	search_query_free(f->q);
	f->q = NULL;
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
	f->q = search_compile(f->query);
	if (f->q == NULL) {
		f->complete = 1;
		return 0;
	}
	return 1;
}

int
find_more(struct find *f, size_t budget)
{
	(void)budget; /* search_all() finds every match in one walk of its index */
	if (f->complete)
		return 0;
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
	if (!find_start(f, d, ix, query))
		return 0;
	while (find_more(f, 0))
		;
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
	if (i == f->n && f->n > 0) {
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
