#!/usr/bin/env bash
# Build stele with STELE_VALGRIND=ON in ./build-valgrind and run the test
# suite under valgrind memcheck: each test program and every stele process
# it starts, with --leak-check=full; any error or leak fails the test
# (tests/CMakeLists.txt). The reports of failing processes are printed.
# Left out, by label: faults (timed kills and disk limits, which valgrind
# would slow twentyfold); install, browser, interop and docs (scripts
# around other programs, which valgrind would not look into).
#   scripts/valgrind.sh [CTEST ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=build-valgrind
dpkg-query -W -f='${Status}' valgrind 2>/dev/null | grep -q "ok installed" || {
    echo "valgrind: installing valgrind" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q valgrind >/dev/null
}
# The reports go under /tmp: some tests run stele as user nobody, who
# may not reach a folder inside the clone (a private mktemp -d path).
logs=/tmp/stele-valgrind-$(id -u)
mkdir -p "$logs" && chmod 1777 "$logs"
cmake -S . -B "$build" -DSTELE_WERROR=ON -DSTELE_VALGRIND=ON \
      -DSTELE_VALGRIND_LOG_DIR="$logs" -DSTELE_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
rm -f "$logs"/*.log
status=0
(cd "$build" && ctest --output-on-failure -j "$(nproc)" \
     -LE 'faults|install|browser|interop|docs' "$@") || status=$?
bad=$(grep -lE "ERROR SUMMARY: [1-9]" "$logs"/*.log 2>/dev/null || true)
for log in $bad; do
    echo "== $log" >&2
    cat "$log" >&2
done
[ -z "$bad" ] || status=1
exit $status
