#!/usr/bin/env bash
# The manual, docs/stele.1.
#   man_test.sh render PAGE
#       the page renders without a single warning, through groff
#       (-man -ww: every warning) and through man (--warnings), as
#       "man -l docs/stele.1" shows it; exit 77 when neither is
#       installed.
#   man_test.sh options STELE PAGE
#       "stele help CMD" and the page agree: for each command that
#       "stele --help" lists, the page has a subsection .SS "stele CMD",
#       every option the command's usage names is in that subsection,
#       and every option the subsection names is in the usage.
set -euo pipefail
export LC_ALL=C.UTF-8

render() {
    local page=$1 ran=0 warnings
    if command -v groff >/dev/null; then
        warnings=$(groff -man -ww -z -Tutf8 "$page" 2>&1 >/dev/null)
        [ -z "$warnings" ] || { echo "FAIL: groff warns:"; echo "$warnings";
                                exit 1; }
        echo "groff -man -ww: no warnings"
        ran=1
    fi
    if command -v man >/dev/null; then
        warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
        [ -z "$warnings" ] || { echo "FAIL: man warns:"; echo "$warnings";
                                exit 1; }
        echo "man --warnings -l: no warnings"
        ran=1
    fi
    if [ "$ran" -eq 0 ]; then
        echo "SKIP: neither groff nor man is installed" \
             "(apt-get install -y groff-base man-db)"
        exit 77
    fi
}

# Option names (-x, --name) in text read on standard input, one per
# line, sorted: a dash that starts a word, then a letter.
options_in() {
    grep -oE '(^|[^A-Za-z0-9_-])--?[A-Za-z][A-Za-z0-9-]*' \
        | sed -E 's/^[^-]*//' | sort -u
}

# The subsection of command $1 in the page, with roff's \- as -, and
# font changes removed.
section_of() {
    awk -v head=".SS \"stele $1\"" '
        $0 == head { inside = 1; next }
        inside && (/^\.SS / || /^\.SH /) { exit }
        inside { print }' "$2" \
        | sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\fR//g'
}

options() {
    local stele=$1 page=$2 fail=0 commands cmd usage section
    commands=$("$stele" --help | awk '/^commands:/ { on = 1; next }
                                      on && /^  [a-z]/ { print $1 }
                                      on && /^$/ { exit }' | grep -vx help)
    [ -n "$commands" ] || { echo "FAIL: no commands in stele --help"; exit 1; }
    for cmd in $commands; do
        section=$(section_of "$cmd" "$page")
        if [ -z "$section" ]; then
            echo "FAIL: $cmd: no section .SS \"stele $cmd\" in $page"
            fail=1
            continue
        fi
        usage=$("$stele" help "$cmd" | options_in)
        documented=$(options_in <<<"$section")
        missing=$(comm -23 <(echo "$usage") <(echo "$documented"))
        extra=$(comm -13 <(echo "$usage") <(echo "$documented"))
        if [ -n "$missing" ]; then
            echo "FAIL: $cmd: in 'stele help $cmd', not in the page:" $missing
            fail=1
        fi
        if [ -n "$extra" ]; then
            echo "FAIL: $cmd: in the page, not in 'stele help $cmd':" $extra
            fail=1
        fi
        [ -n "$missing$extra" ] \
            || echo "$cmd: $(wc -l <<<"$usage") options, usage and page agree"
    done
    # Sections of commands this build lacks are reported, not failed:
    # they are checked once the command is there.
    for cmd in $(sed -n 's/^\.SS "stele \([a-z]*\)"$/\1/p' "$page"); do
        grep -qx "$cmd" <<<"$commands" || [ "$cmd" = help ] \
            || echo "note: '$cmd' is documented but not in this build"
    done
    exit "$fail"
}

case ${1:-} in
    render) render "$2" ;;
    options) options "$2" "$3" ;;
    *) echo "usage: man_test.sh render PAGE | options STELE PAGE" >&2
       exit 2 ;;
esac
