/*
 * util/buf.c - room in a growing byte block (see buf.h).
 */
#include "buf.h"

#include <stdlib.h>

#include "stele/error.h"

int stele__reserve_items(void **data, size_t *cap, size_t need,
                         size_t size)
{
    size_t n = *cap == 0 ? 16 : *cap;
    void *grown;

    if (need <= *cap)
        return STELE_OK;
    while (n < need) {
        if (n > (size_t)-1 / 2 / size)
            return STELE_ENOMEM;
        n *= 2;
    }
    grown = realloc(*data, n * size);
    if (grown == NULL)
        return STELE_ENOMEM;
    *data = grown;
    *cap = n;
    return STELE_OK;
}

int stele__reserve(char **data, size_t *cap, size_t need)
{
    /* text buffers start at 256 bytes: a sentence or a tag fits */
    void *block = *data;
    int rc = stele__reserve_items(&block, cap,
                                  *cap == 0 && need < 256 ? 256 : need, 1);
    *data = block;
    return rc;
}
