/*
 * store/sqlite_search.c - stele_search on the SQLite backend.
 *
 * The parsed query (query.c) is rendered as an FTS5 expression in which
 * every term is a quoted string: whatever the user typed, FTS5 sees only
 * strings, AND, OR, NOT and parentheses that the parser has checked, so
 * NEAR, column filters or stray quotes cannot reach its parser. The
 * expression is bound as a parameter, never pasted into SQL.
 *
 * A language filter is arithmetic on the rowids FTS5 returns (sentence
 * ids carry their language, see sqlite_backend.c): no row is read to
 * reject a sentence of another language. Its weak case is a word common
 * in one language searched in another, where every match is walked
 * (a few tens of milliseconds per million matches).
 *
 * Ranking is bm25 (stele_rank, sqlite_fts.c) over a bounded window of
 * candidates: the newest CANDIDATES matching sentences (rowid order,
 * which FTS5 walks natively and stops early), best first. For every
 * query that matches fewer sentences - nearly all of them in practice -
 * this is exactly bm25 over all matches. A word found in most sentences
 * of a million-unit memory would otherwise have every match scored and
 * sorted (half a second); with the window it costs a few milliseconds
 * and returns the best of the newest matches. Phrase document
 * frequencies, which bm25 needs only when a query has several phrases,
 * are counted up to DF_CAP, above which a word is simply "common".
 *
 * A unit's hit is its best sentence in that language, so later sentences
 * of a unit already reported are skipped. The hit's text is the unit's sentences of that
 * language joined, and the spans come from re-tokenising it with the
 * same tokenizer (stele__query_spans), so they are byte offsets of
 * exactly the words FTS5 matched.
 */
#include "sqlite_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The language mask in the search's SQL. */
_Static_assert(SEGMENT_LANG_SPAN == 1024, "sentence ids: rowid & 1023");

/* Newest matching sentences ranked per search (at least; 4 x the limit
 * when that is more). */
#define CANDIDATES 2000
/* Document frequencies are counted up to this. */
#define DF_CAP 20000

/* @p text as an FTS5 string: in double quotes, inner quotes doubled. */
static int render_string(text_buf *out, const char *text)
{
    const char *p = text;
    int rc = stele__text_append(out, "\"", 1);

    while (rc == STELE_OK && *p != '\0') {
        const char *quote = strchr(p, '"');
        size_t n = quote != NULL ? (size_t)(quote - p) : strlen(p);

        rc = stele__text_append(out, p, n);
        if (rc == STELE_OK && quote != NULL)
            rc = stele__text_append(out, "\"\"", 2);
        p += n + (quote != NULL);
    }
    if (rc == STELE_OK)
        rc = stele__text_append(out, "\"", 1);
    return rc;
}

static int render_term(const stele_query_item *item, text_buf *out)
{
    int rc = render_string(out, item->text);

    if (rc == STELE_OK && item->prefix)
        rc = stele__text_append(out, "*", 1);
    return rc;
}

/* The query as an FTS5 expression. */
static int render(const stele_query *query, text_buf *out)
{
    int rc = STELE_OK;

    for (size_t i = 0; rc == STELE_OK && i < query->count; i++) {
        const stele_query_item *item = &query->items[i];

        if (i > 0)
            rc = stele__text_append(out, " ", 1);
        /* FTS5 joins adjacent phrases, but a parenthesised group next to
         * an operand needs an explicit AND. */
        if (rc == STELE_OK && i > 0 &&
            (query->items[i - 1].kind == STELE_QUERY_TERM ||
             query->items[i - 1].kind == STELE_QUERY_CLOSE) &&
            (item->kind == STELE_QUERY_TERM ||
             item->kind == STELE_QUERY_OPEN) &&
            (query->items[i - 1].kind == STELE_QUERY_CLOSE ||
             item->kind == STELE_QUERY_OPEN))
            rc = stele__text_append(out, "AND ", 4);
        if (rc != STELE_OK)
            break;
        switch (item->kind) {
        case STELE_QUERY_TERM:
            rc = render_term(item, out);
            break;
        case STELE_QUERY_AND:
            rc = stele__text_append(out, "AND", 3);
            break;
        case STELE_QUERY_OR:
            rc = stele__text_append(out, "OR", 2);
            break;
        case STELE_QUERY_NOT:
            rc = stele__text_append(out, "NOT", 3);
            break;
        case STELE_QUERY_OPEN:
            rc = stele__text_append(out, "(", 1);
            break;
        case STELE_QUERY_CLOSE:
            rc = stele__text_append(out, ")", 1);
            break;
        }
    }
    return rc;
}

/* Units (and languages) reported so far: unit id * 64 + language. */
typedef struct seen_set {
    uint64_t *keys; /* 0: free */
    size_t count, cap;
} seen_set;

/* 1 if key was there, 0 if added, STELE_ENOMEM. */
static int seen_add(seen_set *s, uint64_t key)
{
    size_t j;

    if ((s->count + 1) * 2 > s->cap) {
        size_t cap = s->cap == 0 ? 64 : s->cap * 2;
        uint64_t *keys = calloc(cap, sizeof *keys);

        if (keys == NULL)
            return STELE_ENOMEM;
        for (size_t i = 0; i < s->cap; i++) {
            if (s->keys[i] == 0)
                continue;
            for (j = (s->keys[i] * 0x9E3779B97F4A7C15u) >> 40 & (cap - 1);
                 keys[j] != 0; j = (j + 1) & (cap - 1))
                ;
            keys[j] = s->keys[i];
        }
        free(s->keys);
        s->keys = keys;
        s->cap = cap;
    }
    for (j = (key * 0x9E3779B97F4A7C15u) >> 40 & (s->cap - 1);
         s->keys[j] != 0; j = (j + 1) & (s->cap - 1))
        if (s->keys[j] == key)
            return 1;
    s->keys[j] = key;
    s->count++;
    return 0;
}

typedef struct search_state {
    text_buf fts;                          /* the FTS5 expression */
    text_buf title;
    char langs_text[STELE_STORE_MAX_LANGS * 16];
    const char *langs[STELE_STORE_MAX_LANGS];
    size_t nlangs;
    text_buf texts[STELE_STORE_MAX_LANGS]; /* the unit, per language */
    int present[STELE_STORE_MAX_LANGS];
    const char *other_langs[STELE_STORE_MAX_LANGS];
    const char *other_texts[STELE_STORE_MAX_LANGS];
    stele_search_span *spans;
    size_t nspans, spans_cap;
    seen_set seen;
} search_state;

static void state_free(search_state *s)
{
    free(s->fts.data);
    free(s->title.data);
    for (size_t k = 0; k < STELE_STORE_MAX_LANGS; k++)
        free(s->texts[k].data);
    free(s->spans);
    free(s->seen.keys);
    free(s);
}

/* Read the unit of segment @p segment_id into the state and fill @p hit
 * (all but spans). *skip is set when the unit was reported already. */
static int load_hit(stele_store *store, search_state *s, int64_t segment_id,
                    stele_search_hit *hit, int *skip)
{
    sqlite3_stmt *st = stele__sqlite_statement(store, S_HIT_SEGMENT);
    const char *text;
    int hit_lang = -1;
    size_t n = 0;
    int rc;

    *skip = 0;
    if (st == NULL)
        return store->error.code;
    sqlite3_bind_int64(st, 1, segment_id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        /* The index names a sentence that is gone: a damaged index. */
        return stele__sqlite_fail(store, rc == SQLITE_DONE ? SQLITE_CORRUPT
                                                           : rc,
                                  "reading a hit");
    }
    hit->unit_id = sqlite3_column_int64(st, 0);
    hit->doc_id = sqlite3_column_int64(st, 2);
    hit->confidence = sqlite3_column_double(st, 3);
    text = (const char *)sqlite3_column_text(st, 4);
    s->title.length = 0;
    rc = stele__text_append(&s->title, text != NULL ? text : "",
                            text != NULL ? strlen(text) : 0);
    text = (const char *)sqlite3_column_text(st, 5);
    snprintf(s->langs_text, sizeof s->langs_text, "%s",
             text != NULL ? text : "");
    text = (const char *)sqlite3_column_text(st, 1);
    s->nlangs = 0;
    {
        char *p = s->langs_text;

        while (s->nlangs < STELE_STORE_MAX_LANGS) {
            char *comma = strchr(p, ',');

            if (comma != NULL)
                *comma = '\0';
            if (text != NULL && strcmp(p, text) == 0)
                hit_lang = (int)s->nlangs;
            s->langs[s->nlangs++] = p;
            if (comma == NULL)
                break;
            p = comma + 1;
        }
    }
    sqlite3_reset(st);
    if (rc != STELE_OK)
        return stele_error_set(&store->error, rc, NULL, 0, -1,
                               "out of memory");
    if (hit_lang < 0)
        return stele__sqlite_fail(store, SQLITE_CORRUPT, "reading a hit");
    rc = seen_add(&s->seen, (uint64_t)hit->unit_id * 64 + (uint64_t)hit_lang);
    if (rc != 0) {
        *skip = rc == 1;
        return rc == 1 ? STELE_OK
                       : stele_error_set(&store->error, STELE_ENOMEM, NULL,
                                         0, -1, "out of memory");
    }

    for (size_t k = 0; k < s->nlangs; k++) {
        s->present[k] = 0;
        s->texts[k].length = 0;
    }
    st = stele__sqlite_statement(store, S_UNIT_SEGMENTS);
    if (st == NULL)
        return store->error.code;
    sqlite3_bind_int64(st, 1, hit->unit_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *lang = (const char *)sqlite3_column_text(st, 0);
        const char *sentence = (const char *)sqlite3_column_text(st, 1);
        size_t k;
        int err = STELE_OK;

        for (k = 0; k < s->nlangs; k++)
            if (lang != NULL && strcmp(s->langs[k], lang) == 0)
                break;
        if (k == s->nlangs || sentence == NULL)
            continue;
        if (s->present[k])
            err = stele__text_append(&s->texts[k], stele__lang_joiner(lang),
                                     strlen(stele__lang_joiner(lang)));
        if (err == STELE_OK)
            err = stele__text_append(&s->texts[k], sentence,
                                     (size_t)sqlite3_column_bytes(st, 1));
        if (err != STELE_OK) {
            sqlite3_reset(st);
            return stele_error_set(&store->error, err, NULL, 0, -1,
                                   "out of memory");
        }
        s->present[k] = 1;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return stele__sqlite_fail(store, rc, "reading a hit");

    hit->title = s->title.data;
    hit->lang = s->langs[hit_lang];
    hit->text = s->present[hit_lang] ? s->texts[hit_lang].data : "";
    for (size_t k = 0; k < s->nlangs; k++) {
        if ((int)k == hit_lang || !s->present[k])
            continue;
        s->other_langs[n] = s->langs[k];
        s->other_texts[n++] = s->texts[k].data;
    }
    hit->nother = n;
    hit->other_langs = s->other_langs;
    hit->other_texts = s->other_texts;
    return STELE_OK;
}

/* A failed FTS5 statement: a query FTS5 refused (which the parser should
 * have caught) is told in the user's terms, never in SQL's. */
static int search_fail(stele_store *store, int rc)
{
    if ((rc & 0xFF) == SQLITE_ERROR)
        return stele_error_set(&store->error, STELE_EQUERY, NULL, 0, -1,
                               "the query could not be understood");
    return stele__sqlite_fail(store, rc, "searching");
}

/* The document frequency of every phrase of @p query (in FTS5's phrase
 * order: terms as they appear), counted up to DF_CAP, as a blob for
 * stele_rank. Only for queries of two phrases or more; negated phrases
 * are never in a hit and are left at 0. */
static int count_phrases(stele_store *store, const stele_query *query,
                         int64_t **dfs, size_t *ndfs)
{
    sqlite3_stmt *st = NULL;
    text_buf phrase = { NULL, 0, 0 };
    size_t n = 0;
    int rc;

    *dfs = NULL;
    *ndfs = 0;
    if (query->terms < 2)
        return STELE_OK;
    *dfs = calloc(query->terms, sizeof **dfs);
    if (*dfs == NULL)
        return stele_error_set(&store->error, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    rc = sqlite3_prepare_v2(sqlite_of(store)->db,
                            "SELECT count(*) FROM (SELECT 1 FROM "
                            "segments_fts WHERE segments_fts MATCH ?1 "
                            "LIMIT ?2)",
                            -1, &st, NULL);
    if (rc != SQLITE_OK) {
        rc = stele__sqlite_fail(store, rc, "searching");
        goto done;
    }
    for (size_t i = 0; i < query->count; i++) {
        const stele_query_item *item = &query->items[i];

        if (item->kind != STELE_QUERY_TERM)
            continue;
        if (!item->negated) {
            phrase.length = 0;
            rc = render_term(item, &phrase);
            if (rc != STELE_OK) {
                rc = stele_error_set(&store->error, rc, NULL, 0, -1,
                                     "out of memory");
                goto done;
            }
            sqlite3_bind_text(st, 1, phrase.data, (int)phrase.length,
                              SQLITE_STATIC);
            sqlite3_bind_int(st, 2, DF_CAP);
            rc = sqlite3_step(st);
            if (rc == SQLITE_ROW)
                (*dfs)[n] = sqlite3_column_int64(st, 0);
            sqlite3_reset(st);
            if (rc != SQLITE_ROW) {
                rc = search_fail(store, rc);
                goto done;
            }
        }
        if (++n == query->terms)
            break;
    }
    *ndfs = n;
    rc = STELE_OK;
done:
    sqlite3_finalize(st);
    free(phrase.data);
    if (rc != STELE_OK) {
        free(*dfs);
        *dfs = NULL;
    }
    return rc;
}

int stele__sqlite_search(stele_store *store, const stele_query *query,
                         const stele_search_options *opts,
                         stele_search_fn fn, void *payload)
{
    search_state *s = calloc(1, sizeof *s);
    sqlite3_stmt *st = NULL;
    stele_tokenizer *tk;
    int64_t *dfs = NULL, lang_id = 0;
    size_t ndfs = 0, reported = 0;
    size_t window = opts->limit <= CANDIDATES / 4 ? CANDIDATES
                                                  : opts->limit * 4;
    int rc;

    if (s == NULL)
        return stele_error_set(&store->error, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    rc = stele__store_tokenizer(store, &tk);
    if (rc == STELE_OK && render(query, &s->fts) != STELE_OK)
        rc = stele_error_set(&store->error, STELE_ENOMEM, NULL, 0, -1,
                             "out of memory");
    if (rc == STELE_OK && opts->lang != NULL) {
        rc = stele__sqlite_lang_id(store, opts->lang, 0, &lang_id);
        if (rc == STELE_OK && lang_id == 0)
            goto done; /* no sentence in that language */
    }
    if (rc == STELE_OK)
        rc = count_phrases(store, query, &dfs, &ndfs);
    if (rc != STELE_OK)
        goto done;
    /* Prepared per call, not cached: fn may search again. */
    rc = sqlite3_prepare_v2(
        sqlite_of(store)->db,
        lang_id > 0
            ? "SELECT id, score FROM (SELECT rowid AS id, "
              "stele_rank(segments_fts, ?2) AS score FROM segments_fts "
              "WHERE segments_fts MATCH ?1 AND (rowid & 1023) = ?4 "
              "ORDER BY rowid DESC LIMIT ?3) ORDER BY score DESC, id DESC"
            : "SELECT id, score FROM (SELECT rowid AS id, "
              "stele_rank(segments_fts, ?2) AS score FROM segments_fts "
              "WHERE segments_fts MATCH ?1 "
              "ORDER BY rowid DESC LIMIT ?3) ORDER BY score DESC, id DESC",
        -1, &st, NULL);
    if (rc != SQLITE_OK) {
        rc = stele__sqlite_fail(store, rc, "searching");
        goto done;
    }
    sqlite3_bind_text(st, 1, s->fts.data, (int)s->fts.length,
                      SQLITE_STATIC);
    if (ndfs > 0)
        sqlite3_bind_blob(st, 2, dfs, (int)(ndfs * sizeof *dfs),
                          SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, window > INT64_MAX ? INT64_MAX
                                                 : (int64_t)window);
    if (lang_id > 0)
        sqlite3_bind_int64(st, 4, lang_id);
    while (reported < opts->limit) {
        stele_search_hit hit;
        int skip;
        int step = sqlite3_step(st);

        if (step == SQLITE_DONE) {
            rc = STELE_OK;
            break;
        }
        if (step != SQLITE_ROW) {
            rc = search_fail(store, step);
            break;
        }
        memset(&hit, 0, sizeof hit);
        hit.score = sqlite3_column_double(st, 1);
        rc = load_hit(store, s, sqlite3_column_int64(st, 0), &hit, &skip);
        if (rc != STELE_OK)
            break;
        if (skip)
            continue;
        rc = stele__query_spans(query, tk, hit.text, strlen(hit.text),
                                &s->spans, &s->nspans, &s->spans_cap);
        if (rc != STELE_OK) {
            stele_error_set(&store->error, rc, NULL, 0, -1,
                            "cannot highlight a hit");
            break;
        }
        hit.spans = s->spans;
        hit.nspans = s->nspans;
        reported++;
        rc = fn(&hit, payload);
        if (rc != 0)
            break;
    }
done:
    sqlite3_finalize(st);
    free(dfs);
    state_free(s);
    return rc;
}
