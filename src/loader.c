/*
 * loader.c — progressive loading, so that a 60 MB book shows its first page
 * as fast as less does.
 *
 * Parsing is whole-document work (structure rules look at the whole text),
 * and on a big book it takes around a second.  So for a regular file over
 * PROGRESSIVE bytes the loader reads and parses only the first PREFIX bytes,
 * cut at a paragraph boundary, and hands that document to the reader at
 * once; a thread parses the whole file meanwhile, and the reader swaps it
 * in when it arrives (or waits for it when asked for something the first
 * part does not have: the end, a search, the contents).
 *
 * The whole is read as if it were opened alone (its encoding, language and
 * structure decided on all of it), so the two parses may not give the same
 * text: a first part that looked like UTF-8 in a Windows-1252 book, or wrap
 * widths that change past the first part.  Places therefore cross the swap
 * by their words, not their byte offsets: loader_take() finds the text at a
 * place of the first part in the whole, spaces and non-ASCII bytes aside
 * (the two readings of an encoding agree on ASCII only).  If the whole
 * cannot be read again (the file vanished), the first part stays, and
 * loader_partial() says so: the reader then keeps no position for it.  The
 * thread's messages go through msg.c like any other: held while the
 * reader has the terminal, and shown by the reader (never drawn from the
 * thread).
 *
 * An EPUB is not text: its bytes are a zip, which the text path would
 * "repair" into noise, and its parts are the natural places to cut.  So
 * it is read whole (compressed, it is small), opened, and its first parts
 * parsed for the first screen (epub_read); the thread then reads the other
 * parts onto a copy of that first document (epub_rest), so that no part is
 * parsed twice and the whole begins with the very text of the first part.
 */
#include "loader.h"
#include "epub.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
	PROGRESSIVE = 4 << 20, /* files larger than this load progressively */
	PREFIX = 256 << 10,    /* bytes parsed for the first screen */
	SNIFF = 64,            /* bytes enough to tell an EPUB */
	EPUB_FIRST = 64 << 10, /* bytes of an EPUB's parts parsed for the first screen */
};

struct loader {
	char *path, *name, *encoding;
	struct parse_opts po;
	struct doc *first; /* the first part, or the whole when loaded at once */
	struct doc *whole; /* the thread's result */
	struct epub *epub; /* an EPUB's book, whose rest the thread reads */
	struct buf input; /* standard input's bytes, for loader_reparse() */
	const char *err;
	char errbuf[512]; /* the thread's message, which its own storage would not outlive */
	pthread_t thread;
	int threaded, joined, swapped, partial;
	atomic_int done;
};

static void *
load_whole(void *arg)
{
	struct loader *ld = arg;
	if (ld->epub) {
		ld->whole = epub_rest(ld->epub, ld->first, &ld->err);
		if (ld->whole == NULL) {
			snprintf(ld->errbuf, sizeof ld->errbuf, "%s", ld->err);
			ld->err = ld->errbuf;
		}
	} else {
		ld->whole = parse_load(ld->path, ld->name, ld->encoding, &ld->po, &ld->err);
	}
	atomic_store(&ld->done, 1);
	return NULL;
}

/* Read up to max bytes of path's beginning into b. */
static int
read_head(const char *path, struct buf *b, size_t max, const char **err)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		*err = strerror(errno);
		return -1;
	}
	b->data = xgrow(b->data, &b->cap, max + 1, 1);
	while (b->len < max) {
		ssize_t r = read(fd, b->data + b->len, max - b->len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		b->len += (size_t)r;
	}
	b->data[b->len] = '\0';
	close(fd);
	return 0;
}

/*
 * Where to cut the first part: after the last blank line, else the last
 * line end, else (one huge line) before the last whole UTF-8 character.
 */
static size_t
cut_point(const char *s, size_t n)
{
	for (size_t i = n; i >= 2; i--)
		if (s[i - 1] == '\n' &&
		    (s[i - 2] == '\n' || (s[i - 2] == '\r' && i >= 4 && s[i - 3] == '\n')))
			return i;
	for (size_t i = n; i > 0; i--)
		if (s[i - 1] == '\n')
			return i;
	size_t i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	return i > 0 && (unsigned char)s[i - 1] >= 0xC0 ? i - 1 : i;
}

/* Is the regular file path an EPUB (as parse_load would read it)? */
static int
is_epub(const char *path, const char *name, const struct parse_opts *o)
{
	struct buf head = { 0 };
	const char *err;
	if (o->format != FORMAT_AUTO)
		return o->format == FORMAT_EPUB;
	if (read_head(path, &head, SNIFF, &err) < 0)
		return 0;
	int epub = parse_guess_format(name, head.data, head.len) == FORMAT_EPUB;
	buf_free(&head);
	return epub;
}

static void
start_thread(struct loader *ld)
{
	if (pthread_create(&ld->thread, NULL, load_whole, ld) != 0) {
		/* No thread: load the whole now, slower but the same. */
		load_whole(ld);
	} else {
		ld->threaded = 1;
	}
}

/* An EPUB: its first parts now, the rest on the thread. */
static struct loader *
start_epub(struct loader *ld, const char *path, const char *name, const char **err)
{
	struct buf raw = { 0 };
	if (text_read(path, &raw, err) < 0) {
		buf_free(&raw);
		loader_free(ld);
		return NULL;
	}
	ld->epub = epub_open(&raw, name, err);
	if (ld->epub)
		ld->first = epub_read(ld->epub, &ld->po, EPUB_FIRST, err);
	if (ld->first == NULL) {
		loader_free(ld); /* and its epub */
		return NULL;
	}
	if (epub_complete(ld->epub)) {
		epub_free(ld->epub);
		ld->epub = NULL;
		atomic_store(&ld->done, 1);
		ld->swapped = 1;
		return ld;
	}
	start_thread(ld);
	return ld;
}

struct loader *
loader_start(const char *path, const char *name, const char *encoding, const struct parse_opts *o,
             const char **err)
{
	struct loader *ld = xcalloc(1, sizeof *ld);
	struct stat st;

	ld->po = *o;
	ld->path = xstrdup(path);
	ld->name = xstrdup(name);
	ld->encoding = encoding ? xstrdup(encoding) : NULL;
	if (strcmp(path, "-") == 0) {
		/* Standard input can be read once: its bytes are kept to be parsed again. */
		if (text_read(path, &ld->input, err) < 0) {
			loader_free(ld);
			return NULL;
		}
		ld->first = parse_bytes(ld->input.data ? ld->input.data : "", ld->input.len, name,
		                        encoding, o, err);
		if (ld->first == NULL) {
			loader_free(ld);
			return NULL;
		}
		atomic_store(&ld->done, 1);
		ld->swapped = 1;
		return ld;
	}
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && is_epub(path, name, o))
		return start_epub(ld, path, name, err);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= PROGRESSIVE) {
		ld->first = parse_load(path, name, encoding, o, err);
		if (ld->first == NULL) {
			loader_free(ld);
			return NULL;
		}
		atomic_store(&ld->done, 1);
		ld->swapped = 1;
		return ld;
	}

	struct buf head = { 0 };
	if (read_head(path, &head, PREFIX, err) < 0) {
		loader_free(ld);
		return NULL;
	}
	ld->first = parse_bytes(head.data, cut_point(head.data, head.len), name, encoding, o, err);
	buf_free(&head);
	if (ld->first == NULL) {
		loader_free(ld);
		return NULL;
	}
	/* The whole is read as if opened alone, but in the format the first part had. */
	ld->po.format = (enum parse_format)ld->first->format;
	start_thread(ld);
	return ld;
}

static void
join(struct loader *ld)
{
	if (ld->threaded && !ld->joined) {
		pthread_join(ld->thread, NULL);
		ld->joined = 1;
	}
}

struct doc *
loader_doc(struct loader *ld)
{
	return ld->first;
}

int
loader_complete(const struct loader *ld)
{
	return ld->swapped;
}

int
loader_ready(struct loader *ld)
{
	return !ld->swapped && atomic_load(&ld->done);
}

/* Is s[i] the start of a space (plain, line end, no-break, narrow no-break)? Its length. */
static size_t
space_len(const char *s, size_t n, size_t i)
{
	if (s[i] == ' ' || s[i] == '\n')
		return 1;
	if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
		return 2;
	if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	    (unsigned char)s[i + 2] == 0xAF)
		return 3;
	return 0;
}

enum { KEY = 48, WINDOW = 1 << 20 };

/*
 * Is t[i] something a place's key skips: a space, or a byte outside ASCII
 * (a first part read as UTF-8 and a whole read as Windows-1252 agree on
 * ASCII only)?  Its length.
 */
static size_t
skipped(const char *t, size_t n, size_t i)
{
	size_t sp = space_len(t, n, i);
	return sp ? sp : (unsigned char)t[i] >= 0x80;
}

/* Does t[i..] read key[0..k), spaces and non-ASCII aside? */
static int
reads(const char *t, size_t n, size_t i, const char *key, size_t k)
{
	size_t j = 0;
	while (j < k && i < n) {
		size_t sk = skipped(t, n, i);
		if (sk) {
			i += sk;
			continue;
		}
		if (t[i++] != key[j++])
			return 0;
	}
	return j == k;
}

/* The place in d that reads like key, nearest to near (within lo..hi); or -1. */
static long
find_words(const struct doc *d, size_t lo, size_t hi, size_t near, const char *key, size_t k)
{
	long best = -1;
	for (size_t i = lo; i < hi;) {
		const char *p = memchr(d->text + i, key[0], hi - i);
		if (p == NULL)
			break;
		i = (size_t)(p - d->text);
		if (reads(d->text, d->len, i, key, k)) {
			if (best < 0 || (i > near ? i - near : near - i) <
			                        ((size_t)best > near ? (size_t)best - near
			                                             : near - (size_t)best))
				best = (long)i;
			if (i >= near)
				break; /* later ones are farther */
		}
		i++;
	}
	return best;
}

/* Where the words at off in old stand in new (spaces aside); near off if not found. */
static size_t
map_place(const struct doc *old, size_t off, const struct doc *new)
{
	char key[KEY];
	size_t k = 0, i = off < old->len ? off : old->len;
	while (i < old->len && k < KEY) {
		size_t sk = skipped(old->text, old->len, i);
		if (sk)
			i += sk;
		else
			key[k++] = old->text[i++];
	}
	size_t near = off < new->len ? off : new->len;
	if (k == 0)
		return near;
	size_t lo = near > WINDOW ? near - WINDOW : 0,
	       hi = near + WINDOW < new->len ? near + WINDOW : new->len;
	long at = find_words(new, lo, hi, near, key, k);
	if (at < 0)
		at = find_words(new, 0, new->len, near, key, k);
	return at < 0 ? near : (size_t)at;
}

struct doc *
loader_take(struct loader *ld, size_t *offs, size_t noffs)
{
	if (ld->swapped)
		return ld->first;
	join(ld);
	/* A whole that failed to load (the file vanished): keep the first part, say so. */
	if (ld->whole == NULL) {
		ld->partial = 1;
		msg_at(MSG_WARNING, ld->name, 0, 0, "%s: only its beginning is shown",
		       ld->err ? ld->err : "cannot be read again");
	} else {
		for (size_t k = 0; k < noffs; k++)
			offs[k] = map_place(ld->first, offs[k], ld->whole);
		doc_free(ld->first);
		ld->first = ld->whole;
		ld->whole = NULL;
	}
	ld->swapped = 1;
	return ld->first;
}

struct doc *
loader_reparse(struct loader *ld, const struct parse_opts *o, size_t *offs, size_t noffs)
{
	const char *err = NULL;
	struct doc *old = loader_take(ld, NULL, 0), *d;
	struct parse_opts po = *o;
	po.format = (enum parse_format)old->format; /* the format it was read as */
	if (strcmp(ld->path, "-") == 0)
		d = parse_bytes(ld->input.data ? ld->input.data : "", ld->input.len, ld->name,
		                ld->encoding, &po, &err);
	else
		d = parse_load(ld->path, ld->name, ld->encoding, &po, &err);
	if (d == NULL)
		return NULL;
	for (size_t k = 0; k < noffs; k++)
		offs[k] = map_place(old, offs[k], d);
	doc_free(old);
	ld->first = d;
	ld->po = po;
	return d;
}

int
loader_partial(const struct loader *ld)
{
	return ld->partial;
}

void
loader_free(struct loader *ld)
{
	if (ld == NULL)
		return;
	join(ld);
	doc_free(ld->first);
	doc_free(ld->whole);
	epub_free(ld->epub);
	free(ld->path);
	free(ld->name);
	free(ld->encoding);
	buf_free(&ld->input);
	free(ld);
}
