/*
 * cli/cmd_align.c - "stele align": segment two or three versions of a
 * text, align them, print the units and keep them in the translation
 * memory.
 * Dictionaries are found as cli/dicts.c describes.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "memory.h"
#include "json.h"
#include "progress.h"

const char cmd_align_usage[] =
    "usage: stele align [options] FILE FILE [FILE]\n"
    "\n"
    "Split each version of a text into sentences, align the two or three\n"
    "versions into translation units (1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0,\n"
    "0-1), and store the units in the translation memory. The language of\n"
    "each file comes from --langs, in file order, or from its name\n"
    "(article.ru.txt, dev.ru, ru.txt), or else from its text (with a\n"
    "warning that names the guess). With three files, put the original\n"
    "first: the other two are aligned with it and paired through it.\n"
    "\n"
    "options:\n"
    "  --db PATH            translation memory (default $STELE_DB, else\n"
    "                       $XDG_DATA_HOME/stele/stele.db)\n"
    "  --no-store           do not write the translation memory\n"
    "  --presegmented       inputs hold one sentence per line, a blank\n"
    "                       line between paragraphs\n"
    "  --langs L1,L2[,L3]   languages of the files, in order\n"
    "  --format tsv|json|beads\n"
    "                       print the units: tsv (confidence, flag, one\n"
    "                       column per language), json (everything, with\n"
    "                       each scorer's share), beads (\"[1, 2]:[1]\" as\n"
    "                       in corpora/*/*.gold). Default: tsv with\n"
    "                       --no-store, else a one-line summary\n"
    "  --title T            document title in the memory (default: the\n"
    "                       first file's name)\n"
    "  --dict FILE          a bilingual dictionary, \"target @ source\" per\n"
    "                       line (repeatable); languages from its\n"
    "                       '# stele-dict SRC TGT' line or its SRC-TGT name\n"
    "  --no-dict            do not look for dictionaries\n"
    "  --flag-below X       flag units whose confidence is below X\n"
    "                       (default 0.5)\n"
    "  --scorers LIST       evidence to use, of length,numbers,latin,\n"
    "                       translit,punct,dict,learned,numwords,\n"
    "                       pinyin\n"
    "                       (default all)\n"
    "  --no-paragraphs      ignore paragraph breaks\n"
    "  --max-paragraph BYTES\n"
    "                       the largest paragraph accepted (default\n"
    "                       16 MiB)\n"
    "  -q, --quiet          no progress bar and no summary line\n"
    "  -v, --verbose        the time each stage took, on standard error\n"
    "\n"
    "On a terminal, a progress bar on standard error shows how far the\n"
    "segmenting and the aligning have got.\n"
    "Flagged units are marked in tsv and json, and counted on standard\n"
    "error for beads.\n";

#define MAX_DICTS 16

typedef struct align_job {
    const char *paths[STELE_MAX_LANGS];
    char langs[STELE_MAX_LANGS][16];
    int langs_given;    /* from --langs, not from the file names */
    size_t max_paragraph; /* --max-paragraph, 0 for the default */
    size_t ndocs;
    stele_document *docs[STELE_MAX_LANGS];
} align_job;

static unsigned parse_scorers(const char *list, int *ok)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"length", STELE_SCORER_LENGTH},
                 {"numbers", STELE_SCORER_NUMBERS},
                 {"latin", STELE_SCORER_LATIN},
                 {"translit", STELE_SCORER_TRANSLIT},
                 {"punct", STELE_SCORER_PUNCT},
                 {"dict", STELE_SCORER_DICT},
                 {"learned", STELE_SCORER_LEARNED},
                 {"numwords", STELE_SCORER_NUMWORDS},
                 {"pinyin", STELE_SCORER_PINYIN}};
    unsigned mask = 0;
    const char *p = list;

    *ok = 1;
    if (*p == '\0')
        return 0;
    while (*p != '\0') {
        size_t len = strcspn(p, ",");
        size_t k;
        for (k = 0; k < sizeof names / sizeof names[0]; k++)
            if (strlen(names[k].name) == len &&
                strncmp(names[k].name, p, len) == 0)
                break;
        if (k == sizeof names / sizeof names[0]) {
            *ok = 0;
            return 0;
        }
        mask |= names[k].bit;
        p += len;
        if (*p == ',')
            p++;
    }
    return mask;
}

/* Sentences [first, first + count) of a document joined by spaces. */
static void print_text(FILE *out, const stele_document *doc, uint32_t first,
                       uint32_t count, int json)
{
    if (json)
        fputc('"', out);
    for (uint32_t k = 0; k < count; k++) {
        const stele_sentence *s = stele_document_sentence(doc, first + k);
        if (k > 0)
            fputc(' ', out);
        if (json) {
            /* cli_json_string_n adds quotes; write the inside only */
            for (size_t i = 0; i < s->length; i++) {
                unsigned char c = (unsigned char)s->text[i];
                if (c == '"' || c == '\\')
                    fprintf(out, "\\%c", c);
                else if (c < 0x20)
                    fprintf(out, "\\u%04x", c);
                else
                    fputc(c, out);
            }
        } else {
            for (size_t i = 0; i < s->length; i++) {
                char c = s->text[i];
                fputc(c == '\t' || c == '\n' || c == '\r' ? ' ' : c, out);
            }
        }
    }
    if (json)
        fputc('"', out);
}

static void print_indexes(FILE *out, uint32_t first, uint32_t count)
{
    fputc('[', out);
    for (uint32_t k = 0; k < count; k++)
        fprintf(out, k ? ", %u" : "%u", first + k);
    fputc(']', out);
}

static void print_units(const align_job *job, const stele_alignment *res,
                        const char *format)
{
    size_t n = stele_alignment_count(res);
    size_t flagged = 0;

    if (strcmp(format, "json") == 0) {
        printf("{\"languages\":[");
        for (size_t k = 0; k < job->ndocs; k++) {
            printf(k ? "," : "");
            cli_json_string(stdout, job->langs[k]);
        }
        printf("],\"files\":[");
        for (size_t k = 0; k < job->ndocs; k++) {
            printf(k ? "," : "");
            cli_json_string(stdout, job->paths[k]);
        }
        printf("],\"units\":[");
    }
    for (size_t i = 0; i < n; i++) {
        const stele_unit *u = stele_alignment_unit(res, i);
        flagged += u->flagged != 0;
        if (strcmp(format, "beads") == 0) {
            for (size_t k = 0; k < job->ndocs; k++) {
                if (k > 0)
                    fputc(':', stdout);
                print_indexes(stdout, u->first[k], u->count[k]);
            }
            fputc('\n', stdout);
        } else if (strcmp(format, "tsv") == 0) {
            printf("%.3f\t%s", u->confidence, u->flagged ? "FLAG" : "ok");
            for (size_t k = 0; k < job->ndocs; k++) {
                fputc('\t', stdout);
                print_text(stdout, job->docs[k], u->first[k], u->count[k],
                           0);
            }
            fputc('\n', stdout);
        } else {
            printf("%s\n {\"confidence\":%.4f,\"flagged\":%s,\"sentences\":{",
                   i ? "," : "", u->confidence,
                   u->flagged ? "true" : "false");
            for (size_t k = 0; k < job->ndocs; k++) {
                printf(k ? "," : "");
                cli_json_string(stdout, job->langs[k]);
                fputc(':', stdout);
                print_indexes(stdout, u->first[k], u->count[k]);
            }
            printf("},\"text\":{");
            for (size_t k = 0; k < job->ndocs; k++) {
                printf(k ? "," : "");
                cli_json_string(stdout, job->langs[k]);
                fputc(':', stdout);
                print_text(stdout, job->docs[k], u->first[k], u->count[k],
                           1);
            }
            printf("},\"scores\":{");
            for (size_t j = 0; j < stele_alignment_score_count(res); j++)
                printf("%s\"%s\":%.4f", j ? "," : "",
                       stele_alignment_score_name(res, j),
                       stele_alignment_score(res, i, j));
            printf("}}");
        }
    }
    if (strcmp(format, "json") == 0)
        printf("\n]}\n");
    if (flagged > 0 && strcmp(format, "beads") == 0)
        cli_warnf("%zu of %zu units have a confidence below the threshold "
                  "(see --format tsv or json)",
                  flagged, n);
}

/* Write the alignment into the translation memory, in one transaction
 * (the store's), and say what happened. */
static int store_alignment(const align_job *job, const stele_alignment *res,
                           const char *db, const char *title)
{
    char path[4096];
    stele_store *store = NULL;
    int64_t id = 0;
    int outcome = 0, rc, status = CLI_OK, created;
    size_t flagged = 0, n = stele_alignment_count(res);
    char title_buf[256];

    if (title == NULL)
        title = cli_default_title(job->docs[0], job->paths[0], title_buf,
                                  sizeof title_buf);

    status = cli_open_memory_writable(db, path, sizeof path, &store,
                                      &created);
    if (status != CLI_OK)
        return status;
    rc = stele_store_add_alignment(store, title,
                                   (const stele_document *const *)job->docs,
                                   job->paths, job->ndocs, res, &id,
                                   &outcome);
    if (rc < 0) {
        status = cli_fail(stele_store_error(store));
        cli_memory_close_failed(store, path, created);
        return status;
    }
    stele_store_close(store);
    if (cli_progress_quiet())
        return CLI_OK;
    for (size_t i = 0; i < n; i++)
        flagged += stele_alignment_unit(res, i)->flagged != 0;
    fprintf(stderr, "stele: %s document %lld: %zu units (%zu flagged) in %s\n",
            outcome == STELE_STORE_UNCHANGED ? "unchanged"
            : outcome == STELE_STORE_REPLACED ? "replaced"
                                              : "added",
            (long long)id, n, flagged, path);
    return CLI_OK;
}

/* Versions of one text have about as many sentences each. One with a
 * few times more is likely another text, or a part of it: aligning
 * still works, but most of the units have no counterpart. */
static void warn_counts(const align_job *job)
{
    size_t lo = 0, hi = 0;

    for (size_t k = 1; k < job->ndocs; k++) {
        size_t n = stele_document_count(job->docs[k]);

        if (n < stele_document_count(job->docs[lo]))
            lo = k;
        if (n > stele_document_count(job->docs[hi]))
            hi = k;
    }
    {
        size_t a = stele_document_count(job->docs[lo]);
        size_t b = stele_document_count(job->docs[hi]);

        if (b > 3 * a && b - a >= 10)
            cli_warnf("%s has %zu sentence%s and %s has %zu: most units "
                      "will have no counterpart (are they versions of one "
                      "text?)",
                      job->paths[lo], a, a == 1 ? "" : "s", job->paths[hi],
                      b);
    }
}

static int segment_inputs(align_job *job, int presegmented)
{
    for (size_t k = 0; k < job->ndocs; k++) {
        int status = cli_segment_document(
            job->paths[k], job->langs[k],
            presegmented ? STELE_INPUT_LINES : STELE_INPUT_AUTO,
            job->max_paragraph, &job->docs[k]);
        if (status != CLI_OK)
            return status;
        if (cli_check_document(job->docs[k], job->paths[k],
                               job->langs_given) != CLI_OK)
            return CLI_FAILURE;
    }
    warn_counts(job);
    return 0;
}

int cmd_align(int argc, char **argv)
{
    cli_args args;
    const char *db = NULL, *langs = NULL, *format = NULL, *title = NULL;
    const char *flag_below = NULL, *scorers = NULL, *value = NULL;
    const char *max_paragraph = NULL;
    const char *dicts[MAX_DICTS];
    size_t ndicts = 0;
    int no_store = 0, presegmented = 0, no_dict = 0, no_paragraphs = 0;
    align_job job;
    stele_align_options opts = STELE_ALIGN_OPTIONS_INIT;
    stele_aligner *al = NULL;
    stele_alignment *res = NULL;
    cli_progress bar;
    int status = CLI_OK;
    int rc;

    memset(&job, 0, sizeof job);
    cli_args_init(&args, argc, argv);
    while (cli_args_next(&args)) {
        if (cli_progress_option(&args))
            continue;
        if (cli_args_value(&args, "--db", NULL, &db) ||
            cli_args_value(&args, "--langs", NULL, &langs) ||
            cli_args_value(&args, "--format", NULL, &format) ||
            cli_args_value(&args, "--title", NULL, &title) ||
            cli_args_value(&args, "--flag-below", NULL, &flag_below) ||
            cli_args_value(&args, "--scorers", NULL, &scorers) ||
            cli_args_value(&args, "--max-paragraph", NULL, &max_paragraph))
            continue;
        if (cli_args_value(&args, "--dict", NULL, &value)) {
            if (ndicts == MAX_DICTS)
                return cli_usage_error("align", "at most %d --dict files",
                                       MAX_DICTS);
            dicts[ndicts++] = value;
            continue;
        }
        if (cli_args_flag(&args, "--no-store", NULL)) {
            no_store = 1;
            continue;
        }
        if (cli_args_flag(&args, "--presegmented", NULL)) {
            presegmented = 1;
            continue;
        }
        if (cli_args_flag(&args, "--no-dict", NULL)) {
            no_dict = 1;
            continue;
        }
        if (cli_args_flag(&args, "--no-paragraphs", NULL)) {
            no_paragraphs = 1;
            continue;
        }
        if (!args.positional) {
            cli_args_unknown(&args);
            break;
        }
        if (job.ndocs == STELE_MAX_LANGS)
            return cli_usage_error("align", "at most %d files",
                                   STELE_MAX_LANGS);
        job.paths[job.ndocs++] = args.arg;
    }
    if (args.error)
        return CLI_USAGE;
    if (job.ndocs < 2)
        return cli_usage_error("align", "needs two or three files");
    if (format == NULL)
        format = no_store ? "tsv" : "summary";
    if (strcmp(format, "tsv") != 0 && strcmp(format, "json") != 0 &&
        strcmp(format, "beads") != 0 && strcmp(format, "summary") != 0)
        return cli_usage_error("align", "unknown format '%s'", format);
    if (flag_below != NULL &&
        cli_parse_double(flag_below, 0.0, 1.0, &opts.flag_below) < 0)
        return cli_usage_error("align", "--flag-below takes a number in "
                                        "[0, 1], not '%s'",
                               flag_below);
    if (scorers != NULL) {
        int ok;
        opts.scorers = parse_scorers(scorers, &ok);
        if (!ok)
            return cli_usage_error("align", "unknown scorer in '%s'",
                                   scorers);
    }
    opts.use_paragraphs = !no_paragraphs;
    for (size_t k = 0; k < job.ndocs; k++)
        for (size_t j = 0; j < k; j++) {
            if (strcmp(job.paths[k], job.paths[j]) == 0)
                return cli_usage_error("align", "%s is given twice",
                                       job.paths[k]);
            if (cli_same_file(job.paths[j], job.paths[k]))
                return cli_usage_error("align", "%s and %s are the same "
                                                "file",
                                       job.paths[j], job.paths[k]);
        }
    if (max_paragraph != NULL &&
        (cli_parse_size(max_paragraph, &job.max_paragraph) < 0 ||
         job.max_paragraph == 0))
        return cli_usage_error("align", "--max-paragraph needs a positive "
                                        "number of bytes");
    job.langs_given = langs != NULL;
    if (langs != NULL) {
        /* Room for more tags than files, so that a list of too many is
         * told apart from a list that is malformed. */
        char tags[2 * STELE_MAX_LANGS][16];
        int n = cli_split_langs(langs, tags, 2 * STELE_MAX_LANGS);

        if (n < 0)
            return cli_usage_error("align", "--langs takes language tags "
                                            "separated by commas "
                                            "(en,ru,zh), not '%s'",
                                   langs);
        if ((size_t)n != job.ndocs)
            return cli_usage_error("align", "--langs names %d language%s "
                                            "for %zu files",
                                   n, n == 1 ? "" : "s", job.ndocs);
        memcpy(job.langs, tags, sizeof job.langs);
    } else {
        for (size_t k = 0; k < job.ndocs; k++)
            if (cli_lang_of_file(job.paths[k], job.langs[k],
                                 sizeof job.langs[k]) < 0)
                return cli_usage_error(
                    "align",
                    "cannot tell the language of %s from its name or its "
                    "text: give --langs or name it like text.LL.txt or "
                    "text.LL",
                    job.paths[k]);
    }
    for (size_t k = 0; k < job.ndocs; k++) {
        if (!cli_lang_is_valid(job.langs[k]))
            return cli_usage_error("align", "'%s' is not a language code",
                                   job.langs[k]);
        for (size_t j = 0; j < k; j++)
            if (strcmp(job.langs[k], job.langs[j]) == 0)
                return cli_usage_error("align",
                                       "two files are in the same language "
                                       "'%s'",
                                       job.langs[k]);
    }

    status = segment_inputs(&job, presegmented);
    if (status != CLI_OK)
        goto done;
    if (stele_aligner_open(&al, &opts) < 0) {
        status = al != NULL ? cli_fail(stele_aligner_error(al))
                            : cli_failf("out of memory");
        goto done;
    }
    if ((opts.scorers & STELE_SCORER_DICT) != 0) {
        const char *langs_of[STELE_MAX_LANGS];
        for (size_t k = 0; k < job.ndocs; k++)
            langs_of[k] = job.langs[k];
        status = cli_load_dictionaries(al, langs_of, job.ndocs, dicts,
                                       ndicts, !no_dict);
        if (status != CLI_OK)
            goto done;
    }
    cli_progress_start(&bar, "aligning", NULL, 0);
    stele_aligner_set_progress(al, cli_progress_steps, &bar);
    rc = stele_align(al, (const stele_document *const *)job.docs, job.ndocs,
                     &res);
    cli_progress_finish(&bar);
    if (rc < 0) {
        status = cli_fail(stele_aligner_error(al));
        goto done;
    }
    if (strcmp(format, "summary") != 0)
        print_units(&job, res, format);
    if (!no_store) {
        cli_progress_start(&bar, "storing", NULL, 0);
        status = store_alignment(&job, res, db, title);
        cli_progress_finish(&bar);
        if (status != CLI_OK)
            goto done;
    }
done:
    stele_alignment_free(res);
    stele_aligner_close(al);
    for (size_t k = 0; k < job.ndocs; k++)
        stele_document_free(job.docs[k]);
    return status;
}
