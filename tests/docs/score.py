#!/usr/bin/env python3
"""tests/docs/score.py [--tap] [--set dev|held|all] — how well liseuse finds the
structure of the real documents in tests/docs, against their truth files
(made from each document's own table of contents: see mktruth.py).

Per document:
  recall     true headings liseuse found (neutral lines aside)
  precision  headings liseuse found that are true (neutral lines aside)
  levels     of the headings found and true, those at the true depth: depths
             are counted from the shallowest heading of each side, so that a
             title above them all does not shift them
  title      the document title (truth level 0) is liseuse's first heading
  verbatim   source lines that are set out in columns or drawn (a run of two
             spaces or more inside the line, with table rules, box drawing, a
             shell prompt, or a column shared by three lines in a row; not
             the gaps of a justified paragraph, whose lines end at one column)
             that the dump shows with their spacing intact

A heading matches a true one when their words agree, case, spacing,
quotes and dashes aside; "Chapitre 3. Titre" matches the contents entry "3. Titre".
Contents that stop at a depth say nothing of the deeper numbered sections
under their entries ("3.7.4.1." under "3.7.4."): those are not counted.
Matching keeps the order of the document.

With --tap, one TAP line per document and metric, failing below the targets
(recall 0.95, precision 0.90, levels 0.90, verbatim 0.95), as tests/run reads.
"""
import os
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get("LISEUSE", os.path.join(HERE, "..", "..", "liseuse"))
TARGETS = {"recall": 0.95, "precision": 0.90, "levels": 0.90, "verbatim": 0.95}


def sets():
    """name -> 'dev' or 'held', from tests/docs/SETS."""
    out = {}
    with open(os.path.join(HERE, "SETS"), encoding="utf-8") as f:
        for l in f:
            l = l.split("#")[0].split()
            if len(l) == 2:
                out[l[1]] = l[0]
    return out


def key(s):
    s = unicodedata.normalize("NFKC", s).lower()
    s = re.sub(r"^(chapitre|chapter|annexe|appendix)\s+", "", s)
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    s = s.replace("«", '"').replace("»", '"')
    # A dash however written ("--" is rendered as one).
    s = s.replace("—", "-").replace("–", "-").replace("--", "-")
    return "".join(c for c in s if not c.isspace())


def same(a, b):
    if a == b:
        return True
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    # A heading joined with its subtitle, or a wrapped one cut short.
    return len(short) >= 12 and long_.startswith(short)


def liseuse(*args):
    r = subprocess.run([BIN, *args], capture_output=True, text=True, encoding="utf-8")
    if r.returncode != 0:
        raise SystemExit(f"liseuse {' '.join(args)}: exit {r.returncode}: {r.stderr}")
    return r.stdout


def read_truth(name):
    truth, neutral, title = [], [], None
    with open(os.path.join(HERE, name + ".truth"), encoding="utf-8") as f:
        for l in f:
            level, text = l.rstrip("\n").split("\t", 1)
            if level == "-":
                neutral.append(key(text))
            elif level == "0":
                title = key(text)
            else:
                truth.append((int(level), key(text), text))
    return truth, neutral, title


def verbatim_lines(path):
    """The source lines set out in columns or drawn (see the docstring)."""
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n").rstrip() for l in f]

    def gaps(l):
        s = l.lstrip(" ")
        off = len(l) - len(s)
        return {off + m.end() for m in re.finditer(r"\S {2,}(?=\S)", s)}

    g = [gaps(l) for l in lines]
    # Justified prose (man pages): the lines of a paragraph but its last
    # (and but a tag line first) end at one column; its gaps are not columns.
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].strip():
            j += 1
        ends = [len(l) for l in lines[i:j - 1]]
        if j - i >= 3 and (len(set(ends)) == 1 or (len(ends) >= 3 and len(set(ends[1:])) == 1)):
            for k in range(i, j):
                g[k] = set()
        i = j + 1
    # Columns: a gap at the same column in three lines in a row.
    col = [False] * len(lines)
    for i in range(1, len(lines) - 1):
        if g[i - 1] & g[i] & g[i + 1]:
            col[i - 1] = col[i] = col[i + 1] = True
    out = []
    for i, l in enumerate(lines):
        if not g[i]:
            continue
        s = l.strip()
        drawn = (re.match(r"^[|+].*[|+]$", s) or re.search(r"[\u2500-\u257f]", s) or
                 re.match(r"[$#] [a-z/]", s))
        if drawn or col[i]:
            out.append(s)
    return out


def score(name, path):
    truth, neutral, title = read_truth(name)
    toc = []
    for l in liseuse("--toc", path).splitlines():
        n, level, text = l.split("\t", 2)
        toc.append((int(level), key(text), text))
    res = {"true": len(truth), "found": 0}
    # The title: liseuse's first heading, when the truth names one.
    body = toc
    if title is not None:
        res["title"] = 1.0 if toc and same(toc[0][1], title) else 0.0
        if toc and same(toc[0][1], title):
            body = toc[1:]
    found = [h for h in body if not any(same(h[1], n) for n in neutral)]
    # Contents that go to depth N say nothing of the numbered sections
    # deeper than N under their entries: those are neutral too.
    num = re.compile(r"^(?:chapitre|chapter|annexe|appendix)?((?:[0-9]+|[a-z])(?:\.[0-9]+)*)\.")
    listed = {m.group(1) for _, k, _ in truth for m in [num.match(k)] if m}
    depth = max((n.count(".") + 1 for n in listed), default=0)

    def deeper(h):
        m = num.match(h[1])
        if not m or m.group(1).count(".") + 1 <= depth:
            return False
        return m.group(1).rsplit(".", 1)[0] in listed or \
            m.group(1).rsplit(".", 2)[0] in listed
    found = [h for h in found if not deeper(h)]
    res["found"] = len(found)
    # Order-keeping match: each true heading takes the next found one like it.
    pairs, j = [], 0
    for t in truth:
        for k in range(j, len(found)):
            if same(found[k][1], t[1]):
                pairs.append((t, found[k]))
                j = k + 1
                break
    res["matched"] = len(pairs)
    res["recall"] = len(pairs) / len(truth) if truth else 1.0
    res["precision"] = len(pairs) / len(found) if found else 1.0
    if pairs:
        t0 = min(t[0] for t, _ in pairs)
        f0 = min(f[0] for _, f in pairs)
        res["levels"] = sum(t[0] - t0 == f[0] - f0 for t, f in pairs) / len(pairs)
    else:
        res["levels"] = 0.0
    res["missed"] = [t[2] for t in truth if t not in [p[0] for p in pairs]]
    matched = {id(f) for _, f in pairs}
    res["extra"] = [f[2] for f in found if id(f) not in matched]
    res["wrong"] = [f"{t[2]} (true {t[0] - t0}, found {f[0] - f0})" for t, f in pairs
                    if t[0] - t0 != f[0] - f0] if pairs else []
    # Verbatim lines: in the dump, without a cut, with their spacing.
    want = verbatim_lines(path)
    if want:
        dump = liseuse("--dump", "-w", "1000", path)
        dump = dump.replace("\u00a0", " ").replace("\u202f", " ")
        kept = sum(w.replace("\u00a0", " ").replace("\u202f", " ") in dump for w in want)
        res["verbatim"] = kept / len(want)
        res["verbatim_n"] = len(want)
        res["lost"] = [w for w in want if w.replace("\u00a0", " ").replace("\u202f", " ")
                       not in dump]
    return res


def main():
    args = sys.argv[1:]
    tap = "--tap" in args
    verbose = "-v" in args
    which = "all"
    if "--set" in args:
        which = args[args.index("--set") + 1]
    names = [(n, s) for n, s in sets().items() if which in ("all", s)]
    rows = []
    failed = 0
    for name, s in names:
        r = score(name, os.path.join(HERE, name + ".txt"))
        rows.append((name, s, r))
        if tap:
            for m in ("recall", "precision", "levels", "title", "verbatim"):
                if m not in r:
                    continue
                want = TARGETS.get(m, 1.0)
                ok = r[m] >= want
                failed += not ok
                print(f"{'ok' if ok else 'not ok'} - {name} {m} {r[m]:.3f} (target {want})")
        if verbose:
            for k in ("missed", "extra", "wrong", "lost"):
                for x in r.get(k, [])[:40]:
                    print(f"# {name} {k}: {x}")
    if not tap:
        print(f"{'set':5} {'document':22} {'true':>5} {'found':>5} {'recall':>7} "
              f"{'precis.':>7} {'levels':>7} {'title':>5} {'verbatim':>9}")
        for name, s, r in rows:
            v = f"{r['verbatim']:.2f}/{r['verbatim_n']}" if "verbatim" in r else "-"
            t = f"{r['title']:.0f}" if "title" in r else "-"
            print(f"{s:5} {name:22} {r['true']:5} {r['found']:5} {r['recall']:7.3f} "
                  f"{r['precision']:7.3f} {r['levels']:7.3f} {t:>5} {v:>9}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
