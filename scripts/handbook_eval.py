#!/usr/bin/env python3
"""Score stele's aligner on human translations it was not tuned on.

The Debian Administrator's Handbook (Debian package debian-handbook,
GPL-2+ / CC-BY-SA 3.0) ships the same DocBook book as HTML in English and
some twenty translations, made by people, paragraph by paragraph. Its
pages keep the English structure, so paragraph k of a page in English is
paragraph k of the page in the translation: that is the gold this
script draws on, and it needs nobody to align anything by hand.

For each page and language, the paragraphs translated on both sides are
kept (not code, not left in English, at least 20 characters), each
version is split into sentences by `stele segment`, and the sentences
are aligned with `stele align --presegmented`. A paragraph pair with one
sentence on a side and at most three on the other is a bead whose gold
is known exactly (1-1, 1-2, 2-1, ...); paragraphs with several
sentences on both sides are aligned too but only checked for beads that
run across paragraphs, whose sentences cannot translate each other.
Printed per language:
  exact   gold beads known exactly; precision over the predicted beads
          with both sides that touch such a paragraph pair, recall over
          the gold beads, F1
  across  the share of predicted beads that join sentences of different
          paragraphs (wrong whatever the sentences inside say)
Pages whose paragraphs the segmenter does not keep one for one are
skipped (a page in the count line).

usage: scripts/handbook_eval.py [--stele build/stele] [--langs zh,ru,...]
           [--html DIR] [--no-paragraphs] [--errors]
           [-- extra stele align options]
A language L in --langs is the pair en-L; a pair of two translations
(ru-zh) is given as such, and its paragraphs are those that both
translate.
Without --html the package is fetched with apt-get download into
build/handbook (Debian's registry must be reachable). --no-paragraphs
gives the aligner the sentences without their paragraph breaks, the
harder test; with breaks, paragraph k = k is nearly given away.
"""
import argparse
import glob
import html
import json
import os
import re
import subprocess
import sys
import tempfile

PAGE_DIRS = {
    'en': 'en-US', 'ru': 'ru-RU', 'zh': 'zh-CN', 'ja': 'ja-JP',
    'fr': 'fr-FR', 'de': 'de-DE', 'es': 'es-ES', 'it': 'it-IT',
    'pt': 'pt-BR', 'nl': 'nl-NL', 'pl': 'pl-PL', 'tr': 'tr-TR',
    'ko': 'ko-KR', 'vi': 'vi-VN', 'id': 'id-ID', 'cs': 'cs-CZ',
    'ar': 'ar-MA', 'fa': 'fa-IR', 'el': 'el-GR', 'da': 'da-DK',
    'nb': 'nb-NO', 'sv': 'sv-SE', 'ro': 'ro-RO', 'hr': 'hr-HR',
    'ca': 'ca-ES', 'zh-Hant': 'zh-TW',
}
# a translated paragraph in these languages holds its own script
OWN_SCRIPT = {
    'ru': r'[\u0400-\u04ff]', 'zh': r'[\u4e00-\u9fff]',
    'ja': r'[\u3040-\u30ff\u4e00-\u9fff]', 'ko': r'[\uac00-\ud7af]',
    'zh-Hant': r'[\u4e00-\u9fff]', 'ar': r'[\u0600-\u06ff]',
    'fa': r'[\u0600-\u06ff]', 'el': r'[\u0370-\u03ff]',
}
PARA = re.compile(r'<div class="para">(.*?)</div>', re.S)


def fetch(dest):
    """The handbook's HTML folder, from the Debian package."""
    root = os.path.join(dest, 'x', 'usr', 'share', 'doc', 'debian-handbook',
                        'html')
    if os.path.isdir(root):
        return root
    os.makedirs(dest, exist_ok=True)
    subprocess.run(['apt-get', 'download', 'debian-handbook'], cwd=dest,
                   check=True, stdout=subprocess.DEVNULL)
    debs = glob.glob(os.path.join(dest, 'debian-handbook_*.deb'))
    if not debs:
        sys.exit('handbook_eval: apt-get download gave no package')
    subprocess.run(['dpkg', '-x', debs[0], os.path.join(dest, 'x')],
                   check=True)
    return root


def paragraphs(path):
    """A page's paragraphs as plain text; None for one holding code."""
    with open(path, encoding='utf-8') as f:
        page = f.read()
    out = []
    for body in PARA.findall(page):
        if '<pre' in body:
            out.append(None)
            continue
        text = html.unescape(re.sub(r'<[^>]+>', '', body))
        out.append(re.sub(r'\s+', ' ', text).strip())
    return out


def translated(en, other, lang):
    if not en or not other or len(en) < 20 or en == other:
        return False
    script = OWN_SCRIPT.get(lang)
    return script is None or len(re.findall(script, other)) >= 5


def segment(stele, lang, paras, tmp):
    """Sentences per paragraph, by stele segment."""
    path = os.path.join(tmp, 'text.' + lang + '.txt')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n\n'.join(paras) + '\n')
    run = subprocess.run([stele, 'segment', '-q', '--lang', lang,
                          '--paragraphs', path],
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit('handbook_eval: stele segment: ' + run.stderr.strip())
    groups, current = [], []
    for line in run.stdout.split('\n'):
        if line.strip():
            current.append(line)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def write_sents(path, groups, breaks):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(('\n\n' if breaks else '\n').join('\n'.join(g)
                                                  for g in groups) + '\n')


def score_page(stele, src, lang, pairs, breaks, extra, tmp, total,
               errors=False):
    ga = segment(stele, src, [a for a, _ in pairs], tmp)
    gb = segment(stele, lang, [b for _, b in pairs], tmp)
    if len(ga) != len(pairs) or len(gb) != len(pairs):
        total['skipped'] += 1
        return
    fa, fb = os.path.join(tmp, 'a.sents'), os.path.join(tmp, 'b.sents')
    write_sents(fa, ga, breaks)
    write_sents(fb, gb, breaks)
    run = subprocess.run([stele, 'align', '--no-store', '-q',
                          '--presegmented', '--format', 'beads', '--langs',
                          src + ',' + lang] + extra + [fa, fb],
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit('handbook_eval: stele align: ' + run.stderr.strip())
    para_a = [k for k, g in enumerate(ga) for _ in g]
    para_b = [k for k, g in enumerate(gb) for _ in g]
    gold, exact = set(), set()
    first_a = first_b = 0
    for k, (sa, sb) in enumerate(zip(ga, gb)):
        if min(len(sa), len(sb)) == 1 and max(len(sa), len(sb)) <= 3:
            gold.add((tuple(range(first_a, first_a + len(sa))),
                      tuple(range(first_b, first_b + len(sb)))))
            exact.add(k)
        first_a += len(sa)
        first_b += len(sb)
    total['gold'] += len(gold)
    for line in run.stdout.splitlines():
        side_a, side_b = line.split(':')
        bead = (tuple(json.loads(side_a)), tuple(json.loads(side_b)))
        if not bead[0] or not bead[1]:
            continue
        total['beads'] += 1
        paras = {para_a[i] for i in bead[0]} | {para_b[j] for j in bead[1]}
        if len(paras) > 1:
            total['across'] += 1
        if paras & exact:
            total['predicted'] += 1
            total['matched'] += bead in gold
    total['pages'] += 1
    if errors:
        sents_a = [t for g in ga for t in g]
        sents_b = [t for g in gb for t in g]
        predicted = set()
        for line in run.stdout.splitlines():
            x, y = line.split(':')
            predicted.add((tuple(json.loads(x)), tuple(json.loads(y))))
        for bead in sorted(gold - predicted):
            near = sorted(b for b in predicted
                          if set(b[0]) & set(bead[0]) or
                          set(b[1]) & set(bead[1]))
            print('missed', list(bead[0]), list(bead[1]), 'predicted',
                  ' '.join(f'{list(x)}:{list(y)}' for x, y in near))
            for i in bead[0]:
                print('   ', src, i, sents_a[i][:150])
            for j in bead[1]:
                print('   ', lang, j, sents_b[j][:150])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--stele', default='build/stele')
    ap.add_argument('--langs', default='zh,ru,ja,fr,de')
    ap.add_argument('--html', help='the handbook html folder')
    ap.add_argument('--no-paragraphs', action='store_true')
    ap.add_argument('--errors', action='store_true',
                    help='print each gold bead missed, with its text')
    ap.add_argument('extra', nargs='*', help='stele align options')
    args = ap.parse_args()
    root = args.html or fetch(os.path.join('build', 'handbook'))
    pages = sorted(os.path.basename(p)
                   for p in glob.glob(os.path.join(root, 'en-US', '*.html')))
    for pair in args.langs.split(','):
        src, lang = (('en', pair) if pair in PAGE_DIRS or '-' not in pair
                     else pair.split('-', 1))
        for code in (src, lang):
            if code not in PAGE_DIRS:
                sys.exit('handbook_eval: no pages for language ' + code)
        total = dict(pages=0, skipped=0, gold=0, predicted=0, matched=0,
                     beads=0, across=0)
        with tempfile.TemporaryDirectory() as tmp:
            for page in pages:
                paths = [os.path.join(root, PAGE_DIRS[c], page)
                         for c in ('en', src, lang)]
                if not all(os.path.exists(p) for p in paths):
                    continue
                pe, ps, po = (paragraphs(p) for p in paths)
                if not len(pe) == len(ps) == len(po):
                    total['skipped'] += 1
                    continue
                pairs = [(a, b) for e, a, b in zip(pe, ps, po)
                         if (src == 'en' or translated(e, a, src)) and
                         translated(e, b, lang)]
                if len(pairs) >= 8:
                    score_page(args.stele, src, lang, pairs,
                               not args.no_paragraphs, args.extra, tmp,
                               total, args.errors)
        p = total['matched'] / max(total['predicted'], 1)
        r = total['matched'] / max(total['gold'], 1)
        f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
        print(f"{src}-{lang}  pages {total['pages']} (skipped "
              f"{total['skipped']})  exact {total['gold']}  P {p:.4f}  "
              f"R {r:.4f}  F1 {f1:.4f}  across {total['across']}/"
              f"{total['beads']} ({total['across'] / max(total['beads'], 1):.4f})")


if __name__ == '__main__':
    main()
