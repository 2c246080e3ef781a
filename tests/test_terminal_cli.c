/*
 * tests/test_terminal_cli.c - progress and terminal manners, end to end.
 *
 * Test plan: the long-running commands (segment, align, review) are run
 * with standard error on a pseudo-terminal (posix_openpt, as a user's
 * shell would give them), and through pipes as a script would:
 *   - on a terminal, a bar with the share done, the rate and the time
 *     left; STELE_PROGRESS_DELAY=0 makes it show on quick work, without
 *     it quick work shows none;
 *   - through a pipe, nothing; --quiet, nothing on a terminal either,
 *     and no summary lines;
 *   - --verbose, one timing line per stage, terminal or not;
 *   - colour on a terminal, none with NO_COLOR set, none ever in the
 *     output that is not the terminal;
 *   - --quiet/--verbose are in the usage of each of these commands.
 *
 * usage: test_terminal_cli STELE_BINARY CORPORA_DIR
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
static char en_txt[4096], ru_txt[4096], zh_txt[4096];
static char tmp_dir[64];
static char db[128];

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* The variables a user's terminal session would have: no NO_COLOR. */
static const char *const on_terminal[] = { "NO_COLOR",
                                           "STELE_PROGRESS_DELAY=0", NULL };
static const char *const no_color[] = { "NO_COLOR=1",
                                        "STELE_PROGRESS_DELAY=0", NULL };
static const char *const no_delay_env[] = { "NO_COLOR",
                                            "STELE_PROGRESS_DELAY=0", NULL };
static const char *const default_delay[] = { "NO_COLOR",
                                             "STELE_PROGRESS_DELAY", NULL };

static void assert_contains(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle) == NULL)
        fail_msg("expected to find \"%s\" in:\n%s", needle, haystack);
}

static void assert_lacks(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle) != NULL)
        fail_msg("did not expect \"%s\" in:\n%s", needle, haystack);
}

/* An SGR sequence (colour, bold): ESC [ digits/semicolons m. */
static int has_sgr(const char *text)
{
    for (const char *p = strstr(text, "\x1b["); p != NULL;
         p = strstr(p + 1, "\x1b[")) {
        size_t n = strspn(p + 2, "0123456789;");
        if (p[2 + n] == 'm')
            return 1;
    }
    return 0;
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/stele-tty-XXXXXX");
    if (mkdtemp(tmp_dir) == NULL)
        return -1;
    snprintf(db, sizeof db, "%s/tm.db", tmp_dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(db);
    rmdir(tmp_dir);
    return 0;
}

/* ------------------------------------------------------------------ */
/* segment                                                             */
/* ------------------------------------------------------------------ */

static void segment_bar_on_terminal(void **state)
{
    cli_result r;

    (void)state;
    r = cli_run_tty(ARGS("segment", en_txt), on_terminal, 0);
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "segmenting ");
    assert_contains(r.err, "%");
    assert_contains(r.err, " MB/s");
    assert_contains(r.err, " s left");
    /* the filled part of the bar in colour; the bar is erased at the
     * end, so the last thing on the line is the erasing */
    assert_contains(r.err, "\x1b[32m#");
    assert_true(r.err_len >= 4);
    assert_string_equal(r.err + r.err_len - 4, "\r\x1b[K");
    /* the sentences, on stdout (not the terminal), untouched */
    assert_contains(r.out, "Putin Proposes Providing Modern Russian-Made "
                           "Weapons to CSTO Allies\n");
    assert_false(has_sgr(r.out));
    assert_null(strchr(r.out, '\r'));
    assert_lacks(r.out, "segmenting");
    cli_result_free(&r);
}

static void segment_no_color(void **state)
{
    cli_result r;

    (void)state;
    r = cli_run_tty(ARGS("segment", en_txt), no_color, 0);
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "segmenting ");
    assert_contains(r.err, " s left");
    assert_false(has_sgr(r.err));
    cli_result_free(&r);
    /* NO_COLOR with any non-empty value, and TERM=dumb, likewise */
    r = cli_run_tty(ARGS("segment", en_txt),
                    ARGS("NO_COLOR=yes", "STELE_PROGRESS_DELAY=0"), 0);
    assert_false(has_sgr(r.err));
    assert_contains(r.err, "segmenting ");
    cli_result_free(&r);
    r = cli_run_tty(ARGS("segment", en_txt),
                    ARGS("NO_COLOR", "TERM=dumb", "STELE_PROGRESS_DELAY=0"),
                    0);
    assert_false(has_sgr(r.err));
    cli_result_free(&r);
}

static void segment_nothing_when_piped(void **state)
{
    cli_result r;

    (void)state;
    r = cli_run(ARGS("segment", en_txt), NULL, no_delay_env);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    assert_false(has_sgr(r.out));
    cli_result_free(&r);
}

static void segment_quiet_and_quick(void **state)
{
    cli_result r;

    (void)state;
    r = cli_run_tty(ARGS("segment", "--quiet", en_txt), on_terminal, 0);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    cli_result_free(&r);
    r = cli_run_tty(ARGS("segment", "-q", en_txt), on_terminal, 0);
    assert_string_equal(r.err, "");
    cli_result_free(&r);
    /* a small file is done before the default delay: no flash */
    r = cli_run_tty(ARGS("segment", en_txt), default_delay, 0);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    cli_result_free(&r);
}

static void segment_verbose(void **state)
{
    cli_result r;
    char expect[4200];

    (void)state;
    r = cli_run(ARGS("segment", "--verbose", en_txt), NULL, no_delay_env);
    assert_int_equal(r.status, 0);
    snprintf(expect, sizeof expect, "stele: segmenting %s: ", en_txt);
    assert_true(strncmp(r.err, expect, strlen(expect)) == 0);
    assert_contains(r.err, " MB in ");
    assert_contains(r.err, " s (");
    /* one line, no bar */
    assert_int_equal(strchr(r.err, '\n') - r.err + 1, (long)r.err_len);
    assert_null(strchr(r.err, '\r'));
    cli_result_free(&r);
    /* on a terminal: the bar, then the timing line */
    r = cli_run_tty(ARGS("segment", "-v", en_txt), on_terminal, 0);
    assert_contains(r.err, "\x1b[K");
    assert_contains(r.err, expect);
    cli_result_free(&r);
}

/* ------------------------------------------------------------------ */
/* align and review                                                    */
/* ------------------------------------------------------------------ */

static void align_stages(void **state)
{
    cli_result r;

    (void)state;
    r = cli_run_tty(ARGS("align", "--db", db, en_txt, ru_txt, zh_txt),
                    on_terminal, 0);
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "segmenting ");
    assert_contains(r.err, "aligning [");
    assert_contains(r.err, "100%");
    assert_contains(r.err, " left");
    assert_lacks(r.out, "aligning");
    assert_contains(r.err, "stele: added document 1: ");
    assert_contains(r.err, " units");
    cli_result_free(&r);

    r = cli_run(ARGS("align", "--db", db, "-v", en_txt, ru_txt), NULL,
                no_delay_env);
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "stele: segmenting ");
    assert_contains(r.err, "en.txt: ");
    assert_contains(r.err, "ru.txt: ");
    assert_contains(r.err, "stele: aligning: ");
    assert_contains(r.err, "stele: storing: ");
    assert_contains(r.err, "stele: added document 2");
    assert_null(strchr(r.err, '\r'));
    cli_result_free(&r);

    /* --quiet: not even the summary line */
    r = cli_run_tty(ARGS("align", "--db", db, "--quiet", en_txt, ru_txt),
                    on_terminal, 0);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    cli_result_free(&r);
    /* errors still show under --quiet */
    r = cli_run(ARGS("align", "--db", db, "-q", en_txt, "/nonexistent.ru.txt"),
                NULL, NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "/nonexistent.ru.txt");
    cli_result_free(&r);
}

static void review_progress(void **state)
{
    char page[256];
    cli_result r;

    (void)state;
    snprintf(page, sizeof page, "%s/page.html", tmp_dir);
    r = cli_run_tty(ARGS("review", "-o", page, en_txt, ru_txt), on_terminal,
                    0);
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "aligning [");
    assert_contains(r.err, "stele: wrote ");
    cli_result_free(&r);
    r = cli_run_tty(ARGS("review", "-q", "-o", page, en_txt, ru_txt),
                    on_terminal, 0);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    cli_result_free(&r);
    unlink(page);
}

static void usage_names_the_options(void **state)
{
    static const char *const commands[] = { "segment", "align", "review" };

    (void)state;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        cli_result r = cli_run(ARGS("help", commands[i]), NULL, NULL);
        assert_int_equal(r.status, 0);
        assert_contains(r.out, "--quiet");
        assert_contains(r.out, "--verbose");
        cli_result_free(&r);
    }
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(segment_bar_on_terminal),
        cmocka_unit_test(segment_no_color),
        cmocka_unit_test(segment_nothing_when_piped),
        cmocka_unit_test(segment_quiet_and_quick),
        cmocka_unit_test(segment_verbose),
        cmocka_unit_test(align_stages),
        cmocka_unit_test(review_progress),
        cmocka_unit_test(usage_names_the_options),
    };

    if (argc != 3) {
        fprintf(stderr, "usage: %s STELE_BINARY CORPORA_DIR\n", argv[0]);
        return 2;
    }
    cli_binary = argv[1];
    corpora = argv[2];
    snprintf(en_txt, sizeof en_txt, "%s/csto-summit/en.txt", corpora);
    snprintf(ru_txt, sizeof ru_txt, "%s/csto-summit/ru.txt", corpora);
    snprintf(zh_txt, sizeof zh_txt, "%s/csto-summit/zh.txt", corpora);
    return cmocka_run_group_tests(tests, setup, teardown);
}
