/*
 * util/arena.h - bump allocation for data that dies together.
 *
 * A document's sentences, an alignment's units: many small allocations
 * with one lifetime. The arena hands them out of large blocks and frees
 * them all at once. Built with STELE_DEBUG_ARENA, every allocation is its
 * own malloc so that AddressSanitizer and valgrind see overruns.
 *
 * Internal to libstele; not installed.
 */
#ifndef STELE_UTIL_ARENA_H
#define STELE_UTIL_ARENA_H

#include <stddef.h>

typedef struct stele_arena_block stele_arena_block;

typedef struct stele_arena {
    stele_arena_block *head; /* newest block; blocks are malloc'ed */
    size_t block_size;       /* size of ordinary blocks */
    size_t used;             /* bytes handed out, for statistics */
} stele_arena;

/* Prepare an arena; nothing is allocated until the first request. A
 * block_size of 0 means 64 KiB. */
void stele_arena_init(stele_arena *arena, size_t block_size);

/* size bytes aligned for any type, or NULL when out of memory. Owned by
 * the arena. */
void *stele_arena_alloc(stele_arena *arena, size_t size);

/* A NUL-terminated copy of len bytes of s, owned by the arena. */
char *stele_arena_strndup(stele_arena *arena, const char *s, size_t len);

/* Free every block; the arena may be used again afterwards. */
void stele_arena_free(stele_arena *arena);

#endif /* STELE_UTIL_ARENA_H */
