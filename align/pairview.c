/*
 * align/pairview.c - two documents seen against each other.
 *
 * An anchor only means something if its key can be found in the other
 * document: a Latin acronym in the Chinese text is evidence, "the" in an
 * English text aligned with Chinese is not. So for each pair we keep only
 * the keys present on both sides, and note for each anchor the chance
 * that a unit of the other side picked at random holds one of its keys.
 * Finding an anchor in the bead's other side is then worth the log of
 * P(kept by a translation) / P(found by chance): a name that occurs once
 * in each version is a strong link, a "1" found in twenty sentences a
 * faint one, and a bead does not win merely by being larger, since a
 * larger other side is also more likely to hold the key by chance.
 *
 * Nor can a translation keep a key in more units than it holds it in:
 * when the English says "software" in thirty sentences and the Chinese
 * keeps the word in Latin letters in two, twenty-eight English sentences
 * lack it in any alignment, right or wrong, and their misses say nothing
 * about which is right. So an anchor's P(kept) is the scorer's rate
 * times its capacity, min(1, (df other + 1) / df own), the best over its
 * keys (df: the sentences of a side that hold the key). The one added
 * leaves small deficits alone: a name said twice in one version and
 * once in the other is still missed where it is missed, and at 0 instead
 * of 1 mean strict F1 over corpora/ was 0.9708 and 0.9357 without
 * dictionaries, against 0.9715 and 0.9369. Before capacity, such words
 * cost a sentence about one each, and in a technical text full of them
 * the aligner left right pairs out as a 1-0 and a 0-1 (align/README.md
 * has the figures). Dictionary concepts keep a capacity of 1: a concept
 * stands for all the words a dictionary gives it, which it covers
 * unevenly in the two languages; capped too, they cost 0.003 of mean
 * strict F1 over corpora/ and gained nothing elsewhere.
 */
#include "align_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void side_free(side *s)
{
    if (s == NULL)
        return;
    free(s->length);
    free(s->para_first);
    free(s->para_last);
    free(s->anc_first);
    free(s->anc_useful);
    free(s->anc_repeats);
    free(s->anc);
    free(s->ukey_first);
    free(s->ukeys);
    free(s->keys);
    memset(s, 0, sizeof *s);
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

static unsigned scorer_bit(int scorer)
{
    switch (scorer) {
    case SCORER_NUMBERS: return STELE_SCORER_NUMBERS;
    case SCORER_LATIN: return STELE_SCORER_LATIN;
    case SCORER_TRANSLIT: return STELE_SCORER_TRANSLIT;
    case SCORER_PUNCT: return STELE_SCORER_PUNCT;
    case SCORER_DICT: return STELE_SCORER_DICT;
    case SCORER_LEARNED: return STELE_SCORER_LEARNED;
    case SCORER_NUMWORDS: return STELE_SCORER_NUMWORDS;
    case SCORER_PINYIN: return STELE_SCORER_PINYIN;
    /* a part of the dictionary, weighed apart (features.c) */
    case SCORER_DICT_CHAR: return STELE_SCORER_DICT;
    default: return 0;
    }
}

/* Sentences of @p f holding each key at least once, in the anchors of
 * the scorers in @p mask (so that a scorer switched off does not make
 * the others' keys look common). */
static uint32_t *document_frequency(const doc_features *f, size_t nkeys,
                                    unsigned mask)
{
    uint32_t *df = calloc(nkeys + 1, sizeof *df);
    uint32_t *seen = calloc(nkeys + 1, sizeof *seen);

    if (df == NULL || seen == NULL) {
        free(df);
        free(seen);
        return NULL;
    }
    for (size_t i = 0; i < f->count; i++) {
        for (uint32_t a = f->anchor_first[i]; a < f->anchor_first[i + 1];
             a++) {
            const anchor *an = &f->anchors[a];
            if ((scorer_bit(an->scorer) & mask) == 0)
                continue;
            for (uint16_t k = 0; k < an->nkeys; k++) {
                uint32_t key = f->keys[an->key_first + k];
                if (seen[key] != i + 1) {
                    seen[key] = (uint32_t)i + 1;
                    df[key]++;
                }
            }
        }
    }
    free(seen);
    return df;
}

/* Build one side: @p df_own and @p df_other are indexed by key. */
static int build_side(const doc_features *f, const uint32_t *df_own,
                      const uint32_t *df_other, size_t n_other,
                      unsigned mask, side *s)
{
    size_t n = f->count, nanc = 0, nkeys = 0, nukeys = 0;

    memset(s, 0, sizeof *s);
    s->n = n;
    s->length = malloc((n + 1) * sizeof *s->length);
    s->para_first = malloc((n + 1) * sizeof *s->para_first);
    s->para_last = malloc((n + 1) * sizeof *s->para_last);
    s->anc_first = malloc((n + 1) * sizeof *s->anc_first);
    s->anc_useful = calloc(n + 1, sizeof *s->anc_useful);
    s->anc_repeats = calloc(n + 1, sizeof *s->anc_repeats);
    s->ukey_first = malloc((n + 1) * sizeof *s->ukey_first);
    s->anc = malloc((f->nanchors + 1) * sizeof *s->anc);
    s->keys = malloc((f->nkeys + 1) * sizeof *s->keys);
    s->ukeys = malloc((f->nkeys + 1) * sizeof *s->ukeys);
    if (s->length == NULL || s->para_first == NULL || s->para_last == NULL ||
        s->anc_first == NULL || s->anc_useful == NULL ||
        s->anc_repeats == NULL || s->ukey_first == NULL || s->anc == NULL ||
        s->keys == NULL || s->ukeys == NULL) {
        side_free(s);
        return STELE_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        size_t kfirst = nkeys, m;
        s->length[i] = f->length[i];
        s->para_first[i] = s->para_last[i] = f->paragraph[i];
        s->anc_first[i] = (uint32_t)nanc;
        for (uint32_t a = f->anchor_first[i]; a < f->anchor_first[i + 1];
             a++) {
            const anchor *an = &f->anchors[a];
            side_anchor *out = &s->anc[nanc];
            double spread = 0, capacity = 0;
            uint16_t kept = 0;
            if ((scorer_bit(an->scorer) & mask) == 0)
                continue;
            out->key_first = (uint32_t)nkeys;
            for (uint16_t k = 0; k < an->nkeys; k++) {
                uint32_t key = f->keys[an->key_first + k];
                if (df_other[key] == 0)
                    continue;
                spread += df_other[key];
                /* df_own[key] >= 1: this sentence holds the key */
                if (df_other[key] + 1 >= df_own[key])
                    capacity = 1.0;
                else if ((df_other[key] + 1.0) / df_own[key] > capacity)
                    capacity = (df_other[key] + 1.0) / df_own[key];
                s->keys[nkeys++] = key;
                kept++;
            }
            if (kept == 0)
                continue;
            out->nkeys = kept;
            out->scorer = an->scorer;
            {
                double q = spread / (double)(n_other ? n_other : 1);
                out->chance = (float)(q > 0.95 ? 0.95 : q);
            }
            out->capacity =
                an->scorer == SCORER_DICT ? 1.0f : (float)capacity;
            nanc++;
        }
        /* the sentence's distinct keys, sorted, for bead lookups */
        s->ukey_first[i] = (uint32_t)nukeys;
        memcpy(s->ukeys + nukeys, s->keys + kfirst,
               (nkeys - kfirst) * sizeof *s->ukeys);
        qsort(s->ukeys + nukeys, nkeys - kfirst, sizeof *s->ukeys, cmp_u32);
        m = 0;
        for (size_t k = 0; k < nkeys - kfirst; k++)
            if (m == 0 || s->ukeys[nukeys + m - 1] != s->ukeys[nukeys + k])
                s->ukeys[nukeys + m++] = s->ukeys[nukeys + k];
        nukeys += m;
    }
    s->anc_first[n] = (uint32_t)nanc;
    s->ukey_first[n] = (uint32_t)nukeys;
    s->has_paragraphs = n > 0 && f->paragraph[n - 1] > f->paragraph[0];
    return STELE_OK;
}

static size_t max_key(const doc_features *f)
{
    size_t m = 0;
    for (size_t k = 0; k < f->nkeys; k++)
        if (f->keys[k] + 1 > m)
            m = f->keys[k] + 1;
    return m;
}

int pair_sides(const doc_features *fa, const doc_features *fb,
               unsigned scorer_mask, side *a, side *b)
{
    size_t ka = max_key(fa), kb = max_key(fb);
    size_t nkeys = ka > kb ? ka : kb;
    uint32_t *dfa, *dfb;
    int rc = STELE_ENOMEM;

    memset(a, 0, sizeof *a);
    memset(b, 0, sizeof *b);
    /* Between two Latin-script texts every shared word would count as a
     * "Latin token"; the transliteration skeletons already cover the
     * names and cognates, so the Latin scorer stays out. */
    if (fa->latin_script && fb->latin_script)
        scorer_mask &= ~(unsigned)STELE_SCORER_LATIN;
    /* Pinyin meets capitalised words only between Chinese and a text in
     * another script; between two others it would count their names a
     * second time, after the Latin and transliteration scorers. */
    if (fa->han_names == fb->han_names)
        scorer_mask &= ~(unsigned)STELE_SCORER_PINYIN;
    dfa = document_frequency(fa, nkeys, scorer_mask);
    dfb = document_frequency(fb, nkeys, scorer_mask);
    if (dfa == NULL || dfb == NULL)
        goto done;
    rc = build_side(fa, dfa, dfb, fb->count, scorer_mask, a);
    if (rc == STELE_OK)
        rc = build_side(fb, dfb, dfa, fa->count, scorer_mask, b);
done:
    free(dfa);
    free(dfb);
    if (rc != STELE_OK) {
        side_free(a);
        side_free(b);
    }
    return rc;
}

/* The sorted distinct keys of fine units [first, last), the union of
 * their ukeys (each sorted already), merged into @p out; @p scratch has
 * room for as many. Returns how many. Merging instead of sorting the
 * block's keys afresh: the sort was half of coarsening a side. */
static size_t union_keys(const side *fine, size_t first, size_t last,
                         uint32_t *out, uint32_t *scratch)
{
    size_t n = 0;
    for (size_t i = first; i < last; i++) {
        const uint32_t *add = fine->ukeys + fine->ukey_first[i];
        size_t nadd = fine->ukey_first[i + 1] - fine->ukey_first[i];
        size_t x = 0, y = 0, m = 0;
        while (x < n || y < nadd) {
            if (y == nadd || (x < n && out[x] < add[y]))
                scratch[m++] = out[x++];
            else if (x == n || add[y] < out[x])
                scratch[m++] = add[y++];
            else {
                scratch[m++] = out[x++];
                y++;
            }
        }
        memcpy(out, scratch, m * sizeof *out);
        n = m;
    }
    return n;
}

int side_coarsen(const side *fine, size_t factor, side *out)
{
    size_t n = (fine->n + factor - 1) / factor;
    size_t nanc = fine->anc_first[fine->n];
    size_t nkeys = 0;

    memset(out, 0, sizeof *out);
    for (size_t k = 0; k < nanc; k++)
        nkeys += fine->anc[k].nkeys;
    out->n = n;
    out->length = malloc((n + 1) * sizeof *out->length);
    out->para_first = malloc((n + 1) * sizeof *out->para_first);
    out->para_last = malloc((n + 1) * sizeof *out->para_last);
    out->anc_first = malloc((n + 1) * sizeof *out->anc_first);
    out->anc_useful = calloc(n + 1, sizeof *out->anc_useful);
    out->anc_repeats = calloc(n + 1, sizeof *out->anc_repeats);
    out->ukey_first = malloc((n + 1) * sizeof *out->ukey_first);
    out->anc = malloc((nanc + 1) * sizeof *out->anc);
    out->keys = malloc((nkeys + 1) * sizeof *out->keys);
    out->ukeys = malloc((nkeys + 1) * sizeof *out->ukeys);
    if (out->length == NULL || out->para_first == NULL ||
        out->para_last == NULL || out->anc_first == NULL ||
        out->anc_useful == NULL || out->anc_repeats == NULL ||
        out->ukey_first == NULL || out->anc == NULL || out->keys == NULL ||
        out->ukeys == NULL) {
        side_free(out);
        return STELE_ENOMEM;
    }
    out->has_paragraphs = fine->has_paragraphs;
    {
        size_t ai = 0, ki = 0, ui = 0;
        uint32_t *scratch = malloc((nkeys + 1) * sizeof *scratch);
        if (scratch == NULL) {
            side_free(out);
            return STELE_ENOMEM;
        }
        for (size_t u = 0; u < n; u++) {
            size_t first = u * factor;
            size_t last = first + factor < fine->n ? first + factor : fine->n;
            size_t ufirst = ui;
            out->length[u] = 0;
            out->para_first[u] = fine->para_first[first];
            out->para_last[u] = fine->para_last[last - 1];
            out->anc_first[u] = (uint32_t)ai;
            for (size_t i = first; i < last; i++) {
                out->length[u] += fine->length[i];
                for (uint32_t a = fine->anc_first[i];
                     a < fine->anc_first[i + 1]; a++) {
                    side_anchor an = fine->anc[a];
                    memcpy(out->keys + ki, fine->keys + an.key_first,
                           an.nkeys * sizeof *out->keys);
                    an.key_first = (uint32_t)ki;
                    /* chance against a block of factor units */
                    an.chance = (float)(1.0 - pow(1.0 - an.chance,
                                                  (double)factor));
                    ki += an.nkeys;
                    out->anc[ai++] = an;
                }
            }
            out->ukey_first[u] = (uint32_t)ufirst;
            ui = ufirst + union_keys(fine, first, last, out->ukeys + ufirst,
                                     scratch);
        }
        out->anc_first[n] = (uint32_t)ai;
        out->ukey_first[n] = (uint32_t)ui;
        free(scratch);
    }
    return STELE_OK;
}

/* Whether unit @p u - 1 of the anchor's side holds one of its keys. */
static uint8_t anchor_repeats(const side *s, size_t u, const side_anchor *an)
{
    if (u == 0)
        return 0;
    for (uint16_t z = 0; z < an->nkeys; z++)
        if (side_unit_has_key(s, u - 1, s->keys[an->key_first + z]))
            return 1;
    return 0;
}

/* Whether a scorer's finds are discounted when they repeat (dp.c,
 * REPEAT_FIND): not punctuation, whose signatures (a question, quotes)
 * recur in any dialogue without repeating its content, and not learned
 * pairs. Mean strict F1 over the 34 pairs of corpora/, with and without
 * dictionaries: every scorer 0.9698 / 0.9337, all but punctuation
 * 0.9708 / 0.9338, all but punctuation and learned pairs 0.9708 /
 * 0.9362 (without dictionaries csto-summit en-zh kept at 0.929 instead
 * of 0.896, story-lighthouse ru-zh at 0.909). */
static int repeats_count(unsigned scorer)
{
    return scorer != SCORER_PUNCT && scorer != SCORER_LEARNED;
}

/* Which useful anchors repeat, moved to the front of the useful ones so
 * that dp.c finds them without looking at the rest. */
static void mark_repeats(side *s)
{
    for (size_t u = 0; u < s->n; u++) {
        uint32_t end = s->anc_first[u];
        for (uint32_t k = s->anc_first[u]; k < s->anc_useful[u]; k++) {
            side_anchor *an = &s->anc[k];
            an->repeats =
                repeats_count(an->scorer) ? anchor_repeats(s, u, an) : 0;
            if (an->repeats) {
                side_anchor t = s->anc[end];
                s->anc[end] = *an;
                *an = t;
                end++;
            }
        }
        s->anc_repeats[u] = end;
    }
}

void side_weigh(side *s, const double found[NSCORERS],
                const double scale[NSCORERS])
{
    size_t nanc = s->anc_first[s->n];
    for (size_t k = 0; k < nanc; k++) {
        side_anchor *an = &s->anc[k];
        double pt = found[an->scorer] * an->capacity;
        double miss_chance = 1.0;
        an->scale = (float)scale[an->scorer];
        an->gain = 0;
        an->loss[0] = 0;
        for (int nb = 1; nb <= 3; nb++) {
            double pc;
            miss_chance *= 1.0 - an->chance;
            pc = 1.0 - miss_chance;
            if (pc < 1e-4)
                pc = 1e-4;
            if (nb == 1 && pt > pc)
                an->gain = (float)(scale[an->scorer] * log(pt / pc));
            an->loss[nb] =
                (float)anchor_miss_value(pt, pc, scale[an->scorer]);
        }
    }
    /* anchors whose key is everywhere weigh nothing: move them behind
     * the others so the programme need not look at them */
    for (size_t u = 0; u < s->n; u++) {
        uint32_t end = s->anc_first[u];
        for (uint32_t k = s->anc_first[u]; k < s->anc_first[u + 1]; k++) {
            side_anchor *an = &s->anc[k];
            /* a find is worth most in one unit (dp.c) */
            int useful = fabsf(an->gain) > 0.01f;
            for (int nb = 1; nb <= 3; nb++)
                if (fabsf(an->loss[nb]) > 0.01f)
                    useful = 1;
            if (useful) {
                side_anchor t = s->anc[end];
                s->anc[end] = *an;
                *an = t;
                end++;
            }
        }
        s->anc_useful[u] = end;
    }
    mark_repeats(s);
}
