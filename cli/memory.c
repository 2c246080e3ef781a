/*
 * cli/memory.c - opening the translation memory (see memory.h).
 */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"
#include "memory.h"

#include <stdio.h>
#include <sys/stat.h>

int cli_open_memory_readonly(const char *db_option, stele_store **out,
                             char *path, size_t size)
{
    char own[1024];
    stele_error err;
    stele_store *store = NULL;
    int rc;

    *out = NULL;
    if (path == NULL) {
        path = own;
        size = sizeof own;
    }
    stele_error_clear(&err);
    if (cli_store_path(db_option, path, size, 0, &err) != STELE_OK)
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

static int memory_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

int cli_open_memory_writable(const char *db_option, char *path, size_t size,
                             stele_store **out, int *created)
{
    stele_error err;
    stele_store *store = NULL;
    int rc;

    *out = NULL;
    *created = 0;
    stele_error_clear(&err);
    /* the default location's folders are made; a --db folder is not */
    if (cli_store_path(db_option, path, size, db_option == NULL, &err) < 0)
        return cli_fail(&err);
    *created = !memory_exists(path);
    rc = stele_store_open(&store, path, STELE_STORE_CREATE);
    if (rc != STELE_OK) {
        rc = store != NULL ? cli_fail(stele_store_error(store))
                           : cli_failf("out of memory");
        stele_store_close(store);
        return rc;
    }
    *out = store;
    return CLI_OK;
}

static int count_document(const stele_store_doc *doc, void *payload)
{
    (void)doc;
    (*(size_t *)payload)++;
    return 1; /* one is enough */
}

void cli_memory_close_failed(stele_store *store, const char *path,
                             int created)
{
    size_t docs = 0;
    int empty;

    if (store == NULL)
        return;
    empty = created && stele_store_docs_each(store, count_document,
                                             &docs) >= 0 && docs == 0;
    stele_store_close(store);
    if (empty) {
        stele_error err;
        /* best effort: the failure that brought us here is the one the
         * user hears of */
        (void)stele_store_remove(path, &err);
    }
}
