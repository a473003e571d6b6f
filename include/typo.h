/*
 * typo.h — French typography: the no-break spaces around ; : ! ? « »,
 * the breaks they forbid, and the language of a text.
 */
#ifndef LISEUSE_TYPO_H
#define LISEUSE_TYPO_H

#include <stddef.h>

#include "util.h"

/*
 * Append s[0..n) to out with French spacing: U+202F before ; ! ?, U+00A0
 * before : and inside « », replacing a plain space or inserting one where
 * the text has none — but never inside URLs, numbers like 12:30, or code.
 */
void typo_apply(struct buf *out, const char *s, size_t n);

/*
 * Apply the French rules to brk[0..n), the UAX #14 break opportunities of
 * s[0..n) as u8_possible_linebreaks() gives them (brk[i]: a break before
 * s[i]): never at or after a no-break space, after « and its spaces, nor
 * before the spaces and the » ; : ! ? that follow a word.
 */
void typo_fix_breaks(const char *s, size_t n, char *brk);

/* A range of bytes of typo_conventions()'s output, set in italics by the text. */
struct typo_range {
	size_t start, end;
};

/*
 * Write s[0..n) to out (replacing what it held) with the conventions of
 * plain-text books rendered, as Project Gutenberg writes them: "--"
 * becomes a dash, which in French (french) holds on to the words it opens
 * or closes with a no-break space, never left alone at a line end; a phrase
 * between underscores ("_Quos ego_") loses them and is reported in
 * (*r)[0..return) as italics.  A command-line option ("--help") is left.
 */
size_t typo_conventions(struct buf *out, const char *s, size_t n, int french, struct typo_range **r,
                        size_t *cap);

/* Is there anything for typo_conventions() to do in s[0..n)? (Most blocks: no.) */
int typo_conventions_needed(const char *s, size_t n, int french);

/* The language of a text, as a two-letter code ("fr", "en", …); "fr" if unsure. */
const char *typo_detect_lang(const char *s, size_t n);

/*
 * The language of a block of text (a paragraph), "fr" or "en", if its
 * words say it clearly — three function words of one language or more
 * and more than twice as many as of any other, or two and none of
 * another — else NULL.  Reads at most
 * its first TYPO_BLOCK_SAMPLE bytes.
 */
const char *typo_block_lang(const char *s, size_t n);

#define TYPO_BLOCK_SAMPLE 120

#endif
