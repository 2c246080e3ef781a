#!/usr/bin/env bash
# The main job on the bundled corpus: set up and build stele, then run
# every stage that exists on the CSTO summit article in English, Russian
# and Chinese.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
stele=./build/stele
corpus=corpora/csto-summit
"$stele" --version
