/*
 * align/numwords.c - numbers written as words.
 *
 * A translator writes "thirty" for "30" as often as the reverse, and the
 * three versions of one sentence may read "forty-two", "сорок два" and
 * "四十二". The digits scorer cannot see these, so each language written
 * with spaces gets a table from the words that spell numbers to their
 * values, made with ICU's rule-based spellout (RBNF) for the language
 * itself: every public ruleset (cardinals and ordinals, each gender and
 * case ICU knows) except the year, day-of-month and financial forms, for
 * 1 to 100, the hundreds, the thousands and the powers of ten up to a
 * million. Of a form of more than one word only the scale word is kept
 * ("тысячи" of "две тысячи", "hundred" of "two hundred"), since the text
 * is read word by word and the other words are in the table themselves.
 * Words that follow one another (with spaces or hyphens between) are
 * put together as a reader would: "сто сорок" is 140, "две тысячи" 2000,
 * "twenty-one" 21, "two three" two numbers (numword_run). A number of 1
 * alone is dropped: "one", "один", "un" are mostly not numbers.
 *
 * The names of the months are in the table too, with their numbers, so
 * that "27 ноября" and "November 27" meet "11月27日" and "27.11."; where
 * the language writes them with a capital (English, German) a word
 * counts only when it has one, which keeps the verb "may" and the
 * adjective "august" out.
 *
 * Amounts are written with digits and a word for the power of a
 * thousand, in each language its own way: "9.8 million", "9,8 млн",
 * "980万". The words come from ICU's compact number formats for the
 * language (add_scales), and digits followed by one give the product as
 * one more number ("2,5 млн" meets "250万" as 2500000); the digits
 * scorer still reads the digits themselves.
 *
 * A table holds the forms case-folded, without soft hyphens (German
 * spellout marks word joins with them) and with ё read as е, as Russian
 * is usually printed.
 *
 * Chinese and Japanese numerals follow one grammar, parsed here without
 * a table (numwords_han): digits 〇 零 一 二 两 三 ... 九, units 十 百 千,
 * and 万 亿 above them; "一百四十" is 140, "二〇二五" 2025. The same
 * characters occur in words that are not numbers (十分 'very', 万一 'in
 * case', 统一 'unify'), so a numeral counts only where ICU's word break
 * begins a word, and only when what follows is not another Han character
 * or is a measure word, which is how a number is written before a noun.
 */
#include "align_int.h"

#include "../util/buf.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/udat.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

/* A case-folded form as the table keeps it: without soft hyphens (C2
 * AD), ё (D1 91) read as е (D0 B5). @p out has room for @p len bytes,
 * which is enough: nothing grows. Returns the bytes written. */
static size_t normalise(const char *in, size_t len, char *out)
{
    size_t n = 0;
    for (size_t k = 0; k < len; k++) {
        unsigned char c = (unsigned char)in[k];
        unsigned char next = k + 1 < len ? (unsigned char)in[k + 1] : 0;
        if (c == 0xC2 && next == 0xAD) {
            k++;
        } else if (c == 0xD1 && next == 0x91) {
            out[n++] = (char)0xD0;
            out[n++] = (char)0xB5;
            k++;
        } else {
            out[n++] = (char)c;
        }
    }
    return n;
}

static int add_word(numword_table *t, const UChar *word, int32_t n,
                    uint32_t value)
{
    UChar folded[64];
    char u8[192], norm[192];
    int32_t flen, n8 = 0;
    UErrorCode st = U_ZERO_ERROR;
    int64_t id;

    if (n <= 0 || n >= 64)
        return 0;
    flen = u_strFoldCase(folded, 64, word, n, U_FOLD_CASE_DEFAULT, &st);
    if (U_FAILURE(st) || flen >= 64)
        return 0;
    u_strToUTF8(u8, (int32_t)sizeof u8, &n8, folded, flen, &st);
    if (U_FAILURE(st) || (size_t)n8 >= sizeof u8)
        return 0;
    id = intern_get(&t->forms, norm, normalise(u8, (size_t)n8, norm), 1);
    if (id < 0)
        return -1;
    if ((size_t)id >= t->nvalues) {
        if (stele__reserve_items((void **)&t->values, &t->cap_values,
                                 (size_t)id + 1, sizeof *t->values) < 0)
            return -1;
        /* the first ruleset to spell a word decides its value */
        t->values[id] = value;
        t->nvalues = (size_t)id + 1;
    }
    return 0;
}

int numword_separator(UChar32 c)
{
    return u_isUWhiteSpace(c) || c == '-' || c == 0x2010 || c == 0x2011;
}

/* A spelled form of @p value: kept whole when it is one word; of more
 * words, the last one when it names the scale (hundred, thousand,
 * million) that @p value is a multiple of. */
static int add_form(numword_table *t, const UChar *form, int32_t n,
                    uint32_t value)
{
    int32_t last = 0, words = 1;
    uint32_t scale = 0;

    for (int32_t k = 0; k < n;) {
        UChar32 c;
        int32_t at = k;
        U16_NEXT(form, k, n, c);
        if (u_isdigit(c))
            return 0;
        if (numword_separator(c)) {
            last = k;
            if (at > 0 && !numword_separator(form[at - 1]))
                words++;
        }
    }
    if (words == 1)
        return add_word(t, form, n, value);
    if (value % 1000000 == 0)
        scale = 1000000;
    else if (value % 1000 == 0 && value < 1000000)
        scale = 1000;
    else if (value % 100 == 0 && value < 1000)
        scale = 100;
    if (scale == 0 || value / scale > 99 || last >= n)
        return 0;
    return add_word(t, form + last, n - last, scale);
}

/* The months' names, formatted and standalone ("ноября", "ноябрь"). */
static int add_months(numword_table *t, const char *lang)
{
    static const UDateFormatSymbolType kinds[] = {UDAT_MONTHS,
                                                  UDAT_STANDALONE_MONTHS};
    UErrorCode st = U_ZERO_ERROR;
    UDateFormat *fmt = udat_open(UDAT_NONE, UDAT_LONG, lang, NULL, 0, NULL,
                                 0, &st);
    int rc = 0;

    if (U_FAILURE(st))
        return 0;
    for (size_t k = 0; k < 2 && rc == 0; k++) {
        int32_t n = udat_countSymbols(fmt, kinds[k]);
        for (int32_t m = 0; m < n && m < 12 && rc == 0; m++) {
            UChar name[64];
            UChar32 first;
            int32_t len, at = 0, letters = 1;
            st = U_ZERO_ERROR;
            len = udat_getSymbols(fmt, kinds[k], m, name, 64, &st);
            if (U_FAILURE(st) || len <= 0 || len >= 64)
                continue;
            for (int32_t q = 0; q < len;) {
                UChar32 c;
                U16_NEXT(name, q, len, c);
                if (!u_isalpha(c))
                    letters = 0;
            }
            if (!letters)
                continue; /* "11月": the digits scorer reads these */
            U16_NEXT(name, at, len, first);
            rc = add_word(t, name, len,
                          NUMWORD_MONTH | (u_isupper(first) ? NUMWORD_CAPITAL
                                                            : 0) |
                              (uint32_t)(m + 1));
        }
    }
    udat_close(fmt);
    return rc;
}

/* The words of ICU's compact number formats for the powers of a
 * thousand ("2,5 млн", "5 миллионов", "2 Mrd.", "21 million"): whatever
 * follows the digits, when it is one word of three letters or more (not
 * "K", "M", "Md"), its trailing dot dropped. Its scale is the value
 * formatted over the number written before it, which keeps each
 * locale's own: "billion" is 10^9 in English, "Billion" 10^12 in
 * German. */
static int add_scales(numword_table *t, const char *lang)
{
    static const UNumberFormatStyle styles[] = {UNUM_DECIMAL_COMPACT_SHORT,
                                                UNUM_DECIMAL_COMPACT_LONG};
    static const double multiples[] = {1, 2, 5, 21};
    int rc = 0;

    for (size_t s = 0; s < 2 && rc == 0; s++) {
        UErrorCode st = U_ZERO_ERROR;
        UNumberFormat *fmt = unum_open(styles[s], NULL, 0, lang, NULL, &st);
        if (U_FAILURE(st))
            continue;
        for (int exp = 3; exp <= 12 && rc == 0; exp += 3)
            for (size_t m = 0; m < 4 && rc == 0; m++) {
                double v = multiples[m], number;
                UChar out[64];
                char ascii[64], key[64];
                size_t digits;
                int32_t n, k, word, end, letters = 0;
                for (int e = 0; e < exp; e++)
                    v *= 10;
                st = U_ZERO_ERROR;
                n = unum_formatDouble(fmt, v, out, 64, NULL, &st);
                if (U_FAILURE(st) || n <= 0 || n >= 64)
                    continue;
                /* the number before the word ("2,5 млн", "21 Mrd."):
                 * a mark with one digit after it is decimal to
                 * align_number_key whichever mark the locale uses */
                k = align_digit_run(out, 0, n, ascii, sizeof ascii, &digits);
                if (digits == 0 ||
                    align_number_key(ascii, digits, '.', key, sizeof key) == 0 ||
                    (number = strtod(key, NULL)) <= 0)
                    continue;
                while (k < n && u_isUWhiteSpace(out[k]))
                    k++;
                word = k;
                end = n;
                while (end > word && (out[end - 1] == '.' ||
                                      u_isUWhiteSpace(out[end - 1])))
                    end--;
                for (int32_t q = word; q < end;) {
                    UChar32 c;
                    U16_NEXT(out, q, end, c);
                    if (!u_isalpha(c)) {
                        letters = 0; /* not a word */
                        break;
                    }
                    letters++;
                }
                if (letters < 3)
                    continue;
                {
                    double scale = v / number;
                    int e = 0;
                    while (scale >= 9.5 && e < 13) {
                        scale /= 10;
                        e++;
                    }
                    if (e % 3 != 0 || e < 3 || scale < 0.95 || scale > 1.05)
                        continue;
                    rc = add_word(t, out + word, end - word,
                                  NUMWORD_SCALE | (uint32_t)e);
                }
            }
        unum_close(fmt);
    }
    return rc;
}

static int wanted_ruleset(const char *name)
{
    return strstr(name, "year") == NULL && strstr(name, "days") == NULL &&
           strstr(name, "financial") == NULL;
}

int numwords_build(numword_table *t, const char *lang)
{
    static const uint32_t steps[][3] = {
        /* first, last, step */
        {1, 100, 1},
        {200, 900, 100},
        {1000, 9000, 1000},
        {10000, 100000, 10000},
        {1000000, 1000000, 1}};
    UErrorCode st = U_ZERO_ERROR;
    UNumberFormat *fmt;
    UChar sets[4096];
    char names[4096];
    int32_t nsets;
    int rc = 0;

    memset(t, 0, sizeof *t);
    intern_init(&t->forms);
    fmt = unum_open(UNUM_SPELLOUT, NULL, 0, lang, NULL, &st);
    if (U_FAILURE(st))
        return 0; /* no spellout for the language: an empty table */
    nsets = unum_getTextAttribute(fmt, UNUM_PUBLIC_RULESETS, sets,
                                  (int32_t)(sizeof sets / sizeof sets[0]),
                                  &st);
    if (U_SUCCESS(st))
        u_strToUTF8(names, (int32_t)sizeof names, NULL, sets, nsets, &st);
    if (U_FAILURE(st)) {
        unum_close(fmt);
        return 0;
    }
    for (char *p = names; *p != '\0' && rc == 0;) {
        char *end = strchr(p, ';');
        UChar name[128];
        if (end != NULL)
            *end = '\0';
        st = U_ZERO_ERROR;
        if (wanted_ruleset(p) && strlen(p) < sizeof name / sizeof name[0]) {
            u_uastrcpy(name, p);
            unum_setTextAttribute(fmt, UNUM_DEFAULT_RULESET, name, -1, &st);
            for (size_t s = 0; U_SUCCESS(st) && rc == 0 &&
                               s < sizeof steps / sizeof steps[0];
                 s++)
                for (uint32_t v = steps[s][0]; v <= steps[s][1] && rc == 0;
                     v += steps[s][2]) {
                    UChar form[64];
                    UErrorCode fs = U_ZERO_ERROR;
                    int32_t n = unum_formatInt64(fmt, v, form, 64, NULL, &fs);
                    if (U_SUCCESS(fs) && n < 64)
                        rc = add_form(t, form, n, v);
                }
        }
        if (end == NULL)
            break;
        p = end + 1;
    }
    unum_close(fmt);
    if (rc == 0)
        rc = add_months(t, lang);
    if (rc == 0)
        rc = add_scales(t, lang);
    if (rc < 0) {
        numwords_free(t);
        return STELE_ENOMEM;
    }
    return STELE_OK;
}

void numwords_free(numword_table *t)
{
    if (t == NULL)
        return;
    intern_free(&t->forms);
    free(t->values);
    memset(t, 0, sizeof *t);
}

/* Tables are built once per process and language and never change
 * after, so that threads share them without locks: building Russian's
 * takes ICU about 8 ms, which every alignment would pay again. */
typedef struct shared_table {
    char lang[32];
    numword_table table;
    struct shared_table *next;
} shared_table;

static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static shared_table *shared_tables;

const numword_table *numwords_shared(const char *lang)
{
    shared_table *st;

    pthread_mutex_lock(&shared_lock);
    for (st = shared_tables; st != NULL; st = st->next)
        if (strcmp(st->lang, lang) == 0)
            break;
    if (st == NULL && strlen(lang) < sizeof st->lang &&
        (st = calloc(1, sizeof *st)) != NULL) {
        if (numwords_build(&st->table, lang) != STELE_OK) {
            numwords_free(&st->table);
            free(st);
            st = NULL;
        } else {
            memcpy(st->lang, lang, strlen(lang) + 1);
            st->next = shared_tables;
            shared_tables = st;
        }
    }
    pthread_mutex_unlock(&shared_lock);
    return st != NULL ? &st->table : NULL;
}

uint32_t numwords_value(const numword_table *t, const char *folded,
                        size_t len)
{
    char u8[192];
    size_t n;
    int64_t id;

    if (t->nvalues == 0 || len >= sizeof u8)
        return 0;
    n = normalise(folded, len, u8);
    /* a lookup that adds nothing writes nothing */
    id = intern_get((intern_table *)&t->forms, u8, n, 0);
    return id >= 0 && (size_t)id < t->nvalues ? t->values[id] : 0;
}

/* Measure words and counters that follow a numeral in Chinese and
 * Japanese. 分 is not among them: 十分 is 'very' far more often than
 * 'ten minutes'. */
static int is_measure(UChar32 c)
{
    static const UChar32 measures[] = {
        0x4E2A, /* 个 */ 0x500B, /* 個 */ 0x4F4D, /* 位 */ 0x540D, /* 名 */
        0x5E74, /* 年 */ 0x6708, /* 月 */ 0x65E5, /* 日 */ 0x5929, /* 天 */
        0x5C81, /* 岁 */ 0x6B72, /* 歳 */ 0x6B21, /* 次 */ 0x79CD, /* 种 */
        0x9879, /* 项 */ 0x6761, /* 条 */ 0x4EF6, /* 件 */ 0x5BB6, /* 家 */
        0x56FD, /* 国 */ 0x570B, /* 國 */ 0x4EBA, /* 人 */ 0x5468, /* 周 */
        0x500D, /* 倍 */ 0x7C73, /* 米 */ 0x5143, /* 元 */ 0x79D2, /* 秒 */
        0x67B6, /* 架 */ 0x8F86, /* 辆 */ 0x8258, /* 艘 */ 0x679A, /* 枚 */
        0x5EA7, /* 座 */ 0x6240, /* 所 */ 0x5C42, /* 层 */ 0x4EFD, /* 份 */
        0x672C, /* 本 */ 0x5F20, /* 张 */ 0x5757, /* 块 */ 0x53EA, /* 只 */
        0x5934, /* 头 */ 0x628A, /* 把 */ 0x53E5, /* 句 */ 0x70B9, /* 点 */
        0x53F7, /* 号 */ 0x5C4A, /* 届 */ 0x8F6E, /* 轮 */ 0x6279, /* 批 */
        0x652F, /* 支 */ 0x95E8, /* 门 */ 0x90E8, /* 部 */ 0x53F0, /* 台 */
        0x573A, /* 场 */ 0x9996, /* 首 */ 0x7BC7, /* 篇 */ 0x7AE0, /* 章 */
        0x8282, /* 节 */ 0x6BB5, /* 段 */ 0x7C7B, /* 类 */ 0x7EA7, /* 级 */
        0x4EE3, /* 代 */ 0x8D9F, /* 趟 */ 0x904D, /* 遍 */ 0x58F0, /* 声 */
        0x6B65, /* 步 */ 0x7FA4, /* 群 */ 0x5BF9, /* 对 */ 0x53CC, /* 双 */
        0x5957, /* 套 */ 0x7247, /* 片 */ 0x6839, /* 根 */ 0x9897, /* 颗 */
        0x53E3, /* 口 */ 0x95F4, /* 间 */ 0x676F, /* 杯 */ 0x74F6, /* 瓶 */
        0x5C01, /* 封 */ 0x516C, /* 公 */ 0x4EBF, /* 亿 */ 0x5104, /* 億 */
        0x5186, /* 円 */ 0x56DE, /* 回 */ 0x5EA6, /* 度 */ 0x6642, /* 時 */ 0x65F6, /* 时 */
        0x9031, /* 週 */ 0x5339, /* 匹 */ 0x3064, /* つ */ 0x4E16, /* 世 */
        0x5B63, /* 季 */ 0x6237, /* 户 */ 0x9762, /* 面 */
        0x5C0F, /* 小, of 小时 */
    };
    for (size_t k = 0; k < sizeof measures / sizeof measures[0]; k++)
        if (measures[k] == c)
            return 1;
    return 0;
}

/* The lowest decimal place that is not zero: 40 -> 10, 300 -> 100. */
static uint64_t lowest_place(uint64_t v)
{
    uint64_t place = 1;
    while (v != 0 && v % (place * 10) == 0)
        place *= 10;
    return place;
}

uint64_t numword_run_add(numword_run *r, uint32_t value)
{
    uint64_t finished = 0;

    if ((value == 1000 || value == 1000000) && r->current > 0 &&
        value > r->current && (r->scale == 0 || value < r->scale)) {
        /* "две тысячи": a scale multiplies what came before it */
        r->total += r->current * value;
        r->current = 0;
        r->scale = value;
        r->words++;
        return 0;
    }
    if (value == 100 && r->current > 0 && r->current < 100) {
        r->current *= 100; /* "two hundred", "fifteen hundred" */
        r->place = 100;
        r->words++;
        return 0;
    }
    if (r->words > 0 &&
        (value >= (r->current > 0 ? r->place : r->scale) ||
         (r->current % 100 >= 10 && r->current % 100 < 20))) {
        /* "двенадцать" and "twelve" are one word each, so "десяти
         * восемь" is two numbers (ten to eight), as is "two three" */
        finished = numword_run_end(r);
    }
    r->current += value;
    r->place = lowest_place(value);
    r->words++;
    return finished;
}

uint64_t numword_run_end(numword_run *r)
{
    uint64_t v = r->total + r->current;
    memset(r, 0, sizeof *r);
    return v;
}

static int han_digit(UChar c)
{
    static const UChar digits[] = u"〇一二三四五六七八九";
    if (c == 0x96F6) /* 零 */
        return 0;
    if (c == 0x4E24) /* 两 */
        return 2;
    for (int k = 0; k < 10; k++)
        if (digits[k] == c)
            return k;
    return -1;
}

static uint64_t han_unit(UChar c)
{
    switch (c) {
    case 0x5341: return 10;        /* 十 */
    case 0x767E: return 100;       /* 百 */
    case 0x5343: return 1000;      /* 千 */
    case 0x4E07: return 10000;     /* 万 */
    case 0x842C: return 10000;     /* 萬 */
    case 0x4EBF: return 100000000; /* 亿 */
    case 0x5104: return 100000000; /* 億 */
    default: return 0;
    }
}

int32_t numwords_han(const UChar *u, int32_t n, int32_t at, uint64_t *value)
{
    int32_t k = at, first;
    uint64_t total = 0, section = 0, digit = 0, literal = 0;
    int digits = 0, units = 0, digit_pending = 0, bare_unit = 0;

    *value = 0;
    if (k < n && u[k] == 0x7B2C) /* 第, an ordinal */
        k++;
    first = k;
    /* a run may begin with a digit or with 十 (十五 is 15); with 百 or 千
     * only before a measure word (Japanese 千円, 百年), since 百姓 and 千万
     * ('by all means') are words; never with 万 or 亿 (万一 'in case') */
    if (k >= n)
        return 0;
    if (u[k] == 0x767E || u[k] == 0x5343)
        bare_unit = 1;
    else if (han_digit(u[k]) < 0 && u[k] != 0x5341)
        return 0;
    for (; k < n; k++) {
        int d = han_digit(u[k]);
        uint64_t unit = han_unit(u[k]);
        if (d >= 0) {
            digit = (uint64_t)d;
            digit_pending = 1;
            if (literal < UINT64_MAX / 100)
                literal = literal * 10 + (uint64_t)d;
            digits++;
        } else if (unit >= 10000) {
            section += digit;
            total += (section ? section : 1) * unit;
            section = digit = 0;
            digit_pending = 0;
            units++;
        } else if (unit > 0) {
            section += (digit_pending ? digit : 1) * unit;
            digit = 0;
            digit_pending = 0;
            units++;
        } else {
            break;
        }
        if (total > 1000000000000ULL)
            return 0;
    }
    if (k < n && u[k] >= 0x3400 && u[k] <= 0x9FFF && !is_measure(u[k]))
        return 0;
    if (bare_unit && (k >= n || !is_measure(u[k])))
        return 0;
    if (units == 0 && digits > 1)
        *value = literal; /* 二〇二五 */
    else
        *value = total + section + digit;
    return k > first ? k : 0;
}
