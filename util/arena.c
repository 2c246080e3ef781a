#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct stele_arena_block {
    stele_arena_block *next; /* older block */
    size_t size;             /* usable bytes in data[] */
    size_t used;             /* bytes handed out of data[] */
    alignas(max_align_t) unsigned char data[];
};

void stele_arena_init(stele_arena *arena, size_t block_size)
{
    arena->head = NULL;
    arena->block_size = block_size != 0 ? block_size : 64 * 1024;
    arena->used = 0;
}

static size_t round_up(size_t n)
{
    size_t a = alignof(max_align_t);
    return (n + a - 1) / a * a;
}

static stele_arena_block *new_block(size_t size)
{
    stele_arena_block *block;

    if (size > SIZE_MAX - sizeof *block)
        return NULL;
    block = malloc(sizeof *block + size);
    if (block == NULL)
        return NULL;
    block->size = size;
    block->used = 0;
    return block;
}

void *stele_arena_alloc(stele_arena *arena, size_t size)
{
    stele_arena_block *block;
    size_t need;

    if (size == 0)
        size = 1;
    if (size > SIZE_MAX / 2)
        return NULL;
    need = round_up(size);
#ifdef STELE_DEBUG_ARENA
    block = new_block(size);
    if (block == NULL)
        return NULL;
    block->used = size;
    block->next = arena->head;
    arena->head = block;
    arena->used += size;
    return block->data;
#else
    block = arena->head;
    if (block == NULL || block->size - block->used < need) {
        /* A request larger than a quarter block gets a block of its own,
         * placed behind the head so the head's free space is not lost. */
        if (need > arena->block_size / 4 && block != NULL) {
            stele_arena_block *big = new_block(need);
            if (big == NULL)
                return NULL;
            big->used = need;
            big->next = block->next;
            block->next = big;
            arena->used += need;
            return big->data;
        }
        block = new_block(need > arena->block_size ? need
                                                   : arena->block_size);
        if (block == NULL)
            return NULL;
        block->next = arena->head;
        arena->head = block;
    }
    {
        void *p = block->data + block->used;
        block->used += need;
        arena->used += need;
        return p;
    }
#endif
}

char *stele_arena_strndup(stele_arena *arena, const char *s, size_t len)
{
    char *copy;

    if (len == SIZE_MAX)
        return NULL;
    copy = stele_arena_alloc(arena, len + 1);
    if (copy == NULL)
        return NULL;
    if (len > 0)
        memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

void stele_arena_free(stele_arena *arena)
{
    stele_arena_block *block = arena->head;

    while (block != NULL) {
        stele_arena_block *next = block->next;
        free(block);
        block = next;
    }
    arena->head = NULL;
    arena->used = 0;
}
