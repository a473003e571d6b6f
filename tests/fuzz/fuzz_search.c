/*
 * fuzz_search.c — folding and matching: random queries compiled and
 * searched in a random document.  Matches must be sorted, non-overlapping,
 * non-empty, inside the text and on UTF-8 boundaries; search_find and
 * search_context must agree with them.
 *
 * Input: byte 0 the number of queries (1–4), then that many queries each
 * ended by a NUL byte, then the document.
 */
#include "fuzz.h"
#include "search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
boundary(const struct doc *d, size_t off)
{
	return off == d->len || ((unsigned char)d->text[off] & 0xC0) != 0x80;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int nq = data[0] % 4 + 1, markdown = (data[0] >> 2) & 1;
	char *queries[4] = {0};
	size_t p = 1;
	for (int k = 0; k < nq; k++) {
		const uint8_t *z = p < size ? memchr(data + p, 0, size - p) : NULL;
		size_t e = z ? (size_t)(z - data) : size;
		size_t m = e - p > 256 ? 256 : e - p; /* a query is something one types */
		queries[k] = xstrndup((const char *)data + p, m);
		p = z ? e + 1 : size;
	}
	struct doc *d = fuzz_doc(data + p, size - p, NULL, markdown, 1);
	if (d == NULL)
		goto out;

	struct search_index *ix = search_index_create(d);
	for (int k = 0; k < nq; k++) {
		struct search_query *q = search_compile(queries[k]);
		if (q == NULL)
			continue;
		(void)search_query_case_sensitive(q);
		struct search_match *m = NULL;
		size_t n = search_all(ix, q, &m);
		if (n > 0 && m == NULL)
			fuzz_fail("%zu matches but no array", n);
		for (size_t i = 0; i < n; i++) {
			if (m[i].start >= m[i].end || m[i].end > d->len)
				fuzz_fail("match %zu [%zu,%zu) empty or outside the text (%zu)", i,
				          m[i].start, m[i].end, d->len);
			if (!boundary(d, m[i].start) || !boundary(d, m[i].end))
				fuzz_fail("match %zu [%zu,%zu) not on UTF-8 boundaries", i, m[i].start,
				          m[i].end);
			if (i > 0 && m[i].start < m[i - 1].end)
				fuzz_fail("match %zu [%zu,%zu) overlaps or precedes [%zu,%zu)", i,
				          m[i].start, m[i].end, m[i - 1].start, m[i - 1].end);
			if (search_find(m, n, m[i].start, 0) != i)
				fuzz_fail("search_find forward does not find match %zu", i);
			if (search_find(m, n, m[i].start + 1, 1) != i)
				fuzz_fail("search_find backward does not find match %zu", i);
			if (i < 8) {
				struct buf ctx = {0};
				size_t ms, me;
				search_context(d, &m[i], 1 + (int)(i * 7), &ctx, &ms, &me);
				if (ms > me || me > ctx.len)
					fuzz_fail("context of match %zu: [%zu,%zu) outside %zu", i, ms, me,
					          ctx.len);
				fuzz_check_clean(ctx.data ? ctx.data : "", ctx.len, "context");
				buf_free(&ctx);
				(void)search_section_number(d, m[i].start);
			}
		}
		if (search_find(m, n, d->len + 1, 0) != n)
			fuzz_fail("search_find past the end found something");
		free(m);
		search_query_free(q);
	}
	search_index_free(ix);
	doc_free(d);
out:
	for (int k = 0; k < nq; k++)
		free(queries[k]);
	return 0;
}
