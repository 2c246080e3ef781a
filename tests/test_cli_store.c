/*
 * tests/test_cli_store.c - "stele list" and "stele search" end to end.
 *
 * Test plan: a translation memory is built once, through the public API
 * (stele_store_add_units), from the bundled CSTO corpus: its sentence
 * files and its three-language gold alignment. Then the tool is run on
 * it as a user would:
 *   - list: the document's row (text) and object (json); an empty memory;
 *   - search: the English phrase "combat-proven" finds the English
 *     sentence and shows its Russian and Chinese translations; Russian
 *     and Chinese queries; --lang; --limit; json; STELE_DB as default;
 *   - highlighting: bold on a terminal (a pseudo-terminal), plain when
 *     piped and under NO_COLOR;
 *   - failures: a missing memory (not created), a file that is not a
 *     memory, a query that cannot be parsed (one line, exit 1), wrong
 *     usage (exit 2).
 *
 * usage: test_cli_store STELE_BINARY CORPORA_DIR
 */
#define _DEFAULT_SOURCE

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <stele.h>

#include "cli_run.h"

static const char *corpora;
static char dir[64];
static char db[128];
static size_t nbeads;

#define RUN(...) cli_run((const char *const[]){ __VA_ARGS__, NULL }, NULL, NULL)

static void assert_contains(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle) == NULL)
        fail_msg("expected to find \"%s\" in:\n%s", needle, haystack);
}

static void assert_prefix(const char *text, const char *prefix)
{
    if (strncmp(text, prefix, strlen(prefix)) != 0)
        fail_msg("expected to start with \"%s\":\n%s", prefix, text);
}

/* ------------------------------------------------------------------ */
/* The memory under test                                               */
/* ------------------------------------------------------------------ */

/* One sentence per line of CORPORA/csto-summit/LANG.sents. */
static stele_document *read_sents(const char *lang)
{
    char path[4096], line[8192];
    stele_document *doc = NULL;
    uint64_t at = 0;
    FILE *fp;

    snprintf(path, sizeof path, "%s/csto-summit/%s.sents", corpora, lang);
    fp = fopen(path, "r");
    if (fp == NULL)
        fail_msg("cannot read %s", path);
    assert_int_equal(stele_document_new(&doc, lang, path), STELE_OK);
    while (fgets(line, sizeof line, fp) != NULL) {
        size_t n = strcspn(line, "\n");

        assert_int_equal(stele_document_append(doc, line, n, 0, at, at + n),
                         STELE_OK);
        at += n + 1;
    }
    fclose(fp);
    return doc;
}

/* Parse "[1, 2]:[3]:[]" into first/count per field. */
static void parse_bead(const char *text, stele_unit *unit)
{
    const char *p = text;

    memset(unit, 0, sizeof *unit);
    for (int k = 0; k < 3; k++) {
        assert_int_equal(*p, '[');
        p++;
        while (*p != ']') {
            char *end;
            unsigned long i = strtoul(p, &end, 10);

            assert_true(end != p);
            if (unit->count[k] == 0)
                unit->first[k] = (uint32_t)i;
            else
                assert_int_equal(i, unit->first[k] + unit->count[k]);
            unit->count[k]++;
            p = end;
            while (*p == ',' || *p == ' ')
                p++;
        }
        p++;
        if (k < 2) {
            assert_int_equal(*p, ':');
            p++;
        }
    }
    unit->confidence = 1.0;
}

static int make_memory(void **state)
{
    static const char *const langs[] = { "en", "ru", "zh" };
    stele_document *docs[3];
    stele_unit units[256];
    char path[4096], line[256];
    stele_store *store = NULL;
    int outcome = 0;
    FILE *fp;

    (void)state;
    snprintf(dir, sizeof dir, "/tmp/stele-cli-store-XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(db, sizeof db, "%s/tm.db", dir);
    for (int k = 0; k < 3; k++)
        docs[k] = read_sents(langs[k]);
    snprintf(path, sizeof path, "%s/csto-summit/en-ru-zh.gold", corpora);
    fp = fopen(path, "r");
    assert_non_null(fp);
    while (fgets(line, sizeof line, fp) != NULL && nbeads < 256)
        if (line[0] == '[')
            parse_bead(line, &units[nbeads++]);
    fclose(fp);
    assert_int_equal(stele_store_open(&store, db, STELE_STORE_CREATE),
                     STELE_OK);
    assert_int_equal(stele_store_add_units(store, "CSTO summit",
                                           (const stele_document *const *)
                                               docs,
                                           NULL, 3, units, nbeads, NULL,
                                           &outcome),
                     STELE_OK);
    assert_int_equal(outcome, STELE_STORE_ADDED);
    stele_store_close(store);
    for (int k = 0; k < 3; k++)
        stele_document_free(docs[k]);
    return 0;
}

static int remove_memory(void **state)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    (void)state;
    while (d != NULL && (e = readdir(d)) != NULL) {
        char p[512];

        if (e->d_name[0] == '.')
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    if (d != NULL)
        closedir(d);
    rmdir(dir);
    return 0;
}

/* ------------------------------------------------------------------ */
/* list                                                                */
/* ------------------------------------------------------------------ */

static void list_text_and_json(void **state)
{
    char expect[128];
    cli_result r;

    (void)state;
    r = RUN("list", "--db", db);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.err_len, 0);
    assert_contains(r.out, "ID  ADDED (UTC)");
    assert_contains(r.out, "en,ru,zh");
    assert_contains(r.out, "CSTO summit\n");
    snprintf(expect, sizeof expect, "  %7zu  ", nbeads);
    assert_contains(r.out, expect);
    cli_result_free(&r);

    r = RUN("list", "--db", db, "--format", "json");
    assert_int_equal(r.status, 0);
    assert_prefix(r.out, "[\n  {\"id\": 1, \"title\": \"CSTO summit\", "
                         "\"languages\": [\"en\", \"ru\", \"zh\"], ");
    snprintf(expect, sizeof expect, "\"units\": %zu, \"added_at\": \"20",
             nbeads);
    assert_contains(r.out, expect);
    assert_contains(r.out, "Z\"}\n]\n");
    cli_result_free(&r);
}

static void list_empty_memory(void **state)
{
    char path[160];
    stele_store *store = NULL;
    cli_result r;

    (void)state;
    snprintf(path, sizeof path, "%s/empty.db", dir);
    assert_int_equal(stele_store_open(&store, path, STELE_STORE_CREATE),
                     STELE_OK);
    stele_store_close(store);
    r = RUN("list", "--db", path);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.out_len, 0);
    cli_result_free(&r);
    r = RUN("list", "--db", path, "--format", "json");
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "[]\n");
    cli_result_free(&r);
}

/* ------------------------------------------------------------------ */
/* search                                                              */
/* ------------------------------------------------------------------ */

static void search_english_shows_translations(void **state)
{
    cli_result r;

    (void)state;
    r = RUN("search", "--db", db, "combat-proven");
    assert_int_equal(r.status, 0);
    assert_int_equal(r.err_len, 0);
    /* Title, then the matched sentence, then its translations. */
    assert_prefix(r.out, "CSTO summit\n  en   ");
    assert_contains(r.out, "combat-proven modern");
    assert_contains(r.out, "\n  ru   ");
    assert_contains(r.out, "\n  zh   ");
    assert_contains(r.out, "проверенным в боевых условиях");
    assert_contains(r.out, "经过实战检验");
    assert_true(strchr(r.out, '\033') == NULL); /* piped: plain */
    cli_result_free(&r);

    /* The phrase in quotes, and a limit. */
    r = RUN("search", "--db", db, "--limit", "1",
            "\"combat-proven modern weapons\"");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "We propose launching");
    assert_true(strstr(r.out, "\nCSTO summit\n") == NULL); /* one hit */
    cli_result_free(&r);
}

static void search_russian_and_chinese(void **state)
{
    cli_result r;

    (void)state;
    r = RUN("search", "--db", db, "--lang", "ru", "ОДКБ");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "\n  ru   ");
    assert_contains(r.out, "ОДКБ");
    assert_contains(r.out, "\n  en   ");
    cli_result_free(&r);

    r = RUN("search", "--db", db, "--lang", "ru", "одкб");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "ОДКБ");
    cli_result_free(&r);

    r = RUN("search", "--db", db, "集安组织");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "\n  zh   ");
    assert_contains(r.out, "集安组织");
    assert_contains(r.out, "CSTO");
    cli_result_free(&r);

    /* Nothing in that language: no output, a note, exit 0. */
    r = RUN("search", "--db", db, "--lang", "zh", "combat");
    assert_int_equal(r.status, 0);
    assert_int_equal(r.out_len, 0);
    assert_string_equal(cli_first_err_line(&r), "stele: no matches");
    cli_result_free(&r);
}

static void search_json(void **state)
{
    cli_result r;

    (void)state;
    r = RUN("search", "--db", db, "--format", "json", "--limit", "2",
            "csto");
    assert_int_equal(r.status, 0);
    assert_prefix(r.out, "[\n  {\"document\": 1, \"title\": "
                         "\"CSTO summit\", \"unit\": ");
    assert_contains(r.out, "\"lang\": \"en\", \"text\": ");
    assert_contains(r.out, "\"spans\": [[");
    assert_contains(r.out, "\"aligned\": [{\"lang\": \"ru\", \"text\": ");
    assert_contains(r.out, "{\"lang\": \"zh\", \"text\": ");
    assert_contains(r.out, "}]}\n]\n");
    assert_true(strchr(r.out, '\033') == NULL);
    cli_result_free(&r);

    r = RUN("search", "--db", db, "--format", "json", "nosuchwordanywhere");
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "[]\n");
    cli_result_free(&r);
}

static void search_default_path_from_env(void **state)
{
    char env[200];
    const char *envs[] = { env, NULL };
    cli_result r;

    (void)state;
    snprintf(env, sizeof env, "STELE_DB=%s", db);
    r = cli_run((const char *const[]){ "search", "csto", NULL }, NULL, envs);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "CSTO summit");
    cli_result_free(&r);
}

/* Run stele on a pseudo-terminal and return what it printed. */
static char *run_on_terminal(const char *const *args, int no_color)
{
    static char out[65536];
    size_t used = 0;
    int master, status;
    pid_t pid = forkpty(&master, NULL, NULL, NULL);

    assert_true(pid >= 0);
    if (pid == 0) {
        const char *argv[16];
        size_t n = 0;

        argv[n++] = cli_binary;
        for (size_t i = 0; args[i] != NULL && n < 15; i++)
            argv[n++] = args[i];
        argv[n] = NULL;
        if (no_color)
            setenv("NO_COLOR", "1", 1);
        else
            unsetenv("NO_COLOR");
        setenv("TERM", "xterm", 1);
        execv(cli_binary, (char *const *)argv);
        _exit(127);
    }
    for (;;) {
        ssize_t n = read(master, out + used, sizeof out - 1 - used);

        if (n <= 0)
            break; /* EIO once the child has closed the terminal */
        used += (size_t)n;
    }
    close(master);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    out[used] = '\0';
    return out;
}

static void search_highlights_on_terminal(void **state)
{
    const char *args[] = { "search", "--db", db, "--lang", "en",
                           "combat-proven", NULL };
    char *out;

    (void)state;
    out = run_on_terminal(args, 0);
    assert_contains(out, "\033[1mcombat-proven\033[0m modern");
    out = run_on_terminal(args, 1);
    assert_contains(out, "combat-proven modern");
    assert_true(strchr(out, '\033') == NULL);
}

/* ------------------------------------------------------------------ */
/* Failures                                                            */
/* ------------------------------------------------------------------ */

static void missing_memory_is_not_created(void **state)
{
    char path[160], expect[256];
    cli_result r;

    (void)state;
    snprintf(path, sizeof path, "%s/absent.db", dir);
    snprintf(expect, sizeof expect,
             "stele: %s: no translation memory here (run 'stele align' or "
             "'stele import' first)",
             path);
    r = RUN("list", "--db", path);
    assert_int_equal(r.status, 1);
    assert_string_equal(cli_first_err_line(&r), expect);
    assert_int_equal(r.out_len, 0);
    cli_result_free(&r);
    r = RUN("search", "--db", path, "csto");
    assert_int_equal(r.status, 1);
    assert_string_equal(cli_first_err_line(&r), expect);
    cli_result_free(&r);
    assert_int_equal(access(path, F_OK), -1);

    snprintf(path, sizeof path, "%s/no/folder/tm.db", dir);
    r = RUN("search", "--db", path, "csto");
    assert_int_equal(r.status, 1);
    assert_contains(cli_first_err_line(&r), path);
    cli_result_free(&r);
}

static void not_a_memory(void **state)
{
    char path[160], expect[256];
    FILE *fp;
    cli_result r;

    (void)state;
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    for (int i = 0; i < 40; i++)
        fputs("These are notes, not a translation memory.\n", fp);
    fclose(fp);
    snprintf(expect, sizeof expect,
             "stele: %s: not a stele translation memory (not an SQLite "
             "database)",
             path);
    r = RUN("list", "--db", path);
    assert_int_equal(r.status, 1);
    assert_string_equal(cli_first_err_line(&r), expect);
    cli_result_free(&r);
}

static void bad_query_one_line(void **state)
{
    static const char *const bad[] = { "\"unclosed phrase", "(csto",
                                       "csto OR", "NOT", "!!! ...",
                                       "csto)" };

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cli_result r = RUN("search", "--db", db, bad[i]);
        const char *line = cli_first_err_line(&r);

        assert_int_equal(r.status, 1);
        assert_int_equal(r.out_len, 0);
        assert_true(strncmp(line, "stele: ", 7) == 0);
        /* One line, in the user's terms: no SQL, no FTS5. */
        assert_int_equal(strlen(line) + 1, r.err_len);
        assert_true(strstr(line, "fts5") == NULL);
        assert_true(strstr(line, "FTS5") == NULL);
        assert_true(strstr(line, "SQL") == NULL);
        assert_true(strstr(line, "syntax error") == NULL);
        if (i == 0)
            assert_string_equal(line, "stele: unbalanced quote in the "
                                      "query");
        cli_result_free(&r);
    }
}

static void wrong_usage_exits_2(void **state)
{
    cli_result r;

    (void)state;
    r = RUN("search", "--db", db);
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: search: no query given");
    cli_result_free(&r);
    r = RUN("search", "--db", db, "--limit", "0", "csto");
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: search: --limit needs a positive number, "
                        "not '0'");
    cli_result_free(&r);
    r = RUN("search", "--db", db, "--format", "xml", "csto");
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: search: unknown format 'xml' (text or json)");
    cli_result_free(&r);
    r = RUN("search", "--db", db, "--lang", "e n", "csto");
    assert_int_equal(r.status, 2);
    cli_result_free(&r);
    r = RUN("list", "--db", db, "extra");
    assert_int_equal(r.status, 2);
    assert_string_equal(cli_first_err_line(&r),
                        "stele: list: unexpected argument 'extra'");
    cli_result_free(&r);
    r = RUN("list", "--bogus");
    assert_int_equal(r.status, 2);
    cli_result_free(&r);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_text_and_json),
        cmocka_unit_test(list_empty_memory),
        cmocka_unit_test(search_english_shows_translations),
        cmocka_unit_test(search_russian_and_chinese),
        cmocka_unit_test(search_json),
        cmocka_unit_test(search_default_path_from_env),
        cmocka_unit_test(search_highlights_on_terminal),
        cmocka_unit_test(missing_memory_is_not_created),
        cmocka_unit_test(not_a_memory),
        cmocka_unit_test(bad_query_one_line),
        cmocka_unit_test(wrong_usage_exits_2),
    };

    if (argc != 3) {
        fprintf(stderr, "usage: test_cli_store STELE_BINARY CORPORA_DIR\n");
        return 2;
    }
    cli_binary = argv[1];
    corpora = argv[2];
    return cmocka_run_group_tests(tests, make_memory, remove_memory);
}
