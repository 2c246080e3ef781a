/*
 * stele/align.h - sentences to translation units.
 *
 * A stele_aligner pairs the sentences of two or three documents (the
 * versions of one text in different languages) into translation units:
 * groups of consecutive sentences per language that translate each
 * other (beads 1-1, 1-0, 0-1, 1-2, 2-1, 2-2, 1-3, 3-1, 2-3, 3-2; up to
 * 8-1 and 1-8 where a sentence would otherwise be left out beside a
 * bead with one sentence on the other side; and their three-language
 * counterparts), each with a confidence in [0, 1].
 *
 * This header also holds the bead-file format shared with Vecalign and
 * Bertalign ("[1, 2]:[1]" per line) and the evaluation of an alignment
 * against a gold one (stele_eval), since both speak of beads.
 *
 * Errors follow stele/error.h: aligner functions record on the aligner;
 * bead and eval functions, which have no handle, take `stele_error *err`.
 */
#ifndef STELE_ALIGN_H
#define STELE_ALIGN_H

#include <stddef.h>
#include <stdint.h>

#include "stele/error.h"
#include "stele/progress.h"
#include "stele/segment.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The most documents aligned at once. */
#define STELE_MAX_LANGS 3

typedef struct stele_aligner stele_aligner;
typedef struct stele_alignment stele_alignment;

/** The independent kinds of evidence; each can be switched off. */
typedef enum stele_scorer_kind {
    STELE_SCORER_LENGTH = 1 << 0,   /**< Gale-Church style length model */
    STELE_SCORER_NUMBERS = 1 << 1,  /**< numbers shared by both sides */
    STELE_SCORER_LATIN = 1 << 2,    /**< Latin-script tokens kept as is */
    STELE_SCORER_TRANSLIT = 1 << 3, /**< names matched after
                                         transliteration to Latin */
    STELE_SCORER_PUNCT = 1 << 4,    /**< punctuation signatures */
    STELE_SCORER_DICT = 1 << 5,     /**< bilingual dictionary (--dict) */
    STELE_SCORER_LEARNED = 1 << 6,  /**< word pairs learned from a first
                                         alignment of the document */
    STELE_SCORER_NUMWORDS = 1 << 7, /**< numbers written as words
                                         ("thirty", "тридцать", "三十") */
    STELE_SCORER_PINYIN = 1 << 8,   /**< Chinese names and places against
                                         their pinyin in Latin script
                                         (陈清扬, "Chen Qingyang") */
    STELE_SCORER_ALL = (1 << 9) - 1
} stele_scorer_kind;

#define STELE_ALIGN_OPTIONS_VERSION 1

typedef struct stele_align_options {
    int version;           /**< STELE_ALIGN_OPTIONS_VERSION */
    double flag_below;     /**< units whose confidence is below this are
                                flagged (default 0.5) */
    int use_paragraphs;    /**< nonzero: align paragraphs first when the
                                paragraph structures correspond */
    unsigned scorers;      /**< OR of stele_scorer_kind (default all) */
} stele_align_options;

#define STELE_ALIGN_OPTIONS_INIT \
    { STELE_ALIGN_OPTIONS_VERSION, 0.5, 1, STELE_SCORER_ALL }

/**
 * Create an aligner. @p opts may be NULL for the defaults.
 * Ownership: *out is set even on failure (unless allocation failed, then
 * NULL) and is freed with stele_aligner_close().
 */
int stele_aligner_open(stele_aligner **out, const stele_align_options *opts);

/** Free an aligner. Accepts NULL. */
void stele_aligner_close(stele_aligner *aligner);

/** Detail of the aligner's last failure. Borrowed from @p aligner. */
const stele_error *stele_aligner_error(const stele_aligner *aligner);

/**
 * Have stele_align() on @p aligner report its progress to @p fn (NULL to
 * stop): the work done so far and the work of the whole call, in steps
 * (sentences read for features, then rows of the dynamic programme, over
 * every pass and pair). @p done ends equal to @p total; a pass that has
 * to widen its band redoes rows without counting them again, so the
 * last stretch may take longer than the rate so far promises. Ownership: @p payload is borrowed, and must stay valid while
 * the aligner aligns.
 */
void stele_aligner_set_progress(stele_aligner *aligner, stele_progress_fn fn,
                                void *payload);

/**
 * Load a bilingual dictionary in hunalign's format: one entry per line,
 * "target words @ source words", where the source side is in language
 * @p source_lang and the target side in @p target_lang (both NULL: the
 * languages of the file's "# stele-dict SRC TGT" line). Several
 * dictionaries (for different pairs) may be loaded; each is used for the
 * pair it names, in either direction, and dictionaries that share a
 * source language also relate their target languages to each other
 * (en-de and en-fr serve German-French). Errors name the file and line.
 * Ownership: @p path and the tags are borrowed for the call; the aligner
 * keeps its own copy of what it reads.
 */
int stele_aligner_load_dict(stele_aligner *aligner, const char *path,
                            const char *source_lang,
                            const char *target_lang);

/**
 * Load a dictionary as stele_aligner_load_dict() does, but only to fill
 * gaps: its entries give translations to the words that no dictionary
 * loaded with stele_aligner_load_dict() knows, and leave the others as
 * they are. For pivots beside a direct dictionary (en-de and en-fr as
 * fallbacks of de-fr): the direct one's links stay as strong as they
 * were, and the words it lacks still meet through the pivot. Load the
 * fallbacks after the others.
 * Ownership: as for stele_aligner_load_dict().
 */
int stele_aligner_load_fallback_dict(stele_aligner *aligner, const char *path,
                                     const char *source_lang,
                                     const char *target_lang);

/**
 * Align @p ndocs (2 or 3) documents, taken in the given order; the
 * language of each is stele_document_lang().
 * Ownership: on success *out is a new alignment the caller frees with
 * stele_alignment_free(); it refers to sentences by index only, so the
 * documents may be freed before it. On failure *out is NULL.
 */
int stele_align(stele_aligner *aligner, const stele_document *const *docs,
                size_t ndocs, stele_alignment **out);

/** One translation unit: for each document k < ndocs, its sentences
 *  [first[k], first[k] + count[k]); count[k] == 0 means none. */
typedef struct stele_unit {
    uint32_t first[STELE_MAX_LANGS]; /**< first sentence index per doc */
    uint32_t count[STELE_MAX_LANGS]; /**< number of sentences per doc */
    double confidence;               /**< in [0, 1] */
    int flagged;                     /**< confidence < flag_below */
} stele_unit;

/** Free an alignment. Accepts NULL. */
void stele_alignment_free(stele_alignment *alignment);

/** Number of documents aligned (2 or 3). */
size_t stele_alignment_ndocs(const stele_alignment *alignment);

/** Language of document @p k. Borrowed. */
const char *stele_alignment_lang(const stele_alignment *alignment, size_t k);

/** Number of units. Units are in document order; together they cover
 *  every sentence of every document exactly once. */
size_t stele_alignment_count(const stele_alignment *alignment);

/** Unit @p index (< count). Borrowed. */
const stele_unit *stele_alignment_unit(const stele_alignment *alignment,
                                       size_t index);

/** Number of named score components recorded per unit (for JSON). */
size_t stele_alignment_score_count(const stele_alignment *alignment);

/** Name of score component @p j ("length", "numbers", ...). Static. */
const char *stele_alignment_score_name(const stele_alignment *alignment,
                                       size_t j);

/** Contribution of component @p j to unit @p index's score (log-domain,
 *  higher is better; 0 when the component did not apply). */
double stele_alignment_score(const stele_alignment *alignment, size_t index,
                             size_t j);

/* ------------------------------------------------------------------ */
/* Bead files and evaluation                                           */
/* ------------------------------------------------------------------ */

typedef struct stele_beads stele_beads;

/**
 * Parse bead-file text: one bead per line, 2 or 3 fields separated by
 * ':', each a bracketed list of 0-based sentence indexes, "[1, 2]:[1]".
 * Blank lines are ignored. Every line must have the same field count.
 * Errors name @p name and the line.
 * Ownership: *out is freed with stele_beads_free(); NULL on failure.
 */
int stele_beads_parse(stele_beads **out, const char *text, size_t size,
                      const char *name, stele_error *err);

/** Read and parse a bead file. Ownership as stele_beads_parse. */
int stele_beads_read(stele_beads **out, const char *path, stele_error *err);

/** The beads of an alignment. Ownership as stele_beads_parse. */
int stele_beads_from_alignment(stele_beads **out,
                               const stele_alignment *alignment,
                               stele_error *err);

/** Free beads. Accepts NULL. */
void stele_beads_free(stele_beads *beads);

/** Number of fields (languages) per bead. */
size_t stele_beads_fields(const stele_beads *beads);

/** Number of beads. */
size_t stele_beads_count(const stele_beads *beads);

/** Precision, recall and F1 of one kind of match. */
typedef struct stele_eval_scores {
    double precision;
    double recall;
    double f1;
} stele_eval_scores;

typedef struct stele_eval_result {
    stele_eval_scores strict; /**< exact beads */
    stele_eval_scores lax;    /**< beads that overlap */
    size_t gold_beads;        /**< beads in gold (excl. insert/delete) */
    size_t predicted_beads;   /**< beads in prediction (same) */
} stele_eval_result;

/**
 * Score @p predicted against @p gold on the pair of fields (@p field_a,
 * @p field_b), as the scoring scripts of Vecalign and Bertalign do: beads
 * with an empty side (insertions, deletions) are left out; strict counts
 * beads that are identical, lax counts beads that share at least one
 * sentence-pair link. Three-field bead files are projected onto the pair.
 */
int stele_eval(const stele_beads *gold, const stele_beads *predicted,
               size_t field_a, size_t field_b, stele_eval_result *out,
               stele_error *err);

/** Sides of more sentences than this are counted with this many. */
#define STELE_EVAL_SIDE_MAX 3

/**
 * Beads counted by type, [na][nb] for na sentences on the first side
 * and nb on the second (STELE_EVAL_SIDE_MAX meaning that many or more).
 * Unlike stele_eval, insertions and deletions (0-1, 1-0) are counted:
 * whether an aligner finds the sentences a translator left out is what
 * these counts are for.
 */
typedef struct stele_eval_types {
    size_t gold[STELE_EVAL_SIDE_MAX + 1][STELE_EVAL_SIDE_MAX + 1];
    size_t predicted[STELE_EVAL_SIDE_MAX + 1][STELE_EVAL_SIDE_MAX + 1];
    /** predicted beads identical to a gold bead (so also gold beads
     *  found exactly): recall matched/gold, precision matched/predicted */
    size_t matched[STELE_EVAL_SIDE_MAX + 1][STELE_EVAL_SIDE_MAX + 1];
} stele_eval_types;

/**
 * Count the beads of @p gold and @p predicted by type on the pair of
 * fields (@p field_a, @p field_b), projected as stele_eval projects them;
 * beads empty on both sides of the pair are left out. Fills @p out
 * (the caller's); nothing to free.
 */
int stele_eval_by_type(const stele_beads *gold, const stele_beads *predicted,
                       size_t field_a, size_t field_b, stele_eval_types *out,
                       stele_error *err);

#ifdef __cplusplus
}
#endif

#endif /* STELE_ALIGN_H */
