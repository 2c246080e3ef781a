/*
 * tests/fake_alignment.c - the four stele_alignment accessors that
 * stele_store_add_alignment uses, for as long as align/ is not in the
 * tree (see tests/store.cmake). The test builds its alignments with
 * fake_alignment_make().
 */
#include <stdlib.h>
#include <string.h>

#include <stele.h>

#include "fake_alignment.h"

struct stele_alignment {
    size_t ndocs;
    const char *langs[STELE_MAX_LANGS];
    stele_unit *units;
    size_t count;
};

stele_alignment *fake_alignment_make(size_t ndocs, const char *const *langs,
                                     const stele_unit *units, size_t count)
{
    stele_alignment *a = calloc(1, sizeof *a);

    if (a == NULL)
        return NULL;
    a->ndocs = ndocs;
    for (size_t k = 0; k < ndocs; k++)
        a->langs[k] = langs[k];
    a->units = malloc((count > 0 ? count : 1) * sizeof *units);
    if (a->units == NULL) {
        free(a);
        return NULL;
    }
    memcpy(a->units, units, count * sizeof *units);
    a->count = count;
    return a;
}

void fake_alignment_free(stele_alignment *a)
{
    if (a == NULL)
        return;
    free(a->units);
    free(a);
}

size_t stele_alignment_ndocs(const stele_alignment *alignment)
{
    return alignment->ndocs;
}

const char *stele_alignment_lang(const stele_alignment *alignment, size_t k)
{
    return alignment->langs[k];
}

size_t stele_alignment_count(const stele_alignment *alignment)
{
    return alignment->count;
}

const stele_unit *stele_alignment_unit(const stele_alignment *alignment,
                                       size_t index)
{
    return &alignment->units[index];
}
