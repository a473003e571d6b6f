#!/usr/bin/env python3
# tests/hostile/gen.py DIR — write the hostile inputs of tests/hostile/run
# into DIR (generated at run time: some are tens of megabytes).
import os, random, sys

d = sys.argv[1]
rnd = random.Random(8)

def put(name, data):
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)

words = 'lorem ipsum élève dolor sit amet, consectetur ; adipiscing ! « elit » '.encode()
put('line20m.txt', (words * (20 * 2**20 // len(words) + 1))[:20 * 2**20])
put('empty2m.txt', b'\n' * 2000000)
put('headings100k.txt', b''.join(b'CHAPITRE %d\n\nLe texte du chapitre %d.\n\n\n' % (i, i)
                                 for i in range(1, 100001)))
put('headings100k.md', b''.join(b'# Titre %d\n\nTexte %d.\n\n' % (i, i) for i in range(1, 100001)))
put('combining300k.txt', b'e' + '\u0301'.encode() * 300000 + b' fin\n')
fam = '\U0001F468' + '\u200d\U0001F469' * 50000          # one 50 000-person family
put('zwj.txt', (fam + '\n' + 'a\u200d' * 100000 + '\n' + '\u200d' * 100000 + '\n').encode())
put('zwj-small.txt', (fam[:400] + '\n' + 'a\u200d' * 300 + '\n').encode())
put('invalid.txt', bytes(rnd.choice([rnd.randrange(0x80, 0x100), rnd.randrange(0x20, 0x7f)])
                         for _ in range(1 << 20)))
put('invalid-small.txt', 'Un élève à l’école, au café : '.encode() + b'\xff et \xc3 fin.\n')
esc = (b'Titre \x1b]0;PWNED-TITLE\x07\n\n'
       b'Couleur \x1b[31mrouge\x1b[0m, effacement \x1b[2J\x1b[H, curseur \x1b[?25l.\n\n'
       b'OSC 52 \x1b]52;c;cHduZWQ=\x07 et titre ST \x1b]2;PWNED-TITLE\x1b\\ fin.\n\n'
       b'DCS \x1bP+q544e\x1b\\ reset \x1bc cloche \x07 retour \r arriere \x08 DEL \x7f.\n\n'
       b'C1 en UTF-8 : CSI \xc2\x9b31m OSC \xc2\x9d0;PWNED-TITLE\xc2\x9c NEL \xc2\x85 fin.\n\n'
       b'Tab\tici, form feed \x0c, vertical tab \x0b, SO \x0e SI \x0f.\n')
put('escapes.txt', esc)
put('escapes-1252.txt', b'Octets C1 bruts : \x9b31m \x9d0;PWNED-TITLE\x9c et \xe9t\xe9.\n')
put('nul.txt', b'avant\x00apres\x00\x00 et encore\n' + b'\x00' * (1 << 20) + b'\nfin\n')
put('small.txt', 'Un petit texte pour les tests : « bonjour » !\n'.encode())
