/*
 * test_html.c — HTML and XHTML into the document model: what is dropped,
 * what a page's article is, encodings and entities, blocks and their
 * places, links, images, notes, anchors, addresses, and the format guess.
 */
#include "unit.h"

#include <stdlib.h>

#include "html.h"

#define NBSP "\xC2\xA0"

static struct doc *
page(const char *s, const char *encoding)
{
	struct parse_opts o = { .format = FORMAT_HTML, .typo = 1, .lang = NULL };
	const char *err = NULL;
	struct doc *d = doc_create("page.html");
	assert_int_equal(html_page(d, s, strlen(s), encoding, &o, 0, &err), 0);
	return d;
}

/* Does the document text hold s? */
static int
has(const struct doc *d, const char *s)
{
	return strstr(d->text, s) != NULL;
}

static char *
block_text(const struct doc *d, size_t b)
{
	return xstrndup(d->text + d->blocks[b].start, d->blocks[b].end - d->blocks[b].start);
}

static void
test_dropped(void **state)
{
	(void)state;
	struct doc *d = page("<html><head><title>T</title><style>p{}</style></head><body>"
	                     "<script>var a = 'script';</script><noscript>noscript</noscript>"
	                     "<nav>menu</nav><div role=\"navigation\">role-nav</div>"
	                     "<form><label>label</label><input value=\"input\"><button>go</button>"
	                     "</form><p hidden>hidden</p><p style=\"color: red; display : none\">"
	                     "displaynone</p><template>template</template><p>kept</p>"
	                     "<span epub:type=\"pagebreak\" title=\"12\">12</span></body></html>",
	                     NULL);
	assert_string_equal(d->text, "kept\n");
	assert_string_equal(d->title, "T");
	doc_free(d);
}

static void
test_article(void **state)
{
	(void)state;
	/* main wins; the page's one h1, outside it, is kept before it. */
	struct doc *d = page("<body><header><h1>Titre</h1><ul><li><a href=\"/\">Accueil</a></li>"
	                     "<li><a href=\"/a\">Autre</a></li></ul></header><main><p>Le texte."
	                     "</p></main><footer>Pied</footer></body>",
	                     NULL);
	assert_string_equal(d->text, "Titre\nLe texte.\n");
	doc_free(d);
	/* The largest article, when it holds most of the articles' text. */
	d = page("<body><p>chrome</p><article><p>Un long article, avec beaucoup de mots dedans et "
	         "encore.</p></article><aside><article><p>Lié</p></article></aside></body>",
	         NULL);
	assert_string_equal(d->text, "Un long article, avec beaucoup de mots dedans et encore.\n");
	doc_free(d);
	/* A list of equal summaries is read whole. */
	d = page("<body><p>Blog</p><article><p>Un</p></article><article><p>Deux</p></article>"
	         "<article><p>Trois</p></article></body>",
	         NULL);
	assert_string_equal(d->text, "Blog\nUn\nDeux\nTrois\n");
	doc_free(d);
	/* No main nor article: the body, without its lists of links (menus). */
	d = page("<body><ul><li><a href=\"/\">Accueil</a></li><li><a href=\"/b\">Blog</a>, "
	         "<a href=\"/c\">Contact</a></li></ul><p>Texte</p><ul><li>vrai</li><li>liste</li>"
	         "</ul></body>",
	         NULL);
	assert_string_equal(d->text, "Texte\n•" NBSP "vrai\n•" NBSP "liste\n");
	doc_free(d);
}

static void
test_encodings(void **state)
{
	(void)state;
	/* Declared ISO-8859-1 is read as Windows-1252, as browsers do: 0x80 is €. */
	struct doc *d = page("<html><head><meta charset=\"iso-8859-1\"></head><body><p>caf\xe9 "
	                     "\x80 5</p></body></html>",
	                     NULL);
	assert_string_equal(d->text, "café € 5\n");
	doc_free(d);
	d = page("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
	         "charset=ISO-8859-15\"></head><body><p>\xa4</p></body></html>",
	         NULL);
	assert_string_equal(d->text, "€\n");
	doc_free(d);
	/* Undeclared and not UTF-8: Windows-1252. */
	d = page("<p>\x93"
	         "cit\xe9\x94</p>",
	         NULL);
	assert_string_equal(d->text, "“cité”\n");
	doc_free(d);
	/* Named encoding wins over the declaration. */
	d = page("<html><head><meta charset=\"utf-8\"></head><body><p>\xe9t\xe9</p></body></html>",
	         "ISO-8859-1");
	assert_string_equal(d->text, "été\n");
	doc_free(d);
	/* Entities, and NFD made NFC; controls made visible, never sent. */
	d = page("<p>&eacute;t&eacute;&nbsp;&#x2019;&amp; e\xcc\x81 &#x9b;</p>", NULL);
	assert_string_equal(d->text, "été" NBSP "’& é \xe2\x90\x9b[\n");
	doc_free(d);
	struct parse_opts o = { .format = FORMAT_HTML, .typo = 1, .lang = NULL };
	const char *err = NULL;
	d = doc_create("x.html");
	assert_int_equal(html_page(d, "<p>x</p>", 8, "NO-SUCH-42", &o, 0, &err), -1);
	assert_string_equal(err, "unknown encoding");
	doc_free(d);
}

static void
test_blocks(void **state)
{
	(void)state;
	struct doc *d =
	        page("<body><h2>Deux</h2><p>Une <b>ligne</b><br>coupée</p>"
	             "<p>a<br><br>b</p><pre>\n  x  = 1;\n\ty</pre>"
	             "<blockquote><p>cité</p></blockquote><ol start=\"9\"><li>neuf</li>"
	             "<li>dix</li></ol><hr><h3>Trois <div>sur deux</div> lignes</h3></body>",
	             NULL);
	size_t b = 0;
	assert_int_equal(d->blocks[b].kind, BLOCK_HEADING);
	assert_int_equal(d->blocks[b].level, 2);
	char *t = block_text(d, ++b);
	assert_string_equal(t, "Une ligne\ncoupée");
	free(t);
	t = block_text(d, ++b); /* two <br> make two paragraphs */
	assert_string_equal(t, "a");
	free(t);
	t = block_text(d, ++b);
	assert_string_equal(t, "b");
	free(t);
	t = block_text(d, ++b);
	assert_int_equal(d->blocks[b].kind, BLOCK_CODE);
	assert_string_equal(t, "  x  = 1;\n        y");
	free(t);
	t = block_text(d, ++b);
	assert_string_equal(t, "cité");
	assert_int_equal(d->blocks[b].quote, 1);
	free(t);
	t = block_text(d, ++b);
	assert_string_equal(t, "\xe2\x80\x87"
	                       "9." NBSP "neuf\n10." NBSP "dix");
	assert_int_equal(d->blocks[b].hang, 4);
	free(t);
	assert_int_equal(d->blocks[++b].kind, BLOCK_RULE);
	t = block_text(d, ++b);
	assert_int_equal(d->blocks[b].kind, BLOCK_HEADING);
	assert_string_equal(t, "Trois sur deux lignes");
	free(t);
	assert_int_equal(d->nsections, 2);
	doc_free(d);

	/* A data table becomes aligned rows; a layout table, its cells' blocks. */
	d = page("<table><tr><th>Nom</th><th>N</th></tr><tr><td>abc</td><td>1</td></tr></table>"
	         "<table><tr><td><p>Un</p><table><tr><td>x</td></tr></table></td></tr></table>",
	         NULL);
	t = block_text(d, 0);
	assert_string_equal(t, "Nom │ N\n────┼──\nabc │ 1");
	free(t);
	assert_true(has(d, "\nUn\nx\n"));
	doc_free(d);
}

static void
test_links_images(void **state)
{
	(void)state;
	struct doc *d =
	        page("<p>Voir <a href=\"https://ex.org/a\">ceci</a>, <a href=\"/rel\">cela</a> "
	             "et <a href=\"https://ex.org\">https://ex.org</a>. <img alt=\"Un chat\" "
	             "src=c.png><img alt=\"\" src=d.png><img src=e.png></p>",
	             NULL);
	char *t = block_text(d, 0);
	assert_string_equal(t, "Voir ceci, cela et https://ex.org. [image: Un chat] [image]");
	free(t);
	t = block_text(d, 1);
	assert_string_equal(t, "→" NBSP "https://ex.org/a");
	free(t);
	assert_int_equal(d->nblocks, 2);
	unsigned link = 0;
	for (size_t k = 0; k < d->blocks[0].nspans; k++)
		link |= d->spans[d->blocks[0].span0 + k].style & STYLE_LINK;
	assert_true(link);
	doc_free(d);
}

static void
test_notes(void **state)
{
	(void)state;
	/* The reference reads [1], and so does its note; the link back is gone. */
	struct doc *d = page("<p>Texte<sup><a href=\"#n1\" id=\"r1\">1</a></sup> et "
	                     "<a href=\"#n2\" epub:type=\"noteref\">2</a>.</p>"
	                     "<aside id=\"n1\"><p>Première note. <a href=\"#r1\" "
	                     "role=\"doc-backlink\">↩</a></p></aside>"
	                     "<ol><li id=\"n2\"><p>[2] Seconde note.</p></li></ol>",
	                     NULL);
	assert_string_equal(d->text, "Texte[1] et [2].\n[1] Première note.\n[2] Seconde note.\n");
	doc_free(d);
}

static void
test_anchors(void **state)
{
	(void)state;
	struct parse_opts o = { .format = FORMAT_HTML, .typo = 0, .lang = "fr" };
	struct doc *d = doc_create("book");
	struct html *h = html_create(d, &o);
	struct html_src a = { "OEBPS/a.xhtml", "a", NULL, 1, 0 };
	const char *s1 = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>zéro</p>"
	                 "<section id=\"s1\"><h2>Un</h2><p>texte <a id=\"in\"/>ici</p></section>"
	                 "<p id=\"end\"/></body></html>";
	html_add(h, s1, strlen(s1), &a, NULL);
	struct html_src b = { "OEBPS/b.xhtml", "b", NULL, 1, 0 };
	const char *s2 =
	        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>deux</p></body></html>";
	html_add(h, s2, strlen(s2), &b, NULL);
	assert_int_equal(html_anchor(h, "OEBPS/a.xhtml", NULL), 0);
	assert_int_equal(html_anchor(h, "OEBPS/a.xhtml", "s1"), 1);
	assert_int_equal(html_anchor(h, "OEBPS/a.xhtml", "in"), 2);
	assert_int_equal(html_anchor(h, "OEBPS/a.xhtml", "end"), 3); /* empty: the next block */
	assert_int_equal(html_anchor(h, "OEBPS/b.xhtml", NULL), 3);
	assert_int_equal(html_anchor(h, "OEBPS/a.xhtml", "nope"), -1);
	html_free(h);
	doc_finish(d, NULL);
	assert_string_equal(d->text, "zéro\nUn\ntexte ici\ndeux\n");
	doc_free(d);
}

static void
test_xhtml(void **state)
{
	(void)state;
	struct parse_opts o = { .format = FORMAT_HTML, .typo = 0, .lang = "fr" };
	const char *err;
	/* Undeclared entities as in HTML; not well-formed: read as HTML. */
	const char *ok =
	        "<?xml version=\"1.0\"?><!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.1//EN\" "
	        "\"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd\"><html "
	        "xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>a&nbsp;b<a id=\"x\"/>c</p>"
	        "</body></html>";
	struct doc *d = doc_create("a.xhtml");
	assert_int_equal(html_page(d, ok, strlen(ok), NULL, &o, 1, &err), 0);
	assert_string_equal(d->text, "a" NBSP "bc\n");
	doc_free(d);
	const char *bad = "<html><body><p>un<br>deux</body>";
	d = doc_create("b.xhtml");
	assert_int_equal(html_page(d, bad, strlen(bad), NULL, &o, 1, &err), 0);
	assert_string_equal(d->text, "un\ndeux\n");
	doc_free(d);
}

static void
test_resolve(void **state)
{
	(void)state;
	char *frag, *p;
	p = html_resolve("OEBPS/text/ch1.xhtml", "../img/a%20b.png#x", &frag);
	assert_string_equal(p, "OEBPS/img/a b.png");
	assert_string_equal(frag, "x");
	free(p), free(frag);
	p = html_resolve("OEBPS/ch1.xhtml", "#n1", &frag);
	assert_string_equal(p, "OEBPS/ch1.xhtml");
	assert_string_equal(frag, "n1");
	free(p), free(frag);
	p = html_resolve("OEBPS/ch1.xhtml", "./ch2.xhtml", &frag);
	assert_string_equal(p, "OEBPS/ch2.xhtml");
	assert_null(frag);
	free(p);
	assert_null(html_resolve("OEBPS/ch1.xhtml", "../../etc/passwd", &frag));
	assert_null(html_resolve("a.xhtml", "%2e%2e/x", &frag));
	assert_null(html_resolve("a.xhtml", "https://ex.org/x", &frag));
	assert_null(html_resolve("a.xhtml", "//ex.org/x", &frag));
	p = html_resolve("", "/META-INF/x.xml", &frag);
	assert_string_equal(p, "META-INF/x.xml");
	free(p);
}

static void
test_guess(void **state)
{
	(void)state;
	assert_int_equal(parse_guess_format("a.html", "", 0), FORMAT_HTML);
	assert_int_equal(parse_guess_format("a.HTM", "", 0), FORMAT_HTML);
	assert_int_equal(parse_guess_format("a.xhtml", "", 0), FORMAT_HTML);
	assert_int_equal(parse_guess_format("a.epub", "", 0), FORMAT_EPUB);
	const char *h1 = "\xEF\xBB\xBF <!-- c --> <!DOCTYPE html><p>x";
	assert_int_equal(parse_guess_format("(stdin)", h1, strlen(h1)), FORMAT_HTML);
	const char *h2 = "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">";
	assert_int_equal(parse_guess_format("(stdin)", h2, strlen(h2)), FORMAT_HTML);
	assert_true(parse_is_xhtml("(stdin)", h2, strlen(h2)));
	const char *t = "<p>un paragraphe</p> n'est pas une page";
	assert_int_equal(parse_guess_format("(stdin)", t, strlen(t)), FORMAT_TEXT);
	char zip[64] = "PK\x03\x04";
	memcpy(zip + 30, "mimetypeapplication/epub+zip", 28);
	assert_int_equal(parse_guess_format("(stdin)", zip, sizeof zip), FORMAT_EPUB);
	char code[16];
	assert_true(html_lang_code("fr-FR", code));
	assert_string_equal(code, "fr");
	assert_false(html_lang_code("français", code));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dropped),      cmocka_unit_test(test_article),
		cmocka_unit_test(test_encodings),    cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_links_images), cmocka_unit_test(test_notes),
		cmocka_unit_test(test_anchors),      cmocka_unit_test(test_xhtml),
		cmocka_unit_test(test_resolve),      cmocka_unit_test(test_guess),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
