/*
 * segment/split.c - one segment of text to sentences.
 *
 * ICU's sentence BreakIterator (UAX #29) proposes the boundaries; it is
 * fast and knows every script, but it reads a full stop before a capital
 * as the end of a sentence and knows no abbreviations beyond the
 * locale's suppression list. ICU's C API has no FilteredBreakIterator to
 * plug a list into, so stele does the filtering itself, after the fact:
 * each proposed boundary that follows a full stop is checked against
 * the language's table (rules_<lang>.c) and ICU's own list for the
 * locale, and dropped when the word before it is a title, an initial or
 * a list marker. A second, cheap pass adds the boundaries ICU never
 * proposes (an ellipsis before a capital, a dialogue dash, the Chinese
 * "……"). Both passes look only at a few words around a boundary, so the
 * cost stays a small fraction of ICU's own.
 *
 * Sentence texts are trimmed, runs of ASCII white space become one
 * space, and the result is NFC; the byte span is the original input's.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "segment_int.h"

#include "../util/buf.h"

/* ------------------------------------------------------------ chars */

static int is_space(int32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v' || c == 0xA0 || c == 0x3000 || c == 0xFEFF ||
           (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F ||
           c == 0x1680 || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* Closing quotes and brackets that may follow the end of a sentence. */
static int is_closer(int32_t c)
{
    switch (c) {
    case '"': case '\'': case ')': case ']': case '}':
    case 0x00BB: case 0x2019: case 0x201D: case 0x201C: case 0x203A:
    case 0x300D: case 0x300F: case 0x3011: case 0x3009: case 0x300B:
    case 0xFF09: case 0xFF3D: case 0xFF5D: case 0xFF02:
        return 1;
    default:
        return 0;
    }
}

static int is_opener(int32_t c)
{
    switch (c) {
    case '"': case '\'': case '(': case '[': case '{':
    case 0x00AB: case 0x2018: case 0x201C: case 0x201E: case 0x2039:
    case 0x300C: case 0x300E: case 0x3010: case 0x3008: case 0x300A:
    case 0xFF08:
        return 1;
    default:
        return 0;
    }
}

/* Opening brackets and quotes that never close anything. ICU's
 * sentence rules count them with the closers (Close = Ps, Pe, Pi, Pf), so
 * "。（" or "。“" would hang the opener on the previous sentence. */
static int is_strict_opener(int32_t c)
{
    switch (c) {
    case '(': case '[': case '{': case 0x00AB: case 0x2039: case 0x201E:
    case 0x201A: case 0x201C: case 0x2018: case 0x300C: case 0x300E:
    case 0x3010: case 0x3008: case 0x300A: case 0xFF08: case 0xFF3B:
    case 0xFF5B: case 0x3014:
        return 1;
    default:
        return 0;
    }
}

static int is_dash(int32_t c)
{
    return c == 0x2014 || c == 0x2013;
}

/* A character that may be part of an abbreviation or a number. */
static int is_token_char(int32_t c)
{
    if (c == '.' || c == '-' || c == '\'')
        return 1;
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9');
    return !seg_is_cjk(c) && (u_isalpha(c) || u_isdigit(c));
}

static int is_upper_start(int32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    return u_isupper(c) || u_istitle(c);
}

static int is_lower_start(int32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    return u_islower(c);
}

/* Punctuation that carries a sentence on and never begins one: comma,
 * semicolon and colon, in Latin, Arabic, CJK and fullwidth forms. */
static int is_continuation_mark(int32_t c)
{
    switch (c) {
    case ',': case ';': case ':': case 0x060C: case 0x061B: case 0x3001:
    case 0xFF0C: case 0xFF1B: case 0xFF1A: case 0xFE50: case 0xFE54:
        return 1;
    default:
        return 0;
    }
}

/* A letter of a script without case whose writers put a space after a
 * full stop that ends a sentence (Arabic, Hebrew, Devanagari, ...; not
 * Han, kana or Hangul, whose full stops need no space). */
static int is_spaced_caseless_letter(int32_t c)
{
    if (c < 0x80 || seg_is_cjk(c) || (c >= 0xAC00 && c <= 0xD7AF) ||
        (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F))
        return 0;
    return u_isalpha(c) && !u_isupper(c) && !u_islower(c) && !u_istitle(c);
}

/* ------------------------------------------------------------ words */

static int is_roman(const char *s, size_t len)
{
    if (len == 0 || len > 7)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] != 'I' && s[i] != 'V' && s[i] != 'X' && s[i] != 'L' &&
            s[i] != 'C')
            return 0;
    return 1;
}

static int is_number(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!(s[i] >= '0' && s[i] <= '9') && s[i] != ',' && s[i] != '.')
            return 0;
    return s[0] >= '0' && s[0] <= '9';
}

/* "1", "12", "a", "IV": what numbers an item or a section. */
static int is_list_marker(const char *s, size_t len)
{
    if (len >= 1 && len <= 3 && is_number(s, len))
        return 1;
    if (is_roman(s, len))
        return 1;
    if (len == 1 && ((s[0] >= 'a' && s[0] <= 'z') ||
                     (s[0] >= 'A' && s[0] <= 'Z')))
        return 1;
    return 0;
}

/* Single capital letters separated by full stops: "J", "J.R", "В". */
static int all_digits(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return len > 0;
}

static int is_initials(const char *s, size_t len)
{
    size_t i = 0;
    int letters = 0;

    while (i < len) {
        int32_t c = seg_u8_next(s, len, &i);

        if (!is_upper_start(c))
            return 0;
        letters++;
        if (i < len) {
            if (s[i] != '.')
                return 0;
            i++;
        }
    }
    return letters > 0;
}

/* Copy s without white space into buf; returns the length or -1. */
static int canonical(const char *s, size_t len, char *buf, size_t size)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        /* U+00A0, common between "т." and "е." in typeset Russian. */
        if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
            i++;
            continue;
        }
        if (n + 1 >= size)
            return -1;
        buf[n++] = (char)c;
    }
    buf[n] = '\0';
    return (int)n;
}

/* The kind of abbreviation @p word (canonical, without the final '.'),
 * or 0 when it is none. */
static int abbrev_kind(const stele_segmenter *seg, const char *word)
{
    size_t len = strlen(word);
    size_t h;

    if (seg->abbrev_hash == NULL || len > seg->abbrev_max)
        return 0;
    h = seg_hash(word, len) & seg->abbrev_hash_mask;
    while (seg->abbrev_hash[h] != 0) {
        const seg_abbrev *a = &seg->abbrevs[seg->abbrev_hash[h] - 1];

        if (strcmp(a->text, word) == 0)
            return a->kind;
        h = (h + 1) & seg->abbrev_hash_mask;
    }
    return 0;
}

/* abbrev_kind, and failing that, the same for the word with its first
 * letter in lower case: "Проф." at the start of a sentence is "проф.". */
static int abbrev_kind_any_case(const stele_segmenter *seg, const char *word)
{
    char lower[64];
    size_t i = 0;
    size_t n = strlen(word);
    int32_t c;
    int32_t lc;
    int kind = abbrev_kind(seg, word);

    if (kind != 0 || n == 0)
        return kind;
    c = seg_u8_next(word, n, &i);
    lc = u_tolower(c);
    if (lc == c || n + 4 >= sizeof lower)
        return 0;
    {
        size_t k = 0;
        UBool bad = 0;

        U8_APPEND((uint8_t *)lower, k, (int32_t)sizeof lower, lc, bad);
        if (bad)
            return 0;
        memcpy(lower + k, word + i, n - i + 1);
    }
    return abbrev_kind(seg, lower);
}

/* Whether the word at @p pos (after any opening quotes) is one of
 * @p words (NULL-terminated); *dotted tells whether a full stop follows
 * it. */
static int word_in(const char *const *words, const char *s, size_t len,
                   size_t pos, int *dotted)
{
    size_t i = pos;
    size_t end;

    while (i < len) {
        size_t k = i;
        int32_t c = seg_u8_next(s, len, &k);

        if (!is_opener(c))
            break;
        i = k;
    }
    end = i;
    while (end < len) {
        size_t k = end;
        int32_t c = seg_u8_next(s, len, &k);

        if (!(c < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                       : u_isalpha(c)))
            break;
        end = k;
    }
    *dotted = end < len && s[end] == '.';
    if (end == i)
        return 0;
    for (const char *const *w = words; *w != NULL; w++)
        if ((*w)[0] == s[i] && (end - i == 1 || (*w)[1] == s[i + 1]) &&
            strncmp(*w, s + i, end - i) == 0 && (*w)[end - i] == '\0')
            return 1;
    return 0;
}

/* Whether the word at s[pos] begins sentences (and is not an initial or
 * an abbreviation: "No." does not). */
static int starts_sentence(const seg_rules *rules, const char *s, size_t len,
                           size_t pos)
{
    int dotted;
    return word_in(rules->starters, s, len, pos, &dotted) && !dotted;
}

/* Whether an initial ("R." of "J. R. R. Tolkien") follows at s[pos]. */
static int initial_follows(const char *s, size_t len, size_t pos)
{
    size_t i = pos;
    int32_t c;

    if (i >= len)
        return 0;
    c = seg_u8_next(s, len, &i);
    return is_upper_start(c) && i < len && s[i] == '.';
}

/* Whether every white-space run in s[a, e) follows a full stop. */
static int dotted_words(const char *s, size_t a, size_t e)
{
    size_t i = a;
    int32_t prev = 0;

    while (i < e) {
        int32_t c = seg_u8_next(s, e, &i);

        if (is_space(c) && !is_space(prev) && prev != '.')
            return 0;
        prev = c;
    }
    return 1;
}

/*
 * ICU proposes a boundary at @p b inside the sentence that began at
 * @p start; return whether it stands.
 */
static int keep_boundary(const stele_segmenter *seg, const char *s,
                         size_t len, size_t start, size_t b)
{
    const seg_rules *rules = seg->rules;
    size_t q = b;
    size_t p;
    size_t t0;
    size_t dot;
    int32_t c;
    int32_t next;
    size_t k;
    int at_start;

    if (b >= len)
        return 1;
    while (q > start) {
        size_t i = q;

        if (!is_space(seg_u8_prev(s, &i)))
            break;
        q = i;
    }
    if (q <= start)
        return 1;
    k = b;
    next = seg_u8_next(s, len, &k);

    /* "(DNS, NTP, etc.);" : ICU ends the sentence at "etc.)", but no
     * sentence begins with a semicolon or a comma. */
    if (is_continuation_mark(next))
        return 0;

    /* A full stop between two letters of a caseless script, no space
     * after it: an abbreviation such as the Arabic "4 غ.ب" (GB), where
     * UAX #29 breaks because the letter after it is not lower case. */
    if (q == b && s[q - 1] == '.' && is_spaced_caseless_letter(next)) {
        size_t i = q - 1;

        if (i > start && is_spaced_caseless_letter(seg_u8_prev(s, &i)))
            return 0;
    }

    /* "Stop!" he said: the sentence goes on in lower case. */
    p = q;
    do {
        size_t i = p;

        c = seg_u8_prev(s, &i);
        if (!is_closer(c) && !is_space(c))
            break;
        p = i;
    } while (p > start);
    if (rules->lower_continues && (c == '!' || c == '?') && q < b &&
        is_lower_start(next))
        return 0;

    if (s[q - 1] != '.')
        return 1;
    dot = q - 1;
    if (dot > start && s[dot - 1] == '.')
        return 1; /* an ellipsis: ICU's judgement stands */
    t0 = dot;
    while (t0 > start) {
        size_t i = t0;

        if (!is_token_char(seg_u8_prev(s, &i)))
            break;
        t0 = i;
    }
    if (t0 == dot)
        return 1;

    /* "1." "IV." alone: a list marker or a section number. */
    {
        size_t i = start;

        while (i < t0) {
            size_t k2 = i;

            if (!is_space(seg_u8_next(s, len, &k2)))
                break;
            i = k2;
        }
        at_start = i == t0;
    }
    if (rules->list_markers && dot - t0 <= 7 &&
        is_list_marker(s + t0, dot - t0)) {
        if (at_start && !(dot - t0 == 1 && rules->initials &&
                         is_upper_start((unsigned char)s[t0]) &&
                         starts_sentence(rules, s, len, b)))
            return 0;
        /* "Steps: 1. Open the box." */
        if (!at_start) {
            size_t j = t0;

            while (j > start && is_space((unsigned char)s[j - 1]))
                j--;
            if (j < t0 && j > start && s[j - 1] == ':')
                return 0;
        }
    }

    /* Abbreviations of up to three words ("и т. д."), longest first. */
    {
        size_t starts[3];
        int nstarts = 0;
        size_t w = t0;

        starts[nstarts++] = t0;
        while (nstarts < 3) {
            size_t i = w;
            size_t e;

            while (i > start) {
                size_t j = i;

                if (!is_space(seg_u8_prev(s, &j)))
                    break;
                i = j;
            }
            if (i == w || i <= start)
                break;
            e = i;
            while (i > start) {
                size_t j = i;

                if (!is_token_char(seg_u8_prev(s, &j)))
                    break;
                i = j;
            }
            if (i == e)
                break;
            w = i;
            starts[nstarts++] = w;
        }
        for (int n = nstarts - 1; n >= 0; n--) {
            char word[64];
            int kind;

            /* A multi-word abbreviation has a full stop after each word
             * ("т. е", not "все е"). */
            if (n > 0 && !dotted_words(s, starts[n], dot))
                continue;
            if (dot - starts[n] > 2 * seg->abbrev_max + 8 ||
                canonical(s + starts[n], dot - starts[n], word,
                          sizeof word) < 0)
                continue;
            kind = n == 0 && at_start ? abbrev_kind_any_case(seg, word)
                                      : abbrev_kind(seg, word);
            if (kind == SEG_ABBR_TITLE)
                return 0;
            if (kind == SEG_ABBR_MAYEND)
                return starts_sentence(rules, s, len, b);
            if (kind == SEG_ABBR_NUMERIC) {
                size_t i = starts[n];
                size_t e;

                while (i > start) {
                    size_t j = i;

                    if (!is_space(seg_u8_prev(s, &j)))
                        break;
                    i = j;
                }
                e = i;
                while (i > start) {
                    size_t j = i;

                    if (!is_token_char(seg_u8_prev(s, &j)))
                        break;
                    i = j;
                }
                /* "2025 г.", "1990-х гг.", "XIX в." */
                return e > i && ((s[i] >= '0' && s[i] <= '9') ||
                                 is_roman(s + i, e - i));
            }
        }
    }

    /* German ordinals: "am 14. Oktober", "des 19. Jahrhunderts". */
    if (rules->ordinal_nouns != NULL && all_digits(s + t0, dot - t0)) {
        int dotted;
        if (word_in(rules->ordinal_nouns, s, len, b, &dotted))
            return 0;
    }

    /* Initials: "J. R. R. Tolkien", "В. В. Путин". */
    if (rules->initials && is_initials(s + t0, dot - t0) &&
        is_upper_start(next))
        return initial_follows(s, len, b) ? 0
                                           : starts_sentence(rules, s, len, b);
    return 1;
}

/* ------------------------------------------------------------ output */

/* Whether the character whose lead byte is p[0] (of a valid UTF-8
 * sequence of @p n bytes) is one that NFC leaves alone whatever surrounds
 * it, so that the ICU round trip can be skipped. Judged on the bytes, for
 * the scripts of the bundled languages: Latin-1 and Latin Extended (below
 * U+0300), Cyrillic without its combining marks, general punctuation
 * U+2010-2027, CJK punctuation without U+302A-302F, CJK ideographs
 * U+4000-9FFF and the fullwidth forms. */
static int surely_nfc_char(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];

    if (c <= 0xCB || (c >= 0xD0 && c <= 0xD4))
        return !(c == 0xD2 && n > 1 && p[1] >= 0x83 && p[1] <= 0x89);
    if (c >= 0xE4 && c <= 0xE9)
        return 1;
    if (n < 3)
        return 0;
    if (c == 0xE2)
        return p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0xA7;
    if (c == 0xE3)
        return p[1] == 0x80 && !(p[2] >= 0xAA && p[2] <= 0xAF);
    if (c == 0xEF)
        return (p[1] == 0xBC && p[2] >= 0x81) ||
               (p[1] == 0xBD && p[2] <= 0xA0);
    return 0;
}

int seg_emit_sentence(seg_job *job, const char *s, size_t len,
                      uint64_t in_start, uint64_t in_end)
{
    stele_segmenter *seg = job->seg;
    stele_sentence sentence;
    size_t n = 0;
    int space = 0;
    int nfc = 1;
    int rc;

    rc = stele__reserve_items((void **)&seg->out, &seg->out_cap, len + 1, 1);
    if (rc < 0)
        goto nomem;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                         c == '\f' || c == '\v')) {
            space = 1;
            continue;
        }
        if (space && n > 0)
            seg->out[n++] = ' ';
        space = 0;
        if (c >= 0xC0 && nfc &&
            !surely_nfc_char((const unsigned char *)s + i, len - i))
            nfc = 0;
        seg->out[n++] = (char)c;
    }
    seg->out[n] = '\0';
    if (!nfc) {
        UErrorCode status = U_ZERO_ERROR;
        int32_t ulen = 0;
        int32_t nlen;

        rc = stele__reserve_items((void **)&seg->u16, &seg->u16_cap,
                                  2 * (n + 1) + 16, sizeof(UChar));
        if (rc < 0)
            goto nomem;
        u_strFromUTF8(seg->u16, (int32_t)(seg->u16_cap / 2), &ulen, seg->out,
                      (int32_t)n, &status);
        if (U_FAILURE(status))
            goto icu;
        if (!unorm2_isNormalized(seg->nfc, seg->u16, ulen, &status)) {
            UChar *dst = seg->u16 + seg->u16_cap / 2;
            int32_t olen = 0;

            /* NFC may grow the text up to three times; retry once with
             * room for it when the first try overflows. */
            nlen = unorm2_normalize(seg->nfc, seg->u16, ulen, dst,
                                    (int32_t)(seg->u16_cap / 2), &status);
            if (status == U_BUFFER_OVERFLOW_ERROR) {
                size_t half = (size_t)nlen + 16;

                status = U_ZERO_ERROR;
                rc = stele__reserve_items(
                    (void **)&seg->u16, &seg->u16_cap,
                    2 * (half > (size_t)ulen ? half : (size_t)ulen),
                    sizeof(UChar));
                if (rc < 0)
                    goto nomem;
                dst = seg->u16 + seg->u16_cap / 2;
                nlen = unorm2_normalize(seg->nfc, seg->u16, ulen, dst,
                                        (int32_t)(seg->u16_cap / 2),
                                        &status);
            }
            if (U_FAILURE(status))
                goto icu;
            rc = stele__reserve_items((void **)&seg->out, &seg->out_cap,
                                      (size_t)nlen * 3 + 1, 1);
            if (rc < 0)
                goto nomem;
            u_strToUTF8(seg->out, (int32_t)seg->out_cap, &olen, dst, nlen,
                        &status);
            if (U_FAILURE(status))
                goto icu;
            n = (size_t)olen;
            seg->out[n] = '\0';
        } else if (U_FAILURE(status)) {
            goto icu;
        }
    }
    sentence.text = seg->out;
    sentence.length = n;
    sentence.paragraph = job->paragraph;
    sentence.start = in_start;
    sentence.end = in_end;
    rc = job->fn(&sentence, job->payload);
    if (rc != 0)
        job->stopped = rc;
    return rc;
nomem:
    return stele_error_set(&seg->error, STELE_ENOMEM, job->name, 0,
                           (int64_t)in_start, "out of memory");
icu:
    return stele_error_set(&seg->error, STELE_EINTERNAL, job->name, 0,
                           (int64_t)in_start,
                           "ICU failed to normalise a sentence");
}

/* Trim [a, e) and hand it out; counts whether anything was emitted. */
static int emit_trimmed(seg_job *job, seg_text *t, size_t a, size_t e,
                        int *emitted)
{
    const char *s = t->text;

    while (a < e) {
        size_t k = a;

        if (!is_space(seg_u8_next(s, e, &k)))
            break;
        a = k;
    }
    while (e > a) {
        size_t k = e;

        if (!is_space(seg_u8_prev(s, &k)))
            break;
        e = k;
    }
    if (e == a)
        return 0;
    *emitted = 1;
    {
        uint64_t in_start = seg_text_in_start(t, a);
        uint64_t in_end = seg_text_in_end(t, e);

        return seg_emit_sentence(job, s + a, e - a, in_start, in_end);
    }
}

/*
 * The boundaries ICU never proposes, inside [a, e): returns the position
 * of the first one, or e.
 */
static size_t extra_boundary(const seg_rules *rules, const char *s,
                             size_t a, size_t e)
{
    size_t i = a;

    if (!rules->ellipsis_ends && !rules->dialogue_dash &&
        !rules->cjk_ellipsis)
        return e;
    for (;;) {
        const char *hit = memchr(s + i, 0xE2, e - i);
        size_t k;
        int32_t c;

        if (hit == NULL)
            return e;
        i = (size_t)(hit - s);
        k = i;
        c = seg_u8_next(s, e, &k);
        if (c == 0x2026 && (rules->ellipsis_ends || rules->cjk_ellipsis)) {
            size_t j = k;
            size_t sp;
            int spaces = 0;

            while (j < e) {
                size_t m = j;
                int32_t d = seg_u8_next(s, e, &m);

                if (d != 0x2026 && !is_closer(d))
                    break;
                j = m;
            }
            sp = j;
            while (j < e) {
                size_t m = j;

                if (!is_space(seg_u8_next(s, e, &m)))
                    break;
                j = m;
                spaces = 1;
            }
            if (j < e && j > a) {
                size_t m = j;
                int32_t d = seg_u8_next(s, e, &m);

                if (rules->ellipsis_ends && spaces && is_upper_start(d))
                    return j;
                if (rules->cjk_ellipsis && !spaces && sp == j &&
                    (seg_is_cjk(d) || u_isalnum(d) || is_opener(d)) &&
                    !(d >= 0x3000 && d <= 0x3002) && d != 0xFF0C &&
                    d != 0xFF1B && d != 0xFF1A && d != 0xFF01 &&
                    d != 0xFF1F && d != 0x3001)
                    return j;
            }
            i = j > k ? j : k;
            continue;
        }
        if (is_dash(c) && rules->dialogue_dash && i > a) {
            /* ". — Next": the dash opens a new line of dialogue. */
            size_t p = i;
            size_t j = k;
            int32_t before;
            int spaced = 0;

            while (p > a) {
                size_t m = p;

                if (!is_space(seg_u8_prev(s, &m)))
                    break;
                p = m;
                spaced = 1;
            }
            do {
                size_t m = p;

                before = seg_u8_prev(s, &m);
                if (!is_closer(before) || m <= a)
                    break;
                p = m;
            } while (p > a);
            while (j < e) {
                size_t m = j;

                if (!is_space(seg_u8_next(s, e, &m)))
                    break;
                j = m;
            }
            if (spaced && p > a &&
                (before == '.' || before == '!' || before == '?' ||
                 before == 0x2026) &&
                j < e) {
                size_t m = j;

                if (is_upper_start(seg_u8_next(s, e, &m)))
                    return i;
            }
        }
        i = k;
    }
}

static int emit_piece(seg_job *job, seg_text *t, size_t a, size_t e,
                      int *emitted)
{
    while (a < e) {
        size_t cut = extra_boundary(job->seg->rules, t->text, a, e);
        int rc = emit_trimmed(job, t, a, cut, emitted);

        if (rc != 0)
            return rc;
        a = cut;
    }
    return 0;
}

/* A closing quote after a space ("« Viens ! » dit-il", French spacing)
 * still belongs to the sentence before it; ICU starts the next one with
 * it. Returns the boundary moved past such closers and the spaces after
 * them. */
static size_t after_spaced_closers(const char *s, size_t len, size_t pos)
{
    size_t i = pos;
    int moved = 0;

    for (;;) {
        size_t k = i;
        int32_t c;

        if (k >= len)
            break;
        c = seg_u8_next(s, len, &k);
        if (!(c == 0x00BB || c == 0x203A || c == 0x201D || c == 0x2019 ||
              c == ')' || c == ']' || c == 0x300D || c == 0x300F ||
              c == 0xFF09 || c == 0x300B || c == 0x3009 || c == 0x3011))
            break;
        if (k < len) {
            size_t m = k;
            int32_t d = seg_u8_next(s, len, &m);

            if (!is_space(d) && !u_ispunct(d))
                break;
        }
        i = k;
        moved = 1;
        while (i < len) {
            size_t m = i;

            if (!is_space(seg_u8_next(s, len, &m)))
                break;
            i = m;
        }
    }
    return moved ? i : pos;
}

int seg_split(seg_job *job, seg_text *t)
{
    stele_segmenter *seg = job->seg;
    UErrorCode status = U_ZERO_ERROR;
    size_t start = 0;
    int emitted = 0;
    int32_t b;
    int rc = 0;

    if (t->len == 0)
        return 0;
    t->cursor = 0;
    t->memo_run = 0;
    utext_openUTF8(&seg->ut, t->text, (int64_t)t->len, &status);
    ubrk_setUText(seg->bi, &seg->ut, &status);
    if (U_FAILURE(status))
        return stele_error_set(&seg->error, STELE_EINTERNAL, job->name, 0,
                               (int64_t)t->first_in,
                               "ICU cannot break this text: %s",
                               u_errorName(status));
    ubrk_first(seg->bi);
    while ((b = ubrk_next(seg->bi)) != UBRK_DONE) {
        size_t pos = (size_t)b;

        if (pos >= t->len)
            break;
        pos = after_spaced_closers(t->text, t->len, pos);
        if (pos >= t->len)
            break;
        if (pos <= start)
            continue;
        if (!keep_boundary(seg, t->text, t->len, start, pos))
            continue;
        while (pos > start) {
            size_t i = pos;

            if (!is_strict_opener(seg_u8_prev(t->text, &i)))
                break;
            pos = i;
        }
        rc = emit_piece(job, t, start, pos, &emitted);
        if (rc != 0)
            goto done;
        start = pos;
    }
    rc = emit_piece(job, t, start, t->len, &emitted);
done:
    if (emitted)
        job->paragraph++;
    return rc;
}
