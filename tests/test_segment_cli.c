/*
 * tests/test_segment_cli.c - "stele segment" end to end: the bundled
 * corpus, standard input, JSON and paragraph output, HTML, and the
 * exit statuses and exact error lines of bad input and wrong usage.
 *
 * usage: test_segment_cli STELE_BINARY CORPORA_DIR
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

static const char *corpora;

#define RUN(...) cli_run((const char *const[]){ __VA_ARGS__, NULL }, NULL, NULL)
#define RUN_STDIN(in, ...) \
    cli_run((const char *const[]){ __VA_ARGS__, NULL }, in, NULL)

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* A temporary file named like NAME (e.g. "x.en.txt") holding @p data. */
static void write_temp(char *path, size_t size, const char *suffix,
                       const char *data, size_t len)
{
    FILE *f;

    snprintf(path, size, "/tmp/stele-segcli-%ld%s", (long)getpid(), suffix);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void corpus_files_give_gold_sentences(void **state)
{
    static const char *const langs[] = { "en", "ru", "zh" };

    (void)state;
    for (size_t i = 0; i < 3; i++) {
        char txt[4096];
        char sents[4096];
        char *gold;
        cli_result r;

        snprintf(txt, sizeof txt, "%s/csto-summit/%s.txt", corpora,
                 langs[i]);
        snprintf(sents, sizeof sents, "%s/csto-summit/%s.sents", corpora,
                 langs[i]);
        r = RUN("segment", txt);
        assert_int_equal(r.status, 0);
        assert_int_equal(r.err_len, 0);
        gold = slurp(sents);
        assert_string_equal(r.out, gold);
        free(gold);
        cli_result_free(&r);
    }
}

static void standard_input_and_formats(void **state)
{
    char path[256];
    static const char text[] = "He said \"hi\\there\".\tOK?\n\nNew para.\n";
    cli_result r;

    (void)state;
    write_temp(path, sizeof path, ".in", text, sizeof text - 1);
    r = RUN_STDIN(path, "segment", "--lang", "en");
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "He said \"hi\\there\".\nOK?\nNew para.\n");
    cli_result_free(&r);

    r = RUN_STDIN(path, "segment", "--lang=en", "--paragraphs", "-");
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "He said \"hi\\there\".\nOK?\n\nNew para.\n");
    cli_result_free(&r);

    r = RUN_STDIN(path, "segment", "--lang", "en", "--format", "json");
    assert_int_equal(r.status, 0);
    assert_string_equal(
        r.out,
        "{\"text\":\"He said \\\"hi\\\\there\\\".\",\"paragraph\":0,"
        "\"start\":0,\"end\":19}\n"
        "{\"text\":\"OK?\",\"paragraph\":0,\"start\":20,\"end\":23}\n"
        "{\"text\":\"New para.\",\"paragraph\":1,\"start\":25,\"end\":34}\n");
    cli_result_free(&r);

    r = RUN_STDIN(path, "segment", "--lang", "en", "--input", "lines");
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "He said \"hi\\there\". OK?\nNew para.\n");
    cli_result_free(&r);
    remove(path);
}

static void html_file(void **state)
{
    char path[256];
    static const char page[] =
        "<html><body><script>x = 1;</script><h2>Title</h2>"
        "<p>Dr. Who &amp; friends. They left.</p></body></html>";
    cli_result r;

    (void)state;
    write_temp(path, sizeof path, ".en.html", page, sizeof page - 1);
    r = RUN("segment", path);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "Title\nDr. Who & friends.\nThey left.\n");
    cli_result_free(&r);
    remove(path);
}

static void bad_input_exits_1_with_one_line(void **state)
{
    char path[256];
    char expect[512];
    cli_result r;
    static const char bad[] = "Да.\nНет \xFF.\n";

    (void)state;
    write_temp(path, sizeof path, ".ru.txt", bad, sizeof bad - 1);
    r = RUN("segment", path);
    assert_int_equal(r.status, 1);
    snprintf(expect, sizeof expect, "stele: %s: byte 13: invalid UTF-8",
             path);
    assert_string_equal(cli_first_err_line(&r), expect);
    cli_result_free(&r);

    r = RUN("segment", "--max-paragraph", "4", path);
    assert_int_equal(r.status, 1);
    snprintf(expect, sizeof expect,
             "stele: %s: byte 0: paragraph longer than 4 bytes (the limit "
             "max_paragraph)",
             path);
    assert_string_equal(cli_first_err_line(&r), expect);
    cli_result_free(&r);
    remove(path);

    r = RUN("segment", "/nonexistent.en.txt");
    assert_int_equal(r.status, 1);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: /nonexistent.en.txt: No such file or "
                        "directory");
    cli_result_free(&r);

    r = RUN("segment", "--lang", "xx", "/nonexistent.txt");
    assert_int_equal(r.status, 1);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: unknown language 'xx'");
    cli_result_free(&r);
}

static void wrong_usage_exits_2(void **state)
{
    cli_result r;

    (void)state;
    r = RUN("segment");
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: segment: cannot tell the language of '-' "
                        "from its name or its text; give --lang");
    assert_int_equal(r.out_len, 0);
    cli_result_free(&r);

    r = RUN("segment", "notes.txt");
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: segment: cannot tell the language of "
                        "'notes.txt' from its name or its text; give "
                        "--lang");
    cli_result_free(&r);

    r = RUN("segment", "--format", "xml", "--lang", "en");
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: segment: unknown format 'xml'");
    cli_result_free(&r);

    r = RUN("segment", "--bogus");
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: segment: unknown option '--bogus'");
    cli_result_free(&r);

    r = RUN("segment", "a.en.txt", "b.en.txt");
    assert_int_equal(r.status, 2);
    cli_result_free(&r);

    r = RUN("segment", "--help");
    assert_int_equal(r.status, 0);
    assert_true(strncmp(r.out, "usage: stele segment", 20) == 0);
    cli_result_free(&r);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corpus_files_give_gold_sentences),
        cmocka_unit_test(standard_input_and_formats),
        cmocka_unit_test(html_file),
        cmocka_unit_test(bad_input_exits_1_with_one_line),
        cmocka_unit_test(wrong_usage_exits_2),
    };

    if (argc != 3) {
        fprintf(stderr, "usage: test_segment_cli STELE_BINARY CORPORA_DIR\n");
        return 2;
    }
    cli_binary = argv[1];
    corpora = argv[2];
    return cmocka_run_group_tests(tests, NULL, NULL);
}
