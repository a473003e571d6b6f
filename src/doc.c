/*
 * doc.c — the document model.  A document is one display text; blocks,
 * spans and sections are byte ranges into it, so that layout lines, search
 * matches, marks and saved positions all share one coordinate system.
 *
 * Parsers append blocks in reading order; each block's text is followed by
 * a '\n' so that the text reads sensibly on its own.  doc_finish() turns
 * headings into sections and tells every block which section it is in.
 * A parser may build the second half of a document apart, on a thread of
 * its own, and doc_append() it: the result is what adding its blocks to
 * the first would have given (and the half's text is moved, not copied).
 */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

struct doc *
doc_create(const char *name)
{
	struct doc *d = xcalloc(1, sizeof *d);
	d->name = xstrdup(name);
	return d;
}

void
doc_free(struct doc *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->nsections; i++)
		free(d->sections[i].title);
	free(d->sections);
	free(d->blocks);
	free(d->spans);
	buf_free(&d->strings);
	buf_free(&d->build);
	free(d->text);
	free(d->title);
	free(d->author);
	free(d->name);
	free(d);
}

static int
doc_is_blank(unsigned char c)
{
	return c == ' ' || c == '\n';
}

/* Add a block; keep: its leading blanks are its first line's indentation. */
static size_t
add_block(struct doc *d, enum block_kind kind, int level, const char *s, size_t n, int keep)
{
	struct block *b;

	/* Code keeps its indentation; everything else loses outer blanks. */
	if (kind != BLOCK_CODE && !keep)
		while (n > 0 && doc_is_blank((unsigned char)*s))
			s++, n--;
	while (n > 0 && doc_is_blank((unsigned char)s[n - 1]))
		n--;
	d->blocks = xgrow(d->blocks, &d->capblocks, d->nblocks + 1, sizeof *d->blocks);
	b = &d->blocks[d->nblocks];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->level = level;
	b->start = d->build.len;
	buf_add(&d->build, s, n);
	b->end = d->build.len;
	buf_addc(&d->build, '\n');
	b->span0 = d->nspans;
	return d->nblocks++;
}

size_t
doc_add_block(struct doc *d, enum block_kind kind, int level, const char *s, size_t n)
{
	return add_block(d, kind, level, s, n, 0);
}

size_t
doc_add_block_kept(struct doc *d, enum block_kind kind, int level, const char *s, size_t n)
{
	return add_block(d, kind, level, s, n, 1);
}

void
doc_add_span(struct doc *d, size_t start, size_t end, unsigned style, const char *href)
{
	struct block *b = &d->blocks[d->nblocks - 1];
	struct span *sp;

	d->spans = xgrow(d->spans, &d->capspans, d->nspans + 1, sizeof *d->spans);
	sp = &d->spans[d->nspans++];
	sp->start = b->start + start;
	sp->end = b->start + end;
	sp->style = style;
	sp->href = -1;
	if (href != NULL) {
		sp->href = (long)d->strings.len;
		buf_add(&d->strings, href, strlen(href) + 1);
	}
	b->nspans++;
}

void
doc_add_section(struct doc *d, size_t block, int level, const char *title)
{
	struct section *s;
	d->sections = xgrow(d->sections, &d->capsections, d->nsections + 1, sizeof *d->sections);
	s = &d->sections[d->nsections++];
	s->block = block;
	s->level = level;
	s->title = xstrdup(title);
	s->matter = 0;
}

char *
doc_heading_title(const struct doc *d, size_t block)
{
	const struct block *b = &d->blocks[block];
	struct buf t = { 0 };
	for (size_t i = b->start; i < b->end; i++) {
		/* A raw heading's lines keep their indent: not the title's. */
		if (b->raw && d->text[i] == ' ' && (t.len == 0 || t.data[t.len - 1] == ' '))
			continue;
		if (d->text[i] == '\n')
			buf_adds(&t, b->raw ? " " : " — ");
		else
			buf_addc(&t, d->text[i]);
	}
	buf_add(&t, "", 0);
	return t.data;
}

/*
 * Move the text built in b onto the end of to, a step at a time from its
 * end, each step given back to the system once copied (realloc shrinks a
 * big block in place): the second half of a 60 MB book is never held
 * twice, which cost 30 MB more at the peak.  b is left empty.
 */
static void
doc_move_text(struct buf *to, struct buf *b)
{
	enum { STEP = 1 << 20 };
	size_t off = to->len, n = b->len;
	to->data = xgrow(to->data, &to->cap, off + n + 1, 1);
	for (size_t end = n; end > 0;) {
		size_t start = end > STEP ? end - STEP : 0;
		memcpy(to->data + off + start, b->data + start, end - start);
		if (start > 0)
			b->data = xrealloc(b->data, start);
		end = start;
	}
	to->len = off + n;
	to->data[to->len] = '\0';
	buf_free(b);
}

void
doc_append(struct doc *d, struct doc *part)
{
	size_t off = d->build.len, b0 = d->nblocks, s0 = d->nspans, h0 = d->strings.len, i;

	doc_move_text(&d->build, &part->build);
	d->blocks = xgrow(d->blocks, &d->capblocks, d->nblocks + part->nblocks, sizeof *d->blocks);
	for (i = 0; i < part->nblocks; i++) {
		struct block *b = &d->blocks[d->nblocks++];
		*b = part->blocks[i];
		b->start += off;
		b->end += off;
		b->span0 += s0;
	}
	d->spans = xgrow(d->spans, &d->capspans, d->nspans + part->nspans, sizeof *d->spans);
	for (i = 0; i < part->nspans; i++) {
		struct span *sp = &d->spans[d->nspans++];
		*sp = part->spans[i];
		sp->start += off;
		sp->end += off;
		if (sp->href >= 0)
			sp->href += (long)h0;
	}
	if (part->strings.len > 0)
		buf_add(&d->strings, part->strings.data, part->strings.len);
	for (i = 0; i < part->nsections; i++) {
		doc_add_section(d, b0 + part->sections[i].block, part->sections[i].level,
		                part->sections[i].title);
		d->sections[d->nsections - 1].matter = part->sections[i].matter;
	}
}

struct doc *
doc_reopen(const struct doc *d)
{
	struct doc *c = doc_create(d->name);
	buf_add(&c->build, d->text, d->len);
	if (d->nblocks > 0) {
		c->blocks = xgrow(NULL, &c->capblocks, d->nblocks, sizeof *c->blocks);
		memcpy(c->blocks, d->blocks, d->nblocks * sizeof *c->blocks);
		c->nblocks = d->nblocks;
	}
	if (d->nspans > 0) {
		c->spans = xgrow(NULL, &c->capspans, d->nspans, sizeof *c->spans);
		memcpy(c->spans, d->spans, d->nspans * sizeof *c->spans);
		c->nspans = d->nspans;
	}
	if (d->strings.len > 0)
		buf_add(&c->strings, d->strings.data, d->strings.len);
	memcpy(c->lang, d->lang, sizeof c->lang);
	c->format = d->format;
	c->typo = d->typo;
	c->info = d->info;
	return c;
}

static int
doc_section_cmp(const void *a, const void *b)
{
	const struct section *x = a, *y = b;
	return (x->block > y->block) - (x->block < y->block);
}

/*
 * Sort sections by block, unless they are in order already: qsort is not
 * stable, and a book's contents may put a part and its first chapter at
 * the same block, in that order.
 */
static void
sort_sections(struct section *s, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (s[i].block < s[i - 1].block) {
			qsort(s, n, sizeof *s, doc_section_cmp);
			return;
		}
}

void
doc_finish(struct doc *d, const char *title)
{
	size_t i, k;

	/* The built text becomes the document's text. */
	d->text = d->build.data ? d->build.data : xstrdup("");
	d->len = d->build.len;
	d->build.data = NULL;
	d->build.len = d->build.cap = 0;

	/*
	 * Sections added in any order by the parser; a stable order by block.
	 * (qsort on a NULL array is undefined even for zero elements.)  They
	 * are sorted first so that finding whether a heading already has one
	 * is a walk, not a search per heading: 100 000 headings took seconds.
	 */
	size_t given = d->nsections;
	sort_sections(d->sections, given);
	for (i = 0, k = 0; i < d->nblocks && !d->given_toc; i++) {
		if (d->blocks[i].kind != BLOCK_HEADING)
			continue;
		while (k < given && d->sections[k].block < i)
			k++;
		if (k < given && d->sections[k].block == i)
			continue;
		char *t = doc_heading_title(d, i);
		doc_add_section(d, i, d->blocks[i].level, t);
		free(t);
	}
	sort_sections(d->sections, d->nsections);
	for (i = 0, k = 0; i < d->nblocks; i++) {
		while (k + 1 < d->nsections && d->sections[k + 1].block <= i)
			k++;
		d->blocks[i].section = k;
	}

	free(d->title);
	if (title != NULL)
		d->title = xstrdup(title);
	else if (d->nblocks > 0 && d->blocks[0].kind == BLOCK_HEADING)
		d->title = doc_heading_title(d, 0);
	else {
		const char *slash = strrchr(d->name, '/');
		d->title = xstrdup(slash ? slash + 1 : d->name);
	}
}

size_t
doc_block_at(const struct doc *d, size_t off)
{
	size_t lo = 0, hi = d->nblocks;
	if (d->nblocks == 0)
		return 0;
	/* The first block whose end (with its '\n') is past off. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->blocks[mid].end < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->nblocks ? lo : d->nblocks - 1;
}

size_t
doc_section_at(const struct doc *d, size_t off)
{
	if (d->nblocks == 0)
		return 0;
	return d->blocks[doc_block_at(d, off)].section;
}

const char *
doc_block_lang(const struct doc *d, size_t b)
{
	return d->blocks[b].lang[0] ? d->blocks[b].lang : d->lang;
}
