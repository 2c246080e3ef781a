#!/usr/bin/env bash
# Build stele (see setup.sh) and run the whole test suite with ctest.
#   STELE_SANITIZE=ON  runs it under AddressSanitizer + UBSan
#   STELE_BUILD_DIR    build folder (default: build, build-asan)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${STELE_SANITIZE:-OFF}" = ON ]; then
    export STELE_BUILD_DIR=${STELE_BUILD_DIR:-build-asan}
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
fi
bash scripts/setup.sh
cd "${STELE_BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)" "$@"
