/*
 * store/sqlite_fts.c - stele's tokenizer, registered with FTS5.
 *
 * FTS5 finds tokenizers by name on each connection, so every connection
 * that touches segments_fts (readers included: queries are tokenised too)
 * registers "stele" when it opens. The fts5_api comes from
 * "SELECT fts5(?1)" with a bound pointer, the documented way. Each FTS5
 * tokenizer instance owns one stele_tokenizer (one ICU break iterator and
 * its buffers), so nothing is allocated per text.
 *
 * Options: tokenize='stele [LOCALE]' selects ICU's word rules (root by
 * default; the word rules differ little between locales).
 *
 * The same registration adds the auxiliary function stele_rank, bm25 as
 * FTS5's own bm25() computes it (k1 = 1.2, b = 0.75, on the text column
 * only), except that the document frequency of each phrase is passed in
 * (a blob of int64, one per phrase) instead of being counted. FTS5's
 * bm25() counts it by walking the phrase's whole posting list on the
 * first row, which for a word found in half a million sentences costs
 * more than the rest of the search; sqlite_search.c counts up to a cap
 * instead, and only when the query has several phrases (one phrase's
 * IDF scales every score alike and cannot change the order).
 */
#include "sqlite_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int fts_create(void *ctx, const char **args, int nargs,
                      Fts5Tokenizer **out)
{
    stele_tokenizer *tk = NULL;

    (void)ctx;
    if (stele__tokenizer_open(&tk, nargs > 0 ? args[0] : NULL, NULL) != 0)
        return SQLITE_ERROR;
    *out = (Fts5Tokenizer *)tk;
    return SQLITE_OK;
}

static void fts_delete(Fts5Tokenizer *tokenizer)
{
    stele__tokenizer_close((stele_tokenizer *)tokenizer);
}

typedef struct fts_call {
    void *ctx;
    int (*token)(void *ctx, int flags, const char *token, int length,
                 int start, int end);
} fts_call;

static int fts_token(void *payload, const char *token, size_t length,
                     size_t start, size_t end, int kind)
{
    fts_call *call = payload;
    int rc = call->token(call->ctx, 0, token, (int)length, (int)start,
                         (int)end);

    (void)kind;

    /* Nonzero stops the tokenizer; keep SQLite's code apart from ours. */
    return rc == SQLITE_OK ? 0 : rc;
}

static int fts_tokenize(Fts5Tokenizer *tokenizer, void *ctx, int flags,
                        const char *text, int length,
                        int (*token)(void *, int, const char *, int, int,
                                     int))
{
    fts_call call = { ctx, token };
    int rc;

    if (length <= 0)
        return SQLITE_OK;
    rc = stele__tokenize((stele_tokenizer *)tokenizer, text, (size_t)length,
                         (flags & FTS5_TOKENIZE_QUERY)
                             ? STELE_TOKENIZE_QUERY
                             : STELE_TOKENIZE_DOCUMENT,
                         fts_token, &call);
    if (rc > 0)
        return rc;
    if (rc == STELE_ENOMEM)
        return SQLITE_NOMEM;
    return rc == 0 ? SQLITE_OK : SQLITE_ERROR;
}

/* What stele_rank computes once per query. */
typedef struct rank_data {
    double avgdl;  /* mean tokens per text */
    int nphrase;
    double idf[];  /* per phrase */
} rank_data;

static rank_data *rank_setup(const Fts5ExtensionApi *api, Fts5Context *fts,
                             sqlite3_value *dfs)
{
    int nphrase = api->xPhraseCount(fts);
    rank_data *d = sqlite3_malloc64(sizeof *d +
                                    (size_t)(nphrase > 0 ? nphrase : 1) *
                                        sizeof(double));
    sqlite3_int64 rows = 0, tokens = 0;
    const unsigned char *blob = NULL;
    int nblob = 0;

    if (d == NULL)
        return NULL;
    api->xRowCount(fts, &rows);
    api->xColumnTotalSize(fts, 0, &tokens);
    d->avgdl = rows > 0 && tokens > 0 ? (double)tokens / (double)rows : 1.0;
    d->nphrase = nphrase;
    if (dfs != NULL && sqlite3_value_type(dfs) == SQLITE_BLOB) {
        blob = sqlite3_value_blob(dfs);
        nblob = sqlite3_value_bytes(dfs) / (int)sizeof(int64_t);
    }
    for (int i = 0; i < nphrase; i++) {
        int64_t df = 0;
        double idf = 1.0;

        if (blob != NULL && i < nblob) {
            memcpy(&df, blob + (size_t)i * sizeof df, sizeof df);
            /* FTS5's bm25: log((N - n + 0.5) / (n + 0.5)), kept above
             * zero so that a word in most texts still counts a little. */
            idf = log(((double)rows - (double)df + 0.5) /
                      ((double)df + 0.5));
            if (idf <= 0.0)
                idf = 1e-6;
        }
        d->idf[i] = idf;
    }
    return d;
}

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
                    sqlite3_context *ctx, int nval, sqlite3_value **vals)
{
    const double k1 = 1.2, b = 0.75;
    rank_data *d = api->xGetAuxdata(fts, 0);
    int ninst = 0, length = 0, rc;
    double score = 0.0;
    int tf_small[16];
    int *tf = tf_small;

    if (d == NULL) {
        d = rank_setup(api, fts, nval > 0 ? vals[0] : NULL);
        if (d == NULL || api->xSetAuxdata(fts, d, sqlite3_free) != SQLITE_OK) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
    }
    if (d->nphrase > 16) {
        tf = sqlite3_malloc64((size_t)d->nphrase * sizeof *tf);
        if (tf == NULL) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
    }
    memset(tf, 0, (size_t)(d->nphrase > 0 ? d->nphrase : 1) * sizeof *tf);
    rc = api->xInstCount(fts, &ninst);
    for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
        int phrase, column, offset;

        rc = api->xInst(fts, i, &phrase, &column, &offset);
        if (rc == SQLITE_OK && column == 0 && phrase >= 0 &&
            phrase < d->nphrase)
            tf[phrase]++;
    }
    if (rc == SQLITE_OK)
        rc = api->xColumnSize(fts, 0, &length);
    for (int i = 0; rc == SQLITE_OK && i < d->nphrase; i++)
        if (tf[i] > 0)
            score += d->idf[i] * (tf[i] * (k1 + 1.0)) /
                     (tf[i] + k1 * (1.0 - b + b * length / d->avgdl));
    if (tf != tf_small)
        sqlite3_free(tf);
    if (rc != SQLITE_OK)
        sqlite3_result_error_code(ctx, rc);
    else
        sqlite3_result_double(ctx, score);
}

int stele__sqlite_register_tokenizer(sqlite3 *db)
{
    static fts5_tokenizer methods = { fts_create, fts_delete, fts_tokenize };
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);

    if (rc == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(st);
        rc = sqlite3_finalize(st);
    }
    if (rc != SQLITE_OK)
        return rc;
    if (api == NULL || api->iVersion < 2)
        return SQLITE_ERROR;
    rc = api->xCreateTokenizer(api, "stele", NULL, &methods, NULL);
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, "stele_rank", NULL, rank_fn, NULL);
    return rc;
}
