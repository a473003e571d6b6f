/*
 * test_opts.c — the options table: every setting of the config file gives,
 * for the same value, the same result as its long option on the command
 * line (the same accepted values, the same refusals), because both go
 * through opts_set(); the command line's own errors (a bad value named
 * with its option, conflicting modes, getopt's syntax errors); and --help
 * made from the table lists every option.
 */
#include "unit.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "opts.h"
#include "parse.h"

/* Read argv (NULL-terminated) over the defaults: the index of the file, or -1 with *why. */
static int
args(struct opts *o, char **why, const char *a1, const char *a2)
{
	char *argv[] = { (char *)"liseuse", (char *)a1, (char *)a2, NULL };
	int argc = a2 ? 3 : a1 ? 2 : 1, usage;
	opts_defaults(o);
	return opts_parse_args(o, argc, argv, why, &usage);
}

/* The same settings, strings by content. */
static void
assert_same(const struct opts *a, const struct opts *b, const char *what)
{
	if (a->width != b->width || a->columns != b->columns || a->justify != b->justify ||
	    a->hyphenate != b->hyphenate || a->typo != b->typo || a->color != b->color ||
	    a->remember != b->remember || a->format != b->format ||
	    (a->lang == NULL) != (b->lang == NULL) || (a->lang && strcmp(a->lang, b->lang) != 0) ||
	    (a->encoding == NULL) != (b->encoding == NULL) ||
	    (a->encoding && strcmp(a->encoding, b->encoding) != 0))
		fail_msg("%s: the command line and the config file disagree", what);
}

/* value through --name=value and through "config = value": the same outcome. */
static void
check_both(const struct opts_def *d, const char *value)
{
	struct opts cli, cfg;
	char *why, *msg, line[128], arg[128], what[160];
	snprintf(arg, sizeof arg, "--%s=%s", d->name, value);
	snprintf(line, sizeof line, "%s = %s\n", d->config, value);
	snprintf(what, sizeof what, "%s / %s", arg, d->config);
	int rc = args(&cli, &why, arg, NULL);
	opts_defaults(&cfg);
	int bad = config_parse(&cfg, line, &msg);
	if ((rc < 0) != (bad != 0))
		fail_msg("%s: the command line %s it, the config file %s it", what,
		         rc < 0 ? "refuses" : "takes", bad ? "refuses" : "takes");
	if (rc < 0) {
		/* Refused for the same reason, in the same words. */
		const char *a = strchr(why, '('), *b = msg ? strchr(msg, '(') : NULL;
		if (a == NULL || b == NULL || strcmp(a, b) != 0)
			fail_msg("%s: '%s' vs '%s'", what, why, msg ? msg : "");
	} else {
		assert_same(&cli, &cfg, what);
	}
	free(why);
	free(msg);
}

static void
same_values_both_ways(void **state)
{
	(void)state;
	static const char *const numbers[] = { "0",  "1",  "66",  "100", "101", "10000", "10001",
		                               "-1", "+5", "abc", "",    "5 5", "0x10",  "007" };
	static const char *const columns[] = { "auto", "AUTO", "Auto", "1",  "2",
		                               "100",  "0",    "101",  "two" };
	static const char *const langs[] = {
		"fr", "en-US", "de-1996", "x", "../etc", "abcdefghijk"
	};
	static const char *const encodings[] = { "UTF-8",  "utf8", "latin1", "ISO-8859-15",
		                                 "CP1252", "FOO",  "" };
	static const char *const formats[] = { "text", "markdown", "auto", "Markdown",
		                               "TEXT", "html",     "" };
	static const char *const bools[] = { "yes",   "no", "on", "off",  "true",
		                             "false", "1",  "0",  "maybe" };
	size_t tested = 0;
	for (const struct opts_def *d = opts_table; d->name != NULL; d++) {
		if (d->config == NULL || d->kind == OPTS_FLAG)
			continue; /* flags: below */
		const char *const *v;
		size_t n;
		switch (d->kind) {
		case OPTS_NUMBER:
			v = numbers, n = sizeof numbers / sizeof *numbers;
			break;
		case OPTS_COLUMNS:
			v = columns, n = sizeof columns / sizeof *columns;
			break;
		case OPTS_LANG:
			v = langs, n = sizeof langs / sizeof *langs;
			break;
		case OPTS_ENCODING:
			v = encodings, n = sizeof encodings / sizeof *encodings;
			break;
		case OPTS_FORMAT:
			v = formats, n = sizeof formats / sizeof *formats;
			break;
		default:
			fail_msg("--%s: a config setting of a kind this test does not know",
			         d->name);
			return;
		}
		for (size_t i = 0; i < n; i++)
			check_both(d, v[i]);
		tested++;
	}
	assert_true(tested >= 5); /* width, columns, lang, encoding, format */

	/* A flag on the command line is its config setting set to yes or no. */
	for (const struct opts_def *d = opts_table; d->name != NULL; d++) {
		if (d->kind != OPTS_FLAG)
			continue;
		const struct opts_def *c = d;
		if (c->config == NULL) /* --ragged: the other side of justify */
			for (c = opts_table; c->name && (c->config == NULL || c->field != d->field);
			     c++)
				;
		assert_non_null(c->name);
		struct opts cli, cfg;
		char *why, *msg, line[64], arg[64];
		snprintf(arg, sizeof arg, "--%s", d->name);
		snprintf(line, sizeof line, "%s = %s\n", c->config, d->value ? "yes" : "no");
		assert_true(args(&cli, &why, arg, NULL) >= 0);
		opts_defaults(&cfg);
		assert_int_equal(config_parse(&cfg, line, &msg), 0);
		assert_same(&cli, &cfg, arg);
		/* And the config file's spellings of yes and no, each both ways. */
		for (size_t i = 0; i < sizeof bools / sizeof *bools; i++) {
			snprintf(line, sizeof line, "%s = %s\n", c->config, bools[i]);
			opts_defaults(&cfg);
			int bad = config_parse(&cfg, line, &msg);
			assert_int_equal(bad, strcmp(bools[i], "maybe") == 0);
			free(msg);
		}
	}
}

static void
command_line_errors(void **state)
{
	(void)state;
	struct opts o;
	char *why;
	int usage;

	assert_int_equal(args(&o, &why, "--section=0", "f.txt"), -1);
	assert_string_equal(why, "invalid value '0' for --section (expected a number from 1)");
	free(why);
	assert_int_equal(args(&o, &why, "-C", "foo"), -1);
	assert_string_equal(
	        why, "invalid value 'foo' for --columns (expected auto or a number from 1 to 100)");
	free(why);
	assert_int_equal(args(&o, &why, "--encoding=FOO", "f.txt"), -1);
	assert_string_equal(
	        why,
	        "invalid value 'FOO' for --encoding (not an encoding iconv knows: see iconv -l)");
	free(why);
	assert_int_equal(args(&o, &why, "--dump", "--grep=x"), -1);
	assert_string_equal(
	        why, "--dump and --grep cannot be used together: one of --dump, --toc and --grep");
	free(why);
	assert_int_equal(args(&o, &why, "--toc", "--dump"), -1);
	free(why);

	/* getopt's own: a usage mistake, which --help answers. */
	char *argv[] = { (char *)"liseuse", (char *)"--bogus", NULL };
	opts_defaults(&o);
	assert_int_equal(opts_parse_args(&o, 2, argv, &why, &usage), -1);
	assert_string_equal(why, "unrecognized option '--bogus'");
	assert_true(usage);
	free(why);
	char *argv2[] = { (char *)"liseuse", (char *)"--width", NULL };
	assert_int_equal(opts_parse_args(&o, 2, argv2, &why, &usage), -1);
	assert_string_equal(why, "option '--width' requires an argument");
	free(why);

	/* Good ones: the file's index, the values set. */
	assert_int_equal(args(&o, &why, "--grep=élève", "f.txt"), 2);
	assert_int_equal(o.mode, OPTS_MODE_GREP);
	assert_string_equal(o.grep, "élève");
	assert_int_equal(args(&o, &why, "--dump", "--dump"), 3);
	assert_int_equal(o.mode, OPTS_MODE_DUMP);
	assert_int_equal(args(&o, &why, "--section=12", NULL), 2);
	assert_int_equal(o.section, 12);
	assert_int_equal(args(&o, &why, "-k", "mot"), 3);
	assert_int_equal(o.nkeywords, 1);
	assert_string_equal(o.keywords[0], "mot");
	free(o.keywords);
}

static void
help_from_the_table(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	opts_usage(f);
	fclose(f);
	for (const struct opts_def *d = opts_table; d->name != NULL; d++) {
		char want[64];
		snprintf(want, sizeof want, "--%s%s%s", d->name, d->arg ? "=" : "",
		         d->arg ? d->arg : "");
		if (strstr(text, want) == NULL || strstr(text, d->help) == NULL)
			fail_msg("--help does not show %s", want);
		if (d->config && strstr(text, d->config) == NULL)
			fail_msg("--help does not name the setting %s", d->config);
	}
	/* Issue 14: the help names the mouse and Ctrl-Z, which the key list cannot show. */
	assert_non_null(strstr(text, "mouse wheel"));
	assert_non_null(strstr(text, "Ctrl-Z suspends"));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_values_both_ways),
		cmocka_unit_test(command_line_errors),
		cmocka_unit_test(help_from_the_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
