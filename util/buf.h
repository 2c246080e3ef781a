/*
 * util/buf.h - room in a growing malloc'ed byte block.
 *
 * The text buffers of the store and of the TMX reader and writer grow
 * the same way: doubling from 256 bytes, so that appending n bytes one
 * piece at a time costs O(n) copies.
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

#endif /* STELE_UTIL_BUF_H */
