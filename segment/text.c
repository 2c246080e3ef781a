/*
 * segment/text.c - a segment's text and its map back to the input, and
 * the small UTF-8 helpers of the segmenter.
 *
 * The map is a list of runs rather than one offset per byte: UTF-8 input
 * needs a run per line, so the map costs almost nothing on the common
 * path, and lookups walk forward from the last one because sentences
 * come out in order.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "segment_int.h"

void seg_text_reset(seg_text *t)
{
    t->len = 0;
    t->nruns = 0;
    t->cursor = 0;
    t->memo_run = 0;
    t->first_in = 0;
    if (t->text != NULL)
        t->text[0] = '\0';
}

void seg_text_free(seg_text *t)
{
    free(t->text);
    t->text = NULL;
    free(t->runs);
    t->runs = NULL;
    t->len = t->cap = t->nruns = t->runs_cap = 0;
}

int seg_text_append(seg_text *t, const char *s, size_t len,
                    uint64_t in_start, uint64_t in_end, int kind)
{
    seg_run *last;

    if (t->len == 0 && t->nruns == 0)
        t->first_in = in_start;
    if (len > t->max || t->len > t->max - len)
        return STELE_ETOOBIG;
    if (t->len + len + 1 > t->cap) {
        size_t cap = t->cap != 0 ? t->cap : 4096;
        char *grown;

        while (cap < t->len + len + 1)
            cap *= 2;
        grown = realloc(t->text, cap);
        if (grown == NULL)
            return STELE_ENOMEM;
        t->text = grown;
        t->cap = cap;
    }
    if (len == 0)
        return STELE_OK;
    memcpy(t->text + t->len, s, len);
    last = t->nruns > 0 ? &t->runs[t->nruns - 1] : NULL;
    /* Consecutive pieces of one line merge, so a line is one run. */
    if (last != NULL && last->kind == kind && kind != SEG_RUN_SPAN &&
        last->seg_end == t->len && last->in_end == in_start) {
        last->seg_end += len;
        last->in_end = in_end;
    } else {
        if (t->nruns == t->runs_cap) {
            size_t cap = t->runs_cap != 0 ? t->runs_cap * 2 : 64;
            seg_run *grown = realloc(t->runs, cap * sizeof *grown);

            if (grown == NULL)
                return STELE_ENOMEM;
            t->runs = grown;
            t->runs_cap = cap;
        }
        t->runs[t->nruns].seg_start = t->len;
        t->runs[t->nruns].seg_end = t->len + len;
        t->runs[t->nruns].in_start = in_start;
        t->runs[t->nruns].in_end = in_end;
        t->runs[t->nruns].kind = kind;
        t->nruns++;
    }
    t->len += len;
    t->text[t->len] = '\0';
    return STELE_OK;
}

/* Input offset of segment byte @p pos inside run number @p r. A UTF-16
 * run counts code units from the last lookup in the same run, so that
 * the lookups of a long line cost one pass over it, not one each. */
static uint64_t run_offset(seg_text *t, size_t r, size_t pos)
{
    const seg_run *run = &t->runs[r];
    uint64_t units = 0;
    size_t i = run->seg_start;
    uint64_t base = run->in_start;

    switch (run->kind) {
    case SEG_RUN_SAME:
        return run->in_start + (pos - run->seg_start);
    case SEG_RUN_UTF16:
        if (t->memo_run == r + 1 && t->memo_pos <= pos) {
            i = t->memo_pos;
            base = t->memo_in;
        }
        for (; i < pos; i++) {
            unsigned char c = (unsigned char)t->text[i];

            if ((c & 0xC0) != 0x80)
                units += c >= 0xF0 ? 2 : 1;
        }
        t->memo_run = r + 1;
        t->memo_pos = pos;
        t->memo_in = base + 2 * units;
        return t->memo_in;
    default:
        return pos == run->seg_end ? run->in_end : run->in_start;
    }
}

uint64_t seg_text_in_start(seg_text *t, size_t pos)
{
    if (t->nruns == 0)
        return t->first_in;
    if (t->cursor >= t->nruns)
        t->cursor = t->nruns - 1;
    while (t->cursor + 1 < t->nruns && t->runs[t->cursor].seg_end <= pos)
        t->cursor++;
    if (pos < t->runs[t->cursor].seg_start)
        return t->runs[t->cursor].in_start;
    if (pos >= t->runs[t->cursor].seg_end)
        return t->runs[t->cursor].in_end;
    return run_offset(t, t->cursor, pos);
}

uint64_t seg_text_in_end(seg_text *t, size_t pos)
{
    if (t->nruns == 0)
        return t->first_in;
    if (t->cursor >= t->nruns)
        t->cursor = t->nruns - 1;
    while (t->cursor + 1 < t->nruns && t->runs[t->cursor].seg_end < pos)
        t->cursor++;
    if (pos <= t->runs[t->cursor].seg_start)
        return t->runs[t->cursor].in_start;
    if (pos >= t->runs[t->cursor].seg_end)
        return t->runs[t->cursor].in_end;
    if (t->runs[t->cursor].kind == SEG_RUN_SPAN)
        return t->runs[t->cursor].in_end;
    return run_offset(t, t->cursor, pos);
}

/* ------------------------------------------------------------ UTF-8 */

int32_t seg_u8_next_slow(const char *s, size_t len, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t k = *i;
    int32_t c = p[k++];

    if (c >= 0x80) {
        int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;

        c &= more == 3 ? 0x07 : more == 2 ? 0x0F : 0x1F;
        while (more-- > 0 && k < len)
            c = (c << 6) | (p[k++] & 0x3F);
    }
    *i = k;
    return c;
}

int32_t seg_u8_prev_slow(const char *s, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t k = *i;
    size_t start;

    if (k == 0)
        return 0;
    k--;
    while (k > 0 && (p[k] & 0xC0) == 0x80 && *i - k < 4)
        k--;
    start = k;
    *i = start;
    return seg_u8_next_slow(s, start + 4, &start);
}

size_t seg_u8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < len) {
        unsigned char c = p[i];

        if (c < 0x80) {
            /* ASCII runs are the common case: check 8 bytes at a go. */
            while (i + 8 <= len) {
                uint64_t w;

                memcpy(&w, p + i, 8);
                if ((w & UINT64_C(0x8080808080808080)) != 0)
                    break;
                i += 8;
            }
            if (i < len && p[i] < 0x80)
                i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            if (i + 1 >= len || (p[i + 1] & 0xC0) != 0x80)
                return i;
            i += 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
            unsigned char hi = c == 0xED ? 0x9F : 0xBF;

            if (i + 2 >= len || p[i + 1] < lo || p[i + 1] > hi ||
                (p[i + 2] & 0xC0) != 0x80)
                return i;
            i += 3;
        } else if (c >= 0xF0 && c <= 0xF4) {
            unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
            unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;

            if (i + 3 >= len || p[i + 1] < lo || p[i + 1] > hi ||
                (p[i + 2] & 0xC0) != 0x80 || (p[i + 3] & 0xC0) != 0x80)
                return i;
            i += 4;
        } else {
            return i;
        }
    }
    return i;
}

int seg_is_cjk(int32_t c)
{
    UScriptCode script;
    UErrorCode status = U_ZERO_ERROR;

    if (c < 0x2E80)
        return 0;
    if ((c >= 0xFF01 && c <= 0xFF60) || (c >= 0x3000 && c <= 0x303F))
        return 1;
    script = uscript_getScript(c, &status);
    return U_SUCCESS(status) &&
           (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA ||
            script == USCRIPT_KATAKANA || script == USCRIPT_HANGUL);
}
