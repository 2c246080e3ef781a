/*
 * tests/test_tmx.c - TMX export and import (tmx/).
 *
 * Test plan:
 *   - pieces: language tag normalisation, the zh mapping and its
 *     options, TMX dates both ways;
 *   - the writer: header attributes, escaping, carriage returns kept,
 *     what XML cannot carry written as U+FFFD (never a raw control
 *     byte), units too big for a reader refused, a failed export leaves
 *     no file (missing folder, full disk), every file valid against the
 *     TMX 1.4b DTD;
 *   - the reader: hand-written files in OmegaT's (TMX 1.1, lang,
 *     DOCTYPE) and Okapi's conventions (srclang="*all*", header note /
 *     prop / ude in mixed order, props and notes on tu and tuv, every
 *     inline element), UTF-16, errors that name the line, hostile files
 *     (billion laughs, an external entity at a FIFO that would hang the
 *     reader if it were opened, /etc/passwd, deep nesting, a huge text
 *     node, a gzip file, truncated, empty, not TMX), a callback that
 *     stops;
 *   - store <-> TMX: round trip (export, import into an empty store,
 *     export: the same file apart from dates), importing a memory's own
 *     export into it adds nothing, pair export, the filters, zh tags
 *     both ways, an import that fails stores nothing, duplicates merged,
 *     other tools' units grouped into documents.
 *
 * usage: test_tmx DATA_DIR DTD_PATH
 * DTD validation is skipped, with a message, when DTD_PATH is absent
 * (the LISA DTD is not in the repository: it carries no licence).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <stele.h>

#include "tmx/tmx_int.h"
#include "tmx_check.h"

static const char *data_dir;
static const char *dtd_path;

typedef struct fixture {
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);

    if (f == NULL)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/stele-tmx-XXXXXX");
    if (mkdtemp(f->dir) == NULL) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static const char *in_dir(const fixture *f, const char *name)
{
    static char paths[16][256]; /* the last 16 stay valid */
    static int next;
    char *p = paths[next++ % 16];

    snprintf(p, sizeof paths[0], "%s/%s", f->dir, name);
    return p;
}

static void write_file(const char *path, const char *text, size_t n)
{
    FILE *fp = fopen(path, "wb");

    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, n, fp), n);
    assert_int_equal(fclose(fp), 0);
}

static void write_text(const char *path, const char *text)
{
    write_file(path, text, strlen(text));
}

static char *read_all(const char *path)
{
    char *text = tmx_check_read(path);

    if (text == NULL)
        fail_msg("cannot read %s", path);
    return text;
}

static char *without_dates(const char *path)
{
    return tmx_check_strip_dates(read_all(path));
}

/* Valid against the TMX 1.4b DTD (when the DTD is there). */
static void assert_valid_tmx(const char *path)
{
    if (tmx_check_dtd(path, dtd_path) == 0)
        fail_msg("%s does not validate against %s", path, dtd_path);
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle) == NULL)
        fail_msg("expected to find \"%s\" in:\n%s", needle, haystack);
}

/* Units read back, as "lang=text|lang=text" lines with the extras. */
typedef struct units_seen {
    char text[65536];
    size_t count;
    long lines[64];
    double confidence[64];
    int64_t created[64];
    char title[64][128];
    char doc_langs[64][128];
    char srclang[64][16];
} units_seen;

static int collect(const stele_tmx_unit *unit, void *payload)
{
    units_seen *u = payload;
    size_t used = strlen(u->text);

    if (u->count < 64) {
        size_t k = u->count, p = 0;

        u->lines[k] = unit->line;
        u->confidence[k] = unit->confidence;
        u->created[k] = unit->created_at;
        snprintf(u->title[k], sizeof u->title[k], "%s",
                 unit->title != NULL ? unit->title : "(none)");
        snprintf(u->srclang[k], sizeof u->srclang[k], "%s",
                 unit->srclang != NULL ? unit->srclang : "(all)");
        u->doc_langs[k][0] = '\0';
        for (size_t i = 0; i < unit->ndoc_langs && p < sizeof u->doc_langs[k];
             i++)
            p += (size_t)snprintf(u->doc_langs[k] + p,
                                  sizeof u->doc_langs[k] - p, "%s%s",
                                  i > 0 ? "," : "", unit->doc_langs[i]);
    }
    /* A text longer than the buffer is cut (snprintf counts it whole). */
    for (size_t i = 0; i < unit->nvariants && used < sizeof u->text; i++)
        used += (size_t)snprintf(u->text + used, sizeof u->text - used,
                                 "%s%s=%s", i > 0 ? "|" : "",
                                 unit->langs[i], unit->texts[i]);
    if (used < sizeof u->text)
        snprintf(u->text + used, sizeof u->text - used, "\n");
    u->count++;
    return 0;
}

static units_seen *read_units(const char *path)
{
    units_seen *u = calloc(1, sizeof *u);
    stele_error err;
    int rc;

    assert_non_null(u);
    rc = stele_tmx_read(path, collect, u, &err);
    if (rc != STELE_OK)
        fail_msg("reading %s: %s (line %ld)", path, err.message, err.line);
    return u;
}

/* ------------------------------------------------------------------ */
/* Pieces                                                              */
/* ------------------------------------------------------------------ */

static void check_tag(const char *in, const char *want)
{
    char buf[TMX_TAG_SIZE];
    int rc = stele__tmx_tag_normalise(in, strlen(in), buf);

    if (want == NULL) {
        if (rc == 0)
            fail_msg("'%s' was accepted as '%s'", in, buf);
        return;
    }
    if (rc != 0)
        fail_msg("'%s' was refused", in);
    assert_string_equal(buf, want);
}

static void tags_normalise(void **state)
{
    (void)state;
    check_tag("en", "en");
    check_tag("EN-US", "en-US");
    check_tag("en_us", "en-US");
    check_tag("En-Gb", "en-GB");
    check_tag("zh-hans", "zh-Hans");
    check_tag("ZH-HANT-TW", "zh-Hant-TW");
    check_tag("sr_latn_rs", "sr-Latn-RS");
    check_tag("es-419", "es-419");
    check_tag("de-CH-1996", "de-CH-1996");
    check_tag("en-US-x-Twain", "en-US-x-twain");
    check_tag("x-KLINGON", "x-klingon");
    check_tag("", NULL);
    check_tag("en-", NULL);
    check_tag("-en", NULL);
    check_tag("en--us", NULL);
    check_tag("e n", NULL);
    check_tag("12-en", NULL);
    check_tag("en-abcdefghi", NULL);
    check_tag("en-US-aaaaaaaa-bbbbbbbb-cccccccc-dddd", NULL); /* 37 */
    check_tag("en,ru", NULL);
    check_tag("*all*", NULL);
}

static void tag_map_default_and_options(void **state)
{
    tmx_tag_map map;
    stele_error err;
    const char *hans[] = { "zh=zh-hans" };
    const char *same[] = { "zh=zh" };
    const char *bad[][2] = { { "zh", NULL }, { "=zh-CN", NULL },
                             { "zh=zh CN", NULL }, { "zh=a", "zh=b" },
                             { "a=zh-CN", "b=ZH-cn" } };

    (void)state;
    assert_int_equal(stele__tmx_tag_map_init(&map, NULL, 0, &err), STELE_OK);
    assert_string_equal(stele__tmx_tag_out(&map, "zh"), "zh-CN");
    assert_string_equal(stele__tmx_tag_out(&map, "en"), "en");
    assert_string_equal(stele__tmx_tag_in(&map, "zh-CN"), "zh");
    assert_string_equal(stele__tmx_tag_in(&map, "zh-TW"), "zh-TW");

    assert_int_equal(stele__tmx_tag_map_init(&map, hans, 1, &err), STELE_OK);
    assert_string_equal(stele__tmx_tag_out(&map, "zh"), "zh-Hans");
    assert_string_equal(stele__tmx_tag_in(&map, "zh-Hans"), "zh");
    assert_string_equal(stele__tmx_tag_in(&map, "zh-CN"), "zh-CN");

    assert_int_equal(stele__tmx_tag_map_init(&map, same, 1, &err), STELE_OK);
    assert_string_equal(stele__tmx_tag_out(&map, "zh"), "zh");
    assert_string_equal(stele__tmx_tag_in(&map, "zh-CN"), "zh-CN");

    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        size_t n = bad[i][1] != NULL ? 2 : 1;

        stele_error_clear(&err);
        assert_int_equal(stele__tmx_tag_map_init(&map, bad[i], n, &err),
                         STELE_EINVAL);
        assert_true(err.message[0] != '\0');
    }
}

static void dates_both_ways(void **state)
{
    static const struct {
        int64_t seconds;
        const char *text;
    } cases[] = {
        { 0, "19700101T000000Z" },
        { 951782400, "20000229T000000Z" },
        { 1700000000, "20231114T221320Z" },
        { 253402300799, "99991231T235959Z" },
        { -1, "19691231T235959Z" },
    };
    static const char *const bad[] = {
        "20230229T000000Z", "20231301T000000Z", "20230100T000000Z",
        "20230101T240000Z", "20230101t000000Z", "20230101T000000",
        "2023-01-01T00:00:00Z", "09990101T000000Z", "", "20230101T00000aZ",
        "19000229T000000Z"
    };
    char buf[17];
    int64_t s;

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        stele__tmx_date_format(cases[i].seconds, buf);
        assert_string_equal(buf, cases[i].text);
        assert_int_equal(stele__tmx_date_parse(cases[i].text, &s), 0);
        assert_int_equal(s, cases[i].seconds);
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (stele__tmx_date_parse(bad[i], &s) == 0)
            fail_msg("'%s' was accepted", bad[i]);
    stele__tmx_date_format(INT64_C(400000000000), buf);
    assert_string_equal(buf, "99991231T235959Z");
}

/* ------------------------------------------------------------------ */
/* Writer                                                              */
/* ------------------------------------------------------------------ */

static void write_units(const char *path, const stele_tmx_unit *units,
                        size_t n, const stele_tmx_header *header)
{
    stele_tmx_writer *w = NULL;
    stele_error err;

    if (stele_tmx_writer_open(&w, path, header, &err) != STELE_OK)
        fail_msg("open %s: %s", path, err.message);
    for (size_t i = 0; i < n; i++)
        if (stele_tmx_writer_add(w, &units[i], &err) != STELE_OK)
            fail_msg("add: %s", err.message);
    if (stele_tmx_writer_close(w, &err) != STELE_OK)
        fail_msg("close: %s", err.message);
}

static void writer_header_and_escaping(void **state)
{
    fixture *f = *state;
    const char *path = in_dir(f, "w.tmx");
    static const char *const langs[] = { "en", "ru" };
    static const char *const texts[] = {
        "Fish & chips <cheap> \"here\" 'now'\r\nsecond line\ttab",
        "Bad \x01\x07 bytes \xC3\x28 and \xEF\xBF\xBE end\x0B\x0C"
    };
    static const char *const doc_langs[] = { "en", "ru", "zh-CN" };
    stele_tmx_header header = STELE_TMX_HEADER_INIT;
    stele_tmx_unit unit;
    units_seen *seen;
    char *text;

    memset(&unit, 0, sizeof unit);
    unit.nvariants = 2;
    unit.langs = langs;
    unit.texts = texts;
    unit.title = "Title \x02 & <more>";
    unit.doc_langs = doc_langs;
    unit.ndoc_langs = 3;
    unit.confidence = 0.87654;
    unit.created_at = 1700000000;
    header.srclang = "en";
    header.created_at = 1600000000;
    write_units(path, &unit, 1, &header);
    text = read_all(path);
    assert_contains(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<tmx version=\"1.4\">\n"
                          "  <header creationtool=\"stele\" "
                          "creationtoolversion=\"");
    assert_contains(text, "\" segtype=\"sentence\" o-tmf=\"stele\" "
                          "adminlang=\"en\" srclang=\"en\" "
                          "datatype=\"plaintext\" "
                          "creationdate=\"20200913T122640Z\"/>");
    assert_contains(text, "<tu creationdate=\"20231114T221320Z\">");
    assert_contains(text, "<prop type=\"x-stele-title\">Title \xEF\xBF\xBD "
                          "&amp; &lt;more&gt;</prop>");
    assert_contains(text, "<prop type=\"x-stele-langs\">en,ru,zh-CN</prop>");
    assert_contains(text, "<prop type=\"x-stele-confidence\">0.8765</prop>");
    assert_contains(text, "<seg>Fish &amp; chips &lt;cheap&gt; \"here\" "
                          "'now'&#13;\nsecond line\ttab</seg>");
    assert_contains(text, "<seg>Bad \xEF\xBF\xBD\xEF\xBF\xBD bytes "
                          "\xEF\xBF\xBD( and \xEF\xBF\xBD end"
                          "\xEF\xBF\xBD\xEF\xBF\xBD</seg>");
    for (const char *p = text; *p != '\0'; p++)
        if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t')
            fail_msg("raw control byte 0x%02x at %td", *p, p - text);
    free(text);
    assert_valid_tmx(path);

    seen = read_units(path);
    assert_string_equal(seen->text,
                        "en=Fish & chips <cheap> \"here\" 'now'\r\nsecond "
                        "line\ttab|ru=Bad \xEF\xBF\xBD\xEF\xBF\xBD bytes "
                        "\xEF\xBF\xBD( and \xEF\xBF\xBD end"
                        "\xEF\xBF\xBD\xEF\xBF\xBD\n");
    assert_string_equal(seen->title[0], "Title \xEF\xBF\xBD & <more>");
    assert_string_equal(seen->doc_langs[0], "en,ru,zh-CN");
    assert_string_equal(seen->srclang[0], "en");
    assert_true(seen->confidence[0] > 0.87649 &&
                seen->confidence[0] < 0.87651);
    assert_int_equal(seen->created[0], 1700000000);
    free(seen);
}

static void writer_refuses_what_readers_refuse(void **state)
{
    fixture *f = *state;
    const char *path = in_dir(f, "big.tmx");
    static const char *const langs[] = { "en" };
    const char *texts[1];
    stele_tmx_writer *w = NULL;
    stele_tmx_unit unit;
    stele_error err;
    char *big = malloc(STELE_TMX_MAX_UNIT_TEXT + 2);

    assert_non_null(big);
    memset(big, 'a', STELE_TMX_MAX_UNIT_TEXT + 1);
    big[STELE_TMX_MAX_UNIT_TEXT + 1] = '\0';
    texts[0] = big;
    memset(&unit, 0, sizeof unit);
    unit.nvariants = 1;
    unit.langs = langs;
    unit.texts = texts;
    unit.confidence = -1;
    assert_int_equal(stele_tmx_writer_open(&w, path, NULL, &err), STELE_OK);
    assert_int_equal(stele_tmx_writer_add(w, &unit, &err), STELE_ETOOBIG);
    unit.nvariants = 0;
    assert_int_equal(stele_tmx_writer_add(w, &unit, &err), STELE_EINVAL);
    stele_tmx_writer_discard(w);
    assert_int_equal(access(path, F_OK), -1);
    free(big);
}

/* No file where none could be finished; the temporary one is gone. */
static void writer_failure_leaves_no_file(void **state)
{
    fixture *f = *state;
    static const char *const langs[] = { "en", "ru" };
    static const char *const texts[] = { "One.", "Один." };
    stele_tmx_writer *w = NULL;
    stele_tmx_unit unit;
    stele_error err;
    int rc = STELE_OK;
    char cmd[160];

    assert_int_equal(stele_tmx_writer_open(&w, in_dir(f, "no/such.tmx"),
                                           NULL, &err),
                     STELE_EIO);
    assert_null(w);
    assert_contains(err.message, "cannot create");
    assert_int_equal(stele_tmx_writer_open(&w, f->dir, NULL, &err),
                     STELE_EIO);
    assert_contains(err.message, "is a folder");

    /* A full disk: /dev/full through a symbolic link, so that the
     * writer's temporary file is ordinary; write to it by hand. */
    memset(&unit, 0, sizeof unit);
    unit.nvariants = 2;
    unit.langs = langs;
    unit.texts = texts;
    unit.confidence = 1;
    if (access("/dev/full", W_OK) == 0) {
        int fd;

        assert_int_equal(stele_tmx_writer_open(&w, "-", NULL, &err),
                         STELE_OK);
        fd = dup(1);
        assert_true(fd >= 0);
        assert_true(freopen("/dev/full", "w", stdout) != NULL);
        for (int i = 0; i < 2000 && rc == STELE_OK; i++)
            rc = stele_tmx_writer_add(w, &unit, &err);
        if (rc == STELE_OK)
            rc = stele_tmx_writer_close(w, &err);
        else
            stele_tmx_writer_discard(w);
        fflush(stdout);
        assert_true(dup2(fd, 1) == 1);
        close(fd);
        assert_int_equal(rc, STELE_EIO);
        assert_contains(err.message, "No space left on device");
    }
    /* Discarded: nothing left in the folder but what was there. */
    assert_int_equal(stele_tmx_writer_open(&w, in_dir(f, "gone.tmx"), NULL,
                                           &err),
                     STELE_OK);
    assert_int_equal(stele_tmx_writer_add(w, &unit, &err), STELE_OK);
    stele_tmx_writer_discard(w);
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s')\"", f->dir);
    assert_int_equal(system(cmd), 0);
}

/* ------------------------------------------------------------------ */
/* Reader                                                              */
/* ------------------------------------------------------------------ */

static const char *data_file(const char *name)
{
    static char path[4096];

    snprintf(path, sizeof path, "%s/tmx/%s", data_dir, name);
    return path;
}

static void reader_omegat_conventions(void **state)
{
    units_seen *seen = read_units(data_file("omegat-project-save.tmx"));

    (void)state;
    assert_int_equal(seen->count, 3);
    assert_string_equal(seen->text,
                        "en-US=The summit took place in Minsk.|"
                        "ru-RU=Саммит прошёл в Минске.\n"
                        "en-US=Leaders signed the declaration & the plan.|"
                        "ru-RU=Лидеры подписали декларацию и план.\n"
                        "en-US=The summit took place in Minsk.|"
                        "ru-RU=Саммит состоялся в Минске.\n");
    assert_int_equal(seen->lines[0], 10);
    assert_int_equal(seen->lines[2], 27);
    assert_string_equal(seen->srclang[0], "en-US");
    assert_string_equal(seen->title[0], "(none)");
    assert_true(seen->confidence[0] < 0);
    /* 20230415T092500Z, from the target variant */
    assert_int_equal(seen->created[0], 1681550700);
    free(seen);
}

static void reader_okapi_conventions(void **state)
{
    units_seen *seen = read_units(data_file("okapi-all.tmx"));

    (void)state;
    assert_valid_tmx(data_file("okapi-all.tmx"));
    assert_int_equal(seen->count, 5);
    assert_string_equal(
        seen->text,
        "en-US=Click here to read the whole article.|"
        "ru-RU=Нажмите здесь, чтобы прочесть всю статью.|"
        "zh-CN=点击这里阅读全文。\n"
        "en-US=Line one line two, slanted.|"
        "ru-RU=Строка один строка два, наклонно.\n"
        "en-US=A picture of the leaders.|ru-RU=Снимок лидеров.\n"
        "en-US=Only English here.\n"
        "en-US=Line one line two, slanted.|"
        "ru-RU=Строка один строка два, наклонно.\n");
    assert_string_equal(seen->srclang[0], "(all)");
    assert_int_equal(seen->lines[0], 14);
    /* the tu's own date, else the header's */
    assert_int_equal(seen->created[0], 1641092645);
    assert_int_equal(seen->created[1], 1641092645);
    free(seen);
}

/* Trados writes UTF-16 with a byte order mark. */
static void reader_utf16(void **state)
{
    fixture *f = *state;
    const char *path = in_dir(f, "utf16.tmx");
    static const char doc[] =
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
        "<tmx version=\"1.4\"><header creationtool=\"SDL\" "
        "creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" "
        "adminlang=\"en-US\" srclang=\"en-US\" datatype=\"rtf\"/><body>"
        "<tu><tuv xml:lang=\"en-US\"><seg>Peace</seg></tuv>"
        "<tuv xml:lang=\"ru-RU\"><seg>\xD0\x9C\xD0\xB8\xD1\x80</seg></tuv>"
        "</tu></body></tmx>";
    unsigned char utf16[2 * sizeof doc + 2];
    size_t n = 0;
    units_seen *seen;

    utf16[n++] = 0xFF;
    utf16[n++] = 0xFE;
    for (size_t i = 0; i < sizeof doc - 1;) {
        unsigned char c = (unsigned char)doc[i];
        uint32_t cp;

        if (c < 0x80) {
            cp = c;
            i++;
        } else {
            cp = ((uint32_t)(c & 0x1F) << 6) | (doc[i + 1] & 0x3F);
            i += 2;
        }
        utf16[n++] = (unsigned char)(cp & 0xFF);
        utf16[n++] = (unsigned char)(cp >> 8);
    }
    write_file(path, (const char *)utf16, n);
    seen = read_units(path);
    assert_string_equal(seen->text, "en-US=Peace|ru-RU=Мир\n");
    free(seen);
}

/* A TMX document around @p body (a <body>'s content, from line 3). */
static void write_body(const char *path, const char *body)
{
    char text[8192];

    snprintf(text, sizeof text,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n%s\n"
             "</body></tmx>\n",
             body);
    write_text(path, text);
}

static void expect_error(const char *path, int code, long line,
                         const char *message)
{
    units_seen *seen = calloc(1, sizeof *seen);
    stele_error err;
    int rc;

    assert_non_null(seen);
    stele_error_clear(&err);
    rc = stele_tmx_read(path, collect, seen, &err);
    if (rc != code || strstr(err.message, message) == NULL ||
        (line > 0 && err.line != line))
        fail_msg("%s: expected %d at line %ld \"%s\", got %d at line %ld "
                 "\"%s\"", path, code, line, message, rc, err.line,
                 err.message);
    assert_string_equal(err.path, path);
    free(seen);
}

static void reader_errors_name_the_line(void **state)
{
    fixture *f = *state;
    const char *path = in_dir(f, "bad.tmx");
    static const struct {
        const char *body;
        long line;
        const char *message;
    } cases[] = {
        { "<tu>\n<tuv><seg>x</seg></tuv></tu>", 4,
          "<tuv> without xml:lang (or lang)" },
        { "<tu><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu>\n"
          "<tu><tuv xml:lang=\"en\"></tuv></tu>", 4, "<tuv> without <seg>" },
        /* the first variant of the file, before any text was buffered
         * (found by fuzz_tmx: an offset from a NULL buffer) */
        { "<tu><tuv xml:lang=\"en\"></tuv></tu>", 3,
          "<tuv> without <seg>" },
        { "\n\n<tu><tuv xml:lang=\"en\"><seg>x</seg><seg>y</seg></tuv></tu>",
          5, "<tuv> with more than one <seg>" },
        { "<tu><tuv xml:lang=\"e n\"><seg>x</seg></tuv></tu>", 3,
          "invalid language tag 'e n'" },
        { "<tu creationdate=\"2023-01-01\"><tuv xml:lang=\"en\"><seg>x"
          "</seg></tuv></tu>", 3, "creationdate '2023-01-01' is not" },
        { "<tu><prop type=\"x-stele-confidence\">1.5</prop><tuv "
          "xml:lang=\"en\"><seg>x</seg></tuv></tu>", 3,
          "x-stele-confidence '1.5' is not a number from 0 to 1" },
        { "<tu><prop type=\"x-stele-langs\">en,,ru</prop><tuv "
          "xml:lang=\"en\"><seg>x</seg></tuv></tu>", 3,
          "x-stele-langs 'en,,ru' is not a list" },
        { "<unit/>", 3, "unexpected <unit> in <body>" },
        { "<tu><seg>x</seg></tu>", 3, "unexpected <seg> in <tu>" },
        { "<tu>stray words<tuv xml:lang=\"en\"><seg>x</seg></tuv></tu>", 3,
          "text outside <seg>" },
        { "<tu><tuv xml:lang=\"en\"><seg>a &nbsp; b</seg></tuv></tu>", 3,
          "Entity 'nbsp' not defined" },
        { "<tu><tuv xml:lang=\"en\"><seg>a < b</seg></tuv></tu>", 3,
          "not well-formed XML" },
        { "<tu><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu>\n</tmx>", 4,
          "not well-formed XML" },
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        write_body(path, cases[i].body);
        expect_error(path, STELE_EFORMAT, cases[i].line, cases[i].message);
    }

    write_text(path, "<?xml version=\"1.0\"?>\n<html><body/></html>\n");
    expect_error(path, STELE_EFORMAT, 2, "not a TMX file: the root element "
                                         "is <html>, not <tmx>");
    write_text(path, "<tmx version=\"2.0\"><header/><body/></tmx>");
    expect_error(path, STELE_EFORMAT, 1, "not TMX 1.x (version '2.0')");
    write_text(path, "<tmx>\n<body/><header/></tmx>");
    expect_error(path, STELE_EFORMAT, 2, "<body> without a <header>");
    write_text(path, "<tmx><header/></tmx>");
    expect_error(path, STELE_EFORMAT, 0, "not TMX: no <body>");
    write_text(path, "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx><header/>"
                     "<body>&ent;</body></tmx>");
    expect_error(path, STELE_EFORMAT, 2, "Entity 'ent' not defined");
    write_file(path, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR binary", 20);
    expect_error(path, STELE_EFORMAT, 0, "not XML: the file does not begin "
                                         "with markup");
    /* An unpaired surrogate: caught, not printed by libxml2. */
    write_file(path, "\xFF\xFE<\x00t\x00\x00\xD8" "A\x00", 10);
    expect_error(path, STELE_EFORMAT, 1, "not valid in the file's encoding");
    expect_error(f->dir, STELE_EIO, 0, "is a folder, not a file");
    expect_error(in_dir(f, "absent.tmx"), STELE_ENOTFOUND, 0,
                 "cannot open: No such file or directory");
}

static void reader_truncated_and_empty(void **state)
{
    fixture *f = *state;
    const char *path = in_dir(f, "cut.tmx");
    stele_tmx_unit_fn fn = collect;
    char *text;
    size_t n;

    (void)fn;
    write_text(path, "");
    expect_error(path, STELE_EFORMAT, 1, "no root element");
    write_text(path, "   \n\n");
    expect_error(path, STELE_EFORMAT, 0, "no root element");
    /* Each cut of a real file, at every 97th byte, fails cleanly. */
    text = read_all(data_file("okapi-all.tmx"));
    n = strlen(text);
    for (size_t cut = 150; cut + 20 < n; cut += 97) {
        units_seen *seen = calloc(1, sizeof *seen);
        stele_error err;

        assert_non_null(seen);
        write_file(path, text, cut);
        assert_int_equal(stele_tmx_read(path, collect, seen, &err),
                         STELE_EFORMAT);
        assert_true(err.line >= 1);
        free(seen);
    }
    write_file(path, text, n - 8);
    expect_error(path, STELE_EFORMAT, 0, "the file ends before </tmx>");
    free(text);
}

static double seconds_now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void reader_billion_laughs(void **state)
{
    fixture *f = *state;
    const char *path = in_dir(f, "lol.tmx");
    char text[8192];
    double t0;

    tmx_check_billion_laughs(text, sizeof text);
    write_text(path, text);
    t0 = seconds_now();
    expect_error(path, STELE_EFORMAT, 0, "entit");
    assert_true(seconds_now() - t0 < 1.0);

    /* Without expansion the declarations alone are refused. */
    write_text(path, "<!DOCTYPE tmx [ <!ENTITY a \"b\"> ]>\n<tmx><header/>"
                     "<body/></tmx>");
    expect_error(path, STELE_EFORMAT, 0, "the DOCTYPE declares entities");
    write_text(path, "<!DOCTYPE tmx [ <!ENTITY % p \"b\"> ]>\n<tmx>"
                     "<header/><body/></tmx>");
    expect_error(path, STELE_EFORMAT, 0, "the DOCTYPE declares entities");
}

/* An external entity is never opened: it names a FIFO, which blocks
 * whoever opens it for reading until a writer comes, so the reader
 * would hang (the child is killed after 10 s) if it tried. */
static void reader_external_entities_never_read(void **state)
{
    fixture *f = *state;
    const char *path = in_dir(f, "xxe.tmx");
    const char *fifo = in_dir(f, "secret");
    char text[1024];
    int status;
    pid_t pid;

    assert_int_equal(mkfifo(fifo, 0600), 0);
    snprintf(text, sizeof text,
             "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n"
             " <!ENTITY xxe SYSTEM \"file://%s\">\n"
             " <!ENTITY pw SYSTEM \"/etc/passwd\">\n]>\n"
             "<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\">"
             "<seg>&xxe; &pw;</seg></tuv></tu></body></tmx>\n",
             fifo);
    write_text(path, text);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        units_seen *seen = calloc(1, sizeof *seen);
        stele_error err;
        int rc;

        alarm(10);
        rc = stele_tmx_read(path, collect, seen, &err);
        rc = rc == STELE_EFORMAT && seen->count == 0 &&
                     strstr(err.message, "declares entities") != NULL
                 ? 0
                 : 1;
        /* Freed, so that valgrind's leak check of the child passes. */
        free(seen);
        _exit(rc);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void reader_deep_nesting(void **state)
{
    fixture *f = *state;
    const char *path = in_dir(f, "deep.tmx");
    size_t depth = 100000, n = 0;
    char *text = malloc(depth * 9 + 512);
    double t0;

    assert_non_null(text);
    n += (size_t)sprintf(text, "<tmx><header/><body><tu><tuv xml:lang=\"en\">"
                               "<seg>");
    for (size_t i = 0; i < depth; i++)
        n += (size_t)sprintf(text + n, "<hi>");
    n += (size_t)sprintf(text + n, "x");
    for (size_t i = 0; i < depth; i++)
        n += (size_t)sprintf(text + n, "</hi>");
    n += (size_t)sprintf(text + n, "</seg></tuv></tu></body></tmx>");
    write_file(path, text, n);
    t0 = seconds_now();
    expect_error(path, STELE_EFORMAT, 1, "elements nested too deep (libxml2's "
                                         "limit: 256)");
    assert_true(seconds_now() - t0 < 2.0);
    free(text);

    /* Nested highlighting within the limit keeps its text. */
    write_body(path, "<tu><tuv xml:lang=\"en\"><seg>a<hi>b<hi>c<hi>d</hi>"
                     "</hi></hi>e</seg></tuv></tu>");
    {
        units_seen *seen = read_units(path);

        assert_string_equal(seen->text, "en=abcde\n");
        free(seen);
    }
}

static void reader_huge_text(void **state)
{
    fixture *f = *state;
    const char *path = in_dir(f, "huge.tmx");
    size_t big = 12u << 20, n = 0;
    char *text = malloc(big + 512);
    units_seen *seen;

    assert_non_null(text);
    /* A text node past libxml2's 10 MB: refused, not read into memory
     * without end. */
    n += (size_t)sprintf(text, "<tmx><header/><body><tu><tuv xml:lang=\"en\">"
                               "<seg>");
    memset(text + n, 'a', big);
    n += big;
    n += (size_t)sprintf(text + n, "</seg></tuv></tu></body></tmx>");
    write_file(path, text, n);
    expect_error(path, STELE_ETOOBIG, 1, "too big");

    /* Two variants of 3 MiB: the unit passes STELE_TMX_MAX_UNIT_TEXT. */
    n = (size_t)sprintf(text, "<tmx><header/><body>\n<tu><tuv "
                              "xml:lang=\"en\"><seg>");
    memset(text + n, 'a', 3u << 20);
    n += 3u << 20;
    n += (size_t)sprintf(text + n, "</seg></tuv><tuv xml:lang=\"ru\"><seg>");
    memset(text + n, 'b', 3u << 20);
    n += 3u << 20;
    n += (size_t)sprintf(text + n, "</seg></tuv></tu></body></tmx>");
    write_file(path, text, n);
    expect_error(path, STELE_ETOOBIG, 2, "more than 4 MiB of text");

    /* One long sentence of 1 MiB is fine. */
    n = (size_t)sprintf(text, "<tmx><header/><body><tu><tuv "
                              "xml:lang=\"en\"><seg>");
    memset(text + n, 'c', 1u << 20);
    n += 1u << 20;
    n += (size_t)sprintf(text + n, "</seg></tuv></tu></body></tmx>");
    write_file(path, text, n);
    seen = read_units(path);
    assert_int_equal(seen->count, 1);
    free(seen);
    free(text);
}

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;

    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
    return ~crc;
}

/* A gzip file is read as the bytes it is: libxml2 would inflate it
 * behind our back (a compression bomb) if it opened the file itself. */
static void reader_gzip_not_inflated(void **state)
{
    fixture *f = *state;
    const char *path = in_dir(f, "packed.tmx");
    static const char doc[] =
        "<tmx><header/><body><tu><tuv xml:lang=\"en\"><seg>x</seg></tuv>"
        "</tu></body></tmx>";
    unsigned char gz[256];
    size_t n = 0, len = sizeof doc - 1;
    uint32_t crc = crc32_of((const unsigned char *)doc, len);
    static const unsigned char header[] = { 0x1F, 0x8B, 8, 0, 0, 0,
                                            0, 0, 0, 3 };

    memcpy(gz, header, sizeof header);
    n = sizeof header;
    gz[n++] = 1; /* a final stored block */
    gz[n++] = (unsigned char)(len & 0xFF);
    gz[n++] = (unsigned char)(len >> 8);
    gz[n++] = (unsigned char)(~len & 0xFF);
    gz[n++] = (unsigned char)((~len >> 8) & 0xFF);
    memcpy(gz + n, doc, len);
    n += len;
    for (int i = 0; i < 4; i++)
        gz[n++] = (unsigned char)(crc >> (8 * i));
    for (int i = 0; i < 4; i++)
        gz[n++] = (unsigned char)(len >> (8 * i));
    write_file(path, (const char *)gz, n);
    expect_error(path, STELE_EFORMAT, 1, "not XML: the file does not begin "
                                         "with markup");
}

static int stop_at_second(const stele_tmx_unit *unit, void *payload)
{
    (void)unit;
    return ++*(int *)payload == 2 ? 42 : 0;
}

static void reader_callback_stops(void **state)
{
    int calls = 0;
    stele_error err;

    (void)state;
    assert_int_equal(stele_tmx_read(data_file("okapi-all.tmx"),
                                    stop_at_second, &calls, &err),
                     42);
    assert_int_equal(calls, 2);
    assert_int_equal(stele_tmx_read(NULL, stop_at_second, &calls, &err),
                     STELE_EINVAL);
}

/* ------------------------------------------------------------------ */
/* Store <-> TMX                                                       */
/* ------------------------------------------------------------------ */

static stele_store *open_store(const char *path)
{
    stele_store *store = NULL;

    if (stele_store_open(&store, path, STELE_STORE_CREATE) != STELE_OK)
        fail_msg("open %s: %s", path, stele_store_error(store)->message);
    return store;
}

static stele_document *make_doc(const char *lang, const char *const *lines,
                                size_t n)
{
    stele_document *doc = NULL;
    uint64_t at = 0;

    assert_int_equal(stele_document_new(&doc, lang, "x.txt"), STELE_OK);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(stele_document_append(doc, lines[i],
                                               strlen(lines[i]), 0, at,
                                               at + strlen(lines[i])),
                         STELE_OK);
        at += strlen(lines[i]) + 1;
    }
    return doc;
}

/* Two documents: an aligned en/ru/zh article (a 2-1-1 unit, a unit
 * without Chinese, a unit in English alone, a control character) and
 * an en/ru note. */
static void fill_store(stele_store *store)
{
    static const char *const en[] = { "The CSTO met.", "It was cold.",
                                      "Weapons & <plans> were shown.",
                                      "Only English.", "Bell \x07 rang." };
    static const char *const ru[] = { "ОДКБ собралась в холод.",
                                      "Показали оружие и планы.",
                                      "Звонок прозвенел." };
    static const char *const zh[] = { "集安组织开会了。", "铃响了。" };
    stele_unit units[4] = {
        { { 0, 0, 0 }, { 2, 1, 1 }, 0.91, 0 },
        { { 2, 1, 0 }, { 1, 1, 0 }, 0.42, 1 },
        { { 3, 0, 0 }, { 1, 0, 0 }, 0.30, 1 },
        { { 4, 2, 1 }, { 1, 1, 1 }, 0.77, 0 },
    };
    static const char *const langs2[] = { "en", "ru" };
    static const char *const note[] = { "A note.", "Заметка." };
    stele_document *docs[3];
    int64_t doc = 0;
    int created = 0;

    docs[0] = make_doc("en", en, 5);
    docs[1] = make_doc("ru", ru, 3);
    docs[2] = make_doc("zh", zh, 2);
    assert_int_equal(stele_store_add_units(store, "Summit",
                                           (const stele_document *const *)
                                               docs,
                                           NULL, 3, units, 4, NULL, NULL),
                     STELE_OK);
    for (int i = 0; i < 3; i++)
        stele_document_free(docs[i]);
    assert_int_equal(stele_store_begin(store), STELE_OK);
    assert_int_equal(stele_store_doc_add(store, "Note", langs2, 2, NULL,
                                         NULL, &doc, &created),
                     STELE_OK);
    assert_int_equal(stele_store_unit_add(store, doc, langs2, note, 2, 1.0,
                                          1500000000, NULL),
                     STELE_OK);
    assert_int_equal(stele_store_commit(store), STELE_OK);
}

static void export_to(stele_store *store, const char *path,
                      const stele_tmx_export_options *opts, size_t want)
{
    stele_error err;
    size_t n = 0;

    if (stele_tmx_export(store, path, opts, &n, &err) != STELE_OK)
        fail_msg("export: %s", err.message);
    assert_int_equal(n, want);
    assert_valid_tmx(path);
}

static void import_from(stele_store *store, const char *path,
                        stele_tmx_import_stats *stats)
{
    stele_error err;

    if (stele_tmx_import(store, path, NULL, stats, &err) != STELE_OK)
        fail_msg("import %s: %s (line %ld)", path, err.message, err.line);
}

static void round_trip(void **state)
{
    fixture *f = *state;
    stele_store *a = open_store(in_dir(f, "a.db"));
    stele_store *b = open_store(in_dir(f, "b.db"));
    stele_tmx_export_options keep = STELE_TMX_EXPORT_OPTIONS_INIT;
    stele_tmx_import_stats stats;
    char *first, *second;
    units_seen *seen;

    fill_store(a);
    export_to(a, in_dir(f, "a.tmx"), NULL, 4);
    seen = read_units(in_dir(f, "a.tmx"));
    assert_string_equal(seen->text,
                        "en=The CSTO met. It was cold.|"
                        "ru=ОДКБ собралась в холод.|zh-CN=集安组织开会了。\n"
                        "en=Weapons & <plans> were shown.|"
                        "ru=Показали оружие и планы.\n"
                        "en=Bell \xEF\xBF\xBD rang.|ru=Звонок прозвенел.|"
                        "zh-CN=铃响了。\n"
                        "en=A note.|ru=Заметка.\n");
    assert_string_equal(seen->doc_langs[1], "en,ru,zh-CN");
    assert_string_equal(seen->title[3], "Note");
    assert_int_equal(seen->created[3], 1500000000);
    free(seen);

    import_from(b, in_dir(f, "a.tmx"), &stats);
    assert_int_equal(stats.units, 4);
    assert_int_equal(stats.added, 4);
    assert_int_equal(stats.merged, 0);
    assert_int_equal(stats.documents_created, 2);
    export_to(b, in_dir(f, "b.tmx"), NULL, 4);
    first = without_dates(in_dir(f, "a.tmx"));
    second = without_dates(in_dir(f, "b.tmx"));
    assert_string_equal(first, second);
    free(first);
    free(second);

    /* With the single-language unit too, and through a third store. */
    keep.keep_single = 1;
    export_to(a, in_dir(f, "a1.tmx"), &keep, 5);
    stele_store_close(b);
    b = open_store(in_dir(f, "c.db"));
    import_from(b, in_dir(f, "a1.tmx"), &stats);
    assert_int_equal(stats.added, 5);
    export_to(b, in_dir(f, "c1.tmx"), &keep, 5);
    first = without_dates(in_dir(f, "a1.tmx"));
    second = without_dates(in_dir(f, "c1.tmx"));
    assert_string_equal(first, second);
    free(first);
    free(second);

    /* A memory's own export adds nothing to it, sentences joined or
     * not: every unit is merged into the document it came from, but for
     * the one whose bell character was written as U+FFFD. */
    import_from(a, in_dir(f, "a1.tmx"), &stats);
    assert_int_equal(stats.units, 5);
    assert_int_equal(stats.added, 1);
    assert_int_equal(stats.merged, 4);
    assert_int_equal(stats.documents_created, 0);
    stele_store_close(a);
    stele_store_close(b);
}

static void pair_export(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(in_dir(f, "p.db"));
    stele_tmx_export_options opts = STELE_TMX_EXPORT_OPTIONS_INIT;
    static const char *const en_zh[] = { "en", "zh" };
    static const char *const zh_en[] = { "zh", "en" };
    units_seen *seen;
    char *text;

    fill_store(store);
    opts.langs = en_zh;
    opts.nlangs = 2;
    export_to(store, in_dir(f, "p.tmx"), &opts, 2);
    text = read_all(in_dir(f, "p.tmx"));
    assert_contains(text, "srclang=\"en\"");
    free(text);
    seen = read_units(in_dir(f, "p.tmx"));
    assert_string_equal(seen->text,
                        "en=The CSTO met. It was cold.|zh-CN=集安组织开会了。\n"
                        "en=Bell \xEF\xBF\xBD rang.|zh-CN=铃响了。\n");
    free(seen);

    opts.langs = zh_en;
    export_to(store, in_dir(f, "p2.tmx"), &opts, 2);
    text = read_all(in_dir(f, "p2.tmx"));
    assert_contains(text, "srclang=\"zh-CN\"");
    free(text);
    seen = read_units(in_dir(f, "p2.tmx"));
    assert_string_equal(seen->text,
                        "zh-CN=集安组织开会了。|en=The CSTO met. It was cold.\n"
                        "zh-CN=铃响了。|en=Bell \xEF\xBF\xBD rang.\n");
    free(seen);

    /* keep_single: units with some of the languages, only those. */
    opts.langs = en_zh;
    opts.keep_single = 1;
    export_to(store, in_dir(f, "p3.tmx"), &opts, 5);
    seen = read_units(in_dir(f, "p3.tmx"));
    assert_string_equal(seen->text,
                        "en=The CSTO met. It was cold.|zh-CN=集安组织开会了。\n"
                        "en=Weapons & <plans> were shown.\n"
                        "en=Only English.\n"
                        "en=Bell \xEF\xBF\xBD rang.|zh-CN=铃响了。\n"
                        "en=A note.\n");
    free(seen);
    stele_store_close(store);
}

static void export_filters(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(in_dir(f, "f.db"));
    stele_tmx_export_options opts = STELE_TMX_EXPORT_OPTIONS_INIT;
    static const char *const dup[] = { "en", "en" };
    units_seen *seen;
    stele_error err;

    fill_store(store);
    opts.doc_id = 2;
    export_to(store, in_dir(f, "d.tmx"), &opts, 1);
    seen = read_units(in_dir(f, "d.tmx"));
    assert_string_equal(seen->text, "en=A note.|ru=Заметка.\n");
    free(seen);

    opts.doc_id = 0;
    opts.min_confidence = 0.8;
    export_to(store, in_dir(f, "c.tmx"), &opts, 2);
    seen = read_units(in_dir(f, "c.tmx"));
    assert_int_equal(seen->count, 2);
    assert_true(seen->confidence[0] >= 0.8 && seen->confidence[1] >= 0.8);
    free(seen);

    opts.min_confidence = 0;
    opts.doc_id = 99;
    assert_int_equal(stele_tmx_export(store, in_dir(f, "x.tmx"), &opts, NULL,
                                      &err),
                     STELE_ENOTFOUND);
    assert_string_equal(err.message,
                        "no document 99 in the translation memory");
    opts.doc_id = 0;
    opts.min_confidence = 2;
    assert_int_equal(stele_tmx_export(store, in_dir(f, "x.tmx"), &opts, NULL,
                                      &err),
                     STELE_EINVAL);
    opts.min_confidence = 0;
    opts.langs = dup;
    opts.nlangs = 2;
    assert_int_equal(stele_tmx_export(store, in_dir(f, "x.tmx"), &opts, NULL,
                                      &err),
                     STELE_EINVAL);
    assert_contains(err.message, "given twice");
    assert_int_equal(access(in_dir(f, "x.tmx"), F_OK), -1);
    stele_store_close(store);
}

static void zh_tags_both_ways(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(in_dir(f, "z.db"));
    stele_store *back = open_store(in_dir(f, "z2.db"));
    stele_tmx_export_options opts = STELE_TMX_EXPORT_OPTIONS_INIT;
    stele_tmx_import_options iopts = STELE_TMX_IMPORT_OPTIONS_INIT;
    stele_tmx_import_stats stats;
    static const char *const hans[] = { "zh=zh-Hans" };
    static const char *const same[] = { "zh=zh" };
    static const char *const zh[] = { "zh" };
    units_seen *seen;
    stele_error err;

    fill_store(store);
    opts.langs = zh;
    opts.nlangs = 1;
    opts.keep_single = 1;
    opts.tag_map = hans;
    opts.ntag_map = 1;
    export_to(store, in_dir(f, "hans.tmx"), &opts, 2);
    seen = read_units(in_dir(f, "hans.tmx"));
    assert_string_equal(seen->text, "zh-Hans=集安组织开会了。\n"
                                    "zh-Hans=铃响了。\n");
    free(seen);
    opts.tag_map = same;
    export_to(store, in_dir(f, "zh.tmx"), &opts, 2);
    seen = read_units(in_dir(f, "zh.tmx"));
    assert_string_equal(seen->text, "zh=集安组织开会了。\nzh=铃响了。\n");
    free(seen);

    /* Import maps back: zh-Hans with the same option, zh-CN by default. */
    iopts.tag_map = hans;
    iopts.ntag_map = 1;
    assert_int_equal(stele_tmx_import(back, in_dir(f, "hans.tmx"), &iopts,
                                      &stats, &err),
                     STELE_OK);
    opts.tag_map = NULL;
    opts.ntag_map = 0;
    export_to(back, in_dir(f, "cn.tmx"), &opts, 2);
    seen = read_units(in_dir(f, "cn.tmx"));
    assert_string_equal(seen->text, "zh-CN=集安组织开会了。\nzh-CN=铃响了。\n");
    assert_string_equal(seen->doc_langs[0], "en,ru,zh-CN");
    free(seen);
    stele_store_close(store);
    stele_store_close(back);
}

typedef struct totals {
    size_t docs, units;
} totals;

static int count_docs(const stele_store_doc *doc, void *payload)
{
    totals *t = payload;

    t->docs++;
    t->units += doc->units;
    return 0;
}

static totals store_totals(stele_store *store)
{
    totals t = { 0, 0 };

    assert_int_equal(stele_store_docs_each(store, count_docs, &t), STELE_OK);
    return t;
}

static void import_is_all_or_nothing(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(in_dir(f, "t.db"));
    const char *path = in_dir(f, "late.tmx");
    stele_tmx_import_stats stats;
    char body[4096];
    size_t used = 0;
    totals before, after;
    stele_error err;

    fill_store(store);
    before = store_totals(store);
    for (int i = 0; i < 20; i++)
        used += (size_t)snprintf(body + used, sizeof body - used,
                                 "<tu><tuv xml:lang=\"en\"><seg>Unit %d"
                                 "</seg></tuv><tuv xml:lang=\"ru\"><seg>"
                                 "Единица %d</seg></tuv></tu>\n", i, i);
    snprintf(body + used, sizeof body - used,
             "<tu><tuv xml:lang=\"en\"><seg>Broken</seg></tuv><tuv>"
             "<seg>x</seg></tuv></tu>");
    write_body(path, body);
    assert_int_equal(stele_tmx_import(store, path, NULL, &stats, &err),
                     STELE_EFORMAT);
    assert_int_equal(err.line, 23);
    assert_string_equal(err.path, path);
    after = store_totals(store);
    assert_int_equal(after.docs, before.docs);
    assert_int_equal(after.units, before.units);
    assert_int_equal(stats.added, 0);
    assert_int_equal(stele_store_check(store), STELE_OK);
    /* The store is usable: a good file goes in afterwards. */
    write_body(path, "<tu><tuv xml:lang=\"en\"><seg>Good</seg></tuv></tu>");
    import_from(store, path, &stats);
    assert_int_equal(stats.added, 1);
    stele_store_close(store);
}

/* What the import's reading thread hands over, BATCH_UNITS at a time
 * (tmx/exchange.c): progress told on the caller's thread, and failures
 * that stop a reader running ahead. */
typedef struct progress_seen {
    pthread_t caller;
    int calls, elsewhere;
    uint64_t done, total;
} progress_seen;

static void note_progress(uint64_t done, uint64_t total, void *payload)
{
    progress_seen *p = payload;

    p->calls++;
    p->elsewhere += !pthread_equal(pthread_self(), p->caller);
    p->done = done;
    p->total = total;
}

/* @p units units of about 400 bytes, one a line from line 3, and then
 * @p tail (which may be ""). */
static void write_many(const char *path, int units, int odd_one,
                       const char *tail)
{
    FILE *out = fopen(path, "w");

    assert_non_null(out);
    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n");
    for (int i = 0; i < units; i++) {
        if (i == odd_one) {
            /* 40 languages whose tags, joined, are more than a
             * document's list may hold: the store refuses the unit. */
            fprintf(out, "<tu>");
            for (int k = 0; k < 40; k++)
                fprintf(out, "<tuv xml:lang=\"en-x-%08d-%08d-%08d\">"
                             "<seg>Odd %d</seg></tuv>", k, k, k, k);
            fprintf(out, "</tu>\n");
            continue;
        }
        fprintf(out, "<tu><tuv xml:lang=\"en\"><seg>Unit %d of a long "
                     "file that goes on and on, with words enough to "
                     "fill a batch by its bytes as well as by its "
                     "count</seg></tuv><tuv xml:lang=\"ru\"><seg>Единица "
                     "%d длинного файла</seg></tuv></tu>\n", i, i);
    }
    fprintf(out, "%s</body></tmx>\n", tail);
    assert_int_equal(fclose(out), 0);
}

typedef struct unit_list_probe {
    int count, out_of_order;
} unit_list_probe;

/* The units come back in the file's order: "Unit N of" counts up. */
static int probe_order(const stele_store_unit *unit, void *payload)
{
    unit_list_probe *p = payload;
    int n = -1;

    for (size_t i = 0; i < unit->nlangs; i++)
        if (strcmp(unit->langs[i], "en") == 0)
            sscanf(unit->texts[i], "Unit %d of", &n);
    p->out_of_order += n != p->count;
    p->count++;
    return 0;
}

static void import_across_batches(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(in_dir(f, "m.db"));
    const char *path = in_dir(f, "many.tmx");
    stele_tmx_import_options opts = STELE_TMX_IMPORT_OPTIONS_INIT;
    stele_tmx_import_stats stats;
    progress_seen seen;
    totals after;
    stele_error err;
    struct stat st;

    /* Many batches, the reader kept waiting: all in, in order. */
    write_many(path, 5000, -1, "");
    assert_int_equal(stat(path, &st), 0);
    memset(&seen, 0, sizeof seen);
    seen.caller = pthread_self();
    opts.progress = note_progress;
    opts.progress_payload = &seen;
    assert_int_equal(stele_tmx_import(store, path, &opts, &stats, &err),
                     STELE_OK);
    assert_int_equal(stats.added, 5000);
    assert_true(seen.calls > 1);
    assert_int_equal(seen.elsewhere, 0);
    assert_int_equal(seen.done, (uint64_t)st.st_size);
    assert_int_equal(seen.total, (uint64_t)st.st_size);
    {
        unit_list_probe probe = { 0, 0 };

        assert_int_equal(stele_store_units_each(store, NULL, probe_order,
                                                &probe),
                         STELE_OK);
        assert_int_equal(probe.count, 5000);
        assert_int_equal(probe.out_of_order, 0);
    }

    /* A bad end, far past the batches in flight: nothing of it stays. */
    write_many(path, 5000, -1, "<tu><tuv><seg>x</seg></tuv></tu>\n");
    assert_int_equal(stele_tmx_import(store, path, NULL, &stats, &err),
                     STELE_EFORMAT);
    assert_int_equal(err.line, 5003);
    assert_contains(err.message, "without xml:lang");
    after = store_totals(store);
    assert_int_equal(after.units, 5000);

    /* The store refuses a unit in the middle, with the reader ahead of
     * it (and a bad end that must not be what is reported). */
    write_many(path, 5000, 2500, "<tu><tuv><seg>x</seg></tuv></tu>\n");
    assert_int_equal(stele_tmx_import(store, path, NULL, &stats, &err),
                     STELE_EINVAL);
    assert_int_equal(err.line, 2503);
    assert_string_equal(err.path, path);
    assert_contains(err.message, "language tags");
    after = store_totals(store);
    assert_int_equal(after.units, 5000);
    assert_int_equal(stele_store_check(store), STELE_OK);
    stele_store_close(store);
}

static void import_groups_foreign_units(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(in_dir(f, "o.db"));
    stele_tmx_import_options opts = STELE_TMX_IMPORT_OPTIONS_INIT;
    stele_tmx_export_options all = STELE_TMX_EXPORT_OPTIONS_INIT;
    stele_tmx_import_stats stats;
    units_seen *seen;
    stele_error err;

    import_from(store, data_file("okapi-all.tmx"), &stats);
    /* The fifth unit repeats the second. */
    assert_int_equal(stats.units, 5);
    assert_int_equal(stats.added, 4);
    assert_int_equal(stats.merged, 1);
    /* en-US,ru-RU,zh (zh-CN is stele's zh), en-US,ru-RU and en-US */
    assert_int_equal(stats.documents_created, 3);
    opts.title = "OmegaT project";
    assert_int_equal(stele_tmx_import(store,
                                      data_file("omegat-project-save.tmx"),
                                      &opts, &stats, &err),
                     STELE_OK);
    assert_int_equal(stats.added, 3);
    assert_int_equal(stats.documents_created, 1);
    /* Importing again merges everything. */
    import_from(store, data_file("okapi-all.tmx"), &stats);
    assert_int_equal(stats.added, 0);
    assert_int_equal(stats.merged, 5);

    all.keep_single = 1;
    export_to(store, in_dir(f, "o.tmx"), &all, 7);
    seen = read_units(in_dir(f, "o.tmx"));
    assert_string_equal(seen->title[0], "okapi-all.tmx");
    assert_string_equal(seen->doc_langs[0], "en-US,ru-RU,zh-CN");
    assert_string_equal(seen->doc_langs[3], "en-US");
    assert_string_equal(seen->title[4], "OmegaT project");
    assert_string_equal(seen->doc_langs[4], "en-US,ru-RU");
    free(seen);
    stele_store_close(store);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tags_normalise),
        cmocka_unit_test(tag_map_default_and_options),
        cmocka_unit_test(dates_both_ways),
        cmocka_unit_test_setup_teardown(writer_header_and_escaping, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(writer_refuses_what_readers_refuse,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(writer_failure_leaves_no_file, setup,
                                        teardown),
        cmocka_unit_test(reader_omegat_conventions),
        cmocka_unit_test(reader_okapi_conventions),
        cmocka_unit_test_setup_teardown(reader_utf16, setup, teardown),
        cmocka_unit_test_setup_teardown(reader_errors_name_the_line, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(reader_truncated_and_empty, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(reader_billion_laughs, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(reader_external_entities_never_read,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(reader_deep_nesting, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(reader_huge_text, setup, teardown),
        cmocka_unit_test_setup_teardown(reader_gzip_not_inflated, setup,
                                        teardown),
        cmocka_unit_test(reader_callback_stops),
        cmocka_unit_test_setup_teardown(round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(pair_export, setup, teardown),
        cmocka_unit_test_setup_teardown(export_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(zh_tags_both_ways, setup, teardown),
        cmocka_unit_test_setup_teardown(import_is_all_or_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(import_across_batches, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(import_groups_foreign_units, setup,
                                        teardown),
    };

    if (argc != 3) {
        fprintf(stderr, "usage: test_tmx DATA_DIR DTD_PATH\n");
        return 2;
    }
    data_dir = argv[1];
    dtd_path = argv[2];
    return cmocka_run_group_tests(tests, NULL, NULL);
}
