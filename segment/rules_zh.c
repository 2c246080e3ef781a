/*
 * segment/rules_zh.c - Chinese.
 *
 * ICU already ends sentences at 。！？ with their closing quotes and
 * brackets (”’」』）》) and needs no space after them. What it misses:
 * the ellipsis "……" at the end of a sentence, and Latin abbreviations
 * inside Chinese text, which it cuts because no lower-case letter
 * follows ("在U.S.工作"). A full-width semicolon does not end a
 * sentence: it joins clauses, as in the bundled corpus's gold sentences.
 * Lines of Chinese joined by line judging get no space between them.
 */
#include "segment_int.h"

static const seg_abbrev abbrevs[] = {
    { "Mr", SEG_ABBR_TITLE }, { "Mrs", SEG_ABBR_TITLE },
    { "Ms", SEG_ABBR_TITLE }, { "Dr", SEG_ABBR_TITLE },
    { "Prof", SEG_ABBR_TITLE }, { "St", SEG_ABBR_TITLE },
    { "e.g", SEG_ABBR_TITLE }, { "i.e", SEG_ABBR_TITLE },
    { "vs", SEG_ABBR_TITLE }, { "No", SEG_ABBR_TITLE },
    { "U.S", SEG_ABBR_TITLE }, { "U.K", SEG_ABBR_TITLE },
    { "U.N", SEG_ABBR_TITLE }, { "Inc", SEG_ABBR_TITLE },
    { "Ltd", SEG_ABBR_TITLE }, { "Co", SEG_ABBR_TITLE },
    { "Jr", SEG_ABBR_TITLE }, { "etc", SEG_ABBR_TITLE },
    { "a.m", SEG_ABBR_TITLE }, { "p.m", SEG_ABBR_TITLE },
    { NULL, 0 }
};

static const char *const starters[] = { NULL };

const seg_rules seg_rules_zh = {
    .lang = "zh",
    .abbrevs = abbrevs,
    .starters = starters,
    .initials = 1,
    .list_markers = 1,
    .lower_continues = 0,
    .ellipsis_ends = 0,
    .dialogue_dash = 0,
    .cjk_ellipsis = 1,
    .cjk_join = 1,
};
