/*
 * store/store.c - the translation memory: handle, checks, dispatch.
 *
 * Design. A translation memory holds documents (one title, two or more
 * language versions, their source files and content hashes), the
 * sentences of every version, and the translation units that group them:
 * each sentence belongs to exactly one unit, and a unit holds 0-n
 * consecutive sentences per language with the aligner's confidence. The
 * public API (stele/store.h) names no database; this file checks
 * arguments and transaction state and hands each call to a backend
 * through the table in store_internal.h:
 *
 *   - a file path opens the SQLite backend (sqlite_backend.c): one file,
 *     WAL mode so that searches run while an import writes, a busy
 *     timeout and BEGIN IMMEDIATE so that two writers queue instead of
 *     failing, FTS5 with stele's ICU tokenizer for search;
 *   - "postgresql://..." (or "postgres://...") is reserved for a server
 *     backend, for a team's shared memory, and fails with STELE_EINVAL
 *     "backend not built" until one is written.
 *
 * Every write is one transaction. stele_store_add_alignment opens its
 * own; the lower-level calls (doc_add, unit_add) require the caller's
 * stele_store_begin, so that an importer can make a whole TMX file one
 * transaction. Identity: a document is known by its title and its
 * language list; its content hash (FNV-1a 64 over the language tags and
 * every sentence, each field length-prefixed) tells whether the texts
 * changed. Storing the same texts again is a no-op; changed texts under
 * the same title and languages replace the document's units in the same
 * transaction (add_alignment.c).
 *
 * Search (stele/search.h) is parsed here (query.c) and executed by the
 * backend; the tokenizer (tokenize.c) is shared by the index, the parser
 * and the highlighter so that all three see the same words.
 */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

uint64_t stele__fnv1a(uint64_t hash, const void *data, size_t size)
{
    const unsigned char *p = data;

    for (size_t i = 0; i < size; i++) {
        hash ^= p[i];
        hash *= UINT64_C(1099511628211);
    }
    return hash;
}

uint64_t stele__fnv1a_length(uint64_t hash, size_t size)
{
    unsigned char len[8];

    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)((uint64_t)size >> (8 * i));
    return stele__fnv1a(hash, len, sizeof len);
}

uint64_t stele__fnv1a_field(uint64_t hash, const char *text, size_t size)
{
    return stele__fnv1a(stele__fnv1a_length(hash, size), text, size);
}

const char *stele__lang_joiner(const char *lang)
{
    static const char *const unspaced[] = { "zh", "ja", "th", "lo", "km",
                                            "my", "bo", "yue", "wuu" };
    size_t n = 0;

    if (lang == NULL)
        return " ";
    while (lang[n] != '\0' && lang[n] != '-' && lang[n] != '_')
        n++;
    for (size_t i = 0; i < sizeof unspaced / sizeof *unspaced; i++)
        if (strlen(unspaced[i]) == n && strncmp(lang, unspaced[i], n) == 0)
            return "";
    return " ";
}

int stele__store_tokenizer(stele_store *store, stele_tokenizer **out)
{
    int rc = STELE_OK;

    if (store->tokenizer == NULL)
        rc = stele__tokenizer_open(&store->tokenizer, NULL, &store->error);
    *out = store->tokenizer;
    return rc;
}

static int has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The backend that serves @p location, or NULL with @p err set when it
 * is not built in. */
static const stele_store_backend *backend_for(const char *location,
                                              stele_error *err)
{
    if (has_prefix(location, "postgresql://") ||
        has_prefix(location, "postgres://")) {
        stele_error_set(err, STELE_EINVAL, location, 0, -1,
                        "the PostgreSQL backend is not built into this "
                        "stele");
        return NULL;
    }
    return &stele__sqlite_backend;
}

int stele_store_open(stele_store **out, const char *location,
                     unsigned flags)
{
    stele_store *store;

    *out = NULL;
    store = calloc(1, sizeof *store);
    if (store == NULL)
        return STELE_ENOMEM;
    stele_error_clear(&store->error);
    *out = store;
    if (location == NULL || location[0] == '\0')
        return stele_error_set(&store->error, STELE_EINVAL, NULL, 0, -1,
                               "no translation memory location given");
    store->location = malloc(strlen(location) + 1);
    if (store->location == NULL)
        return stele_error_set(&store->error, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    memcpy(store->location, location, strlen(location) + 1);
    store->flags = flags;
    if ((flags & STELE_STORE_READONLY) && (flags & STELE_STORE_CREATE))
        return stele_error_set(&store->error, STELE_EINVAL, location, 0,
                               -1, "cannot create a store read-only");
    store->backend = backend_for(location, &store->error);
    if (store->backend == NULL)
        return store->error.code;
    return store->backend->open(store, flags);
}

int stele_store_remove(const char *location, stele_error *err)
{
    const stele_store_backend *backend;

    stele_error_clear(err);
    if (location == NULL || location[0] == '\0')
        return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                               "no translation memory location given");
    backend = backend_for(location, err);
    if (backend == NULL)
        return err->code;
    return backend->remove(location, err);
}

void stele_store_close(stele_store *store)
{
    if (store == NULL)
        return;
    if (store->backend != NULL) {
        if (store->in_transaction)
            store->backend->rollback(store);
        store->backend->close(store);
    }
    stele__tokenizer_close(store->tokenizer);
    free(store->location);
    free(store);
}

const stele_error *stele_store_error(const stele_store *store)
{
    return store != NULL ? &store->error : NULL;
}

/* The store is open (its backend state exists). */
static int usable(stele_store *store)
{
    if (store->impl == NULL)
        return stele_error_set(&store->error, STELE_EINVAL, store->location,
                               0, -1, "the translation memory is not open");
    return STELE_OK;
}

static int writable(stele_store *store)
{
    int rc = usable(store);

    if (rc == STELE_OK && (store->flags & STELE_STORE_READONLY))
        rc = stele_error_set(&store->error, STELE_EINVAL, store->location,
                             0, -1, "the translation memory was opened "
                             "read-only");
    return rc;
}

static int in_transaction(stele_store *store)
{
    int rc = writable(store);

    if (rc == STELE_OK && !store->in_transaction)
        rc = stele_error_set(&store->error, STELE_EINVAL, store->location,
                             0, -1, "no transaction is open (call "
                             "stele_store_begin first)");
    return rc;
}

int stele_store_check(stele_store *store)
{
    int rc = usable(store);

    return rc != STELE_OK ? rc : store->backend->check(store);
}

int stele_store_begin(stele_store *store)
{
    int rc = writable(store);

    if (rc != STELE_OK)
        return rc;
    if (store->in_transaction)
        return stele_error_set(&store->error, STELE_EINVAL, store->location,
                               0, -1, "a transaction is open already");
    rc = store->backend->begin(store);
    if (rc == STELE_OK)
        store->in_transaction = 1;
    return rc;
}

int stele_store_commit(stele_store *store)
{
    int rc = in_transaction(store);

    if (rc != STELE_OK)
        return rc;
    rc = store->backend->commit(store);
    store->in_transaction = 0;
    return rc;
}

void stele_store_rollback(stele_store *store)
{
    if (store == NULL || store->impl == NULL || !store->in_transaction)
        return;
    store->backend->rollback(store);
    store->in_transaction = 0;
}

static int check_langs(stele_store *store, const char *const *langs,
                       size_t nlangs)
{
    if (nlangs == 0 || nlangs > STELE_STORE_MAX_LANGS || langs == NULL)
        return stele_error_set(&store->error, STELE_EINVAL, store->location,
                               0, -1, "a document needs 1 to %d languages",
                               STELE_STORE_MAX_LANGS);
    for (size_t i = 0; i < nlangs; i++) {
        if (langs[i] == NULL || langs[i][0] == '\0' ||
            strchr(langs[i], ',') != NULL)
            return stele_error_set(&store->error, STELE_EINVAL,
                                   store->location, 0, -1,
                                   "invalid language tag '%s'",
                                   langs[i] != NULL ? langs[i] : "");
        for (size_t j = 0; j < i; j++)
            if (strcmp(langs[i], langs[j]) == 0)
                return stele_error_set(&store->error, STELE_EINVAL,
                                       store->location, 0, -1,
                                       "language '%s' is given twice",
                                       langs[i]);
    }
    return STELE_OK;
}

int stele_store_doc_add(stele_store *store, const char *title,
                        const char *const *langs, size_t nlangs,
                        const char *const *paths, const char *hash,
                        int64_t *doc_id, int *created)
{
    int rc = in_transaction(store);

    if (rc == STELE_OK)
        rc = check_langs(store, langs, nlangs);
    if (rc == STELE_OK && (title == NULL || title[0] == '\0'))
        rc = stele_error_set(&store->error, STELE_EINVAL, store->location,
                             0, -1, "a document needs a title");
    if (rc != STELE_OK)
        return rc;
    return store->backend->doc_add(store, title, langs, nlangs, paths, NULL,
                                   hash, doc_id, created);
}

int stele_store_unit_add(stele_store *store, int64_t doc_id,
                         const char *const *langs,
                         const char *const *texts, size_t nlangs,
                         double confidence, int64_t created_at,
                         int64_t *unit_id)
{
    stele_store_segment segments[STELE_STORE_MAX_LANGS];
    size_t n = 0;
    int rc = in_transaction(store);

    if (rc == STELE_OK)
        rc = check_langs(store, langs, nlangs);
    if (rc != STELE_OK)
        return rc;
    if (!(confidence >= 0.0 && confidence <= 1.0))
        return stele_error_set(&store->error, STELE_EINVAL, store->location,
                               0, -1, "confidence must be in [0, 1]");
    for (size_t i = 0; i < nlangs; i++) {
        if (texts == NULL || texts[i] == NULL || texts[i][0] == '\0')
            continue;
        segments[n].lang = langs[i];
        segments[n].text = texts[i];
        segments[n].length = strlen(texts[i]);
        segments[n].paragraph = -1;
        segments[n].position = -1;
        segments[n].start = -1;
        segments[n].end = -1;
        n++;
    }
    if (n == 0)
        return stele_error_set(&store->error, STELE_EINVAL, store->location,
                               0, -1, "a unit needs text in at least one "
                               "language");
    return store->backend->unit_add(store, doc_id, segments, n, confidence,
                                    0, created_at, 1, unit_id);
}

int stele_store_docs_each(stele_store *store, stele_store_doc_fn fn,
                          void *payload)
{
    int rc = usable(store);

    return rc != STELE_OK ? rc
                          : store->backend->docs_each(store, fn, payload);
}

int stele_store_units_each(stele_store *store,
                           const stele_unit_filter *filter,
                           stele_store_unit_fn fn, void *payload)
{
    static const stele_unit_filter defaults = STELE_UNIT_FILTER_INIT;
    int rc = usable(store);

    if (rc != STELE_OK)
        return rc;
    if (filter == NULL)
        filter = &defaults;
    if (filter->version != STELE_UNIT_FILTER_VERSION)
        return stele_error_set(&store->error, STELE_EINVAL, NULL, 0, -1,
                               "unknown stele_unit_filter version %d",
                               filter->version);
    if (filter->nlangs > 0) {
        rc = check_langs(store, filter->langs, filter->nlangs);
        if (rc != STELE_OK)
            return rc;
    }
    return store->backend->units_each(store, filter, fn, payload);
}

int stele_search(stele_store *store, const char *query,
                 const stele_search_options *opts, stele_search_fn fn,
                 void *payload)
{
    static const stele_search_options defaults = STELE_SEARCH_OPTIONS_INIT;
    stele_search_options o;
    stele_tokenizer *tk;
    stele_query *parsed = NULL;
    int rc;

    if (store == NULL)
        return STELE_EINVAL;
    rc = usable(store);
    if (rc != STELE_OK)
        return rc;
    if (opts == NULL)
        opts = &defaults;
    if (opts->version != STELE_SEARCH_OPTIONS_VERSION)
        return stele_error_set(&store->error, STELE_EINVAL, NULL, 0, -1,
                               "unknown stele_search_options version %d",
                               opts->version);
    if (query == NULL || fn == NULL)
        return stele_error_set(&store->error, STELE_EINVAL, NULL, 0, -1,
                               "no query given");
    if (opts->lang != NULL) {
        size_t n = strlen(opts->lang);
        int ok = n > 0 && n < 16;

        for (size_t i = 0; ok && i < n; i++) {
            char c = opts->lang[i];

            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '-' || c == '_';
        }
        if (!ok)
            return stele_error_set(&store->error, STELE_EINVAL, NULL, 0, -1,
                                   "invalid language tag '%s'", opts->lang);
    }
    o = *opts;
    if (o.limit == 0)
        o.limit = 20;
    rc = stele__store_tokenizer(store, &tk);
    if (rc == STELE_OK)
        rc = stele__query_parse(&parsed, tk, query, &store->error);
    if (rc == STELE_OK)
        rc = store->backend->search(store, parsed, &o, fn, payload);
    stele__query_free(parsed);
    return rc;
}
