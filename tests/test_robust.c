/*
 * tests/test_robust.c - hostile and broken input to the stele tool.
 *
 * Test plan: one table, one row per input a user may feed stele by
 * mistake or by malice, run as the tool is run. Each row gives the
 * command line, the exit status, the exact first line of standard error
 * (or none at all), something the output must hold, and a file the
 * command must leave alone: the store it is pointed at, or the page that
 * review would replace. That file must come out byte for byte as it went
 * in, and a sound store must still pass PRAGMA integrity_check and hold
 * its one document. The rows:
 *   - input files, to segment and to align: empty, white space only,
 *     invalid UTF-8 in the middle, a NUL byte, a 50 MB line without
 *     punctuation (refused by the paragraph limit, in bounded time and
 *     memory: the test measures both), binary files (an image, an
 *     executable, UTF-16 noise), a folder, a missing path;
 *   - the command line of align: one file, four, the same file twice, by
 *     two names and through a hard link, an unknown language, a malformed
 *     --langs, a language that does not match the script of its text (a
 *     warning), one sentence against hundreds (a warning);
 *   - the store: in a missing folder, read-only (run as "nobody" when the
 *     tests run as root), not SQLite, another program's database, from a
 *     newer schema, corrupted (a flipped byte that quick_check names);
 *   - review of those files and stores, eval of broken bead files, and
 *     --dict files that are empty, binary or a folder;
 *   - search queries: unbalanced quotes, FTS5 syntax, operators without
 *     operands, only punctuation, SQL, invalid UTF-8, 10 KB of repeats,
 *     10 KB of different words, 17 KB.
 *   - TMX into the store: truncated, not well-formed, not TMX, 100,000
 *     nested elements, billion laughs, external entities on /etc/passwd,
 *     empty, binary, UTF-16 with a broken surrogate, a text, a folder, a
 *     missing file, a store that is not SQLite, corrupt or read-only;
 *     each refused within 2 s (TMX_SECONDS);
 *   - TMX out of it: into a missing folder, a read-only folder over an
 *     earlier export, an unknown --doc.
 * A new entry point adds rows to the same table, with its inputs made
 * in make_inputs().
 *
 * In arguments and expected text, @D is the test's folder, @P the page
 * that corrupt.db has damaged, @N the sentences of many.ru.txt and @Q1...
 * the long queries.
 *
 * usage: test_robust STELE CORPORA
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "cli_run.h"
#include "tmx_check.h"

#define NOBODY 65534

static const char *corpora;
static char dir[64];
static char page[16];       /* @P */
static char many_count[16]; /* @N */
static char *queries[4];    /* @Q1...@Q4 */
static char nobody_binary[128];

/* ------------------------------------------------------------ helpers */

/* @p in with @D, @P, @N and @Qn replaced; malloc'ed. */
static char *subst(const char *in)
{
    size_t cap = strlen(in) + 1;
    char *out;
    size_t n = 0;

    for (int i = 0; i < 4; i++)
        cap += queries[i] != NULL ? strlen(queries[i]) : 0;
    cap += 4 * (strlen(dir) + 32);
    out = malloc(cap);
    assert_non_null(out);
    for (const char *p = in; *p != '\0';) {
        const char *with = NULL;
        size_t skip = 2;

        if (p[0] == '@' && p[1] == 'D')
            with = dir;
        else if (p[0] == '@' && p[1] == 'P')
            with = page;
        else if (p[0] == '@' && p[1] == 'N')
            with = many_count;
        else if (p[0] == '@' && p[1] == 'Q' && p[2] >= '1' && p[2] <= '4') {
            with = queries[p[2] - '1'];
            skip = 3;
        }
        if (with != NULL) {
            size_t m = strlen(with);

            assert_true(n + m < cap);
            memcpy(out + n, with, m);
            n += m;
            p += skip;
        } else {
            assert_true(n + 1 < cap);
            out[n++] = *p++;
        }
    }
    out[n] = '\0';
    return out;
}

static void write_file(const char *name, const void *data, size_t size)
{
    char path[256];
    FILE *fp;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, size, fp), size);
    assert_int_equal(fclose(fp), 0);
}

/* The whole file, or NULL when it does not exist. */
static char *read_all(const char *path, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    char *data;
    long n;

    *size = 0;
    if (fp == NULL)
        return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    data = malloc((size_t)n + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *size = (size_t)n;
    return data;
}

static void copy_file(const char *from, const char *to_name)
{
    size_t size;
    char *data = read_all(from, &size);

    if (data == NULL)
        fail_msg("cannot read %s", from);
    write_file(to_name, data, size);
    free(data);
}

static void sql(const char *path, const char *statement)
{
    sqlite3 *db = NULL;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    if (sqlite3_exec(db, statement, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("%s: %s", statement, sqlite3_errmsg(db));
    sqlite3_close(db);
}

static int64_t sql_int(const char *path, const char *statement)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int64_t value = -1;

    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, statement, -1, &st, NULL),
                     SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return value;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;

    for (; *s != '\0'; s++)
        n += *s == '\n';
    return n;
}

/* ------------------------------------------------------------ inputs */

static void make_store(const char *name, const char *en, const char *ru)
{
    char db[256];
    cli_result r;

    snprintf(db, sizeof db, "%s/%s", dir, name);
    r = cli_run((const char *const[]){ "align", "--db", db, en, ru, NULL },
                NULL, NULL);
    if (r.status != 0)
        fail_msg("making %s: %s", name, r.err);
    cli_result_free(&r);
}

/* A small TMX file of two units, lines numbered for the rows. */
static const char tmx_doc[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                 /* 1 */
    "<tmx version=\"1.4\">\n"                                        /* 2 */
    "<header srclang=\"en\" segtype=\"sentence\"/>\n"               /* 3 */
    "<body>\n"                                                        /* 4 */
    "<tu><tuv xml:lang=\"en\"><seg>The summit opened.</seg></tuv>\n" /* 5 */
    "<tuv xml:lang=\"ru\"><seg>Саммит открылся.</seg></tuv></tu>\n"  /* 6 */
    "<tu><tuv xml:lang=\"en\"><seg>The treaty holds.</seg></tuv>\n"  /* 7 */
    "<tuv xml:lang=\"ru\"><seg>Договор в силе.</seg></tuv></tu>\n"   /* 8 */
    "</body>\n"                                                       /* 9 */
    "</tmx>\n";

/* @p head, then @p depth times @p open, "x", @p depth times @p close,
 * then @p tail, into the test's file @p name. */
static void write_nested(const char *name, const char *head,
                         const char *open, const char *close, size_t depth,
                         const char *tail)
{
    size_t lo = strlen(open), lc = strlen(close);
    size_t size = strlen(head) + depth * (lo + lc) + 1 + strlen(tail);
    char *text = malloc(size + 1);
    size_t n = 0;

    assert_non_null(text);
    n += (size_t)sprintf(text, "%s", head);
    for (size_t i = 0; i < depth; i++, n += lo)
        memcpy(text + n, open, lo);
    text[n++] = 'x';
    for (size_t i = 0; i < depth; i++, n += lc)
        memcpy(text + n, close, lc);
    n += (size_t)sprintf(text + n, "%s", tail);
    write_file(name, text, n);
    free(text);
}

static void make_tmx_inputs(void)
{
    static const char not_tmx[] =
        "<?xml version=\"1.0\"?>\n<html>\n<body><p>A page.</p></body>\n"
        "</html>\n";
    char text[4096], *at;
    size_t used;

    write_file("good.tmx", tmx_doc, sizeof tmx_doc - 1);
    /* Cut in the middle of the second unit. */
    at = strstr(tmx_doc, "<tuv xml:lang=\"ru\"><seg>Договор");
    assert_non_null(at);
    write_file("cut.tmx", tmx_doc, (size_t)(at - tmx_doc) + 20);
    /* A <seg> closed by </tuv>, on line 7. */
    snprintf(text, sizeof text, "%s", tmx_doc);
    at = strstr(text, "holds.</seg>");
    assert_non_null(at);
    memcpy(at + 6, "</tuv>", 6);
    write_file("bad.tmx", text, strlen(text));
    write_file("page.tmx", not_tmx, sizeof not_tmx - 1);
    write_file("empty.tmx", "", 0);

    /* 100,000 nested elements, 900 KB: the 1 GB would take
     * longer to write than the whole matrix runs, and the reader stops
     * at libxml2's 256 levels having read the first kilobytes of
     * either. */
    write_nested("deep.tmx",
                 "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n"
                 "<header/>\n<body>\n<tu><tuv xml:lang=\"en\"><seg>",
                 "<hi>", "</hi>", 100000,
                 "</seg></tuv></tu>\n</body>\n</tmx>\n");

    /* Billion laughs: ten levels of ten references, 10^9 "lol"s. */
    used = tmx_check_billion_laughs(text, sizeof text);
    write_file("lol.tmx", text, used);

    /* External entities, by path and by URL. */
    used = (size_t)snprintf(text, sizeof text,
                            "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n"
                            "<!ENTITY pw SYSTEM \"/etc/passwd\">\n"
                            "<!ENTITY url SYSTEM \"file:///etc/passwd\">\n"
                            "]>\n<tmx version=\"1.4\"><header/><body><tu>"
                            "<tuv xml:lang=\"en\"><seg>&pw; &url;</seg>"
                            "</tuv></tu></body></tmx>\n");
    write_file("xxe.tmx", text, used);
}

static void make_inputs(void)
{
    static const char bad_utf8[] = "Good text here. More text.\n"
                                   "Bad \xC3\x28 byte here. And more.\n";
    static const char nul[] = "Good text. Then\0NUL here. More.\n";
    static const char blank[] = "  \t\n\n \r\n\f\v\n\xC2\xA0\xE3\x80\x80\n";
    static const char elf[] = "\x7F" "ELF\x02\x01\x01\x00\x00\x00\x00\x00"
                              "\x00\x00\x00\x00\x02\x00\x3E\x00";
    static const char utf16[] = "\xFF\xFE" "A\x00\x00\xD8" "A\x00";
    char from[1024], to[256], path[256];
    unsigned char noise[4096];
    unsigned seed = 7;
    char *line, *ru;
    size_t size;
    FILE *fp;
    cli_result r;

    for (int k = 0; k < 3; k++) {
        static const char *const langs[] = { "en", "ru", "zh" };

        snprintf(from, sizeof from, "%s/csto-summit/%s.txt", corpora,
                 langs[k]);
        snprintf(to, sizeof to, "article.%s.txt", langs[k]);
        copy_file(from, to);
    }
    write_file("empty.en.txt", "", 0);
    write_file("blank.en.txt", blank, sizeof blank - 1);
    write_file("bad-utf8.en.txt", bad_utf8, sizeof bad_utf8 - 1);
    write_file("nul.en.txt", nul, sizeof nul - 1);
    write_file("one.en.txt", "A single sentence.\n", 19);
    write_file("page.html", "an earlier page\n", 16);

    /* An image and noise after a UTF-16 mark. */
    memcpy(noise, "\x89PNG\r\n\x1A\n", 8);
    for (size_t i = 8; i < sizeof noise; i++) {
        seed = seed * 1103515245u + 12345u;
        noise[i] = (unsigned char)(seed >> 16);
    }
    write_file("image.en.txt", noise, sizeof noise);
    write_file("program.en.txt", elf, sizeof elf - 1);
    write_file("utf16.en.txt", utf16, sizeof utf16 - 1);

    /* 50 MB of words on one line, no punctuation. */
    snprintf(path, sizeof path, "%s/long.en.txt", dir);
    fp = fopen(path, "wb");
    assert_non_null(fp);
    line = malloc(1 << 20);
    assert_non_null(line);
    for (size_t i = 0; i < (1 << 20); i++)
        line[i] = "word "[i % 5];
    for (int i = 0; i < 50; i++)
        assert_int_equal(fwrite(line, 1, 1 << 20, fp), (size_t)1 << 20);
    fputc('\n', fp);
    fclose(fp);
    free(line);

    /* Hundreds of sentences: the Russian article ten times. */
    snprintf(from, sizeof from, "%s/article.ru.txt", dir);
    ru = read_all(from, &size);
    assert_non_null(ru);
    snprintf(path, sizeof path, "%s/many.ru.txt", dir);
    fp = fopen(path, "wb");
    assert_non_null(fp);
    for (int i = 0; i < 10; i++) {
        assert_int_equal(fwrite(ru, 1, size, fp), size);
        fputs("\n\n", fp);
    }
    fclose(fp);
    free(ru);
    r = cli_run((const char *const[]){ "segment", path, NULL }, NULL, NULL);
    assert_int_equal(r.status, 0);
    snprintf(many_count, sizeof many_count, "%zu", count_lines(r.out));
    cli_result_free(&r);

    snprintf(path, sizeof path, "%s/folder.en.txt", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(from, sizeof from, "%s/article.en.txt", dir);
    snprintf(path, sizeof path, "%s/hardlink.ru.txt", dir);
    assert_int_equal(link(from, path), 0);

    /* The stores. */
    snprintf(from, sizeof from, "%s/article.en.txt", dir);
    snprintf(path, sizeof path, "%s/article.ru.txt", dir);
    make_store("tm.db", from, path);
    snprintf(from, sizeof from, "%s/tm.db", dir);
    copy_file(from, "newer.db");
    snprintf(path, sizeof path, "%s/newer.db", dir);
    sql(path, "PRAGMA user_version = 9");
    for (int i = 0; i < 40; i++)
        write_file("notes.db",
                   "These are notes, not a translation memory at all.\n",
                   50);
    snprintf(path, sizeof path, "%s/invoices.db", dir);
    sql(path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)");

    /* One flipped byte: the page type of the documents table's root
     * page, which align and search both read. */
    {
        int64_t root = sql_int(from, "SELECT rootpage FROM sqlite_schema "
                                     "WHERE name = 'documents'");
        int64_t page_size = sql_int(from, "PRAGMA page_size");
        char *data = read_all(from, &size);

        assert_true(root > 1);
        assert_true((size_t)(root * page_size) <= size);
        data[(root - 1) * page_size] ^= 0xFF;
        write_file("corrupt.db", data, size);
        free(data);
        snprintf(page, sizeof page, "%lld", (long long)root);
    }

    /* Read-only: the file and its folder. Root writes anyway, so those
     * rows run as nobody, with a copy of the tool nobody may run. */
    snprintf(path, sizeof path, "%s/ro", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    copy_file(from, "ro/tm.db");
    write_file("ro/old.tmx", "an earlier export\n", 18);
    snprintf(path, sizeof path, "%s/ro/tm.db", dir);
    assert_int_equal(chmod(path, 0444), 0);
    snprintf(path, sizeof path, "%s/ro", dir);
    assert_int_equal(chmod(path, 0555), 0);
    snprintf(path, sizeof path, "%s/bin", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    copy_file(cli_binary, "bin/stele");
    snprintf(nobody_binary, sizeof nobody_binary, "%s/bin/stele", dir);
    assert_int_equal(chmod(nobody_binary, 0755), 0);

    /* The long queries: 10 KB of one word, 10 KB of different words,
     * 10 KB of one phrase, 17 KB. */
    for (int i = 0; i < 4; i++) {
        queries[i] = malloc(18 * 1024);
        assert_non_null(queries[i]);
        queries[i][0] = '\0';
    }
    while (strlen(queries[0]) < 10 * 1024)
        strcat(queries[0], "CSTO ");
    for (int i = 0; strlen(queries[1]) < 10 * 1024; i++)
        sprintf(queries[1] + strlen(queries[1]), "word%d ", i);
    strcpy(queries[2], "\"");
    while (strlen(queries[2]) < 10 * 1024)
        strcat(queries[2], "Putin ");
    strcat(queries[2], "\"");
    memset(queries[3], 'a', 17 * 1024);
    queries[3][17 * 1024] = '\0';
    make_tmx_inputs();
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/stele-robust-XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    /* nobody must reach the read-only store and the tool's copy. */
    if (chmod(dir, 0755) != 0)
        return -1;
    make_inputs();
    return 0;
}

static int teardown(void **state)
{
    char cmd[256];

    (void)state;
    for (int i = 0; i < 4; i++)
        free(queries[i]);
    snprintf(cmd, sizeof cmd, "chmod -R u+w '%s' && rm -rf '%s'", dir, dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------ the matrix */

typedef struct bad_input {
    const char *args[16];  /* after "stele" */
    int status;            /* exit status */
    const char *err;       /* the first line of stderr; NULL: no stderr */
    const char *out;       /* stdout holds this; NULL: stdout is empty */
    const char *kept;      /* a file (the store, a page) that must come
                              out as it went in, or stay absent */
    int sound;             /* ...and it is a sound store of one document */
    int as_nobody;         /* run as user nobody (when root) */
} bad_input;

#define ART_EN "@D/article.en.txt"
#define ART_RU "@D/article.ru.txt"
#define ART_ZH "@D/article.zh.txt"
#define TM "@D/tm.db"
#define LONG_ERR "byte 0: paragraph longer than 16777216 bytes (the limit " \
                 "max_paragraph)"

static const bad_input rows[] = {
    /* Input files, one at a time. */
    { { "segment", "@D/empty.en.txt" }, 0, NULL, NULL, NULL, 0, 0 },
    { { "segment", "@D/blank.en.txt" }, 0, NULL, NULL, NULL, 0, 0 },
    { { "segment", "@D/bad-utf8.en.txt" }, 1,
      "stele: @D/bad-utf8.en.txt: byte 31: invalid UTF-8", "", NULL, 0, 0 },
    { { "segment", "@D/nul.en.txt" }, 1,
      "stele: @D/nul.en.txt: byte 15: NUL byte in text", NULL, NULL, 0, 0 },
    { { "segment", "@D/long.en.txt" }, 1, "stele: @D/long.en.txt: " LONG_ERR,
      NULL, NULL, 0, 0 },
    { { "segment", "@D/image.en.txt" }, 1,
      "stele: @D/image.en.txt: byte 0: invalid UTF-8", NULL, NULL, 0, 0 },
    { { "segment", "@D/program.en.txt" }, 1,
      "stele: @D/program.en.txt: byte 7: NUL byte in text", NULL, NULL, 0,
      0 },
    { { "segment", "@D/utf16.en.txt" }, 1,
      "stele: @D/utf16.en.txt: byte 4: invalid UTF-16: unpaired surrogate",
      NULL, NULL, 0, 0 },
    { { "segment", "@D/folder.en.txt" }, 1,
      "stele: @D/folder.en.txt: is a folder, not a file", NULL, NULL, 0, 0 },
    { { "segment", "@D/missing.en.txt" }, 1,
      "stele: @D/missing.en.txt: No such file or directory", NULL, NULL, 0,
      0 },
    { { "segment", "--lang", "xx", ART_EN }, 1,
      "stele: unknown language 'xx'", NULL, NULL, 0, 0 },
    { { "segment", "--lang", "zh", ART_EN }, 0,
      "stele: warning: @D/article.en.txt: the text is written in Latin, but "
      "'zh' is written in Han (check --lang)",
      "Putin Proposes", NULL, 0, 0 },

    /* The same, aligned into a store that must not change. */
    { { "align", "--db", TM, "@D/empty.en.txt", ART_RU }, 1,
      "stele: @D/empty.en.txt: no text to align", NULL, TM, 1, 0 },
    { { "align", "--db", TM, "@D/blank.en.txt", ART_RU }, 1,
      "stele: @D/blank.en.txt: no text to align", NULL, TM, 1, 0 },
    { { "align", "--db", TM, ART_RU, "@D/bad-utf8.en.txt" }, 1,
      "stele: @D/bad-utf8.en.txt: byte 31: invalid UTF-8", NULL, TM, 1, 0 },
    { { "align", "--db", TM, "@D/nul.en.txt", ART_RU }, 1,
      "stele: @D/nul.en.txt: byte 15: NUL byte in text", NULL, TM, 1, 0 },
    { { "align", "--db", TM, "@D/long.en.txt", ART_RU }, 1,
      "stele: @D/long.en.txt: " LONG_ERR, NULL, TM, 1, 0 },
    { { "align", "--db", TM, "@D/image.en.txt", ART_RU }, 1,
      "stele: @D/image.en.txt: byte 0: invalid UTF-8", NULL, TM, 1, 0 },
    { { "align", "--db", TM, "@D/program.en.txt", ART_RU }, 1,
      "stele: @D/program.en.txt: byte 7: NUL byte in text", NULL, TM, 1, 0 },
    { { "align", "--db", TM, ART_RU, "@D/utf16.en.txt" }, 1,
      "stele: @D/utf16.en.txt: byte 4: invalid UTF-16: unpaired surrogate",
      NULL, TM, 1, 0 },
    { { "align", "--db", TM, "@D/folder.en.txt", ART_RU }, 1,
      "stele: @D/folder.en.txt: is a folder, not a file", NULL, TM, 1, 0 },
    { { "align", "--db", TM, "@D/missing.en.txt", ART_RU }, 1,
      "stele: @D/missing.en.txt: No such file or directory", NULL, TM, 1,
      0 },

    /* The command line. */
    { { "align", "--db", TM, ART_EN }, 2,
      "stele: align: needs two or three files", NULL, TM, 1, 0 },
    { { "align", "--db", TM, ART_EN, ART_RU, ART_ZH, "@D/one.en.txt" }, 2,
      "stele: align: at most 3 files", NULL, TM, 1, 0 },
    { { "align", "--db", TM, "--langs", "en,ru", ART_EN, ART_EN }, 2,
      "stele: align: @D/article.en.txt is given twice", NULL, TM, 1, 0 },
    { { "align", "--db", TM, "--langs", "en,ru", ART_EN,
        "@D/./article.en.txt" }, 2,
      "stele: align: @D/article.en.txt and @D/./article.en.txt are the same "
      "file",
      NULL, TM, 1, 0 },
    { { "align", "--db", TM, ART_EN, "@D/hardlink.ru.txt" }, 2,
      "stele: align: @D/article.en.txt and @D/hardlink.ru.txt are the same "
      "file",
      NULL, TM, 1, 0 },
    { { "align", "--db", TM, "--langs", "xx,ru", ART_EN, ART_RU }, 1,
      "stele: @D/article.en.txt: unknown language 'xx'", NULL, TM, 1, 0 },
    { { "align", "--db", TM, "--langs", "e!,ru", ART_EN, ART_RU }, 2,
      "stele: align: --langs takes language tags separated by commas "
      "(en,ru,zh), not 'e!,ru'",
      NULL, TM, 1, 0 },
    { { "align", "--no-store", "--langs", "ru,en", ART_EN, ART_RU }, 0,
      "stele: warning: @D/article.en.txt: the text is written in Latin, but "
      "'ru' is written in Cyrillic (check --langs)",
      "Putin Proposes", NULL, 0, 0 },
    { { "align", "--no-store", "--format", "beads", "@D/one.en.txt",
        "@D/many.ru.txt" }, 0,
      "stele: warning: @D/one.en.txt has 1 sentence and @D/many.ru.txt has "
      "@N: most units will have no counterpart (are they versions of one "
      "text?)",
      "[0]:[", NULL, 0, 0 },

    /* The store. */
    { { "align", "--db", "@D/no/such/tm.db", ART_EN, ART_RU }, 1,
      "stele: @D/no/such/tm.db: cannot create the translation memory: "
      "folder '@D/no/such' does not exist",
      NULL, "@D/no/such/tm.db", 0, 0 },
    { { "align", "--db", "@D/ro/tm.db", ART_EN, ART_ZH }, 1,
      "stele: @D/ro/tm.db: cannot write: the file or its folder is "
      "read-only",
      NULL, "@D/ro/tm.db", 1, 1 },
    { { "search", "--db", "@D/ro/tm.db", "ОДКБ" }, 0, NULL, "  ru   ",
      "@D/ro/tm.db", 1, 1 },
    { { "align", "--db", "@D/notes.db", ART_EN, ART_RU }, 1,
      "stele: @D/notes.db: not a stele translation memory (not an SQLite "
      "database)",
      NULL, "@D/notes.db", 0, 0 },
    { { "search", "--db", "@D/notes.db", "csto" }, 1,
      "stele: @D/notes.db: not a stele translation memory (not an SQLite "
      "database)",
      NULL, "@D/notes.db", 0, 0 },
    { { "align", "--db", "@D/invoices.db", ART_EN, ART_RU }, 1,
      "stele: @D/invoices.db: not a stele translation memory (an SQLite "
      "database of another program)",
      NULL, "@D/invoices.db", 0, 0 },
    { { "align", "--db", "@D/newer.db", ART_EN, ART_ZH }, 1,
      "stele: @D/newer.db: written by a newer stele (schema 9, this one "
      "knows up to 6)",
      NULL, "@D/newer.db", 0, 0 },
    { { "list", "--db", "@D/newer.db" }, 1,
      "stele: @D/newer.db: written by a newer stele (schema 9, this one "
      "knows up to 6)",
      NULL, "@D/newer.db", 0, 0 },
    { { "align", "--db", "@D/corrupt.db", ART_EN, ART_ZH }, 1,
      "stele: @D/corrupt.db: the translation memory is corrupt "
      "(quick_check: Page @P: btreeInitPage() returns error code 11)",
      NULL, "@D/corrupt.db", 0, 0 },
    { { "search", "--db", "@D/corrupt.db", "CSTO" }, 1,
      "stele: @D/corrupt.db: the translation memory is corrupt "
      "(quick_check: Page @P: btreeInitPage() returns error code 11)",
      NULL, "@D/corrupt.db", 0, 0 },
    { { "list", "--db", "@D/corrupt.db" }, 1,
      "stele: @D/corrupt.db: the translation memory is corrupt "
      "(quick_check: Page @P: btreeInitPage() returns error code 11)",
      NULL, "@D/corrupt.db", 0, 0 },

    /* Search queries. */
    /* Review and eval: the page must not be touched either. */
    { { "review", "-o", "@D/page.html", "@D/empty.en.txt", ART_RU }, 1,
      "stele: @D/empty.en.txt: no text to align", NULL, "@D/page.html", 0,
      0 },
    { { "review", "-o", "@D/page.html", "@D/image.en.txt", ART_RU }, 1,
      "stele: @D/image.en.txt: byte 0: invalid UTF-8", NULL, "@D/page.html",
      0, 0 },
    { { "review", "-o", "@D/page.html", ART_EN, "@D/hardlink.ru.txt" }, 2,
      "stele: review: @D/article.en.txt and @D/hardlink.ru.txt are the same "
      "file",
      NULL, "@D/page.html", 0, 0 },
    { { "review", "--db", "@D/corrupt.db", "-o", "@D/page.html" }, 1,
      "stele: @D/corrupt.db: the translation memory is corrupt "
      "(quick_check: Page @P: btreeInitPage() returns error code 11)",
      NULL, "@D/page.html", 0, 0 },
    { { "review", "--db", "@D/notes.db", "-o", "@D/page.html" }, 1,
      "stele: @D/notes.db: not a stele translation memory (not an SQLite "
      "database)",
      NULL, "@D/page.html", 0, 0 },
    { { "eval", "@D/empty.en.txt", "@D/empty.en.txt" }, 1,
      "stele: @D/empty.en.txt: no beads to score against", NULL, NULL, 0,
      0 },
    { { "eval", "@D/image.en.txt", "@D/empty.en.txt" }, 1,
      "stele: @D/image.en.txt:1: expected '[', found '?' in column 1", NULL,
      NULL, 0, 0 },
    { { "eval", "@D/nul.en.txt", "@D/empty.en.txt" }, 1,
      "stele: @D/nul.en.txt:1: NUL byte: this is not a bead file", NULL,
      NULL, 0, 0 },
    { { "eval", "@D/folder.en.txt", "@D/empty.en.txt" }, 1,
      "stele: @D/folder.en.txt: Is a directory", NULL, NULL, 0, 0 },

    /* Dictionaries. */
    { { "align", "--db", TM, "--dict", "@D/empty.en.txt", ART_EN, ART_ZH },
      1,
      "stele: @D/empty.en.txt: no entries of one source word ('target "
      "words @ source word' per line)",
      NULL, TM, 1, 0 },
    { { "align", "--db", TM, "--dict", "@D/image.en.txt", ART_EN, ART_ZH },
      1, "stele: @D/image.en.txt:1: invalid UTF-8 at column 1", NULL, TM, 1,
      0 },
    { { "align", "--db", TM, "--dict", "@D/folder.en.txt", ART_EN, ART_ZH },
      1, "stele: @D/folder.en.txt: is a folder, not a dictionary", NULL, TM,
      1, 0 },

    { { "search", "--db", TM, "\"combat proven" }, 1,
      "stele: unbalanced quote in the query", NULL, TM, 1, 0 },
    { { "search", "--db", TM, "«оружие" }, 1,
      "stele: unbalanced quote in the query", NULL, TM, 1, 0 },
    { { "search", "--db", TM, "\"csto\" OR \"" }, 1,
      "stele: unbalanced quote in the query", NULL, TM, 1, 0 },
    { { "search", "--db", TM, "NEAR(csto weapons, 2)" }, 0,
      "stele: no matches", NULL, TM, 1, 0 },
    { { "search", "--db", TM, "text:csto" }, 0, "stele: no matches", NULL,
      TM, 1, 0 },
    { { "search", "--db", TM, "{text}: ^csto" }, 0, "stele: no matches",
      NULL, TM, 1, 0 },
    { { "search", "--db", TM, "^csto" }, 0, NULL, "  en   ", TM, 1, 0 },
    { { "search", "--db", TM, "csto AND" }, 1,
      "stele: AND needs words on both sides", NULL, TM, 1, 0 },
    { { "search", "--db", TM, "NOT csto" }, 1,
      "stele: NOT needs words on both sides", NULL, TM, 1, 0 },
    { { "search", "--db", TM, "(csto" }, 1,
      "stele: unbalanced parenthesis in the query", NULL, TM, 1, 0 },
    { { "search", "--db", TM, "!!! ... — «»" }, 1,
      "stele: the query has no words", NULL, TM, 1, 0 },
    { { "search", "--db", TM, "'; DROP TABLE segments; --" }, 0,
      "stele: no matches", NULL, TM, 1, 0 },
    { { "search", "--db", TM, "csto \xFF\xFE" }, 1,
      "stele: the query is not valid UTF-8 (at byte 5)", NULL, TM, 1, 0 },
    { { "search", "--db", TM, "@Q1" }, 0, NULL, "CSTO", TM, 1, 0 },
    { { "search", "--db", TM, "@Q2" }, 1,
      "stele: the query has more than 64 different words", NULL, TM, 1, 0 },
    { { "search", "--db", TM, "@Q3" }, 1,
      "stele: the query has more than 64 different words", NULL, TM, 1, 0 },
    { { "search", "--db", TM, "@Q4" }, 2,
      "stele: search: the query is too long (at most 16384 bytes)", NULL,
      TM, 1, 0 },

    /* TMX into the store: one line naming the file and the line, the
     * store as it was. */
    { { "import", "--db", TM, "@D/cut.tmx" }, 1,
      "stele: @D/cut.tmx:8: the file ends before </tmx> (cut short?)", NULL,
      TM, 1, 0 },
    { { "import", "--db", TM, "@D/bad.tmx" }, 1,
      "stele: @D/bad.tmx:7: not well-formed XML: Opening and ending tag "
      "mismatch: seg line 7 and tuv",
      NULL, TM, 1, 0 },
    { { "import", "--db", TM, "@D/page.tmx" }, 1,
      "stele: @D/page.tmx:2: not a TMX file: the root element is <html>, "
      "not <tmx>",
      NULL, TM, 1, 0 },
    { { "import", "--db", TM, "@D/deep.tmx" }, 1,
      "stele: @D/deep.tmx:5: elements nested too deep (libxml2's limit: "
      "256); TMX needs a dozen levels",
      NULL, TM, 1, 0 },
    { { "import", "--db", TM, "@D/lol.tmx" }, 1,
      "stele: @D/lol.tmx:14: entities expand too much (refused: TMX needs "
      "no entities; libxml2: Detected an entity reference loop)",
      NULL, TM, 1, 0 },
    /* Nothing of /etc/passwd can show: stdout is empty, stderr is this
     * one line, the store is unchanged (and xxe_reads_nothing() looks
     * into a new one). */
    { { "import", "--db", TM, "@D/xxe.tmx" }, 1,
      "stele: @D/xxe.tmx:7: the DOCTYPE declares entities, which TMX does "
      "not use (refused: entities can expand without bound or read other "
      "files)",
      NULL, TM, 1, 0 },
    { { "import", "--db", TM, "@D/empty.tmx" }, 1,
      "stele: @D/empty.tmx:1: not well-formed XML: no root element (an "
      "empty file?)",
      NULL, TM, 1, 0 },
    { { "import", "--db", TM, "@D/image.en.txt" }, 1,
      "stele: @D/image.en.txt:1: not XML: the file does not begin with "
      "markup (a binary or text file?)",
      NULL, TM, 1, 0 },
    { { "import", "--db", TM, "@D/program.en.txt" }, 1,
      "stele: @D/program.en.txt:1: not XML: the file does not begin with "
      "markup (a binary or text file?)",
      NULL, TM, 1, 0 },
    /* libxml2 printed its encoding errors on stderr itself. */
    { { "import", "--db", TM, "@D/utf16.en.txt" }, 1,
      "stele: @D/utf16.en.txt:1: bytes that are not valid in the file's "
      "encoding (libxml2: input conversion failed due to input error, "
      "bytes 0x00 0xD8 0x41 0x00)",
      NULL, TM, 1, 0 },
    { { "import", "--db", TM, ART_EN }, 1,
      "stele: @D/article.en.txt:1: not XML: the file does not begin with "
      "markup (a binary or text file?)",
      NULL, TM, 1, 0 },
    { { "import", "--db", TM, "@D/folder.en.txt" }, 1,
      "stele: @D/folder.en.txt: is a folder, not a file", NULL, TM, 1, 0 },
    { { "import", "--db", TM, "@D/missing.tmx" }, 1,
      "stele: @D/missing.tmx: cannot open: No such file or directory", NULL,
      TM, 1, 0 },
    { { "import", "--db", "@D/notes.db", "@D/good.tmx" }, 1,
      "stele: @D/notes.db: not a stele translation memory (not an SQLite "
      "database)",
      NULL, "@D/notes.db", 0, 0 },
    { { "import", "--db", "@D/corrupt.db", "@D/good.tmx" }, 1,
      "stele: @D/corrupt.db: the translation memory is corrupt "
      "(quick_check: Page @P: btreeInitPage() returns error code 11)",
      NULL, "@D/corrupt.db", 0, 0 },
    { { "import", "--db", "@D/ro/tm.db", "@D/good.tmx" }, 1,
      "stele: @D/ro/tm.db: cannot write: the file is read-only",
      NULL, "@D/ro/tm.db", 1, 1 },

    /* TMX out of it: nothing written where it cannot be. */
    { { "export", "--db", TM, "-o", "@D/no/such/out.tmx" }, 1,
      "stele: @D/no/such/out.tmx: cannot create: No such file or directory",
      NULL, "@D/no/such/out.tmx", 0, 0 },
    { { "export", "--db", "@D/ro/tm.db", "-o", "@D/ro/old.tmx" }, 1,
      "stele: @D/ro/old.tmx: cannot create: Permission denied", NULL,
      "@D/ro/old.tmx", 0, 1 },
    { { "export", "--db", "@D/ro/tm.db", "-o", "@D/ro/new.tmx" }, 1,
      "stele: @D/ro/new.tmx: cannot create: Permission denied", NULL,
      "@D/ro/new.tmx", 0, 1 },
    { { "export", "--db", TM, "--doc", "99", "-o", "@D/doc99.tmx" }, 1,
      "stele: @D/tm.db: no document 99 (see 'stele list')", NULL,
      "@D/doc99.tmx", 0, 0 },
    { { "export", "--db", TM, "--doc", "99" }, 1,
      "stele: @D/tm.db: no document 99 (see 'stele list')", NULL, TM, 1,
      0 },
};

#define NROWS (sizeof rows / sizeof *rows)
#define TMX_SECONDS 2.0

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Slower tools (valgrind) scale the time bounds (tests/CMakeLists.txt). */
static double time_scale(void)
{
    const char *scale = getenv("STELE_TEST_TIME_SCALE");

    return scale != NULL && atof(scale) > 0 ? atof(scale) : 1.0;
}

static void check_sound(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;

    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1,
                                        &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    sqlite3_close(db);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM documents"), 1);
}

static void run_row(size_t k, double *slowest)
{
    const bad_input *row = &rows[k];
    const char *args[16] = { NULL };
    char *store = row->kept != NULL ? subst(row->kept) : NULL;
    char *err = row->err != NULL ? subst(row->err) : NULL;
    char *before = NULL, *after = NULL;
    size_t before_size = 0, after_size = 0;
    const char *binary = cli_binary;
    double t0, took;
    cli_result r;

    for (size_t i = 0; i < 15 && row->args[i] != NULL; i++)
        args[i] = subst(row->args[i]);
    if (store != NULL)
        before = read_all(store, &before_size);
    if (row->as_nobody)
        cli_binary = nobody_binary;
    t0 = now();
    r = cli_run_as(args, NULL, NULL, row->as_nobody ? NOBODY : -1);
    took = now() - t0;
    if (took > *slowest)
        *slowest = took;
    cli_binary = binary;
    /* A TMX file is refused on the spot, bombs and deep nesting too:
     * the reader stops at the first thing wrong. */
    if ((strcmp(args[0], "import") == 0 || strcmp(args[0], "export") == 0) &&
        took > TMX_SECONDS * time_scale())
        fail_msg("row %zu (%s): %.2f s, more than %.1f s", k, args[0], took,
                 TMX_SECONDS);

    if (r.status != row->status)
        fail_msg("row %zu (%s %s): exit %d, not %d; stderr:\n%s", k,
                 args[0], args[1], r.status, row->status, r.err);
    if (err != NULL) {
        if (strcmp(cli_first_err_line(&r), err) != 0)
            fail_msg("row %zu: stderr\n  %s\nnot\n  %s", k,
                     cli_first_err_line(&r), err);
    } else if (r.err_len != 0) {
        fail_msg("row %zu: unexpected stderr:\n%s", k, r.err);
    }
    /* Errors are one line; warnings come before the output. */
    if (row->status != 0 && strchr(r.err, '\n') != r.err + r.err_len - 1 &&
        row->status != 2)
        fail_msg("row %zu: more than one line on stderr:\n%s", k, r.err);
    if (row->out != NULL && strstr(r.out, row->out) == NULL)
        fail_msg("row %zu: stdout lacks '%s':\n%.500s", k, row->out, r.out);
    if (row->out == NULL && r.out_len != 0)
        fail_msg("row %zu: unexpected stdout:\n%.500s", k, r.out);

    if (store != NULL) {
        after = read_all(store, &after_size);
        if ((before == NULL) != (after == NULL) ||
            before_size != after_size ||
            (before != NULL && memcmp(before, after, before_size) != 0))
            fail_msg("row %zu: %s changed", k, store);
        if (row->sound)
            check_sound(store);
    }
    free(before);
    free(after);
    cli_result_free(&r);
    for (size_t i = 0; args[i] != NULL; i++)
        free((char *)args[i]);
    free(store);
    free(err);
}

static void bad_input_matrix(void **state)
{
    struct rusage usage;
    double slowest = 0;

    (void)state;
    for (size_t k = 0; k < NROWS; k++)
        run_row(k, &slowest);
    /* The 50 MB line is refused at the paragraph limit, having read a
     * little more than the limit: bounded time, bounded memory. */
    assert_int_equal(getrusage(RUSAGE_CHILDREN, &usage), 0);
    print_message("%zu rows; slowest %.2f s; largest child %ld MB\n", NROWS,
                  slowest, usage.ru_maxrss / 1024);
    assert_true(slowest < 30.0 * time_scale());
    assert_true(usage.ru_maxrss < 400 * 1024);
}

/* An external entity into a new store: the file is refused before any
 * unit is written, and nothing of /etc/passwd is anywhere. */
static void xxe_reads_nothing(void **state)
{
    char db[256], tmx[256];
    char *data;
    size_t size;
    cli_result r;
    char good[256];
    int before;

    (void)state;
    snprintf(db, sizeof db, "%s/xxe.db", dir);
    snprintf(tmx, sizeof tmx, "%s/xxe.tmx", dir);
    snprintf(good, sizeof good, "%s/good.tmx", dir);
    /* into a new store: refused, and the store it created is gone */
    r = cli_run((const char *const[]){ "import", "--db", db, tmx, NULL },
                NULL, NULL);
    assert_int_equal(r.status, 1);
    assert_null(strstr(r.err, "root:"));
    assert_int_equal(r.out_len, 0);
    cli_result_free(&r);
    assert_int_equal(access(db, F_OK), -1);
    /* into a store that holds something: refused, the store unchanged
     * and without a byte of the file the entity names */
    r = cli_run((const char *const[]){ "import", "-q", "--db", db, good,
                                       NULL },
                NULL, NULL);
    assert_int_equal(r.status, 0);
    cli_result_free(&r);
    before = sql_int(db, "SELECT count(*) FROM segments");
    assert_true(before > 0);
    r = cli_run((const char *const[]){ "import", "--db", db, tmx, NULL },
                NULL, NULL);
    assert_int_equal(r.status, 1);
    assert_null(strstr(r.err, "root:"));
    cli_result_free(&r);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM segments"), before);
    data = read_all(db, &size);
    assert_non_null(data);
    for (size_t i = 0; i + 5 <= size; i++)
        if (memcmp(data + i, "root:", 5) == 0)
            fail_msg("%s holds 'root:' at byte %zu", db, i);
    free(data);
}

/* Rows that leave something behind: one sentence against hundreds is
 * stored, whole; and nothing was created in the missing folder. */
static void what_is_left(void **state)
{
    char db[256], path[256];
    cli_result r;

    (void)state;
    snprintf(db, sizeof db, "%s/grow.db", dir);
    snprintf(path, sizeof path, "%s/one.en.txt", dir);
    {
        char many[256];

        snprintf(many, sizeof many, "%s/many.ru.txt", dir);
        r = cli_run((const char *const[]){ "align", "--db", db, path, many,
                                           NULL },
                    NULL, NULL);
    }
    assert_int_equal(r.status, 0);
    assert_int_equal(count_lines(r.err), 2); /* the warning, the summary */
    assert_non_null(strstr(r.err, "stele: added document 1: "));
    cli_result_free(&r);
    check_sound(db);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM segments WHERE "
                                 "lang = 'en'"),
                     1);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM segments WHERE "
                                 "lang = 'ru'"),
                     strtol(many_count, NULL, 10));
    snprintf(path, sizeof path, "%s/no", dir);
    assert_int_equal(access(path, F_OK), -1);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_input_matrix),
        cmocka_unit_test(what_is_left),
        cmocka_unit_test(xxe_reads_nothing),
    };

    if (argc != 3) {
        fprintf(stderr, "usage: test_robust STELE CORPORA\n");
        return 2;
    }
    cli_binary = argv[1];
    corpora = argv[2];
    return cmocka_run_group_tests(tests, setup, teardown);
}
