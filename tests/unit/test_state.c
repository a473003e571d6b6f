/*
 * test_state.c — the reading-state store: round trips of positions, marks
 * and history; changed texts; damaged, unreadable and unwritable files;
 * and writers in separate processes, which must never lose each other's
 * records nor leave a damaged file.  Every test runs in a fresh temporary
 * XDG_STATE_HOME; the real ~/.local/state is never touched.
 */
#include "unit.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "state.h"
#include "util.h"

static char root[64];   /* the test's temporary directory */
static char sdir[128];  /* root/state/liseuse: where the files go */
static char text[4096]; /* the document text */
static char other[4096];

static int
rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(p);
}

static int
setup(void **st)
{
	(void)st;
	strcpy(root, "/tmp/liseuse-state-XXXXXX");
	if (mkdtemp(root) == NULL)
		return -1;
	char *x = xasprintf("%s/state", root);
	setenv("XDG_STATE_HOME", x, 1);
	free(x);
	snprintf(sdir, sizeof sdir, "%s/state/liseuse", root);
	for (size_t i = 0; i < sizeof text - 1; i++) {
		text[i] = (char)('a' + i % 26);
		other[i] = (char)('A' + i % 26);
	}
	return 0;
}

static int
teardown(void **st)
{
	(void)st;
	return nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A document file named name in the test directory: its path (static). */
static const char *
doc(const char *name)
{
	static char p[8][256];
	static int i;
	char *path = p[i++ % 8];
	snprintf(path, 256, "%s/%s", root, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("x\n", f);
	fclose(f);
	return path;
}

/* The contents of a state file, or NULL if it does not exist. */
static char *
slurp(const char *name)
{
	char *p = xasprintf("%s/%s", sdir, name);
	FILE *f = fopen(p, "r");
	free(p);
	if (f == NULL)
		return NULL;
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return b.data ? b.data : xstrdup("");
}

static void
spit(const char *name, const char *data, size_t n)
{
	mkdir(root, 0700);
	char *d = xasprintf("%s/state", root);
	mkdir(d, 0700);
	free(d);
	mkdir(sdir, 0700);
	char *p = xasprintf("%s/%s", sdir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
	free(p);
}

/* Open path over text, expecting no notice. */
static struct state *
open_quiet(const char *path, const char *t)
{
	char *notice;
	struct state *s = state_open(path, t, t ? strlen(t) : 0, &notice);
	if (notice)
		fail_msg("unexpected notice: %s", notice);
	return s;
}

/* Save s and free it, expecting success. */
static void
save_quiet(struct state *s)
{
	char *notice;
	int rc = state_save(s, &notice);
	if (notice)
		fail_msg("unexpected notice: %s", notice);
	assert_int_equal(rc, 0);
	state_free(s);
}

/* The saved position of path over t, or -1. */
static long
saved(const char *path, const char *t)
{
	char *notice;
	size_t off;
	struct state *s = state_open(path, t, strlen(t), &notice);
	free(notice);
	long r = state_position(s, &off) == 0 ? (long)off : -1;
	state_free(s);
	return r;
}

static void
round_trip(void **st)
{
	(void)st;
	const char *a = doc("a.txt");
	size_t off;
	struct state *s = open_quiet(a, text);
	assert_int_equal(state_position(s, &off), -1);
	assert_int_equal(state_mark(s, 'a', &off), -1);
	state_set_position(s, 1234);
	save_quiet(s);

	s = open_quiet(a, text);
	assert_int_equal(state_position(s, &off), 0);
	assert_int_equal(off, 1234);
	state_free(s);

	/* The same file by another name: the canonical path finds it. */
	char *rel = xasprintf("%s/./a.txt", root);
	assert_int_equal(saved(rel, text), 1234);
	free(rel);

	/* Position 0 is a position too, and the end of the text is allowed. */
	s = open_quiet(a, text);
	state_set_position(s, strlen(text));
	save_quiet(s);
	assert_int_equal(saved(a, text), (long)strlen(text));
}

static void
marks(void **st)
{
	(void)st;
	const char *a = doc("a.txt");
	size_t off;
	struct state *s = open_quiet(a, text);
	state_set_mark(s, 'a', 10);
	state_set_mark(s, 'z', 4000);
	state_set_mark(s, 'm', 0);
	state_set_mark(s, 'a', 11); /* moved */
	state_set_mark(s, 'A', 5);  /* not a mark letter */
	state_set_mark(s, '\'', 5);
	assert_int_equal(state_mark(s, 'A', &off), -1);
	save_quiet(s);

	s = open_quiet(a, text);
	assert_int_equal(state_mark(s, 'a', &off), 0);
	assert_int_equal(off, 11);
	assert_int_equal(state_mark(s, 'z', &off), 0);
	assert_int_equal(off, 4000);
	assert_int_equal(state_mark(s, 'm', &off), 0);
	assert_int_equal(off, 0);
	assert_int_equal(state_mark(s, 'b', &off), -1);
	assert_int_equal(state_mark(s, 'A', &off), -1);
	assert_int_equal(state_mark(s, '\'', &off), -1);
	assert_int_equal(state_position(s, &off), 0); /* never set: the start */
	assert_int_equal(off, 0);
	state_free(s);

	char *f = slurp("positions");
	assert_non_null(strstr(f, "\t0\ta=11,m=0,z=4000\t"));
	free(f);
}

static void
changed_text_dropped(void **st)
{
	(void)st;
	const char *a = doc("a.txt");
	struct state *s = open_quiet(a, text);
	state_set_position(s, 100);
	state_set_mark(s, 'q', 200);
	save_quiet(s);

	/* Same length, other bytes; then a shorter text. */
	char *notice;
	size_t off;
	s = state_open(a, other, strlen(other), &notice);
	assert_non_null(notice);
	assert_non_null(strstr(notice, "changed"));
	free(notice);
	assert_int_equal(state_position(s, &off), -1);
	assert_int_equal(state_mark(s, 'q', &off), -1);
	state_free(s);
	assert_int_equal(saved(a, "short"), -1);
	assert_int_equal(saved(a, text), 100); /* nothing was saved meanwhile */

	/* A change after the first 64 KiB is seen too (the hash covers the end). */
	size_t n = 200 * 1024;
	char *big = xmalloc(n + 1);
	memset(big, 'e', n);
	big[n] = '\0';
	s = state_open(a, big, n, &notice);
	free(notice);
	state_set_position(s, 150000);
	save_quiet(s);
	assert_int_equal(saved(a, big), 150000);
	big[n - 10] = 'f';
	assert_int_equal(saved(a, big), -1);
	free(big);
}

static void
past_end_ignored(void **st)
{
	(void)st;
	const char *a = doc("a.txt");
	struct state *s = open_quiet(a, text);
	state_set_position(s, 10);
	state_set_mark(s, 'b', 20);
	save_quiet(s);
	/* Edit the record by hand: offsets beyond the end of the same text. */
	char *f = slurp("positions");
	char *p = strstr(f, "\t10\tb=20\t");
	assert_non_null(p);
	struct buf b = { 0 };
	buf_add(&b, f, (size_t)(p - f));
	buf_adds(&b, "\t99999\tb=88888,c=30\t");
	buf_adds(&b, p + strlen("\t10\tb=20\t"));
	spit("positions", b.data, b.len);
	buf_free(&b);
	free(f);

	size_t off;
	s = open_quiet(a, text);
	assert_int_equal(state_position(s, &off), -1);
	assert_int_equal(state_mark(s, 'b', &off), -1);
	assert_int_equal(state_mark(s, 'c', &off), 0);
	assert_int_equal(off, 30);
	state_free(s);
}

static void
stdin_saves_no_position(void **st)
{
	(void)st;
	size_t off;
	struct state *s = open_quiet(NULL, text);
	state_set_position(s, 5);
	state_set_mark(s, 'a', 5);
	assert_int_equal(state_position(s, &off), 0); /* kept for this run */
	save_quiet(s);
	char *f = slurp("positions");
	assert_null(f);
	assert_null(slurp("history")); /* nothing to save: no file made */

	s = open_quiet("-", text);
	assert_int_equal(state_position(s, &off), -1);
	state_history_add(s, "from stdin");
	save_quiet(s);
	assert_null(slurp("positions"));
	s = open_quiet("-", text);
	const char *const *h;
	assert_int_equal(state_history(s, &h), 1);
	assert_string_equal(h[0], "from stdin");
	state_free(s);
}

static void
history(void **st)
{
	(void)st;
	const char *const *h;
	struct state *s = open_quiet(NULL, NULL);
	assert_int_equal(state_history(s, &h), 0);
	state_history_add(s, "élève");
	state_history_add(s, "élève"); /* a repeat in a row */
	state_history_add(s, "");
	state_history_add(s, "#include");
	state_history_add(s, "tab\there, line\nfeed, back\\slash\\t, cr\r");
	state_history_add(s, "élève"); /* not in a row: kept */
	assert_int_equal(state_history(s, &h), 4);
	save_quiet(s);

	s = open_quiet(NULL, NULL);
	assert_int_equal(state_history(s, &h), 4);
	assert_string_equal(h[0], "élève");
	assert_string_equal(h[1], "#include");
	assert_string_equal(h[2], "tab\there, line\nfeed, back\\slash\\t, cr\r");
	assert_string_equal(h[3], "élève");
	/* Cap: the 100 most recent, oldest first. */
	char q[32];
	for (int i = 0; i < 150; i++) {
		snprintf(q, sizeof q, "q%d", i);
		state_history_add(s, q);
	}
	assert_int_equal(state_history(s, &h), STATE_MAX_HISTORY);
	assert_string_equal(h[0], "q50");
	assert_string_equal(h[99], "q149");
	save_quiet(s);

	s = open_quiet(NULL, NULL);
	assert_int_equal(state_history(s, &h), STATE_MAX_HISTORY);
	assert_string_equal(h[0], "q50");
	assert_string_equal(h[99], "q149");
	state_history_add(s, "q149"); /* the last one again: no change */
	assert_int_equal(state_history(s, &h), STATE_MAX_HISTORY);
	state_free(s);
	char *f = slurp("history");
	size_t lines = 0;
	for (char *c = f; *c; c++)
		lines += *c == '\n';
	assert_int_equal(lines, STATE_MAX_HISTORY + 1); /* and the comment */
	free(f);
}

static void
history_merged(void **st)
{
	(void)st;
	const char *const *h;
	struct state *s1 = open_quiet(NULL, NULL), *s2 = open_quiet(NULL, NULL);
	state_history_add(s1, "one");
	state_history_add(s2, "two");
	state_history_add(s1, "three");
	save_quiet(s1);
	save_quiet(s2);
	struct state *s = open_quiet(NULL, NULL);
	assert_int_equal(state_history(s, &h), 3);
	assert_string_equal(h[0], "one");
	assert_string_equal(h[1], "three");
	assert_string_equal(h[2], "two");
	/* Saving twice adds nothing twice. */
	state_history_add(s, "four");
	char *notice;
	assert_int_equal(state_save(s, &notice), 0);
	assert_null(notice);
	assert_int_equal(state_save(s, &notice), 0);
	assert_null(notice);
	state_free(s);
	s = open_quiet(NULL, NULL);
	assert_int_equal(state_history(s, &h), 4);
	state_free(s);
}

static void
docs_capped(void **st)
{
	(void)st;
	/* A full file, written by hand: the oldest record goes on the next save. */
	save_quiet(open_quiet("/docs/seed", text));
	char *seed = slurp("positions"), *fp = strchr(seed, '\n') + 1;
	*strchr(fp, '\t') = '\0';
	struct buf b = { 0 };
	char line[128];
	for (int i = 0; i < STATE_MAX_DOCS; i++) {
		snprintf(line, sizeof line, "%s\t%d\t-\t/docs/d%d\n", fp, i, i);
		buf_adds(&b, line);
	}
	spit("positions", b.data, b.len);
	buf_free(&b);
	free(seed);
	assert_int_equal(saved("/docs/d0", text), 0);
	assert_int_equal(saved("/docs/d999", text), 999);

	const char *a = doc("a.txt");
	struct state *s = open_quiet(a, text);
	state_set_position(s, 7);
	save_quiet(s);
	assert_int_equal(saved(a, text), 7);
	assert_int_equal(saved("/docs/d0", text), -1);
	assert_int_equal(saved("/docs/d1", text), 1);
	assert_int_equal(saved("/docs/d999", text), 999);

	/* Re-reading a remembered document makes it the most recent. */
	s = open_quiet("/docs/d1", text);
	save_quiet(s);
	s = open_quiet("/docs/new", text);
	save_quiet(s);
	assert_int_equal(saved("/docs/d1", text), 1);
	assert_int_equal(saved("/docs/d2", text), -1);
	assert_int_equal(saved(a, text), 7);
	char *f = slurp("positions");
	size_t lines = 0;
	for (char *c = f; *c; c++)
		lines += *c == '\n';
	assert_int_equal(lines, STATE_MAX_DOCS + 1);
	assert_string_equal(f + strlen(f) - strlen("/docs/new\n"), "/docs/new\n");
	free(f);
}

/* Paths with a tab, a line feed and a backslash stay one record. */
static void
odd_paths(void **st)
{
	(void)st;
	const char *p = doc("tab\there\nline\\back");
	struct state *s = open_quiet(p, text);
	state_set_position(s, 42);
	save_quiet(s);
	assert_int_equal(saved(p, text), 42);
	char *f = slurp("positions");
	assert_non_null(strstr(f, "tab\\there\\nline\\\\back\n"));
	free(f);
}

static void
damaged_lines(void **st)
{
	(void)st;
	const char *a = doc("a.txt"), *b = doc("b.txt");
	struct state *s = open_quiet(a, text);
	state_set_position(s, 300);
	save_quiet(s);
	s = open_quiet(b, other);
	state_set_position(s, 400);
	save_quiet(s);
	char *good = slurp("positions");

	/* Garbage around and between the good records. */
	struct buf bad = { 0 };
	buf_adds(&bad, "garbage\n");
	buf_adds(&bad, good);
	buf_adds(&bad, "5-0123456789abcdef\tnot a number\t-\t/x\n"
	               "5-0123456789abcdef\t1\tA=3\t/x\n"
	               "5-0123456789abcdef\t1\ta=3,\t/x\n"
	               "5-0123456789abcdef\t1\t-\trelative/path\n"
	               "5-0123456789abcdef\t1\t-\t/bad\\escape\n"
	               "5-0123456789abcdef\t1\t-\n"
	               "nodash\t1\t-\t/x\n"
	               "5-0123456789ABCDEF\t1\t-\t/x\n"
	               "5-0123456789abcdef\t99999999999999999999\t-\t/x\n"
	               "\n"
	               "# a comment\n");
	spit("positions", bad.data, bad.len);
	buf_free(&bad);

	char *notice;
	size_t off;
	s = state_open(a, text, strlen(text), &notice);
	assert_non_null(notice);
	assert_non_null(strstr(notice, "positions:1: 10 damaged lines ignored"));
	free(notice);
	assert_int_equal(state_position(s, &off), 0);
	assert_int_equal(off, 300);
	state_set_position(s, 301);
	save_quiet(s); /* the damaged lines go, the good ones stay */
	assert_int_equal(saved(b, other), 400);
	s = open_quiet(a, text);
	assert_int_equal(state_position(s, &off), 0);
	assert_int_equal(off, 301);
	state_free(s);
	free(good);
}

static void
binary_junk(void **st)
{
	(void)st;
	char junk[3000];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof junk; i++) {
		x = x * 1103515245 + 12345;
		junk[i] = (char)(x >> 16);
	}
	junk[10] = '\0';
	spit("positions", junk, sizeof junk);
	spit("history", junk, sizeof junk);

	const char *a = doc("a.txt");
	char *notice;
	struct state *s = state_open(a, text, strlen(text), &notice);
	assert_non_null(notice);
	assert_non_null(strstr(notice, "positions"));
	assert_non_null(strstr(notice, "history"));
	free(notice);
	size_t off;
	assert_int_equal(state_position(s, &off), -1);
	state_set_position(s, 55);
	state_history_add(s, "after junk");
	save_quiet(s);

	/* Clean again: no notice, the record and the query are there. */
	s = open_quiet(a, text);
	assert_int_equal(state_position(s, &off), 0);
	assert_int_equal(off, 55);
	const char *const *h;
	size_t n = state_history(s, &h);
	assert_true(n >= 1);
	assert_string_equal(h[n - 1], "after junk");
	state_free(s);
}

static void
truncated(void **st)
{
	(void)st;
	const char *a = doc("a.txt"), *b = doc("b.txt");
	struct state *s = open_quiet(a, text);
	state_set_position(s, 300);
	save_quiet(s);
	s = open_quiet(b, text);
	state_set_position(s, 1234);
	save_quiet(s);
	/* Cut inside the last record's offset: "…\t12" must not become 12. */
	char *f = slurp("positions");
	char *cut = strstr(f, "\t1234\t");
	assert_non_null(cut);
	spit("positions", f, (size_t)(cut - f) + 3);
	assert_int_equal(saved(b, text), -1);
	/* Cut just before the final line feed: still refused, with a notice. */
	spit("positions", f, strlen(f) - 1);
	char *notice;
	s = state_open(b, text, strlen(text), &notice);
	assert_non_null(notice);
	assert_non_null(strstr(notice, "damaged"));
	free(notice);
	size_t off;
	assert_int_equal(state_position(s, &off), -1);
	state_free(s);
	assert_int_equal(saved(a, text), 300);
	/* An empty file is just empty. */
	spit("positions", "", 0);
	s = open_quiet(a, text);
	state_free(s);
	free(f);
}

static void
directory_in_the_way(void **st)
{
	(void)st;
	const char *a = doc("a.txt");
	char *p = xasprintf("%s/positions", sdir);
	char *x = xasprintf("%s/state", root);
	mkdir(x, 0700);
	mkdir(sdir, 0700);
	assert_int_equal(mkdir(p, 0700), 0);

	char *notice;
	struct state *s = state_open(a, text, strlen(text), &notice);
	assert_non_null(notice); /* "cannot read …/positions: Is a directory" */
	assert_non_null(strstr(notice, "positions"));
	free(notice);
	state_set_position(s, 9);
	state_history_add(s, "still saved");
	assert_int_equal(state_save(s, &notice), -1);
	assert_non_null(notice);
	assert_non_null(strstr(notice, "not saved"));
	free(notice);
	state_free(s);
	/* The history, which is another file, was saved all the same. */
	s = open_quiet(NULL, NULL);
	const char *const *h;
	assert_int_equal(state_history(s, &h), 1);
	state_free(s);
	rmdir(p);
	free(p);
	free(x);
}

static void
unwritable_directory(void **st)
{
	(void)st;
	/* Tests run as root, so permission bits do not stop writes: put the
	 * state directory under a regular file instead. */
	const char *a = doc("a.txt");
	char *x = xasprintf("%s/state", root);
	FILE *f = fopen(x, "w");
	assert_non_null(f);
	fclose(f);
	char *notice;
	struct state *s = state_open(a, text, strlen(text), &notice);
	assert_non_null(notice); /* cannot read …: Not a directory */
	free(notice);
	state_set_position(s, 9);
	assert_int_equal(state_save(s, &notice), -1);
	assert_non_null(notice);
	assert_non_null(strstr(notice, "cannot create"));
	free(notice);
	state_free(s);
	unlink(x);
	free(x);

	/* A relative XDG_STATE_HOME is ignored (the XDG rule): ~/.local/state. */
	char *home = xasprintf("%s/home", root);
	char *oldhome = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	mkdir(home, 0700);
	setenv("HOME", home, 1);
	setenv("XDG_STATE_HOME", "relative/dir", 1);
	s = open_quiet(a, text);
	state_set_position(s, 17);
	save_quiet(s);
	char *pos = xasprintf("%s/.local/state/liseuse/positions", home);
	assert_int_equal(access(pos, F_OK), 0);
	assert_int_equal(access("relative", F_OK), -1);
	assert_int_equal(saved(a, text), 17);
	/* No home at all is no reason to fail either (getpwuid is the fallback). */
	if (oldhome)
		setenv("HOME", oldhome, 1);
	else
		unsetenv("HOME");
	free(oldhome);
	free(pos);
	free(home);
}

/*
 * Two readers in two processes open two documents, then quit in the given
 * order: both positions are kept, and so is the record saved before.
 */
static void
two_writers_order(int first)
{
	const char *paths[2] = { doc("a.txt"), doc("b.txt") };
	const char *c = doc("c.txt");
	struct state *s = open_quiet(c, text);
	state_set_position(s, 3);
	save_quiet(s);

	int go[2][2], ready[2][2];
	pid_t pid[2];
	for (int i = 0; i < 2; i++) {
		assert_int_equal(pipe(go[i]), 0);
		assert_int_equal(pipe(ready[i]), 0);
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			char *notice, byte;
			struct state *cs = state_open(paths[i], text, strlen(text), &notice);
			state_set_position(cs, 1000u + (unsigned)i);
			state_set_mark(cs, 'k', 2000u + (unsigned)i);
			state_history_add(cs, i ? "from b" : "from a");
			if (write(ready[i][1], "r", 1) != 1 || read(go[i][0], &byte, 1) != 1)
				_exit(3);
			int rc = state_save(cs, &notice);
			state_free(cs);
			_exit(rc == 0 && notice == NULL ? 0 : 1);
		}
	}
	char byte;
	for (int i = 0; i < 2; i++) /* both have read the state before either saves */
		assert_int_equal(read(ready[i][0], &byte, 1), 1);
	for (int k = 0; k < 2; k++) {
		int i = k == 0 ? first : !first, status;
		assert_int_equal(write(go[i][1], "g", 1), 1);
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	for (int i = 0; i < 2; i++) {
		close(go[i][0]), close(go[i][1]), close(ready[i][0]), close(ready[i][1]);
		size_t off;
		s = open_quiet(paths[i], text);
		assert_int_equal(state_position(s, &off), 0);
		assert_int_equal(off, 1000u + (unsigned)i);
		assert_int_equal(state_mark(s, 'k', &off), 0);
		assert_int_equal(off, 2000u + (unsigned)i);
		const char *const *h;
		assert_int_equal(state_history(s, &h), 2);
		state_free(s);
	}
	assert_int_equal(saved(c, text), 3);
}

static void
two_writers_a_first(void **st)
{
	(void)st;
	two_writers_order(0);
}

static void
two_writers_b_first(void **st)
{
	(void)st;
	two_writers_order(1);
}

/* Many processes saving at once, a reader watching: never a damaged file. */
static void
concurrent_writers(void **st)
{
	(void)st;
	enum { WRITERS = 6, ROUNDS = 40 };
	char *names[WRITERS];
	pid_t pid[WRITERS];
	for (int i = 0; i < WRITERS; i++) {
		char n[32];
		snprintf(n, sizeof n, "w%d.txt", i);
		names[i] = xstrdup(doc(n));
	}
	for (int i = 0; i < WRITERS; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			int ok = 1;
			for (int r = 1; r <= ROUNDS; r++) {
				char *notice, q[32];
				struct state *cs =
				        state_open(names[i], text, strlen(text), &notice);
				ok &= notice == NULL;
				free(notice);
				state_set_position(cs, (size_t)(i * 100 + r));
				snprintf(q, sizeof q, "w%d r%d", i, r);
				state_history_add(cs, q);
				ok &= state_save(cs, &notice) == 0 && notice == NULL;
				free(notice);
				state_free(cs);
			}
			_exit(ok ? 0 : 1);
		}
	}
	/* Meanwhile, readers must always see a whole file. */
	int clean = 1;
	for (int k = 0; k < 200; k++) {
		char *notice;
		struct state *s = state_open(names[0], text, strlen(text), &notice);
		if (notice) {
			print_message("reader saw: %s\n", notice);
			clean = 0;
		}
		free(notice);
		state_free(s);
	}
	for (int i = 0; i < WRITERS; i++) {
		int status;
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	assert_true(clean);
	for (int i = 0; i < WRITERS; i++) {
		assert_int_equal(saved(names[i], text), i * 100 + ROUNDS);
		free(names[i]);
	}
	struct state *s = open_quiet(NULL, NULL);
	const char *const *h;
	assert_int_equal(state_history(s, &h), STATE_MAX_HISTORY);
	/* Each writer's queries appear in its own order. */
	int last[WRITERS] = { 0 };
	for (size_t j = 0; j < STATE_MAX_HISTORY; j++) {
		int w, r;
		assert_int_equal(sscanf(h[j], "w%d r%d", &w, &r), 2);
		assert_true(w >= 0 && w < WRITERS && r > last[w]);
		last[w] = r;
	}
	state_free(s);
	/* No temporary file is left behind: lock, positions and history only. */
	DIR *d = opendir(sdir);
	assert_non_null(d);
	struct dirent *e;
	int files = 0;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' || strstr(e->d_name, ".tmp"))
			files++;
	closedir(d);
	assert_int_equal(files, 3);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(round_trip),
		T(marks),
		T(changed_text_dropped),
		T(past_end_ignored),
		T(stdin_saves_no_position),
		T(history),
		T(history_merged),
		T(docs_capped),
		T(odd_paths),
		T(damaged_lines),
		T(binary_junk),
		T(truncated),
		T(directory_in_the_way),
		T(unwritable_directory),
		T(two_writers_a_first),
		T(two_writers_b_first),
		T(concurrent_writers),
	};
	return cmocka_run_group_tests_name("state", tests, NULL, NULL);
}
