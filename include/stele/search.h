/*
 * stele/search.h - cross-language search of aligned quotes.
 *
 * Look up a word, a phrase ("combat-proven weapons") or a prefix (csto*)
 * in the sentences of one language, or of all, and get back each matching
 * sentence with the sentences that the same translation unit holds in the
 * other languages. Matching is done on words found by ICU (which segments
 * Chinese and Japanese), case-folded and NFKC-normalised, so "CSTO",
 * "csto" and "Ｃｓｔｏ" are one word.
 *
 * Errors follow stele/error.h and are recorded on the store.
 */
#ifndef STELE_SEARCH_H
#define STELE_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "stele/error.h"
#include "stele/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One matched span inside a hit's text, in bytes. */
typedef struct stele_search_span {
    size_t start; /**< byte offset of the first matched byte */
    size_t end;   /**< byte offset one past the last matched byte */
} stele_search_span;

/** One hit. All pointers are borrowed for the duration of the call. */
typedef struct stele_search_hit {
    int64_t doc_id;
    int64_t unit_id;
    const char *title;                /**< the document's title */
    const char *lang;                 /**< language of the matched text */
    const char *text;                 /**< the matched unit's text in
                                           that language */
    const stele_search_span *spans;   /**< matched words, in order */
    size_t nspans;
    double score;                     /**< bm25, larger is better */
    double confidence;                /**< the unit's alignment confidence */
    size_t nother;                    /**< the unit's other languages */
    const char *const *other_langs;
    const char *const *other_texts;
} stele_search_hit;

typedef int (*stele_search_fn)(const stele_search_hit *hit, void *payload);

#define STELE_SEARCH_OPTIONS_VERSION 1

typedef struct stele_search_options {
    int version;      /**< STELE_SEARCH_OPTIONS_VERSION */
    const char *lang; /**< only match text in this language (NULL: any) */
    size_t limit;     /**< at most this many hits (0: 20) */
} stele_search_options;

#define STELE_SEARCH_OPTIONS_INIT { STELE_SEARCH_OPTIONS_VERSION, NULL, 0 }

/**
 * Search @p query: words (all must match), "quoted phrases" or «quoted
 * phrases», prefixes (word*), OR and NOT between terms. Hits come best
 * first (bm25). Repeated terms count once. A query that cannot be parsed
 * fails with STELE_EQUERY and a message in the user's terms, and so does
 * one that is not UTF-8, longer than 16 KiB, of more than 64 different
 * words, or nested more than 16 parentheses deep (each word costs a walk
 * of the index: the limits bound the time a search takes); the query
 * text is never pasted into SQL.
 * A nonzero return from @p fn stops the search and is returned.
 */
int stele_search(stele_store *store, const char *query,
                 const stele_search_options *opts, stele_search_fn fn,
                 void *payload);

#ifdef __cplusplus
}
#endif

#endif /* STELE_SEARCH_H */
