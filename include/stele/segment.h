/*
 * stele/segment.h - text to sentences.
 *
 * A stele_segmenter turns the text of one language version (UTF-8,
 * UTF-16 with a BOM, or HTML) into sentences grouped in paragraphs, using
 * ICU's sentence BreakIterator for the locale plus stele's per-language
 * rules. The result is a stele_document: the sentences in order, each with
 * its paragraph index and its byte span in the original input.
 *
 * The streaming form (stele_segment_*_each) hands out sentences one at a
 * time and holds at most one paragraph in memory, so books of hundreds of
 * megabytes segment in bounded memory.
 *
 * Errors follow stele/error.h: functions on a segmenter record the detail
 * on it (stele_segmenter_error); document functions record on the
 * document (stele_document_error).
 */
#ifndef STELE_SEGMENT_H
#define STELE_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "stele/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct stele_segmenter stele_segmenter;
typedef struct stele_document stele_document;

/** One sentence of a document. */
typedef struct stele_sentence {
    const char *text;   /**< NFC UTF-8, NUL-terminated; borrowed */
    size_t length;      /**< bytes in text, excluding the NUL */
    uint32_t paragraph; /**< 0-based paragraph index, non-decreasing */
    uint64_t start;     /**< byte offset of its first byte in the input */
    uint64_t end;       /**< byte offset one past its last byte */
} stele_sentence;

/** How the input bytes are to be read. */
typedef enum stele_input_format {
    STELE_INPUT_AUTO = 0, /**< HTML if it looks like HTML (by name or by
                               content), else text */
    STELE_INPUT_TEXT,     /**< plain text: UTF-8 (BOM skipped) or UTF-16
                               with a BOM */
    STELE_INPUT_HTML,     /**< HTML, parsed with libxml2's HTML parser */
    STELE_INPUT_LINES     /**< presegmented: one sentence per line, a blank
                               line between paragraphs */
} stele_input_format;

#define STELE_SEGMENT_OPTIONS_VERSION 1

typedef struct stele_segment_options {
    int version;               /**< STELE_SEGMENT_OPTIONS_VERSION */
    const char *lang;          /**< ICU locale / BCP 47 tag: "en", "ru",
                                    "zh", "de-CH"...; copied by open */
    stele_input_format format; /**< see stele_input_format */
    size_t max_paragraph;      /**< bytes one paragraph may hold before
                                    STELE_ETOOBIG; 0 = the default
                                    (16 MiB) */
} stele_segment_options;

#define STELE_SEGMENT_OPTIONS_INIT \
    { STELE_SEGMENT_OPTIONS_VERSION, "en", STELE_INPUT_AUTO, 0 }

/**
 * Create a segmenter for @p opts->lang.
 *
 * Ownership: *out is set even on failure (unless allocation itself
 * failed, then NULL) and must be freed with stele_segmenter_close().
 * @return 0, STELE_EINVAL (unknown locale or bad options), STELE_ENOMEM,
 *         STELE_EINTERNAL (ICU failed).
 */
int stele_segmenter_open(stele_segmenter **out,
                         const stele_segment_options *opts);

/** Free a segmenter. Accepts NULL. */
void stele_segmenter_close(stele_segmenter *seg);

/** Detail of the segmenter's last failure. Borrowed from @p seg. */
const stele_error *stele_segmenter_error(const stele_segmenter *seg);

/**
 * Called once per sentence, in order. The sentence and its text are only
 * valid during the call. Return 0 to go on; any other value stops the
 * segmentation, which then returns that value.
 */
typedef int (*stele_sentence_fn)(const stele_sentence *sentence,
                                 void *payload);

/**
 * Segment a file ("-" for standard input) in bounded memory, calling
 * @p fn for each sentence. Errors name @p path and the byte offset.
 */
int stele_segment_file_each(stele_segmenter *seg, const char *path,
                            stele_sentence_fn fn, void *payload);

/** Segment a buffer, calling @p fn for each sentence. @p name is used in
 *  error messages (may be NULL). */
int stele_segment_buffer_each(stele_segmenter *seg, const char *data,
                              size_t size, const char *name,
                              stele_sentence_fn fn, void *payload);

/**
 * Segment a whole file into a document.
 * Ownership: on success *out is a new document the caller frees with
 * stele_document_free(); on failure *out is NULL.
 */
int stele_segment_file(stele_segmenter *seg, const char *path,
                       stele_document **out);

/** Segment a buffer into a document. Ownership as stele_segment_file. */
int stele_segment_buffer(stele_segmenter *seg, const char *data,
                         size_t size, const char *name,
                         stele_document **out);

/**
 * Create an empty document for language @p lang, whose sentences come
 * from @p name (a path, or NULL). Used by the segmenter, and by callers
 * that bring their own sentences.
 * Ownership: *out is freed with stele_document_free().
 */
int stele_document_new(stele_document **out, const char *lang,
                       const char *name);

/**
 * Append a sentence (copied). Paragraph indexes must not decrease.
 * @return 0, STELE_EINVAL, STELE_ENOMEM.
 */
int stele_document_append(stele_document *doc, const char *text,
                          size_t length, uint32_t paragraph, uint64_t start,
                          uint64_t end);

/** Free a document and all its sentences. Accepts NULL. */
void stele_document_free(stele_document *doc);

/** Number of sentences. */
size_t stele_document_count(const stele_document *doc);

/** Sentence @p index (< count). Borrowed from @p doc. */
const stele_sentence *stele_document_sentence(const stele_document *doc,
                                              size_t index);

/** Number of paragraphs (the last sentence's paragraph + 1, or 0). */
uint32_t stele_document_paragraphs(const stele_document *doc);

/** Language tag given at creation. Borrowed. */
const char *stele_document_lang(const stele_document *doc);

/** Source name given at creation, or "". Borrowed. */
const char *stele_document_name(const stele_document *doc);

/** Detail of the document's last failure. Borrowed. */
const stele_error *stele_document_error(const stele_document *doc);

/* ------------------------------------------------------------------ */
/* Does the text look like its language?                               */
/* ------------------------------------------------------------------ */

/** Distinct scripts a stele_script_tally tells apart; letters of any
 *  further script are counted in letters only. */
#define STELE_SCRIPT_SLOTS 8

/** Fewer letters than this are too few to judge (stele_script_fits). */
#define STELE_SCRIPT_MIN_LETTERS 20

/**
 * Letters counted by script (ISO 15924 codes: "Latn", "Cyrl", "Hani"),
 * to catch a text given the wrong language: a file swapped with another,
 * a --langs list in the wrong order. Zero-initialise it, feed it with
 * stele_script_tally_add or stele_document_script_tally, then ask
 * stele_script_fits. Digits, punctuation and symbols are not letters;
 * nor are letters shared by several scripts (ICU's Common and
 * Inherited).
 */
typedef struct stele_script_tally {
    size_t letters;                       /**< letters counted */
    size_t nscripts;                      /**< slots in use */
    char code[STELE_SCRIPT_SLOTS][8];     /**< each slot's script */
    size_t count[STELE_SCRIPT_SLOTS];     /**< letters in each */
} stele_script_tally;

/**
 * Count the letters of @p text (@p length bytes of UTF-8; invalid bytes
 * are skipped), at most @p max_letters of them.
 * Ownership: nothing is kept.
 */
void stele_script_tally_add(stele_script_tally *tally, const char *text,
                            size_t length, size_t max_letters);

/**
 * Tally a sample of @p doc: up to 64 sentences spread evenly over it,
 * at most 256 letters from each.
 * Ownership: nothing is kept.
 */
void stele_document_script_tally(const stele_document *doc,
                                 stele_script_tally *tally);

/**
 * Whether the tallied letters are written the way language @p lang is
 * (ICU's scripts for the locale: "ru" Cyrillic, "ja" Kana, Hiragana and
 * Han...). A text fits when at least a quarter of its letters are in one
 * of those scripts, so quoted names and Latin abbreviations in a Russian
 * or Chinese text do not count against it.
 *
 * @return 1 when the letters fit, when there are fewer than
 *         STELE_SCRIPT_MIN_LETTERS of them, or when ICU knows no script
 *         for @p lang; 0 when they do not fit: then @p found receives the
 *         English name of the most frequent script ("Latin") and
 *         @p expected that of the language's main script ("Cyrillic"),
 *         each truncated to its size (either may be NULL).
 * Ownership: nothing is kept.
 */
int stele_script_fits(const stele_script_tally *tally, const char *lang,
                      char *found, size_t found_size, char *expected,
                      size_t expected_size);

/** The bytes of a text that stele_guess_language reads. */
#define STELE_GUESS_BYTES 65536

/**
 * Guess the language of @p text (UTF-8, @p len bytes; the first
 * STELE_GUESS_BYTES are read, a byte order mark among the non-letters) for a file whose name does not tell it: from its script where
 * the script has one main language (Han without kana: zh, with kana: ja;
 * Hangul: ko; Greek, Hebrew, Thai, the Indic scripts...), and for Latin
 * and Cyrillic text from its most frequent short words (en, de, fr, es,
 * it, pt, nl, sv, da, nb, fi, is, pl, cs, sk, sl, hr, ro, hu, lt, tr, id,
 * sw, af, cy, ga, eo, la; ru, uk, be, bg, sr, mk). Writes the tag into
 * @p buf (@p size bytes, 8 are enough).
 * Returns STELE_OK, STELE_ENOTFOUND when the text is too short or too
 * mixed for a clear answer, or STELE_EINVAL.
 */
int stele_guess_language(const char *text, size_t len, char *buf,
                         size_t size);

#ifdef __cplusplus
}
#endif

#endif /* STELE_SEGMENT_H */
