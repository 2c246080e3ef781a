/*
 * tests/test_dict_cli.c - "stele dict" end to end: the FreeDict, Mueller
 * and CC-CEDICT fixtures of tests/data/dict convert to exactly the
 * expected files, merging keeps one copy of each entry and comment,
 * malformed input stops with "stele: FILE:LINE: ...",
 * and the small hand-written dictionaries the aligner tests use are well
 * formed and made of words that occur in the corpus.
 *
 * usage: test_dict_cli STELE_BINARY DATA_DIR CORPORA_DIR
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli_run.h"

static const char *data_dir;
static const char *corpora;

#define RUN(...) cli_run((const char *const[]){__VA_ARGS__, NULL}, NULL, NULL)

/* A scratch directory per test, removed with what it holds. */
typedef struct scratch {
    char dir[64];
    char paths[16][128];
    int count;
} scratch;

static int scratch_setup(void **state)
{
    scratch *s = calloc(1, sizeof *s);

    if (s == NULL)
        return -1;
    strcpy(s->dir, "/tmp/stele-dict-XXXXXX");
    if (mkdtemp(s->dir) == NULL) {
        free(s);
        return -1;
    }
    *state = s;
    return 0;
}

static int scratch_teardown(void **state)
{
    scratch *s = *state;

    for (int i = 0; i < s->count; i++)
        remove(s->paths[i]);
    rmdir(s->dir);
    free(s);
    return 0;
}

/* Write @p len bytes into DIR/NAME; returns the path (owned by @p s). */
static const char *scratch_file(scratch *s, const char *name, const char *bytes,
                                size_t len)
{
    char *path = NULL;
    char joined[sizeof s->paths[0]];
    FILE *f;

    snprintf(joined, sizeof joined, "%s/%s", s->dir, name);
    for (int i = 0; i < s->count; i++)
        if (strcmp(s->paths[i], joined) == 0)
            path = s->paths[i];
    if (path == NULL) {
        assert_true(s->count < 16);
        path = s->paths[s->count++];
        memcpy(path, joined, sizeof joined);
    }
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
    return path;
}

static const char *scratch_text(scratch *s, const char *name, const char *text)
{
    return scratch_file(s, name, text, strlen(text));
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text;
    long size;

    if (f == NULL)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    text = malloc((size_t)size + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
    text[size] = '\0';
    fclose(f);
    return text;
}

static void data_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/dict/%s", data_dir, name);
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle) == NULL)
        fail_msg("expected to find \"%s\" in:\n%s", needle, haystack);
}

/* ------------------------------------------------------------------ */

/* "stele dict convert --from FROM DATA/INPUT" prints DATA/EXPECTED
 * exactly, with nothing on standard error. */
static void converts_exactly(const char *from, const char *input,
                             const char *expected_name)
{
    char path[4096], expected_path[4096];
    char *expected;
    cli_result r;

    data_path(path, sizeof path, input);
    data_path(expected_path, sizeof expected_path, expected_name);
    expected = read_all(expected_path);
    r = RUN("dict", "convert", "--from", from, path);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.err_len, 0);
    assert_string_equal(r.out, expected);
    cli_result_free(&r);
    free(expected);
}

static void freedict_converts_exactly(void **state)
{
    char index[4096], dict[4096], expected_path[4096];
    char *expected;
    cli_result by_index, by_dict, both;

    (void)state;
    data_path(index, sizeof index, "freedict-eng-rus.index");
    data_path(dict, sizeof dict, "freedict-eng-rus.dict");
    data_path(expected_path, sizeof expected_path, "freedict-eng-rus.expected");
    expected = read_all(expected_path);

    by_index = RUN("dict", "convert", "--from", "freedict", index);
    assert_int_equal(by_index.status, 0);
    assert_int_equal(by_index.err_len, 0);
    assert_string_equal(by_index.out, expected);

    /* the .dict names the same database; so do both given */
    by_dict = RUN("dict", "convert", "--from", "freedict", dict);
    assert_int_equal(by_dict.status, 0);
    assert_string_equal(by_dict.out, expected);
    both = RUN("dict", "convert", "--from=freedict", index, dict);
    assert_int_equal(both.status, 0);
    assert_string_equal(both.out, expected);

    cli_result_free(&by_index);
    cli_result_free(&by_dict);
    cli_result_free(&both);
    free(expected);
}

static void freedict_options(void **state)
{
    char index[4096];
    cli_result r;

    (void)state;
    data_path(index, sizeof index, "freedict-eng-rus.index");

    /* the six-word translation of "summit" is a definition: dropped by
     * default, kept without a limit */
    r = RUN("dict", "convert", "--from", "freedict", index);
    assert_null(strstr(r.out, "встреча на высшем"));
    cli_result_free(&r);
    r = RUN("dict", "convert", "--from", "freedict", "--max-words", "0", index);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "\nвстреча на высшем уровне государств мира "
                           "@ summit\n");
    cli_result_free(&r);
    r = RUN("dict", "convert", "--from", "freedict", "--max-words", "1", index);
    assert_null(strstr(r.out, "Addis Ababa"));
    assert_contains(r.out, "\nзоопарк @ zoo\n");
    cli_result_free(&r);

    /* --src/--tgt override what the name says */
    r = RUN("dict", "convert", "--from", "freedict", "--src", "en-GB", "--tgt",
            "ru", index);
    assert_int_equal(r.status, 0);
    assert_true(strncmp(r.out, "# stele-dict en-GB ru\n", 22) == 0);
    cli_result_free(&r);
}

/* FreeDict's databases made from Wiktionary: each sense's translations,
 * then a definition in the source language, which is not a translation;
 * "//steɪt//" pronunciations; a trailing sense number ("状態 2.") and
 * period ("小川.") cut. The database's description says which kind it
 * is: the same articles under another description keep the definitions
 * as translations. */
static void freedict_wikdict(void **state)
{
    scratch *s = *state;
    char index[4096], dict[4096];
    char *text, *body;
    const char *copy;
    cli_result r;

    converts_exactly("freedict", "freedict-eng-jpn.index",
                     "freedict-eng-jpn.expected");
    data_path(index, sizeof index, "freedict-eng-jpn.index");
    data_path(dict, sizeof dict, "freedict-eng-jpn.dict");

    text = read_all(index);
    copy = scratch_text(s, "plain-eng-jpn.index", text);
    free(text);
    body = read_all(dict);
    assert_non_null(strstr(body, "WikDict"));
    memcpy(strstr(body, "WikDict"), "Wiktion", 7);
    scratch_text(s, "plain-eng-jpn.dict", body);
    free(body);
    r = RUN("dict", "convert", "--from", "freedict", copy);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "\na condition @ state\n");
    cli_result_free(&r);
}

/* FreeDict's Japanese databases (from JMdict): a written form's reading
 * in kana (としょかん beside 図書館) is dropped, unless the word is
 * "usually written using kana alone" (する), a note whose text runs
 * into the translation ("...aloneto do"); a word with no kanji form
 * (ハーブ) keeps its kana. */
static void freedict_japanese(void **state)
{
    (void)state;
    converts_exactly("freedict", "freedict-jpn-eng.index",
                     "freedict-jpn-eng.expected");
}

/* FreeDict's three-letter codes become the two-letter tags; its "nor"
 * (Norwegian) is Bokmål. */
static void freedict_language_codes(void **state)
{
    scratch *s = *state;
    static const char *const names[][2] = {
        {"freedict-eng-nor", "# stele-dict en nb\n"},
        {"freedict-ind-eng", "# stele-dict id en\n"},
        {"freedict-hrv-eng", "# stele-dict hr en\n"},
        {"freedict-jpn-deu", "# stele-dict ja de\n"},
        {"freedict-ell-swe", "# stele-dict el sv\n"},
        {"freedict-xyz-eng", "# stele-dict xyz en\n"},
    };

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char name[64];
        const char *index;
        cli_result r;

        snprintf(name, sizeof name, "%s.index", names[i][0]);
        index = scratch_text(s, name, "zoo\tA\tY\n");
        snprintf(name, sizeof name, "%s.dict", names[i][0]);
        scratch_text(s, name, "zoo /zu/\nзоопарк\n");
        r = RUN("dict", "convert", "--from", "freedict", index);
        assert_int_equal(r.status, 0);
        if (strncmp(r.out, names[i][1], strlen(names[i][1])) != 0)
            fail_msg("%s: %s", names[i][0], r.out);
        cli_result_free(&r);
    }
}

static void freedict_output_file(void **state)
{
    scratch *s = *state;
    char index[4096], expected_path[4096], out[256], tmp[300];
    char *expected, *written;
    cli_result r;

    data_path(index, sizeof index, "freedict-eng-rus.index");
    data_path(expected_path, sizeof expected_path, "freedict-eng-rus.expected");
    snprintf(out, sizeof out, "%s/en-ru.dict", s->dir);
    scratch_text(s, "en-ru.dict", "stale\n"); /* replaced, and removed */
    r = RUN("dict", "convert", "--from", "freedict", index, "-o", out);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.out_len, 0);
    cli_result_free(&r);
    expected = read_all(expected_path);
    written = read_all(out);
    assert_string_equal(written, expected);
    /* no temporary left behind */
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    assert_int_not_equal(access(tmp, F_OK), 0);
    free(expected);
    free(written);
}

static void cedict_converts_exactly(void **state)
{
    char input[4096];
    cli_result r;

    (void)state;
    converts_exactly("cedict", "cedict-sample.u8", "cedict-sample.expected");
    data_path(input, sizeof input, "cedict-sample.u8");

    /* glosses that are references, classifiers, surnames, patterns or
     * long definitions never become entries */
    r = RUN("dict", "convert", "--from", "cedict", "--max-words", "0", input);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "CL:"));
    assert_null(strstr(r.out, "Wang"));
    assert_null(strstr(r.out, "variant"));
    assert_null(strstr(r.out, "not only"));
    assert_null(strstr(r.out, "3C"));
    assert_contains(r.out, "\n王 @ best or strongest of its type\n");
    assert_contains(r.out, "\n普京 @ Vladimir Putin, president of Russia "
                           "2000-2008 and from 2012\n");
    cli_result_free(&r);
}

/* ------------------------------------------------------------------ */
/* Bad input: one line naming the file and line, exit 1                */

static void expect_error(cli_result *r, const char *expected)
{
    assert_int_equal(r->status, 1);
    assert_int_equal(r->out_len, 0);
    assert_string_equal(cli_first_err_line(r), expected);
    cli_result_free(r);
}

static void mueller_converts_exactly(void **state)
{
    char index[4096];
    cli_result r;

    (void)state;
    converts_exactly("mueller", "mueller-sample.index",
                     "mueller-sample.expected");
    data_path(index, sizeof index, "mueller-sample.index");

    /* examples (English inside) never become entries, at any length */
    r = RUN("dict", "convert", "--from", "mueller", "--max-words", "0", index);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "summit talks"));
    assert_null(strstr(r.out, "временный союзник"));
    assert_null(strstr(r.out, "вооружённый"));
    assert_contains(r.out, "\nвстреча или совещание глав правительств "
                           "@ summit\n");
    cli_result_free(&r);
}

static void merge_dictionaries(void **state)
{
    scratch *s = *state;
    const char *a, *b, *zh;
    char expect[1024];
    cli_result r;

    a = scratch_text(s, "a.dict",
                     "# stele-dict en ru\r\n"
                     "# from A\r\n"
                     "\r\n"
                     "собака @ dog\r\n"
                     "2025 @ 2025\r\n"
                     "кот  @   cat\r\n");
    b = scratch_text(s, "en-ru.dict",
                     "# from B\n"
                     "# from A\n"
                     "кошка @ cat\n"
                     "кот @ cat\n"
                     "встреча на высшем уровне @ summit\n");
    r = RUN("dict", "merge", a, b);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "# stele-dict en ru\n"
                               "# from A\n"
                               "# from B\n"
                               "2025 @ 2025\n"
                               "кот @ cat\n"
                               "кошка @ cat\n"
                               "собака @ dog\n"
                               "встреча на высшем уровне @ summit\n");
    cli_result_free(&r);

    zh = scratch_text(s, "zh.dict", "# stele-dict en zh\n峰会 @ summit\n");
    r = RUN("dict", "merge", a, zh);
    snprintf(expect, sizeof expect,
             "stele: %s:1: a dictionary for en-zh, but the first is for "
             "en-ru",
             zh);
    expect_error(&r, expect);

    b = scratch_text(s, "en-ru.dict", "кот @ cat\nкошка cat\n");
    r = RUN("dict", "merge", a, b);
    snprintf(expect, sizeof expect, "stele: %s:2: expected 'TARGET @ SOURCE'",
             b);
    expect_error(&r, expect);

    b = scratch_text(s, "en-ru.dict", "кот @ cat\n @ cat\n");
    r = RUN("dict", "merge", b);
    snprintf(expect, sizeof expect, "stele: %s:2: expected 'TARGET @ SOURCE'",
             b);
    expect_error(&r, expect);

    b = scratch_text(s, "words.dict", "кот @ cat\n");
    r = RUN("dict", "merge", b);
    snprintf(expect, sizeof expect,
             "stele: %s:1: no '# stele-dict SRC TGT' line and no "
             "SRC-TGT.dict name: the languages are unknown",
             b);
    expect_error(&r, expect);

    r = RUN("dict", "merge");
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: dict: merge needs at least one dictionary");
    cli_result_free(&r);
}

/* Dictionaries of both directions of a pair merge into one, in the
 * direction of the first or of --src: the others are turned round. */
static void merge_turns_round(void **state)
{
    scratch *s = *state;
    const char *en_de, *de_en;
    char expect[1024];
    cli_result r;

    en_de = scratch_text(s, "en-de.dict",
                         "# stele-dict en de\n# from E\n"
                         "Haus @ house\nBaum @ tree\n");
    /* turned round, "dwelling place" would tie Haus to "place" */
    de_en = scratch_text(s, "de-en.dict",
                         "# stele-dict de en\n# from D\n"
                         "house @ Haus\nhome @ Haus\nto wait @ warten\n"
                         "dwelling place @ Haus\n");
    r = RUN("dict", "merge", en_de, de_en);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "# stele-dict en de\n"
                               "# from E\n"
                               "# from D\n"
                               "Haus @ home\n"
                               "Haus @ house\n"
                               "warten @ to wait\n"
                               "Baum @ tree\n");
    cli_result_free(&r);

    /* --src en: the same, whichever comes first */
    r = RUN("dict", "merge", "--src", "en", de_en, en_de);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "# stele-dict en de\n"
                               "# from D\n"
                               "# from E\n"
                               "Haus @ home\n"
                               "Haus @ house\n"
                               "warten @ to wait\n"
                               "Baum @ tree\n");
    cli_result_free(&r);

    /* without it, the first one's direction */
    r = RUN("dict", "merge", de_en, en_de);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "# stele-dict de en\n"
                               "# from D\n"
                               "# from E\n"
                               "tree @ Baum\n"
                               "dwelling place @ Haus\n"
                               "home @ Haus\n"
                               "house @ Haus\n"
                               "to wait @ warten\n");
    cli_result_free(&r);

    /* one dictionary turned alone */
    r = RUN("dict", "merge", "--src", "de", en_de);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "# stele-dict de en\n# from E\n"
                               "tree @ Baum\nhouse @ Haus\n");
    cli_result_free(&r);

    r = RUN("dict", "merge", "--src", "fr", en_de, de_en);
    snprintf(expect, sizeof expect,
             "stele: %s:1: a dictionary for en-de, without the source "
             "language fr",
             en_de);
    expect_error(&r, expect);

    r = RUN("dict", "merge", "--src", "e n", en_de);
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: dict: 'e n' is not a language tag");
    cli_result_free(&r);
}

static void freedict_bad_input(void **state)
{
    scratch *s = *state;
    const char *dict, *index;
    char expect[1024];
    cli_result r;

    /* 24 bytes: "Y" in dictd's base64 */
    dict = scratch_text(s, "t-eng-rus.dict", "zoo /zu/\nзоопарк\n");

    index =
        scratch_text(s, "t-eng-rus.index", "zoo\tA\tY\nyak A B\nzebra\tA\tB\n");
    r = RUN("dict", "convert", "--from", "freedict", index);
    snprintf(expect, sizeof expect,
             "stele: %s:2: expected HEADWORD<TAB>OFFSET<TAB>LENGTH", index);
    expect_error(&r, expect);

    scratch_text(s, "t-eng-rus.index", "zoo\tA\tY\nyak\tA\tB*\n");
    r = RUN("dict", "convert", "--from", "freedict", index);
    snprintf(expect, sizeof expect,
             "stele: %s:2: offset or length is not a dictd base64 number",
             index);
    expect_error(&r, expect);

    /* "Z" is 25 bytes, one past the end */
    scratch_text(s, "t-eng-rus.index", "zoo\tA\tZ\n");
    r = RUN("dict", "convert", "--from", "freedict", index);
    snprintf(expect, sizeof expect,
             "stele: %s:1: entry at bytes 0+25 lies outside %s/"
             "t-eng-rus.dict (24 bytes)",
             index, s->dir);
    expect_error(&r, expect);

    scratch_text(s, "t-eng-rus.index", "zoo\tA\tY\nblank\tU\tA\n");
    r = RUN("dict", "convert", "--from", "freedict", index);
    snprintf(expect, sizeof expect, "stele: %s:2: the entry is empty", index);
    expect_error(&r, expect);

    scratch_text(s, "t-eng-rus.index", "zoo\tA\tY\nz\xC3\tA\tY\n");
    r = RUN("dict", "convert", "--from", "freedict", index);
    snprintf(expect, sizeof expect, "stele: %s:2: invalid UTF-8 (byte 0xC3)",
             index);
    expect_error(&r, expect);

    scratch_text(s, "t-eng-rus.index", "");
    r = RUN("dict", "convert", "--from", "freedict", index);
    snprintf(expect, sizeof expect, "stele: %s: the index is empty", index);
    expect_error(&r, expect);

    /* a dictzip file given undecompressed */
    scratch_text(s, "t-eng-rus.index", "zoo\tA\tY\n");
    scratch_file(s, "t-eng-rus.dict", "\x1f\x8b\x08\x00zz", 6);
    r = RUN("dict", "convert", "--from", "freedict", index);
    snprintf(expect, sizeof expect,
             "stele: %s: compressed (gzip/dictzip): decompress it first "
             "with zcat",
             dict);
    expect_error(&r, expect);

    r = RUN("dict", "convert", "--from", "freedict",
            "/nonexistent/freedict-eng-rus.index");
    expect_error(&r, "stele: /nonexistent/freedict-eng-rus.index: No such "
                     "file or directory");
}

static void cedict_bad_input(void **state)
{
    scratch *s = *state;
    static const struct {
        const char *text;
        long line;
        const char *what;
    } cases[] = {
        {"中國 中国 [Zhong1 guo2] /China/\n峰會 峰会 feng1 hui4 /summit/\n", 2,
         "no '[' before the pinyin"},
        {"# c\n\n峰會 峰会 [feng1 hui4 /summit/\n", 3,
         "no ']' after the pinyin"},
        {"峰會 峰会 [feng1 hui4] summit\n", 1, "no '/' before the glosses"},
        {"中國 中国 [Zhong1 guo2] /China/\n峰會 峰会 [feng1 hui4] /summit\n", 2,
         "the glosses do not end with '/'"},
        {"峰會\n", 1, "no simplified headword"},
    };
    char expect[1024];
    const char *path;
    cli_result r;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        path = scratch_text(s, "bad.u8", cases[i].text);
        r = RUN("dict", "convert", "--from", "cedict", path);
        snprintf(expect, sizeof expect,
                 "stele: %s:%ld: %s (expected \"TRADITIONAL SIMPLIFIED "
                 "[PIN1 YIN1] /GLOSS/.../\")",
                 path, cases[i].line, cases[i].what);
        expect_error(&r, expect);
    }

    path = scratch_text(s, "enc.u8",
                        "中國 中国 [Zhong1 guo2] /China/\n"
                        "# \xE4\xB8\n");
    r = RUN("dict", "convert", "--from", "cedict", path);
    snprintf(expect, sizeof expect, "stele: %s:2: invalid UTF-8 (byte 0xE4)",
             path);
    expect_error(&r, expect);

    path = scratch_text(s, "empty.u8", "# only comments\n\n");
    r = RUN("dict", "convert", "--from", "cedict", path);
    snprintf(expect, sizeof expect, "stele: %s: no CC-CEDICT entries", path);
    expect_error(&r, expect);

    /* a failed conversion leaves no output file */
    {
        char out[256];

        snprintf(out, sizeof out, "%s/en-zh.dict", s->dir);
        r = RUN("dict", "convert", "--from", "cedict", path, "-o", out);
        assert_int_equal(r.status, 1);
        cli_result_free(&r);
        assert_int_not_equal(access(out, F_OK), 0);
    }
}

static void usage_errors(void **state)
{
    char index[4096];
    cli_result r;

    (void)state;
    data_path(index, sizeof index, "freedict-eng-rus.index");

    r = RUN("dict");
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: dict: needs a subcommand: convert, merge");
    assert_contains(r.err, "usage: stele dict convert");
    cli_result_free(&r);

    r = RUN("dict", "compile");
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: dict: unknown subcommand 'compile'");
    cli_result_free(&r);

    r = RUN("dict", "convert", index);
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: dict: convert needs --from freedict, "
                        "mueller or cedict");
    cli_result_free(&r);

    r = RUN("dict", "convert", "--from", "wiktionary", index);
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: dict: unknown input format 'wiktionary'");
    cli_result_free(&r);

    r = RUN("dict", "convert", "--from", "freedict", "--src", "e n", index);
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: dict: 'e n' is not a language tag");
    cli_result_free(&r);

    r = RUN("dict", "convert", "--from", "cedict", "--max-words", "x", index);
    assert_int_equal(r.status, 2);
    cli_result_free(&r);

    r = RUN("dict", "convert", "--from", "cedict", "a", "b");
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: dict: --from cedict takes one INPUT");
    cli_result_free(&r);

    r = RUN("dict", "convert", "--from", "freedict", "words.txt");
    assert_int_equal(r.status, 2);
    cli_result_free(&r);

    r = RUN("dict", "convert", "--from", "freedict", "/x/mydict.index");
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: dict: cannot tell the languages from "
                        "'mydict.index': give --src and --tgt");
    cli_result_free(&r);

    r = RUN("dict", "convert", "--bogus");
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: dict: unknown option '--bogus'");
    cli_result_free(&r);

    r = RUN("help", "dict");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "usage: stele dict convert");
    cli_result_free(&r);
}

/* ------------------------------------------------------------------ */
/* The hand-written dictionaries for the aligner tests                 */

static int isalpha_ascii(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether @p word occurs in @p text as a whole word (not inside a longer
 * run of letters; any byte >= 0x80 counts as a letter, which is right
 * for Cyrillic and irrelevant for Chinese, checked as a substring). */
static int occurs(const char *text, const char *word, int spaceless)
{
    size_t n = strlen(word);

    for (const char *p = strstr(text, word); p != NULL;
         p = strstr(p + 1, word)) {
        unsigned char before = p > text ? (unsigned char)p[-1] : ' ';
        unsigned char after = (unsigned char)p[n];

        if (spaceless)
            return 1;
        /* a UTF-8 continuation byte before, or a lead byte after, means
         * the match is part of a longer word */
        if ((before >= 0x80 && before < 0xC0) || isalpha_ascii(before) ||
            after >= 0xC0 || isalpha_ascii(after))
            continue;
        return 1;
    }
    return 0;
}

static void check_small_dict(const char *name, const char *tgt_lang,
                             size_t min_entries)
{
    char path[4096], header[64];
    char *dict, *en, *other;
    char *line, *save = NULL;
    size_t entries = 0;
    long lineno = 0;

    data_path(path, sizeof path, name);
    dict = read_all(path);
    snprintf(path, sizeof path, "%s/csto-summit/en.txt", corpora);
    en = read_all(path);
    snprintf(path, sizeof path, "%s/csto-summit/%s.txt", corpora, tgt_lang);
    other = read_all(path);

    snprintf(header, sizeof header, "# stele-dict en %s\n", tgt_lang);
    assert_true(strncmp(dict, header, strlen(header)) == 0);
    for (line = strtok_r(dict, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        char *at;

        lineno++;
        if (line[0] == '#')
            continue;
        at = strstr(line, " @ ");
        if (at == NULL || strstr(at + 1, " @ ") != NULL || at == line ||
            at[3] == '\0' || at[3] == ' ' || at[-1] == ' ')
            fail_msg("%s:%ld: not 'target @ source': %s", name, lineno, line);
        *at = '\0';
        if (!occurs(en, at + 3, 0))
            fail_msg("%s:%ld: '%s' is not in en.txt", name, lineno, at + 3);
        if (!occurs(other, line, strcmp(tgt_lang, "zh") == 0))
            fail_msg("%s:%ld: '%s' is not in %s.txt", name, lineno, line,
                     tgt_lang);
        entries++;
    }
    assert_true(entries >= min_entries);
    free(dict);
    free(en);
    free(other);
}

static void small_dictionaries_fit_the_corpus(void **state)
{
    (void)state;
    check_small_dict("small.en-ru.dict", "ru", 50);
    check_small_dict("small.en-zh.dict", "zh", 50);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(freedict_converts_exactly),
        cmocka_unit_test(freedict_options),
        cmocka_unit_test_setup_teardown(freedict_wikdict, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test(freedict_japanese),
        cmocka_unit_test_setup_teardown(freedict_language_codes,
                                        scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(freedict_output_file, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test(cedict_converts_exactly),
        cmocka_unit_test(mueller_converts_exactly),
        cmocka_unit_test_setup_teardown(merge_turns_round, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(merge_dictionaries, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(freedict_bad_input, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(cedict_bad_input, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test(usage_errors),
        cmocka_unit_test(small_dictionaries_fit_the_corpus),
    };

    if (argc != 4) {
        fprintf(stderr,
                "usage: test_dict_cli STELE_BINARY DATA_DIR CORPORA_DIR\n");
        return 2;
    }
    cli_binary = argv[1];
    data_dir = argv[2];
    corpora = argv[3];
    return cmocka_run_group_tests(tests, NULL, NULL);
}
