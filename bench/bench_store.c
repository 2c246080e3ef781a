/*
 * bench/bench_store.c - import rate and search latency of the translation
 * memory.
 *
 *   bench_store [UNITS] [FOLDER]
 *
 * Builds a memory of UNITS translation units (default 1,000,000) in three
 * languages (en, ru, zh) from generated pseudo-sentences: words drawn
 * with a Zipf distribution from generated word lists (Latin syllables,
 * Cyrillic syllables, Han characters), so that some words are in most
 * sentences and others in a handful. Then:
 *
 *   - import: stele_store_add_units (the path "stele align" takes), a
 *     document per 1,000 units, all in one transaction (begin/commit
 *     around them), against a baseline in the same process, the two
 *     taking turns batch by batch so that both see the same machine: the same sentences inserted with reused prepared
 *     statements into a plain table indexed by FTS5's unicode61
 *     tokenizer (external content, as stele's own index), in one
 *     transaction, WAL and synchronous=NORMAL as stele uses;
 *   - search: stele_search (limit 20, including highlighting and the
 *     aligned sentences) over a fixed set of queries per language:
 *     common, middling and rare words, a two-word query, a phrase and a
 *     prefix; median and 99th percentile.
 *
 * Floors: import at least half the baseline's rate; median search under
 * 5 ms, 99th percentile under 50 ms. The stores go to FOLDER, where they
 * are kept, or by default to a new folder under /tmp, removed at the
 * end. The exit status is 1 when a floor is not met.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include <stele.h>

#define VOCABULARY 8000
#define LANGS 3

static const char *const lang_tags[LANGS] = { "en", "ru", "zh" };

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* xorshift64*: deterministic, so both imports see the same sentences. */
static uint64_t rng_state;

static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}

static char *words[LANGS][VOCABULARY];
static double zipf_cdf[VOCABULARY];

/* UTF-8 of code point c into p; returns the length. */
static size_t put_utf8(char *p, uint32_t c)
{
    if (c < 0x80) {
        p[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        p[0] = (char)(0xC0 | (c >> 6));
        p[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    p[0] = (char)(0xE0 | (c >> 12));
    p[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    p[2] = (char)(0x80 | (c & 0x3F));
    return 3;
}

static void make_words(void)
{
    static const char *const en_syl[] = {
        "ka", "to", "ri", "men", "sa", "lo", "ver", "ti", "na", "pro",
        "de", "con", "ex", "al", "in", "tor", "ga", "mi", "un", "se",
        "po", "li", "ran", "ste", "qu", "bo", "che", "dis", "ful", "ment"
    };
    static const uint32_t ru_syl[][2] = {
        { 0x043A, 0x0430 }, { 0x0442, 0x043E }, { 0x0440, 0x0438 },
        { 0x043C, 0x0435 }, { 0x0441, 0x0430 }, { 0x043B, 0x043E },
        { 0x0432, 0x0435 }, { 0x043D, 0x0430 }, { 0x043F, 0x0440 },
        { 0x0434, 0x0435 }, { 0x0433, 0x0430 }, { 0x043C, 0x0438 },
        { 0x0443, 0x043D }, { 0x0441, 0x0435 }, { 0x043F, 0x043E },
        { 0x043B, 0x0438 }, { 0x0447, 0x0435 }, { 0x0437, 0x0430 },
        { 0x0431, 0x043E }, { 0x0436, 0x0438 }, { 0x0449, 0x0443 },
        { 0x044F, 0x0440 }, { 0x0444, 0x043E }, { 0x0445, 0x0430 }
    };
    double total = 0;
    uint64_t saved = rng_state;

    rng_state = UINT64_C(0x9E3779B97F4A7C15);
    for (int w = 0; w < VOCABULARY; w++) {
        char buf[64];
        size_t n = 0;
        int syllables = 1 + (int)(rng() % 3) + (w > 100);

        /* en: syllables, with the word number mixed in to keep words
         * distinct. */
        for (int s = 0; s < syllables; s++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s",
                                  en_syl[(w / (s == 0 ? 1 : 30) + rng()) %
                                         30]);
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s",
                              en_syl[w % 30]);
        buf[n] = '\0';
        words[0][w] = strdup(buf);
        n = 0;
        for (int s = 0; s < syllables + 1; s++) {
            const uint32_t *syl = ru_syl[(w + s * 7 + rng()) % 24];
            n += put_utf8(buf + n, syl[0]);
            n += put_utf8(buf + n, syl[1]);
        }
        n += put_utf8(buf + n, ru_syl[w % 24][0]);
        buf[n] = '\0';
        words[1][w] = strdup(buf);
        /* zh: one or two Han characters per "word". */
        n = put_utf8(buf, 0x4E00 + (uint32_t)((w * 7919u) % 20000u));
        if (w % 3 != 0)
            n += put_utf8(buf + n,
                          0x4E00 + (uint32_t)((w * 104729u + 13) % 20000u));
        buf[n] = '\0';
        words[2][w] = strdup(buf);
    }
    for (int w = 0; w < VOCABULARY; w++) {
        total += 1.0 / (w + 1);
        zipf_cdf[w] = total;
    }
    for (int w = 0; w < VOCABULARY; w++)
        zipf_cdf[w] /= total;
    rng_state = saved;
}

static int zipf_word(void)
{
    double u = (double)(rng() >> 11) / 9007199254740992.0;
    int lo = 0, hi = VOCABULARY - 1;

    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (zipf_cdf[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The three sentences of unit number u (deterministic in u). */
static void make_unit(uint64_t u, char out[LANGS][512])
{
    int n = 6 + (int)((u * 2654435761u) % 15);

    rng_state = u * UINT64_C(0x9E3779B97F4A7C15) + 1;
    for (int k = 0; k < LANGS; k++) {
        size_t used = 0;

        for (int i = 0; i < n; i++) {
            const char *w = words[k][zipf_word()];
            size_t len = strlen(w);

            if (used + len + 8 >= 512)
                break;
            if (k == 2) {
                memcpy(out[k] + used, w, len);
                used += len;
                if (i == n / 2) {
                    memcpy(out[k] + used, "，", 3);
                    used += 3;
                }
            } else {
                if (i > 0)
                    out[k][used++] = i == n / 2 ? ',' : ' ';
                if (i > 0 && i == n / 2)
                    out[k][used++] = ' ';
                memcpy(out[k] + used, w, len);
                if (i == 0 && len > 0 && k == 0)
                    out[k][used] = (char)(out[k][used] - 32);
                used += len;
            }
        }
        if (k == 2) {
            memcpy(out[k] + used, "。", 3);
            used += 3;
        } else {
            out[k][used++] = '.';
        }
        out[k][used] = '\0';
    }
}

static void die_store(stele_store *store, const char *what)
{
    char text[2048];

    stele_error_format(stele_store_error(store), text, sizeof text);
    fprintf(stderr, "bench_store: %s: %s\n", what, text);
    exit(1);
}

/* Units per generated document, and per timed batch. */
#define DOC_UNITS 1000

typedef struct stele_import {
    stele_store *store;
    stele_unit units[DOC_UNITS]; /* unit i: sentence i of each version */
} stele_import;

static void stele_import_open(stele_import *im, const char *path)
{
    for (int u = 0; u < DOC_UNITS; u++) {
        for (int k = 0; k < LANGS; k++) {
            im->units[u].first[k] = (uint32_t)u;
            im->units[u].count[k] = 1;
        }
        im->units[u].confidence = 0.9;
        im->units[u].flagged = 0;
    }
    im->store = NULL;
    if (stele_store_open(&im->store, path, STELE_STORE_CREATE) != STELE_OK)
        die_store(im->store, "open");
    if (stele_store_begin(im->store) != STELE_OK)
        die_store(im->store, "begin");
}

/* Units [u, u + n) as one document, through stele_store_add_units. */
static void stele_import_batch(stele_import *im, uint64_t u, size_t n)
{
    stele_document *docs[LANGS];
    char texts[LANGS][512];
    char title[64];
    int outcome;

    for (int k = 0; k < LANGS; k++)
        if (stele_document_new(&docs[k], lang_tags[k], NULL) != STELE_OK) {
            fprintf(stderr, "bench_store: out of memory\n");
            exit(1);
        }
    for (size_t i = 0; i < n; i++) {
        make_unit(u + i, texts);
        for (int k = 0; k < LANGS; k++)
            if (stele_document_append(docs[k], texts[k], strlen(texts[k]),
                                      (uint32_t)(i / 8), 0, 0) != STELE_OK) {
                fprintf(stderr, "bench_store: out of memory\n");
                exit(1);
            }
    }
    snprintf(title, sizeof title, "Generated document %llu",
             (unsigned long long)(u / DOC_UNITS));
    if (stele_store_add_units(im->store, title,
                              (const stele_document *const *)docs, NULL,
                              LANGS, im->units, n, NULL,
                              &outcome) != STELE_OK)
        die_store(im->store, "add_units");
    for (int k = 0; k < LANGS; k++)
        stele_document_free(docs[k]);
}

static void stele_import_close(stele_import *im)
{
    if (stele_store_commit(im->store) != STELE_OK)
        die_store(im->store, "commit");
    stele_store_close(im->store);
}

static void check_sqlite(sqlite3 *db, int rc, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "bench_store: baseline %s: %s\n", what,
                sqlite3_errmsg(db));
        exit(1);
    }
}

typedef struct baseline_import {
    sqlite3 *db;
    sqlite3_stmt *seg, *fts;
    int64_t id;
} baseline_import;

static void baseline_open(baseline_import *im, const char *path)
{
    sqlite3 *db = NULL;

    check_sqlite(db, sqlite3_open(path, &db), "open");
    check_sqlite(db, sqlite3_exec(db,
                                  "PRAGMA journal_mode = WAL;"
                                  "PRAGMA synchronous = NORMAL;"
                                  "PRAGMA cache_size = -32768;"
                                  "CREATE TABLE seg (id INTEGER PRIMARY KEY,"
                                  " lang TEXT NOT NULL, text TEXT NOT NULL);"
                                  "CREATE VIRTUAL TABLE seg_fts USING fts5("
                                  " text, content='seg', content_rowid='id',"
                                  " tokenize='unicode61');",
                                  NULL, NULL, NULL),
                 "schema");
    check_sqlite(db, sqlite3_prepare_v2(db, "INSERT INTO seg (id, lang, text) "
                                            "VALUES (?1, ?2, ?3)",
                                        -1, &im->seg, NULL),
                 "prepare");
    check_sqlite(db, sqlite3_prepare_v2(db, "INSERT INTO seg_fts (rowid, "
                                            "text) VALUES (?1, ?2)",
                                        -1, &im->fts, NULL),
                 "prepare");
    check_sqlite(db, sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), "begin");
    im->db = db;
    im->id = 0;
}

static void baseline_batch(baseline_import *im, uint64_t u, size_t n)
{
    char texts[LANGS][512];

    for (size_t i = 0; i < n; i++) {
        make_unit(u + i, texts);
        for (int k = 0; k < LANGS; k++) {
            im->id++;
            sqlite3_bind_int64(im->seg, 1, im->id);
            sqlite3_bind_text(im->seg, 2, lang_tags[k], -1, SQLITE_STATIC);
            sqlite3_bind_text(im->seg, 3, texts[k], -1, SQLITE_STATIC);
            check_sqlite(im->db, sqlite3_step(im->seg), "insert");
            sqlite3_reset(im->seg);
            sqlite3_bind_int64(im->fts, 1, im->id);
            sqlite3_bind_text(im->fts, 2, texts[k], -1, SQLITE_STATIC);
            check_sqlite(im->db, sqlite3_step(im->fts), "index");
            sqlite3_reset(im->fts);
        }
    }
}

static void baseline_close(baseline_import *im)
{
    check_sqlite(im->db, sqlite3_exec(im->db, "COMMIT", NULL, NULL, NULL),
                 "commit");
    sqlite3_finalize(im->seg);
    sqlite3_finalize(im->fts);
    sqlite3_close(im->db);
}

/* Both imports, batch by batch in turn, each batch timed on its own: on
 * a machine shared with other work, both see the same load. */
static void import_both(const char *base, const char *ours, uint64_t units,
                        double *t_base, double *t_ours)
{
    static stele_import si;
    baseline_import bi;
    double t0;

    *t_base = 0;
    *t_ours = 0;
    t0 = now();
    baseline_open(&bi, base);
    *t_base += now() - t0;
    t0 = now();
    stele_import_open(&si, ours);
    *t_ours += now() - t0;
    for (uint64_t u = 0; u < units; u += DOC_UNITS) {
        size_t n = units - u < DOC_UNITS ? (size_t)(units - u) : DOC_UNITS;

        for (int turn = 0; turn < 2; turn++) {
            int ours_now = (turn + (int)(u / DOC_UNITS)) % 2;

            t0 = now();
            if (ours_now)
                stele_import_batch(&si, u, n);
            else
                baseline_batch(&bi, u, n);
            *(ours_now ? t_ours : t_base) += now() - t0;
        }
    }
    t0 = now();
    baseline_close(&bi);
    *t_base += now() - t0;
    t0 = now();
    stele_import_close(&si);
    *t_ours += now() - t0;
}

static int count_hit(const stele_search_hit *hit, void *payload)
{
    (void)hit;
    (*(size_t *)payload)++;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

int main(int argc, char **argv)
{
    uint64_t units = 1000000;
    char folder[256], ours[300], base[300], query[256];
    int made_folder = 0;
    double t_base, t_ours, median, p99;
    int met;
    stele_store *store = NULL;
    double latencies[4096];
    size_t nlat = 0;
    /* Zipf ranks: common to rare. */
    static const int ranks[] = { 0, 2, 9, 40, 150, 600, 2500, 7000 };
    const int repeats = 5;

    if (argc > 1)
        units = strtoull(argv[1], NULL, 10);
    if (units == 0) {
        fprintf(stderr, "usage: bench_store [UNITS] [FOLDER]\n");
        return 2;
    }
    if (argc > 2) {
        snprintf(folder, sizeof folder, "%s", argv[2]);
    } else {
        snprintf(folder, sizeof folder, "/tmp/stele-bench-XXXXXX");
        if (mkdtemp(folder) == NULL) {
            perror("mkdtemp");
            return 1;
        }
        made_folder = 1;
    }
    snprintf(ours, sizeof ours, "%s/stele.db", folder);
    snprintf(base, sizeof base, "%s/baseline.db", folder);
    unlink(ours);
    unlink(base);
    make_words();

    printf("bench_store: %llu units x %d languages (en, ru, zh)\n",
           (unsigned long long)units, LANGS);
    fflush(stdout);
    import_both(base, ours, units, &t_base, &t_ours);
    printf("  baseline (table + FTS5 unicode61): %8.1f s  %9.0f units/s  "
           "%6.1f MB\n", t_base, (double)units / t_base,
           (double)file_size(base) / 1e6);
    printf("  stele (store + FTS5 stele/ICU):    %8.1f s  %9.0f units/s  "
           "%6.1f MB\n", t_ours, (double)units / t_ours,
           (double)file_size(ours) / 1e6);
    printf("  import ratio stele/baseline: %.2f (floor 0.50)\n",
           t_base / t_ours);
    fflush(stdout);

    if (stele_store_open(&store, ours, STELE_STORE_READONLY) != STELE_OK)
        die_store(store, "open for search");
    for (int k = 0; k < LANGS; k++) {
        stele_search_options opts = STELE_SEARCH_OPTIONS_INIT;
        const size_t nr = sizeof ranks / sizeof *ranks;

        opts.lang = lang_tags[k];
        opts.limit = 20;
        for (size_t q = 0; q < nr + 3; q++) {
            size_t hits = 0;
            double worst = 0, t0;

            if (q < nr)
                snprintf(query, sizeof query, "%s", words[k][ranks[q]]);
            else if (q == nr)
                snprintf(query, sizeof query, "%s %s", words[k][30],
                         words[k][500]);
            else if (q == nr + 1)
                snprintf(query, sizeof query, "\"%s %s\"", words[k][3],
                         words[k][5]);
            else
                snprintf(query, sizeof query, "%.*s*", k == 2 ? 3 : 4,
                         words[k][120]);
            for (int r = 0; r < repeats; r++) {
                int rc;

                hits = 0;
                t0 = now();
                rc = stele_search(store, query, &opts, count_hit, &hits);
                t0 = now() - t0;
                if (rc != STELE_OK)
                    die_store(store, query);
                if (nlat < sizeof latencies / sizeof *latencies)
                    latencies[nlat++] = t0 * 1e3;
                if (t0 * 1e3 > worst)
                    worst = t0 * 1e3;
            }
            printf("    %s %-28s %2zu hits  worst %7.2f ms\n",
                   lang_tags[k], query, hits, worst);
        }
    }
    stele_store_close(store);
    qsort(latencies, nlat, sizeof *latencies, cmp_double);
    median = latencies[nlat / 2];
    p99 = latencies[(size_t)ceil(0.99 * (double)nlat) - 1];
    printf("  search over %zu runs: median %.2f ms (floor 5), p99 %.2f ms "
           "(floor 50)\n", nlat, median, p99);
    met = t_base / t_ours >= 0.5 && median < 5.0 && p99 < 50.0;
    printf("  floors %s\n", met ? "met" : "NOT MET");

    /* A folder given on the command line keeps the stores, to be
     * examined. */
    if (made_folder) {
        stele_error err;

        /* The searches open the store read-only, which leaves files
         * beside it; the store knows which. */
        if (stele_store_remove(ours, &err) != 0 ||
            stele_store_remove(base, &err) != 0)
            fprintf(stderr, "bench_store: %s\n", err.message);
        rmdir(folder);
    }
    for (int k = 0; k < LANGS; k++)
        for (int w = 0; w < VOCABULARY; w++)
            free(words[k][w]);
    return met ? 0 : 1;
}
