/*
 * tests/test_tmx_cli.c - "stele export" and "stele import" end to end.
 *
 * Test plan: the CSTO article is aligned into a memory once, with
 * "stele align" as a user would. Then:
 *   - export: the whole memory to a file (valid against the TMX 1.4b
 *     DTD, the count on stderr matches the <tu>s), to standard output,
 *     the en,ru pair export (two <tuv>s per unit, en then ru, srclang
 *     en), --doc, --min-confidence, --tag;
 *   - round trip: export, import into an empty memory, export again:
 *     the same file apart from dates; the memory's own export imported
 *     into it adds nothing; STELE_DB as the default memory;
 *   - failures: a bad file names its line and stores nothing, a missing
 *     file creates no memory, a missing memory, an unknown document, an
 *     output that cannot be created (no file left), wrong usage (exit 2
 *     with the usage).
 *
 * usage: test_tmx_cli STELE_BINARY CORPORA_DIR DTD_PATH
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
#include "tmx_check.h"

static const char *corpora;
static const char *dtd_path;
static char dir[64];
static char db[128];

#define RUN(...) cli_run((const char *const[]){ __VA_ARGS__, NULL }, NULL, NULL)

static const char *in_dir(const char *name)
{
    static char paths[16][256]; /* the last 16 stay valid */
    static int next;
    char *p = paths[next++ % 16];

    snprintf(p, sizeof paths[0], "%s/%s", dir, name);
    return p;
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle) == NULL)
        fail_msg("expected to find \"%s\" in:\n%s", needle, haystack);
}

static char *read_all(const char *path)
{
    char *text = tmx_check_read(path);

    if (text == NULL)
        fail_msg("cannot read %s", path);
    return text;
}

static char *strip_dates(char *text)
{
    return tmx_check_strip_dates(text);
}

static void assert_valid_tmx(const char *path)
{
    if (tmx_check_dtd(path, dtd_path) == 0)
        fail_msg("%s does not validate against %s", path, dtd_path);
}

static size_t count_of(const char *text, const char *needle)
{
    size_t n = 0;

    for (const char *p = strstr(text, needle); p != NULL;
         p = strstr(p + 1, needle))
        n++;
    return n;
}

/* "stele: exported N units to WHERE" for the file's <tu> count. */
static void assert_exported(const cli_result *r, const char *path,
                            const char *where)
{
    char *text = read_all(path);
    char expect[512];
    size_t n = count_of(text, "<tu ");

    assert_true(n > 10);
    snprintf(expect, sizeof expect, "stele: exported %zu units to %s\n", n,
             where);
    assert_string_equal(r->err, expect);
    free(text);
}

static int make_memory(void **state)
{
    char en[4096], ru[4096], zh[4096];
    cli_result r;

    (void)state;
    snprintf(dir, sizeof dir, "/tmp/stele-tmx-cli-XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(db, sizeof db, "%s/tm.db", dir);
    snprintf(en, sizeof en, "%s/csto-summit/en.txt", corpora);
    snprintf(ru, sizeof ru, "%s/csto-summit/ru.txt", corpora);
    snprintf(zh, sizeof zh, "%s/csto-summit/zh.txt", corpora);
    r = RUN("align", "--db", db, "--no-dict", en, ru, zh);
    if (r.status != 0) {
        fprintf(stderr, "align failed: %s", r.err);
        return -1;
    }
    cli_result_free(&r);
    return 0;
}

static int remove_memory(void **state)
{
    char cmd[128];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------------ */

static void export_whole_memory(void **state)
{
    const char *out = in_dir("all.tmx");
    cli_result r;
    char *text;

    (void)state;
    r = RUN("export", "--db", db, "-o", out);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.out_len, 0);
    assert_exported(&r, out, out);
    cli_result_free(&r);
    assert_valid_tmx(out);
    text = read_all(out);
    assert_contains(text, "srclang=\"*all*\"");
    assert_contains(text, "<prop type=\"x-stele-title\">Putin Proposes "
                          "Providing Modern Russian-Made Weapons to CSTO "
                          "Allies</prop>");
    assert_contains(text, "<prop type=\"x-stele-langs\">en,ru,zh-CN</prop>");
    assert_contains(text, "<tuv xml:lang=\"zh-CN\">");
    assert_contains(text, "<seg>Putin Proposes Providing Modern "
                          "Russian-Made Weapons to CSTO Allies</seg>");
    assert_contains(text, "<seg>Путин предложил поставлять союзникам по "
                          "ОДКБ современное российское оружие</seg>");
    free(text);

    /* Standard output, the same file. */
    r = RUN("export", "--db", db);
    assert_int_equal(r.status, 0);
    text = read_all(out);
    assert_string_equal(strip_dates(r.out), strip_dates(text));
    assert_contains(r.err, "units to standard output\n");
    free(text);
    cli_result_free(&r);
}

static void export_pair_for_cat_tools(void **state)
{
    const char *out = in_dir("en-ru.tmx");
    const char *all = in_dir("all2.tmx");
    char *text, *whole;
    cli_result r;
    size_t units;

    (void)state;
    r = RUN("export", "--db", db, "--langs", "en,ru", "-o", out);
    assert_int_equal(r.status, 0);
    assert_exported(&r, out, out);
    cli_result_free(&r);
    assert_valid_tmx(out);
    text = read_all(out);
    units = count_of(text, "<tu ");
    assert_contains(text, "srclang=\"en\"");
    assert_int_equal(count_of(text, "<tuv "), 2 * units);
    assert_int_equal(count_of(text, "<tuv xml:lang=\"en\">"), units);
    assert_int_equal(count_of(text, "<tuv xml:lang=\"ru\">"), units);
    assert_int_equal(count_of(text, "zh-CN\">"), 0);
    /* en always comes right before ru */
    for (const char *p = strstr(text, "<tuv "); p != NULL;
         p = strstr(p, "<tuv ")) {
        const char *next;

        assert_int_equal(strncmp(p, "<tuv xml:lang=\"en\">", 19), 0);
        next = strstr(p + 1, "<tuv ");
        assert_non_null(next);
        assert_int_equal(strncmp(next, "<tuv xml:lang=\"ru\">", 19), 0);
        p = next + 1;
    }
    /* No more units than the whole export, which has every pair. */
    r = RUN("export", "--db", db, "-o", all);
    assert_int_equal(r.status, 0);
    cli_result_free(&r);
    whole = read_all(all);
    assert_true(units <= count_of(whole, "<tu "));
    free(whole);
    free(text);

    r = RUN("export", "--db", db, "--langs", "ru,zh", "--tag", "zh=zh-Hans",
            "-o", out);
    assert_int_equal(r.status, 0);
    cli_result_free(&r);
    text = read_all(out);
    assert_contains(text, "srclang=\"ru\"");
    assert_contains(text, "<tuv xml:lang=\"zh-Hans\">");
    assert_int_equal(count_of(text, "<tuv xml:lang=\"en\""), 0);
    free(text);
}

static void export_filters(void **state)
{
    const char *out = in_dir("f.tmx");
    cli_result r;
    char *text;

    (void)state;
    r = RUN("export", "--db", db, "--doc", "1", "--min-confidence", "0.99",
            "-o", out);
    assert_int_equal(r.status, 0);
    cli_result_free(&r);
    text = read_all(out);
    for (const char *p = strstr(text, "x-stele-confidence\">"); p != NULL;
         p = strstr(p + 1, "x-stele-confidence\">")) {
        double c = atof(p + 20);

        assert_true(c >= 0.99);
    }
    free(text);

    r = RUN("export", "--db", db, "--doc", "99", "-o", out);
    assert_int_equal(r.status, 1);
    {
        char expect[512];
        snprintf(expect, sizeof expect,
                 "stele: %s: no document 99 (see 'stele list')\n", db);
        assert_string_equal(r.err, expect);
    }
    cli_result_free(&r);

    r = RUN("export", "--db", db, "--langs", "en,de", "-o", out);
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "stele: warning: no unit matched");
    cli_result_free(&r);
    assert_valid_tmx(out);
}

static void round_trip(void **state)
{
    const char *first = in_dir("first.tmx");
    const char *copy = in_dir("copy.db");
    const char *second = in_dir("second.tmx");
    char expect[1024], *a, *b, *text;
    size_t units;
    cli_result r;

    (void)state;
    r = RUN("export", "--db", db, "-o", first);
    assert_int_equal(r.status, 0);
    cli_result_free(&r);
    text = read_all(first);
    units = count_of(text, "<tu ");
    free(text);

    r = RUN("import", "--db", copy, first);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.out_len, 0);
    snprintf(expect, sizeof expect,
             "stele: imported %s: %zu units read, %zu added, 0 merged, 1 "
             "new document in %s\n",
             first, units, units, copy);
    assert_string_equal(r.err, expect);
    cli_result_free(&r);

    r = RUN("export", "--db", copy, "-o", second);
    assert_int_equal(r.status, 0);
    cli_result_free(&r);
    a = strip_dates(read_all(first));
    b = strip_dates(read_all(second));
    assert_string_equal(a, b);
    free(a);
    free(b);

    /* From standard input, into a third memory. */
    r = cli_run((const char *const[]){ "import", "--db", in_dir("stdin.db"),
                                       "-", NULL },
                first, NULL);
    if (r.status != 0)
        fail_msg("import -: %s", r.err);
    snprintf(expect, sizeof expect,
             "stele: imported standard input: %zu units read, %zu added, 0 "
             "merged, 1 new document in %s\n",
             units, units, in_dir("stdin.db"));
    assert_string_equal(r.err, expect);
    cli_result_free(&r);

    /* Into the memory it came from: nothing new. */
    r = RUN("import", "--db", db, first);
    assert_int_equal(r.status, 0);
    snprintf(expect, sizeof expect,
             "stele: imported %s: %zu units read, 0 added, %zu merged, 0 "
             "new documents in %s\n",
             first, units, units, db);
    assert_string_equal(r.err, expect);
    cli_result_free(&r);
}

static void default_memory_from_env(void **state)
{
    char env[256];
    const char *envs[] = { env, NULL };
    const char *out = in_dir("env.tmx");
    const char *tmx = in_dir("env-source.tmx");
    cli_result r;

    (void)state;
    r = RUN("export", "--db", db, "-o", tmx);
    assert_int_equal(r.status, 0);
    cli_result_free(&r);
    snprintf(env, sizeof env, "STELE_DB=%s", in_dir("env.db"));
    r = cli_run((const char *const[]){ "import", tmx, NULL }, NULL, envs);
    assert_int_equal(r.status, 0);
    assert_contains(r.err, " in ");
    assert_contains(r.err, "/env.db\n");
    cli_result_free(&r);
    r = cli_run((const char *const[]){ "export", "-o", out, NULL }, NULL,
                envs);
    assert_int_equal(r.status, 0);
    cli_result_free(&r);
    assert_valid_tmx(out);
}

static void import_failures(void **state)
{
    const char *bad = in_dir("bad.tmx");
    const char *none = in_dir("none.db");
    char expect[1024];
    cli_result before, r, after;
    FILE *fp;

    (void)state;
    fp = fopen(bad, "w");
    assert_non_null(fp);
    fputs("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<header/>\n"
          "<body>\n<tu><tuv xml:lang=\"en\"><seg>Fine.</seg></tuv></tu>\n"
          "<tu><tuv xml:lang=\"en\"><seg>Broken</tuv></tu>\n</body>\n"
          "</tmx>\n", fp);
    fclose(fp);
    before = RUN("list", "--db", db);
    r = RUN("import", "--db", db, bad);
    assert_int_equal(r.status, 1);
    snprintf(expect, sizeof expect,
             "stele: %s:6: not well-formed XML: Opening and ending tag "
             "mismatch: seg line 6 and tuv\n", bad);
    assert_string_equal(r.err, expect);
    cli_result_free(&r);
    after = RUN("list", "--db", db);
    assert_string_equal(before.out, after.out);
    cli_result_free(&before);
    cli_result_free(&after);

    /* A file that is not there creates no memory. */
    r = RUN("import", "--db", none, in_dir("absent.tmx"));
    assert_int_equal(r.status, 1);
    snprintf(expect, sizeof expect,
             "stele: %s: cannot open: No such file or directory\n",
             in_dir("absent.tmx"));
    assert_string_equal(r.err, expect);
    assert_int_equal(access(none, F_OK), -1);
    cli_result_free(&r);

    r = RUN("export", "--db", none);
    assert_int_equal(r.status, 1);
    snprintf(expect, sizeof expect,
             "stele: %s: no translation memory here (run 'stele align' or "
             "'stele import' first)\n", none);
    assert_string_equal(r.err, expect);
    cli_result_free(&r);

    r = RUN("export", "--db", db, "-o", "/nonexistent/dir/x.tmx");
    assert_int_equal(r.status, 1);
    assert_string_equal(r.err, "stele: /nonexistent/dir/x.tmx: cannot "
                               "create: No such file or directory\n");
    cli_result_free(&r);
}

static int exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* A failed first import leaves no store behind; a failed import into a
 * store that exists keeps it, with what it held. */
static void failed_import_leaves_no_new_store(void **state)
{
    const char *bad = in_dir("bad.tmx");
    const char *fresh = in_dir("fresh.db");
    char wal[300], before[300];
    FILE *fp = fopen(bad, "w");
    cli_result r;

    (void)state;
    assert_non_null(fp);
    fputs("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header/>\n"
          "<body><tu><tuv xml:lang=\"en\"><seg>a</seg></tuv>\n",
          fp);
    fclose(fp);
    r = RUN("import", "-q", "--db", fresh, bad);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, bad);
    cli_result_free(&r);
    snprintf(wal, sizeof wal, "%s-wal", fresh);
    assert_false(exists(fresh));
    assert_false(exists(wal));

    /* the memory of the other tests exists: it stays, unchanged */
    r = RUN("list", "--db", db);
    assert_int_equal(r.status, 0);
    snprintf(before, sizeof before, "%s", r.out);
    cli_result_free(&r);
    r = RUN("import", "-q", "--db", db, bad);
    assert_int_equal(r.status, 1);
    cli_result_free(&r);
    assert_true(exists(db));
    r = RUN("list", "--db", db);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, before);
    cli_result_free(&r);
}

static void usage_errors(void **state)
{
    static const struct {
        const char *args[6];
        const char *first_line;
    } cases[] = {
        { { "export", "--min-confidence", "2" },
          "stele: export: --min-confidence needs a number from 0 to 1, not "
          "'2'" },
        { { "export", "--doc", "x" },
          "stele: export: --doc needs a document id (see 'stele list'), not "
          "'x'" },
        { { "export", "--langs", "en,,ru" },
          "stele: export: --langs needs language tags separated by commas, "
          "not 'en,,ru'" },
        { { "export", "--tag", "zh" },
          "stele: export: --tag needs FROM=TO, two language tags (e.g. "
          "zh=zh-Hans), not 'zh'" },
        { { "export", "extra" }, "stele: export: unexpected argument 'extra'" },
        { { "export", "--bogus" }, "stele: export: unknown option '--bogus'" },
        { { "import" }, "stele: import: no TMX file given" },
        { { "import", "a.tmx", "b.tmx" },
          "stele: import: one TMX file at a time" },
        { { "import", "--tag", "=x", "a.tmx" },
          "stele: import: --tag needs FROM=TO, two language tags (e.g. "
          "zh=zh-Hans), not '=x'" },
    };
    cli_result r;

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        r = cli_run(cases[i].args, NULL, NULL);
        assert_int_equal(r.status, 2);
        assert_string_equal(cli_first_err_line(&r), cases[i].first_line);
        assert_contains(r.err, "usage: stele ");
        cli_result_free(&r);
    }
    r = RUN("export", "--help");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "usage: stele export [--db PATH]");
    assert_contains(r.out, "--langs L1,L2,...");
    cli_result_free(&r);
    r = RUN("help", "import");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "usage: stele import [--db PATH]");
    cli_result_free(&r);
    r = RUN("--help");
    assert_contains(r.out, "  export    write the translation memory as a "
                           "TMX file\n");
    assert_contains(r.out, "  import    read a TMX file into the "
                           "translation memory\n");
    cli_result_free(&r);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(export_whole_memory),
        cmocka_unit_test(export_pair_for_cat_tools),
        cmocka_unit_test(export_filters),
        cmocka_unit_test(round_trip),
        cmocka_unit_test(default_memory_from_env),
        cmocka_unit_test(import_failures),
        cmocka_unit_test(failed_import_leaves_no_new_store),
        cmocka_unit_test(usage_errors),
    };

    if (argc != 4) {
        fprintf(stderr, "usage: test_tmx_cli STELE_BINARY CORPORA_DIR "
                        "DTD_PATH\n");
        return 2;
    }
    cli_binary = argv[1];
    corpora = argv[2];
    dtd_path = argv[3];
    return cmocka_run_group_tests(tests, make_memory, remove_memory);
}
