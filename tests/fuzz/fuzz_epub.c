/*
 * fuzz_epub.c — EPUB books through epub.c.  Two kinds of input, by byte 0:
 *   odd:  the rest is the book's zip, as is (damaged archives, bombs);
 *   even: the rest is the files of a book, separated by NUL bytes —
 *         container.xml, the package, a nav document, an NCX, three parts —
 *         zipped here (libzip) under the names a package would use, so that
 *         the fuzzer works on the XML, the spine and the contents rather
 *         than on zip checksums.
 * The book is read in two steps (first part, then the rest, as the reader
 * does) or at once; the documents must keep fuzz_check_doc's invariants,
 * and the whole must begin with the first part's text.
 */
#include "fuzz.h"
#include "epub.h"
#include "msg.h"

#include <zip.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {
	"META-INF/container.xml", "OEBPS/content.opf", "OEBPS/nav.xhtml", "OEBPS/toc.ncx",
	"OEBPS/ch1.xhtml",        "OEBPS/ch2.xhtml",   "OEBPS/ch3.xhtml",
};

/* The zip of the NUL-separated files in s[0..n), in b. */
static void
zip_files(const char *s, size_t n, struct buf *b)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
	zip_error_fini(&ze);
	if (z == NULL) {
		zip_source_free(src);
		return;
	}
	zip_source_keep(src);
	zip_source_t *m = zip_source_buffer(z, "application/epub+zip", 20, 0);
	if (m && zip_file_add(z, "mimetype", m, 0) < 0)
		zip_source_free(m);
	for (size_t k = 0, i = 0; k < sizeof names / sizeof *names && i <= n; k++) {
		const char *e = memchr(s + i, '\0', n - i);
		size_t len = e ? (size_t)(e - (s + i)) : n - i;
		zip_source_t *f = zip_source_buffer(z, s + i, len, 0);
		if (f && zip_file_add(z, names[k], f, 0) < 0)
			zip_source_free(f);
		i += len + 1;
	}
	if (zip_close(z) < 0) {
		zip_discard(z);
		zip_source_free(src);
		return;
	}
	zip_stat_t st;
	if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
		char chunk[4096];
		zip_int64_t r;
		while ((r = zip_source_read(src, chunk, sizeof chunk)) > 0)
			buf_add(b, chunk, (size_t)r);
		zip_source_close(src);
	}
	zip_source_free(src);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned opt = data[0];
	struct buf raw = { 0 };
	const char *err = NULL;
	struct parse_opts o = { .format = FORMAT_EPUB,
		                .typo = !(opt & 4),
		                .lang = (opt & 8) ? "fr" : NULL };

	if (opt & 1)
		buf_add(&raw, data + 1, size - 1);
	else
		zip_files((const char *)data + 1, size - 1, &raw);
	msg_mute(1);
	struct epub *e = epub_open(&raw, "fuzz.epub", &err);
	if (e != NULL) {
		struct doc *first = epub_read(e, &o, (opt & 2) ? 1 : SIZE_MAX, &err);
		if (first != NULL) {
			fuzz_check_doc(first);
			if (!epub_complete(e)) {
				struct doc *whole = epub_rest(e, first, &err);
				if (whole != NULL) {
					fuzz_check_doc(whole);
					if (whole->len < first->len ||
					    memcmp(whole->text, first->text, first->len) != 0)
						fuzz_fail("the whole does not begin with the first "
						          "part");
					doc_free(whole);
				}
			}
			doc_free(first);
		}
		epub_free(e);
	}
	buf_free(&raw);
	msg_mute(0);
	return 0;
}
