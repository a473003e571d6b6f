/*
 * test_parse.c — plain-text structure: both paragraph shapes, kept lines,
 * every kind of heading and what is not one, levels and the title,
 * Gutenberg front and back matter, and the document's lookups.
 */
#include "unit.h"

#include <stdlib.h>

#include <unicase.h>
#include <unistr.h>

/* The text of block b, as a fresh string. */
static char *
btext(const struct doc *d, size_t b)
{
	return xstrndup(d->text + d->blocks[b].start, d->blocks[b].end - d->blocks[b].start);
}

static void
assert_block(const struct doc *d, size_t b, enum block_kind kind, const char *text)
{
	char *t = btext(d, b);
	assert_string_equal(t, text);
	assert_int_equal(d->blocks[b].kind, kind);
	free(t);
}

static void
assert_section(const struct doc *d, size_t s, int level, const char *title)
{
	assert_true(s < d->nsections);
	assert_string_equal(d->sections[s].title, title);
	assert_int_equal(d->sections[s].level, level);
}

/* A paragraph hard-wrapped at about 60 columns, as Gutenberg files are. */
#define PROSE                                                                                      \
	"Les deux plus mémorables barricades que l'observateur des\n"                             \
	"maladies sociales puisse mentionner n'appartiennent point à\n"                           \
	"la période où est placée l'action de ce livre ; elles sont\n"                          \
	"sorties de terre lors de la fatale insurrection de juin.\n"
#define PROSE_JOINED                                                                               \
	"Les deux plus mémorables barricades que l'observateur des maladies sociales "            \
	"puisse mentionner n'appartiennent point à la période où est placée l'action de "      \
	"ce livre ; elles sont sorties de terre lors de la fatale insurrection de juin."

static void
wrapped_paragraphs_joined(void **state)
{
	(void)state;
	struct doc *d = unit_doc(PROSE "\n" PROSE, 0);
	assert_int_equal(d->nblocks, 2);
	assert_block(d, 0, BLOCK_PARA, PROSE_JOINED);
	assert_block(d, 1, BLOCK_PARA, PROSE_JOINED);
	assert_int_equal(d->nsections, 0);
	doc_free(d);
}

static void
line_end_hyphen_joined(void **state)
{
	(void)state;
	struct doc *d = unit_doc("Permettez-moi d'inscrire votre nom en tête de ce livre et au-\n"
	                         "dessus même de sa dédicace ; car c'est à vous, surtout, que\n"
	                         "j'en dois la publication -- dit-il.\n",
	                         0);
	assert_int_equal(d->nblocks, 1);
	assert_block(d, 0, BLOCK_PARA,
	             "Permettez-moi d'inscrire votre nom en tête de ce livre et au-dessus même de "
	             "sa dédicace ; car c'est à vous, surtout, que j'en dois la publication — "
	             "dit-il.");
	doc_free(d);
}

static void
spaces_collapsed(void **state)
{
	(void)state;
	struct doc *d = unit_doc("   Un   mot  puis   un autre.   \n", 0);
	assert_block(d, 0, BLOCK_PARA, "Un mot puis un autre.");
	doc_free(d);
}

#define LONG1                                                                                      \
	"Il y avait en Westphalie, dans le château de M. le baron de Thunder-ten-tronckh, un "    \
	"jeune garçon à qui la nature avait donné les moeurs les plus douces. Sa physionomie "  \
	"annonçait son âme."
#define LONG2                                                                                      \
	"Monsieur le baron était un des plus puissants seigneurs de la Westphalie, car son "      \
	"château avait une porte et des fenêtres. Sa grande salle même était ornée d'une "    \
	"tapisserie."

static void
one_paragraph_per_line(void **state)
{
	(void)state;
	struct doc *d = unit_doc(LONG1 "\n" LONG2 "\nCourt.", 0);
	assert_int_equal(d->nblocks, 3);
	assert_block(d, 0, BLOCK_PARA, LONG1);
	assert_block(d, 1, BLOCK_PARA, LONG2);
	assert_block(d, 2, BLOCK_PARA, "Court.");
	doc_free(d);
}

static void
short_lines_kept(void **state)
{
	(void)state;
	struct doc *d = unit_doc(PROSE "\n"
	                               "Demain, dès l'aube,\n"
	                               "à l'heure où blanchit la campagne,\n"
	                               "Je partirai.\n"
	                               "\n" PROSE,
	                         0);
	assert_int_equal(d->nblocks, 3);
	assert_block(d, 1, BLOCK_LINES,
	             "Demain, dès l'aube,\nà l'heure où blanchit la campagne,\nJe partirai.");
	doc_free(d);
}

static void
heading_chapitre_markers(void **state)
{
	(void)state;
	struct doc *d = unit_doc("CHAPITRE PREMIER\n\n" PROSE "\n"
	                         "CHAPITRE VINGT ET UNIÈME\n\n" PROSE "\n"
	                         "Chapitre 3\n\n" PROSE,
	                         0);
	assert_int_equal(d->nblocks, 6);
	assert_block(d, 0, BLOCK_HEADING, "CHAPITRE PREMIER");
	assert_block(d, 2, BLOCK_HEADING, "CHAPITRE VINGT ET UNIÈME");
	assert_block(d, 4, BLOCK_HEADING, "Chapitre 3");
	assert_int_equal(d->nsections, 3);
	/* The first heading starts the document: it is the title, level 1. */
	assert_section(d, 0, 1, "CHAPITRE PREMIER");
	assert_section(d, 1, 2, "CHAPITRE VINGT ET UNIÈME");
	assert_section(d, 2, 2, "Chapitre 3");
	assert_string_equal(d->title, "CHAPITRE PREMIER");
	doc_free(d);
}

/*
 * Markers that start in lowercase (so no other rule makes them headings)
 * and that the quick test before the word lists must let through: a listed
 * word, an accented first word, an ordinal of two words joined by a hyphen.
 */
static void
heading_lowercase_markers(void **state)
{
	(void)state;
	struct doc *d = unit_doc(PROSE "\n"
	                               "livre premier\n\n" PROSE "\n"
	                               "scène première\n\n" PROSE "\n"
	                               "vingt-deuxième partie\n\n" PROSE "\n"
	                               "chapter three\n\n" PROSE,
	                         0);
	assert_int_equal(d->nblocks, 9);
	assert_block(d, 1, BLOCK_HEADING, "livre premier");
	assert_block(d, 3, BLOCK_HEADING, "scène première");
	assert_block(d, 5, BLOCK_HEADING, "vingt-deuxième partie");
	assert_block(d, 7, BLOCK_HEADING, "chapter three");
	doc_free(d);
}

static void
heading_parts_books_romans(void **state)
{
	(void)state;
	struct doc *d = unit_doc("Un roman\n\n" PROSE "\n"
	                         "PREMIÈRE PARTIE\n\nI\n\n" PROSE "\nII\n\n" PROSE "\n"
	                         "Livre second--La nuit\n\nIII\n\n" PROSE,
	                         0);
	assert_int_equal(d->nsections, 6);
	assert_section(d, 0, 1, "Un roman");
	assert_section(d, 1, 2, "PREMIÈRE PARTIE");
	/* Headings nest as they stand: I and II are right under the part. */
	assert_section(d, 2, 3, "I");
	assert_section(d, 3, 3, "II");
	assert_section(d, 4, 3, "Livre second—La nuit"); /* "--" is a dash */
	assert_section(d, 5, 4, "III");
	doc_free(d);
}

static void
heading_numbered(void **state)
{
	(void)state;
	struct doc *d = unit_doc(PROSE "\n1. Introduction\n\n" PROSE "\n"
	                               "1.2. Pourquoi lire en terminal ?\n\n" PROSE "\n"
	                               "1.2.3. Détails\n\n" PROSE "\n"
	                               "12 heures plus tard\n\n" PROSE,
	                         0);
	assert_int_equal(d->nsections, 4);
	assert_section(d, 0, 1, "1. Introduction");
	assert_section(d, 1, 2, "1.2. Pourquoi lire en terminal ?");
	assert_section(d, 2, 3, "1.2.3. Détails");
	/* A number then words, without the dot, is only a short line. */
	assert_section(d, 3, 4, "12 heures plus tard");
	doc_free(d);
}

static void
heading_caps(void **state)
{
	(void)state;
	struct doc *d = unit_doc(PROSE "\nLA MAISON DU CHAT-QUI-PELOTE.\n\n" PROSE "\n"
	                               "A PROPOS DE RIEN, ET DE TOUT.\n\n" PROSE "\n"
	                               "ADRESSE:\n\n" PROSE,
	                         0);
	assert_int_equal(d->nsections, 2);
	assert_section(d, 0, 1, "LA MAISON DU CHAT-QUI-PELOTE.");
	assert_section(d, 1, 1, "A PROPOS DE RIEN, ET DE TOUT.");
	assert_int_equal(d->blocks[5].kind, BLOCK_PARA); /* "ADRESSE:" introduces a list */
	doc_free(d);
}

static void
heading_short_lines(void **state)
{
	(void)state;
	/* The article's shape: no blank lines, short unpunctuated lines are headings. */
	struct doc *d = unit_doc("Un départ surprise\n" LONG1 "\n"
	                         "Un nouveau chapitre\n" LONG2 "\n"
	                         "Ceci n'est pas un titre.\n" LONG1 "\n"
	                         "pas un titre non plus\n" LONG2,
	                         0);
	assert_int_equal(d->nblocks, 8);
	assert_int_equal(d->nsections, 2);
	assert_section(d, 0, 1, "Un départ surprise");
	assert_section(d, 1, 2, "Un nouveau chapitre");
	assert_int_equal(d->blocks[4].kind, BLOCK_PARA);
	assert_int_equal(d->blocks[6].kind, BLOCK_PARA);
	assert_string_equal(d->title, "Un départ surprise");
	doc_free(d);
}

static void
bare_marker_takes_subtitle(void **state)
{
	(void)state;
	struct doc *d =
	        unit_doc(PROSE "\n\n\nChapitre I\n\nLa Charybde du faubourg\n\n\n" PROSE "\n\n\n"
	                       "Chapitre II\n\nQue faire dans l'abîme ?\n\n\n" PROSE "\n"
	                       "On entoura Gavroche.\n",
	                 0);
	assert_int_equal(d->nsections, 2);
	assert_section(d, 0, 1, "Chapitre I — La Charybde du faubourg");
	assert_section(d, 1, 1, "Chapitre II — Que faire dans l'abîme ?");
	assert_block(d, 1, BLOCK_HEADING, "Chapitre I\nLa Charybde du faubourg");
	doc_free(d);
}

/*
 * Chapters of one short paragraph each, two blank lines before every
 * heading: the paragraph is set apart like a subtitle, but no text follows
 * it (the next heading does), so it is the chapter's text.  Before, each
 * marker took its paragraph as a subtitle, found no text after it and was
 * dropped: one section, "CHAPITRE II" a paragraph.
 */
static void
bare_marker_one_paragraph_chapters(void **state)
{
	(void)state;
	struct doc *d = unit_doc("\n\nCHAPITRE I\n\nIl vivait seul au bord de la mer.\n\n\n"
	                         "CHAPITRE II\n\nLe lendemain, il partit pour la ville.\n\n\n"
	                         "CHAPITRE III\n\nIl revint enfin chez lui.\n",
	                         0);
	assert_int_equal(d->nblocks, 6);
	assert_int_equal(d->nsections, 3);
	/* The document starts with a heading: it is the title (PRODUCT.md). */
	assert_section(d, 0, 1, "CHAPITRE I");
	assert_section(d, 1, 2, "CHAPITRE II");
	assert_section(d, 2, 2, "CHAPITRE III");
	assert_block(d, 2, BLOCK_HEADING, "CHAPITRE II");
	assert_block(d, 3, BLOCK_PARA, "Le lendemain, il partit pour la ville.");
	assert_block(d, 5, BLOCK_PARA, "Il revint enfin chez lui.");
	/* A real subtitle is still one: text follows it. */
	doc_free(d);
	d = unit_doc("\n\nCHAPITRE I\n\nLa mer\n\n\n" PROSE "\n\n\n"
	             "CHAPITRE II\n\nLa ville\n\n\n" PROSE,
	             0);
	assert_int_equal(d->nsections, 2);
	assert_section(d, 0, 1, "CHAPITRE I — La mer");
	assert_section(d, 1, 2, "CHAPITRE II — La ville");
	doc_free(d);
}

static void
marker_with_title_block(void **state)
{
	(void)state;
	/* Candide's shape: marker, rule and title lines in one block. */
	struct doc *d = unit_doc(
	        "CHAPITRE SECOND\n-----------\nCE QUE DEVINT CANDIDE\nPARMI LES BULGARES\n\n" LONG1,
	        0);
	assert_block(d, 0, BLOCK_HEADING,
	             "CHAPITRE SECOND\nCE QUE DEVINT CANDIDE PARMI LES BULGARES");
	assert_section(d, 0, 1, "CHAPITRE SECOND — CE QUE DEVINT CANDIDE PARMI LES BULGARES");
	doc_free(d);
}

static void
toc_is_not_headings(void **state)
{
	(void)state;
	struct doc *d = unit_doc("TABLE DES MATIÈRES\n\n"
	                         "Livre premier--La guerre\n\n"
	                         "Chapitre I La Charybde\n"
	                         "Chapitre II Que faire?\n\n"
	                         "Livre premier--La guerre\n\n"
	                         "Chapitre I\n\n" PROSE "\n"
	                         "TABLE\n\n"
	                         "LA BOURSE                139\n"
	                         "LA VENDETTA ........... 168\n\n"
	                         "FIN DU PREMIER VOLUME.\n\n" PROSE,
	                         0);
	assert_int_equal(d->nsections, 2);
	assert_section(d, 0, 1, "Livre premier—La guerre");
	assert_section(d, 1, 2, "Chapitre I");
	assert_block(d, 2, BLOCK_LINES, "Chapitre I La Charybde\nChapitre II Que faire?");
	assert_int_equal(d->blocks[1].kind, BLOCK_PARA);
	doc_free(d);
}

static void
spaced_document_needs_space(void **state)
{
	(void)state;
	/* Headings set apart by two blank lines: a short line with one is prose. */
	struct doc *d = unit_doc("\n\nI\n\n" PROSE "\n"
	                         "Et il referma la porte doucement\n\n" PROSE "\n"
	                         "« THEODORE ROUAULT. »\n\n" PROSE "\n\n\n"
	                         "II\n\n" PROSE "\n\n\n"
	                         "Un titre espacé\n\n" PROSE,
	                         0);
	assert_int_equal(d->nsections, 3);
	assert_section(d, 0, 1, "I");
	assert_section(d, 1, 2, "II");
	assert_section(d, 2, 3, "Un titre espacé");
	assert_int_equal(d->blocks[2].kind, BLOCK_PARA);
	assert_int_equal(d->blocks[4].kind, BLOCK_PARA);
	doc_free(d);
}

static void
not_headings(void **state)
{
	(void)state;
	struct doc *d = unit_doc(
	        PROSE "\n  ALBERT SAVARON A LÉOPOLD.\n\n" PROSE "\n"
	              "DÉDIÉ A PUTTINATI\n\n" PROSE "\n"
	              "À Louis Bouilhet\n\n" PROSE "\n"
	              "[Illustration: GINEVRA\n\nLE COLONEL DE SOULANGES\n\n(LA PAIX.)]\n\n" PROSE
	              "\n"
	              "Produced by http://www.example.com\n\n" PROSE "\n"
	              "-- Oui monsieur\n\n" PROSE,
	        0);
	assert_int_equal(d->nsections, 0);
	for (size_t b = 0; b < d->nblocks; b++)
		assert_int_not_equal(d->blocks[b].kind, BLOCK_HEADING);
	doc_free(d);
}

static void
gutenberg_matter(void **state)
{
	(void)state;
	struct doc *d =
	        unit_doc("The Project Gutenberg eBook of Essai\n\nTitle: Essai\n\n"
	                 "*** START OF THE PROJECT GUTENBERG EBOOK ESSAI ***\n\n"
	                 "Produced by Someone\n\n\n"
	                 "PREMIÈRE PARTIE\n\n\n" PROSE "\n"
	                 "*** END OF THE PROJECT GUTENBERG EBOOK ESSAI ***\n\nLicence text.\n",
	                 0);
	assert_int_equal(d->nsections, 3);
	assert_section(d, 0, 1, "Project Gutenberg");
	assert_section(d, 1, 1, "PREMIÈRE PARTIE");
	assert_section(d, 2, 1, "Licence Project Gutenberg");
	assert_int_equal(d->sections[0].block, 0);
	assert_block(d, d->sections[1].block, BLOCK_HEADING, "PREMIÈRE PARTIE");
	assert_block(d, d->sections[2].block, BLOCK_PARA,
	             "*** END OF THE PROJECT GUTENBERG EBOOK ESSAI ***");
	assert_block(d, d->sections[1].block - 1, BLOCK_PARA, "Produced by Someone");
	/* The document title is Gutenberg's Title: field. */
	assert_string_equal(d->title, "Essai");
	doc_free(d);
}

static void
abu_matter(void **state)
{
	(void)state;
	struct doc *d = unit_doc("License ABU\n-=-=-\nVersion 1.1\n\n"
	                         "----- FIN DE L'EN-TETE -----\n\n"
	                         "----- DEBUT DU FICHIER x -----\n\n"
	                         "CANDIDE OU L'OPTIMISME\n\nTraduit de l'allemand\n\n\n"
	                         "CHAPITRE PREMIER\n\n" LONG1 "\n\n" LONG2 "\n\n\n"
	                         "CHAPITRE SECOND\n\n" LONG1 "\n\n"
	                         "----- FIN DU FICHIER x -----\n",
	                         0);
	/* Headings get two blank lines: the unspaced line after the title is prose. */
	assert_int_equal(d->nsections, 5);
	assert_section(d, 0, 1, "Licence ABU");
	assert_section(d, 1, 1, "CANDIDE OU L'OPTIMISME");
	assert_section(d, 2, 2, "CHAPITRE PREMIER");
	assert_section(d, 3, 2, "CHAPITRE SECOND");
	assert_section(d, 4, 1, "Fin du fichier");
	assert_block(d, d->sections[1].block + 1, BLOCK_PARA, "Traduit de l'allemand");
	assert_string_equal(d->title, "CANDIDE OU L'OPTIMISME");
	doc_free(d);
}

static void
sections_and_lookups(void **state)
{
	(void)state;
	struct doc *d = unit_doc("Préface\n\n" PROSE "\nCHAPITRE I\n\n" PROSE "\n" PROSE, 0);
	assert_int_equal(d->nblocks, 5);
	assert_int_equal(d->nsections, 2);
	assert_int_equal(d->sections[0].block, 0);
	assert_int_equal(d->sections[1].block, 2);
	assert_int_equal(d->blocks[1].section, 0);
	assert_int_equal(d->blocks[4].section, 1);

	/* Every byte of a block, and its '\n', belongs to that block. */
	for (size_t b = 0; b < d->nblocks; b++) {
		assert_int_equal(doc_block_at(d, d->blocks[b].start), b);
		assert_int_equal(doc_block_at(d, d->blocks[b].end - 1), b);
		assert_int_equal(doc_block_at(d, d->blocks[b].end), b);
		assert_int_equal(d->text[d->blocks[b].end], '\n');
	}
	assert_int_equal(doc_block_at(d, d->len + 100), d->nblocks - 1);
	assert_int_equal(doc_section_at(d, 0), 0);
	assert_int_equal(doc_section_at(d, d->blocks[1].start + 3), 0);
	assert_int_equal(doc_section_at(d, d->blocks[2].start), 1);
	assert_int_equal(doc_section_at(d, d->len - 1), 1);
	doc_free(d);
}

static void
empty_and_blank(void **state)
{
	(void)state;
	struct doc *d = unit_doc("", 0);
	assert_int_equal(d->nblocks, 0);
	assert_int_equal(d->nsections, 0);
	assert_int_equal(doc_block_at(d, 0), 0);
	assert_int_equal(doc_section_at(d, 0), 0);
	doc_free(d);
	d = unit_doc("\n\n   \n\n", 0);
	assert_int_equal(d->nblocks, 0);
	doc_free(d);
}

static void
typo_applied_to_blocks(void **state)
{
	(void)state;
	struct doc *d = unit_doc("Il dit : « oui » ; enfin !\n", 1);
	assert_block(d, 0, BLOCK_PARA, "Il dit\u00a0: «\u00a0oui\u00a0»\u202f; enfin\u202f!");
	doc_free(d);
}

/*
 * parse_text.c skips the case mapping of words that cannot lowercase to
 * one it looks for, on two facts of Unicode checked here against the
 * libunistring it runs with: only ASCII letters, U+0130 and U+212A
 * lowercase to something that starts with an ASCII letter; only i, è, m, e
 * (either case) to something that ends with one of those.
 */
static void
lowercase_facts_for_fast_paths(void **state)
{
	(void)state;
	for (ucs4_t c = 0x80; c < 0x110000; c++) {
		uint8_t in[4], low[64];
		size_t n = sizeof low;
		int k;
		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		k = u8_uctomb(in, c, 4);
		assert_true(k > 0);
		assert_non_null(u8_tolower(in, (size_t)k, NULL, NULL, low, &n));
		assert_true(n > 0 && n <= sizeof low);
		int first = low[0] < 0x80 && ((low[0] | 0x20) >= 'a' && (low[0] | 0x20) <= 'z');
		if (first && c != 0x130 && c != 0x212A)
			fail_msg("U+%04X lowercases to an ASCII letter first", (unsigned)c);
		ucs4_t last;
		const uint8_t *lp = u8_prev(&last, low + n, low);
		assert_non_null(lp);
		if ((last == 'i' || last == 'm' || last == 'e' || last == 0xE8) && c != 0xC8 &&
		    c != 0xE8)
			fail_msg("U+%04X lowercases to something ending in %04X", (unsigned)c,
			         (unsigned)last);
	}
}

/* The document of s[0..n) parsed with the given split, French spacing on. */
static struct doc *
split_doc(const char *s, size_t split)
{
	struct parse_opts o = { .format = FORMAT_TEXT, .typo = 1, .lang = "fr" };
	struct doc *d = doc_create("test");
	parse_text_split(d, s, strlen(s), &o, split);
	return d;
}

static void
assert_same_doc(const struct doc *a, const struct doc *b)
{
	assert_int_equal(a->len, b->len);
	assert_memory_equal(a->text, b->text, a->len);
	assert_string_equal(a->title, b->title);
	assert_int_equal(a->nblocks, b->nblocks);
	for (size_t i = 0; i < a->nblocks; i++) {
		assert_int_equal(a->blocks[i].kind, b->blocks[i].kind);
		assert_int_equal(a->blocks[i].level, b->blocks[i].level);
		assert_int_equal(a->blocks[i].start, b->blocks[i].start);
		assert_int_equal(a->blocks[i].end, b->blocks[i].end);
		assert_int_equal(a->blocks[i].section, b->blocks[i].section);
	}
	assert_int_equal(a->nsections, b->nsections);
	for (size_t i = 0; i < a->nsections; i++) {
		assert_int_equal(a->sections[i].block, b->sections[i].block);
		assert_int_equal(a->sections[i].level, b->sections[i].level);
		assert_string_equal(a->sections[i].title, b->sections[i].title);
	}
}

/*
 * On two threads the text is cut in the middle, once for its lines and
 * again for the blocks of its body and of its back matter: moving that
 * middle through a heading, a bare marker and its subtitle, a list and a
 * Gutenberg licence, the document stays the one parsed on one thread.
 */
static void
two_threads_same_doc(void **state)
{
	(void)state;
	static const char *const parts[] = {
		"CHAPITRE PREMIER\n\nCOMMENT CANDIDE FUT ÉLEVÉ\n\n\n",
		"Chapitre II\n\n\nQue faire dans l'abîme ?\n\n\n",
		"III\n\n\n",
		"un\ndeux\ntrois\n\n",
		"LA BOURSE          139\nPréface ..... 7\n\n",
		"[Illustration: une barricade]\n\n",
		"« Oui ! » dit-il : non ; peut-être ?\n\n",
	};
	struct buf t = { 0 };
	for (int pad = 0; pad < 24; pad++) {
		t.len = 0;
		buf_adds(
		        &t,
		        "Title: Essai\n\n*** START OF THE PROJECT GUTENBERG EBOOK ESSAI ***\n\n\n");
		for (int k = 0; k < pad; k++)
			buf_adds(&t, PROSE "\n");
		for (size_t k = 0; k < sizeof parts / sizeof *parts; k++) {
			buf_adds(&t, parts[k]);
			buf_adds(&t, PROSE "\n");
		}
		buf_adds(&t, "*** END OF THE PROJECT GUTENBERG EBOOK ESSAI ***\n\n");
		for (int k = 0; k < 24 - pad; k++)
			buf_adds(&t, k % 3 ? PROSE "\n" : "Licence\n\n");
		struct doc *one = split_doc(t.data, (size_t)-1), *two = split_doc(t.data, 0);
		assert_same_doc(one, two);
		doc_free(one);
		doc_free(two);
	}
	buf_free(&t);
	/* Nothing, or no line end at all, to cut at. */
	struct doc *one = split_doc("", (size_t)-1), *two = split_doc("", 0);
	assert_same_doc(one, two);
	doc_free(one);
	doc_free(two);
	one = split_doc("Une ligne sans fin", (size_t)-1);
	two = split_doc("Une ligne sans fin", 0);
	assert_same_doc(one, two);
	doc_free(one);
	doc_free(two);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wrapped_paragraphs_joined),
		cmocka_unit_test(line_end_hyphen_joined),
		cmocka_unit_test(spaces_collapsed),
		cmocka_unit_test(one_paragraph_per_line),
		cmocka_unit_test(short_lines_kept),
		cmocka_unit_test(heading_chapitre_markers),
		cmocka_unit_test(heading_lowercase_markers),
		cmocka_unit_test(heading_parts_books_romans),
		cmocka_unit_test(heading_numbered),
		cmocka_unit_test(heading_caps),
		cmocka_unit_test(heading_short_lines),
		cmocka_unit_test(bare_marker_takes_subtitle),
		cmocka_unit_test(bare_marker_one_paragraph_chapters),
		cmocka_unit_test(marker_with_title_block),
		cmocka_unit_test(toc_is_not_headings),
		cmocka_unit_test(spaced_document_needs_space),
		cmocka_unit_test(not_headings),
		cmocka_unit_test(gutenberg_matter),
		cmocka_unit_test(abu_matter),
		cmocka_unit_test(sections_and_lookups),
		cmocka_unit_test(empty_and_blank),
		cmocka_unit_test(typo_applied_to_blocks),
		cmocka_unit_test(lowercase_facts_for_fast_paths),
		cmocka_unit_test(two_threads_same_doc),
	};
	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
