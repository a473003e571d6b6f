/*
 * text.c — the gate every byte goes through before anything else sees it.
 *
 * After text_sanitize() the rest of the program may assume: valid UTF-8,
 * NFC, '\n' line ends, no tab, and no character a terminal would act on
 * (C0/C1 controls become visible symbols: ESC is shown as U+241B "␛", a C1
 * control as "␛" plus its 7-bit equivalent, so "\x9b" reads "␛[").  Input is
 * read whole with read(2), not mmap, so a file truncated while open cannot
 * raise SIGBUS.
 *
 * Encoding: valid UTF-8 is taken as is.  Invalid input is UTF-8 with
 * broken bytes (each becomes U+FFFD) or Windows-1252, the usual encoding of
 * older French files, and each encoding gets a vote from what only it
 * explains.  For UTF-8: a valid multi-byte sequence, which Windows-1252 text
 * makes only by chance (an accented capital followed by a symbol, "Ã©").
 * For Windows-1252: a lone byte 0xC0-0xFF beside an ASCII letter, an
 * accented letter inside a word ("caf\xE9s", "\xE9t\xE9").  Other bad bytes
 * (stray continuation bytes, truncated or overlong sequences, a lone lead
 * byte between spaces, Windows-1252 punctuation) are broken either way and
 * do not vote.  UTF-8 wins on more votes; a tie (none of either) goes to
 * Windows-1252, whose 0x80-0xBF are the quotes and dashes such files use.
 * So Markus Kuhn's stress test (80 valid sequences, hundreds of bad bytes,
 * none of them inside a word) is UTF-8, and a French Windows-1252 book
 * (no valid sequence, thousands of letters) is Windows-1252.
 *
 * Most files are clean already: text_adopt() checks that, read-only (on two
 * threads for a big file), and hands the bytes on as they are, with no
 * copy; text_sanitize() does the repairs.
 *
 * NFC through libunistring is costly on a 60 MB book, so it runs only on the
 * lines that hold a character that might not be in NFC already: everything
 * below U+0300 is (Latin letters are precomposed there), and so are the
 * general punctuation marks French uses (’ « » … U+202F).
 *
 * Grapheme clusters come from libunistring (UAX #29, with context, so that
 * emoji ZWJ sequences stay whole); widths from uc_width,
 * with emoji presentation (U+FE0F) making a cluster two columns wide.
 */
#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unigbrk.h>
#include <uniconv.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwidth.h>

int
text_read(const char *path, struct buf *raw, const char **err)
{
	int fd = 0;
	struct stat st;

	if (strcmp(path, "-") != 0) {
		fd = open(path, O_RDONLY);
		if (fd < 0) {
			*err = strerror(errno);
			return -1;
		}
	}
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			*err = strerror(EISDIR);
			if (fd)
				close(fd);
			return -1;
		}
		if (S_ISREG(st.st_mode) && st.st_size > 0)
			raw->data = xgrow(raw->data, &raw->cap, (size_t)st.st_size + 1, 1);
	}
	for (;;) {
		raw->data = xgrow(raw->data, &raw->cap, raw->len + 65536 + 1, 1);
		ssize_t r = read(fd, raw->data + raw->len, raw->cap - raw->len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			*err = strerror(errno);
			if (fd)
				close(fd);
			return -1;
		}
		if (r == 0)
			break;
		raw->len += (size_t)r;
	}
	raw->data[raw->len] = '\0';
	if (fd)
		close(fd);
	return 0;
}

/* Windows-1252's 0x80-0x9F; the five holes stay U+FFFD. */
static const uint16_t cp1252[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0xFFFD,
};

/* Does cp possibly change under NFC, or compose with what precedes it? */
static int
text_nfc_suspect(uint32_t cp)
{
	if (cp < 0x300)
		return 0;
	if (cp >= 0x2010 && cp <= 0x205E)
		return 0;
	if (cp == 0x20AC || cp == 0xFFFD || (cp >= 0x2400 && cp <= 0x2426))
		return 0;
	return 1;
}

/* The state of the cleaning pass, one code point at a time. */
struct text_clean {
	struct buf *out;
	struct text_info *info;
	size_t line_start; /* output offset where the current line starts */
	int col;           /* code points since line start, for tabs */
	int suspect;       /* the current line may need NFC */
	int cr;            /* the last code point was CR */
	int first;         /* nothing emitted yet (to drop a BOM) */
	int count_bad;     /* count invalid sequences as they come */
};

static void
text_clean_nfc_line(struct text_clean *c)
{
	struct buf *o = c->out;
	size_t n = o->len - c->line_start, rn = 0;
	uint8_t *r;

	if (!c->suspect || n == 0)
		return;
	r = u8_normalize(UNINORM_NFC, (uint8_t *)o->data + c->line_start, n, NULL, &rn);
	if (r != NULL) {
		o->len = c->line_start;
		buf_add(o, r, rn);
		free(r);
	}
	c->suspect = 0;
}

static void
text_clean_put(struct text_clean *c, uint32_t cp)
{
	struct buf *o = c->out;

	if (c->first) {
		c->first = 0;
		if (cp == 0xFEFF)
			return;
	}
	if (cp == '\n' && c->cr) {
		c->cr = 0;
		return;
	}
	c->cr = 0;
	if (cp == '\r') {
		c->cr = 1;
		cp = '\n';
	}
	if (cp == '\n') {
		text_clean_nfc_line(c);
		buf_addc(o, '\n');
		c->line_start = o->len;
		c->col = 0;
		return;
	}
	if (cp == '\t') {
		do
			buf_addc(o, ' ');
		while (++c->col % 8);
		return;
	}
	if (cp < 0x20 || cp == 0x7F) {
		buf_addcp(o, cp == 0x7F ? 0x2421 : 0x2400 + cp);
		c->info->controls++;
	} else if (cp >= 0x80 && cp < 0xA0) {
		buf_addcp(o, 0x241B);
		buf_addc(o, (char)(cp - 0x40));
		c->info->controls++;
		c->col++;
	} else {
		if (cp < 0x80)
			buf_addc(o, (char)cp);
		else
			buf_addcp(o, cp);
		if (text_nfc_suspect(cp))
			c->suspect = 1;
	}
	c->col++;
}

static int
text_ascii_letter(const uint8_t *p, const uint8_t *start, const uint8_t *end)
{
	return p >= start && p < end && ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z');
}

/*
 * Count what UTF-8 decoding would find: valid multi-byte sequences, invalid
 * bytes, and of those the lone 0xC0-0xFF beside an ASCII letter (a
 * Windows-1252 letter inside a word).  The design comment weighs them.
 */
static void
text_utf8_census(const char *s, size_t n, size_t *multi, size_t *bad, size_t *letters)
{
	const uint8_t *start = (const uint8_t *)s, *p = start, *end = p + n;
	*multi = *bad = *letters = 0;
	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		ucs4_t uc;
		int k = u8_mbtoucr(&uc, p, (size_t)(end - p));
		if (k < 0) {
			(*bad)++;
			if (*p >= 0xC0 && (text_ascii_letter(p - 1, start, end) ||
			                   text_ascii_letter(p + 1, start, end)))
				(*letters)++;
			p++;
		} else {
			(*multi)++;
			p += k;
		}
	}
}

/*
 * The fast path.  Is the line s[0..n) (without its line end) clean text
 * already, to be copied as is: printable ASCII and, when utf8, well-formed
 * UTF-8 with no control character?  *suspect is set if it holds a character
 * NFC might change.  It is conservative: anything unusual (a tab, a CR, an
 * overlong form, a surrogate, a C1 control) answers no, and the line goes
 * through text_clean_put(), which decides exactly.  For the sequences it accepts,
 * text_clean_put() would decode the same code point and write the same bytes.
 */
static int
text_line_clean(const uint8_t *s, size_t n, int utf8, int *suspect)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	size_t i = 0;

	while (i < n) {
		/*
		 * Eight bytes at a time while they are all in 0x20..0x7E: a
		 * byte below 0x20 borrows in x - 0x20…, a 0x7F becomes 0 in
		 * x ^ 0x7F… and borrows in the next subtraction; either sets
		 * the byte's high bit (and a borrow only ever follows one).
		 */
		if (n - i >= 8) {
			uint64_t x, bad;
			memcpy(&x, s + i, 8);
			bad = (x | (x - 0x20 * ones) | ((x ^ 0x7F * ones) - ones)) & high;
			if (bad == 0) {
				i += 8;
				continue;
			}
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* Past the plain bytes before the first flagged one, which is right. */
			i += (size_t)__builtin_ctzll(bad) >> 3;
#endif
		}
		unsigned b = s[i];
		if (b < 0x80) {
			if (b < 0x20 || b == 0x7F)
				return 0;
			i++;
			continue;
		}
		size_t k, j;
		uint32_t cp;
		if (!utf8)
			return 0;
		if (b >= 0xC2 && b <= 0xDF)
			k = 2, cp = b & 0x1F;
		else if (b >= 0xE0 && b <= 0xEF)
			k = 3, cp = b & 0x0F;
		else if (b >= 0xF0 && b <= 0xF4)
			k = 4, cp = b & 0x07;
		else
			return 0;
		if (n - i < k)
			return 0;
		for (j = 1; j < k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		/* Overlong, surrogate, past U+10FFFF, or a C1 control. */
		if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp < 0xA0)
			return 0;
		if (text_nfc_suspect(cp))
			*suspect = 1;
		i += k;
	}
	return 1;
}

/*
 * The slow path: clean s[0..n) one code point at a time.  Returns -1 when
 * an invalid sequence shows that the whole input raw[0..rn) is not UTF-8
 * after all (undecided: encoding not given, and this is the first one).
 */
static int
text_clean_slow(struct text_clean *c, const uint8_t *p, const uint8_t *end, int utf8,
                int *undecided, const char *raw, size_t rn)
{
	struct buf *out = c->out;
	while (p < end) {
		uint32_t cp;
		if (*p < 0x80) {
			/* Plain ASCII text goes straight through. */
			if (*p >= 0x20 && *p != 0x7F && !c->cr && !c->first) {
				const uint8_t *q = p;
				while (q < end && *q >= 0x20 && *q < 0x7F)
					q++;
				buf_add(out, p, (size_t)(q - p));
				c->col += (int)(q - p);
				p = q;
				continue;
			}
			cp = *p++;
		} else if (!utf8) {
			cp = *p >= 0xA0 ? *p : cp1252[*p - 0x80];
			p++;
		} else {
			ucs4_t uc;
			int k = u8_mbtoucr(&uc, p, (size_t)(end - p));
			if (k < 0) {
				if (*undecided) {
					/*
					 * Not valid UTF-8: broken UTF-8, or
					 * Windows-1252?  The votes of the design
					 * comment decide.
					 */
					size_t multi, bad, letters;
					*undecided = 0;
					text_utf8_census(raw, rn, &multi, &bad, &letters);
					if (multi <= letters)
						return -1;
					c->info->invalid = bad;
				}
				cp = 0xFFFD;
				p++;
				if (c->count_bad)
					c->info->invalid++;
			} else {
				cp = uc;
				p += k;
			}
		}
		text_clean_put(c, cp);
	}
	return 0;
}

int
text_encoding_known(const char *name)
{
	if (strcasecmp(name, "UTF-8") == 0 || strcasecmp(name, "UTF8") == 0 ||
	    strcasecmp(name, "WINDOWS-1252") == 0 || strcasecmp(name, "CP1252") == 0)
		return 1;
	/* As u8_conv_from_encoding() will open it. */
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

int
text_sanitize(const char *raw, size_t n, const char *encoding, struct buf *out,
              struct text_info *info)
{
	size_t start = out->len;
	int utf8 = 1, undecided = encoding == NULL;

	memset(info, 0, sizeof *info);
	if (encoding == NULL) {
		/* Decided at the first invalid byte, if there is one. */
		info->encoding = "UTF-8";
	} else if (strcasecmp(encoding, "UTF-8") == 0 || strcasecmp(encoding, "UTF8") == 0) {
		info->encoding = "UTF-8";
	} else if (strcasecmp(encoding, "WINDOWS-1252") == 0 ||
	           strcasecmp(encoding, "CP1252") == 0) {
		utf8 = 0;
		info->encoding = "Windows-1252";
	} else {
		/* Any other encoding goes through iconv, then the UTF-8 path. */
		size_t rn = 0;
		uint8_t *r = u8_conv_from_encoding(encoding, iconveh_question_mark, raw, n, NULL,
		                                   NULL, &rn);
		if (r == NULL)
			return -1;
		int rc = text_sanitize((char *)r, rn, "UTF-8", out, info);
		info->encoding = encoding;
		free(r);
		return rc;
	}

restart:;
	struct text_clean c = { out, info, out->len, 0, 0, 0, 1, encoding != NULL };
	const uint8_t *p = (const uint8_t *)raw, *end = p + n;
	out->data = xgrow(out->data, &out->cap, out->len + n + n / 8 + 16, 1);
	/*
	 * Line by line: a clean line is copied whole (its CRLF or LF becoming
	 * LF); any other goes through text_clean_put() with its line end.  Each
	 * line starts in the state a '\n' leaves: no CR pending, column 0.
	 */
	while (p < end) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		const uint8_t *e = nl ? nl : end, *ce = e > p && e[-1] == '\r' ? e - 1 : e;
		int suspect = 0;
		if (!(c.first && ce - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) &&
		    text_line_clean(p, (size_t)(ce - p), utf8, &suspect)) {
			c.first = 0;
			c.line_start = out->len;
			buf_add(out, p, (size_t)(ce - p));
			c.suspect = suspect;
			text_clean_nfc_line(&c);
			if (nl || ce < e)
				buf_addc(out, '\n');
			c.line_start = out->len;
			c.col = 0;
			p = nl ? nl + 1 : end;
			continue;
		}
		if (text_clean_slow(&c, p, nl ? nl + 1 : end, utf8, &undecided, raw, n) < 0) {
			out->len = start;
			memset(info, 0, sizeof *info);
			info->guessed = 1;
			info->encoding = "Windows-1252";
			utf8 = 0;
			goto restart;
		}
		p = nl ? nl + 1 : end;
	}
	text_clean_nfc_line(&c);
	out->data[out->len] = '\0'; /* even when nothing was added */
	return 0;
}

/* Is every line of s[0..n) one that text_sanitize() copies as it is? */
static int
text_lines_clean(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	while (p < end) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
		size_t k = (size_t)(e - p), rn = 0;
		int suspect = 0, same;
		/* A CR is a control to text_line_clean(): CRLF lines are not clean. */
		if (!text_line_clean(p, k, 1, &suspect))
			return 0;
		if (suspect) {
			uint8_t *r = u8_normalize(UNINORM_NFC, p, k, NULL, &rn);
			same = r != NULL && rn == k && memcmp(r, p, k) == 0;
			free(r);
			if (!same)
				return 0;
		}
		p = nl ? nl + 1 : end;
	}
	return 1;
}

struct text_clean_half {
	const char *s;
	size_t n;
	int clean;
};

static void *
text_lines_clean_run(void *arg)
{
	struct text_clean_half *h = arg;
	h->clean = text_lines_clean(h->s, h->n);
	return NULL;
}

enum { ADOPT_SPLIT = 1 << 20 }; /* bytes: a bigger input is checked on two threads */

int
text_adopt(struct buf *raw, const char *encoding, struct buf *out, struct text_info *info)
{
	const char *s = raw->data;
	size_t n = raw->len;
	struct text_clean_half h = { s + n, 0, 1 };
	pthread_t th;
	int threaded = 0, clean;

	if (encoding != NULL && strcasecmp(encoding, "UTF-8") != 0 &&
	    strcasecmp(encoding, "UTF8") != 0)
		return 0;
	if (n == 0 || (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0))
		return 0;
	if (n >= ADOPT_SPLIT) {
		const char *nl = memchr(s + n / 2, '\n', n - n / 2);
		if (nl != NULL) {
			h.s = nl + 1;
			h.n = (size_t)(s + n - h.s);
			threaded = util_thread_create(&th, text_lines_clean_run, &h) == 0;
		}
	}
	clean = text_lines_clean(s, threaded ? (size_t)(h.s - s) : n);
	if (threaded)
		pthread_join(th, NULL);
	if (!clean || !h.clean)
		return 0;
	memset(info, 0, sizeof *info);
	info->encoding = "UTF-8";
	buf_free(out);
	*out = *raw;
	*raw = (struct buf){ 0 };
	return 1;
}

uint32_t
text_decode(const char *s, size_t n, size_t *len)
{
	ucs4_t uc;
	int k = u8_mbtouc(&uc, (const uint8_t *)s, n);
	*len = k > 0 ? (size_t)k : 1;
	return uc;
}

size_t
text_cluster_end(const char *s, size_t n, size_t pos)
{
	const uint8_t *p = (const uint8_t *)s + pos, *e = (const uint8_t *)s + n;
	if (pos >= n)
		return n;
	/* ASCII followed by ASCII (or the end) is a cluster of one byte. */
	if (*p < 0x80 && *p != '\r' && (p + 1 == e || p[1] < 0x80))
		return pos + 1;
	/*
	 * u8_grapheme_next() looks at pairs of code points only, so it splits
	 * an emoji ZWJ sequence (rule GB11 needs the whole sequence).
	 * u8_grapheme_breaks() sees context: run it on a window, cut at a
	 * code point boundary, that grows until it holds the cluster's end.
	 * A break inside the window depends only on what precedes it.
	 */
	char small[64];
	for (size_t win = 32;; win *= 2) {
		size_t m = (size_t)(e - p) < win ? (size_t)(e - p) : win;
		while (m < (size_t)(e - p) && m > 1 && (p[m] & 0xC0) == 0x80)
			m--;
		char *brk = m <= sizeof small ? small : xmalloc(m);
		size_t i = 1;
		u8_grapheme_breaks(p, m, brk);
		while (i < m && !brk[i])
			i++;
		if (brk != small)
			free(brk);
		if (i < m || m == (size_t)(e - p))
			return pos + i;
	}
}

int
text_cluster_width(const char *s, size_t n)
{
	size_t k, i;
	int w = 0, first = 1;

	if (n == 1 && (unsigned char)s[0] < 0x80)
		return 1;
	for (i = 0; i < n; i += k) {
		uint32_t cp = text_decode(s + i, n - i, &k);
		if (first) {
			w = uc_width(cp, "UTF-8");
			if (w < 0)
				w = 1;
			first = 0;
		} else if (cp == 0xFE0F && w == 1) {
			w = 2;
		}
	}
	return w;
}

int
text_width(const char *s, size_t n)
{
	size_t fit;
	return text_width_fit(s, n, -1, &fit);
}

int
text_width_fit(const char *s, size_t n, int max, size_t *fit)
{
	size_t i = 0;
	int w = 0;
	while (i < n) {
		size_t e = text_cluster_end(s, n, i);
		int cw = text_cluster_width(s + i, e - i);
		if (max >= 0 && w + cw > max)
			break;
		w += cw;
		i = e;
	}
	*fit = i;
	return w;
}
