/*
 * cli/cmd_eval.c - "stele eval GOLD PREDICTED": score an alignment.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char cmd_eval_usage[] =
    "usage: stele eval [--format text|json] [--by-type] GOLD PREDICTED\n"
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
    "  --format text|json  output format (default text)\n"
    "  --by-type           also count the beads of each type (1-1, 1-2,\n"
    "                      1-0, ...; 3 stands for 3 or more): in gold,\n"
    "                      predicted, and predicted exactly; insertions\n"
    "                      and deletions included\n";

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

/* The types present in gold or prediction, in the order 1-1, then by
 * the sizes of the two sides: position 0 is 1-1, position k > 0 the
 * cell k of the table row by row (cell 0, 0-0, is no type, and 1-1's own
 * cell is passed over). */
static int type_next(const stele_eval_types *t, int k, unsigned *x,
                     unsigned *y)
{
    const int side = STELE_EVAL_SIDE_MAX + 1;
    for (k++; k < side * side; k++) {
        unsigned i = k == 0 ? 1 : (unsigned)k / side;
        unsigned j = k == 0 ? 1 : (unsigned)k % side;
        if (k > 0 && i == 1 && j == 1)
            continue;
        if (t->gold[i][j] > 0 || t->predicted[i][j] > 0) {
            *x = i;
            *y = j;
            return k;
        }
    }
    return -1;
}

/* "2-1"; the last cell of a side counts that many or more ("3+-1",
 * where the aligner's wide beads fall). */
static const char *type_label(unsigned x, unsigned y, char buf[16])
{
    snprintf(buf, 16, "%u%s-%u%s", x, x == STELE_EVAL_SIDE_MAX ? "+" : "",
             y, y == STELE_EVAL_SIDE_MAX ? "+" : "");
    return buf;
}

static void print_types_text(const stele_eval_types *t)
{
    unsigned x, y;
    char label[16];
    printf("  by type  gold  predicted  exact  recall  precision\n");
    for (int k = type_next(t, -1, &x, &y); k >= 0;
         k = type_next(t, k, &x, &y)) {
        size_t g = t->gold[x][y], p = t->predicted[x][y];
        size_t m = t->matched[x][y];
        printf("  %-9s%5zu  %9zu  %5zu  ", type_label(x, y, label), g, p,
               m);
        if (g > 0)
            printf("%6.4f  ", (double)m / (double)g);
        else
            printf("     -  ");
        if (p > 0)
            printf("%9.4f\n", (double)m / (double)p);
        else
            printf("        -\n");
    }
}

static void print_types_json(const stele_eval_types *t)
{
    unsigned x, y;
    int first = 1;
    char label[16];
    printf(",\"types\":[");
    for (int k = type_next(t, -1, &x, &y); k >= 0;
         k = type_next(t, k, &x, &y)) {
        printf("%s{\"type\":\"%s\",\"gold\":%zu,\"predicted\":%zu,"
               "\"exact\":%zu}",
               first ? "" : ",", type_label(x, y, label), t->gold[x][y],
               t->predicted[x][y], t->matched[x][y]);
        first = 0;
    }
    printf("]");
}

static void print_json(size_t a, size_t b, const stele_eval_result *r,
                       int first)
{
    printf("%s{\"fields\":[%zu,%zu],\"gold_beads\":%zu,"
           "\"predicted_beads\":%zu,"
           "\"strict\":{\"precision\":%.6f,\"recall\":%.6f,\"f1\":%.6f},"
           "\"lax\":{\"precision\":%.6f,\"recall\":%.6f,\"f1\":%.6f}",
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
    int by_type = 0;
    int first = 1;

    cli_args_init(&args, argc, argv);
    while (cli_args_next(&args)) {
        if (cli_args_value(&args, "--format", NULL, &format))
            continue;
        if (cli_args_flag(&args, "--by-type", NULL)) {
            by_type = 1;
            continue;
        }
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
            stele_eval_types types;

            if (stele_eval(gold, predicted, a, b, &result, &err) < 0 ||
                (by_type && stele_eval_by_type(gold, predicted, a, b,
                                               &types, &err) < 0)) {
                status = cli_fail(&err);
                goto done;
            }
            if (json) {
                print_json(a, b, &result, first);
                if (by_type)
                    print_types_json(&types);
                fputs("}", stdout);
            } else {
                print_text(a, b, &result);
                if (by_type)
                    print_types_text(&types);
            }
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
