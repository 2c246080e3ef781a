#!/usr/bin/env bash
# Does each kind of evidence pay for itself? Align every language pair of
# every corpus under corpora/ (on the gold sentences, --presegmented)
# with all scorers, then with each one left out, then with length alone,
# and print strict F1 per pair and on average.
#   STELE            the stele binary (default build/stele)
#   STELE_DICT_DIR   the first place dictionaries are looked for (see
#                    stele align; the others are still searched)
#   NO_DICT=1        without any dictionary (stele align --no-dict), the
#                    "dict" column then equal to "all"
set -euo pipefail
cd "$(dirname "$0")/.."
stele=${STELE:-build/stele}
no_dict=()
[ "${NO_DICT:-0}" = 1 ] && no_dict=(--no-dict)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

all=length,numbers,latin,translit,punct,dict,learned,numwords,pinyin
variants=("all:$all")
for left_out in numbers latin translit punct dict learned numwords pinyin; do
    variants+=("-$left_out:$(echo "$all" | tr , '\n' | grep -vx "$left_out" |
                             paste -sd, -)")
done
variants+=("length only:length")

pairs=()
for dir in corpora/*/; do
    for gold in "$dir"*-*.gold; do
        name=$(basename "$gold" .gold)
        [[ "$name" == *-*-* ]] && continue
        pairs+=("$dir:$name")
    done
done

printf "%-32s" "corpus pair"
for v in "${variants[@]}"; do printf " %11s" "${v%%:*}"; done
echo
declare -A sum
for p in "${pairs[@]}"; do
    dir=${p%%:*}; name=${p##*:}; a=${name%%-*}; b=${name##*-}
    printf "%-32s" "$(basename "$dir") $name"
    for v in "${variants[@]}"; do
        label=${v%%:*}; scorers=${v#*:}
        "$stele" align --no-store --presegmented --format beads \
            --langs "$a,$b" --scorers "$scorers" "${no_dict[@]}" \
            "$dir$a.sents" "$dir$b.sents" > "$tmp/out" 2>/dev/null
        f1=$("$stele" eval "$dir$name.gold" "$tmp/out" |
             awk '$1 == "strict" { print $4 }')
        printf " %11.4f" "$f1"
        sum[$label]=$(awk -v s="${sum[$label]:-0}" -v f="$f1" \
                      'BEGIN { print s + f }')
    done
    echo
done
printf "%-32s" "mean"
for v in "${variants[@]}"; do
    label=${v%%:*}
    awk -v s="${sum[$label]}" -v n="${#pairs[@]}" \
        'BEGIN { printf " %11.4f", s / n }'
done
echo
