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

/* The language of a text, as a two-letter code ("fr", "en", …); "fr" if unsure. */
const char *typo_detect_lang(const char *s, size_t n);

#endif
