/*
 * store/query.c - parsing search queries, and finding what they matched.
 *
 * The grammar is FTS5's, reduced to what people type: words, phrases in
 * straight or typographic quotes ("", «», “”, „“), word* for a prefix,
 * AND, OR, NOT (upper case, as in FTS5) and parentheses. Everything else
 * is text: "NEAR", "text:foo", "{a b}", "^x" are searched as words, since
 * the backend gets each term quoted. Errors are found here, before any
 * SQL runs, and are told in the user's terms.
 */
#include "query.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

/* Bytes of the whitespace character at p (ASCII, NBSP, U+2000-U+200B,
 * U+202F, U+205F, U+3000), or 0. */
static size_t space_at(const unsigned char *p)
{
    if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
        return 1;
    if (p[0] == 0xC2 && p[1] == 0xA0)
        return 2;
    if (p[0] == 0xE2 && p[1] == 0x80 &&
        ((p[2] >= 0x80 && p[2] <= 0x8B) || p[2] == 0xAF))
        return 3;
    if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F)
        return 3;
    if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
        return 3;
    return 0;
}

/* An opening quote at p: its length, and the closing quotes it accepts. */
static size_t quote_open_at(const char *p, const char **close1,
                            const char **close2)
{
    if (p[0] == '"') {
        *close1 = *close2 = "\"";
        return 1;
    }
    if (strncmp(p, "\xC2\xAB", 2) == 0) { /* « */
        *close1 = *close2 = "\xC2\xBB";
        return 2;
    }
    if (strncmp(p, "\xE2\x80\x9C", 3) == 0) { /* “ */
        *close1 = *close2 = "\xE2\x80\x9D";
        return 3;
    }
    if (strncmp(p, "\xE2\x80\x9E", 3) == 0) { /* „ */
        *close1 = "\xE2\x80\x9C";
        *close2 = "\xE2\x80\x9D";
        return 3;
    }
    return 0;
}

/* A closing quote with no opening one is punctuation: » ” */
static size_t stray_close_at(const char *p)
{
    if (strncmp(p, "\xC2\xBB", 2) == 0)
        return 2;
    if (strncmp(p, "\xE2\x80\x9D", 3) == 0)
        return 3;
    return 0;
}

static int add_item(stele_query *q, size_t *cap, stele_query_kind kind,
                    const char *text, size_t length, int prefix)
{
    stele_query_item *item;

    if (q->count == *cap) {
        size_t n = *cap == 0 ? 16 : *cap * 2;
        stele_query_item *grown = realloc(q->items, n * sizeof *grown);
        if (grown == NULL)
            return STELE_ENOMEM;
        q->items = grown;
        *cap = n;
    }
    item = &q->items[q->count];
    memset(item, 0, sizeof *item);
    item->kind = kind;
    item->prefix = prefix;
    if (text != NULL) {
        item->text = stele_arena_strndup(&q->arena, text, length);
        if (item->text == NULL)
            return STELE_ENOMEM;
    }
    q->count++;
    return STELE_OK;
}

typedef struct token_list {
    stele_query *query;
    stele_query_token *tokens; /* malloc'ed while collecting */
    size_t count;
    size_t cap;
} token_list;

static int collect_token(void *payload, const char *token, size_t length,
                         size_t start, size_t end, int kind)
{
    token_list *list = payload;
    stele_query_token *t;

    (void)start;
    (void)end;
    if (list->count == list->cap) {
        size_t n = list->cap == 0 ? 8 : list->cap * 2;
        stele_query_token *grown = realloc(list->tokens, n * sizeof *grown);
        if (grown == NULL)
            return STELE_ENOMEM;
        list->tokens = grown;
        list->cap = n;
    }
    t = &list->tokens[list->count];
    t->text = stele_arena_strndup(&list->query->arena, token, length);
    if (t->text == NULL)
        return STELE_ENOMEM;
    t->length = length;
    t->kind = kind;
    list->count++;
    return 0;
}

/* Tokenise every term; drop the terms that hold no word. */
static int tokenize_terms(stele_query *q, stele_tokenizer *tk)
{
    size_t kept = 0;

    for (size_t i = 0; i < q->count; i++) {
        stele_query_item *item = &q->items[i];
        token_list list = { q, NULL, 0, 0 };
        int rc;

        if (item->kind != STELE_QUERY_TERM) {
            q->items[kept++] = *item;
            continue;
        }
        rc = stele__tokenize(tk, item->text, strlen(item->text),
                             STELE_TOKENIZE_QUERY, collect_token, &list);
        if (rc == 0 && list.count > 0) {
            item->tokens = stele_arena_alloc(&q->arena,
                                             list.count * sizeof *list.tokens);
            if (item->tokens == NULL)
                rc = STELE_ENOMEM;
            else
                memcpy(item->tokens, list.tokens,
                       list.count * sizeof *list.tokens);
        }
        free(list.tokens);
        if (rc != 0)
            return rc < 0 ? rc : STELE_EINTERNAL;
        if (list.count == 0)
            continue;
        item->ntokens = list.count;
        /* A Han or kana character is a term of its own: as a prefix
         * ("X*") it can only find itself. */
        if (item->tokens[list.count - 1].kind == STELE_TOKEN_CJK)
            item->prefix = 0;
        q->items[kept++] = *item;
        q->terms++;
    }
    q->count = kept;
    return STELE_OK;
}

static const char *operator_name(stele_query_kind kind)
{
    switch (kind) {
    case STELE_QUERY_AND:
        return "AND";
    case STELE_QUERY_OR:
        return "OR";
    default:
        return "NOT";
    }
}

/* The structure must be one FTS5 accepts: operators between operands,
 * parentheses balanced and not empty. Marks the terms under NOT. */
static int check_structure(stele_query *q, stele_error *err)
{
    int depth = 0;
    int negated_depth = -1; /* depth of the group under NOT, or -1 */

    if (q->terms == 0)
        return stele_error_set(err, STELE_EQUERY, NULL, 0, -1,
                               "the query has no words");
    for (size_t i = 0; i < q->count; i++) {
        stele_query_item *item = &q->items[i];
        stele_query_kind prev = i > 0 ? q->items[i - 1].kind
                                      : STELE_QUERY_OPEN;
        stele_query_kind next = i + 1 < q->count ? q->items[i + 1].kind
                                                 : STELE_QUERY_CLOSE;

        switch (item->kind) {
        case STELE_QUERY_TERM:
            item->negated = negated_depth >= 0 || prev == STELE_QUERY_NOT;
            break;
        case STELE_QUERY_AND:
        case STELE_QUERY_OR:
        case STELE_QUERY_NOT:
            if ((prev != STELE_QUERY_TERM && prev != STELE_QUERY_CLOSE) ||
                (next != STELE_QUERY_TERM && next != STELE_QUERY_OPEN))
                return stele_error_set(err, STELE_EQUERY, NULL, 0, -1,
                                       "%s needs words on both sides",
                                       operator_name(item->kind));
            break;
        case STELE_QUERY_OPEN:
            if (next == STELE_QUERY_CLOSE && i + 1 < q->count)
                return stele_error_set(err, STELE_EQUERY, NULL, 0, -1,
                                       "empty parentheses in the query");
            if (prev == STELE_QUERY_NOT && i > 0 && negated_depth < 0)
                negated_depth = depth;
            if (++depth > STELE_QUERY_MAX_DEPTH)
                return stele_error_set(err, STELE_EQUERY, NULL, 0, -1,
                                       "the query nests parentheses more "
                                       "than %d deep",
                                       STELE_QUERY_MAX_DEPTH);
            break;
        case STELE_QUERY_CLOSE:
            if (depth == 0)
                return stele_error_set(err, STELE_EQUERY, NULL, 0, -1,
                                       "unbalanced parenthesis in the "
                                       "query");
            depth--;
            if (depth == negated_depth)
                negated_depth = -1;
            break;
        }
    }
    if (depth != 0)
        return stele_error_set(err, STELE_EQUERY, NULL, 0, -1,
                               "unbalanced parenthesis in the query");
    return STELE_OK;
}

/* The byte offset of the first invalid UTF-8 sequence, or -1. */
static int64_t invalid_utf8_at(const char *text, size_t length)
{
    int32_t i = 0, n = (int32_t)length; /* length <= STELE_QUERY_MAX */

    while (i < n) {
        int32_t at = i;
        UChar32 c;

        U8_NEXT(text, i, n, c);
        if (c < 0)
            return at;
    }
    return -1;
}

static int same_term(const stele_query_item *a, const stele_query_item *b)
{
    if (a->prefix != b->prefix || a->ntokens != b->ntokens)
        return 0;
    for (size_t k = 0; k < a->ntokens; k++)
        if (a->tokens[k].length != b->tokens[k].length ||
            memcmp(a->tokens[k].text, b->tokens[k].text,
                   a->tokens[k].length) != 0)
            return 0;
    return 1;
}

/*
 * "w w w ..." and "w OR w OR ..." search the same as "w", but FTS5 walks
 * each copy, in time that grows with the square of their number. A query
 * made of terms and one kind of operator (implicit or explicit AND, or
 * OR only) keeps each distinct term once; a query that mixes them is
 * left as written. Stops early, with *words past the limit, once the
 * distinct terms hold more than STELE_QUERY_MAX_WORDS words.
 */
static void drop_repeats(stele_query *q, size_t *words)
{
    int and_only = 1, or_only = 1;
    size_t kept = 0;

    *words = 0;
    for (size_t i = 0; i < q->count; i++) {
        stele_query_kind kind = q->items[i].kind;

        if (kind == STELE_QUERY_TERM)
            *words += q->items[i].ntokens;
        else if (kind != STELE_QUERY_AND)
            and_only = 0;
        /* OR only: strictly term, OR, term, OR, ..., term. */
        if ((i % 2 == 0) != (kind == STELE_QUERY_TERM) ||
            (kind != STELE_QUERY_TERM && kind != STELE_QUERY_OR))
            or_only = 0;
    }
    if (!and_only && !or_only)
        return;
    *words = 0;
    for (size_t i = 0; i < q->count; i++) {
        stele_query_item *item = &q->items[i];
        size_t step = and_only ? 1 : 2;
        int seen = 0;

        if (item->kind != STELE_QUERY_TERM)
            continue;
        for (size_t k = 0; k < kept && !seen; k += step)
            seen = same_term(&q->items[k], item);
        if (seen)
            continue;
        if (!and_only && kept > 0)
            q->items[kept++].kind = STELE_QUERY_OR;
        q->items[kept++] = *item;
        *words += item->ntokens;
        if (*words > STELE_QUERY_MAX_WORDS)
            break;
    }
    q->count = kept;
    q->terms = and_only ? kept : (kept + 1) / 2;
}

int stele__query_parse(stele_query **out, stele_tokenizer *tk,
                       const char *text, stele_error *err)
{
    int64_t bad;
    size_t words = 0;
    stele_query *q;
    size_t cap = 0;
    size_t length = strlen(text);
    const char *p = text;
    int rc = STELE_OK;

    *out = NULL;
    if (length > STELE_QUERY_MAX)
        return stele_error_set(err, STELE_EQUERY, NULL, 0, -1,
                               "the query is too long (%zu bytes; at most "
                               "%d)", length, STELE_QUERY_MAX);
    bad = invalid_utf8_at(text, length);
    if (bad >= 0)
        return stele_error_set(err, STELE_EQUERY, NULL, 0, -1,
                               "the query is not valid UTF-8 (at byte %lld)",
                               (long long)bad);
    q = calloc(1, sizeof *q);
    if (q == NULL)
        return stele_error_set(err, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    stele_arena_init(&q->arena, 0);

    while (*p != '\0' && rc == STELE_OK) {
        const char *close1, *close2;
        size_t n;

        if ((n = space_at((const unsigned char *)p)) > 0 ||
            (n = stray_close_at(p)) > 0) {
            p += n;
        } else if (*p == '(' || *p == ')') {
            rc = add_item(q, &cap,
                          *p == '(' ? STELE_QUERY_OPEN : STELE_QUERY_CLOSE,
                          NULL, 0, 0);
            p++;
        } else if ((n = quote_open_at(p, &close1, &close2)) > 0) {
            const char *start = p + n;
            const char *end1 = strstr(start, close1);
            const char *end2 = strstr(start, close2);
            const char *end = end1 == NULL ? end2
                              : end2 == NULL || end1 < end2 ? end1 : end2;
            int prefix = 0;

            if (end == NULL) {
                rc = stele_error_set(err, STELE_EQUERY, NULL, 0, -1,
                                     "unbalanced quote in the query");
                break;
            }
            p = end + (end == end1 ? strlen(close1) : strlen(close2));
            while (*p == '*') {
                prefix = 1;
                p++;
            }
            rc = add_item(q, &cap, STELE_QUERY_TERM, start,
                          (size_t)(end - start), prefix);
        } else {
            const char *start = p;
            size_t len;
            int prefix = 0;

            while (*p != '\0' && *p != '(' && *p != ')' &&
                   space_at((const unsigned char *)p) == 0 &&
                   quote_open_at(p, &close1, &close2) == 0 &&
                   stray_close_at(p) == 0)
                p++;
            len = (size_t)(p - start);
            while (len > 0 && start[len - 1] == '*') {
                prefix = 1;
                len--;
            }
            if (len == 3 && strncmp(start, "AND", 3) == 0)
                rc = add_item(q, &cap, STELE_QUERY_AND, NULL, 0, 0);
            else if (len == 2 && strncmp(start, "OR", 2) == 0)
                rc = add_item(q, &cap, STELE_QUERY_OR, NULL, 0, 0);
            else if (len == 3 && strncmp(start, "NOT", 3) == 0)
                rc = add_item(q, &cap, STELE_QUERY_NOT, NULL, 0, 0);
            else if (len > 0)
                rc = add_item(q, &cap, STELE_QUERY_TERM, start, len, prefix);
        }
    }
    if (rc == STELE_OK)
        rc = tokenize_terms(q, tk);
    if (rc == STELE_OK)
        rc = check_structure(q, err);
    if (rc == STELE_OK) {
        drop_repeats(q, &words);
        if (words > STELE_QUERY_MAX_WORDS)
            rc = stele_error_set(err, STELE_EQUERY, NULL, 0, -1,
                                 "the query has more than %d different "
                                 "words",
                                 STELE_QUERY_MAX_WORDS);
    }
    if (rc != STELE_OK) {
        if (rc == STELE_ENOMEM)
            stele_error_set(err, rc, NULL, 0, -1, "out of memory");
        else if (rc != STELE_EQUERY)
            stele_error_set(err, rc, NULL, 0, -1,
                            "the query could not be split into words");
        stele__query_free(q);
        return rc;
    }
    *out = q;
    return STELE_OK;
}

void stele__query_free(stele_query *query)
{
    if (query == NULL)
        return;
    stele_arena_free(&query->arena);
    free(query->items);
    free(query);
}

/* ------------------------------------------------------------------ */
/* Highlighting                                                        */
/* ------------------------------------------------------------------ */

/* A word of the hit. */
typedef struct hit_token {
    size_t start, end;  /* bytes in the hit's text */
    size_t position;
    size_t offset;      /* normalised text in the pool */
    size_t length;
    int kind;
} hit_token;

typedef struct hit_tokens {
    hit_token *tokens;
    size_t count, cap;
    char *pool;         /* normalised texts, one after another */
    size_t used, pool_cap;
} hit_tokens;

static int collect_hit_token(void *payload, const char *token,
                             size_t length, size_t start, size_t end,
                             int kind)
{
    hit_tokens *h = payload;
    hit_token *t;

    if (h->count == h->cap) {
        size_t n = h->cap == 0 ? 64 : h->cap * 2;
        hit_token *grown = realloc(h->tokens, n * sizeof *grown);
        if (grown == NULL)
            return STELE_ENOMEM;
        h->tokens = grown;
        h->cap = n;
    }
    if (h->used + length > h->pool_cap) {
        size_t n = h->pool_cap == 0 ? 1024 : h->pool_cap;
        char *grown;

        while (n < h->used + length)
            n *= 2;
        grown = realloc(h->pool, n);
        if (grown == NULL)
            return STELE_ENOMEM;
        h->pool = grown;
        h->pool_cap = n;
    }
    memcpy(h->pool + h->used, token, length);
    t = &h->tokens[h->count];
    t->start = start;
    t->end = end;
    t->offset = h->used;
    t->length = length;
    t->kind = kind;
    t->position = h->count == 0 ? 0 : h->tokens[h->count - 1].position + 1;
    h->used += length;
    h->count++;
    return 0;
}

static int token_matches(const hit_tokens *h, const hit_token *t,
                         const stele_query_token *q, int prefix)
{
    if (prefix ? t->length < q->length : t->length != q->length)
        return 0;
    return memcmp(h->pool + t->offset, q->text, q->length) == 0;
}

static int push_span(stele_search_span **spans, size_t *n, size_t *cap,
                     size_t start, size_t end)
{
    if (*n == *cap) {
        size_t c = *cap == 0 ? 8 : *cap * 2;
        stele_search_span *grown = realloc(*spans, c * sizeof *grown);
        if (grown == NULL)
            return STELE_ENOMEM;
        *spans = grown;
        *cap = c;
    }
    (*spans)[*n].start = start;
    (*spans)[*n].end = end;
    (*n)++;
    return STELE_OK;
}

static int span_cmp(const void *a, const void *b)
{
    const stele_search_span *x = a, *y = b;

    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

/* Does the term match starting at token index i? Its end byte in *end. */
static int term_matches_at(const hit_tokens *h, size_t i,
                           const stele_query_item *term, size_t *end)
{
    size_t k = i + 1;

    if (!token_matches(h, &h->tokens[i], &term->tokens[0],
                       term->prefix && term->ntokens == 1))
        return 0;
    *end = h->tokens[i].end;
    for (size_t j = 1; j < term->ntokens; j++) {
        const stele_query_token *q = &term->tokens[j];
        int prefix = term->prefix && j + 1 == term->ntokens;
        size_t want = h->tokens[i].position + j;
        int found = 0;

        /* The token at position want. */
        while (k < h->count && h->tokens[k].position < want)
            k++;
        for (; k < h->count && h->tokens[k].position == want; k++) {
            const hit_token *t = &h->tokens[k];
            if (token_matches(h, t, q, prefix)) {
                *end = t->end;
                found = 1;
                break;
            }
        }
        if (!found)
            return 0;
    }
    return 1;
}

int stele__query_spans(const stele_query *query, stele_tokenizer *tk,
                       const char *text, size_t length,
                       stele_search_span **spans, size_t *nspans,
                       size_t *cap)
{
    hit_tokens h = { NULL, 0, 0, NULL, 0, 0 };
    size_t n = 0;
    int rc;

    *nspans = 0;
    rc = stele__tokenize(tk, text, length, STELE_TOKENIZE_DOCUMENT,
                         collect_hit_token, &h);
    for (size_t i = 0; rc == 0 && i < h.count; i++) {
        for (size_t t = 0; t < query->count; t++) {
            const stele_query_item *term = &query->items[t];
            size_t end;

            if (term->kind != STELE_QUERY_TERM || term->negated)
                continue;
            if (term_matches_at(&h, i, term, &end)) {
                rc = push_span(spans, &n, cap, h.tokens[i].start, end);
                if (rc != 0)
                    break;
            }
        }
    }
    free(h.tokens);
    free(h.pool);
    if (rc != 0)
        return rc < 0 ? rc : STELE_EINTERNAL;
    /* Sort and merge overlaps (the pairs of a Chinese match overlap). */
    if (n > 1) {
        size_t out = 0;

        qsort(*spans, n, sizeof **spans, span_cmp);
        for (size_t i = 1; i < n; i++) {
            if ((*spans)[i].start < (*spans)[out].end) {
                if ((*spans)[i].end > (*spans)[out].end)
                    (*spans)[out].end = (*spans)[i].end;
            } else {
                (*spans)[++out] = (*spans)[i];
            }
        }
        n = out + 1;
    }
    *nspans = n;
    return STELE_OK;
}
