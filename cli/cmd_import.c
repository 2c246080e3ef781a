/*
 * cli/cmd_import.c - "stele import": a TMX file into the translation
 * memory.
 */
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "memory.h"
#include "progress.h"

const char cmd_import_usage[] =
    "usage: stele import [--db PATH] [--title TITLE] [--tag FROM=TO]...\n"
    "                    [-q|--quiet] [-v|--verbose] FILE.tmx\n"
    "\n"
    "Read a TMX file (TMX 1.1 to 1.4b, from stele or another tool) into\n"
    "the translation memory, in one transaction: if anything in the file\n"
    "is wrong, nothing of it is stored, and the error names the line.\n"
    "Inline markup is reduced to the text a reader sees; language tags\n"
    "are normalised (EN-US, en_us -> en-US); units the memory holds\n"
    "already are merged. '-' reads standard input.\n"
    "\n"
    "  --db PATH        the translation memory (default: $STELE_DB, else\n"
    "                   $XDG_DATA_HOME/stele/stele.db); created if absent\n"
    "  --title TITLE    document title for units that name none (default:\n"
    "                   the file's name)\n"
    "  --tag FROM=TO    store language TO of the file as FROM (repeatable),\n"
    "                   the mapping of 'stele export' read backwards; zh-CN\n"
    "                   is stored as zh unless mapped otherwise\n"
    "  -q, --quiet      no progress bar and no summary line\n"
    "  -v, --verbose    print how long the import took\n"
    "\n"
    "Units exported by stele return to their documents (title and\n"
    "languages); other units go to one document per title and language\n"
    "set. What was read, added and merged goes to standard error.\n";

#define MAX_TAGS 64

int cmd_import(int argc, char **argv)
{
    const char *db = NULL, *title = NULL, *file = NULL, *value = NULL;
    const char *tags[MAX_TAGS];
    stele_tmx_import_options opts = STELE_TMX_IMPORT_OPTIONS_INIT;
    stele_tmx_import_stats stats;
    stele_store *store = NULL;
    stele_error err;
    char path[4096];
    size_t ntags = 0;
    cli_progress bar;
    cli_args args;
    int rc, created;

    cli_args_init(&args, argc, argv);
    while (cli_args_next(&args)) {
        if (cli_progress_option(&args) ||
            cli_args_value(&args, "--db", NULL, &db) ||
            cli_args_value(&args, "--title", NULL, &title))
            continue;
        if (cli_args_value(&args, "--tag", NULL, &value)) {
            if (cli_add_tag_mapping("import", value, tags, &ntags, MAX_TAGS) !=
                CLI_OK)
                return CLI_USAGE;
            continue;
        }
        if (args.positional) {
            if (file != NULL)
                return cli_usage_error("import", "one TMX file at a time");
            file = args.arg;
            continue;
        }
        cli_args_unknown(&args);
    }
    if (args.error)
        return CLI_USAGE;
    if (file == NULL)
        return cli_usage_error("import", "no TMX file given");
    if (title != NULL && title[0] == '\0')
        return cli_usage_error("import", "--title needs a title");
    opts.title = title;
    opts.tag_map = tags;
    opts.ntag_map = ntags;

    /* Before the memory is opened, which may create it. */
    if (strcmp(file, "-") != 0) {
        FILE *fp = fopen(file, "rb");

        if (fp == NULL)
            return cli_failf("%s: cannot open: %s", file, strerror(errno));
        fclose(fp);
    }
    rc = cli_open_memory_writable(db, path, sizeof path, &store, &created);
    if (rc != CLI_OK)
        return rc;
    stele_error_clear(&err);
    /* over the bytes of the file, which the reader reports */
    cli_progress_start(&bar, "importing", "B", cli_input_size(file));
    opts.progress = cli_progress_steps;
    opts.progress_payload = &bar;
    rc = stele_tmx_import(store, file, &opts, &stats, &err);
    cli_progress_finish(&bar);
    if (rc != STELE_OK) {
        rc = cli_fail(&err);
        cli_memory_close_failed(store, path, created);
        return rc;
    }
    stele_store_close(store);
    if (!cli_progress_quiet())
        fprintf(stderr, "stele: imported %s: %zu unit%s read, %zu added, %zu "
            "merged, %zu new document%s in %s\n",
            strcmp(file, "-") == 0 ? "standard input" : file, stats.units,
            stats.units == 1 ? "" : "s", stats.added, stats.merged,
            stats.documents_created,
            stats.documents_created == 1 ? "" : "s", path);
    return CLI_OK;
}
