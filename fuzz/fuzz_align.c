/*
 * fuzz/fuzz_align.c - the aligner on arbitrary sentences: two or three
 * documents of any length, paragraphs or none, any set of scorers. It
 * must align or refuse with an error, never crash or hang, and what it
 * hands out must hold the API's promises: units in order that cover every
 * sentence of every document exactly once, none empty, each with a
 * confidence in [0, 1] and flagged exactly when below the threshold.
 *
 * The first byte picks two or three documents (bit 0), their languages
 * (bits 1-2), paragraphs on or off (bit 3) and the scorers besides
 * length (bits 4-7 select among numbers, Latin, transliteration,
 * punctuation and learned pairs). The rest is the documents, separated
 * by NUL bytes; each line is a sentence, and a line that begins with
 * byte 0x01 begins a new paragraph.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <stele.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Sentences of one document from [p, end): lines, 0x01 starts a
 * paragraph; empty lines are skipped (a sentence has text). */
static stele_document *document_of(const char *lang, const uint8_t *p,
                                   const uint8_t *end)
{
    stele_document *doc = NULL;
    uint32_t paragraph = 0;

    if (stele_document_new(&doc, lang, "fuzz") != 0)
        abort();
    while (p < end) {
        const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
        const uint8_t *line_end = nl != NULL ? nl : end;
        if (p < line_end && *p == 0x01) {
            paragraph++;
            p++;
        }
        if (p < line_end &&
            stele_document_append(doc, (const char *)p,
                                  (size_t)(line_end - p), paragraph, 0,
                                  0) == STELE_ENOMEM)
            abort();
        p = nl != NULL ? nl + 1 : end;
    }
    return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[4][3] = {
        {"en", "ru", "zh"}, {"en", "de", "fr"}, {"zh", "ja", "en"},
        {"ru", "en", "tr"}};
    static const unsigned extra[4] = {
        STELE_SCORER_NUMBERS | STELE_SCORER_PUNCT,
        STELE_SCORER_LATIN | STELE_SCORER_TRANSLIT,
        STELE_SCORER_LEARNED,
        STELE_SCORER_NUMBERS | STELE_SCORER_LEARNED | STELE_SCORER_PUNCT};
    stele_align_options opts = STELE_ALIGN_OPTIONS_INIT;
    stele_document *docs[3] = {NULL, NULL, NULL};
    stele_aligner *al = NULL;
    stele_alignment *res = NULL;
    const uint8_t *p, *end;
    size_t ndocs;
    int rc;

    if (size == 0)
        return 0;
    ndocs = (data[0] & 1) ? 3 : 2;
    opts.use_paragraphs = (data[0] & 8) != 0;
    opts.scorers = STELE_SCORER_LENGTH | extra[(data[0] >> 4) & 3];
    if (data[0] & 64)
        opts.scorers = STELE_SCORER_ALL;
    opts.flag_below = (data[0] & 128) ? 0.9 : 0.5;
    p = data + 1;
    end = data + size;
    for (size_t k = 0; k < ndocs; k++) {
        const uint8_t *nul = memchr(p, '\0', (size_t)(end - p));
        const uint8_t *doc_end = nul != NULL ? nul : end;
        docs[k] = document_of(langs[(data[0] >> 1) & 3][k], p, doc_end);
        p = nul != NULL ? nul + 1 : end;
    }
    if (stele_aligner_open(&al, &opts) != 0)
        abort();
    rc = stele_align(al, (const stele_document *const *)docs, ndocs, &res);
    if (rc > 0)
        abort();
    if (rc < 0) {
        if (res != NULL || stele_aligner_error(al)->code != rc)
            abort();
    } else {
        uint32_t next[3] = {0, 0, 0};
        if (stele_alignment_ndocs(res) != ndocs)
            abort();
        for (size_t u = 0; u < stele_alignment_count(res); u++) {
            const stele_unit *unit = stele_alignment_unit(res, u);
            uint32_t total = 0;
            for (size_t k = 0; k < ndocs; k++) {
                if (unit->count[k] > 0 && unit->first[k] != next[k])
                    abort();
                next[k] += unit->count[k];
                total += unit->count[k];
            }
            if (total == 0 || !(unit->confidence >= 0.0) ||
                !(unit->confidence <= 1.0) ||
                unit->flagged != (unit->confidence < opts.flag_below))
                abort();
        }
        for (size_t k = 0; k < ndocs; k++)
            if (next[k] != stele_document_count(docs[k]))
                abort();
    }
    stele_alignment_free(res);
    stele_aligner_close(al);
    for (size_t k = 0; k < ndocs; k++)
        stele_document_free(docs[k]);
    return 0;
}
