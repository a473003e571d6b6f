#!/usr/bin/env python3
# tests/hostile/clean.py FILE... — exit 1 (naming the first offence) if a file
# is not valid UTF-8 or holds a byte a terminal would act on: C0 controls but
# '\n' (and '\t' with --tabs, for --toc and --grep), DEL, or C1 controls
# (U+0080–U+009F).
import sys
bad = 0
args = sys.argv[1:]
tabs = args[:1] == ['--tabs']
for path in args[tabs:]:
    data = open(path, 'rb').read()
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as e:
        print('%s: invalid UTF-8 at byte %d' % (path, e.start)); bad = 1; continue
    for i, ch in enumerate(text):
        o = ord(ch)
        if (o < 0x20 and ch != '\n' and not (tabs and ch == '\t')) or 0x7f <= o < 0xa0:
            print('%s: control U+%04X at character %d' % (path, o, i)); bad = 1; break
sys.exit(bad)
