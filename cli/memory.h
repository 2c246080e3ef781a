/*
 * cli/memory.h - opening the translation memory from a subcommand.
 *
 * The store's location comes from --db, else $STELE_DB, else the XDG
 * default (cli_store_path). Commands that only read open it read-only
 * and never create it: a missing store is reported as
 *   stele: PATH: no translation memory here (run 'stele align' or
 *   'stele import' first)
 */
#ifndef STELE_CLI_MEMORY_H
#define STELE_CLI_MEMORY_H

#include <stele.h>

/* Open the memory for reading. On failure the message is printed and
 * the exit status returned (CLI_FAILURE); *out is NULL then. The
 * memory's location goes to @p path (@p size bytes) unless it is NULL. */
int cli_open_memory_readonly(const char *db_option, stele_store **out,
                             char *path, size_t size);

/* Open the memory for writing, creating it (and, at the default
 * location, its folders) if absent; its location goes to @p path, and
 * *created says whether this call made the file, for
 * cli_memory_close_failed. On failure the message is printed and the
 * exit status returned; *out is NULL then. */
int cli_open_memory_writable(const char *db_option, char *path, size_t size,
                             stele_store **out, int *created);

/* Close @p store after a failed write. When the command created the
 * file (@p created) and the failed transaction left it without any
 * document, the file and its -wal and -shm companions are removed, so
 * that a failed first "stele import" or "stele align" leaves nothing
 * behind. A store another process has written into meanwhile is kept. */
void cli_memory_close_failed(stele_store *store, const char *path,
                             int created);

#endif /* STELE_CLI_MEMORY_H */
