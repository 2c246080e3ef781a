/*
 * cli/cmd_list.c - "stele list": the documents of the translation memory.
 */
#define _POSIX_C_SOURCE 200809L

#include <string.h>
#include <time.h>

#include "cli.h"
#include "json.h"
#include "memory.h"

const char cmd_list_usage[] =
    "usage: stele list [--db PATH] [--format text|json]\n"
    "\n"
    "List the documents of the translation memory: id, title, languages,\n"
    "number of translation units, and when it was added (ISO 8601, UTC).\n"
    "\n"
    "  --db PATH        the translation memory (default: $STELE_DB, else\n"
    "                   $XDG_DATA_HOME/stele/stele.db)\n"
    "  --format FORMAT  text (default) or json (an array of objects)\n"
    "\n"
    "The memory is opened read-only and never created. An empty memory\n"
    "prints nothing (text) or [] (json) and exits 0.\n";

typedef struct list_state {
    int json;
    size_t count;
} list_state;

static void iso_date(int64_t seconds, char *buf, size_t size)
{
    time_t t = (time_t)seconds;
    struct tm tm;

    if (gmtime_r(&t, &tm) == NULL ||
        strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, size, "?");
}

static int print_doc(const stele_store_doc *doc, void *payload)
{
    list_state *s = payload;
    char date[32];

    iso_date(doc->added_at, date, sizeof date);
    if (s->json) {
        fputs(s->count == 0 ? "[\n  {\"id\": " : ",\n  {\"id\": ", stdout);
        printf("%lld, \"title\": ", (long long)doc->id);
        cli_json_string(stdout, doc->title);
        fputs(", \"languages\": [", stdout);
        for (size_t i = 0; i < doc->nlangs; i++) {
            if (i > 0)
                fputs(", ", stdout);
            cli_json_string(stdout, doc->langs[i]);
        }
        printf("], \"units\": %zu, \"added_at\": \"%s\"}", doc->units, date);
    } else {
        char langs[256] = "";

        if (s->count == 0)
            printf("%6s  %-20s  %7s  %-36s  %s\n", "ID", "ADDED (UTC)",
                   "UNITS", "LANGUAGES", "TITLE");
        for (size_t i = 0; i < doc->nlangs; i++) {
            if (strlen(langs) + strlen(doc->langs[i]) + 2 >= sizeof langs)
                break;
            if (i > 0)
                strcat(langs, ",");
            strcat(langs, doc->langs[i]);
        }
        printf("%6lld  %-20s  %7zu  %-36s  %s\n", (long long)doc->id, date,
               doc->units, langs, doc->title);
    }
    s->count++;
    return 0;
}

int cmd_list(int argc, char **argv)
{
    const char *db = NULL, *format = "text";
    list_state state = { 0, 0 };
    stele_store *store = NULL;
    cli_args args;
    int rc;

    cli_args_init(&args, argc, argv);
    while (cli_args_next(&args)) {
        if (cli_args_value(&args, "--db", NULL, &db))
            continue;
        if (cli_args_value(&args, "--format", NULL, &format))
            continue;
        if (args.positional)
            return cli_usage_error("list", "unexpected argument '%s'",
                                   args.arg);
        cli_args_unknown(&args);
    }
    if (args.error)
        return CLI_USAGE;
    if (strcmp(format, "json") == 0)
        state.json = 1;
    else if (strcmp(format, "text") != 0)
        return cli_usage_error("list", "unknown format '%s' (text or json)",
                               format);

    rc = cli_open_memory_readonly(db, &store, NULL, 0);
    if (rc != CLI_OK)
        return rc;
    rc = stele_store_docs_each(store, print_doc, &state);
    if (rc != STELE_OK) {
        rc = cli_fail(stele_store_error(store));
        stele_store_close(store);
        return rc;
    }
    if (state.json)
        fputs(state.count == 0 ? "[]\n" : "\n]\n", stdout);
    stele_store_close(store);
    return CLI_OK;
}
