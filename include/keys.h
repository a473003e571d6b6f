/*
 * keys.h — the key table: which key does what, with its help text.  The
 * help screen is generated from it; nothing else decides what a key means.
 */
#ifndef LISEUSE_KEYS_H
#define LISEUSE_KEYS_H

#include <stddef.h>

/* Keys: a Unicode code point, or one of these (outside Unicode). */
enum {
	KEY_BASE = 0x110000,
	K_UP,
	K_DOWN,
	K_PGUP,
	K_PGDN,
	K_HOME,
	K_END,
	K_ENTER,
	K_ESC,
	K_TAB,
	K_BACKSPACE,
	K_F1,
	K_LEFT,
	K_RIGHT,
	K_DELETE,
	K_RESIZE,
	K_MOUSE,
	K_CTRL_A = 0x01,
	K_CTRL_D = 0x04,
	K_CTRL_E = 0x05,
	K_CTRL_K = 0x0B,
	K_CTRL_L = 0x0C,
	K_CTRL_R = 0x12,
	K_CTRL_U = 0x15,
	K_CTRL_W = 0x17,
	K_CTRL_Z = 0x1A,
};

enum action {
	ACT_NONE,
	ACT_LINE_DOWN,
	ACT_LINE_UP,
	ACT_PAGE_DOWN,
	ACT_PAGE_UP,
	ACT_HALF_DOWN,
	ACT_HALF_UP,
	ACT_TOP,
	ACT_BOTTOM,
	ACT_PERCENT,
	ACT_DIGIT,
	ACT_NEXT_SECTION,
	ACT_PREV_SECTION,
	ACT_TOC,
	ACT_SEARCH_FORWARD,
	ACT_SEARCH_BACKWARD,
	ACT_NEXT_MATCH,
	ACT_PREV_MATCH,
	ACT_RESULTS,
	ACT_CLEAR,
	ACT_MARK_SET,
	ACT_MARK_GO,
	ACT_WIDER,
	ACT_NARROWER,
	ACT_WIDTH_DEFAULT,
	ACT_JUSTIFY,
	ACT_RAW,
	ACT_COLUMNS,
	ACT_HELP,
	ACT_REDRAW,
	ACT_SUSPEND,
	ACT_MOUSE,
	ACT_QUIT,
	/* After m or ' (a letter is the mark). */
	ACT_MARK_LETTER,
	ACT_MARK_BACK,
	ACT_MARK_LIST,
	ACT_MARK_CANCEL,
	/* In a list (the contents, the matches, the marks). */
	ACT_LIST_DOWN,
	ACT_LIST_UP,
	ACT_LIST_PAGE_DOWN,
	ACT_LIST_PAGE_UP,
	ACT_LIST_FIRST,
	ACT_LIST_LAST,
	ACT_LIST_CHOOSE,
	ACT_LIST_CLOSE,
	/* At the search prompt (other keys type). */
	ACT_PROMPT_ACCEPT,
	ACT_PROMPT_CANCEL,
	ACT_PROMPT_LEFT,
	ACT_PROMPT_RIGHT,
	ACT_PROMPT_HOME,
	ACT_PROMPT_END,
	ACT_PROMPT_ERASE,
	ACT_PROMPT_DELETE,
	ACT_PROMPT_ERASE_WORD,
	ACT_PROMPT_ERASE_START,
	ACT_PROMPT_ERASE_END,
	ACT_PROMPT_REGEX,
	ACT_PROMPT_OLDER,
	ACT_PROMPT_NEWER,
	ACT_COUNT
};

enum { KEYS_PER_BINDING = 10 };

struct key_binding {
	int keys[KEYS_PER_BINDING]; /* 0-terminated unless all are used */
	enum action action;
	const char *names; /* how help shows the keys */
	const char *help;
};

/* The bindings of each mode, in help order, each ending with an ACT_NONE entry. */
extern const struct key_binding keys_reading[]; /* reading the text */
extern const struct key_binding keys_list[];    /* the contents, the lists of matches and marks */
extern const struct key_binding keys_prompt[];  /* the search prompt */
extern const struct key_binding keys_mark[];    /* after m or ' */

/* A mode's bindings with the title help gives them; the array ends with a NULL title. */
struct key_section {
	const char *title;
	const struct key_binding *bindings;
};
extern const struct key_section keys_sections[];

/* The action bound to key in a mode's table, or ACT_NONE. */
enum action keys_lookup(const struct key_binding *table, int key);

#endif
