#!/usr/bin/env bash
# Install what stele needs to build (Debian/Ubuntu, as root or with sudo),
# then configure and build it in ./build (or $STELE_BUILD_DIR).
#   STELE_SANITIZE=ON  builds with AddressSanitizer + UBSan
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake make gcc pkg-config libicu-dev libxml2-dev libsqlite3-dev
          libcmocka-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
        || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q
    $sudo apt-get install -y -q "${missing[@]}"
fi

build=${STELE_BUILD_DIR:-build}
cmake -S . -B "$build" -DSTELE_WERROR=ON \
      -DSTELE_SANITIZE="${STELE_SANITIZE:-OFF}" >/dev/null
cmake --build "$build" -j "$(nproc)"
