/*
 * hyph.h — hyphenation points of words, from the LibreOffice/TeX patterns
 * through libhyphen, cached per word.
 */
#ifndef LISEUSE_HYPH_H
#define LISEUSE_HYPH_H

#include <stddef.h>
#include <stdint.h>

struct hyph;
struct hyph_learner;

/* The most points hyph_points() reports for one word. */
#define HYPH_MAX_POINTS 32

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
 * apostrophe.  Returns how many were written to pts (at most HYPH_MAX_POINTS).
 */
size_t hyph_points(struct hyph *h, const char *w, size_t n, uint16_t *pts);

/*
 * Ask learnt (if of the same language; NULL: none) before computing a
 * word: it is only read from then on, so any number of threads may share it.
 */
void hyph_share(struct hyph *h, const struct hyph *learnt);

/*
 * Start learning the points of the words of the file at path, on a thread
 * of its own, while the caller parses it (NULL if there is nothing to do).
 */
struct hyph_learner *hyph_learn_start(const char *lang, const char *path);

/* Stop learning: the patterns and the words learnt so far, for hyph_share() (then hyph_close()). */
struct hyph *hyph_learn_stop(struct hyph_learner *hl);

/* Is the code point a letter or an apostrophe, the stuff of a hyphenatable word? */
int hyph_is_word_char(uint32_t cp);

#endif
