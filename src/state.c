/*
 * state.c — the reading state that outlives a run: each file's position and
 * marks, and the search history, in $XDG_STATE_HOME/liseuse/ (default
 * ~/.local/state/liseuse/).  Start at state_open() and state_save().
 *
 * Files (plain text, one record a line, '#' lines are comments):
 *
 *   positions  one line per document, the most recently read last, at most
 *              STATE_MAX_DOCS lines:
 *                  FINGERPRINT <TAB> OFFSET <TAB> MARKS <TAB> PATH
 *              FINGERPRINT  LEN-HASH: the document text's length in bytes and
 *                           16 hex digits of FNV-1a over its first and last
 *                           64 KiB (a position saved for another text is dropped)
 *              OFFSET       the reading position, a byte offset into the text
 *              MARKS        "-", or "a=OFFSET,c=OFFSET,…" for the marks set
 *              PATH         the canonical absolute path (realpath)
 *   history    one search query a line (UTF-8), the oldest first, at most
 *              STATE_MAX_HISTORY lines, no line equal to the one before.
 *   lock       empty; writers hold flock(LOCK_EX) on it.
 *
 * In PATH and in queries, a backslash, a tab, a line feed and a carriage
 * return are written \\, \t, \n and \r, and a query starting with '#'
 * starts with \#.  Every line ends with a line feed.
 *
 * Why so: a crash or a second instance must never lose anything.  Readers
 * just read (rename is atomic, so they see an old or a new file, never a
 * half-written one).  A writer takes the lock, re-reads the file, replaces
 * only its own document's record (or appends only its own new queries),
 * writes a temporary file beside it, fsyncs it, renames it over the old one
 * and fsyncs the directory.  So two readers quitting in any order both keep
 * their positions.  A damaged line (bad field, NUL byte, no final line feed
 * after a truncation) is skipped with a notice and dropped at the next save;
 * a file that cannot be read or written costs a notice, never the reader.
 */
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <unistr.h>

#include "util.h"

enum {
	NMARKS = 26,
	HASH_SPAN = 64 * 1024,       /* bytes hashed at each end of the text */
	MAX_FILE = 16 * 1024 * 1024, /* larger state files are not ours */
	LOCK_TRIES = 500,            /* times 10 ms: how long to wait for the lock */
};

/* A list of strings. */
struct state_strv {
	char **v;
	size_t n, cap;
};

struct state {
	char *dir;  /* where the files are; NULL: no home, nothing saved */
	char *path; /* canonical path; NULL: standard input, no position */
	char fp[48];
	int have_pos;
	size_t pos;
	unsigned marks_set; /* bit i: mark 'a' + i is set */
	size_t marks[NMARKS];
	struct state_strv hist;  /* the history as shown */
	struct state_strv added; /* queries added since the last save */
};

static void
state_strv_add(struct state_strv *sv, char *s)
{
	sv->v = xgrow(sv->v, &sv->cap, sv->n + 1, sizeof *sv->v);
	sv->v[sv->n++] = s;
}

static void
state_strv_free(struct state_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

/* Add s to a history unless it repeats the last entry; s is taken. */
static void
state_hist_push(struct state_strv *sv, char *s)
{
	if (sv->n > 0 && strcmp(sv->v[sv->n - 1], s) == 0)
		free(s);
	else
		state_strv_add(sv, s);
}

/* Keep only the last max entries. */
static void
state_strv_keep_last(struct state_strv *sv, size_t max)
{
	if (sv->n <= max)
		return;
	size_t drop = sv->n - max;
	for (size_t i = 0; i < drop; i++)
		free(sv->v[i]);
	memmove(sv->v, sv->v + drop, max * sizeof *sv->v);
	sv->n = max;
}

/* Add a notice to msg, "; "-separated. */
static void state_note(struct buf *msg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
state_note(struct buf *msg, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	buf_addsep(msg, "; ", tmp);
}

static void
state_fingerprint(char out[48], const char *text, size_t len)
{
	uint64_t h = 0xcbf29ce484222325u;
	size_t head = len < HASH_SPAN ? len : HASH_SPAN;
	size_t tail = len - head < HASH_SPAN ? len - head : HASH_SPAN;
	for (size_t i = 0; i < head; i++)
		h = (h ^ (unsigned char)text[i]) * 0x100000001b3u;
	for (size_t i = len - tail; i < len; i++)
		h = (h ^ (unsigned char)text[i]) * 0x100000001b3u;
	snprintf(out, 48, "%zu-%016llx", len, (unsigned long long)h);
}

static void
state_escape(struct buf *b, const char *s)
{
	if (*s == '#') /* not to be read back as a comment */
		buf_addc(b, '\\');
	for (; *s; s++) {
		switch (*s) {
		case '\\':
			buf_adds(b, "\\\\");
			break;
		case '\t':
			buf_adds(b, "\\t");
			break;
		case '\n':
			buf_adds(b, "\\n");
			break;
		case '\r':
			buf_adds(b, "\\r");
			break;
		default:
			buf_addc(b, *s);
		}
	}
}

/* Unescape s[0..n) into a fresh string, or NULL if it is not well formed. */
static char *
state_unescape(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\t' || s[i] == '\r') {
			free(out);
			return NULL;
		}
		if (s[i] != '\\') {
			*o++ = s[i];
			continue;
		}
		switch (i + 1 < n ? s[++i] : 0) {
		case '\\':
			*o++ = '\\';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case '#':
			*o++ = '#';
			break;
		default:
			free(out);
			return NULL;
		}
	}
	*o = '\0';
	return out;
}

/* A decimal size_t filling s[0..n) exactly; 0 on success. */
static int
state_parse_size(const char *s, size_t n, size_t *v)
{
	if (n == 0 || n > 19)
		return -1;
	size_t x = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (size_t)(s[i] - '0');
	}
	*v = x;
	return 0;
}

/* One parsed line of the positions file. */
struct state_record {
	const char *fp; /* fp[0..fplen) */
	size_t fplen;
	size_t pos;
	unsigned marks_set;
	size_t marks[NMARKS];
	char *path; /* unescaped, owned */
};

/* Parse line[0..n) (no line feed) into r; 0 on success, -1 if damaged. */
static int
state_parse_record(const char *line, size_t n, struct state_record *r)
{
	const char *f[4];
	size_t fl[4];
	const char *p = line, *end = line + n;
	for (int i = 0; i < 4; i++) {
		const char *tab = i < 3 ? memchr(p, '\t', (size_t)(end - p)) : NULL;
		const char *e = tab ? tab : end;
		if (i < 3 && tab == NULL)
			return -1;
		f[i] = p;
		fl[i] = (size_t)(e - p);
		p = e + 1;
	}
	/* FINGERPRINT: digits, '-', 16 hex digits. */
	const char *dash = memchr(f[0], '-', fl[0]);
	size_t dummy;
	if (dash == NULL || state_parse_size(f[0], (size_t)(dash - f[0]), &dummy) ||
	    fl[0] - (size_t)(dash - f[0]) != 17 || fl[0] >= 48)
		return -1;
	for (const char *c = dash + 1; c < f[0] + fl[0]; c++)
		if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f')))
			return -1;
	r->fp = f[0];
	r->fplen = fl[0];
	if (state_parse_size(f[1], fl[1], &r->pos))
		return -1;
	r->marks_set = 0;
	if (!(fl[2] == 1 && f[2][0] == '-')) {
		const char *m = f[2], *mend = f[2] + fl[2];
		while (m < mend) {
			const char *comma = memchr(m, ',', (size_t)(mend - m));
			const char *e = comma ? comma : mend;
			if (e - m < 3 || m[0] < 'a' || m[0] > 'z' || m[1] != '=')
				return -1;
			int k = m[0] - 'a';
			if (state_parse_size(m + 2, (size_t)(e - m - 2), &r->marks[k]))
				return -1;
			r->marks_set |= 1u << k;
			m = comma ? comma + 1 : mend;
			if (comma && m == mend)
				return -1;
		}
	}
	r->path = state_unescape(f[3], fl[3]);
	if (r->path == NULL || r->path[0] != '/') {
		free(r->path);
		return -1;
	}
	return 0;
}

/*
 * Read dir/name whole into b: 0 if read (or missing: b stays empty), -1 with
 * a notice if it cannot be read.
 */
static int
state_read_file(const char *dir, const char *name, struct buf *b, struct buf *msg)
{
	char *p = xasprintf("%s/%s", dir, name);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	int rc = 0;
	if (fd < 0) {
		if (errno != ENOENT) {
			state_note(msg, "cannot read %s: %s", p, strerror(errno));
			rc = -1;
		}
		free(p);
		return rc;
	}
	char chunk[8192];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			state_note(msg, "cannot read %s: %s", p, strerror(errno));
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		if (b->len + (size_t)n > MAX_FILE) {
			state_note(msg, "%s: too large, ignored", p);
			rc = -1;
			break;
		}
		buf_add(b, chunk, (size_t)n);
	}
	close(fd);
	free(p);
	if (rc)
		b->len = 0;
	return rc;
}

/*
 * Call fn on every record line of b (not comments nor blank lines); damaged
 * lines (fn returns -1, a NUL byte, no final line feed) get one notice.
 */
static void
state_each_line(const struct buf *b, const char *dir, const char *name, struct buf *msg,
                int (*fn)(const char *line, size_t n, void *arg), void *arg)
{
	size_t bad = 0, first = 0, lineno = 0;
	const char *p = b->data, *end = b->data + b->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		lineno++;
		if (nl == NULL || memchr(p, '\0', n) != NULL ||
		    (n > 0 && p[0] != '#' && fn(p, n, arg) != 0)) {
			if (bad++ == 0)
				first = lineno;
		}
		p += n + 1;
	}
	if (bad == 1)
		state_note(msg, "%s/%s:%zu: damaged line ignored", dir, name, first);
	else if (bad > 1)
		state_note(msg, "%s/%s:%zu: %zu damaged lines ignored", dir, name, first, bad);
}

/* Reading positions: find this document's record. */
struct state_find_arg {
	struct state *s;
	size_t len;
	int found, changed;
};

static int
state_find_line(const char *line, size_t n, void *arg)
{
	struct state_find_arg *a = arg;
	struct state_record r;
	if (state_parse_record(line, n, &r))
		return -1;
	if (a->s->path && strcmp(r.path, a->s->path) == 0) {
		/* The last record of a path wins, as a save leaves only one. */
		a->found = 1;
		a->changed = r.fplen != strlen(a->s->fp) || memcmp(r.fp, a->s->fp, r.fplen) != 0;
		a->s->have_pos = 0;
		a->s->marks_set = 0;
		if (!a->changed) {
			if (r.pos <= a->len) {
				a->s->have_pos = 1;
				a->s->pos = r.pos;
			}
			for (int k = 0; k < NMARKS; k++)
				if ((r.marks_set >> k & 1) && r.marks[k] <= a->len) {
					a->s->marks_set |= 1u << k;
					a->s->marks[k] = r.marks[k];
				}
		}
	}
	free(r.path);
	return 0;
}

/* The history: collect the queries (UTF-8, as typed). */
static int
state_hist_line(const char *line, size_t n, void *arg)
{
	if (u8_check((const uint8_t *)line, n) != NULL)
		return -1;
	char *q = state_unescape(line, n);
	if (q == NULL)
		return -1;
	state_hist_push(arg, q);
	return 0;
}

/* Does a record name this path? */
struct state_known_arg {
	const char *path;
	int found;
};

static int
state_known_line(const char *line, size_t n, void *arg)
{
	struct state_known_arg *a = arg;
	struct state_record r;
	if (state_parse_record(line, n, &r))
		return -1;
	if (strcmp(r.path, a->path) == 0)
		a->found = 1;
	free(r.path);
	return 0;
}

int
state_known(const char *path)
{
	char *dir = util_xdg_path("XDG_STATE_HOME", ".local/state", "liseuse"),
	     *real = path ? realpath(path, NULL) : NULL;
	struct buf b = { 0 }, msg = { 0 };
	struct state_known_arg a = { real, 0 };
	if (dir && real && state_read_file(dir, "positions", &b, &msg) == 0 && b.len)
		state_each_line(&b, dir, "positions", &msg, state_known_line, &a);
	buf_free(&b);
	buf_free(&msg);
	free(dir);
	free(real);
	return a.found;
}

struct state *
state_open(const char *path, const char *text, size_t len, char **notice)
{
	struct state *s = xcalloc(1, sizeof *s);
	struct buf msg = { 0 };
	*notice = NULL;
	s->dir = util_xdg_path("XDG_STATE_HOME", ".local/state", "liseuse");
	if (s->dir == NULL) {
		state_note(&msg, "no home directory: the reading state is not kept");
		*notice = msg.data;
		return s;
	}
	state_fingerprint(s->fp, text ? text : "", text ? len : 0);
	if (path && strcmp(path, "-") != 0) {
		char *real = realpath(path, NULL);
		if (real)
			s->path = real;
		else if (path[0] == '/')
			s->path = xstrdup(path);
	}

	struct buf b = { 0 };
	if (s->path && state_read_file(s->dir, "positions", &b, &msg) == 0 && b.len) {
		struct state_find_arg a = { s, len, 0, 0 };
		state_each_line(&b, s->dir, "positions", &msg, state_find_line, &a);
		if (a.found && a.changed)
			state_note(&msg,
			           "the text has changed since it was last read: its position and "
			           "marks are dropped");
	}
	b.len = 0;
	if (state_read_file(s->dir, "history", &b, &msg) == 0 && b.len) {
		state_each_line(&b, s->dir, "history", &msg, state_hist_line, &s->hist);
		state_strv_keep_last(&s->hist, STATE_MAX_HISTORY);
	}
	buf_free(&b);
	*notice = msg.data;
	return s;
}

int
state_position(const struct state *s, size_t *off)
{
	if (!s->have_pos)
		return -1;
	*off = s->pos;
	return 0;
}

void
state_set_position(struct state *s, size_t off)
{
	s->have_pos = 1;
	s->pos = off;
}

int
state_mark(const struct state *s, int letter, size_t *off)
{
	if (letter < 'a' || letter > 'z' || !(s->marks_set >> (letter - 'a') & 1))
		return -1;
	*off = s->marks[letter - 'a'];
	return 0;
}

void
state_set_mark(struct state *s, int letter, size_t off)
{
	if (letter < 'a' || letter > 'z')
		return;
	s->marks_set |= 1u << (letter - 'a');
	s->marks[letter - 'a'] = off;
}

size_t
state_history(const struct state *s, const char *const **items)
{
	*items = (const char *const *)s->hist.v;
	return s->hist.n;
}

void
state_history_add(struct state *s, const char *query)
{
	if (query == NULL || query[0] == '\0')
		return;
	if (s->hist.n > 0 && strcmp(s->hist.v[s->hist.n - 1], query) == 0)
		return;
	state_strv_add(&s->hist, xstrdup(query));
	state_strv_keep_last(&s->hist, STATE_MAX_HISTORY);
	state_hist_push(&s->added, xstrdup(query));
	state_strv_keep_last(&s->added, STATE_MAX_HISTORY);
}

/* Make dir and its parents (0700, as XDG asks); 0 on success. */
static int
state_mkdirs(const char *dir)
{
	char *p = xstrdup(dir);
	int rc = 0;
	for (char *c = p + 1;; c++) {
		if (*c == '/' || *c == '\0') {
			char save = *c;
			*c = '\0';
			if (mkdir(p, 0700) != 0 && errno != EEXIST) {
				rc = -1;
				break;
			}
			*c = save;
			if (save == '\0')
				break;
		}
	}
	int err = errno;
	struct stat st;
	if (rc == 0 && stat(dir, &st) != 0) {
		err = errno;
		rc = -1;
	} else if (rc == 0 && !S_ISDIR(st.st_mode)) {
		err = ENOTDIR;
		rc = -1;
	}
	free(p);
	errno = err;
	return rc;
}

static int
state_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Replace dir/name by data[0..n): temporary file, fsync, rename, fsync dir. */
static int
state_write_atomic(const char *dir, const char *name, const char *data, size_t n, struct buf *msg)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *tmp = xasprintf("%s/.%s.%ld.tmp", dir, name, (long)getpid());
	int rc = -1;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		state_note(msg, "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (state_write_all(fd, data, n) != 0 || fsync(fd) != 0) {
		state_note(msg, "cannot write %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) != 0) {
		state_note(msg, "cannot write %s: %s", tmp, strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) != 0) {
		state_note(msg, "cannot replace %s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd); /* makes the rename durable; nothing to do if it fails */
		close(dfd);
	}
	rc = 0;
out:
	free(path);
	free(tmp);
	return rc;
}

/* Take the writers' lock: the descriptor, or -1 with a notice. */
static int
state_lock_dir(const char *dir, struct buf *msg)
{
	char *p = xasprintf("%s/lock", dir);
	int fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		state_note(msg, "cannot lock %s: %s", p, strerror(errno));
		free(p);
		return -1;
	}
	for (int i = 0;; i++) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK || i == LOCK_TRIES) {
			state_note(msg, "cannot lock %s: %s", p,
			           errno == EWOULDBLOCK ? "held too long by another liseuse"
			                                : strerror(errno));
			close(fd);
			free(p);
			return -1;
		}
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	free(p);
	return fd;
}

/* Copy the other documents' records: every well-formed line but this path's. */
struct state_merge_arg {
	const char *path;
	struct state_strv lines;
};

static int
state_merge_line(const char *line, size_t n, void *arg)
{
	struct state_merge_arg *a = arg;
	struct state_record r;
	if (state_parse_record(line, n, &r))
		return -1;
	if (strcmp(r.path, a->path) != 0)
		state_strv_add(&a->lines, xstrndup(line, n));
	free(r.path);
	return 0;
}

static int
state_save_positions(struct state *s, struct buf *msg)
{
	struct buf old = { 0 }, out = { 0 }, ignored = { 0 };
	struct state_merge_arg a = { s->path, { 0 } };
	int rc = -1;
	if (state_read_file(s->dir, "positions", &old, msg) != 0) {
		/* Writing now could lose what the others saved. */
		state_note(msg, "reading position not saved");
		goto out;
	}
	state_each_line(&old, s->dir, "positions", &ignored, state_merge_line, &a);

	buf_adds(&out,
	         "# liseuse positions: FINGERPRINT\\tOFFSET\\tMARKS\\tPATH, most recent last\n");
	size_t first = a.lines.n >= STATE_MAX_DOCS ? a.lines.n - (STATE_MAX_DOCS - 1) : 0;
	for (size_t i = first; i < a.lines.n; i++) {
		buf_adds(&out, a.lines.v[i]);
		buf_addc(&out, '\n');
	}
	char num[32];
	buf_adds(&out, s->fp);
	snprintf(num, sizeof num, "\t%zu\t", s->have_pos ? s->pos : 0);
	buf_adds(&out, num);
	if (s->marks_set == 0)
		buf_addc(&out, '-');
	for (int k = 0, sep = 0; k < NMARKS; k++) {
		if (!(s->marks_set >> k & 1))
			continue;
		snprintf(num, sizeof num, "%s%c=%zu", sep++ ? "," : "", 'a' + k, s->marks[k]);
		buf_adds(&out, num);
	}
	buf_addc(&out, '\t');
	state_escape(&out, s->path);
	buf_addc(&out, '\n');
	rc = state_write_atomic(s->dir, "positions", out.data, out.len, msg);
out:
	state_strv_free(&a.lines);
	buf_free(&old);
	buf_free(&out);
	buf_free(&ignored);
	return rc;
}

static int
state_save_history(struct state *s, struct buf *msg)
{
	struct buf old = { 0 }, out = { 0 }, ignored = { 0 };
	struct state_strv h = { 0 };
	int rc = -1;
	if (state_read_file(s->dir, "history", &old, msg) != 0) {
		state_note(msg, "search history not saved");
		goto out;
	}
	state_each_line(&old, s->dir, "history", &ignored, state_hist_line, &h);
	for (size_t i = 0; i < s->added.n; i++)
		state_hist_push(&h, xstrdup(s->added.v[i]));
	state_strv_keep_last(&h, STATE_MAX_HISTORY);
	buf_adds(&out, "# liseuse search history, oldest first\n");
	for (size_t i = 0; i < h.n; i++) {
		state_escape(&out, h.v[i]);
		buf_addc(&out, '\n');
	}
	rc = state_write_atomic(s->dir, "history", out.data, out.len, msg);
	if (rc == 0) {
		/* Show what the other instances searched for, too. */
		state_strv_free(&s->hist);
		s->hist = h;
		h = (struct state_strv){ 0 };
		state_strv_free(&s->added);
	}
out:
	state_strv_free(&h);
	buf_free(&old);
	buf_free(&out);
	buf_free(&ignored);
	return rc;
}

int
state_save(struct state *s, char **notice)
{
	struct buf msg = { 0 };
	int rc = 0;
	*notice = NULL;
	if (s->dir == NULL)
		return 0; /* state_open already said so */
	if (s->path == NULL && s->added.n == 0)
		return 0;
	if (state_mkdirs(s->dir) != 0) {
		state_note(&msg, "cannot create %s: %s", s->dir, strerror(errno));
		*notice = msg.data;
		return -1;
	}
	int lock = state_lock_dir(s->dir, &msg);
	if (lock < 0) {
		*notice = msg.data;
		return -1;
	}
	if (s->path && state_save_positions(s, &msg) != 0)
		rc = -1;
	if (s->added.n > 0 && state_save_history(s, &msg) != 0)
		rc = -1;
	close(lock); /* releases the lock */
	*notice = msg.data;
	return rc;
}

void
state_free(struct state *s)
{
	if (s == NULL)
		return;
	free(s->dir);
	free(s->path);
	state_strv_free(&s->hist);
	state_strv_free(&s->added);
	free(s);
}
