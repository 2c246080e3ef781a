/*
 * cli/cmd_search.c - "stele search": aligned quotes across languages.
 */
#include <string.h>

#include "cli.h"
#include "json.h"
#include "memory.h"

const char cmd_search_usage[] =
    "usage: stele search [--db PATH] [--lang LANG] [--format text|json]\n"
    "                    [--limit N] QUERY...\n"
    "\n"
    "Search the translation memory and print each matching sentence with\n"
    "the sentences aligned to it in the other languages, best match first.\n"
    "The words of QUERY (several arguments are joined by spaces) must all\n"
    "match, in any language, case and width ignored:\n"
    "\n"
    "  csto                   a word (matches CSTO, Csto, ＣＳＴＯ)\n"
    "  \"combat-proven arms\"   a phrase; «...» and “...” work too\n"
    "  weap*                  a prefix\n"
    "  a OR b, a NOT b, ( )   alternatives, exclusion, grouping\n"
    "  集安组织               Chinese and Japanese match anywhere in a\n"
    "                         sentence, one character or more\n"
    "\n"
    "  --db PATH        the translation memory (default: $STELE_DB, else\n"
    "                   $XDG_DATA_HOME/stele/stele.db)\n"
    "  --lang LANG      only match sentences in this language\n"
    "  --format FORMAT  text (default) or json: an array of hits with the\n"
    "                   matched byte spans of the text\n"
    "  --limit N        at most N hits (default 20)\n"
    "\n"
    "On a terminal the matched words are shown in bold. When nothing\n"
    "matches, stdout stays empty (json: []), \"no matches\" goes to stderr\n"
    "and the exit status is 0; a query that cannot be understood (an\n"
    "unbalanced quote, no words, more than 64 different words) exits 1\n"
    "with the reason.\n";

typedef struct search_state {
    int json;
    int color;
    size_t count;
} search_state;

static void print_marked(const stele_search_hit *hit, int color)
{
    size_t at = 0;

    for (size_t i = 0; color && i < hit->nspans; i++) {
        const stele_search_span *s = &hit->spans[i];

        fwrite(hit->text + at, 1, s->start - at, stdout);
        fputs("\033[1m", stdout);
        fwrite(hit->text + s->start, 1, s->end - s->start, stdout);
        fputs("\033[0m", stdout);
        at = s->end;
    }
    fputs(hit->text + at, stdout);
}

static int print_hit(const stele_search_hit *hit, void *payload)
{
    search_state *s = payload;

    if (s->json) {
        fputs(s->count == 0 ? "[\n  {" : ",\n  {", stdout);
        printf("\"document\": %lld, \"title\": ", (long long)hit->doc_id);
        cli_json_string(stdout, hit->title);
        printf(", \"unit\": %lld, \"lang\": ", (long long)hit->unit_id);
        cli_json_string(stdout, hit->lang);
        fputs(", \"text\": ", stdout);
        cli_json_string(stdout, hit->text);
        fputs(", \"spans\": [", stdout);
        for (size_t i = 0; i < hit->nspans; i++)
            printf("%s[%zu, %zu]", i > 0 ? ", " : "", hit->spans[i].start,
                   hit->spans[i].end);
        printf("], \"score\": %.6g, \"confidence\": %.6g, \"aligned\": [",
               hit->score, hit->confidence);
        for (size_t i = 0; i < hit->nother; i++) {
            fputs(i > 0 ? ", {\"lang\": " : "{\"lang\": ", stdout);
            cli_json_string(stdout, hit->other_langs[i]);
            fputs(", \"text\": ", stdout);
            cli_json_string(stdout, hit->other_texts[i]);
            fputc('}', stdout);
        }
        fputs("]}", stdout);
    } else {
        if (s->count > 0)
            fputc('\n', stdout);
        printf("%s%s%s\n", s->color ? "\033[1m" : "", hit->title,
               s->color ? "\033[0m" : "");
        printf("  %-4s ", hit->lang);
        print_marked(hit, s->color);
        fputc('\n', stdout);
        for (size_t i = 0; i < hit->nother; i++)
            printf("  %-4s %s\n", hit->other_langs[i], hit->other_texts[i]);
    }
    s->count++;
    return 0;
}

int cmd_search(int argc, char **argv)
{
    const char *db = NULL, *format = "text", *lang = NULL, *limit = NULL;
    stele_search_options opts = STELE_SEARCH_OPTIONS_INIT;
    search_state state = { 0, 0, 0 };
    stele_store *store = NULL;
    char query[16384 + 1];
    size_t used = 0;
    cli_args args;
    int rc;

    query[0] = '\0';
    cli_args_init(&args, argc, argv);
    while (cli_args_next(&args)) {
        if (cli_args_value(&args, "--db", NULL, &db) ||
            cli_args_value(&args, "--format", NULL, &format) ||
            cli_args_value(&args, "--lang", "-l", &lang) ||
            cli_args_value(&args, "--limit", "-n", &limit))
            continue;
        if (args.positional) {
            size_t n = strlen(args.arg);

            if (used + n + 2 > sizeof query)
                return cli_usage_error("search", "the query is too long "
                                       "(at most %zu bytes)",
                                       sizeof query - 1);
            if (used > 0)
                query[used++] = ' ';
            memcpy(query + used, args.arg, n + 1);
            used += n;
            continue;
        }
        cli_args_unknown(&args);
    }
    if (args.error)
        return CLI_USAGE;
    if (used == 0)
        return cli_usage_error("search", "no query given");
    if (strcmp(format, "json") == 0)
        state.json = 1;
    else if (strcmp(format, "text") != 0)
        return cli_usage_error("search", "unknown format '%s' (text or "
                               "json)", format);
    if (lang != NULL && !cli_lang_is_valid(lang))
        return cli_usage_error("search", "invalid language tag '%s'", lang);
    if (limit != NULL &&
        (cli_parse_size(limit, &opts.limit) != 0 || opts.limit == 0))
        return cli_usage_error("search", "--limit needs a positive number, "
                               "not '%s'", limit);
    opts.lang = lang;
    state.color = !state.json && cli_color_stdout();

    rc = cli_open_memory_readonly(db, &store, NULL, 0);
    if (rc != CLI_OK)
        return rc;
    rc = stele_search(store, query, &opts, print_hit, &state);
    if (rc != STELE_OK) {
        if (state.json && state.count > 0)
            fputs("\n]\n", stdout);
        rc = cli_fail(stele_store_error(store));
        stele_store_close(store);
        return rc;
    }
    stele_store_close(store);
    if (state.json)
        fputs(state.count == 0 ? "[]\n" : "\n]\n", stdout);
    else if (state.count == 0)
        fputs("stele: no matches\n", stderr);
    return CLI_OK;
}
