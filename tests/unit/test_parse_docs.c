/*
 * test_parse_docs.c — the structure of documentation in plain text: section
 * numbers and their depth, what is not a heading, list items, verbatim
 * blocks, the language of each block, manual pages and underlined
 * headings, concatenated Gutenberg books, raw mode and re-parsing.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "loader.h"
#include "typo.h"

#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"

/* A paragraph of French prose hard-wrapped at 60 columns, indented by indent. */
#define PARA(indent)                                                                               \
	indent "Les deux plus mémorables barricades que l'observateur des\n" indent                \
	       "maladies sociales puisse mentionner n'appartiennent point à\n" indent              \
	       "la période historique où est placée l'action de ce livre.\n"

static char *
btext(const struct doc *d, size_t b)
{
	return xstrndup(d->text + d->blocks[b].start, d->blocks[b].end - d->blocks[b].start);
}

static void
assert_section(const struct doc *d, size_t s, int level, const char *title)
{
	assert_true(s < d->nsections);
	assert_string_equal(d->sections[s].title, title);
	assert_int_equal(d->sections[s].level, level);
}

/* The first block whose text starts with prefix, or (size_t)-1. */
static size_t
find_block(const struct doc *d, const char *prefix)
{
	for (size_t b = 0; b < d->nblocks; b++)
		if (d->blocks[b].end - d->blocks[b].start >= strlen(prefix) &&
		    memcmp(d->text + d->blocks[b].start, prefix, strlen(prefix)) == 0)
			return b;
	return (size_t)-1;
}

static struct doc *
parse_with(const char *s, const struct parse_opts *o)
{
	struct buf clean = { 0 };
	struct text_info info;
	struct doc *d = doc_create("test");
	text_sanitize(s, strlen(s), NULL, &clean, &info);
	parse_text(d, clean.data ? clean.data : "", clean.len, o);
	buf_free(&clean);
	return d;
}

/* Levels come from the numbering depth, whatever the space after the number. */
static void
numbering_depth(void **state)
{
	(void)state;
	struct doc *d = unit_doc(
	        PARA("") "\nChapitre" NBSP "8." NBSP "Outils\n\n" PARA(
	                "") "\n"
	                    "8.1." NBSP "Dpkg\n\n" PARA(
	                            "") "\n"
	                                "8.1.1." NNBSP "Options\n\n" PARA(
	                                        "") "\n"
	                                            "8.1.1.1.   Détails\n\n" PARA(
	                                                    "") "\n"
	                                                        "8.1.1.1.1. Plus\n\n" PARA(
	                                                                "") "\n"
	                                                                    "8.1.1.1.1.1. "
	                                                                    "Encore\n\n" PARA(
	                                                                            "") "\n"
	                                                                                "8.2. "
	                                                                                "Pourquoi "
	                                                                                "est-ce "
	                                                                                "que "
	                                                                                "j'obtiens "
	                                                                                "le "
	                                                                                "message « "
	                                                                                "ld: "
	                                                                                "cannot "
	                                                                                "find "
	                                                                                "-lfoo » "
	                                                                                "quand "
	                                                                                "je\ncompil"
	                                                                                "e un "
	                                                                                "programme "
	                                                                                "?\n"
	                                                                                "\n" PARA(
	                                                                                        "") "\n"
	                                                                                            "Annexe A. Sources\n\n" PARA(
	                                                                                                    "") "\nA.1. Liens\n\n" PARA(""),
	        0);
	assert_int_equal(d->nsections, 9);
	assert_section(d, 0, 1, "Chapitre" NBSP "8." NBSP "Outils");
	assert_section(d, 1, 2, "8.1." NBSP "Dpkg");
	assert_section(d, 2, 3, "8.1.1." NNBSP "Options");
	assert_section(d, 3, 4, "8.1.1.1. Détails");
	assert_section(d, 4, 5, "8.1.1.1.1. Plus");
	assert_section(d, 5, 6, "8.1.1.1.1.1. Encore");
	/* Wrapped onto two lines: one heading, joined with a space. */
	assert_section(d, 6, 2,
	               "8.2. Pourquoi est-ce que j'obtiens le message « ld: cannot find -lfoo » "
	               "quand je compile un programme ?");
	assert_section(d, 7, 1, "Annexe A. Sources");
	assert_section(d, 8, 2, "A.1. Liens");
	doc_free(d);
}

/* A numbering that starts under an unnumbered heading sits one below it. */
static void
numbering_under_front_matter(void **state)
{
	(void)state;
	struct doc *d =
	        unit_doc(PARA("") "\nPréface\n\n" PARA("") "\n1. Clause\n\n" PARA(
	                         "") "\n"
	                             "2. But\n\n" PARA("") "\nChapitre 1. Didacticiels\n\n" PARA(
	                                     "") "\n"
	                                         "1.1. Console\n\n" PARA(""),
	                 0);
	assert_int_equal(d->nsections, 5);
	assert_section(d, 0, 1, "Préface");
	assert_section(d, 1, 2, "1. Clause");
	assert_section(d, 2, 2, "2. But");
	assert_section(d, 3, 1, "Chapitre 1. Didacticiels");
	assert_section(d, 4, 2, "1.1. Console");
	doc_free(d);
}

/* Numbered items inside a section, admonitions, captions: not headings. */
static void
not_headings(void **state)
{
	(void)state;
	struct doc
	        *
	                d = unit_doc(PARA("") "\n8. Outils\n\n" PARA("") "\n8.1. Dpkg\n\n" PARA(
	                                     "") "\n"
	                                         "1. Russ Allbery\n\n2. Sean Whitton\n\n" PARA(
	                                                 "") "\n"
	                                                     "1. assignations de variables "
	                                                     ";\n\n" PARA("") "\nNote\n\n" PARA("") "\nAvertissement\n\n" PARA(
	                                                             "") "\nTableau 1.2. Liste de "
	                                                                 "paquets\n\n" PARA("") "\n"
	                                                                                        "Fi"
	                                                                                        "le"
	                                                                                        ": "
	                                                                                        "se"
	                                                                                        "d."
	                                                                                        "in"
	                                                                                        "fo"
	                                                                                        ", "
	                                                                                        " N"
	                                                                                        "od"
	                                                                                        "e:"
	                                                                                        " T"
	                                                                                        "op"
	                                                                                        ", "
	                                                                                        " N"
	                                                                                        "ex"
	                                                                                        "t:"
	                                                                                        " I"
	                                                                                        "nt"
	                                                                                        "ro"
	                                                                                        ", "
	                                                                                        " U"
	                                                                                        "p:"
	                                                                                        " ("
	                                                                                        "di"
	                                                                                        "r)"
	                                                                                        "\n"
	                                                                                        "\n"
	                                                                                        "8."
	                                                                                        "2."
	                                                                                        " A"
	                                                                                        "pt"
	                                                                                        "\n"
	                                                                                        "\n" PARA(
	                                                                                                ""),
	                             0);
	assert_int_equal(d->nsections, 3);
	assert_section(d, 0, 1, "8. Outils");
	assert_section(d, 1, 2, "8.1. Dpkg");
	assert_section(d, 2, 2, "8.2. Apt");
	doc_free(d);
}

/* A title page before the contents has one heading, its first line; a chapter keeps its mini
 * contents. */
static void
title_page_and_contents(void **state)
{
	(void)state;
	struct doc *d = unit_doc(
	        "                       La FAQ Debian\n\n"
	        "----------------------------------------\n\n"
	        "Version 11.0\n\nJosip Rodin\n\nJanuary 2021\n\n"
	        "Table des matières\n\n"
	        "1. Définitions\n    1.1. Qu'est-ce que cette FAQ ?\n"
	        "    1.2. Qu'est-ce que Debian ?\n2. Obtenir Debian\n\n"
	        "Chapitre 1. Définitions\n\nTable des matières\n\n"
	        "1.1. Qu'est-ce que cette FAQ ?\n1.2. Qu'est-ce que Debian ?\n\n"
	        "1.1. Qu'est-ce que cette FAQ ?\n\n" PARA(
	                "    ") "\n"
	                        "1.2. Qu'est-ce que Debian ?\n\n" PARA(
	                                "    ") "\n"
	                                        "Chapitre 2. Obtenir Debian\n\n" PARA("    "),
	        0);
	assert_int_equal(d->nsections, 5);
	assert_section(d, 0, 1, "La FAQ Debian");
	assert_section(d, 1, 2, "Chapitre 1. Définitions");
	assert_section(d, 2, 3, "1.1. Qu'est-ce que cette FAQ ?");
	assert_section(d, 3, 3, "1.2. Qu'est-ce que Debian ?");
	assert_section(d, 4, 2, "Chapitre 2. Obtenir Debian");
	assert_string_equal(d->title, "La FAQ Debian");
	/* The contents keep their nesting. */
	size_t b = find_block(d, "1. Définitions\n");
	assert_true(b != (size_t)-1);
	char *t = btext(d, b);
	assert_string_equal(t, "1. Définitions\n    1.1. Qu'est-ce que cette FAQ ?\n"
	                       "    1.2. Qu'est-ce que Debian ?\n2. Obtenir Debian");
	free(t);
	doc_free(d);
}

/* List items: a hanging indent the width of their marker, even without a blank line. */
static void
list_items(void **state)
{
	(void)state;
	struct doc *d = unit_doc("Il existe plusieurs moyens, comme suit :\n"
	                         "      * obtenir une copie du logiciel amont, généralement\n"
	                         "        distribuée sous la forme d'un fichier tar ;\n"
	                         "          + paquet-version.tar.gz\n"
	                         "      * ajouter les modifications.\n\n"
	                         "1. Premier point ;\n\n"
	                         "a) second point, en minuscules\n",
	                         0);
	size_t b = find_block(d, "Il existe");
	assert_true(b != (size_t)-1);
	assert_int_equal(d->blocks[b].kind, BLOCK_PARA);
	char *t = btext(d, b + 1);
	assert_string_equal(t,
	                    "* obtenir une copie du logiciel amont, généralement distribuée sous "
	                    "la forme d'un fichier tar ;");
	free(t);
	assert_int_equal(d->blocks[b + 1].hang, 2);
	assert_int_equal(d->blocks[b + 1].indent, 0);
	assert_int_equal(d->blocks[b + 2].indent, 4); /* nested */
	t = btext(d, b + 3);
	assert_string_equal(t, "* ajouter les modifications.");
	free(t);
	b = find_block(d, "1. Premier");
	assert_int_equal(d->blocks[b].hang, 3);
	b = find_block(d, "a) second");
	assert_int_equal(d->blocks[b].hang, 3);
	/* Dialogue at the margin of prose is not a list. */
	struct doc *e =
	        unit_doc("- Oui, dit-il en se levant de sa chaise avec une lenteur calculée.\n"
	                 "- Non, répondit-elle.\n",
	                 0);
	assert_int_equal(e->blocks[0].hang, 0);
	doc_free(e);
	doc_free(d);
}

/* Verbatim blocks keep their lines and spaces, and get no French spacing. */
static void
verbatim_blocks(void **state)
{
	(void)state;
	const char *table = "    +------+------+\n    | nom  | taille : |\n    +------+------+";
	const char *boxes = "  ┌──┬──┐\n  │a │b │\n  └──┴──┘";
	const char *session = "$ ls -l  /tmp\ntotal 0";
	const char *columns = "Signal      Valeur    Action\nSIGABRT     P1990     Core\nSIGALRM   "
	                      "  P1990     Term";
	const char *code = "        int main(void) {\n                return 0;\n        }";
	char *s = xasprintf("%s\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s", PARA(""), table, boxes, session,
	                    columns, code);
	struct doc *d = unit_doc(s, 1);
	size_t b = find_block(d, "+------+");
	assert_true(b != (size_t)-1);
	assert_int_equal(d->blocks[b].kind, BLOCK_CODE);
	char *t = btext(d, b);
	assert_string_equal(t, "+------+------+\n| nom  | taille : |\n+------+------+");
	free(t);
	b = find_block(d, "┌──");
	assert_int_equal(d->blocks[b].kind, BLOCK_CODE);
	b = find_block(d, "$ ls -l  /tmp");
	assert_int_equal(d->blocks[b].kind, BLOCK_CODE);
	b = find_block(d, "Signal      Valeur");
	assert_int_equal(d->blocks[b].kind, BLOCK_CODE);
	b = find_block(d, "int main(void) {");
	assert_int_equal(d->blocks[b].kind, BLOCK_CODE);
	t = btext(d, b);
	assert_string_equal(t, "int main(void) {\n        return 0;\n}");
	free(t);
	free(s);
	doc_free(d);
	/* A justified paragraph has gaps, but no columns. */
	d = unit_doc(
	        "       Linux   prend  en  charge  à  la  fois  les  signaux  POSIX  classiques\n"
	        "       (« ci-après  signaux standard ») et les signaux POSIX temps réel, ce\n"
	        "       qui  est  bien  pratique  pour  tout  le  monde  et  pour  ses  amis.\n"
	        "       Fin.\n",
	        0);
	assert_int_equal(d->blocks[0].kind, BLOCK_PARA);
	doc_free(d);
}

/* Each block has its language: an English paragraph in French is hyphenated in English and
 * not French-spaced. */
static void
block_language(void **state)
{
	(void)state;
	assert_string_equal(typo_block_lang("The archives are updated twice every day, and the "
	                                    "packages are built with the new compiler.",
	                                    95),
	                    "en");
	assert_string_equal(typo_block_lang("Les archives sont mises à jour deux fois par jour et "
	                                    "les paquets sont construits.",
	                                    80),
	                    "fr");
	assert_null(typo_block_lang("login: penguin", 14));
	struct doc *d = unit_doc(PARA("") "\nTo log in, type the name of the account and the "
	                                  "password: login: penguin is the one that is used.\n",
	                         1);
	size_t b = find_block(d, "To log in");
	assert_true(b != (size_t)-1);
	assert_string_equal(d->blocks[b].lang, "en");
	assert_string_equal(doc_block_lang(d, b), "en");
	char *t = btext(d, b);
	assert_non_null(strstr(t, "password: login: penguin"));
	free(t);
	assert_string_equal(d->blocks[0].lang, ""); /* the document's */
	doc_free(d);
}

/* Manual pages: sections set out at column 0, subsections at 3, text at 7. */
static void
manual_page(void **state)
{
	(void)state;
	struct doc *d = unit_doc(
	        "NOM\n       signal - Panorama des signaux\n\n"
	        "DESCRIPTION\n" PARA(
	                "       ") "\n"
	                           "   Action des signaux\n" PARA(
	                                   "       ") "\n"
	                                              "   systemd-analyze time\n" PARA(
	                                                      "       ") "\n"
	                                                                 "       LD_LIBRARY_PATH\n "
	                                                                 "             Une liste "
	                                                                 "de répertoires.\n\n"
	                                                                 "NOTE\n" PARA(
	                                                                         "       ") "\nVOIR"
	                                                                                    " AUSSI"
	                                                                                    "\n    "
	                                                                                    "   "
	                                                                                    "kill("
	                                                                                    "1)\n",
	        0);
	assert_int_equal(d->nsections, 6);
	assert_section(d, 0, 1, "NOM"); /* a section like the others, not the title */
	assert_section(d, 1, 1, "DESCRIPTION");
	assert_section(d, 2, 2, "Action des signaux");
	assert_section(d, 3, 2, "systemd-analyze time");
	assert_section(d, 4, 1, "NOTE");
	assert_section(d, 5, 1, "VOIR AUSSI");
	doc_free(d);
}

/* Headings underlined with a rule, ranked by the order their rules appear. */
static void
underlined(void **state)
{
	(void)state;
	struct doc *d = unit_doc(
	        "File: a.info,  Node: Top,  Next: Intro,  Up: (dir)\n\n"
	        "GNU Truc\n********\n\n" PARA(
	                "") "\n"
	                    "File: a.info,  Node: Intro,  Next: Use,  Prev: Top,  Up: Top\n\n"
	                    "1 Introduction\n**************\n\n" PARA(
	                            "") "\n"
	                                "1.1 Overview\n============\n\n" PARA(
	                                        "") "\n"
	                                            "Unnumbered "
	                                            "section\n==================\n\n" PARA(
	                                                    "") "\n"
	                                                        "2 Use\n*****\n\n" PARA(""),
	        0);
	assert_int_equal(d->nsections, 5);
	assert_section(d, 0, 1, "GNU Truc");
	assert_section(d, 1, 2, "1 Introduction");
	assert_section(d, 2, 3, "1.1 Overview");
	assert_section(d, 3, 3, "Unnumbered section");
	assert_section(d, 4, 2, "2 Use");
	doc_free(d);
}

#define BOOK(t)                                                                                    \
	"The Project Gutenberg eBook of " t "\n\nTitle: " t "\n\n*** START OF THE PROJECT "        \
	"GUTENBERG EBOOK ***\n\n\n\nCHAPITRE PREMIER\n\n\n\n" PARA(                                \
	        "") "\n\n\nCHAPITRE II\n\n\n\n" PARA("") "\n*** END OF THE PROJECT GUTENBERG "     \
	                                                 "EBOOK ***\n\nSection 1. General Terms "  \
	                                                 "of "                                     \
	                                                 "Use and Redistributing Project "         \
	                                                 "Gutenberg electronic works\n\n"

/* Several Gutenberg books in one file: each has its header, body and licence. */
static void
concatenated_books(void **state)
{
	(void)state;
	struct doc *d = unit_doc(BOOK("Un") BOOK("Deux"), 0);
	assert_int_equal(d->nsections, 8);
	for (int k = 0; k < 2; k++) {
		assert_section(d, (size_t)k * 4, 1, "Project Gutenberg");
		assert_section(d, (size_t)k * 4 + 1, 1, "CHAPITRE PREMIER");
		assert_section(d, (size_t)k * 4 + 2, 1, "CHAPITRE II");
		assert_section(d, (size_t)k * 4 + 3, 1, "Licence Project Gutenberg");
	}
	assert_string_equal(d->title, "Un");
	doc_free(d);
}

/* Raw mode: every line as it is, headings still sections. */
static void
raw_mode(void **state)
{
	(void)state;
	struct parse_opts o = { .format = FORMAT_TEXT, .typo = 1, .lang = "fr", .raw = 1 };
	struct doc *d = parse_with(
	        "1. Titre\n\n  Un texte   espacé : ici,\ncoupé court.\n\n\n\nFin.\n", &o);
	assert_int_equal(d->nsections, 1);
	assert_int_equal(d->blocks[0].kind, BLOCK_HEADING);
	assert_true(d->blocks[0].raw);
	char *t = btext(d, 1);
	assert_string_equal(t, "  Un texte   espacé : ici,\ncoupé court.");
	free(t);
	assert_int_equal(d->blocks[1].kind, BLOCK_CODE);
	t = btext(d, 2);
	assert_string_equal(t, "\n\nFin."); /* the blank lines kept, but the one between blocks */
	free(t);
	doc_free(d);
}

/* loader_reparse: the same file in raw mode, places kept by their words. */
static void
reparse(void **state)
{
	(void)state;
	char path[] = "/tmp/liseuse-reparse-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *s =
	        "Titre\n\nUn paragraphe de texte\nsur deux lignes.\n\nEt la fin du texte.\n";
	assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
	close(fd);
	struct parse_opts o = { .format = FORMAT_AUTO, .typo = 0, .lang = "fr" };
	const char *err = NULL;
	struct loader *ld = loader_start(path, "test", NULL, &o, &err);
	assert_non_null(ld);
	struct doc *d = loader_doc(ld);
	size_t b = find_block(d, "Et la fin");
	size_t off = d->blocks[b].start + 3;
	o.raw = 1;
	d = loader_reparse(ld, &o, &off, 1);
	assert_non_null(d);
	assert_int_equal(d->blocks[find_block(d, "Un paragraphe")].kind, BLOCK_CODE);
	assert_memory_equal(d->text + off, "la fin", 6);
	loader_free(ld);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbering_depth), cmocka_unit_test(numbering_under_front_matter),
		cmocka_unit_test(not_headings),    cmocka_unit_test(title_page_and_contents),
		cmocka_unit_test(list_items),      cmocka_unit_test(verbatim_blocks),
		cmocka_unit_test(block_language),  cmocka_unit_test(manual_page),
		cmocka_unit_test(underlined),      cmocka_unit_test(concatenated_books),
		cmocka_unit_test(raw_mode),        cmocka_unit_test(reparse),
	};
	return cmocka_run_group_tests_name("parse_docs", tests, NULL, NULL);
}
