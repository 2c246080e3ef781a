/*
 * util/buf.c - room in a growing byte block (see buf.h).
 */
#include "buf.h"

#include <stdlib.h>

#include "stele/error.h"

int stele__reserve(char **data, size_t *cap, size_t need)
{
    size_t size = *cap == 0 ? 256 : *cap;
    char *grown;

    if (need <= *cap)
        return STELE_OK;
    while (size < need) {
        if (size > (size_t)-1 / 2)
            return STELE_ENOMEM;
        size *= 2;
    }
    grown = realloc(*data, size);
    if (grown == NULL)
        return STELE_ENOMEM;
    *data = grown;
    *cap = size;
    return STELE_OK;
}
