#!/usr/bin/env python3
"""tests/bench/make_epub.py TEXT SIZE OUT.epub OUT.txt — a SIZE-byte EPUB 3 book
and the same text as plain text, for `make bench`.

TEXT holds paragraphs, one a line (liseuse --dump -w 10000 of the corpus);
they are repeated until the book's text reaches SIZE bytes and cut into
chapters of about 100 KB, each an XHTML part with an <h2> and its <p>s, with
a nav document.  The plain text is the same: a "Chapitre N" line, then the
paragraphs, blank-line separated.  No pandoc needed: python3's zipfile.
"""
import html
import sys
import zipfile

src, size, epub, txt = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
paras = [l.strip() for l in open(src, encoding="utf-8") if l.strip()]
chapters, cur, cur_size, total, i = [], [], 0, 0, 0
while total < size:
    p = paras[i % len(paras)]
    i += 1
    cur.append(p)
    cur_size += len(p.encode()) + 1
    total += len(p.encode()) + 1
    if cur_size >= 100_000:
        chapters.append(cur)
        cur, cur_size = [], 0
if cur:
    chapters.append(cur)

with open(txt, "w", encoding="utf-8") as t:
    for n, ch in enumerate(chapters, 1):
        t.write("Chapitre %d\n\n" % n)
        for p in ch:
            t.write(p + "\n\n")

def part(n, ch):
    body = "\n".join("<p>%s</p>" % html.escape(p) for p in ch)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Chapitre %d</title></head>'
            '<body><h2 id="c%d">Chapitre %d</h2>\n%s\n</body></html>' % (n, n, n, body))

with zipfile.ZipFile(epub, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
    z.writestr("META-INF/container.xml",
               '<?xml version="1.0"?><container version="1.0" '
               'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
               '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
               '</rootfiles></container>')
    items = "\n".join('<item id="c%d" href="c%d.xhtml" media-type="application/xhtml+xml"/>' % (n, n)
                      for n in range(1, len(chapters) + 1))
    refs = "\n".join('<itemref idref="c%d"/>' % n for n in range(1, len(chapters) + 1))
    z.writestr("OEBPS/content.opf",
               '<?xml version="1.0" encoding="UTF-8"?>\n'
               '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
               '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">bench</dc:identifier>'
               '<dc:title>Banc d’essai</dc:title><dc:language>fr</dc:language></metadata>'
               '<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>\n'
               '%s</manifest><spine>%s</spine></package>' % (items, refs))
    links = "\n".join('<li><a href="c%d.xhtml#c%d">Chapitre %d</a></li>' % (n, n, n)
                      for n in range(1, len(chapters) + 1))
    z.writestr("OEBPS/nav.xhtml",
               '<?xml version="1.0" encoding="UTF-8"?>\n'
               '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
               '<head><title>Sommaire</title></head><body><nav epub:type="toc"><ol>%s</ol></nav>'
               '</body></html>' % links)
    for n, ch in enumerate(chapters, 1):
        z.writestr("OEBPS/c%d.xhtml" % n, part(n, ch))
