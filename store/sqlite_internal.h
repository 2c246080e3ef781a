/*
 * store/sqlite_internal.h - state shared by the SQLite backend's files.
 *
 * Internal to libstele: sqlite_backend.c (schema, writing, reading),
 * sqlite_fts.c (the FTS5 tokenizer) and sqlite_search.c.
 */
#ifndef STELE_STORE_SQLITE_INTERNAL_H
#define STELE_STORE_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store_internal.h"

/* Statements prepared once per connection and reused. */
typedef enum sqlite_statement {
    S_BEGIN,
    S_COMMIT,
    S_ROLLBACK,
    S_DOC_BY_TITLE,
    S_DOC_BY_HASH,
    S_DOC_INSERT,
    S_DOC_UPDATE,
    S_DOC_GET,
    S_VERSION_DELETE,
    S_VERSION_INSERT,
    S_SEGMENTS_DELETE,
    S_FTS_DELETE_DOC,
    S_FTS_INSERT,
    S_UNITS_DELETE,
    S_UNIT_INSERT,
    S_SEGMENT_INSERT,
    S_SEGMENT_MAX,
    S_LANG_GET,
    S_LANG_INSERT,
    S_POSITION_MAX,
    S_UNIT_BY_DIGEST,
    S_HIT_SEGMENT,
    S_UNIT_SEGMENTS,
    S_STATEMENT_COUNT
} sqlite_statement;

/* One document's languages, cached for unit_add. */
typedef struct doc_langs {
    int64_t doc_id;                         /* 0 when empty */
    char text[STELE_STORE_MAX_LANGS * 16];  /* "en,ru,zh", split in place */
    const char *langs[STELE_STORE_MAX_LANGS];
    size_t nlangs;
    int64_t next_position[STELE_STORE_MAX_LANGS]; /* -1: not loaded */
    int64_t lang_ids[STELE_STORE_MAX_LANGS];      /* languages.id */
} doc_langs;

/* Sentence ids are sequence * SEGMENT_LANG_SPAN + language id. */
#define SEGMENT_LANG_SPAN 1024

/* A growing text buffer. */
typedef struct text_buf {
    char *data;
    size_t length;
    size_t cap;
} text_buf;

typedef struct sqlite_store {
    sqlite3 *db;
    sqlite3_stmt *statements[S_STATEMENT_COUNT];
    int file_readonly;   /* the OS refused writing */
    doc_langs langs;
    int64_t next_seq;    /* next sentence sequence number; 0: unknown */
} sqlite_store;

/* The id of language @p tag (case-insensitive); with @p create, adds it
 * when absent. *id is 0 when absent and not created. */
int stele__sqlite_lang_id(stele_store *store, const char *tag, int create,
                          int64_t *id);

/* The SQLite handle of @p store. */
static inline sqlite_store *sqlite_of(stele_store *store)
{
    return (sqlite_store *)store->impl;
}

/* Statement @p which, prepared on first use; NULL after recording an
 * error on the store. */
sqlite3_stmt *stele__sqlite_statement(stele_store *store,
                                      sqlite_statement which);

/* Record SQLite failure @p rc (while doing @p what) on the store, in the
 * user's terms; returns the STELE_E* code. */
int stele__sqlite_fail(stele_store *store, int rc, const char *what);

/* Register the "stele" FTS5 tokenizer and the stele_rank auxiliary
 * function on @p db. */
int stele__sqlite_register_tokenizer(sqlite3 *db);

int stele__sqlite_search(stele_store *store, const stele_query *query,
                         const stele_search_options *opts,
                         stele_search_fn fn, void *payload);

int stele__text_append(text_buf *buf, const char *text, size_t length);

#endif /* STELE_STORE_SQLITE_INTERNAL_H */
