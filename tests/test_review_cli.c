/*
 * tests/test_review_cli.c - "stele review" end to end, on the page's
 * text (tests/review_browser.sh checks the same page in a browser).
 *
 * Test plan:
 *   - from files (the CSTO corpus): one row per unit that "stele align"
 *     gives, one cell per language in each row, a header per language,
 *     the rows below --low marked exactly where align flags units below
 *     the same threshold, a confidence number and colour on every row,
 *     paragraph starts marked once per paragraph of the first language;
 *   - self-contained: inline style and script, nothing that a browser
 *     would fetch (no src=, <link>, @import, url(), http(s) addresses);
 *   - lang and dir per cell: Arabic (with a region) and Hebrew right to
 *     left, English left to right; text is escaped;
 *   - from the memory: --doc, the only document by default, a memory of
 *     two documents without --doc, a missing document, a missing memory
 *     (exit 1, no page left behind);
 *   - wrong usage exits 2, an unwritable page exits 1.
 *
 * usage: test_review_cli STELE_BINARY CORPORA_DIR
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli_run.h"

static const char *corpora;
static char sents[3][4096], txt[3][4096];
static char tmp_dir[64];

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define RUN(...) cli_run(ARGS(__VA_ARGS__), NULL, NULL)

static void assert_contains(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle) == NULL)
        fail_msg("expected to find \"%s\" in:\n%.2000s", needle, haystack);
}

static void assert_lacks(const char *haystack, const char *needle)
{
    const char *at = strstr(haystack, needle);

    if (at != NULL)
        fail_msg("did not expect \"%s\", found at:\n%.300s", needle, at);
}

static size_t count_of(const char *haystack, const char *needle)
{
    size_t n = 0;

    for (const char *p = strstr(haystack, needle); p != NULL;
         p = strstr(p + strlen(needle), needle))
        n++;
    return n;
}

static size_t count_lines(const char *text)
{
    return count_of(text, "\n");
}

static void temp_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmp_dir, name);
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");

    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/stele-review-XXXXXX");
    return mkdtemp(tmp_dir) == NULL ? -1 : 0;
}

static int teardown(void **state)
{
    char cmd[128];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* From files                                                          */
/* ------------------------------------------------------------------ */

static void rows_are_the_units_of_align(void **state)
{
    cli_result page, beads, tsv;
    size_t units;

    (void)state;
    page = RUN("review", "--presegmented", "--low", "0.9", "-o", "-",
               sents[0], sents[1], sents[2]);
    assert_int_equal(page.status, 0);
    beads = RUN("align", "--no-store", "--presegmented", "--format", "beads",
                sents[0], sents[1], sents[2]);
    assert_int_equal(beads.status, 0);
    tsv = RUN("align", "--no-store", "--presegmented", "--flag-below", "0.9",
              sents[0], sents[1], sents[2]);
    assert_int_equal(tsv.status, 0);

    units = count_lines(beads.out);
    assert_true(units > 40);
    assert_int_equal(count_of(page.out, "<tr id=\"u"), units);
    /* three language cells per row, a number and a colour per row */
    assert_int_equal(count_of(page.out, "<td lang="), 3 * units);
    assert_int_equal(count_of(page.out, "<td class=\"c\" style=\"background:"
                                        "hsl("),
                     units);
    assert_int_equal(count_of(page.out, "data-confidence=\""), units);
    assert_contains(page.out, "<th>en</th><th>ru</th><th>zh</th>");
    /* low exactly where align flags below the same threshold */
    assert_true(count_of(tsv.out, "\tFLAG\t") > 0);
    assert_int_equal(count_of(page.out, "class=\"unit low"),
                     count_of(tsv.out, "\tFLAG\t"));
    /* the title: the folder, since the files are named by language */
    assert_contains(page.out, "<h1>csto-summit</h1>");
    cli_result_free(&page);
    cli_result_free(&beads);
    cli_result_free(&tsv);
}

static void paragraphs_are_marked(void **state)
{
    cli_result page, seg;
    const char *last;
    unsigned long paragraphs;

    (void)state;
    page = RUN("review", "-o", "-", txt[0], txt[1], txt[2]);
    assert_int_equal(page.status, 0);
    seg = RUN("segment", "--format", "json", txt[0]);
    assert_int_equal(seg.status, 0);
    last = seg.out;
    for (const char *p = strstr(seg.out, "\"paragraph\":"); p != NULL;
         p = strstr(p + 1, "\"paragraph\":"))
        last = p;
    paragraphs = strtoul(last + strlen("\"paragraph\":"), NULL, 10) + 1;
    assert_true(paragraphs > 10);
    /* a mark at each paragraph start but the first */
    assert_int_equal(count_of(page.out, " para\""), paragraphs - 1);
    /* the title is the article's heading */
    assert_contains(page.out, "<h1>Putin Proposes Providing Modern "
                              "Russian-Made Weapons to CSTO Allies</h1>");
    cli_result_free(&page);
    cli_result_free(&seg);
}

static void page_is_self_contained(void **state)
{
    cli_result page;

    (void)state;
    page = RUN("review", "--presegmented", "-o", "-", sents[0], sents[1]);
    assert_int_equal(page.status, 0);
    assert_true(strncmp(page.out, "<!DOCTYPE html>\n", 16) == 0);
    assert_contains(page.out, "<meta charset=\"utf-8\">");
    assert_contains(page.out, "<style>");
    assert_contains(page.out, "<script>(function(){");
    assert_contains(page.out, "<input id=\"filter\"");
    assert_contains(page.out, "keydown");
    assert_lacks(page.out, "src=");
    assert_lacks(page.out, "<link");
    assert_lacks(page.out, "@import");
    assert_lacks(page.out, "url(");
    assert_lacks(page.out, "http:");
    assert_lacks(page.out, "https:");
    assert_lacks(page.out, "fetch(");
    assert_lacks(page.out, "XMLHttpRequest");
    assert_contains(page.out, "</html>\n");
    cli_result_free(&page);
}

static void right_to_left_and_escaping(void **state)
{
    char en[256], ar[256], he[256];
    cli_result page;

    (void)state;
    temp_path(en, sizeof en, "t1.txt");
    temp_path(ar, sizeof ar, "t2.txt");
    temp_path(he, sizeof he, "t3.txt");
    write_file(en, "The <b>bold</b> & \"quoted\" 'word'.\nA second one.\n");
    write_file(ar, "\xd8\xa7\xd9\x84\xd9\x83\xd9\x84\xd9\x85\xd8\xa9 "
                   "<b>\xd8\xa7\xd9\x84\xd8\xa3\xd9\x88\xd9\x84\xd9\x89</b>."
                   "\n\xd8\xab\xd8\xa7\xd9\x86\xd9\x8a\xd8\xa9.\n");
    write_file(he, "\xd7\x9e\xd7\x99\xd7\x9c\xd7\x94 "
                   "\xd7\xa8\xd7\x90\xd7\xa9\xd7\x95\xd7\xa0\xd7\x94.\n"
                   "\xd7\xa9\xd7\xa0\xd7\x99\xd7\x94.\n");
    page = RUN("review", "--presegmented", "--langs", "en,ar-EG,he", "-o",
               "-", en, ar, he);
    assert_int_equal(page.status, 0);
    assert_int_equal(count_of(page.out, "<td lang=\"en\" dir=\"ltr\">"),
                     count_of(page.out, "<tr id=\"u"));
    assert_int_equal(count_of(page.out, "<td lang=\"ar-EG\" dir=\"rtl\">"),
                     count_of(page.out, "<tr id=\"u"));
    assert_int_equal(count_of(page.out, "<td lang=\"he\" dir=\"rtl\">"),
                     count_of(page.out, "<tr id=\"u"));
    assert_contains(page.out, "The &lt;b&gt;bold&lt;/b&gt; &amp; "
                              "&quot;quoted&quot; &#39;word&#39;.");
    assert_lacks(page.out, "<b>");
    cli_result_free(&page);

    /* Persian from --langs, Chinese left to right */
    page = RUN("review", "--presegmented", "--langs", "fa,zh", "-o", "-",
               ar, he);
    assert_int_equal(page.status, 0);
    assert_contains(page.out, "<td lang=\"fa\" dir=\"rtl\">");
    assert_contains(page.out, "<td lang=\"zh\" dir=\"ltr\">");
    cli_result_free(&page);
}

/* ------------------------------------------------------------------ */
/* From the memory                                                     */
/* ------------------------------------------------------------------ */

static void from_the_memory(void **state)
{
    char db[256], page_path[256], missing[256], fresh[256];
    cli_result r, page;
    const char *units_at;
    unsigned long units;

    (void)state;
    temp_path(db, sizeof db, "tm.db");
    temp_path(page_path, sizeof page_path, "page.html");
    r = RUN("align", "--db", db, txt[0], txt[1], txt[2]);
    assert_int_equal(r.status, 0);
    cli_result_free(&r);

    /* the only document, by default; its unit count as listed */
    page = RUN("review", "--db", db, "-o", page_path);
    assert_int_equal(page.status, 0);
    cli_result_free(&page);
    r = RUN("list", "--db", db, "--format", "json");
    assert_int_equal(r.status, 0);
    units_at = strstr(r.out, "\"units\": ");
    assert_non_null(units_at);
    units = strtoul(units_at + strlen("\"units\": "), NULL, 10);
    cli_result_free(&r);
    {
        char *text = cli_read_file(page_path, NULL);

        assert_non_null(text);
        assert_int_equal(count_of(text, "<tr id=\"u"), units);
        assert_contains(text, "<th>en</th><th>ru</th><th>zh</th>");
        assert_contains(text, "<h1>Putin Proposes Providing Modern");
        free(text);
    }

    /* two documents: --doc chooses */
    r = RUN("align", "--db", db, txt[0], txt[1]);
    assert_int_equal(r.status, 0);
    cli_result_free(&r);
    page = RUN("review", "--db", db, "-o", "-");
    assert_int_equal(page.status, 1);
    {
        char expect[512];
        snprintf(expect, sizeof expect,
                 "stele: %s: holds 2 documents; choose one with --doc ID "
                 "(see 'stele list')",
                 db);
        assert_string_equal(cli_first_err_line(&page), expect);
    }
    cli_result_free(&page);
    page = RUN("review", "--db", db, "--doc", "2", "-o", "-");
    assert_int_equal(page.status, 0);
    assert_contains(page.out, "<th>en</th><th>ru</th></tr>");
    cli_result_free(&page);
    {
        char *before = cli_read_file(page_path, NULL);
        char expect[512];

        assert_non_null(before);
        page = RUN("review", "--db", db, "--doc", "99", "-o", page_path);
        assert_int_equal(page.status, 1);
        snprintf(expect, sizeof expect,
                 "stele: %s: no document 99 (see 'stele list')", db);
        assert_string_equal(cli_first_err_line(&page), expect);
        /* a failed review leaves the earlier page as it was, and no
         * partial one beside it */
        {
            char *after = cli_read_file(page_path, NULL);

            assert_non_null(after);
            assert_string_equal(after, before);
            free(after);
        }
        free(before);
        cli_result_free(&page);
        temp_path(fresh, sizeof fresh, "fresh.html");
        page = RUN("review", "--db", db, "--doc", "99", "-o", fresh);
        assert_int_equal(page.status, 1);
        assert_int_equal(access(fresh, F_OK), -1);
        cli_result_free(&page);
    }

    /* a memory that is not there is not created */
    temp_path(missing, sizeof missing, "missing.db");
    page = RUN("review", "--db", missing, "-o", "-");
    assert_int_equal(page.status, 1);
    assert_int_equal(access(missing, F_OK), -1);
    cli_result_free(&page);
}

/* ------------------------------------------------------------------ */
/* Usage                                                               */
/* ------------------------------------------------------------------ */

static void assert_usage(cli_result r, const char *first_line)
{
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r), first_line);
    assert_contains(r.err, "usage: stele review");
    assert_string_equal(r.out, "");
    cli_result_free(&r);
}

static void wrong_usage(void **state)
{
    cli_result r;

    (void)state;
    assert_usage(RUN("review", sents[0], sents[1]),
                 "stele: review: needs -o PAGE.html");
    assert_usage(RUN("review", "-o", "-", sents[0]),
                 "stele: review: give two or three files, or none to read "
                 "the translation memory");
    assert_usage(RUN("review", "--doc", "0", "-o", "-"),
                 "stele: review: --doc takes a document id");
    assert_usage(RUN("review", "--low", "1.5", "-o", "-"),
                 "stele: review: --low takes a number in [0, 1]");
    assert_usage(RUN("review", "--doc", "1", "-o", "-", sents[0], sents[1]),
                 "stele: review: --doc and FILEs exclude each other");
    assert_usage(RUN("review", "--bogus", "-o", "-"),
                 "stele: review: unknown option '--bogus'");

    r = RUN("review", "-o", "/nonexistent/dir/page.html", sents[0],
            sents[1]);
    assert_int_equal(r.status, 1);
    assert_contains(cli_first_err_line(&r),
                    "stele: /nonexistent/dir/page.html: cannot write");
    cli_result_free(&r);
}

int main(int argc, char **argv)
{
    static const char *const langs[3] = { "en", "ru", "zh" };
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_are_the_units_of_align),
        cmocka_unit_test(paragraphs_are_marked),
        cmocka_unit_test(page_is_self_contained),
        cmocka_unit_test(right_to_left_and_escaping),
        cmocka_unit_test(from_the_memory),
        cmocka_unit_test(wrong_usage),
    };

    if (argc != 3) {
        fprintf(stderr, "usage: %s STELE_BINARY CORPORA_DIR\n", argv[0]);
        return 2;
    }
    cli_binary = argv[1];
    corpora = argv[2];
    for (int k = 0; k < 3; k++) {
        snprintf(sents[k], sizeof sents[k], "%s/csto-summit/%s.sents",
                 corpora, langs[k]);
        snprintf(txt[k], sizeof txt[k], "%s/csto-summit/%s.txt", corpora,
                 langs[k]);
    }
    return cmocka_run_group_tests(tests, setup, teardown);
}
