/*
 * store/store_internal.h - the store handle and the backend interface.
 *
 * Internal to libstele. store.c owns the handle and the checks shared by
 * every backend (arguments, transaction state); a backend implements the
 * function table below. Only the SQLite backend exists
 * (sqlite_backend.c); stele_store_open picks it for a file path and
 * refuses "postgresql://..." locations with STELE_EINVAL until a server
 * backend is written. add_alignment.c and search go through the same
 * table, so a new backend needs nothing outside its own files.
 */
#ifndef STELE_STORE_INTERNAL_H
#define STELE_STORE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "stele/search.h"
#include "stele/store.h"

#include "query.h"

/* The newest schema this build knows (see sqlite_backend.c). */
#define STELE_SCHEMA_VERSION 6

/* The most languages one document may hold. */
#define STELE_STORE_MAX_LANGS 64

/* One sentence handed to a backend as part of a unit. */
typedef struct stele_store_segment {
    const char *lang;   /* one of the document's language tags */
    const char *text;   /* UTF-8, length bytes (NUL not required) */
    size_t length;
    int64_t paragraph;  /* paragraph index, or -1 when unknown */
    int64_t position;   /* sentence index in its language version, or -1:
                           the next one */
    int64_t start;      /* byte span in the source, or -1 when unknown */
    int64_t end;
} stele_store_segment;

/* What a backend found for stele_store_add_alignment. */
typedef enum stele_store_match {
    STELE_MATCH_NONE = 0,     /* no such document */
    STELE_MATCH_TITLE = 1,    /* same title and languages, other texts */
    STELE_MATCH_CONTENT = 2   /* the same texts (hash) are stored */
} stele_store_match;

typedef struct stele_store_backend {
    const char *name;
    /* Delete the store at location and its companions; no store open. */
    int (*remove)(const char *location, stele_error *err);
    /* Open store->location; record failures on store->error. */
    int (*open)(stele_store *store, unsigned flags);
    void (*close)(stele_store *store);
    int (*check)(stele_store *store);
    int (*begin)(stele_store *store);
    int (*commit)(stele_store *store);
    void (*rollback)(stele_store *store);
    /* langs is a comma-joined list ("en,ru"). */
    int (*doc_find)(stele_store *store, const char *title,
                    const char *langs, const char *hash, int64_t *doc_id,
                    stele_store_match *match);
    int (*doc_add)(stele_store *store, const char *title,
                   const char *const *langs, size_t nlangs,
                   const char *const *paths, const char *const *hashes,
                   const char *hash, int64_t *doc_id, int *created);
    /* Drop every unit and sentence of doc_id, and give it new paths,
     * hashes and date: the first half of a replacement. */
    int (*doc_clear)(stele_store *store, int64_t doc_id,
                     const char *const *paths, const char *const *hashes,
                     const char *hash);
    /* Add one unit; with dedupe, an identical unit of the document is
     * reused instead. */
    int (*unit_add)(stele_store *store, int64_t doc_id,
                    const stele_store_segment *segments, size_t nsegments,
                    double confidence, int flagged, int64_t created_at,
                    int dedupe, int64_t *unit_id);
    int (*docs_each)(stele_store *store, stele_store_doc_fn fn,
                     void *payload);
    int (*units_each)(stele_store *store, const stele_unit_filter *filter,
                      stele_store_unit_fn fn, void *payload);
    int (*search)(stele_store *store, const stele_query *query,
                  const stele_search_options *opts, stele_search_fn fn,
                  void *payload);
} stele_store_backend;

struct stele_store {
    const stele_store_backend *backend; /* NULL until a backend opened */
    void *impl;                 /* the backend's state */
    char *location;             /* as given to open; malloc'ed */
    unsigned flags;             /* stele_store_flags */
    int in_transaction;         /* begin seen, commit/rollback not yet */
    stele_tokenizer *tokenizer; /* for queries and highlighting; lazy */
    stele_error error;          /* last failure */
};

extern const stele_store_backend stele__sqlite_backend;

/* FNV-1a, 64 bits: the content hash of documents and units. Each field
 * is fed with its length first so that ("ab","c") and ("a","bc")
 * differ. */
#define STELE_FNV_OFFSET UINT64_C(14695981039346656037)
uint64_t stele__fnv1a(uint64_t hash, const void *data, size_t size);
uint64_t stele__fnv1a_field(uint64_t hash, const char *text, size_t size);
/* The length prefix of a field alone, for a field fed in pieces. */
uint64_t stele__fnv1a_length(uint64_t hash, size_t size);

/* The separator between a unit's sentences of language @p lang: "" for
 * scripts written without spaces (Chinese, Japanese, Thai...), " "
 * otherwise. */
const char *stele__lang_joiner(const char *lang);

/* Unit @p index of the units behind @p source: an array of stele_unit
 * (stele_store_add_units) or a stele_alignment (add_alignment.c). */
typedef const stele_unit *(*stele__unit_at)(const void *source,
                                            size_t index);

/* Store an aligned document in one transaction (add_units.c): the body
 * of stele_store_add_units and stele_store_add_alignment. */
int stele__store_add(stele_store *store, const char *title,
                     const stele_document *const *docs,
                     const char *const *paths, size_t ndocs,
                     stele__unit_at unit_at, const void *source,
                     size_t nunits, int64_t *doc_id, int *outcome);

/* The store's own tokenizer, made on first use. */
int stele__store_tokenizer(stele_store *store, stele_tokenizer **out);

#endif /* STELE_STORE_INTERNAL_H */
