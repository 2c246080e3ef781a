/*
 * segment/segment_int.h - what the files of segment/ share.
 *
 * The pipeline, from bytes to sentences:
 *
 *   reader (segmenter.c, html.c)  bytes -> decoded UTF-8 lines, each with
 *                                 a map back to input byte offsets
 *   block (block.c)               lines -> segments: a blank line ends
 *                                 one; a single line break is judged
 *                                 (joined, or ending the segment)
 *   split (split.c)               a segment -> sentences: ICU's sentence
 *                                 BreakIterator, then the language's rule
 *                                 table (rules_*.c) merges false breaks
 *                                 and adds the ones ICU misses
 *
 * A segment holds at most max_paragraph bytes, which is what keeps a
 * book of hundreds of megabytes in bounded memory.
 *
 * Internal to libstele; not installed.
 */
#ifndef STELE_SEGMENT_INT_H
#define STELE_SEGMENT_INT_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/utext.h>

#include "stele/segment.h"

/* ------------------------------------------------------------ rules */

/* How an abbreviation before a full stop behaves when ICU proposes a
 * sentence break after it (the next word is capitalised). */
enum {
    SEG_ABBR_TITLE = 1,   /* never ends a sentence: "Mr.", "им." */
    SEG_ABBR_MAYEND = 2,  /* ends one only before a sentence-starting
                             word from the table: "etc.", "U.S." */
    SEG_ABBR_NUMERIC = 3  /* after a number it is a unit that may end a
                             sentence (ICU's break stands); elsewhere a
                             title: "г." in "2025 г." vs "г. Москва" */
};

typedef struct seg_abbrev {
    const char *text; /* without the final '.', words separated by one
                         space: "т. е" matches "т. е." and "т.е." */
    int kind;         /* SEG_ABBR_* */
} seg_abbrev;

/* One language's rules, as data: rules_<lang>.c defines one of these. */
typedef struct seg_rules {
    const char *lang;             /* ISO 639 code, "" for the fallback */
    const seg_abbrev *abbrevs;    /* terminated by { NULL, 0 } */
    const char *const *starters;  /* capitalised words that begin
                                     sentences; NULL-terminated */
    const char *const *ordinal_nouns; /* words after which "14." is an
                                     ordinal ("14. Oktober"), or NULL */
    unsigned initials : 1;        /* "J." / "В." before a capital is an
                                     initial */
    unsigned list_markers : 1;    /* "1." "IV." "a." alone are markers */
    unsigned lower_continues : 1; /* "!"/"?" then a lower-case word: the
                                     sentence goes on ("Stop!" he said) */
    unsigned ellipsis_ends : 1;   /* "…" then a capital ends a sentence */
    unsigned dialogue_dash : 1;   /* ". — Next" starts a new sentence */
    unsigned cjk_ellipsis : 1;    /* "……" then text ends a sentence */
    unsigned cjk_join : 1;        /* a line break between two CJK
                                     characters joins them without a
                                     space */
} seg_rules;

extern const seg_rules seg_rules_en;
extern const seg_rules seg_rules_ru;
extern const seg_rules seg_rules_zh;
extern const seg_rules seg_rules_de;
extern const seg_rules seg_rules_fr;
extern const seg_rules seg_rules_generic;

/* FNV-1a of s[0, len), for the abbreviation table. */
static inline uint32_t seg_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The rule table for an ICU locale ("en-GB" -> en; unknown -> generic). */
const seg_rules *seg_rules_for(const char *lang);

/* ------------------------------------------------------------ maps */

/* How the bytes of a segment map back to the input. */
enum {
    SEG_RUN_SAME = 0,  /* byte for byte (UTF-8 input) */
    SEG_RUN_UTF16 = 1, /* each UTF-16 code unit of the text is 2 input
                          bytes (UTF-16 input) */
    SEG_RUN_SPAN = 2   /* the whole run stands for [in_start, in_end)
                          (an inserted space, an HTML entity) */
};

typedef struct seg_run {
    size_t seg_start;  /* first byte in the segment */
    size_t seg_end;    /* one past the last */
    uint64_t in_start; /* input offset of seg_start */
    uint64_t in_end;   /* input offset of seg_end */
    int kind;          /* SEG_RUN_* */
} seg_run;

/* A segment: decoded UTF-8 text, and where each piece came from. */
typedef struct seg_text {
    char *text;        /* UTF-8, NUL-terminated, malloc'ed */
    size_t len;        /* bytes in use */
    size_t cap;        /* bytes allocated */
    seg_run *runs;     /* malloc'ed */
    size_t nruns;      /* runs in use */
    size_t runs_cap;   /* runs allocated */
    size_t max;        /* cap on len (max_paragraph) */
    uint64_t first_in; /* input offset of the first byte, for errors */
    size_t cursor;     /* run of the last lookup (lookups go forward) */
    size_t memo_pos;   /* in a UTF-16 run: the last position looked up */
    uint64_t memo_in;  /* and its input offset (the count starts there) */
    size_t memo_run;   /* the run memo_pos is in, + 1; 0 = none */
} seg_text;

void seg_text_reset(seg_text *t);
void seg_text_free(seg_text *t);
/* Append @p len bytes that stand for input [in_start, in_end) mapped by
 * @p kind. Returns 0, STELE_ENOMEM or STELE_ETOOBIG. */
int seg_text_append(seg_text *t, const char *s, size_t len,
                    uint64_t in_start, uint64_t in_end, int kind);
/* Input offset of segment byte @p pos as a start / as an end. Queries
 * must not go backwards between two seg_text_reset calls. */
uint64_t seg_text_in_start(seg_text *t, size_t pos);
uint64_t seg_text_in_end(seg_text *t, size_t pos);

/* ------------------------------------------------------------ splitter */

/* The state shared by the stages while one input is segmented. */
typedef struct seg_job {
    stele_segmenter *seg;   /* owner: rules, ICU objects, error */
    const char *name;       /* input name for messages, never NULL */
    stele_sentence_fn fn;   /* where sentences go */
    void *payload;          /* passed to fn */
    uint32_t paragraph;     /* index of the next paragraph with text */
    int stopped;            /* fn's non-zero return, or 0 */
} seg_job;

struct stele_segmenter {
    char *lang;               /* as given, malloc'ed */
    const seg_rules *rules;   /* the language's table */
    stele_input_format format;/* from the options */
    size_t max_paragraph;     /* bytes */
    UBreakIterator *bi;       /* ICU sentence iterator for the locale */
    const UNormalizer2 *nfc;  /* borrowed from ICU, never closed */
    UText ut;                 /* reused for each segment */
    size_t abbrev_max;        /* longest text in abbrevs, in bytes */
    seg_abbrev *abbrevs;      /* the language's table and ICU's suppressions
                                 for the locale (as SEG_ABBR_MAYEND),
                                 canonical (no white space, no final '.'),
                                 sorted by text for bsearch; the table wins
                                 over ICU; texts malloc'ed */
    size_t nabbrevs;
    uint32_t *abbrev_hash;    /* open addressing over abbrevs: index + 1,
                                 0 = empty; a lookup per boundary after a
                                 full stop must cost next to nothing */
    size_t abbrev_hash_mask;  /* slots - 1 (a power of two) */
    seg_text seg;             /* the segment being built */
    char *out;                /* sentence text being built */
    size_t out_cap;
    UChar *u16;               /* scratch for NFC */
    size_t u16_cap;
    stele_error error;        /* last failure */
};

/* Split the segment t into sentences and hand them to job->fn; counts a
 * paragraph when it produced any. Returns 0, a negative STELE_E* (with
 * the detail on the segmenter) or fn's non-zero value. */
int seg_split(seg_job *job, seg_text *t);

/* Feed presegmented text: each non-blank line is one sentence. */
int seg_emit_sentence(seg_job *job, const char *s, size_t len,
                      uint64_t in_start, uint64_t in_end);

/* ------------------------------------------------------------ lines */

/* Line judging: whether the break between @p line and @p next (both
 * without their line end, decoded UTF-8) joins them or ends the
 * segment. @p next_last: a blank line or the end of input follows next.
 * @p one_per_line: a line of the text so far was too long for
 * hard-wrapped text (seg_line_unwrapped), so its lines are paragraphs
 * and never hard-wrapped. */
int seg_lines_join(const seg_rules *rules, const char *line, size_t len,
                   const char *next, size_t next_len, int next_last,
                   int one_per_line);

/* Whether a line is wider than hard-wrapped text ever is. */
int seg_line_unwrapped(const char *s, size_t len);

/* Whether a line (without its line end) is blank. */
int seg_line_blank(const char *s, size_t len);

/* ------------------------------------------------------------ html */

/* Segment HTML read from @p fd-like source: @p read_fn fills buf and
 * returns the byte count, 0 at the end, <0 on error (detail already on
 * the segmenter). @p first / @p first_len are bytes already read. */
typedef long (*seg_read_fn)(void *source, char *buf, size_t size);
int seg_html(seg_job *job, const char *first, size_t first_len,
             seg_read_fn read_fn, void *source);

/* ------------------------------------------------------------ unicode */

/* Decode one code point of valid UTF-8 at s[*i] (< len), advancing *i. */
int32_t seg_u8_next_slow(const char *s, size_t len, size_t *i);
/* Decode the code point that ends just before s[*i], moving *i back. */
int32_t seg_u8_prev_slow(const char *s, size_t *i);

/* The rules look at a few characters around every boundary: ASCII goes
 * the short way. */
static inline int32_t seg_u8_next(const char *s, size_t len, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];

    if (c < 0x80) {
        (*i)++;
        return c;
    }
    return seg_u8_next_slow(s, len, i);
}

static inline int32_t seg_u8_prev(const char *s, size_t *i)
{
    unsigned char c;

    if (*i == 0)
        return 0;
    c = (unsigned char)s[*i - 1];
    if (c < 0x80) {
        (*i)--;
        return c;
    }
    return seg_u8_prev_slow(s, i);
}
/* Length of the longest valid UTF-8 prefix of s; == len when valid.
 * NUL bytes are valid here. */
size_t seg_u8_valid(const char *s, size_t len);
/* Han, Hiragana, Katakana, Hangul, or fullwidth forms. */
int seg_is_cjk(int32_t c);

#endif /* STELE_SEGMENT_INT_H */
