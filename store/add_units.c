/*
 * store/add_units.c - storing an aligned document in one transaction.
 *
 * stele_store_add_units takes the units as a plain array of stele_unit,
 * so that the store owns its whole ingest path and can be written and
 * tested without the aligner; stele_store_add_alignment
 * (add_alignment.c) only reads the units out of a stele_alignment and
 * comes here. Written on the backend table alone, so it serves every
 * backend.
 *
 * Identity and idempotence: the content hash is FNV-1a 64 over the
 * number of versions, then for each version its language tag, its
 * sentence count and every sentence (each field length-prefixed). The
 * same texts stored again (under any title) are left alone
 * (STELE_STORE_UNCHANGED); other texts under a title and language list
 * that exist already replace that document's units and sentences
 * (STELE_STORE_REPLACED), all within the one transaction, so a reader
 * sees either the old version or the new one.
 */
#include "store_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t version_hash(const stele_document *doc)
{
    const char *lang = stele_document_lang(doc);
    size_t count = stele_document_count(doc);
    char n[32];
    uint64_t h = STELE_FNV_OFFSET;

    h = stele__fnv1a_field(h, lang, strlen(lang));
    snprintf(n, sizeof n, "%zu", count);
    h = stele__fnv1a_field(h, n, strlen(n));
    for (size_t i = 0; i < count; i++) {
        const stele_sentence *s = stele_document_sentence(doc, i);
        h = stele__fnv1a_field(h, s->text, s->length);
    }
    return h;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash != NULL ? slash + 1 : path;
}

int stele__store_add(stele_store *store, const char *title,
                     const stele_document *const *docs,
                     const char *const *paths, size_t ndocs,
                     stele__unit_at unit_at, const void *source,
                     size_t nunits, int64_t *doc_id, int *outcome)
{
    const char *langs[STELE_MAX_LANGS];
    char version_hashes[STELE_MAX_LANGS][17];
    const char *hashes[STELE_MAX_LANGS];
    char hash[17];
    char joined[STELE_MAX_LANGS * 16 + 1];
    uint64_t h = STELE_FNV_OFFSET;
    stele_store_segment *segments = NULL;
    size_t segments_cap = 0;
    stele_store_match match;
    int64_t id = 0;
    int own_transaction;
    int rc;

    if (store == NULL)
        return STELE_EINVAL;
    if (store->impl == NULL)
        return stele_error_set(&store->error, STELE_EINVAL, store->location,
                               0, -1, "the translation memory is not open");
    if (store->flags & STELE_STORE_READONLY)
        return stele_error_set(&store->error, STELE_EINVAL, store->location,
                               0, -1, "the translation memory was opened "
                               "read-only");
    if (docs == NULL || (source == NULL && nunits > 0) || ndocs == 0 ||
        ndocs > STELE_MAX_LANGS)
        return stele_error_set(&store->error, STELE_EINVAL, store->location,
                               0, -1, "an aligned document needs 1 to %d "
                               "language versions and its units",
                               STELE_MAX_LANGS);
    for (size_t k = 0; k < ndocs; k++)
        if (docs[k] == NULL)
            return stele_error_set(&store->error, STELE_EINVAL,
                                   store->location, 0, -1,
                                   "language version %zu is missing", k);
    if (title == NULL || title[0] == '\0') {
        const char *name = paths != NULL && paths[0] != NULL
                               ? paths[0]
                               : stele_document_name(docs[0]);
        title = base_name(name);
    }
    if (title[0] == '\0')
        return stele_error_set(&store->error, STELE_EINVAL, store->location,
                               0, -1, "a document needs a title");

    joined[0] = '\0';
    {
        char n[8];

        snprintf(n, sizeof n, "%zu", ndocs);
        h = stele__fnv1a_field(h, n, strlen(n));
    }
    for (size_t k = 0; k < ndocs; k++) {
        uint64_t vh = version_hash(docs[k]);

        langs[k] = stele_document_lang(docs[k]);
        if (langs[k][0] == '\0' || strlen(langs[k]) > 15 ||
            strchr(langs[k], ',') != NULL)
            return stele_error_set(&store->error, STELE_EINVAL,
                                   store->location, 0, -1,
                                   "invalid language tag '%s'", langs[k]);
        for (size_t j = 0; j < k; j++)
            if (strcmp(langs[j], langs[k]) == 0)
                return stele_error_set(&store->error, STELE_EINVAL,
                                       store->location, 0, -1,
                                       "language '%s' is given twice",
                                       langs[k]);
        if (k > 0)
            strcat(joined, ",");
        strcat(joined, langs[k]);
        snprintf(version_hashes[k], sizeof version_hashes[k], "%016" PRIx64,
                 vh);
        hashes[k] = version_hashes[k];
        h = stele__fnv1a(h, &vh, sizeof vh);
    }
    snprintf(hash, sizeof hash, "%016" PRIx64, h);
    for (size_t u = 0; u < nunits; u++) {
        const stele_unit *unit = unit_at(source, u);

        if (!(unit->confidence >= 0.0 && unit->confidence <= 1.0))
            return stele_error_set(&store->error, STELE_EINVAL,
                                   store->location, 0, -1,
                                   "unit %zu has confidence %g, outside "
                                   "[0, 1]", u, unit->confidence);
        for (size_t k = 0; k < ndocs; k++) {
            size_t count = stele_document_count(docs[k]);

            if ((size_t)unit->first[k] + unit->count[k] > count)
                return stele_error_set(&store->error, STELE_EINVAL,
                                       store->location, 0, -1,
                                       "unit %zu names sentence %zu of "
                                       "'%s', which has %zu", u,
                                       (size_t)unit->first[k] +
                                           unit->count[k] - 1,
                                       langs[k], count);
        }
    }

    own_transaction = !store->in_transaction;
    if (own_transaction) {
        rc = stele_store_begin(store);
        if (rc != STELE_OK)
            return rc;
    }
    rc = store->backend->doc_find(store, title, joined, hash, &id, &match);
    if (rc != STELE_OK)
        goto done;
    if (match == STELE_MATCH_CONTENT) {
        if (outcome != NULL)
            *outcome = STELE_STORE_UNCHANGED;
        goto done;
    }
    if (match == STELE_MATCH_TITLE) {
        rc = store->backend->doc_clear(store, id, paths, hashes, hash);
    } else {
        int created;
        rc = store->backend->doc_add(store, title, langs, ndocs, paths,
                                     hashes, hash, &id, &created);
    }
    if (rc != STELE_OK)
        goto done;

    for (size_t u = 0; u < nunits; u++) {
        const stele_unit *unit = unit_at(source, u);
        size_t n = 0, need = 0;

        for (size_t k = 0; k < ndocs; k++)
            need += unit->count[k];
        if (need > segments_cap) {
            stele_store_segment *grown =
                realloc(segments, need * sizeof *segments);
            if (grown == NULL) {
                rc = stele_error_set(&store->error, STELE_ENOMEM, NULL, 0,
                                     -1, "out of memory");
                goto done;
            }
            segments = grown;
            segments_cap = need;
        }
        for (size_t k = 0; k < ndocs; k++) {
            for (uint32_t i = 0; i < unit->count[k]; i++) {
                size_t index = (size_t)unit->first[k] + i;
                const stele_sentence *s =
                    stele_document_sentence(docs[k], index);
                stele_store_segment *g = &segments[n++];

                g->lang = langs[k];
                g->text = s->text;
                g->length = s->length;
                g->paragraph = s->paragraph;
                g->position = (int64_t)index;
                g->start = (int64_t)s->start;
                g->end = (int64_t)s->end;
            }
        }
        if (n == 0)
            continue;
        rc = store->backend->unit_add(store, id, segments, n,
                                      unit->confidence, unit->flagged != 0,
                                      0, 0, NULL);
        if (rc != STELE_OK)
            goto done;
    }
    if (outcome != NULL)
        *outcome = match == STELE_MATCH_TITLE ? STELE_STORE_REPLACED
                                              : STELE_STORE_ADDED;
done:
    free(segments);
    if (own_transaction) {
        if (rc == STELE_OK)
            rc = stele_store_commit(store);
        else
            stele_store_rollback(store);
    }
    if (rc == STELE_OK && doc_id != NULL)
        *doc_id = id;
    return rc;
}

static const stele_unit *array_unit(const void *source, size_t index)
{
    return &((const stele_unit *)source)[index];
}

int stele_store_add_units(stele_store *store, const char *title,
                          const stele_document *const *docs,
                          const char *const *paths, size_t ndocs,
                          const stele_unit *units, size_t nunits,
                          int64_t *doc_id, int *outcome)
{
    return stele__store_add(store, title, docs, paths, ndocs, array_unit,
                            units, nunits, doc_id, outcome);
}
