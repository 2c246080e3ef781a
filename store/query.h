/*
 * store/query.h - a search query, parsed in stele's terms.
 *
 * Internal to libstele. The user's query is parsed here, not by the
 * backend: errors can then be told in the user's terms, the backend
 * renders the parsed form in its own syntax (FTS5 for SQLite) with every
 * word quoted, and the same parsed terms drive highlighting.
 */
#ifndef STELE_STORE_QUERY_H
#define STELE_STORE_QUERY_H

#include <stddef.h>

#include "stele/error.h"
#include "stele/search.h"

#include "tokenize.h"
#include "../util/arena.h"

/* The longest query accepted, in bytes. */
#define STELE_QUERY_MAX 16384
/* The most words a query may hold, once repeated terms are dropped:
 * each costs a walk of its posting list (a phrase of 1,000 common words
 * took ten seconds on a memory of 200,000 units), so a pasted page
 * must not become a search that runs for minutes. A quotation of a
 * long sentence fits. */
#define STELE_QUERY_MAX_WORDS 64
/* The deepest nesting of parentheses accepted. */
#define STELE_QUERY_MAX_DEPTH 16

typedef enum stele_query_kind {
    STELE_QUERY_TERM,  /* a word or a phrase */
    STELE_QUERY_AND,
    STELE_QUERY_OR,
    STELE_QUERY_NOT,
    STELE_QUERY_OPEN,  /* ( */
    STELE_QUERY_CLOSE  /* ) */
} stele_query_kind;

typedef struct stele_query_token {
    const char *text;  /* normalised, NUL-terminated; in the arena */
    size_t length;
    int kind;          /* STELE_TOKEN_* */
} stele_query_token;

typedef struct stele_query_item {
    stele_query_kind kind;
    const char *text;          /* TERM: the user's words, without quotes;
                                  NUL-terminated, in the arena */
    int prefix;                /* TERM: its last word is a prefix */
    int negated;               /* TERM: under a NOT (not highlighted) */
    stele_query_token *tokens; /* TERM: its words as the index has them */
    size_t ntokens;
} stele_query_item;

typedef struct stele_query {
    stele_arena arena;       /* items, texts and tokens */
    stele_query_item *items; /* in the arena */
    size_t count;
    size_t terms;            /* TERM items */
} stele_query;

/**
 * Parse @p text: bare words (all must match), phrases in "", «» or “”,
 * prefixes (word*), AND, OR, NOT and parentheses. Terms without any word
 * (punctuation) are dropped, and so are repeated terms of a query that
 * only ANDs or only ORs (the same search, in less time). A query must be
 * UTF-8, of at most STELE_QUERY_MAX bytes and STELE_QUERY_MAX_WORDS
 * words, nested at most STELE_QUERY_MAX_DEPTH deep.
 * @return 0, or STELE_EQUERY with a message in the user's terms in
 *         @p err, or STELE_ENOMEM.
 * Ownership: *out is freed with stele__query_free(); NULL on failure.
 */
int stele__query_parse(stele_query **out, stele_tokenizer *tk,
                       const char *text, stele_error *err);

void stele__query_free(stele_query *query);

/**
 * The byte spans of @p text (a hit) that the query's terms matched:
 * consecutive words equal to a term's words. Sorted, overlaps merged.
 * Ownership: *spans is malloc'ed (grown from *cap); the caller frees it.
 */
int stele__query_spans(const stele_query *query, stele_tokenizer *tk,
                       const char *text, size_t length,
                       stele_search_span **spans, size_t *nspans,
                       size_t *cap);

#endif /* STELE_STORE_QUERY_H */
