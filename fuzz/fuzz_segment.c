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

#include "fuzz_sentences.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_sentence(const stele_sentence *s, void *payload)
{
    fuzz_check_sentence(payload, s);
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
    fuzz_sentences c;
    int rc;

    if (size == 0)
        return 0;
    {
        /* any bytes: a tag of letters, or no answer */
        char tag[8];
        int g = stele_guess_language((const char *)data, size, tag,
                                     sizeof tag);
        if (g != STELE_OK && g != STELE_ENOTFOUND)
            abort();
        if (g == STELE_OK && (strlen(tag) < 2 || strlen(tag) > 3))
            abort();
    }
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
