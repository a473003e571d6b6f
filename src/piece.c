/*
 * piece.c — styled text on its way to becoming a document block.  The
 * Markdown and HTML parsers both collect a leaf's text as a piece (bytes
 * plus style spans in offsets of those bytes), then "cook" it: French
 * spacing (typo_apply) is applied to the prose, never to code spans nor to
 * URLs, and since it inserts bytes, the spans are moved to the text it
 * produced.  Only then does a piece become a document block, followed by
 * the list of its link targets ("→ URL"), since a terminal cannot show a
 * link's target under its text.
 *
 * Tables are pieces too: rows of cells padded to their column's width,
 * separated by " │ ", the header in bold and ruled off.  The padding does
 * not depend on the measure; a table wider than it wraps between cells
 * first, and stays readable.
 */
#include "piece.h"
#include "typo.h"

#include <stdlib.h>
#include <string.h>

#define NBSP "\xC2\xA0"
#define BAR " \xE2\x94\x82 " /* " │ " between table cells */
#define HLINE "\xE2\x94\x80" /* ─ */
#define CROSS "\xE2\x94\xBC" /* ┼ */
#define ARROW "\xE2\x86\x92" /* → before a link target */

void
piece_span(struct piece *pc, size_t start, size_t end, unsigned style, const char *href)
{
	if (end <= start)
		return;
	pc->sp = xgrow(pc->sp, &pc->capsp, pc->nsp + 1, sizeof *pc->sp);
	pc->sp[pc->nsp++] = (struct mspan){ start, end, style, href ? xstrdup(href) : NULL };
}

void
piece_protect(struct piece *pc, size_t start, size_t end)
{
	if (end <= start)
		return;
	pc->prot = xgrow(pc->prot, &pc->capprot, pc->nprot + 2, sizeof *pc->prot);
	pc->prot[pc->nprot++] = start;
	pc->prot[pc->nprot++] = end;
}

void
piece_free(struct piece *pc)
{
	for (size_t i = 0; i < pc->nsp; i++)
		free(pc->sp[i].href);
	free(pc->sp);
	free(pc->prot);
	buf_free(&pc->t);
	memset(pc, 0, sizeof *pc);
}

void
piece_append(struct piece *dst, const struct piece *src)
{
	size_t base = dst->t.len;
	buf_add(&dst->t, src->t.data ? src->t.data : "", src->t.len);
	for (size_t i = 0; i < src->nsp; i++)
		piece_span(dst, base + src->sp[i].start, base + src->sp[i].end, src->sp[i].style,
		           src->sp[i].href);
}

void
piece_prefix(struct piece *pc, const char *s, size_t n)
{
	struct buf t = { 0 };
	if (n == 0)
		return;
	buf_add(&t, s, n);
	buf_add(&t, pc->t.data ? pc->t.data : "", pc->t.len);
	buf_free(&pc->t);
	pc->t = t;
	for (size_t i = 0; i < pc->nsp; i++)
		pc->sp[i].start += n, pc->sp[i].end += n;
	for (size_t i = 0; i < pc->nprot; i++)
		pc->prot[i] += n;
}

void
piece_trim(struct piece *pc, int keep_lead)
{
	const char *s = pc->t.data;
	size_t a = 0, b = pc->t.len;
	if (s == NULL)
		return;
	while (!keep_lead && a < b && (s[a] == ' ' || s[a] == '\n'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n'))
		b--;
	if (a == 0 && b == pc->t.len)
		return;
	memmove(pc->t.data, s + a, b - a);
	pc->t.len = b - a;
	pc->t.data[pc->t.len] = '\0';
	size_t k = 0;
	for (size_t i = 0; i < pc->nsp; i++) {
		struct mspan sp = pc->sp[i];
		sp.start = sp.start < a ? 0 : sp.start - a;
		sp.end = sp.end < a ? 0 : sp.end - a;
		if (sp.start > pc->t.len)
			sp.start = pc->t.len;
		if (sp.end > pc->t.len)
			sp.end = pc->t.len;
		if (sp.end > sp.start)
			pc->sp[k++] = sp;
		else
			free(sp.href);
	}
	pc->nsp = k;
	k = 0;
	for (size_t i = 0; i + 1 < pc->nprot; i += 2) {
		size_t ps = pc->prot[i] < a ? 0 : pc->prot[i] - a;
		size_t pe = pc->prot[i + 1] < a ? 0 : pc->prot[i + 1] - a;
		if (pe > pc->t.len)
			pe = pc->t.len;
		if (pe > ps)
			pc->prot[k++] = ps, pc->prot[k++] = pe;
	}
	pc->nprot = k;
}

static size_t
nbsp_len(const char *s, size_t n)
{
	if (n >= 2 && memcmp(s, NBSP, 2) == 0)
		return 2;
	if (n >= 3 && memcmp(s, "\xE2\x80\xAF", 3) == 0)
		return 3;
	return 0;
}

/*
 * Protected bytes are shown to typo_apply as 'x' (a letter: the spacing
 * around a code span is still right) and put back afterwards; the spans
 * follow an alignment of the two texts, which differ only where a run of
 * spaces (maybe empty) became one no-break space.
 */
void
piece_cook(struct piece *raw, int typo, struct piece *out)
{
	const char *a = raw->t.data ? raw->t.data : "";
	size_t n = raw->t.len, i = 0, o = 0;
	struct buf masked = { 0 }, t = { 0 };
	size_t *pos = NULL;
	unsigned char *gone = NULL;
	int ok = 0;

	memset(out, 0, sizeof *out);
	if (typo && n > 0) {
		buf_add(&masked, a, n);
		for (size_t k = 0; k < raw->nprot; k += 2)
			memset(masked.data + raw->prot[k], 'x', raw->prot[k + 1] - raw->prot[k]);
		typo_apply(&t, masked.data, n);
		pos = xmalloc((n + 1) * sizeof *pos);
		gone = xcalloc(n + 1, 1);
		const char *m = masked.data, *b = t.data ? t.data : "";
		while (i < n && o < t.len) {
			size_t k = nbsp_len(b + o, t.len - o);
			if (k > 0 && !(n - i >= k && memcmp(m + i, b + o, k) == 0)) {
				size_t r = o;
				o += k;
				while (i < n && m[i] == ' ')
					pos[i] = r, gone[i++] = 1;
			} else if (m[i] == b[o]) {
				pos[i++] = o++;
			} else {
				break;
			}
		}
		ok = i == n && o == t.len;
		/* Protected bytes come back where their mask went, contiguous. */
		for (size_t k = 0; ok && k < raw->nprot; k += 2) {
			size_t s = raw->prot[k], e = raw->prot[k + 1];
			if (pos[e - 1] - pos[s] != e - 1 - s)
				ok = 0;
			else
				memcpy(t.data + pos[s], a + s, e - s);
		}
	}
	if (!ok) {
		buf_free(&t);
		buf_add(&t, a, n);
	}
	out->t = t;
	for (size_t k = 0; k < raw->nsp; k++) {
		const struct mspan *sp = &raw->sp[k];
		size_t s = sp->start, e = sp->end;
		if (ok) {
			s = s < n ? pos[s] : t.len;
			e = e == 0 ? 0 : gone[e - 1] ? pos[e - 1] : pos[e - 1] + 1;
		}
		piece_span(out, s, e, sp->style, sp->href);
	}
	buf_free(&masked);
	free(pos);
	free(gone);
}

void
piece_add_link(char ***links, size_t *n, size_t *cap, const char *href)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*links)[i], href) == 0)
			return;
	*links = xgrow(*links, cap, *n + 1, sizeof **links);
	(*links)[(*n)++] = xstrdup(href);
}

static void
add_one(struct doc *d, enum block_kind kind, int level, int indent, int hang, int quote,
        const struct piece *pc)
{
	const char *t = pc->t.data ? pc->t.data : "";
	size_t lead = 0, end = pc->t.len;
	/* doc_add_block drops the blanks around the text (but code's indentation): so do its spans.
	 */
	while (kind != BLOCK_CODE && lead < end && (t[lead] == ' ' || t[lead] == '\n'))
		lead++;
	while (end > lead && (t[end - 1] == ' ' || t[end - 1] == '\n'))
		end--;
	size_t b = doc_add_block(d, kind, level, t, pc->t.len);
	d->blocks[b].indent = indent;
	d->blocks[b].hang = hang;
	d->blocks[b].quote = quote;
	for (size_t i = 0; i < pc->nsp; i++) {
		size_t s0 = pc->sp[i].start < lead ? lead : pc->sp[i].start;
		size_t e0 = pc->sp[i].end > end ? end : pc->sp[i].end;
		if (e0 > s0)
			doc_add_span(d, s0 - lead, e0 - lead, pc->sp[i].style, pc->sp[i].href);
	}
}

void
piece_add_block(struct doc *d, enum block_kind kind, int level, int indent, int hang, int quote,
                const struct piece *pc, char *const *links, size_t nlinks)
{
	add_one(d, kind, level, indent, hang, quote, pc);
	if (nlinks == 0)
		return;
	struct piece l = { 0 };
	for (size_t i = 0; i < nlinks; i++) {
		if (i > 0)
			buf_addc(&l.t, '\n');
		buf_adds(&l.t, ARROW NBSP);
		size_t s = l.t.len;
		buf_adds(&l.t, links[i]);
		piece_span(&l, s, l.t.len, STYLE_LINK, links[i]);
	}
	add_one(d, BLOCK_LINES, 0, indent + hang, 0, quote, &l);
	piece_free(&l);
}

/* ---------- tables */

void
piece_table_row(struct piece_table *t)
{
	size_t cap = t->caprows, capw = t->caprows;
	t->rows = xgrow(t->rows, &cap, t->nrows + 1, sizeof *t->rows);
	t->widths = xgrow(t->widths, &capw, t->nrows + 1, sizeof *t->widths);
	t->ncells = xgrow(t->ncells, &t->caprows, t->nrows + 1, sizeof *t->ncells);
	t->rows[t->nrows] = NULL;
	t->widths[t->nrows] = NULL;
	t->ncells[t->nrows] = 0;
	t->nrows++;
}

void
piece_table_cell(struct piece_table *t, struct piece *pc)
{
	if (t->nrows == 0)
		piece_table_row(t);
	size_t r = t->nrows - 1, c = t->ncells[r];
	t->rows[r] = xrealloc(t->rows[r], (c + 1) * sizeof **t->rows);
	t->widths[r] = xrealloc(t->widths[r], (c + 1) * sizeof **t->widths);
	t->rows[r][c] = *pc;
	t->widths[r][c] = text_width(pc->t.data ? pc->t.data : "", pc->t.len);
	t->ncells[r]++;
	memset(pc, 0, sizeof *pc);
}

/* n columns of padding: no-break spaces before a cell's text, so that a
 * line never starts with a blank the layout would drop; plain spaces after
 * it, which vanish where a narrow measure breaks the row. */
static void
pad(struct buf *b, int n, int before)
{
	while (n-- > 0)
		buf_adds(b, before ? NBSP : " ");
}

void
piece_table_end(struct piece_table *t, struct piece *out)
{
	size_t ncols = t->nalign;
	memset(out, 0, sizeof *out);
	for (size_t r = 0; r < t->nrows; r++)
		if (t->ncells[r] > ncols)
			ncols = t->ncells[r];
	int *w = xcalloc(ncols + 1, sizeof *w);
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncells[r]; c++)
			if (t->widths[r][c] > w[c])
				w[c] = t->widths[r][c];
	for (size_t r = 0; r < t->nrows; r++) {
		if (r > 0)
			buf_addc(&out->t, '\n');
		for (size_t c = 0; c < ncols; c++) {
			int have = c < t->ncells[r];
			int cw = have ? t->widths[r][c] : 0;
			int room = w[c] - cw, before = 0;
			unsigned char al = c < t->nalign ? t->align[c] : PIECE_ALIGN_DEFAULT;
			if (c + 1 == ncols && cw == 0)
				break; /* nothing to align at the end of the row */
			if (c > 0)
				buf_adds(&out->t, BAR);
			if (al == PIECE_ALIGN_RIGHT)
				before = room;
			else if (al == PIECE_ALIGN_CENTER)
				before = room / 2;
			pad(&out->t, before, 1);
			if (have)
				piece_append(out, &t->rows[r][c]);
			if (c + 1 < ncols)
				pad(&out->t, room - before, 0);
		}
		if (r + 1 == t->head) {
			buf_addc(&out->t, '\n');
			for (size_t c = 0; c < ncols; c++) {
				if (c > 0)
					buf_adds(&out->t, HLINE CROSS HLINE);
				for (int k = 0; k < w[c]; k++)
					buf_adds(&out->t, HLINE);
			}
		}
	}
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncells[r]; c++)
			piece_free(&t->rows[r][c]);
		free(t->rows[r]);
		free(t->widths[r]);
	}
	free(t->rows);
	free(t->widths);
	free(t->ncells);
	free(t->align);
	free(w);
	memset(t, 0, sizeof *t);
}
