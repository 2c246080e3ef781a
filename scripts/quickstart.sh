#!/usr/bin/env bash
# The main job on the bundled corpus: install what is missing, build
# stele, build the bilingual dictionaries (skipped quietly when offline),
# then align the CSTO summit article in English, Russian and Chinese
# into the default translation memory, export it as TMX and search it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/dicts.sh || echo "quickstart: no dictionaries; aligning without them" >&2
stele=./build/stele
corpus=corpora/csto-summit

echo "== align en, ru, zh into the translation memory"
"$stele" align "$corpus/en.txt" "$corpus/ru.txt" "$corpus/zh.txt"
"$stele" list

echo "== export the memory as TMX: build/csto.tmx"
"$stele" export -o build/csto.tmx

echo "== search: combat-proven"
"$stele" search "combat-proven"
