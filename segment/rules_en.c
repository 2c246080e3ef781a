/*
 * segment/rules_en.c - English: what ICU's sentence iterator gets wrong.
 *
 * ICU breaks after any full stop followed by a space and a capital, so
 * titles, initials and abbreviations before names ("Dr. Watson",
 * "J. R. R. Tolkien", "the U.S. Army") are cut. The titles below never
 * end a sentence; the "may end" ones do only before a word that usually
 * starts one ("... and so on, etc. The next day").
 */
#include "segment_int.h"

static const seg_abbrev abbrevs[] = {
    /* titles and words that always have something after them */
    { "Mr", SEG_ABBR_TITLE }, { "Mrs", SEG_ABBR_TITLE },
    { "Ms", SEG_ABBR_TITLE }, { "Dr", SEG_ABBR_TITLE },
    { "Prof", SEG_ABBR_TITLE }, { "Messrs", SEG_ABBR_TITLE },
    { "Gen", SEG_ABBR_TITLE }, { "Gov", SEG_ABBR_TITLE },
    { "Sen", SEG_ABBR_TITLE }, { "Rep", SEG_ABBR_TITLE },
    { "Rev", SEG_ABBR_TITLE }, { "Hon", SEG_ABBR_TITLE },
    { "Capt", SEG_ABBR_TITLE }, { "Col", SEG_ABBR_TITLE },
    { "Lt", SEG_ABBR_TITLE }, { "Sgt", SEG_ABBR_TITLE },
    { "Maj", SEG_ABBR_TITLE }, { "Adm", SEG_ABBR_TITLE },
    { "Pres", SEG_ABBR_TITLE }, { "Supt", SEG_ABBR_TITLE },
    { "St", SEG_ABBR_TITLE }, { "Mt", SEG_ABBR_TITLE },
    { "e.g", SEG_ABBR_TITLE }, { "i.e", SEG_ABBR_TITLE },
    { "E.g", SEG_ABBR_TITLE }, { "I.e", SEG_ABBR_TITLE },
    { "cf", SEG_ABBR_TITLE }, { "Cf", SEG_ABBR_TITLE },
    { "vs", SEG_ABBR_TITLE }, { "viz", SEG_ABBR_TITLE },
    { "No", SEG_ABBR_MAYEND }, { "Nos", SEG_ABBR_TITLE },
    { "no", SEG_ABBR_TITLE }, { "Fig", SEG_ABBR_TITLE },
    { "fig", SEG_ABBR_TITLE }, { "Vol", SEG_ABBR_TITLE },
    { "vol", SEG_ABBR_TITLE }, { "Ch", SEG_ABBR_TITLE },
    { "ch", SEG_ABBR_TITLE }, { "p", SEG_ABBR_TITLE },
    { "pp", SEG_ABBR_TITLE }, { "Art", SEG_ABBR_TITLE },
    { "Sec", SEG_ABBR_TITLE }, { "approx", SEG_ABBR_TITLE },
    { "ca", SEG_ABBR_TITLE }, { "Ave", SEG_ABBR_MAYEND },
    /* months, before a day or a year */
    { "Jan", SEG_ABBR_TITLE }, { "Feb", SEG_ABBR_TITLE },
    { "Mar", SEG_ABBR_TITLE }, { "Apr", SEG_ABBR_TITLE },
    { "Jun", SEG_ABBR_TITLE }, { "Jul", SEG_ABBR_TITLE },
    { "Aug", SEG_ABBR_TITLE }, { "Sep", SEG_ABBR_TITLE },
    { "Sept", SEG_ABBR_TITLE }, { "Oct", SEG_ABBR_TITLE },
    { "Nov", SEG_ABBR_TITLE }, { "Dec", SEG_ABBR_TITLE },
    /* may close a sentence */
    { "etc", SEG_ABBR_MAYEND }, { "U.S", SEG_ABBR_MAYEND },
    { "U.K", SEG_ABBR_MAYEND }, { "U.N", SEG_ABBR_MAYEND },
    { "E.U", SEG_ABBR_MAYEND }, { "U.S.A", SEG_ABBR_MAYEND },
    { "Inc", SEG_ABBR_MAYEND }, { "Ltd", SEG_ABBR_MAYEND },
    { "Co", SEG_ABBR_MAYEND }, { "Corp", SEG_ABBR_MAYEND },
    { "Jr", SEG_ABBR_MAYEND }, { "Sr", SEG_ABBR_MAYEND },
    { "a.m", SEG_ABBR_MAYEND }, { "p.m", SEG_ABBR_MAYEND },
    { "Ph.D", SEG_ABBR_MAYEND }, { "al", SEG_ABBR_MAYEND },
    { "Bros", SEG_ABBR_MAYEND },
    { NULL, 0 }
};

static const char *const starters[] = {
    "A", "After", "All", "Also", "Although", "An", "And", "Another", "As",
    "At", "Because", "Before", "Both", "But", "By", "Despite", "During",
    "Each", "Even", "Every", "For", "Finally", "First", "From",
    "Furthermore", "He", "Her", "Here", "His", "How", "However", "I", "If",
    "In", "Instead", "It", "Its", "Many", "Meanwhile", "Moreover", "Most",
    "My", "No", "Nor", "Not", "Now", "Of", "On", "Once", "One", "Only",
    "Or", "Our", "Since", "So", "Some", "Still", "Such", "That", "The",
    "Their", "Then", "There", "These", "They", "This", "Those", "Thus",
    "To", "Today", "Tomorrow", "Under", "Unlike", "We", "What", "When", "Where",
    "Whether", "Which", "While", "Who", "Why", "With", "Yet", "You",
    "Your", NULL
};

const seg_rules seg_rules_en = {
    .lang = "en",
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
