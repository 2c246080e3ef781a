/*
 * align/stem.c - word stems, so that the forms of one word meet.
 *
 * The aligner looks words up in dictionaries that list lemmas ("prove",
 * "подчеркнуть", "Weinberg", "vendange") while texts carry inflected
 * forms ("proven", "подчеркнув", "Weinberge", "vendanges"). Both sides
 * go through align_stem, the dictionary headwords when they are loaded
 * and the words of each sentence, so a stem need not be a real word: it
 * only has to be the same for the forms of one lemma and rarely the same
 * for two lemmas. A false meeting costs little (the aligner weighs every
 * key by how often it matches by chance); a missed one loses evidence.
 *
 *   en       plural and possessive -s, -ed and -ing with the doubled
 *            consonant undone, and a final -e, so that "propose",
 *            "proposed" and "proposing" meet.
 *   ru and other Slavic languages in Cyrillic: the shape of Snowball's
 *            Russian stemmer (Porter 2001; described at
 *            snowballstem.org): within the part after the first vowel,
 *            a perfective gerund, or else a reflexive ending followed by
 *            an adjectival ending (with a participle suffix before it),
 *            a verb ending or a noun ending; then -и, a superlative and a
 *            soft sign. The derivational -ость is kept: it changes the
 *            part of speech, and dictionaries list such nouns apart.
 *   de fr es it pt nl sv da no pl cs: the longest of a list of
 *            inflectional endings that leaves a stem of at least four
 *            letters (three for the Romance languages' plurals).
 *   others:  case folding only. Languages written without spaces are
 *            looked up by their characters (features.c) and pass
 *            unchanged.
 *
 * Every language is case folded first (ICU default folding) and
 * ё is read as е, ’ as '; Hungarian ô and û (or õ), which Latin-1 text
 * and FreeDict's Hungarian put for ő and ű, as ő and ű; Arabic, as most
 * text writes it, without its vowel marks and the tatweel, which
 * dictionaries may carry (الطّبيب), and with alif's hamza seats (أ إ آ)
 * as a bare alif.
 */
#include "align_int.h"

#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ustring.h>

static int lang_is(const char *lang, const char *code)
{
    size_t n = strlen(code);
    return strncmp(lang, code, n) == 0 &&
           (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_');
}

static size_t utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static int ends_with(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* ------------------------------------------------------------ English */

static int en_vowel(char c)
{
    return strchr("aeiouy", c) != NULL;
}

static size_t stem_en(char *w, size_t len)
{
    int cut_suffix = 0;

    if (ends_with(w, len, "'s"))
        len -= 2;
    else if (ends_with(w, len, "s'"))
        len -= 1;
    if (len > 4 && ends_with(w, len, "ies")) {
        len -= 3;
        w[len++] = 'y';
    } else if (len > 4 && ends_with(w, len, "sses")) {
        len -= 2;
    } else if (len > 4 && (ends_with(w, len, "xes") ||
                           ends_with(w, len, "ches") ||
                           ends_with(w, len, "shes"))) {
        len -= 2;
    } else if (len > 3 && w[len - 1] == 's' && !ends_with(w, len, "ss") &&
               !ends_with(w, len, "us") && !ends_with(w, len, "is")) {
        len -= 1;
    } else if (len > 5 && ends_with(w, len, "ing")) {
        len -= 3;
        cut_suffix = 1;
    } else if (len > 4 && ends_with(w, len, "ied")) {
        len -= 3;
        w[len++] = 'y';
    } else if (len > 4 && ends_with(w, len, "ed")) {
        len -= 2;
        cut_suffix = 1;
    }
    /* "stopped" -> "stop", but "called" and "passed" keep ll and ss */
    if (cut_suffix && len >= 3 && w[len - 1] == w[len - 2] &&
        !en_vowel(w[len - 1]) && strchr("lsz", w[len - 1]) == NULL)
        len -= 1;
    if (len > 3 && w[len - 1] == 'e')
        len -= 1;
    w[len] = '\0';
    return len;
}

/* ------------------------------------------------------------ Russian */

/* Cyrillic letters are two bytes in UTF-8; the stemmer works on these
 * strings directly. */
static const char *const ru_vowels[] = {"а", "е", "и", "о", "у", "ы",
                                        "э", "ю", "я", NULL};

static int ru_is_vowel_at(const char *w, size_t pos)
{
    for (const char *const *v = ru_vowels; *v != NULL; v++)
        if (memcmp(w + pos, *v, 2) == 0)
            return 1;
    return 0;
}

/* Byte offset where RV starts: after the first vowel, or len. */
static size_t ru_rv(const char *w, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (((unsigned char)w[i] & 0xC0) == 0x80)
            continue;
        if (ru_is_vowel_at(w, i))
            return i + 2;
    }
    return len;
}

/* An ending and its length in bytes. The lists carry the lengths so that
 * the stemmer, which runs on every word of a Russian text, need not
 * measure each ending again for each word: with strlen and a memcmp per
 * ending it was a third of the time taken to read a Russian document. */
typedef struct ru_ending {
    const char *text;
    size_t len;
} ru_ending;

/* clang-format off */
#define E(s) {s, sizeof s - 1}
#define END {NULL, 0}
/* clang-format on */

/* Cut the longest ending of @p list that lies within [rv, len); with
 * @p after_a, the ending must follow а or я (which stays). Returns the
 * number of bytes cut. */
static size_t ru_cut(const char *w, size_t len, size_t rv,
                     const ru_ending *list, int after_a)
{
    size_t best = 0;
    for (const ru_ending *e = list; e->text != NULL; e++) {
        size_t n = e->len;
        /* the last byte first: it rules out nearly every ending */
        if (n <= best || len < rv + n || w[len - 1] != e->text[n - 1] ||
            memcmp(w + len - n, e->text, n) != 0)
            continue;
        if (after_a) {
            size_t p = len - n;
            if (p < rv + 2 || (memcmp(w + p - 2, "а", 2) != 0 &&
                               memcmp(w + p - 2, "я", 2) != 0))
                continue;
        }
        best = n;
    }
    return best;
}

/* clang-format off */
static const ru_ending ru_gerund1[] = {
    E("в"), E("вши"), E("вшись"), END};
/* -ув and the -уть, -ул forms below are not in Snowball's lists; they
 * let verbs in -нуть ("подчеркнуть", "подчеркнул", "подчеркнув") meet */
static const ru_ending ru_gerund2[] = {
    E("ив"), E("ивши"), E("ившись"), E("ыв"), E("ывши"), E("ывшись"), E("ув"),
    E("увши"), E("увшись"), END};
static const ru_ending ru_reflexive[] = {
    E("ся"), E("сь"), END};
static const ru_ending ru_adjective[] = {
    E("ее"), E("ие"), E("ые"), E("ое"), E("ими"), E("ыми"), E("ей"), E("ий"),
    E("ый"), E("ой"), E("ем"), E("им"), E("ым"), E("ом"), E("его"), E("ого"),
    E("ему"), E("ому"), E("их"), E("ых"), E("ую"), E("юю"), E("ая"), E("яя"),
    E("ою"), E("ею"), END};
static const ru_ending ru_participle1[] = {
    E("ем"), E("нн"), E("вш"), E("ющ"), E("щ"), END};
static const ru_ending ru_participle2[] = {
    E("ивш"), E("ывш"), E("ующ"), END};
static const ru_ending ru_verb1[] = {
    E("ла"), E("на"), E("ете"), E("йте"), E("ли"), E("й"), E("л"), E("ем"),
    E("н"), E("ло"), E("но"), E("ет"), E("ют"), E("ны"), E("ть"), E("ешь"),
    E("нно"), END};
static const ru_ending ru_verb2[] = {
    E("ила"), E("ыла"), E("ена"), E("ейте"), E("уйте"), E("ите"), E("или"),
    E("ыли"), E("ей"), E("уй"), E("ил"), E("ыл"), E("им"), E("ым"), E("ен"),
    E("ило"), E("ыло"), E("ено"), E("ят"), E("ует"), E("уют"), E("ит"),
    E("ыт"), E("ены"), E("ить"), E("ыть"), E("ишь"), E("ую"), E("ю"), E("уть"),
    E("ул"), E("ула"), E("ули"), E("уло"), END};
static const ru_ending ru_noun[] = {
    E("а"), E("ев"), E("ов"), E("ие"), E("ье"), E("е"), E("иями"), E("ями"),
    E("ами"), E("еи"), E("ии"), E("и"), E("ией"), E("ей"), E("ой"), E("ий"),
    E("й"), E("иям"), E("ям"), E("ием"), E("ем"), E("ам"), E("ом"), E("о"),
    E("у"), E("ах"), E("иях"), E("ях"), E("ы"), E("ь"), E("ию"), E("ью"),
    E("ю"), E("ия"), E("ья"), E("я"), END};
static const ru_ending ru_superlative[] = {
    E("ейш"), E("ейше"), END};
/* clang-format on */
#undef E
#undef END

static size_t max_size(size_t x, size_t y)
{
    return x > y ? x : y;
}

static size_t stem_ru(char *w, size_t len)
{
    size_t rv = ru_rv(w, len), cut;

    cut = max_size(ru_cut(w, len, rv, ru_gerund1, 1),
                   ru_cut(w, len, rv, ru_gerund2, 0));
    if (cut > 0) {
        len -= cut;
    } else {
        len -= ru_cut(w, len, rv, ru_reflexive, 0);
        cut = ru_cut(w, len, rv, ru_adjective, 0);
        if (cut > 0) {
            len -= cut;
            len -= max_size(ru_cut(w, len, rv, ru_participle1, 1),
                            ru_cut(w, len, rv, ru_participle2, 0));
        } else {
            cut = max_size(ru_cut(w, len, rv, ru_verb1, 1),
                           ru_cut(w, len, rv, ru_verb2, 0));
            if (cut == 0)
                cut = ru_cut(w, len, rv, ru_noun, 0);
            len -= cut;
        }
    }
    if (len >= rv + 2 && ends_with(w, len, "и"))
        len -= 2;
    len -= ru_cut(w, len, rv, ru_superlative, 0);
    if (len >= rv + 4 && ends_with(w, len, "нн"))
        len -= 2;
    else if (len >= rv + 2 && ends_with(w, len, "ь"))
        len -= 2;
    w[len] = '\0';
    return len;
}

/* ----------------------------------------- languages with ending lists */

typedef struct ending_table {
    const char *lang;
    unsigned min_stem; /* letters that must remain */
    const char *const *endings;
} ending_table;

static const char *const de_endings[] = {
    "ungen", "ung", "heiten", "heit", "keiten", "keit", "ern", "em",
    "en", "er", "es", "e", "s", "n", NULL};
static const char *const fr_endings[] = {
    "issements", "issement", "ements", "ement", "ations", "ation",
    "atrices", "atrice", "ateurs", "ateur", "euses", "euse", "eux",
    "aient", "ées", "ée", "és", "ait", "ais", "ant", "ants", "ante",
    "antes", "ons", "ions", "ez", "er", "ir", "ent", "é", "es", "e", "s",
    "x", NULL};
static const char *const es_endings[] = {
    "aciones", "ación", "amientos", "amiento", "mente", "ando", "iendo",
    "ados", "adas", "ado", "ada", "idos", "idas", "ido", "ida", "ar",
    "er", "ir", "an", "en", "as", "es", "os", "a", "o", "e", "s", NULL};
static const char *const it_endings[] = {
    "azioni", "azione", "mente", "ando", "endo", "ati", "ate", "ato",
    "ata", "iti", "ite", "ito", "ita", "are", "ere", "ire", "ano", "ono",
    "i", "e", "a", "o", NULL};
static const char *const pt_endings[] = {
    "ações", "ação", "mente", "ando", "endo", "ados", "adas", "ado",
    "ada", "idos", "idas", "ido", "ida", "ar", "er", "ir", "am", "em",
    "as", "es", "os", "a", "o", "e", "s", NULL};
static const char *const nl_endings[] = {"heden", "heid", "en", "e", "s",
                                         NULL};
static const char *const sv_endings[] = {
    "heterna", "heten", "het", "arna", "erna", "orna", "ande", "ende",
    "aste", "are", "ast", "ar", "er", "or", "en", "et", "na", "a", "e",
    "s", NULL};
static const char *const da_endings[] = {
    "hederne", "heden", "hed", "erne", "ende", "ene", "ere", "er", "en",
    "et", "e", "s", NULL};
static const char *const pl_endings[] = {
    "ami", "ach", "owi", "ów", "om", "em", "ie", "ia", "ii", "ą", "ę",
    "y", "i", "a", "e", "o", "u", NULL};
static const char *const cs_endings[] = {
    "ami", "ech", "ích", "ům", "ou", "em", "ie", "í", "ý", "á",
    "é", "y", "i", "a", "e", "o", "u", NULL};

static const ending_table ending_tables[] = {
    {"de", 4, de_endings}, {"fr", 3, fr_endings}, {"es", 3, es_endings},
    {"it", 3, it_endings}, {"pt", 3, pt_endings}, {"nl", 4, nl_endings},
    {"sv", 4, sv_endings}, {"da", 4, da_endings}, {"no", 4, da_endings},
    {"nb", 4, da_endings}, {"nn", 4, da_endings}, {"pl", 4, pl_endings},
    {"cs", 4, cs_endings}, {"sk", 4, cs_endings}};

static size_t stem_by_endings(char *w, size_t len, const ending_table *t)
{
    size_t cut = 0;
    for (const char *const *e = t->endings; *e != NULL; e++) {
        size_t n = strlen(*e);
        if (n > cut && ends_with(w, len, *e) &&
            utf8_chars(w, len - n) >= t->min_stem)
            cut = n;
    }
    len -= cut;
    w[len] = '\0';
    return len;
}

static int is_slavic_cyrillic(const char *lang)
{
    return lang_is(lang, "ru") || lang_is(lang, "uk") ||
           lang_is(lang, "be") || lang_is(lang, "bg") ||
           lang_is(lang, "sr") || lang_is(lang, "mk");
}

/* Case folding and the normalisations every language gets, into @p buf
 * (see the top of this file); returns the length, 0 when the word does
 * not fit. */
static size_t fold(const char *word, size_t len, const char *lang, char *buf,
                   size_t size)
{
    UChar u[128], folded[128];
    int32_t ulen = 0, flen, kept = 0;
    UErrorCode st = U_ZERO_ERROR;
    int32_t n8 = 0;
    int hungarian = lang_is(lang, "hu");
    size_t ascii = 0;

    /* ASCII folds to its lower case: the bulk of a dictionary's words
     * (its English side) need no trip through UTF-16 */
    while (ascii < len && (unsigned char)word[ascii] < 0x80)
        ascii++;
    if (ascii == len) {
        if (len >= 128 || len >= size)
            return 0;
        for (size_t k = 0; k < len; k++)
            buf[k] = word[k] >= 'A' && word[k] <= 'Z'
                         ? (char)(word[k] - 'A' + 'a')
                         : word[k];
        buf[len] = '\0';
        return len;
    }
    u_strFromUTF8(u, 128, &ulen, word, (int32_t)len, &st);
    if (U_FAILURE(st) || ulen >= 128)
        return 0;
    flen = u_strFoldCase(folded, 128, u, ulen, U_FOLD_CASE_DEFAULT, &st);
    if (U_FAILURE(st) || flen >= 128)
        return 0;
    for (int32_t k = 0; k < flen; k++) {
        UChar c = folded[k];
        if (c == 0x0451) /* ё -> е */
            c = 0x0435;
        if (c == 0x2019) /* ’ -> ' */
            c = '\'';
        if (hungarian && (c == 0x00F4 || c == 0x00F5))
            c = 0x0151;
        if (hungarian && c == 0x00FB)
            c = 0x0171;
        if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640)
            continue;
        if (c == 0x0622 || c == 0x0623 || c == 0x0625)
            c = 0x0627;
        folded[kept++] = c;
    }
    if (kept == 0)
        return 0;
    u_strToUTF8(buf, (int32_t)size, &n8, folded, kept, &st);
    if (U_FAILURE(st) || (size_t)n8 >= size)
        return 0;
    buf[n8] = '\0';
    return (size_t)n8;
}

size_t align_stem(const char *word, size_t len, const char *lang, char *buf,
                  size_t size)
{
    if (len == 0 || len >= 256)
        return 0;
    len = fold(word, len, lang, buf, size);
    if (len == 0)
        return 0;
    if (lang_is(lang, "en"))
        return stem_en(buf, len);
    if (is_slavic_cyrillic(lang))
        return stem_ru(buf, len);

    for (size_t t = 0; t < sizeof ending_tables / sizeof *ending_tables; t++)
        if (lang_is(lang, ending_tables[t].lang))
            return stem_by_endings(buf, len, &ending_tables[t]);
    return len;
}
