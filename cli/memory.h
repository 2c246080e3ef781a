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
 * the exit status returned (CLI_FAILURE); *out is NULL then. */
int cli_open_memory_readonly(const char *db_option, stele_store **out);

#endif /* STELE_CLI_MEMORY_H */
