/*
 * tmx/lang.c - language tags, their mapping between store and file, TMX
 * dates, and the capped buffer of the reader and the writer.
 *
 * Tags are compared after normalisation to the case conventions of
 * BCP 47 (RFC 5646 section 2.1.1), because TMX files in the wild write
 * "EN-US" (OmegaT's adminlang), "en_us" (Java locales) or "zh-hans";
 * the registry itself is not consulted, so unknown but well-formed tags
 * pass unchanged.
 */
#include "tmx_int.h"

#include "../util/buf.h"

#include <stdlib.h>
#include <string.h>

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static char upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

int stele__tmx_tag_normalise(const char *tag, size_t length, char *buf)
{
    size_t at = 0, index = 0;
    int after_singleton = 0;

    if (length == 0 || length >= TMX_TAG_SIZE)
        return -1;
    while (at < length) {
        size_t start = at, n;
        int letters = 1;

        while (at < length && tag[at] != '-' && tag[at] != '_') {
            if (!is_alpha(tag[at]) && !is_digit(tag[at]))
                return -1;
            letters = letters && is_alpha(tag[at]);
            at++;
        }
        n = at - start;
        if (n == 0 || n > 8 || (index == 0 && !letters))
            return -1;
        for (size_t i = 0; i < n; i++) {
            char c = lower(tag[start + i]);

            /* Script (4 letters) and region (2 letters) only come
             * before any singleton; the language is never recased. */
            if (index > 0 && !after_singleton && letters &&
                ((n == 4 && i == 0) || n == 2))
                c = upper(c);
            buf[start + i] = c;
        }
        if (index > 0 && n == 1)
            after_singleton = 1;
        index++;
        if (at < length) {
            buf[at] = '-';
            at++;
            if (at == length)
                return -1; /* a trailing separator */
        }
    }
    buf[length] = '\0';
    return 0;
}

/* ------------------------------------------------------------------ */
/* Mapping                                                             */
/* ------------------------------------------------------------------ */

static int map_add(tmx_tag_map *map, const char *from, size_t nfrom,
                   const char *to, size_t nto, const char *entry,
                   stele_error *err)
{
    char normal[TMX_TAG_SIZE];

    if (map->n == TMX_MAP_MAX)
        return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                               "at most %d language tag mappings",
                               TMX_MAP_MAX);
    if (nfrom == 0 || nfrom >= TMX_TAG_SIZE ||
        stele__tmx_tag_normalise(from, nfrom, normal) != 0 ||
        stele__tmx_tag_normalise(to, nto, normal) != 0)
        return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                               "invalid language tag mapping '%s' (FROM=TO, "
                               "e.g. zh=zh-Hans)", entry);
    memcpy(map->from[map->n], from, nfrom);
    map->from[map->n][nfrom] = '\0';
    memcpy(map->to[map->n], normal, strlen(normal) + 1);
    for (size_t i = 0; i < map->n; i++) {
        if (strcmp(map->from[i], map->from[map->n]) == 0)
            return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                                   "language '%s' is mapped twice",
                                   map->from[i]);
        if (strcmp(map->to[i], map->to[map->n]) == 0)
            return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                                   "two languages are mapped to '%s'",
                                   map->to[i]);
    }
    map->n++;
    return STELE_OK;
}

int stele__tmx_tag_map_init(tmx_tag_map *map, const char *const *entries,
                            size_t n, stele_error *err)
{
    int rc;

    map->n = 0;
    for (size_t i = 0; i < n; i++) {
        const char *eq = entries[i] != NULL ? strchr(entries[i], '=') : NULL;

        if (eq == NULL)
            return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                                   "invalid language tag mapping '%s' "
                                   "(FROM=TO, e.g. zh=zh-Hans)",
                                   entries[i] != NULL ? entries[i] : "");
        rc = map_add(map, entries[i], (size_t)(eq - entries[i]), eq + 1,
                     strlen(eq + 1), entries[i], err);
        if (rc != STELE_OK)
            return rc;
    }
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->from[i], "zh") == 0)
            return STELE_OK;
    /* zh-CN, not zh-Hans: the CAT tools that read TMX (OmegaT, Trados,
     * memoQ, Okapi) name Chinese by region, and a project whose target
     * is zh-CN may not match a zh-Hans variant (tmx/README.md). A
     * mapping whose TO is zh-CN already leaves zh as it is. */
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->to[i], "zh-CN") == 0)
            return STELE_OK;
    return map_add(map, "zh", 2, "zh-CN", 5, "zh=zh-CN", err);
}

const char *stele__tmx_tag_out(const tmx_tag_map *map, const char *tag)
{
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->from[i], tag) == 0)
            return map->to[i];
    return tag;
}

const char *stele__tmx_tag_in(const tmx_tag_map *map, const char *tag)
{
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->to[i], tag) == 0)
            return map->from[i];
    return tag;
}

/* ------------------------------------------------------------------ */
/* Dates                                                               */
/* ------------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil), so that no time zone or timegm() is involved. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

void stele__tmx_date_format(int64_t seconds, char *buf)
{
    int64_t days = seconds >= 0 ? seconds / 86400
                                : -((-seconds + 86399) / 86400);
    int64_t rest = seconds - days * 86400, year;
    int month, day;

    civil_from_days(days, &year, &month, &day);
    if (year < 1000 || year > 9999) {
        /* TMX has four digits for the year; clamp rather than write a
         * date no reader parses. */
        memcpy(buf, year < 1000 ? "10000101T000000Z" : "99991231T235959Z",
               17);
        return;
    }
    buf[0] = (char)('0' + year / 1000);
    buf[1] = (char)('0' + year / 100 % 10);
    buf[2] = (char)('0' + year / 10 % 10);
    buf[3] = (char)('0' + year % 10);
    buf[4] = (char)('0' + month / 10);
    buf[5] = (char)('0' + month % 10);
    buf[6] = (char)('0' + day / 10);
    buf[7] = (char)('0' + day % 10);
    buf[8] = 'T';
    buf[9] = (char)('0' + rest / 36000);
    buf[10] = (char)('0' + rest / 3600 % 10);
    buf[11] = (char)('0' + rest % 3600 / 600);
    buf[12] = (char)('0' + rest % 3600 / 60 % 10);
    buf[13] = (char)('0' + rest % 60 / 10);
    buf[14] = (char)('0' + rest % 10);
    buf[15] = 'Z';
    buf[16] = '\0';
}

static int digits(const char *p, int n, int *out)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (!is_digit(p[i]))
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return 0;
}

int stele__tmx_date_parse(const char *text, int64_t *seconds)
{
    static const int month_days[12] = { 31, 29, 31, 30, 31, 30,
                                        31, 31, 30, 31, 30, 31 };
    int y, mo, d, h, mi, s;

    if (strlen(text) != 16 || text[8] != 'T' || text[15] != 'Z' ||
        digits(text, 4, &y) != 0 || digits(text + 4, 2, &mo) != 0 ||
        digits(text + 6, 2, &d) != 0 || digits(text + 9, 2, &h) != 0 ||
        digits(text + 11, 2, &mi) != 0 || digits(text + 13, 2, &s) != 0)
        return -1;
    if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > month_days[mo - 1] ||
        h > 23 || mi > 59 || s > 60)
        return -1;
    if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return -1;
    *seconds = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Buffer                                                              */
/* ------------------------------------------------------------------ */

int stele__tmx_buf_add(tmx_buf *buf, const char *data, size_t n)
{
    if (n > buf->max - buf->length)
        return STELE_ETOOBIG;
    if (stele__reserve(&buf->data, &buf->cap, buf->length + n + 1) !=
        STELE_OK)
        return STELE_ENOMEM;
    if (n > 0)
        memcpy(buf->data + buf->length, data, n);
    buf->length += n;
    buf->data[buf->length] = '\0';
    return STELE_OK;
}

void stele__tmx_buf_free(tmx_buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->length = 0;
    buf->cap = 0;
}
