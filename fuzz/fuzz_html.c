/*
 * fuzz/fuzz_html.c - the HTML reader on arbitrary bytes. fuzz_segment
 * reaches it for a quarter of its inputs and starts from one page; this
 * target always reads HTML, in each language, from seeds that hold what
 * scraped pages hold (hidden and dropped elements, entities, CDATA,
 * comments, declared encodings, broken markup), with a dictionary of
 * markup (fuzz_html.dict).
 *
 * Besides the promises fuzz_segment checks (non-empty NUL-free UTF-8
 * sentences, paragraphs and spans that never go back and stay inside the
 * input), a segmenter kept from earlier inputs must give exactly what a
 * new one gives, and the document form exactly what the stream gives:
 * nothing of one page may leak into the next.
 *
 * The first byte picks the language (low two bits) and a small
 * paragraph limit (bit 2).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <stele.h>

#include "fuzz_sentences.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct run {
    fuzz_sentences check; /* the promises of each sentence */
    uint64_t digest;      /* FNV-1a over texts, paragraphs and spans */
} run;

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;

    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211u;
    return h;
}

static int on_sentence(const stele_sentence *s, void *payload)
{
    run *r = payload;

    fuzz_check_sentence(&r->check, s);
    r->digest = mix(r->digest, s->text, s->length);
    r->digest = mix(r->digest, &s->paragraph, sizeof s->paragraph);
    r->digest = mix(r->digest, &s->start, sizeof s->start);
    r->digest = mix(r->digest, &s->end, sizeof s->end);
    return 0;
}

static stele_segmenter *open_html(const char *lang, size_t limit)
{
    stele_segment_options opts = STELE_SEGMENT_OPTIONS_INIT;
    stele_segmenter *seg = NULL;

    opts.lang = lang;
    opts.format = STELE_INPUT_HTML;
    opts.max_paragraph = limit;
    if (stele_segmenter_open(&seg, &opts) != 0)
        abort();
    return seg;
}

static int segment(stele_segmenter *seg, const char *text, size_t size,
                   run *r)
{
    int rc;

    memset(r, 0, sizeof *r);
    r->check.size = size;
    r->digest = 14695981039346656037u;
    rc = stele_segment_buffer_each(seg, text, size, "fuzz.html", on_sentence,
                                   r);
    if (rc > 0)
        abort(); /* the callback never stops the run */
    if (rc < 0 && stele_segmenter_error(seg)->code != rc)
        abort();
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = { "en", "ru", "zh", "de" };
    static stele_segmenter *kept[8]; /* reused across inputs */
    const char *lang;
    const char *text = (const char *)data + 1;
    size_t limit;
    stele_segmenter *fresh;
    stele_document *doc = NULL;
    run a, b;
    int rc_a, rc_b, rc_doc;
    int slot;

    if (size == 0)
        return 0;
    slot = data[0] & 7;
    lang = langs[slot & 3];
    limit = (slot & 4) != 0 ? 64 : 0;
    if (kept[slot] == NULL)
        kept[slot] = open_html(lang, limit);
    rc_a = segment(kept[slot], text, size - 1, &a);
    fresh = open_html(lang, limit);
    rc_b = segment(fresh, text, size - 1, &b);
    if (rc_a != rc_b || a.check.count != b.check.count || a.digest != b.digest)
        abort();
    rc_doc = stele_segment_buffer(fresh, text, size - 1, "fuzz.html", &doc);
    if (rc_doc != rc_b || (rc_doc == 0) != (doc != NULL))
        abort();
    if (doc != NULL && stele_document_count(doc) != b.check.count)
        abort();
    stele_document_free(doc);
    stele_segmenter_close(fresh);
    return 0;
}
