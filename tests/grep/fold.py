#!/usr/bin/env python3
"""fold.py -- an independent model of liseuse's search folding, in Python
with unicodedata, to check `liseuse --grep` against.

It reads the source file as liseuse does in the steps that matter to word
matches (UTF-8 else Windows-1252, no BOM, CRLF/CR to LF, NFC), folds every
character (case fold unless the query has a capital, NFKD, drop nonspacing
marks, oe/ae ligatures, apostrophes, soft hyphens and zero-width spaces
dropped, any white space a space, runs of spaces one space) and counts the
non-overlapping occurrences of the folded query.  Layout, French spacing and
hard-wrap joining only change white space, which folds to the same thing.

    fold.py FILE QUERY...        prints "COUNT<TAB>QUERY" per query
    fold.py --check QUERY        reads `liseuse --grep` output on stdin and
                                 prints the lines that are not well formed
                                 (4 fields, offsets increasing, the matched
                                 text folding to the query -- or holding
                                 it, for half a ligature -- inside its
                                 context), at most three
"""
import re
import sys
import unicodedata

DROPPED = "\u00ad\u200b\u2060\ufeff"
LIGATURES = {"œ": "oe", "æ": "ae", "Œ": "OE", "Æ": "AE", "’": "'", "ʼ": "'"}


def fold_char(c, caseless):
    if c.isspace():
        return " "
    if c in DROPPED:
        return ""
    if "\uac00" <= c <= "\ud7a3":
        return c
    s = unicodedata.normalize("NFKD", c.casefold() if caseless else c)
    out = []
    for x in s:
        if unicodedata.category(x) == "Mn" or x in DROPPED:
            continue
        x = LIGATURES.get(x, x)
        if caseless:
            x = x.lower()
        out.append(" " if x.isspace() else x)
    return "".join(out)


def fold(text, caseless):
    table = {ord(c): fold_char(c, caseless) for c in set(text)}
    return re.sub(" +", " ", text.translate(table))


def has_capital(q):
    return any(ch != ch.lower() for ch in q)


# Plain-text books set italics between underscores ("_Quos ego_") and
# liseuse drops them: an opening '_' after a blank, an opening mark or a
# non-ASCII character, before a non-blank; a closing '_' after a non-blank,
# before a blank, a mark or a non-ASCII character; no '_' and no blank line
# between.
ITALIC = re.compile(
    "(?:(?<=[ \n(\\[\"'\u0080-\u00bf\u2014])|^)_(?=[^ \n_])"
    "((?:[^_\n]|\n(?!\n))*?)(?<=[^ \n_])_(?=[ \n,.;:!?)\\]\"'\u00c0-\uffff\u0080-\u00bf]|$)")


def load(path):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return ITALIC.sub(r"\1", unicodedata.normalize("NFC", text))


def check(q):
    caseless = not has_capital(q)
    want = fold(q, caseless)
    last, bad = -1, 0
    data = sys.stdin.buffer.read().decode("utf-8", errors="strict")
    for line in data.split("\n")[:-1]:
        f = line.split("\t")
        ok = len(f) == 4 and f[0].isdigit() and f[1].isdigit()
        ok = ok and int(f[1]) > last and want in fold(f[2], caseless)
        ok = ok and f[2] in f[3] and "\r" not in line
        if ok:
            last = int(f[1])
        elif bad < 3:
            print(line)
            bad += 1


def main():
    if sys.argv[1] == "--check":
        check(sys.argv[2])
        return
    text = load(sys.argv[1])
    folded = {}
    for q in sys.argv[2:]:
        caseless = not has_capital(q)
        if caseless not in folded:
            folded[caseless] = fold(text, caseless)
        print("%d\t%s" % (folded[caseless].count(fold(q, caseless)), q))


if __name__ == "__main__":
    main()
