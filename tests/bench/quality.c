/*
 * quality.c — how well a text is filled, whoever filled it: reads wrapped
 * text (paragraphs separated by blank lines) and prints, for a measure W,
 * the mean squared slack of the lines that do not end a paragraph, the
 * share of lines that end with a hyphen after a letter, and the lines
 * wider than W.  Widths are display columns (libunistring's uc_width), so
 * accented and wide text is measured as the screen shows it.
 *
 *   quality W [FILE]   →   "lines=N msq=F hyph=F overfull=N"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <uniwidth.h>
#include <unistr.h>

static int
width_of(const char *s, size_t n, int *hyph)
{
	int w = 0;
	ucs4_t prev = 0, last = 0;
	for (size_t i = 0; i < n;) {
		ucs4_t cp;
		int k = u8_mbtouc(&cp, (const uint8_t *)s + i, n - i);
		int cw = uc_width(cp, "UTF-8");
		w += cw < 0 ? 1 : cw;
		prev = last;
		last = cp;
		i += k > 0 ? (size_t)k : 1;
	}
	*hyph = last == '-' && uc_is_alpha(prev);
	return w;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: quality WIDTH [FILE]\n");
		return 2;
	}
	int W = atoi(argv[1]);
	FILE *f = argc > 2 ? fopen(argv[2], "r") : stdin;
	if (f == NULL) {
		perror(argv[2]);
		return 2;
	}
	char *line = NULL, *prev = NULL;
	size_t cap = 0, pcap = 0, plen = 0;
	ssize_t len;
	long lines = 0, nonfinal = 0, hyph = 0, over = 0;
	double sq = 0;
	int have = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			len--;
		while (len > 0 && line[len - 1] == ' ')
			len--;
		if (have && len > 0) {
			/* The previous line did not end its paragraph. */
			int h, w = width_of(prev, plen, &h);
			double s = W - w;
			sq += s * s;
			nonfinal++;
		}
		if (len > 0) {
			int h, w = width_of(line, (size_t)len, &h);
			lines++;
			hyph += h;
			over += w > W;
			if ((size_t)len + 1 > pcap) {
				pcap = (size_t)len + 1;
				prev = realloc(prev, pcap);
			}
			memcpy(prev, line, (size_t)len);
			plen = (size_t)len;
			have = 1;
		} else {
			have = 0;
		}
	}
	printf("lines=%ld msq=%.2f hyph=%.1f%% overfull=%ld\n", lines, nonfinal ? sq / nonfinal : 0.0,
	       lines ? 100.0 * hyph / lines : 0.0, over);
	free(line);
	free(prev);
	return 0;
}
