#!/bin/sh
# tests/books/make-fixtures.sh — how the real EPUB and HTML fixtures of
# tests/books were made.  Not run by the tests (pandoc and epubcheck are
# only needed here): run it again to remake them, then review the goldens.
#
#   handbook-fr.epub   EPUB 3 (nav), nested contents: two pages of the Debian
#                      Administrator's Handbook, French (debian-handbook)
#   maint-guide-fr.epub EPUB 2 (NCX), nested contents: two chapters of the
#                      Debian New Maintainers' Guide, French (maint-guide-fr)
#   article-fr.epub    EPUB 3 from the corpus article (corpus/article-xai-*)
#   handbook-fr.html   a page of the handbook as shipped (menus, no <main>)
#   libxslt-python.html a page of libxslt's site as shipped: XHTML declared
#                      ISO-8859-1 with Latin-1 bytes, layout tables, menus, a form
#   zlib-how.html      zlib's usage example: HTML 4 declared ISO-8859-1, <pre>
#
# The pages are changed only where pandoc or epubcheck need it: an empty
# anchor inside a heading gives its id to the heading (pandoc would make an
# empty span of it in the nav, which EPUB forbids), a link to a page not in
# the book points to the publisher's site instead, the id of a link or a
# div goes to an empty span (pandoc drops those ids), and DocBook's
# navigation bars (previous/next tables, the site's and not the book's) are
# left out.
set -eu
cd "$(dirname "$0")"
command -v pandoc >/dev/null || { echo "apt-get install pandoc" >&2; exit 1; }
[ -f /usr/share/java/epubcheck.jar ] || { echo "apt-get install epubcheck" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
HB=/usr/share/doc/debian-handbook/html/fr-FR
MG=/usr/share/doc/maint-guide-fr/html
CORPUS=${CORPUS:-$(cd ../../.. && pwd)/shared/corpus}

# prep IN OUT SITE PAGE…: the page IN with ids moved onto headings and links
# to pages other than PAGE… made absolute on SITE.
prep() {
	python3 - "$@" <<'PY'
import re, sys
src, dst, site, pages = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
html = open(src, encoding='utf-8').read()
# DocBook's navigation bars (prev/next tables) are the site's, not the book's.
html = re.sub(r'<div class="nav(header|footer)">.*?</table>\s*(<hr\s*/?>\s*)?</div>', '', html,
              flags=re.S)
html = re.sub(r'<h([1-6])([^>]*)>\s*<a(?: xmlns="")? id="([^"]*)"\s*(?:/>|></a>)',
              r'<h\1\2 id="\3">', html)
# pandoc drops a link's own id: an empty span before the link keeps it (the
# targets of DocBook's footnotes and of their links back).
def keep_id(m):
    tag = m.group(0)
    if 'href=' not in tag:
        return tag
    ident = re.search(r' id="([^"]*)"', tag)
    return '<span id="%s"></span>%s' % (ident.group(1), tag.replace(ident.group(0), ''))
html = re.sub(r'<a [^>]*\bid="[^"]*"[^>]*>', keep_id, html)
# and drops a div's (it reads -native_divs, for headings to nest): a span again.
html = re.sub(r'<div([^>]*) id="([^"]*)"([^>]*)>', r'<div\1\3><span id="\2"></span>', html)
def link(m):
    href = m.group(1)
    page, _, frag = href.partition('#')
    if re.match(r'^[a-z]+:', href) or page == '':
        return m.group(0)
    if page in pages:
        return 'href="#%s"' % frag if frag else 'href="%s%s"' % (site, href)
    return 'href="%s%s"' % (site, href)
html = re.sub(r'href="([^"]*)"', link, html)
open(dst, 'w', encoding='utf-8').write(html)
PY
}

prep "$HB/apt.html" "$tmp/apt.html" https://debian-handbook.info/browse/fr-FR/stable/ \
	apt.html sect.apt-get.html
prep "$HB/sect.apt-get.html" "$tmp/sect.apt-get.html" https://debian-handbook.info/browse/fr-FR/stable/ \
	apt.html sect.apt-get.html
pandoc -f html-native_divs -t epub3 --toc-depth=3 -o handbook-fr.epub --resource-path="$HB" \
	--metadata title="Le cahier de l'administrateur Debian — chapitre 6 (extrait)" \
	--metadata author="Raphaël Hertzog" --metadata author="Roland Mas" --metadata lang=fr \
	"$tmp/apt.html" "$tmp/sect.apt-get.html" 2>/dev/null

prep "$MG/start.fr.html" "$tmp/start.html" https://www.debian.org/doc/manuals/maint-guide/ \
	start.fr.html first.fr.html
prep "$MG/first.fr.html" "$tmp/first.html" https://www.debian.org/doc/manuals/maint-guide/ \
	start.fr.html first.fr.html
pandoc -f html-native_divs -t epub2 --toc-depth=2 -o maint-guide-fr.epub --resource-path="$MG" \
	--metadata title="Guide du nouveau responsable Debian (chapitres 1 et 2)" \
	--metadata author="Josip Rodin" --metadata author="Osamu Aoki" --metadata lang=fr \
	"$tmp/start.html" "$tmp/first.html" 2>/dev/null

# The corpus article: one paragraph a line, the short lines without a final
# period its headings.
python3 - "$CORPUS/article-xai-babuschkin.txt" "$tmp/article.html" <<'PY'
import html, sys
lines = [l.strip() for l in open(sys.argv[1], encoding='utf-8') if l.strip()]
out = ['<html lang="fr"><head><title>%s</title></head><body>' % html.escape(lines[0])]
for i, l in enumerate(lines):
    head = i == 0 or (len(l) < 80 and not l.endswith(('.', '»', ':', '?', '!')))
    tag = 'h1' if i == 0 else 'h2' if head else 'p'
    out.append('<%s>%s</%s>' % (tag, html.escape(l), tag))
out.append('</body></html>')
open(sys.argv[2], 'w', encoding='utf-8').write('\n'.join(out))
PY
pandoc -f html -t epub3 -o article-fr.epub --metadata lang=fr \
	--metadata author="La rédaction" "$tmp/article.html" 2>/dev/null

cp "$HB/sect.apt-get.html" handbook-fr.html
cp /usr/share/doc/libxslt1-dev/html/python.html libxslt-python.html
cp /usr/share/doc/zlib1g-dev/examples/zlib_how.html zlib-how.html

for f in handbook-fr.epub maint-guide-fr.epub article-fr.epub; do
	java -jar /usr/share/java/epubcheck.jar -q "$f" && echo "epubcheck: $f: valid"
done
