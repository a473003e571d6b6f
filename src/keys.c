/*
 * keys.c — the key table, as data (dwm's keys[], nnn's bindings[]).  The
 * reader looks actions up here and the help screen prints these tables, so
 * a key and its documentation cannot drift apart.  One table per mode:
 * reading, the lists (contents, matches), the search prompt.  Keys follow less and
 * vim; PRODUCT.md lists them.
 */
#include "keys.h"

const struct key_binding keys_reading[] = {
	{ { 'j', K_DOWN, K_ENTER, 0 }, ACT_LINE_DOWN, "j ↓ Enter", "one line down" },
	{ { 'k', K_UP, 0 }, ACT_LINE_UP, "k ↑", "one line up" },
	{ { ' ', 'f', K_PGDN, 0 }, ACT_PAGE_DOWN, "Space f PgDn", "one screen down" },
	{ { 'b', K_PGUP, 0 }, ACT_PAGE_UP, "b PgUp", "one screen up" },
	{ { 'd', 0 }, ACT_HALF_DOWN, "d", "half a screen down" },
	{ { 'u', 0 }, ACT_HALF_UP, "u", "half a screen up" },
	{ { 'g', K_HOME, 0 }, ACT_TOP, "g Home", "start of the document (Ng: line N)" },
	{ { 'G', K_END, 0 }, ACT_BOTTOM, "G End", "end of the document (NG: line N)" },
	{ { '%', 'p', 0 }, ACT_PERCENT, "N% Np", "N percent into the document" },
	{ { ']', 0 }, ACT_NEXT_SECTION, "]", "next section (N]: section N)" },
	{ { '[', 0 }, ACT_PREV_SECTION, "[", "previous section (N[: section N)" },
	{ { '1', '2', '3', '4', '5', '6', '7', '8', '9', '0' },
	  ACT_DIGIT,
	  "0-9",
	  "a count for the next key: 3j, 3n, 10G, 50%, 4], 60=, 2c" },
	{ { K_TAB, 't', 0 }, ACT_TOC, "Tab t", "open/close the table of contents" },
	{ { '/', 0 }, ACT_SEARCH_FORWARD, "/", "search forward" },
	{ { '?', 0 }, ACT_SEARCH_BACKWARD, "?", "search backward" },
	{ { 'n', 0 }, ACT_NEXT_MATCH, "n", "next match" },
	{ { 'N', 0 }, ACT_PREV_MATCH, "N", "previous match" },
	{ { '&', 0 }, ACT_RESULTS, "&", "list every match" },
	{ { K_ESC, 0 }, ACT_CLEAR, "Esc", "clear the search highlight" },
	{ { 'm', 0 }, ACT_MARK_SET, "m letter", "set a mark" },
	{ { '\'', 0 },
	  ACT_MARK_GO,
	  "' letter",
	  "go to a mark ('' back to before the last jump, '? the list of marks)" },
	{ { '+', 0 }, ACT_WIDER, "+", "wider measure" },
	{ { '-', 0 }, ACT_NARROWER, "-", "narrower measure" },
	{ { '=', 0 }, ACT_WIDTH_DEFAULT, "=", "default measure (N=: N columns)" },
	{ { 'J', 0 }, ACT_JUSTIFY, "J", "justified / ragged right" },
	{ { 'R', 0 }, ACT_RAW, "R", "the text as its lines are, unfilled / filled again (-R)" },
	{ { 'c', 0 }, ACT_COLUMNS, "c", "columns: auto, 1, 2, 3 (Nc: N columns)" },
	{ { 'h', K_F1, 0 }, ACT_HELP, "h F1", "this help" },
	{ { K_CTRL_L, 0 }, ACT_REDRAW, "Ctrl-L", "redraw the screen" },
	{ { K_CTRL_Z, 0 }, ACT_SUSPEND, "Ctrl-Z", "suspend to the shell (fg comes back)" },
	{ { K_MOUSE, 0 },
	  ACT_MOUSE,
	  "mouse",
	  "the wheel scrolls (in a list, moves); a click in the contents jumps" },
	{ { 'q', 0 }, ACT_QUIT, "q", "quit" },
	{ { 0 }, ACT_NONE, NULL, NULL },
};

const struct key_binding keys_list[] = {
	{ { 'j', K_DOWN, 0 }, ACT_LIST_DOWN, "j ↓", "next entry" },
	{ { 'k', K_UP, 0 }, ACT_LIST_UP, "k ↑", "previous entry" },
	{ { ' ', 'f', K_PGDN, 0 }, ACT_LIST_PAGE_DOWN, "Space f PgDn", "a screen of entries down" },
	{ { 'b', K_PGUP, 0 }, ACT_LIST_PAGE_UP, "b PgUp", "a screen of entries up" },
	{ { 'g', K_HOME, 0 }, ACT_LIST_FIRST, "g Home", "first entry" },
	{ { 'G', K_END, 0 }, ACT_LIST_LAST, "G End", "last entry" },
	{ { K_ENTER, 0 }, ACT_LIST_CHOOSE, "Enter", "jump to the entry (a click too)" },
	{ { K_ESC, 'q', K_TAB, 't', '&', 0 }, ACT_LIST_CLOSE, "Esc q Tab t &", "close the list" },
	{ { 0 }, ACT_NONE, NULL, NULL },
};

const struct key_binding keys_prompt[] = {
	{ { K_ENTER, 0 },
	  ACT_PROMPT_ACCEPT,
	  "Enter",
	  "keep the search (empty: repeat the last one)" },
	{ { K_ESC, 0 }, ACT_PROMPT_CANCEL, "Esc", "cancel, back to where you were" },
	{ { K_LEFT, 0 }, ACT_PROMPT_LEFT, "←", "cursor one character left" },
	{ { K_RIGHT, 0 }, ACT_PROMPT_RIGHT, "→", "cursor one character right" },
	{ { K_HOME, K_CTRL_A, 0 }, ACT_PROMPT_HOME, "Home Ctrl-A", "cursor to the start" },
	{ { K_END, K_CTRL_E, 0 }, ACT_PROMPT_END, "End Ctrl-E", "cursor to the end" },
	{ { K_BACKSPACE, 0 },
	  ACT_PROMPT_ERASE,
	  "Backspace",
	  "erase the character before the cursor (on empty: cancel)" },
	{ { K_DELETE, K_CTRL_D, 0 },
	  ACT_PROMPT_DELETE,
	  "Delete Ctrl-D",
	  "erase the character under the cursor" },
	{ { K_CTRL_W, 0 }, ACT_PROMPT_ERASE_WORD, "Ctrl-W", "erase the word before the cursor" },
	{ { K_CTRL_U, 0 }, ACT_PROMPT_ERASE_START, "Ctrl-U", "erase up to the cursor" },
	{ { K_CTRL_K, 0 }, ACT_PROMPT_ERASE_END, "Ctrl-K", "erase from the cursor to the end" },
	{ { K_CTRL_R, 0 },
	  ACT_PROMPT_REGEX,
	  "Ctrl-R",
	  "regular expression or plain search (a leading ~ in the query)" },
	{ { K_UP, 0 }, ACT_PROMPT_OLDER, "↑", "an earlier search" },
	{ { K_DOWN, 0 }, ACT_PROMPT_NEWER, "↓", "a later search" },
	{ { 0 }, ACT_NONE, NULL, NULL },
};

/*
 * After m or ': the letters are not listed key by key (a letter is the
 * mark, as a character typed at the prompt is text), so their binding has
 * no keys, only its help.
 */
const struct key_binding keys_mark[] = {
	{ { 0 }, ACT_MARK_LETTER, "a-z", "after m: set that mark here; after ': go to it" },
	{ { '\'', 0 }, ACT_MARK_BACK, "'", "after ': back to before the last jump" },
	{ { '?', 0 }, ACT_MARK_LIST, "?", "after ': the list of marks (Enter goes to one)" },
	{ { K_ESC, 0 }, ACT_MARK_CANCEL, "Esc", "no mark after all" },
	{ { 0 }, ACT_NONE, NULL, NULL },
};

const struct key_section keys_sections[] = {
	{ "Reading", keys_reading },
	{ "In the contents and the lists of matches and marks", keys_list },
	{ "At the search prompt (other keys type)", keys_prompt },
	{ "After m or ' (marks)", keys_mark },
	{ NULL, NULL },
};

enum action
keys_lookup(const struct key_binding *table, int key)
{
	for (const struct key_binding *b = table; b->action != ACT_NONE; b++)
		for (int i = 0; i < KEYS_PER_BINDING && b->keys[i]; i++)
			if (b->keys[i] == key)
				return b->action;
	return ACT_NONE;
}
