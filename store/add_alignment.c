/*
 * store/add_alignment.c - storing the aligner's output.
 *
 * The only file of the store that reads a stele_alignment (align/). It
 * hands the units to the store's own ingest (add_units.c) through the
 * public accessors of stele/align.h, so the store never sees the
 * aligner's internals. CMakeLists.txt compiles this file only when
 * align/ implements those accessors (see store/README.md).
 */
#include "store_internal.h"

#include <string.h>

static const stele_unit *alignment_unit(const void *source, size_t index)
{
    return stele_alignment_unit((const stele_alignment *)source, index);
}

int stele_store_add_alignment(stele_store *store, const char *title,
                              const stele_document *const *docs,
                              const char *const *paths, size_t ndocs,
                              const stele_alignment *alignment,
                              int64_t *doc_id, int *outcome)
{
    if (store == NULL)
        return STELE_EINVAL;
    if (alignment == NULL || stele_alignment_ndocs(alignment) != ndocs)
        return stele_error_set(&store->error, STELE_EINVAL, store->location,
                               0, -1, "the alignment does not match the %zu "
                               "documents given", ndocs);
    for (size_t k = 0; k < ndocs; k++) {
        const char *lang = stele_alignment_lang(alignment, k);

        if (docs == NULL || docs[k] == NULL || lang == NULL ||
            strcmp(lang, stele_document_lang(docs[k])) != 0)
            return stele_error_set(&store->error, STELE_EINVAL,
                                   store->location, 0, -1,
                                   "the alignment's language %zu is not "
                                   "that of the document given", k);
    }
    return stele__store_add(store, title, docs, paths, ndocs, alignment_unit,
                            alignment, stele_alignment_count(alignment),
                            doc_id, outcome);
}
