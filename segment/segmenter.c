/*
 * segment/segmenter.c - the segmenter handle, the input readers and the
 * public entry points of stele/segment.h.
 *
 * Every input is read in chunks of CHUNK bytes and handed on a line at a
 * time: memory holds one chunk, the longest line, and the segment being
 * built (capped by max_paragraph). UTF-8 is validated line by line, so
 * an error can name the exact byte offset; UTF-16 (recognised by its
 * BOM) is decoded with ICU's UTF-16 macros into UTF-8 on the way in, its
 * offsets kept in input bytes. HTML goes to html.c.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <unicode/udata.h>
#include <unicode/uloc.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "segment_int.h"

#define CHUNK (64 * 1024)
#define DEFAULT_MAX_PARAGRAPH ((size_t)16 * 1024 * 1024)

/* ------------------------------------------------------------ handle */

static int cmp_abbrev(const void *a, const void *b)
{
    const seg_abbrev *x = a;
    const seg_abbrev *y = b;
    int c = strcmp(x->text, y->text);

    /* Equal texts: the language's table (lower kind order is not
     * meaningful, so the source decides) sorts first. */
    return c != 0 ? c : (x->kind < 0) - (y->kind < 0);
}

/* Append a canonical copy of @p text (@p len bytes): white space and the
 * final '.' removed. ICU entries are stored with a negative kind until
 * the merge, so that the table's entries win. */
static int add_abbrev(stele_segmenter *seg, size_t *cap, const char *text,
                      size_t len, int kind)
{
    char *key;
    size_t m = 0;

    if (seg->nabbrevs == *cap) {
        size_t n = *cap != 0 ? *cap * 2 : 256;
        seg_abbrev *grown = realloc(seg->abbrevs, n * sizeof *grown);

        if (grown == NULL)
            return STELE_ENOMEM;
        seg->abbrevs = grown;
        *cap = n;
    }
    key = malloc(len + 1);
    if (key == NULL)
        return STELE_ENOMEM;
    for (size_t j = 0; j < len; j++)
        if (text[j] != ' ')
            key[m++] = text[j];
    if (m > 0 && key[m - 1] == '.')
        m--;
    key[m] = '\0';
    seg->abbrevs[seg->nabbrevs].text = key;
    seg->abbrevs[seg->nabbrevs].kind = kind;
    seg->nabbrevs++;
    return STELE_OK;
}

/* The language's table plus ICU's sentence-break suppressions for the
 * locale (brkitr data, "exceptions/SentenceBreak": the list that
 * FilteredBreakIterator uses in C++). Many locales have no such list,
 * which is not an error. */
static int load_abbrevs(stele_segmenter *seg, const char *locale)
{
    UErrorCode status = U_ZERO_ERROR;
    UResourceBundle *bundle;
    UResourceBundle *exceptions = NULL;
    UResourceBundle *list = NULL;
    size_t cap = 0;
    size_t kept = 0;
    int32_t n;
    int rc = STELE_OK;

    for (const seg_abbrev *a = seg->rules->abbrevs; a->text != NULL; a++) {
        rc = add_abbrev(seg, &cap, a->text, strlen(a->text), a->kind);
        if (rc < 0)
            return rc;
    }
    bundle = ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr",
                       locale, &status);
    exceptions = ures_getByKey(bundle, "exceptions", NULL, &status);
    list = ures_getByKey(exceptions, "SentenceBreak", NULL, &status);
    n = U_SUCCESS(status) ? ures_getSize(list) : 0;
    for (int32_t i = 0; i < n && rc == STELE_OK; i++) {
        UErrorCode st = U_ZERO_ERROR;
        int32_t ulen = 0;
        const UChar *u = ures_getStringByIndex(list, i, &ulen, &st);
        char buf[128];
        int32_t blen = 0;

        if (U_FAILURE(st))
            continue;
        u_strToUTF8(buf, (int32_t)sizeof buf, &blen, u, ulen, &st);
        if (U_FAILURE(st) || blen <= 1 || blen >= (int32_t)sizeof buf)
            continue;
        rc = add_abbrev(seg, &cap, buf, (size_t)blen, -SEG_ABBR_MAYEND);
    }
    ures_close(list);
    ures_close(exceptions);
    ures_close(bundle);
    if (rc < 0)
        return rc;
    qsort(seg->abbrevs, seg->nabbrevs, sizeof *seg->abbrevs, cmp_abbrev);
    for (size_t i = 0; i < seg->nabbrevs; i++) {
        seg_abbrev a = seg->abbrevs[i];

        if (kept > 0 && strcmp(seg->abbrevs[kept - 1].text, a.text) == 0) {
            free((char *)a.text);
            continue;
        }
        a.kind = a.kind < 0 ? -a.kind : a.kind;
        if (strlen(a.text) > seg->abbrev_max)
            seg->abbrev_max = strlen(a.text);
        seg->abbrevs[kept++] = a;
    }
    seg->nabbrevs = kept;
    {
        size_t slots = 64;

        while (slots < 2 * kept)
            slots *= 2;
        seg->abbrev_hash = calloc(slots, sizeof *seg->abbrev_hash);
        if (seg->abbrev_hash == NULL)
            return STELE_ENOMEM;
        seg->abbrev_hash_mask = slots - 1;
        for (size_t i = 0; i < kept; i++) {
            const char *t = seg->abbrevs[i].text;
            size_t h = seg_hash(t, strlen(t)) & seg->abbrev_hash_mask;

            while (seg->abbrev_hash[h] != 0)
                h = (h + 1) & seg->abbrev_hash_mask;
            seg->abbrev_hash[h] = (uint32_t)i + 1;
        }
    }
    return STELE_OK;
}

/* Whether ICU knows the language of @p locale (a made-up tag such as
 * "xx" or "english" is refused rather than silently treated as root). */
static int known_language(const char *locale)
{
    char language[16];
    UErrorCode status = U_ZERO_ERROR;
    const char *const *iso;

    uloc_getLanguage(locale, language, (int32_t)sizeof language, &status);
    if (U_FAILURE(status) || language[0] == '\0')
        return 0;
    for (iso = uloc_getISOLanguages(); *iso != NULL; iso++)
        if (strcmp(*iso, language) == 0)
            return 1;
    return 0;
}

int stele_segmenter_open(stele_segmenter **out,
                         const stele_segment_options *opts)
{
    stele_segmenter *seg;
    char locale[ULOC_FULLNAME_CAPACITY];
    UErrorCode status = U_ZERO_ERROR;
    UText empty = UTEXT_INITIALIZER;
    int rc;

    *out = NULL;
    seg = calloc(1, sizeof *seg);
    if (seg == NULL)
        return STELE_ENOMEM;
    *out = seg;
    stele_error_clear(&seg->error);
    memcpy(&seg->ut, &empty, sizeof empty);
    if (opts == NULL || opts->version != STELE_SEGMENT_OPTIONS_VERSION)
        return stele_error_set(&seg->error, STELE_EINVAL, NULL, 0, -1,
                               "segment options of an unknown version");
    if (opts->lang == NULL || opts->lang[0] == '\0' ||
        strlen(opts->lang) >= 64)
        return stele_error_set(&seg->error, STELE_EINVAL, NULL, 0, -1,
                               "no language given");
    if (opts->format < STELE_INPUT_AUTO || opts->format > STELE_INPUT_LINES)
        return stele_error_set(&seg->error, STELE_EINVAL, NULL, 0, -1,
                               "unknown input format %d", (int)opts->format);
    seg->lang = malloc(strlen(opts->lang) + 1);
    if (seg->lang == NULL)
        return stele_error_set(&seg->error, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    strcpy(seg->lang, opts->lang);
    seg->format = opts->format;
    seg->max_paragraph = opts->max_paragraph != 0 ? opts->max_paragraph
                                                  : DEFAULT_MAX_PARAGRAPH;
    seg->seg.max = seg->max_paragraph;

    uloc_forLanguageTag(opts->lang, locale, (int32_t)sizeof locale, NULL,
                        &status);
    if (U_FAILURE(status) || !known_language(locale))
        return stele_error_set(&seg->error, STELE_EINVAL, NULL, 0, -1,
                               "unknown language '%s'", opts->lang);
    seg->rules = seg_rules_for(locale);
    seg->bi = ubrk_open(UBRK_SENTENCE, locale, NULL, 0, &status);
    if (U_FAILURE(status))
        return stele_error_set(&seg->error, STELE_EINTERNAL, NULL, 0, -1,
                               "ICU has no sentence iterator for '%s': %s",
                               opts->lang, u_errorName(status));
    seg->nfc = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status))
        return stele_error_set(&seg->error, STELE_EINTERNAL, NULL, 0, -1,
                               "ICU has no NFC normaliser: %s",
                               u_errorName(status));
    rc = load_abbrevs(seg, locale);
    if (rc < 0)
        return stele_error_set(&seg->error, rc, NULL, 0, -1,
                               "out of memory");
    return STELE_OK;
}

void stele_segmenter_close(stele_segmenter *seg)
{
    if (seg == NULL)
        return;
    if (seg->bi != NULL)
        ubrk_close(seg->bi);
    utext_close(&seg->ut);
    for (size_t i = 0; i < seg->nabbrevs; i++)
        free((char *)seg->abbrevs[i].text);
    free(seg->abbrevs);
    free(seg->abbrev_hash);
    seg_text_free(&seg->seg);
    free(seg->out);
    free(seg->u16);
    free(seg->lang);
    free(seg);
}

const stele_error *stele_segmenter_error(const stele_segmenter *seg)
{
    return &seg->error;
}

/* ------------------------------------------------------------ sources */

typedef struct source {
    FILE *file;       /* or NULL for a buffer */
    const char *data; /* the buffer */
    size_t size;
    size_t pos;
    seg_job *job;     /* for read errors */
} source;

static long source_read(void *opaque, char *buf, size_t size)
{
    source *src = opaque;
    size_t n;

    if (src->file == NULL) {
        n = src->size - src->pos < size ? src->size - src->pos : size;
        memcpy(buf, src->data + src->pos, n);
        src->pos += n;
        return (long)n;
    }
    n = fread(buf, 1, size, src->file);
    if (n == 0 && ferror(src->file))
        return stele_error_set(&src->job->seg->error, STELE_EIO,
                               src->job->name, 0, -1, "read error: %s",
                               strerror(errno));
    return (long)n;
}

/* Fill buf from the source until it is full or the input ends. */
static long read_full(seg_read_fn read_fn, void *src, char *buf, size_t size)
{
    size_t have = 0;

    while (have < size) {
        long n = read_fn(src, buf + have, size - have);

        if (n < 0)
            return n;
        if (n == 0)
            break;
        have += (size_t)n;
    }
    return (long)have;
}

/* ------------------------------------------------------------ text */

typedef struct reader {
    seg_job *job;
    seg_read_fn read_fn;
    void *src;
    int utf16;            /* 0 UTF-8, 1 little-endian, 2 big-endian */
    char *pend;           /* decoded UTF-8 not yet consumed; malloc'ed */
    size_t len;           /* bytes in pend */
    size_t pos;           /* first unconsumed byte */
    size_t cap;           /* bytes allocated */
    uint64_t pend_in;     /* input offset of pend[pos] */
    unsigned char raw[CHUNK + 4]; /* UTF-16 bytes read, with a carry */
    size_t nraw;          /* carried bytes at raw[0] */
    uint64_t raw_in;      /* input offset of raw[0] */
    int eof;              /* the source is exhausted */
    int have_prev;        /* a line is in the segment */
    size_t prev_start;    /* where that line starts in the segment */
    uint64_t prev_term0;  /* its line end in the input */
    uint64_t prev_term1;
    int para_has_text;    /* presegmented: sentences since a blank */
    int one_per_line;     /* a line too wide for wrapped text was read */
    char *held;           /* the line after the segment's last one, kept
                             until the line after it shows whether it
                             ends its block; malloc'ed */
    size_t held_len;
    size_t held_cap;
    int have_held;
    uint64_t held_in0;    /* its text and line end in the input */
    uint64_t held_in1;
    uint64_t held_term0;
    uint64_t held_term1;
} reader;

/* Input bytes that the decoded bytes s[0, n) came from. */
static uint64_t in_len(const reader *r, const char *s, size_t n)
{
    uint64_t units = 0;

    if (!r->utf16)
        return n;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if ((c & 0xC0) != 0x80)
            units += c >= 0xF0 ? 2 : 1;
    }
    return 2 * units;
}

static int fail(seg_job *job, int code, uint64_t offset, const char *what)
{
    return stele_error_set(&job->seg->error, code, job->name, 0,
                           (int64_t)offset, "%s", what);
}

static int too_big(seg_job *job, uint64_t offset)
{
    return stele_error_set(&job->seg->error, STELE_ETOOBIG, job->name, 0,
                           (int64_t)offset,
                           "paragraph longer than %zu bytes (the limit "
                           "max_paragraph)",
                           job->seg->max_paragraph);
}

static int ensure_pend(reader *r, size_t extra)
{
    size_t cap;
    char *grown;

    if (r->pos > 0) {
        memmove(r->pend, r->pend + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pos = 0;
    }
    if (r->len + extra <= r->cap)
        return STELE_OK;
    cap = r->cap != 0 ? r->cap : 2 * CHUNK;
    while (cap < r->len + extra)
        cap *= 2;
    grown = realloc(r->pend, cap);
    if (grown == NULL)
        return fail(r->job, STELE_ENOMEM, r->pend_in, "out of memory");
    r->pend = grown;
    r->cap = cap;
    return STELE_OK;
}

/* Decode r->raw (UTF-16) into pend; keeps an incomplete tail. */
static int decode_utf16(reader *r, size_t nraw)
{
    size_t i = 0;
    int rc = ensure_pend(r, nraw / 2 * 3 + 8);

    if (rc < 0)
        return rc;
    while (i + 1 < nraw) {
        UChar unit = r->utf16 == 1
                         ? (UChar)(r->raw[i] | (r->raw[i + 1] << 8))
                         : (UChar)((r->raw[i] << 8) | r->raw[i + 1]);
        UChar32 c = unit;
        size_t used = 2;

        if (U16_IS_LEAD(unit)) {
            UChar trail;

            if (i + 3 >= nraw) {
                if (r->eof)
                    return fail(r->job, STELE_EENCODING, r->raw_in + i,
                                "invalid UTF-16: unpaired surrogate");
                break;
            }
            trail = r->utf16 == 1
                        ? (UChar)(r->raw[i + 2] | (r->raw[i + 3] << 8))
                        : (UChar)((r->raw[i + 2] << 8) | r->raw[i + 3]);
            if (!U16_IS_TRAIL(trail))
                return fail(r->job, STELE_EENCODING, r->raw_in + i,
                            "invalid UTF-16: unpaired surrogate");
            c = U16_GET_SUPPLEMENTARY(unit, trail);
            used = 4;
        } else if (U16_IS_TRAIL(unit)) {
            return fail(r->job, STELE_EENCODING, r->raw_in + i,
                        "invalid UTF-16: unpaired surrogate");
        } else if (unit == 0) {
            return fail(r->job, STELE_EENCODING, r->raw_in + i,
                        "NUL character in text");
        }
        {
            char *p = r->pend + r->len;

            if (c < 0x80) {
                p[0] = (char)c;
                r->len += 1;
            } else if (c < 0x800) {
                p[0] = (char)(0xC0 | (c >> 6));
                p[1] = (char)(0x80 | (c & 0x3F));
                r->len += 2;
            } else if (c < 0x10000) {
                p[0] = (char)(0xE0 | (c >> 12));
                p[1] = (char)(0x80 | ((c >> 6) & 0x3F));
                p[2] = (char)(0x80 | (c & 0x3F));
                r->len += 3;
            } else {
                p[0] = (char)(0xF0 | (c >> 18));
                p[1] = (char)(0x80 | ((c >> 12) & 0x3F));
                p[2] = (char)(0x80 | ((c >> 6) & 0x3F));
                p[3] = (char)(0x80 | (c & 0x3F));
                r->len += 4;
            }
        }
        i += used;
    }
    if (r->eof && i < nraw)
        return fail(r->job, STELE_EENCODING, r->raw_in + i,
                    "invalid UTF-16: odd number of bytes");
    memmove(r->raw, r->raw + i, nraw - i);
    r->nraw = nraw - i;
    r->raw_in += i;
    return STELE_OK;
}

/* Read more input into pend; sets eof at the end. */
static int refill(reader *r)
{
    long n;
    int rc;

    if (r->utf16) {
        n = r->read_fn(r->src, (char *)r->raw + r->nraw, CHUNK);
        if (n < 0)
            return (int)n;
        if (n == 0)
            r->eof = 1;
        return decode_utf16(r, r->nraw + (size_t)n);
    }
    rc = ensure_pend(r, CHUNK);
    if (rc < 0)
        return rc;
    n = r->read_fn(r->src, r->pend + r->len, CHUNK);
    if (n < 0)
        return (int)n;
    if (n == 0)
        r->eof = 1;
    r->len += (size_t)n;
    return STELE_OK;
}

static int flush(reader *r)
{
    seg_job *job = r->job;
    int rc = seg_split(job, &job->seg->seg);

    seg_text_reset(&job->seg->seg);
    r->have_prev = 0;
    return rc;
}

static int append(reader *r, const char *s, size_t len, uint64_t in0,
                  uint64_t in1, int kind)
{
    seg_text *t = &r->job->seg->seg;
    int rc = seg_text_append(t, s, len, in0, in1, kind);

    if (rc == STELE_ETOOBIG)
        return too_big(r->job, t->first_in);
    if (rc < 0)
        return fail(r->job, rc, in0, "out of memory");
    return STELE_OK;
}

static int cjk_edge(const char *s, size_t len, int last)
{
    size_t i = last ? len : 0;
    int32_t c;

    if (len == 0)
        return 0;
    c = last ? seg_u8_prev(s, &i) : seg_u8_next(s, len, &i);
    return seg_is_cjk(c);
}

/* Add the held line to the segment, judging the line break before it;
 * @p last: it is the last line of its block. */
static int take_held(reader *r, int last)
{
    seg_job *job = r->job;
    seg_text *t = &job->seg->seg;
    int kind = r->utf16 ? SEG_RUN_UTF16 : SEG_RUN_SAME;
    const char *s = r->held;
    size_t len = r->held_len;
    int rc;

    r->have_held = 0;
    if (r->have_prev) {
        const char *prev = t->text + r->prev_start;
        size_t prev_len = t->len - r->prev_start;

        if (seg_lines_join(job->seg->rules, prev, prev_len, s, len, last,
                           r->one_per_line)) {
            /* Chinese lines join without a space; others with one that
             * stands for the line end. */
            if (!(job->seg->rules->cjk_join && cjk_edge(prev, prev_len, 1) &&
                  cjk_edge(s, len, 0))) {
                rc = append(r, " ", 1, r->prev_term0, r->prev_term1,
                            SEG_RUN_SPAN);
                if (rc < 0)
                    return rc;
            }
        } else {
            rc = flush(r);
            if (rc != 0)
                return rc;
        }
    }
    r->prev_start = t->len;
    rc = append(r, s, len, r->held_in0, r->held_in1, kind);
    if (rc < 0)
        return rc;
    /* measured once, as it joins the text: a wide line matters to the
     * judgements after it (a wide next line already rules out
     * hard-wrapping by its own width) */
    if (!r->one_per_line && seg_line_unwrapped(s, len))
        r->one_per_line = 1;
    r->have_prev = 1;
    r->prev_term0 = r->held_term0;
    r->prev_term1 = r->held_term1;
    return 0;
}

/* One line of input, without its line end [term0, term1). */
static int handle_line(reader *r, const char *s, size_t len, uint64_t in0,
                       uint64_t in1, uint64_t term0, uint64_t term1)
{
    seg_job *job = r->job;
    seg_text *t = &job->seg->seg;
    int kind = r->utf16 ? SEG_RUN_UTF16 : SEG_RUN_SAME;
    int blank = seg_line_blank(s, len);
    int rc;

    if (job->seg->format == STELE_INPUT_LINES) {
        if (blank) {
            if (r->para_has_text)
                job->paragraph++;
            r->para_has_text = 0;
            return 0;
        }
        seg_text_reset(t);
        rc = append(r, s, len, in0, in1, kind);
        if (rc < 0)
            return rc;
        {
            size_t a = 0;
            size_t e = t->len;

            while (a < e && (t->text[a] == ' ' || t->text[a] == '\t'))
                a++;
            while (e > a && (t->text[e - 1] == ' ' || t->text[e - 1] == '\t'))
                e--;
            r->para_has_text = 1;
            rc = seg_emit_sentence(job, t->text + a, e - a,
                                   seg_text_in_start(t, a),
                                   seg_text_in_end(t, e));
        }
        seg_text_reset(t);
        return rc;
    }
    if (r->have_held) {
        rc = take_held(r, blank);
        if (rc != 0)
            return rc;
    }
    if (blank)
        return r->have_prev ? flush(r) : 0;
    if (len > job->seg->max_paragraph)
        return too_big(job, in0);
    if (len + 1 > r->held_cap) {
        size_t cap = r->held_cap != 0 ? r->held_cap : 1024;
        char *grown;

        while (cap < len + 1)
            cap *= 2;
        grown = realloc(r->held, cap);
        if (grown == NULL)
            return fail(job, STELE_ENOMEM, in0, "out of memory");
        r->held = grown;
        r->held_cap = cap;
    }
    memcpy(r->held, s, len);
    r->held_len = len;
    r->held_in0 = in0;
    r->held_in1 = in1;
    r->held_term0 = term0;
    r->held_term1 = term1;
    r->have_held = 1;
    return 0;
}

static int read_text(seg_job *job, seg_read_fn read_fn, void *src,
                     const char *first, size_t first_len, int utf16,
                     uint64_t skipped)
{
    reader *r;
    int rc = 0;

    r = calloc(1, sizeof *r);
    if (r == NULL)
        return fail(job, STELE_ENOMEM, 0, "out of memory");
    r->job = job;
    r->read_fn = read_fn;
    r->src = src;
    r->utf16 = utf16;
    r->pend_in = skipped;
    r->raw_in = skipped;
    seg_text_reset(&job->seg->seg);
    if (utf16) {
        memcpy(r->raw, first, first_len);
        rc = decode_utf16(r, first_len);
    } else {
        rc = ensure_pend(r, first_len > CHUNK ? first_len : CHUNK);
        if (rc == 0) {
            memcpy(r->pend, first, first_len);
            r->len = first_len;
        }
    }
    while (rc == 0) {
        const char *base = r->pend + r->pos;
        size_t avail = r->len - r->pos;
        const char *nl = memchr(base, '\n', avail);
        const char *cr = memchr(base, '\r', nl != NULL ? (size_t)(nl - base)
                                                       : avail);
        size_t line_len;
        size_t term;
        uint64_t in0 = r->pend_in;
        uint64_t in1;
        uint64_t in2;

        if (cr != NULL && (cr + 1 < base + avail || r->eof)) {
            line_len = (size_t)(cr - base);
            term = cr + 1 < base + avail && cr[1] == '\n' ? 2 : 1;
        } else if (nl != NULL && cr == NULL) {
            line_len = (size_t)(nl - base);
            term = 1;
        } else if (r->eof) {
            if (avail == 0)
                break;
            line_len = avail;
            term = 0;
        } else {
            if (avail > job->seg->max_paragraph) {
                rc = too_big(job, r->pend_in);
                break;
            }
            rc = refill(r);
            continue;
        }
        if (!utf16) {
            size_t valid = seg_u8_valid(base, line_len);
            /* The first bad byte is named, whichever kind it is. */
            const char *nul = memchr(base, '\0', valid);

            if (nul != NULL) {
                rc = fail(job, STELE_EENCODING, in0 + (uint64_t)(nul - base),
                          "NUL byte in text");
                break;
            }
            if (valid < line_len) {
                rc = fail(job, STELE_EENCODING, in0 + valid,
                          "invalid UTF-8");
                break;
            }
        }
        in1 = in0 + in_len(r, base, line_len);
        in2 = in1 + in_len(r, base + line_len, term);
        rc = handle_line(r, base, line_len, in0, in1, in1, in2);
        r->pos += line_len + term;
        r->pend_in = in2;
    }
    if (rc == 0 && r->have_held)
        rc = take_held(r, 1);
    if (rc == 0 && job->seg->format != STELE_INPUT_LINES)
        rc = flush(r);
    seg_text_reset(&job->seg->seg);
    free(r->held);
    free(r->pend);
    free(r);
    return rc;
}

/* ------------------------------------------------------------ dispatch */

static int has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name);
    size_t m = strlen(suffix);

    return n >= m && strcasecmp(name + n - m, suffix) == 0;
}

static int looks_like_html(const char *s, size_t len, const char *name)
{
    static const char *const starts[] = {
        "<!doctype html", "<html", "<head", "<body", "<p>", "<div", "<meta",
        "<!--", "<title", "<article", NULL
    };
    size_t i = 0;

    if (name != NULL &&
        (has_suffix(name, ".html") || has_suffix(name, ".htm") ||
         has_suffix(name, ".xhtml")))
        return 1;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
                       s[i] == '\r'))
        i++;
    /* XHTML: an XML declaration comes first */
    if (len - i >= 5 && strncmp(s + i, "<?xml", 5) == 0) {
        size_t end = i + 5;
        while (end + 1 < len && end < 256 &&
               !(s[end] == '?' && s[end + 1] == '>'))
            end++;
        if (end + 1 >= len || end >= 256)
            return 0;
        i = end + 2;
        while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
                           s[i] == '\r'))
            i++;
    }
    for (const char *const *p = starts; *p != NULL; p++) {
        size_t m = strlen(*p);

        if (len - i >= m && strncasecmp(s + i, *p, m) == 0)
            return 1;
    }
    return 0;
}

/* The same test on UTF-16 (1 little-endian, 2 big-endian): the markup
 * that decides is ASCII, so the code units below 0x80 of the start are
 * enough. */
static int utf16_looks_like_html(const char *s, size_t len, int utf16,
                                 const char *name)
{
    char ascii[64];
    size_t n = 0;

    for (size_t i = 0; i + 1 < len && n < sizeof ascii; i += 2) {
        unsigned char lo = (unsigned char)s[utf16 == 1 ? i : i + 1];
        unsigned char hi = (unsigned char)s[utf16 == 1 ? i + 1 : i];

        ascii[n++] = hi == 0 && lo < 0x80 ? (char)lo : '?';
    }
    return looks_like_html(ascii, n, name);
}

static int run(stele_segmenter *seg, const char *name, seg_read_fn read_fn,
               source *src, stele_sentence_fn fn, void *payload)
{
    seg_job job;
    char *first;
    long n;
    size_t skip = 0;
    int utf16 = 0;
    int rc;

    memset(&job, 0, sizeof job);
    job.seg = seg;
    job.name = name != NULL ? name : "";
    job.fn = fn;
    job.payload = payload;
    src->job = &job;
    stele_error_clear(&seg->error);
    if (fn == NULL)
        return stele_error_set(&seg->error, STELE_EINVAL, name, 0, -1,
                               "no sentence callback");
    first = malloc(CHUNK);
    if (first == NULL)
        return fail(&job, STELE_ENOMEM, 0, "out of memory");
    n = read_full(read_fn, src, first, CHUNK);
    if (n < 0) {
        free(first);
        return (int)n;
    }
    if (n >= 3 && memcmp(first, "\xEF\xBB\xBF", 3) == 0) {
        skip = 3;
    } else if (n >= 2 && (unsigned char)first[0] == 0xFF &&
               (unsigned char)first[1] == 0xFE) {
        skip = 2;
        utf16 = 1;
    } else if (n >= 2 && (unsigned char)first[0] == 0xFE &&
               (unsigned char)first[1] == 0xFF) {
        skip = 2;
        utf16 = 2;
    }
    if (seg->format == STELE_INPUT_HTML ||
        (seg->format == STELE_INPUT_AUTO &&
         (utf16 ? utf16_looks_like_html(first + skip, (size_t)n - skip,
                                        utf16, name)
                : looks_like_html(first + skip, (size_t)n - skip, name))))
        rc = seg_html(&job, first, (size_t)n, read_fn, src);
    else
        rc = read_text(&job, read_fn, src, first + skip, (size_t)n - skip,
                       utf16, skip);
    free(first);
    if (job.stopped != 0)
        return job.stopped;
    return rc;
}

int stele_segment_buffer_each(stele_segmenter *seg, const char *data,
                              size_t size, const char *name,
                              stele_sentence_fn fn, void *payload)
{
    source src;

    memset(&src, 0, sizeof src);
    src.data = data != NULL ? data : "";
    src.size = data != NULL ? size : 0;
    if (seg->bi == NULL)
        return seg->error.code != 0 ? seg->error.code : STELE_EINVAL;
    return run(seg, name, source_read, &src, fn, payload);
}

int stele_segment_file_each(stele_segmenter *seg, const char *path,
                            stele_sentence_fn fn, void *payload)
{
    source src;
    int rc;

    memset(&src, 0, sizeof src);
    if (seg->bi == NULL)
        return seg->error.code != 0 ? seg->error.code : STELE_EINVAL;
    if (path == NULL)
        return stele_error_set(&seg->error, STELE_EINVAL, NULL, 0, -1,
                               "no file given");
    if (strcmp(path, "-") == 0) {
        src.file = stdin;
    } else {
        struct stat st;

        src.file = fopen(path, "rb");
        if (src.file == NULL)
            return stele_error_set(&seg->error,
                                   errno == ENOENT ? STELE_ENOTFOUND
                                                   : STELE_EIO,
                                   path, 0, -1, "%s", strerror(errno));
        /* fopen opens a folder for reading; only the read would fail. */
        if (fstat(fileno(src.file), &st) == 0 && S_ISDIR(st.st_mode)) {
            fclose(src.file);
            return stele_error_set(&seg->error, STELE_EIO, path, 0, -1,
                                   "is a folder, not a file");
        }
    }
    rc = run(seg, strcmp(path, "-") == 0 ? "<stdin>" : path, source_read,
             &src, fn, payload);
    if (src.file != stdin)
        fclose(src.file);
    return rc;
}

typedef struct collect {
    stele_document *doc;
    stele_segmenter *seg;
} collect;

static int collect_one(const stele_sentence *s, void *payload)
{
    collect *c = payload;
    int rc = stele_document_append(c->doc, s->text, s->length, s->paragraph,
                                   s->start, s->end);

    if (rc < 0) {
        stele_error_copy(&c->seg->error, stele_document_error(c->doc));
        /* Positive, so that the segmenter stops and hands it back. */
        return -rc;
    }
    return 0;
}

static int finish(stele_segmenter *seg, collect *c, int rc,
                  stele_document **out)
{
    if (rc > 0 && c->seg->error.code < 0)
        rc = c->seg->error.code;
    if (rc != 0) {
        stele_document_free(c->doc);
        return rc;
    }
    (void)seg;
    *out = c->doc;
    return STELE_OK;
}

int stele_segment_buffer(stele_segmenter *seg, const char *data,
                         size_t size, const char *name,
                         stele_document **out)
{
    collect c;
    int rc;

    *out = NULL;
    c.seg = seg;
    rc = stele_document_new(&c.doc, seg->lang, name);
    if (rc < 0)
        return stele_error_set(&seg->error, rc, name, 0, -1,
                               "out of memory");
    rc = stele_segment_buffer_each(seg, data, size, name, collect_one, &c);
    return finish(seg, &c, rc, out);
}

int stele_segment_file(stele_segmenter *seg, const char *path,
                       stele_document **out)
{
    collect c;
    int rc;

    *out = NULL;
    c.seg = seg;
    rc = stele_document_new(&c.doc, seg->lang, path);
    if (rc < 0)
        return stele_error_set(&seg->error, rc, path, 0, -1,
                               "out of memory");
    rc = stele_segment_file_each(seg, path, collect_one, &c);
    return finish(seg, &c, rc, out);
}
