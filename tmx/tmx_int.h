/*
 * tmx/tmx_int.h - what the files of tmx/ share: language tags and their
 * mapping, TMX dates, a growing buffer. Internal to libstele.
 */
#ifndef STELE_TMX_INT_H
#define STELE_TMX_INT_H

#include <stddef.h>
#include <stdint.h>

#include "stele/tmx.h"

/* The longest language tag kept, with its NUL: BCP 47 asks every
 * implementation to handle 35 characters. */
#define TMX_TAG_SIZE 36

/* The most FROM=TO entries of a tag map. */
#define TMX_MAP_MAX 64

/* Normalise language tag @p tag (@p length bytes) into @p buf (at least
 * TMX_TAG_SIZE bytes): '_' becomes '-', the language subtag lower case,
 * a four-letter script subtag title case, a two-letter region upper
 * case, everything else (and all after a singleton such as "x") lower
 * case. Returns 0, or -1 when @p tag is not a language tag (empty, too
 * long, an empty subtag or one longer than 8, a character other than a
 * letter, a digit, '-' or '_', a language subtag that is not letters). */
int stele__tmx_tag_normalise(const char *tag, size_t length, char *buf);

/* Store tags to file tags and back ("zh=zh-CN" unless "zh" is mapped). */
typedef struct tmx_tag_map {
    size_t n;
    char from[TMX_MAP_MAX][TMX_TAG_SIZE]; /* store tag, as given */
    char to[TMX_MAP_MAX][TMX_TAG_SIZE];   /* file tag, normalised */
} tmx_tag_map;

/* Parse @p n entries "FROM=TO" into @p map, adding the default for zh.
 * STELE_EINVAL (recorded in @p err) for a malformed entry, a tag given
 * twice on either side. */
int stele__tmx_tag_map_init(tmx_tag_map *map, const char *const *entries,
                            size_t n, stele_error *err);

/* The file tag for store tag @p tag (@p tag itself when unmapped). */
const char *stele__tmx_tag_out(const tmx_tag_map *map, const char *tag);

/* The store tag for normalised file tag @p tag. */
const char *stele__tmx_tag_in(const tmx_tag_map *map, const char *tag);

/* Format @p seconds (since the epoch, UTC) as YYYYMMDDThhmmssZ into
 * @p buf (at least 17 bytes). */
void stele__tmx_date_format(int64_t seconds, char *buf);

/* Parse TMX's YYYYMMDDThhmmssZ; returns 0, or -1 when malformed or out
 * of range (years 1000 to 9999). */
int stele__tmx_date_parse(const char *text, int64_t *seconds);

/* A growing byte buffer with a hard cap (curl's dynbuf). */
typedef struct tmx_buf {
    char *data;
    size_t length;
    size_t cap;
    size_t max;   /* the most bytes it may hold, NUL excluded */
} tmx_buf;

/* Append @p n bytes (kept NUL-terminated). STELE_ETOOBIG past max,
 * STELE_ENOMEM when allocation fails. */
int stele__tmx_buf_add(tmx_buf *buf, const char *data, size_t n);
void stele__tmx_buf_free(tmx_buf *buf);

#endif /* STELE_TMX_INT_H */
