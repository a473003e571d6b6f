/*
 * main.c — where liseuse starts: options, the choice of the document, and
 * the choice of mode (--dump, --toc, or the interactive reader).  Start
 * reading here; the data flows load → parse → layout → dump or ui.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "dump.h"
#include "layout.h"
#include "loader.h"
#include "opts.h"
#include "parse.h"
#include "search.h"
#include "ui.h"
#include "util.h"

#ifndef LISEUSE_VERSION
#define LISEUSE_VERSION "0.1"
#endif
#ifndef LISEUSE_DATADIR
#define LISEUSE_DATADIR "/usr/local/share/liseuse"
#endif

enum {
	OPT_RAGGED = 256,
	OPT_NO_HYPHENATE,
	OPT_LANG,
	OPT_NO_TYPO,
	OPT_SECTION,
	OPT_DUMP,
	OPT_TOC,
	OPT_ENCODING,
	OPT_FORMAT,
	OPT_NO_COLOR,
	OPT_NO_REMEMBER,
	OPT_GREP,
};

static const struct option longopts[] = {
	{ "width", required_argument, NULL, 'w' },
	{ "columns", required_argument, NULL, 'C' },
	{ "justify", no_argument, NULL, 'j' },
	{ "ragged", no_argument, NULL, OPT_RAGGED },
	{ "no-hyphenate", no_argument, NULL, OPT_NO_HYPHENATE },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "no-typo", no_argument, NULL, OPT_NO_TYPO },
	{ "section", required_argument, NULL, OPT_SECTION },
	{ "dump", no_argument, NULL, OPT_DUMP },
	{ "toc", no_argument, NULL, OPT_TOC },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "no-remember", no_argument, NULL, OPT_NO_REMEMBER },
	{ "keyword", required_argument, NULL, 'k' },
	{ "search", required_argument, NULL, 'p' },
	{ "grep", required_argument, NULL, OPT_GREP },
	{ "raw", no_argument, NULL, 'R' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void
usage(FILE *f)
{
	fputs("Usage: liseuse [OPTION]... [FILE | -]\n"
	      "Read FILE (or standard input, or the bundled article) with book typography:\n"
	      "Unicode line breaking, French hyphenation and spacing, optimal filling.\n"
	      "\n"
	      "  -w, --width=N        text measure in columns (default 72; 0 = whole pane)\n"
	      "  -C, --columns=N|auto text columns per screen (default auto)\n"
	      "  -j, --justify        justified paragraphs\n"
	      "      --ragged         ragged-right paragraphs (the default)\n"
	      "      --no-hyphenate   no hyphenation\n"
	      "      --lang=LL        language for hyphenation and typography (default: detected)\n"
	      "      --no-typo        keep the text's own spacing (no French spacing)\n"
	      "  -R, --raw            plain text as its lines are: unfilled, spacing kept\n"
	      "      --section=N      open at section N (1 = first heading)\n"
	      "      --dump           print the laid-out text and exit\n"
	      "      --toc            print the table of contents (N, level, title) and exit\n"
	      "      --encoding=NAME  input encoding (default UTF-8, else Windows-1252)\n"
	      "      --format=text|markdown|html|epub  input format (default: from the name\n"
	      "                       or the content)\n"
	      "      --no-color       monochrome (also when NO_COLOR is set)\n"
	      "      --no-remember    neither restore nor save the reading position\n"
	      "  -k, --keyword=WORD   highlight WORD everywhere (repeatable)\n"
	      "  -p, --search=PAT     open at the first match of PAT\n"
	      "      --grep=PAT       print every match (section, offset, match, context) and "
	      "exit\n"
	      "  -h, --help           show this help and exit\n"
	      "  -V, --version        show the version and exit\n"
	      "\n"
	      "When standard output is not a terminal, the laid-out text is printed.\n"
	      "Keys: press h in the reader.  See liseuse(1).\n",
	      f);
}

static long
parse_number(const char *opt, const char *arg, long min, long max)
{
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (errno || end == arg || *end != '\0' || v < min || v > max)
		die("invalid %s '%s' (expected a number from %ld to %ld)", opt, arg, min, max);
	return v;
}

/* The bundled article: beside the binary in a source tree, else installed. */
static char *
bundled_article(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			char *p = xasprintf("%s/assets/article.txt", exe);
			if (access(p, R_OK) == 0)
				return p;
			free(p);
		}
	}
	return xasprintf("%s/article.txt", LISEUSE_DATADIR);
}

/*
 * Notices (config lines, encoding repairs, missing patterns) are held until
 * the mode is known: printed on stderr for --dump and friends, shown in the
 * status line by the reader, whose screen would otherwise swallow them.
 */
static struct buf held;

static void
hold_notice(const char *msg)
{
	buf_adds(&held, msg);
	buf_addc(&held, '\n');
}

/* Print the held notices on stderr, one line each, and stop holding. */
static void
release_notices(void)
{
	util_set_notice_hook(NULL);
	for (char *p = held.data, *nl; p && (nl = strchr(p, '\n')); p = nl + 1) {
		*nl = '\0';
		notice("%s", p);
	}
	buf_free(&held);
}

/* A command-line mistake: say what, point to --help, exit 2. */
static void bad_usage(const char *fmt, const char *what) __attribute__((noreturn));

static void
bad_usage(const char *fmt, const char *what)
{
	release_notices();
	notice(fmt, what); /* notice() shows any control character the argument holds */
	fprintf(stderr, "Try 'liseuse --help' for more information.\n");
	exit(2);
}

/* The laid-out text on standard output: --dump, a pipe, or no usable terminal. */
static void
print_text(const struct opts *o, const struct doc *d)
{
	struct layout_opts lo = { o->width > 0 ? o->width : OPTS_DEFAULT_WIDTH, o->justify,
		                  o->hyphenate, d->lang };
	struct layout *l = layout_create(d, &lo);
	dump_text(l, d, stdout);
	layout_free(l);
}

/* The reader, with the notices held so far shown on one line of its status line. */
static int
read_interactively(struct loader *ld, struct opts *o)
{
	struct buf line = { 0 };
	util_set_notice_hook(NULL);
	for (size_t i = 0; i < held.len; i++) {
		if (held.data[i] != '\n')
			buf_addc(&line, held.data[i]);
		else if (i + 1 < held.len)
			buf_adds(&line, "; ");
	}
	o->notice = line.data;
	int status = ui_run(ld, o);
	o->notice = NULL;
	buf_free(&line);
	return status;
}

int
main(int argc, char **argv)
{
	struct opts o = { 0 };
	int c, dump = 0, toc = 0;
	const char *grep = NULL;
	char *article = NULL;

	o.width = OPTS_DEFAULT_WIDTH;
	o.columns = COLUMNS_AUTO;
	o.hyphenate = 1;
	o.typo = 1;
	o.color = getenv("NO_COLOR") == NULL || getenv("NO_COLOR")[0] == '\0';
	o.remember = 1;
	o.format = FORMAT_AUTO;
	util_set_notice_hook(hold_notice);
	char *config_messages = NULL;      /* also given to notice(), so held above */
	config_load(&o, &config_messages); /* before the command line, which wins */
	free(config_messages);

	opterr = 0; /* our own messages, named "liseuse", not argv[0] */
	while ((c = getopt_long(argc, argv, ":w:C:jk:p:hVR", longopts, NULL)) != -1) {
		switch (c) {
		case 'w':
			o.width = (int)parse_number("width", optarg, 0, 10000);
			break;
		case 'C':
			if (strcmp(optarg, "auto") == 0)
				o.columns = COLUMNS_AUTO;
			else
				o.columns = (int)parse_number("columns", optarg, 1, 100);
			break;
		case 'j':
			o.justify = 1;
			break;
		case OPT_RAGGED:
			o.justify = 0;
			break;
		case OPT_NO_HYPHENATE:
			o.hyphenate = 0;
			break;
		case OPT_LANG:
			if (strlen(optarg) < 2 || strlen(optarg) > 10 || strchr(optarg, '/'))
				die("invalid language '%s'", optarg);
			o.lang = optarg;
			break;
		case OPT_NO_TYPO:
			o.typo = 0;
			break;
		case 'R':
			o.raw = 1;
			break;
		case OPT_SECTION:
			o.section = parse_number("section", optarg, 1, LONG_MAX);
			break;
		case OPT_DUMP:
			dump = 1;
			break;
		case OPT_TOC:
			toc = 1;
			break;
		case OPT_ENCODING:
			o.encoding = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				o.format = FORMAT_TEXT;
			else if (strcmp(optarg, "markdown") == 0)
				o.format = FORMAT_MARKDOWN;
			else if (strcmp(optarg, "html") == 0)
				o.format = FORMAT_HTML;
			else if (strcmp(optarg, "epub") == 0)
				o.format = FORMAT_EPUB;
			else
				die("invalid format '%s' (expected text, markdown, html or epub)",
				    optarg);
			break;
		case OPT_NO_COLOR:
			o.color = 0;
			break;
		case 'k':
			o.keywords = xrealloc(o.keywords, (o.nkeywords + 1) * sizeof *o.keywords);
			o.keywords[o.nkeywords++] = optarg;
			break;
		case 'p':
			o.search = optarg;
			break;
		case OPT_GREP:
			grep = optarg;
			break;
		case OPT_NO_REMEMBER:
			o.remember = 0;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("liseuse %s\n", LISEUSE_VERSION);
			return 0;
		case ':':
			bad_usage("option '%s' requires an argument", argv[optind - 1]);
			break;
		default:
			if (optopt > 0 && optopt < 128) {
				char opt[2] = { (char)optopt, '\0' };
				bad_usage("invalid option -- '%s'", opt);
			}
			bad_usage("unrecognized option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		die("too many files (one at a time); try 'liseuse --help'");

	if (optind < argc) {
		o.path = argv[optind];
		o.name = strcmp(o.path, "-") == 0 ? "(stdin)" : o.path;
	} else if (!isatty(STDIN_FILENO)) {
		o.path = "-";
		o.name = "(stdin)";
	} else {
		article = bundled_article();
		o.path = article;
		o.name = article;
	}

	int interactive = grep == NULL && !toc && !dump && isatty(STDOUT_FILENO);
	if (!interactive)
		release_notices();

	/* The reader loads big files progressively; the other modes read them whole. */
	struct parse_opts po = {
		.format = (enum parse_format)o.format, .typo = o.typo, .lang = o.lang, .raw = o.raw
	};
	const char *err = NULL;
	struct loader *ld =
	        interactive ? loader_start(o.path, o.name, o.encoding, &po, &err) : NULL;
	struct doc *d = interactive ? (ld ? loader_doc(ld) : NULL)
	                            : parse_load(o.path, o.name, o.encoding, &po, &err);
	if (d == NULL) {
		release_notices();
		die("%s: %s", o.name, err);
	}

	int status = 0;
	if (grep != NULL) {
		long n = search_grep(d, grep, stdout);
		if (n < 0)
			die("empty search pattern");
		status = n > 0 ? 0 : 1;
	} else if (toc) {
		dump_toc(d, stdout);
	} else if (!interactive) {
		print_text(&o, d);
	} else if ((status = read_interactively(ld, &o)) == UI_NO_TERMINAL) {
		/* No terminal to drive: print the text, as a pipe would get it. */
		const char *term = getenv("TERM");
		release_notices();
		notice("cannot drive this terminal (TERM=%s); printing the text instead",
		       term && *term ? term : "unset");
		d = loader_take(ld, NULL, 0);
		if (loader_notes(ld))
			notice("%s", loader_notes(ld));
		print_text(&o, d);
		status = 0;
	}
	buf_free(&held);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("standard output: %s", strerror(errno));
	if (ld)
		loader_free(ld);
	else
		doc_free(d);
	free(article);
	free(o.keywords);
	return status;
}
