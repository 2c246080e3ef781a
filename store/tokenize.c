/*
 * store/tokenize.c - stele's word tokenizer for search.
 *
 * A text is cut into chunks of two kinds:
 *
 *   - runs of Han, Hiragana and Katakana characters (scripts written
 *     without spaces), indexed one character per token
 *     ("集安组织" -> 集 安 组 织). A query of two or more characters is
 *     the phrase of its characters and so finds them wherever they stand
 *     together, however a word segmenter would have cut the sentence; a
 *     query of one character is one term.
 *
 *     Why not ICU's dictionary words: ICU may segment 集安组织 one way
 *     alone in a query and another way inside a sentence, and then a
 *     query for a word the user can see in the text finds nothing.
 *     Why not overlapping pairs (Lucene's CJK bigrams, schema 4 and
 *     before): every pair is a term of its own, so a Chinese text makes
 *     almost as many distinct terms as it has characters, and FTS5's
 *     pending-terms hash pays a cache miss for each and sorts them all at
 *     every flush; characters are a few thousand terms. In bench_store
 *     (300,000 units) pairs plus a colocated token per character, which
 *     one-character queries need to avoid a prefix merge of every pair
 *     that the character starts (a third of a second for a common one in
 *     a million units), imported at 0.45 of the baseline's rate,
 *     characters alone at 0.71, and searched as fast: FTS5 evaluates a
 *     phrase by stepping the posting lists of its characters together,
 *     newest first, and the search stops at its window of candidates.
 *     Its weak case is a phrase of two common characters that seldom
 *     stand together, whose lists are walked to the end: two characters
 *     each in half of a million sentences, never side by side, take
 *     40-60 ms to find nothing.
 *
 *   - everything else, split into words by ICU's word BreakIterator
 *     (UAX #29: "can't", "3.14", "U.S." are one word each); tokens whose
 *     rule status is "none" (spaces, punctuation, symbols) are dropped.
 *     Chunks made only of ASCII, basic Cyrillic letters (U+0400-U+045F)
 *     and a few separators (« » — – … “ ” „, no-break and thin spaces) skip
 *     ICU: a small scanner applies the same UAX #29 rules to these
 *     characters, and folds them itself (for basic Cyrillic,
 *     NFKC_Casefold is one letter to one letter); a test compares the
 *     two on random text of these characters. This roughly triples the
 *     speed on English and doubles it on Russian.
 *
 * Every token is normalised with NFKC_Casefold in one step (case folding
 * plus compatibility mapping: "CSTO", "csto" and "Ｃｓｔｏ" become one
 * term, "ОДКБ" and "одкб" another) and reported with its byte span in the
 * original UTF-8 text, for highlighting. Tokens are cut at
 * STELE_TOKEN_MAX bytes. The break iterator and the buffers live in the
 * tokenizer and are reused from text to text.

 */
#include "tokenize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

/* Input bytes of one token that are looked at; the rest is ignored. */
#define TOKEN_INPUT_MAX (4 * STELE_TOKEN_MAX)

struct stele_tokenizer {
    UBreakIterator *words;       /* ICU word rules, reused per chunk */
    UText text;                  /* UTF-8 view of the current chunk */
    const UNormalizer2 *fold;    /* NFKC_Casefold; owned by ICU */
    UChar u16[TOKEN_INPUT_MAX];  /* a token as UTF-16 */
    UChar *norm;                 /* normalised token; malloc'ed */
    int32_t norm_cap;            /* UChars in norm */
    char *out;                   /* normalised token, UTF-8; malloc'ed */
    int32_t out_cap;             /* bytes in out */
};

int stele__tokenizer_open(stele_tokenizer **out, const char *locale,
                          stele_error *err)
{
    stele_tokenizer *tk;
    UErrorCode status = U_ZERO_ERROR;
    UText blank = UTEXT_INITIALIZER;

    *out = NULL;
    tk = calloc(1, sizeof *tk);
    if (tk == NULL)
        return stele_error_set(err, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    memcpy(&tk->text, &blank, sizeof blank);
    tk->norm_cap = 4 * TOKEN_INPUT_MAX;
    tk->out_cap = 3 * tk->norm_cap;
    tk->norm = malloc((size_t)tk->norm_cap * sizeof *tk->norm);
    tk->out = malloc((size_t)tk->out_cap);
    if (tk->norm == NULL || tk->out == NULL) {
        stele__tokenizer_close(tk);
        return stele_error_set(err, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    }
    tk->fold = unorm2_getNFKCCasefoldInstance(&status);
    if (U_SUCCESS(status))
        tk->words = ubrk_open(UBRK_WORD,
                              locale != NULL && locale[0] != '\0' ? locale
                                                                  : "root",
                              NULL, 0, &status);
    if (U_FAILURE(status)) {
        stele__tokenizer_close(tk);
        return stele_error_set(err, STELE_EINTERNAL, NULL, 0, -1,
                               "ICU cannot make a word tokenizer: %s",
                               u_errorName(status));
    }
    *out = tk;
    return STELE_OK;
}

void stele__tokenizer_close(stele_tokenizer *tk)
{
    if (tk == NULL)
        return;
    if (tk->words != NULL)
        ubrk_close(tk->words);
    utext_close(&tk->text);
    free(tk->norm);
    free(tk->out);
    free(tk);
}

/* Han, Hiragana and Katakana: the scripts indexed character by
 * character. */
static int is_cjk(UChar32 c)
{
    if (c < 0x3005)
        return 0;
    return c == 0x3005 || c == 0x3006 || c == 0x3007 ||
           (c >= 0x3041 && c <= 0x309F) ||
           (c >= 0x30A1 && c <= 0x30FF && c != 0x30FB) ||
           (c >= 0x31F0 && c <= 0x31FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFF66 && c <= 0xFF9D) || (c >= 0x20000 && c <= 0x3134F);
}

/* Characters that NFKC_Casefold leaves alone, checked on UTF-8 so that
 * most Chinese pairs skip the UTF-16 round trip. */
static int cjk_stable(const unsigned char *p, size_t n)
{
    size_t i = 0;

    while (i < n) {
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (!((c >= 0x4E00 && c <= 0x9FFF) ||
              (c >= 0x3400 && c <= 0x4DBF) ||
              (c >= 0x3041 && c <= 0x3096) ||
              (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC))
            return 0;
    }
    return 1;
}

/* Basic Cyrillic (U+0400-U+045F): UAX #29 letters, which NFKC_Casefold
 * maps one to one, capitals to small letters. */
static int basic_cyrillic(UChar32 c)
{
    return c >= 0x400 && c <= 0x45F;
}

/* Non-ASCII characters that are never part of a word (UAX #29 "Other")
 * and are common between Russian words. */
static int simple_separator(UChar32 c)
{
    switch (c) {
    case 0x00A0: /* no-break space */
    case 0x00AB: /* « */
    case 0x00BB: /* » */
    case 0x2009: /* thin space */
    case 0x2013: /* – */
    case 0x2014: /* — */
    case 0x201C: /* “ */
    case 0x201D: /* ” */
    case 0x201E: /* „ */
    case 0x2026: /* … */
        return 1; /* not U+202F, which UAX #29 joins words with */
    default:
        return 0;
    }
}

/* NFKC_Casefold of p[0, n) into out when p holds only ASCII and basic
 * Cyrillic; returns 0 (and out is garbage) otherwise. */
static int fold_simple(const unsigned char *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];

        if (c < 0x80) {
            out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        if (i + 1 >= n || (c != 0xD0 && c != 0xD1) ||
            (p[i + 1] & 0xC0) != 0x80)
            return 0;
        if (c == 0xD0 && p[i + 1] < 0x90) { /* U+0400-040F: Ѐ..Џ */
            out[i] = (char)0xD1;
            out[i + 1] = (char)(p[i + 1] + 0x10);
        } else if (c == 0xD0 && p[i + 1] < 0xA0) { /* U+0410-041F */
            out[i] = (char)0xD0;
            out[i + 1] = (char)(p[i + 1] + 0x20);
        } else if (c == 0xD0 && p[i + 1] < 0xB0) { /* U+0420-042F */
            out[i] = (char)0xD1;
            out[i + 1] = (char)(p[i + 1] - 0x20);
        } else if (c == 0xD1 && p[i + 1] >= 0xA0) { /* past U+045F */
            return 0;
        } else {
            out[i] = (char)c;
            out[i + 1] = (char)p[i + 1];
        }
        i++;
    }
    return 1;
}

/* Normalise text[start, end) and hand it to fn. */
static int emit(stele_tokenizer *tk, const char *text, size_t start,
                size_t end, int kind, stele_token_fn fn, void *payload)
{
    const unsigned char *p = (const unsigned char *)text + start;
    size_t n = end - start;
    int ascii = 1;
    UErrorCode status = U_ZERO_ERROR;
    int32_t n16 = 0, nnorm, n8 = 0;

    if (n > TOKEN_INPUT_MAX) {
        n = TOKEN_INPUT_MAX;
        while (n > 0 && (p[n] & 0xC0) == 0x80)
            n--;
    }
    for (size_t i = 0; i < n; i++) {
        if (p[i] >= 0x80) {
            ascii = 0;
            break;
        }
    }
    if (ascii) {
        if (n > STELE_TOKEN_MAX)
            n = STELE_TOKEN_MAX;
        for (size_t i = 0; i < n; i++)
            tk->out[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32
                                                             : p[i]);
        return fn(payload, tk->out, n, start, end, kind);
    }
    if (kind == STELE_TOKEN_WORD && fold_simple(p, n, tk->out)) {
        if (n > STELE_TOKEN_MAX) {
            n = STELE_TOKEN_MAX;
            while (n > 0 && (tk->out[n] & 0xC0) == 0x80)
                n--;
        }
        return fn(payload, tk->out, n, start, end, kind);
    }
    if (kind != STELE_TOKEN_WORD && cjk_stable(p, n))
        return fn(payload, (const char *)p, n, start, end, kind);

    u_strFromUTF8WithSub(tk->u16, TOKEN_INPUT_MAX, &n16, (const char *)p,
                         (int32_t)n, 0xFFFD, NULL, &status);
    if (U_FAILURE(status))
        return STELE_EINTERNAL;
    nnorm = unorm2_normalize(tk->fold, tk->u16, n16, tk->norm,
                             tk->norm_cap, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        /* Only pathological input expands this much (U+FDFA is 18
         * characters after NFKC); keep the part that fits. */
        status = U_ZERO_ERROR;
        nnorm = tk->norm_cap;
    }
    if (U_FAILURE(status))
        return STELE_EINTERNAL;
    u_strToUTF8(tk->out, tk->out_cap, &n8, tk->norm, nnorm, &status);
    if (U_FAILURE(status))
        return STELE_EINTERNAL;
    if (n8 > STELE_TOKEN_MAX) {
        n8 = STELE_TOKEN_MAX;
        while (n8 > 0 && (tk->out[n8] & 0xC0) == 0x80)
            n8--;
    }
    if (n8 == 0)
        return 0; /* only default-ignorable characters */
    return fn(payload, tk->out, (size_t)n8, start, end, kind);
}

/* ICU's word rules on text[start, end), which holds no CJK. */
static int icu_words(stele_tokenizer *tk, const char *text, size_t start,
                     size_t end, stele_token_fn fn, void *payload)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t prev, cur;

    utext_openUTF8(&tk->text, text + start, (int64_t)(end - start),
                   &status);
    ubrk_setUText(tk->words, &tk->text, &status);
    if (U_FAILURE(status))
        return STELE_EINTERNAL;
    prev = ubrk_first(tk->words);
    for (cur = ubrk_next(tk->words); cur != UBRK_DONE;
         prev = cur, cur = ubrk_next(tk->words)) {
        int rc;

        if (ubrk_getRuleStatus(tk->words) < UBRK_WORD_NONE_LIMIT)
            continue;
        rc = emit(tk, text, start + (size_t)prev, start + (size_t)cur,
                  STELE_TOKEN_WORD, fn, payload);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* UAX #29 word classes of the characters the simple scanner takes. */
enum { C_OTHER, C_LETTER, C_DIGIT, C_EXTEND, C_MIDNUMLET, C_MIDNUM };

/* The class of the character at s[i] (< end), and where the next one
 * starts. Only ASCII, basic Cyrillic and simple separators reach here. */
static int simple_class(const unsigned char *s, size_t i, size_t end,
                        size_t *next)
{
    unsigned char c = s[i];
    UChar32 u;

    if (c >= 0x80) {
        U8_NEXT(s, i, end, u);
        *next = i;
        return basic_cyrillic(u) ? C_LETTER : C_OTHER;
    }
    *next = i + 1;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return C_LETTER;
    if (c >= '0' && c <= '9')
        return C_DIGIT;
    if (c == '_')
        return C_EXTEND;
    if (c == '.' || c == '\'')
        return C_MIDNUMLET; /* MidNumLet, and Single_Quote */
    if (c == ',' || c == ';')
        return C_MIDNUM;
    return C_OTHER;
}

/* UAX #29 restricted to ASCII, basic Cyrillic and simple separators, on
 * text[start, end): letters, digits and '_' join (WB5, WB8-10, WB13a-b);
 * '.' and '\'' join letters to letters (WB6-7) and digits to digits
 * (WB11-12), as ',' and ';' join digits. */
static int simple_words(stele_tokenizer *tk, const char *text, size_t start,
                        size_t end, stele_token_fn fn, void *payload)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = start;

    while (i < end) {
        size_t j;
        int c = simple_class(s, i, end, &j);
        int has_word_char, prev, chars = 1;

        if (c != C_LETTER && c != C_DIGIT && c != C_EXTEND) {
            i = j;
            continue;
        }
        has_word_char = c != C_EXTEND;
        prev = c;
        while (j < end) {
            size_t next;
            int k = simple_class(s, j, end, &next);

            if (k == C_LETTER || k == C_DIGIT || k == C_EXTEND) {
                has_word_char |= k != C_EXTEND;
                prev = k;
                chars++;
                j = next;
                continue;
            }
            if ((k == C_MIDNUMLET || k == C_MIDNUM) && next < end) {
                size_t after_next;
                int after = simple_class(s, next, end, &after_next);

                if ((k == C_MIDNUMLET && prev == C_LETTER &&
                     after == C_LETTER) ||
                    (prev == C_DIGIT && after == C_DIGIT)) {
                    chars++;
                    j = next;
                    continue;
                }
            }
            break;
        }
        if (has_word_char || chars > 1) {
            int rc = emit(tk, text, i, j, STELE_TOKEN_WORD, fn, payload);
            if (rc != 0)
                return rc;
        }
        i = j;
    }
    return 0;
}

/* A run of CJK characters text[start, end), one token per character. */
static int cjk_run(stele_tokenizer *tk, const char *text, size_t start,
                   size_t end, stele_token_fn fn, void *payload)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = start;

    while (i < end) {
        UChar32 c;
        size_t at = i;
        int rc;

        U8_NEXT(s, i, end, c);
        (void)c;
        rc = emit(tk, text, at, i, STELE_TOKEN_CJK, fn, payload);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int stele__tokenize(stele_tokenizer *tk, const char *text, size_t length,
                    stele_tokenize_mode mode, stele_token_fn fn,
                    void *payload)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;

    if (length > INT32_MAX)
        return STELE_ETOOBIG;
    (void)mode; /* documents and queries are tokenised alike */
    while (i < length) {
        size_t start = i;
        int simple = 1;
        int rc;

        /* A run of CJK characters... */
        while (i < length && s[i] >= 0x80) {
            UChar32 c;
            size_t at = i;

            U8_NEXT(s, i, length, c);
            if (!is_cjk(c)) {
                i = at;
                break;
            }
        }
        if (i > start) {
            rc = cjk_run(tk, text, start, i, fn, payload);
            if (rc != 0)
                return rc;
            continue;
        }
        /* ... or everything up to the next one. */
        while (i < length) {
            UChar32 c;
            size_t at = i;

            if (s[i] < 0x80) {
                i++;
                continue;
            }
            U8_NEXT(s, i, length, c);
            if (is_cjk(c)) {
                i = at;
                break;
            }
            if (!basic_cyrillic(c) && !simple_separator(c))
                simple = 0;
        }
        rc = simple ? simple_words(tk, text, start, i, fn, payload)
                    : icu_words(tk, text, start, i, fn, payload);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int stele__tokenize_icu_only(stele_tokenizer *tk, const char *text,
                             size_t length, stele_token_fn fn,
                             void *payload)
{
    if (length > INT32_MAX)
        return STELE_ETOOBIG;
    return icu_words(tk, text, 0, length, fn, payload);
}
