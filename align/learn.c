/*
 * align/learn.c - word pairs learned from a first alignment.
 *
 * Where no dictionary covers a language pair, or covers it thinly, the
 * document itself can teach which words translate each other: the words
 * of a translation recur in the sentences that the words of the original
 * recur in. Moore (2002) trains IBM Model 1 on the confident beads of a
 * length-based first pass for the same reason; hunalign (Varga et al.
 * 2005) builds a dictionary from its first alignment when it has none.
 * stele keeps to what a short article supports: a pair of words (x on
 * one side, y on the other) is learned when it co-occurs in at least
 * MIN_PAIR_BEADS beads of the first alignment, its Dice coefficient
 * 2 c(x, y) / (n(x) + n(y)) is at least MIN_DICE, and each is among the
 * other's MAX_PARTNERS best partners. Words in more than a fifth of the
 * beads (function words, the article's topic) are left out, as are pairs
 * whose words never occur outside one bead.
 *
 * A learned pair becomes a key shared by the two words' sentences, as a
 * dictionary concept is, and the second alignment weighs it like any
 * other anchor: the rate at which translations keep it is re-estimated
 * from the alignment itself (dp.c), and its chance of occurring at random
 * comes from its document frequencies (pairview.c).
 */
#include "align_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_PAIR_BEADS 2
#define MIN_DICE 0.5
#define MAX_PARTNERS 3
#define MIN_POSTERIOR 0.5
/* Bounds that keep a book's learning linear and its memory fixed. */
#define MAX_LEARN_BEADS 50000
#define MAX_WORDS_PER_SIDE 64
#define MAX_PAIRS ((size_t)1 << 22)

typedef struct pair_slot {
    uint64_t key;   /* (x << 32 | y) + 1; 0 = empty */
    uint32_t count; /* beads holding both */
} pair_slot;

typedef struct pair_table {
    pair_slot *slots;
    size_t capacity; /* a power of two */
    size_t used;
} pair_table;

typedef struct learned {
    uint32_t x, y;
    float dice;
} learned;

static uint64_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

/* Count one co-occurrence; pairs beyond the table's bound are not
 * counted (the bound only bites on very large, varied texts). */
static int pair_add(pair_table *t, uint32_t x, uint32_t y)
{
    uint64_t key = (((uint64_t)x << 32) | y) + 1;
    size_t k;

    if ((t->used + 1) * 2 > t->capacity) {
        size_t cap = t->capacity ? t->capacity * 2 : 4096;
        pair_slot *grown;
        if (cap > MAX_PAIRS * 2)
            goto lookup_only;
        grown = calloc(cap, sizeof *grown);
        if (grown == NULL)
            return -1;
        for (size_t i = 0; i < t->capacity; i++) {
            if (t->slots[i].key == 0)
                continue;
            k = mix(t->slots[i].key) & (cap - 1);
            while (grown[k].key != 0)
                k = (k + 1) & (cap - 1);
            grown[k] = t->slots[i];
        }
        free(t->slots);
        t->slots = grown;
        t->capacity = cap;
    }
    k = mix(key) & (t->capacity - 1);
    while (t->slots[k].key != 0 && t->slots[k].key != key)
        k = (k + 1) & (t->capacity - 1);
    if (t->slots[k].key == 0) {
        t->slots[k].key = key;
        t->used++;
    }
    t->slots[k].count++;
    return 0;
lookup_only:
    k = mix(key) & (t->capacity - 1);
    while (t->slots[k].key != 0 && t->slots[k].key != key)
        k = (k + 1) & (t->capacity - 1);
    if (t->slots[k].key == key)
        t->slots[k].count++;
    return 0;
}

static size_t max_word_key(const doc_features *f)
{
    size_t m = 0;
    for (size_t k = 0; k < f->nwords; k++)
        if (f->words[k] + 1 > m)
            m = f->words[k] + 1;
    return m;
}

/* Distinct words of sentences [first, first + count) into @p out (at
 * most MAX_WORDS_PER_SIDE), marking them in @p mark with @p stamp. */
static size_t bead_words(const doc_features *f, uint32_t first,
                         unsigned count, uint32_t *mark, uint32_t stamp,
                         uint32_t *out)
{
    size_t n = 0;
    for (unsigned s = 0; s < count; s++) {
        for (uint32_t k = f->word_first[first + s];
             k < f->word_first[first + s + 1]; k++) {
            uint32_t w = f->words[k];
            if (mark[w] == stamp || n == MAX_WORDS_PER_SIDE)
                continue;
            mark[w] = stamp;
            out[n++] = w;
        }
    }
    return n;
}

/* memcpy that accepts an empty, possibly NULL, source. */
static void copy_items(void *dst, const void *src, size_t n, size_t size)
{
    if (n > 0)
        memcpy(dst, src, n * size);
}

static int cmp_learned_x(const void *p, const void *q)
{
    const learned *a = p, *b = q;
    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    return a->dice > b->dice ? -1 : a->dice < b->dice;
}

static int cmp_learned_y(const void *p, const void *q)
{
    const learned *a = p, *b = q;
    if (a->y != b->y)
        return a->y < b->y ? -1 : 1;
    return a->dice > b->dice ? -1 : a->dice < b->dice;
}

/* Copy @p f and give each sentence a SCORER_LEARNED anchor per word that
 * has learned partners: its keys are the pair keys of that word, found in
 * @p pair_of (word -> first index into @p pair_keys, by @p pair_first). */
static int augment(const doc_features *f, const uint32_t *pair_first,
                   const uint32_t *pair_keys, size_t nword_keys,
                   doc_features *out)
{
    size_t extra_anchors = 0, extra_keys = 0;
    size_t n = f->count;

    memset(out, 0, sizeof *out);
    for (size_t k = 0; k < f->nwords; k++) {
        uint32_t w = f->words[k];
        if (w < nword_keys && pair_first[w + 1] > pair_first[w]) {
            extra_anchors++;
            extra_keys += pair_first[w + 1] - pair_first[w];
        }
    }
    out->count = n;
    out->latin_script = f->latin_script;
    out->spaceless = f->spaceless;
    out->han_names = f->han_names;
    out->length = malloc((n + 1) * sizeof *out->length);
    out->paragraph = malloc((n + 1) * sizeof *out->paragraph);
    out->anchor_first = malloc((n + 1) * sizeof *out->anchor_first);
    out->word_first = malloc((n + 1) * sizeof *out->word_first);
    out->anchors = malloc((f->nanchors + extra_anchors + 1) *
                          sizeof *out->anchors);
    out->keys = malloc((f->nkeys + extra_keys + 1) * sizeof *out->keys);
    out->words = malloc((f->nwords + 1) * sizeof *out->words);
    if (out->length == NULL || out->paragraph == NULL ||
        out->anchor_first == NULL || out->word_first == NULL ||
        out->anchors == NULL || out->keys == NULL || out->words == NULL) {
        features_free(out);
        return STELE_ENOMEM;
    }
    copy_items(out->length, f->length, n, sizeof *out->length);
    copy_items(out->paragraph, f->paragraph, n, sizeof *out->paragraph);
    copy_items(out->word_first, f->word_first, n + 1, sizeof *f->word_first);
    copy_items(out->words, f->words, f->nwords, sizeof *out->words);
    out->nwords = out->cap_words = f->nwords;
    copy_items(out->keys, f->keys, f->nkeys, sizeof *out->keys);
    out->nkeys = f->nkeys;
    for (size_t i = 0; i < n; i++) {
        size_t own = f->anchor_first[i + 1] - f->anchor_first[i];
        out->anchor_first[i] = (uint32_t)out->nanchors;
        /* a document without anchors has no array to point into (NULL
         * plus an offset, even 0, is undefined) */
        if (own > 0)
            copy_items(out->anchors + out->nanchors,
                       f->anchors + f->anchor_first[i], own,
                       sizeof *out->anchors);
        out->nanchors += own;
        for (uint32_t k = f->word_first[i]; k < f->word_first[i + 1]; k++) {
            uint32_t w = f->words[k], m;
            anchor *an;
            if (w >= nword_keys || pair_first[w + 1] == pair_first[w])
                continue;
            m = pair_first[w + 1] - pair_first[w];
            an = &out->anchors[out->nanchors++];
            an->key_first = (uint32_t)out->nkeys;
            an->nkeys = (uint16_t)m;
            an->scorer = SCORER_LEARNED;
            memcpy(out->keys + out->nkeys, pair_keys + pair_first[w],
                   m * sizeof *out->keys);
            out->nkeys += m;
        }
    }
    out->anchor_first[n] = (uint32_t)out->nanchors;
    out->cap_anchors = out->nanchors;
    out->cap_keys = out->nkeys;
    return STELE_OK;
}

/* Word -> its pair keys, as offsets (@p first, nkeys + 1 entries) into
 * @p keys, for one side of the learned pairs sorted by that side. */
static int index_pairs(const learned *pairs, size_t n, int by_y,
                       const uint32_t *pair_key, size_t nkeys,
                       uint32_t **first, uint32_t **keys)
{
    *first = calloc(nkeys + 1, sizeof **first);
    *keys = malloc((n + 1) * sizeof **keys);
    if (*first == NULL || *keys == NULL)
        return STELE_ENOMEM;
    for (size_t k = 0; k < n; k++)
        (*first)[(by_y ? pairs[k].y : pairs[k].x) + 1]++;
    for (size_t w = 0; w < nkeys; w++)
        (*first)[w + 1] += (*first)[w];
    {
        uint32_t *at = malloc((nkeys + 1) * sizeof *at);
        if (at == NULL)
            return STELE_ENOMEM;
        memcpy(at, *first, (nkeys + 1) * sizeof *at);
        for (size_t k = 0; k < n; k++) {
            uint32_t w = by_y ? pairs[k].y : pairs[k].x;
            (*keys)[at[w]++] = pair_key[k];
        }
        free(at);
    }
    return STELE_OK;
}

/* The key of each learned pair, in the order of @p pairs: the same pair
 * always gets the same key. */
static int pair_keys(feature_context *ctx, const learned *pairs, size_t n,
                     uint32_t *keys)
{
    for (size_t k = 0; k < n; k++) {
        char name[32];
        int len = snprintf(name, sizeof name, "C:%u:%u",
                           (unsigned)pairs[k].x, (unsigned)pairs[k].y);
        int rc = features_key(ctx, name, (size_t)len, &keys[k]);
        if (rc < 0)
            return rc;
    }
    return STELE_OK;
}

int learn_word_pairs(feature_context *ctx, const doc_features *fa,
                     const doc_features *fb, const bead *beads,
                     size_t nbeads, doc_features *out_a,
                     doc_features *out_b, size_t *npairs)
{
    size_t na = max_word_key(fa), nb = max_word_key(fb);
    size_t nkeys = na > nb ? na : nb, used = 0, nlearned = 0;
    uint32_t *dfa = NULL, *dfb = NULL, *mark = NULL, *pair_key = NULL;
    uint32_t *first_a = NULL, *keys_a = NULL, *first_b = NULL;
    uint32_t *keys_b = NULL;
    uint32_t wa[MAX_WORDS_PER_SIDE], wb[MAX_WORDS_PER_SIDE], stamp = 0;
    pair_table table = {NULL, 0, 0};
    learned *pairs = NULL;
    int rc = STELE_ENOMEM;

    memset(out_a, 0, sizeof *out_a);
    memset(out_b, 0, sizeof *out_b);
    *npairs = 0;
    dfa = calloc(nkeys + 1, sizeof *dfa);
    dfb = calloc(nkeys + 1, sizeof *dfb);
    mark = calloc(nkeys + 1, sizeof *mark);
    if (dfa == NULL || dfb == NULL || mark == NULL)
        goto done;
    /* document frequencies over the confident beads */
    for (size_t k = 0; k < nbeads && used < MAX_LEARN_BEADS; k++) {
        const bead *bd = &beads[k];
        size_t ma, mb;
        if (bd->a == 0 || bd->b == 0 || bd->posterior < MIN_POSTERIOR)
            continue;
        used++;
        ma = bead_words(fa, bd->i, bd->a, mark, ++stamp, wa);
        for (size_t q = 0; q < ma; q++)
            dfa[wa[q]]++;
        mb = bead_words(fb, bd->j, bd->b, mark, ++stamp, wb);
        for (size_t q = 0; q < mb; q++)
            dfb[wb[q]]++;
    }
    if (used < 4) {
        rc = STELE_OK;
        goto done;
    }
    /* co-occurrences of the words that are neither rare nor common */
    {
        uint32_t most = (uint32_t)(used / 5 > MIN_PAIR_BEADS ? used / 5
                                                              : MIN_PAIR_BEADS);
        size_t seen = 0;
        for (size_t k = 0; k < nbeads && seen < used; k++) {
            const bead *bd = &beads[k];
            size_t ma, mb, ka = 0, kb = 0;
            if (bd->a == 0 || bd->b == 0 || bd->posterior < MIN_POSTERIOR)
                continue;
            seen++;
            ma = bead_words(fa, bd->i, bd->a, mark, ++stamp, wa);
            mb = bead_words(fb, bd->j, bd->b, mark, ++stamp, wb);
            for (size_t q = 0; q < ma; q++)
                if (dfa[wa[q]] >= MIN_PAIR_BEADS && dfa[wa[q]] <= most)
                    wa[ka++] = wa[q];
            for (size_t q = 0; q < mb; q++)
                if (dfb[wb[q]] >= MIN_PAIR_BEADS && dfb[wb[q]] <= most)
                    wb[kb++] = wb[q];
            for (size_t x = 0; x < ka; x++)
                for (size_t y = 0; y < kb; y++)
                    if (pair_add(&table, wa[x], wb[y]) < 0)
                        goto done;
        }
    }
    /* pairs that pass the thresholds */
    pairs = malloc((table.used + 1) * sizeof *pairs);
    if (pairs == NULL)
        goto done;
    for (size_t k = 0; k < table.capacity; k++) {
        const pair_slot *s = &table.slots[k];
        uint32_t x, y;
        double dice;
        if (s->key == 0 || s->count < MIN_PAIR_BEADS)
            continue;
        x = (uint32_t)((s->key - 1) >> 32);
        y = (uint32_t)((s->key - 1) & 0xffffffffu);
        dice = 2.0 * s->count / (double)(dfa[x] + dfb[y]);
        if (dice < MIN_DICE)
            continue;
        pairs[nlearned].x = x;
        pairs[nlearned].y = y;
        pairs[nlearned].dice = (float)dice;
        nlearned++;
    }
    /* each word keeps its best partners only, on both sides; a pair
     * survives when both of its words keep it */
    {
        uint8_t *keep_x = calloc(nlearned + 1, 1);
        size_t m = 0;
        if (keep_x == NULL)
            goto done;
        qsort(pairs, nlearned, sizeof *pairs, cmp_learned_x);
        for (size_t k = 0, rank = 0; k < nlearned; k++) {
            rank = (k > 0 && pairs[k].x == pairs[k - 1].x) ? rank + 1 : 0;
            keep_x[k] = rank < MAX_PARTNERS;
        }
        for (size_t k = 0; k < nlearned; k++)
            if (keep_x[k])
                pairs[m++] = pairs[k];
        nlearned = m;
        free(keep_x);
        qsort(pairs, nlearned, sizeof *pairs, cmp_learned_y);
        m = 0;
        for (size_t k = 0, rank = 0; k < nlearned; k++) {
            rank = (k > 0 && pairs[k].y == pairs[k - 1].y) ? rank + 1 : 0;
            if (rank < MAX_PARTNERS)
                pairs[m++] = pairs[k];
        }
        nlearned = m;
    }
    if (nlearned == 0) {
        rc = STELE_OK;
        goto done;
    }
    /* one key per pair, and each word's keys */
    pair_key = malloc(nlearned * sizeof *pair_key);
    if (pair_key == NULL)
        goto done;
    rc = pair_keys(ctx, pairs, nlearned, pair_key);
    if (rc < 0)
        goto done;
    rc = index_pairs(pairs, nlearned, 1, pair_key, nkeys, &first_b, &keys_b);
    if (rc < 0)
        goto done;
    qsort(pairs, nlearned, sizeof *pairs, cmp_learned_x);
    /* pair_key follows the y order; rebuild it for the x order */
    rc = pair_keys(ctx, pairs, nlearned, pair_key);
    if (rc < 0)
        goto done;
    rc = index_pairs(pairs, nlearned, 0, pair_key, nkeys, &first_a, &keys_a);
    if (rc < 0)
        goto done;
    rc = augment(fa, first_a, keys_a, nkeys, out_a);
    if (rc == STELE_OK)
        rc = augment(fb, first_b, keys_b, nkeys, out_b);
    if (rc == STELE_OK)
        *npairs = nlearned;
done:
    if (rc < 0) {
        features_free(out_a);
        features_free(out_b);
    }
    free(table.slots);
    free(pairs);
    free(pair_key);
    free(first_a);
    free(keys_a);
    free(first_b);
    free(keys_b);
    free(dfa);
    free(dfb);
    free(mark);
    return rc;
}
