/*
 * test_fuzz_crashes.c — every input that once crashed a fuzz target (or
 * broke one of its invariants, or leaked), replayed through the same target
 * code in `make check`: plainly and under ASan/UBSan/LeakSanitizer.  The
 * inputs are tests/fuzz/crashes/TARGET/; the targets are tests/fuzz/fuzz_*.c,
 * included here under other names since each defines the libFuzzer entry.
 */
#include "unit.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#define LLVMFuzzerTestOneInput fuzz_load_one
#include "../fuzz/fuzz_load.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_layout_one
#include "../fuzz/fuzz_layout.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_search_one
#include "../fuzz/fuzz_search.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_html_one
#include "../fuzz/fuzz_html.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_epub_one
#include "../fuzz/fuzz_epub.c"
#undef LLVMFuzzerTestOneInput

/* Run fn on every file of tests/fuzz/crashes/dir; the count of files. */
static int
replay(const char *dir, int (*fn)(const uint8_t *, size_t))
{
	char path[512];
	int count = 0;
	snprintf(path, sizeof path, "tests/fuzz/crashes/%s", dir);
	DIR *dp = opendir(path);
	if (dp == NULL && strcmp(dir, "epub") == 0)
		return 0; /* no book has crashed its fuzzer yet */
	assert_non_null(dp);
	for (struct dirent *e; (e = readdir(dp)) != NULL;) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "tests/fuzz/crashes/%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		assert_non_null(f);
		struct buf b = { 0 };
		char chunk[65536];
		size_t r;
		while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_add(&b, chunk, r);
		fclose(f);
		fn((const uint8_t *)(b.data ? b.data : ""), b.len);
		buf_free(&b);
		count++;
	}
	closedir(dp);
	return count;
}

static void
test_load(void **state)
{
	(void)state;
	assert_true(replay("load", fuzz_load_one) >= 1);
}

static void
test_layout(void **state)
{
	(void)state;
	replay("layout", fuzz_layout_one);
}

static void
test_search(void **state)
{
	(void)state;
	replay("search", fuzz_search_one);
}

static void
test_html(void **state)
{
	(void)state;
	assert_true(replay("html", fuzz_html_one) >= 1);
}

static void
test_epub(void **state)
{
	(void)state;
	assert_true(replay("epub", fuzz_epub_one) >= 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_epub),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
