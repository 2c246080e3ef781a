/*
 * tests/test_align_cli.c - "stele align" end to end: its usage contract,
 * its errors, its three output formats, the translation memory it
 * writes, the dictionaries it finds, and its accuracy on the bundled CSTO
 * corpus scored against the gold beads.
 *
 * usage: test_align_cli STELE CORPORA BUILD_DIR
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <stele.h>

#include "cli_run.h"

static const char *corpora;
static const char *build_dir;
static char tmpdir[256];

static void assert_contains(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle) == NULL)
        fail_msg("'%s' does not contain '%s'", haystack, needle);
}

static char *corpus_file(const char *corpus, const char *name)
{
    static char paths[8][1024];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 1024, "%s/%s/%s", corpora, corpus, name);
    return p;
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/stele-align-cli-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    return 0;
}

static int teardown(void **state)
{
    char cmd[512];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* --------------------------------------------------------------- usage */

static void usage_errors(void **state)
{
    const char *en = corpus_file("csto-summit", "en.txt");
    const char *ru = corpus_file("csto-summit", "ru.txt");
    const char *zh = corpus_file("csto-summit", "zh.txt");
    struct {
        const char *args[10];
        const char *message;
    } cases[] = {
        {{"align", en, NULL}, "stele: align: needs two or three files"},
        {{"align", en, ru, zh, en, NULL}, "stele: align: at most 3 files"},
        {{"align", "--langs", "en,ru", en, en, NULL}, "is given twice"},
        {{"align", "--format", "xml", "--langs", "en,ru", en, ru, NULL},
         "stele: align: unknown format 'xml'"},
        {{"align", "--langs", "en", en, ru, NULL},
         "stele: align: --langs names 1 language for 2 files"},
        {{"align", "article.txt", "story.txt", NULL},
         "cannot tell the language of article.txt"},
        /* a short stem is not a language code unless it has two letters
         * (en.txt, zh.sents): src.txt and tgt.txt are common names */
        {{"align", "src.txt", "tgt.txt", NULL},
         "cannot tell the language of src.txt"},
        {{"align", "--langs", "en,en", en, ru, NULL},
         "two files are in the same language 'en'"},
        {{"align", "--scorers", "length,magic", "--langs", "en,ru", en, ru,
          NULL},
         "unknown scorer"},
        {{"align", "--flag-below", "2", "--langs", "en,ru", en, ru, NULL},
         "--flag-below takes a number in [0, 1]"},
        {{"align", "--frobnicate", NULL}, "unknown option"},
    };
    (void)state;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        cli_result r = cli_run(cases[k].args, NULL, NULL);
        if (r.status != 2)
            fail_msg("case %zu ('%s'): exit %d", k, cases[k].message,
                     r.status);
        assert_contains(cli_first_err_line(&r), cases[k].message);
        assert_int_equal(r.out_len, 0);
        cli_result_free(&r);
    }
}

static void runtime_errors(void **state)
{
    char empty[512], bad[512];
    const char *ru = corpus_file("csto-summit", "ru.txt");
    FILE *fp;
    cli_result r;

    (void)state;
    snprintf(empty, sizeof empty, "%s/empty.en.txt", tmpdir);
    fp = fopen(empty, "w");
    assert_non_null(fp);
    fclose(fp);
    r = cli_run((const char *const[]){"align", "--no-store", empty, ru,
                                      "--langs", "en,ru", NULL},
                NULL, NULL);
    assert_int_equal(r.status, 1);
    assert_contains(cli_first_err_line(&r), empty);
    cli_result_free(&r);

    r = cli_run((const char *const[]){"align", "--no-store",
                                      "/nonexistent/a.en.txt", ru, NULL},
                NULL, NULL);
    assert_int_equal(r.status, 1);
    assert_contains(cli_first_err_line(&r), "stele: /nonexistent/a.en.txt");
    cli_result_free(&r);

    snprintf(bad, sizeof bad, "%s/bad.en.dict", tmpdir);
    fp = fopen(bad, "w");
    assert_non_null(fp);
    fputs("# stele-dict en ru\nслово @ word\nthis line has no separator\n",
          fp);
    fclose(fp);
    r = cli_run((const char *const[]){"align", "--no-store", "--dict", bad,
                                      corpus_file("csto-summit", "en.txt"),
                                      ru, "--langs", "en,ru", NULL},
                NULL, NULL);
    assert_int_equal(r.status, 1);
    {
        char expect[600];
        snprintf(expect, sizeof expect, "stele: %s:3: ", bad);
        assert_contains(cli_first_err_line(&r), expect);
    }
    cli_result_free(&r);
}

/* ------------------------------------------------------------ accuracy */

static double strict_f1(const char *beads_text, size_t len,
                        const char *gold_path, size_t field_a,
                        size_t field_b)
{
    stele_beads *pred = NULL, *gold = NULL;
    stele_eval_result res;
    stele_error err;

    if (stele_beads_parse(&pred, beads_text, len, "output", &err) < 0)
        fail_msg("output: %s", err.message);
    if (stele_beads_read(&gold, gold_path, &err) < 0)
        fail_msg("%s: %s", gold_path, err.message);
    if (stele_beads_fields(gold) == 2 && stele_beads_fields(pred) == 3) {
        fail_msg("compare pairs with pair output");
    }
    assert_int_equal(stele_eval(gold, pred, field_a, field_b, &res, &err),
                     0);
    stele_beads_free(pred);
    stele_beads_free(gold);
    return res.strict.f1;
}

/* Strict F1 of the beads run @p r printed, against fields @p field_a and
 * @p field_b of @p gold_path; the run must have succeeded. */
static double run_f1(const cli_result *r, const char *what,
                     const char *gold_path, size_t field_a, size_t field_b)
{
    if (r->status != 0)
        fail_msg("%s: align exit %d: %s", what, r->status,
                 cli_first_err_line(r));
    return strict_f1(r->out, r->out_len, gold_path, field_a, field_b);
}

/* Show @p f1 in the test's log; below @p floor the test fails. */
static void f1_at_least(const char *what, double f1, double floor)
{
    print_message("%s: strict F1 %.3f\n", what, f1);
    if (f1 < floor)
        fail_msg("%s: strict F1 %.3f < %.2f", what, f1, floor);
}

static cli_result align_pair(const char *a, const char *b, const char *langs,
                             const char *const *env)
{
    return cli_run((const char *const[]){"align", "--no-store",
                                         "--presegmented", "--format",
                                         "beads", "--langs", langs,
                                         corpus_file("csto-summit", a),
                                         corpus_file("csto-summit", b),
                                         NULL},
                   NULL, env);
}

/* Without any dictionary: lengths, numbers, names, punctuation. The
 * floors are what this evidence reaches, with a little room. */
static void csto_without_dictionaries(void **state)
{
    static const struct {
        const char *a, *b, *langs, *gold;
        double floor;
    } pairs[] = {
        {"en.sents", "ru.sents", "en,ru", "en-ru.gold", 0.96},
        {"en.sents", "zh.sents", "en,zh", "en-zh.gold", 0.90},
        {"ru.sents", "zh.sents", "ru,zh", "ru-zh.gold", 0.95},
    };
    const char *env[] = {"STELE_DICT_DIR=/nonexistent", NULL};
    (void)state;
    for (size_t k = 0; k < 3; k++) {
        cli_result r = cli_run(
            (const char *const[]){"align", "--no-store", "--no-dict",
                                  "--presegmented", "--format", "beads",
                                  "--langs", pairs[k].langs,
                                  corpus_file("csto-summit", pairs[k].a),
                                  corpus_file("csto-summit", pairs[k].b),
                                  NULL},
            NULL, env);
        f1_at_least(pairs[k].langs,
                    run_f1(&r, pairs[k].langs,
                           corpus_file("csto-summit", pairs[k].gold), 0, 1),
                    pairs[k].floor);
        cli_result_free(&r);
    }
}

/* Without a dictionary the word pairs learned from a first alignment
 * stand in for one: Russian-Chinese has no Latin names or cognates to
 * go by, and on this corpus the learned pairs lift strict F1 from 0.84
 * to 0.97. */
static void csto_learned_pays(void **state)
{
    const char *env[] = {"STELE_DICT_DIR=/nonexistent", NULL};
    double f1[2];
    (void)state;
    for (int with = 0; with < 2; with++) {
        cli_result r = cli_run(
            (const char *const[]){
                "align", "--no-store", "--no-dict", "--presegmented",
                "--format", "beads", "--langs", "ru,zh", "--scorers",
                with ? "length,numbers,latin,translit,punct,learned"
                     : "length,numbers,latin,translit,punct",
                corpus_file("csto-summit", "ru.sents"),
                corpus_file("csto-summit", "zh.sents"), NULL},
            NULL, env);
        f1[with] = run_f1(&r, "ru,zh",
                          corpus_file("csto-summit", "ru-zh.gold"), 0, 1);
        cli_result_free(&r);
    }
    if (!(f1[1] > f1[0] + 0.03))
        fail_msg("learned word pairs: strict F1 %.3f, without %.3f", f1[1],
                 f1[0]);
}

/* Whether any unit of a JSON alignment drew on learned word pairs. */
static int learned_in(const char *json)
{
    const char *at = json;
    while ((at = strstr(at, "\"learned\":")) != NULL) {
        at += strlen("\"learned\":");
        if (strtod(at, NULL) != 0.0)
            return 1;
    }
    return 0;
}

/* Word pairs are learned where no dictionary is of the pair itself:
 * ru-zh with en-ru and en-zh, which meet through English, learns; en-ru
 * with en-ru does not. */
static void learned_through_english(void **state)
{
    char ru_dict[1100], zh_dict[1100];
    const char *env[] = {"STELE_DICT_DIR=/nonexistent", NULL};
    cli_result r;

    (void)state;
    snprintf(ru_dict, sizeof ru_dict, "%s/../tests/data/dict/small.en-ru.dict",
             corpora);
    snprintf(zh_dict, sizeof zh_dict, "%s/../tests/data/dict/small.en-zh.dict",
             corpora);
    r = cli_run((const char *const[]){
                    "align", "--no-store", "--no-dict", "--presegmented",
                    "--format", "json", "--langs", "ru,zh", "--dict",
                    ru_dict, "--dict", zh_dict,
                    corpus_file("csto-summit", "ru.sents"),
                    corpus_file("csto-summit", "zh.sents"), NULL},
                NULL, env);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "\"learned\":");
    if (!learned_in(r.out))
        fail_msg("ru-zh through English: no unit drew on learned pairs");
    cli_result_free(&r);
    r = cli_run((const char *const[]){
                    "align", "--no-store", "--no-dict", "--presegmented",
                    "--format", "json", "--langs", "en,ru", "--dict",
                    ru_dict, corpus_file("csto-summit", "en.sents"),
                    corpus_file("csto-summit", "ru.sents"), NULL},
                NULL, env);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "\"learned\":");
    if (learned_in(r.out))
        fail_msg("en-ru with an en-ru dictionary learned word pairs");
    cli_result_free(&r);
}

/* With the dictionaries scripts/dicts.sh builds into the build tree,
 * when they are there; the floor of 0.97 applies to en-ru and
 * en-zh. */
static void csto_with_dictionaries(void **state)
{
    char dir[1024], path[1100], env_dir[1100];
    struct stat st;
    static const struct {
        const char *a, *b, *langs, *gold;
        double floor;
    } pairs[] = {
        {"en.sents", "ru.sents", "en,ru", "en-ru.gold", 0.97},
        {"en.sents", "zh.sents", "en,zh", "en-zh.gold", 0.97},
        /* no dictionary of ru-zh itself: en-ru and en-zh meet through
         * English, and the text's own word pairs are learned on top
         * (0.898 here, where they cost a bead; they gain on the other
         * ru-zh corpora) */
        {"ru.sents", "zh.sents", "ru,zh", "ru-zh.gold", 0.88},
    };
    (void)state;
    snprintf(dir, sizeof dir, "%s/share/stele/dict", build_dir);
    snprintf(path, sizeof path, "%s/en-zh.dict", dir);
    if (stat(path, &st) != 0) {
        print_message("no %s (run scripts/dicts.sh): skipped\n", path);
        skip();
    }
    snprintf(env_dir, sizeof env_dir, "STELE_DICT_DIR=%s", dir);
    for (size_t k = 0; k < 3; k++) {
        const char *env[] = {env_dir, NULL};
        cli_result r = align_pair(pairs[k].a, pairs[k].b, pairs[k].langs,
                                  env);
        f1_at_least(pairs[k].langs,
                    run_f1(&r, pairs[k].langs,
                           corpus_file("csto-summit", pairs[k].gold), 0, 1),
                    pairs[k].floor);
        cli_result_free(&r);
    }
}

/* The languages dictionaries came to later: Japanese (written without
 * spaces) and Turkish with English and with each other, on
 * corpora/library-garden, a text with few numbers and names, so that
 * the words must carry the alignment. With the build tree's dictionaries
 * (en-ja, en-tr; ja-tr through English) each pair must reach its floor
 * and beat its own alignment without them. */
static void library_garden_with_dictionaries(void **state)
{
    char dir[1024], path[1100], env_dir[1100];
    static const struct {
        const char *a, *b, *gold;
        double floor;
    } pairs[] = {
        {"en", "ja", "en-ja.gold", 0.90},
        {"en", "tr", "en-tr.gold", 0.90},
        {"ja", "tr", "ja-tr.gold", 0.70},
    };
    (void)state;
    snprintf(dir, sizeof dir, "%s/share/stele/dict", build_dir);
    for (int k = 0; k < 2; k++) {
        struct stat st;
        snprintf(path, sizeof path, "%s/en-%s.dict", dir, k ? "tr" : "ja");
        if (stat(path, &st) != 0) {
            print_message("no %s (run scripts/dicts.sh): skipped\n", path);
            skip();
        }
    }
    snprintf(env_dir, sizeof env_dir, "STELE_DICT_DIR=%s", dir);
    for (size_t k = 0; k < 3; k++) {
        const char *env[] = {env_dir, NULL};
        char langs[16], a[32], b[32];
        double f1[2];
        snprintf(langs, sizeof langs, "%s,%s", pairs[k].a, pairs[k].b);
        snprintf(a, sizeof a, "%s.sents", pairs[k].a);
        snprintf(b, sizeof b, "%s.sents", pairs[k].b);
        for (int with = 0; with < 2; with++) {
            cli_result r = cli_run(
                (const char *const[]){
                    "align", "--no-store", "--presegmented", "--format",
                    "beads", "--langs", langs, with ? "--quiet" : "--no-dict",
                    corpus_file("library-garden", a),
                    corpus_file("library-garden", b), NULL},
                NULL, env);
            f1[with] = run_f1(&r, langs,
                              corpus_file("library-garden", pairs[k].gold),
                              0, 1);
            cli_result_free(&r);
        }
        print_message("%s: strict F1 %.3f with dictionaries, %.3f without\n",
                      langs, f1[1], f1[0]);
        if (f1[1] < pairs[k].floor || f1[1] <= f1[0])
            fail_msg("%s: strict F1 %.3f with dictionaries (floor %.2f), "
                     "%.3f without",
                     langs, f1[1], pairs[k].floor, f1[0]);
    }
}

/* "stele align --presegmented --format beads" on the .sents of @p corpus
 * in the languages @p langs ("en,ru" or "en,ru,zh", the files in that
 * order), with the dictionaries of STELE_DICT_DIR=@p dict_dir, or with
 * none when @p dict_dir is NULL. */
static cli_result align_corpus(const char *corpus, const char *langs,
                               const char *dict_dir)
{
    char env_dir[1100], names[3][32];
    const char *env[] = {env_dir, NULL};
    const char *args[16] = {"align", "--no-store", "--presegmented",
                            "--format", "beads", "--langs", langs,
                            dict_dir != NULL ? "--quiet" : "--no-dict"};
    size_t n = 8;

    snprintf(env_dir, sizeof env_dir, "STELE_DICT_DIR=%s",
             dict_dir != NULL ? dict_dir : "/nonexistent");
    for (const char *l = langs; n < 8 + 3 && *l != '\0'; n++) {
        size_t len = strcspn(l, ",");
        snprintf(names[n - 8], sizeof names[0], "%.*s.sents", (int)len, l);
        args[n] = corpus_file(corpus, names[n - 8]);
        l += len + (l[len] == ',');
    }
    return cli_run(args, NULL, env);
}

/* corpora/novella-ferry, literary prose held out from tuning the
 * aligner: its translations split, merge and reorder sentences as
 * published ones do (a third of the English-Chinese beads are 1-2 or
 * 1-3). Each pair, and each pair of fields of the three-way units, must
 * keep the strict F1 it had when the corpus came in, with a little room:
 * without dictionaries en-ru 0.958, en-zh 0.872, ru-zh 0.862 and
 * three-way 0.856, 0.831, 0.852; with the build tree's dictionaries
 * 0.928 (below the 0.958 without), 0.890, 0.907 and 0.898, 0.861,
 * 0.858. Since finds are discounted by the share of the text that holds
 * them (align/dp.c), without dictionaries 0.947, 0.897, 0.883 and
 * 0.861, 0.852, 0.861; with them 0.950, 0.917, 0.955 and 0.910, 0.889,
 * 0.886. */
static void novella_ferry_floors(int with_dict)
{
    static const struct {
        const char *langs, *gold;
        size_t fa, fb;
        double floor[2]; /* without, with dictionaries */
    } cases[] = {
        {"en,ru", "en-ru.gold", 0, 1, {0.93, 0.93}},
        {"en,zh", "en-zh.gold", 0, 1, {0.87, 0.90}},
        {"ru,zh", "ru-zh.gold", 0, 1, {0.86, 0.93}},
        {"en,ru,zh", "en-ru-zh.gold", 0, 1, {0.84, 0.89}},
        {"en,ru,zh", "en-ru-zh.gold", 0, 2, {0.83, 0.87}},
        {"en,ru,zh", "en-ru-zh.gold", 1, 2, {0.84, 0.87}},
    };
    char dir[1024], path[1100];
    cli_result r = {0};
    const char *aligned = NULL;

    snprintf(dir, sizeof dir, "%s/share/stele/dict", build_dir);
    for (int k = 0; with_dict && k < 2; k++) {
        struct stat st;
        snprintf(path, sizeof path, "%s/en-%s.dict", dir, k ? "zh" : "ru");
        if (stat(path, &st) != 0) {
            print_message("no %s (run scripts/dicts.sh): skipped\n", path);
            skip();
        }
    }
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char what[96];
        /* the three-way units are aligned once and scored per pair */
        if (aligned == NULL || strcmp(aligned, cases[k].langs) != 0) {
            if (aligned != NULL)
                cli_result_free(&r);
            r = align_corpus("novella-ferry", cases[k].langs,
                             with_dict ? dir : NULL);
            aligned = cases[k].langs;
        }
        snprintf(what, sizeof what, "%s fields %zu-%zu %s dictionaries",
                 cases[k].langs, cases[k].fa, cases[k].fb,
                 with_dict ? "with" : "without");
        f1_at_least(what,
                    run_f1(&r, what,
                           corpus_file("novella-ferry", cases[k].gold),
                           cases[k].fa, cases[k].fb),
                    cases[k].floor[with_dict]);
    }
    cli_result_free(&r);
}

static void novella_ferry_without_dictionaries(void **state)
{
    (void)state;
    novella_ferry_floors(0);
}

static void novella_ferry_with_dictionaries(void **state)
{
    (void)state;
    novella_ferry_floors(1);
}

/* Text files as a user gives them: stele's own sentences (which match
 * the gold's in these corpora) and its paragraphs, one per line. Each
 * of these pairs has paragraphs that end with a sentence left out or
 * begin with one added; a rule that wanted every bead to end at a break
 * on both sides or on neither gave 0.909, 0.968 and 0.892 here, and a
 * segmenter that joined short lines as hard-wrapped prose made
 * novella-ferry's paragraphs disagree (now 1.000, 1.000, 0.956, 0.966,
 * without dictionaries). */
static void text_files_with_paragraphs(void **state)
{
    static const struct {
        const char *corpus, *langs, *a, *b, *gold;
        double floor;
    } cases[] = {
        {"weather-station", "de,zh", "de.txt", "zh.txt", "de-zh.gold", 0.98},
        {"weather-station", "en,de", "en.txt", "de.txt", "en-de.gold", 0.98},
        {"moselle-harvest", "de,fr", "de.txt", "fr.txt", "de-fr.gold", 0.93},
        {"novella-ferry", "en,ru", "en.txt", "ru.txt", "en-ru.gold", 0.94},
    };
    const char *env[] = {"STELE_DICT_DIR=/nonexistent", NULL};

    (void)state;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char a[1100], b[1100];
        const char *args[] = {"align", "--no-store", "--no-dict", "--quiet",
                              "--format", "beads", "--langs", cases[k].langs,
                              a, b, NULL};
        cli_result r;
        char what[96];

        snprintf(a, sizeof a, "%s", corpus_file(cases[k].corpus, cases[k].a));
        snprintf(b, sizeof b, "%s", corpus_file(cases[k].corpus, cases[k].b));
        snprintf(what, sizeof what, "%s %s-%s from text", cases[k].corpus,
                 cases[k].a, cases[k].b);
        r = cli_run(args, NULL, env);
        f1_at_least(what,
                    run_f1(&r, what,
                           corpus_file(cases[k].corpus, cases[k].gold), 0,
                           1),
                    cases[k].floor);
        cli_result_free(&r);
    }
}

/* A copy of text file @p in (a paragraph a line) at @p out whose
 * paragraphs no longer correspond to the original's but are as many:
 * the paragraph a quarter of the way in joined to the next, and the
 * first from three quarters on that holds @p stop in its middle split
 * after it. The sentences stay the same (the test checks). */
static void shift_paragraphs(const char *in, const char *out,
                             const char *stop)
{
    char *lines[512];
    size_t n = 0, join, split;
    char buf[16384];
    FILE *fp = fopen(in, "r");

    assert_non_null(fp);
    while (n < 512 && fgets(buf, sizeof buf, fp) != NULL) {
        buf[strcspn(buf, "\n")] = '\0';
        if (buf[0] != '\0')
            lines[n++] = strdup(buf);
    }
    fclose(fp);
    assert_true(n >= 8);
    join = n / 4;
    for (split = 3 * n / 4; split < n; split++) {
        char *at = strstr(lines[split], stop);
        if (at != NULL && at[strlen(stop)] != '\0')
            break;
    }
    assert_true(split < n);
    fp = fopen(out, "w");
    assert_non_null(fp);
    for (size_t k = 0; k < n; k++) {
        if (k == split) {
            char *at = strstr(lines[k], stop) + strlen(stop);
            while (*at == ' ')
                at++;
            fprintf(fp, "%.*s\n\n%s\n\n", (int)(at - lines[k]), lines[k],
                    at);
        } else {
            fprintf(fp, "%s%s", lines[k], k == join ? " " : "\n\n");
        }
        free(lines[k]);
    }
    fclose(fp);
}

/* Versions with as many paragraphs that do not correspond (a translator
 * joined two and split another): the paragraphs may not hold the units
 * to paragraph k = k, or every unit between the join and the split is
 * torn (strict F1 0.41 and 0.58 here when they did). */
static void text_files_whose_paragraphs_shift(void **state)
{
    static const struct {
        const char *corpus, *langs, *a, *b, *lang_b, *stop, *gold;
        double floor;
    } cases[] = {
        {"tessa-interview", "en,zh", "en.txt", "zh.txt", "zh", "\xe3\x80\x82",
         "en-zh.gold", 0.90},
        {"novella-ferry", "en,ru", "en.txt", "ru.txt", "ru", ". ",
         "en-ru.gold", 0.93},
    };
    const char *env[] = {"STELE_DICT_DIR=/nonexistent", NULL};

    (void)state;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char a[1100], b[1100], shifted[512];
        const char *args[] = {"align", "--no-store", "--no-dict", "--quiet",
                              "--format", "beads", "--langs", cases[k].langs,
                              a, shifted, NULL};
        const char *seg_b[] = {"segment", "--quiet", "--lang",
                               cases[k].lang_b, b, NULL};
        const char *seg_shifted[] = {"segment", "--quiet", "--lang",
                                     cases[k].lang_b, shifted, NULL};
        cli_result r, s0, s1;
        char what[128];

        snprintf(a, sizeof a, "%s", corpus_file(cases[k].corpus, cases[k].a));
        snprintf(b, sizeof b, "%s", corpus_file(cases[k].corpus, cases[k].b));
        snprintf(shifted, sizeof shifted, "%s/shifted-%zu.txt", tmpdir, k);
        shift_paragraphs(b, shifted, cases[k].stop);
        s0 = cli_run(seg_b, NULL, NULL);
        s1 = cli_run(seg_shifted, NULL, NULL);
        assert_int_equal(s0.status, 0);
        assert_int_equal(s1.status, 0);
        if (s0.out_len != s1.out_len || memcmp(s0.out, s1.out, s0.out_len))
            fail_msg("%s: shifting the paragraphs changed the sentences",
                     shifted);
        cli_result_free(&s0);
        cli_result_free(&s1);
        snprintf(what, sizeof what, "%s %s-%s, paragraphs shifted",
                 cases[k].corpus, cases[k].a, cases[k].b);
        r = cli_run(args, NULL, env);
        f1_at_least(what,
                    run_f1(&r, what,
                           corpus_file(cases[k].corpus, cases[k].gold), 0,
                           1),
                    cases[k].floor);
        cli_result_free(&r);
    }
}

/* @p copies of file @p in, one after another, at @p out; returns the
 * number of non-empty lines of one copy. */
static size_t write_copies(const char *in, const char *out, int copies)
{
    char line[16384];
    size_t lines = 0;
    FILE *src, *dst = fopen(out, "w");

    assert_non_null(dst);
    for (int c = 0; c < copies; c++) {
        src = fopen(in, "r");
        assert_non_null(src);
        while (fgets(line, sizeof line, src) != NULL) {
            fputs(line, dst);
            lines += c == 0 && line[0] != '\n';
        }
        fclose(src);
    }
    fclose(dst);
    return lines;
}

/* Files whose names carry no language are read as the language their
 * text is in, with a warning that names it; the units are those of the
 * same files with --langs. A text that tells nothing is refused. */
static void languages_from_the_text(void **state)
{
    char src[512], tgt[512], digits[512];
    cli_result guessed, given, refused;
    FILE *fp;

    (void)state;
    snprintf(src, sizeof src, "%s/source.txt", tmpdir);
    snprintf(tgt, sizeof tgt, "%s/target.txt", tmpdir);
    snprintf(digits, sizeof digits, "%s/digits.txt", tmpdir);
    write_copies(corpus_file("csto-summit", "en.sents"), src, 1);
    write_copies(corpus_file("csto-summit", "zh.sents"), tgt, 1);
    guessed = cli_run((const char *const[]){"align", "--no-store",
                                            "--presegmented", "--format",
                                            "beads", src, tgt, NULL},
                      NULL, NULL);
    given = cli_run((const char *const[]){"align", "--no-store",
                                          "--presegmented", "--format",
                                          "beads", "--langs", "en,zh", src,
                                          tgt, NULL},
                    NULL, NULL);
    assert_int_equal(guessed.status, 0);
    assert_int_equal(given.status, 0);
    assert_contains(guessed.err, "source.txt: no language in the file's "
                                 "name; its text reads as 'en'");
    assert_contains(guessed.err, "its text reads as 'zh'");
    assert_true(guessed.out_len > 0);
    assert_string_equal(guessed.out, given.out);
    cli_result_free(&guessed);
    cli_result_free(&given);

    fp = fopen(digits, "w");
    assert_non_null(fp);
    fputs("1 2 3\n4 5 6\n", fp);
    fclose(fp);
    refused = cli_run((const char *const[]){"align", "--no-store", digits,
                                            tgt, NULL},
                      NULL, NULL);
    assert_int_equal(refused.status, 2);
    assert_contains(cli_first_err_line(&refused),
                    "cannot tell the language of");
    assert_contains(cli_first_err_line(&refused), "digits.txt");
    cli_result_free(&refused);
}

/* The gold beads of @p copies copies of a pair, each shifted by the
 * sentences of the copies before it. */
static void write_gold_copies(const char *gold, const char *out, int copies,
                              size_t na, size_t nb)
{
    char line[4096];
    FILE *src, *dst = fopen(out, "w");

    assert_non_null(dst);
    for (int c = 0; c < copies; c++) {
        src = fopen(gold, "r");
        assert_non_null(src);
        while (fgets(line, sizeof line, src) != NULL) {
            size_t offset = (size_t)c * na;
            for (char *q = line; *q != '\0';) {
                if (*q == ':')
                    offset = (size_t)c * nb;
                if (*q >= '0' && *q <= '9') {
                    fprintf(dst, "%zu", strtoul(q, &q, 10) + offset);
                    continue;
                }
                fputc(*q++, dst);
            }
        }
        fclose(src);
    }
    fclose(dst);
}

/* A text that repeats itself (a story twenty times over, 3,020 and
 * 3,100 sentences): the coarse pass of the search may not save by
 * leaving out whole blocks where a stretch looks like the next one.
 * It did when a block left out cost what one sentence does: strict F1
 * 0.45 without dictionaries, 0.30 with. */
static void long_text_that_repeats(void **state)
{
    char en[512], ru[512], gold[512];
    const char *env[] = {"STELE_DICT_DIR=/nonexistent", NULL};
    const char *args[] = {"align", "--no-store", "--no-dict", "--quiet",
                          "--presegmented", "--format", "beads", "--langs",
                          "en,ru", en, ru, NULL};
    size_t na, nb;
    cli_result r;

    (void)state;
    snprintf(en, sizeof en, "%s/repeated.en", tmpdir);
    snprintf(ru, sizeof ru, "%s/repeated.ru", tmpdir);
    snprintf(gold, sizeof gold, "%s/repeated.gold", tmpdir);
    na = write_copies(corpus_file("novella-ferry", "en.sents"), en, 20);
    nb = write_copies(corpus_file("novella-ferry", "ru.sents"), ru, 20);
    write_gold_copies(corpus_file("novella-ferry", "en-ru.gold"), gold, 20,
                      na, nb);
    r = cli_run(args, NULL, env);
    f1_at_least("novella-ferry en-ru twenty times over",
                run_f1(&r, "twenty copies", gold, 0, 1), 0.90);
    cli_result_free(&r);
}

/* One gold bead of a pair: its sentences on each side. */
typedef struct gold_bead {
    unsigned a[8], b[8];
    size_t na, nb;
} gold_bead;

static size_t read_gold_beads(const char *path, gold_bead *out, size_t max)
{
    char line[4096];
    size_t n = 0;
    FILE *fp = fopen(path, "r");

    assert_non_null(fp);
    while (n < max && fgets(line, sizeof line, fp) != NULL) {
        int side = 0;
        gold_bead *g = &out[n];
        memset(g, 0, sizeof *g);
        for (char *q = line; *q != '\0';) {
            if (*q == ':')
                side = 1;
            if (*q >= '0' && *q <= '9') {
                unsigned v = (unsigned)strtoul(q, &q, 10);
                if (side == 0 && g->na < 8)
                    g->a[g->na++] = v;
                else if (side == 1 && g->nb < 8)
                    g->b[g->nb++] = v;
                continue;
            }
            q++;
        }
        if (g->na + g->nb > 0)
            n++;
    }
    fclose(fp);
    return n;
}

/* csto-summit's English aligned without dictionaries with its Chinese
 * lacking the sentences of the gold beads from the middle on, at most
 * @p limit of them (the gold renumbered to match): strict F1 at least
 * @p floor. */
static void align_with_chinese_cut(const char *name, size_t limit,
                                   double floor)
{
    static gold_bead gold[256];
    static int removed[1024], renumbered[1024];
    char zh[512], goldpath[512], line[16384];
    const char *env[] = {"STELE_DICT_DIR=/nonexistent", NULL};
    const char *args[] = {"align", "--no-store", "--no-dict", "--quiet",
                          "--presegmented", "--format", "beads", "--langs",
                          "en,zh", corpus_file("csto-summit", "en.sents"),
                          zh, NULL};
    size_t n, k, cut = 0, next = 0, sentence = 0;
    FILE *in, *out;
    cli_result r;
    char what[128];

    memset(removed, 0, sizeof removed);
    n = read_gold_beads(corpus_file("csto-summit", "en-zh.gold"), gold, 256);
    assert_true(n > 40);
    for (k = n / 2; k < n && cut < limit; k++)
        for (size_t q = 0; q < gold[k].nb; q++, cut++)
            removed[gold[k].b[q]] = 1;
    snprintf(zh, sizeof zh, "%s/%s.zh", tmpdir, name);
    snprintf(goldpath, sizeof goldpath, "%s/%s.gold", tmpdir, name);
    in = fopen(corpus_file("csto-summit", "zh.sents"), "r");
    out = fopen(zh, "w");
    assert_non_null(in);
    assert_non_null(out);
    while (fgets(line, sizeof line, in) != NULL && sentence < 1024) {
        if (line[0] == '\n')
            continue;
        if (!removed[sentence]) {
            renumbered[sentence] = (int)next++;
            fputs(line, out);
        }
        sentence++;
    }
    fclose(in);
    fclose(out);
    out = fopen(goldpath, "w");
    assert_non_null(out);
    for (k = 0; k < n; k++) {
        size_t kept = 0;
        for (size_t q = 0; q < gold[k].nb; q++)
            kept += !removed[gold[k].b[q]];
        if (gold[k].nb > 0 && kept == 0) {
            for (size_t q = 0; q < gold[k].na; q++)
                fprintf(out, "[%u]:[]\n", gold[k].a[q]);
            continue;
        }
        fputc('[', out);
        for (size_t q = 0; q < gold[k].na; q++)
            fprintf(out, "%s%u", q ? ", " : "", gold[k].a[q]);
        fputs("]:[", out);
        for (size_t q = 0, w = 0; q < gold[k].nb; q++)
            if (!removed[gold[k].b[q]])
                fprintf(out, "%s%d", w++ ? ", " : "",
                        renumbered[gold[k].b[q]]);
        fputs("]\n", out);
    }
    fclose(out);
    snprintf(what, sizeof what,
             "csto-summit en-zh without %zu Chinese sentences (%s)", cut,
             name);
    r = cli_run(args, NULL, env);
    f1_at_least(what, run_f1(&r, what, goldpath, 0, 1), floor);
    cli_result_free(&r);
}

/* A version that lacks a passage, twenty sentences or a few more from
 * the middle on. Leaving them out one by one cost more than spreading
 * the English over what was left (strict F1 0.20); runs of omissions
 * cost less (0.76), and the ratio measured without length puts the
 * rest right (0.94). */
static void passage_left_out(void **state)
{
    (void)state;
    align_with_chinese_cut("passage", 20, 0.85);
}

/* A translation of the first half only: the ratio of the whole texts is
 * then half the translation's, and the English was spread over the
 * Chinese (strict F1 0.17); a pass without length measures the ratio
 * again (align/dp.c, ratio_from_anchors). */
static void first_half_translated(void **state)
{
    (void)state;
    align_with_chinese_cut("half", SIZE_MAX, 0.85);
}

/* The language of a file from its name: a .LL. part (article.en.txt),
 * a last part as parallel corpora name their sides (dev.en,
 * dev.zh-CN), a stem (en.sents). */
static void languages_from_names(void **state)
{
    static const struct {
        const char *a, *b, *langs;
    } cases[] = {
        {"article.en.txt", "article.zh.txt", "[\"en\",\"zh\"]"},
        {"dev.en", "dev.zh-CN", "[\"en\",\"zh-CN\"]"},
        {"en.sents", "zh.sents", "[\"en\",\"zh\"]"},
    };
    (void)state;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char a[512], b[512];
        cli_result r;
        snprintf(a, sizeof a, "%s/%s", tmpdir, cases[k].a);
        snprintf(b, sizeof b, "%s/%s", tmpdir, cases[k].b);
        write_copies(corpus_file("csto-summit", "en.sents"), a, 1);
        write_copies(corpus_file("csto-summit", "zh.sents"), b, 1);
        r = cli_run((const char *const[]){"align", "--no-store", "--no-dict",
                                          "--presegmented", "--format",
                                          "json", a, b, NULL},
                    NULL, NULL);
        if (r.status != 0)
            fail_msg("%s %s: exit %d: %s", cases[k].a, cases[k].b, r.status,
                     cli_first_err_line(&r));
        assert_contains(r.out, cases[k].langs);
        cli_result_free(&r);
    }
}

/* Three languages at once: each pair of the three-way units against the
 * three-way gold, and complete coverage of every sentence. */
static void csto_three_way(void **state)
{
    const char *env[] = {"STELE_DICT_DIR=/nonexistent", NULL};
    cli_result r;
    (void)state;
    r = cli_run((const char *const[]){"align", "--no-store", "--no-dict",
                                      "--presegmented", "--format", "beads",
                                      "--langs", "en,ru,zh",
                                      corpus_file("csto-summit", "en.sents"),
                                      corpus_file("csto-summit", "ru.sents"),
                                      corpus_file("csto-summit", "zh.sents"),
                                      NULL},
                NULL, env);
    for (size_t a = 0; a < 3; a++)
        for (size_t b = a + 1; b < 3; b++) {
            char what[64];
            snprintf(what, sizeof what, "en,ru,zh fields %zu-%zu", a, b);
            f1_at_least(what,
                        run_f1(&r, what,
                               corpus_file("csto-summit", "en-ru-zh.gold"),
                               a, b),
                        0.85);
        }
    cli_result_free(&r);
}

/* ------------------------------------------------------------ formats */

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++)
        n += *s == '\n';
    return n;
}

static void formats(void **state)
{
    const char *en = corpus_file("csto-summit", "en.sents");
    const char *zh = corpus_file("csto-summit", "zh.sents");
    cli_result beads, tsv, json;
    (void)state;
    beads = cli_run((const char *const[]){"align", "--no-store",
                                          "--presegmented", "--format",
                                          "beads", "--langs", "en,zh", en,
                                          zh, NULL},
                    NULL, NULL);
    tsv = cli_run((const char *const[]){"align", "--no-store",
                                        "--presegmented", "--langs", "en,zh",
                                        "--flag-below", "1", en, zh, NULL},
                  NULL, NULL);
    json = cli_run((const char *const[]){"align", "--no-store",
                                         "--presegmented", "--format",
                                         "json", "--langs", "en,zh", en, zh,
                                         NULL},
                   NULL, NULL);
    assert_int_equal(beads.status, 0);
    assert_int_equal(tsv.status, 0);
    assert_int_equal(json.status, 0);
    /* one line per unit in tsv (the default without a store) and beads */
    assert_int_equal(count_lines(beads.out), count_lines(tsv.out));
    /* --flag-below 1 flags every unit below full confidence */
    assert_non_null(strstr(tsv.out, "\tFLAG\t"));
    assert_contains(tsv.out, "\tPutin Proposes Providing Modern");
    assert_contains(json.out, "{\"languages\":[\"en\",\"zh\"]");
    assert_contains(json.out, "\"scores\":{\"numbers\":");
    assert_contains(json.out, "\"length\":");
    cli_result_free(&beads);
    cli_result_free(&tsv);
    cli_result_free(&json);
}

/* --------------------------------------------------------------- store */

static void writes_the_memory_once(void **state)
{
    char db[512], env_db[600];
    const char *env[2];
    const char *en = corpus_file("csto-summit", "en.txt");
    const char *ru = corpus_file("csto-summit", "ru.txt");
    struct stat st;
    cli_result r;

    (void)state;
    snprintf(db, sizeof db, "%s/tm.db", tmpdir);
    snprintf(env_db, sizeof env_db, "STELE_DB=%s", db);
    env[0] = env_db;
    env[1] = NULL;
    r = cli_run((const char *const[]){"align", "--no-store", "--langs",
                                      "en,ru", en, ru, NULL},
                NULL, env);
    assert_int_equal(r.status, 0);
    assert_int_not_equal(stat(db, &st), 0); /* --no-store wrote nothing */
    cli_result_free(&r);

    r = cli_run((const char *const[]){"align", "--langs", "en,ru", en, ru,
                                      NULL},
                NULL, env);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.out_len, 0);
    assert_contains(cli_first_err_line(&r), "stele: added document 1:");
    cli_result_free(&r);

    r = cli_run((const char *const[]){"align", "--langs", "en,ru", en, ru,
                                      NULL},
                NULL, env);
    assert_int_equal(r.status, 0);
    assert_contains(cli_first_err_line(&r), "stele: unchanged document 1:");
    cli_result_free(&r);

    r = cli_run((const char *const[]){"list", NULL}, NULL, env);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "en,ru");
    assert_contains(r.out, "Putin Proposes Providing Modern");
    cli_result_free(&r);
}

static void write_in(const char *dir, const char *name, const char *text)
{
    char path[1024];
    FILE *fp;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* The dictionaries "stele align -v" says it loaded for @p langs, one
 * "dictionary NAME" or "fallback dictionary NAME" per line, in order
 * (NAME without the folder), into @p out. */
static void loaded_for(const char *dir, const char *langs, char *out,
                       size_t size)
{
    char env_dir[1100], a[1100], b[1100], c[1100];
    const char *env[] = {env_dir, "XDG_DATA_HOME=/nonexistent", NULL};
    const char *args[16] = {"align", "-v", "--no-store", "--presegmented",
                            "--format", "beads", "--langs", langs, a, b};
    size_t used = 0, nfiles = strchr(strchr(langs, ',') + 1, ',') ? 3 : 2;
    cli_result r;

    snprintf(env_dir, sizeof env_dir, "STELE_DICT_DIR=%s", dir);
    snprintf(a, sizeof a, "%s/text.a", dir);
    snprintf(b, sizeof b, "%s/text.b", dir);
    snprintf(c, sizeof c, "%s/text.c", dir);
    if (nfiles == 3)
        args[10] = c;
    r = cli_run(args, NULL, env);
    assert_int_equal(r.status, 0);
    out[0] = '\0';
    for (const char *line = r.err; *line != '\0';) {
        const char *eol = strchr(line, '\n');
        const char *name = strstr(line, "dictionary ");
        size_t len = eol != NULL ? (size_t)(eol - line) : strlen(line);
        if (name != NULL && name < line + len) {
            const char *base = name + strlen("dictionary ") + strlen(dir) + 1;
            const char *colon = strchr(base, ':');
            used += (size_t)snprintf(out + used, size - used, "%s%.*s %.*s",
                                     used > 0 ? "; " : "",
                                     (int)(name + 10 - line - 7), line + 7,
                                     (int)(colon - base), base);
        }
        line += len + (eol != NULL);
    }
    cli_result_free(&r);
}

/* Which dictionaries a pair gets (cli/dicts.c): its own, with English
 * pivots as fallbacks; else two through English; else two through a
 * language that is the source of both; Norwegian under either tag. The
 * languages are ones scripts/dicts.sh builds no dictionary for, so that
 * the build tree's dictionaries, searched after STELE_DICT_DIR, do not
 * come in. */
static void finds_dictionaries(void **state)
{
    char dir[512], got[2048];
    (void)state;
    snprintf(dir, sizeof dir, "%s/dicts", tmpdir);
    assert_int_equal(mkdir(dir, 0755), 0);
    write_in(dir, "text.a", "Eins.\nZwei.\n");
    write_in(dir, "text.b", "Un.\nDeux.\n");
    write_in(dir, "text.c", "One.\nTwo.\n");
    write_in(dir, "et-lv.dict", "# stele-dict et lv\nmāja @ maja\n");
    write_in(dir, "en-et.dict", "# stele-dict en et\nmaja @ house\n");
    write_in(dir, "en-lv.dict", "# stele-dict en lv\nmāja @ house\n");
    write_in(dir, "en-ro.dict", "# stele-dict en ro\ncasă @ house\n");
    write_in(dir, "he-fa.dict", "# stele-dict he fa\nx @ y\n");
    write_in(dir, "he-vi.dict", "# stele-dict he vi\nx @ y\n");
    /* ka is the source here, he the target: no pivot for fa-ka */
    write_in(dir, "he-ka.dict", "# stele-dict ka he\ny @ x\n");
    write_in(dir, "en-nb.dict", "# stele-dict en nb\nhus @ house\n");

    loaded_for(dir, "et,lv", got, sizeof got);
    assert_string_equal(got, "dictionary et-lv.dict; "
                             "fallback dictionary en-et.dict; "
                             "fallback dictionary en-lv.dict");
    loaded_for(dir, "lv,ro", got, sizeof got);
    assert_string_equal(got, "dictionary en-lv.dict; "
                             "dictionary en-ro.dict");
    loaded_for(dir, "en,et", got, sizeof got);
    assert_string_equal(got, "dictionary en-et.dict");
    /* en-et and en-lv serve their own pairs in full: not as fallbacks */
    loaded_for(dir, "et,lv,en", got, sizeof got);
    assert_string_equal(got, "dictionary et-lv.dict; "
                             "dictionary en-et.dict; "
                             "dictionary en-lv.dict");
    loaded_for(dir, "fa,vi", got, sizeof got);
    assert_string_equal(got, "dictionary he-fa.dict; "
                             "dictionary he-vi.dict");
    loaded_for(dir, "fa,ka", got, sizeof got);
    assert_string_equal(got, "");
    loaded_for(dir, "en,no", got, sizeof got);
    assert_string_equal(got, "dictionary en-nb.dict");
    loaded_for(dir, "nb-NO,en", got, sizeof got);
    assert_string_equal(got, "dictionary en-nb.dict");
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(usage_errors),
        cmocka_unit_test(languages_from_the_text),
        cmocka_unit_test(runtime_errors),
        cmocka_unit_test(csto_without_dictionaries),
        cmocka_unit_test(csto_learned_pays),
        cmocka_unit_test(learned_through_english),
        cmocka_unit_test(csto_with_dictionaries),
        cmocka_unit_test(library_garden_with_dictionaries),
        cmocka_unit_test(csto_three_way),
        cmocka_unit_test(novella_ferry_without_dictionaries),
        cmocka_unit_test(novella_ferry_with_dictionaries),
        cmocka_unit_test(text_files_with_paragraphs),
        cmocka_unit_test(text_files_whose_paragraphs_shift),
        cmocka_unit_test(long_text_that_repeats),
        cmocka_unit_test(passage_left_out),
        cmocka_unit_test(first_half_translated),
        cmocka_unit_test(languages_from_names),
        cmocka_unit_test(formats),
        cmocka_unit_test(writes_the_memory_once),
        cmocka_unit_test(finds_dictionaries),
    };
    if (argc < 4) {
        fprintf(stderr, "usage: test_align_cli STELE CORPORA BUILD_DIR\n");
        return 2;
    }
    cli_binary = argv[1];
    corpora = argv[2];
    build_dir = argv[3];
    return cmocka_run_group_tests(tests, setup, teardown);
}
