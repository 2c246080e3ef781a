#!/usr/bin/env bash
# The review page in a real browser. Headless Chromium loads the page
# for the CSTO corpus and runs its script; we read the DOM it leaves:
#   - one row per translation unit: as many as "stele list" counts for
#     the document in the memory, and as "stele align --format json"
#     gives for the same files aligned now;
#   - the script ran ("N of N units shown");
#   - the filter, set through the address (#filter=WORD), keeps exactly
#     the rows holding the word, in English and in Russian;
#   - a copy of the page with a small driver script appended presses
#     n, n, p (next, next, previous low-confidence unit) and types into
#     the filter box, and records where the page went;
#   - screenshots of the page and of the driven copy.
# The browser runs with no sandbox (we are root in CI), no GPU, no
# network chatter (no component updates, sync or first-run pages), a
# fresh profile, and a time limit on each run.
# usage: review_browser.sh STELE CORPUS_DIR OUT_DIR
# Exit 77 (skipped) when Chromium is not installed.
set -euo pipefail
stele=$1
corpus=$(cd "$2" && pwd)
mkdir -p "$3"
out=$(cd "$3" && pwd)
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "SKIP: chromium is not installed (apt-get install -y chromium)"
    exit 77
fi
export LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Chromium's own chatter (D-Bus, GPU probing) goes to a log, not here.
run_browser() {
    rm -rf "$work/profile"
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update \
        --disable-sync --no-first-run --disable-default-apps \
        --user-data-dir="$work/profile" "$@" 2>>"$out/chromium.log"
}
dom_of() { run_browser --dump-dom "$1"; }
rows_in() { grep -o '<tr id="u[0-9]*" class="unit[^"]*"' || true; }

inputs=("$corpus/en.txt" "$corpus/ru.txt" "$corpus/zh.txt")
db=$work/tm.db
page=$out/review-csto.html
: >"$out/chromium.log"

# --- from the memory, with a threshold that leaves at least two units
# low: between the second-lowest confidence (or the first one above it
# that ties it) and the next higher one, so that the test does not
# depend on how well the aligner does
"$stele" align --quiet --db "$db" "${inputs[@]}"
low=$("$stele" align --quiet --no-store --format tsv "${inputs[@]}" |
      cut -f1 | sort -g |
      awk '{ c[NR] = $1 }
           END { for (k = 2; k < NR; k++)
                     if (c[k + 1] > c[k]) {
                         printf "%.4f", (c[k] + c[k + 1]) / 2; exit } }')
[ -n "$low" ] || fail "no two distinct low confidences from stele align"
"$stele" review --quiet --db "$db" --low "$low" -o "$page"
units=$("$stele" list --db "$db" --format json \
        | sed -n 's/.*"units": \([0-9]*\).*/\1/p')
[ -n "$units" ] && [ "$units" -gt 0 ] || fail "no unit count from stele list"
lows=$(grep -o '<tr id="u[0-9]*" class="unit low' "$page" \
       | sed 's/<tr id="\(u[0-9]*\)".*/\1/')
nlows=$(grep -c . <<<"$lows" || true)
echo "units in the memory: $units, below $low: $nlows"
[ "$nlows" -ge 2 ] || fail "the test needs two low units, the page has $nlows"

dom=$(dom_of "file://$page")
rows=$(rows_in <<<"$dom" | wc -l)
echo "rows in the DOM: $rows"
[ "$rows" -eq "$units" ] || fail "$rows rows for $units units"
grep -q ">$units of $units units shown, $nlows low<" <<<"$dom" \
    || fail "the page script did not run"

# --- the filter, from the address; every row is one line of the page
for word in combat-proven ОДКБ; do
    expect=$(grep '^<tr id="u' "$page" | grep -ic -- "$word" || true)
    dom=$(dom_of "file://$page#filter=$word")
    visible=$(rows_in <<<"$dom" | grep -vc hidden || true)
    echo "filter '$word': $visible rows shown, $expect rows hold it"
    [ "$visible" -ge 1 ] && [ "$visible" -lt "$units" ] \
        || fail "the filter '$word' did not narrow the rows"
    [ "$visible" -eq "$expect" ] \
        || fail "filter '$word' shows $visible rows, $expect hold it"
    grep -q ">$visible of $units units shown" <<<"$dom" \
        || fail "the count of shown rows is not updated"
done

# --- keys and typing, driven by a script appended to a copy of the page
driven=$out/review-csto-driven.html
{
    sed '$d' "$page"    # the page without its last line, </html>
    cat <<'JS'
<script>
(function(){
var log=[];
function press(k){
document.dispatchEvent(new KeyboardEvent('keydown',{key:k,bubbles:true}));
var c=document.querySelector('tr.current');log.push(c?c.id:'none');}
press('n');press('n');press('p');
var box=document.getElementById('filter');
box.value='combat-proven';box.dispatchEvent(new Event('input'));
log.push(document.querySelectorAll('tbody tr:not(.hidden)').length);
box.value='';box.dispatchEvent(new Event('input'));
press('n');
document.body.setAttribute('data-driven',log.join(' '));
// headless screenshots of a scrolled page come out offset: show the top
window.scrollTo(0,0);
})();
</script>
</html>
JS
} >"$driven"
first=$(sed -n 1p <<<"$lows")
second=$(sed -n 2p <<<"$lows")
typed=$(grep '^<tr id="u' "$page" | grep -ic -- combat-proven || true)
expect="$first $second $first $typed $second"
dom=$(dom_of "file://$driven")
got=$(sed -n 's/.*data-driven="\([^"]*\)".*/\1/p' <<<"$dom")
echo "keys n n p, typing, n: '$got' (expected '$expect')"
[ "$got" = "$expect" ] || fail "keyboard or filter box: got '$got'"

# --- from files: the same count as align gives for them
"$stele" review --quiet -o "$work/files.html" "${inputs[@]}"
aligned=$("$stele" align --no-store --format json "${inputs[@]}" \
          | grep -c '^ {"confidence"' || true)
dom=$(dom_of "file://$work/files.html")
rows=$(rows_in <<<"$dom" | wc -l)
echo "from files: $rows rows, align gives $aligned units"
[ "$rows" -eq "$aligned" ] || fail "$rows rows for $aligned aligned units"

# --- screenshots, to look at
run_browser --window-size=1400,1100 --hide-scrollbars \
    --screenshot="$out/review-csto.png" "file://$page" >/dev/null
run_browser --window-size=1400,1400 --hide-scrollbars \
    --screenshot="$out/review-csto-driven.png" "file://$driven" >/dev/null
for shot in review-csto.png review-csto-driven.png; do
    [ -s "$out/$shot" ] || fail "no screenshot $shot"
    echo "screenshot: $out/$shot"
done
