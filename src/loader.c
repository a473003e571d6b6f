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
 * The two parses must agree on the text, since the reader's place crosses
 * the swap as a byte offset: the whole parse is given the encoding and the
 * language the first part was read with, so the same bytes give the same
 * text.  Notices come from the first parse only; the thread's are muted
 * (they would repeat them, and must not touch the screen from a thread).
 */
#include "loader.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
	PROGRESSIVE = 4 << 20, /* files larger than this load progressively */
	PREFIX = 256 << 10,    /* bytes parsed for the first screen */
};

struct loader {
	char *path, *name, *encoding, *lang;
	struct parse_opts po;
	struct doc *first; /* the first part, or the whole when loaded at once */
	struct doc *whole; /* the thread's result */
	const char *err;
	pthread_t thread;
	int threaded, joined, swapped;
	atomic_int done;
};

static void *
load_whole(void *arg)
{
	struct loader *ld = arg;
	util_mute_notices(1);
	ld->whole = parse_load(ld->path, ld->name, ld->encoding, &ld->po, &ld->err);
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

/* Where to cut the first part: after the last blank line, else the last line end. */
static size_t
cut_point(const char *s, size_t n)
{
	for (size_t i = n; i >= 2; i--)
		if (s[i - 1] == '\n' && (s[i - 2] == '\n' || (s[i - 2] == '\r' && i >= 4 && s[i - 3] == '\n')))
			return i;
	for (size_t i = n; i > 0; i--)
		if (s[i - 1] == '\n')
			return i;
	return n;
}

struct loader *
loader_start(const char *path, const char *name, const char *encoding,
             const struct parse_opts *o, const char **err)
{
	struct loader *ld = xcalloc(1, sizeof *ld);
	struct stat st;

	ld->po = *o;
	if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size <= PROGRESSIVE) {
		ld->first = parse_load(path, name, encoding, o, err);
		if (ld->first == NULL) {
			free(ld);
			return NULL;
		}
		atomic_store(&ld->done, 1);
		ld->swapped = 1;
		return ld;
	}

	struct buf head = {0};
	if (read_head(path, &head, PREFIX, err) < 0) {
		free(ld);
		return NULL;
	}
	ld->first = parse_bytes(head.data, cut_point(head.data, head.len), name, encoding, o, err);
	buf_free(&head);
	if (ld->first == NULL) {
		free(ld);
		return NULL;
	}
	/* The whole is read the way the first part was. */
	ld->path = xstrdup(path);
	ld->name = xstrdup(name);
	ld->encoding = xstrdup(ld->first->info.encoding);
	ld->lang = xstrdup(ld->first->lang);
	ld->po.lang = ld->lang;
	ld->po.format = (enum parse_format)ld->first->format;
	if (pthread_create(&ld->thread, NULL, load_whole, ld) != 0) {
		/* No thread: load the whole now, slower but the same. */
		load_whole(ld);
		util_mute_notices(0);
	} else {
		ld->threaded = 1;
	}
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

struct doc *
loader_take(struct loader *ld)
{
	if (ld->swapped)
		return ld->first;
	join(ld);
	/* A whole that failed to load (the file vanished): keep the first part. */
	if (ld->whole != NULL) {
		doc_free(ld->first);
		ld->first = ld->whole;
		ld->whole = NULL;
	}
	ld->swapped = 1;
	return ld->first;
}

void
loader_free(struct loader *ld)
{
	if (ld == NULL)
		return;
	join(ld);
	doc_free(ld->first);
	doc_free(ld->whole);
	free(ld->path);
	free(ld->name);
	free(ld->encoding);
	free(ld->lang);
	free(ld);
}
