/*
 * align/dp.c - the dynamic programme over two sequences of units.
 *
 * Cell (i, j) holds the best score of aligning the first i units of side
 * a with the first j of side b; a bead of na and nb units moves from
 * (i - na, j - nb) to (i, j). A bead's score adds, in the log domain:
 *   - the prior of its type (1-1, 1-2, ... re-estimated per document);
 *   - the Gale-Church length term: with c the mean length ratio and s2
 *     the variance per unit of length, both estimated from the document,
 *     delta = (lb / c - la) / sqrt(s2 * (la + lb / c) / 2), and the term
 *     is log P(|X| >= |delta|) for X standard normal, mixed with a small
 *     Laplace tail so that one freely translated sentence does not cost
 *     more than any evidence could repay (Gale and Church 1993, sec. 4);
 *   - coverage: each anchor of the bead is found, or not, among the keys
 *     of the other side of the same bead. Found anchors gain, unfound
 *     ones cost, on both sides; so a Chinese sentence that carries half
 *     of an English sentence's numbers and names pulls that sentence into
 *     a 1-2 bead rather than being left dangling (this is what makes the
 *     coarse beads win when they should). A find in one of several units
 *     is discounted by the share of the text that unit holds
 *     (share_terms);
 *   - paragraph terms: a bead that runs across a paragraph break pays.
 *     When the two versions have as many paragraphs, paragraph k of one
 *     is taken to be paragraph k of the other, and a bead that ends
 *     outside the pair of paragraphs (i, j) is in pays too; a paragraph
 *     may still begin or end with a sentence the other version lacks.
 *     Otherwise a bead that ends at a break on one side only pays a
 *     little: the breaks are only a hint.
 *
 * The length ratio comes from the whole texts, unless a pass on anchors
 * alone finds it far off, as it is when a version covers only part of
 * the other (ratio_from_anchors).
 *
 * Only a band of cells around a guide path is computed, so time and
 * memory are linear in the length of the documents. The guide comes from
 * the same programme run on blocks of consecutive units (coarse to fine,
 * as Vecalign does with its recursive downsampling); if the best path
 * touches the edge of the band the band is doubled and the pass rerun.
 *
 * With posteriors on, a forward and a backward pass in the sum-product
 * semiring give each bead of the best path its posterior probability,
 * which becomes the unit's confidence.
 */
#include "align_int.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NTYPES 12
static const uint8_t bead_types[NTYPES][2] = {
    {1, 1}, {1, 0}, {0, 1}, {1, 2}, {2, 1},
    {2, 2}, {1, 3}, {3, 1}, {2, 3}, {3, 2},
    {RUN_LENGTH, 0}, {0, RUN_LENGTH}};

static int is_run(unsigned na, unsigned nb)
{
    return (na == RUN_LENGTH && nb == 0) || (na == 0 && nb == RUN_LENGTH);
}

/* A sentence left out after another on the same side: in the corpora's
 * golds no two omissions follow each other (88 omissions), but where a
 * version lacks a passage they all do. Priced as the first omission and
 * RUN_LENGTH - 1 more at this probability each. Of 0.1, 0.2, 0.35, 0.5
 * and 0.7, 0.35 did best on the corpora with half a version or a
 * passage taken out and left the corpora as they are where they were
 * with dictionaries (align/README.md has the figures). */
#define P_OMISSION_GOES_ON 0.35

/* The prior of a run, from the prior of one omission on its side. */
static void price_runs(dp_params *p)
{
    double more = (RUN_LENGTH - 1) * log(P_OMISSION_GOES_ON);
    p->log_prior[RUN_LENGTH][0] = p->log_prior[1][0] + more;
    p->log_prior[0][RUN_LENGTH] = p->log_prior[0][1] + more;
}

/* Units per block in the coarse passes, and the size below which the
 * whole matrix is searched. */
#define COARSE_FACTOR 8
#define FULL_CELLS 90000
#define MAX_BAND 4096

/* The share of beads that may lie in paragraphs that do not correspond
 * (beyond one) before equal paragraph counts are taken for chance. */
#define PARA_DISAGREE 0.05

void dp_params_default(dp_params *p)
{
    /* 1-0 and 0-1 at 0.02 and 1-3, 3-1 at 0.006 did best over the 28
     * language pairs of corpora/ (mean strict F1 0.969 -> 0.971) */
    /* every type but the two runs, which price_runs prices */
    static const double prior[NTYPES - 2] = {0.808, 0.02,   0.02,   0.06,
                                             0.06,  0.015,  0.006,  0.006,
                                             0.0025, 0.0025};
    for (int x = 0; x <= RUN_LENGTH; x++)
        for (int y = 0; y <= RUN_LENGTH; y++)
            p->log_prior[x][y] = -INFINITY;
    for (int t = 0; t < NTYPES - 2; t++)
        p->log_prior[bead_types[t][0]][bead_types[t][1]] = log(prior[t]);
    price_runs(p);
    p->ratio = 1.0;
    p->variance = 6.8;
    p->length_floor = 15.0;
    /* A translator who splits or joins sentences rewrites around the
     * seam (a repeated subject, a connective, a dropped "and"), so the
     * lengths of a 1-2 or 2-2 bead agree less closely than those of the
     * 1-1 beads the variance is estimated from. A quarter more variance
     * per sentence beyond two: mean strict F1 over the 28 pairs of
     * corpora/ 0.971 -> 0.975 with dictionaries, 0.9435 -> 0.9429
     * without (0.5 gave 0.973, 1.0 0.973, 2.0 0.970). */
    p->variance_growth = 0.25;
    {
        static const double found[NSCORERS] = {0.8, 0.7, 0.4, 0.6, 0.5,
                                               0.5, 0.5, 0.5, 0.3};
        static const double scale[NSCORERS] = {1.0, 1.0, 0.7, 0.5, 0.5,
                                               0.5, 0.5, 0.7, 0.5};
        for (int k = 0; k < NSCORERS; k++) {
            p->found[k] = found[k];
            p->scale[k] = scale[k];
        }
    }
    p->para_cross = 2.0;
    p->para_mismatch = 1.0;
    p->paragraphs_correspond = 0;
    p->progress = NULL;
}

void align_progress_report(align_progress *pr, uint64_t done)
{
    if (pr == NULL || pr->fn == NULL)
        return;
    if (done > pr->total)
        done = pr->total;
    if (pr->any && done <= pr->reported)
        return;
    pr->any = 1;
    pr->reported = done;
    pr->fn(done, pr->total, pr->payload);
}

/* log P(|X| >= |d|), X ~ N(0, 1), with a heavier tail mixed in. */
static double length_term_exact(double d)
{
    const double tail = 0.05;
    d = fabs(d);
    return log((1.0 - tail) * erfc(d / 1.4142135623730951) +
               tail * exp(-d / 2.0));
}

/* The same from a table: the programme asks for it in every bead, and
 * erfc, exp and log took a fifth of its time. Linear interpolation
 * between steps of 1/256 is exact to about 1e-6 here. */
#define LENGTH_STEPS 256
#define LENGTH_MAX 32
static float length_table[LENGTH_MAX * LENGTH_STEPS + 2];
static pthread_once_t length_table_once = PTHREAD_ONCE_INIT;

static void fill_length_table(void)
{
    for (size_t i = 0; i < LENGTH_MAX * LENGTH_STEPS + 2; i++)
        length_table[i] = (float)length_term_exact((double)i / LENGTH_STEPS);
}

/* The table is filled once per process, before the first pass reads it
 * (dp_pass), not tested on every bead. */
static double length_term(double d)
{
    double x;
    size_t k;

    x = fabs(d) * LENGTH_STEPS;
    if (!(x < LENGTH_MAX * LENGTH_STEPS))
        return length_term_exact(d);
    k = (size_t)x;
    return length_table[k] + (x - (double)k) *
                                 (length_table[k + 1] - length_table[k]);
}

/* The share of the bead's text that each of units [first, first +
 * count) of @p s holds, by length (equal shares for empty units). */
static void unit_shares(const side *s, size_t first, unsigned count,
                        double share[3])
{
    double total = 0;
    for (unsigned k = 0; k < count; k++)
        total += s->length[first + k];
    for (unsigned k = 0; k < count; k++)
        share[k] = total > 0 ? s->length[first + k] / total
                             : 1.0 / (double)count;
}

/*
 * What a find is worth when the other side of the bead has several units.
 * A translation puts each of its words in one of them, roughly in
 * proportion to their lengths, while a random unit holds the key with the
 * anchor's chance: a find in units that hold a share s of the text is
 * then worth about log(found * s / chance), the one-unit gain plus log s.
 * Pricing the units as one text of two or three times the chance, as
 * stele did first, takes log 2 or log 3 from every find however long the
 * unit that holds it, and a sentence that a translator split off a long
 * one lost to a 1-1 bead and a 0-1. The share alone goes too far the
 * other way: a short heading, or a sentence the translator added, then
 * costs a long neighbour's finds almost nothing when it joins their
 * bead. Halfway between the two in the log, HALFWAY * log(s / units),
 * did best. Mean strict F1 over the 34 pairs of corpora/ on the gold
 * sentences: one text 0.9633, 0.3 of the way 0.9658, halfway 0.9661,
 * 0.7 of the way 0.9663, the share alone 0.9599; without dictionaries
 * 0.9224, 0.9241, 0.9226, 0.9231. The held-out novella gained most
 * (en-ru 0.928 -> 0.950, en-zh 0.890 -> 0.917, ru-zh 0.946 -> 0.955).
 * A key found in every unit counts in full, and a find is never worth
 * less than nothing.
 */
#define HALFWAY 0.5

/* For each set of the other side's units (a bit mask over at most 3),
 * the term that scales the anchor's discount, from the units' shares:
 * zero for a single unit and for all of them. */
static void share_terms(const side *o, size_t first, unsigned count,
                        double term[8])
{
    double share[3];
    unit_shares(o, first, count, share);
    term[0] = 0;
    for (unsigned m = 1; m < (1u << count); m++) {
        double s = 0;
        for (unsigned k = 0; k < count; k++)
            if (m & (1u << k))
                s += share[k];
        term[m] = (count <= 1 || m == (1u << count) - 1)
                      ? 0
                      : HALFWAY * log(s / (double)count);
    }
}

static double found_value(const side_anchor *an, double term)
{
    double v = an->gain + an->scale * term;
    return v > 0 ? v : 0;
}

/*
 * A find that repeats one in the unit before on the same side of the
 * bead (an anchor whose key that unit holds too: a name, a term, a
 * number said again) counts REPEAT_FIND of its value. A translator who
 * adds a sentence writes it about what the one before says, so it takes
 * up that sentence's names and terms; in full, those finds paid for
 * taking an added sentence into its neighbour's bead, the aligner's most
 * common error on the corpora. A sentence split off a longer one keeps
 * finds of its own besides. Its misses still count in full: an added
 * sentence says something the other version does not. Mean strict F1
 * over the 34 pairs of corpora/ with dictionaries, the discount on every
 * scorer: 0.9674 without it, 0.9698 at 0.5, 0.9692 at 0.25, 0.9681 at 0
 * (with the misses of repeats dropped as well, 0.9669); without
 * dictionaries 0.9338 without it and 0.9337 at 0.5. Kept at 0.5 on all
 * scorers but punctuation and learned pairs (pairview.c, repeats_count):
 * 0.9708 with dictionaries, 0.9362 without; counting repeats of the
 * unit two before as well, the same to four places.
 */
#define REPEAT_FIND 0.5

/* Which of units [ofirst, ofirst + ocount) of @p o hold a key of
 * anchor @p an of side @p s: bit k for unit ofirst + k. */
static unsigned held_by(const side *s, const side_anchor *an, const side *o,
                        size_t ofirst, unsigned ocount)
{
    unsigned held = 0;
    for (unsigned k = 0; k < ocount; k++) {
        for (uint16_t z = 0; z < an->nkeys; z++)
            if (side_unit_has_key(o, ofirst + k,
                                  s->keys[an->key_first + z])) {
                held |= 1u << k;
                break;
            }
    }
    return held;
}

/* Add the coverage terms of side @p s's units [first, first + count)
 * against units [ofirst, ofirst + ocount) of @p o. */
static void coverage(const side *s, size_t first, unsigned count,
                     const side *o, size_t ofirst, unsigned ocount,
                     float *comp, double *total)
{
    double term[8];
    share_terms(o, ofirst, ocount, term);
    for (unsigned u = 0; u < count; u++) {
        for (uint32_t a = s->anc_first[first + u];
             a < s->anc_useful[first + u]; a++) {
            const side_anchor *an = &s->anc[a];
            unsigned held = held_by(s, an, o, ofirst, ocount);
            double v = held ? found_value(an, term[held]) : an->loss[ocount];
            if (held && an->repeats && u > 0)
                v *= REPEAT_FIND;
            *total += v;
            if (comp != NULL)
                comp[an->scorer] += (float)v;
        }
    }
}

static int is_break(const side *s, size_t pos)
{
    return pos == 0 || pos >= s->n ||
           s->para_first[pos] != s->para_last[pos - 1];
}

/* The paragraphs, counted from the side's first, that position @p pos
 * (before unit pos) touches: one inside a paragraph, two at a break. */
static void position_paragraphs(const side *s, size_t pos, uint32_t *lo,
                                uint32_t *hi)
{
    uint32_t base = s->para_first[0];
    *lo = (pos > 0 ? s->para_last[pos - 1] : s->para_first[0]) - base;
    *hi = (pos < s->n ? s->para_first[pos] : s->para_last[s->n - 1]) - base;
}

/* Whether bead (i, j, na, nb) lies in paragraphs that do not correspond
 * (paragraph k of a with paragraph k of b); a bead with one side empty
 * is judged by where it stands. */
static int paragraphs_apart(const side *a, const side *b, size_t i,
                            size_t j, unsigned na, unsigned nb)
{
    uint32_t alo, ahi, blo, bhi;
    if (na > 0 && nb > 0) {
        alo = a->para_first[i] - a->para_first[0];
        ahi = a->para_last[i + na - 1] - a->para_first[0];
        blo = b->para_first[j] - b->para_first[0];
        bhi = b->para_last[j + nb - 1] - b->para_first[0];
    } else {
        position_paragraphs(a, i + na, &alo, &ahi);
        position_paragraphs(b, j + nb, &blo, &bhi);
    }
    return ahi < blo || bhi < alo;
}

static double paragraph_term(const side *a, const side *b,
                             const dp_params *p, size_t i, size_t j,
                             unsigned na, unsigned nb)
{
    double v = 0;
    if (a->has_paragraphs && na >= 2 &&
        a->para_first[i + na - 1] != a->para_last[i])
        v -= p->para_cross;
    if (b->has_paragraphs && nb >= 2 &&
        b->para_first[j + nb - 1] != b->para_last[j])
        v -= p->para_cross;
    if (!a->has_paragraphs || !b->has_paragraphs)
        return v;
    if (p->paragraphs_correspond) {
        /* a bead's sentences lie in corresponding paragraphs; a sentence
         * without counterpart, where the other version stands */
        if (paragraphs_apart(a, b, i, j, na, nb))
            v -= p->para_mismatch;
    } else if (is_break(a, i + na) != is_break(b, j + nb)) {
        v -= p->para_mismatch;
    }
    return v;
}

/* The Gale-Church term of a bead of @p units units (na + nb, both > 0)
 * whose sides hold @p la and @p lb code points. */
static double gale_church_term(const dp_params *p, double la, double lb,
                               unsigned units)
{
    double mean, d;
    lb /= p->ratio;
    mean = (la + lb) / 2.0 + p->length_floor;
    d = (lb - la) / sqrt(p->variance * mean *
                         (1.0 + p->variance_growth * (units - 2)));
    return length_term(d);
}

/* The Gale-Church term of a bead with na, nb > 0 units. */
static double bead_length_term(const side *a, const side *b,
                               const dp_params *p, size_t i, size_t j,
                               unsigned na, unsigned nb)
{
    double la = 0, lb = 0;
    for (unsigned u = 0; u < na; u++)
        la += a->length[i + u];
    for (unsigned u = 0; u < nb; u++)
        lb += b->length[j + u];
    return gale_church_term(p, la, lb, na + nb);
}

static void coverage_wide(const side *s, size_t first, unsigned count,
                          const side *o, size_t ofirst, unsigned ocount,
                          const dp_params *p, float *comp, double *total);

/* A bead's score from its prior @p log_prior; the coverage of a side
 * against more than three units (only in wide beads, join_wide) is
 * computed without the anchors' tables. */
static double score_bead(const side *a, const side *b, const dp_params *p,
                         size_t i, size_t j, unsigned na, unsigned nb,
                         double log_prior, float *comp)
{
    double score = log_prior, v;

    pthread_once(&length_table_once, fill_length_table);

    if (comp != NULL) {
        memset(comp, 0, NCOMPONENTS * sizeof *comp);
        comp[COMPONENT_PRIOR] = (float)score;
    }
    if (na > 0 && nb > 0) {
        v = bead_length_term(a, b, p, i, j, na, nb);
        score += v;
        if (comp != NULL)
            comp[COMPONENT_LENGTH] = (float)v;
        if (nb <= 3)
            coverage(a, i, na, b, j, nb, comp, &score);
        else
            coverage_wide(a, i, na, b, j, nb, p, comp, &score);
        if (na <= 3)
            coverage(b, j, nb, a, i, na, comp, &score);
        else
            coverage_wide(b, j, nb, a, i, na, p, comp, &score);
    }
    v = paragraph_term(a, b, p, i, j, na, nb);
    score += v;
    if (comp != NULL)
        comp[COMPONENT_PARAGRAPH] = (float)v;
    return score;
}

double dp_bead_score(const side *a, const side *b, const dp_params *p,
                     size_t i, size_t j, unsigned na, unsigned nb,
                     float *comp)
{
    return score_bead(a, b, p, i, j, na, nb, p->log_prior[na][nb], comp);
}

/* ---------------------------------------------------------------- band */

typedef struct band {
    size_t n, m;
    size_t *lo, *hi; /* per row i, the columns computed */
    size_t *off;     /* per row, index of cell (i, lo[i]) */
    size_t cells;
} band;

static void band_free(band *bd)
{
    free(bd->lo);
    free(bd->hi);
    free(bd->off);
    memset(bd, 0, sizeof *bd);
}

static int band_alloc(band *bd, size_t n, size_t m)
{
    memset(bd, 0, sizeof *bd);
    bd->n = n;
    bd->m = m;
    bd->lo = malloc((n + 1) * sizeof *bd->lo);
    bd->hi = malloc((n + 1) * sizeof *bd->hi);
    bd->off = malloc((n + 2) * sizeof *bd->off);
    if (bd->lo == NULL || bd->hi == NULL || bd->off == NULL) {
        band_free(bd);
        return -1;
    }
    return 0;
}

/* Make the band monotone and connected, and index its cells. */
static void band_finish(band *bd)
{
    size_t n = bd->n, m = bd->m;
    bd->lo[0] = 0;
    bd->hi[n] = m;
    for (size_t i = 1; i <= n; i++)
        if (bd->hi[i] < bd->hi[i - 1])
            bd->hi[i] = bd->hi[i - 1];
    for (size_t i = n; i-- > 0;)
        if (bd->lo[i] > bd->lo[i + 1])
            bd->lo[i] = bd->lo[i + 1];
    for (size_t i = 0; i < n; i++)
        if (bd->hi[i] < bd->lo[i + 1])
            bd->hi[i] = bd->lo[i + 1];
    bd->off[0] = 0;
    for (size_t i = 0; i <= n; i++)
        bd->off[i + 1] = bd->off[i] + (bd->hi[i] - bd->lo[i] + 1);
    bd->cells = bd->off[n + 1];
}

static int band_full(band *bd, size_t n, size_t m)
{
    if (band_alloc(bd, n, m) < 0)
        return -1;
    for (size_t i = 0; i <= n; i++) {
        bd->lo[i] = 0;
        bd->hi[i] = m;
    }
    band_finish(bd);
    return 0;
}

/* A band of half-width @p w around a guide path given as points (i, j)
 * at scale 1/@p factor, linearly interpolated between points. */
static int band_guided(band *bd, size_t n, size_t m, const uint32_t *guide,
                       size_t npoints, size_t factor, size_t w)
{
    if (band_alloc(bd, n, m) < 0)
        return -1;
    for (size_t i = 0; i <= n; i++) {
        bd->lo[i] = SIZE_MAX;
        bd->hi[i] = 0;
    }
    for (size_t k = 0; k + 1 < npoints; k++) {
        double x0 = (double)guide[2 * k] * (double)factor;
        double y0 = (double)guide[2 * k + 1] * (double)factor;
        double x1 = (double)guide[2 * k + 2] * (double)factor;
        double y1 = (double)guide[2 * k + 3] * (double)factor;
        size_t r0, r1;
        if (x0 > (double)n)
            x0 = (double)n;
        if (x1 > (double)n)
            x1 = (double)n;
        if (y0 > (double)m)
            y0 = (double)m;
        if (y1 > (double)m)
            y1 = (double)m;
        r0 = (size_t)x0;
        r1 = (size_t)ceil(x1);
        for (size_t r = r0; r <= r1 && r <= n; r++) {
            double ylo, yhi;
            if (x1 > x0) {
                double t0 = ((double)r - 1.0 - x0) / (x1 - x0);
                double t1 = ((double)r + 1.0 - x0) / (x1 - x0);
                if (t0 < 0)
                    t0 = 0;
                if (t1 > 1)
                    t1 = 1;
                ylo = y0 + (y1 - y0) * t0;
                yhi = y0 + (y1 - y0) * t1;
            } else {
                ylo = y0;
                yhi = y1;
            }
            {
                double lo = floor(ylo) - (double)w;
                double hi = ceil(yhi) + (double)w;
                size_t l = lo < 0 ? 0 : (size_t)lo;
                size_t h = hi > (double)m ? m : (size_t)hi;
                if (l < bd->lo[r])
                    bd->lo[r] = l;
                if (h > bd->hi[r])
                    bd->hi[r] = h;
            }
        }
    }
    /* a row also sees its neighbours' ranges, so that steps of up to
     * three units stay inside the band */
    {
        size_t *lo2 = malloc((n + 1) * sizeof *lo2);
        size_t *hi2 = malloc((n + 1) * sizeof *hi2);
        if (lo2 == NULL || hi2 == NULL) {
            free(lo2);
            free(hi2);
            band_free(bd);
            return -1;
        }
        for (size_t i = 0; i <= n; i++) {
            size_t a = i > 3 ? i - 3 : 0, b = i + 3 < n ? i + 3 : n;
            lo2[i] = SIZE_MAX;
            hi2[i] = 0;
            for (size_t r = a; r <= b; r++) {
                if (bd->lo[r] < lo2[i])
                    lo2[i] = bd->lo[r];
                if (bd->lo[r] != SIZE_MAX && bd->hi[r] > hi2[i])
                    hi2[i] = bd->hi[r];
            }
            if (lo2[i] == SIZE_MAX)
                lo2[i] = 0;
            if (hi2[i] > m)
                hi2[i] = m;
            if (hi2[i] < lo2[i])
                hi2[i] = lo2[i];
        }
        free(bd->lo);
        free(bd->hi);
        bd->lo = lo2;
        bd->hi = hi2;
    }
    band_finish(bd);
    return 0;
}

/* ------------------------------------------------------ score cache */

/*
 * A bead's coverage is the sum, over its units, of one unit's anchors
 * looked up in the other side's units; the same (unit, other start,
 * other count) triple recurs in many beads and cells, so it is computed
 * once per pass. For unit u of side a, the other side's start j is
 * bounded by the band rows u-2..u; for unit v of side b, the start i by
 * the rows whose band holds columns v-2..v.
 */
typedef struct cov_table {
    size_t *lo;    /* per unit, smallest other start */
    size_t *off;   /* per unit, index of (lo, count 1) in val */
    float *val;    /* NAN until computed */
    size_t *roff;  /* per unit, index of (lo, count 1) in rval; no slots
                      for a unit without repeat anchors */
    float *rval;   /* repeat_correction, laid out as val */
} cov_table;

typedef struct score_cache {
    const side *a, *b;
    const dp_params *p;
    cov_table ta, tb;
    double *cum_a, *cum_b; /* lengths of units [0, k), per side */
} score_cache;

static void cov_table_free(cov_table *t)
{
    free(t->lo);
    free(t->off);
    free(t->val);
    free(t->roff);
    free(t->rval);
    memset(t, 0, sizeof *t);
}

static int cov_table_init(cov_table *t, const side *own, const size_t *lo,
                          const size_t *hi)
{
    size_t n = own->n, total = 0, rtotal = 0;
    t->lo = malloc((n + 1) * sizeof *t->lo);
    t->off = malloc((n + 1) * sizeof *t->off);
    t->roff = malloc((n + 1) * sizeof *t->roff);
    if (t->lo == NULL || t->off == NULL || t->roff == NULL)
        return -1;
    for (size_t u = 0; u < n; u++) {
        size_t width = hi[u] >= lo[u] ? hi[u] - lo[u] + 1 : 0;
        t->lo[u] = lo[u];
        t->off[u] = total;
        t->roff[u] = rtotal;
        total += width * 3;
        if (u > 0 && own->anc_repeats[u] > own->anc_first[u])
            rtotal += width * 3;
    }
    t->off[n] = total;
    t->roff[n] = rtotal;
    t->val = malloc((total + 1) * sizeof *t->val);
    t->rval = malloc((rtotal + 1) * sizeof *t->rval);
    if (t->val == NULL || t->rval == NULL)
        return -1;
    for (size_t k = 0; k < total; k++)
        t->val[k] = NAN;
    for (size_t k = 0; k < rtotal; k++)
        t->rval[k] = NAN;
    return 0;
}

static void score_cache_free(score_cache *c)
{
    cov_table_free(&c->ta);
    cov_table_free(&c->tb);
    free(c->cum_a);
    free(c->cum_b);
    c->cum_a = NULL;
    c->cum_b = NULL;
}

/* Prefix sums of the units' lengths, so that a bead's lengths are two
 * lookups. The lengths are counts of code points, so the sums are exact
 * and the term is the one bead_length_term gives, to the bit. */
static double *cumulative_lengths(const side *s)
{
    double *cum = malloc((s->n + 1) * sizeof *cum);
    if (cum == NULL)
        return NULL;
    cum[0] = 0;
    for (size_t u = 0; u < s->n; u++)
        cum[u + 1] = cum[u] + s->length[u];
    return cum;
}

/* bead_length_term from the cache's prefix sums. */
static double cached_length_term(const score_cache *c, size_t i, size_t j,
                                 unsigned na, unsigned nb)
{
    return gale_church_term(c->p, c->cum_a[i + na] - c->cum_a[i],
                            c->cum_b[j + nb] - c->cum_b[j], na + nb);
}

static uint32_t max_key_of(const side *s)
{
    uint32_t m = 0;
    for (size_t k = 0; k < s->ukey_first[s->n]; k++)
        if (s->ukeys[k] > m)
            m = s->ukeys[k];
    return m;
}

/* Fill table @p t (units of @p own against runs of @p other): for each
 * start o of a run of other units, stamp the keys of units o..o+2 with
 * the units that hold them, then score every own unit whose range holds
 * o against the runs of one, two and three units at once. Stamping makes
 * each key test O(1), and one walk over a unit's anchors serves all three
 * run lengths (three walks took a fifth of a 10,000-sentence pair). */
static void fill_table(cov_table *t, const side *own, const side *other,
                       uint32_t *stamp, uint8_t *held, uint32_t *epoch)
{
    size_t first = 0, last = 0; /* own units whose range may hold o */
    for (size_t o = 0; o < other->n; o++) {
        unsigned counts = other->n - o < 3 ? (unsigned)(other->n - o) : 3;
        double term[3][8];
        while (first < own->n &&
               t->lo[first] + (t->off[first + 1] - t->off[first]) / 3 <= o)
            first++;
        while (last < own->n && t->lo[last] <= o)
            last++;
        for (unsigned c = 1; c <= counts; c++)
            share_terms(other, o, c, term[c - 1]);
        (*epoch)++;
        for (unsigned k = 0; k < counts; k++)
            for (uint32_t q = other->ukey_first[o + k];
                 q < other->ukey_first[o + k + 1]; q++) {
                uint32_t key = other->ukeys[q];
                if (stamp[key] != *epoch) {
                    stamp[key] = *epoch;
                    held[key] = 0;
                }
                held[key] |= (uint8_t)(1u << k);
            }
        for (size_t u = first; u < last; u++) {
            size_t width = (t->off[u + 1] - t->off[u]) / 3, slot;
            double total[3] = {0, 0, 0}, repeats[3] = {0, 0, 0};
            if (o < t->lo[u] || o >= t->lo[u] + width)
                continue;
            for (uint32_t q = own->anc_first[u]; q < own->anc_useful[u];
                 q++) {
                const side_anchor *an = &own->anc[q];
                unsigned units = 0;
                for (uint16_t z = 0; z < an->nkeys; z++) {
                    uint32_t key = own->keys[an->key_first + z];
                    if (stamp[key] == *epoch)
                        units |= held[key];
                }
                for (unsigned c = 1; c <= counts; c++) {
                    unsigned in_run = units & ((1u << c) - 1);
                    double v;
                    if (in_run == 0) {
                        total[c - 1] += an->loss[c];
                        continue;
                    }
                    v = found_value(an, term[c - 1][in_run]);
                    total[c - 1] += v;
                    if (an->repeats)
                        repeats[c - 1] += v;
                }
            }
            slot = (o - t->lo[u]) * 3;
            for (unsigned c = 1; c <= counts; c++) {
                t->val[t->off[u] + slot + (c - 1)] = (float)total[c - 1];
                if (t->roff[u + 1] > t->roff[u])
                    t->rval[t->roff[u] + slot + (c - 1)] =
                        (float)(-(1.0 - REPEAT_FIND) * repeats[c - 1]);
            }
        }
    }
}

/* Bands smaller than this are not worth a thread. */
#define THREAD_CELLS 20000

/* One table to fill, with its own stamps (fill_table). */
typedef struct fill_job {
    cov_table *t;
    const side *own, *other;
    size_t nkeys;
    int rc;
} fill_job;

static void *fill_job_run(void *arg)
{
    fill_job *job = arg;
    uint32_t *stamp = calloc(job->nkeys, sizeof *stamp);
    uint8_t *held = malloc(job->nkeys);
    uint32_t epoch = 0;
    job->rc = -1;
    if (stamp != NULL && held != NULL) {
        fill_table(job->t, job->own, job->other, stamp, held, &epoch);
        job->rc = 0;
    }
    free(stamp);
    free(held);
    return NULL;
}

static int score_cache_init(score_cache *c, const side *a, const side *b,
                            const dp_params *p, const band *bd)
{
    size_t n = a->n, m = b->n;
    size_t *lo = malloc((n > m ? n : m) * sizeof *lo + sizeof *lo);
    size_t *hi = malloc((n > m ? n : m) * sizeof *hi + sizeof *hi);
    int rc = -1;

    memset(c, 0, sizeof *c);
    c->a = a;
    c->b = b;
    c->p = p;
    c->cum_a = cumulative_lengths(a);
    c->cum_b = cumulative_lengths(b);
    if (lo == NULL || hi == NULL || c->cum_a == NULL || c->cum_b == NULL)
        goto done;
    for (size_t u = 0; u < n; u++) {
        lo[u] = bd->lo[u >= 2 ? u - 2 : 0];
        hi[u] = bd->hi[u];
    }
    if (cov_table_init(&c->ta, a, lo, hi) < 0)
        goto done;
    /* rows holding each column: the band is monotone, so an interval */
    {
        size_t *rlo = malloc((m + 1) * sizeof *rlo);
        size_t *rhi = malloc((m + 1) * sizeof *rhi);
        size_t r = 0;
        if (rlo == NULL || rhi == NULL) {
            free(rlo);
            free(rhi);
            goto done;
        }
        for (size_t col = 0; col <= m; col++) {
            while (r < n && bd->hi[r] < col)
                r++;
            rlo[col] = r;
        }
        r = n;
        for (size_t col = m + 1; col-- > 0;) {
            while (r > 0 && bd->lo[r] > col)
                r--;
            rhi[col] = r;
        }
        for (size_t v = 0; v < m; v++) {
            lo[v] = rlo[v >= 2 ? v - 2 : 0];
            hi[v] = rhi[v];
        }
        free(rlo);
        free(rhi);
    }
    if (cov_table_init(&c->tb, b, lo, hi) < 0)
        goto done;
    {
        uint32_t ka = max_key_of(a), kb = max_key_of(b);
        size_t nkeys = (size_t)(ka > kb ? ka : kb) + 1;
        fill_job jobs[2] = {{&c->ta, a, b, nkeys, -1},
                            {&c->tb, b, a, nkeys, -1}};
        pthread_t helper;
        /* the two tables are independent: the second is filled on
         * another core while this thread fills the first (a fifth of
         * the programme's time went to them); for a small band, or
         * without a thread, one after the other */
        int threaded = bd->cells >= THREAD_CELLS &&
                       pthread_create(&helper, NULL, fill_job_run,
                                      &jobs[1]) == 0;
        fill_job_run(&jobs[0]);
        if (threaded)
            pthread_join(helper, NULL);
        else
            fill_job_run(&jobs[1]);
        if (jobs[0].rc < 0 || jobs[1].rc < 0)
            goto done;
    }
    rc = 0;
done:
    free(lo);
    free(hi);
    if (rc < 0)
        score_cache_free(c);
    return rc;
}

/* Coverage of unit @p u of @p own against units [o, o + count) of
 * @p other, from the table or computed. */
static double cov_lookup(const cov_table *t, const side *own, size_t u,
                         const side *other, size_t o, unsigned count)
{
    double total = 0;

    if (own->anc_useful[u] == own->anc_first[u])
        return 0;
    if (o >= t->lo[u]) {
        size_t idx = t->off[u] + (o - t->lo[u]) * 3 + (count - 1);
        if (idx < t->off[u + 1] && !isnan(t->val[idx]))
            return t->val[idx];
    }
    /* outside the table (which fill_table fills whole): computed, and not
     * stored, since two threads read the table at once (score_rows) */
    coverage(own, u, 1, other, o, count, NULL, &total);
    return total;
}

/* What REPEAT_FIND takes from the coverage of unit @p u, not the first
 * of its side of a bead, against units [o, o + count) of @p other; the
 * cov_table holds the unit's coverage as if it stood first. */
static double repeat_correction(const side *own, size_t u,
                                const side *other, size_t o,
                                unsigned count)
{
    double term[8], v = 0;
    int have_terms = 0;

    for (uint32_t a = own->anc_first[u]; a < own->anc_repeats[u]; a++) {
        const side_anchor *an = &own->anc[a];
        unsigned held = held_by(own, an, other, o, count);
        if (held == 0)
            continue;
        if (!have_terms) {
            share_terms(other, o, count, term);
            have_terms = 1;
        }
        v -= (1.0 - REPEAT_FIND) * found_value(an, term[held]);
    }
    return v;
}

/* repeat_correction of unit @p u, from the table or computed. */
static double repeat_lookup(const cov_table *t, const side *own, size_t u,
                            const side *other, size_t o, unsigned count)
{
    if (own->anc_repeats[u] == own->anc_first[u])
        return 0;
    if (o >= t->lo[u]) {
        size_t idx = t->roff[u] + (o - t->lo[u]) * 3 + (count - 1);
        if (idx < t->roff[u + 1] && !isnan(t->rval[idx]))
            return t->rval[idx];
    }
    return repeat_correction(own, u, other, o, count);
}

static double bead_score_cached(const score_cache *c, size_t i, size_t j,
                                unsigned na, unsigned nb)
{
    const side *a = c->a, *b = c->b;
    const dp_params *p = c->p;
    double score = p->log_prior[na][nb];

    if (na > 0 && nb > 0) {
        score += cached_length_term(c, i, j, na, nb);
        for (unsigned u = 0; u < na; u++) {
            score += cov_lookup(&c->ta, a, i + u, b, j, nb);
            if (u > 0)
                score += repeat_lookup(&c->ta, a, i + u, b, j, nb);
        }
        for (unsigned u = 0; u < nb; u++) {
            score += cov_lookup(&c->tb, b, j + u, a, i, na);
            if (u > 0)
                score += repeat_lookup(&c->tb, b, j + u, a, i, na);
        }
    }
    score += paragraph_term(a, b, p, i, j, na, nb);
    return score;
}

/* ------------------------------------------------------------ the pass */

static inline size_t cell(const band *bd, size_t i, size_t j)
{
    return bd->off[i] + (j - bd->lo[i]);
}

static inline int in_band(const band *bd, size_t i, size_t j)
{
    return j >= bd->lo[i] && j <= bd->hi[i];
}

/*
 * The scores of the beads that end in the cells of rows [r0, r1), per
 * cell (counted from row r0's first) and bead type; -INFINITY for a bead
 * that cannot end there. A bead's score does not depend on the path
 * before it, so rows can be scored ahead of the recurrence and on two
 * cores at once (score_rows_shared): scoring was nine tenths of the
 * forward pass.
 */
static void score_rows(const score_cache *sc, const band *bd, size_t r0,
                       size_t r1, double *out)
{
    const dp_params *p = sc->p;
    for (size_t i = r0; i < r1; i++)
        for (size_t j = bd->lo[i]; j <= bd->hi[i]; j++) {
            double *row = out + (cell(bd, i, j) - bd->off[r0]) * NTYPES;
            for (unsigned t = 0; t < NTYPES; t++) {
                unsigned na = bead_types[t][0], nb = bead_types[t][1];
                row[t] = i < na || j < nb ||
                                 !isfinite(p->log_prior[na][nb]) ||
                                 !in_band(bd, i - na, j - nb)
                             ? -INFINITY
                             : bead_score_cached(sc, i - na, j - nb, na, nb);
            }
        }
}

/* Cells scored at a time: the recurrence waits for a block of rows
 * before it goes on, so a block is large enough that waiting is rare
 * (300 rows of a 10,000-sentence pair's band, a few dozen blocks a pass)
 * and small enough that its scores (8 bytes a bead, 96 a cell) stay
 * under a megabyte however wide the band grows. */
#define SCORE_BLOCK_CELLS 8192

/* The end of the block of rows that starts at row @p r0: at least one
 * row, and no more rows than keep it within SCORE_BLOCK_CELLS. */
static size_t block_end(const band *bd, size_t r0)
{
    size_t r1 = r0 + 1;
    while (r1 <= bd->n &&
           bd->off[r1 + 1] - bd->off[r0] <= SCORE_BLOCK_CELLS)
        r1++;
    return r1;
}

/* A second thread that scores the later half of each block of rows while
 * the caller scores the earlier half. */
typedef struct score_helper {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    const score_cache *sc;
    const band *bd;
    size_t r0, r1; /* rows to score */
    double *out;
    int pending; /* a block is waiting to be scored */
    int quit;
    int running; /* the thread was started */
} score_helper;

static void *score_helper_run(void *arg)
{
    score_helper *h = arg;
    pthread_mutex_lock(&h->lock);
    for (;;) {
        while (!h->pending && !h->quit)
            pthread_cond_wait(&h->wake, &h->lock);
        if (h->quit)
            break;
        pthread_mutex_unlock(&h->lock);
        score_rows(h->sc, h->bd, h->r0, h->r1, h->out);
        pthread_mutex_lock(&h->lock);
        h->pending = 0;
        pthread_cond_broadcast(&h->wake);
    }
    pthread_mutex_unlock(&h->lock);
    return NULL;
}

/* Start the helper; without one (a small band, or no thread to be had)
 * the caller scores every row itself. */
static void score_helper_start(score_helper *h, const score_cache *sc,
                               const band *bd)
{
    memset(h, 0, sizeof *h);
    h->sc = sc;
    h->bd = bd;
    if (bd->cells < THREAD_CELLS)
        return;
    if (pthread_mutex_init(&h->lock, NULL) != 0)
        return;
    if (pthread_cond_init(&h->wake, NULL) != 0) {
        pthread_mutex_destroy(&h->lock);
        return;
    }
    if (pthread_create(&h->thread, NULL, score_helper_run, h) != 0) {
        pthread_cond_destroy(&h->wake);
        pthread_mutex_destroy(&h->lock);
        return;
    }
    h->running = 1;
}

static void score_helper_stop(score_helper *h)
{
    if (!h->running)
        return;
    pthread_mutex_lock(&h->lock);
    h->quit = 1;
    pthread_cond_broadcast(&h->wake);
    pthread_mutex_unlock(&h->lock);
    pthread_join(h->thread, NULL);
    pthread_cond_destroy(&h->wake);
    pthread_mutex_destroy(&h->lock);
    h->running = 0;
}

/* Score rows [r0, r1) into @p out, the helper taking the later rows
 * (whose cells follow in @p out) when it runs. */
static void score_rows_shared(score_helper *h, size_t r0, size_t r1,
                              double *out)
{
    size_t mid = r0 + (r1 - r0) / 2;
    if (!h->running || r1 - r0 < 2) {
        score_rows(h->sc, h->bd, r0, r1, out);
        return;
    }
    pthread_mutex_lock(&h->lock);
    h->r0 = mid;
    h->r1 = r1;
    h->out = out + (h->bd->off[mid] - h->bd->off[r0]) * NTYPES;
    h->pending = 1;
    pthread_cond_broadcast(&h->wake);
    pthread_mutex_unlock(&h->lock);
    score_rows(h->sc, h->bd, r0, mid, out);
    pthread_mutex_lock(&h->lock);
    while (h->pending)
        pthread_cond_wait(&h->wake, &h->lock);
    pthread_mutex_unlock(&h->lock);
}

/* Below this gap the smaller term changes nothing that a float (where
 * the sums are kept) can hold: exp(-24) is 4e-11, a float's precision
 * 6e-8. Most of a cell's beads lie further below its best than that, and
 * exp and log1p on each were a tenth of the final pass. */
#define LOG_ADD_NEGLIGIBLE 24.0

static double log_add(double x, double y)
{
    if (x < y) {
        double t = x;
        x = y;
        y = t;
    }
    if (x == -INFINITY || y < x - LOG_ADD_NEGLIGIBLE)
        return x;
    return x + log1p(exp(y - x));
}

/* Each run of @p path as RUN_LENGTH beads of one sentence left out, with
 * the run's posterior. */
static int split_runs(bead **path, size_t *npath)
{
    size_t runs = 0, n = *npath, w;
    bead *out;

    for (size_t k = 0; k < n; k++)
        runs += is_run((*path)[k].a, (*path)[k].b);
    if (runs == 0)
        return STELE_OK;
    out = malloc((n + runs * (RUN_LENGTH - 1)) * sizeof *out);
    if (out == NULL)
        return STELE_ENOMEM;
    w = 0;
    for (size_t k = 0; k < n; k++) {
        bead r = (*path)[k];
        if (!is_run(r.a, r.b)) {
            out[w++] = r;
            continue;
        }
        for (unsigned q = 0; q < RUN_LENGTH; q++) {
            out[w] = r;
            out[w].a = r.a ? 1 : 0;
            out[w].b = r.b ? 1 : 0;
            out[w].i = r.i + (r.a ? q : 0);
            out[w].j = r.j + (r.b ? q : 0);
            w++;
        }
    }
    free(*path);
    *path = out;
    *npath = w;
    return STELE_OK;
}

/* One pass over the band. On success *beads holds the best path. */
static int dp_pass(const side *a, const side *b, const dp_params *p,
                   const band *bd, int posteriors, bead **beads,
                   size_t *nbeads, int *touched)
{
    size_t n = a->n, m = b->n;
    float *best = malloc(bd->cells * sizeof *best);
    uint8_t *back = malloc(bd->cells * sizeof *back);
    float *fwd = posteriors ? malloc(bd->cells * sizeof *fwd) : NULL;
    float *bwd = posteriors ? malloc(bd->cells * sizeof *bwd) : NULL;
    /* with posteriors the backward pass needs every bead score the
     * forward pass computed: kept per cell and bead type (the bead that
     * ends in the cell), which saves recomputing them */
    float *scores = posteriors ? malloc(bd->cells * NTYPES * sizeof *scores)
                               : NULL;
    bead *path = NULL;
    size_t npath = 0;
    int rc = STELE_ENOMEM;
    score_cache sc;
    int have_cache = 0;
    double *block = NULL;
    score_helper helper = {0};

    *beads = NULL;
    *nbeads = 0;
    *touched = 0;
    pthread_once(&length_table_once, fill_length_table);
    if (best == NULL || back == NULL ||
        (posteriors && (fwd == NULL || bwd == NULL || scores == NULL)))
        goto done;
    if (score_cache_init(&sc, a, b, p, bd) < 0)
        goto done;
    have_cache = 1;
    {
        size_t most = 0;
        for (size_t r = 0, r1; r <= n; r = r1) {
            r1 = block_end(bd, r);
            if (bd->off[r1] - bd->off[r] > most)
                most = bd->off[r1] - bd->off[r];
        }
        block = malloc(most * NTYPES * sizeof *block);
        if (block == NULL)
            goto done;
    }
    score_helper_start(&helper, &sc, bd);
    for (size_t i = 0, block_row = 0, next_block = 0; i <= n; i++) {
        if (i == next_block) {
            block_row = i;
            next_block = block_end(bd, i);
            score_rows_shared(&helper, i, next_block, block);
        }
        /* every 64 rows: often enough for a bar, rare enough to cost
         * nothing */
        if (p->progress != NULL && (i & 63) == 0)
            align_progress_report(p->progress, p->progress->base + i);
        for (size_t j = bd->lo[i]; j <= bd->hi[i]; j++) {
            size_t c = cell(bd, i, j);
            const double *cs = block + (c - bd->off[block_row]) * NTYPES;
            double top = -INFINITY, sum = -INFINITY;
            uint8_t arg = 0xFF;
            if (i == 0 && j == 0) {
                best[c] = 0;
                back[c] = 0xFF;
                if (fwd != NULL)
                    fwd[c] = 0;
                if (scores != NULL)
                    for (uint8_t t = 0; t < NTYPES; t++)
                        scores[c * NTYPES + t] = -INFINITY;
                continue;
            }
            for (uint8_t t = 0; t < NTYPES; t++) {
                unsigned na = bead_types[t][0], nb = bead_types[t][1];
                size_t pc;
                double s = cs[t];
                if (scores != NULL)
                    scores[c * NTYPES + t] = -INFINITY;
                if (s == -INFINITY)
                    continue;
                pc = cell(bd, i - na, j - nb);
                if (best[pc] == -INFINITY &&
                    (fwd == NULL || fwd[pc] == -INFINITY))
                    continue;
                if (scores != NULL)
                    scores[c * NTYPES + t] = (float)s;
                if (best[pc] != -INFINITY && best[pc] + s > top) {
                    top = best[pc] + s;
                    arg = t;
                }
                if (fwd != NULL)
                    sum = log_add(sum, fwd[pc] + s);
            }
            best[c] = (float)top;
            back[c] = arg;
            if (fwd != NULL)
                fwd[c] = (float)sum;
        }
    }
    if (!in_band(bd, n, m) || best[cell(bd, n, m)] == -INFINITY) {
        rc = STELE_EINTERNAL;
        goto done;
    }
    /* trace back */
    {
        size_t i = n, j = m, cap = 64;
        path = malloc(cap * sizeof *path);
        if (path == NULL)
            goto done;
        while (i > 0 || j > 0) {
            uint8_t t = back[cell(bd, i, j)];
            unsigned na = bead_types[t][0], nb = bead_types[t][1];
            if ((j - bd->lo[i] < 2 && bd->lo[i] > 0) ||
                (bd->hi[i] - j < 2 && bd->hi[i] < m))
                *touched = 1;
            if (npath == cap) {
                bead *grown = realloc(path, 2 * cap * sizeof *path);
                if (grown == NULL)
                    goto done;
                path = grown;
                cap *= 2;
            }
            path[npath].i = (uint32_t)(i - na);
            path[npath].j = (uint32_t)(j - nb);
            path[npath].a = (uint8_t)na;
            path[npath].b = (uint8_t)nb;
            path[npath].posterior = 1.0f;
            npath++;
            i -= na;
            j -= nb;
        }
        for (size_t k = 0; k < npath / 2; k++) {
            bead t = path[k];
            path[k] = path[npath - 1 - k];
            path[npath - 1 - k] = t;
        }
    }
    if (posteriors) {
        double z = fwd[cell(bd, n, m)];
        for (size_t i = n + 1; i-- > 0;) {
            for (size_t j = bd->hi[i] + 1; j-- > bd->lo[i];) {
                double sum = -INFINITY;
                if (i == n && j == m) {
                    bwd[cell(bd, i, j)] = 0;
                    continue;
                }
                for (uint8_t t = 0; t < NTYPES; t++) {
                    unsigned na = bead_types[t][0], nb = bead_types[t][1];
                    size_t nc;
                    if (i + na > n || j + nb > m ||
                        !isfinite(p->log_prior[na][nb]) ||
                        !in_band(bd, i + na, j + nb))
                        continue;
                    nc = cell(bd, i + na, j + nb);
                    if (bwd[nc] == -INFINITY ||
                        scores[nc * NTYPES + t] == -INFINITY)
                        continue;
                    sum = log_add(sum, bwd[nc] + scores[nc * NTYPES + t]);
                }
                bwd[cell(bd, i, j)] = (float)sum;
            }
        }
        for (size_t k = 0; k < npath; k++) {
            bead *bk = &path[k];
            double s = bead_score_cached(&sc, bk->i, bk->j, bk->a, bk->b);
            double lp = fwd[cell(bd, bk->i, bk->j)] + s +
                        bwd[cell(bd, bk->i + bk->a, bk->j + bk->b)] - z;
            double post = exp(lp);
            bk->posterior = (float)(post > 1.0 ? 1.0 : post);
        }
    }
    if (split_runs(&path, &npath) < 0)
        goto done;
    for (size_t k = 0; k < npath; k++)
        dp_bead_score(a, b, p, path[k].i, path[k].j, path[k].a, path[k].b,
                      path[k].comp);
    *beads = path;
    *nbeads = npath;
    path = NULL;
    rc = STELE_OK;
done:
    score_helper_stop(&helper);
    free(block);
    if (have_cache)
        score_cache_free(&sc);
    free(path);
    free(best);
    free(back);
    free(fwd);
    free(bwd);
    free(scores);
    return rc;
}

/* The best path in a band around @p guide (points scaled by
 * @p guide_factor), widened while the path touches the band's edge; the
 * whole matrix without a guide. Around a path of blocks the band starts
 * half a block and four sentences either side of it: a path of blocks
 * lies within a block of the sentences' path, and a path that strays
 * further touches the edge and is searched again in a band twice as
 * wide. Against a whole block and four, as before, it gave the same
 * beads on every corpus pair, on the corpora joined into pairs of 500
 * and 1,500 sentences (also with 15 to 60 sentences cut from one side,
 * 12 added, or every 97th left out) and in bench_align, with a quarter
 * fewer cells in the first fine pass (329,424 -> 249,552 at 10,000
 * sentences); one of those pairs came out with other confidences. */
int dp_align(const side *a, const side *b, const dp_params *p,
             int posteriors, const uint32_t *guide, size_t nguide,
             size_t guide_factor, bead **beads, size_t *nbeads)
{
    size_t w = guide_factor > 1 ? guide_factor / 2 + 4 : 6;

    for (;;) {
        band bd;
        int touched = 0, rc;
        if (guide == NULL) {
            if (band_full(&bd, a->n, b->n) < 0)
                return STELE_ENOMEM;
        } else if (band_guided(&bd, a->n, b->n, guide, nguide, guide_factor,
                               w) < 0) {
            return STELE_ENOMEM;
        }
        rc = dp_pass(a, b, p, &bd, posteriors, beads, nbeads, &touched);
        band_free(&bd);
        if (rc < 0)
            return rc;
        if (guide == NULL || !touched || w >= MAX_BAND)
            return STELE_OK;
        free(*beads);
        *beads = NULL;
        w *= 2;
    }
}

/* The corner points of a path, (i, j) pairs, for use as a guide. */
static uint32_t *path_points(const bead *beads, size_t n, size_t *npoints)
{
    uint32_t *pts = malloc(2 * (n + 1) * sizeof *pts);
    if (pts == NULL)
        return NULL;
    pts[0] = 0;
    pts[1] = 0;
    for (size_t k = 0; k < n; k++) {
        pts[2 * (k + 1)] = beads[k].i + beads[k].a;
        pts[2 * (k + 1) + 1] = beads[k].j + beads[k].b;
    }
    *npoints = n + 1;
    return pts;
}

/* Best path, coarse to fine when the matrix is large. */
/* The pair in blocks of COARSE_FACTOR units (@p ca, @p cb, to be freed
 * with side_free), and @p coarse, the parameters it was made with, made
 * fit for blocks. */
static int coarse_pair(const side *a, const side *b, dp_params *coarse,
                       side *ca, side *cb)
{
    int rc = side_coarsen(a, COARSE_FACTOR, ca);
    if (rc < 0)
        return rc;
    rc = side_coarsen(b, COARSE_FACTOR, cb);
    if (rc < 0) {
        side_free(ca);
        return rc;
    }
    side_weigh(ca, coarse->found, coarse->scale);
    side_weigh(cb, coarse->found, coarse->scale);
    /* Blocks cut across paragraphs and sentences freely; only length and
     * anchors speak at the coarse level. */
    coarse->para_cross = 0;
    coarse->para_mismatch = 0;
    coarse->progress = NULL;
    /* A block stands for COARSE_FACTOR sentences, so a bead of blocks for
     * as many beads of sentences: with the sentences' priors, leaving a
     * block out cost what leaving one sentence out does, and the coarse
     * path skipped whole stretches where the text repeats itself (a
     * story's 20 copies in a row, en-ru: strict F1 0.30 -> 0.93). */
    for (int x = 0; x <= RUN_LENGTH; x++)
        for (int y = 0; y <= RUN_LENGTH; y++)
            coarse->log_prior[x][y] *= COARSE_FACTOR;
    return STELE_OK;
}

static int search(const side *a, const side *b, const dp_params *p,
                  int posteriors, const uint32_t *guide, size_t nguide,
                  bead **beads, size_t *nbeads)
{
    side ca, cb;
    dp_params coarse = *p;
    bead *cbeads = NULL;
    size_t ncbeads = 0, npoints = 0;
    uint32_t *pts = NULL;
    int rc;

    if (guide != NULL)
        return dp_align(a, b, p, posteriors, guide, nguide, 1, beads,
                        nbeads);
    if ((double)(a->n + 1) * (double)(b->n + 1) <= FULL_CELLS)
        return dp_align(a, b, p, posteriors, NULL, 0, 0, beads, nbeads);
    rc = coarse_pair(a, b, &coarse, &ca, &cb);
    if (rc < 0)
        return rc;
    rc = search(&ca, &cb, &coarse, 0, NULL, 0, &cbeads, &ncbeads);
    if (rc == STELE_OK) {
        pts = path_points(cbeads, ncbeads, &npoints);
        rc = pts == NULL ? STELE_ENOMEM
                         : dp_align(a, b, p, posteriors, pts, npoints,
                                    COARSE_FACTOR, beads, nbeads);
    }
    free(pts);
    free(cbeads);
    side_free(&ca);
    side_free(&cb);
    return rc;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

/* Length ratio, variance and bead priors from a first alignment. */
static void reestimate(const side *a, const side *b, const bead *beads,
                       size_t n, dp_params *p)
{
    double sa = 0, sb = 0, *v;
    size_t ones = 0, counts[RUN_LENGTH + 1][RUN_LENGTH + 1] = {{0}};
    dp_params def;

    dp_params_default(&def);
    for (size_t k = 0; k < n; k++) {
        if (beads[k].a <= RUN_LENGTH && beads[k].b <= RUN_LENGTH)
            counts[beads[k].a][beads[k].b]++;
        if (beads[k].a == 1 && beads[k].b == 1) {
            sa += a->length[beads[k].i];
            sb += b->length[beads[k].j];
            ones++;
        }
    }
    if (ones >= 3 && sa > 0 && sb > 0)
        p->ratio = sb / sa;
    v = ones >= 5 ? malloc(ones * sizeof *v) : NULL;
    if (v != NULL) {
        size_t m = 0;
        for (size_t k = 0; k < n; k++) {
            if (beads[k].a == 1 && beads[k].b == 1) {
                double la = a->length[beads[k].i];
                double lb = b->length[beads[k].j] / p->ratio;
                double mean = (la + lb) / 2 + p->length_floor;
                v[m++] = (lb - la) * (lb - la) / mean;
            }
        }
        qsort(v, m, sizeof *v, cmp_double);
        p->variance = v[m / 2] / 0.455;
        /* a document of near-literal translations would otherwise
         * make any freedom look impossible */
        if (p->variance < 3.0)
            p->variance = 3.0;
        if (p->variance > 100.0)
            p->variance = 100.0;
        free(v);
    }
    /* how often each kind of anchor survives translation, from the 1-1
     * beads, smoothed toward the defaults with the weight of 5 anchors */
    {
        double kept[NSCORERS] = {0}, seen[NSCORERS] = {0};
        for (size_t k = 0; k < n; k++) {
            const side *sd[2] = {a, b};
            size_t unit[2] = {beads[k].i, beads[k].j};
            if (beads[k].a != 1 || beads[k].b != 1)
                continue;
            for (int x = 0; x < 2; x++) {
                const side *own = sd[x], *other = sd[1 - x];
                size_t u = unit[x], o = unit[1 - x];
                for (uint32_t q = own->anc_first[u];
                     q < own->anc_first[u + 1]; q++) {
                    const side_anchor *an = &own->anc[q];
                    int found = 0;
                    for (uint16_t z = 0; z < an->nkeys && !found; z++)
                        found = side_unit_has_key(other, o,
                                                  own->keys[an->key_first + z]);
                    /* a translation could keep capacity of it */
                    seen[an->scorer] += an->capacity;
                    kept[an->scorer] += found;
                }
            }
        }
        for (int sc = 0; sc < NSCORERS; sc++) {
            double f = (kept[sc] + 5.0 * def.found[sc]) / (seen[sc] + 5.0);
            p->found[sc] = f < 0.05 ? 0.05 : f > 0.98 ? 0.98 : f;
        }
    }
    /* priors: the document's own bead counts, smoothed toward the
     * defaults with the weight of ten beads */
    for (int t = 0; t < NTYPES; t++) {
        unsigned x = bead_types[t][0], y = bead_types[t][1];
        double prior = exp(def.log_prior[x][y]);
        if (is_run(x, y))
            continue;
        p->log_prior[x][y] =
            log((counts[x][y] + 10.0 * prior) / ((double)n + 10.0));
        /* A first pass that lost its way leaves a trail of 1-0 and 0-1
         * beads; taken as evidence they would make the second pass
         * drop sentences more readily still, so these priors may only
         * fall. */
        if ((x == 0 || y == 0) &&
            p->log_prior[x][y] > def.log_prior[x][y])
            p->log_prior[x][y] = def.log_prior[x][y];
    }
    price_runs(p);
}

/* The document-wide parameters that need no alignment: the length
 * ratio, and how much paragraph breaks count. */
static void pair_setup(const side *a, const side *b, dp_params *p)
{
    double la = 0, lb = 0;

    for (size_t i = 0; i < a->n; i++)
        la += a->length[i];
    for (size_t j = 0; j < b->n; j++)
        lb += b->length[j];
    if (la > 0 && lb > 0)
        p->ratio = lb / la;
    /* Paragraphs first: when both versions have the same number of
     * paragraphs they are taken to correspond, and crossing a paragraph
     * break, or ending a bead in paragraphs that do not correspond,
     * costs nearly as much as a wrong bead; when the counts differ the
     * breaks are only a hint. Asking instead that a bead end at a break
     * on both sides or on neither charged every paragraph that ends or
     * begins with a sentence left out or added: over the 31 corpus
     * pairs aligned from their text files (paragraphs and stele's own
     * sentences), mean strict F1 was 0.942 that way, 0.963 this way and
     * 0.962 on the gold sentences without paragraphs; without
     * dictionaries 0.915, 0.928 and 0.920. */
    if (a->has_paragraphs && b->has_paragraphs) {
        uint32_t pa = a->para_last[a->n - 1] - a->para_first[0];
        uint32_t pb = b->para_last[b->n - 1] - b->para_first[0];
        if (pa == pb) {
            p->para_cross = 8.0;
            p->para_mismatch = 8.0;
            p->paragraphs_correspond = 1;
        }
    }
}

/* ------------------------------------------------------- wide beads */

/*
 * The programme's beads hold at most three sentences a side. A free
 * translation joins more: in the MAC test set (Chinese novels and their
 * English translations, Bertalign's gold) 130 of 4,504 beads hold four
 * to seven sentences on a side, most of them English for one or two
 * Chinese ones, and the programme, unable to draw them, leaves the
 * sentences it cannot place out as 1-0 beads. So after the last pass
 * each sentence left out is offered to the bead beside it when that
 * bead has one sentence (WIDE_NARROW) on the other side, and joins it
 * when the wider bead scores better
 * than the two apart, scored as the programme scores any bead. A bead
 * the programme could have drawn already lost to the two apart, so only
 * beads wider than three come of it.
 */
#define WIDE_MAX 8
#define WIDE_NARROW 1

/* The log prior of a bead of @p na and @p nb sentences: the programme's
 * where it has the type; beyond three on the wide side, each sentence
 * more as much less likely as the third was than the second (at least
 * halving), from the priors the document's own alignment gave. */
static double wide_log_prior(const dp_params *p, unsigned na, unsigned nb)
{
    unsigned wide = na > nb ? na : nb, narrow = na > nb ? nb : na;
    double third, second, step;

    if (wide <= 3)
        return p->log_prior[na][nb];
    /* beyond the programme's types: from the widest it has */
    third = na > nb ? p->log_prior[3][narrow] : p->log_prior[narrow][3];
    second = na > nb ? p->log_prior[2][narrow] : p->log_prior[narrow][2];
    step = third - second;
    if (!(step <= log(0.5)))
        step = log(0.5);
    return third + (double)(wide - 3) * step;
}

/* coverage() for a bead whose other side has more than three units:
 * the shares and the chance of a miss computed here instead of read
 * from the anchor's tables. */
static void coverage_wide(const side *s, size_t first, unsigned count,
                          const side *o, size_t ofirst, unsigned ocount,
                          const dp_params *p, float *comp, double *total)
{
    double total_len = 0;
    for (unsigned k = 0; k < ocount; k++)
        total_len += o->length[ofirst + k];
    for (unsigned u = 0; u < count; u++) {
        for (uint32_t a = s->anc_first[first + u];
             a < s->anc_useful[first + u]; a++) {
            const side_anchor *an = &s->anc[a];
            unsigned bits = held_by(s, an, o, ofirst, ocount), held = 0;
            double held_len = 0, v;
            for (unsigned k = 0; k < ocount; k++)
                if (bits & (1u << k)) {
                    held++;
                    held_len += o->length[ofirst + k];
                }
            if (held > 0) {
                double share = total_len > 0 ? held_len / total_len
                                             : (double)held / ocount;
                double term = held == ocount
                                  ? 0
                                  : HALFWAY * log(share / (double)ocount);
                v = found_value(an, term);
                if (an->repeats && u > 0)
                    v *= REPEAT_FIND;
            } else {
                v = anchor_miss_value(
                    p->found[an->scorer] * an->capacity,
                    1.0 - pow(1.0 - an->chance, (double)ocount),
                    p->scale[an->scorer]);
            }
            *total += v;
            if (comp != NULL)
                comp[an->scorer] += (float)v;
        }
    }
}

/* dp_bead_score for beads of up to WIDE_MAX sentences a side. */
static double wide_bead_score(const side *a, const side *b,
                              const dp_params *p, size_t i, size_t j,
                              unsigned na, unsigned nb, float *comp)
{
    return score_bead(a, b, p, i, j, na, nb, wide_log_prior(p, na, nb),
                      comp);
}

/* Whether bead @p x, a sentence left out, may join bead @p y beside it
 * into a bead of WIDE_MAX sentences a side at most. */
static int may_join(const bead *x, const bead *y)
{
    if (x->a + x->b != 1 || y->a == 0 || y->b == 0)
        return 0;
    if (x->a == 1)
        return y->b <= WIDE_NARROW && y->a + 1u <= WIDE_MAX;
    return y->a <= WIDE_NARROW && y->b + 1u <= WIDE_MAX;
}

/* Bead @p x and bead @p y beside it (before it if @p before) as one. */
static bead joined(const bead *x, const bead *y, int before)
{
    bead m = *y;
    m.i = before ? y->i : x->i;
    m.j = before ? y->j : x->j;
    m.a = (uint8_t)(x->a + y->a);
    m.b = (uint8_t)(x->b + y->b);
    m.posterior = x->posterior < y->posterior ? x->posterior : y->posterior;
    return m;
}

/* What joining @p x to @p y gains over the two apart; -1 where it may
 * not be joined or the programme has weighed the bead already. */
static double join_gain(const side *a, const side *b, const dp_params *p,
                        const bead *x, const bead *y, int before)
{
    bead m;
    if (!may_join(x, y))
        return -1;
    m = joined(x, y, before);
    if (m.a <= 3 && m.b <= 3)
        return -1;
    return wide_bead_score(a, b, p, m.i, m.j, m.a, m.b, NULL) -
           wide_bead_score(a, b, p, x->i, x->j, x->a, x->b, NULL) -
           wide_bead_score(a, b, p, y->i, y->j, y->a, y->b, NULL);
}

/* Join sentences left out to the beads beside them where that scores
 * better (see above). Each pass walks the beads once, joining a
 * sentence to the side that gains more, so that the time stays linear
 * in the number of beads; a pass that joins nothing ends it (a bead
 * that grew may take a sentence the pass had already passed). */
#define WIDE_PASSES 4

static void join_wide(const side *a, const side *b, const dp_params *p,
                      bead *beads, size_t *nbeads)
{
    size_t n = *nbeads;

    for (int pass = 0; pass < WIDE_PASSES; pass++) {
        size_t w = 0;
        int any = 0;
        for (size_t k = 0; k < n; k++) {
            bead x = beads[k];
            if (x.a + x.b == 1) {
                double left = w > 0 ? join_gain(a, b, p, &x, &beads[w - 1], 1)
                                    : -1;
                double right = k + 1 < n
                                   ? join_gain(a, b, p, &x, &beads[k + 1], 0)
                                   : -1;
                int before = left > 1e-9 && left >= right;
                if (before || right > 1e-9) {
                    bead *y = before ? &beads[w - 1] : &beads[k + 1];
                    *y = joined(&x, y, before);
                    wide_bead_score(a, b, p, y->i, y->j, y->a, y->b,
                                    y->comp);
                    any = 1;
                    continue;
                }
            }
            beads[w++] = x;
        }
        n = w;
        if (!any)
            break;
    }
    *nbeads = n;
}

/* The final pass: parameters re-estimated from @p guide (an alignment
 * of the same pair), then the best path in a band around it, with
 * posteriors, and its sentences left out joined where wider beads score
 * better. */
static int final_pass(side *a, side *b, dp_params *p, const bead *guide,
                      size_t nguide, bead **beads, size_t *nbeads)
{
    size_t npoints = 0;
    uint32_t *pts;
    int rc;

    reestimate(a, b, guide, nguide, p);
    side_weigh(a, p->found, p->scale);
    side_weigh(b, p->found, p->scale);
    pts = path_points(guide, nguide, &npoints);
    if (pts == NULL)
        return STELE_ENOMEM;
    rc = search(a, b, p, 1, pts, npoints, beads, nbeads);
    if (rc == STELE_OK)
        join_wide(a, b, p, *beads, nbeads);
    if (p->progress != NULL)
        p->progress->base += a->n + 1;
    free(pts);
    return rc;
}

/* Whether an alignment found without assuming that paragraph k of a is
 * paragraph k of b bears the assumption out: nearly all of its beads
 * with sentences on both sides lie in corresponding paragraphs. Equal
 * counts alone are not enough: a translator who joins two paragraphs
 * and splits another keeps the count, and holding every bead to
 * paragraph k = k then tears the paragraphs between apart. With one
 * paragraph of the second version of each corpus text shifted so (two
 * joined a quarter of the way in, one split three quarters in, the
 * sentences unchanged; 15 pairs), mean strict F1 fell from 0.964 to
 * 0.796 with dictionaries and from 0.946 to 0.604 without; with this
 * test it stays at 0.964 and 0.946. The 31 pairs of the texts as they
 * are come out as before, with dictionaries and without. A single bead
 * apart is what the assumption is there to put right (a paragraph that
 * ends with an omission and a next one that begins with an addition). */
static int paragraphs_agree(const side *a, const side *b, const bead *beads,
                            size_t n)
{
    size_t both = 0, apart = 0;
    for (size_t k = 0; k < n; k++) {
        const bead *bd = &beads[k];
        if (bd->a == 0 || bd->b == 0)
            continue;
        both++;
        apart += paragraphs_apart(a, b, bd->i, bd->j, bd->a, bd->b);
    }
    return apart <= 1 || (double)apart <= PARA_DISAGREE * (double)both;
}

static void paragraphs_are_hints(dp_params *p)
{
    dp_params def;
    dp_params_default(&def);
    p->para_cross = def.para_cross;
    p->para_mismatch = def.para_mismatch;
    p->paragraphs_correspond = 0;
}

/*
 * The length ratio of a translation that covers only part of the
 * original. pair_setup takes the ratio from the whole texts, which a
 * version that stops half-way halves; the first pass then spreads the
 * original over the half that exists, and the ratio re-estimated from it
 * is as wrong. So a pass that lets length say nothing (anchors and
 * priors alone) goes first, on blocks of sentences when the pair is
 * large, and its 1-1 beads with no evidence against them measure the
 * ratio again. Only a ratio at least RATIO_APART times off the whole
 * texts' replaces it: on the corpora as they are, the two agree within
 * 1.4 (literary English-Chinese, whose 1-1 beads are its shorter
 * sentences) and nothing changes (34 pairs, with and without
 * dictionaries). Five pairs with the second half of the second version
 * cut (csto-summit, novella-ferry and tessa-interview en-zh,
 * novella-ferry and story-lighthouse en-ru), each with and without
 * dictionaries: mean strict F1 0.757 -> 0.859 (csto-summit en-zh
 * without dictionaries 0.17 -> 0.93, novella-ferry en-ru 0.72 -> 1.00);
 * novella-ferry en-zh without dictionaries stays lost (0.01): too few of
 * its anchors hold without length. The learning rounds measure again
 * (align_pair_again), with the learned pairs among the anchors.
 */
#define RATIO_APART 1.5
#define RATIO_MIN_UNITS 20
#define RATIO_MIN_BEADS 8

static int ratio_from_anchors(const side *a, const side *b, dp_params *p)
{
    dp_params lex = *p;
    side ca, cb;
    const side *ma = a, *mb = b;
    int coarse = 0, rc;
    bead *path = NULL;
    size_t n = 0, ones = 0;
    double la = 0, lb = 0;

    /* a length scorer turned off (align_once) has nothing to put right */
    if (p->variance >= LENGTH_SILENT || a->n < RATIO_MIN_UNITS ||
        b->n < RATIO_MIN_UNITS)
        return STELE_OK;
    paragraphs_are_hints(&lex);
    lex.variance = LENGTH_SILENT;
    lex.progress = NULL;
    if ((double)(a->n + 1) * (double)(b->n + 1) > FULL_CELLS) {
        rc = coarse_pair(a, b, &lex, &ca, &cb);
        if (rc < 0)
            return rc;
        ma = &ca;
        mb = &cb;
        coarse = 1;
    }
    rc = search(ma, mb, &lex, 0, NULL, 0, &path, &n);
    for (size_t k = 0; rc == STELE_OK && k < n; k++) {
        double evidence = 0;
        if (path[k].a != 1 || path[k].b != 1)
            continue;
        for (int c = 0; c < NSCORERS; c++)
            evidence += path[k].comp[c];
        if (evidence < 0)
            continue;
        la += ma->length[path[k].i];
        lb += mb->length[path[k].j];
        ones++;
    }
    free(path);
    if (coarse) {
        side_free(&ca);
        side_free(&cb);
    }
    if (rc < 0)
        return rc;
    if (ones >= RATIO_MIN_BEADS && la > 0 && lb > 0) {
        double r = lb / la;
        if (r > p->ratio * RATIO_APART || r * RATIO_APART < p->ratio)
            p->ratio = r;
    }
    return STELE_OK;
}

int align_pair(side *a, side *b, dp_params *p, bead **beads,
               size_t *nbeads)
{
    bead *first = NULL;
    size_t nfirst = 0;
    int rc;

    *beads = NULL;
    *nbeads = 0;
    pair_setup(a, b, p);
    side_weigh(a, p->found, p->scale);
    side_weigh(b, p->found, p->scale);
    rc = ratio_from_anchors(a, b, p);
    if (rc < 0)
        return rc;
    if (p->paragraphs_correspond) {
        dp_params hints = *p;
        paragraphs_are_hints(&hints);
        rc = search(a, b, &hints, 0, NULL, 0, &first, &nfirst);
        if (rc < 0)
            return rc;
        if (!paragraphs_agree(a, b, first, nfirst)) {
            paragraphs_are_hints(p);
        } else {
            /* the paragraphs hold: the path they allow lies near the one
             * found without them, in a band around it */
            size_t npoints = 0;
            uint32_t *pts = path_points(first, nfirst, &npoints);
            free(first);
            first = NULL;
            if (pts == NULL)
                return STELE_ENOMEM;
            rc = search(a, b, p, 0, pts, npoints, &first, &nfirst);
            free(pts);
        }
    } else {
        rc = search(a, b, p, 0, NULL, 0, &first, &nfirst);
    }
    if (rc < 0)
        return rc;
    if (p->progress != NULL)
        p->progress->base += a->n + 1;
    rc = final_pass(a, b, p, first, nfirst, beads, nbeads);
    free(first);
    return rc;
}

int align_pair_again(side *a, side *b, dp_params *p, const bead *previous,
                     size_t nprevious, bead **beads, size_t *nbeads)
{
    bead *first = NULL;
    size_t nfirst = 0, npoints = 0;
    uint32_t *pts;
    int rc;

    *beads = NULL;
    *nbeads = 0;
    pair_setup(a, b, p);
    if (p->paragraphs_correspond &&
        !paragraphs_agree(a, b, previous, nprevious))
        paragraphs_are_hints(p);
    side_weigh(a, p->found, p->scale);
    side_weigh(b, p->found, p->scale);
    rc = ratio_from_anchors(a, b, p);
    if (rc < 0)
        return rc;
    pts = path_points(previous, nprevious, &npoints);
    if (pts == NULL)
        return STELE_ENOMEM;
    rc = search(a, b, p, 0, pts, npoints, &first, &nfirst);
    free(pts);
    if (rc < 0)
        return rc;
    if (p->progress != NULL)
        p->progress->base += a->n + 1;
    rc = final_pass(a, b, p, first, nfirst, beads, nbeads);
    free(first);
    return rc;
}
