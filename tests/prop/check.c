/*
 * check.c — the layout properties, checked on real output: reads what
 * `liseuse --dump -w W [-j] FILE` printed and the document FILE parses to
 * (with the same modules as liseuse), and checks every line:
 *
 *   - no line wider than W (display columns of grapheme clusters, text.c);
 *   - the letters and digits of each block, in order, exactly;
 *   - no line starting with » ; : ! ? or a no-break space, none ending
 *     with « or a no-break space;
 *   - every hyphen that ends a line inside a word is the text's own (a
 *     '-' or a soft hyphen) or at a point libhyphen gives for the word —
 *     asked here directly, not through hyph.c — at least two letters from
 *     its start and three from its end;
 *   - never three lines in a row ending with an added hyphen (the text's
 *     own hyphens are words, not hyphenation: they break the run);
 *   - justified (-j): every line of a paragraph but its last is exactly W
 *     wide, unless it has no space to stretch.
 *
 * Blocks are told apart by the blank line between them; the document says
 * how many letters each holds, so a line is never attributed to the wrong
 * block.  Prints one TAP line, with the first few problems as comments.
 *
 *   check FILE WIDTH r|j < dump
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hyphen.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "doc.h"
#include "parse.h"
#include "text.h"

struct ref {
	uint32_t cp;  /* a letter or digit of the document */
	size_t off;   /* its byte offset in doc->text */
};

static const char *file;
static int width, justify, problems;
static HyphenDict *dict; /* the patterns of the block being checked */

/* The patterns of a language, loaded once: a block may have its own (doc_block_lang). */
static HyphenDict *
dict_for(const char *lang)
{
	static struct {
		char lang[8];
		HyphenDict *dict;
	} seen[4];
	static size_t nseen;
	for (size_t k = 0; k < nseen; k++)
		if (strcmp(seen[k].lang, lang) == 0)
			return seen[k].dict;
	char *pat = xasprintf("/usr/share/hyphen/hyph_%s.dic", lang);
	HyphenDict *h = hnj_hyphen_load(pat);
	free(pat);
	if (h == NULL) {
		glob_t g;
		pat = xasprintf("/usr/share/hyphen/hyph_%s_*.dic", lang);
		if (glob(pat, 0, NULL, &g) == 0 && g.gl_pathc > 0)
			h = hnj_hyphen_load(g.gl_pathv[0]);
		globfree(&g);
		free(pat);
	}
	if (nseen < sizeof seen / sizeof *seen) {
		snprintf(seen[nseen].lang, sizeof seen[nseen].lang, "%s", lang);
		seen[nseen++].dict = h;
	}
	return h;
}

static void
problem(size_t lineno, const char *what, const char *line)
{
	if (problems++ < 5)
		printf("# %s w=%d %s: line %zu: %s: [%s]\n", file, width, justify ? "justified" : "ragged",
		       lineno, what, line);
}

static int
is_alnum(uint32_t cp)
{
	return uc_is_alpha(cp) || uc_is_digit(cp);
}

static int
is_apostrophe(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

/* Between letters i and i+1: 0 adjacent, 1 an apostrophe, 2 anything else. */
static int
gap(const struct doc *d, const struct ref *r, size_t i)
{
	size_t len, len2;
	if (!uc_is_alpha(r[i].cp) || !uc_is_alpha(r[i + 1].cp))
		return 2;
	text_decode(d->text + r[i].off, d->len - r[i].off, &len);
	size_t g = r[i + 1].off - r[i].off;
	if (g == len)
		return 0;
	uint32_t cp = text_decode(d->text + r[i].off + len, d->len - r[i].off - len, &len2);
	return is_apostrophe(cp) && g == len + len2 ? 1 : 2;
}

/* May a hyphen be added before letter k, by the patterns and the minimums? */
static int
hyphen_point_ok(const struct doc *d, const struct ref *r, size_t nr, size_t k)
{
	if (dict == NULL || k == 0 || k >= nr || gap(d, r, k - 1) != 0)
		return 0;
	size_t a = k - 1, b = k;
	while (a > 0 && gap(d, r, a - 1) < 2)
		a--;
	while (b + 1 < nr && gap(d, r, b) < 2)
		b++;
	/* Letters of the same part (between apostrophes) on either side. */
	int before = 1, after = 1;
	for (size_t i = k - 1; i > a && gap(d, r, i - 1) == 0; i--)
		before++;
	for (size_t i = k; i < b && gap(d, r, i) == 0; i++)
		after++;
	if (before < 2 || after < 3)
		return 0;
	/* Ask libhyphen about the lowercase word, ASCII apostrophes. */
	char low[1024], hy[1024];
	size_t nlow = 0, ncp = 0, at = 0, len;
	text_decode(d->text + r[b].off, d->len - r[b].off, &len);
	size_t end = r[b].off + len;
	for (size_t i = r[a].off; i < end && nlow + 8 < sizeof low;) {
		uint32_t cp = text_decode(d->text + i, end - i, &len);
		if (i == r[k].off)
			at = ncp;
		if (is_apostrophe(cp))
			low[nlow++] = '\'';
		else
			nlow += (size_t)u8_uctomb((uint8_t *)low + nlow, uc_tolower(cp), 6);
		ncp++;
		i += len;
	}
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	memset(hy, 0, sizeof hy);
	if (hnj_hyphen_hyphenate2(dict, low, (int)nlow, hy, NULL, &rep, &pos, &cut) != 0)
		return 0;
	int ok = at > 0 && (hy[at - 1] & 1);
	if (rep) {
		for (size_t i = 0; i < nlow; i++)
			free(rep[i]);
		free(rep);
		free(pos);
		free(cut);
	}
	return ok;
}

/* Is there a forced line end in the text between letters k-1 and k? */
static int
forced_between(const struct doc *d, const struct ref *r, size_t nr, size_t k)
{
	if (k == 0 || k >= nr)
		return 1;
	return memchr(d->text + r[k - 1].off, '\n', r[k].off - r[k - 1].off) != NULL;
}

/* First and last clusters of a line, without the spaces around. */
static uint32_t
first_cp(const char *s, size_t n)
{
	size_t i = 0, len;
	while (i < n && s[i] == ' ')
		i++;
	return i < n ? text_decode(s + i, n - i, &len) : 0;
}

static uint32_t
last_cp(const char *s, size_t n, uint32_t *before)
{
	const uint8_t *p = (const uint8_t *)s + n;
	ucs4_t cp = 0, prev = 0;
	p = u8_prev(&cp, p, (const uint8_t *)s);
	if (p != NULL)
		u8_prev(&prev, p, (const uint8_t *)s);
	*before = p ? prev : 0;
	return p ? cp : 0;
}

int
main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: check FILE WIDTH r|j < dump\n");
		return 2;
	}
	file = argv[1];
	width = atoi(argv[2]);
	justify = argv[3][0] == 'j';
	struct parse_opts po = { .format = FORMAT_AUTO, .typo = 1, .lang = NULL };
	const char *err = NULL;
	struct doc *d = parse_load(file, file, NULL, &po, &err);
	if (d == NULL) {
		printf("not ok - %s: %s\n", file, err);
		return 1;
	}

	/* Read the whole dump as lines. */
	struct buf in = {0};
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		buf_add(&in, chunk, k);
	buf_add(&in, "", 0);
	char **lines = NULL;
	size_t nlines = 0, cap = 0;
	for (char *p = in.data; p < in.data + in.len;) {
		char *nl = memchr(p, '\n', (size_t)(in.data + in.len - p));
		if (nl == NULL)
			nl = in.data + in.len;
		*nl = '\0';
		lines = xgrow(lines, &cap, nlines + 1, sizeof *lines);
		lines[nlines++] = p;
		p = nl + 1;
	}

	struct ref *r = NULL;
	size_t rcap = 0, li = 0, checked = 0;
	for (size_t b = 0; b < d->nblocks && problems == 0; b++) {
		const struct block *bl = &d->blocks[b];
		size_t nr = 0;
		dict = dict_for(doc_block_lang(d, b));
		for (size_t i = bl->start; i < bl->end;) {
			size_t len;
			uint32_t cp = text_decode(d->text + i, bl->end - i, &len);
			if (is_alnum(cp)) {
				r = xgrow(r, &rcap, nr + 1, sizeof *r);
				r[nr++] = (struct ref){cp, i};
			}
			i += len;
		}
		if (b > 0) {
			if (li >= nlines || lines[li][0] != '\0') {
				problem(li + 1, "no blank line between blocks", li < nlines ? lines[li] : "EOF");
				break;
			}
			li++;
		}
		size_t first = li, seen = 0;
		int run = 0;
		while (li < nlines && (seen < nr || lines[li][0] != '\0' || li == first)) {
			const char *s = lines[li];
			size_t n = strlen(s);
			int w = text_width(s, n);
			size_t seen_before = seen;
			checked++;
			if (w > width)
				problem(li + 1, "wider than the measure", s);
			for (size_t i = 0; i < n;) {
				size_t len;
				uint32_t cp = text_decode(s + i, n - i, &len);
				if (is_alnum(cp)) {
					if (seen >= nr || r[seen].cp != cp) {
						problem(li + 1, "letters differ from the text", s);
						seen = nr + 1;
						break;
					}
					seen++;
				}
				i += len;
			}
			if (seen > nr)
				break;
			uint32_t before, e = last_cp(s, n, &before);
			/* Code lines (verbatim blocks) are cut anywhere, after a "↪" mark. */
			if (li > first && bl->kind != BLOCK_CODE && !forced_between(d, r, nr, seen_before)) {
				/* A break the layout chose: French marks stay on their side. */
				uint32_t f = first_cp(s, n), pb, pe = last_cp(lines[li - 1], strlen(lines[li - 1]), &pb);
				if (f == 0xBB || f == ';' || f == ':' || f == '!' || f == '?' || f == 0xA0 ||
				    f == 0x202F)
					problem(li + 1, "starts with a mark that belongs to the line before", s);
				if (pe == 0xAB || pe == 0xA0 || pe == 0x202F)
					problem(li, "ends with a mark that belongs to the line after", lines[li - 1]);
			}
			int more = li + 1 < nlines && lines[li + 1][0] != '\0' &&
			           (seen < nr || li + 1 < nlines);
			int next_letter = more && is_alnum(first_cp(lines[li + 1], strlen(lines[li + 1])));
			int hyphenated = e == '-' && uc_is_alpha(before) && next_letter && seen < nr;
			if (hyphenated) {
				/* The text's own hyphen, a soft hyphen, or a pattern point. */
				const char *t = d->text;
				size_t a = r[seen - 1].off, z = r[seen].off;
				int own = 0, soft = 0;
				for (size_t i = a; i < z; i++) {
					if (t[i] == '-' || (z - i >= 3 && memcmp(t + i, "\xE2\x80\x90", 3) == 0))
						own = 1;
					if (z - i >= 2 && memcmp(t + i, "\xC2\xAD", 2) == 0)
						soft = 1;
				}
				if (!own && !soft && !hyphen_point_ok(d, r, nr, seen))
					problem(li + 1, "hyphen not at a hyphenation point", s);
				/* The text's own hyphens are words, not hyphenation: they reset the count. */
				run = own ? 0 : run + 1;
				if (run >= 3)
					problem(li + 1, "third hyphenated line in a row", s);
			} else {
				run = 0;
			}
			int last_of_block = li + 1 >= nlines || lines[li + 1][0] == '\0';
			if (justify && bl->kind == BLOCK_PARA && !last_of_block && w != width) {
				/* Spaces between words, not the indent of a list item's lines. */
				int space = 0;
				size_t i0 = 0;
				while (i0 < n && s[i0] == ' ')
					i0++;
				for (size_t i = i0; i < n; i++)
					space |= s[i] == ' ';
				if (space)
					problem(li + 1, "justified line not full", s);
			}
			li++;
		}
		if (problems == 0 && seen != nr)
			problem(li, "letters of the block missing", li > 0 ? lines[li - 1] : "");
	}
	if (problems == 0 && li < nlines && !(li + 1 == nlines && lines[li][0] == '\0'))
		problem(li + 1, "lines after the last block", lines[li]);
	if (problems)
		printf("not ok - %s w=%d %s: %d problem%s\n", file, width,
		       justify ? "justified" : "ragged", problems, problems > 1 ? "s" : "");
	else
		printf("ok - %s w=%d %s: %zu lines\n", file, width, justify ? "justified" : "ragged",
		       checked);
	free(r);
	free(lines);
	buf_free(&in);

	doc_free(d);
	return problems ? 1 : 0;
}
