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

/** How a text is tokenised: documents also get prefix terms
 *  (STELE_TOKEN_PREFIX), queries do not. */
typedef enum stele_tokenize_mode {
    STELE_TOKENIZE_DOCUMENT = 0,
    STELE_TOKENIZE_QUERY = 1
} stele_tokenize_mode;

/** Kinds of token, passed to the callback. */
enum {
    STELE_TOKEN_WORD = 0,   /* a word or number found by UAX #29 */
    STELE_TOKEN_CJK = 1,    /* one Han or kana character */
    STELE_TOKEN_PREFIX = 2  /* in documents, after a word of more than
                               STELE_TOKEN_PREFIX_CHARS characters:
                               STELE_TOKEN_PREFIX_MARK and the word's
                               first STELE_TOKEN_PREFIX_CHARS, at the
                               word's position (FTS5_TOKEN_COLOCATED), so
                               that a prefix query of that length is one
                               term */
};

/** The length, in characters, of the prefixes indexed as terms, and the
 *  byte that starts such a term (a control character, never part of a
 *  word). */
#define STELE_TOKEN_PREFIX_CHARS 2
#define STELE_TOKEN_PREFIX_MARK '\x01'

/** Bytes of the first STELE_TOKEN_PREFIX_CHARS characters of a
 *  normalised token, or 0 when it is shorter. */
size_t stele__token_prefix_bytes(const char *token, size_t length);

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
