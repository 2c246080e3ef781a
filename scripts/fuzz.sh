#!/usr/bin/env bash
# Build the libFuzzer targets with clang and run each for a bounded time
# (FUZZ_SECONDS, default 60) from its seed corpus under fuzz/seeds/, with
# fuzz/<target>.dict as its dictionary when there is one.
# Fails on the first crash, leak or sanitizer report; the input that did
# it is left in build-fuzz/crashes/ and belongs in a regression test.
#   scripts/fuzz.sh [TARGET...]      (default: every fuzz/fuzz_*.c)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
# FUZZ_SEED fixes libFuzzer's random seed, so that a run from the seeds
# alone is repeatable: CI uses one, so that what it tries is what was
# tried before landing (a longer run with the same seed covers it).
seed=()
[ -n "${FUZZ_SEED:-}" ] && seed=(-seed="$FUZZ_SEED")
build=build-fuzz
for p in clang libclang-rt-14-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || {
        echo "fuzz: installing $p" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$p" >/dev/null
    }
done
CC=clang cmake -S . -B "$build" -DSTELE_FUZZ=ON -DSTELE_BUILD_TESTS=OFF \
    -DSTELE_BUILD_CLI=OFF -DSTELE_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for f in fuzz/fuzz_*.c; do targets+=("$(basename "$f" .c)"); done
fi
mkdir -p "$build/crashes"
for t in "${targets[@]}"; do
    seeds=fuzz/seeds/${t#fuzz_}
    work=$build/corpus/$t
    mkdir -p "$work"
    dict=()
    [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
    echo "== $t: ${seconds}s from $seeds"
    "$build/$t" "${seed[@]}" -max_total_time="$seconds" -max_len=65536 \
        -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="$build/crashes/$t-" \
        "${dict[@]}" -print_final_stats=1 "$work" "$seeds" 2>&1 \
        | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)" || true
    if ls "$build/crashes/$t-"* >/dev/null 2>&1; then
        echo "fuzz: $t crashed; inputs in $build/crashes/" >&2
        exit 1
    fi
done
