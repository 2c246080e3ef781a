/*
 * align/align_int.h - internals shared by the files of align/.
 *
 * The aligner works in three steps (see aligner.c for the design note):
 *   features.c  each sentence becomes a length and a list of anchors
 *               (numbers, Latin tokens, transliterated names, punctuation
 *               signs, dictionary concepts), each anchor a set of interned
 *               keys;
 *   pairview.c  for one pair of documents, anchors whose keys never occur
 *               on the other side are dropped and the rest weighted by
 *               rarity, giving a compact "side" per document;
 *   dp.c        a banded dynamic programme over two sides scores beads
 *               and returns the best path and each bead's posterior.
 * Nothing here is part of the public API.
 */
#ifndef STELE_ALIGN_INT_H
#define STELE_ALIGN_INT_H

#include <stddef.h>
#include <math.h>
#include <stdint.h>

#include "stele/align.h"
#include "../util/arena.h"

/* ------------------------------------------------------------ scorers */

/* Lexical scorers, in the order of their score components. */
enum {
    SCORER_NUMBERS = 0,
    SCORER_LATIN,
    SCORER_TRANSLIT,
    SCORER_PUNCT,
    SCORER_DICT,
    SCORER_LEARNED,
    SCORER_NUMWORDS,
    SCORER_PINYIN,
    SCORER_DICT_CHAR,
    NSCORERS
};

/* Score components reported per unit: the lexical scorers, then these. */
enum {
    COMPONENT_LENGTH = NSCORERS,
    COMPONENT_PRIOR,
    COMPONENT_PARAGRAPH,
    NCOMPONENTS
};

extern const char *const stele_align_component_names[NCOMPONENTS];

/* ------------------------------------------------------------- intern */

/* String -> dense id, open addressing; strings live in the arena. */
typedef struct intern_table {
    stele_arena arena;
    uint32_t *slots;   /* per slot: id + 1 (0 = empty) in the low
                          bits, the top of the string's hash above them
                          (dict.c) */
    const char **strs; /* id -> string */
    uint32_t *lens;    /* id -> length */
    size_t capacity;   /* slots, a power of two */
    size_t count;      /* ids handed out */
} intern_table;

void intern_init(intern_table *t);
void intern_free(intern_table *t);
/* Id of @p s (length @p len); added when @p add. Returns -1 when absent
 * (and !add) and -2 when out of memory. */
int64_t intern_get(intern_table *t, const char *s, size_t len, int add);

/* --------------------------------------------------------- dictionary */

typedef struct align_dict align_dict;

/* Loaded dictionaries, all mapped into one concept space: the words of
 * each dictionary's source side ("en:state"). A @p fallback dictionary
 * gives concepts only to words no other dictionary gave any (dict.c). */
int align_dict_load(align_dict **dicts, const char *path, const char *src,
                    const char *tgt, int fallback, stele_error *err);
void align_dict_free(align_dict *dicts);
/* Languages covered: does any dictionary map @p lang into concepts? */
int align_dict_covers(const align_dict *dicts, const char *lang);
/* Is one of the dictionaries between these two languages itself, not
 * two that meet through a third? */
int align_dict_joins(const align_dict *dicts, const char *lang_a,
                     const char *lang_b);
/* Concepts of a stemmed word in @p lang; *out borrowed. */
size_t align_dict_lookup(const align_dict *dicts, const char *lang,
                         const char *word, size_t len,
                         const uint32_t **out);
/* Longest dictionary headword of a language written without spaces
 * (Chinese, Japanese) starting at @p text, in bytes (0 if none), and its
 * concepts; headwords of two characters or more. */
size_t align_dict_match_prefix(const align_dict *dicts, const char *lang,
                               const char *text, size_t len,
                               const uint32_t **concepts, size_t *nconcepts);
/* The headword that is the one Han character at @p text, in bytes (0 if
 * it is none), and its concepts. */
size_t align_dict_match_han(const align_dict *dicts, const char *lang,
                            const char *text, size_t len,
                            const uint32_t **concepts, size_t *nconcepts);

/* ----------------------------------------------------------- numwords */

#include <unicode/utypes.h>

/* One language's one-word spellings of numbers, folded, with their
 * values (numwords.c). */
typedef struct numword_table {
    intern_table forms;  /* folded form -> id */
    uint32_t *values;    /* id -> value */
    size_t nvalues, cap_values;
    size_t max_bytes;    /* longest form */
} numword_table;

/* Fill @p t from ICU's spellout rules for @p lang; a language without
 * them gets an empty table. STELE_OK or STELE_ENOMEM; free with
 * numwords_free() either way. */
int numwords_build(numword_table *t, const char *lang);
void numwords_free(numword_table *t);
/* Flags above a table value: the word names a month (the value below
 * is its number, 1-12), and is one only when written with a capital. */
#define NUMWORD_MONTH 0x80000000u
#define NUMWORD_CAPITAL 0x40000000u
/* The word names a power of ten (the value below is its exponent) that
 * multiplies the digits before it: "млн", "Mrd", "миллиардов". */
#define NUMWORD_SCALE 0x20000000u
#define NUMWORD_VALUE 0x1FFFFFFFu

/* Value of a case-folded word (UTF-8), with the flags above; 0 if it
 * spells no number. */
uint32_t numwords_value(const numword_table *t, const char *folded,
                        size_t len);
/* The table of @p lang, built on first use and kept for the life of the
 * process (shared by all threads, read only); NULL when out of memory
 * or for a tag longer than 31 bytes. */
const numword_table *numwords_shared(const char *lang);

/* Number words in a row, put together as a reader would ("сто сорок"
 * 140, "two three" two numbers). Zero-initialise. */
typedef struct numword_run {
    uint64_t total;   /* the part above the last scale word */
    uint64_t current; /* the part below it */
    uint64_t place;   /* lowest place of the last word: the next word
                         must be below it to add to the number */
    uint64_t scale;   /* the last scale word (1000, 1000000), or 0 */
    unsigned words;
} numword_run;

/* Does @p c join number words into one ("twenty-one", "сто сорок")? */
int numword_separator(UChar32 c);

/* Add a word's value; returns the number the word ended, or 0. */
uint64_t numword_run_add(numword_run *r, uint32_t value);
/* The number in progress (0 if none); the run starts afresh. */
uint64_t numword_run_end(numword_run *r);

/* A Chinese or Japanese numeral that begins at u[at] (after 第, for an
 * ordinal): its end, with its value in *value; 0 where none begins or
 * where the characters are part of a word that is not a number. */
int32_t numwords_han(const UChar *u, int32_t n, int32_t at,
                     uint64_t *value);

/* ------------------------------------------------------------ features */

/* One piece of lexical evidence in a sentence: a set of keys, any of
 * which found on the other side counts as a match. */
typedef struct anchor {
    uint32_t key_first; /* into the document's key pool */
    uint16_t nkeys;     /* keys in the set */
    uint8_t scorer;     /* SCORER_* */
} anchor;

typedef struct doc_features {
    size_t count;            /* sentences */
    uint32_t *length;        /* non-space code points per sentence */
    uint32_t *paragraph;     /* paragraph index per sentence */
    uint32_t *anchor_first;  /* count + 1 offsets into anchors */
    anchor *anchors;         /* all anchors, sentence by sentence */
    uint32_t *keys;          /* key pool */
    size_t nanchors, nkeys;  /* used */
    size_t cap_anchors, cap_keys;
    uint32_t *word_first;    /* count + 1 offsets into words */
    uint32_t *words;         /* per sentence, its distinct word keys
                                ("W:stem"), for learning word pairs */
    size_t nwords, cap_words;
    int latin_script;        /* most letters are Latin */
    int spaceless;           /* Han/Kana script: no spaces between words */
    int han_names;           /* Chinese: its pinyin anchors are the
                                syllables of its characters */
} doc_features;

typedef struct feature_context feature_context;

/* One context per stele_align call: it owns the key table shared by the
 * documents, the transliterator and its cache. */
int feature_context_new(feature_context **out, const align_dict *dicts,
                        stele_error *err);
void feature_context_free(feature_context *ctx);
int features_extract(feature_context *ctx, const stele_document *doc,
                     doc_features *out, stele_error *err);
/* Move @p f, read with context @p from, into context @p ctx: its keys
 * become ctx's ids for the same strings (added as needed), so that it
 * meets the documents read with ctx. For reading documents in parallel,
 * each with a context of its own. */
int features_adopt(feature_context *ctx, const feature_context *from,
                   doc_features *f);
void features_free(doc_features *f);
/* Key id of @p s in the context's key table (added if new). */
int features_key(feature_context *ctx, const char *s, size_t len,
                 uint32_t *out);

/* ------------------------------------------------------------ learning */

/* Word pairs of two documents that a first alignment @p beads shows
 * translating each other (learn.c). On success *out_a and *out_b are
 * copies of @p fa and @p fb with SCORER_LEARNED anchors added, to be
 * freed with features_free(), and *npairs tells how many pairs were
 * learned (0: the copies equal the originals). */
typedef struct bead bead;
int learn_word_pairs(feature_context *ctx, const doc_features *fa,
                     const doc_features *fb, const bead *beads,
                     size_t nbeads, doc_features *out_a,
                     doc_features *out_b, size_t *npairs);

/* Exposed for tests: the canonical form of a number token (@p decimal
 * is the locale's decimal separator, '.' or ','), the
 * consonant skeleton used for transliteration matching, and the crude
 * stemmer. Each writes a NUL-terminated string into buf, returns its
 * length (0 if the token yields nothing). */
/* The digits, and '.' or ',' between two digits, that begin at u[at]
 * (before u[n]): their end, and their ASCII form in @p ascii
 * (NUL-terminated, *len bytes; 0 when no digit begins there). A run
 * longer than the buffer ends there, the digit that does not fit
 * dropped. */
int32_t align_digit_run(const UChar *u, int32_t at, int32_t n, char *ascii,
                        size_t size, size_t *len);
size_t align_number_key(const char *token, size_t len, char decimal,
                        char *buf, size_t size);
size_t align_skeleton(const char *ascii, size_t len, char *buf, size_t size);
size_t align_stem(const char *word, size_t len, const char *lang, char *buf,
                  size_t size);

/* ------------------------------------------------------------ pair view */

/* A document seen against one other document: only anchors that can
 * match, each with a weight. Units are sentences or, for the coarse
 * passes, blocks of consecutive sentences. */
typedef struct side_anchor {
    uint32_t key_first; /* into side.keys */
    uint16_t nkeys;
    uint8_t scorer;
    uint8_t repeats;    /* 1: a key of the anchor is in the unit just
                           before on the same side, so that in a bead
                           holding that unit too a find here repeats the
                           earlier one */
    float chance;       /* P(one random unit of the other side holds one
                           of the keys) */
    float capacity;     /* the most a translation can keep of the
                           anchor: of the units of this side that hold a
                           key, the share that the units of the other
                           side holding it could answer (min(1, (df other
                           + 1) / df own), the best of the anchor's keys;
                           1 for dictionary concepts, see pairview.c) */
    float scale;        /* the scorer's discount (dp_params.scale) */
    float gain;         /* log-likelihood ratio when found in one unit of
                           the other side (dp.c discounts it by the
                           share of the unit that holds it) */
    float loss[4];      /* log-likelihood ratio when not found, by the
                           number of units on the other side of the bead
                           (1-3; negative) */
} side_anchor;

typedef struct side {
    size_t n;               /* units */
    double *length;         /* per unit */
    uint32_t *para_first;   /* paragraph of the unit's first sentence */
    uint32_t *para_last;    /* paragraph of its last sentence */
    uint32_t *anc_first;    /* n + 1 offsets into anc */
    uint32_t *anc_useful;   /* per unit, end of the anchors that can
                               change a score (side_weigh puts them
                               first); the rest match too often to count */
    uint32_t *anc_repeats;  /* per unit, end of the useful anchors that
                               repeat (side_weigh puts them first) */
    side_anchor *anc;
    uint32_t *ukey_first;   /* n + 1 offsets into ukeys */
    uint32_t *ukeys;        /* per unit: sorted distinct keys of anc */
    uint32_t *keys;         /* key sets of anc */
    int has_paragraphs;     /* more than one paragraph */
} side;

/* Whether @p c is a CJK unified ideograph of the basic block, the Han
 * characters whose pinyin and dictionary words stele looks up alone. */
static inline int align_is_han(int32_t c)
{
    return c >= 0x4E00 && c <= 0x9FFF;
}

/* Whether unit @p u of @p s holds @p key (its ukeys are sorted). */
static inline int side_unit_has_key(const side *s, size_t u, uint32_t key)
{
    size_t lo = s->ukey_first[u], end = s->ukey_first[u + 1], hi = end;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->ukeys[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < end && s->ukeys[lo] == key;
}

void side_free(side *s);
/* Build the two sides of a pair from their features (scorers masked). */
int pair_sides(const doc_features *fa, const doc_features *fb,
               unsigned scorer_mask, side *a, side *b);
/* The log-likelihood ratio of an anchor not found in units of the other
 * side that hold one of its keys by chance with probability @p pc, when
 * a translation keeps it with probability @p pt (negative; 0 where the
 * anchor is no more likely kept than found by chance). */
static inline double anchor_miss_value(double pt, double pc, double scale)
{
    if (pc < 1e-4)
        pc = 1e-4;
    return pt <= pc ? 0 : scale * log((1.0 - pt) / (1.0 - pc));
}

/* Fill each anchor's gain and loss from the probability @p found that a
 * translation keeps an anchor of each scorer, scaled by @p scale. */
void side_weigh(side *s, const double found[NSCORERS],
                const double scale[NSCORERS]);
/* Merge runs of @p factor units into one (coarse pass). */
int side_coarsen(const side *fine, size_t factor, side *out);

/* ------------------------------------------------------------------ DP */

struct bead {
    uint32_t i, j;     /* first unit on each side */
    uint8_t a, b;      /* units on each side */
    float posterior;   /* probability of this bead under the model */
    float comp[NCOMPONENTS];
};

/* The progress of one stele_align call, reported by the fine passes of
 * the dynamic programme (coarse passes are cheap and not counted). */
typedef struct align_progress {
    stele_progress_fn fn;  /* NULL: nobody listens */
    void *payload;
    uint64_t base;         /* steps of the work finished before this pass */
    uint64_t reported;     /* the most handed out so far */
    int any;               /* anything handed out yet */
    uint64_t total;        /* steps of the whole call */
} align_progress;

/* Hand @p done out to the listener, if any, never decreasing and never
 * past the total. */
void align_progress_report(align_progress *pr, uint64_t done);

/* Sentences left out in a row that the programme takes in one step (a
 * run), so that a passage the other version lacks costs less than as
 * many sentences left out one by one (dp.c). Runs come out as that many
 * 1-0 or 0-1 beads. */
#define RUN_LENGTH 4

/* A variance so large that the length term says nothing (the length
 * scorer turned off, or a pass on anchors alone). */
#define LENGTH_SILENT 1e12

typedef struct dp_params {
    double ratio;          /* mean length of b per unit length of a */
    double variance;       /* Gale-Church s^2, in units of a */
    double length_floor;   /* added to a bead's mean length, so that the
                              variance of very short sentences is not
                              taken as near zero */
    double variance_growth;/* the variance grows by this share for each
                              sentence of a bead beyond two */
    double log_prior[RUN_LENGTH + 1][RUN_LENGTH + 1];
                           /* log P(bead a-b), -INFINITY if not allowed */
    double found[NSCORERS]; /* P(anchor kept in translation), per scorer */
    double scale[NSCORERS]; /* discount for evidence that is not
                               independent (dictionary senses, ...) */
    double para_cross;     /* cost of a bead spanning a paragraph break */
    double para_mismatch;  /* cost of a paragraph break on one side only */
    int paragraphs_correspond; /* paragraph k of a is paragraph k of b */
    align_progress *progress; /* where fine passes report rows, or NULL */
} dp_params;

void dp_params_default(dp_params *p);

/* Best path through the pair; *beads malloc'ed (caller frees), in order.
 * @p guide, if not NULL, is a coarse path (nguide points (i, j) at the
 * scale 1/@p guide_factor) around which the band is laid. */
int dp_align(const side *a, const side *b, const dp_params *p,
             int posteriors, const uint32_t *guide, size_t nguide,
             size_t guide_factor, bead **beads, size_t *nbeads);

/* The whole pair: coarse-to-fine search, re-estimated parameters. */
int align_pair(side *a, side *b, dp_params *p, bead **beads,
               size_t *nbeads);
/* The pair again, its sides having gained anchors since @p previous
 * was found: both passes run in a band around @p previous instead of
 * searching the whole pair coarse to fine (the learned pass of
 * aligner.c, which this makes half as costly). */
int align_pair_again(side *a, side *b, dp_params *p, const bead *previous,
                     size_t nprevious, bead **beads, size_t *nbeads);

/* Score of one bead, components in @p comp (may be NULL). */
double dp_bead_score(const side *a, const side *b, const dp_params *p,
                     size_t i, size_t j, unsigned na, unsigned nb,
                     float *comp);

#endif /* STELE_ALIGN_INT_H */
