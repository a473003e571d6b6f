#!/usr/bin/env python3
"""tests/docs/mktruth.py KIND FILE — the true headings of a rendered document,
read from the document's own structure, never from liseuse:

  docbook  the "Table des matières" / "Table of Contents" the text opens with
           (DocBook rendered to text by w3m or lynx): every entry is a
           heading, its level is the rank of its indentation in the contents,
           an entry wrapped onto more lines is joined with a space.  Headings
           the contents do not list but the text has ("Table des matières"
           itself, "Résumé", the mini contents of a chapter) are neutral.
  sphinx   Sphinx's text builder: the contents are the bulleted list of
           numbered entries after the title, nested by indentation.
  texinfo  `info --subnodes -o -` output: makeinfo underlines every heading
           with one character per level (* chapter, = section,
           - subsection, . subsubsection); the Top node's title is the
           document title.
  man      `man` output: .SH headings start at column 0, .SS headings at
           column 3, body text at column 7; the first line (the running
           head) is neutral, the last (the running foot) is dropped.

Writes LEVEL<TAB>TITLE lines: LEVEL 0 is the document title, '-' a neutral
line (a heading or not, it is not scored).  The truth files are committed:
this script only says how they were made, so that anyone can check them.
"""
import re
import sys

NBSP = "\u00a0\u202f"


def clean(s):
    for c in NBSP:
        s = s.replace(c, " ")
    return " ".join(s.split())


NUMBERED = re.compile(r"^(\* )?([0-9]+|[A-Z])(\.[0-9]+)*\. ")


def contents(lines, start, bullets):
    """The entries of the contents from line start on: (indent, text), a
    wrapped entry joined with a space, blank lines inside skipped."""
    entries = []
    i = start
    blank = False
    last = ""
    while i < len(lines):
        l = lines[i]
        if not l.strip():
            i += 1
            blank = True
            continue
        after_blank, blank = blank, False
        if entries and not bullets and after_blank and not NUMBERED.match(clean(l)):
            break  # past the entries and the blank lines between them
        m = re.match(r"^(?:\* )?((?:[0-9]+)(?:\.[0-9]+)*)\. ", clean(l))
        if m and entries and after_blank and not follows(last, m.group(1)):
            break  # numbers start again past a blank line: the text's first section
        if m:
            last = m.group(1)
        ind = len(l) - len(l.lstrip(" " + NBSP))
        text = clean(l)
        numbered = NUMBERED.match(text)
        if bullets:
            if not text.startswith("* "):
                if entries and ind > entries[-1][0]:
                    entries[-1][1] += " " + text
                    i += 1
                    continue
                break
            text = text[2:]
        elif entries and not numbered and ind <= base and not text[:1].islower() and \
                ind == 0:
            break
        if entries and not bullets and not numbered and \
                (NUMBERED.match(entries[-1][1]) or text[:1].islower()) and \
                ind >= entries[-1][0]:
            entries[-1][1] += " " + text
        elif not entries or numbered or bullets or ind > base or ind == 0:
            entries.append([ind, text])
        else:
            break
        i += 1
    return entries, i


base = 0


def follows(cur, num):
    """Does section number num ("3.2") come after cur in a contents?"""
    if not cur:
        return True
    c = [int(x) for x in cur.split(".")]
    n = [int(x) for x in num.split(".")]
    d = len(n)
    if d > len(c) + 1 or c[:d - 1] != n[:d - 1]:
        return False
    return d == len(c) + 1 or n[d - 1] > c[d - 1]


def toc_truth(lines, start, bullets):
    global base
    out = []
    for l in lines:
        if l.strip():
            out.append((0, clean(l)))
            break
    base = len(lines[start - 1]) - len(lines[start - 1].lstrip(" " + NBSP)) if start else 0
    entries, end = contents(lines, start, bullets)
    starts = set()
    for l in lines[end:]:
        w = re.sub(r"^(Chapitre|Chapter|Annexe|Appendix) ", "", clean(l)).split()
        starts.add(" ".join(w[:3]))
    # Levels: the nesting of the contents, its distinct indents in order.
    indents = sorted({ind for ind, _ in entries})
    for ind, text in entries:
        # Only the headings the text (perhaps trimmed) still holds: a line
        # that starts as the entry does.
        if " ".join(text.split()[:3]) not in starts:
            continue
        out.append((indents.index(ind) + 1, text))
    return out


def docbook(lines):
    start = next(i for i, l in enumerate(lines)
                 if clean(l) in ("Table des matières", "Table of Contents"))
    out = toc_truth(lines, start + 1, False)
    out.insert(1, ("-", clean(lines[start])))
    # Headings the contents do not list: the contents' own label, the
    # abstract, the dedication.
    out += [("-", "Résumé"), ("-", "Abstract"), ("-", "Dedication")]
    return out


def sphinx(lines):
    """Sphinx's text builder: the contents are a bulleted list ("* 1. Title",
    nested by two columns a level) after the title."""
    start = next(i for i, l in enumerate(lines) if re.match(r"^\* [0-9]+\. ", l))
    return toc_truth(lines, start, True)


def texinfo(lines):
    out = []
    levels = {"*": 1, "=": 2, "-": 3, ".": 4}
    title = True
    for i in range(1, len(lines)):
        u = lines[i].rstrip("\n")
        t = lines[i - 1].rstrip("\n")
        if not u or not t.strip() or len(set(u)) != 1 or u[0] not in levels:
            continue
        if len(u) < 3 or abs(len(u) - len(t)) > 2:
            continue
        out.append((0 if title else levels[u[0]], clean(t)))
        title = False
    return out


def man(lines):
    out = [("-", clean(lines[0]))]
    for l in lines[1:-1]:
        if not l.strip():
            continue
        ind = len(l) - len(l.lstrip(" "))
        if ind == 0:
            out.append((1, clean(l)))
        elif ind == 3:
            out.append((2, clean(l)))
    return out


def main():
    kind, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f]
    kinds = {"docbook": docbook, "sphinx": sphinx, "texinfo": texinfo, "man": man}
    for level, title in kinds[kind](lines):
        print(f"{level}\t{title}")


if __name__ == "__main__":
    main()
