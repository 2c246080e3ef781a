/*
 * segment/rules_fr.c - French.
 *
 * A single capital and a full stop before a capitalised word reads as an
 * initial ("J. Dupont"), but in French it also ends sentences ("un profilé
 * en U. Ne serrez pas..."): the words below, which begin sentences and
 * are not names, tell the two apart. ICU's French suppressions cover the
 * usual abbreviations; those below are frequent and followed by a
 * capital ("M. Dupont", "Mme Curie" needs none).
 */
#include "segment_int.h"

static const seg_abbrev abbrevs[] = {
    { "M", SEG_ABBR_TITLE }, { "MM", SEG_ABBR_TITLE },
    { "Dr", SEG_ABBR_TITLE }, { "Pr", SEG_ABBR_TITLE },
    { "St", SEG_ABBR_TITLE }, { "Ste", SEG_ABBR_TITLE },
    { "av", SEG_ABBR_TITLE }, { "bd", SEG_ABBR_TITLE },
    { "env", SEG_ABBR_TITLE }, { "p. ex", SEG_ABBR_TITLE },
    { "c.-à-d", SEG_ABBR_TITLE }, { "cf", SEG_ABBR_TITLE },
    { "etc", SEG_ABBR_MAYEND }, { "n°", SEG_ABBR_TITLE },
    { "no", SEG_ABBR_TITLE }, { "tél", SEG_ABBR_TITLE },
    { "janv", SEG_ABBR_TITLE }, { "févr", SEG_ABBR_TITLE },
    { "avr", SEG_ABBR_TITLE }, { "juil", SEG_ABBR_TITLE },
    { "sept", SEG_ABBR_TITLE }, { "oct", SEG_ABBR_TITLE },
    { "nov", SEG_ABBR_TITLE }, { "déc", SEG_ABBR_TITLE },
    { NULL, 0 }
};

static const char *const starters[] = {
    "À", "Alors", "Après", "Au", "Aucun", "Aujourd", "Aussi", "Avant",
    "Avec", "C", "Ce", "Cela", "Celui", "Ces", "Cet", "Cette", "Chaque",
    "Comme", "Comment", "Dans", "De", "Depuis", "Des", "Donc", "Du", "Elle",
    "Elles", "En", "Enfin", "Ensuite", "Et", "Il", "Ils", "J", "Je", "L",
    "La", "Le", "Les", "Leur", "Mais", "Même", "N", "Ne", "Nous", "On",
    "Or", "Où", "Par", "Pendant", "Personne", "Pour", "Pourquoi", "Puis",
    "Quand", "Que", "Qui", "Quoi", "Rien", "S", "Sans", "Selon", "Si",
    "Sur", "Tout", "Toutes", "Tous", "Un", "Une", "Vous", "Y", NULL
};

const seg_rules seg_rules_fr = {
    .lang = "fr",
    .abbrevs = abbrevs,
    .starters = starters,
    .ordinal_nouns = NULL,
    .initials = 1,
    .list_markers = 1,
    .lower_continues = 1,
    .ellipsis_ends = 1,
    .dialogue_dash = 0,
    .cjk_ellipsis = 0,
    .cjk_join = 0,
};
