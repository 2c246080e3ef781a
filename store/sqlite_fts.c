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
 */
#include "sqlite_internal.h"

#include <stdlib.h>

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
    int rc = call->token(call->ctx,
                         kind == STELE_TOKEN_CJK_LAST ? FTS5_TOKEN_COLOCATED
                                                      : 0,
                         token, (int)length, (int)start, (int)end);

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
    return api->xCreateTokenizer(api, "stele", NULL, &methods, NULL);
}
