/*
 * cli/memory.c - opening the translation memory (see memory.h).
 */
#include "cli.h"
#include "memory.h"

int cli_open_memory_readonly(const char *db_option, stele_store **out)
{
    char path[1024];
    stele_error err;
    stele_store *store = NULL;
    int rc;

    *out = NULL;
    stele_error_clear(&err);
    if (cli_store_path(db_option, path, sizeof path, 0, &err) != STELE_OK)
        return cli_fail(&err);
    rc = stele_store_open(&store, path, STELE_STORE_READONLY);
    if (rc == STELE_ENOTFOUND) {
        stele_store_close(store);
        return cli_failf("%s: no translation memory here (run 'stele "
                         "align' or 'stele import' first)", path);
    }
    if (rc != STELE_OK) {
        rc = cli_fail(stele_store_error(store));
        stele_store_close(store);
        return rc;
    }
    *out = store;
    return CLI_OK;
}
