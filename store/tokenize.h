/*
 * store/tokenize.h - the words of a text, as the search index sees them.
 *
 * Internal to libstele. The same tokenizer serves three callers: FTS5
 * (registered as "stele" on each SQLite connection), the query parser
 * (which must split a query exactly as FTS5 will) and the highlighter
 * (which re-tokenises a hit to find the matched words). See tokenize.c for
 * the rules.
 */
#ifndef STELE_STORE_TOKENIZE_H
#define STELE_STORE_TOKENIZE_H

#include <stddef.h>

#include "stele/error.h"

typedef struct stele_tokenizer stele_tokenizer;

/** How a text is tokenised. Documents and queries are tokenised alike
 *  since schema 5 (Chinese by character); the mode is kept for the
 *  callers, which say what they tokenise. */
typedef enum stele_tokenize_mode {
    STELE_TOKENIZE_DOCUMENT = 0,
    STELE_TOKENIZE_QUERY = 1
} stele_tokenize_mode;

/** Kinds of token, passed to the callback. */
enum {
    STELE_TOKEN_WORD = 0,   /* a word or number found by UAX #29 */
    STELE_TOKEN_CJK = 1     /* one Han or kana character */
};

/** Tokens longer than this (in bytes, after normalisation) are cut at a
 *  character boundary, in documents and queries alike. */
#define STELE_TOKEN_MAX 256

/**
 * Called once per token: @p token (NFKC_Casefold, UTF-8, not
 * NUL-terminated) and the byte span [@p start, @p end) it came from in the
 * original text. A nonzero return stops tokenisation and is returned.
 */
typedef int (*stele_token_fn)(void *payload, const char *token,
                              size_t length, size_t start, size_t end,
                              int kind);

/** Create a tokenizer; @p locale selects ICU's word rules (NULL: root).
 *  Ownership: *out is freed with stele__tokenizer_close(); NULL on
 *  failure, which is described in @p err. */
int stele__tokenizer_open(stele_tokenizer **out, const char *locale,
                          stele_error *err);

/** Free a tokenizer. Accepts NULL. */
void stele__tokenizer_close(stele_tokenizer *tk);

/**
 * Tokenise @p length bytes of UTF-8 @p text (invalid bytes separate
 * words). @return 0, the callback's nonzero value, STELE_ENOMEM or
 * STELE_EINTERNAL (ICU failed).
 */
int stele__tokenize(stele_tokenizer *tk, const char *text, size_t length,
                    stele_tokenize_mode mode, stele_token_fn fn,
                    void *payload);

/** For tests: tokenise with ICU only (no fast path for ASCII and basic
 *  Cyrillic), so that the two can be compared. */
int stele__tokenize_icu_only(stele_tokenizer *tk, const char *text,
                             size_t length, stele_token_fn fn,
                             void *payload);

#endif /* STELE_STORE_TOKENIZE_H */
