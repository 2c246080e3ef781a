/*
 * fuzz/fuzz_segment.c - the segmenter on arbitrary bytes: plain text in
 * each language, HTML, presegmented lines and UTF-16. It must segment or
 * refuse with an error, never crash or hang, and what it hands out must
 * hold the API's promises: non-empty valid UTF-8 sentences, paragraphs
 * that never go back, spans inside the input that never go back.
 *
 * The first byte of the input picks the language (low two bits), the
 * input format (next two bits) and a small paragraph limit (bit 4).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <stele.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct check {
    size_t size;       /* input bytes */
    uint32_t paragraph;/* last paragraph seen */
    uint64_t start;    /* last start seen */
    size_t count;
} check;

static int valid_utf8(const unsigned char *s, size_t len)
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

static int on_sentence(const stele_sentence *s, void *payload)
{
    check *c = payload;

    if (s->length == 0 || s->text[s->length] != '\0' ||
        strlen(s->text) != s->length ||
        !valid_utf8((const unsigned char *)s->text, s->length))
        abort();
    if (s->start > s->end || s->end > c->size)
        abort();
    if (c->count > 0 && (s->paragraph < c->paragraph || s->start < c->start))
        abort();
    c->paragraph = s->paragraph;
    c->start = s->start;
    c->count++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = { "en", "ru", "zh", "de" };
    static const stele_input_format formats[] = {
        STELE_INPUT_AUTO, STELE_INPUT_TEXT, STELE_INPUT_HTML,
        STELE_INPUT_LINES
    };
    stele_segment_options opts = STELE_SEGMENT_OPTIONS_INIT;
    stele_segmenter *seg = NULL;
    check c;
    int rc;

    if (size == 0)
        return 0;
    opts.lang = langs[data[0] & 3];
    opts.format = formats[(data[0] >> 2) & 3];
    opts.max_paragraph = (data[0] & 16) != 0 ? 64 : 0;
    if (stele_segmenter_open(&seg, &opts) != 0)
        abort();
    memset(&c, 0, sizeof c);
    c.size = size - 1;
    rc = stele_segment_buffer_each(seg, (const char *)data + 1, size - 1,
                                   "fuzz", on_sentence, &c);
    if (rc > 0)
        abort(); /* the callback never stops the run */
    if (rc < 0 && stele_segmenter_error(seg)->code != rc)
        abort();
    stele_segmenter_close(seg);
    return 0;
}
