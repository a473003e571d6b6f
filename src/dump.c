/*
 * dump.c — the plain-text backend: the same lines and cells as the screen
 * (layout_walk), written as text.  It is what golden tests compare, so it
 * adds nothing of its own: no numbering, no decoration, no trailing blanks.
 *
 * Blocks are independent once the document is parsed, so a long document
 * is laid out on every core (up to MAX_THREADS): the blocks are dealt out
 * in chunks of about CHUNK_BYTES of text, each thread lays its chunks out
 * with a layout of its own (the scratch space is per layout; they share
 * the document, read only, and hyph.c's patterns and word cache, made to
 * be shared) into a buffer per chunk, and whichever thread completes the
 * next chunk to be written writes it — so the output is the same, byte for
 * byte, on any number of threads.  At most WINDOW chunks are in flight
 * and every block is forgotten once drawn, so a 60 MB book dumps in
 * bounded memory.
 */
#include "dump.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "util.h"

enum {
	CHUNK_BYTES = 1 << 16, /* text per chunk: large enough that dealing costs nothing */
	MAX_THREADS = 8,
	WINDOW = 4 * MAX_THREADS, /* chunks laid out ahead of the one being written */
};

/*
 * The output of many rows, gathered into one buffer per chunk: a book is
 * millions of cells, and a stdio call per cell (or per blank) would cost
 * more than laying the book out.
 */
struct dump_out {
	char *data;
	size_t len, cap;
	size_t row; /* where the row being built starts in data */
	int col;    /* its columns so far */
};

static char *
dump_room(struct dump_out *o, size_t n)
{
	if (o->len + n > o->cap)
		o->data = xgrow(o->data, &o->cap, o->len + n, 1);
	return o->data + o->len;
}

static void
dump_put_cell(void *arg, const struct cell *c)
{
	struct dump_out *o = arg;
	size_t pad = c->col > o->col ? (size_t)(c->col - o->col) : 0;
	if (c->style & CELL_SPACE) {
		size_t w = pad + (size_t)c->width;
		memset(dump_room(o, w), ' ', w);
		o->len += w;
	} else {
		char *p = dump_room(o, pad + c->n + 1);
		memset(p, ' ', pad);
		memcpy(p + pad, c->s, c->n);
		o->len += pad + c->n;
		if (c->style & CELL_BAR)
			o->data[o->len++] = ' ', o->col++;
	}
	o->col += (int)pad + c->width;
}

static void
dump_begin_row(struct dump_out *o)
{
	o->row = o->len;
	o->col = 0;
}

/* End the row without its trailing blanks. */
static void
dump_end_row(struct dump_out *o)
{
	while (o->len > o->row && o->data[o->len - 1] == ' ')
		o->len--;
	*dump_room(o, 1) = '\n';
	o->len++;
}

/* Blocks [b0, b1) as text, appended to o (each but the document's first after its gap rows). */
static void
dump_blocks(struct layout *l, const struct doc *d, size_t b0, size_t b1, struct dump_out *o)
{
	const char *text = d->text;
	for (size_t b = b0; b < b1; b++) {
		size_t n;
		const struct line *lines = layout_lines(l, b, &n);
		for (int k = b > 0 ? flow_gap(d, b - 1) : 0; k > 0; k--) {
			/* The blank rows before it, as the screen has them (flow.c). */
			dump_begin_row(o);
			layout_walk_gap(l, b - 1, dump_put_cell, o);
			dump_end_row(o);
		}
		for (size_t i = 0; i < n; i++) {
			const struct line *ln = &lines[i];
			dump_begin_row(o);
			if (layout_plain(l, b, ln)) {
				/* Most lines: the cells would be the bytes, one after the other. */
				size_t len = ln->end - ln->start, ind = (size_t)ln->indent;
				char *p = dump_room(o, ind + len + 1);
				memset(p, ' ', ind);
				memcpy(p + ind, text + ln->start, len);
				p[ind + len] = '-';
				o->len += ind + len + (ln->hyphen != 0);
			} else {
				layout_walk(l, b, ln, dump_put_cell, o);
			}
			dump_end_row(o);
		}
		layout_forget(l, b);
	}
}

struct dump_slot {
	struct dump_out o;
	int done; /* laid out, not yet written */
};

/* The work shared by the threads of one dump; the fields below mu are under it. */
struct dump_job {
	const struct doc *d;
	struct layout_opts opts; /* for the threads' own layouts */
	char lang[16];
	FILE *f;
	size_t *first; /* chunk k is blocks [first[k], first[k + 1]) */
	size_t nchunks;
	pthread_mutex_t mu;
	pthread_cond_t moved; /* a chunk was written: the window moved */
	size_t next;          /* the next chunk to lay out */
	size_t written;       /* chunks written */
	int writing;          /* a thread is writing */
	struct dump_slot slots[WINDOW];
};

/* Lay chunks out with l until none is left, writing them in order. */
static void
dump_work(struct dump_job *j, struct layout *l)
{
	pthread_mutex_lock(&j->mu);
	for (;;) {
		while (j->next < j->nchunks && j->next >= j->written + WINDOW)
			pthread_cond_wait(&j->moved, &j->mu);
		if (j->next >= j->nchunks)
			break;
		size_t k = j->next++;
		struct dump_slot *s = &j->slots[k % WINDOW];
		pthread_mutex_unlock(&j->mu);
		s->o.len = 0;
		dump_blocks(l, j->d, j->first[k], j->first[k + 1], &s->o);
		pthread_mutex_lock(&j->mu);
		s->done = 1;
		if (j->writing)
			continue; /* the thread writing will come to it */
		j->writing = 1;
		while (j->written < j->nchunks && j->slots[j->written % WINDOW].done) {
			struct dump_slot *w = &j->slots[j->written % WINDOW];
			pthread_mutex_unlock(&j->mu);
			fwrite(w->o.data ? w->o.data : "", 1, w->o.len, j->f);
			pthread_mutex_lock(&j->mu);
			w->done = 0;
			j->written++;
			pthread_cond_broadcast(&j->moved);
		}
		j->writing = 0;
	}
	pthread_mutex_unlock(&j->mu);
}

static void *
dump_worker(void *arg)
{
	struct dump_job *j = arg;
	/* The caller's layout has said what there was to say (no patterns…). */
	msg_mute(1);
	struct layout *l = layout_create(j->d, &j->opts);
	dump_work(j, l);
	layout_free(l);
	return NULL;
}

/* How many threads: LISEUSE_DUMP_THREADS if set, else one per CPU we may use, one per chunk at
 * most. */
static size_t
dump_nthreads(size_t nchunks)
{
	const char *e = getenv("LISEUSE_DUMP_THREADS");
	long n = e && *e ? atol(e) : util_ncpus();
	if (n < 1)
		n = 1;
	if (n > MAX_THREADS)
		n = MAX_THREADS;
	return (size_t)n < nchunks ? (size_t)n : nchunks ? nchunks : 1;
}

void
dump_text(struct layout *l, const struct doc *d, FILE *out)
{
	struct dump_job *j = xcalloc(1, sizeof *j);
	size_t cap = 0;

	j->d = d;
	j->f = out;
	j->opts = *layout_get_opts(l);
	snprintf(j->lang, sizeof j->lang, "%s", j->opts.lang ? j->opts.lang : "");
	j->opts.lang = j->lang;
	for (size_t b = 0, bytes = 0; b < d->nblocks; b++) {
		if (b == 0 || bytes >= CHUNK_BYTES) {
			j->first = xgrow(j->first, &cap, j->nchunks + 2, sizeof *j->first);
			j->first[j->nchunks++] = b;
			bytes = 0;
		}
		bytes += d->blocks[b].end - d->blocks[b].start;
	}
	j->first = xgrow(j->first, &cap, j->nchunks + 1, sizeof *j->first);
	j->first[j->nchunks] = d->nblocks;
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->moved, NULL);

	size_t nt = dump_nthreads(j->nchunks), started = 0;
	pthread_t tid[MAX_THREADS];
	for (size_t t = 1; t < nt; t++)
		if (util_thread_create(&tid[started], dump_worker, j) == 0)
			started++; /* fewer threads is only slower */
	dump_work(j, l);
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);

	pthread_cond_destroy(&j->moved);
	pthread_mutex_destroy(&j->mu);
	for (size_t k = 0; k < WINDOW; k++)
		free(j->slots[k].o.data);
	free(j->first);
	free(j);
}

void
dump_toc(const struct doc *d, FILE *out)
{
	for (size_t i = 0; i < d->nsections; i++)
		fprintf(out, "%zu\t%d\t%s\n", i + 1, d->sections[i].level, d->sections[i].title);
}
