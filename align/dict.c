/*
 * align/dict.c - bilingual dictionaries, and the string interner.
 *
 * A dictionary file is in hunalign's format, "target words @ source
 * words" per line, optionally preceded by a "# stele-dict SRC TGT" line
 * naming the two languages. A target that is a phrase of several words
 * (in a language written with spaces) is skipped: the aligner matches
 * words. A source phrase ties the target to each of its content words
 * (gloss_content_words below).
 *
 * All dictionaries map into one concept space, the (stemmed) words of
 * each dictionary's source side, written "en:state". So an en-ru and an
 * en-zh dictionary together also relate Russian to Chinese: both sides of
 * a ru-zh pair are looked up as English concepts.
 *
 * A fallback dictionary only fills gaps: it gives concepts to the words
 * that no dictionary loaded as usual relates to any. A German-French
 * dictionary with English-German and English-French as fallbacks keeps
 * its own links for the words it knows, and the words it lacks still
 * meet through English. Merging all three (every word's concepts from
 * each) makes a known word's set larger, so that finding it by chance
 * grows likelier and each of its links counts less (pairview.c). Over
 * the 28 language pairs of corpora/ (seven with a direct dictionary:
 * de-fr and de-ru twice, de-es, fr-es, fr-ru), mean strict F1 was
 * 0.9765 with the direct dictionaries alone, 0.9759 with English
 * fallbacks, 0.9735 with the three merged; with the direct dictionaries
 * cut to a tenth
 * (2,000 to 11,000 entries, the size of many of FreeDict's), those seven
 * pairs fell to 0.9416 alone and kept 0.9761 with the fallbacks.
 */
#define _POSIX_C_SOURCE 200809L

#include "align_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <unicode/utf8.h>

/* ---------------------------------------------------------- interning */

void intern_init(intern_table *t)
{
    memset(t, 0, sizeof *t);
    stele_arena_init(&t->arena, 0);
}

void intern_free(intern_table *t)
{
    stele_arena_free(&t->arena);
    free(t->slots);
    free(t->strs);
    free(t->lens);
    memset(t, 0, sizeof *t);
}

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

/*
 * A slot holds the id + 1 in its low bits, as many as the capacity has
 * (ids stay below half of it), and the top bits of the string's hash in
 * the bits above: most probes that meet another string settle on those
 * without reading it, at no cost in memory.
 */
static uint32_t id_mask(size_t capacity)
{
    uint32_t mask = 0;
    while (mask < capacity - 1 && mask != UINT32_MAX)
        mask = mask * 2 + 1;
    return mask;
}

static uint32_t slot_tag(uint64_t h, uint32_t mask)
{
    return (uint32_t)(h >> 32) & ~mask;
}

static int intern_grow(intern_table *t)
{
    size_t cap = t->capacity ? t->capacity * 2 : 1024;
    uint32_t *slots, *lens, mask;
    const char **strs;

    if (cap / 2 > UINT32_MAX)
        return -1;
    slots = calloc(cap, sizeof *slots);
    strs = realloc(t->strs, cap / 2 * sizeof *strs);
    if (slots == NULL || strs == NULL) {
        free(slots);
        if (strs != NULL)
            t->strs = strs;
        return -1;
    }
    t->strs = strs;
    lens = realloc(t->lens, cap / 2 * sizeof *lens);
    if (lens == NULL) {
        free(slots);
        return -1;
    }
    t->lens = lens;
    mask = id_mask(cap);
    /* the slots keep only some bits of the hashes: computed again */
    for (size_t id = 0; id < t->count; id++) {
        uint64_t h = hash_bytes(t->strs[id], t->lens[id]);
        size_t k = h & (cap - 1);
        while (slots[k] != 0)
            k = (k + 1) & (cap - 1);
        slots[k] = slot_tag(h, mask) | ((uint32_t)id + 1);
    }
    free(t->slots);
    t->slots = slots;
    t->capacity = cap;
    return 0;
}

int64_t intern_get(intern_table *t, const char *s, size_t len, int add)
{
    uint64_t h;
    uint32_t tag, mask;
    size_t k;
    char *copy;

    if (t->capacity == 0) {
        if (!add)
            return -1;
        if (intern_grow(t) < 0)
            return -2;
    }
    h = hash_bytes(s, len);
    mask = id_mask(t->capacity);
    tag = slot_tag(h, mask);
    k = h & (t->capacity - 1);
    while (t->slots[k] != 0) {
        uint32_t slot = t->slots[k];
        uint32_t id = (slot & mask) - 1;
        if ((slot & ~mask) == tag && t->lens[id] == len &&
            memcmp(t->strs[id], s, len) == 0)
            return id;
        k = (k + 1) & (t->capacity - 1);
    }
    if (!add)
        return -1;
    if (t->count + 1 > t->capacity / 2) {
        if (intern_grow(t) < 0)
            return -2;
        return intern_get(t, s, len, add);
    }
    copy = stele_arena_strndup(&t->arena, s, len);
    if (copy == NULL)
        return -2;
    t->strs[t->count] = copy;
    t->lens[t->count] = (uint32_t)len;
    t->slots[k] = tag | ((uint32_t)t->count + 1);
    return (int64_t)t->count++;
}

/* -------------------------------------------------------- dictionaries */

/* The words of one language, each with the concepts it expresses. */
typedef struct lang_words {
    char lang[16];        /* primary language subtag */
    int spaceless;        /* headwords matched as substrings */
    size_t max_bytes;     /* longest headword (spaceless languages) */
    intern_table words;   /* stemmed word or headword -> id */
    intern_table beginnings; /* spaceless languages: every proper
                                beginning of a headword, of two code
                                points or more */
    uint32_t **concepts;  /* id -> concept ids (malloc'ed arrays) */
    uint32_t *nconcepts;  /* id -> count */
    uint8_t *primary;     /* id -> 1 when a dictionary that is not a
                             fallback gave it concepts */
    size_t cap;           /* entries allocated in the three arrays */
} lang_words;

struct align_dict {
    intern_table concepts; /* "en:state" -> concept id */
    lang_words *langs;
    size_t nlangs;
    size_t entries;        /* entries loaded, for messages */
    char (*pairs)[2][16];  /* each dictionary's two languages */
    size_t npairs;
};

/* The primary subtag, lower case; Norwegian ("no", the macrolanguage)
 * as Bokmål ("nb"), which FreeDict's Norwegian is and most Norwegian
 * text is written in, so that a text tagged either way finds it. */
static void primary_subtag(const char *tag, char *out, size_t size)
{
    size_t n = 0;
    while (tag[n] != '\0' && tag[n] != '-' && tag[n] != '_' && n + 1 < size) {
        char c = tag[n];
        out[n] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        n++;
    }
    out[n] = '\0';
    if (strcmp(out, "no") == 0 && size > 2)
        out[1] = 'b';
}

static int lang_is_spaceless(const char *lang)
{
    return strcmp(lang, "zh") == 0 || strcmp(lang, "ja") == 0 ||
           strcmp(lang, "th") == 0 || strcmp(lang, "lo") == 0 ||
           strcmp(lang, "km") == 0 || strcmp(lang, "my") == 0 ||
           strcmp(lang, "yue") == 0 || strcmp(lang, "wuu") == 0;
}

static lang_words *find_lang(const align_dict *d, const char *tag)
{
    char lang[16];

    if (d == NULL)
        return NULL;
    primary_subtag(tag, lang, sizeof lang);
    for (size_t i = 0; i < d->nlangs; i++)
        if (strcmp(d->langs[i].lang, lang) == 0)
            return &d->langs[i];
    return NULL;
}

static lang_words *add_lang(align_dict *d, const char *tag)
{
    lang_words *lw = find_lang(d, tag), *grown;

    if (lw != NULL)
        return lw;
    grown = realloc(d->langs, (d->nlangs + 1) * sizeof *grown);
    if (grown == NULL)
        return NULL;
    d->langs = grown;
    lw = &d->langs[d->nlangs++];
    memset(lw, 0, sizeof *lw);
    primary_subtag(tag, lw->lang, sizeof lw->lang);
    lw->spaceless = lang_is_spaceless(lw->lang);
    intern_init(&lw->words);
    intern_init(&lw->beginnings);
    return lw;
}

/* Record that @p word (already stemmed) of @p lw expresses @p concept;
 * from a @p fallback dictionary, only if no other gave the word any. */
static int add_word(lang_words *lw, const char *word, size_t len,
                    uint32_t concept, int fallback)
{
    int64_t id = intern_get(&lw->words, word, len, 1);
    uint32_t *list;
    size_t n;

    if (id < 0)
        return -1;
    if ((size_t)id >= lw->cap) {
        size_t cap = lw->cap ? lw->cap * 2 : 1024;
        uint32_t **c;
        uint32_t *nc;
        uint8_t *pr;
        while (cap <= (size_t)id)
            cap *= 2;
        c = realloc(lw->concepts, cap * sizeof *c);
        if (c == NULL)
            return -1;
        lw->concepts = c;
        nc = realloc(lw->nconcepts, cap * sizeof *nc);
        if (nc == NULL)
            return -1;
        lw->nconcepts = nc;
        pr = realloc(lw->primary, cap * sizeof *pr);
        if (pr == NULL)
            return -1;
        lw->primary = pr;
        memset(lw->concepts + lw->cap, 0, (cap - lw->cap) * sizeof *c);
        memset(lw->nconcepts + lw->cap, 0, (cap - lw->cap) * sizeof *nc);
        memset(lw->primary + lw->cap, 0, (cap - lw->cap) * sizeof *pr);
        lw->cap = cap;
    }
    if (fallback && lw->primary[id])
        return 0;
    if (!fallback)
        lw->primary[id] = 1;
    n = lw->nconcepts[id];
    for (size_t i = 0; i < n; i++)
        if (lw->concepts[id][i] == concept)
            return 0;
    /* A word with very many senses says little; 16 is plenty. */
    if (n >= 16)
        return 0;
    list = realloc(lw->concepts[id], (n + 1) * sizeof *list);
    if (list == NULL)
        return -1;
    list[n] = concept;
    lw->concepts[id] = list;
    lw->nconcepts[id] = (uint32_t)n + 1;
    if (len > lw->max_bytes)
        lw->max_bytes = len;
    if (lw->spaceless && n == 0) {
        /* the beginnings that a longest match may grow through */
        int32_t k = 0, chars = 0;
        while (k < (int32_t)len) {
            UChar32 c;
            U8_NEXT(word, k, (int32_t)len, c);
            (void)c;
            if (++chars >= 2 && k < (int32_t)len &&
                intern_get(&lw->beginnings, word, (size_t)k, 1) < 0)
                return -1;
        }
    }
    return 0;
}

void align_dict_free(align_dict *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->nlangs; i++) {
        lang_words *lw = &d->langs[i];
        for (size_t k = 0; k < lw->cap; k++)
            free(lw->concepts[k]);
        free(lw->concepts);
        free(lw->nconcepts);
        free(lw->primary);
        intern_free(&lw->words);
        intern_free(&lw->beginnings);
    }
    free(d->langs);
    free(d->pairs);
    intern_free(&d->concepts);
    free(d);
}

int align_dict_covers(const align_dict *d, const char *lang)
{
    return find_lang(d, lang) != NULL;
}

int align_dict_joins(const align_dict *d, const char *lang_a,
                     const char *lang_b)
{
    char a[16], b[16];

    if (d == NULL)
        return 0;
    primary_subtag(lang_a, a, sizeof a);
    primary_subtag(lang_b, b, sizeof b);
    for (size_t k = 0; k < d->npairs; k++)
        if ((strcmp(d->pairs[k][0], a) == 0 &&
             strcmp(d->pairs[k][1], b) == 0) ||
            (strcmp(d->pairs[k][0], b) == 0 &&
             strcmp(d->pairs[k][1], a) == 0))
            return 1;
    return 0;
}

size_t align_dict_lookup(const align_dict *d, const char *lang,
                         const char *word, size_t len, const uint32_t **out)
{
    lang_words *lw = find_lang(d, lang);
    int64_t id;

    *out = NULL;
    if (lw == NULL)
        return 0;
    id = intern_get(&lw->words, word, len, 0);
    if (id < 0 || (size_t)id >= lw->cap)
        return 0;
    *out = lw->concepts[id];
    return lw->nconcepts[id];
}

size_t align_dict_match_prefix(const align_dict *d, const char *lang,
                               const char *text, size_t len,
                               const uint32_t **concepts, size_t *nconcepts)
{
    lang_words *lw = find_lang(d, lang);
    size_t limit, best = 0;
    int32_t k = 0;
    int chars = 0;

    *concepts = NULL;
    *nconcepts = 0;
    if (lw == NULL || !lw->spaceless)
        return 0;
    limit = len < lw->max_bytes ? len : lw->max_bytes;
    /* Grow the match a code point at a time while it is still the
     * beginning of some headword, and keep the longest that is one;
     * single characters are too ambiguous to count. Most runs stop
     * after two or three characters, where stepping back from the
     * longest headword's length looked up a dozen strings. */
    while (k < (int32_t)limit) {
        UChar32 c;
        int64_t id;
        U8_NEXT(text, k, (int32_t)limit, c);
        (void)c;
        if (++chars < 2)
            continue;
        id = intern_get(&lw->words, text, (size_t)k, 0);
        if (id >= 0 && (size_t)id < lw->cap && lw->nconcepts[id] > 0) {
            *concepts = lw->concepts[id];
            *nconcepts = lw->nconcepts[id];
            best = (size_t)k;
        }
        if (intern_get(&lw->beginnings, text, (size_t)k, 0) < 0)
            break;
    }
    return best;
}

size_t align_dict_match_han(const align_dict *d, const char *lang,
                            const char *text, size_t len,
                            const uint32_t **concepts, size_t *nconcepts)
{
    lang_words *lw = find_lang(d, lang);
    int32_t k = 0;
    UChar32 c;
    int64_t id;

    *concepts = NULL;
    *nconcepts = 0;
    if (lw == NULL || !lw->spaceless || len == 0)
        return 0;
    U8_NEXT(text, k, (int32_t)len, c);
    if (!align_is_han(c))
        return 0;
    id = intern_get(&lw->words, text, (size_t)k, 0);
    if (id < 0 || (size_t)id >= lw->cap || lw->nconcepts[id] == 0)
        return 0;
    *concepts = lw->concepts[id];
    *nconcepts = lw->nconcepts[id];
    return (size_t)k;
}

static char *trim(char *s, char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
                       end[-1] == '\r' || end[-1] == '\n'))
        end--;
    *end = '\0';
    return s;
}

static int has_space(const char *s)
{
    return strchr(s, ' ') != NULL || strchr(s, '\t') != NULL;
}

/* The key of one side's word: the word itself in a spaceless language,
 * else its stem (in @p buf); NULL when it has none (a phrase). */
static const char *side_key(const lang_words *lw, const char *word,
                            char *buf, size_t size, size_t *len)
{
    if (lw->spaceless) {
        *len = strlen(word);
        return word;
    }
    if (has_space(word))
        return NULL;
    *len = align_stem(word, strlen(word), lw->lang, buf, size);
    return *len > 0 ? buf : NULL;
}

/*
 * Japanese verbs and adjectives inflect in the kana after their kanji:
 * the dictionary's 変える is 変えた, 変えて in a text, 片付ける is
 * 片付けた. So a Japanese headword of kanji and then hiragana is also
 * matched without its last kana (変え, 片付け), when what is left has
 * at least two characters (single characters are not matched at all).
 */
static size_t japanese_stem(const char *key, size_t len)
{
    int32_t end = (int32_t)len, last;
    UChar32 c;
    size_t chars = 0;
    int kanji = 0;

    if (len == 0)
        return 0;
    U8_PREV((const uint8_t *)key, 0, end, c);
    if (c < 0x3041 || c > 0x309F)
        return 0;
    last = end;
    for (int32_t k = 0; k < last;) {
        U8_NEXT((const uint8_t *)key, k, last, c);
        chars++;
        if ((c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
            (c >= 0x20000 && c <= 0x3FFFF))
            kanji = 1;
    }
    return kanji && chars >= 2 ? (size_t)last : 0;
}

/* Add a side's key, and for Japanese its stem too (japanese_stem). */
static int add_keys(lang_words *lw, const char *key, size_t len,
                    uint32_t concept, int fallback)
{
    size_t stem;

    if (add_word(lw, key, len, concept, fallback) < 0)
        return -1;
    if (strcmp(lw->lang, "ja") != 0)
        return 0;
    stem = japanese_stem(key, len);
    return stem > 0 ? add_word(lw, key, stem, concept, fallback) : 0;
}

/*
 * The words of a source phrase that carry its meaning. Dictionaries made
 * from glosses (CC-CEDICT's "a river", "to cooperate", "Moscow, capital
 * of Russia") would lose half their entries if only one-word sources
 * counted. A gloss is read up to its first comma (what follows is
 * usually an explanation) without English function words; what is left
 * ties the target to the concept of each of its words, if there are at
 * most MAX_GLOSS_WORDS of them ("military potential" ties 军事潜力 to
 * both words); more make a description rather than a translation. Over
 * the 28 language pairs of corpora/, mean strict F1 was 0.967 with at
 * most one word, 0.970 with two, 0.971 with three, 0.970 with four or
 * six.
 */
#define MAX_GLOSS_WORDS 3
#define MAX_GLOSS_BYTES 64

/* sorted bytewise, for bsearch */
static const char *const english_function_words[] = {
    "a", "an", "and", "are", "as", "at", "be", "by", "etc", "for", "from",
    "in", "into", "is", "it", "its", "no", "not", "of", "off", "on",
    "one", "one's", "oneself", "onto", "or", "out", "sb", "sb's",
    "someone", "something", "sth", "sth's", "the", "to", "up", "was",
    "with"};

static int compare_word(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

static int is_function_word(const char *word, int english)
{
    return english &&
           bsearch(word, english_function_words,
                   sizeof english_function_words /
                       sizeof english_function_words[0],
                   sizeof english_function_words[0], compare_word) != NULL;
}

static size_t gloss_content_words(const char *phrase, const char *lang,
                                  char words[][MAX_GLOSS_BYTES])
{
    const char *p = phrase;
    size_t n = 0;
    int english = strcmp(lang, "en") == 0;

    while (*p != '\0' && *p != ',' && *p != ';') {
        const char *start;
        size_t len;
        while (*p == ' ' || *p == '\t' || *p == '/' || *p == '(' ||
               *p == ')' || *p == '"')
            p++;
        start = p;
        while (*p != '\0' && *p != ' ' && *p != '\t' && *p != ',' &&
               *p != ';' && *p != '/' && *p != '(' && *p != ')' &&
               *p != '"')
            p++;
        len = (size_t)(p - start);
        if (len == 0)
            continue;
        if (len >= MAX_GLOSS_BYTES)
            return 0;
        if (n == MAX_GLOSS_WORDS)
            return 0;
        /* "sth." and "etw." are abbreviations, not words of their own */
        while (len > 1 && start[len - 1] == '.')
            len--;
        memcpy(words[n], start, len);
        words[n][len] = '\0';
        for (size_t k = 0; k < len; k++)
            if (words[n][k] >= 'A' && words[n][k] <= 'Z')
                words[n][k] = (char)(words[n][k] - 'A' + 'a');
        if (!is_function_word(words[n], english))
            n++;
    }
    return n;
}

int align_dict_load(align_dict **dicts, const char *path, const char *src,
                    const char *tgt, int fallback, stele_error *err)
{
    FILE *fp = NULL;
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    long lineno = 0;
    char src_lang[16] = "", tgt_lang[16] = "";
    lang_words *src_words = NULL, *tgt_words = NULL;
    align_dict *d = *dicts;
    size_t before;
    struct stat st;
    int rc = STELE_OK;

    if (src != NULL && tgt != NULL) {
        primary_subtag(src, src_lang, sizeof src_lang);
        primary_subtag(tgt, tgt_lang, sizeof tgt_lang);
    }
    fp = fopen(path, "rb");
    if (fp == NULL)
        return stele_error_set(err, STELE_EIO, path, 0, -1,
                               "cannot open dictionary: %s",
                               strerror(errno));
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(fp);
        return stele_error_set(err, STELE_EIO, path, 0, -1,
                               "is a folder, not a dictionary");
    }
    if (d == NULL) {
        d = calloc(1, sizeof *d);
        if (d == NULL) {
            rc = STELE_ENOMEM;
            goto done;
        }
        intern_init(&d->concepts);
        *dicts = d;
    }
    before = d->entries;
    while ((got = getline(&line, &cap, fp)) >= 0) {
        char *at, *target, *source;
        char key[300];
        int64_t concept;

        lineno++;
        if ((size_t)got != strlen(line)) {
            rc = stele_error_set(err, STELE_EFORMAT, path, lineno, -1,
                                 "NUL byte in dictionary line");
            goto done;
        }
        {
            int32_t k = 0, len = (int32_t)got;
            while (k < len) {
                UChar32 c;
                int32_t at_k = k;
                U8_NEXT(line, k, len, c);
                if (c < 0) {
                    rc = stele_error_set(err, STELE_EENCODING, path, lineno,
                                         -1,
                                         "invalid UTF-8 at column %d",
                                         (int)at_k + 1);
                    goto done;
                }
            }
        }
        if (lineno == 1 && got >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
            memmove(line, line + 3, (size_t)got - 2);
        if (line[0] == '#') {
            char a[16], b[16];
            if (sscanf(line, "# stele-dict %15s %15s", a, b) == 2 &&
                src_lang[0] == '\0') {
                primary_subtag(a, src_lang, sizeof src_lang);
                primary_subtag(b, tgt_lang, sizeof tgt_lang);
            }
            continue;
        }
        at = strstr(line, " @ ");
        if (at == NULL) {
            char *t = trim(line, line + strlen(line));
            if (*t == '\0')
                continue;
            rc = stele_error_set(err, STELE_EFORMAT, path, lineno, -1,
                                 "expected 'target words @ source words'");
            goto done;
        }
        if (src_lang[0] == '\0') {
            rc = stele_error_set(err, STELE_EINVAL, path, lineno, -1,
                                 "languages unknown: give them (--dict "
                                 "takes SRC-TGT.dict names) or start the "
                                 "file with '# stele-dict SRC TGT'");
            goto done;
        }
        if (src_words == NULL) {
            src_words = add_lang(d, src_lang);
            tgt_words = src_words ? add_lang(d, tgt_lang) : NULL;
            if (tgt_words == NULL) {
                rc = STELE_ENOMEM;
                goto done;
            }
            /* add_lang may move the array: look both up again */
            src_words = find_lang(d, src_lang);
        }
        {
            char *line_end = line + strlen(line);
            target = trim(line, at);
            source = trim(at + 3, line_end);
        }
        if (*target == '\0' || *source == '\0')
            continue;
        {
            char words[MAX_GLOSS_WORDS][MAX_GLOSS_BYTES];
            char tbuf[256], sbuf[256];
            size_t nwords = gloss_content_words(source, src_lang, words);
            size_t tlen = 0, klen = strlen(src_lang);
            const char *tkey = side_key(tgt_words, target, tbuf, sizeof tbuf,
                                        &tlen);
            /* the concept is "en:" and the source word's stem */
            memcpy(key, src_lang, klen);
            key[klen++] = ':';
            for (size_t w = 0; w < nwords; w++) {
                size_t sn = align_stem(words[w], strlen(words[w]), src_lang,
                                       key + klen, sizeof key - klen);
                size_t slen = 0;
                const char *skey;
                if (sn == 0)
                    continue;
                skey = side_key(src_words, words[w], sbuf, sizeof sbuf,
                                &slen);
                concept = intern_get(&d->concepts, key, klen + sn, 1);
                if (concept < 0 ||
                    (skey != NULL && add_keys(src_words, skey, slen,
                                              (uint32_t)concept,
                                              fallback) < 0) ||
                    (tkey != NULL && add_keys(tgt_words, tkey, tlen,
                                              (uint32_t)concept,
                                              fallback) < 0)) {
                    rc = STELE_ENOMEM;
                    goto done;
                }
            }
            if (nwords == 0)
                continue;
        }
        d->entries++;
    }
    if (ferror(fp))
        rc = stele_error_set(err, STELE_EIO, path, lineno, -1,
                             "read error: %s", strerror(errno));
    /* An empty file, or one of comments and phrases only, is no
     * dictionary: most likely the wrong file was given. */
    else if (d->entries == before)
        rc = stele_error_set(err, STELE_EFORMAT, path, 0, -1,
                             "no entries of one source word ('target "
                             "words @ source word' per line)");
    else {
        /* a few dictionaries a run: grown one at a time, as langs is */
        char(*grown)[2][16] =
            realloc(d->pairs, (d->npairs + 1) * sizeof *d->pairs);
        if (grown == NULL) {
            rc = STELE_ENOMEM;
        } else {
            d->pairs = grown;
            memcpy(d->pairs[d->npairs][0], src_lang, sizeof src_lang);
            memcpy(d->pairs[d->npairs][1], tgt_lang, sizeof tgt_lang);
            d->npairs++;
        }
    }
done:
    if (rc == STELE_ENOMEM)
        stele_error_set(err, rc, path, lineno, -1, "out of memory");
    free(line);
    fclose(fp);
    return rc;
}
