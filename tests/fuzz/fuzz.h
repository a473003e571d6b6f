/*
 * fuzz.h — what the libFuzzer targets share: turning the fuzzer's bytes
 * into options and a document the way the program does (text_sanitize,
 * then a parser), and the invariants every stage must keep.
 *
 * A target reads its options from the first bytes of the input and the
 * text from the rest, so that the seeds (plain text files) still steer the
 * options through their first letters.  A broken invariant is reported with
 * fuzz_fail(), which aborts so that libFuzzer saves the input.
 */
#ifndef LISEUSE_FUZZ_H
#define LISEUSE_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "parse.h"
#include "text.h"

#define fuzz_fail(...)                                                                     \
	do {                                                                               \
		fprintf(stderr, "fuzz invariant: " __VA_ARGS__);                           \
		fputc('\n', stderr);                                                       \
		abort();                                                                   \
	} while (0)

/* Is s[0..n) valid UTF-8? */
static inline int
fuzz_valid_utf8(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t k;
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		uint32_t cp = text_decode(s + i, n - i, &k);
		if (cp == 0xFFFD && !(k == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			return 0;
		i += k;
	}
	return 1;
}

/*
 * What text_sanitize promises: valid UTF-8, and no byte or code point a
 * terminal would act on (C0 but '\n', DEL, C1), no tab, no CR.
 */
static inline void
fuzz_check_clean(const char *s, size_t n, const char *what)
{
	if (!fuzz_valid_utf8(s, n))
		fuzz_fail("%s: not valid UTF-8", what);
	for (size_t i = 0; i < n;) {
		size_t k;
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n') || c == 0x7F)
			fuzz_fail("%s: control byte 0x%02x at %zu", what, c, i);
		uint32_t cp = c < 0x80 ? c : text_decode(s + i, n - i, &k);
		if (c < 0x80)
			k = 1;
		if (cp >= 0x80 && cp < 0xA0)
			fuzz_fail("%s: C1 control U+%04X at %zu", what, (unsigned)cp, i);
		i += k;
	}
}

/* A document's blocks, spans and sections must stay inside its text. */
static inline void
fuzz_check_doc(const struct doc *d)
{
	fuzz_check_clean(d->text, d->len, "document text");
	for (size_t b = 0; b < d->nblocks; b++) {
		const struct block *bl = &d->blocks[b];
		if (bl->start > bl->end || bl->end > d->len)
			fuzz_fail("block %zu [%zu,%zu) outside the text (%zu)", b, bl->start,
			          bl->end, d->len);
		if (b > 0 && bl->start < d->blocks[b - 1].end)
			fuzz_fail("block %zu overlaps block %zu", b, b - 1);
		if (d->nsections > 0 && bl->section >= d->nsections)
			fuzz_fail("block %zu in section %zu of %zu", b, bl->section, d->nsections);
		if (bl->span0 + bl->nspans > d->nspans)
			fuzz_fail("block %zu spans out of range", b);
		for (size_t k = 0; k < bl->nspans; k++) {
			const struct span *sp = &d->spans[bl->span0 + k];
			if (sp->start > sp->end || sp->end > d->len)
				fuzz_fail("block %zu span %zu outside the text", b, k);
		}
	}
	for (size_t s = 0; s < d->nsections; s++) {
		if (d->sections[s].block >= d->nblocks)
			fuzz_fail("section %zu at block %zu of %zu", s, d->sections[s].block,
			          d->nblocks);
		if (s > 0 && d->sections[s].block < d->sections[s - 1].block)
			fuzz_fail("sections not sorted at %zu", s);
		if (d->sections[s].title == NULL)
			fuzz_fail("section %zu has no title", s);
		fuzz_check_clean(d->sections[s].title, strlen(d->sections[s].title),
		                 "section title");
	}
}

/* The raw bytes sanitized and parsed as the program does, text or Markdown. */
static inline struct doc *
fuzz_doc(const uint8_t *data, size_t size, const char *encoding, int markdown, int typo)
{
	struct buf clean = {0};
	struct text_info info;
	struct parse_opts o = { .format = markdown ? FORMAT_MARKDOWN : FORMAT_TEXT, .typo = typo, .lang = "fr" };
	if (text_sanitize((const char *)data, size, encoding, &clean, &info) < 0) {
		buf_free(&clean);
		return NULL;
	}
	fuzz_check_clean(clean.data, clean.len, "sanitized text");
	struct doc *d = doc_create("fuzz");
	d->info = info;
	if (markdown)
		parse_md(d, clean.data, clean.len, &o);
	else
		parse_text(d, clean.data, clean.len, &o);
	buf_free(&clean);
	fuzz_check_doc(d);
	return d;
}

#endif
