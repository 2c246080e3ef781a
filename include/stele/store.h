/*
 * stele/store.h - the translation memory.
 *
 * A stele_store keeps documents (title, languages, source files, content
 * hashes), their sentences, and the translation units that link them. The
 * embedded backend is SQLite (a single file, WAL mode); the interface
 * says nothing of SQLite so that a server backend (PostgreSQL, for a
 * team's shared memory) can be added behind it without touching
 * segment/ or align/.
 *
 * Every write is one transaction: a failure or a killed process leaves
 * the store as it was before the write began. Several processes (or
 * several handles) may use one store at once: readers never wait, and a
 * writer waits for another to finish (up to a timeout). One handle is
 * used by one thread at a time.
 *
 * Errors follow stele/error.h: every function records its detail on the
 * store (stele_store_error).
 */
#ifndef STELE_STORE_H
#define STELE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "stele/align.h"
#include "stele/error.h"
#include "stele/segment.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct stele_store stele_store;

/** Flags for stele_store_open. */
typedef enum stele_store_flags {
    STELE_STORE_READONLY = 1 << 0, /**< never write; fail if absent */
    STELE_STORE_CREATE = 1 << 1    /**< create the store (and nothing
                                        else: not its folder) if absent */
} stele_store_flags;

/**
 * The default location of the translation memory: $STELE_DB if set, else
 * $XDG_DATA_HOME/stele/stele.db, else $HOME/.local/share/stele/stele.db.
 * When @p make_dirs is nonzero the folders are created (mode 0700).
 * @return 0, STELE_ENOTFOUND (no HOME), STELE_ETOOBIG (@p size too
 *         small), STELE_EIO (a folder could not be made).
 */
int stele_store_default_path(char *buf, size_t size, int make_dirs,
                             stele_error *err);

/**
 * Open (and with STELE_STORE_CREATE, create) the store at @p location: a
 * file path for the SQLite backend. The schema is created or migrated
 * forward as needed; a store from a newer version of stele is refused
 * with STELE_ESCHEMA.
 * Ownership: *out is set even on failure (unless allocation failed, then
 * NULL); free it with stele_store_close().
 */
int stele_store_open(stele_store **out, const char *location,
                     unsigned flags);

/** Close the store, rolling back any open transaction. Accepts NULL. */
void stele_store_close(stele_store *store);

/**
 * Delete the store at @p location and what its backend keeps beside it
 * (for SQLite, the -wal and -shm files). Nobody may have it open. A
 * location where there is nothing is not an error.
 * @return 0, STELE_EINVAL (no location, or a backend not built in) or
 *         STELE_EIO, with @p err set.
 */
int stele_store_remove(const char *location, stele_error *err);

/** Detail of the store's last failure. Borrowed. */
const stele_error *stele_store_error(const stele_store *store);

/** Run the backend's integrity check; STELE_ECORRUPT with the first
 *  problem as message when it fails. */
int stele_store_check(stele_store *store);

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

/** What stele_store_add_alignment did. */
typedef enum stele_store_outcome {
    STELE_STORE_ADDED = 1,     /**< a new document */
    STELE_STORE_UNCHANGED = 2, /**< the same texts were there already */
    STELE_STORE_REPLACED = 3   /**< a document with the same title and
                                    languages had other texts; its
                                    sentences and units were replaced */
} stele_store_outcome;

/**
 * Store an aligned document in one transaction: its @p ndocs language
 * versions (@p docs, with their source @p paths, which may be NULL), all
 * their sentences, and the units of @p alignment. Storing the same texts
 * again changes nothing (content hashes); storing changed texts under the
 * same title and languages replaces that document's units.
 * @p title may be NULL (then the first path's file name is used).
 * @p doc_id and @p outcome may be NULL.
 */
int stele_store_add_alignment(stele_store *store, const char *title,
                              const stele_document *const *docs,
                              const char *const *paths, size_t ndocs,
                              const stele_alignment *alignment,
                              int64_t *doc_id, int *outcome);

/**
 * The same as stele_store_add_alignment, with the units given as an
 * array (@p nunits units, each naming sentences of @p docs by index), for
 * callers that align by other means or read alignments from a file.
 * Each unit's confidence must be in [0, 1]; its flagged mark is kept.
 * Ownership: nothing is kept after the call.
 */
int stele_store_add_units(stele_store *store, const char *title,
                          const stele_document *const *docs,
                          const char *const *paths, size_t ndocs,
                          const stele_unit *units, size_t nunits,
                          int64_t *doc_id, int *outcome);

/**
 * Lower-level writing, used by the TMX importer: begin a transaction,
 * add documents and units, then commit or roll back. Nothing is visible
 * to other connections before commit. Nested begins are an error.
 */
int stele_store_begin(stele_store *store);
int stele_store_commit(stele_store *store);
/** Roll back the open transaction, if any. Never fails. */
void stele_store_rollback(stele_store *store);

/**
 * Add a document holding @p nlangs languages, inside an open
 * transaction. @p paths and @p hash may be NULL. When a document with
 * the same @p title and languages exists, its id is returned in
 * @p doc_id and @p created is set to 0 (units added later are merged:
 * a unit whose texts are all present already is not added twice).
 */
int stele_store_doc_add(stele_store *store, const char *title,
                        const char *const *langs, size_t nlangs,
                        const char *const *paths, const char *hash,
                        int64_t *doc_id, int *created);

/**
 * Add a unit to document @p doc_id inside an open transaction: for each
 * of the @p nlangs languages, its text (NULL or "" for none). Each text
 * becomes one sentence of the document. A unit identical to one the
 * document holds already is skipped (*unit_id then names the old one).
 * @p unit_id may be NULL. @p created_at is seconds since the epoch (UTC),
 * or 0 for now.
 */
int stele_store_unit_add(stele_store *store, int64_t doc_id,
                         const char *const *langs,
                         const char *const *texts, size_t nlangs,
                         double confidence, int64_t created_at,
                         int64_t *unit_id);

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

/** A document as listed. All pointers are borrowed for the call. */
typedef struct stele_store_doc {
    int64_t id;
    const char *title;
    const char *const *langs; /**< nlangs language tags */
    size_t nlangs;
    size_t units;             /**< number of translation units */
    int64_t added_at;         /**< seconds since the epoch, UTC */
} stele_store_doc;

typedef int (*stele_store_doc_fn)(const stele_store_doc *doc,
                                  void *payload);

/** Call @p fn for each document, by id. A nonzero return stops and is
 *  returned. */
int stele_store_docs_each(stele_store *store, stele_store_doc_fn fn,
                          void *payload);

/** A unit as read back. All pointers are borrowed for the call. */
typedef struct stele_store_unit {
    int64_t doc_id;
    int64_t unit_id;
    const char *title;        /**< the document's title */
    double confidence;
    int flagged;              /**< the aligner flagged it for review */
    int64_t created_at;       /**< seconds since the epoch, UTC */
    size_t nlangs;            /**< languages that have text in this unit */
    const char *const *langs; /**< their tags, in the document's order */
    const char *const *texts; /**< their texts: the unit's sentences of
                                   that language joined (by a space, or
                                   nothing for scripts written without
                                   spaces) */
    const uint32_t *paragraphs; /**< per language (nlangs entries): the
                                     paragraph index of its first
                                     sentence in that version; 0 when the
                                     source gave none (TMX, unit_add) */
    uint32_t paragraph;       /**< paragraphs[0]: the paragraph of the
                                   unit in its first language, for
                                   grouping units into paragraphs */
    const char *const *doc_langs; /**< every language of the document, in
                                       its order (ndoc_langs tags), whether
                                       the unit has text in it or not */
    size_t ndoc_langs;
} stele_store_unit;

#define STELE_UNIT_FILTER_VERSION 1

/** Which units stele_store_units_each hands out. */
typedef struct stele_unit_filter {
    int version;              /**< STELE_UNIT_FILTER_VERSION */
    const char *const *langs; /**< when set (nlangs > 0): only these
                                   languages, in this order, and only
                                   units that have text in all of them */
    size_t nlangs;
    int64_t doc_id;           /**< 0 for every document */
    double min_confidence;    /**< units below are skipped */
    int keep_single;          /**< nonzero: also units with text in only
                                   one language */
} stele_unit_filter;

#define STELE_UNIT_FILTER_INIT { STELE_UNIT_FILTER_VERSION, NULL, 0, 0, 0.0, 0 }

typedef int (*stele_store_unit_fn)(const stele_store_unit *unit,
                                   void *payload);

/** Call @p fn for each unit that passes @p filter (NULL: the defaults),
 *  by document then position, streaming (constant memory). A nonzero
 *  return stops and is returned. */
int stele_store_units_each(stele_store *store,
                           const stele_unit_filter *filter,
                           stele_store_unit_fn fn, void *payload);

#ifdef __cplusplus
}
#endif

#endif /* STELE_STORE_H */
