/*
 * store/sqlite_backend.c - the translation memory in one SQLite file.
 *
 * Schema (version 6, in PRAGMA user_version; PRAGMA application_id
 * marks the file as stele's):
 *
 *   documents(id, title, langs, hash, added_at)   UNIQUE(title, langs)
 *       langs is the versions' tags in order, comma-joined ("en,ru,zh");
 *       hash the FNV-1a content hash of all versions (hex), or NULL.
 *   versions(document, ordinal, lang, path, hash)
 *       one row per language version: its source file and content hash.
 *   units(id, document, confidence, flagged, created_at, digest,
 *         segment_min, segment_max)
 *       flagged: the aligner marked the unit for review (confidence
 *       under its threshold). digest: FNV-1a of the unit's texts as
 *       stele_store_units_each hands them out (the sentences of each
 *       language joined), to skip identical units when an import merges
 *       into an existing document; indexed with the document, so that
 *       the check is one lookup and costs no memory. segment_min and
 *       segment_max: every sentence of the unit has an id in between.
 *       A unit's sentences are written together, taking consecutive
 *       sequence numbers, so the range holds them and nothing else;
 *       the readers still ask for segments.unit = the unit, which keeps
 *       them right should a range of an older store hold more.
 *   languages(id, tag)
 *       every language tag of the store (1 to 1023), case-insensitive.
 *   segments(id, document, unit, lang, paragraph, position, text,
 *            src_start, src_end)
 *       every sentence, with its paragraph, its index in its language
 *       version, and its byte span in the source file (NULL if unknown).
 *       A sentence belongs to exactly one unit, so the link is a column,
 *       not a table: one row fewer per sentence to write; and it is not
 *       indexed: a unit's sentences are found by their range of ids
 *       (units.segment_min, segment_max), one B-tree fewer to write per
 *       sentence. The id carries
 *       the language: id = sequence * 1024 + languages.id, so that the
 *       search filters a language on the rowids FTS5 returns, "(rowid &
 *       1023) = ?", without reading any row (an indexed lang column in
 *       FTS5 cost a seek in a posting list of every sentence of that
 *       language per candidate, which doubled the time of a search).
 *   segments_fts: FTS5 over segments.text (external content, written
 *       by the backend next to each sentence, see migrations[1]),
 *       tokenised by stele's tokenizer (tokenize.c: words, and Han and
 *       kana one character per term), with an index of two-character
 *       prefixes (prefix='2'). Without it FTS5 answers a prefix query by
 *       merging the posting lists of every term with that prefix, all
 *       of them however few results are wanted: "ун*" took 0.1 s in
 *       bench_store's million units, a few milliseconds with the index.
 *       Longer prefixes match fewer words and need no index; one letter
 *       ("у*") is not indexed (a term as common as all the words of its
 *       letter) and stays slow. Sentences,
 *       not units, are indexed: the text is stored once, and a unit's hit
 *       is its best sentence. A phrase cannot span two sentences of one
 *       unit.
 *       FTS5's settings (FTS_TUNING) are for imports, which FTS5
 *       dominates: most of an import's time goes to its pending-terms
 *       hash, to sorting that hash into a new segment at every flush and
 *       to merging segments. The hash ("hashsize") is 16 MB, not 1 MB:
 *       four times fewer flushes, segments four times larger, less
 *       merging; "automerge" is 8, not 4: a segment is rewritten about
 *       half as often on its way up the levels, at the price of more
 *       segments for a query to look in. In bench_store (300,000 units)
 *       the import rate went from 0.57 of the baseline's with the
 *       defaults of schema 4 (4 MB, 4) to 0.62 with 4 MB and 8, 0.66
 *       with 16 MB and 4, and 0.71 with both, whose searches were the
 *       fastest too (99th percentile 11 ms, against 40 ms). The larger
 *       hash is paid for by a page cache of 8 MB instead of 32 (a writer
 *       appends; it rereads little): bench_tmx's store stage peaks at 41
 *       MB, against 52 MB with schema 4 (a 32 MB hash made it 64 MB).
 *
 * Writers set secure_delete to FAST (Debian's SQLite builds default it
 * to ON): FTS5's merges free the pages of the segments they replace by
 * the thousand, and ON writes each of them over with zeros, which is
 * I/O that FAST skips; FAST still clears deleted rows on the pages that
 * stay in use.
 *
 * Foreign keys are declared (ON DELETE CASCADE from documents down) but
 * not enforced (SQLite's default, left as it is). Every row is written
 * by this file with its parents just found or written, and a
 * document's sentences, units and versions are deleted here explicitly
 * (doc_clear; the index entries first, S_FTS_DELETE_DOC, since FTS5
 * needs the old text to remove them); enforcing cost two parent lookups
 * per sentence and one per unit, and would have SQLite look for the
 * sentences of every unit deleted, which without segments_unit is a
 * scan of them all.
 *
 * New stores have pages of 16 KB, not 4 (the page size is fixed with
 * the first page, and for good in WAL mode, so older stores keep
 * theirs): a quarter of the pages to split, to write to the WAL and to
 * copy back at the checkpoint, four times fewer system calls for it.
 *
 * Concurrency: WAL journal, busy timeout of STORE_BUSY_MS, and writers
 * start with BEGIN IMMEDIATE, so that readers never wait for a writer,
 * and a second writer waits for the first instead of failing with
 * SQLITE_BUSY half-way through. synchronous=NORMAL: in WAL mode a crash
 * can lose the last commits but never corrupts the file.
 *
 * Migrations: migrations[v] takes a store from schema v to v + 1, run in
 * one transaction on open; schema 0 is an empty file, which gets the
 * current schema directly. A newer schema is refused (STELE_ESCHEMA).
 */
#define _POSIX_C_SOURCE 200809L

#include "sqlite_internal.h"

#include "../util/buf.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>

#define STORE_APPLICATION_ID 0x5354454C /* "STEL" */
#define STORE_BUSY_MS 10000

/* FTS5's settings, chosen for imports (see the header comment). */
#define FTS_TUNING                                                     \
    "INSERT INTO segments_fts (segments_fts, rank)"                    \
    "  VALUES ('hashsize', 16777216);"                                 \
    "INSERT INTO segments_fts (segments_fts, rank)"                    \
    "  VALUES ('automerge', 8);"

#define FTS_SCHEMA                                                     \
    "CREATE VIRTUAL TABLE segments_fts USING fts5("                    \
    "  text, content='segments', content_rowid='id',"                  \
    "  tokenize='stele', prefix='2');"                                 \
    FTS_TUNING

#define SEGMENTS_SCHEMA(name)                                          \
    "CREATE TABLE " name " ("                                          \
    "  id INTEGER PRIMARY KEY,"                                        \
    "  document INTEGER NOT NULL REFERENCES documents(id)"             \
    "    ON DELETE CASCADE,"                                           \
    "  unit INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,"  \
    "  lang TEXT NOT NULL,"                                            \
    "  paragraph INTEGER,"                                             \
    "  position INTEGER NOT NULL,"                                     \
    "  text TEXT NOT NULL,"                                            \
    "  src_start INTEGER,"                                             \
    "  src_end INTEGER);"

#define SEGMENTS_INDEXES                                               \
    "CREATE UNIQUE INDEX segments_position"                            \
    "  ON segments(document, lang, position);"

#define LANGUAGES_SCHEMA                                               \
    "CREATE TABLE languages ("                                         \
    "  id INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 1023),"          \
    "  tag TEXT NOT NULL UNIQUE COLLATE NOCASE);"

static const char schema[] =
    "CREATE TABLE documents ("
    "  id INTEGER PRIMARY KEY,"
    "  title TEXT NOT NULL,"
    "  langs TEXT NOT NULL,"
    "  hash TEXT,"
    "  added_at INTEGER NOT NULL,"
    "  UNIQUE (title, langs));"
    "CREATE INDEX documents_hash ON documents(hash);"
    "CREATE TABLE versions ("
    "  document INTEGER NOT NULL REFERENCES documents(id)"
    "    ON DELETE CASCADE,"
    "  ordinal INTEGER NOT NULL,"
    "  lang TEXT NOT NULL,"
    "  path TEXT,"
    "  hash TEXT,"
    "  PRIMARY KEY (document, ordinal)) WITHOUT ROWID;"
    "CREATE TABLE units ("
    "  id INTEGER PRIMARY KEY,"
    "  document INTEGER NOT NULL REFERENCES documents(id)"
    "    ON DELETE CASCADE,"
    "  confidence REAL NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  digest INTEGER NOT NULL,"
    "  flagged INTEGER NOT NULL DEFAULT 0,"
    "  segment_min INTEGER NOT NULL DEFAULT 0,"
    "  segment_max INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX units_document ON units(document, digest);"
    LANGUAGES_SCHEMA
    SEGMENTS_SCHEMA("segments")
    SEGMENTS_INDEXES
    FTS_SCHEMA;

/* migrations[v]: SQL from schema v to v + 1. Schema 0 is an empty file
 * (it gets the current schema at once). Schema 1 kept segments_fts in
 * step with triggers; but a trigger that writes to FTS5 opens a statement
 * savepoint per row, and FTS5 flushes its pending terms at every
 * savepoint, which made imports 2.5 times slower. Schema 2 drops the
 * triggers; the backend writes the index itself, next to each sentence
 * (unit_add) and before deleting sentences (doc_clear). Schema 3 keeps
 * the aligner's flag on each unit (for review; older units were not
 * flagged) and puts the language into the sentence ids, which means
 * renumbering the sentences (old id * 1024 + language, which keeps
 * their order) and rebuilding the index. Schema 4 indexes the unit
 * digests with their document (dedupe without a table in memory),
 * lowers FTS5's hashsize to 4 MB, and computes digests over each
 * language's joined text, which recompute_digests() redoes for the
 * units stored before (a unit of two English sentences had a digest of
 * its own, different from the same unit read back and imported).
 * Schema 5 indexes Chinese and Japanese by character, not by pairs,
 * adds FTS5's index of two-character prefixes and sets FTS5 for imports
 * (FTS_TUNING): the index is made anew. Schema 6 keeps each unit's
 * range of sentence ids and drops the index of sentences by unit, which
 * an import wrote for every sentence (bench_tmx: with the 16 KB pages
 * of new stores and foreign keys no longer enforced, an import took
 * 0.8 of the time). */
static const char *const migrations[STELE_SCHEMA_VERSION] = {
    NULL,
    "DROP TRIGGER IF EXISTS segments_fts_insert;"
    "DROP TRIGGER IF EXISTS segments_fts_delete;",
    "ALTER TABLE units ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;"
    LANGUAGES_SCHEMA
    "INSERT OR IGNORE INTO languages (tag)"
    "  SELECT DISTINCT lang FROM segments ORDER BY lang;"
    "DROP TABLE segments_fts;"
    SEGMENTS_SCHEMA("segments_new")
    "INSERT INTO segments_new SELECT s.id * 1024 + l.id, s.document,"
    "  s.unit, s.lang, s.paragraph, s.position, s.text, s.src_start,"
    "  s.src_end FROM segments s JOIN languages l ON l.tag = s.lang;"
    "DROP TABLE segments;"
    "ALTER TABLE segments_new RENAME TO segments;"
    SEGMENTS_INDEXES
    "CREATE INDEX segments_unit ON segments(unit);"
    FTS_SCHEMA
    "INSERT INTO segments_fts (segments_fts) VALUES ('rebuild');",
    "DROP INDEX units_document;"
    "CREATE INDEX units_document ON units(document, digest);"
    "INSERT INTO segments_fts (segments_fts, rank)"
    "  VALUES ('hashsize', 4194304);",
    "DROP TABLE segments_fts;"
    FTS_SCHEMA
    "INSERT INTO segments_fts (segments_fts) VALUES ('rebuild');",
    "ALTER TABLE units ADD COLUMN segment_min INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE units ADD COLUMN segment_max INTEGER NOT NULL DEFAULT 0;"
    "UPDATE units SET"
    "  segment_min = coalesce((SELECT min(id) FROM segments"
    "                          WHERE unit = units.id), 0),"
    "  segment_max = coalesce((SELECT max(id) FROM segments"
    "                          WHERE unit = units.id), 0);"
    "DROP INDEX segments_unit;",
};

static const char *const statement_sql[S_STATEMENT_COUNT] = {
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
    [S_DOC_BY_TITLE] =
        "SELECT id, hash FROM documents WHERE title = ?1 AND langs = ?2",
    [S_DOC_BY_HASH] =
        "SELECT id FROM documents WHERE hash = ?1 AND langs = ?2 "
        "ORDER BY id LIMIT 1",
    [S_DOC_INSERT] =
        "INSERT INTO documents (title, langs, hash, added_at) "
        "VALUES (?1, ?2, ?3, ?4)",
    [S_DOC_UPDATE] =
        "UPDATE documents SET hash = ?2, added_at = ?3 WHERE id = ?1",
    [S_DOC_GET] = "SELECT title, langs FROM documents WHERE id = ?1",
    [S_VERSION_DELETE] = "DELETE FROM versions WHERE document = ?1",
    [S_VERSION_INSERT] =
        "INSERT INTO versions (document, ordinal, lang, path, hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5)",
    [S_SEGMENTS_DELETE] = "DELETE FROM segments WHERE document = ?1",
    [S_FTS_DELETE_DOC] =
        "INSERT INTO segments_fts (segments_fts, rowid, text) "
        "SELECT 'delete', id, text FROM segments WHERE document = ?1",
    [S_FTS_INSERT] =
        "INSERT INTO segments_fts (rowid, text) VALUES (?1, ?2)",
    [S_UNITS_DELETE] = "DELETE FROM units WHERE document = ?1",
    [S_UNIT_INSERT] =
        "INSERT INTO units (document, confidence, created_at, digest, "
        "flagged, segment_min, segment_max) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [S_SEGMENT_INSERT] =
        "INSERT INTO segments (document, unit, lang, paragraph, position, "
        "text, src_start, src_end, id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [S_SEGMENT_MAX] = "SELECT max(id) FROM segments",
    [S_LANG_GET] = "SELECT id FROM languages WHERE tag = ?1",
    [S_LANG_INSERT] =
        "INSERT INTO languages (id, tag) SELECT coalesce(max(id), 0) + 1, "
        "?1 FROM languages",
    [S_POSITION_MAX] =
        "SELECT max(position) FROM segments "
        "WHERE document = ?1 AND lang = ?2",
    [S_UNIT_BY_DIGEST] =
        "SELECT id FROM units WHERE document = ?1 AND digest = ?2 LIMIT 1",
    [S_HIT_SEGMENT] =
        "SELECT s.unit, s.lang, u.document, u.confidence, d.title, d.langs "
        "FROM segments s JOIN units u ON u.id = s.unit "
        "JOIN documents d ON d.id = u.document WHERE s.id = ?1",
    [S_UNIT_SEGMENTS] =
        "SELECT s.lang, s.text FROM units u JOIN segments s "
        "ON s.id BETWEEN u.segment_min AND u.segment_max "
        "WHERE u.id = ?1 AND s.unit = ?1 ORDER BY s.id",
};

int stele__text_append(text_buf *buf, const char *text, size_t length)
{
    if (stele__reserve(&buf->data, &buf->cap,
                       buf->length + length + 1) != STELE_OK)
        return STELE_ENOMEM;
    memcpy(buf->data + buf->length, text, length);
    buf->length += length;
    buf->data[buf->length] = '\0';
    return STELE_OK;
}

/*
 * What PRAGMA quick_check says of @p db, on one line, in @p buf: 1 when
 * it found damage (or could not finish), 0 when the file is sound. Its
 * report starts with a "*** in database main ***" line, which names
 * nothing; the lines after it are joined with "; ".
 */
static int quick_check_report(sqlite3 *db, char *buf, size_t size)
{
    sqlite3_stmt *st = NULL;
    size_t used = 0;
    int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(4)", -1, &st, NULL);

    buf[0] = '\0';
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *row = (const char *)sqlite3_column_text(st, 0);

        rc = SQLITE_OK;
        if (row == NULL || strcmp(row, "ok") == 0)
            continue;
        for (const char *line = row; *line != '\0';) {
            size_t n = strcspn(line, "\n");

            if (n > 0 && strncmp(line, "*** in database", 15) != 0 &&
                used + 3 < size) {
                int w = snprintf(buf + used, size - used, "%s%.*s",
                                 used > 0 ? "; " : "", (int)n, line);
                used = w < 0 ? used : used + (size_t)w;
                if (used >= size)
                    used = size - 1;
            }
            line += n + (line[n] == '\n');
        }
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK && used == 0)
        snprintf(buf, size, "%s", sqlite3_errstr(rc));
    sqlite3_finalize(st);
    return buf[0] != '\0';
}

/* Bytes in the file at @p path, 0 when absent. */
static uint64_t file_size(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

/*
 * Why a write failed for lack of room, or NULL when it did not. SQLite
 * reports SQLITE_FULL only for a short write with ENOSPC; a write past
 * the process's file size limit (EFBIG), a quota, or ENOSPC on a whole
 * page come as SQLITE_IOERR, and with a cache larger than the
 * transaction SQLite forgets the OS error by the time it reports. So the
 * errno is asked first, then the limits: the file size limit against the
 * store and its journal, the free space of its folder.
 */
static const char *no_room(stele_store *store)
{
    sqlite_store *s = sqlite_of(store);
    int e = s != NULL && s->db != NULL ? sqlite3_system_errno(s->db) : 0;
    char wal[1100], folder[1024];
    struct rlimit limit;
    struct statvfs fs;
    const char *slash;

    if (e == ENOSPC)
        return "the disk is full";
    if (e == EDQUOT)
        return "the disk quota is used up";
    if (e == EFBIG)
        return "the file may not grow any larger (the limit of ulimit -f)";
    snprintf(wal, sizeof wal, "%s-wal", store->location);
    if (getrlimit(RLIMIT_FSIZE, &limit) == 0 &&
        limit.rlim_cur != RLIM_INFINITY) {
        uint64_t db = file_size(store->location), journal = file_size(wal);
        uint64_t largest = db > journal ? db : journal;

        /* Within a few pages of the limit: the write went past it. */
        if (largest + 256 * 1024 >= (uint64_t)limit.rlim_cur)
            return "the file may not grow any larger (the limit of "
                   "ulimit -f)";
    }
    slash = strrchr(store->location, '/');
    if (slash == NULL)
        snprintf(folder, sizeof folder, ".");
    else
        snprintf(folder, sizeof folder, "%.*s",
                 (int)(slash == store->location ? 1
                                                : slash - store->location),
                 store->location);
    if (statvfs(folder, &fs) == 0 &&
        (uint64_t)fs.f_bavail * fs.f_frsize < 1024 * 1024)
        return "the disk is full";
    return NULL;
}

int stele__sqlite_fail(stele_store *store, int rc, const char *what)
{
    sqlite_store *s = sqlite_of(store);
    char detail[256];
    stele_error *err = &store->error;
    const char *path = store->location;

    /* Copied: quick_check below replaces the connection's message. */
    snprintf(detail, sizeof detail, "%s",
             s != NULL && s->db != NULL ? sqlite3_errmsg(s->db)
                                        : sqlite3_errstr(rc));
    switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return stele_error_set(err, STELE_ESTORE, path, 0, -1,
                               "the translation memory is busy: another "
                               "program held it for more than %d s",
                               STORE_BUSY_MS / 1000);
    case SQLITE_NOMEM:
        return stele_error_set(err, STELE_ENOMEM, path, 0, -1,
                               "out of memory");
    case SQLITE_CORRUPT: {
        /* SQLite's own words ("database disk image is malformed") do not
         * say where: quick_check does, and costs only this failure. */
        char report[256];

        if (s != NULL && s->db != NULL &&
            quick_check_report(s->db, report, sizeof report))
            return stele_error_set(err, STELE_ECORRUPT, path, 0, -1,
                                   "the translation memory is corrupt "
                                   "(quick_check: %s)",
                                   report);
        return stele_error_set(err, STELE_ECORRUPT, path, 0, -1,
                               "the translation memory is corrupt (%s)",
                               detail);
    }
    case SQLITE_NOTADB:
        return stele_error_set(err, STELE_ESCHEMA, path, 0, -1,
                               "not a stele translation memory (not an "
                               "SQLite database)");
    case SQLITE_FULL:
        return stele_error_set(err, STELE_ESTORE, path, 0, -1,
                               "the disk is full");
    case SQLITE_READONLY:
        return stele_error_set(err, STELE_ESTORE, path, 0, -1,
                               "cannot write: the file or its folder is "
                               "read-only");
    case SQLITE_CANTOPEN:
        return stele_error_set(err, STELE_EIO, path, 0, -1,
                               "cannot open the translation memory (%s)",
                               detail);
    case SQLITE_IOERR: {
        const char *room = no_room(store);

        if (room != NULL)
            return stele_error_set(err, STELE_ESTORE, path, 0, -1, "%s",
                                   room);
        return stele_error_set(err, STELE_ESTORE, path, 0, -1,
                               "input/output error while %s (%s)", what,
                               detail);
    }
    default:
        return stele_error_set(err, STELE_ESTORE, path, 0, -1,
                               "%s failed: %s", what, detail);
    }
}

sqlite3_stmt *stele__sqlite_statement(stele_store *store,
                                      sqlite_statement which)
{
    sqlite_store *s = sqlite_of(store);

    if (s->statements[which] == NULL) {
        int rc = sqlite3_prepare_v3(s->db, statement_sql[which], -1,
                                    SQLITE_PREPARE_PERSISTENT,
                                    &s->statements[which], NULL);
        if (rc != SQLITE_OK) {
            stele__sqlite_fail(store, rc, "preparing a statement");
            return NULL;
        }
    }
    return s->statements[which];
}

/* Step a statement that returns no rows, then reset it. */
static int run(stele_store *store, sqlite3_stmt *st, const char *what)
{
    int rc;

    if (st == NULL)
        return store->error.code;
    rc = sqlite3_step(st);
    /* Recorded before the reset, which forgets the OS error behind an
     * I/O failure. */
    rc = rc == SQLITE_DONE || rc == SQLITE_ROW
             ? STELE_OK
             : stele__sqlite_fail(store, rc, what);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

static int exec(stele_store *store, const char *sql, const char *what)
{
    int rc = sqlite3_exec(sqlite_of(store)->db, sql, NULL, NULL, NULL);

    return rc == SQLITE_OK ? STELE_OK : stele__sqlite_fail(store, rc, what);
}

/* One integer from a statement such as "PRAGMA user_version". */
static int query_int(stele_store *store, const char *sql, int64_t *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(sqlite_of(store)->db, sql, -1, &st, NULL);

    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? STELE_OK
                           : stele__sqlite_fail(store, rc,
                                                "reading the schema");
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */
/* ------------------------------------------------------------------ */

/* The file must exist, or its folder must, as @p flags require. */
static int check_location(stele_store *store, unsigned flags)
{
    const char *path = store->location;
    struct stat st;

    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return stele_error_set(&store->error, STELE_EINVAL, path, 0, -1,
                                   "is a folder, not a translation memory");
        return STELE_OK;
    }
    if (errno != ENOENT)
        return stele_error_set(&store->error, STELE_EIO, path, 0, -1,
                               "cannot open: %s", strerror(errno));
    if (!(flags & STELE_STORE_CREATE))
        return stele_error_set(&store->error, STELE_ENOTFOUND, path, 0, -1,
                               "no translation memory here");
    {
        const char *slash = strrchr(path, '/');
        char dir[1024];

        if (slash == NULL || slash == path)
            return STELE_OK;
        if ((size_t)(slash - path) >= sizeof dir)
            return stele_error_set(&store->error, STELE_ETOOBIG, path, 0, -1,
                                   "path is too long");
        memcpy(dir, path, (size_t)(slash - path));
        dir[slash - path] = '\0';
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
            return stele_error_set(&store->error, STELE_EIO, path, 0, -1,
                                   "cannot create the translation memory: "
                                   "folder '%s' does not exist", dir);
    }
    return STELE_OK;
}

static int create_schema(stele_store *store)
{
    char pragmas[128];
    int rc = exec(store, schema, "creating the translation memory");

    if (rc != STELE_OK)
        return rc;
    snprintf(pragmas, sizeof pragmas,
             "PRAGMA application_id = %d; PRAGMA user_version = %d",
             STORE_APPLICATION_ID, STELE_SCHEMA_VERSION);
    return exec(store, pragmas, "creating the translation memory");
}

static uint64_t unit_digest(const char *const *langs, size_t nlangs,
                            const stele_store_segment *segments,
                            const int *lang_of, size_t nsegments);
static size_t split_langs(char *text, const char **tags, size_t max);

/* One unit's sentences, gathered by recompute_digests. */
typedef struct digest_unit {
    int64_t id;
    char langs_text[sizeof ((doc_langs *)0)->text];
    const char *langs[STELE_STORE_MAX_LANGS];
    size_t nlangs;
    text_buf texts;              /* the sentences, back to back */
    stele_store_segment *segments;
    int *lang_of;
    size_t nsegments, cap;
} digest_unit;

static int digest_unit_flush(stele_store *store, digest_unit *u,
                             sqlite3_stmt *update)
{
    size_t at = 0;
    uint64_t digest;
    int rc;

    if (u->id == 0)
        return STELE_OK;
    for (size_t i = 0; i < u->nsegments; i++) {
        u->segments[i].text = u->texts.data + at;
        at += u->segments[i].length;
    }
    digest = unit_digest(u->langs, u->nlangs, u->segments, u->lang_of,
                         u->nsegments);
    sqlite3_bind_int64(update, 1, u->id);
    sqlite3_bind_int64(update, 2, (int64_t)digest);
    rc = sqlite3_step(update);
    sqlite3_reset(update);
    return rc == SQLITE_DONE ? STELE_OK
                             : stele__sqlite_fail(store, rc,
                                                  "upgrading the schema");
}

/* Schema 3 to 4: every unit's digest again, as unit_digest() now makes
 * it, in one pass over the sentences in unit order. */
static int recompute_digests(stele_store *store)
{
    sqlite3 *db = sqlite_of(store)->db;
    sqlite3_stmt *rows = NULL, *update = NULL;
    digest_unit *u = calloc(1, sizeof *u);
    int rc, step = SQLITE_DONE;

    if (u == NULL)
        return stele_error_set(&store->error, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    rc = sqlite3_prepare_v2(db,
                            "SELECT u.id, d.langs, s.lang, s.text "
                            "FROM units u JOIN documents d "
                            "ON d.id = u.document JOIN segments s "
                            "ON s.unit = u.id ORDER BY u.id, s.id",
                            -1, &rows, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "UPDATE units SET digest = ?2 "
                                    "WHERE id = ?1", -1, &update, NULL);
    if (rc != SQLITE_OK) {
        rc = stele__sqlite_fail(store, rc, "upgrading the schema");
        goto done;
    }
    rc = STELE_OK;
    while (rc == STELE_OK && (step = sqlite3_step(rows)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(rows, 0);
        const char *lang = (const char *)sqlite3_column_text(rows, 2);
        const char *text = (const char *)sqlite3_column_text(rows, 3);
        size_t n = (size_t)sqlite3_column_bytes(rows, 3);
        int k = -1;

        if (id != u->id) {
            const char *langs = (const char *)sqlite3_column_text(rows, 1);

            rc = digest_unit_flush(store, u, update);
            if (rc != STELE_OK)
                break;
            u->id = id;
            snprintf(u->langs_text, sizeof u->langs_text, "%s",
                     langs != NULL ? langs : "");
            u->nlangs = split_langs(u->langs_text, u->langs,
                                    STELE_STORE_MAX_LANGS);
            u->nsegments = 0;
            u->texts.length = 0;
        }
        for (size_t i = 0; lang != NULL && i < u->nlangs; i++)
            if (strcmp(u->langs[i], lang) == 0)
                k = (int)i;
        if (k < 0 || text == NULL)
            continue;
        if (u->nsegments == u->cap) {
            size_t cap = u->cap == 0 ? 16 : u->cap * 2;
            stele_store_segment *segments =
                realloc(u->segments, cap * sizeof *segments);
            int *lang_of = segments != NULL
                               ? realloc(u->lang_of, cap * sizeof *lang_of)
                               : NULL;

            if (segments != NULL)
                u->segments = segments;
            if (lang_of == NULL) {
                rc = stele_error_set(&store->error, STELE_ENOMEM, NULL, 0,
                                     -1, "out of memory");
                break;
            }
            u->lang_of = lang_of;
            u->cap = cap;
        }
        if (stele__text_append(&u->texts, text, n) != STELE_OK) {
            rc = stele_error_set(&store->error, STELE_ENOMEM, NULL, 0, -1,
                                 "out of memory");
            break;
        }
        u->segments[u->nsegments].length = n;
        u->lang_of[u->nsegments++] = k;
    }
    if (rc == STELE_OK && step != SQLITE_DONE)
        rc = stele__sqlite_fail(store, step, "upgrading the schema");
    if (rc == STELE_OK)
        rc = digest_unit_flush(store, u, update);
done:
    sqlite3_finalize(rows);
    sqlite3_finalize(update);
    free(u->texts.data);
    free(u->segments);
    free(u->lang_of);
    free(u);
    return rc;
}

/* Create or migrate the schema as needed, in one write transaction; the
 * checks are repeated under the lock, since another process may have
 * done it in the meantime. */
static int upgrade(stele_store *store)
{
    int64_t version = 0, app = 0, tables = 0;
    int rc = exec(store, "BEGIN IMMEDIATE", "opening the store");

    if (rc != STELE_OK)
        return rc;
    rc = query_int(store, "PRAGMA user_version", &version);
    if (rc == STELE_OK)
        rc = query_int(store, "PRAGMA application_id", &app);
    if (rc == STELE_OK)
        rc = query_int(store, "SELECT count(*) FROM sqlite_schema", &tables);
    if (rc == STELE_OK && tables == 0) {
        rc = create_schema(store);
    } else if (rc == STELE_OK && app == STORE_APPLICATION_ID) {
        for (int64_t v = version; rc == STELE_OK &&
                                  v < STELE_SCHEMA_VERSION; v++) {
            char pragma[64];

            if (migrations[v] != NULL)
                rc = exec(store, migrations[v], "upgrading the schema");
            if (rc == STELE_OK && v == 3)
                rc = recompute_digests(store);
            snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d",
                     (int)v + 1);
            if (rc == STELE_OK)
                rc = exec(store, pragma, "upgrading the schema");
        }
    }
    if (rc == STELE_OK)
        rc = exec(store, "COMMIT", "opening the store");
    if (rc != STELE_OK)
        sqlite3_exec(sqlite_of(store)->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* Is this a stele store of a schema we know? Creates or upgrades it when
 * allowed. */
static int identify(stele_store *store, unsigned flags)
{
    sqlite_store *s = sqlite_of(store);
    int64_t version = 0, app = 0, tables = 0;
    int readonly = (flags & STELE_STORE_READONLY) || s->file_readonly;
    int rc;

    rc = query_int(store, "PRAGMA application_id", &app);
    if (rc == STELE_OK)
        rc = query_int(store, "PRAGMA user_version", &version);
    if (rc == STELE_OK)
        rc = query_int(store, "SELECT count(*) FROM sqlite_schema", &tables);
    if (rc != STELE_OK)
        return rc;
    if (tables > 0 && app != STORE_APPLICATION_ID)
        return stele_error_set(&store->error, STELE_ESCHEMA, store->location,
                               0, -1, "not a stele translation memory (an "
                               "SQLite database of another program)");
    if (version > STELE_SCHEMA_VERSION)
        return stele_error_set(&store->error, STELE_ESCHEMA, store->location,
                               0, -1, "written by a newer stele (schema "
                               "%" PRId64 ", this one knows up to %d)",
                               version, STELE_SCHEMA_VERSION);
    if (tables > 0 && version == STELE_SCHEMA_VERSION)
        return STELE_OK;
    if (readonly) {
        if (tables == 0)
            return stele_error_set(&store->error, STELE_ESCHEMA,
                                   store->location, 0, -1,
                                   "not a stele translation memory (an "
                                   "empty file)");
        return stele_error_set(&store->error, STELE_ESCHEMA, store->location,
                               0, -1, "schema %" PRId64 " must be upgraded "
                               "to %d: open the translation memory once "
                               "for writing", version, STELE_SCHEMA_VERSION);
    }
    /* Fixed once the file has its first page, and in WAL mode for good. */
    if (tables == 0 &&
        exec(store, "PRAGMA page_size = 16384", "opening the store") != 0)
        return store->error.code;
    if (tables == 0 &&
        exec(store, "PRAGMA journal_mode = WAL", "opening the store") != 0)
        return store->error.code;
    return upgrade(store);
}

static int sqlite_open(stele_store *store, unsigned flags)
{
    sqlite_store *s;
    int open_flags;
    int rc = check_location(store, flags);

    if (rc != STELE_OK)
        return rc;
    s = calloc(1, sizeof *s);
    if (s == NULL)
        return stele_error_set(&store->error, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    store->impl = s;
    open_flags = (flags & STELE_STORE_READONLY)
                     ? SQLITE_OPEN_READONLY
                     : SQLITE_OPEN_READWRITE |
                           ((flags & STELE_STORE_CREATE) ? SQLITE_OPEN_CREATE
                                                         : 0);
    /* A stele_store is used by one thread at a time (stele/store.h), so
     * the connection needs no mutex of its own: one lock fewer per
     * statement step. */
    open_flags |= SQLITE_OPEN_NOMUTEX;
    rc = sqlite3_open_v2(store->location, &s->db, open_flags, NULL);
    if (rc != SQLITE_OK) {
        rc = stele__sqlite_fail(store, rc, "opening");
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
    s->file_readonly = !(flags & STELE_STORE_READONLY) &&
                       sqlite3_db_readonly(s->db, "main") == 1;
    rc = stele__sqlite_register_tokenizer(s->db);
    if (rc != SQLITE_OK) {
        rc = stele_error_set(&store->error, STELE_EINTERNAL,
                             store->location, 0, -1,
                             "cannot register the search tokenizer: %s",
                             sqlite3_errstr(rc));
        goto fail;
    }
    /* Foreign keys are not enforced (see the header comment). */
    rc = identify(store, flags);
    if (rc == STELE_OK && !(flags & STELE_STORE_READONLY) &&
        !s->file_readonly)
        rc = exec(store, "PRAGMA synchronous = NORMAL; "
                         "PRAGMA cache_size = -8192; "
                         "PRAGMA secure_delete = FAST",
                  "opening the store");
    if (rc != STELE_OK)
        goto fail;
    return STELE_OK;
fail:
    /* Keep the handle's message, drop the backend: the store is unusable
     * (every call then fails with "not open"). */
    sqlite3_close_v2(s->db);
    free(s);
    store->impl = NULL;
    return rc;
}

static void sqlite_close(stele_store *store)
{
    sqlite_store *s = sqlite_of(store);

    if (s == NULL)
        return;
    for (int i = 0; i < S_STATEMENT_COUNT; i++)
        sqlite3_finalize(s->statements[i]);
    sqlite3_close_v2(s->db);
    free(s);
    store->impl = NULL;
}

static int sqlite_check(stele_store *store)
{
    char report[256];

    if (!quick_check_report(sqlite_of(store)->db, report, sizeof report))
        return STELE_OK;
    return stele_error_set(&store->error, STELE_ECORRUPT, store->location,
                           0, -1,
                           "the translation memory is corrupt "
                           "(quick_check: %s)",
                           report);
}

/* ------------------------------------------------------------------ */
/* Transactions                                                        */
/* ------------------------------------------------------------------ */

/* What unit_add remembers lives for one transaction: another connection
 * may write between two. */
static void forget_caches(sqlite_store *s)
{
    s->langs.doc_id = 0;
    s->next_seq = 0;
}

static int sqlite_begin(stele_store *store)
{
    sqlite_store *s = sqlite_of(store);

    if (s->file_readonly)
        return stele_error_set(&store->error, STELE_ESTORE, store->location,
                               0, -1, "cannot write: the file is "
                               "read-only");
    forget_caches(s);
    return run(store, stele__sqlite_statement(store, S_BEGIN),
               "starting a transaction");
}

static int sqlite_commit(stele_store *store)
{
    sqlite_store *s = sqlite_of(store);
    int rc = run(store, stele__sqlite_statement(store, S_COMMIT),
                 "committing");

    if (rc != STELE_OK && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    forget_caches(s);
    return rc;
}

static void sqlite_rollback(stele_store *store)
{
    sqlite_store *s = sqlite_of(store);

    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    forget_caches(s);
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

static int bind_text_or_null(sqlite3_stmt *st, int index, const char *text)
{
    if (text == NULL)
        return sqlite3_bind_null(st, index);
    return sqlite3_bind_text(st, index, text, -1, SQLITE_STATIC);
}

/* "en,ru,zh" into buf; EINVAL when it does not fit. */
static int join_langs(stele_store *store, const char *const *langs,
                      size_t nlangs, char *buf, size_t size)
{
    size_t used = 0;

    for (size_t i = 0; i < nlangs; i++) {
        size_t n = strlen(langs[i]);

        if (used + n + 2 > size)
            return stele_error_set(&store->error, STELE_EINVAL,
                                   store->location, 0, -1,
                                   "too many or too long language tags");
        if (i > 0)
            buf[used++] = ',';
        memcpy(buf + used, langs[i], n);
        used += n;
    }
    buf[used] = '\0';
    return STELE_OK;
}

static int sqlite_doc_find(stele_store *store, const char *title,
                           const char *langs, const char *hash,
                           int64_t *doc_id, stele_store_match *match)
{
    sqlite3_stmt *st;
    int rc;

    *match = STELE_MATCH_NONE;
    *doc_id = 0;
    if (hash != NULL) {
        st = stele__sqlite_statement(store, S_DOC_BY_HASH);
        if (st == NULL)
            return store->error.code;
        sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, langs, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *doc_id = sqlite3_column_int64(st, 0);
            *match = STELE_MATCH_CONTENT;
        }
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return stele__sqlite_fail(store, rc, "looking up a document");
        if (*match != STELE_MATCH_NONE)
            return STELE_OK;
    }
    st = stele__sqlite_statement(store, S_DOC_BY_TITLE);
    if (st == NULL)
        return store->error.code;
    sqlite3_bind_text(st, 1, title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, langs, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *doc_id = sqlite3_column_int64(st, 0);
        *match = STELE_MATCH_TITLE;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return stele__sqlite_fail(store, rc, "looking up a document");
    return STELE_OK;
}

static int write_versions(stele_store *store, int64_t doc_id,
                          const char *const *langs, size_t nlangs,
                          const char *const *paths,
                          const char *const *hashes)
{
    sqlite3_stmt *st = stele__sqlite_statement(store, S_VERSION_DELETE);
    int rc;

    if (st == NULL)
        return store->error.code;
    sqlite3_bind_int64(st, 1, doc_id);
    rc = run(store, st, "writing a document");
    for (size_t i = 0; rc == STELE_OK && i < nlangs; i++) {
        st = stele__sqlite_statement(store, S_VERSION_INSERT);
        if (st == NULL)
            return store->error.code;
        sqlite3_bind_int64(st, 1, doc_id);
        sqlite3_bind_int64(st, 2, (int64_t)i);
        sqlite3_bind_text(st, 3, langs[i], -1, SQLITE_STATIC);
        bind_text_or_null(st, 4, paths != NULL ? paths[i] : NULL);
        bind_text_or_null(st, 5, hashes != NULL ? hashes[i] : NULL);
        rc = run(store, st, "writing a document");
    }
    return rc;
}

static int sqlite_doc_add(stele_store *store, const char *title,
                          const char *const *langs, size_t nlangs,
                          const char *const *paths,
                          const char *const *hashes, const char *hash,
                          int64_t *doc_id, int *created)
{
    char joined[sizeof ((doc_langs *)0)->text];
    stele_store_match match;
    int64_t id;
    sqlite3_stmt *st;
    int rc = join_langs(store, langs, nlangs, joined, sizeof joined);

    if (rc == STELE_OK)
        rc = sqlite_doc_find(store, title, joined, NULL, &id, &match);
    if (rc != STELE_OK)
        return rc;
    if (created != NULL)
        *created = match == STELE_MATCH_NONE;
    if (match != STELE_MATCH_NONE) {
        if (doc_id != NULL)
            *doc_id = id;
        return STELE_OK;
    }
    st = stele__sqlite_statement(store, S_DOC_INSERT);
    if (st == NULL)
        return store->error.code;
    sqlite3_bind_text(st, 1, title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, joined, -1, SQLITE_STATIC);
    bind_text_or_null(st, 3, hash);
    sqlite3_bind_int64(st, 4, (int64_t)time(NULL));
    rc = run(store, st, "adding a document");
    if (rc != STELE_OK)
        return rc;
    id = sqlite3_last_insert_rowid(sqlite_of(store)->db);
    rc = write_versions(store, id, langs, nlangs, paths, hashes);
    if (rc == STELE_OK && doc_id != NULL)
        *doc_id = id;
    return rc;
}

int stele__sqlite_lang_id(stele_store *store, const char *tag, int create,
                          int64_t *id)
{
    sqlite3_stmt *st = stele__sqlite_statement(store, S_LANG_GET);
    int rc;

    *id = 0;
    if (st == NULL)
        return store->error.code;
    sqlite3_bind_text(st, 1, tag, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return stele__sqlite_fail(store, rc, "reading languages");
    if (*id > 0 || !create)
        return STELE_OK;
    st = stele__sqlite_statement(store, S_LANG_INSERT);
    if (st == NULL)
        return store->error.code;
    sqlite3_bind_text(st, 1, tag, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if ((rc & 0xFF) == SQLITE_CONSTRAINT)
        return stele_error_set(&store->error, STELE_ETOOBIG, store->location,
                               0, -1, "the translation memory holds %d "
                               "languages, the most it can: cannot add "
                               "'%s'", SEGMENT_LANG_SPAN - 1, tag);
    if (rc != SQLITE_DONE)
        return stele__sqlite_fail(store, rc, "adding a language");
    *id = sqlite3_last_insert_rowid(sqlite_of(store)->db);
    return STELE_OK;
}

/* Load doc_id's languages into the cache. */
static int load_langs(stele_store *store, int64_t doc_id)
{
    doc_langs *l = &sqlite_of(store)->langs;
    sqlite3_stmt *st;
    const char *text;
    char *p;
    int rc;

    if (l->doc_id == doc_id)
        return STELE_OK;
    l->doc_id = 0;
    st = stele__sqlite_statement(store, S_DOC_GET);
    if (st == NULL)
        return store->error.code;
    sqlite3_bind_int64(st, 1, doc_id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
            return stele_error_set(&store->error, STELE_ENOTFOUND,
                                   store->location, 0, -1,
                                   "no document %" PRId64, doc_id);
        return stele__sqlite_fail(store, rc, "reading a document");
    }
    text = (const char *)sqlite3_column_text(st, 1);
    snprintf(l->text, sizeof l->text, "%s", text != NULL ? text : "");
    sqlite3_reset(st);
    l->nlangs = 0;
    for (p = l->text; l->nlangs < STELE_STORE_MAX_LANGS;) {
        char *comma = strchr(p, ',');

        l->next_position[l->nlangs] = -1;
        l->langs[l->nlangs++] = p;
        if (comma == NULL)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    for (size_t k = 0; k < l->nlangs; k++) {
        rc = stele__sqlite_lang_id(store, l->langs[k], 1, &l->lang_ids[k]);
        if (rc != STELE_OK)
            return rc;
    }
    l->doc_id = doc_id;
    return STELE_OK;
}

/* Where the sentence sequence stands, read once per transaction. */
static int load_next_seq(stele_store *store)
{
    sqlite_store *s = sqlite_of(store);

    if (s->next_seq == 0) {
        sqlite3_stmt *st = stele__sqlite_statement(store, S_SEGMENT_MAX);
        int rc;

        if (st == NULL)
            return store->error.code;
        rc = sqlite3_step(st);
        s->next_seq = rc == SQLITE_ROW &&
                              sqlite3_column_type(st, 0) != SQLITE_NULL
                          ? sqlite3_column_int64(st, 0) / SEGMENT_LANG_SPAN +
                                1
                          : 1;
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return stele__sqlite_fail(store, rc, "reading sentence ids");
    }
    return STELE_OK;
}

/* The id of the next sentence of language index @p li. */
static int next_segment_id(stele_store *store, int li, int64_t *out)
{
    sqlite_store *s = sqlite_of(store);
    int rc = load_next_seq(store);

    if (rc != STELE_OK)
        return rc;
    *out = s->next_seq++ * SEGMENT_LANG_SPAN + s->langs.lang_ids[li];
    return STELE_OK;
}

static int lang_index(const doc_langs *l, const char *lang)
{
    for (size_t i = 0; i < l->nlangs; i++)
        if (strcmp(l->langs[i], lang) == 0)
            return (int)i;
    return -1;
}

/* The digest of a unit: for each language of its document, in order,
 * the tag, then, when the unit has text in it, that text as
 * units_each hands it out (its sentences joined by
 * stele__lang_joiner), each field length-prefixed. A unit read back and
 * added again has the same digest, however many sentences it had.
 * lang_of[i] is the document language of segments[i]. */
static uint64_t unit_digest(const char *const *langs, size_t nlangs,
                            const stele_store_segment *segments,
                            const int *lang_of, size_t nsegments)
{
    uint64_t digest = STELE_FNV_OFFSET;

    for (size_t k = 0; k < nlangs; k++) {
        const char *joiner = stele__lang_joiner(langs[k]);
        size_t total = 0, count = 0;

        digest = stele__fnv1a_field(digest, langs[k], strlen(langs[k]));
        for (size_t i = 0; i < nsegments; i++)
            if (lang_of[i] == (int)k) {
                total += segments[i].length;
                count++;
            }
        if (count == 0)
            continue;
        total += (count - 1) * strlen(joiner);
        digest = stele__fnv1a_length(digest, total);
        count = 0;
        for (size_t i = 0; i < nsegments; i++) {
            if (lang_of[i] != (int)k)
                continue;
            if (count++ > 0)
                digest = stele__fnv1a(digest, joiner, strlen(joiner));
            digest = stele__fnv1a(digest, segments[i].text,
                                  segments[i].length);
        }
    }
    return digest;
}

static int next_position(stele_store *store, int li, int64_t *out)
{
    doc_langs *l = &sqlite_of(store)->langs;

    if (l->next_position[li] < 0) {
        sqlite3_stmt *st = stele__sqlite_statement(store, S_POSITION_MAX);
        int rc;

        if (st == NULL)
            return store->error.code;
        sqlite3_bind_int64(st, 1, l->doc_id);
        sqlite3_bind_text(st, 2, l->langs[li], -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        l->next_position[li] =
            rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL
                ? sqlite3_column_int64(st, 0) + 1
                : 0;
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return stele__sqlite_fail(store, rc, "reading positions");
    }
    *out = l->next_position[li]++;
    return STELE_OK;
}

static int sqlite_unit_add(stele_store *store, int64_t doc_id,
                           const stele_store_segment *segments,
                           size_t nsegments, double confidence,
                           int flagged, int64_t created_at, int dedupe,
                           int64_t *unit_id)
{
    sqlite_store *s = sqlite_of(store);
    doc_langs *l = &s->langs;
    int index[64];
    int *lang_of = nsegments <= 64 ? index : malloc(nsegments * sizeof *lang_of);
    uint64_t digest = STELE_FNV_OFFSET;
    int64_t id = 0;
    sqlite3_stmt *st;
    int rc;

    if (lang_of == NULL)
        return stele_error_set(&store->error, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    rc = load_langs(store, doc_id);
    for (size_t i = 0; rc == STELE_OK && i < nsegments; i++) {
        lang_of[i] = lang_index(l, segments[i].lang);
        if (lang_of[i] < 0)
            rc = stele_error_set(&store->error, STELE_EINVAL,
                                 store->location, 0, -1,
                                 "document %" PRId64 " has no language "
                                 "'%s'", doc_id, segments[i].lang);
    }
    if (rc != STELE_OK)
        goto done;
    digest = unit_digest(l->langs, l->nlangs, segments, lang_of,
                         nsegments);
    if (dedupe) {
        st = stele__sqlite_statement(store, S_UNIT_BY_DIGEST);
        if (st == NULL) {
            rc = store->error.code;
            goto done;
        }
        sqlite3_bind_int64(st, 1, doc_id);
        sqlite3_bind_int64(st, 2, (int64_t)digest);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            rc = stele__sqlite_fail(store, rc, "looking up a unit");
            goto done;
        }
        rc = STELE_OK;
        if (id > 0)
            goto done;
    }
    /* The unit's sentences take the next nsegments sequence numbers, so
     * its range of sentence ids is known before they are written. */
    rc = load_next_seq(store);
    st = rc == STELE_OK ? stele__sqlite_statement(store, S_UNIT_INSERT)
                        : NULL;
    if (st == NULL) {
        rc = store->error.code;
        goto done;
    }
    sqlite3_bind_int64(st, 6, s->next_seq * SEGMENT_LANG_SPAN);
    sqlite3_bind_int64(st, 7, (s->next_seq + (int64_t)nsegments) *
                                  SEGMENT_LANG_SPAN - 1);
    sqlite3_bind_int64(st, 1, doc_id);
    sqlite3_bind_double(st, 2, confidence);
    sqlite3_bind_int64(st, 3, created_at != 0 ? created_at
                                              : (int64_t)time(NULL));
    sqlite3_bind_int64(st, 4, (int64_t)digest);
    sqlite3_bind_int(st, 5, flagged != 0);
    rc = run(store, st, "adding a unit");
    if (rc != STELE_OK)
        goto done;
    id = sqlite3_last_insert_rowid(s->db);
    st = stele__sqlite_statement(store, S_SEGMENT_INSERT);
    if (st == NULL) {
        rc = store->error.code;
        goto done;
    }
    for (size_t k = 0; rc == STELE_OK && k < l->nlangs; k++) {
        for (size_t i = 0; rc == STELE_OK && i < nsegments; i++) {
            const stele_store_segment *g = &segments[i];
            int64_t position = g->position;
            int64_t segment_id = 0;

            if (lang_of[i] != (int)k)
                continue;
            if (position < 0) {
                rc = next_position(store, (int)k, &position);
                if (rc != STELE_OK)
                    break;
            }
            rc = next_segment_id(store, (int)k, &segment_id);
            if (rc != STELE_OK)
                break;
            sqlite3_bind_int64(st, 9, segment_id);
            sqlite3_bind_int64(st, 1, doc_id);
            sqlite3_bind_int64(st, 2, id);
            sqlite3_bind_text(st, 3, l->langs[k], -1, SQLITE_STATIC);
            if (g->paragraph >= 0)
                sqlite3_bind_int64(st, 4, g->paragraph);
            else
                sqlite3_bind_null(st, 4);
            sqlite3_bind_int64(st, 5, position);
            sqlite3_bind_text(st, 6, g->text, (int)g->length,
                              SQLITE_STATIC);
            if (g->start >= 0 && g->end >= g->start) {
                sqlite3_bind_int64(st, 7, g->start);
                sqlite3_bind_int64(st, 8, g->end);
            } else {
                sqlite3_bind_null(st, 7);
                sqlite3_bind_null(st, 8);
            }
            rc = run(store, st, "adding a sentence");
            if (rc == STELE_OK) {
                sqlite3_stmt *fts = stele__sqlite_statement(store,
                                                            S_FTS_INSERT);
                if (fts == NULL) {
                    rc = store->error.code;
                    break;
                }
                sqlite3_bind_int64(fts, 1, segment_id);
                sqlite3_bind_text(fts, 2, g->text, (int)g->length,
                                  SQLITE_STATIC);
                rc = run(store, fts, "indexing a sentence");
            }
        }
    }
done:
    if (rc == STELE_OK && unit_id != NULL)
        *unit_id = id;
    if (lang_of != index)
        free(lang_of);
    return rc;
}

static int sqlite_doc_clear(stele_store *store, int64_t doc_id,
                            const char *const *paths,
                            const char *const *hashes, const char *hash)
{
    sqlite_store *s = sqlite_of(store);
    sqlite3_stmt *st;
    int rc = load_langs(store, doc_id);
    /* the index entries first: FTS5 needs the old text to remove them */
    static const sqlite_statement deletes[] = {S_FTS_DELETE_DOC,
                                               S_SEGMENTS_DELETE,
                                               S_UNITS_DELETE};

    if (rc != STELE_OK)
        return rc;
    for (size_t k = 0; rc == STELE_OK && k < sizeof deletes / sizeof *deletes;
         k++) {
        st = stele__sqlite_statement(store, deletes[k]);
        if (st == NULL)
            return store->error.code;
        sqlite3_bind_int64(st, 1, doc_id);
        rc = run(store, st, "replacing a document");
    }
    if (rc == STELE_OK) {
        st = stele__sqlite_statement(store, S_DOC_UPDATE);
        if (st == NULL)
            return store->error.code;
        sqlite3_bind_int64(st, 1, doc_id);
        bind_text_or_null(st, 2, hash);
        sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
        rc = run(store, st, "replacing a document");
    }
    if (rc == STELE_OK)
        rc = write_versions(store, doc_id, s->langs.langs, s->langs.nlangs,
                            paths, hashes);
    for (size_t k = 0; k < s->langs.nlangs; k++)
        s->langs.next_position[k] = -1;
    return rc;
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

/* Split "en,ru" in place into at most max tags. */
static size_t split_langs(char *text, const char **tags, size_t max)
{
    size_t n = 0;
    char *p = text;

    while (n < max) {
        char *comma = strchr(p, ',');

        tags[n++] = p;
        if (comma == NULL)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    return n;
}

static int sqlite_docs_each(stele_store *store, stele_store_doc_fn fn,
                            void *payload)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        sqlite_of(store)->db,
        "SELECT d.id, d.title, d.langs, d.added_at, "
        "(SELECT count(*) FROM units u WHERE u.document = d.id) "
        "FROM documents d ORDER BY d.id",
        -1, &st, NULL);

    if (rc != SQLITE_OK)
        return stele__sqlite_fail(store, rc, "listing documents");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char langs_text[sizeof ((doc_langs *)0)->text];
        const char *tags[STELE_STORE_MAX_LANGS];
        const char *title = (const char *)sqlite3_column_text(st, 1);
        const char *langs = (const char *)sqlite3_column_text(st, 2);
        stele_store_doc doc;
        int stop;

        snprintf(langs_text, sizeof langs_text, "%s",
                 langs != NULL ? langs : "");
        doc.id = sqlite3_column_int64(st, 0);
        doc.title = title != NULL ? title : "";
        doc.langs = tags;
        doc.nlangs = split_langs(langs_text, tags, STELE_STORE_MAX_LANGS);
        doc.added_at = sqlite3_column_int64(st, 3);
        doc.units = (size_t)sqlite3_column_int64(st, 4);
        stop = fn(&doc, payload);
        if (stop != 0) {
            sqlite3_finalize(st);
            return stop;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? STELE_OK
                             : stele__sqlite_fail(store, rc,
                                                  "listing documents");
}

/* The unit being gathered by units_each. */
typedef struct unit_acc {
    int64_t unit_id;                       /* 0: none yet */
    int64_t doc_id;
    double confidence;
    int flagged;
    int64_t created_at;
    text_buf texts[STELE_STORE_MAX_LANGS]; /* per document language */
    int present[STELE_STORE_MAX_LANGS];
    uint32_t paragraph[STELE_STORE_MAX_LANGS]; /* of the first sentence */
    /* the current document */
    int64_t cur_doc;
    text_buf title;
    char langs_text[sizeof ((doc_langs *)0)->text];
    const char *langs[STELE_STORE_MAX_LANGS];
    size_t nlangs;
} unit_acc;

static int emit_unit(unit_acc *a, const stele_unit_filter *filter,
                     stele_store_unit_fn fn, void *payload)
{
    const char *langs[STELE_STORE_MAX_LANGS];
    const char *texts[STELE_STORE_MAX_LANGS];
    uint32_t paragraphs[STELE_STORE_MAX_LANGS];
    stele_store_unit unit;
    size_t n = 0;

    if (filter->nlangs > 0) {
        size_t missing = 0;

        for (size_t i = 0; i < filter->nlangs; i++) {
            size_t k;

            for (k = 0; k < a->nlangs; k++)
                if (strcmp(a->langs[k], filter->langs[i]) == 0)
                    break;
            if (k == a->nlangs || !a->present[k]) {
                missing++;
                continue;
            }
            langs[n] = a->langs[k];
            paragraphs[n] = a->paragraph[k];
            texts[n++] = a->texts[k].data;
        }
        if (n == 0 || (missing > 0 && !filter->keep_single))
            return 0;
    } else {
        for (size_t k = 0; k < a->nlangs; k++) {
            if (!a->present[k])
                continue;
            langs[n] = a->langs[k];
            paragraphs[n] = a->paragraph[k];
            texts[n++] = a->texts[k].data;
        }
        if (n < 2 && !filter->keep_single)
            return 0;
    }
    unit.doc_id = a->doc_id;
    unit.unit_id = a->unit_id;
    unit.title = a->title.data != NULL ? a->title.data : "";
    unit.confidence = a->confidence;
    unit.flagged = a->flagged;
    unit.created_at = a->created_at;
    unit.nlangs = n;
    unit.langs = langs;
    unit.texts = texts;
    unit.paragraphs = paragraphs;
    unit.paragraph = paragraphs[0];
    unit.doc_langs = a->langs;
    unit.ndoc_langs = a->nlangs;
    return fn(&unit, payload);
}

static int load_doc_for_units(stele_store *store, unit_acc *a,
                              int64_t doc_id)
{
    sqlite3_stmt *st = stele__sqlite_statement(store, S_DOC_GET);
    const char *title, *langs;
    int rc;

    if (st == NULL)
        return store->error.code;
    sqlite3_bind_int64(st, 1, doc_id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return stele__sqlite_fail(store, rc == SQLITE_DONE ? SQLITE_CORRUPT
                                                           : rc,
                                  "reading a document");
    }
    title = (const char *)sqlite3_column_text(st, 0);
    langs = (const char *)sqlite3_column_text(st, 1);
    a->title.length = 0;
    rc = stele__text_append(&a->title, title != NULL ? title : "",
                            title != NULL ? strlen(title) : 0);
    snprintf(a->langs_text, sizeof a->langs_text, "%s",
             langs != NULL ? langs : "");
    sqlite3_reset(st);
    if (rc != STELE_OK)
        return stele_error_set(&store->error, rc, NULL, 0, -1,
                               "out of memory");
    a->nlangs = split_langs(a->langs_text, a->langs, STELE_STORE_MAX_LANGS);
    a->cur_doc = doc_id;
    return STELE_OK;
}

static int sqlite_units_each(stele_store *store,
                             const stele_unit_filter *filter,
                             stele_store_unit_fn fn, void *payload)
{
    static const char sql_all[] =
        "SELECT u.id, u.document, u.confidence, u.created_at, s.lang, "
        "s.text, u.flagged, s.paragraph FROM units u JOIN segments s "
        "ON s.id BETWEEN u.segment_min AND u.segment_max AND s.unit = u.id "
        "WHERE u.confidence >= ?2 ORDER BY u.document, u.id, s.id";
    static const char sql_doc[] =
        "SELECT u.id, u.document, u.confidence, u.created_at, s.lang, "
        "s.text, u.flagged, s.paragraph FROM units u JOIN segments s "
        "ON s.id BETWEEN u.segment_min AND u.segment_max AND s.unit = u.id "
        "WHERE u.document = ?1 AND u.confidence >= ?2 ORDER BY u.id, s.id";
    sqlite3_stmt *st = NULL;
    unit_acc *a = calloc(1, sizeof *a);
    int rc;

    if (a == NULL)
        return stele_error_set(&store->error, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    rc = sqlite3_prepare_v2(sqlite_of(store)->db,
                            filter->doc_id != 0 ? sql_doc : sql_all, -1, &st,
                            NULL);
    if (rc != SQLITE_OK) {
        rc = stele__sqlite_fail(store, rc, "reading units");
        goto done;
    }
    sqlite3_bind_int64(st, 1, filter->doc_id);
    sqlite3_bind_double(st, 2, filter->min_confidence);
    for (;;) {
        int step = sqlite3_step(st);
        int64_t unit_id = step == SQLITE_ROW ? sqlite3_column_int64(st, 0)
                                             : 0;
        const char *lang, *text;
        size_t k;

        if (step != SQLITE_ROW && step != SQLITE_DONE) {
            rc = stele__sqlite_fail(store, step, "reading units");
            break;
        }
        if (a->unit_id != 0 && unit_id != a->unit_id) {
            rc = emit_unit(a, filter, fn, payload);
            if (rc != 0)
                break;
        }
        if (step == SQLITE_DONE) {
            rc = STELE_OK;
            break;
        }
        if (unit_id != a->unit_id) {
            int64_t doc_id = sqlite3_column_int64(st, 1);

            if (doc_id != a->cur_doc) {
                rc = load_doc_for_units(store, a, doc_id);
                if (rc != STELE_OK)
                    break;
            }
            a->unit_id = unit_id;
            a->doc_id = doc_id;
            a->confidence = sqlite3_column_double(st, 2);
            a->created_at = sqlite3_column_int64(st, 3);
            a->flagged = sqlite3_column_int(st, 6) != 0;
            for (k = 0; k < a->nlangs; k++) {
                a->present[k] = 0;
                a->texts[k].length = 0;
            }
        }
        lang = (const char *)sqlite3_column_text(st, 4);
        text = (const char *)sqlite3_column_text(st, 5);
        for (k = 0; k < a->nlangs; k++)
            if (lang != NULL && strcmp(a->langs[k], lang) == 0)
                break;
        if (k == a->nlangs || text == NULL)
            continue;
        if (a->present[k]) {
            rc = stele__text_append(&a->texts[k], stele__lang_joiner(lang),
                                    strlen(stele__lang_joiner(lang)));
        } else {
            int64_t p = sqlite3_column_int64(st, 7);

            /* NULL reads as 0, which is what the header promises. */
            a->paragraph[k] = p >= 0 && p <= UINT32_MAX ? (uint32_t)p : 0;
        }
        if (rc == STELE_OK)
            rc = stele__text_append(&a->texts[k], text,
                                    (size_t)sqlite3_column_bytes(st, 5));
        if (rc != STELE_OK) {
            rc = stele_error_set(&store->error, rc, NULL, 0, -1,
                                 "out of memory");
            break;
        }
        a->present[k] = 1;
    }
done:
    sqlite3_finalize(st);
    for (size_t k = 0; k < STELE_STORE_MAX_LANGS; k++)
        free(a->texts[k].data);
    free(a->title.data);
    free(a);
    return rc;
}

/* The database, then its write-ahead log and the log's index, which a
 * reader or a writer that did not close cleanly leaves behind. */
static int sqlite_remove(const char *location, stele_error *err)
{
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    char path[4200];
    struct stat st;

    /* remove() would take an empty folder too */
    if (stat(location, &st) == 0 && S_ISDIR(st.st_mode))
        return stele_error_set(err, STELE_EINVAL, location, 0, -1,
                               "is a folder, not a translation memory");
    for (size_t k = 0; k < sizeof suffixes / sizeof *suffixes; k++) {
        if (snprintf(path, sizeof path, "%s%s", location, suffixes[k]) >=
            (int)sizeof path)
            return stele_error_set(err, STELE_EINVAL, location, 0, -1,
                                   "path is too long");
        if (remove(path) != 0 && errno != ENOENT)
            return stele_error_set(err, STELE_EIO, path, 0, -1,
                                   "cannot remove: %s", strerror(errno));
    }
    return STELE_OK;
}

const stele_store_backend stele__sqlite_backend = {
    "sqlite",
    sqlite_remove,
    sqlite_open,
    sqlite_close,
    sqlite_check,
    sqlite_begin,
    sqlite_commit,
    sqlite_rollback,
    sqlite_doc_find,
    sqlite_doc_add,
    sqlite_doc_clear,
    sqlite_unit_add,
    sqlite_docs_each,
    sqlite_units_each,
    stele__sqlite_search,
};
