/*
 * test_config.c — the settings file: every setting and its spellings,
 * comments and blank lines, bad lines reported with their line numbers and
 * skipped, and where the file is looked for (a temporary XDG_CONFIG_HOME;
 * the real ~/.config is never read).  That the command line wins, and that
 * --dump sees the settings, is checked on the binary by tests/state/run.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "opts.h"
#include "parse.h"
#include "util.h"

/* The defaults main.c starts from. */
static struct opts
defaults(void)
{
	struct opts o = { 0 };
	o.width = OPTS_DEFAULT_WIDTH;
	o.columns = COLUMNS_AUTO;
	o.hyphenate = 1;
	o.typo = 1;
	o.color = 1;
	o.remember = 1;
	return o;
}

/* Parse text over the defaults, expecting no message. */
static struct opts
parse_ok(const char *text)
{
	struct opts o = defaults();
	char *msg;
	int bad = config_parse(&o, text, &msg);
	if (msg)
		fail_msg("unexpected message: %s", msg);
	assert_int_equal(bad, 0);
	return o;
}

static void
every_setting(void **st)
{
	(void)st;
	struct opts o = parse_ok("width = 66\n"
	                         "columns = 2\n"
	                         "justify = yes\n"
	                         "hyphenate = no\n"
	                         "lang = en\n"
	                         "typo = no\n"
	                         "color = no\n"
	                         "remember = no\n");
	assert_int_equal(o.width, 66);
	assert_int_equal(o.columns, 2);
	assert_int_equal(o.justify, 1);
	assert_int_equal(o.hyphenate, 0);
	assert_string_equal(o.lang, "en");
	assert_int_equal(o.typo, 0);
	assert_int_equal(o.color, 0);
	assert_int_equal(o.remember, 0);

	o = parse_ok("width=0\ncolumns=auto\njustify=no\nhyphenate=yes\ntypo=yes\n");
	assert_int_equal(o.width, 0);
	assert_int_equal(o.columns, COLUMNS_AUTO);
	assert_int_equal(o.justify, 0);
	assert_int_equal(o.hyphenate, 1);
	assert_int_equal(o.typo, 1);
	assert_null(o.lang);

	/* Limits: the same as the command line's. */
	o = parse_ok("width = 10000\ncolumns = 100\nlang = de-1996\n");
	assert_int_equal(o.width, 10000);
	assert_int_equal(o.columns, 100);
	assert_string_equal(o.lang, "de-1996");
	o = parse_ok("columns = 1\ncolumns = AUTO\n");
	assert_int_equal(o.columns, COLUMNS_AUTO);

	/* The input's encoding and format. */
	o = parse_ok("encoding = ISO-8859-1\nformat = markdown\n");
	assert_string_equal(o.encoding, "ISO-8859-1");
	assert_int_equal(o.format, FORMAT_MARKDOWN);
	o = parse_ok("format = text\n");
	assert_int_equal(o.format, FORMAT_TEXT);
	o = parse_ok("format = auto\n");
	assert_int_equal(o.format, FORMAT_AUTO);
	char *msg;
	o = parse_ok("format = html\nformat = EPUB\n");
	assert_int_equal(o.format, FORMAT_EPUB);
	o = defaults();
	assert_int_equal(config_parse(&o, "format = pdf\n", &msg), 1);
	assert_string_equal(msg, "config:1:10: invalid value 'pdf' for format (expected text, markdown, "
	                         "html, epub or auto)");
	free(msg);
}

static void
booleans(void **st)
{
	(void)st;
	static const char *const yes[] = { "yes", "true", "on", "1", "YES", "True", "On" };
	static const char *const no[] = { "no", "false", "off", "0", "NO", "False", "OFF" };
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
		char t[64];
		snprintf(t, sizeof t, "justify = %s\nremember = %s\n", yes[i], no[i]);
		struct opts o = parse_ok(t);
		assert_int_equal(o.justify, 1);
		assert_int_equal(o.remember, 0);
	}
}

static void
comments_and_blanks(void **st)
{
	(void)st;
	struct opts o = parse_ok("# my settings\n"
	                         "\n"
	                         "   \t\n"
	                         "  width   =\t50   # narrow, for the laptop\n"
	                         "#width = 99\n"
	                         "justify = yes\r\n" /* a file saved with CRLF */
	                         "\tcolumns = 3"     /* no final line feed */
	);
	assert_int_equal(o.width, 50);
	assert_int_equal(o.justify, 1);
	assert_int_equal(o.columns, 3);
	o = parse_ok("");
	assert_int_equal(o.width, OPTS_DEFAULT_WIDTH);
	/* The last setting of a name wins. */
	o = parse_ok("width = 40\nwidth = 44\n");
	assert_int_equal(o.width, 44);
}

static void
bad_lines(void **st)
{
	(void)st;
	struct opts o = defaults();
	char *msg;
	int bad = config_parse(&o,
	                       "width = 40\n"       /* 1 */
	                       "colour = no\n"      /* 2 */
	                       "width = wide\n"     /* 3 */
	                       "\n"                 /* 4 */
	                       "justify\n"          /* 5 */
	                       "width = -1\n"       /* 6 */
	                       "width = 10001\n"    /* 7 */
	                       "columns = 0\n"      /* 8 */
	                       "columns = two\n"    /* 9 */
	                       "justify = maybe\n"  /* 10 */
	                       "lang = x\n"         /* 11 */
	                       "lang = ../../etc\n" /* 12 */
	                       "width =\n"          /* 13 */
	                       "= 5\n"              /* 14 */
	                       "width = 5 5\n"      /* 15 */
	                       "width = +5\n"       /* 16 */
	                       "Width = 5\n"        /* 17 */
	                       "hyphenate = no\n",  /* 18 */
	                       &msg);
	assert_int_equal(bad, 15);
	assert_string_equal(
	        msg,
	        "config:2:1: unknown setting 'colour'; "
	        "config:3:9: invalid value 'wide' for width (expected a number from 0 to 10000); "
	        "config:5:1: expected 'name = value', not 'justify'; "
	        "config:6:9: invalid value '-1' for width (expected a number from 0 to 10000); "
	        "config:7:9: invalid value '10001' for width (expected a number from 0 to 10000); "
	        "config:8:11: invalid value '0' for columns (expected auto or a number from 1 to "
	        "100); "
	        "config:9:11: invalid value 'two' for columns (expected auto or a number from 1 to "
	        "100); "
	        "config:10:11: invalid value 'maybe' for justify (expected yes or no); "
	        "config:11:8: invalid value 'x' for lang (expected a language code such as fr or "
	        "en); "
	        "config:12:8: invalid value '../../etc' for lang (expected a language code such as "
	        "fr or en); "
	        "config:13:8: invalid value '' for width (expected a number from 0 to 10000); "
	        "config:14:1: unknown setting ''; "
	        "config:15:9: invalid value '5 5' for width (expected a number from 0 to 10000); "
	        "config:16:9: invalid value '+5' for width (expected a number from 0 to 10000); "
	        "config:17:1: unknown setting 'Width'");
	free(msg);
	/* Skipped lines change nothing; the good ones around them apply. */
	assert_int_equal(o.width, 40);
	assert_int_equal(o.columns, COLUMNS_AUTO);
	assert_int_equal(o.justify, 0);
	assert_null(o.lang);
	assert_int_equal(o.hyphenate, 0);
}

/* A temporary XDG_CONFIG_HOME holding a config file with text (NULL: none). */
static char *
config_home(const char *text)
{
	char *root = xstrdup("/tmp/liseuse-config-XXXXXX");
	assert_non_null(mkdtemp(root));
	setenv("XDG_CONFIG_HOME", root, 1);
	if (text) {
		char *d = xasprintf("%s/liseuse", root), *p = xasprintf("%s/config", d);
		assert_int_equal(mkdir(d, 0700), 0);
		FILE *f = fopen(p, "w");
		assert_non_null(f);
		fputs(text, f);
		fclose(f);
		free(d);
		free(p);
	}
	return root;
}

static void
clean_home(char *root)
{
	char *p = xasprintf("%s/liseuse/config", root), *d = xasprintf("%s/liseuse", root);
	unlink(p);
	rmdir(p);
	rmdir(d);
	rmdir(root);
	free(p);
	free(d);
	free(root);
}

static void
load_file(void **st)
{
	(void)st;
	char *root = config_home("width = 33\nbogus = 1\n");
	struct opts o = defaults();
	/* Held, as while the reader has the terminal, and taken as its status line would. */
	msg_hold(1);
	assert_int_equal(config_load(&o), 1);
	char *msg = msg_take();
	assert_string_equal(msg, "config:2:1: unknown setting 'bogus'");
	assert_null(msg_take());
	assert_int_equal(o.width, 33);
	free(msg);
	clean_home(root);

	/* No file, or no directory: the defaults, silently. */
	root = config_home(NULL);
	o = defaults();
	assert_int_equal(config_load(&o), 0);
	assert_null(msg_take());
	msg_hold(0);
	assert_int_equal(o.width, OPTS_DEFAULT_WIDTH);
	clean_home(root);
}

static void
load_unreadable(void **st)
{
	(void)st;
	/* A directory where the file should be: a notice, the defaults. */
	char *root = config_home(NULL);
	char *d = xasprintf("%s/liseuse", root), *p = xasprintf("%s/config", d);
	assert_int_equal(mkdir(d, 0700), 0);
	assert_int_equal(mkdir(p, 0700), 0);
	struct opts o = defaults();
	msg_hold(1);
	assert_int_equal(config_load(&o), 1);
	char *msg = msg_take();
	msg_hold(0);
	assert_non_null(msg);
	assert_string_equal(msg, "config: cannot be read: Is a directory");
	assert_int_equal(o.width, OPTS_DEFAULT_WIDTH);
	free(msg);
	free(d);
	free(p);
	clean_home(root);
}

static void
load_xdg_fallback(void **st)
{
	(void)st;
	/* A relative XDG_CONFIG_HOME is ignored (the XDG rule): ~/.config. */
	char *home = xstrdup("/tmp/liseuse-home-XXXXXX");
	assert_non_null(mkdtemp(home));
	char *c = xasprintf("%s/.config", home), *d = xasprintf("%s/liseuse", c),
	     *p = xasprintf("%s/config", d);
	assert_int_equal(mkdir(c, 0700), 0);
	assert_int_equal(mkdir(d, 0700), 0);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs("width = 61\n", f);
	fclose(f);
	char *oldhome = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	struct opts o = defaults();
	assert_int_equal(config_load(&o), 0);
	assert_int_equal(o.width, 61);
	unsetenv("XDG_CONFIG_HOME");
	o = defaults();
	assert_int_equal(config_load(&o), 0);
	assert_int_equal(o.width, 61);
	if (oldhome)
		setenv("HOME", oldhome, 1);
	else
		unsetenv("HOME");
	unlink(p);
	rmdir(d);
	rmdir(c);
	rmdir(home);
	free(oldhome);
	free(p);
	free(d);
	free(c);
	free(home);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_setting),       cmocka_unit_test(booleans),
		cmocka_unit_test(comments_and_blanks), cmocka_unit_test(bad_lines),
		cmocka_unit_test(load_file),           cmocka_unit_test(load_unreadable),
		cmocka_unit_test(load_xdg_fallback),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
