/*
 * cli/cmd_eval.c - "stele eval GOLD PREDICTED": score an alignment.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char cmd_eval_usage[] =
    "usage: stele eval [--format text|json] GOLD PREDICTED\n"
    "\n"
    "Score the bead file PREDICTED against the bead file GOLD, both in the\n"
    "format of Vecalign and Bertalign (one bead per line, \"[1, 2]:[1]\";\n"
    "three fields for three languages). Prints precision, recall and F1,\n"
    "strict (identical beads) and lax (beads sharing a sentence link),\n"
    "computed as Vecalign's score.py does: precision judges every\n"
    "predicted bead, recall every gold bead that has both sides. With\n"
    "three fields, each pair of fields is scored.\n"
    "\n"
    "options:\n"
    "  --format text|json  output format (default text)\n";

static void print_text(size_t a, size_t b, const stele_eval_result *r)
{
    printf("fields %zu-%zu  gold beads %zu  predicted beads %zu\n", a, b,
           r->gold_beads, r->predicted_beads);
    printf("          precision  recall     F1\n");
    printf("  strict  %9.4f  %6.4f  %6.4f\n", r->strict.precision,
           r->strict.recall, r->strict.f1);
    printf("  lax     %9.4f  %6.4f  %6.4f\n", r->lax.precision,
           r->lax.recall, r->lax.f1);
}

static void print_json(size_t a, size_t b, const stele_eval_result *r,
                       int first)
{
    printf("%s{\"fields\":[%zu,%zu],\"gold_beads\":%zu,"
           "\"predicted_beads\":%zu,"
           "\"strict\":{\"precision\":%.6f,\"recall\":%.6f,\"f1\":%.6f},"
           "\"lax\":{\"precision\":%.6f,\"recall\":%.6f,\"f1\":%.6f}}",
           first ? "" : ",\n ", a, b, r->gold_beads, r->predicted_beads,
           r->strict.precision, r->strict.recall, r->strict.f1,
           r->lax.precision, r->lax.recall, r->lax.f1);
}

int cmd_eval(int argc, char **argv)
{
    cli_args args;
    const char *format = "text";
    const char *paths[2] = { NULL, NULL };
    int npaths = 0;
    stele_beads *gold = NULL;
    stele_beads *predicted = NULL;
    stele_error err;
    int status = CLI_OK;
    int json;
    int first = 1;

    cli_args_init(&args, argc, argv);
    while (cli_args_next(&args)) {
        if (cli_args_value(&args, "--format", NULL, &format))
            continue;
        if (!args.positional) {
            cli_args_unknown(&args);
            break;
        }
        if (npaths == 2)
            return cli_usage_error("eval", "too many arguments");
        paths[npaths++] = args.arg;
    }
    if (args.error)
        return CLI_USAGE;
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
        return cli_usage_error("eval", "unknown format '%s'", format);
    if (npaths != 2)
        return cli_usage_error("eval", "needs a GOLD and a PREDICTED file");
    json = strcmp(format, "json") == 0;

    if (stele_beads_read(&gold, paths[0], &err) < 0 ||
        stele_beads_read(&predicted, paths[1], &err) < 0) {
        status = cli_fail(&err);
        goto done;
    }
    /* Against no beads every score is 0: that is a wrong file, not a
     * result. */
    if (stele_beads_count(gold) == 0) {
        status = cli_failf("%s: no beads to score against", paths[0]);
        goto done;
    }
    if (stele_beads_fields(gold) != stele_beads_fields(predicted)) {
        status = cli_failf("%s: %zu fields per bead, but %s has %zu",
                           paths[1], stele_beads_fields(predicted), paths[0],
                           stele_beads_fields(gold));
        goto done;
    }
    if (json)
        fputs("[", stdout);
    for (size_t a = 0; a < stele_beads_fields(gold); a++) {
        for (size_t b = a + 1; b < stele_beads_fields(gold); b++) {
            stele_eval_result result;

            if (stele_eval(gold, predicted, a, b, &result, &err) < 0) {
                status = cli_fail(&err);
                goto done;
            }
            if (json)
                print_json(a, b, &result, first);
            else
                print_text(a, b, &result);
            first = 0;
        }
    }
    if (json)
        fputs("]\n", stdout);
done:
    stele_beads_free(gold);
    stele_beads_free(predicted);
    return status;
}
