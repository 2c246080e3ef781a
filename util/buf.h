/*
 * util/buf.h - room in a growing malloc'ed block.
 *
 * The text buffers of the store and of the TMX reader and writer, and
 * the arrays that the segmenter, the aligner and the TMX import fill,
 * grow the same way: doubling, so that appending n items one at a time
 * costs O(n) copies.
 *
 * Internal to libstele; not installed.
 */
#ifndef STELE_UTIL_BUF_H
#define STELE_UTIL_BUF_H

#include <stddef.h>

/* Make *data (malloc'ed, *cap bytes, may be NULL and 0) hold at least
 * @p need bytes. Returns 0, or STELE_ENOMEM (then *data and *cap are as
 * they were). */
int stele__reserve(char **data, size_t *cap, size_t need);

/* The same for an array of items of @p size bytes: make *data (*cap
 * items) hold at least @p need items, doubling from 16. Returns 0, or
 * STELE_ENOMEM (then *data and *cap are as they were). */
int stele__reserve_items(void **data, size_t *cap, size_t need,
                         size_t size);

#endif /* STELE_UTIL_BUF_H */
