/*
 * tests/test_cli.c - the stele tool end to end: the usage contract
 * (help, version, exit statuses, one-line errors) and each subcommand on
 * the bundled corpus.
 *
 * usage: test_cli STELE_BINARY CORPORA_DIR
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli_run.h"

static const char *corpora;

#define RUN(...) cli_run((const char *const[]){ __VA_ARGS__, NULL }, NULL, NULL)

static void assert_contains(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle) == NULL)
        fail_msg("expected to find \"%s\" in:\n%s", needle, haystack);
}

static void help_and_version(void **state)
{
    cli_result r;

    (void)state;
    r = RUN("--help");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "usage: stele");
    assert_contains(r.out, "eval");
    cli_result_free(&r);

    r = RUN("--version");
    assert_int_equal(r.status, 0);
    assert_true(strncmp(r.out, "stele ", 6) == 0);
    cli_result_free(&r);

    r = RUN("help", "eval");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "usage: stele eval");
    {
        cli_result same = RUN("eval", "--help");
        assert_int_equal(same.status, 0);
        assert_string_equal(same.out, r.out);
        cli_result_free(&same);
    }
    cli_result_free(&r);
}

static void wrong_usage_exits_2_with_one_line(void **state)
{
    cli_result r;

    (void)state;
    r = RUN("frobnicate");
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: unknown command 'frobnicate'");
    assert_int_equal(r.out_len, 0);
    cli_result_free(&r);

    r = RUN("--bogus");
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: unknown option '--bogus'");
    cli_result_free(&r);

    r = RUN("eval", "--bogus", "a", "b");
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: eval: unknown option '--bogus'");
    assert_contains(r.err, "usage: stele eval");
    cli_result_free(&r);

    r = RUN("eval", "only-one");
    assert_int_equal(r.status, 2);
    cli_result_free(&r);

    r = RUN("help", "nope");
    assert_int_equal(r.status, 2);
    cli_result_free(&r);

    r = cli_run((const char *const[]){ NULL }, NULL, NULL);
    assert_int_equal(r.status, 2);
    cli_result_free(&r);
}

static void eval_gold_against_itself(void **state)
{
    char gold[4096];
    cli_result r;

    (void)state;
    snprintf(gold, sizeof gold, "%s/csto-summit/en-ru.gold", corpora);
    r = RUN("eval", gold, gold);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "strict     1.0000  1.0000  1.0000");
    cli_result_free(&r);
}

/* --by-type on two small files: the table's rows (4-3 counted as 3+-3+),
 * and the same counts in json */
static void eval_counts_by_type(void **state)
{
    char gold[] = "/tmp/stele-cli-XXXXXX", test[] = "/tmp/stele-cli-XXXXXX";
    int fg = mkstemp(gold), ft = mkstemp(test);
    FILE *f;
    cli_result r;

    (void)state;
    assert_true(fg >= 0 && ft >= 0);
    f = fdopen(fg, "w");
    fputs("[0]:[0]\n[1]:[1, 2]\n[2]:[]\n[3]:[3]\n[4, 5, 6, 7]:[4, 5, 6]\n",
          f);
    fclose(f);
    f = fdopen(ft, "w");
    fputs("[0]:[0]\n[1, 2]:[1, 2]\n[3]:[3]\n[4, 5, 6, 7]:[4, 5, 6]\n", f);
    fclose(f);
    r = RUN("eval", "--by-type", gold, test);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "  1-1          2          2      2  1.0000     1.0000\n");
    assert_contains(r.out, "  1-0          1          0      0  0.0000          -\n");
    assert_contains(r.out, "  1-2          1          0      0  0.0000          -\n");
    assert_contains(r.out, "  2-2          0          1      0       -     0.0000\n");
    /* the last cell of the table: 3 or more on both sides */
    assert_contains(r.out, "  3+-3+        1          1      1  1.0000     1.0000\n");
    cli_result_free(&r);
    r = RUN("eval", "--format", "json", "--by-type", gold, test);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "\"types\":[{\"type\":\"1-1\",\"gold\":2,"
                           "\"predicted\":2,\"exact\":2},{\"type\":\"1-0\","
                           "\"gold\":1,\"predicted\":0,\"exact\":0}");
    cli_result_free(&r);
    r = RUN("eval", gold, test);
    assert_int_equal(r.status, 0);
    assert_true(strstr(r.out, "by type") == NULL);
    cli_result_free(&r);
    remove(gold);
    remove(test);
}

static void eval_reports_bad_line(void **state)
{
    char path[] = "/tmp/stele-cli-XXXXXX";
    char expect[256];
    int fd = mkstemp(path);
    FILE *f;
    cli_result r;

    (void)state;
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    fputs("[0]:[0]\n[1]:[1\n", f);
    fclose(f);
    r = RUN("eval", path, path);
    assert_int_equal(r.status, 1);
    snprintf(expect, sizeof expect,
             "stele: %s:2: expected ',' or ']', found the end of the line",
             path);
    assert_string_equal(cli_first_err_line(&r), expect);
    cli_result_free(&r);
    remove(path);

    r = RUN("eval", "/nonexistent.gold", "/nonexistent.gold");
    assert_int_equal(r.status, 1);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: /nonexistent.gold: No such file or directory");
    cli_result_free(&r);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(help_and_version),
        cmocka_unit_test(wrong_usage_exits_2_with_one_line),
        cmocka_unit_test(eval_gold_against_itself),
        cmocka_unit_test(eval_reports_bad_line),
        cmocka_unit_test(eval_counts_by_type),
    };

    if (argc != 3) {
        fprintf(stderr, "usage: test_cli STELE_BINARY CORPORA_DIR\n");
        return 2;
    }
    cli_binary = argv[1];
    corpora = argv[2];
    return cmocka_run_group_tests(tests, NULL, NULL);
}
