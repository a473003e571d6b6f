/*
 * text.h — bytes in, safe text out: loading, encodings, UTF-8 repair, NFC,
 * control characters; and grapheme clusters with their display widths.
 */
#ifndef LISEUSE_TEXT_H
#define LISEUSE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* What loading found, for the notices shown to the reader. */
struct text_info {
	const char *encoding; /* the encoding the bytes were read as */
	size_t invalid;       /* invalid sequences replaced by U+FFFD */
	size_t controls;      /* control characters made visible */
	int guessed;          /* 1 if the encoding was guessed (not UTF-8) */
};

/*
 * Read a whole file ("-" is standard input) into raw.  On failure returns
 * -1 and sets *err to a message such as "No such file or directory".
 */
int text_read(const char *path, struct buf *raw, const char **err);

/*
 * Turn raw bytes into safe text: decode (UTF-8; if that fails, Windows-1252
 * unless encoding names one), drop a BOM, CRLF/CR to LF, controls to visible
 * symbols, tabs to spaces, NFC.  Returns 0, or -1 if encoding is unknown.
 */
int text_sanitize(const char *raw, size_t n, const char *encoding, struct buf *out,
                  struct text_info *info);

/*
 * If raw is clean already — exactly what text_sanitize() would make of it
 * (valid UTF-8 read as UTF-8, no BOM, LF line ends, NFC, no control or
 * tab) — move it into out (freed first), fill info and return 1; else
 * return 0 and change nothing.
 */
int text_adopt(struct buf *raw, const char *encoding, struct buf *out, struct text_info *info);

/* Can text_sanitize() read the encoding called name (UTF-8, Windows-1252, or one iconv knows)? */
int text_encoding_known(const char *name);

/* Decode the code point at s (valid UTF-8 assumed); *len gets its length. */
uint32_t text_decode(const char *s, size_t n, size_t *len);

/* The end of the grapheme cluster that starts at s[pos]. */
size_t text_cluster_end(const char *s, size_t n, size_t pos);

/* Display columns of one grapheme cluster: 0 (format only), 1 or 2. */
int text_cluster_width(const char *s, size_t n);

/* Display columns of a run of clusters. */
int text_width(const char *s, size_t n);

/* Columns of a string, with the bytes that fit in max columns in *fit. */
int text_width_fit(const char *s, size_t n, int max, size_t *fit);

#endif
