#!/usr/bin/env bash
# A real CAT tool reads stele's pair export: the CSTO article is aligned,
# exported as an en,ru TMX into the tm/auto/ folder of an OmegaT project
# whose source file holds the article's English sentences, and OmegaT
# pre-translates the project headless (--mode=console-translate). Every
# English sentence that is a whole unit of the TMX must come out as that
# unit's Russian text, every other one as itself (untranslated).
#
# What OmegaT 3.6 needs, found by trying: a project file (omegat.project)
# naming the folders and the languages; a blank line between sentences
# (its text filter makes a segment of each paragraph, and one paragraph
# of lines that touch); sentence segmentation off, so that its own rules
# do not split our sentences; java.awt.headless, and file.encoding=UTF-8
# since the text filter reads in the platform's encoding. It writes its
# preferences under $HOME, so HOME is a scratch folder.
#
# usage: omegat_interop.sh STELE_BINARY CORPUS_DIR
# Exit 77 (skipped) when omegat is not installed.
set -euo pipefail
stele=$1
corpus=$2

if ! command -v omegat >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1
then
    echo "omegat_interop: omegat (Debian package omegat) is not installed; skipped"
    exit 77
fi

work=$(mktemp -d /tmp/stele-omegat-XXXXXX)
trap 'rm -rf "$work"' EXIT
project=$work/project
mkdir -p "$project"/{source,target,tm/auto,omegat,glossary,dictionary} \
         "$work/home"

"$stele" align --db "$work/m.db" --no-dict "$corpus/en.txt" "$corpus/ru.txt" \
    "$corpus/zh.txt" 2>/dev/null
"$stele" export --db "$work/m.db" --langs en,ru \
    -o "$project/tm/auto/csto.tmx" 2>/dev/null
sed 's/$/\n/' "$corpus/en.sents" > "$project/source/article.txt"
cat > "$project/omegat.project" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>source</source_dir>
        <target_dir>target</target_dir>
        <tm_dir>tm</tm_dir>
        <glossary_dir>glossary</glossary_dir>
        <glossary_file>glossary/glossary.txt</glossary_file>
        <dictionary_dir>dictionary</dictionary_dir>
        <source_lang>en</source_lang>
        <target_lang>ru</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.LuceneRussianTokenizer</target_tok>
        <sentence_seg>false</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
XML

if ! HOME=$work/home \
     JAVA_TOOL_OPTIONS="-Djava.awt.headless=true -Dfile.encoding=UTF-8" \
     timeout 120 omegat "$project" --mode=console-translate \
     > "$work/omegat.log" 2>&1; then
    echo "omegat_interop: omegat failed:" >&2
    tail -20 "$work/omegat.log" >&2
    exit 1
fi
target=$project/target/article.txt
[ -s "$target" ] || { echo "omegat_interop: no $target" >&2; exit 1; }

# stele writes one <seg> per line after its <tuv>: pairs "en<TAB>ru".
awk '
    function unescape(s) {
        gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s)
        gsub(/&amp;/, "\\&", s); return s
    }
    /<tuv xml:lang="/ { match($0, /xml:lang="[^"]*"/)
                        lang = substr($0, RSTART + 10, RLENGTH - 11) }
    /<seg>/ { s = $0; sub(/^ *<seg>/, "", s); sub(/<\/seg> *$/, "", s)
              if (lang == "en") en = unescape(s)
              else if (lang == "ru") printf "%s\t%s\n", en, unescape(s) }
' "$project/tm/auto/csto.tmx" > "$work/pairs.tsv"

awk -F '\t' -v pairs="$work/pairs.tsv" -v src="$project/source/article.txt" '
    BEGIN {
        while ((getline line < pairs) > 0) {
            split(line, f, "\t")
            if (f[1] in ru && ru[f[1]] != f[2]) ambiguous[f[1]] = 1
            ru[f[1]] = f[2]
        }
        while ((getline line < src) > 0) if (line != "") source[++n] = line
    }
    $0 != "" { out[++m] = $0 }
    END {
        if (m != n) { printf "omegat_interop: %d source lines, %d target lines\n", n, m; exit 1 }
        for (i = 1; i <= n; i++) {
            if (source[i] in ambiguous) continue
            want = (source[i] in ru) ? ru[source[i]] : source[i]
            if (out[i] != want) {
                printf "omegat_interop: line %d: expected\n  %s\ngot\n  %s\n", i, want, out[i]
                bad++
            } else if (source[i] in ru && want != source[i]) translated++
        }
        printf "omegat_interop: %d of %d English sentences pre-translated into Russian by OmegaT\n", translated, n
        if (bad > 0 || translated < 30) exit 1
    }
' "$target"
