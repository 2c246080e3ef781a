/*
 * tests/test_faults.c - the translation memory survives what happens to
 * the processes that write it.
 *
 * Test plan, each on "stele align" run as a user runs it:
 *   - killed: at least 50 runs, each killed with SIGKILL after a random
 *     delay over the whole run, or - every third run - a random moment
 *     after its journal starts to grow: inside the commit, or just past
 *     its end. After each kill the store passes PRAGMA integrity_check
 *     and stele's own check, and every document in it is whole: all its
 *     sentences in each language, every unit with its sentences, its
 *     marker word found by the search exactly when the document is
 *     there. The store carries
 *     over ten runs, so a kill also meets what the kills before left;
 *   - a full disk: a file size limit (RLIMIT_FSIZE, what "ulimit -f"
 *     sets) and, where the test may mount one, a 1 MB tmpfs in a private
 *     mount namespace; both give one clear line, and the store opens with
 *     its content as before;
 *   - two "stele align" writing one store at once both succeed, while a
 *     third process searches it all along and never fails.
 *   - the same kills on "stele import" of a generated TMX file of 2,000
 *     units: after each, every imported document holds all its units
 *     or is absent.
 *
 * The corpus is generated: 1,500 sentences of 30 words in English and
 * Russian, presegmented, so that writing them is a fair share of a run
 * (about a quarter).
 *
 * usage: test_faults STELE CORPORA
 */
#define _GNU_SOURCE /* unshare, CLONE_NEWNS */

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include <stele.h>

#include "cli_run.h"

#define SENTENCES 1500
#define MIN_KILLS 50
/* Rounds whose run ends before its kill do not count; on a loaded
 * machine runs vary in length, so there is room for many of them. */
#define MAX_ROUNDS 400

static const char *corpora;
static char dir[64];
static char baseline[128];      /* a store holding the CSTO article */
static int64_t baseline_en;     /* its sentences */
static int64_t baseline_ru;

/* ------------------------------------------------------------ helpers */

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sleep_for(double seconds)
{
    struct timespec t;

    t.tv_sec = (time_t)seconds;
    t.tv_nsec = (long)((seconds - (double)t.tv_sec) * 1e9);
    nanosleep(&t, NULL);
}

static unsigned rng = 1;

static double uniform(void)
{
    rng = rng * 1103515245u + 12345u;
    return (double)(rng >> 8) / (double)(1u << 24);
}

static int64_t file_size(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 ? (int64_t)st.st_size : -1;
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    FILE *out = fopen(to, "wb");
    char buf[65536];
    size_t n;

    assert_non_null(in);
    assert_non_null(out);
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

static int64_t sql_int(const char *path, const char *statement)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int64_t value = -1;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    if (sqlite3_prepare_v2(db, statement, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", statement, sqlite3_errmsg(db));
    if (sqlite3_step(st) == SQLITE_ROW)
        value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return value;
}

/* PRAGMA integrity_check, whole. */
static void assert_integrity(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1,
                                        &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    if (strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
        fail_msg("%s: integrity_check: %s", path,
                 (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* Inputs of run @p n: the same body, a marker sentence of its own, so
 * that each run stores a new document (title "rN", from the name). */
static void make_inputs(int n, char *en, char *ru, size_t size)
{
    static const char *const words[2][16] = {
        { "weapons", "treaty", "summit", "security", "alliance", "member",
          "states", "cooperation", "defence", "forces", "region", "policy",
          "president", "proposal", "military", "program" },
        { "оружие", "договор", "саммит", "безопасность", "союз", "члены",
          "государства", "сотрудничество", "оборона", "силы", "регион",
          "политика", "президент", "предложение", "военный", "программа" }
    };
    char *paths[2] = { en, ru };

    snprintf(en, size, "%s/r%d.en.txt", dir, n);
    snprintf(ru, size, "%s/r%d.ru.txt", dir, n);
    for (int k = 0; k < 2; k++) {
        FILE *fp = fopen(paths[k], "w");
        unsigned seed = 3;

        assert_non_null(fp);
        fprintf(fp, k == 0 ? "Marker round%d.\n" : "Маркер round%d.\n", n);
        for (int i = 1; i < SENTENCES; i++) {
            fprintf(fp, k == 0 ? "Sentence %d:" : "Предложение %d:", i);
            for (int w = 0; w < 30; w++) {
                seed = seed * 1103515245u + 12345u;
                fprintf(fp, " %s", words[k][(seed >> 16) % 16]);
            }
            fputs(".\n", fp);
        }
        assert_int_equal(fclose(fp), 0);
    }
}

/* Start "stele ARGS" with stdout to /dev/null, stderr to @p err_path,
 * and a file size limit when @p fsize is not 0. */
static pid_t spawn(const char *const *args, const char *err_path,
                   rlim_t fsize)
{
    pid_t pid;

    fflush(NULL);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        const char *argv[32];
        int null = open("/dev/null", O_RDWR);
        int err = open(err_path != NULL ? err_path : "/dev/null",
                       O_WRONLY | O_CREAT | O_TRUNC, 0644);
        size_t n = 0;

        argv[n++] = cli_binary;
        for (size_t i = 0; args[i] != NULL && n < 31; i++)
            argv[n++] = args[i];
        argv[n] = NULL;
        if (null < 0 || err < 0)
            _exit(126);
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(err, STDERR_FILENO);
        if (fsize != 0) {
            struct rlimit limit = { fsize, fsize };

            /* The write past the limit then fails with EFBIG instead
             * of killing the process. */
            signal(SIGXFSZ, SIG_IGN);
            if (setrlimit(RLIMIT_FSIZE, &limit) != 0)
                _exit(125);
        }
        execv(cli_binary, (char *const *)argv);
        _exit(127);
    }
    return pid;
}

static int wait_exit(pid_t pid)
{
    int status;

    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

static char *first_line(const char *path)
{
    static char line[1024];
    FILE *fp = fopen(path, "r");

    line[0] = '\0';
    if (fp != NULL) {
        if (fgets(line, sizeof line, fp) == NULL)
            line[0] = '\0';
        fclose(fp);
    }
    line[strcspn(line, "\n")] = '\0';
    return line;
}

static int count_hit(const stele_search_hit *hit, void *payload)
{
    (void)hit;
    (*(int *)payload)++;
    return 0;
}

/* The store passes SQLite's integrity check and stele's own; the number
 * of hits of a search for @p marker. */
static int sound_store_hits(const char *db, const char *marker)
{
    stele_store *store = NULL;
    int hits = 0;

    assert_integrity(db);
    if (stele_store_open(&store, db, 0) != STELE_OK)
        fail_msg("%s: %s", db, stele_store_error(store)->message);
    if (stele_store_check(store) != STELE_OK)
        fail_msg("%s: %s", db, stele_store_error(store)->message);
    assert_int_equal(stele_search(store, marker, NULL, count_hit, &hits),
                     STELE_OK);
    stele_store_close(store);
    return hits;
}

/* Every document of @p db is whole; run @p n's document is there or not
 * (*present says which). Checked through the public API and SQL. */
static void assert_whole(const char *db, int n, int *present)
{
    char marker[32], title[32], sql[512];
    int hits;
    int64_t docs, whole;

    snprintf(marker, sizeof marker, "round%d", n);
    hits = sound_store_hits(db, marker);

    /* The article and each generated document, with all sentences. */
    docs = sql_int(db, "SELECT count(*) FROM documents");
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM documents d WHERE "
             "(SELECT count(*) FROM segments s WHERE s.document = d.id AND "
             "s.lang = 'en') = CASE WHEN d.title LIKE 'r%%' THEN %d "
             "ELSE %lld END AND "
             "(SELECT count(*) FROM segments s WHERE s.document = d.id AND "
             "s.lang = 'ru') = CASE WHEN d.title LIKE 'r%%' THEN %d "
             "ELSE %lld END",
             SENTENCES, (long long)baseline_en, SENTENCES,
             (long long)baseline_ru);
    whole = sql_int(db, sql);
    if (whole != docs)
        fail_msg("%s: %lld of %lld documents are whole", db,
                 (long long)whole, (long long)docs);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM units u WHERE NOT "
                                 "EXISTS (SELECT 1 FROM segments s WHERE "
                                 "s.unit = u.id)"),
                     0);
    snprintf(title, sizeof title, "r%d", n);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM documents WHERE title = '%s'", title);
    *present = sql_int(db, sql) == 1;
    /* The index agrees: the marker is found exactly when stored. */
    if (*present != (hits > 0))
        fail_msg("run %d: document %s, marker found %d times", n,
                 *present ? "stored" : "absent", hits);
}

static int setup(void **state)
{
    char en[256], ru[256];
    cli_result r;

    (void)state;
    snprintf(dir, sizeof dir, "/tmp/stele-faults-XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(baseline, sizeof baseline, "%s/baseline.db", dir);
    snprintf(en, sizeof en, "%s/csto-summit/en.txt", corpora);
    snprintf(ru, sizeof ru, "%s/csto-summit/ru.txt", corpora);
    r = cli_run((const char *const[]){ "align", "--db", baseline, en, ru,
                                       NULL },
                NULL, NULL);
    if (r.status != 0) {
        fprintf(stderr, "baseline: %s", r.err);
        return -1;
    }
    cli_result_free(&r);
    baseline_en = sql_int(baseline, "SELECT count(*) FROM segments WHERE "
                                    "lang = 'en'");
    baseline_ru = sql_int(baseline, "SELECT count(*) FROM segments WHERE "
                                    "lang = 'ru'");
    return baseline_en > 0 && baseline_ru > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------ kills */

/* One command killed again and again: what differs between align and
 * import is how a run's input is made, its command line, and what a
 * sound store must hold afterwards. */
typedef struct kill_job {
    const char *what;   /* for the report: "align", "import" */
    const char *db, *wal;
    /* Make run @p n's input and its arguments (NULL-terminated). */
    void (*prepare)(struct kill_job *job, int n, const char **args);
    /* The store is sound; run @p n's document is there or not. */
    void (*check)(const char *db, int n, int *present);
    void (*cleanup)(struct kill_job *job);
    char in[2][256];    /* the run's input files */
} kill_job;

static void kill_loop(kill_job *job)
{
    const char *args[12];
    int kills = 0, in_commit = 0, stored = 0, lost = 0, finished = 0;
    double full, t_run, t_start = now();
    int present;

    copy_file(baseline, job->db);
    /* How long an undisturbed run takes. */
    job->prepare(job, 0, args);
    {
        double t0 = now();

        assert_int_equal(wait_exit(spawn(args, NULL, 0)), 0);
        full = now() - t0;
    }
    job->check(job->db, 0, &present);
    assert_true(present);
    job->cleanup(job);

    for (int n = 1; kills < MIN_KILLS && n < MAX_ROUNDS; n++) {
        int64_t journal = 0;
        pid_t pid;
        int status;

        if (n % 10 == 0)
            copy_file(baseline, job->db);
        job->prepare(job, n, args);
        t_run = now();
        pid = spawn(args, NULL, 0);
        if (n % 3 == 0) {
            /* Into the commit: the journal has begun to grow; then a
             * little later, up to past its end. */
            double t0 = now();

            while ((journal = file_size(job->wal)) <= 0 &&
                   now() - t0 < 3 * full)
                sleep_for(0.0001);
            sleep_for(uniform() * full * 0.2);
        } else {
            sleep_for(uniform() * full * 0.9);
            journal = file_size(job->wal);
        }
        kill(pid, SIGKILL);
        status = wait_exit(pid);
        if (status == 128 + SIGKILL) {
            kills++;
            in_commit += journal > 0;
        } else {
            assert_int_equal(status, 0);
            finished++;
            /* Runs differ in length (the aligner's learning rounds stop
             * when they settle, a busy machine slows the first run):
             * the delays follow the shortest run seen, so that they
             * keep falling inside runs. */
            if (now() - t_run < full)
                full = now() - t_run;
        }
        job->check(job->db, n, &present);
        if (status == 0)
            assert_true(present);
        else if (present)
            stored++;
        else
            lost++;
        job->cleanup(job);
    }
    print_message("%s: %d kills (%d while the journal grew): %d left the "
                  "document whole, %d left none of it; %d runs ended "
                  "before their kill; the shortest run took %.2f s; %.1f s "
                  "in all\n",
                  job->what, kills, in_commit, stored, lost, finished, full,
                  now() - t_start);
    assert_true(kills >= MIN_KILLS);
    assert_true(in_commit > 0);
}

static void align_prepare(kill_job *job, int n, const char **args)
{
    const char *const a[] = { "align", "--presegmented", "--no-dict",
                              "--db", job->db, job->in[0], job->in[1],
                              NULL };
    make_inputs(n, job->in[0], job->in[1], sizeof job->in[0]);
    memcpy(args, a, sizeof a);
}

static void remove_inputs(kill_job *job)
{
    for (int k = 0; k < 2; k++)
        if (job->in[k][0] != '\0')
            unlink(job->in[k]);
}

static void kill_rounds(void **state)
{
    char db[128], wal[160];
    kill_job job = { "align", db, wal, align_prepare, assert_whole,
                     remove_inputs, { "", "" } };

    (void)state;
    rng = (unsigned)time(NULL);
    print_message("seed %u\n", rng);
    snprintf(db, sizeof db, "%s/killed.db", dir);
    snprintf(wal, sizeof wal, "%s-wal", db);
    kill_loop(&job);
}

/* ------------------------------------------------------------ import kills */

#define TMX_UNITS 2000

/* A TMX file of TMX_UNITS en/ru units for run @p n, its first unit a
 * marker of its own; its units form one document titled by the file's
 * name. */
static void make_tmx(int n, char *path, size_t size)
{
    FILE *fp;
    unsigned seed = 5;

    snprintf(path, size, "%s/i%d.tmx", dir, n);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">"
          "\n<header srclang=\"en\" segtype=\"sentence\"/>\n<body>\n", fp);
    for (int i = 0; i < TMX_UNITS; i++) {
        unsigned a, b;

        seed = seed * 1103515245u + 12345u;
        a = (seed >> 16) % 1000;
        seed = seed * 1103515245u + 12345u;
        b = (seed >> 16) % 1000;
        if (i == 0)
            fprintf(fp, "<tu><tuv xml:lang=\"en\"><seg>Marker import%d."
                        "</seg></tuv><tuv xml:lang=\"ru\"><seg>Маркер "
                        "import%d.</seg></tuv></tu>\n", n, n);
        else
            fprintf(fp, "<tu><tuv xml:lang=\"en\"><seg>Unit %d: the treaty "
                        "of %u holds for %u members.</seg></tuv>"
                        "<tuv xml:lang=\"ru\"><seg>Единица %d: договор %u "
                        "действует для %u членов.</seg></tuv></tu>\n",
                    i, a, b, i, a, b);
    }
    fputs("</body>\n</tmx>\n", fp);
    assert_int_equal(fclose(fp), 0);
}

/* The store is sound; every imported document holds all TMX_UNITS
 * units of its file, each with its two sentences; run @p n's is there
 * or not (*present), and the index agrees. */
static void assert_imported(const char *db, int n, int *present)
{
    char marker[32], sql[512];
    int hits;
    int64_t docs, whole;

    snprintf(marker, sizeof marker, "import%d", n);
    hits = sound_store_hits(db, marker);
    docs = sql_int(db, "SELECT count(*) FROM documents WHERE title LIKE "
                       "'i%.tmx'");
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM documents d WHERE d.title LIKE 'i%%.tmx' "
             "AND (SELECT count(*) FROM units u WHERE u.document = d.id) = "
             "%d AND (SELECT count(*) FROM segments s WHERE s.document = "
             "d.id) = %d",
             TMX_UNITS, 2 * TMX_UNITS);
    whole = sql_int(db, sql);
    if (whole != docs)
        fail_msg("%s: %lld of %lld imported documents are whole", db,
                 (long long)whole, (long long)docs);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM units u WHERE NOT "
                                 "EXISTS (SELECT 1 FROM segments s WHERE "
                                 "s.unit = u.id)"),
                     0);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM documents WHERE title = 'i%d.tmx'", n);
    *present = sql_int(db, sql) == 1;
    if (*present != (hits > 0))
        fail_msg("import %d: document %s, marker found %d times", n,
                 *present ? "stored" : "absent", hits);
}

/* As kill_rounds(), on "stele import" of a TMX file. */
static void import_prepare(kill_job *job, int n, const char **args)
{
    const char *const a[] = { "import", "-q", "--db", job->db, job->in[0],
                              NULL };
    make_tmx(n, job->in[0], sizeof job->in[0]);
    job->in[1][0] = '\0';
    memcpy(args, a, sizeof a);
}

static void import_kill_rounds(void **state)
{
    char db[128], wal[160];
    kill_job job = { "import", db, wal, import_prepare, assert_imported,
                     remove_inputs, { "", "" } };

    (void)state;
    rng = (unsigned)time(NULL) ^ 0x5A5Au;
    print_message("seed %u\n", rng);
    snprintf(db, sizeof db, "%s/import-killed.db", dir);
    snprintf(wal, sizeof wal, "%s-wal", db);
    kill_loop(&job);
}

/* ------------------------------------------------------------ full disk */

static void file_size_limit(void **state)
{
    char db[128], err[128], en[256], ru[256], expect[256];
    const char *args[] = { "align", "--presegmented", "--no-dict", "--db",
                           db, en, ru, NULL };
    int64_t size;
    int present;
    cli_result r;

    (void)state;
    snprintf(db, sizeof db, "%s/limited.db", dir);
    snprintf(err, sizeof err, "%s/limited.err", dir);
    copy_file(baseline, db);
    size = file_size(db);
    make_inputs(1000, en, ru, sizeof en);
    assert_int_equal(wait_exit(spawn(args, err, (rlim_t)size + 65536)), 1);
    snprintf(expect, sizeof expect,
             "stele: %s: the file may not grow any larger (the limit of "
             "ulimit -f)",
             db);
    assert_string_equal(first_line(err), expect);
    assert_int_equal(file_size(db), size);
    assert_whole(db, 1000, &present);
    assert_false(present);
    r = cli_run((const char *const[]){ "list", "--db", db, NULL }, NULL,
                NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Putin Proposes"));
    cli_result_free(&r);
    /* Without the limit, the same run goes through. */
    assert_int_equal(wait_exit(spawn(args, NULL, 0)), 0);
    assert_whole(db, 1000, &present);
    assert_true(present);
}

/* In a child: a private mount namespace holding a 1 MB tmpfs, so the
 * mount goes away with the child whatever happens. Exit 0 when all is
 * well, 77 when no file system could be mounted, else the failed step. */
static int full_tmpfs_child(void)
{
    char mnt[160], db[200], en[256], ru[256], expect[300];
    cli_result r;
    int status;

    snprintf(mnt, sizeof mnt, "%s/mnt", dir);
    if (mkdir(mnt, 0755) != 0 && errno != EEXIST)
        return 10;
    if (unshare(CLONE_NEWNS) != 0 ||
        mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
        mount("tmpfs", mnt, "tmpfs", 0, "size=1m") != 0)
        return 77;
    snprintf(db, sizeof db, "%s/tm.db", mnt);
    copy_file(baseline, db);
    make_inputs(2000, en, ru, sizeof en);
    r = cli_run((const char *const[]){ "align", "--presegmented",
                                       "--no-dict", "--db", db, en, ru,
                                       NULL },
                NULL, NULL);
    snprintf(expect, sizeof expect, "stele: %s: the disk is full", db);
    status = r.status;
    if (status != 1 || strcmp(cli_first_err_line(&r), expect) != 0) {
        fprintf(stderr, "full tmpfs: exit %d: %s", status, r.err);
        return 11;
    }
    cli_result_free(&r);
    r = cli_run((const char *const[]){ "list", "--db", db, NULL }, NULL,
                NULL);
    status = r.status == 0 && strstr(r.out, "Putin Proposes") != NULL &&
                     sql_int(db, "SELECT count(*) FROM documents") == 1
                 ? 0
                 : 12;
    cli_result_free(&r);
    if (status == 0)
        assert_integrity(db);
    return status;
}

static void full_tmpfs(void **state)
{
    pid_t pid;
    int status;

    (void)state;
    fflush(NULL);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(full_tmpfs_child());
    status = wait_exit(pid);
    if (status == 77) {
        print_message("cannot mount a tmpfs here (not root, or no mount "
                      "namespace): skipped\n");
        skip();
    }
    assert_int_equal(status, 0);
}

/* ------------------------------------------------------------ together */

static void two_writers_and_a_reader(void **state)
{
    char db[128], err[2][128], en[2][256], ru[2][256];
    pid_t writers[2];
    int alive = 2, searches = 0, status[2] = { -1, -1 }, present;

    (void)state;
    snprintf(db, sizeof db, "%s/shared.db", dir);
    copy_file(baseline, db);
    for (int w = 0; w < 2; w++) {
        snprintf(err[w], sizeof err[w], "%s/writer%d.err", dir, w);
        make_inputs(3000 + w, en[w], ru[w], sizeof en[w]);
    }
    for (int w = 0; w < 2; w++) {
        const char *args[] = { "align", "--presegmented", "--no-dict",
                               "--db", db, en[w], ru[w], NULL };

        writers[w] = spawn(args, err[w], 0);
    }
    /* Search until both are done: never an error, whatever it finds. */
    while (alive > 0 || searches < 3) {
        cli_result r = cli_run((const char *const[]){ "search", "--db", db,
                                                      "--limit", "5",
                                                      "treaty", NULL },
                               NULL, NULL);

        if (r.status != 0)
            fail_msg("search %d failed (%d): %s", searches, r.status,
                     r.err);
        cli_result_free(&r);
        searches++;
        for (int w = 0; w < 2; w++) {
            int s;

            if (status[w] < 0 && waitpid(writers[w], &s, WNOHANG) ==
                                     writers[w]) {
                status[w] = WIFEXITED(s) ? WEXITSTATUS(s) : 128;
                alive--;
            }
        }
    }
    for (int w = 0; w < 2; w++) {
        if (status[w] != 0)
            fail_msg("writer %d: exit %d: %s", w, status[w],
                     first_line(err[w]));
        assert_non_null(strstr(first_line(err[w]), "stele: added document"));
        assert_whole(db, 3000 + w, &present);
        assert_true(present);
    }
    assert_int_equal(sql_int(db, "SELECT count(*) FROM documents"), 3);
    print_message("%d searches while the two wrote\n", searches);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kill_rounds),
        cmocka_unit_test(import_kill_rounds),
        cmocka_unit_test(file_size_limit),
        cmocka_unit_test(full_tmpfs),
        cmocka_unit_test(two_writers_and_a_reader),
    };

    if (argc != 3) {
        fprintf(stderr, "usage: test_faults STELE CORPORA\n");
        return 2;
    }
    cli_binary = argv[1];
    corpora = argv[2];
    return cmocka_run_group_tests(tests, setup, teardown);
}
