/*
 * hyph.h — hyphenation points of words, from the LibreOffice/TeX patterns
 * through libhyphen, cached per word.
 */
#ifndef LISEUSE_HYPH_H
#define LISEUSE_HYPH_H

#include <stddef.h>
#include <stdint.h>

struct hyph;

/* The most points hyph_points() reports for one word. */
#define HYPH_MAX_POINTS 32

/* Bytes of the shortest word that may have a point (two letters before, three after). */
#define HYPH_MIN_WORD 5

/*
 * The patterns of lang (hyph_<lang>.dic, else hyph_<lang>_*.dic, in
 * $LISEUSE_HYPHEN_DIR or /usr/share/hyphen); NULL with a notice if none.
 */
struct hyph *hyph_open(const char *lang);
void hyph_close(struct hyph *h);

/*
 * Where the word w[0..n) (letters and apostrophes, UTF-8, any case) may be
 * hyphenated: byte offsets into w, ascending, at least two letters after
 * the word's start or an apostrophe and three before its end or an
 * apostrophe.  Apostrophes at either end are quotes, not part of the word:
 * "packages'" has the points of "packages".  Returns how many were written to pts (at most
 * HYPH_MAX_POINTS).
 */
size_t hyph_points(struct hyph *h, const char *w, size_t n, uint16_t *pts);

/*
 * Start looking w[0..n) up, for a caller that will ask for its points a
 * little later: the look-up of a word costs a cache miss in a book's
 * table, which the processor takes meanwhile.  Returns the word's hash,
 * for hyph_points_hashed() not to compute it again.
 */
uint32_t hyph_prefetch(const struct hyph *h, const char *w, size_t n);

/* hyph_points() of a word whose hash hyph_prefetch() gave. */
size_t hyph_points_hashed(struct hyph *h, const char *w, size_t n, uint32_t hash, uint16_t *pts);

/* Is the code point a letter or an apostrophe, the stuff of a hyphenatable word? */
int hyph_is_word_char(uint32_t cp);

#endif
