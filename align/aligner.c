/*
 * align/aligner.c - the public aligner: two or three documents to units.
 *
 * Design. Neural aligners (Vecalign, Bertalign) compare sentence
 * embeddings; stele has no model and no network, so it combines the
 * evidence a careful reader uses without knowing both languages: lengths
 * (Gale and Church 1993, with the ratio and variance of the pair measured
 * on the document itself, since English runs about four times longer than
 * Chinese in characters), and anchors that survive translation: numbers,
 * Latin-script names, transliterated names and loanwords, punctuation,
 * and an optional bilingual dictionary (hunalign's idea, Varga et al.
 * 2005). Each pair of documents is aligned by dp.c, once with default
 * parameters and once with parameters re-estimated from that first
 * alignment; where no dictionary is of the pair itself, word pairs
 * learned from that alignment (learn.c) feed one more alignment.
 *
 * Three documents. The first is taken as the original the other two
 * translate, and is the pivot: it is aligned with each of the others,
 * and the two pair alignments are merged into three-way units (a unit
 * ends where both have a bead boundary at the same place in the pivot),
 * so the second and third documents are paired through the first. The
 * pairs with the original are the reliable ones: two translations of
 * one text share less than each shares with it (on the five three-way
 * golds under corpora/, pivoting on the first document was as good as or
 * better than choosing, among the three documents, the pivot whose
 * implied third pairing agreed best with that pair aligned directly:
 * story-lighthouse 0.944/0.917/0.911 -> 0.961/0.933/0.927, the others
 * unchanged; pivoting on the second or third did worse on four of the
 * five). It also saves aligning the third pair.
 */
#include "align_int.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

const char *const stele_align_component_names[NCOMPONENTS] = {
    "numbers", "latin", "translit", "punct", "dict", "learned",
    "numwords", "pinyin", "dict_char", "length",  "prior", "paragraph"};

struct stele_aligner {
    stele_align_options opts;
    align_dict *dicts;
    stele_error error;
    stele_progress_fn progress;  /* stele_aligner_set_progress, or NULL */
    void *progress_payload;
};

struct stele_alignment {
    size_t ndocs;
    char langs[STELE_MAX_LANGS][32];
    stele_unit *units;
    float *comp; /* count * NCOMPONENTS */
    size_t count;
};

int stele_aligner_open(stele_aligner **out, const stele_align_options *opts)
{
    stele_align_options defaults = STELE_ALIGN_OPTIONS_INIT;
    stele_aligner *al = calloc(1, sizeof *al);

    *out = al;
    if (al == NULL)
        return STELE_ENOMEM;
    stele_error_clear(&al->error);
    al->opts = defaults;
    if (opts != NULL) {
        if (opts->version != STELE_ALIGN_OPTIONS_VERSION)
            return stele_error_set(&al->error, STELE_EINVAL, NULL, 0, -1,
                                   "align options version %d, expected %d",
                                   opts->version,
                                   STELE_ALIGN_OPTIONS_VERSION);
        if (!(opts->flag_below >= 0.0 && opts->flag_below <= 1.0))
            return stele_error_set(&al->error, STELE_EINVAL, NULL, 0, -1,
                                   "flag threshold must be in [0, 1]");
        al->opts = *opts;
    }
    return STELE_OK;
}

void stele_aligner_set_progress(stele_aligner *aligner, stele_progress_fn fn,
                                void *payload)
{
    if (aligner == NULL)
        return;
    aligner->progress = fn;
    aligner->progress_payload = payload;
}

void stele_aligner_close(stele_aligner *aligner)
{
    if (aligner == NULL)
        return;
    align_dict_free(aligner->dicts);
    free(aligner);
}

const stele_error *stele_aligner_error(const stele_aligner *aligner)
{
    return &aligner->error;
}

static int load_dict(stele_aligner *aligner, const char *path,
                     const char *source_lang, const char *target_lang,
                     int fallback)
{
    stele_error_clear(&aligner->error);
    if (path == NULL)
        return stele_error_set(&aligner->error, STELE_EINVAL, NULL, 0, -1,
                               "no dictionary path");
    return align_dict_load(&aligner->dicts, path, source_lang, target_lang,
                           fallback, &aligner->error);
}

int stele_aligner_load_dict(stele_aligner *aligner, const char *path,
                            const char *source_lang, const char *target_lang)
{
    return load_dict(aligner, path, source_lang, target_lang, 0);
}

int stele_aligner_load_fallback_dict(stele_aligner *aligner, const char *path,
                                     const char *source_lang,
                                     const char *target_lang)
{
    return load_dict(aligner, path, source_lang, target_lang, 1);
}

void stele_alignment_free(stele_alignment *alignment)
{
    if (alignment == NULL)
        return;
    free(alignment->units);
    free(alignment->comp);
    free(alignment);
}

size_t stele_alignment_ndocs(const stele_alignment *alignment)
{
    return alignment->ndocs;
}

const char *stele_alignment_lang(const stele_alignment *alignment, size_t k)
{
    return k < alignment->ndocs ? alignment->langs[k] : "";
}

size_t stele_alignment_count(const stele_alignment *alignment)
{
    return alignment->count;
}

const stele_unit *stele_alignment_unit(const stele_alignment *alignment,
                                       size_t index)
{
    return index < alignment->count ? &alignment->units[index] : NULL;
}

size_t stele_alignment_score_count(const stele_alignment *alignment)
{
    (void)alignment;
    return NCOMPONENTS;
}

const char *stele_alignment_score_name(const stele_alignment *alignment,
                                       size_t j)
{
    (void)alignment;
    return j < NCOMPONENTS ? stele_align_component_names[j] : "";
}

double stele_alignment_score(const stele_alignment *alignment, size_t index,
                             size_t j)
{
    if (index >= alignment->count || j >= NCOMPONENTS)
        return 0.0;
    return alignment->comp[index * NCOMPONENTS + j];
}

/* ------------------------------------------------------------ pairs */

typedef struct pair_result {
    bead *beads;
    size_t n;
} pair_result;

/* One alignment of a pair, with @p fa and @p fb seen through the
 * scorers asked for; around @p previous when it is not NULL. */
static int align_once(const stele_aligner *al, const doc_features *fa,
                      const doc_features *fb, align_progress *progress,
                      const pair_result *previous, pair_result *out)
{
    side a, b;
    dp_params p;
    int rc;

    rc = pair_sides(fa, fb, al->opts.scorers, &a, &b);
    if (rc < 0)
        return rc;
    dp_params_default(&p);
    p.progress = progress;
    if ((al->opts.scorers & STELE_SCORER_LENGTH) == 0)
        p.variance = LENGTH_SILENT;
    if (!al->opts.use_paragraphs) {
        a.has_paragraphs = 0;
        b.has_paragraphs = 0;
    }
    rc = previous == NULL
             ? align_pair(&a, &b, &p, &out->beads, &out->n)
             : align_pair_again(&a, &b, &p, previous->beads, previous->n,
                                &out->beads, &out->n);
    side_free(&a);
    side_free(&b);
    return rc;
}

/* Whether word pairs are learned for a pair of languages: when no
 * dictionary is between the two. Two that meet through a third (en-ru
 * and en-zh for ru-zh) lose much on the way (a sense of the English word
 * that the other language does not share), and the text's own pairs
 * make up some of it: ru-zh over the five corpora that have it, mean
 * strict F1 0.933 -> 0.944 (novella-ferry +0.053, story-lighthouse
 * +0.029, csto-summit -0.026, the other two the same). With a dictionary
 * of the pair itself they cost more beads than they gain. */
static int will_learn(const stele_aligner *al, const char *lang_a,
                      const char *lang_b)
{
    return (al->opts.scorers & STELE_SCORER_LEARNED) != 0 &&
           !align_dict_joins(al->dicts, lang_a, lang_b);
}

/* Rounds of learning at most. Each round learns from the alignment the
 * last one made: a better alignment teaches more pairs and fewer wrong
 * ones, which make the next alignment better again. The rounds stop
 * when an alignment comes out as the one it learned from, boundaries and
 * confidences alike (learn.c reads both). Without dictionaries, mean
 * strict F1 over the 31 pairs of corpora/ went from 0.906 with one round
 * to 0.918 with up to four (2, 3 and 4 rounds ran, 9, 12 and 9 pairs);
 * with the sentences of each corpus of a pair joined into one document
 * of 340 to 400 sentences, en-zh from 0.873 to 0.911, ru-zh from 0.828
 * to 0.878, en-ru 0.957 and 0.956. A fixed two rounds gave 0.916 and
 * 0.911, 0.855; later rounds with one pass instead of two, 0.913. The
 * price is time: 3,380 sentences a side without a dictionary took 1.06 s
 * instead of 0.54 s. */
#define LEARN_ROUNDS 4

static int same_beads(const pair_result *x, const pair_result *y)
{
    if (x->n != y->n)
        return 0;
    for (size_t k = 0; k < x->n; k++)
        if (x->beads[k].i != y->beads[k].i ||
            x->beads[k].j != y->beads[k].j ||
            x->beads[k].a != y->beads[k].a ||
            x->beads[k].b != y->beads[k].b ||
            fabsf(x->beads[k].posterior - y->beads[k].posterior) > 0.01f)
            return 0;
    return 1;
}

/* A pair: aligned once, then, when no dictionary relates the two
 * languages, aligned again with the word pairs the last alignment
 * teaches (learn.c), in a band around it, for up to LEARN_ROUNDS
 * rounds. With a dictionary, learned pairs mostly repeat its evidence
 * and, on the corpora under corpora/, cost more beads than they
 * gained. */
static int align_docs(const stele_aligner *al, feature_context *ctx,
                      const stele_document *da, const stele_document *db,
                      const doc_features *fa, const doc_features *fb,
                      align_progress *progress, pair_result *out)
{
    int rc = align_once(al, fa, fb, progress, NULL, out);
    int round = 0;

    if (rc < 0 || !will_learn(al, stele_document_lang(da),
                              stele_document_lang(db)))
        return rc;
    for (; round < LEARN_ROUNDS; round++) {
        doc_features la, lb;
        pair_result next = {NULL, 0};
        size_t npairs = 0;
        int settled;

        rc = learn_word_pairs(ctx, fa, fb, out->beads, out->n, &la, &lb,
                              &npairs);
        if (rc < 0)
            return rc;
        if (npairs == 0)
            break;
        rc = align_once(al, &la, &lb, progress, out, &next);
        features_free(&la);
        features_free(&lb);
        if (rc < 0)
            return rc;
        settled = same_beads(out, &next);
        free(out->beads);
        *out = next;
        if (settled) {
            round++;
            break;
        }
    }
    /* the steps counted for the rounds not needed are done */
    progress->base += (size_t)(LEARN_ROUNDS - round) * 2 * (fa->count + 1);
    align_progress_report(progress, progress->base);
    return STELE_OK;
}

/* ---------------------------------------------------------- three-way */

typedef struct unit3 {
    uint32_t first[3], count[3];
    double confidence;
    float comp[NCOMPONENTS];
} unit3;

/* Beads of pair (x, y) as path points: x[k], y[k] after k beads. */
typedef struct pathpts {
    uint32_t *x, *y;
    const bead *beads;
    size_t n; /* beads; points are n + 1 */
} pathpts;

static int make_points(const pair_result *r, pathpts *pp)
{
    pp->x = malloc((r->n + 1) * sizeof *pp->x);
    pp->y = malloc((r->n + 1) * sizeof *pp->y);
    if (pp->x == NULL || pp->y == NULL) {
        free(pp->x);
        free(pp->y);
        return -1;
    }
    pp->x[0] = pp->y[0] = 0;
    for (size_t k = 0; k < r->n; k++) {
        uint32_t ea = r->beads[k].i + r->beads[k].a;
        uint32_t eb = r->beads[k].j + r->beads[k].b;
        pp->x[k + 1] = ea;
        pp->y[k + 1] = eb;
    }
    pp->beads = r->beads;
    pp->n = r->n;
    return 0;
}

/* Merge the pivot's two pair paths (document 0 -> 1, @p ps, and
 * 0 -> 2, @p pt) into units. */
static int merge_paths(const pathpts *ps, const pathpts *pt,
                       unit3 **units, size_t *nunits)
{
    size_t u = 0, v = 0, cap = ps->n + pt->n + 2, nu = 0;
    unit3 *out = calloc(cap, sizeof *out);
    uint32_t x = 0, ys = 0, yt = 0;

    if (out == NULL)
        return -1;
    while (u < ps->n || v < pt->n) {
        unit3 *un = &out[nu];
        double conf = 1.0;
        float comp[NCOMPONENTS] = {0};
        size_t u0 = u, v0 = v;
        uint32_t target;

        if (u < ps->n && ps->x[u + 1] == x) {
            u++; /* an insertion on side s */
        } else if (v < pt->n && pt->x[v + 1] == x) {
            v++; /* an insertion on side t */
        } else {
            target = x;
            if (u < ps->n && ps->x[u + 1] > target)
                target = ps->x[u + 1];
            if (v < pt->n && pt->x[v + 1] > target)
                target = pt->x[v + 1];
            for (;;) {
                while (u < ps->n && ps->x[u] < target)
                    u++;
                while (v < pt->n && pt->x[v] < target)
                    v++;
                if (ps->x[u] == target && pt->x[v] == target)
                    break;
                target = ps->x[u] > pt->x[v] ? ps->x[u] : pt->x[v];
            }
        }
        for (size_t k = u0; k < u; k++) {
            if (ps->beads[k].posterior < conf)
                conf = ps->beads[k].posterior;
            for (int c = 0; c < NCOMPONENTS; c++)
                comp[c] += ps->beads[k].comp[c];
        }
        for (size_t k = v0; k < v; k++) {
            if (pt->beads[k].posterior < conf)
                conf = pt->beads[k].posterior;
            for (int c = 0; c < NCOMPONENTS; c++)
                comp[c] += pt->beads[k].comp[c];
        }
        un->first[0] = x;
        un->count[0] = ps->x[u] - x;
        un->first[1] = ys;
        un->count[1] = ps->y[u] - ys;
        un->first[2] = yt;
        un->count[2] = pt->y[v] - yt;
        un->confidence = conf;
        memcpy(un->comp, comp, sizeof comp);
        x = ps->x[u];
        ys = ps->y[u];
        yt = pt->y[v];
        if (un->count[0] + un->count[1] + un->count[2] > 0)
            nu++;
        if (nu == cap)
            break; /* cannot happen: each unit consumes a bead */
    }
    *units = out;
    *nunits = nu;
    return 0;
}

/* Units from the pair alignments of the pivot (document 0) with
 * document 1 (@p r01) and with document 2 (@p r02). */
static int three_way(const pair_result *r01, const pair_result *r02,
                     unit3 **units, size_t *nunits)
{
    pathpts ps, pt;
    int rc;

    *units = NULL;
    *nunits = 0;
    if (make_points(r01, &ps) < 0)
        return -1;
    if (make_points(r02, &pt) < 0) {
        free(ps.x);
        free(ps.y);
        return -1;
    }
    rc = merge_paths(&ps, &pt, units, nunits);
    free(ps.x);
    free(ps.y);
    free(pt.x);
    free(pt.y);
    return rc;
}

/* ------------------------------------------------------------ align */

/* One document read on a thread of its own, with a context of its own. */
typedef struct extract_job {
    const stele_aligner *al;
    const stele_document *doc;
    feature_context *ctx;
    doc_features *f;
    stele_error error;
    int rc;
} extract_job;

static void *extract_job_run(void *arg)
{
    extract_job *job = arg;
    job->rc = feature_context_new(&job->ctx, job->al->dicts, &job->error);
    if (job->rc == STELE_OK)
        job->rc = features_extract(job->ctx, job->doc, job->f, &job->error);
    return NULL;
}

/* The features of every document. Reading them (ICU's word breaks,
 * transliteration, dictionary lookups) took a third of the time of a
 * 10,000-sentence pair, and the documents are independent: the second
 * and third are read on threads of their own while this one reads the
 * first, and their keys are then moved into @p ctx, in document order,
 * which gives the ids reading them one after another would. A short
 * document (a thread and a transliterator of its own cost more than
 * reading it), or one for which no thread can be had, is read here with
 * @p ctx, in its turn. The first error in document order is the one
 * reported. */
#define THREAD_SENTENCES 500

static int extract_all(stele_aligner *al, feature_context *ctx,
                       const stele_document *const *docs, size_t ndocs,
                       doc_features *feats)
{
    extract_job jobs[STELE_MAX_LANGS];
    pthread_t threads[STELE_MAX_LANGS];
    int started[STELE_MAX_LANGS] = {0};
    int rc;

    memset(jobs, 0, sizeof jobs);
    for (size_t k = 1; k < ndocs; k++) {
        jobs[k].al = al;
        jobs[k].doc = docs[k];
        jobs[k].f = &feats[k];
        started[k] = stele_document_count(docs[k]) >= THREAD_SENTENCES &&
                     pthread_create(&threads[k], NULL, extract_job_run,
                                    &jobs[k]) == 0;
    }
    rc = features_extract(ctx, docs[0], &feats[0], &al->error);
    for (size_t k = 1; k < ndocs; k++) {
        if (!started[k]) {
            if (rc == STELE_OK)
                rc = features_extract(ctx, docs[k], &feats[k], &al->error);
            continue;
        }
        pthread_join(threads[k], NULL);
        if (rc == STELE_OK && jobs[k].rc < 0) {
            rc = jobs[k].rc;
            al->error = jobs[k].error;
        }
        if (rc == STELE_OK) {
            rc = features_adopt(ctx, jobs[k].ctx, &feats[k]);
            if (rc < 0)
                rc = stele_error_set(&al->error, rc, NULL, 0, -1,
                                     "out of memory");
        }
        feature_context_free(jobs[k].ctx);
    }
    return rc;
}

int stele_align(stele_aligner *al, const stele_document *const *docs,
                size_t ndocs, stele_alignment **out)
{
    feature_context *ctx = NULL;
    doc_features feats[STELE_MAX_LANGS];
    pair_result pairs[2];
    stele_alignment *res = NULL;
    align_progress progress;
    int rc = STELE_OK;

    *out = NULL;
    memset(feats, 0, sizeof feats);
    memset(pairs, 0, sizeof pairs);
    stele_error_clear(&al->error);
    if (docs == NULL || ndocs < 2 || ndocs > STELE_MAX_LANGS)
        return stele_error_set(&al->error, STELE_EINVAL, NULL, 0, -1,
                               "stele aligns 2 or 3 documents, not %zu",
                               ndocs);
    for (size_t k = 0; k < ndocs; k++)
        if (docs[k] == NULL)
            return stele_error_set(&al->error, STELE_EINVAL, NULL, 0, -1,
                                   "document %zu is NULL", k + 1);
    /* The work, in steps: each sentence's features, then two fine
     * passes (first and re-estimated) over the rows of each pair, and
     * two more for each round of learning word pairs. */
    memset(&progress, 0, sizeof progress);
    progress.fn = al->progress;
    progress.payload = al->progress_payload;
    for (size_t k = 0; k < ndocs; k++)
        progress.total += stele_document_count(docs[k]);
    /* the pairs aligned: the first document with each of the others */
    for (size_t y = 1; y < ndocs; y++)
        progress.total +=
            (will_learn(al, stele_document_lang(docs[0]),
                        stele_document_lang(docs[y]))
                 ? 2 + 2 * LEARN_ROUNDS
                 : 2) *
            (stele_document_count(docs[0]) + 1);
    align_progress_report(&progress, 0);
    rc = feature_context_new(&ctx, al->dicts, &al->error);
    if (rc < 0)
        goto done;
    rc = extract_all(al, ctx, docs, ndocs, feats);
    if (rc < 0)
        goto done;
    for (size_t k = 0; k < ndocs; k++)
        progress.base += stele_document_count(docs[k]);
    align_progress_report(&progress, progress.base);
    res = calloc(1, sizeof *res);
    if (res == NULL)
        goto oom;
    res->ndocs = ndocs;
    for (size_t k = 0; k < ndocs; k++) {
        const char *lang = stele_document_lang(docs[k]);
        size_t n = strlen(lang);
        if (n >= sizeof res->langs[k])
            n = sizeof res->langs[k] - 1;
        memcpy(res->langs[k], lang, n);
        res->langs[k][n] = '\0';
    }
    if (ndocs == 2) {
        rc = align_docs(al, ctx, docs[0], docs[1], &feats[0], &feats[1],
                        &progress, &pairs[0]);
        if (rc < 0)
            goto fail;
        res->count = pairs[0].n;
        res->units = calloc(res->count + 1, sizeof *res->units);
        res->comp = calloc((res->count + 1) * NCOMPONENTS,
                           sizeof *res->comp);
        if (res->units == NULL || res->comp == NULL)
            goto oom;
        for (size_t k = 0; k < res->count; k++) {
            const bead *b = &pairs[0].beads[k];
            stele_unit *u = &res->units[k];
            u->first[0] = b->i;
            u->count[0] = b->a;
            u->first[1] = b->j;
            u->count[1] = b->b;
            u->confidence = b->posterior;
            memcpy(res->comp + k * NCOMPONENTS, b->comp, sizeof b->comp);
        }
    } else {
        unit3 *units = NULL;
        size_t n = 0;
        rc = align_docs(al, ctx, docs[0], docs[1], &feats[0], &feats[1],
                        &progress, &pairs[0]);
        if (rc == STELE_OK)
            rc = align_docs(al, ctx, docs[0], docs[2], &feats[0],
                            &feats[2], &progress, &pairs[1]);
        if (rc < 0)
            goto fail;
        if (three_way(&pairs[0], &pairs[1], &units, &n) < 0)
            goto oom;
        res->count = n;
        res->units = calloc(n + 1, sizeof *res->units);
        res->comp = calloc((n + 1) * NCOMPONENTS, sizeof *res->comp);
        if (res->units == NULL || res->comp == NULL) {
            free(units);
            goto oom;
        }
        for (size_t k = 0; k < n; k++) {
            for (int d = 0; d < 3; d++) {
                res->units[k].first[d] = units[k].first[d];
                res->units[k].count[d] = units[k].count[d];
            }
            res->units[k].confidence = units[k].confidence;
            memcpy(res->comp + k * NCOMPONENTS, units[k].comp,
                   sizeof units[k].comp);
        }
        free(units);
    }
    for (size_t k = 0; k < res->count; k++) {
        stele_unit *u = &res->units[k];
        if (!(u->confidence >= 0.0))
            u->confidence = 0.0;
        if (u->confidence > 1.0)
            u->confidence = 1.0;
        u->flagged = u->confidence < al->opts.flag_below;
    }
    align_progress_report(&progress, progress.total);
    *out = res;
    res = NULL;
    goto done;
fail:
    if (rc == STELE_ENOMEM)
        goto oom;
    if (al->error.code == STELE_OK)
        stele_error_set(&al->error, rc, NULL, 0, -1, "alignment failed: %s",
                        stele_strerror(rc));
    goto done;
oom:
    rc = stele_error_set(&al->error, STELE_ENOMEM, NULL, 0, -1,
                         "out of memory");
done:
    stele_alignment_free(res);
    for (size_t k = 0; k < 2; k++)
        free(pairs[k].beads);
    for (size_t k = 0; k < STELE_MAX_LANGS; k++)
        features_free(&feats[k]);
    feature_context_free(ctx);
    return rc;
}
