/*
 * bench/bench_tmx.c - TMX export and import against libxml2's own
 * streaming parse.
 *
 *   bench_tmx [UNITS] [FOLDER]
 *
 * Generates a memory of UNITS translation units (default 1,000,000) in
 * three languages (en, ru, zh; pseudo-words of Latin and Cyrillic
 * syllables, Han characters; a document per 1,000 units) and writes it
 * as TMX with stele_tmx_writer. Then, each stage in a fresh process (the
 * program runs itself again), so that each has its own peak memory
 * (getrusage ru_maxrss):
 *
 *   parse   the baseline: an xmlTextReader loop reading every node of
 *           the file, what "xmllint --stream" does, once opened by
 *           libxml2 (xmlReaderForFile, which reads through zlib) and once
 *           from a plain descriptor (xmlReaderForFd, as stele's reader
 *           reads); the faster of the two is the baseline;
 *   read    stele_tmx_read with a callback that does nothing: the TMX
 *           layer alone (structure, inline markup, tags, dates);
 *   store   the same units written straight into an empty store with
 *           stele_store_unit_add, one transaction: what the store costs
 *           without any TMX;
 *   import  stele_tmx_import of the file into an empty store;
 *   export  stele_tmx_export of that store to a new file, which must be
 *           the generated file byte for byte (the dates are kept).
 *
 * parse and read run twice, before and after the long stages, and the
 * faster run counts, so that a busy moment of the machine does not make
 * the baseline look slow. Rates are MB/s of the TMX file (10^6 bytes).
 *
 * Floors: import at least a quarter of the parse rate; peak memory under
 * 64 MB for import and export. The exit status is 1 when one is missed.
 * The files go to FOLDER (kept), or to a new folder under /tmp, removed
 * at the end.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xmlreader.h>

#include <stele.h>

#define LANGS 3
#define UNITS_PER_DOC 1000
#define WORDS 4096


/* ------------------------------------------------------------------ */
/* The generated memory                                                */
/* ------------------------------------------------------------------ */

static uint64_t rng_state;

/* splitmix64: every unit's text follows from its number alone */
static uint64_t next_random(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));

    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static char *vocabulary[LANGS][WORDS];

static void make_vocabulary(void)
{
    static const char *const latin[] = { "ka", "to", "ri", "men", "sa",
                                         "lo", "ver", "ti", "na", "pro",
                                         "de", "con", "ex", "al", "in",
                                         "tor" };
    static const char *const cyrillic[] = { "ка", "то", "ри", "мен", "са",
                                            "ло", "вер", "ти", "на", "про",
                                            "де", "кон", "экс", "ал", "ин",
                                            "тор" };

    rng_state = 42;
    for (int w = 0; w < WORDS; w++) {
        char en[64] = "", ru[128] = "";
        int syllables = 1 + (int)(next_random() % 4);

        for (int s = 0; s < syllables; s++) {
            unsigned pick = (unsigned)((w >> (4 * s)) + next_random()) % 16;

            strcat(en, latin[pick]);
            strcat(ru, cyrillic[pick]);
        }
        vocabulary[0][w] = strdup(en);
        vocabulary[1][w] = strdup(ru);
        /* zh: a word of one or two Han characters, from a set of 6,000
         * (a text's characters repeat, as its words do). */
        {
            char zh[8];
            size_t n = 0;
            int chars = 1 + (w % 3 != 0);

            for (int c = 0; c < chars; c++) {
                uint32_t cp = 0x4E00 + (uint32_t)(next_random() % 6000);

                zh[n++] = (char)(0xE0 | (cp >> 12));
                zh[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                zh[n++] = (char)(0x80 | (cp & 0x3F));
            }
            zh[n] = '\0';
            vocabulary[2][w] = strdup(zh);
        }
        if (vocabulary[0][w] == NULL || vocabulary[1][w] == NULL ||
            vocabulary[2][w] == NULL)
            abort();
    }
}

/* Frequent words often, rare ones rarely (the square of a uniform). */
static const char *some_word(int k)
{
    double u = (double)(next_random() >> 11) / 9007199254740992.0;

    return vocabulary[k][(int)(u * u * WORDS)];
}

/* The texts of unit @p u into @p texts. */
static void make_unit(uint64_t u, char texts[LANGS][1024])
{
    int words = 10 + (int)(u % 16);

    rng_state = u * 7919 + 1;
    for (int k = 0; k < LANGS; k++) {
        size_t n = 0;

        for (int i = 0; i < words; i++)
            n += (size_t)snprintf(texts[k] + n, 1024 - n, "%s%s",
                                  i > 0 && k < 2 ? " " : "", some_word(k));
        snprintf(texts[k] + n, 1024 - n, "%s", k < 2 ? "." : "。");
        if (k == 0 && texts[0][0] >= 'a')
            texts[0][0] = (char)(texts[0][0] - 'a' + 'A');
    }
}

static void make_title(uint64_t u, char *buf, size_t size)
{
    snprintf(buf, size, "Generated document %llu",
             (unsigned long long)(u / UNITS_PER_DOC + 1));
}

static double unit_confidence(uint64_t u)
{
    return 0.5 + (double)(u % 50) / 100.0;
}

static int64_t unit_date(uint64_t u)
{
    return 1700000000 + (int64_t)u;
}

#define HEADER_DATE 1750000000

static void die(const char *what, const stele_error *err)
{
    char text[2048];

    stele_error_format(err, text, sizeof text);
    fprintf(stderr, "bench_tmx: %s: %s\n", what, text);
    exit(2);
}

static void generate(const char *path, uint64_t units)
{
    static const char *const doc_langs[LANGS] = { "en", "ru", "zh-CN" };
    stele_tmx_header header = STELE_TMX_HEADER_INIT;
    stele_tmx_writer *w = NULL;
    stele_error err;
    char texts[LANGS][1024], title[64];
    const char *ptrs[LANGS] = { texts[0], texts[1], texts[2] };
    stele_tmx_unit unit;

    header.created_at = HEADER_DATE;
    if (stele_tmx_writer_open(&w, path, &header, &err) != STELE_OK)
        die("generating", &err);
    memset(&unit, 0, sizeof unit);
    unit.nvariants = LANGS;
    unit.langs = doc_langs;
    unit.texts = ptrs;
    unit.doc_langs = doc_langs;
    unit.ndoc_langs = LANGS;
    unit.title = title;
    for (uint64_t u = 0; u < units; u++) {
        make_unit(u, texts);
        make_title(u, title, sizeof title);
        unit.confidence = unit_confidence(u);
        unit.created_at = unit_date(u);
        if (stele_tmx_writer_add(w, &unit, &err) != STELE_OK)
            die("generating", &err);
    }
    if (stele_tmx_writer_close(w, &err) != STELE_OK)
        die("generating", &err);
}

/* ------------------------------------------------------------------ */
/* Stages, each run in its own process                                 */
/* ------------------------------------------------------------------ */

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int stage_parse(const char *path, int plain)
{
    int fd = plain ? open(path, O_RDONLY) : -1;
    xmlTextReaderPtr r =
        plain ? xmlReaderForFd(fd, path, NULL, XML_PARSE_NONET)
              : xmlReaderForFile(path, NULL, XML_PARSE_NONET);
    long nodes = 0;
    int rc;

    if (r == NULL)
        return 1;
    while ((rc = xmlTextReaderRead(r)) == 1)
        nodes++;
    xmlFreeTextReader(r);
    if (fd >= 0)
        close(fd);
    return rc == 0 && nodes > 0 ? 0 : 1;
}

static int count_unit(const stele_tmx_unit *unit, void *payload)
{
    (void)unit;
    ++*(uint64_t *)payload;
    return 0;
}

static int stage_read(const char *path, uint64_t units)
{
    stele_error err;
    uint64_t seen = 0;

    if (stele_tmx_read(path, count_unit, &seen, &err) != STELE_OK)
        die("reading", &err);
    return seen == units ? 0 : 1;
}

static stele_store *new_store(const char *path)
{
    stele_store *store = NULL;

    unlink(path);
    if (stele_store_open(&store, path, STELE_STORE_CREATE) != STELE_OK)
        die("opening the store", stele_store_error(store));
    return store;
}

static int stage_store(const char *db, uint64_t units)
{
    static const char *const zh_langs[LANGS] = { "en", "ru", "zh" };
    stele_store *store = new_store(db);
    char texts[LANGS][1024], title[64];
    const char *ptrs[LANGS] = { texts[0], texts[1], texts[2] };
    int64_t doc = 0;

    if (stele_store_begin(store) != STELE_OK)
        die("store", stele_store_error(store));
    for (uint64_t u = 0; u < units; u++) {
        if (u % UNITS_PER_DOC == 0) {
            make_title(u, title, sizeof title);
            if (stele_store_doc_add(store, title, zh_langs, LANGS, NULL,
                                    NULL, &doc, NULL) != STELE_OK)
                die("store", stele_store_error(store));
        }
        make_unit(u, texts);
        if (stele_store_unit_add(store, doc, zh_langs, ptrs, LANGS,
                                 unit_confidence(u), unit_date(u),
                                 NULL) != STELE_OK)
            die("store", stele_store_error(store));
    }
    if (stele_store_commit(store) != STELE_OK)
        die("store", stele_store_error(store));
    stele_store_close(store);
    return 0;
}

static int stage_import(const char *path, const char *db, uint64_t units)
{
    stele_store *store = new_store(db);
    stele_tmx_import_stats stats;
    stele_error err;

    if (stele_tmx_import(store, path, NULL, &stats, &err) != STELE_OK)
        die("import", &err);
    stele_store_close(store);
    return stats.added == units ? 0 : 1;
}

static int stage_export(const char *db, const char *path, uint64_t units)
{
    stele_tmx_export_options opts = STELE_TMX_EXPORT_OPTIONS_INIT;
    stele_store *store = NULL;
    stele_error err;
    size_t n = 0;

    if (stele_store_open(&store, db, STELE_STORE_READONLY) != STELE_OK)
        die("opening the store", stele_store_error(store));
    opts.created_at = HEADER_DATE;
    if (stele_tmx_export(store, path, &opts, &n, &err) != STELE_OK)
        die("export", &err);
    stele_store_close(store);
    return n == units ? 0 : 1;
}

/* Child side: run stage argv[2] and print "seconds max_rss_kb". */
static int run_stage(int argc, char **argv)
{
    const char *stage = argv[2];
    uint64_t units = strtoull(argv[3], NULL, 10);
    struct rusage ru;
    double t0 = now(), t;
    int rc;

    (void)argc;
    make_vocabulary();
    if (strcmp(stage, "parse") == 0)
        rc = stage_parse(argv[4], 0);
    else if (strcmp(stage, "parse-fd") == 0)
        rc = stage_parse(argv[4], 1);
    else if (strcmp(stage, "read") == 0)
        rc = stage_read(argv[4], units);
    else if (strcmp(stage, "store") == 0)
        rc = stage_store(argv[5], units);
    else if (strcmp(stage, "import") == 0)
        rc = stage_import(argv[4], argv[5], units);
    else
        rc = stage_export(argv[5], argv[4], units);
    t = now() - t0;
    getrusage(RUSAGE_SELF, &ru);
    printf("%.6f %ld\n", t, ru.ru_maxrss);
    return rc;
}

typedef struct figures {
    double seconds;
    double peak_mb;
} figures;

/* Run a stage in a fresh process of this program. */
static figures stage(const char *name, uint64_t units, const char *tmx,
                     const char *db)
{
    char cmd[8192], line[128];
    figures f = { 0, 0 };
    long rss = 0;
    FILE *p;

    snprintf(cmd, sizeof cmd, "/proc/%ld/exe --stage %s %llu '%s' '%s'",
             (long)getpid(), name, (unsigned long long)units, tmx, db);
    p = popen(cmd, "r");
    if (p == NULL || fgets(line, sizeof line, p) == NULL ||
        sscanf(line, "%lf %ld", &f.seconds, &rss) != 2 || pclose(p) != 0) {
        fprintf(stderr, "bench_tmx: stage %s failed\n", name);
        exit(2);
    }
    f.peak_mb = (double)rss / 1024.0;
    return f;
}

static int same_files(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    static char ba[1 << 16], bb[1 << 16];
    int same = fa != NULL && fb != NULL;

    while (same) {
        size_t na = fread(ba, 1, sizeof ba, fa);
        size_t nb = fread(bb, 1, sizeof bb, fb);

        if (na != nb || memcmp(ba, bb, na) != 0)
            same = 0;
        if (na == 0)
            break;
    }
    if (fa != NULL)
        fclose(fa);
    if (fb != NULL)
        fclose(fb);
    return same;
}

static figures best(figures a, figures b)
{
    return a.seconds <= b.seconds ? a : b;
}

static void row(const char *what, figures f, double mb, double base)
{
    printf("  %-40s %7.1f s %8.1f MB/s %7.1f MB peak  %5.2f x parse\n",
           what, f.seconds, mb / f.seconds, f.peak_mb,
           (mb / f.seconds) / base);
}

int main(int argc, char **argv)
{
    uint64_t units = 1000000;
    char folder[256], tmx[512], out[512], db[512], db2[512];
    figures parse1, parse2, fd1, fd2, read1, read2, store, import, export;
    double mb, parse_rate, ratio;
    struct stat st;
    int own_folder = 0, ok = 1;

    if (argc >= 2 && strcmp(argv[1], "--stage") == 0)
        return run_stage(argc, argv);
    if (argc >= 2)
        units = strtoull(argv[1], NULL, 10);
    if (units == 0) {
        fprintf(stderr, "usage: bench_tmx [UNITS] [FOLDER]\n");
        return 2;
    }
    if (argc >= 3) {
        snprintf(folder, sizeof folder, "%s", argv[2]);
    } else {
        snprintf(folder, sizeof folder, "/tmp/bench-tmx-XXXXXX");
        if (mkdtemp(folder) == NULL) {
            perror("bench_tmx: mkdtemp");
            return 2;
        }
        own_folder = 1;
    }
    snprintf(tmx, sizeof tmx, "%s/generated.tmx", folder);
    snprintf(out, sizeof out, "%s/exported.tmx", folder);
    snprintf(db, sizeof db, "%s/imported.db", folder);
    snprintf(db2, sizeof db2, "%s/stored.db", folder);

    make_vocabulary();
    generate(tmx, units);
    if (stat(tmx, &st) != 0) {
        perror("bench_tmx: stat");
        return 2;
    }
    mb = (double)st.st_size / 1e6;
    printf("bench_tmx: %llu units x 3 languages (en, ru, zh), %.1f MB of "
           "TMX\n", (unsigned long long)units, mb);
    fflush(stdout);

    parse1 = stage("parse", units, tmx, db);
    fd1 = stage("parse-fd", units, tmx, db);
    read1 = stage("read", units, tmx, db);
    store = stage("store", units, tmx, db2);
    import = stage("import", units, tmx, db);
    export = stage("export", units, out, db);
    parse2 = stage("parse", units, tmx, db);
    fd2 = stage("parse-fd", units, tmx, db);
    read2 = stage("read", units, tmx, db);
    parse1 = best(parse1, parse2);
    fd1 = best(fd1, fd2);
    read1 = best(read1, read2);
    parse_rate = mb / best(parse1, fd1).seconds;

    row("parse (xmlReaderForFile, every node)", parse1, mb, parse_rate);
    row("parse (xmlReaderForFd, every node)", fd1, mb, parse_rate);
    row("read (stele_tmx_read, no store)", read1, mb, parse_rate);
    row("store alone (stele_store_unit_add)", store, mb, parse_rate);
    row("import (stele_tmx_import)", import, mb, parse_rate);
    row("export (stele_tmx_export)", export, mb, parse_rate);
    printf("  export identical to the generated file: %s\n",
           same_files(tmx, out) ? "yes" : "NO");
    if (!same_files(tmx, out))
        ok = 0;

    ratio = (mb / import.seconds) / parse_rate;
    printf("  import / parse rate: %.3f (floor 0.25)%s\n", ratio,
           ratio >= 0.25 ? "" : "  MISSED");
    printf("  read / parse rate:   %.3f\n",
           (mb / read1.seconds) / parse_rate);
    printf("  import / store-alone time: %.2f (1: the TMX layer costs "
           "nothing on top of the store)\n", import.seconds / store.seconds);
    printf("  export / parse rate: %.3f\n",
           (mb / export.seconds) / parse_rate);
    printf("  peak memory: import %.1f MB, export %.1f MB (floor 64)%s\n",
           import.peak_mb, export.peak_mb,
           import.peak_mb < 64 && export.peak_mb < 64 ? "" : "  MISSED");
    if (ratio < 0.25 || import.peak_mb >= 64 || export.peak_mb >= 64)
        ok = 0;
    printf("  %s\n", ok ? "floors met" : "floors NOT met");

    if (own_folder) {
        unlink(tmx);
        unlink(out);
        stele_error err;
        if (stele_store_remove(db, &err) != 0 ||
            stele_store_remove(db2, &err) != 0)
            fprintf(stderr, "bench_tmx: %s\n", err.message);
        rmdir(folder);
    }
    return ok ? 0 : 1;
}
