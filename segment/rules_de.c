/*
 * segment/rules_de.c - German.
 *
 * German writes ordinals as a number and a full stop ("am 14. Oktober",
 * "im 19. Jahrhundert"), and since every noun is capitalised ICU takes
 * each of them for a sentence end. An ordinal is recognised by the noun
 * after it: months and the nouns that are counted in ordinals. ICU's own
 * German suppressions cover many abbreviations; the ones below are
 * common in running text and missing there, or followed by a capital
 * ("z. B. Äpfel", "Dr. Müller").
 */
#include "segment_int.h"

static const seg_abbrev abbrevs[] = {
    { "z. B", SEG_ABBR_TITLE }, { "z.B", SEG_ABBR_TITLE },
    { "d. h", SEG_ABBR_TITLE }, { "d.h", SEG_ABBR_TITLE },
    { "u. a", SEG_ABBR_MAYEND }, { "u.a", SEG_ABBR_MAYEND },
    { "o. Ä", SEG_ABBR_MAYEND }, { "usw", SEG_ABBR_MAYEND },
    { "etc", SEG_ABBR_MAYEND }, { "bzw", SEG_ABBR_TITLE },
    { "ca", SEG_ABBR_TITLE }, { "vgl", SEG_ABBR_TITLE },
    { "Vgl", SEG_ABBR_TITLE }, { "ggf", SEG_ABBR_TITLE },
    { "evtl", SEG_ABBR_TITLE }, { "inkl", SEG_ABBR_TITLE },
    { "zzgl", SEG_ABBR_TITLE }, { "bzgl", SEG_ABBR_TITLE },
    { "Nr", SEG_ABBR_TITLE }, { "Dr", SEG_ABBR_TITLE },
    { "Prof", SEG_ABBR_TITLE }, { "Hr", SEG_ABBR_TITLE },
    { "Fr", SEG_ABBR_TITLE }, { "St", SEG_ABBR_TITLE },
    { "Str", SEG_ABBR_MAYEND }, { "Tel", SEG_ABBR_TITLE },
    { "Abb", SEG_ABBR_TITLE }, { "Abs", SEG_ABBR_TITLE },
    { "Bd", SEG_ABBR_TITLE }, { "Jh", SEG_ABBR_MAYEND },
    /* units: nouns follow them in capitals ("9 Min. Lesezeit"), so they
     * end a sentence only before a word that starts one */
    { "Mio", SEG_ABBR_MAYEND }, { "Mrd", SEG_ABBR_MAYEND },
    { "Tsd", SEG_ABBR_MAYEND }, { "Min", SEG_ABBR_MAYEND },
    { "Std", SEG_ABBR_MAYEND }, { "Sek", SEG_ABBR_MAYEND },
    { "Jan", SEG_ABBR_TITLE }, { "Feb", SEG_ABBR_TITLE },
    { "Aug", SEG_ABBR_TITLE }, { "Sept", SEG_ABBR_TITLE },
    { "Okt", SEG_ABBR_TITLE }, { "Nov", SEG_ABBR_TITLE },
    { "Dez", SEG_ABBR_TITLE },
    { NULL, 0 }
};

static const char *const starters[] = {
    "Aber", "Alle", "Als", "Am", "An", "Auch", "Auf", "Aus", "Bei", "Bis",
    "Da", "Dabei", "Dafür", "Daher", "Damit", "Dann", "Danach", "Das",
    "Dass", "Dem", "Den", "Denn", "Der", "Deshalb", "Die", "Dies", "Diese",
    "Dieser", "Doch", "Du", "Ein", "Eine", "Einige", "Er", "Es", "Für",
    "Heute", "Hier", "Ich", "Ihr", "Im", "In", "Jetzt", "Kein", "Mit",
    "Nach", "Nun", "Nur", "Ob", "Oder", "Schon", "Sie", "So", "Sonst",
    "Trotzdem", "Um", "Und", "Unter", "Vom", "Von", "Vor", "Was", "Wenn",
    "Wer", "Wie", "Wir", "Während", "Zum", "Zur", "Zudem", NULL
};

static const char *const ordinal_nouns[] = {
    "Januar", "Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli",
    "August", "September", "Oktober", "November", "Dezember",
    "Jan", "Feb", "Mär", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Okt",
    "Nov", "Dez",
    "Jahrhundert", "Jahrhunderts", "Jahrhunderte", "Jahrtausend",
    "Jahrtausends", "Jahrestag", "Geburtstag", "Todestag", "Lebensjahr",
    "Mal", "Platz", "Stock", "Etage", "Stelle", "Auflage", "Ausgabe",
    "Kapitel", "Bezirk", "Runde", "Spieltag", "Klasse", "Liga", "Sitzung",
    "Woche", "Tag", "Monat", NULL
};

const seg_rules seg_rules_de = {
    .lang = "de",
    .abbrevs = abbrevs,
    .starters = starters,
    .ordinal_nouns = ordinal_nouns,
    .initials = 1,
    .list_markers = 1,
    .lower_continues = 1,
    .ellipsis_ends = 1,
    .dialogue_dash = 0,
    .cjk_ellipsis = 0,
    .cjk_join = 0,
};
