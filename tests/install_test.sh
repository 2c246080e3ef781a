#!/usr/bin/env bash
# cmake --install puts the library, headers, tool, CMake package and
# stele.pc in place, and a program can be built against them with
# pkg-config alone.  usage: install_test.sh BUILD_DIR
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(dirname "$(find "$prefix" -name stele.pc)")/..
for f in bin/stele include/stele.h include/stele/error.h \
         include/stele/segment.h include/stele/align.h \
         include/stele/store.h include/stele/search.h include/stele/tmx.h \
         share/man/man1/stele.1; do
    [ -e "$prefix/$f" ] || { echo "missing after install: $f"; exit 1; }
done
ls "$libdir"/libstele.a "$libdir"/libstele.so >/dev/null
ls "$libdir"/cmake/stele/steleConfig.cmake >/dev/null
cat > "$prefix/use.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <stele.h>
int main(void)
{
    stele_document *doc;
    if (stele_document_new(&doc, "en", NULL) != 0)
        return 1;
    if (stele_document_append(doc, "Hello.", 6, 0, 0, 6) != 0)
        return 1;
    printf("%s %zu\n", stele_version(), stele_document_count(doc));
    stele_document_free(doc);
    return 0;
}
C
export PKG_CONFIG_PATH=$libdir/pkgconfig
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Wpedantic -Werror -o "$prefix/use" "$prefix/use.c" \
    $(pkg-config --cflags --libs stele)
out=$(LD_LIBRARY_PATH=$libdir "$prefix/use")
case "$out" in
    *" 1") echo "installed library works: $out" ;;
    *) echo "unexpected output: $out"; exit 1 ;;
esac
"$prefix/bin/stele" --version
