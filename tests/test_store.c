/*
 * tests/test_store.c - the translation memory and its search.
 *
 * Test plan:
 *   - opening: create, reopen, read-only, missing store, missing folder,
 *     not SQLite, another program's database, newer schema, PostgreSQL
 *     location, a corrupted copy (open/check/search fail, never crash);
 *   - writing: documents and units through the lower-level API, dedupe,
 *     transactions (nesting, rollback, no transaction), add_alignment
 *     (added, unchanged, replaced);
 *   - reading: docs_each, units_each and its filter;
 *   - the tokenizer: English, Russian, Chinese, mixed, offsets, case
 *     folding, NFKC, and the ASCII fast path against ICU;
 *   - search: each language, aligned counterparts, phrases, «», prefixes,
 *     language filter, spans, bad and hostile queries;
 *   - processes: a writer killed with SIGKILL at random points leaves an
 *     intact store with whole documents; two writers at once both
 *     succeed; a reader works while a writer holds a long transaction.
 *
 * Every test works in its own mkdtemp folder, removed afterwards.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
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
#include <sqlite3.h>

#include <stele.h>

#include "store/sqlite_internal.h"
#include "store/tokenize.h"

typedef struct fixture {
    char dir[64];
    char path[128];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);

    if (f == NULL)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/stele-store-XXXXXX");
    if (mkdtemp(f->dir) == NULL) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/tm.db", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    DIR *d = opendir(f->dir);
    struct dirent *e;

    while (d != NULL && (e = readdir(d)) != NULL) {
        char p[512];

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", f->dir, e->d_name);
        unlink(p);
    }
    if (d != NULL)
        closedir(d);
    rmdir(f->dir);
    free(f);
    return 0;
}

static stele_store *open_store(const char *path, unsigned flags)
{
    stele_store *store = NULL;
    int rc = stele_store_open(&store, path, flags);

    if (rc != STELE_OK)
        fail_msg("open %s: %s", path, stele_store_error(store)->message);
    return store;
}

static const char *const LANGS3[] = { "en", "ru", "zh" };

/* The little trilingual memory most search tests use. */
static const char *const UNITS[][3] = {
    { "The CSTO held exercises with combat-proven weapons.",
      "ОДКБ провела учения с боевым оружием.",
      "集安组织举行了使用实战检验武器的演习。" },
    { "Putin said the Collective Security Treaty Organization is ready.",
      "Путин заявил, что Организация Договора о коллективной "
      "безопасности готова.",
      "普京表示，集体安全条约组织已做好准备。" },
    { "Modern weapons were shown to the public.",
      "Публике показали современное оружие.",
      "向公众展示了现代武器。" },
    { "Ｆｕｌｌｗｉｄｔｈ CSTO letters and the ﬁnal word.",
      "Полноширинные буквы.",
      "全角字母。" },
};
#define NUNITS (sizeof UNITS / sizeof *UNITS)

static int64_t fill_store(stele_store *store, const char *title)
{
    int64_t doc = 0;
    int created = 0;

    assert_int_equal(stele_store_begin(store), STELE_OK);
    assert_int_equal(stele_store_doc_add(store, title, LANGS3, 3, NULL,
                                         NULL, &doc, &created),
                     STELE_OK);
    for (size_t i = 0; i < NUNITS; i++)
        assert_int_equal(stele_store_unit_add(store, doc, LANGS3, UNITS[i],
                                              3, 0.9, 0, NULL),
                         STELE_OK);
    assert_int_equal(stele_store_commit(store), STELE_OK);
    return doc;
}

static int64_t sql_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int64_t value = -1;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return value;
}

/* Open the older store at @p path for writing, which upgrades it. */
static stele_store *open_upgraded(const char *path)
{
    stele_store *store = open_store(path, 0);

    assert_int_equal(sql_int(path, "PRAGMA user_version"),
                     STELE_SCHEMA_VERSION);
    return store;
}

/* Does the SQL of schema object @p name hold @p text? */
static int schema_sql_has(const char *path, const char *name,
                          const char *text)
{
    char sql[256];

    snprintf(sql, sizeof sql, "SELECT instr(sql, '%s') > 0 FROM "
                              "sqlite_schema WHERE name = '%s'", text, name);
    return sql_int(path, sql) == 1;
}

static void sql_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* What schema 6 added, taken away again: a store of this build laid out
 * as schema 5 wrote it (the units' sentence ranges not there, sentences
 * indexed by unit). */
static const char back_to_schema_5[] =
    "ALTER TABLE units DROP COLUMN segment_min;"
    "ALTER TABLE units DROP COLUMN segment_max;"
    "CREATE INDEX segments_unit ON segments(unit);"
    "PRAGMA user_version = 5;";

static void write_file(const char *path, const void *data, size_t size)
{
    FILE *fp = fopen(path, "wb");

    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, size, fp), size);
    fclose(fp);
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */
/* ------------------------------------------------------------------ */

static void open_creates_schema(void **state)
{
    fixture *f = *state;
    stele_store *store = NULL;

    assert_int_equal(stele_store_open(&store, f->path, 0), STELE_ENOTFOUND);
    assert_string_equal(stele_store_error(store)->message,
                        "no translation memory here");
    assert_string_equal(stele_store_error(store)->path, f->path);
    stele_store_close(store);
    assert_int_equal(access(f->path, F_OK), -1); /* not created */

    store = open_store(f->path, STELE_STORE_CREATE);
    assert_int_equal(stele_store_check(store), STELE_OK);
    stele_store_close(store);
    assert_int_equal(sql_int(f->path, "PRAGMA user_version"),
                     STELE_SCHEMA_VERSION);
    assert_int_equal(sql_int(f->path, "PRAGMA application_id"),
                     0x5354454C);
    assert_int_equal(sql_int(f->path, "SELECT journal_mode = 'wal' "
                                      "FROM pragma_journal_mode"),
                     1);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sqlite_schema "
                                      "WHERE name IN ('documents', "
                                      "'versions', 'units', 'segments', "
                                      "'segments_fts')"),
                     5);

    /* Reopening, even with CREATE, keeps it as it is. */
    store = open_store(f->path, STELE_STORE_CREATE);
    stele_store_close(store);
    store = open_store(f->path, 0);
    stele_store_close(store);
    stele_store_close(NULL);
}

static void open_missing_folder_names_it(void **state)
{
    fixture *f = *state;
    stele_store *store = NULL;
    char path[256];

    snprintf(path, sizeof path, "%s/no/such/tm.db", f->dir);
    assert_int_equal(stele_store_open(&store, path, STELE_STORE_CREATE),
                     STELE_EIO);
    assert_string_equal(stele_store_error(store)->path, path);
    assert_non_null(strstr(stele_store_error(store)->message,
                           "/no/such' does not exist"));
    /* Calls on a store that failed to open fail cleanly. */
    assert_int_equal(stele_store_begin(store), STELE_EINVAL);
    assert_int_equal(stele_store_check(store), STELE_EINVAL);
    stele_store_close(store);
}

static void open_readonly(void **state)
{
    fixture *f = *state;
    stele_store *store = NULL;
    int64_t doc;
    int created;

    assert_int_equal(stele_store_open(&store, f->path, STELE_STORE_READONLY),
                     STELE_ENOTFOUND);
    stele_store_close(store);
    assert_int_equal(access(f->path, F_OK), -1);
    assert_int_equal(stele_store_open(&store, f->path, STELE_STORE_READONLY |
                                                           STELE_STORE_CREATE),
                     STELE_EINVAL);
    stele_store_close(store);

    store = open_store(f->path, STELE_STORE_CREATE);
    fill_store(store, "doc");
    stele_store_close(store);

    store = open_store(f->path, STELE_STORE_READONLY);
    assert_int_equal(stele_store_begin(store), STELE_EINVAL);
    assert_non_null(strstr(stele_store_error(store)->message, "read-only"));
    assert_int_equal(stele_store_doc_add(store, "x", LANGS3, 3, NULL, NULL,
                                         &doc, &created),
                     STELE_EINVAL);
    assert_int_equal(stele_store_check(store), STELE_OK);
    stele_store_close(store);
}

static int count_hits(const stele_search_hit *hit, void *payload);

/* In a child, as a user who may not write the store (root writes to
 * read-only files, so a root child becomes "nobody"): opening for writing
 * works, reading works, and the first write fails with a message naming
 * the file. With the folder read-only too, SQLite cannot make its WAL
 * index; then either reading still works or opening fails, naming the
 * file - never a crash. Exit codes say which check failed. */
static int readonly_child(const char *path, int folder_readonly)
{
    stele_store *store = NULL;
    int count = 0, rc;

    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
        return 10;
    rc = stele_store_open(&store, path, 0);
    if (rc != STELE_OK) {
        int named = strcmp(stele_store_error(store)->path, path) == 0;

        fprintf(stderr, "open: %s\n", stele_store_error(store)->message);
        stele_store_close(store);
        return folder_readonly && named ? 0 : 11;
    }
    if (stele_search(store, "csto", NULL, count_hits, &count) != STELE_OK)
        return 12;
    if (count != 2)
        return 13;
    rc = stele_store_begin(store);
    if (rc != STELE_ESTORE ||
        strstr(stele_store_error(store)->message, "read-only") == NULL ||
        strcmp(stele_store_error(store)->path, path) != 0)
        return 14;
    stele_store_close(store);
    return 0;
}

static void open_readonly_file(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(f->path, STELE_STORE_CREATE);

    fill_store(store, "doc");
    stele_store_close(store);
    assert_int_equal(chmod(f->path, 0444), 0);
    for (int folder_readonly = 0; folder_readonly < 2; folder_readonly++) {
        pid_t pid;
        int status;

        assert_int_equal(chmod(f->dir, folder_readonly ? 0555 : 0777), 0);
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
            _exit(readonly_child(f->path, folder_readonly));
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    chmod(f->dir, 0700);
    chmod(f->path, 0644);
}

static void open_not_sqlite(void **state)
{
    fixture *f = *state;
    stele_store *store = NULL;
    static const char text[] = "This is a plain text file, not a database. "
                               "It is long enough to have a header......"
                               "................................................";

    write_file(f->path, text, sizeof text - 1);
    assert_int_equal(stele_store_open(&store, f->path, 0), STELE_ESCHEMA);
    assert_non_null(strstr(stele_store_error(store)->message,
                           "not a stele translation memory"));
    assert_string_equal(stele_store_error(store)->path, f->path);
    stele_store_close(store);
    assert_int_equal(stele_store_open(&store, f->path, STELE_STORE_READONLY),
                     STELE_ESCHEMA);
    stele_store_close(store);
}

static void open_other_database(void **state)
{
    fixture *f = *state;
    stele_store *store = NULL;

    sql_exec(f->path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
    assert_int_equal(stele_store_open(&store, f->path, STELE_STORE_CREATE),
                     STELE_ESCHEMA);
    assert_string_equal(stele_store_error(store)->message,
                        "not a stele translation memory (an SQLite database "
                        "of another program)");
    assert_string_equal(stele_store_error(store)->path, f->path);
    stele_store_close(store);
    /* ...and it was left alone. */
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sqlite_schema"),
                     1);
}

static void open_newer_schema(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(f->path, STELE_STORE_CREATE);

    stele_store_close(store);
    sql_exec(f->path, "PRAGMA user_version = 7");
    assert_int_equal(stele_store_open(&store, f->path, 0), STELE_ESCHEMA);
    assert_string_equal(stele_store_error(store)->message,
                        "written by a newer stele (schema 7, this one knows "
                        "up to 6)");
    assert_string_equal(stele_store_error(store)->path, f->path);
    stele_store_close(store);
    assert_int_equal(stele_store_open(&store, f->path, STELE_STORE_READONLY),
                     STELE_ESCHEMA);
    stele_store_close(store);
}

static int count_hits(const stele_search_hit *hit, void *payload)
{
    (void)hit;
    (*(int *)payload)++;
    return 0;
}

/* Schema 1 as stele wrote it: the index kept by triggers. */
static const char schema_v1[] =
    "CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT NOT NULL,"
    "  langs TEXT NOT NULL, hash TEXT, added_at INTEGER NOT NULL,"
    "  UNIQUE (title, langs));"
    "CREATE INDEX documents_hash ON documents(hash);"
    "CREATE TABLE versions (document INTEGER NOT NULL REFERENCES"
    "  documents(id) ON DELETE CASCADE, ordinal INTEGER NOT NULL,"
    "  lang TEXT NOT NULL, path TEXT, hash TEXT,"
    "  PRIMARY KEY (document, ordinal)) WITHOUT ROWID;"
    "CREATE TABLE units (id INTEGER PRIMARY KEY, document INTEGER NOT NULL"
    "  REFERENCES documents(id) ON DELETE CASCADE, confidence REAL NOT NULL,"
    "  created_at INTEGER NOT NULL, digest INTEGER NOT NULL);"
    "CREATE INDEX units_document ON units(document);"
    "CREATE TABLE segments (id INTEGER PRIMARY KEY, document INTEGER NOT NULL"
    "  REFERENCES documents(id) ON DELETE CASCADE, unit INTEGER NOT NULL"
    "  REFERENCES units(id) ON DELETE CASCADE, lang TEXT NOT NULL,"
    "  paragraph INTEGER, position INTEGER NOT NULL, text TEXT NOT NULL,"
    "  src_start INTEGER, src_end INTEGER);"
    "CREATE UNIQUE INDEX segments_position"
    "  ON segments(document, lang, position);"
    "CREATE INDEX segments_unit ON segments(unit);"
    "CREATE VIRTUAL TABLE segments_fts USING fts5(text, lang UNINDEXED,"
    "  content='segments', content_rowid='id', tokenize='stele');"
    "CREATE TRIGGER segments_fts_insert AFTER INSERT ON segments BEGIN"
    "  INSERT INTO segments_fts(rowid, text, lang)"
    "  VALUES (new.id, new.text, new.lang); END;"
    "CREATE TRIGGER segments_fts_delete AFTER DELETE ON segments BEGIN"
    "  INSERT INTO segments_fts(segments_fts, rowid, text, lang)"
    "  VALUES ('delete', old.id, old.text, old.lang); END;"
    "PRAGMA application_id = 1398031692; PRAGMA user_version = 1;"
    "INSERT INTO documents VALUES (1, 'Old', 'en,ru', NULL, 1600000000);"
    "INSERT INTO units VALUES (1, 1, 0.8, 1600000000, 0);"
    "INSERT INTO segments VALUES (1, 1, 1, 'en', 0, 0, 'Old weapons.', 0, 12);"
    "INSERT INTO segments VALUES (2, 1, 1, 'ru', 0, 0, 'Старое оружие.', 0,"
    "  26);";

static void check_fts(const char *path);

typedef struct unit_list {
    int count;
    char text[4096]; /* "lang=text|lang=text\n" per unit */
    double confidence[32];
    int64_t ids[32];
    int flagged[32];
    char paragraphs[32][16]; /* "p,p" per unit */
} unit_list;

static int collect_unit(const stele_store_unit *unit, void *payload);

/* Schema 2 is schema 1 without the triggers. */
static const char schema_v2_from_v1[] =
    "DROP TRIGGER segments_fts_insert; DROP TRIGGER segments_fts_delete;"
    "PRAGMA user_version = 2;";

/* Write a store of schema @p version (1 or 2) as that stele did, open it
 * with this one and check that it was migrated and still works. */
static void check_migration(const char *path, int version)
{
    sqlite3 *db = NULL;
    stele_store *store;
    static const char *const langs[] = { "en", "ru" };
    static const char *const texts[] = { "New weapons.", "Новое оружие." };
    char expected[64];
    unit_list units = { 0 };
    int64_t doc;
    int created, n = 0;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(stele__sqlite_register_tokenizer(db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, schema_v1, NULL, NULL, NULL),
                     SQLITE_OK);
    if (version == 2)
        assert_int_equal(sqlite3_exec(db, schema_v2_from_v1, NULL, NULL,
                                      NULL),
                         SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(sql_int(path, "PRAGMA user_version"), version);

    /* Read-only, it cannot be upgraded, and says so. */
    store = NULL;
    assert_int_equal(stele_store_open(&store, path, STELE_STORE_READONLY),
                     STELE_ESCHEMA);
    snprintf(expected, sizeof expected, "schema %d must be upgraded to %d",
             version, STELE_SCHEMA_VERSION);
    assert_non_null(strstr(stele_store_error(store)->message, expected));
    stele_store_close(store);

    store = open_upgraded(path);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_schema "
                                   "WHERE type = 'trigger'"),
                     0);
    /* Schema 3's column, with old units unflagged. */
    assert_int_equal(sql_int(path, "SELECT count(*) FROM units "
                                   "WHERE flagged = 0"),
                     1);
    assert_int_equal(stele_store_units_each(store, NULL, collect_unit,
                                            &units),
                     STELE_OK);
    assert_string_equal(units.text, "en=Old weapons.|ru=Старое оружие.\n");
    assert_int_equal(units.flagged[0], 0);
    assert_int_equal(stele_search(store, "оружие", NULL, count_hits, &n),
                     STELE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(stele_store_begin(store), STELE_OK);
    assert_int_equal(stele_store_doc_add(store, "Old", langs, 2, NULL, NULL,
                                         &doc, &created),
                     STELE_OK);
    assert_int_equal(created, 0);
    assert_int_equal(stele_store_unit_add(store, doc, langs, texts, 2, 1, 0,
                                          NULL),
                     STELE_OK);
    assert_int_equal(stele_store_commit(store), STELE_OK);
    n = 0;
    assert_int_equal(stele_search(store, "оружие", NULL, count_hits, &n),
                     STELE_OK);
    assert_int_equal(n, 2);
    assert_int_equal(sql_int(path, "SELECT max(position) FROM segments "
                                   "WHERE lang = 'ru'"),
                     1);
    stele_store_close(store);
    check_fts(path);
    /* Opening again finds nothing to do. */
    store = open_store(path, STELE_STORE_READONLY);
    stele_store_close(store);
}

static void open_migrates_schema_1(void **state)
{
    check_migration(((fixture *)*state)->path, 1);
}

static void open_migrates_schema_2(void **state)
{
    check_migration(((fixture *)*state)->path, 2);
}

static stele_document *make_doc(const char *lang, const char *const *lines,
                                size_t n);

/* Schema 3 hashed each sentence of a unit apart; schema 4 hashes the
 * joined text of each language, as units_each (and so a TMX export)
 * hands it out, and the migration rehashes the old units: a unit of two
 * English sentences, read back and added again, is then merged. */
static void open_migrates_schema_3_digests(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(f->path, STELE_STORE_CREATE);
    static const char *const en[] = { "One.", "Two." };
    static const char *const ru[] = { "Один и два." };
    static const char *const langs[] = { "en", "ru" };
    static const char *const texts[] = { "One. Two.", "Один и два." };
    stele_unit unit = { { 0, 0 }, { 2, 1 }, 0.9, 0 };
    stele_document *docs[2];
    int64_t doc = 0, unit_id = 0, again = 0;
    int created = 1;

    docs[0] = make_doc("en", en, 2);
    docs[1] = make_doc("ru", ru, 1);
    assert_int_equal(stele_store_add_units(
                         store, "Story", (const stele_document *const *)docs,
                         NULL, 2, &unit, 1, &doc, NULL),
                     STELE_OK);
    stele_store_close(store);
    unit_id = sql_int(f->path, "SELECT id FROM units");
    sql_exec(f->path, back_to_schema_5);
    sql_exec(f->path, "UPDATE units SET digest = 12345;"
                      "DROP INDEX units_document;"
                      "CREATE INDEX units_document ON units(document);"
                      "PRAGMA user_version = 3;");

    store = open_upgraded(f->path);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM units "
                                      "WHERE digest = 12345"),
                     0);
    assert_true(schema_sql_has(f->path, "units_document", "digest"));
    assert_int_equal(stele_store_begin(store), STELE_OK);
    assert_int_equal(stele_store_doc_add(store, "Story", langs, 2, NULL,
                                         NULL, &doc, &created),
                     STELE_OK);
    assert_int_equal(created, 0);
    assert_int_equal(stele_store_unit_add(store, doc, langs, texts, 2, 0.5,
                                          0, &again),
                     STELE_OK);
    assert_int_equal(stele_store_commit(store), STELE_OK);
    assert_int_equal(again, unit_id);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM units"), 1);
    stele_store_close(store);
    stele_document_free(docs[0]);
    stele_document_free(docs[1]);
}

static void open_postgresql_not_built(void **state)
{
    stele_store *store = NULL;

    (void)state;
    assert_int_equal(stele_store_open(&store, "postgresql://db/tm", 0),
                     STELE_EINVAL);
    assert_non_null(strstr(stele_store_error(store)->message,
                           "PostgreSQL backend is not built"));
    stele_store_close(store);
    assert_int_equal(stele_store_open(&store, "", 0), STELE_EINVAL);
    stele_store_close(store);
}

/* stele_store_remove takes the store and what SQLite keeps beside it,
 * is content when there is nothing, and never takes a folder. */
static void remove_takes_the_store_and_its_companions(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(f->path, STELE_STORE_CREATE);
    stele_error err;
    char wal[300], shm[300];
    struct stat st;

    stele_store_close(store);
    snprintf(wal, sizeof wal, "%s-wal", f->path);
    snprintf(shm, sizeof shm, "%s-shm", f->path);
    write_file(wal, "x", 1);
    write_file(shm, "x", 1);
    assert_int_equal(stele_store_remove(f->path, &err), 0);
    assert_int_equal(access(f->path, F_OK), -1);
    assert_int_equal(access(wal, F_OK), -1);
    assert_int_equal(access(shm, F_OK), -1);
    assert_int_equal(stele_store_remove(f->path, &err), 0);

    assert_int_equal(stele_store_remove(f->dir, &err), STELE_EINVAL);
    assert_string_equal(err.message, "is a folder, not a translation memory");
    assert_string_equal(err.path, f->dir);
    assert_int_equal(stat(f->dir, &st), 0);
    assert_int_equal(stele_store_remove("", &err), STELE_EINVAL);
    assert_int_equal(stele_store_remove("postgresql://db/tm", &err),
                     STELE_EINVAL);
}

static int count_units(const stele_store_unit *unit, void *payload)
{
    (void)unit;
    (*(int *)payload)++;
    return 0;
}

static void corrupted_store_fails_cleanly(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(f->path, STELE_STORE_CREATE);
    char copy[160];
    struct stat st;
    unsigned seed = 12345;
    int detected = 0;

    for (int i = 0; i < 20; i++) {
        char title[32];
        snprintf(title, sizeof title, "doc %d", i);
        fill_store(store, title);
    }
    stele_store_close(store); /* checkpoints the WAL into the file */
    assert_int_equal(stat(f->path, &st), 0);
    assert_true(st.st_size > 8 * 4096);

    snprintf(copy, sizeof copy, "%s/copy.db", f->dir);
    /* Damage pages after the first (the header page decides "is it
     * SQLite"), in 30 different ways; each must end in an error, never a
     * crash. */
    for (int round = 0; round < 30; round++) {
        FILE *in = fopen(f->path, "rb");
        unsigned char *data = malloc((size_t)st.st_size);
        int hits = 0, rc;

        assert_non_null(in);
        assert_non_null(data);
        assert_int_equal(fread(data, 1, (size_t)st.st_size, in),
                         (size_t)st.st_size);
        fclose(in);
        for (int k = 0; k < 64; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = 4096 + (seed >> 8) % ((size_t)st.st_size - 4096);
            data[at] ^= (unsigned char)(1 + (seed >> 3) % 255);
        }
        write_file(copy, data, (size_t)st.st_size);
        free(data);
        store = NULL;
        rc = stele_store_open(&store, copy, 0);
        if (rc == STELE_OK) {
            /* Bytes of text or of the search index are not structure:
             * the check may pass; when it fails, it says so. */
            rc = stele_store_check(store);
            assert_true(rc == STELE_OK || rc == STELE_ECORRUPT);
            if (rc == STELE_ECORRUPT) {
                detected++;
                assert_non_null(strstr(stele_store_error(store)->message,
                                       "corrupt"));
                assert_string_equal(stele_store_error(store)->path, copy);
            }
            /* Reading may or may not fail; it must not crash. */
            stele_search(store, "CSTO", NULL, count_hits, &hits);
            stele_store_units_each(store, NULL, count_units, &hits);
        } else {
            assert_true(rc == STELE_ECORRUPT || rc == STELE_ESCHEMA ||
                        rc == STELE_ESTORE);
            detected++;
            assert_string_equal(stele_store_error(store)->path, copy);
        }
        stele_store_close(store);
        unlink(copy);
    }

    fprintf(stderr, "corrupted: %d of 30 damaged copies detected\n",
            detected);
    assert_true(detected >= 10);

    /* One flipped byte: the page-type byte of the segments table's root
     * page. Opening reads only the schema page, so it succeeds; the
     * check finds the damage and names the file. */
    {
        int64_t root = sql_int(f->path, "SELECT rootpage FROM sqlite_schema "
                                        "WHERE name = 'segments'");
        int64_t page_size = sql_int(f->path, "PRAGMA page_size");
        FILE *in = fopen(f->path, "rb");
        unsigned char *data = malloc((size_t)st.st_size);

        assert_true(root > 1);
        assert_non_null(in);
        assert_non_null(data);
        assert_int_equal(fread(data, 1, (size_t)st.st_size, in),
                         (size_t)st.st_size);
        fclose(in);
        data[(root - 1) * page_size] ^= 0xFF;
        write_file(copy, data, (size_t)st.st_size);
        free(data);
        store = open_store(copy, 0);
        assert_int_equal(stele_store_check(store), STELE_ECORRUPT);
        assert_string_equal(stele_store_error(store)->path, copy);
        assert_non_null(strstr(stele_store_error(store)->message,
                               "the translation memory is corrupt"));
        stele_store_close(store);
        unlink(copy);
    }

    /* A damaged header: not a database any more. */
    {
        FILE *in = fopen(f->path, "rb");
        unsigned char page[4096];

        assert_non_null(in);
        assert_int_equal(fread(page, 1, sizeof page, in), sizeof page);
        fclose(in);
        memset(page, 0x5A, 32);
        write_file(copy, page, sizeof page);
        store = NULL;
        assert_int_equal(stele_store_open(&store, copy, 0), STELE_ESCHEMA);
        assert_string_equal(stele_store_error(store)->path, copy);
        stele_store_close(store);
    }
}

/* ------------------------------------------------------------------ */
/* Writing and reading                                                 */
/* ------------------------------------------------------------------ */

typedef struct doc_list {
    int count;
    int64_t ids[16];
    size_t units[16];
    char titles[16][64];
    char langs[16][64];
    int64_t added_at[16];
} doc_list;

static int collect_doc(const stele_store_doc *doc, void *payload)
{
    doc_list *l = payload;

    if (l->count == 16)
        return 0;
    l->ids[l->count] = doc->id;
    l->units[l->count] = doc->units;
    l->added_at[l->count] = doc->added_at;
    snprintf(l->titles[l->count], 64, "%s", doc->title);
    l->langs[l->count][0] = '\0';
    for (size_t i = 0; i < doc->nlangs; i++) {
        if (i > 0)
            strcat(l->langs[l->count], " ");
        strcat(l->langs[l->count], doc->langs[i]);
    }
    l->count++;
    return 0;
}

static int collect_unit(const stele_store_unit *unit, void *payload)
{
    unit_list *l = payload;
    size_t used = strlen(l->text);

    if (l->count < 32) {
        size_t p = 0;

        l->confidence[l->count] = unit->confidence;
        l->ids[l->count] = unit->unit_id;
        l->flagged[l->count] = unit->flagged;
        assert_int_equal(unit->paragraph, unit->paragraphs[0]);
        for (size_t i = 0; i < unit->nlangs; i++)
            p += (size_t)snprintf(l->paragraphs[l->count] + p,
                                  sizeof l->paragraphs[0] - p, "%s%u",
                                  i > 0 ? "," : "",
                                  (unsigned)unit->paragraphs[i]);
    }
    for (size_t i = 0; i < unit->nlangs; i++)
        used += (size_t)snprintf(l->text + used, sizeof l->text - used,
                                 "%s%s=%s", i > 0 ? "|" : "",
                                 unit->langs[i], unit->texts[i]);
    snprintf(l->text + used, sizeof l->text - used, "\n");
    l->count++;
    return 0;
}

static void lower_api_roundtrip(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(f->path, STELE_STORE_CREATE);
    static const char *const langs[] = { "en", "fr" };
    static const char *const paths[] = { "/x/a.en.txt", "/x/a.fr.txt" };
    const char *texts[2];
    doc_list docs = { 0 };
    unit_list units = { 0 };
    stele_unit_filter filter = STELE_UNIT_FILTER_INIT;
    static const char *const only_fr[] = { "fr" };
    int64_t doc, doc2, unit, unit2;
    int created = -1;
    time_t now = time(NULL);

    assert_int_equal(stele_store_begin(store), STELE_OK);
    assert_int_equal(stele_store_doc_add(store, "Greetings", langs, 2, paths,
                                         "abc", &doc, &created),
                     STELE_OK);
    assert_int_equal(created, 1);
    texts[0] = "Hello.";
    texts[1] = "Bonjour.";
    assert_int_equal(stele_store_unit_add(store, doc, langs, texts, 2, 0.75,
                                          1700000000, &unit),
                     STELE_OK);
    texts[0] = "Good night.";
    texts[1] = NULL; /* a unit with one language */
    assert_int_equal(stele_store_unit_add(store, doc, langs, texts, 2, 0.25,
                                          0, NULL),
                     STELE_OK);
    texts[0] = "Thanks.";
    texts[1] = "Merci.";
    assert_int_equal(stele_store_unit_add(store, doc, langs, texts, 2, 1.0,
                                          0, NULL),
                     STELE_OK);
    /* The same unit again is the same unit. */
    texts[0] = "Hello.";
    texts[1] = "Bonjour.";
    assert_int_equal(stele_store_unit_add(store, doc, langs, texts, 2, 0.5,
                                          0, &unit2),
                     STELE_OK);
    assert_int_equal(unit2, unit);
    assert_int_equal(stele_store_commit(store), STELE_OK);

    /* The same document again: found, and its units merged. */
    assert_int_equal(stele_store_begin(store), STELE_OK);
    assert_int_equal(stele_store_doc_add(store, "Greetings", langs, 2, NULL,
                                         NULL, &doc2, &created),
                     STELE_OK);
    assert_int_equal(created, 0);
    assert_int_equal(doc2, doc);
    assert_int_equal(stele_store_unit_add(store, doc, langs, texts, 2, 0.5,
                                          0, &unit2),
                     STELE_OK);
    assert_int_equal(unit2, unit);
    texts[0] = "Bye.";
    texts[1] = "Salut.";
    assert_int_equal(stele_store_unit_add(store, doc, langs, texts, 2, 0.5,
                                          0, NULL),
                     STELE_OK);
    assert_int_equal(stele_store_commit(store), STELE_OK);

    assert_int_equal(stele_store_docs_each(store, collect_doc, &docs),
                     STELE_OK);
    assert_int_equal(docs.count, 1);
    assert_string_equal(docs.titles[0], "Greetings");
    assert_string_equal(docs.langs[0], "en fr");
    assert_int_equal(docs.units[0], 4);
    assert_true(docs.added_at[0] >= now - 5 && docs.added_at[0] <= now + 5);

    /* Units in order; the one-language unit only with keep_single. */
    assert_int_equal(stele_store_units_each(store, NULL, collect_unit,
                                            &units),
                     STELE_OK);
    assert_string_equal(units.text, "en=Hello.|fr=Bonjour.\n"
                                    "en=Thanks.|fr=Merci.\n"
                                    "en=Bye.|fr=Salut.\n");
    assert_true(units.confidence[0] == 0.75);

    memset(&units, 0, sizeof units);
    filter.keep_single = 1;
    filter.min_confidence = 0.2;
    assert_int_equal(stele_store_units_each(store, &filter, collect_unit,
                                            &units),
                     STELE_OK);
    assert_int_equal(units.count, 4);
    assert_non_null(strstr(units.text, "en=Good night.\n"));

    memset(&units, 0, sizeof units);
    filter.keep_single = 0;
    filter.min_confidence = 0.8;
    assert_int_equal(stele_store_units_each(store, &filter, collect_unit,
                                            &units),
                     STELE_OK);
    assert_string_equal(units.text, "en=Thanks.|fr=Merci.\n");

    memset(&units, 0, sizeof units);
    filter.min_confidence = 0;
    filter.langs = only_fr;
    filter.nlangs = 1;
    filter.doc_id = doc;
    assert_int_equal(stele_store_units_each(store, &filter, collect_unit,
                                            &units),
                     STELE_OK);
    assert_string_equal(units.text, "fr=Bonjour.\nfr=Merci.\nfr=Salut.\n");

    filter.doc_id = doc + 100;
    memset(&units, 0, sizeof units);
    assert_int_equal(stele_store_units_each(store, &filter, collect_unit,
                                            &units),
                     STELE_OK);
    assert_int_equal(units.count, 0);

    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM versions "
                                      "WHERE path = '/x/a.fr.txt'"),
                     1);
    assert_int_equal(sql_int(f->path, "SELECT created_at FROM units "
                                      "ORDER BY id LIMIT 1"),
                     1700000000);
    stele_store_close(store);
}

static int stop_after_one(const stele_store_unit *unit, void *payload)
{
    (void)unit;
    (*(int *)payload)++;
    return 42;
}

static void transactions_are_checked(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(f->path, STELE_STORE_CREATE);
    static const char *const langs[] = { "en", "de" };
    static const char *const texts[] = { "One.", "Eins." };
    static const char *const bad_langs[] = { "en", "xx" };
    static const char *const twice[] = { "en", "en" };
    int64_t doc;
    int created, calls = 0;
    doc_list docs = { 0 };

    assert_int_equal(stele_store_unit_add(store, 1, langs, texts, 2, 1, 0,
                                          NULL),
                     STELE_EINVAL);
    assert_non_null(strstr(stele_store_error(store)->message,
                           "no transaction"));
    assert_int_equal(stele_store_commit(store), STELE_EINVAL);
    assert_int_equal(stele_store_begin(store), STELE_OK);
    assert_int_equal(stele_store_begin(store), STELE_EINVAL);
    assert_int_equal(stele_store_doc_add(store, "A", twice, 2, NULL, NULL,
                                         &doc, &created),
                     STELE_EINVAL);
    assert_int_equal(stele_store_doc_add(store, "", langs, 2, NULL, NULL,
                                         &doc, &created),
                     STELE_EINVAL);
    assert_int_equal(stele_store_doc_add(store, "A", langs, 2, NULL, NULL,
                                         &doc, &created),
                     STELE_OK);
    assert_int_equal(stele_store_unit_add(store, doc, bad_langs, texts, 2, 1,
                                          0, NULL),
                     STELE_EINVAL);
    assert_non_null(strstr(stele_store_error(store)->message,
                           "no language 'xx'"));
    assert_int_equal(stele_store_unit_add(store, doc + 7, langs, texts, 2, 1,
                                          0, NULL),
                     STELE_ENOTFOUND);
    assert_int_equal(stele_store_unit_add(store, doc, langs, texts, 2, 1.5,
                                          0, NULL),
                     STELE_EINVAL);
    assert_int_equal(stele_store_unit_add(store, doc, langs, texts, 2, 1, 0,
                                          NULL),
                     STELE_OK);
    stele_store_rollback(store);
    stele_store_rollback(store); /* never fails */
    assert_int_equal(stele_store_docs_each(store, collect_doc, &docs),
                     STELE_OK);
    assert_int_equal(docs.count, 0);

    /* A transaction left open is rolled back by close. */
    assert_int_equal(stele_store_begin(store), STELE_OK);
    assert_int_equal(stele_store_doc_add(store, "B", langs, 2, NULL, NULL,
                                         &doc, &created),
                     STELE_OK);
    assert_int_equal(stele_store_unit_add(store, doc, langs, texts, 2, 1, 0,
                                          NULL),
                     STELE_OK);
    stele_store_close(store);
    store = open_store(f->path, 0);
    assert_int_equal(stele_store_docs_each(store, collect_doc, &docs),
                     STELE_OK);
    assert_int_equal(docs.count, 0);

    /* A nonzero return from the callback stops and is returned. */
    fill_store(store, "C");
    assert_int_equal(stele_store_units_each(store, NULL, stop_after_one,
                                            &calls),
                     42);
    assert_int_equal(calls, 1);
    stele_store_close(store);
}

static stele_document *make_doc(const char *lang, const char *const *lines,
                                size_t n)
{
    stele_document *doc = NULL;
    uint64_t at = 0;

    assert_int_equal(stele_document_new(&doc, lang, "x.txt"), STELE_OK);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(stele_document_append(doc, lines[i],
                                               strlen(lines[i]),
                                               (uint32_t)(i / 2), at,
                                               at + strlen(lines[i])),
                         STELE_OK);
        at += strlen(lines[i]) + 1;
    }
    return doc;
}

static void add_units_is_idempotent_and_replaces(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(f->path, STELE_STORE_CREATE);
    static const char *const en1[] = { "One.", "Two.", "Three." };
    static const char *const ru1[] = { "Один.", "Два и три." };
    static const char *const en2[] = { "One!", "Two.", "Three.", "Four." };
    static const char *const ru2[] = { "Один!", "Два и три.", "Четыре." };
    static const char *const paths[] = { "/tmp/story.en.txt",
                                         "/tmp/story.ru.txt" };
    stele_unit units1[2] = { { { 0, 0 }, { 1, 1 }, 0.9, 0 },
                             { { 1, 1 }, { 2, 1 }, 0.3, 1 } };
    stele_unit units2[3] = { { { 0, 0 }, { 1, 1 }, 0.9, 0 },
                             { { 1, 1 }, { 2, 1 }, 0.6, 0 },
                             { { 3, 2 }, { 1, 1 }, 0.8, 0 } };
    stele_document *docs1[2], *docs2[2];
    int64_t id1 = 0, id2 = 0, id3 = 0;
    int outcome = 0;
    doc_list docs = { 0 };
    unit_list units = { 0 };
    int hits = 0;

    docs1[0] = make_doc("en", en1, 3);
    docs1[1] = make_doc("ru", ru1, 2);
    docs2[0] = make_doc("en", en2, 4);
    docs2[1] = make_doc("ru", ru2, 3);

    assert_int_equal(stele_store_add_units(
                         store, NULL, (const stele_document *const *)docs1,
                         paths, 2, units1, 2, &id1, &outcome),
                     STELE_OK);
    assert_int_equal(outcome, STELE_STORE_ADDED);
    assert_int_equal(stele_store_add_units(
                         store, NULL, (const stele_document *const *)docs1,
                         paths, 2, units1, 2, &id2, &outcome),
                     STELE_OK);
    assert_int_equal(outcome, STELE_STORE_UNCHANGED);
    assert_int_equal(id2, id1);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM segments"), 5);

    assert_int_equal(stele_store_docs_each(store, collect_doc, &docs),
                     STELE_OK);
    assert_int_equal(docs.count, 1);
    assert_string_equal(docs.titles[0], "story.en.txt");
    assert_int_equal(docs.units[0], 2);
    assert_int_equal(stele_store_units_each(store, NULL, collect_unit,
                                            &units),
                     STELE_OK);
    assert_string_equal(units.text, "en=One.|ru=Один.\n"
                                    "en=Two. Three.|ru=Два и три.\n");
    /* The aligner's flag, and each version's paragraph (make_doc puts
     * two sentences per paragraph): en "Two." is in 0, ru "Два" in 0;
     * unit 0 starts paragraph 0 in both. */
    assert_int_equal(units.flagged[0], 0);
    assert_int_equal(units.flagged[1], 1);
    assert_string_equal(units.paragraphs[0], "0,0");
    assert_string_equal(units.paragraphs[1], "0,0");
    assert_int_equal(sql_int(f->path, "SELECT src_start FROM segments "
                                      "WHERE text = 'Two.'"),
                     5);
    assert_int_equal(sql_int(f->path, "SELECT position FROM segments "
                                      "WHERE text = 'Three.'"),
                     2);

    /* Changed texts, same title and languages: replaced. */
    assert_int_equal(stele_store_add_units(
                         store, NULL, (const stele_document *const *)docs2,
                         paths, 2, units2, 3, &id3, &outcome),
                     STELE_OK);
    assert_int_equal(outcome, STELE_STORE_REPLACED);
    assert_int_equal(id3, id1);
    memset(&units, 0, sizeof units);
    assert_int_equal(stele_store_units_each(store, NULL, collect_unit,
                                            &units),
                     STELE_OK);
    assert_string_equal(units.text, "en=One!|ru=Один!\n"
                                    "en=Two. Three.|ru=Два и три.\n"
                                    "en=Four.|ru=Четыре.\n");
    assert_string_equal(units.paragraphs[2], "1,1");
    assert_int_equal(units.flagged[1], 0);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM segments"), 7);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM units"), 3);
    /* The old sentences left the index with their rows. */
    assert_int_equal(stele_search(store, "one", NULL, count_hits, &hits),
                     STELE_OK);
    assert_int_equal(hits, 1);
    hits = 0;
    assert_int_equal(stele_search(store, "четыре", NULL, count_hits, &hits),
                     STELE_OK);
    assert_int_equal(hits, 1);

    /* The first version again: replaced back, under its own title. */
    assert_int_equal(stele_store_add_units(
                         store, "Story", (const stele_document *const *)docs1,
                         paths, 2, units1, 2, &id2, &outcome),
                     STELE_OK);
    assert_int_equal(outcome, STELE_STORE_ADDED);
    assert_true(id2 != id1);

    /* A unit pointing past the end is refused, and nothing is kept. */
    {
        stele_unit bad[1] = { { { 0, 0 }, { 9, 1 }, 0.9, 0 } };

        assert_int_equal(stele_store_add_units(
                             store, "Bad",
                             (const stele_document *const *)docs2, NULL, 2,
                             bad, 1, NULL, NULL),
                         STELE_EINVAL);
        bad[0].count[1] = 0;
        bad[0].confidence = 1.5;
        assert_int_equal(stele_store_add_units(
                             store, "Bad",
                             (const stele_document *const *)docs2, NULL, 2,
                             bad, 1, NULL, NULL),
                         STELE_EINVAL);
        assert_int_equal(sql_int(f->path, "SELECT count(*) FROM documents "
                                          "WHERE title = 'Bad'"),
                         0);
    }

    for (int k = 0; k < 2; k++) {
        stele_document_free(docs1[k]);
        stele_document_free(docs2[k]);
    }
    stele_store_close(store);
    check_fts(f->path); /* replacing removed the old index entries */
}

/* ------------------------------------------------------------------ */
/* Tokenizer                                                           */
/* ------------------------------------------------------------------ */

typedef struct token_text {
    char buf[2048];
    size_t used;
} token_text;

static int append_token(void *payload, const char *token, size_t length,
                        size_t start, size_t end, int kind)
{
    token_text *t = payload;

    t->used += (size_t)snprintf(t->buf + t->used, sizeof t->buf - t->used,
                                "%s%.*s@%zu-%zu%s", t->used > 0 ? " " : "",
                                (int)length, token, start, end,
                                kind == STELE_TOKEN_CJK ? "'" : "");
    return 0;
}

static const char *tokens_of(stele_tokenizer *tk, const char *text,
                             stele_tokenize_mode mode, token_text *t)
{
    t->used = 0;
    t->buf[0] = '\0';
    assert_int_equal(stele__tokenize(tk, text, strlen(text), mode,
                                     append_token, t),
                     0);
    return t->buf;
}

static void tokenizer_words_and_offsets(void **state)
{
    stele_tokenizer *tk = NULL;
    token_text t;
    stele_error err;

    (void)state;
    assert_int_equal(stele__tokenizer_open(&tk, NULL, &err), STELE_OK);
    /* English: UAX #29 words, punctuation dropped, case folded. */
    assert_string_equal(tokens_of(tk, "The CSTO's combat-proven weapons, "
                                      "U.S. 3.14!",
                                  STELE_TOKENIZE_DOCUMENT, &t),
                        "the@0-3 csto's@4-10 combat@11-17 proven@18-24 "
                        "weapons@25-32 u.s@34-37 3.14@39-43");
    /* Russian: case folding, byte offsets. */
    assert_string_equal(tokens_of(tk, "«ОДКБ» — одкб, Ёлка на",
                                  STELE_TOKENIZE_DOCUMENT, &t),
                        "одкб@2-10 одкб@17-25 ёлка@27-35 на@36-40");
    /* Chinese: one token per character (marked ' here), in documents
     * and queries alike. */
    assert_string_equal(tokens_of(tk, "集安组织。", STELE_TOKENIZE_DOCUMENT,
                                  &t),
                        "集@0-3' 安@3-6' 组@6-9' 织@9-12'");
    assert_string_equal(tokens_of(tk, "集安组织", STELE_TOKENIZE_QUERY, &t),
                        "集@0-3' 安@3-6' 组@6-9' 织@9-12'");
    assert_string_equal(tokens_of(tk, "京", STELE_TOKENIZE_QUERY, &t),
                        "京@0-3'");
    /* Mixed scripts in one sentence. */
    assert_string_equal(tokens_of(tk, "普京说CSTO和ОДКБ2024年",
                                  STELE_TOKENIZE_DOCUMENT, &t),
                        "普@0-3' 京@3-6' 说@6-9' csto@9-13 和@13-16' "
                        "одкб2024@16-28 年@28-31'");
    /* NFKC: full-width letters, ligatures, compatibility ideographs. */
    assert_string_equal(tokens_of(tk, "Ｃｓｔｏ ﬁne ＣＳＴＯ",
                                  STELE_TOKENIZE_DOCUMENT, &t),
                        "csto@0-12 fine@13-18 csto@19-31");
    /* Japanese kana with kanji; Thai by ICU's dictionary. */
    assert_string_equal(tokens_of(tk, "東京タワー", STELE_TOKENIZE_QUERY,
                                  &t),
                        "東@0-3' 京@3-6' タ@6-9' ワ@9-12' ー@12-15'");
    assert_string_equal(tokens_of(tk, "ภาษาไทย", STELE_TOKENIZE_QUERY, &t),
                        "ภาษา@0-12 ไทย@12-21");
    /* Nothing to index. */
    assert_string_equal(tokens_of(tk, " ... — !!! ", STELE_TOKENIZE_QUERY,
                                  &t),
                        "");
    /* Invalid UTF-8 separates words. */
    assert_string_equal(tokens_of(tk, "ab\xff\xfe" "cd",
                                  STELE_TOKENIZE_DOCUMENT, &t),
                        "ab@0-2 cd@4-6");
    stele__tokenizer_close(tk);
}

static void tokenizer_ascii_path_matches_icu(void **state)
{
    /* Characters of the fast path, one string each: ASCII of every word
     * class, Cyrillic capitals and small letters from each block of the
     * fold (U+0400-040F, 0410-041F, 0420-042F, 0430-045F), and the
     * separators it knows. */
    static const char *const alphabet[] = {
        "a", "Z", "q", "0", "9", "_", ".", "'", ",", ";", ":", "-", " ",
        "!", "\"", "?", "x", "\t", "/",
        "\xD0\x81" /* Ё */, "\xD0\x8F" /* Џ */, "\xD0\x90" /* А */,
        "\xD0\x99" /* Й */, "\xD0\xA0" /* Р */, "\xD0\xAF" /* Я */,
        "\xD0\xB0" /* а */, "\xD1\x8F" /* я */, "\xD1\x91" /* ё */,
        "\xD1\x9F" /* џ */,
        "\xC2\xA0", "\xC2\xAB", "\xC2\xBB", "\xE2\x80\x94",
        "\xE2\x80\x93", "\xE2\x80\xA6", "\xE2\x80\x9C",
        "\xE2\x80\x9D", "\xE2\x80\x9E", "\xE2\x80\x89",
        "\xE2\x80\xAF" /* not a separator: the scanner hands the text
                            to ICU, and the results must still agree */,
    };
    const size_t nalpha = sizeof alphabet / sizeof *alphabet;
    stele_tokenizer *tk = NULL;
    stele_error err;
    unsigned seed = 7;

    (void)state;
    assert_int_equal(stele__tokenizer_open(&tk, NULL, &err), STELE_OK);
    for (int round = 0; round < 40000; round++) {
        char text[24 * 4];
        size_t n, count;
        token_text fast, icu;

        seed = seed * 1103515245u + 12345u;
        count = 1 + (seed >> 16) % 20;
        n = 0;
        for (size_t i = 0; i < count; i++) {
            const char *c;

            seed = seed * 1103515245u + 12345u;
            /* Half of the rounds are pure ASCII. */
            c = alphabet[(seed >> 16) % (round % 2 == 0 ? 19 : nalpha)];
            memcpy(text + n, c, strlen(c));
            n += strlen(c);
        }
        text[n] = '\0';
        tokens_of(tk, text, STELE_TOKENIZE_DOCUMENT, &fast);
        icu.used = 0;
        icu.buf[0] = '\0';
        assert_int_equal(stele__tokenize_icu_only(tk, text, n, append_token,
                                                  &icu),
                         0);
        if (strcmp(fast.buf, icu.buf) != 0)
            fail_msg("'%s': fast path '%s', ICU '%s'", text, fast.buf,
                     icu.buf);
    }
    stele__tokenizer_close(tk);
}

/* ------------------------------------------------------------------ */
/* Search                                                              */
/* ------------------------------------------------------------------ */

typedef struct hits {
    int count;
    char first[1024];  /* "lang: marked text | other=..." of hit 0 */
    char all[4096];    /* "lang:unit " for every hit */
    double scores[64];
} hits;

static int collect_hit(const stele_search_hit *hit, void *payload)
{
    hits *h = payload;
    size_t used = strlen(h->all);

    if (h->count == 0) {
        size_t at = 0, n = 0;

        n += (size_t)snprintf(h->first, sizeof h->first, "%s: ", hit->lang);
        for (size_t i = 0; i < hit->nspans; i++) {
            const stele_search_span *s = &hit->spans[i];

            assert_true(s->start >= at && s->end > s->start &&
                        s->end <= strlen(hit->text));
            n += (size_t)snprintf(h->first + n, sizeof h->first - n,
                                  "%.*s[%.*s]", (int)(s->start - at),
                                  hit->text + at, (int)(s->end - s->start),
                                  hit->text + s->start);
            at = s->end;
        }
        n += (size_t)snprintf(h->first + n, sizeof h->first - n, "%s",
                              hit->text + at);
        for (size_t i = 0; i < hit->nother; i++)
            n += (size_t)snprintf(h->first + n, sizeof h->first - n,
                                  " | %s=%s", hit->other_langs[i],
                                  hit->other_texts[i]);
        assert_non_null(hit->title);
    }
    if (h->count < 64)
        h->scores[h->count] = hit->score;
    snprintf(h->all + used, sizeof h->all - used, "%s:%lld ", hit->lang,
             (long long)hit->unit_id);
    h->count++;
    return 0;
}

static hits search(stele_store *store, const char *query, const char *lang)
{
    stele_search_options opts = STELE_SEARCH_OPTIONS_INIT;
    hits h;
    int rc;

    memset(&h, 0, sizeof h);
    opts.lang = lang;
    rc = stele_search(store, query, &opts, collect_hit, &h);
    if (rc != STELE_OK)
        fail_msg("search '%s': %d %s", query, rc,
                 stele_store_error(store)->message);
    return h;
}

/* Schema 5 indexes Han characters one by one (not in pairs), with an
 * index of two-character prefixes: the migration makes the index anew
 * for a schema 4 store (here one whose index lost everything, which
 * only a rebuild brings back). */
static void open_migrates_schema_4_index(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(f->path, STELE_STORE_CREATE);
    hits h;

    fill_store(store, "CSTO news");
    stele_store_close(store);
    sql_exec(f->path, back_to_schema_5);
    sql_exec(f->path, "PRAGMA user_version = 4;");
    {
        sqlite3 *db = NULL;

        assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
        assert_int_equal(stele__sqlite_register_tokenizer(db), SQLITE_OK);
        assert_int_equal(sqlite3_exec(db,
                                      "INSERT INTO segments_fts "
                                      "(segments_fts) VALUES ('delete-all');"
                                      "INSERT INTO segments_fts "
                                      "(segments_fts, rank) VALUES "
                                      "('automerge', 4);",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
        sqlite3_close(db);
    }
    store = open_upgraded(f->path);
    assert_int_equal(sql_int(f->path, "SELECT v FROM segments_fts_config "
                                      "WHERE k = 'automerge'"),
                     8);
    assert_true(schema_sql_has(f->path, "segments_fts", "prefix="));
    h = search(store, "京", NULL);
    assert_int_equal(h.count, 1);
    assert_non_null(strstr(h.first, "普[京]表示"));
    h = search(store, "we*", NULL);
    assert_int_equal(h.count, 2);
    stele_store_close(store);
    check_fts(f->path);
}

/* Schema 6 finds a unit's sentences by the range of their ids, kept on
 * the unit, instead of an index of every sentence by unit: the
 * migration works the ranges out, and a schema 5 store reads, searches
 * and takes new units as before. */
static void open_migrates_schema_5_ranges(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(f->path, STELE_STORE_CREATE);
    unit_list before = { 0 }, after = { 0 };
    hits h;
    char first[sizeof h.first];

    fill_store(store, "CSTO news");
    fill_store(store, "CSTO again");
    assert_int_equal(stele_store_units_each(store, NULL, collect_unit,
                                            &before),
                     STELE_OK);
    h = search(store, "京", NULL);
    snprintf(first, sizeof first, "%s", h.first);
    stele_store_close(store);
    sql_exec(f->path, back_to_schema_5);

    store = open_upgraded(f->path);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sqlite_schema "
                                      "WHERE name = 'segments_unit'"),
                     0);
    assert_int_equal(sql_int(f->path,
                             "SELECT count(*) FROM units u WHERE "
                             "segment_min != (SELECT min(id) FROM segments "
                             "WHERE unit = u.id) OR segment_max != "
                             "(SELECT max(id) FROM segments "
                             "WHERE unit = u.id)"),
                     0);
    assert_int_equal(stele_store_units_each(store, NULL, collect_unit,
                                            &after),
                     STELE_OK);
    assert_int_equal(after.count, before.count);
    assert_string_equal(after.text, before.text);
    h = search(store, "京", NULL);
    assert_int_equal(h.count, 2);
    assert_string_equal(h.first, first); /* with its aligned sentences */
    fill_store(store, "CSTO a third time");
    memset(&after, 0, sizeof after);
    assert_int_equal(stele_store_units_each(store, NULL, collect_unit,
                                            &after),
                     STELE_OK);
    assert_int_equal(after.count, before.count + (int)NUNITS);
    h = search(store, "京", NULL);
    assert_int_equal(h.count, 3);
    stele_store_close(store);
    check_fts(f->path);
}

static void search_each_language(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(f->path, STELE_STORE_CREATE);
    hits h;

    fill_store(store, "CSTO news");

    h = search(store, "CSTO", "en");
    assert_int_equal(h.count, 2);
    h = search(store, "csto", "en");
    assert_int_equal(h.count, 2);
    h = search(store, "Ｃｓｔｏ", NULL);
    assert_int_equal(h.count, 2);

    h = search(store, "ОДКБ", NULL);
    assert_int_equal(h.count, 1);
    assert_string_equal(h.first,
                        "ru: [ОДКБ] провела учения с боевым оружием. "
                        "| en=The CSTO held exercises with combat-proven "
                        "weapons. | zh=集安组织举行了使用实战检验武器的演习。");
    h = search(store, "одкб", "ru");
    assert_int_equal(h.count, 1);
    h = search(store, "одкб", "en");
    assert_int_equal(h.count, 0);

    h = search(store, "集安组织", NULL);
    assert_int_equal(h.count, 1);
    assert_string_equal(h.first,
                        "zh: [集安组织]举行了使用实战检验武器的演习。 "
                        "| en=The CSTO held exercises with combat-proven "
                        "weapons. | ru=ОДКБ провела учения с боевым "
                        "оружием.");
    h = search(store, "集体安全条约组织", "zh");
    assert_int_equal(h.count, 1);
    assert_non_null(strstr(h.first, "zh: 普京表示，[集体安全条约组织]已做好"));
    h = search(store, "普京", NULL);
    assert_int_equal(h.count, 1);
    assert_non_null(strstr(h.first, "zh: [普京]表示"));
    assert_non_null(strstr(h.first, "en=Putin said"));
    /* A single character, at the start and at the end of a run. */
    h = search(store, "京", NULL);
    assert_int_equal(h.count, 1);
    assert_non_null(strstr(h.first, "普[京]表示"));
    h = search(store, "器", NULL);
    assert_int_equal(h.count, 2);
    /* Inside a run, across ICU's word boundaries. */
    h = search(store, "检验武器", NULL);
    assert_int_equal(h.count, 1);
    assert_non_null(strstr(h.first, "实战[检验武器]的演习"));
    h = search(store, "组织举行", NULL);
    assert_int_equal(h.count, 1);
    stele_store_close(store);
}

static void search_phrases_prefixes_operators(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(f->path, STELE_STORE_CREATE);
    hits h;

    fill_store(store, "CSTO news");

    h = search(store, "\"combat-proven weapons\"", NULL);
    assert_int_equal(h.count, 1);
    if (strstr(h.first, "with [combat-proven weapons].") == NULL)
        fail_msg("%s", h.first);
    h = search(store, "\"weapons combat-proven\"", NULL);
    assert_int_equal(h.count, 0);
    h = search(store, "combat-proven", NULL);
    assert_int_equal(h.count, 1);
    h = search(store, "«современное оружие»", NULL);
    assert_int_equal(h.count, 1);
    assert_non_null(strstr(h.first, "показали [современное оружие]."));
    h = search(store, "“modern weapons”", NULL);
    assert_int_equal(h.count, 1);
    h = search(store, "„modern weapons“", NULL);
    assert_int_equal(h.count, 1);
    h = search(store, "оруж*", "ru");
    assert_int_equal(h.count, 2);
    h = search(store, "weap*", NULL);
    assert_int_equal(h.count, 2);
    assert_non_null(strstr(h.first, "[weapons]"));
    h = search(store, "\"combat-pro\"*", NULL);
    assert_int_equal(h.count, 1);
    /* Two-letter prefixes have an index of their own; the word of two
     * letters itself is found too. A control character separates words.
     * One Han character as a prefix is that character. */
    {
        static const struct {
            const char *query, *lang;
            int count;
            const char *first; /* in the first hit, or NULL */
        } cases[] = {
            { "we*", NULL, 2, "[weapons]" },
            { "WE*", "en", 2, NULL },
            { "is*", NULL, 1, "Organization [is] ready" },
            { "бо*", NULL, 1, "с [боевым] оружием" },
            { "co*", "en", 2, NULL },
            { "modern we*", NULL, 1, NULL },
            { "we* modern", NULL, 1, NULL },
            { "csto OR we*", "en", 3, NULL },
            { "csto NOT we*", "en", 1, "[CSTO] letters" },
            { "(csto) we*", "en", 1, NULL },
            { "we* (modern OR csto)", "en", 2, NULL },
            { "\"modern we\"*", NULL, 1, NULL },
            { "w*", "en", 3, NULL }, /* with, weapons, were, word */
            { "\x01we", NULL, 0, NULL },
            { "modern\x01weapons", NULL, 1, NULL },
            { "安*", "zh", 2, NULL },
            { "\"织举\"", "zh", 1, "集安组[织举]行了" },
        };

        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
            h = search(store, cases[i].query, cases[i].lang);
            if (h.count != cases[i].count ||
                (cases[i].first != NULL &&
                 strstr(h.first, cases[i].first) == NULL))
                fail_msg("'%s': %d hits, first '%s'", cases[i].query,
                         h.count, h.first);
        }
    }
    /* All words must match; OR, NOT and parentheses as in FTS5. */
    h = search(store, "modern csto", NULL);
    assert_int_equal(h.count, 0);
    h = search(store, "modern AND weapons", NULL);
    assert_int_equal(h.count, 1);
    h = search(store, "modern OR csto", "en");
    assert_int_equal(h.count, 3);
    h = search(store, "weapons NOT modern", NULL);
    assert_int_equal(h.count, 1);
    assert_non_null(strstr(h.first, "[weapons]"));
    assert_null(strstr(h.first, "[modern]"));
    h = search(store, "(modern OR putin) NOT (csto OR security)", "en");
    assert_int_equal(h.count, 1);
    /* FTS5 syntax in the user's text is only text. */
    h = search(store, "NEAR(modern weapons)", NULL);
    assert_int_equal(h.count, 0); /* "near" is a word, not in the text */
    h = search(store, "text:modern", NULL);
    assert_int_equal(h.count, 0);
    h = search(store, "{text lang}: modern", NULL);
    assert_int_equal(h.count, 0);
    h = search(store, "lang:en", NULL);
    assert_int_equal(h.count, 0);
    h = search(store, "^modern +weapons -public", NULL);
    assert_int_equal(h.count, 1);
    h = search(store, "modern ... !!!", NULL); /* punctuation terms dropped */
    assert_int_equal(h.count, 1);
    h = search(store, "\"\"\"modern\"\"\"", NULL);
    assert_int_equal(h.count, 1);
    /* Ranking: best first. */
    h = search(store, "csto OR weapons OR modern", "en");
    assert_int_equal(h.count, 3);
    assert_true(h.scores[0] >= h.scores[1] && h.scores[1] >= h.scores[2]);
    /* Limit. */
    {
        stele_search_options opts = STELE_SEARCH_OPTIONS_INIT;
        int n = 0;

        opts.limit = 1;
        assert_int_equal(stele_search(store, "csto", &opts, count_hits, &n),
                         STELE_OK);
        assert_int_equal(n, 1);
        opts.version = 99;
        assert_int_equal(stele_search(store, "csto", &opts, count_hits, &n),
                         STELE_EINVAL);
    }
    stele_store_close(store);
}

static void expect_query_error(stele_store *store, const char *query,
                               const char *message)
{
    int n = 0;
    int rc = stele_search(store, query, NULL, count_hits, &n);

    if (rc != STELE_EQUERY)
        fail_msg("'%s': expected STELE_EQUERY, got %d (%s)", query, rc,
                 stele_store_error(store)->message);
    assert_string_equal(stele_store_error(store)->message, message);
    assert_int_equal(n, 0);
}

static void search_bad_queries(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(f->path, STELE_STORE_CREATE);
    char *big;
    hits h;
    int n = 0;

    fill_store(store, "CSTO news");
    expect_query_error(store, "\"combat proven", "unbalanced quote in the "
                                                 "query");
    expect_query_error(store, "«оружие", "unbalanced quote in the query");
    expect_query_error(store, "", "the query has no words");
    expect_query_error(store, "   ", "the query has no words");
    expect_query_error(store, "!!! ... — ?", "the query has no words");
    expect_query_error(store, "\"\"", "the query has no words");
    expect_query_error(store, "*", "the query has no words");
    expect_query_error(store, "OR", "the query has no words");
    expect_query_error(store, "OR csto", "OR needs words on both sides");
    expect_query_error(store, "csto AND", "AND needs words on both sides");
    expect_query_error(store, "NOT csto", "NOT needs words on both sides");
    expect_query_error(store, "csto OR OR weapons",
                       "OR needs words on both sides");
    expect_query_error(store, "(csto", "unbalanced parenthesis in the query");
    expect_query_error(store, "csto)", "unbalanced parenthesis in the query");
    expect_query_error(store, "csto ()", "empty parentheses in the query");

    /* Stray closing quotes are punctuation. */
    h = search(store, "csto»", NULL);
    assert_int_equal(h.count, 2);

    /* 10 KB of words: a valid query, answered (nothing has them all). */
    big = malloc(16 * 1024 + 64);
    assert_non_null(big);
    big[0] = '\0';
    while (strlen(big) < 10 * 1024)
        strcat(big, "weapons csto ");
    h = search(store, big, NULL);
    assert_int_equal(h.count, 1);
    /* A 10 KB phrase: too many words to walk. */
    strcpy(big, "\"");
    while (strlen(big) < 10 * 1024)
        strcat(big, "modern weapons ");
    strcat(big, "\"");
    expect_query_error(store, big, "the query has more than 64 different "
                                   "words");
    /* 64 words are answered, 65 are not; repeats are free. */
    big[0] = '\0';
    for (int i = 0; i < 64; i++)
        sprintf(big + strlen(big), "w%d* ", i);
    h = search(store, big, NULL);
    assert_int_equal(h.count, 0);
    strcat(big, "weapons");
    expect_query_error(store, big, "the query has more than 64 different "
                                   "words");
    big[0] = '\0';
    for (int i = 0; i < 2000; i++)
        strcat(big, i % 2 ? "CSTO " : "csto* ");
    h = search(store, big, NULL);
    assert_int_equal(h.count, 2);
    /* Mixed operators keep every term, and count them all. */
    big[0] = '\0';
    for (int i = 0; i < 40; i++)
        strcat(big, "csto OR weapons ");
    strcat(big, "csto");
    expect_query_error(store, big, "the query has more than 64 different "
                                   "words");
    /* Dropping repeats keeps the meaning of OR and of AND. */
    h = search(store, "csto OR weapons OR csto OR modern OR weapons", NULL);
    assert_int_equal(h.count, 3);
    h = search(store, "csto weapons csto AND weapons", NULL);
    assert_int_equal(h.count, 1);
    h = search(store, "csto OR weapons csto", NULL);
    assert_true(h.count >= 1);
    /* 10 KB of punctuation, of operators, of parentheses. */
    memset(big, '!', 10 * 1024);
    big[10 * 1024] = '\0';
    expect_query_error(store, big, "the query has no words");
    big[0] = '\0';
    while (strlen(big) < 10 * 1024)
        strcat(big, "csto OR ");
    strcat(big, "csto");
    h = search(store, big, NULL);
    assert_int_equal(h.count, 2);
    memset(big, '(', 5 * 1024);
    strcpy(big + 5 * 1024, "csto");
    memset(big + 5 * 1024 + 4, ')', 5 * 1024);
    big[10 * 1024 + 4] = '\0';
    expect_query_error(store, big, "the query nests parentheses more than "
                                   "16 deep");
    strcpy(big, "((((((((((((((((csto))))))))))))))))");
    h = search(store, big, NULL);
    assert_int_equal(h.count, 2);
    /* Invalid UTF-8 is named, not dropped. */
    expect_query_error(store, "csto \xFF\xFE",
                       "the query is not valid UTF-8 (at byte 5)");
    expect_query_error(store, "\xC3", "the query is not valid UTF-8 (at "
                                      "byte 0)");
    expect_query_error(store, "cs\xED\xA0\x80to", "the query is not valid "
                                                  "UTF-8 (at byte 2)");
    /* Too long. */
    memset(big, 'a', 16 * 1024 + 10);
    big[16 * 1024 + 10] = '\0';
    n = 0;
    assert_int_equal(stele_search(store, big, NULL, count_hits, &n),
                     STELE_EQUERY);
    assert_non_null(strstr(stele_store_error(store)->message, "too long"));
    free(big);

    /* SQL in the query is only words. */
    h = search(store, "'; DROP TABLE segments; --", NULL);
    assert_int_equal(h.count, 0);
    h = search(store, "csto", NULL);
    assert_int_equal(h.count, 2);
    stele_store_close(store);
}

/* ------------------------------------------------------------------ */
/* Processes                                                           */
/* ------------------------------------------------------------------ */

#define KILL_UNITS 2000

/* Store aligned documents of KILL_UNITS units, each one call of
 * stele_store_add_units (one transaction), forever. */
static void writer_forever(const char *path, int first)
{
    stele_store *store = NULL;
    stele_unit *units = calloc(KILL_UNITS, sizeof *units);
    char title[32], text[160];

    if (units == NULL || stele_store_open(&store, path, 0) != STELE_OK)
        _exit(3);
    for (int u = 0; u < KILL_UNITS; u++) {
        for (int k = 0; k < 3; k++) {
            units[u].first[k] = (uint32_t)u;
            units[u].count[k] = 1;
        }
        units[u].confidence = 0.5;
    }
    for (int d = first;; d++) {
        stele_document *docs[3] = { NULL, NULL, NULL };
        int outcome = 0;

        for (int k = 0; k < 3; k++) {
            if (stele_document_new(&docs[k], LANGS3[k], NULL) != STELE_OK)
                _exit(4);
            for (int u = 0; u < KILL_UNITS; u++) {
                if (k == 0)
                    snprintf(text, sizeof text,
                             "Sentence %d of document %d, weapons.", u, d);
                else if (k == 1)
                    snprintf(text, sizeof text,
                             "Предложение %d документа %d.", u, d);
                else
                    snprintf(text, sizeof text,
                             "集安组织举行了第%d次演习（%d）。", u, d);
                if (stele_document_append(docs[k], text, strlen(text),
                                          (uint32_t)(u / 10), 0,
                                          0) != STELE_OK)
                    _exit(4);
            }
        }
        snprintf(title, sizeof title, "doc %d", d);
        if (stele_store_add_units(store, title,
                                  (const stele_document *const *)docs, NULL,
                                  3, units, KILL_UNITS, NULL,
                                  &outcome) != STELE_OK ||
            outcome != STELE_STORE_ADDED)
            _exit(5);
        for (int k = 0; k < 3; k++)
            stele_document_free(docs[k]);
    }
}

static int check_whole(const stele_store_doc *doc, void *payload)
{
    (void)payload;
    if (doc->units != KILL_UNITS)
        fail_msg("document '%s' has %zu units of %d", doc->title, doc->units,
                 KILL_UNITS);
    return 0;
}

/* The FTS5 index agrees with its content table. */
static void check_fts(const char *path)
{
    sqlite3 *db = NULL;
    char *msg = NULL;
    int rc;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(stele__sqlite_register_tokenizer(db), SQLITE_OK);
    rc = sqlite3_exec(db, "INSERT INTO segments_fts(segments_fts) "
                          "VALUES ('integrity-check')",
                      NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fail_msg("FTS5 integrity-check: %s", msg);
    sqlite3_close(db);
}

static void killed_writer_leaves_store_intact(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(f->path, STELE_STORE_CREATE);
    unsigned seed = (unsigned)time(NULL);
    int kills = 0;

    stele_store_close(store);
    for (int round = 0; round < 25; round++) {
        pid_t pid = fork();
        int status;
        struct timespec pause;

        assert_true(pid >= 0);
        if (pid == 0)
            writer_forever(f->path, round * 1000);
        seed = seed * 1103515245u + 12345u;
        pause.tv_sec = 0;
        pause.tv_nsec = (long)(20 + (seed >> 16) % 180) * 1000000L;
        nanosleep(&pause, NULL);
        kill(pid, SIGKILL);
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (!WIFSIGNALED(status))
            fail_msg("writer exited with %d before the kill",
                     WEXITSTATUS(status));
        kills++;

        store = open_store(f->path, 0);
        assert_int_equal(stele_store_check(store), STELE_OK);
        assert_int_equal(stele_store_docs_each(store, check_whole, NULL),
                         STELE_OK);
        stele_store_close(store);
    }
    assert_int_equal(kills, 25);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM pragma_"
                                      "integrity_check WHERE "
                                      "integrity_check <> 'ok'"),
                     0);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM units") %
                         KILL_UNITS,
                     0);
    check_fts(f->path);
}

/* Add @p n documents of 50 units, one transaction each. */
static int write_documents(const char *path, const char *prefix, int n)
{
    stele_store *store = NULL;
    int rc = stele_store_open(&store, path, 0);

    for (int d = 0; rc == STELE_OK && d < n; d++) {
        char title[32], en[64];
        const char *texts[3] = { en, "Текст.", "文本。" };
        int64_t doc;
        int created;

        snprintf(title, sizeof title, "%s %d", prefix, d);
        rc = stele_store_begin(store);
        if (rc == STELE_OK)
            rc = stele_store_doc_add(store, title, LANGS3, 3, NULL, NULL,
                                     &doc, &created);
        for (int u = 0; rc == STELE_OK && u < 50; u++) {
            snprintf(en, sizeof en, "%s unit %d of %d.", prefix, u, d);
            rc = stele_store_unit_add(store, doc, LANGS3, texts, 3, 1, 0,
                                      NULL);
        }
        if (rc == STELE_OK)
            rc = stele_store_commit(store);
        else
            stele_store_rollback(store);
    }
    if (rc != STELE_OK)
        fprintf(stderr, "writer %s: %s\n", prefix,
                stele_store_error(store)->message);
    stele_store_close(store);
    return rc;
}

static void two_writers_both_succeed(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(f->path, STELE_STORE_CREATE);
    pid_t pids[2];
    doc_list docs = { 0 };

    stele_store_close(store);
    for (int w = 0; w < 2; w++) {
        pids[w] = fork();
        assert_true(pids[w] >= 0);
        if (pids[w] == 0)
            _exit(write_documents(f->path, w == 0 ? "alpha" : "beta", 40) ==
                          STELE_OK
                      ? 0
                      : 1);
    }
    for (int w = 0; w < 2; w++) {
        int status;

        assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    store = open_store(f->path, 0);
    assert_int_equal(stele_store_docs_each(store, collect_doc, &docs),
                     STELE_OK);
    stele_store_close(store);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM documents"), 80);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM units"), 4000);
}

static void reader_during_write(void **state)
{
    fixture *f = *state;
    stele_store *store = open_store(f->path, STELE_STORE_CREATE);
    int ready[2], go[2];
    pid_t pid;
    char byte = 0;
    int status;
    hits h;

    fill_store(store, "CSTO news");
    stele_store_close(store);
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(go), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* Hold a write transaction with uncommitted units until told. */
        stele_store *w = NULL;
        static const char *const texts[3] = { "CSTO again.", "ОДКБ.",
                                              "集安组织。" };
        int64_t doc;
        int created, rc;

        if (stele_store_open(&w, f->path, 0) != STELE_OK ||
            stele_store_begin(w) != STELE_OK ||
            stele_store_doc_add(w, "pending", LANGS3, 3, NULL, NULL, &doc,
                                &created) != STELE_OK)
            _exit(1);
        for (int u = 0; u < 100; u++) {
            char en[64];
            const char *t[3] = { en, texts[1], texts[2] };

            snprintf(en, sizeof en, "CSTO unit %d.", u);
            if (stele_store_unit_add(w, doc, LANGS3, t, 3, 1, 0, NULL) !=
                STELE_OK)
                _exit(2);
        }
        if (write(ready[1], "r", 1) != 1 || read(go[0], &byte, 1) != 1)
            _exit(3);
        rc = stele_store_commit(w) == STELE_OK ? 0 : 4;
        stele_store_close(w);
        _exit(rc);
    }
    assert_int_equal(read(ready[0], &byte, 1), 1);

    /* The writer holds its transaction: reads go on, seeing the old
     * state, without waiting for the busy timeout. */
    {
        time_t t0 = time(NULL);
        stele_store *r = open_store(f->path, STELE_STORE_READONLY);

        for (int i = 0; i < 20; i++) {
            h = search(r, "csto", "en");
            assert_int_equal(h.count, 2);
        }
        stele_store_close(r);
        r = open_store(f->path, 0);
        h = search(r, "csto", "en");
        assert_int_equal(h.count, 2);
        stele_store_close(r);
        assert_true(time(NULL) - t0 < 5);
    }
    assert_int_equal(write(go[1], "g", 1), 1);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    store = open_store(f->path, STELE_STORE_READONLY);
    {
        stele_search_options opts = STELE_SEARCH_OPTIONS_INIT;
        int n = 0;

        opts.limit = 1000;
        assert_int_equal(stele_search(store, "csto", &opts, count_hits, &n),
                         STELE_OK);
        assert_int_equal(n, 102);
    }
    stele_store_close(store);
    close(ready[0]);
    close(ready[1]);
    close(go[0]);
    close(go[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(open_creates_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(open_missing_folder_names_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(open_readonly, setup, teardown),
        cmocka_unit_test_setup_teardown(open_readonly_file, setup, teardown),
        cmocka_unit_test_setup_teardown(open_not_sqlite, setup, teardown),
        cmocka_unit_test_setup_teardown(open_other_database, setup, teardown),
        cmocka_unit_test_setup_teardown(open_newer_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(open_migrates_schema_2, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(open_migrates_schema_5_ranges,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(open_migrates_schema_4_index, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(open_migrates_schema_3_digests,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(open_migrates_schema_1, setup,
                                        teardown),
        cmocka_unit_test(open_postgresql_not_built),
        cmocka_unit_test_setup_teardown(
            remove_takes_the_store_and_its_companions, setup, teardown),
        cmocka_unit_test_setup_teardown(corrupted_store_fails_cleanly, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(lower_api_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(transactions_are_checked, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            add_units_is_idempotent_and_replaces, setup, teardown),
        cmocka_unit_test(tokenizer_words_and_offsets),
        cmocka_unit_test(tokenizer_ascii_path_matches_icu),
        cmocka_unit_test_setup_teardown(search_each_language, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(search_phrases_prefixes_operators,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(search_bad_queries, setup, teardown),
        cmocka_unit_test_setup_teardown(killed_writer_leaves_store_intact,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(two_writers_both_succeed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(reader_during_write, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
