/*
 * fuzz_html.c — web pages and XHTML parts through html.c: any bytes, read
 * as HTML or as XHTML (XML first), with or without a named encoding, as a
 * page (its article) or as a part of a book; then the document's
 * invariants (fuzz_check_doc: valid, clean text; blocks, spans and
 * sections inside it), and every anchor inside the document.
 *
 * Input: byte 0 the options, the rest the page.
 */
#include "fuzz.h"
#include "html.h"
#include "msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const html_encodings[] = { NULL, NULL, "UTF-8", "WINDOWS-1252" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned opt = data[0];
	const char *s = (const char *)data + 1, *enc = html_encodings[opt & 3];
	size_t n = size - 1;
	int xhtml = (opt >> 2) & 1, typo = !((opt >> 3) & 1), book = (opt >> 4) & 1;
	struct parse_opts o = { .format = FORMAT_HTML,
		                .typo = typo,
		                .lang = (opt >> 5) & 1 ? "fr" : NULL };
	const char *err = NULL;

	msg_mute(1);
	parse_guess_format("fuzz", s, n);
	struct doc *d = doc_create("fuzz.html");
	if (!book) {
		if (html_page(d, s, n, enc, &o, xhtml, &err) < 0)
			fuzz_fail("html_page failed: %s", err);
	} else {
		/* Two parts of a book, the second the first again: anchors and notes across parts.
		 */
		o.lang = "fr";
		struct html *h = html_create(d, &o);
		struct html_src a = { "OEBPS/a.xhtml", "a", enc, xhtml, 0 };
		struct html_src b = { "OEBPS/b.xhtml", "b", enc, xhtml, 0 };
		html_add(h, s, n, &a, NULL);
		html_add(h, s, n, &b, NULL);
		long k = html_anchor(h, "OEBPS/b.xhtml", NULL);
		if (k > (long)d->nblocks)
			fuzz_fail("anchor at block %ld of %zu", k, d->nblocks);
		html_free(h);
		doc_finish(d, NULL);
	}
	fuzz_check_doc(d);
	doc_free(d);
	msg_mute(0);
	return 0;
}
