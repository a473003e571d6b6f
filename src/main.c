/*
 * main.c — where liseuse starts: the settings (the config file, then the
 * command line, both read through opts.c's one table), the choice of the
 * document, and the choice of mode (--dump, --toc, --grep, or the
 * interactive reader).  Start reading here; the data flows load → parse →
 * layout → dump or ui.
 */
#include <errno.h>
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

/* The bundled article: beside the binary in a source tree, else installed. */
static char *
main_bundled_article(void)
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

/* A command-line mistake: say what, point to --help, exit 2. */
static void main_bad_usage(const char *fmt, const char *what) __attribute__((noreturn));

static void
main_bad_usage(const char *fmt, const char *what)
{
	msg_hold(0);
	notice(fmt, what); /* notice() shows any control character the argument holds */
	fprintf(stderr, "Try 'liseuse --help' for more information.\n");
	exit(2);
}

/* The laid-out text on standard output: --dump, a pipe, or no usable terminal. */
static void
main_print_text(const struct opts *o, const struct doc *d)
{
	struct layout_opts lo = { o->width > 0 ? o->width : OPTS_DEFAULT_WIDTH, o->justify,
		                  o->hyphenate, d->lang };
	struct layout *l = layout_create(d, &lo);
	dump_text(l, d, stdout);
	layout_free(l);
}

int
main(int argc, char **argv)
{
	struct opts o;
	char *article = NULL, *why;
	int usage;

	opts_defaults(&o);
	/*
	 * Messages (config lines, encoding repairs, missing patterns) are held
	 * until the mode is known: printed on stderr for --dump and friends,
	 * shown in the status line by the reader, whose screen would
	 * otherwise swallow them.
	 */
	msg_hold(1);
	config_load(&o); /* before the command line, which wins */

	int first = opts_parse_args(&o, argc, argv, &why, &usage);
	if (first < 0) {
		if (usage)
			main_bad_usage("%s", why);
		die("%s", why);
	}
	if (o.mode == OPTS_MODE_HELP) {
		opts_usage(stdout);
		return 0;
	}
	if (o.mode == OPTS_MODE_VERSION) {
		printf("liseuse %s\n", LISEUSE_VERSION);
		return 0;
	}
	if (argc - first > 1)
		die("too many files (one at a time); try 'liseuse --help'");

	if (first < argc) {
		o.path = argv[first];
		o.name = strcmp(o.path, "-") == 0 ? "(stdin)" : o.path;
	} else if (!isatty(STDIN_FILENO)) {
		o.path = "-";
		o.name = "(stdin)";
	} else {
		article = main_bundled_article();
		o.path = article;
		o.name = article;
	}

	int interactive = o.mode == OPTS_MODE_READ && isatty(STDOUT_FILENO);
	if (!interactive)
		msg_hold(0);

	/* The reader loads big files progressively; the other modes read them whole. */
	struct parse_opts po = {
		.format = (enum parse_format)o.format, .typo = o.typo, .lang = o.lang, .raw = o.raw
	};
	const char *err = NULL;
	struct loader *ld =
	        interactive ? loader_start(o.path, o.name, o.encoding, &po, &err) : NULL;
	struct doc *d = interactive ? (ld ? loader_doc(ld) : NULL)
	                            : parse_load(o.path, o.name, o.encoding, &po, &err);
	if (d == NULL)
		die_at(o.name, 0, 0, "%s", err);

	int status = 0;
	if (o.mode == OPTS_MODE_GREP) {
		long n = search_grep(d, o.grep, stdout);
		if (n < 0)
			die("empty search pattern");
		status = n > 0 ? 0 : 1;
	} else if (o.mode == OPTS_MODE_TOC) {
		dump_toc(d, stdout);
	} else if (!interactive) {
		main_print_text(&o, d);
	} else if ((status = ui_run(ld, &o)) == UI_NO_TERMINAL) {
		/* No terminal to drive: print the text, as a pipe would get it. */
		const char *term = getenv("TERM");
		msg_hold(0);
		notice("cannot drive this terminal (TERM=%s); printing the text instead",
		       term && *term ? term : "unset");
		d = loader_take(ld, NULL, 0);
		main_print_text(&o, d);
		status = 0;
	}
	msg_hold(0); /* what the reader left unshown (a state file it could not save) */
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
