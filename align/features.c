/*
 * align/features.c - what the aligner sees of a sentence.
 *
 * A sentence becomes its length (non-space code points) and a list of
 * anchors: pieces of evidence that can be found again in a translation
 * without a neural model.
 *   numbers   digit runs normalised across locales: "4,7" (ru) and "4.7"
 *             (en) both give 4.7, "1,000" (en) and "1.000" (de) 1000,
 *             "11月27日" gives 11 and 27;
 *   latin     words in Latin script, which Russian and Chinese texts keep
 *             as they are (names of firms, acronyms, URLs);
 *   translit  words of any alphabetic script, transliterated to ASCII
 *             with ICU (Any-Latin; Latin-ASCII) and reduced to a
 *             consonant skeleton, so that Путин and Putin, президент and
 *             president, organisation and organization meet;
 *   punct     question and exclamation marks, quotations, parentheses;
 *   dict      concepts of a bilingual dictionary, looked up by stemmed
 *             word, or for Chinese and Japanese by longest headword of
 *             two characters or more; in Chinese, a Han character that
 *             no such headword takes in is looked up alone, as the
 *             scorer dict_char (美 "beautiful", 说 "say"): a word of one
 *             character has many senses, so these anchors have a found
 *             rate of their own, and they are switched with dict;
 *   numwords  numbers written as words, with the keys of digits: "сто
 *             сорок" and "一百四十" give 140, as "140" does (numwords.c);
 *   pinyin    Chinese names against their romanisation: each Han
 *             character of a Chinese text and each pair in a row give the
 *             toneless pinyin of ICU's Han-Latin (陈 "chen", 清扬
 *             "qingyang"), and each capitalised Latin word of three
 *             letters or more in any text gives itself, so that 陈清扬
 *             meets "Chen Qingyang" and 北京 "Beijing". A name translated
 *             from Chinese is written in pinyin, its given name joined
 *             into one word; the characters' other readings and the
 *             common syllables are priced by the pair's document
 *             frequencies like any key (pairview.c).
 * Besides the anchors, each sentence keeps its distinct words (stems, or
 * ICU's dictionary words in Chinese and Japanese), from which learn.c
 * finds the word pairs a first alignment shows to be translations.
 * Each anchor holds interned keys; whether a key means anything depends
 * on the other document, which pairview.c decides.
 */
#include "align_int.h"

#include "../util/buf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unum.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <unicode/ubrk.h>
#include <unicode/utrans.h>

struct feature_context {
    intern_table keys;        /* "N:4.7", "T:ptn", "D:17" -> key id */
    intern_table translit;    /* stem -> id into translit_value */
    char **translit_value;    /* ASCII transliteration, arena-owned */
    size_t translit_cap;
    stele_arena arena;
    UTransliterator *to_ascii;
    char (*pinyin)[8];        /* per character of U+4E00..U+9FFF: its
                                 toneless pinyin, "" if not looked up
                                 yet, "-" if it has none */
    const align_dict *dicts;
    UChar *ubuf;              /* the sentence in UTF-16 */
    int32_t ucap;
};

int feature_context_new(feature_context **out, const align_dict *dicts,
                        stele_error *err)
{
    static const UChar id[] = u"Any-Latin; Latin-ASCII";
    feature_context *ctx = calloc(1, sizeof *ctx);
    UErrorCode st = U_ZERO_ERROR;

    *out = NULL;
    if (ctx == NULL)
        return stele_error_set(err, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    intern_init(&ctx->keys);
    intern_init(&ctx->translit);
    stele_arena_init(&ctx->arena, 0);
    ctx->dicts = dicts;
    ctx->to_ascii = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
    if (U_FAILURE(st)) {
        feature_context_free(ctx);
        return stele_error_set(err, STELE_EINTERNAL, NULL, 0, -1,
                               "ICU transliterator Any-Latin: %s",
                               u_errorName(st));
    }
    *out = ctx;
    return STELE_OK;
}

void feature_context_free(feature_context *ctx)
{
    if (ctx == NULL)
        return;
    if (ctx->to_ascii != NULL)
        utrans_close(ctx->to_ascii);
    intern_free(&ctx->keys);
    intern_free(&ctx->translit);
    free(ctx->translit_value);
    free(ctx->pinyin);
    stele_arena_free(&ctx->arena);
    free(ctx->ubuf);
    free(ctx);
}

int features_adopt(feature_context *ctx, const feature_context *from,
                   doc_features *f)
{
    size_t n = from->keys.count;
    uint32_t *id_in_ctx = malloc((n + 1) * sizeof *id_in_ctx);

    if (id_in_ctx == NULL)
        return STELE_ENOMEM;
    /* in the order @p from gave them out, which is the order the
     * document first used them: the ids come out as if the document had
     * been read with @p ctx after the documents before it */
    for (size_t id = 0; id < n; id++) {
        int64_t k = intern_get(&ctx->keys, from->keys.strs[id],
                               from->keys.lens[id], 1);
        if (k < 0) {
            free(id_in_ctx);
            return STELE_ENOMEM;
        }
        id_in_ctx[id] = (uint32_t)k;
    }
    for (size_t k = 0; k < f->nkeys; k++)
        f->keys[k] = id_in_ctx[f->keys[k]];
    for (size_t k = 0; k < f->nwords; k++)
        f->words[k] = id_in_ctx[f->words[k]];
    free(id_in_ctx);
    return STELE_OK;
}

void features_free(doc_features *f)
{
    if (f == NULL)
        return;
    free(f->length);
    free(f->paragraph);
    free(f->anchor_first);
    free(f->anchors);
    free(f->keys);
    free(f->word_first);
    free(f->words);
    memset(f, 0, sizeof *f);
}

/* ------------------------------------------------------------- numbers */

size_t align_number_key(const char *token, size_t len, char decimal,
                        char *buf, size_t size)
{
    char digits[128];
    size_t nd = 0, ndots = 0, ncommas = 0, last_sep = 0;
    int has_sep = 0;
    long decimal_at = -1; /* index in digits where the fraction starts */
    size_t i, out = 0;
    char sep_char = 0;

    if (size < 2)
        return 0;
    /* digits and the separators between them */
    for (i = 0; i < len && nd + 1 < sizeof digits; i++) {
        char c = token[i];
        if (c >= '0' && c <= '9') {
            digits[nd++] = c;
        } else if ((c == '.' || c == ',') && nd > 0 && i + 1 < len &&
                   token[i + 1] >= '0' && token[i + 1] <= '9') {
            if (c == '.')
                ndots++;
            else
                ncommas++;
            last_sep = nd;
            sep_char = c;
            has_sep = 1;
        }
    }
    if (nd == 0)
        return 0;
    if (has_sep) {
        if (ndots > 0 && ncommas > 0) {
            decimal_at = (long)last_sep; /* the last one is decimal */
        } else if (ndots + ncommas == 1) {
            size_t after = nd - last_sep;
            if (sep_char == decimal || after != 3)
                decimal_at = (long)last_sep;
        }
        /* several of one kind: grouping only */
    }
    {
        size_t int_end = decimal_at >= 0 ? (size_t)decimal_at : nd;
        size_t k = 0;
        while (k + 1 < int_end && digits[k] == '0')
            k++;
        for (; k < int_end && out + 1 < size; k++)
            buf[out++] = digits[k];
        if (decimal_at >= 0) {
            size_t frac_end = nd;
            while (frac_end > int_end && digits[frac_end - 1] == '0')
                frac_end--;
            if (frac_end > int_end && out + 1 < size) {
                buf[out++] = '.';
                for (k = int_end; k < frac_end && out + 1 < size; k++)
                    buf[out++] = digits[k];
            }
        }
    }
    buf[out] = '\0';
    return out;
}

/* ----------------------------------------------------------- skeleton */

size_t align_skeleton(const char *ascii, size_t len, char *buf, size_t size)
{
    size_t out = 0;
    char prev = 0;

    if (size < 2)
        return 0;
    for (size_t i = 0; i < len && out + 1 < size; i++) {
        char c = ascii[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c < 'a' || c > 'z')
            continue;
        if (c == 'h')
            continue;
        if (c == 'c' || c == 'q')
            c = 'k';
        else if (c == 'z')
            c = 's';
        else if (c == 'w')
            c = 'v';
        if (strchr("aeiouyj", c) != NULL) {
            if (out == 0 && prev == 0) {
                buf[out++] = 'a'; /* an initial vowel, whichever */
                prev = 'a';
            }
            prev = c == prev ? prev : '-';
            continue;
        }
        if (c == 'x') {
            if (prev != 'k' && out + 1 < size)
                buf[out++] = 'k';
            c = 's';
        }
        if (c != prev)
            buf[out++] = c;
        prev = c;
    }
    buf[out] = '\0';
    return out;
}

/* ---------------------------------------------------------- extraction */

typedef struct builder {
    doc_features *f;
    const numword_table *numwords; /* of the document's language */
    char decimal;                 /* the language's decimal separator */
    double digits;                /* the number in digits just read */
    int digits_pending;           /* a scale word may multiply it */
    char word[512];               /* the last word, case-folded (UTF-8) */
    size_t word_len;              /* 0: the last token was no word */
    size_t sentence_anchor_first; /* first anchor of the sentence */
    size_t sentence_word_first;   /* first word of the sentence */
    int han_names;                /* a Chinese text: its pinyin keys come
                                     from its Han characters, not from
                                     the Latin words in it */
    uint8_t *lowered;             /* per key: 1 if the document has the
                                     word of this pinyin key in lower
                                     case too ("She" and "she") */
    size_t lowered_cap;
} builder;

/* Add an anchor with @p nkeys keys, unless the sentence already has an
 * anchor with the same first key and scorer (repeated words count once). */
static int push_anchor(builder *b, uint8_t scorer, const uint32_t *keys,
                       size_t nkeys)
{
    doc_features *f = b->f;
    anchor *a;

    if (nkeys == 0)
        return 0;
    if (nkeys > 16)
        nkeys = 16;
    for (size_t k = b->sentence_anchor_first; k < f->nanchors; k++)
        if (f->anchors[k].scorer == scorer &&
            f->keys[f->anchors[k].key_first] == keys[0])
            return 0;
    if (stele__reserve_items((void **)&f->anchors, &f->cap_anchors,
                             f->nanchors + 1, sizeof *f->anchors) < 0 ||
        stele__reserve_items((void **)&f->keys, &f->cap_keys, f->nkeys + nkeys,
                             sizeof *f->keys) < 0)
        return -1;
    a = &f->anchors[f->nanchors++];
    a->key_first = (uint32_t)f->nkeys;
    a->nkeys = (uint16_t)nkeys;
    a->scorer = scorer;
    memcpy(f->keys + f->nkeys, keys, nkeys * sizeof *keys);
    f->nkeys += nkeys;
    return 0;
}

static int key_of(feature_context *ctx, const char *prefix, const char *s,
                  size_t len, uint32_t *out)
{
    char buf[300];
    size_t plen = strlen(prefix);
    int64_t id;

    /* memcpy, not snprintf: this runs for every word of every sentence,
     * and formatting was a seventh of the extraction's time */
    if (plen + len >= sizeof buf)
        return 1; /* too long to be useful: no key */
    memcpy(buf, prefix, plen);
    memcpy(buf + plen, s, len);
    buf[plen + len] = '\0';
    id = intern_get(&ctx->keys, buf, plen + len, 1);
    if (id < 0)
        return -1;
    *out = (uint32_t)id;
    return 0;
}

int features_key(feature_context *ctx, const char *s, size_t len,
                 uint32_t *out)
{
    int rc = key_of(ctx, "", s, len, out);
    return rc < 0 ? STELE_ENOMEM : rc > 0 ? STELE_ETOOBIG : STELE_OK;
}

/* Note the sentence's word @p s (once per sentence). */
static int push_word(feature_context *ctx, builder *b, const char *s,
                     size_t len)
{
    doc_features *f = b->f;
    uint32_t key;
    int rc = key_of(ctx, "W:", s, len, &key);

    if (rc != 0)
        return rc < 0 ? -1 : 0;
    for (size_t k = b->sentence_word_first; k < f->nwords; k++)
        if (f->words[k] == key)
            return 0;
    if (stele__reserve_items((void **)&f->words, &f->cap_words, f->nwords + 1,
                             sizeof *f->words) < 0)
        return -1;
    f->words[f->nwords++] = key;
    return 0;
}

static int push_single(feature_context *ctx, builder *b, uint8_t scorer,
                       const char *prefix, const char *s, size_t len)
{
    uint32_t key;
    int rc = key_of(ctx, prefix, s, len, &key);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    return push_anchor(b, scorer, &key, 1);
}

static int push_concepts_as(feature_context *ctx, builder *b,
                            const uint32_t *concepts, size_t n,
                            uint8_t scorer)
{
    uint32_t keys[16];
    size_t k = 0;

    for (size_t i = 0; i < n && k < 16; i++) {
        char num[16];
        int len = snprintf(num, sizeof num, "%u", (unsigned)concepts[i]);
        int rc = key_of(ctx, "D:", num, (size_t)len, &keys[k]);
        if (rc < 0)
            return -1;
        if (rc == 0)
            k++;
    }
    return push_anchor(b, scorer, keys, k);
}

static int push_concepts(feature_context *ctx, builder *b,
                         const uint32_t *concepts, size_t n)
{
    return push_concepts_as(ctx, b, concepts, n, SCORER_DICT);
}

/* ASCII transliteration of a folded, stemmed word, cached. */
static const char *transliterate(feature_context *ctx, const char *word,
                                 size_t len)
{
    int64_t id = intern_get(&ctx->translit, word, len, 1);
    UChar u[256];
    int32_t ulen = 0, limit;
    UErrorCode st = U_ZERO_ERROR;
    char out[512];
    int32_t n8 = 0;

    if (id < 0)
        return NULL;
    if ((size_t)id < ctx->translit_cap && ctx->translit_value[id] != NULL)
        return ctx->translit_value[id];
    if ((size_t)id >= ctx->translit_cap) {
        size_t old = ctx->translit_cap;
        if (stele__reserve_items((void **)&ctx->translit_value,
                                 &ctx->translit_cap, (size_t)id + 1,
                                 sizeof(char *)) < 0)
            return NULL;
        memset(ctx->translit_value + old, 0,
               (ctx->translit_cap - old) * sizeof(char *));
    }
    u_strFromUTF8(u, 128, &ulen, word, (int32_t)len, &st);
    if (U_FAILURE(st))
        return NULL;
    limit = ulen;
    utrans_transUChars(ctx->to_ascii, u, &ulen, 256, 0, &limit, &st);
    if (U_FAILURE(st))
        return NULL;
    u_strToUTF8(out, (int32_t)sizeof out, &n8, u, ulen, &st);
    if (U_FAILURE(st) || (size_t)n8 >= sizeof out)
        return NULL;
    ctx->translit_value[id] = stele_arena_strndup(&ctx->arena, out,
                                                  (size_t)n8);
    return ctx->translit_value[id];
}

static int is_spaceless_script(UScriptCode sc)
{
    return sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA ||
           sc == USCRIPT_KATAKANA || sc == USCRIPT_THAI ||
           sc == USCRIPT_LAO || sc == USCRIPT_KHMER ||
           sc == USCRIPT_MYANMAR || sc == USCRIPT_HANGUL;
}

/* The toneless pinyin of Han character @p c (lower-case ASCII letters),
 * or NULL; looked up once per character and document context
 * (ctx->pinyin, allocated by features_extract for a Chinese text). */
static const char *han_syllable(feature_context *ctx, UChar32 c)
{
    char *slot;

    if (!align_is_han(c))
        return NULL;
    slot = ctx->pinyin[c - 0x4E00];
    if (slot[0] == '\0') {
        UChar u[32];
        int32_t ulen = 1, limit = 1, m = 0;
        UErrorCode st = U_ZERO_ERROR;

        u[0] = (UChar)c;
        utrans_transUChars(ctx->to_ascii, u, &ulen, 32, 0, &limit, &st);
        for (int32_t k = 0; U_SUCCESS(st) && k < ulen && k < limit; k++) {
            UChar x = u[k] >= 'A' && u[k] <= 'Z' ? u[k] + 32 : u[k];
            if (x < 'a' || x > 'z' || m == 7) {
                m = 0;
                break;
            }
            slot[m++] = (char)x;
        }
        if (m == 0)
            slot[m++] = '-';
        slot[m] = '\0';
    }
    return slot[0] == '-' ? NULL : slot;
}

/* The pinyin keys of a Chinese sentence (UTF-16 u[0..n)): each Han
 * character's syllable of three letters or more, and each two in a row
 * joined. */
static int pinyin_anchors(feature_context *ctx, builder *b, const UChar *u,
                          int32_t n)
{
    const char *prev = NULL;

    for (int32_t k = 0; k < n;) {
        UChar32 c;
        const char *syl;

        U16_NEXT(u, k, n, c);
        syl = han_syllable(ctx, c);
        if (syl == NULL) {
            prev = NULL;
            continue;
        }
        if (strlen(syl) >= 3 &&
            push_single(ctx, b, SCORER_PINYIN, "Y:", syl, strlen(syl)) < 0)
            return -1;
        if (prev != NULL) {
            char two[16];
            int len = snprintf(two, sizeof two, "%s%s", prev, syl);
            if (push_single(ctx, b, SCORER_PINYIN, "Y:", two,
                            (size_t)len) < 0)
                return -1;
        }
        prev = syl;
    }
    return 0;
}

/* A capitalised Latin word (u[0..n), folded @p w of @p len bytes) as a
 * key that the pinyin of a Chinese name may meet: its letters in ASCII,
 * without apostrophes or hyphens ("Xi'an" is "xian"). A word in lower
 * case is no anchor, but marks its key: a capitalised word that the
 * document also writes in lower case is a common word at the start of a
 * sentence ("She", "Long"), not a name, and drop_lowered takes its
 * anchors out at the end. */
static int latin_name_anchor(feature_context *ctx, builder *b,
                             const UChar *u, int32_t n, const char *w,
                             size_t len)
{
    char ascii[64];
    size_t m = 0;
    UChar32 first;
    int32_t k = 0;

    U16_NEXT(u, k, n, first);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c >= 0x80) {
            const char *t = transliterate(ctx, w, len);
            if (t == NULL)
                return 0;
            m = 0;
            for (size_t j = 0; t[j] != '\0' && m + 1 < sizeof ascii; j++)
                if (t[j] >= 'a' && t[j] <= 'z')
                    ascii[m++] = t[j];
            break;
        }
        if (c >= 'a' && c <= 'z') {
            if (m + 1 >= sizeof ascii)
                return 0;
            ascii[m++] = (char)c;
        }
    }
    if (m < 3)
        return 0;
    if (!u_isupper(first) && !u_istitle(first)) {
        uint32_t key;
        int rc = key_of(ctx, "Y:", ascii, m, &key);
        if (rc != 0)
            return rc < 0 ? -1 : 0;
        if (key >= b->lowered_cap) {
            size_t old = b->lowered_cap;
            if (stele__reserve_items((void **)&b->lowered, &b->lowered_cap,
                                     (size_t)key + 1, 1) < 0)
                return -1;
            memset(b->lowered + old, 0, b->lowered_cap - old);
        }
        b->lowered[key] = 1;
        return 0;
    }
    return push_single(ctx, b, SCORER_PINYIN, "Y:", ascii, m);
}

/* Take out the pinyin anchors of words that @p b saw in lower case
 * too, keeping the order of the rest. */
static void drop_lowered(builder *b)
{
    doc_features *f = b->f;
    size_t out = 0;

    if (b->lowered == NULL)
        return;
    for (size_t i = 0; i < f->count; i++) {
        uint32_t first = f->anchor_first[i], last = f->anchor_first[i + 1];
        f->anchor_first[i] = (uint32_t)out;
        for (uint32_t a = first; a < last; a++) {
            const anchor *an = &f->anchors[a];
            uint32_t key = f->keys[an->key_first];
            if (an->scorer == SCORER_PINYIN && key < b->lowered_cap &&
                b->lowered[key])
                continue;
            f->anchors[out++] = *an;
        }
    }
    f->anchor_first[f->count] = (uint32_t)out;
    f->nanchors = out;
}

/* A word token (UTF-16 u[0..n)), case-folded into UTF-8 first. */
static int word_anchors(feature_context *ctx, builder *b, const char *lang,
                        const UChar *u, int32_t n, int dict_words)
{
    UChar folded[128];
    char *w = b->word;
    char stem[256];
    int32_t flen, n8 = 0, letters = 0;
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode sc = USCRIPT_COMMON;
    size_t slen;

    if (n <= 0 || n >= 128)
        return 0;
    for (int32_t k = 0; k < n;) {
        UChar32 c;
        U16_NEXT(u, k, n, c);
        if (u_isalpha(c)) {
            if (letters == 0) {
                UErrorCode s2 = U_ZERO_ERROR;
                sc = uscript_getScript(c, &s2);
            }
            letters++;
        }
    }
    if (letters == 0)
        return 0;
    flen = u_strFoldCase(folded, 128, u, n, U_FOLD_CASE_DEFAULT, &st);
    if (U_FAILURE(st) || flen >= 128)
        return 0;
    u_strToUTF8(w, (int32_t)sizeof b->word, &n8, folded, flen, &st);
    if (U_FAILURE(st) || (size_t)n8 >= sizeof b->word)
        return 0;
    b->word_len = (size_t)n8;
    if (sc == USCRIPT_LATIN && letters >= 2 &&
        push_single(ctx, b, SCORER_LATIN, "L:", w, (size_t)n8) < 0)
        return -1;
    if (sc == USCRIPT_LATIN && letters >= 3 && !b->han_names &&
        latin_name_anchor(ctx, b, u, n, w, (size_t)n8) < 0)
        return -1;
    if (is_spaceless_script(sc)) {
        /* ICU's word break finds dictionary words in Chinese and
         * Japanese; a single character is too ambiguous to learn from */
        if (letters >= 2 && push_word(ctx, b, w, (size_t)n8) < 0)
            return -1;
        return 0;
    }
    slen = align_stem(w, (size_t)n8, lang, stem, sizeof stem);
    if (slen == 0)
        return 0;
    if (letters >= 3 && push_word(ctx, b, stem, slen) < 0)
        return -1;
    if (letters >= 4) {
        const char *ascii = transliterate(ctx, stem, slen);
        char skel[64];
        size_t k = ascii ? align_skeleton(ascii, strlen(ascii), skel,
                                          sizeof skel)
                         : 0;
        if (k >= 3) {
            if (k > 4)
                k = 4;
            if (push_single(ctx, b, SCORER_TRANSLIT, "T:", skel, k) < 0)
                return -1;
        }
    }
    if (dict_words) {
        const uint32_t *concepts;
        size_t nc = align_dict_lookup(ctx->dicts, lang, stem, slen,
                                      &concepts);
        if (nc > 0 && push_concepts(ctx, b, concepts, nc) < 0)
            return -1;
    }
    return 0;
}

int32_t align_digit_run(const UChar *u, int32_t at, int32_t n, char *ascii,
                        size_t size, size_t *len)
{
    size_t m = 0;
    int32_t k = at;

    while (k < n) {
        int32_t v = U16_IS_LEAD(u[k]) ? -1 : u_charDigitValue(u[k]);
        if (v >= 0 && m + 1 < size) {
            ascii[m++] = (char)('0' + v);
            k++;
        } else if ((u[k] == '.' || u[k] == ',') && m > 0 && k + 1 < n &&
                   u_charDigitValue(u[k + 1]) >= 0 && m + 1 < size) {
            ascii[m++] = (char)u[k];
            k++;
        } else {
            if (v >= 0 && m > 0)
                k++; /* the digit the buffer has no room for is dropped */
            break;
        }
    }
    if (size > 0)
        ascii[m] = '\0';
    *len = m;
    return k;
}

/* The value of a digit run's ASCII form, as its number key reads it. */
static int run_value(const char *ascii, size_t m, char decimal, double *out)
{
    char key[128];
    if (m == 0 || align_number_key(ascii, m, decimal, key, sizeof key) == 0)
        return 0;
    *out = strtod(key, NULL);
    return *out > 0;
}

/* Digit runs of a token, with the separators inside them. */
static int number_anchors(feature_context *ctx, builder *b, const UChar *u,
                          int32_t n, char decimal)
{
    char ascii[128];

    for (int32_t k = 0; k < n;) {
        size_t m;
        int32_t end = align_digit_run(u, k, n, ascii, sizeof ascii, &m);
        char key[128];
        size_t kl;
        if (m == 0) {
            k++;
            continue;
        }
        kl = align_number_key(ascii, m, decimal, key, sizeof key);
        if (kl > 0 && push_single(ctx, b, SCORER_NUMBERS, "N:", key, kl) < 0)
            return -1;
        k = end;
    }
    return 0;
}

static int punct_anchors(feature_context *ctx, builder *b, const UChar *u,
                         int32_t n)
{
    int quotes = 0;
    /* Russian, Spanish or Italian direct speech opens with a dash where
     * English and Chinese put quotation marks ("— Я заплачу." for "I
     * can pay."), so a sentence that starts with one counts as quoted.
     * Mean strict F1 over the 34 pairs of corpora/: 0.9612 -> 0.9616,
     * without dictionaries 0.9170 -> 0.9197 (tessa-interview en-ru
     * 0.961 -> 0.981). List items that start with a dash changed
     * nothing in the manuals. */
    {
        int32_t k = 0;
        while (k < n && (u[k] == ' ' || u[k] == 0x00A0))
            k++;
        if (k < n && (u[k] == 0x2014 || u[k] == 0x2013 || u[k] == 0x2015))
            quotes++;
    }
    for (int32_t k = 0; k < n; k++) {
        UChar c = u[k];
        const char *key = NULL;
        switch (c) {
        case '?': case 0xFF1F: case 0x00BF: case 0x061F:
            key = "?";
            break;
        case '!': case 0xFF01: case 0x00A1:
            key = "!";
            break;
        case '(': case 0xFF08: case '[':
            key = "(";
            break;
        case '"': case 0x201C: case 0x201D: case 0x201E: case 0x00AB:
        case 0x00BB: case 0x300C: case 0x300D: case 0x300E: case 0x300F:
        case 0xFF02:
            quotes++;
            break;
        default:
            break;
        }
        if (key != NULL &&
            push_single(ctx, b, SCORER_PUNCT, "P:", key, 1) < 0)
            return -1;
    }
    if (quotes > 0 && push_single(ctx, b, SCORER_PUNCT, "P:", "\"", 1) < 0)
        return -1;
    return 0;
}

/* Longest-match dictionary headwords in a text without spaces. */
static int spaceless_dict_anchors(feature_context *ctx, builder *b,
                                  const char *lang, const char *text,
                                  size_t len)
{
    size_t pos = 0;
    while (pos < len) {
        const uint32_t *concepts;
        size_t nc;
        size_t m = align_dict_match_prefix(ctx->dicts, lang, text + pos,
                                           len - pos, &concepts, &nc);
        if (m > 0) {
            if (push_concepts(ctx, b, concepts, nc) < 0)
                return -1;
            pos += m;
        } else if (b->han_names &&
                   (m = align_dict_match_han(ctx->dicts, lang, text + pos,
                                             len - pos, &concepts, &nc)) >
                       0) {
            if (push_concepts_as(ctx, b, concepts, nc, SCORER_DICT_CHAR) <
                0)
                return -1;
            pos += m;
        } else {
            int32_t k = (int32_t)pos;
            UChar32 c;
            U8_NEXT(text, k, (int32_t)len, c);
            (void)c;
            pos = (size_t)k;
        }
    }
    return 0;
}

static int push_single_number(feature_context *ctx, builder *b, uint64_t v)
{
    char num[24];
    int len = snprintf(num, sizeof num, "%llu", (unsigned long long)v);
    return push_single(ctx, b, SCORER_NUMWORDS, "N:", num, (size_t)len);
}

static int push_number_word(feature_context *ctx, builder *b, uint64_t v)
{
    if (v < 2)
        return 0; /* "one", "один", "一": mostly not a number */
    return push_single_number(ctx, b, v);
}

/* The value of the digits u[from, to) (with the separators inside
 * them) when they are the whole of it; 0 otherwise. */
static int digits_value(const UChar *u, int32_t from, int32_t to,
                        char decimal, double *out)
{
    char ascii[128];
    size_t m;
    return align_digit_run(u, from, to, ascii, sizeof ascii, &m) == to &&
           run_value(ascii, m, decimal, out);
}

/* The digits times a scale ("2,5 млн", "150万") as one more number key,
 * when the product is a whole number. */
static int push_scaled(feature_context *ctx, builder *b, double digits,
                       int exponent)
{
    double v = digits;

    for (int e = 0; e < exponent; e++)
        v *= 10;
    if (!(v < 1e18) || fabs(v - floor(v + 0.5)) > 1e-6 * v)
        return 0;
    return push_single_number(ctx, b, (uint64_t)floor(v + 0.5));
}

/* The scale of a number word after digits, as a power of ten: a word
 * of the compact formats ("млн"), or hundred, thousand, million
 * spelled out ("5 тысяч"); 0 if the word is none of these. */
static int scale_exponent(uint32_t value)
{
    if (value & NUMWORD_SCALE)
        return (int)(value & NUMWORD_VALUE);
    switch (value) {
    case 100: return 2;
    case 1000: return 3;
    case 1000000: return 6;
    default: return 0;
    }
}

/* Digits followed by 万, 亿 (or 億, 兆) in Chinese and Japanese text:
 * "150万" is 1500000, "1.5亿" 150000000, "2万亿" 2 * 10^12. */
static int han_scaled_digits(feature_context *ctx, builder *b,
                             const UChar *u, int32_t n, int32_t start,
                             int32_t end, char decimal)
{
    for (int32_t k = start; k < end;) {
        char ascii[128];
        size_t m;
        double digits;
        int exponent = 0;
        int32_t run_end = align_digit_run(u, k, n, ascii, sizeof ascii, &m);
        if (m == 0) {
            k++;
            continue;
        }
        k = run_end;
        if (k < n && (u[k] == 0x4E07 || u[k] == 0x842C)) /* 万 萬 */
            exponent = k + 1 < n && (u[k + 1] == 0x4EBF || u[k + 1] == 0x5104)
                           ? 12 /* 万亿 */
                           : 4;
        else if (k < n && (u[k] == 0x4EBF || u[k] == 0x5104)) /* 亿 億 */
            exponent = 8;
        else if (k < n && u[k] == 0x5146) /* 兆 */
            exponent = 12;
        if (exponent > 0 && run_value(ascii, m, decimal, &digits) &&
            push_scaled(ctx, b, digits, exponent) < 0)
            return -1;
    }
    return 0;
}

/* One word token of a language written with spaces, for the number
 * words in a row (@p run). */
static int number_word_anchors(feature_context *ctx, builder *b,
                               numword_run *run, const UChar *u, int32_t n)
{
    uint32_t value = 0;
    int separator = 1;

    for (int32_t k = 0; k < n;) {
        UChar32 c;
        U16_NEXT(u, k, n, c);
        if (!numword_separator(c))
            separator = 0;
    }
    if (separator)
        return 0; /* "twenty-one", "сто сорок": the run goes on */
    if (b->word_len > 0)
        value = numwords_value(b->numwords, b->word, b->word_len);
    if (b->digits_pending && value != 0 && scale_exponent(value) > 0) {
        /* "2,5 млн", "9.8 million": the digits said the number */
        b->digits_pending = 0;
        return push_scaled(ctx, b, b->digits, scale_exponent(value));
    }
    b->digits_pending = b->word_len == 0 &&
                        digits_value(u, 0, n, b->decimal, &b->digits);
    if (value & NUMWORD_SCALE)
        value = 0; /* "млн" alone says no number */
    if (value & NUMWORD_MONTH) {
        UChar32 first;
        int32_t at = 0;
        U16_NEXT(u, at, n, first);
        if (push_number_word(ctx, b, numword_run_end(run)) < 0)
            return -1;
        if ((value & NUMWORD_CAPITAL) && !u_isupper(first))
            return 0;
        /* January counts too: a month is a number however small */
        return push_single_number(ctx, b, value & NUMWORD_VALUE);
    }
    if (value == 0)
        return push_number_word(ctx, b, numword_run_end(run));
    return push_number_word(ctx, b, numword_run_add(run, value));
}

static char decimal_separator(const char *lang)
{
    UErrorCode st = U_ZERO_ERROR;
    UNumberFormat *fmt = unum_open(UNUM_DECIMAL, NULL, 0, lang, NULL, &st);
    UChar sym[8];
    char dec = '.';

    if (U_SUCCESS(st)) {
        int32_t n = unum_getSymbol(fmt, UNUM_DECIMAL_SEPARATOR_SYMBOL, sym,
                                   8, &st);
        if (U_SUCCESS(st) && n == 1 && sym[0] == ',')
            dec = ',';
    }
    if (fmt != NULL)
        unum_close(fmt);
    return dec;
}

int features_extract(feature_context *ctx, const stele_document *doc,
                     doc_features *f, stele_error *err)
{
    const char *lang = stele_document_lang(doc);
    size_t n = stele_document_count(doc);
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *words = NULL;
    char decimal = decimal_separator(lang);
    size_t latin = 0, spaceless = 0, letters = 0;
    int dict_words, spaceless_doc;
    /* Han-Latin reads characters as Mandarin: Japanese names are not
     * written in pinyin */
    int han_names = lang != NULL && strncmp(lang, "zh", 2) == 0 &&
                    (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_');
    builder b = {0};
    int rc = STELE_OK;

    memset(f, 0, sizeof *f);
    f->count = n;
    f->length = calloc(n + 1, sizeof *f->length);
    f->paragraph = calloc(n + 1, sizeof *f->paragraph);
    f->anchor_first = calloc(n + 1, sizeof *f->anchor_first);
    f->word_first = calloc(n + 1, sizeof *f->word_first);
    if (f->length == NULL || f->paragraph == NULL ||
        f->anchor_first == NULL || f->word_first == NULL)
        goto oom;
    words = ubrk_open(UBRK_WORD, lang, NULL, 0, &st);
    if (U_FAILURE(st)) {
        rc = stele_error_set(err, STELE_EINTERNAL, NULL, 0, -1,
                             "ICU word break iterator for '%s': %s", lang,
                             u_errorName(st));
        goto done;
    }
    /* The script of the document decides how its words are read. */
    for (size_t i = 0; i < n && letters < 20000; i++) {
        const stele_sentence *s = stele_document_sentence(doc, i);
        int32_t k = 0, len = (int32_t)s->length;
        while (k < len) {
            UChar32 c;
            U8_NEXT(s->text, k, len, c);
            if (c > 0 && u_isalpha(c)) {
                UErrorCode s2 = U_ZERO_ERROR;
                UScriptCode sc = uscript_getScript(c, &s2);
                letters++;
                if (sc == USCRIPT_LATIN)
                    latin++;
                else if (is_spaceless_script(sc))
                    spaceless++;
            }
        }
    }
    f->latin_script = letters > 0 && latin * 2 > letters;
    f->han_names = han_names;
    f->spaceless = letters > 0 && spaceless * 2 > letters;
    spaceless_doc = f->spaceless;
    dict_words = ctx->dicts != NULL && align_dict_covers(ctx->dicts, lang);

    b.f = f;
    b.han_names = han_names;
    if (han_names && ctx->pinyin == NULL &&
        (ctx->pinyin = calloc(0x9FFF - 0x4E00 + 1, sizeof *ctx->pinyin)) ==
            NULL)
        goto oom;
    b.numwords = NULL;
    b.decimal = decimal;
    if (!spaceless_doc && (b.numwords = numwords_shared(lang)) == NULL)
        goto oom;
    for (size_t i = 0; i < n; i++) {
        const stele_sentence *s = stele_document_sentence(doc, i);
        int32_t ulen = 0, start, end, han_end = 0;
        uint32_t length = 0;
        numword_run run = {0};

        b.digits_pending = 0;

        f->paragraph[i] = s->paragraph;
        f->anchor_first[i] = (uint32_t)f->nanchors;
        f->word_first[i] = (uint32_t)f->nwords;
        b.sentence_anchor_first = f->nanchors;
        b.sentence_word_first = f->nwords;
        if (s->length > (size_t)INT32_MAX / 2)
            goto toobig;
        if ((int32_t)s->length + 1 > ctx->ucap) {
            int32_t cap = (int32_t)s->length + 1;
            UChar *grown = realloc(ctx->ubuf, (size_t)cap * sizeof(UChar));
            if (grown == NULL)
                goto oom;
            ctx->ubuf = grown;
            ctx->ucap = cap;
        }
        st = U_ZERO_ERROR;
        u_strFromUTF8Lenient(ctx->ubuf, ctx->ucap, &ulen, s->text,
                             (int32_t)s->length, &st);
        if (U_FAILURE(st)) {
            rc = stele_error_set(err, STELE_EENCODING,
                                 stele_document_name(doc), 0,
                                 (int64_t)s->start,
                                 "sentence %zu is not valid UTF-8", i + 1);
            goto done;
        }
        for (int32_t k = 0; k < ulen;) {
            UChar32 c;
            U16_NEXT(ctx->ubuf, k, ulen, c);
            if (!u_isUWhiteSpace(c))
                length++;
        }
        f->length[i] = length;
        ubrk_setText(words, ctx->ubuf, ulen, &st);
        if (U_FAILURE(st))
            goto icu;
        start = ubrk_first(words);
        while ((end = ubrk_next(words)) != UBRK_DONE) {
            const UChar *tok = ctx->ubuf + start;
            int32_t tlen = end - start;
            int has_digit = 0;
            for (int32_t k = 0; k < tlen; k++)
                if (u_isdigit(tok[k]))
                    has_digit = 1;
            if (has_digit &&
                number_anchors(ctx, &b, tok, tlen, decimal) < 0)
                goto oom;
            b.word_len = 0;
            if (word_anchors(ctx, &b, lang, tok, tlen,
                             dict_words && !spaceless_doc) < 0)
                goto oom;
            if (b.numwords != NULL) {
                if (number_word_anchors(ctx, &b, &run, tok, tlen) < 0)
                    goto oom;
            } else {
                uint64_t v;
                int32_t e;
                if (has_digit &&
                    han_scaled_digits(ctx, &b, ctx->ubuf, ulen, start, end,
                                      decimal) < 0)
                    goto oom;
                if (start >= han_end &&
                    (e = numwords_han(ctx->ubuf, ulen, start, &v)) > 0) {
                    han_end = e;
                    if (push_number_word(ctx, &b, v) < 0)
                        goto oom;
                }
            }
            start = end;
        }
        if (b.numwords != NULL &&
            push_number_word(ctx, &b, numword_run_end(&run)) < 0)
            goto oom;
        if (punct_anchors(ctx, &b, ctx->ubuf, ulen) < 0)
            goto oom;
        if (han_names && pinyin_anchors(ctx, &b, ctx->ubuf, ulen) < 0)
            goto oom;
        if (dict_words && spaceless_doc &&
            spaceless_dict_anchors(ctx, &b, lang, s->text, s->length) < 0)
            goto oom;
    }
    f->anchor_first[n] = (uint32_t)f->nanchors;
    f->word_first[n] = (uint32_t)f->nwords;
    drop_lowered(&b);
    goto done;
icu:
    rc = stele_error_set(err, STELE_EINTERNAL, NULL, 0, -1,
                         "ICU word break failed: %s", u_errorName(st));
    goto done;
toobig:
    rc = stele_error_set(err, STELE_ETOOBIG, stele_document_name(doc), 0, -1,
                         "a sentence is longer than 1 GiB");
    goto done;
oom:
    rc = stele_error_set(err, STELE_ENOMEM, NULL, 0, -1, "out of memory");
done:
    free(b.lowered);
    if (words != NULL)
        ubrk_close(words);
    if (rc < 0)
        features_free(f);
    return rc;
}
