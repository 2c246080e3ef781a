/*
 * segment/script.c - does a text look like the language it was given?
 *
 * A swapped pair of files, or --langs in the wrong order, aligns without
 * any error and fills the memory with units filed under the wrong
 * languages. The cheapest evidence against it is the script: an English
 * text has next to no Cyrillic letters. ICU gives each letter its script
 * (uscript_getScript) and each locale the scripts it is written in
 * (uscript_getCode), so the check needs no table of its own.
 *
 * The threshold is loose on purpose (a quarter of the letters): Russian
 * news quotes Latin names, Chinese technical prose is full of Latin
 * acronyms, and each Latin letter counts as much as a Han character that
 * stands for a whole word. A text in the wrong script has almost none of
 * the right one, so the loose threshold still catches it.
 */
#include "stele/segment.h"

#include <stdint.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

/* Sentences and letters per sentence that stele_document_script_tally
 * looks at. */
#define SAMPLE_SENTENCES 64
#define SAMPLE_LETTERS 256

static void count_letter(stele_script_tally *tally, const char *code)
{
    size_t i;

    tally->letters++;
    for (i = 0; i < tally->nscripts; i++)
        if (strcmp(tally->code[i], code) == 0) {
            tally->count[i]++;
            return;
        }
    if (tally->nscripts == STELE_SCRIPT_SLOTS)
        return;
    strncpy(tally->code[i], code, sizeof tally->code[i] - 1);
    tally->code[i][sizeof tally->code[i] - 1] = '\0';
    tally->count[i] = 1;
    tally->nscripts++;
}

void stele_script_tally_add(stele_script_tally *tally, const char *text,
                            size_t length, size_t max_letters)
{
    /* U8_NEXT counts in int32_t; a sample never needs more. */
    int32_t n = length > INT32_MAX ? INT32_MAX : (int32_t)length;
    int32_t i = 0;
    size_t taken = 0;

    if (tally == NULL || text == NULL)
        return;
    while (i < n && taken < max_letters) {
        UChar32 c;
        UErrorCode status = U_ZERO_ERROR;
        UScriptCode script;
        const char *code;

        U8_NEXT(text, i, n, c);
        if (c < 0 || !u_isalpha(c))
            continue;
        script = uscript_getScript(c, &status);
        if (U_FAILURE(status) || script == USCRIPT_COMMON ||
            script == USCRIPT_INHERITED || script == USCRIPT_UNKNOWN)
            continue;
        code = uscript_getShortName(script);
        if (code == NULL)
            continue;
        count_letter(tally, code);
        taken++;
    }
}

void stele_document_script_tally(const stele_document *doc,
                                 stele_script_tally *tally)
{
    size_t count = doc != NULL ? stele_document_count(doc) : 0;
    size_t step = count / SAMPLE_SENTENCES + 1;

    for (size_t k = 0; k < count; k += step) {
        const stele_sentence *s = stele_document_sentence(doc, k);

        stele_script_tally_add(tally, s->text, s->length, SAMPLE_LETTERS);
    }
}

static void copy_name(char *buf, size_t size, const char *name)
{
    if (buf == NULL || size == 0)
        return;
    strncpy(buf, name, size - 1);
    buf[size - 1] = '\0';
}

int stele_script_fits(const stele_script_tally *tally, const char *lang,
                      char *found, size_t found_size, char *expected,
                      size_t expected_size)
{
    char locale[ULOC_FULLNAME_CAPACITY];
    UScriptCode scripts[16];
    UErrorCode status = U_ZERO_ERROR;
    size_t matching = 0, best = 0;
    int32_t nscripts;

    if (tally == NULL || lang == NULL ||
        tally->letters < STELE_SCRIPT_MIN_LETTERS)
        return 1;
    uloc_forLanguageTag(lang, locale, (int32_t)sizeof locale, NULL, &status);
    /* An empty locale would be ICU's root, whose script is Latin: not a
     * language at all, so nothing to judge. */
    if (U_FAILURE(status) || locale[0] == '\0')
        return 1;
    nscripts = uscript_getCode(locale, scripts, 16, &status);
    if (U_FAILURE(status) || nscripts <= 0)
        return 1;
    for (size_t i = 0; i < tally->nscripts; i++) {
        for (int32_t k = 0; k < nscripts; k++) {
            const char *code = uscript_getShortName(scripts[k]);

            if (code != NULL && strcmp(code, tally->code[i]) == 0) {
                matching += tally->count[i];
                break;
            }
        }
        if (tally->count[i] > tally->count[best])
            best = i;
    }
    if (matching * 4 >= tally->letters)
        return 1;
    if (tally->nscripts > 0) {
        UScriptCode code =
            (UScriptCode)u_getPropertyValueEnum(UCHAR_SCRIPT,
                                                tally->code[best]);
        copy_name(found, found_size,
                  code != (UScriptCode)UCHAR_INVALID_CODE
                      ? uscript_getName(code)
                      : tally->code[best]);
    } else {
        copy_name(found, found_size, "other");
    }
    copy_name(expected, expected_size, uscript_getName(scripts[0]));
    return 0;
}
