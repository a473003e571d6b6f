#!/usr/bin/env python3
"""tests/books/gen_broken.py OUTDIR — broken and hostile EPUB and HTML files.

Each is a small, well-made book (a package, a nav document and two
chapters) with one thing wrong, or a page built to hurt.  tests/books/run
opens each and checks the exact message.  Written with python3's zipfile;
the two zip bombs patch the sizes zipfile wrote.
"""
import os
import struct
import sys
import zipfile
import zlib

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

CONTAINER = b"""<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="%s" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


def opf(spine=("ch1", "ch2"), items=None, extra=""):
    items = items or [("ch1", "ch1.xhtml"), ("ch2", "ch2.xhtml")]
    manifest = "\n".join('<item id="%s" href="%s" media-type="application/xhtml+xml"/>' % i
                         for i in items)
    refs = "\n".join('<itemref idref="%s"/>' % s for s in spine)
    return ("""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="id">urn:uuid:liseuse-test</dc:identifier>
<dc:title>Livre d’essai</dc:title><dc:creator>Anne Onyme</dc:creator><dc:language>fr</dc:language>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
%s
%s
</manifest>
<spine>
%s
</spine>
</package>""" % (manifest, extra, refs)).encode()


NAV = b"""<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>Sommaire</title></head><body>
<nav epub:type="toc"><ol>
<li><a href="ch1.xhtml">Premier chapitre</a><ol><li><a href="ch1.xhtml#s2">Une section</a></li></ol></li>
<li><a href="ch2.xhtml">Second chapitre</a></li>
</ol></nav></body></html>"""


def chapter(title, body):
    return ("""<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>%s</title></head>
<body><h1>%s</h1>%s</body></html>""" % (title, title, body)).encode()


CH1 = chapter("Premier chapitre",
              '<p>Il était une fois<span epub:type="pagebreak" id="p2" title="2">2</span> '
              "un lecteur patient.</p>"
              '<h2 id="s2">Une section</h2><p>Le lecteur lisait encore.</p>')
CH2 = chapter("Second chapitre", "<p>Et il lut jusqu’au bout du livre.</p>")


def book(files, mimetype=True):
    """The zip bytes of a book: the mimetype first and stored, then the files."""
    path = os.path.join(out, ".tmp.zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if mimetype:
            z.writestr(zipfile.ZipInfo("mimetype"), b"application/epub+zip",
                       compress_type=zipfile.ZIP_STORED)
        for name, data in files:
            z.writestr(name, data)
    data = open(path, "rb").read()
    os.unlink(path)
    return data


def good(**change):
    files = dict([("META-INF/container.xml", CONTAINER % b"OEBPS/content.opf"),
                  ("OEBPS/content.opf", opf()), ("OEBPS/nav.xhtml", NAV),
                  ("OEBPS/ch1.xhtml", CH1), ("OEBPS/ch2.xhtml", CH2)])
    for k, v in change.items():
        name = k.replace("META_INF", "META-INF").replace("__", "/").replace("_dot_", ".")
        if v is None:
            files.pop(name, None)
        else:
            files[name] = v
    return list(files.items())


def write(name, data):
    open(os.path.join(out, name), "wb").write(data)


whole = book(good())
write("good.epub", whole)
write("truncated.epub", whole[: len(whole) // 2])
write("notzip.epub", b"Ceci n'est pas un livre, seulement du texte.\n")
write("no-container.epub", book([("OEBPS/ch1.xhtml", CH1)]))
write("missing-opf.epub", book(good(OEBPS__content_dot_opf=None)))
write("missing-part.epub", book(good(OEBPS__ch2_dot_xhtml=None)))
write("no-manifest-item.epub",
      book(good(OEBPS__content_dot_opf=opf(spine=("ch1", "ghost", "ch2")))))
write("empty-spine.epub", book(good(OEBPS__content_dot_opf=opf(spine=()))))
write("malformed.epub", book(good(OEBPS__ch2_dot_xhtml=(
      '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>'
      "<h1>Second chapitre</h1><p>Balise <b>non fermée &nbsp; et <i>mal</b> imbriquée.</p>"
      "<p>La suite se lit quand même.</body></html>").encode())))

ENC = b"""<?xml version="1.0"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
  xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
<enc:EncryptedData><enc:EncryptionMethod Algorithm="%s"/>
<enc:CipherData><enc:CipherReference URI="%s"/></enc:CipherData></enc:EncryptedData>
</encryption>"""
write("drm.epub", book(good(META_INF__encryption_dot_xml=ENC % (
    b"http://www.w3.org/2001/04/xmlenc#aes128-cbc", b"OEBPS/ch1.xhtml"))))
write("fonts-obfuscated.epub", book(good(META_INF__encryption_dot_xml=ENC % (
    b"http://www.idpf.org/2008/embedding", b"OEBPS/font.otf"))))

# Path traversal: the package names parts above the book's root, and the
# zip holds entries named so; the good chapters are still read.
trav = good(OEBPS__content_dot_opf=opf(
    spine=("ch1", "evil", "ch2"),
    items=[("ch1", "ch1.xhtml"), ("evil", "../../../etc/passwd"), ("ch2", "ch2.xhtml")]))
trav.append(("../../../etc/passwd", chapter("Evil", "<p>never shown</p>")))
write("traversal.epub", book(trav))
write("traversal-opf.epub", book(good(META_INF__container_dot_xml=CONTAINER % b"../content.opf")))

# External entities and entity expansion in a part: nothing is fetched, nothing explodes.
write("xxe.epub", book(good(OEBPS__ch2_dot_xhtml=
      b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
      b'<!ENTITY net SYSTEM "http://127.0.0.1:9/x">'
      b'<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
      b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
      b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
      b'<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
      b'<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Second chapitre</h1>'
      b"<p>Avant [&xxe;] [&net;] [&h;] apr\xc3\xa8s.</p></body></html>")))


def patch_sizes(data, name, size):
    """Make the zip declare size bytes for entry name, whatever it inflates to."""
    data = bytearray(data)
    key = name.encode()
    i = data.find(b"PK\x03\x04")
    while i >= 0:  # local headers
        n, m = struct.unpack_from("<HH", data, i + 26)
        if bytes(data[i + 30:i + 30 + n]) == key:
            struct.pack_into("<I", data, i + 22, size)
        i = data.find(b"PK\x03\x04", i + 4)
    i = data.find(b"PK\x01\x02")
    while i >= 0:  # central directory
        n = struct.unpack_from("<H", data, i + 28)[0]
        if bytes(data[i + 46:i + 46 + n]) == key:
            struct.pack_into("<I", data, i + 24, size)
        i = data.find(b"PK\x01\x02", i + 4)
    return bytes(data)


# Zip bombs.  Honest: a part that says it inflates to 1 GB.  Lying: a part
# that says 2 KB and inflates to 20 MB (found while inflating).
big = CH2[:-len(b"</body></html>")] + b"<p>" + b"a" * (20 << 20) + b"</p></body></html>"
lying = book(good(OEBPS__ch2_dot_xhtml=big))
write("bomb-lying.epub", patch_sizes(lying, "OEBPS/ch2.xhtml", 2048))
write("bomb.epub", patch_sizes(lying, "OEBPS/ch2.xhtml", 1 << 30))

# Hostile pages.
write("deep.html", b"<!DOCTYPE html><html><body>" + b"<div><blockquote><ul><li>" * 20000 +
      b"profond" + b"</li></ul></blockquote></div>" * 20000 + b"</body></html>")
write("unknown-charset.html", b'<html><head><meta charset="x-nonsense-42"></head>'
      b"<body><p>caf\xc3\xa9 cr\xc3\xa8me</p></body></html>")
write("undeclared-1252.html", b"<html><body><p>Caf\xe9 cr\xe8me br\xfbl\xe9e \x93cit\xe9\x94.</p>"
      b"</body></html>")
write("controls.html", b"<html><body><p>esc \x1b]0;PWNED\x07 bell &#27;[31m &#x9b; nul \x00 fin</p>"
      b"<pre>\x1b[2J</pre></body></html>")
write("xxe.xhtml", b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
      b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>[&xxe;]</p></body></html>')
