#!/usr/bin/env python3
"""Check a stele evaluation corpus and count its bead types.

usage: check_corpus.py [--require SPEC] [--table] CORPUS_DIR LANGS

LANGS is a comma list such as "en,ru,zh"; the first one is the source
language.  The script checks, and exits non-zero on the first class of error:

  * every file: UTF-8 without BOM, NFC, LF line ends, no NBSP, narrow
    NBSP, tab or NUL;
  * <lang>.txt: the same number of lines in every language, blank in the
    same places (lines are parallel);
  * <lang>.sents: every line is a stripped substring of one .txt line, the
    lines occur in text order, and per .txt line the concatenation of its
    sentences equals the line once all whitespace is removed;
  * every sentence inside a paragraph ends with . ! ? or 。！？ or an
    ellipsis, optionally followed by closing quotes/brackets, among them
    German “ ‘ and French » after a space (a line with a single sentence,
    such as a heading or a byline, is exempt);
  * <a>-<b>.gold for every pair (named in the order of LANGS) and, with
    three or more languages, the multi-way gold of them all
    (en-ru-zh.gold; en-de-fr-ru-zh.gold for "en,de,fr,ru,zh") and any
    other multi-way gold of three or more of them in the directory
    (en-ru-zh.gold beside the five-way one): bead syntax, every sentence
    index used exactly once per side, consecutive indices within a bead,
    monotone order, no bead across .txt lines;
  * a gold file naming only languages of LANGS names them once each, in
    the order of LANGS (ru-en.gold is an error, not ignored);
  * the pairwise golds agree with each multi-way gold: every pairwise bead
    lies inside the projection of one multi-way unit, and every multi-way
    unit is connected by the pairwise beads (it is minimal).

--require "1-2=5,2-1=5,1-0=1,0-1=1" checks minimum bead-type counts for every
source-target pair (source = first language).  --table prints the bead-type
counts of each pair as a Markdown table.
"""
import argparse
import itertools
import os
import re
import sys
import unicodedata

BEAD_SIDE = r'\[(?:\d+(?:, \d+)*)?\]'
# German closes quotes with “ ‘, French puts a space before »
END_RE = re.compile(r'(?:[.!?。！？]|…|\.\.\.)(?: ?[»›"”’“‘)）」』\]])*$')


class CheckError(Exception):
    pass


def fail(msg):
    raise CheckError(msg)


def read_text(path):
    try:
        with open(path, 'rb') as f:
            raw = f.read()
    except OSError as e:
        fail(f'{path}: cannot read: {e.strerror}')
    if raw.startswith(b'\xef\xbb\xbf'):
        fail(f'{path}: starts with a BOM')
    if b'\r' in raw:
        fail(f'{path}: contains CR')
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        fail(f'{path}: invalid UTF-8 at byte {e.start}')
    if unicodedata.normalize('NFC', text) != text:
        fail(f'{path}: not NFC')
    for bad, name in (('\u00a0', 'NBSP'), ('\t', 'TAB'), ('\u202f', 'NNBSP'),
                      ('\x00', 'NUL')):
        if bad in text:
            fail(f'{path}: contains {name}')
    return text


def nows(s):
    return re.sub(r'\s+', '', s)


def load_lang(cdir, lang):
    txt = read_text(os.path.join(cdir, lang + '.txt'))
    lines = txt.split('\n')
    spath = os.path.join(cdir, lang + '.sents')
    stext = read_text(spath)
    if not stext.endswith('\n'):
        fail(f'{spath}: missing final newline')
    sents = stext[:-1].split('\n')
    where = []          # sentence index -> txt line (0-based)
    li, pos = 0, 0
    for k, s in enumerate(sents):
        if not s or s != s.strip():
            fail(f'{spath}:{k + 1}: empty or not stripped')
        while li < len(lines):
            j = lines[li].find(s, pos)
            if j >= 0 and nows(lines[li][pos:j]) == '':
                pos = j + len(s)
                break
            if nows(lines[li][pos:]) != '':
                fail(f'{spath}:{k + 1}: not the next text of '
                     f'{lang}.txt line {li + 1}: {s[:40]!r}')
            li, pos = li + 1, 0
        else:
            fail(f'{spath}:{k + 1}: not found in {lang}.txt')
        where.append(li)
    per_line = {}
    for k, l in enumerate(where):
        per_line.setdefault(l, []).append(k)
    for l, line in enumerate(lines):
        got = ''.join(nows(sents[k]) for k in per_line.get(l, []))
        if got != nows(line):
            fail(f'{lang}.txt:{l + 1}: sentences do not reproduce the line')
    for l, ks in per_line.items():
        if len(ks) < 2:
            continue
        for k in ks:
            if not END_RE.search(sents[k]):
                fail(f'{spath}:{k + 1}: sentence inside a paragraph does '
                     f'not end with terminal punctuation')
    return lines, sents, where


def parse_gold(path, nfields, sizes):
    text = read_text(path)
    if not text.endswith('\n'):
        fail(f'{path}: missing final newline')
    line_re = re.compile('^' + ':'.join([BEAD_SIDE] * nfields) + '$')
    beads = []
    nxt = [0] * nfields
    for no, line in enumerate(text[:-1].split('\n'), 1):
        if not line_re.match(line):
            fail(f'{path}:{no}: malformed bead {line!r}')
        sides = [[int(x) for x in re.findall(r'\d+', side)]
                 for side in re.findall(BEAD_SIDE, line)]
        if not any(sides):
            fail(f'{path}:{no}: empty bead')
        for f, side in enumerate(sides):
            for i in side:
                if i != nxt[f]:
                    fail(f'{path}:{no}: index {i} in field {f + 1}: expected '
                         f'{nxt[f]} (each index once, in increasing order)')
                nxt[f] += 1
        beads.append(sides)
    for f in range(nfields):
        if nxt[f] != sizes[f]:
            fail(f'{path}: field {f + 1} covers {nxt[f]} of {sizes[f]} '
                 f'sentences')
    return beads


def bead_type(sides):
    return '-'.join(str(len(s)) for s in sides)


def multi_golds(cdir, langs):
    """The multi-way golds to check: the one of all LANGS (required with
    three or more languages) and any other of three or more of them that
    the directory holds (en-ru-zh.gold beside en-de-fr-ru-zh.gold).  A
    gold file naming only languages of LANGS must name them once each in
    the order of LANGS; one naming other languages is left alone."""
    found = [tuple(langs)] if len(langs) > 2 else []
    for name in sorted(os.listdir(cdir)):
        if not name.endswith('.gold'):
            continue
        parts = name[:-len('.gold')].split('-')
        if not all(p in langs for p in parts):
            continue
        if len(parts) < 2 or len(set(parts)) != len(parts) or \
                parts != sorted(parts, key=langs.index):
            fail(f'{os.path.join(cdir, name)}: a gold file names two or '
                 f'more languages once each, in the order {",".join(langs)}')
        if len(parts) > 2 and tuple(parts) not in found:
            found.append(tuple(parts))
    return found


def check_multi(cdir, mlangs, data, sizes, pair_beads):
    """Check the multi-way gold of the languages mlangs against the
    pairwise golds among them: every pairwise bead lies inside one unit,
    and every unit is connected by the pairwise beads (it is minimal)."""
    path = os.path.join(cdir, '-'.join(mlangs) + '.gold')
    multi = parse_gold(path, len(mlangs), [sizes[l] for l in mlangs])
    unit_of = {}
    for u, sides in enumerate(multi):
        for l, side in zip(mlangs, sides):
            for i in side:
                unit_of[(l, i)] = u
        ls = {data[l][2][i] for l, side in zip(mlangs, sides) for i in side}
        if len(ls) != 1:
            fail(f'{path}:{u + 1}: unit crosses a line boundary')
    members = {}
    for (a, b), beads in pair_beads.items():
        if a not in mlangs or b not in mlangs:
            continue
        for no, (sa, sb) in enumerate(beads, 1):
            us = {unit_of[(a, i)] for i in sa} | \
                 {unit_of[(b, i)] for i in sb}
            if len(us) != 1:
                fail(f'{a}-{b}.gold:{no}: bead spans several units of '
                     f'{os.path.basename(path)}')
            nodes = [(a, i) for i in sa] + [(b, i) for i in sb]
            members.setdefault(us.pop(), []).append(nodes)
    for u, sides in enumerate(multi):
        nodes = {(l, i) for l, side in zip(mlangs, sides) for i in side}
        # connectivity of the unit through its pairwise beads
        seen = set()
        groups = members.get(u, [])
        frontier = [next(iter(nodes))]
        while frontier:
            n = frontier.pop()
            if n in seen:
                continue
            seen.add(n)
            for g in groups:
                if n in g:
                    frontier.extend(g)
        if seen != nodes:
            fail(f'{path}:{u + 1}: unit is not minimal (not connected '
                 f'by the pairwise beads)')
    return multi


def check(cdir, langs, require):
    data = {l: load_lang(cdir, l) for l in langs}
    nlines = {l: len(data[l][0]) for l in langs}
    if len(set(nlines.values())) != 1:
        fail(f'line counts differ: {nlines}')
    for l2 in langs[1:]:
        for n, (a, b) in enumerate(zip(data[langs[0]][0], data[l2][0]), 1):
            if (a.strip() == '') != (b.strip() == ''):
                fail(f'{langs[0]}.txt and {l2}.txt: blank lines differ at '
                     f'line {n}')
    sizes = {l: len(data[l][1]) for l in langs}
    pair_beads = {}
    for a, b in itertools.combinations(langs, 2):
        path = os.path.join(cdir, f'{a}-{b}.gold')
        beads = parse_gold(path, 2, [sizes[a], sizes[b]])
        for no, (sa, sb) in enumerate(beads, 1):
            ls = {data[a][2][i] for i in sa} | {data[b][2][i] for i in sb}
            if len(ls) != 1:
                fail(f'{path}:{no}: bead crosses a line boundary')
        pair_beads[(a, b)] = beads
    multis = {}
    for mlangs in multi_golds(cdir, langs):
        multis[mlangs] = check_multi(cdir, mlangs, data, sizes, pair_beads)
    counts = {}
    for key, beads in pair_beads.items():
        c = {}
        for sides in beads:
            t = bead_type(sides)
            c[t] = c.get(t, 0) + 1
        counts[key] = c
    for mlangs, multi in multis.items():
        c = {}
        for sides in multi:
            t = bead_type(sides)
            c[t] = c.get(t, 0) + 1
        counts[mlangs] = c
    if require:
        for spec in require.split(','):
            t, n = spec.split('=')
            for b in langs[1:]:
                got = counts[(langs[0], b)].get(t, 0)
                if got < int(n):
                    fail(f'{langs[0]}-{b}: {got} beads of type {t}, '
                         f'need {n}')
    return sizes, counts


COLS = ['1-1', '1-2', '2-1', '2-2', '1-0', '0-1']


def table(counts):
    out = ['| pair | ' + ' | '.join(COLS) + ' | others | beads |',
           '|---' * (len(COLS) + 3) + '|']
    for key, c in counts.items():
        if len(key) > 2:
            continue
        others = sum(v for t, v in c.items() if t not in COLS)
        detail = ', '.join(f'{t}: {v}' for t, v in sorted(c.items())
                           if t not in COLS)
        out.append(f'| {key[0]}-{key[1]} | ' +
                   ' | '.join(str(c.get(t, 0)) for t in COLS) +
                   f' | {others}' + (f' ({detail})' if detail else '') +
                   f' | {sum(c.values())} |')
    return '\n'.join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--require', default='')
    ap.add_argument('--table', action='store_true')
    ap.add_argument('corpus')
    ap.add_argument('langs')
    args = ap.parse_args()
    langs = args.langs.split(',')
    try:
        sizes, counts = check(args.corpus, langs, args.require)
    except CheckError as e:
        print(f'check_corpus: {e}', file=sys.stderr)
        return 1
    print(f'{args.corpus}: OK; sentences ' +
          ', '.join(f'{l} {n}' for l, n in sizes.items()))
    if args.table:
        print(table(counts))
        for key, c in counts.items():
            if len(key) > 2:
                print(f'{"-".join(key)} units: ' +
                      ', '.join(f'{t}: {v}' for t, v in sorted(c.items())))
    return 0


if __name__ == '__main__':
    sys.exit(main())
