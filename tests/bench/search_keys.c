/*
 * search_keys.c — the incremental-search benchmark: what one keystroke
 * costs.  Loads a document, then for each prefix of a word ("e", "el",
 * "ele", …) compiles the query and finds every match, as the reader does
 * on each key; prints the median and worst time of each over several rounds,
 * and the one-time cost of the first search (building the folded index).
 * Built by tests/bench/search against the project's objects.
 *
 *     search_keys FILE WORD [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <malloc.h>

#include "parse.h"
#include "search.h"

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	struct parse_opts po = { .format = FORMAT_AUTO, .typo = 1, .lang = NULL };
	const char *err = NULL;
	struct search_match *m;
	int rounds = argc > 3 ? atoi(argv[3]) : 15;
	char prefix[256];

	if (argc < 3 || rounds < 1 || strlen(argv[2]) >= sizeof prefix) {
		fprintf(stderr, "usage: search_keys FILE WORD [ROUNDS]\n");
		return 2;
	}
	struct doc *d = parse_load(argv[1], argv[1], NULL, &po, &err);
	if (d == NULL) {
		fprintf(stderr, "search_keys: %s: %s\n", argv[1], err);
		return 2;
	}
	struct search_index *ix = search_index_create(d);
	struct search_query *q0 = search_compile("x");
	size_t before = mallinfo2().uordblks;
	double t = now_ms();
	search_all(ix, q0, &m);
	t = now_ms() - t;
	free(m); /* the index's memory, not that of this query's matches */
	size_t mem = mallinfo2().uordblks - before;
	printf("index\t%.2f ms\t(first search: folding %zu bytes, once per document)\n", t,
	       d->len);
	printf("memory\t%.2f MB\t(%.3f x the text)\n", mem / 1e6, (double)mem / d->len);
	search_query_free(q0);

	double *times = malloc(rounds * sizeof *times);
	for (size_t len = 1; len <= strlen(argv[2]); len++) {
		size_t n = 0;
		if (((unsigned char)argv[2][len] & 0xC0) == 0x80)
			continue; /* whole characters only */
		memcpy(prefix, argv[2], len);
		prefix[len] = '\0';
		for (int r = 0; r < rounds; r++) {
			t = now_ms();
			struct search_query *q = search_compile(prefix);
			n = search_all(ix, q, &m);
			times[r] = now_ms() - t;
			free(m);
			search_query_free(q);
		}
		qsort(times, rounds, sizeof *times, cmp_double);
		printf("key\t%-12s\t%8zu matches\tmedian %6.2f ms\tmax %6.2f ms\n", prefix, n,
		       times[rounds / 2], times[rounds - 1]);
	}
	free(times);
	search_index_free(ix);
	doc_free(d);
	return 0;
}
