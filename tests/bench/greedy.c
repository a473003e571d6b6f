/*
 * greedy.c — the greedy reference of the benchmark: first-fit filling, as
 * most readers wrap, but measuring display columns (libunistring's
 * uc_width) rather than bytes, unlike `fold -s`, so that accented text is
 * not penalised.  Paragraphs are blank-line separated blocks; their lines
 * are joined.  A word longer than the measure gets a line of its own.
 *
 *   greedy WIDTH [FILE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uniwidth.h>
#include <unistr.h>

static char *para;
static size_t plen, pcap;

static int
width_of(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n;) {
		ucs4_t cp;
		int k = u8_mbtouc(&cp, (const uint8_t *)s + i, n - i);
		int cw = uc_width(cp, "UTF-8");
		w += cw < 0 ? 1 : cw;
		i += k > 0 ? (size_t)k : 1;
	}
	return w;
}

static void
flush(int W, FILE *out)
{
	size_t i = 0;
	int col = 0, any = 0;
	while (i < plen) {
		while (i < plen && para[i] == ' ')
			i++;
		size_t s = i;
		while (i < plen && para[i] != ' ')
			i++;
		if (i == s)
			break;
		int w = width_of(para + s, i - s);
		if (any && col + 1 + w > W) {
			fputc('\n', out);
			col = 0;
			any = 0;
		}
		if (any) {
			fputc(' ', out);
			col++;
		}
		fwrite(para + s, 1, i - s, out);
		col += w;
		any = 1;
	}
	if (any)
		fputc('\n', out);
	plen = 0;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: greedy WIDTH [FILE]\n");
		return 2;
	}
	int W = atoi(argv[1]);
	FILE *f = argc > 2 ? fopen(argv[2], "r") : stdin;
	if (f == NULL) {
		perror(argv[2]);
		return 2;
	}
	static char obuf[1 << 16];
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int started = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			len--;
		if (len == 0) {
			if (plen > 0) {
				if (started)
					fputc('\n', stdout);
				flush(W, stdout);
				started = 1;
			}
			continue;
		}
		if (plen + (size_t)len + 2 > pcap) {
			pcap = (plen + (size_t)len + 2) * 2;
			para = realloc(para, pcap);
		}
		if (plen > 0)
			para[plen++] = ' ';
		memcpy(para + plen, line, (size_t)len);
		plen += (size_t)len;
	}
	if (plen > 0) {
		if (started)
			fputc('\n', stdout);
		flush(W, stdout);
	}
	free(line);
	free(para);
	return 0;
}
