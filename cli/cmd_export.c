/*
 * cli/cmd_export.c - "stele export": the translation memory as TMX 1.4b.
 */
#include <string.h>

#include "cli.h"
#include "progress.h"
#include "memory.h"

const char cmd_export_usage[] =
    "usage: stele export [--db PATH] [--langs L1,L2,...] [--doc ID]\n"
    "                    [--min-confidence X] [--keep-single]\n"
    "                    [--tag FROM=TO]... [-q|--quiet] [-v|--verbose]\n"
    "                    [-o FILE.tmx]\n"
    "\n"
    "Write the translation units of the memory as a TMX 1.4b file, one\n"
    "<tu> per unit with a <tuv> per language, the document's title and\n"
    "the unit's confidence as <prop>s. By default every language of each\n"
    "unit is written (srclang=\"*all*\") and units holding a single\n"
    "language are left out.\n"
    "\n"
    "  --db PATH            the translation memory (default: $STELE_DB,\n"
    "                       else $XDG_DATA_HOME/stele/stele.db)\n"
    "  --langs L1,L2,...    only units that have all these languages, with\n"
    "                       exactly these <tuv>s in this order; srclang is\n"
    "                       L1. '--langs en,ru' makes the two-language\n"
    "                       file that OmegaT and translate-toolkit expect\n"
    "  --doc ID             only document ID (see 'stele list')\n"
    "  --min-confidence X   only units the aligner gave X or more (0-1)\n"
    "  --keep-single        keep units with a single language (with\n"
    "                       --langs: units with some of the languages)\n"
    "  --tag FROM=TO        write language FROM as TO (repeatable); zh is\n"
    "                       written zh-CN unless mapped otherwise, e.g.\n"
    "                       --tag zh=zh-Hans or --tag zh=zh\n"
    "  -o, --output FILE    the TMX file (default: standard output); it is\n"
    "                       replaced only once complete\n"
    "  -q, --quiet          no progress bar and no summary line\n"
    "  -v, --verbose        print how long the export took\n"
    "\n"
    "The memory is opened read-only. Characters XML cannot carry (control\n"
    "characters) are written as U+FFFD. The number of units written goes\n"
    "to standard error.\n";

#define MAX_TAGS 64

int cmd_export(int argc, char **argv)
{
    const char *db = NULL, *langs = NULL, *doc = NULL, *min = NULL;
    const char *output = "-", *value = NULL;
    const char *tags[MAX_TAGS];
    char lang_tags[MAX_TAGS][16];
    const char *lang_ptrs[MAX_TAGS];
    stele_tmx_export_options opts = STELE_TMX_EXPORT_OPTIONS_INIT;
    stele_store *store = NULL;
    stele_error err;
    char path[1024]; /* the memory, as cli_open_memory_readonly found it */
    size_t ntags = 0, count = 0, id = 0;
    cli_progress bar;
    cli_args args;
    int rc;

    cli_args_init(&args, argc, argv);
    while (cli_args_next(&args)) {
        if (cli_progress_option(&args) ||
            cli_args_value(&args, "--db", NULL, &db) ||
            cli_args_value(&args, "--langs", NULL, &langs) ||
            cli_args_value(&args, "--doc", NULL, &doc) ||
            cli_args_value(&args, "--min-confidence", NULL, &min) ||
            cli_args_value(&args, "--output", "-o", &output))
            continue;
        if (cli_args_flag(&args, "--keep-single", NULL)) {
            opts.keep_single = 1;
            continue;
        }
        if (cli_args_value(&args, "--tag", NULL, &value)) {
            if (cli_add_tag_mapping("export", value, tags, &ntags, MAX_TAGS) !=
                CLI_OK)
                return CLI_USAGE;
            continue;
        }
        if (args.positional)
            return cli_usage_error("export", "unexpected argument '%s'",
                                   args.arg);
        cli_args_unknown(&args);
    }
    if (args.error)
        return CLI_USAGE;
    if (langs != NULL) {
        int n = cli_split_langs(langs, lang_tags, MAX_TAGS);

        if (n <= 0)
            return cli_usage_error("export", "--langs needs language tags "
                                   "separated by commas, not '%s'", langs);
        for (int i = 0; i < n; i++)
            lang_ptrs[i] = lang_tags[i];
        opts.langs = lang_ptrs;
        opts.nlangs = (size_t)n;
    }
    if (doc != NULL) {
        if (cli_parse_size(doc, &id) != 0 || id == 0 || id > INT64_MAX)
            return cli_usage_error("export", "--doc needs a document id "
                                   "(see 'stele list'), not '%s'", doc);
        opts.doc_id = (int64_t)id;
    }
    if (min != NULL && cli_parse_double(min, 0.0, 1.0,
                                        &opts.min_confidence) != 0)
        return cli_usage_error("export", "--min-confidence needs a number "
                               "from 0 to 1, not '%s'", min);
    if (output[0] == '\0')
        return cli_usage_error("export", "-o needs a file name");
    opts.tag_map = tags;
    opts.ntag_map = ntags;

    rc = cli_open_memory_readonly(db, &store, path, sizeof path);
    if (rc != CLI_OK)
        return rc;
    stele_error_clear(&err);
    /* over the units of the documents exported, which the export counts */
    cli_progress_start(&bar, "exporting", "units", 0);
    opts.progress = cli_progress_steps;
    opts.progress_payload = &bar;
    rc = stele_tmx_export(store, output, &opts, &count, &err);
    cli_progress_finish(&bar);
    stele_store_close(store);
    if (rc == STELE_ENOTFOUND && opts.doc_id != 0) /* as review says it */
        return cli_failf("%s: no document %lld (see 'stele list')", path,
                         (long long)opts.doc_id);
    if (rc != STELE_OK)
        return cli_fail(&err);
    if (count == 0)
        cli_warnf("no unit matched: %s holds no <tu>",
                  strcmp(output, "-") == 0 ? "the output" : output);
    else if (!cli_progress_quiet())
        fprintf(stderr, "stele: exported %zu unit%s to %s\n", count,
                count == 1 ? "" : "s",
                strcmp(output, "-") == 0 ? "standard output" : output);
    return CLI_OK;
}
