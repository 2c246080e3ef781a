/*
 * align/beads.c - bead files, and scoring an alignment against a gold one.
 *
 * A bead file holds one bead per line, "[1, 2]:[1]", in the format of
 * Vecalign (Thompson and Koehn, 2019) and Bertalign (Liu and Zhu, 2022);
 * stele adds a third field for three-language alignments. Indexes are
 * 0-based sentence numbers.
 *
 * Scoring follows the arithmetic of Vecalign's score.py, itself after
 * Sennrich and Volk (2011, "Iterative, MT-based sentence alignment of
 * parallel texts"), so that our figures can be set beside published ones:
 *
 *   precision: every predicted bead that is not empty on both sides is
 *     judged. Strictly it is right when the gold holds the identical bead;
 *     laxly when some source sentence of it is linked in the gold to some
 *     target sentence it holds. Predicted insertions and deletions thus
 *     count, and are right only when the gold has them too.
 *   recall: the same with gold and prediction swapped, after dropping the
 *     beads with an empty side from both (insertions and deletions are
 *     not "recalled").
 *   F1 is the harmonic mean; a 0/0 ratio is 0.
 *
 * Beads are sets: duplicates count once, as in score.py.
 */
#define _POSIX_C_SOURCE 200809L

#include "stele/align.h"

#include "../util/buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bead files are small (a few bytes per sentence); anything larger than
 * this is not a bead file. */
#define MAX_BEAD_FILE ((size_t)1 << 30)
/* Sentence indexes fit a uint32 with room to spare. */
#define MAX_INDEX 2000000000UL

typedef struct bead {
    size_t start[STELE_MAX_LANGS]; /* offset of each field in indexes[] */
    size_t count[STELE_MAX_LANGS]; /* items in each field */
} bead;

struct stele_beads {
    size_t fields;      /* 2 or 3 */
    bead *beads;        /* malloc'ed, count used */
    size_t count;
    size_t capacity;
    uint32_t *indexes;  /* malloc'ed pool of all fields' items */
    size_t nindexes;
    size_t index_capacity;
};

static int new_beads(stele_beads **out, size_t fields)
{
    stele_beads *b = calloc(1, sizeof *b);

    *out = b;
    if (b == NULL)
        return STELE_ENOMEM;
    b->fields = fields;
    return STELE_OK;
}

void stele_beads_free(stele_beads *beads)
{
    if (beads == NULL)
        return;
    free(beads->beads);
    free(beads->indexes);
    free(beads);
}

size_t stele_beads_fields(const stele_beads *beads)
{
    return beads->fields;
}

size_t stele_beads_count(const stele_beads *beads)
{
    return beads->count;
}

static int push_index(stele_beads *b, uint32_t value)
{
    if (stele__reserve_items((void **)&b->indexes, &b->index_capacity,
                             b->nindexes + 1, sizeof *b->indexes) != 0)
        return STELE_ENOMEM;
    b->indexes[b->nindexes++] = value;
    return STELE_OK;
}

static int push_bead(stele_beads *b, const bead *item)
{
    if (stele__reserve_items((void **)&b->beads, &b->capacity, b->count + 1,
                             sizeof *b->beads) != 0)
        return STELE_ENOMEM;
    b->beads[b->count++] = *item;
    return STELE_OK;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */
/* ------------------------------------------------------------------ */

typedef struct line_parser {
    const char *start;  /* first character of the line */
    const char *p;      /* next character */
    const char *end;    /* end of the line */
    const char *name;   /* file name for messages */
    long line;          /* 1-based line number */
    stele_error *err;
} line_parser;

static void skip_blanks(line_parser *lp)
{
    while (lp->p < lp->end && (*lp->p == ' ' || *lp->p == '\t'))
        lp->p++;
}

static int syntax(line_parser *lp, const char *what)
{
    if (lp->p >= lp->end)
        return stele_error_set(lp->err, STELE_EFORMAT, lp->name, lp->line,
                               -1, "%s, found the end of the line", what);
    return stele_error_set(lp->err, STELE_EFORMAT, lp->name, lp->line, -1,
                           "%s, found '%c' in column %ld", what,
                           (*lp->p >= 0x20 && *lp->p < 0x7f) ? *lp->p : '?',
                           (long)(lp->p - lp->start) + 1);
}

/* One bracketed list "[1, 2]" into the pool. */
static int parse_field(line_parser *lp, stele_beads *b, size_t *count)
{
    int rc;

    *count = 0;
    skip_blanks(lp);
    if (lp->p >= lp->end || *lp->p != '[')
        return syntax(lp, "expected '['");
    lp->p++;
    skip_blanks(lp);
    if (lp->p < lp->end && *lp->p == ']') {
        lp->p++;
        return STELE_OK;
    }
    for (;;) {
        unsigned long value = 0;
        const char *digits = lp->p;

        while (lp->p < lp->end && *lp->p >= '0' && *lp->p <= '9') {
            value = value * 10 + (unsigned long)(*lp->p - '0');
            if (value > MAX_INDEX)
                return stele_error_set(lp->err, STELE_EFORMAT, lp->name,
                                       lp->line, -1,
                                       "sentence index is too large");
            lp->p++;
        }
        if (lp->p == digits)
            return syntax(lp, "expected a sentence index");
        rc = push_index(b, (uint32_t)value);
        if (rc < 0)
            return stele_error_set(lp->err, rc, lp->name, lp->line, -1,
                                   "out of memory");
        (*count)++;
        skip_blanks(lp);
        if (lp->p < lp->end && *lp->p == ']') {
            lp->p++;
            return STELE_OK;
        }
        if (lp->p >= lp->end || *lp->p != ',')
            return syntax(lp, "expected ',' or ']'");
        lp->p++;
        skip_blanks(lp);
    }
}

static int parse_line(line_parser *lp, stele_beads **beads)
{
    bead item;
    size_t fields = 0;
    int rc;

    memset(&item, 0, sizeof item);
    if (*beads == NULL) {
        rc = new_beads(beads, 2);
        if (rc < 0)
            return stele_error_set(lp->err, rc, lp->name, lp->line, -1,
                                   "out of memory");
    }
    for (;;) {
        if (fields == STELE_MAX_LANGS)
            return stele_error_set(lp->err, STELE_EFORMAT, lp->name,
                                   lp->line, -1,
                                   "more than %d fields in a bead",
                                   STELE_MAX_LANGS);
        item.start[fields] = (*beads)->nindexes;
        rc = parse_field(lp, *beads, &item.count[fields]);
        if (rc < 0)
            return rc;
        fields++;
        skip_blanks(lp);
        if (lp->p < lp->end && *lp->p == ':') {
            lp->p++;
            continue;
        }
        if (lp->p < lp->end)
            return syntax(lp, "expected ':' or the end of the line");
        break;
    }
    if (fields < 2)
        return stele_error_set(lp->err, STELE_EFORMAT, lp->name, lp->line,
                               -1, "a bead needs at least 2 fields");
    if ((*beads)->count == 0) {
        (*beads)->fields = fields;
    } else if (fields != (*beads)->fields) {
        return stele_error_set(lp->err, STELE_EFORMAT, lp->name, lp->line,
                               -1, "%zu fields here, %zu on earlier lines",
                               fields, (*beads)->fields);
    }
    rc = push_bead(*beads, &item);
    if (rc < 0)
        return stele_error_set(lp->err, rc, lp->name, lp->line, -1,
                               "out of memory");
    return STELE_OK;
}

int stele_beads_parse(stele_beads **out, const char *text, size_t size,
                      const char *name, stele_error *err)
{
    stele_beads *beads = NULL;
    const char *p = text;
    const char *end = text + size;
    long line = 0;
    int rc = STELE_OK;

    stele_error_clear(err);
    *out = NULL;
    if (name == NULL)
        name = "<beads>";
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        line_parser lp;

        if (eol == NULL)
            eol = end;
        line++;
        lp.start = p;
        lp.p = p;
        lp.end = eol;
        if (lp.end > lp.p && lp.end[-1] == '\r')
            lp.end--;
        lp.name = name;
        lp.line = line;
        lp.err = err;
        if (memchr(p, '\0', (size_t)(eol - p)) != NULL) {
            rc = stele_error_set(err, STELE_EFORMAT, name, line, -1,
                                 "NUL byte: this is not a bead file");
            goto done;
        }
        skip_blanks(&lp);
        if (lp.p < lp.end) {
            rc = parse_line(&lp, &beads);
            if (rc < 0)
                goto done;
        }
        p = eol < end ? eol + 1 : end;
    }
    if (beads == NULL) {
        rc = new_beads(&beads, 2);
        if (rc < 0) {
            stele_error_set(err, rc, name, 0, -1, "out of memory");
            goto done;
        }
    }
    *out = beads;
    beads = NULL;
done:
    stele_beads_free(beads);
    return rc;
}

int stele_beads_from_alignment(stele_beads **out,
                               const stele_alignment *alignment,
                               stele_error *err)
{
    stele_beads *beads = NULL;
    size_t fields = stele_alignment_ndocs(alignment);
    size_t units = stele_alignment_count(alignment);
    int rc;

    *out = NULL;
    stele_error_clear(err);
    rc = new_beads(&beads, fields);
    if (rc < 0)
        goto oom;
    for (size_t i = 0; i < units; i++) {
        const stele_unit *unit = stele_alignment_unit(alignment, i);
        bead item;

        memset(&item, 0, sizeof item);
        for (size_t k = 0; k < fields; k++) {
            item.start[k] = beads->nindexes;
            item.count[k] = unit->count[k];
            for (uint32_t j = 0; j < unit->count[k]; j++)
                if (push_index(beads, unit->first[k] + j) < 0)
                    goto oom;
        }
        if (push_bead(beads, &item) < 0)
            goto oom;
    }
    *out = beads;
    return STELE_OK;
oom:
    stele_beads_free(beads);
    return stele_error_set(err, STELE_ENOMEM, NULL, 0, -1, "out of memory");
}


int stele_beads_read(stele_beads **out, const char *path, stele_error *err)
{
    FILE *f = NULL;
    char *text = NULL;
    size_t size = 0;
    size_t capacity = 0;
    int rc = STELE_OK;

    *out = NULL;
    stele_error_clear(err);
    f = fopen(path, "rb");
    if (f == NULL) {
        rc = stele_error_set(err, STELE_EIO, path, 0, -1, "%s",
                             strerror(errno));
        goto done;
    }
    for (;;) {
        size_t n;

        if (size == capacity) {
            if (capacity >= MAX_BEAD_FILE) {
                rc = stele_error_set(err, STELE_ETOOBIG, path, 0, -1,
                                     "larger than %zu bytes: not a bead "
                                     "file", MAX_BEAD_FILE);
                goto done;
            }
            if (stele__reserve_items((void **)&text, &capacity, size + 65536,
                                     1) != 0) {
                rc = stele_error_set(err, STELE_ENOMEM, path, 0, -1,
                                     "out of memory");
                goto done;
            }
        }
        n = fread(text + size, 1, capacity - size, f);
        size += n;
        if (n == 0) {
            if (ferror(f)) {
                /* reading a folder fails here, with EISDIR */
                rc = stele_error_set(err, STELE_EIO, path, 0, -1, "%s",
                                     strerror(errno != 0 ? errno : EIO));
                goto done;
            }
            break;
        }
    }
    rc = stele_beads_parse(out, text != NULL ? text : "", size, path, err);
done:
    free(text);
    if (f != NULL)
        fclose(f);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Scoring                                                             */
/* ------------------------------------------------------------------ */

/* A bead projected on one pair of fields: two sorted index lists. */
typedef struct pair_bead {
    const uint32_t *src;
    size_t nsrc;
    const uint32_t *tgt;
    size_t ntgt;
} pair_bead;

/* One sentence-pair link of the reference side, for the lax test. */
typedef struct link {
    uint32_t src;
    uint32_t tgt;
} link;

typedef struct counts {
    size_t tp_strict;
    size_t fp_strict;
    size_t tp_lax;
    size_t fp_lax;
} counts;

static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a;
    uint32_t y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int compare_lists(const uint32_t *a, size_t na, const uint32_t *b,
                         size_t nb)
{
    size_t n = na < nb ? na : nb;

    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return (na > nb) - (na < nb);
}

static int compare_pair_beads(const void *a, const void *b)
{
    const pair_bead *x = a;
    const pair_bead *y = b;
    int c = compare_lists(x->src, x->nsrc, y->src, y->nsrc);

    return c != 0 ? c : compare_lists(x->tgt, x->ntgt, y->tgt, y->ntgt);
}

static int compare_links(const void *a, const void *b)
{
    const link *x = a;
    const link *y = b;

    if (x->src != y->src)
        return x->src < y->src ? -1 : 1;
    return (x->tgt > y->tgt) - (x->tgt < y->tgt);
}

/*
 * Project @p beads on fields (a, b) into a sorted, duplicate-free array.
 * The index lists are copied and sorted (a bead is a set of sentences),
 * into @p pool. Beads empty on both sides are dropped; with
 * @p both_sides, so are beads with any empty side.
 */
static int project(const stele_beads *beads, size_t a, size_t b,
                   int both_sides, pair_bead **out, size_t *nout,
                   uint32_t **pool)
{
    pair_bead *items = NULL;
    uint32_t *copy = NULL;
    size_t n = 0;

    *out = NULL;
    *nout = 0;
    *pool = NULL;
    items = malloc((beads->count + 1) * sizeof *items);
    copy = malloc((beads->nindexes + 1) * sizeof *copy);
    if (items == NULL || copy == NULL) {
        free(items);
        free(copy);
        return STELE_ENOMEM;
    }
    if (beads->nindexes > 0)
        memcpy(copy, beads->indexes, beads->nindexes * sizeof *copy);
    for (size_t i = 0; i < beads->count; i++) {
        const bead *bd = &beads->beads[i];
        pair_bead pb;

        pb.src = copy + bd->start[a];
        pb.nsrc = bd->count[a];
        pb.tgt = copy + bd->start[b];
        pb.ntgt = bd->count[b];
        if (pb.nsrc == 0 && pb.ntgt == 0)
            continue;
        if (both_sides && (pb.nsrc == 0 || pb.ntgt == 0))
            continue;
        qsort(copy + bd->start[a], pb.nsrc, sizeof *copy, compare_u32);
        qsort(copy + bd->start[b], pb.ntgt, sizeof *copy, compare_u32);
        items[n++] = pb;
    }
    if (n > 1) {
        size_t kept = 1;

        qsort(items, n, sizeof *items, compare_pair_beads);
        for (size_t i = 1; i < n; i++)
            if (compare_pair_beads(&items[kept - 1], &items[i]) != 0)
                items[kept++] = items[i];
        n = kept;
    }
    *out = items;
    *nout = n;
    *pool = copy;
    return STELE_OK;
}

static int contains_u32(const uint32_t *list, size_t n, uint32_t value)
{
    return bsearch(&value, list, n, sizeof *list, compare_u32) != NULL;
}

/* score.py's _precision: judge each of @p test against @p ref. */
static int judge(const pair_bead *ref, size_t nref, const pair_bead *test,
                 size_t ntest, counts *c)
{
    link *links = NULL;
    size_t nlinks = 0;
    size_t total = 0;

    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < nref; i++) {
        if (ref[i].ntgt != 0 && ref[i].nsrc > SIZE_MAX / ref[i].ntgt)
            return STELE_ENOMEM;
        total += ref[i].nsrc * ref[i].ntgt;
    }
    links = malloc((total + 1) * sizeof *links);
    if (links == NULL)
        return STELE_ENOMEM;
    for (size_t i = 0; i < nref; i++)
        for (size_t s = 0; s < ref[i].nsrc; s++)
            for (size_t t = 0; t < ref[i].ntgt; t++) {
                links[nlinks].src = ref[i].src[s];
                links[nlinks].tgt = ref[i].tgt[t];
                nlinks++;
            }
    qsort(links, nlinks, sizeof *links, compare_links);

    for (size_t i = 0; i < ntest; i++) {
        const pair_bead *tb = &test[i];
        int lax = 0;

        if (bsearch(tb, ref, nref, sizeof *ref, compare_pair_beads) != NULL) {
            c->tp_strict++;
            c->tp_lax++;
            continue;
        }
        for (size_t s = 0; s < tb->nsrc && !lax; s++) {
            link key = { tb->src[s], 0 };
            size_t lo = 0, hi = nlinks;

            /* first link whose source is tb->src[s] */
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (compare_links(&links[mid], &key) < 0)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (; lo < nlinks && links[lo].src == tb->src[s]; lo++)
                if (contains_u32(tb->tgt, tb->ntgt, links[lo].tgt)) {
                    lax = 1;
                    break;
                }
        }
        c->fp_strict++;
        if (lax)
            c->tp_lax++;
        else
            c->fp_lax++;
    }
    free(links);
    return STELE_OK;
}

static double ratio(size_t num, size_t den)
{
    return den == 0 ? 0.0 : (double)num / (double)den;
}

static double harmonic(double p, double r)
{
    return p + r == 0.0 ? 0.0 : 2.0 * p * r / (p + r);
}

/* Whether @p field_a and @p field_b are two fields of both bead files. */
static int fields_are_pair(const stele_beads *gold,
                           const stele_beads *predicted, size_t field_a,
                           size_t field_b)
{
    return field_a != field_b && field_a < gold->fields &&
           field_b < gold->fields && field_a < predicted->fields &&
           field_b < predicted->fields;
}

static int fields_error(const stele_beads *gold, const stele_beads *predicted,
                        size_t field_a, size_t field_b, stele_error *err)
{
    return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                           "fields %zu and %zu are not a pair of both "
                           "bead files (%zu and %zu fields)",
                           field_a, field_b, gold->fields,
                           predicted->fields);
}

int stele_eval(const stele_beads *gold, const stele_beads *predicted,
               size_t field_a, size_t field_b, stele_eval_result *out,
               stele_error *err)
{
    pair_bead *gold_all = NULL, *test_all = NULL;
    pair_bead *gold_both = NULL, *test_both = NULL;
    uint32_t *pools[4] = { NULL, NULL, NULL, NULL };
    size_t n_gold_all, n_test_all, n_gold_both, n_test_both;
    counts pc, rc_counts;
    int rc;

    stele_error_clear(err);
    memset(out, 0, sizeof *out);
    if (!fields_are_pair(gold, predicted, field_a, field_b))
        return fields_error(gold, predicted, field_a, field_b, err);
    rc = project(gold, field_a, field_b, 0, &gold_all, &n_gold_all,
                 &pools[0]);
    if (rc == 0)
        rc = project(predicted, field_a, field_b, 0, &test_all, &n_test_all,
                     &pools[1]);
    if (rc == 0)
        rc = project(gold, field_a, field_b, 1, &gold_both, &n_gold_both,
                     &pools[2]);
    if (rc == 0)
        rc = project(predicted, field_a, field_b, 1, &test_both,
                     &n_test_both, &pools[3]);
    if (rc == 0)
        rc = judge(gold_all, n_gold_all, test_all, n_test_all, &pc);
    if (rc == 0)
        rc = judge(test_both, n_test_both, gold_both, n_gold_both,
                   &rc_counts);
    if (rc < 0) {
        stele_error_set(err, rc, NULL, 0, -1, "out of memory");
        goto done;
    }
    out->strict.precision = ratio(pc.tp_strict, pc.tp_strict + pc.fp_strict);
    out->lax.precision = ratio(pc.tp_lax, pc.tp_lax + pc.fp_lax);
    out->strict.recall =
        ratio(rc_counts.tp_strict, rc_counts.tp_strict + rc_counts.fp_strict);
    out->lax.recall =
        ratio(rc_counts.tp_lax, rc_counts.tp_lax + rc_counts.fp_lax);
    out->strict.f1 = harmonic(out->strict.precision, out->strict.recall);
    out->lax.f1 = harmonic(out->lax.precision, out->lax.recall);
    out->gold_beads = n_gold_both;
    out->predicted_beads = n_test_both;
done:
    free(gold_all);
    free(test_all);
    free(gold_both);
    free(test_both);
    for (int i = 0; i < 4; i++)
        free(pools[i]);
    return rc;
}

static unsigned side_class(size_t n)
{
    return n > STELE_EVAL_SIDE_MAX ? STELE_EVAL_SIDE_MAX : (unsigned)n;
}

int stele_eval_by_type(const stele_beads *gold, const stele_beads *predicted,
                       size_t field_a, size_t field_b, stele_eval_types *out,
                       stele_error *err)
{
    pair_bead *gold_all = NULL, *test_all = NULL;
    uint32_t *pools[2] = { NULL, NULL };
    size_t n_gold, n_test;
    int rc;

    stele_error_clear(err);
    memset(out, 0, sizeof *out);
    if (!fields_are_pair(gold, predicted, field_a, field_b))
        return fields_error(gold, predicted, field_a, field_b, err);
    rc = project(gold, field_a, field_b, 0, &gold_all, &n_gold, &pools[0]);
    if (rc == 0)
        rc = project(predicted, field_a, field_b, 0, &test_all, &n_test,
                     &pools[1]);
    if (rc < 0) {
        stele_error_set(err, rc, NULL, 0, -1, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n_gold; i++)
        out->gold[side_class(gold_all[i].nsrc)]
                 [side_class(gold_all[i].ntgt)]++;
    /* project() leaves each list sorted and without repeats, so a
     * predicted bead matches at most one gold bead and is counted once */
    for (size_t i = 0; i < n_test; i++) {
        unsigned x = side_class(test_all[i].nsrc);
        unsigned y = side_class(test_all[i].ntgt);
        out->predicted[x][y]++;
        if (bsearch(&test_all[i], gold_all, n_gold, sizeof *gold_all,
                    compare_pair_beads) != NULL)
            out->matched[x][y]++;
    }
done:
    free(gold_all);
    free(test_all);
    free(pools[0]);
    free(pools[1]);
    return rc;
}
