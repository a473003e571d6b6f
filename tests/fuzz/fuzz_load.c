/*
 * fuzz_load.c — loading and structure: any bytes, read with or without a
 * named encoding, then plain-text and Markdown structure.  The first byte
 * chooses the encoding and French spacing; the rest is the file.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const encodings[] = {
	NULL, NULL, NULL, NULL, "UTF-8", "WINDOWS-1252", "ISO-8859-1", "UTF-16",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned opt = data[0];
	const char *enc = encodings[opt & 7];
	int typo = !(opt & 8);
	data++, size--;

	parse_guess_format("fuzz", (const char *)data, size);
	for (int md = 0; md < 2; md++) {
		struct doc *d = fuzz_doc(data, size, enc, md, typo);
		if (d != NULL)
			doc_free(d);
	}
	return 0;
}
