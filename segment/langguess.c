/*
 * segment/langguess.c - the language of a text, when nobody said.
 *
 * stele takes a file's language from --langs or from its name
 * (article.ru.txt); a file named otherwise would be refused. Most
 * languages can be told from the text itself well enough for what stele
 * does with the tag (sentence rules, stems, dictionaries, number words):
 *   - by script, where a script has one main language (Han without kana
 *     is Chinese, with kana Japanese; Hangul Korean; Greek, Thai, Hebrew
 *     and the Indic scripts theirs; Arabic script Arabic unless letters
 *     of Persian or Urdu show);
 *   - for Latin and Cyrillic text, by the short words every text of a
 *     language is full of (articles, conjunctions, prepositions,
 *     pronouns), and by letters only some of the languages use (Ukrainian
 *     ї є ґ, Belarusian ў, Serbian ђ ћ, Macedonian ѓ ќ ѕ, Russian ы э).
 * The guess needs a few hits and a clear winner; a text too short or too
 * mixed gets no answer, and the caller asks the user instead. The word
 * lists are ours: frequent function words of each language, short enough
 * to be unambiguous in a handful of hits.
 */
#include "segment_int.h"

#include <stdio.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

/* Hits the winner needs, and how many more than the second (besides a
 * tenth of its own). */
#define GUESS_MIN_HITS 4
#define GUESS_LEAD 2

typedef struct word_list {
    const char *lang;
    UScriptCode script;
    const char *words; /* space-separated, lower case */
} word_list;

static const word_list lists[] = {
    {"en", USCRIPT_LATIN, "the and of to is that it was for with as he "
                          "his are be at by this had not but from have "
                          "you they which were"},
    {"de", USCRIPT_LATIN, "der die und das ist nicht ein eine zu den von "
                          "mit sich des auf für im dem auch es wird sind "
                          "wie oder"},
    {"fr", USCRIPT_LATIN, "le la les et des est une du que qui dans pour "
                          "pas sur au avec ce il elle sont aux ont mais "
                          "nous"},
    {"es", USCRIPT_LATIN, "el la los las de que y en una es por con para "
                          "del se no al lo como más pero sus fue"},
    {"it", USCRIPT_LATIN, "il di che la le è e una per non con del della "
                          "gli sono nel alla dei anche come più ma"},
    {"pt", USCRIPT_LATIN, "o os as de que e do da em um uma para com não "
                          "é no na se dos das ao mais foi"},
    {"nl", USCRIPT_LATIN, "de het een en van is dat niet op te in met zijn "
                          "voor er die aan ook als bij maar"},
    {"sv", USCRIPT_LATIN, "och att det som en är på för med av inte den "
                          "till har de jag var ett om men"},
    {"da", USCRIPT_LATIN, "og at det som en er på for med af ikke den til "
                          "har de jeg var et mig meget hvad noget"},
    {"nb", USCRIPT_LATIN, "og at det som en er på for med av ikke den til "
                          "har de jeg var et meg mye hva noe"},
    {"fi", USCRIPT_LATIN, "ja on ei se että hän oli ovat mutta kun niin "
                          "tai myös tämä joka ole sen kuin"},
    {"is", USCRIPT_LATIN, "og að í á er sem ekki við það til með var hann "
                          "hún um"},
    {"pl", USCRIPT_LATIN, "i w nie na się z że do to jest jak o co ale po "
                          "od za są dla już"},
    {"cs", USCRIPT_LATIN, "a v se na je že to s z do o jako ale by jsou "
                          "pro není jsem bylo"},
    {"sk", USCRIPT_LATIN, "a v sa na je že to s z do o ako ale by sú pre "
                          "nie som bolo"},
    {"sl", USCRIPT_LATIN, "in je v na se da za so z ne pa ki tudi bi "
                          "kot"},
    {"hr", USCRIPT_LATIN, "i je u na se da za su s ne što ali kao od iz "
                          "bi"},
    {"ro", USCRIPT_LATIN, "și de la în cu nu pe că o un este din care "
                          "mai sau fost"},
    {"hu", USCRIPT_LATIN, "a az és hogy nem is egy van de meg el ez már "
                          "volt"},
    {"lt", USCRIPT_LATIN, "ir yra kad į su ne bet iš tai kaip jis buvo "
                          "jo"},
    {"tr", USCRIPT_LATIN, "ve bir bu da de için ile ne çok olarak daha "
                          "gibi ama en"},
    {"id", USCRIPT_LATIN, "yang dan di ini itu dengan untuk tidak dari "
                          "dalam akan pada ke adalah"},
    {"sw", USCRIPT_LATIN, "na ya wa kwa ni katika za kuwa hii hiyo"},
    {"af", USCRIPT_LATIN, "die en van is in het nie dat vir op te ek"},
    {"cy", USCRIPT_LATIN, "y yn a i o ar yr mae ei ac roedd"},
    {"ga", USCRIPT_LATIN, "an na agus ar is le go ag sé sí"},
    {"eo", USCRIPT_LATIN, "la kaj de en estas al ne por mi ke kiu"},
    {"la", USCRIPT_LATIN, "et est in non ad cum quod ut sed qui quae "
                          "sunt"},
    {"ru", USCRIPT_CYRILLIC, "и в не на что он с как это по но она я к у "
                             "из так же от был было"},
    {"uk", USCRIPT_CYRILLIC, "і в не на що він з як це та але вона я до у "
                             "від й також був було"},
    {"be", USCRIPT_CYRILLIC, "і ў не на што ён з як гэта па але яна я да "
                             "ад"},
    {"bg", USCRIPT_CYRILLIC, "и в не на се да че е от за с по като това са "
                             "беше"},
    {"sr", USCRIPT_CYRILLIC, "и у не на се да је за од су са као што то из "
                             "би"},
    {"mk", USCRIPT_CYRILLIC, "и во не на се да е за од со како што тоа ќе "
                             "беше"},
};

#define NLISTS (sizeof lists / sizeof lists[0])

/* Letters that only some Cyrillic languages use, as hits for them. */
static const char *cyrillic_letter_lang(UChar32 c)
{
    switch (c) {
    case 0x0457: case 0x0454: case 0x0491: return "uk"; /* ї є ґ */
    case 0x045E: return "be";                            /* ў */
    case 0x0452: case 0x045B: return "sr";               /* ђ ћ */
    case 0x0453: case 0x045C: case 0x0455: return "mk";  /* ѓ ќ ѕ */
    case 0x044B: case 0x044D: case 0x0451: return "ru";  /* ы э ё */
    default: return NULL;
    }
}

/* The main language of a script that has one. */
static const char *script_lang(UScriptCode sc)
{
    switch (sc) {
    case USCRIPT_HANGUL: return "ko";
    case USCRIPT_GREEK: return "el";
    case USCRIPT_THAI: return "th";
    case USCRIPT_HEBREW: return "he";
    case USCRIPT_GEORGIAN: return "ka";
    case USCRIPT_ARMENIAN: return "hy";
    case USCRIPT_DEVANAGARI: return "hi";
    case USCRIPT_BENGALI: return "bn";
    case USCRIPT_TAMIL: return "ta";
    case USCRIPT_TELUGU: return "te";
    case USCRIPT_GUJARATI: return "gu";
    case USCRIPT_GURMUKHI: return "pa";
    case USCRIPT_KANNADA: return "kn";
    case USCRIPT_MALAYALAM: return "ml";
    case USCRIPT_KHMER: return "km";
    case USCRIPT_LAO: return "lo";
    case USCRIPT_MYANMAR: return "my";
    case USCRIPT_ETHIOPIC: return "am";
    case USCRIPT_SINHALA: return "si";
    case USCRIPT_TIBETAN: return "bo";
    default: return NULL;
    }
}

static int in_list(const char *words, const char *w, size_t len)
{
    const char *p = words;
    while (*p != '\0') {
        size_t n = strcspn(p, " ");
        if (n == len && memcmp(p, w, len) == 0)
            return 1;
        p += n;
        while (*p == ' ')
            p++;
    }
    return 0;
}

static int lang_index(const char *lang)
{
    for (size_t k = 0; k < NLISTS; k++)
        if (strcmp(lists[k].lang, lang) == 0)
            return (int)k;
    return -1;
}

int stele_guess_language(const char *text, size_t len, char *buf,
                         size_t size)
{
    size_t letters = 0, by_script[USCRIPT_CODE_LIMIT] = {0};
    size_t hits[NLISTS] = {0};
    size_t persian = 0, urdu = 0, kana = 0;
    UScriptCode main_script = USCRIPT_INVALID_CODE;
    const char *answer = NULL;
    char word[64];
    size_t wlen = 0;
    int32_t i = 0, n;

    if (buf == NULL || size == 0)
        return STELE_EINVAL;
    buf[0] = '\0';
    if (text == NULL)
        return STELE_EINVAL;
    if (len > STELE_GUESS_BYTES) {
        /* stop at a character boundary */
        len = STELE_GUESS_BYTES;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
    }
    n = (int32_t)len;
    /* one pass: the script of every letter, and the lower-cased words
     * of Latin and Cyrillic letters for the word lists */
    while (i <= n) {
        UChar32 c = 0;
        int is_letter = 0;
        UScriptCode sc = USCRIPT_COMMON;
        if (i < n) {
            U8_NEXT(text, i, n, c);
            if (c > 0 && u_isalpha(c)) {
                UErrorCode st = U_ZERO_ERROR;
                is_letter = 1;
                sc = uscript_getScript(c, &st);
                if (U_FAILURE(st) || sc < 0 || sc >= USCRIPT_CODE_LIMIT)
                    sc = USCRIPT_COMMON;
                letters++;
                by_script[sc]++;
                if (sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA)
                    kana++;
                if (c == 0x067E || c == 0x0686 || c == 0x0698 ||
                    c == 0x06AF || c == 0x06CC)
                    persian++; /* پ چ ژ گ ی */
                if (c == 0x06D2 || c == 0x0679 || c == 0x0688 ||
                    c == 0x0691)
                    urdu++; /* ے ٹ ڈ ڑ */
                if (sc == USCRIPT_CYRILLIC) {
                    const char *l = cyrillic_letter_lang(u_tolower(c));
                    int k = l != NULL ? lang_index(l) : -1;
                    if (k >= 0)
                        hits[k]++;
                }
            }
        } else {
            i++; /* the end closes the last word */
        }
        if (is_letter && (sc == USCRIPT_LATIN || sc == USCRIPT_CYRILLIC)) {
            UChar32 lower = u_tolower(c);
            if (wlen + U8_MAX_LENGTH < sizeof word) {
                U8_APPEND_UNSAFE(word, wlen, lower);
            } else {
                wlen = sizeof word; /* too long to be a listed word */
            }
            continue;
        }
        if (wlen > 0 && wlen < sizeof word) {
            for (size_t k = 0; k < NLISTS; k++)
                if (in_list(lists[k].words, word, wlen))
                    hits[k]++;
        }
        wlen = 0;
    }
    if (letters == 0)
        return STELE_ENOTFOUND;
    for (int sc = 0; sc < USCRIPT_CODE_LIMIT; sc++)
        if (main_script == USCRIPT_INVALID_CODE ||
            by_script[sc] > by_script[main_script])
            main_script = (UScriptCode)sc;
    if ((by_script[USCRIPT_HAN] + kana) * 2 >= letters) {
        /* Japanese writes its grammar in kana; Chinese has none */
        answer = kana * 20 >= by_script[USCRIPT_HAN] + kana ? "ja" : "zh";
    } else if (by_script[main_script] * 2 < letters) {
        return STELE_ENOTFOUND; /* no script holds half the letters */
    } else if (main_script == USCRIPT_ARABIC) {
        answer = urdu * 200 >= letters ? "ur"
                 : persian * 100 >= letters ? "fa" : "ar";
    } else if (main_script == USCRIPT_LATIN ||
               main_script == USCRIPT_CYRILLIC) {
        size_t best = 0, second = 0;
        int best_k = -1;
        for (size_t k = 0; k < NLISTS; k++) {
            if (lists[k].script != main_script)
                continue;
            if (hits[k] > best) {
                second = best;
                best = hits[k];
                best_k = (int)k;
            } else if (hits[k] > second) {
                second = hits[k];
            }
        }
        /* languages as close as Danish and Norwegian share most of
         * their words; the winner must lead by the words it has alone */
        if (best_k < 0 || best < GUESS_MIN_HITS ||
            best - second < GUESS_LEAD + best / 10)
            return STELE_ENOTFOUND;
        answer = lists[best_k].lang;
    } else {
        answer = script_lang(main_script);
    }
    if (answer == NULL)
        return STELE_ENOTFOUND;
    if (strlen(answer) >= size)
        return STELE_EINVAL;
    memcpy(buf, answer, strlen(answer) + 1);
    return STELE_OK;
}
