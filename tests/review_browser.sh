#!/usr/bin/env bash
# The review page in a real browser: headless Chromium loads the page
# for the CSTO corpus, runs its script, and we read the resulting DOM:
# one row per translation unit, the filter (set through the address)
# keeps exactly the rows holding the word, and a screenshot is saved.
# usage: review_browser.sh STELE CORPUS_DIR OUT_DIR
# Exit 77 (skipped) when Chromium is not installed.
set -euo pipefail
stele=$1
corpus=$2
out=$3
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "SKIP: chromium is not installed (apt-get install -y chromium)"
    exit 77
fi
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update
       --disable-sync --user-data-dir="$profile")
inputs=("$corpus/en.sents" "$corpus/ru.sents" "$corpus/zh.sents")
page=$out/review-csto.html

"$stele" review --presegmented -o "$page" "${inputs[@]}"
units=$("$stele" align --no-store --presegmented --format beads \
        "${inputs[@]}" | wc -l)
echo "units: $units"

dom=$("$browser" "${flags[@]}" --dump-dom "file://$page" 2>/dev/null)
rows=$(grep -o '<tr id="u[0-9]*" class="unit' <<<"$dom" | wc -l)
echo "rows in the DOM: $rows"
[ "$rows" -eq "$units" ] || { echo "FAIL: $rows rows for $units units"; exit 1; }
grep -q "$units of $units units shown" <<<"$dom" \
    || { echo "FAIL: the page script did not run"; exit 1; }

word=combat-proven
expect=$(grep -c -i -- "$word" "$page" || true)
dom=$("$browser" "${flags[@]}" --dump-dom "file://$page#filter=$word" \
      2>/dev/null)
visible=$(grep -o '<tr id="u[0-9]*" class="unit[^"]*"' <<<"$dom" \
          | grep -vc hidden || true)
echo "filter '$word': $visible rows shown, $expect rows hold it"
[ "$visible" -ge 1 ] && [ "$visible" -lt "$units" ] \
    || { echo "FAIL: the filter did not narrow the rows"; exit 1; }
[ "$visible" -eq "$expect" ] \
    || { echo "FAIL: filter shows $visible rows, $expect hold '$word'"; exit 1; }

"$browser" "${flags[@]}" --window-size=1400,1600 \
    --screenshot="$out/review-csto.png" "file://$page" >/dev/null 2>&1
[ -s "$out/review-csto.png" ] || { echo "FAIL: no screenshot"; exit 1; }
echo "screenshot: $out/review-csto.png"
