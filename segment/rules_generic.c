/*
 * segment/rules_generic.c - every other ICU locale, and the table lookup.
 *
 * The fallback keeps only what holds in any alphabetic script: initials,
 * list markers, "!" before a lower-case word. Abbreviations come from
 * ICU's own suppression list for the locale where it has one (de, fr, es,
 * it, pt...), loaded by the segmenter.
 */
#include <string.h>

#include "segment_int.h"

static const seg_abbrev abbrevs[] = { { NULL, 0 } };
static const char *const starters[] = { NULL };

const seg_rules seg_rules_generic = {
    .lang = "",
    .abbrevs = abbrevs,
    .starters = starters,
    .initials = 1,
    .list_markers = 1,
    .lower_continues = 1,
    .ellipsis_ends = 1,
    .dialogue_dash = 0,
    .cjk_ellipsis = 0,
    .cjk_join = 0,
};

static const seg_rules *const tables[] = {
    &seg_rules_en, &seg_rules_ru, &seg_rules_zh, &seg_rules_de,
    &seg_rules_fr, NULL
};

const seg_rules *seg_rules_for(const char *lang)
{
    size_t n = strcspn(lang, "-_@");

    for (size_t i = 0; tables[i] != NULL; i++)
        if (strlen(tables[i]->lang) == n &&
            strncmp(tables[i]->lang, lang, n) == 0)
            return tables[i];
    /* Chinese, Japanese and Korean share the CJK punctuation rules. */
    if ((n == 2 && (strncmp(lang, "ja", 2) == 0 ||
                    strncmp(lang, "ko", 2) == 0)) ||
        (n == 3 && (strncmp(lang, "cmn", 3) == 0 ||
                    strncmp(lang, "yue", 3) == 0)))
        return &seg_rules_zh;
    return &seg_rules_generic;
}
