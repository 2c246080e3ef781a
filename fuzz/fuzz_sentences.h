/*
 * fuzz/fuzz_sentences.h - the promises every sentence the segmenter hands
 * out must keep, checked by fuzz_segment and fuzz_html: non-empty,
 * NUL-terminated, NUL-free valid UTF-8; paragraphs and starts that never
 * go back; spans inside the input. A broken promise aborts, which
 * libFuzzer reports with the input.
 */
#ifndef STELE_FUZZ_SENTENCES_H
#define STELE_FUZZ_SENTENCES_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <stele.h>

typedef struct fuzz_sentences {
    size_t size;        /* input bytes */
    uint32_t paragraph; /* last paragraph seen */
    uint64_t start;     /* last start seen */
    size_t count;       /* sentences seen */
} fuzz_sentences;

static int fuzz_valid_utf8(const unsigned char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned char c = s[i];
        size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;

        if (c >= 0x80 && (c < 0xC2 || c > 0xF4))
            return 0;
        if (i + n > len)
            return 0;
        for (size_t k = 1; k < n; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
        i += n;
    }
    return 1;
}

static void fuzz_check_sentence(fuzz_sentences *c, const stele_sentence *s)
{
    if (s->length == 0 || s->text[s->length] != '\0' ||
        strlen(s->text) != s->length ||
        !fuzz_valid_utf8((const unsigned char *)s->text, s->length))
        abort();
    if (s->start > s->end || s->end > c->size)
        abort();
    if (c->count > 0 && (s->paragraph < c->paragraph || s->start < c->start))
        abort();
    c->paragraph = s->paragraph;
    c->start = s->start;
    c->count++;
}

#endif
