/*
 * test_view.c — the reader's commands without a terminal (view.c): lines,
 * pages and half pages, the start and the end, sections, marks and the
 * jump back, searches stepped through with their wrap messages, the
 * prompt, and the place kept across resizes.  Texts: a small built one
 * and Candide from the corpus.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "opts.h"
#include "view.h"

static struct doc *
corpus(const char *name)
{
	const char *dir = getenv("CORPUS");
	char *path = xasprintf("%s/%s", dir && *dir ? dir : "../shared/corpus", name);
	struct parse_opts o = { .format = FORMAT_AUTO, .typo = 1, .lang = NULL };
	const char *err = NULL;
	msg_mute(1);
	struct doc *d = parse_load(path, path, NULL, &o, &err);
	msg_mute(0);
	if (d == NULL)
		fail_msg("%s: %s", path, err);
	free(path);
	return d;
}

/* A view of d on a text area of cols × rows, with marks (a state never saved). */
static struct view *
open_view(struct doc *d, int cols, int rows)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct layout_opts lo = { OPTS_DEFAULT_WIDTH, 0, 1, d->lang };
	char *msg = NULL;
	view_init(v, d, &lo, OPTS_DEFAULT_WIDTH, COLUMNS_AUTO);
	view_resize(v, cols, rows);
	v->state = state_open(NULL, d->text, d->len, &msg);
	free(msg);
	return v;
}

static void
close_view(struct view *v)
{
	struct doc *d = v->d;
	state_free(v->state);
	view_free(v);
	free(v);
	doc_free(d);
}

/* A key as the reader would press it: the message of the last one goes first. */
static void
press(struct view *v, enum action a)
{
	v->message[0] = '\0';
	view_command(v, a);
}

static long
rows_between(struct view *v, struct flow_pos a, struct flow_pos b)
{
	long n = 0;
	while (flow_cmp(a, b) < 0 && flow_next(v->l, v->d, &a))
		n++;
	return n;
}

static void
lines_pages_halves(void **state)
{
	(void)state;
	struct view *v = open_view(corpus("candide.txt"), 80, 23);
	view_set_place(v, v->d->len / 2);
	struct flow_pos p0 = v->top;
	press(v, ACT_LINE_DOWN);
	assert_int_equal(rows_between(v, p0, v->top), 1);
	press(v, ACT_LINE_UP);
	assert_int_equal(flow_cmp(v->top, p0), 0);
	press(v, ACT_PAGE_DOWN);
	assert_int_equal(rows_between(v, p0, v->top), 23);
	press(v, ACT_PAGE_UP);
	assert_int_equal(flow_cmp(v->top, p0), 0);
	press(v, ACT_HALF_DOWN);
	assert_int_equal(rows_between(v, p0, v->top), 12);
	press(v, ACT_HALF_UP);
	assert_int_equal(flow_cmp(v->top, p0), 0);
	/* Two panes at 200 columns: a page is both. */
	view_resize(v, 200, 49);
	assert_int_equal(v->g.ncols, 2);
	p0 = v->top;
	press(v, ACT_PAGE_DOWN);
	assert_int_equal(rows_between(v, p0, v->top), 98);
	close_view(v);
}

static void
top_and_bottom(void **state)
{
	(void)state;
	struct view *v = open_view(corpus("candide.txt"), 40, 11);
	press(v, ACT_BOTTOM);
	/* The last page is full: the end is on the last row. */
	struct flow_pos after = view_bottom(v);
	assert_int_equal(flow_cmp(after, flow_end(v->l, v->d)), 0);
	assert_int_equal(rows_between(v, v->top, flow_end(v->l, v->d)), 10);
	struct flow_pos bottom = v->top;
	press(v, ACT_LINE_DOWN);
	assert_int_equal(flow_cmp(v->top, bottom), 0); /* never past a full last page */
	press(v, ACT_TOP);
	assert_int_equal(view_place(v), 0);
	press(v, ACT_LINE_UP);
	assert_int_equal(view_place(v), 0);
	close_view(v);
}

static void
sections(void **state)
{
	(void)state;
	struct view *v = open_view(corpus("candide.txt"), 80, 23);
	const struct doc *d = v->d;
	assert_true(d->nsections > 3);
	press(v, ACT_TOP);
	press(v, ACT_NEXT_SECTION);
	assert_int_equal(view_section(v), 1);
	assert_int_equal(view_place(v), view_section_start(v, 1));
	press(v, ACT_NEXT_SECTION);
	assert_int_equal(view_section(v), 2);
	/* Inside a section, [ goes to its start; at its start, to the one before. */
	press(v, ACT_LINE_DOWN);
	press(v, ACT_LINE_DOWN);
	press(v, ACT_PREV_SECTION);
	assert_int_equal(view_place(v), view_section_start(v, 2));
	press(v, ACT_PREV_SECTION);
	assert_int_equal(view_place(v), view_section_start(v, 1));
	press(v, ACT_TOP);
	press(v, ACT_PREV_SECTION);
	assert_string_equal(v->message, "First section");
	/* ] at the end of the book says so, even with short sections on its last page. */
	view_jump(v, view_section_start(v, d->nsections - 2));
	v->message[0] = '\0';
	for (size_t k = 0; k < 3 && v->message[0] == '\0'; k++)
		press(v, ACT_NEXT_SECTION);
	assert_string_equal(v->message, "Last section");
	press(v, ACT_BOTTOM);
	press(v, ACT_NEXT_SECTION);
	assert_string_equal(v->message, "Last section");
	close_view(v);
}

static void
marks_and_jump_back(void **state)
{
	(void)state;
	struct view *v = open_view(corpus("candide.txt"), 80, 23);
	view_set_place(v, v->d->len / 4);
	size_t here = view_place(v);
	view_mark_set(v, 'a');
	assert_string_equal(v->message, "Mark a set");
	press(v, ACT_BOTTOM);
	assert_true(view_place(v) > here);
	size_t end = view_place(v);
	view_mark_go(v, 'a');
	assert_int_equal(view_place(v), here);
	/* '' goes back to before the jump, and again comes back. */
	view_mark_go(v, '\'');
	assert_int_equal(view_place(v), end);
	view_mark_go(v, '\'');
	assert_int_equal(view_place(v), here);
	v->message[0] = '\0';
	view_mark_go(v, 'z');
	assert_string_equal(v->message, "Mark z is not set");
	/* A mark is a byte offset: it survives a new measure. */
	view_resize(v, 40, 11);
	view_mark_go(v, 'a');
	assert_true(view_on_screen(v, here));
	close_view(v);
}

static void
list_of_marks(void **state)
{
	(void)state;
	struct view *v = open_view(corpus("candide.txt"), 80, 23);
	struct view_mark m[VIEW_MARKS_MAX];
	assert_int_equal(view_marks(v, m), 0);
	view_jump(v, view_section_start(v, 5));
	view_mark_set(v, 'b');
	view_jump(v, view_section_start(v, 2));
	view_mark_set(v, 'a');
	/* '' first, then by letter. */
	assert_int_equal(view_marks(v, m), 3);
	assert_int_equal(m[0].letter, '\'');
	assert_int_equal(m[1].letter, 'a');
	assert_int_equal(m[2].letter, 'b');
	assert_int_equal(m[2].off, view_section_start(v, 5));
	/* A line: the letter, the section, the percentage, the words there, cut to the width. */
	struct buf line = { 0 };
	view_mark_line(v, &m[1], 40, &line);
	assert_true(strncmp(line.data, "a  §3 ", strlen("a  §3 ")) == 0);
	assert_non_null(strstr(line.data, "CHAPITRE PREMIER"));
	assert_true(text_width(line.data, line.len) <= 40);
	buf_free(&line);
	close_view(v);
}

static void
lists(void **state)
{
	(void)state;
	/* The selection stays in the middle row, the list never past its ends. */
	assert_int_equal(view_list_first(0, 100, 10), 0);
	assert_int_equal(view_list_first(4, 100, 10), 0);
	assert_int_equal(view_list_first(5, 100, 10), 0);
	assert_int_equal(view_list_first(6, 100, 10), 1);
	assert_int_equal(view_list_first(50, 100, 10), 45);
	assert_int_equal(view_list_first(99, 100, 10), 90);
	assert_int_equal(view_list_first(7, 8, 10), 0);
	size_t sel = 0;
	assert_true(view_list_move(&sel, 100, 10, ACT_LIST_PAGE_DOWN));
	assert_int_equal(sel, 10);
	view_list_move(&sel, 100, 10, ACT_LIST_LAST);
	assert_int_equal(sel, 99);
	view_list_move(&sel, 100, 10, ACT_LIST_DOWN);
	assert_int_equal(sel, 99);
	view_list_move(&sel, 100, 10, ACT_LIST_FIRST);
	view_list_move(&sel, 100, 10, ACT_LIST_UP);
	assert_int_equal(sel, 0);
	assert_false(view_list_move(&sel, 100, 10, ACT_LIST_CHOOSE));
}

static void
contents_labels(void **state)
{
	(void)state;
	struct view *v = open_view(corpus("candide.txt"), 80, 23);
	const struct doc *d = v->d;
	struct buf b = { 0 };
	/* Fits: whole. */
	view_toc_label(d, 1, 40, &b);
	assert_string_equal(b.data, "CANDIDE OU L'OPTIMISME");
	/* Too long: what tells it from its neighbours, cut with an ellipsis. */
	view_toc_label(d, 2, 8, &b);
	assert_string_equal(b.data, "PREMIER…");
	view_toc_label(d, 3, 20, &b);
	assert_string_equal(b.data, "SECOND — CE QUE DEV…");
	assert_true(text_width(b.data, b.len) <= 20);
	/* Every label fits its columns, and no two neighbours read the same at 13 columns. */
	for (int cols = 1; cols < 60; cols++) {
		struct buf prev = { 0 };
		for (size_t s = 0; s < d->nsections; s++) {
			view_toc_label(d, s, cols, &b);
			assert_true(text_width(b.data, b.len) <= cols);
			if (cols == 13 && s > 2)
				assert_string_not_equal(b.data, prev.data);
			prev.len = 0;
			buf_adds(&prev, b.data);
			buf_add(&prev, "", 0);
		}
		buf_free(&prev);
	}
	assert_int_equal(view_toc_indent(d, 2, 40), 3);
	assert_int_equal(view_toc_indent(d, 1, 40), 1);
	buf_free(&b);
	close_view(v);
	/* Les Misérables: "Chapitre I — …", "Chapitre II — …" read "I — …", "II — …". */
	v = open_view(corpus("miserables-tome5.txt"), 80, 23);
	view_toc_label(v->d, 2, 10, &b);
	assert_string_equal(b.data, "I — La Ch…");
	buf_free(&b);
	close_view(v);
}

static void
notices(void **state)
{
	(void)state;
	struct buf b = { 0 };
	view_notice_shorten("/home/me/livres/vieux/candide.txt: not valid UTF-8, read as "
	                    "Windows-1252",
	                    &b);
	assert_string_equal(b.data, "candide.txt: not valid UTF-8, read as Windows-1252");
	view_notice_shorten("/home/me/.local/state/liseuse/positions:3: damaged line ignored", &b);
	assert_string_equal(b.data, "positions:3: damaged line ignored");
	view_notice_shorten("cannot read /tmp/x/history: Permission denied", &b);
	assert_string_equal(b.data, "cannot read history: Permission denied");
	/* Not a file before a colon: kept as it is. */
	view_notice_shorten("no hyphenation patterns for 'xx' (hyph_xx.dic in /usr/share/hyphen): "
	                    "not hyphenating",
	                    &b);
	assert_string_equal(b.data, "no hyphenation patterns for 'xx' (hyph_xx.dic in "
	                            "/usr/share/hyphen): not hyphenating");
	view_notice_shorten("config:2: unknown setting 'bogus'", &b);
	assert_string_equal(b.data, "config:2: unknown setting 'bogus'");
	buf_free(&b);
}

static void
no_jump_yet(void **state)
{
	(void)state;
	struct view *v = open_view(unit_doc("Un.\n\nDeux.\n", 1), 40, 11);
	view_mark_go(v, '\'');
	assert_string_equal(v->message, "No jump to go back to");
	close_view(v);
}

/* Type a query at the prompt and press Enter. */
static void
search(struct view *v, int dir, const char *q)
{
	v->message[0] = '\0';
	view_prompt_open(v, dir);
	for (const char *s = q; *s;) {
		size_t len;
		uint32_t cp = text_decode(s, strlen(s), &len);
		view_prompt_key(v, ACT_NONE, (int)cp);
		s += len;
	}
	view_prompt_key(v, ACT_PROMPT_ACCEPT, K_ENTER);
}

static void
search_steps_and_wraps(void **state)
{
	(void)state;
	struct view *v = open_view(corpus("candide.txt"), 80, 23);
	search(v, 1, "eleve");
	assert_false(v->prompting);
	assert_int_equal(v->hits.n, 11);
	assert_int_equal(v->hits.cur, 0);
	assert_true(view_on_screen(v, v->hits.m[0].start));
	press(v, ACT_NEXT_MATCH);
	assert_int_equal(v->hits.cur, 1);
	press(v, ACT_PREV_MATCH);
	assert_int_equal(v->hits.cur, 0);
	press(v, ACT_PREV_MATCH);
	assert_int_equal(v->hits.cur, 10);
	assert_string_equal(v->message, "Search hit TOP, continuing at BOTTOM");
	assert_true(view_on_screen(v, v->hits.m[10].start));
	press(v, ACT_NEXT_MATCH);
	assert_int_equal(v->hits.cur, 0);
	assert_string_equal(v->message, "Search hit BOTTOM, continuing at TOP");
	/* Every match, wherever it is, comes on screen when it is current. */
	for (size_t i = 1; i < v->hits.n; i++) {
		press(v, ACT_NEXT_MATCH);
		assert_int_equal(v->hits.cur, i);
		assert_true(view_on_screen(v, v->hits.m[i].start));
		assert_int_equal(view_highlight(v, v->hits.m[i].start), HL_CURRENT);
	}
	close_view(v);
}

static void
search_backward_and_missing(void **state)
{
	(void)state;
	struct view *v = open_view(corpus("candide.txt"), 80, 23);
	view_set_place(v, v->d->len / 2);
	size_t here = view_place(v);
	search(v, -1, "Pangloss");
	assert_true(v->hits.n > 10);
	assert_true(v->hits.m[v->hits.cur].start < here);
	/* n goes on backward, N forward. */
	size_t cur = v->hits.cur;
	press(v, ACT_NEXT_MATCH);
	assert_int_equal(v->hits.cur, cur - 1);
	press(v, ACT_PREV_MATCH);
	assert_int_equal(v->hits.cur, cur);
	search(v, 1, "zzqxw");
	assert_string_equal(v->message, "Pattern not found: zzqxw");
	close_view(v);
}

static void
prompt_cancel_restores(void **state)
{
	(void)state;
	struct view *v = open_view(corpus("candide.txt"), 80, 23);
	search(v, 1, "Cunégonde");
	size_t n = v->hits.n, cur = v->hits.cur;
	struct flow_pos top = v->top;
	view_prompt_open(v, 1);
	view_prompt_key(v, ACT_NONE, 'b');
	view_prompt_key(v, ACT_NONE, 'a');
	view_prompt_key(v, ACT_NONE, 'r');
	assert_true(v->hits.n > 0);
	view_prompt_key(v, ACT_PROMPT_CANCEL, K_ESC);
	assert_false(v->prompting);
	assert_int_equal(v->hits.n, n);
	assert_int_equal(v->hits.cur, cur);
	assert_int_equal(flow_cmp(v->top, top), 0);
	close_view(v);
}

/* Type a count, then the key. */
static void
counted(struct view *v, long n, enum action a)
{
	char digits[24];
	snprintf(digits, sizeof digits, "%ld", n);
	for (const char *c = digits; *c; c++)
		view_count_digit(v, *c - '0');
	assert_int_equal(v->count, n);
	press(v, a);
	assert_int_equal(v->count, -1);
}

static void
counts(void **state)
{
	(void)state;
	struct view *v = open_view(corpus("candide.txt"), 80, 23);
	const struct doc *d = v->d;
	view_set_place(v, d->len / 2);
	struct flow_pos p0 = v->top;
	counted(v, 3, ACT_LINE_DOWN);
	assert_int_equal(rows_between(v, p0, v->top), 3);
	counted(v, 3, ACT_LINE_UP);
	assert_int_equal(flow_cmp(v->top, p0), 0);
	/* Page keys with a count move that many lines, as in less. */
	counted(v, 5, ACT_PAGE_DOWN);
	assert_int_equal(rows_between(v, p0, v->top), 5);
	counted(v, 5, ACT_HALF_UP);
	assert_int_equal(flow_cmp(v->top, p0), 0);
	/* 10G: row 10 of the laid-out text; 1G the first. */
	counted(v, 10, ACT_BOTTOM);
	assert_int_equal(rows_between(v, flow_start(), v->top), 9);
	counted(v, 1, ACT_TOP);
	assert_int_equal(view_place(v), 0);
	counted(v, 999999999, ACT_BOTTOM);
	assert_int_equal(flow_cmp(view_bottom(v), flow_end(v->l, d)), 0);
	/* 50%: halfway through the text; 0% the start, 100% the end. */
	counted(v, 50, ACT_PERCENT);
	assert_true(view_on_screen(v, d->len / 2));
	counted(v, 0, ACT_PERCENT);
	assert_int_equal(view_place(v), 0);
	counted(v, 100, ACT_PERCENT);
	assert_int_equal(flow_cmp(view_bottom(v), flow_end(v->l, d)), 0);
	press(v, ACT_PERCENT);
	assert_non_null(strstr(v->message, "percentage"));
	/* '' comes back from a counted jump. */
	counted(v, 25, ACT_PERCENT);
	size_t quarter = view_place(v);
	counted(v, 4, ACT_NEXT_SECTION);
	view_mark_go(v, '\'');
	assert_int_equal(view_place(v), quarter);
	/* 4] and 4[: section 4; past the last one, a message. */
	counted(v, 4, ACT_NEXT_SECTION);
	assert_int_equal(view_section(v), 3);
	assert_int_equal(view_place(v), view_section_start(v, 3));
	counted(v, 2, ACT_PREV_SECTION);
	assert_int_equal(view_section(v), 1);
	counted(v, 999, ACT_NEXT_SECTION);
	assert_string_equal(v->message, "No section 999 (the document has 33)");
	/* 3n: the third match on. */
	search(v, 1, "eleve");
	size_t cur = v->hits.cur;
	counted(v, 3, ACT_NEXT_MATCH);
	assert_int_equal(v->hits.cur, cur + 3);
	/* 60=: a measure of 60; 2c two columns, 0c auto. */
	counted(v, 60, ACT_WIDTH_DEFAULT);
	assert_int_equal(v->g.colw, 60);
	view_resize(v, 200, 49);
	counted(v, 3, ACT_COLUMNS);
	assert_int_equal(v->g.ncols, 3);
	counted(v, 0, ACT_COLUMNS);
	assert_int_equal(v->columns, COLUMNS_AUTO);
	/* Esc after a count drops the count, not the search. */
	view_count_digit(v, 7);
	press(v, ACT_CLEAR);
	assert_int_equal(v->count, -1);
	assert_true(v->hits.n > 0);
	close_view(v);
}

/* Type UTF-8 s at the prompt's cursor. */
static void
type(struct view *v, const char *s)
{
	while (*s) {
		size_t len;
		uint32_t cp = text_decode(s, strlen(s), &len);
		view_prompt_key(v, ACT_NONE, (int)cp);
		s += len;
	}
}

static void
prompt_editing(void **state)
{
	(void)state;
	struct view *v = open_view(corpus("candide.txt"), 80, 23);
	view_prompt_open(v, 1);
	type(v, "élve");
	assert_string_equal(find_prompt_text(&v->prompt), "élve");
	/* ← ← over whole characters (é is two bytes), then type in the middle. */
	view_prompt_key(v, ACT_PROMPT_LEFT, K_LEFT);
	view_prompt_key(v, ACT_PROMPT_LEFT, K_LEFT);
	type(v, "è");
	assert_string_equal(find_prompt_text(&v->prompt), "élève");
	assert_int_equal(v->hits.n, 11); /* the search follows the edit */
	view_prompt_key(v, ACT_PROMPT_HOME, K_CTRL_A);
	assert_int_equal(v->prompt.cursor, 0);
	view_prompt_key(v, ACT_PROMPT_DELETE, K_DELETE);
	assert_string_equal(find_prompt_text(&v->prompt), "lève");
	view_prompt_key(v, ACT_PROMPT_RIGHT, K_RIGHT);
	view_prompt_key(v, ACT_PROMPT_RIGHT, K_RIGHT);
	assert_int_equal(v->prompt.cursor, 3); /* after l and è */
	view_prompt_key(v, ACT_PROMPT_ERASE_END, K_CTRL_K);
	assert_string_equal(find_prompt_text(&v->prompt), "lè");
	view_prompt_key(v, ACT_PROMPT_END, K_CTRL_E);
	type(v, "ve de Pangloss");
	view_prompt_key(v, ACT_PROMPT_ERASE_WORD, K_CTRL_W);
	assert_string_equal(find_prompt_text(&v->prompt), "lève de ");
	view_prompt_key(v, ACT_PROMPT_ERASE_WORD, K_CTRL_W);
	assert_string_equal(find_prompt_text(&v->prompt), "lève ");
	view_prompt_key(v, ACT_PROMPT_LEFT, K_LEFT);
	view_prompt_key(v, ACT_PROMPT_ERASE_START, K_CTRL_U);
	assert_string_equal(find_prompt_text(&v->prompt), " ");
	assert_int_equal(v->prompt.cursor, 0);
	view_prompt_key(v, ACT_PROMPT_ERASE, K_BACKSPACE); /* nothing before the cursor */
	assert_true(v->prompting);
	view_prompt_key(v, ACT_PROMPT_DELETE, K_DELETE);
	assert_string_equal(find_prompt_text(&v->prompt), "");
	/* Backspace on an empty query cancels, as in less. */
	view_prompt_key(v, ACT_PROMPT_ERASE, K_BACKSPACE);
	assert_false(v->prompting);
	close_view(v);
}

static void
regular_expressions(void **state)
{
	(void)state;
	struct view *v = open_view(
	        unit_doc("Le chapitre un.\n\nLe Chapitre deux.\n\nUne chapelle.\n", 0), 40, 11);
	/* No capital: any case. */
	assert_int_equal(view_find(v, &v->hits, "~chap\\w+"), 1);
	assert_int_equal(v->hits.n, 3);
	assert_int_equal(v->hits.m[0].end - v->hits.m[0].start, strlen("chapitre"));
	/* A capital: this case only; an escape's letter is not one. */
	view_find(v, &v->hits, "~Chap");
	assert_int_equal(v->hits.n, 1);
	view_find(v, &v->hits, "~\\Schap");
	assert_int_equal(v->hits.n, 0);
	view_find(v, &v->hits, "~\\bchap\\S");
	assert_int_equal(v->hits.n, 3);
	/* ^ and $ at each block's start and end; no match runs into the next block. */
	view_find(v, &v->hits, "~^Le");
	assert_int_equal(v->hits.n, 2);
	view_find(v, &v->hits, "~\\.$");
	assert_int_equal(v->hits.n, 3);
	view_find(v, &v->hits, "~un\\.\\s+Le");
	assert_int_equal(v->hits.n, 0);
	/* Empty matches show nothing; a bad pattern says why. */
	view_find(v, &v->hits, "~z*");
	assert_int_equal(v->hits.n, 0);
	assert_int_equal(view_find(v, &v->hits, "~(chap"), -1);
	assert_true(strlen(v->hits.error) > 0);
	view_say_not_found(v, &v->hits);
	assert_non_null(strstr(v->message, "Bad regular expression: "));
	/* Plain searches are still folded: no regex there. */
	view_find(v, &v->hits, "chap\\\\w+");
	assert_int_equal(v->hits.n, 0);
	/* Ctrl-R at the prompt toggles the leading ~, the cursor staying on its character. */
	view_prompt_open(v, 1);
	type(v, "chap\\w+");
	assert_int_equal(v->hits.n, 0);
	view_prompt_key(v, ACT_PROMPT_LEFT, K_LEFT);
	view_prompt_key(v, ACT_PROMPT_REGEX, K_CTRL_R);
	assert_string_equal(find_prompt_text(&v->prompt), "~chap\\w+");
	assert_int_equal(v->prompt.cursor, strlen("~chap\\w"));
	assert_int_equal(v->hits.n, 3);
	view_prompt_key(v, ACT_PROMPT_REGEX, K_CTRL_R);
	assert_string_equal(find_prompt_text(&v->prompt), "chap\\w+");
	view_prompt_key(v, ACT_PROMPT_CANCEL, K_ESC);
	close_view(v);
}

/* Matches arrive in order, a few blocks at a time, and stepping waits for them. */
static void
incremental_matches(void **state)
{
	(void)state;
	struct view *v = open_view(corpus("candide.txt"), 80, 23);
	struct find all = { 0 }, some = { 0 };
	struct search_index *ix = search_index_create(v->d);
	assert_int_equal(find_run(&all, v->d, ix, "~Pangloss"), 1);
	assert_true(all.n > 50);
	assert_int_equal(find_start(&some, v->d, ix, "~Pangloss"), 1);
	size_t last = 0, steps = 0;
	int wrapped;
	while (find_more(&some, 4096)) {
		assert_true(some.n >= last);
		assert_false(some.complete);
		last = some.n;
		steps++;
		if (some.n > 0) {
			/* Past the last match found so far: not yet, and no wrap. */
			assert_int_equal(find_step(&some, some.n - 1, 1, &wrapped), some.n);
			assert_false(wrapped);
		}
	}
	assert_true(steps > 10);
	assert_true(some.complete);
	assert_int_equal(some.n, all.n);
	for (size_t i = 0; i < all.n; i++) {
		assert_int_equal(some.m[i].start, all.m[i].start);
		assert_int_equal(some.m[i].end, all.m[i].end);
	}
	assert_int_equal(find_step(&some, some.n - 1, 1, &wrapped), 0);
	assert_true(wrapped);
	find_free(&all);
	find_free(&some);
	search_index_free(ix);
	close_view(v);
}

static void
less_search_habits(void **state)
{
	(void)state;
	struct view *v = open_view(corpus("candide.txt"), 80, 23);
	search(v, 1, "eleve");
	assert_int_equal(v->hits.cur, 0);
	/* Esc hides the matches; n shows them again and moves on from the current one. */
	press(v, ACT_CLEAR);
	assert_int_equal(view_highlight(v, v->hits.m[0].start), HL_NONE);
	press(v, ACT_NEXT_MATCH);
	assert_int_equal(v->hits.cur, 1);
	assert_int_equal(view_highlight(v, v->hits.m[1].start), HL_CURRENT);
	/* An empty / repeats the search, moving on as n does. */
	search(v, 1, "");
	assert_false(v->prompting);
	assert_int_equal(v->hits.cur, 2);
	/* An empty ? repeats it backward, and n then goes on backward. */
	search(v, -1, "");
	assert_int_equal(v->hits.cur, 1);
	press(v, ACT_NEXT_MATCH);
	assert_int_equal(v->hits.cur, 0);
	/* Esc at the prompt gives back the direction as well as the search. */
	view_prompt_open(v, 1);
	view_prompt_key(v, ACT_PROMPT_CANCEL, K_ESC);
	assert_int_equal(v->dir, -1);
	/* ? from the start wraps to the last match, and says so. */
	press(v, ACT_TOP);
	search(v, -1, "eleve");
	assert_int_equal(v->hits.cur, 10);
	assert_string_equal(v->message, "Search hit TOP, continuing at BOTTOM");
	/* / from the end wraps to the first. */
	press(v, ACT_BOTTOM);
	search(v, 1, "eleve");
	assert_int_equal(v->hits.cur, 0);
	assert_string_equal(v->message, "Search hit BOTTOM, continuing at TOP");
	/* / without wrapping says nothing. */
	search(v, 1, "Pangloss");
	assert_string_equal(v->message, "");
	/* After g, the search is still where it was: n goes on from the top. */
	press(v, ACT_TOP);
	assert_true(v->hits.cur < v->hits.n);
	close_view(v);
	/* An empty / with no search at all says so. */
	v = open_view(unit_doc("Un.\n", 0), 40, 11);
	search(v, 1, "");
	assert_string_equal(v->message, "No previous search");
	close_view(v);
}

/* The status line's right side at cols. */
static char *
right_at(struct view *v, int cols)
{
	struct buf left = { 0 }, right = { 0 };
	view_status(v, cols, &left, &right);
	buf_free(&left);
	return right.data;
}

static void
status_line(void **state)
{
	(void)state;
	struct view *v = open_view(corpus("candide.txt"), 200, 49);
	while (view_work(v, 1 << 16))
		;
	search(v, 1, "eleve");
	press(v, ACT_NEXT_MATCH);
	press(v, ACT_NEXT_MATCH);
	/* Wide: everything, in full. */
	char *r = right_at(v, 200);
	assert_non_null(strstr(r, "/eleve match 3/11 · §"));
	assert_non_null(strstr(r, " of chapter, "));
	assert_non_null(strstr(r, " left in book · "));
	free(r);
	/* Narrow: match i/n and §i/n are the last to go, in that order. */
	view_resize(v, 40, 11);
	r = right_at(v, 40);
	assert_true(strncmp(r, "match 3/11 · §", strlen("match 3/11 · §")) == 0);
	assert_true(text_width(r, strlen(r)) <= 20);
	free(r);
	for (int cols = 12; cols <= 200; cols++) {
		struct buf left = { 0 }, right = { 0 };
		view_status(v, cols, &left, &right);
		assert_true(text_width(right.data, right.len) <= cols);
		if (cols >= 24) {
			assert_non_null(strstr(right.data, "match 3/11"));
			assert_non_null(strstr(right.data, "§"));
		}
		buf_free(&left);
		buf_free(&right);
	}
	/* After g, the status still says where the search was. */
	press(v, ACT_TOP);
	r = right_at(v, 80);
	assert_non_null(strstr(r, "match 3/11"));
	free(r);
	/* Esc hides it with the highlight. */
	press(v, ACT_CLEAR);
	r = right_at(v, 80);
	assert_null(strstr(r, "match"));
	free(r);
	close_view(v);
}

static void
reading_time(void **state)
{
	(void)state;
	/* 1 000 words, ten to a paragraph, under a heading. */
	struct buf t = { 0 };
	buf_adds(&t, "Titre\n\n");
	for (int p = 0; p < 100; p++) {
		for (int w = 0; w < 10; w++)
			buf_adds(&t, w ? " mot" : "Mot");
		buf_adds(&t, ".\n\n");
	}
	struct view *v = open_view(unit_doc(t.data, 0), 40, 11);
	buf_free(&t);
	struct view_reading r;
	view_reading(v, &r);
	assert_false(r.timed); /* not counted yet */
	while (view_work(v, 100))
		;
	view_reading(v, &r);
	assert_true(r.timed);
	/* The words after the bottom of the screen. */
	size_t to = flow_offset(v->l, v->d, view_bottom(v)), after = 0;
	for (const char *p = v->d->text + to; (p = strstr(p, "ot")) != NULL; p += 2)
		after++;
	assert_int_equal(r.book_left, after);
	assert_int_equal(v->words[v->d->nblocks], 1001);
	char *right = right_at(v, 200);
	char want[64];
	snprintf(want, sizeof want, "%zu min left in book",
	         (after + VIEW_WORDS_PER_MINUTE / 2) / VIEW_WORDS_PER_MINUTE);
	assert_non_null(strstr(right, want));
	free(right);
	/* At the end: nothing left, the whole chapter read. */
	press(v, ACT_BOTTOM);
	view_reading(v, &r);
	assert_int_equal(r.book_left, 0);
	assert_int_equal(r.chapter_left, 0);
	assert_int_equal(r.chapter_percent, 100);
	assert_int_equal(r.percent, 100);
	right = right_at(v, 200);
	assert_non_null(strstr(right, "0 min left in book"));
	free(right);
	close_view(v);
	/* Hours and minutes, on a book. */
	v = open_view(corpus("miserables-tome5.txt"), 80, 23);
	view_work(v, 0);
	right = right_at(v, 200);
	assert_non_null(strstr(right, " h "));
	free(right);
	close_view(v);
}

static void
body_start(void **state)
{
	(void)state;
	/* Candide (ABU): past the licence, on the title. */
	struct view *v = open_view(corpus("candide.txt"), 80, 23);
	assert_true(v->d->sections[0].matter > 0);
	assert_int_equal(view_body(v), view_section_start(v, 1));
	assert_string_equal(v->d->sections[1].title, "CANDIDE OU L'OPTIMISME");
	close_view(v);
	/*
	 * Project Gutenberg: past its header and its "Produced by", on the
	 * author and title that come before the first heading; its licence at
	 * the end is matter too.
	 */
	v = open_view(corpus("madame-bovary.txt"), 80, 23);
	assert_true(view_body(v) < view_section_start(v, 1));
	assert_memory_equal(v->d->text + view_body(v), "Gustave Flaubert", 16);
	assert_true(v->d->sections[v->d->nsections - 1].matter > 0);
	assert_int_equal(v->d->sections[1].matter, 0);
	close_view(v);
	/* A body that starts without a heading starts on its first paragraph. */
	v = open_view(unit_doc("Title: Essai\n\n*** START OF THE PROJECT GUTENBERG EBOOK ESSAI "
	                       "***\n\nIl était une fois.\n\nLa suite.\n",
	                       0),
	              80, 23);
	assert_true(view_body(v) > 0);
	assert_memory_equal(v->d->text + view_body(v), "Il était", strlen("Il était"));
	close_view(v);
	/* No front matter: the start. */
	v = open_view(corpus("article-xai-babuschkin.txt"), 80, 23);
	assert_int_equal(view_body(v), 0);
	close_view(v);
}

static void
resize_keeps_the_place(void **state)
{
	(void)state;
	struct view *v = open_view(corpus("candide.txt"), 80, 23);
	view_set_place(v, v->d->len / 3);
	static const int sizes[][2] = { { 40, 11 }, { 200, 49 }, { 13, 2 }, { 80, 23 } };
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		/* The first word on screen before is on screen after. */
		size_t here = view_place(v);
		view_resize(v, sizes[k][0], sizes[k][1]);
		assert_true(view_on_screen(v, here));
	}
	close_view(v);
}

int
main(void)
{
	char dir[] = "/tmp/liseuse-test-view-XXXXXX";
	if (mkdtemp(dir) == NULL)
		return 1;
	setenv("XDG_STATE_HOME", dir, 1); /* never the reader's own history */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_pages_halves),
		cmocka_unit_test(top_and_bottom),
		cmocka_unit_test(sections),
		cmocka_unit_test(marks_and_jump_back),
		cmocka_unit_test(no_jump_yet),
		cmocka_unit_test(list_of_marks),
		cmocka_unit_test(lists),
		cmocka_unit_test(contents_labels),
		cmocka_unit_test(notices),
		cmocka_unit_test(search_steps_and_wraps),
		cmocka_unit_test(search_backward_and_missing),
		cmocka_unit_test(prompt_cancel_restores),
		cmocka_unit_test(counts),
		cmocka_unit_test(prompt_editing),
		cmocka_unit_test(regular_expressions),
		cmocka_unit_test(less_search_habits),
		cmocka_unit_test(status_line),
		cmocka_unit_test(body_start),
		cmocka_unit_test(reading_time),
		cmocka_unit_test(incremental_matches),
		cmocka_unit_test(resize_keeps_the_place),
	};
	int r = cmocka_run_group_tests_name("view", tests, NULL, NULL);
	rmdir(dir);
	return r;
}
