/*
 * parse_md.c — Markdown documents through md4c (CommonMark, plus tables,
 * strikethrough, task lists and bare URLs as GitHub writes them).
 *
 * md4c calls back with nested blocks, spans and text.  Containers (block
 * quotes, lists, list items) are kept on a stack; they never hold text of
 * their own but decide where the text of the leaves inside them sits: the
 * quote depth, the indent, and the list marker with its hanging indent.
 * Leaves (paragraphs, headings, code, table cells) collect their text in a
 * piece (piece.c, shared with the HTML parser) — bytes plus style spans in
 * offsets of those bytes — and are then "cooked": French spacing is applied
 * to the prose, never to code spans nor to URLs, with the spans moved to
 * the text it produced.  Only then does a piece become a document block.
 *
 * Markup never reaches the text: markers become "•" or "1.", emphasis and
 * links become spans, a table becomes aligned rows.  Link targets are not
 * in the prose: after the block that holds links, a small block lists them
 * ("→ URL"), in order, once each, unless the link text is the URL itself.
 *
 * The items of a tight list go into one block separated by '\n', so that
 * they are not spread apart by the blank line the layout puts between
 * blocks; the line after a '\n' is a first line, so every item keeps its
 * hanging indent.
 */
#include "parse.h"
#include "piece.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <md4c.h>

#define NBSP "\xC2\xA0"
#define FIGSP "\xE2\x80\x87" /* U+2007, as wide as a digit: pads list numbers */

enum { CODE_INDENT = 2, MAX_OPEN = 32 };

enum ctype { C_QUOTE, C_UL, C_OL, C_LI };

struct container {
	enum ctype type;
	int tight;       /* lists: items without blank lines between them */
	unsigned next;   /* OL: the next item's number */
	int digits;      /* OL: digits of its largest number */
	char delim;      /* OL: '.' or ')' */
	int depth;       /* UL: how many bulleted lists it is in */
	int hang;        /* LI: the marker's columns */
	char marker[48]; /* LI: the marker, with its no-break space */
	int used;        /* LI: the marker has been placed */
};

/* A span opened and not yet closed. */
struct open {
	size_t start;
	unsigned style;
	char *href;
	int link; /* a link or an image: its target may be listed */
};

/* The block waiting to go into the document (tight items join it). */
struct pending {
	int active;
	enum block_kind kind;
	int level, indent, hang, quote;
	int item; /* a tight list item: the next one may join */
	struct piece pc;
	char **links;
	size_t nlinks, caplinks;
};

struct table {
	int active;
	struct piece_table t;
	int in_head;
};

struct mdp {
	struct doc *d;
	const struct parse_opts *o;
	struct container *stack;
	size_t nstack, capstack;

	/* the leaf being read */
	int leaf;
	enum block_kind kind;
	int level;
	int html; /* an HTML block */
	int cell; /* a table cell */
	int th;
	struct piece raw;
	struct open open[MAX_OPEN];
	int nopen;
	int incode;   /* inside a code span */
	int eatspace; /* drop the blanks that start the next text (after <br>) */
	char **links;
	size_t nlinks, caplinks;

	struct pending pend;
	struct table tab;

	/* ordered lists: how many items each has (first pass), in document order */
	unsigned *olcount;
	size_t nol, capol, olnext;
	size_t *olstack;
	size_t nolstack, capolstack;
};

/* ---------- entities */

static const struct {
	const char *name, *utf8;
} entities[] = {
	{ "amp", "&" },    { "lt", "<" },     { "gt", ">" },         { "quot", "\"" },
	{ "apos", "'" },   { "nbsp", NBSP },  { "laquo", "«" },      { "raquo", "»" },
	{ "hellip", "…" }, { "mdash", "—" },  { "ndash", "–" },      { "lsquo", "‘" },
	{ "rsquo", "’" },  { "ldquo", "“" },  { "rdquo", "”" },      { "copy", "©" },
	{ "reg", "®" },    { "trade", "™" },  { "euro", "€" },       { "deg", "°" },
	{ "times", "×" },  { "middot", "·" }, { "shy", "\xC2\xAD" }, { "thinsp", "\xE2\x80\x89" },
	{ "eacute", "é" }, { "egrave", "è" }, { "agrave", "à" },     { "ccedil", "ç" },
	{ "oelig", "œ" },  { "Eacute", "É" }, { "sect", "§" },       { "para", "¶" },
};

/* Append the character an entity stands for (unknown ones stay as written). */
static void
add_entity(struct buf *b, const char *s, size_t n)
{
	if (n >= 4 && s[1] == '#') {
		unsigned long cp = 0;
		int hex = s[2] == 'x' || s[2] == 'X';
		for (size_t i = hex ? 3 : 2; i + 1 < n && cp <= 0x10FFFF; i++) {
			char c = s[i];
			int v = c >= '0' && c <= '9'   ? c - '0'
			        : c >= 'a' && c <= 'f' ? c - 'a' + 10
			        : c >= 'A' && c <= 'F' ? c - 'A' + 10
			                               : 99;
			if (v >= (hex ? 16 : 10)) {
				cp = 0xFFFD;
				break;
			}
			cp = cp * (hex ? 16 : 10) + (unsigned)v;
		}
		/* Controls would reach the terminal: they are replaced, as text.c does. */
		if (cp == '\t' || cp == '\n')
			cp = ' ';
		if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp < 0x20 ||
		    (cp >= 0x7F && cp < 0xA0))
			cp = 0xFFFD;
		buf_addcp(b, (unsigned)cp);
		return;
	}
	for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
		size_t k = strlen(entities[i].name);
		if (n == k + 2 && memcmp(s + 1, entities[i].name, k) == 0) {
			buf_adds(b, entities[i].utf8);
			return;
		}
	}
	buf_add(b, s, n);
}

/* ---------- placing blocks */

/* Put the pending block into the document, then the list of its link targets. */
static void
flush(struct mdp *p)
{
	struct pending *q = &p->pend;
	if (!q->active)
		return;
	piece_add_block(p->d, q->kind, q->level, q->indent, q->hang, q->quote, &q->pc, q->links,
	                q->nlinks);
	for (size_t i = 0; i < q->nlinks; i++)
		free(q->links[i]);
	free(q->links);
	piece_free(&q->pc);
	memset(q, 0, sizeof *q);
}

/* Where a leaf goes: its quote depth, indent and hang, and the markers it starts with. */
struct place {
	int indent, hang, quote;
	struct buf prefix;
	int item; /* starts a tight list item */
};

static void
place_leaf(struct mdp *p, struct place *pl, int take_marker)
{
	memset(pl, 0, sizeof *pl);
	for (size_t i = 0; i < p->nstack; i++) {
		struct container *c = &p->stack[i];
		if (c->type == C_QUOTE)
			pl->quote++;
		if (c->type != C_LI)
			continue;
		if (c->used || !take_marker) {
			pl->indent += c->hang;
		} else {
			buf_adds(&pl->prefix, c->marker);
			pl->hang += c->hang;
			c->used = 1;
			pl->item = i > 0 && p->stack[i - 1].tight;
		}
	}
}

/* Does any list item around wait for its marker? */
static int
marker_waiting(const struct mdp *p)
{
	for (size_t i = 0; i < p->nstack; i++)
		if (p->stack[i].type == C_LI && !p->stack[i].used)
			return 1;
	return 0;
}

/* A list item with no text of its own: its marker alone. */
static void
emit_marker_alone(struct mdp *p)
{
	struct place pl;
	struct piece pc = { 0 };
	flush(p);
	place_leaf(p, &pl, 1);
	size_t n = pl.prefix.len;
	if (n >= 2 && memcmp(pl.prefix.data + n - 2, NBSP, 2) == 0)
		n -= 2;
	buf_add(&pc.t, pl.prefix.data ? pl.prefix.data : "", n);
	p->pend = (struct pending){ 1,       BLOCK_PARA, 0,    pl.indent, pl.hang, pl.quote,
		                    pl.item, pc,         NULL, 0,         0 };
	buf_free(&pl.prefix);
}

/* A cooked leaf into the document (through the pending block). */
static void
emit(struct mdp *p, enum block_kind kind, int level, struct piece *pc, char **links, size_t nlinks)
{
	struct place pl;
	int pre = kind == BLOCK_CODE || kind == BLOCK_RULE;

	if (pre && marker_waiting(p))
		emit_marker_alone(p);
	place_leaf(p, &pl, !pre);
	if (kind == BLOCK_CODE)
		pl.indent += CODE_INDENT;
	piece_prefix(pc, pl.prefix.data, pl.prefix.len);
	buf_free(&pl.prefix);

	struct pending *q = &p->pend;
	if (q->active && q->item && pl.item && kind == BLOCK_PARA && q->kind == BLOCK_PARA &&
	    q->indent == pl.indent && q->hang == pl.hang && q->quote == pl.quote) {
		buf_addc(&q->pc.t, '\n');
		piece_append(&q->pc, pc);
		piece_free(pc);
	} else {
		flush(p);
		*q = (struct pending){ 1,       kind, level, pl.indent, pl.hang, pl.quote,
			               pl.item, *pc,  NULL,  0,         0 };
		memset(pc, 0, sizeof *pc);
	}
	for (size_t i = 0; i < nlinks; i++)
		piece_add_link(&q->links, &q->nlinks, &q->caplinks, links[i]);
}

/* ---------- leaves */

static void
leaf_begin(struct mdp *p, enum block_kind kind, int level)
{
	p->leaf = 1;
	p->kind = kind;
	p->level = level;
	p->nopen = 0;
	p->incode = 0;
}

static void
free_links(struct mdp *p)
{
	for (size_t i = 0; i < p->nlinks; i++)
		free(p->links[i]);
	p->nlinks = 0;
}

static void table_add_cell(struct mdp *p, struct piece *pc);

static void
leaf_end(struct mdp *p)
{
	struct piece pc;
	if (!p->leaf)
		return;
	p->leaf = 0;
	for (int i = 0; i < p->nopen; i++)
		free(p->open[i].href);
	p->nopen = 0;

	int code = p->kind == BLOCK_CODE;
	piece_cook(&p->raw, p->o->typo && !code, &pc);
	piece_free(&p->raw);
	piece_trim(&pc, code);
	if (code)
		piece_span(&pc, 0, pc.t.len, STYLE_CODE, NULL);

	if (p->cell) {
		if (p->th)
			piece_span(&pc, 0, pc.t.len, STYLE_BOLD, NULL);
		table_add_cell(p, &pc);
	} else if (p->html && pc.t.len >= 4 && memcmp(pc.t.data, "<!--", 4) == 0) {
		piece_free(&pc); /* a comment is for the author */
	} else if (pc.t.len > 0) {
		emit(p, p->kind, p->level, &pc, p->links, p->nlinks);
	}
	piece_free(&pc);
	free_links(p);
	p->html = p->cell = p->th = 0;
}

/* Text outside any leaf is a tight list item's: it starts one. */
static void
need_leaf(struct mdp *p)
{
	if (!p->leaf)
		leaf_begin(p, BLOCK_PARA, 0);
}

/* ---------- tables */

static void
table_add_cell(struct mdp *p, struct piece *pc)
{
	if (p->tab.t.nrows > 0)
		piece_table_cell(&p->tab.t, pc);
}

/* The table as one block of lines (piece_table_end). */
static void
table_end(struct mdp *p)
{
	struct piece out;
	piece_table_end(&p->tab.t, &out);
	memset(&p->tab, 0, sizeof p->tab);
	if (out.t.len > 0)
		emit(p, BLOCK_LINES, 0, &out, NULL, 0);
	piece_free(&out);
}

/* ---------- md4c callbacks */

static struct container *
push(struct mdp *p, enum ctype type)
{
	p->stack = xgrow(p->stack, &p->capstack, p->nstack + 1, sizeof *p->stack);
	struct container *c = &p->stack[p->nstack++];
	memset(c, 0, sizeof *c);
	c->type = type;
	return c;
}

static int
digits(unsigned n)
{
	int k = 1;
	while (n >= 10)
		n /= 10, k++;
	return k;
}

static void
start_item(struct mdp *p, const MD_BLOCK_LI_DETAIL *li)
{
	struct container *c = push(p, C_LI);
	struct container *list = p->nstack >= 2 ? &p->stack[p->nstack - 2] : NULL;
	struct buf m = { 0 };
	int cols;

	if (list && list->type == C_OL) {
		unsigned num = list->next++;
		for (int k = digits(num); k < list->digits; k++)
			buf_adds(&m, FIGSP);
		char s[16];
		int n = snprintf(s, sizeof s, "%u%c", num, list->delim);
		buf_add(&m, s, (size_t)n);
		cols = list->digits + 1;
		if (li->is_task) {
			buf_adds(&m, NBSP);
			buf_adds(&m, li->task_mark == ' ' ? "☐" : "☒");
			cols += 2;
		}
	} else {
		static const char *const bullets[] = { "•", "◦", "▪" };
		int depth = list ? list->depth : 0;
		buf_adds(&m, li->is_task ? (li->task_mark == ' ' ? "☐" : "☒") : bullets[depth % 3]);
		cols = 1;
	}
	buf_adds(&m, NBSP);
	c->hang = cols + 1;
	snprintf(c->marker, sizeof c->marker, "%s", m.data);
	buf_free(&m);
}

static int
enter_block(MD_BLOCKTYPE type, void *detail, void *arg)
{
	struct mdp *p = arg;
	struct container *c;

	leaf_end(p);
	switch (type) {
	case MD_BLOCK_QUOTE:
		push(p, C_QUOTE);
		break;
	case MD_BLOCK_UL: {
		int depth = 0;
		for (size_t i = 0; i < p->nstack; i++)
			depth += p->stack[i].type == C_UL;
		c = push(p, C_UL);
		c->tight = ((MD_BLOCK_UL_DETAIL *)detail)->is_tight;
		c->depth = depth;
		break;
	}
	case MD_BLOCK_OL: {
		const MD_BLOCK_OL_DETAIL *ol = detail;
		size_t seq = p->olnext++;
		unsigned count = seq < p->nol ? p->olcount[seq] : 1;
		c = push(p, C_OL);
		c->tight = ol->is_tight;
		c->next = ol->start;
		c->delim = ol->mark_delimiter ? ol->mark_delimiter : '.';
		c->digits = digits(ol->start + (count > 0 ? count - 1 : 0));
		break;
	}
	case MD_BLOCK_LI:
		start_item(p, detail);
		break;
	case MD_BLOCK_HR:
		flush(p);
		{
			struct piece pc = { 0 };
			emit(p, BLOCK_RULE, 0, &pc, NULL, 0);
		}
		break;
	case MD_BLOCK_H:
		leaf_begin(p, BLOCK_HEADING, (int)((MD_BLOCK_H_DETAIL *)detail)->level);
		break;
	case MD_BLOCK_CODE:
		leaf_begin(p, BLOCK_CODE, 0);
		break;
	case MD_BLOCK_HTML:
		leaf_begin(p, BLOCK_CODE, 0);
		p->html = 1;
		break;
	case MD_BLOCK_P:
		leaf_begin(p, BLOCK_PARA, 0);
		break;
	case MD_BLOCK_TABLE: {
		const MD_BLOCK_TABLE_DETAIL *td = detail;
		memset(&p->tab, 0, sizeof p->tab);
		p->tab.active = 1;
		p->tab.t.nalign = td->col_count;
		p->tab.t.align = xcalloc(td->col_count + 1, 1);
		break;
	}
	case MD_BLOCK_THEAD:
		p->tab.in_head = 1;
		break;
	case MD_BLOCK_TBODY:
		p->tab.in_head = 0;
		break;
	case MD_BLOCK_TR: {
		struct piece_table *t = &p->tab.t;
		piece_table_row(t);
		if (p->tab.in_head)
			t->head = t->nrows;
		break;
	}
	case MD_BLOCK_TH:
	case MD_BLOCK_TD: {
		struct piece_table *t = &p->tab.t;
		size_t col = t->nrows ? t->ncells[t->nrows - 1] : 0;
		leaf_begin(p, BLOCK_LINES, 0);
		p->cell = 1;
		p->th = type == MD_BLOCK_TH;
		/* md4c's MD_ALIGN_* are in the order of enum piece_align. */
		if (col < t->nalign)
			t->align[col] = (unsigned char)((MD_BLOCK_TD_DETAIL *)detail)->align;
		break;
	}
	case MD_BLOCK_DOC:
		break;
	}
	return 0;
}

static int
leave_block(MD_BLOCKTYPE type, void *detail, void *arg)
{
	struct mdp *p = arg;
	(void)detail;
	switch (type) {
	case MD_BLOCK_QUOTE:
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		leaf_end(p);
		flush(p);
		if (p->nstack > 0)
			p->nstack--;
		break;
	case MD_BLOCK_LI:
		leaf_end(p);
		if (marker_waiting(p) && p->nstack > 0 && !p->stack[p->nstack - 1].used)
			emit_marker_alone(p);
		if (p->nstack > 0)
			p->nstack--;
		break;
	case MD_BLOCK_TABLE:
		leaf_end(p);
		table_end(p);
		break;
	case MD_BLOCK_THEAD:
	case MD_BLOCK_TBODY:
	case MD_BLOCK_TR:
		break;
	default:
		leaf_end(p);
		break;
	}
	return 0;
}

static char *
attr_string(const MD_ATTRIBUTE *a)
{
	struct buf b = { 0 };
	if (a->text == NULL || a->size == 0)
		return xstrdup("");
	for (unsigned i = 0; a->substr_offsets[i] < a->size; i++) {
		const char *s = a->text + a->substr_offsets[i];
		size_t n = a->substr_offsets[i + 1] - a->substr_offsets[i];
		if (a->substr_types[i] == MD_TEXT_ENTITY)
			add_entity(&b, s, n);
		else if (a->substr_types[i] == MD_TEXT_NULLCHAR)
			buf_addcp(&b, 0xFFFD);
		else
			buf_add(&b, s, n);
	}
	buf_add(&b, "", 0);
	return b.data;
}

static int
enter_span(MD_SPANTYPE type, void *detail, void *arg)
{
	struct mdp *p = arg;
	struct open op = { 0, 0, NULL, 0 };

	need_leaf(p);
	op.start = p->raw.t.len;
	switch (type) {
	case MD_SPAN_EM:
		op.style = STYLE_ITALIC;
		break;
	case MD_SPAN_STRONG:
		op.style = STYLE_BOLD;
		break;
	case MD_SPAN_CODE:
		op.style = STYLE_CODE;
		p->incode++;
		break;
	case MD_SPAN_A:
		op.style = STYLE_LINK;
		op.href = attr_string(&((MD_SPAN_A_DETAIL *)detail)->href);
		op.link = 1;
		break;
	case MD_SPAN_IMG:
		op.style = STYLE_ITALIC;
		op.href = attr_string(&((MD_SPAN_IMG_DETAIL *)detail)->src);
		op.link = 1;
		break;
	default: /* strikethrough and the rest: plain text */
		break;
	}
	if (p->nopen < MAX_OPEN)
		p->open[p->nopen++] = op;
	else
		free(op.href);
	return 0;
}

static int
leave_span(MD_SPANTYPE type, void *detail, void *arg)
{
	struct mdp *p = arg;
	(void)detail;
	if (type == MD_SPAN_CODE && p->incode > 0)
		p->incode--;
	if (!p->leaf || p->nopen == 0)
		return 0;
	struct open op = p->open[--p->nopen];
	size_t end = p->raw.t.len;
	if (op.link && op.href) {
		const char *text = p->raw.t.data ? p->raw.t.data + op.start : "";
		size_t n = end - op.start;
		const char *h = op.href;
		if (strncmp(h, "mailto:", 7) == 0 && !(n >= 7 && memcmp(text, "mailto:", 7) == 0))
			h += 7;
		if (strlen(h) == n && memcmp(text, h, n) == 0) {
			/* The text is the URL: no spacing inside it, no need to repeat it. */
			piece_protect(&p->raw, op.start, end);
		} else if (op.href[0] != '\0') {
			piece_add_link(&p->links, &p->nlinks, &p->caplinks, op.href);
		}
	}
	if (op.style)
		piece_span(&p->raw, op.start, end, op.style, type == MD_SPAN_A ? op.href : NULL);
	free(op.href);
	return 0;
}

/* Is this inline HTML a line break tag? */
static int
is_br(const char *s, size_t n)
{
	return (n >= 4 && (s[1] == 'b' || s[1] == 'B') && (s[2] == 'r' || s[2] == 'R') &&
	        (s[3] == '>' || s[3] == ' ' || s[3] == '/'));
}

static int
text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE size, void *arg)
{
	struct mdp *p = arg;
	struct buf *b = &p->raw.t;

	need_leaf(p);
	switch (type) {
	case MD_TEXT_NULLCHAR:
		buf_addcp(b, 0xFFFD);
		break;
	case MD_TEXT_BR:
		buf_addc(b, p->cell ? ' ' : '\n');
		break;
	case MD_TEXT_SOFTBR:
		buf_addc(b, ' ');
		break;
	case MD_TEXT_ENTITY:
		add_entity(b, s, size);
		break;
	case MD_TEXT_CODE: {
		size_t start = b->len;
		buf_add(b, s, size);
		if (p->kind != BLOCK_CODE)
			piece_protect(&p->raw, start, b->len);
		break;
	}
	case MD_TEXT_HTML:
		if (p->html) {
			buf_add(b, s, size);
		} else if (is_br(s, size)) {
			/* A line break: the blanks around it would start or end a line. */
			while (b->len > 0 && b->data[b->len - 1] == ' ')
				b->data[--b->len] = '\0';
			for (int i = 0; i < p->nopen; i++)
				if (p->open[i].start > b->len)
					p->open[i].start = b->len;
			buf_addc(b, p->cell ? ' ' : '\n');
			p->eatspace = 1;
			return 0;
		}
		/* other inline tags are markup: dropped */
		break;
	default:
		if (p->eatspace)
			while (size > 0 && *s == ' ')
				s++, size--;
		buf_add(b, s, size);
		break;
	}
	p->eatspace = 0;
	return 0;
}

/* First pass: the number of items of every ordered list, in document order. */
static int
count_enter(MD_BLOCKTYPE type, void *detail, void *arg)
{
	struct mdp *p = arg;
	(void)detail;
	if (type == MD_BLOCK_OL) {
		p->olcount = xgrow(p->olcount, &p->capol, p->nol + 1, sizeof *p->olcount);
		p->olcount[p->nol] = 0;
		p->olstack = xgrow(p->olstack, &p->capolstack, p->nolstack + 1, sizeof *p->olstack);
		p->olstack[p->nolstack++] = p->nol++;
	} else if (type == MD_BLOCK_UL) {
		p->olstack = xgrow(p->olstack, &p->capolstack, p->nolstack + 1, sizeof *p->olstack);
		p->olstack[p->nolstack++] = (size_t)-1;
	} else if (type == MD_BLOCK_LI && p->nolstack > 0 &&
	           p->olstack[p->nolstack - 1] != (size_t)-1) {
		p->olcount[p->olstack[p->nolstack - 1]]++;
	}
	return 0;
}

static int
count_leave(MD_BLOCKTYPE type, void *detail, void *arg)
{
	struct mdp *p = arg;
	(void)detail;
	if ((type == MD_BLOCK_OL || type == MD_BLOCK_UL) && p->nolstack > 0)
		p->nolstack--;
	return 0;
}

static int
count_span(MD_SPANTYPE type, void *detail, void *arg)
{
	(void)type, (void)detail, (void)arg;
	return 0;
}

static int
count_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE size, void *arg)
{
	(void)type, (void)s, (void)size, (void)arg;
	return 0;
}

void
parse_md(struct doc *d, const char *s, size_t n, const struct parse_opts *o)
{
	d->typo = o->typo; /* search spaces its queries the same way */
	struct mdp p;
	unsigned flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS |
	                 MD_FLAG_PERMISSIVEURLAUTOLINKS | MD_FLAG_PERMISSIVEWWWAUTOLINKS |
	                 MD_FLAG_PERMISSIVEEMAILAUTOLINKS;
	MD_PARSER counter = { 0,          flags,      count_enter, count_leave, count_span,
		              count_span, count_text, NULL,        NULL };
	MD_PARSER parser = { 0,          flags, enter_block, leave_block, enter_span,
		             leave_span, text,  NULL,        NULL };

	memset(&p, 0, sizeof p);
	p.d = d;
	p.o = o;
	/* md4c counts in unsigned; a text beyond that is cut (no book is near). */
	MD_SIZE size = n > UINT_MAX ? UINT_MAX : (MD_SIZE)n;
	if (md_parse(s, size, &counter, &p) != 0 || md_parse(s, size, &parser, &p) != 0)
		die("%s: out of memory while parsing Markdown", d->name);
	leaf_end(&p);
	flush(&p);

	free(p.stack);
	free(p.links);
	free(p.olcount);
	free(p.olstack);
	piece_free(&p.raw);
	doc_finish(d, NULL);
}
