/*
 * cli/cmd_dict.c - "stele dict convert" and "stele dict merge":
 * bilingual dictionaries for the aligner, from FreeDict (dictd), the
 * Mueller English-Russian dictionary (dictd) and CC-CEDICT into stele's
 * format, and several of those merged into one.
 *
 * stele's dictionary format is hunalign's: one "target @ source" entry
 * per line, where either side may be several words, under an optional
 * first line "# stele-dict SRC TGT" that names the languages. The aligner
 * only asks "may this word or phrase translate that one?", so the
 * converters keep what can occur verbatim in running text and drop the
 * rest: pronunciations, grammar notes, sense numbers, parenthesised
 * remarks, cross-references, classifiers, examples. Long glosses are
 * definitions rather than translations, and a phrase of more than
 * --max-words words is dropped.
 *
 * Debian ships FreeDict and Mueller as dictd databases: an .index of
 * "HEADWORD<TAB>OFFSET<TAB>LENGTH" lines (base64 numbers) into a .dict
 * (dictzip-compressed as .dict.dz; this reads it decompressed, so that
 * the tool needs no zlib). A FreeDict article is the headword line
 * ("zoo /zˈuː/") followed by one translation per line ("1. в, на"); in
 * the databases FreeDict made from Wiktionary ("FreeDict+WikDict" in
 * their description) each sense's translations are followed by a line
 * defining the sense, which is skipped. A Mueller article wraps its
 * senses across lines and mixes in English examples, so its body is
 * joined and cut at sense marks instead.
 * CC-CEDICT is one line per entry: "TRAD SIMP [pin1 yin1] /gloss/gloss/".
 *
 * The output is sorted by source, then target (bytewise), with
 * duplicates removed, so that the same input always gives the same bytes.
 * "stele dict merge" joins dictionaries of one pair, turning those of
 * the other direction round (FreeDict's German-English into an
 * English-German one): the aligner takes a dictionary's source words as
 * the concepts all dictionaries share, so the side chosen as source
 * decides what pivots through it.
 * Malformed input stops with the file and line; a dictionary's odd but
 * well-formed entries are skipped silently, since all three sources are
 * hand-edited and irregular.
 */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char cmd_dict_usage[] =
    "usage: stele dict convert --from freedict|mueller|cedict [--src L]\n"
    "                          [--tgt L] [--max-words N] [-o OUTPUT]\n"
    "                          INPUT [INPUT2]\n"
    "\n"
    "Convert a bilingual dictionary into stele's format (hunalign's):\n"
    "one \"target @ source\" entry per line under a first line\n"
    "\"# stele-dict SRC TGT\", sorted and without duplicates. Name the\n"
    "result SRC-TGT.dict (en-ru.dict) in a dictionary directory for\n"
    "'stele align' to find it.\n"
    "\n"
    "  --from freedict  a FreeDict dictd database: INPUT is its .index or\n"
    "                   its uncompressed .dict (the other is found beside\n"
    "                   it), or give both as INPUT INPUT2. Decompress a\n"
    "                   .dict.dz first: zcat X.dict.dz > X.dict. Source =\n"
    "                   headwords, target = translations; languages from\n"
    "                   the name (freedict-eng-rus: en, ru).\n"
    "  --from mueller   Mueller's English-Russian dictionary (Debian:\n"
    "                   mueller7-dict), a dictd database read as for\n"
    "                   freedict; its articles wrap and hold examples,\n"
    "                   which are dropped. Languages en, ru.\n"
    "  --from cedict    a CC-CEDICT text file (cedict_ts.u8). Source =\n"
    "                   English glosses (default en), target = Chinese\n"
    "                   headwords, simplified and, where different,\n"
    "                   traditional (default zh).\n"
    "\n"
    "options:\n"
    "  --src LANG       language of the source side (right of @)\n"
    "  --tgt LANG       language of the target side (left of @)\n"
    "  --max-words N    drop phrases of more than N words (default 4;\n"
    "                   0 keeps all)\n"
    "  -o, --output F   write to F (default standard output)\n"
    "\n"
    "usage: stele dict merge [--src L] [-o OUTPUT] DICT...\n"
    "\n"
    "Merge dictionaries in stele's format for one language pair (from\n"
    "their \"# stele-dict\" lines or SRC-TGT.dict names) into one, sorted\n"
    "and without duplicates, keeping their comments (sources, licences).\n"
    "The result has the direction of the first DICT, or L as its source\n"
    "with --src; a DICT of the other direction is turned round (a de-en\n"
    "dictionary merged into en-de), keeping the entries whose new source\n"
    "is one word (English: after to, a, an, the). Lines that are not\n"
    "\"TARGET @ SOURCE\" stop it with FILE:LINE.\n";

/* Hard limits (curl's "toobig"): the largest real inputs, CC-CEDICT's
 * text and FreeDict's biggest .dict, are under 40 MB. */
#define MAX_INPUT_BYTES ((size_t)512 << 20)
#define MAX_PHRASE_BYTES 1024

/* JMdict's mark of a word written in kana, which FreeDict glues to the
 * translation that follows ("...kana aloneto do"). */
#define KANA_NOTE "Note: word usually written using kana alone"

/* ------------------------------------------------------------------ */
/* Files and UTF-8                                                     */
/* ------------------------------------------------------------------ */

static int read_file(const char *path, char **out, size_t *len,
                     stele_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    int rc = STELE_OK;

    *out = NULL;
    *len = 0;
    if (f == NULL)
        return stele_error_set(err,
                               errno == ENOENT ? STELE_ENOTFOUND : STELE_EIO,
                               path, 0, -1, "%s", strerror(errno));
    for (;;) {
        size_t got;

        if (n + 65536 + 1 > cap) {
            size_t want = cap == 0 ? 65536 * 2 : cap * 2;
            char *grown;

            if (want > MAX_INPUT_BYTES + 65536 + 1)
                want = MAX_INPUT_BYTES + 65536 + 1;
            grown = realloc(buf, want);
            if (grown == NULL) {
                rc = stele_error_set(err, STELE_ENOMEM, path, 0, -1,
                                     "out of memory");
                goto done;
            }
            buf = grown;
            cap = want;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > MAX_INPUT_BYTES) {
            rc = stele_error_set(err, STELE_ETOOBIG, path, 0, -1,
                                 "larger than %zu MiB", MAX_INPUT_BYTES >> 20);
            goto done;
        }
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        rc =
            stele_error_set(err, STELE_EIO, path, 0, -1, "%s", strerror(errno));
        goto done;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    buf = NULL;
done:
    free(buf);
    fclose(f);
    return rc;
}

/* Length of the UTF-8 sequence at @p s (at most @p n bytes), or 0 when
 * it is malformed, overlong, a surrogate or beyond U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    uint32_t c;
    size_t len;

    if (n == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        len = 2;
        c = s[0] & 0x1Fu;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        len = 3;
        c = s[0] & 0x0Fu;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        len = 4;
        c = s[0] & 0x07u;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) || c > 0x10FFFF ||
        (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

static long line_of(const char *text, size_t offset)
{
    long line = 1;

    for (size_t i = 0; i < offset; i++)
        if (text[i] == '\n')
            line++;
    return line;
}

/* The whole file must be UTF-8: an error names the line of the first
 * bad byte. */
static int check_utf8(const char *path, const char *text, size_t len,
                      stele_error *err)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;

    while (i < len) {
        uint32_t cp;
        size_t n = utf8_seq(s + i, len - i, &cp);

        if (n == 0)
            return stele_error_set(err, STELE_EENCODING, path, line_of(text, i),
                                   -1, "invalid UTF-8 (byte 0x%02X)", s[i]);
        if (cp == 0)
            return stele_error_set(err, STELE_EENCODING, path, line_of(text, i),
                                   -1, "NUL byte");
        i += n;
    }
    return STELE_OK;
}

/* ------------------------------------------------------------------ */
/* Entries                                                             */
/* ------------------------------------------------------------------ */

/* The entries, as NUL-terminated strings in one pool, addressed by
 * offset while the pool grows and by pointer once it is complete. */
typedef struct entry {
    size_t src; /* offset of the source phrase in pool */
    size_t tgt; /* offset of the target phrase in pool */
} entry;

typedef struct sorted_entry {
    const char *src;
    const char *tgt;
} sorted_entry;

typedef struct dict_out {
    char *pool;       /* all phrases; malloc'd */
    size_t pool_len;  /* bytes used */
    size_t pool_cap;  /* bytes allocated */
    entry *entries;   /* malloc'd */
    size_t count;     /* entries used */
    size_t cap;       /* entries allocated */
    size_t max_words; /* 0: no limit */
    int any_phrase;   /* keep phrases without a letter ("2025") */
} dict_out;

static int pool_add(dict_out *d, const char *s, size_t n, size_t *at)
{
    if (d->pool_len + n + 1 > d->pool_cap) {
        size_t want = d->pool_cap == 0 ? 1 << 16 : d->pool_cap * 2;
        char *grown;

        while (want < d->pool_len + n + 1)
            want *= 2;
        grown = realloc(d->pool, want);
        if (grown == NULL)
            return STELE_ENOMEM;
        d->pool = grown;
        d->pool_cap = want;
    }
    memcpy(d->pool + d->pool_len, s, n);
    d->pool[d->pool_len + n] = '\0';
    *at = d->pool_len;
    d->pool_len += n + 1;
    return STELE_OK;
}

static int is_space_at(const unsigned char *s, size_t n, size_t *width)
{
    if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' ||
                   s[0] == '\n' || s[0] == '\v' || s[0] == '\f')) {
        *width = 1;
        return 1;
    }
    /* U+00A0 no-break space, U+3000 ideographic space */
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) {
        *width = 2;
        return 1;
    }
    if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) {
        *width = 3;
        return 1;
    }
    return 0;
}

/*
 * Normalise a phrase into @p out (MAX_PHRASE_BYTES): spaces collapsed
 * and trimmed, trailing ",;:." cut, the Unicode hyphens U+2010 and U+2011 (FreeDict writes
 * "Аддис‐Абеба") made ASCII, since running text uses '-'. Returns the
 * length, or 0 when the phrase cannot be a dictionary side: empty, no
 * letter, too long, or holding '@' or a leading '#', which the format
 * reserves.
 */
static size_t normalise(const dict_out *d, const char *text, size_t len,
                        char *out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = 0, words = 0, i = 0;
    int pending_space = 0, letter = 0;

    while (i < len) {
        size_t w;

        if (is_space_at(s + i, len - i, &w)) {
            pending_space = n > 0;
            i += w;
            continue;
        }
        if (n + 4 + 1 >= MAX_PHRASE_BYTES)
            return 0;
        if (pending_space && strchr(",;:.?!", s[i]) != NULL)
            pending_space = 0; /* "word (note), more" -> "word, more" */
        if (pending_space || n == 0)
            words++;
        if (pending_space)
            out[n++] = ' ';
        pending_space = 0;
        if (len - i >= 3 && s[i] == 0xE2 && s[i + 1] == 0x80 &&
            (s[i + 2] == 0x90 || s[i + 2] == 0x91)) {
            out[n++] = '-';
            i += 3;
            continue;
        }
        if (s[i] == '@')
            return 0;
        if (s[i] >= 0x80 || isalpha(s[i]))
            letter = 1;
        out[n++] = (char)s[i++];
    }
    /* "ihtimal." (FreeDict English-Turkish): running text's words end
     * without the period, which the word breaker leaves out */
    while (n > 0 && strchr(",;:.", out[n - 1]) != NULL)
        n--;
    out[n] = '\0';
    if (n == 0 || (!letter && !d->any_phrase) || out[0] == '#')
        return 0;
    if (d->max_words > 0 && words > d->max_words)
        return 0;
    return n;
}

/* Add "tgt @ src" after normalising both sides; phrases that normalise
 * to nothing are skipped (not an error). */
static int add_entry(dict_out *d, const char *src, size_t src_len,
                     const char *tgt, size_t tgt_len)
{
    char a[MAX_PHRASE_BYTES], b[MAX_PHRASE_BYTES];
    size_t na, nb;
    entry e;

    na = normalise(d, src, src_len, a);
    nb = normalise(d, tgt, tgt_len, b);
    if (na == 0 || nb == 0)
        return STELE_OK;
    if (d->count == d->cap) {
        size_t want = d->cap == 0 ? 1024 : d->cap * 2;
        entry *grown = realloc(d->entries, want * sizeof *grown);

        if (grown == NULL)
            return STELE_ENOMEM;
        d->entries = grown;
        d->cap = want;
    }
    if (pool_add(d, a, na, &e.src) < 0 || pool_add(d, b, nb, &e.tgt) < 0)
        return STELE_ENOMEM;
    d->entries[d->count++] = e;
    return STELE_OK;
}

static int compare_sorted(const void *pa, const void *pb)
{
    const sorted_entry *a = pa, *b = pb;
    int c = strcmp(a->src, b->src);

    return c != 0 ? c : strcmp(a->tgt, b->tgt);
}

static void dict_out_free(dict_out *d)
{
    free(d->pool);
    free(d->entries);
    d->pool = NULL;
    d->entries = NULL;
}

/* Sort, drop duplicates and write; returns the number of lines in
 * *written. */
static int write_dict(dict_out *d, FILE *f, const char *src_lang,
                      const char *tgt_lang, const char *comment,
                      size_t *written)
{
    sorted_entry *v;
    size_t n = 0;

    *written = 0;
    v = malloc((d->count > 0 ? d->count : 1) * sizeof *v);
    if (v == NULL)
        return STELE_ENOMEM;
    for (size_t i = 0; i < d->count; i++) {
        v[i].src = d->pool + d->entries[i].src;
        v[i].tgt = d->pool + d->entries[i].tgt;
    }
    qsort(v, d->count, sizeof *v, compare_sorted);
    fprintf(f, "# stele-dict %s %s\n%s", src_lang, tgt_lang, comment);
    for (size_t i = 0; i < d->count; i++) {
        if (i > 0 && compare_sorted(&v[i - 1], &v[i]) == 0)
            continue;
        fprintf(f, "%s @ %s\n", v[i].tgt, v[i].src);
        n++;
    }
    free(v);
    *written = n;
    return STELE_OK;
}

/* ------------------------------------------------------------------ */
/* Phrase cleaning shared by both sources                              */
/* ------------------------------------------------------------------ */

/*
 * Copy @p len bytes of @p s into @p out without the bracketed remarks
 * "(...)", "[...]", "{...}", "<...>" (nested or not; an unclosed one
 * runs to the end) and, when @p slashes, "/.../" (FreeDict's
 * pronunciations). @p out has room for @p len + 1 bytes.
 */
static size_t strip_remarks(const char *s, size_t len, int slashes, char *out)
{
    size_t n = 0;
    int depth = 0, in_slash = 0;

    for (size_t i = 0; i < len; i++) {
        char c = s[i];

        if (slashes && c == '/' && depth == 0) {
            /* WikDict writes "//haʊs//": one delimiter, not two */
            if (i > 0 && s[i - 1] == '/')
                continue;
            in_slash = !in_slash;
            out[n++] = ' ';
            continue;
        }
        if (in_slash)
            continue;
        if (c == '(' || c == '[' || c == '{' || c == '<') {
            depth++;
            continue;
        }
        if (depth > 0 && (c == ')' || c == ']' || c == '}' || c == '>')) {
            depth--;
            /* "word(s)x" would glue the halves: leave a space */
            out[n++] = ' ';
            continue;
        }
        if (depth == 0)
            out[n++] = c;
    }
    out[n] = '\0';
    return n;
}

static int starts_with(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);

    return len >= n && memcmp(s, prefix, n) == 0;
}

static const char *skip_spaces(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    return s;
}

/* ------------------------------------------------------------------ */
/* FreeDict (dictd)                                                    */
/* ------------------------------------------------------------------ */

/* dictd's base64 numbers: digits A-Z a-z 0-9 + /, most significant
 * first. */
static int b64_number(const char *s, size_t len, uint64_t *out)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    uint64_t v = 0;

    if (len == 0 || len > 10)
        return -1;
    for (size_t i = 0; i < len; i++) {
        const char *p = s[i] != '\0' ? strchr(digits, s[i]) : NULL;

        if (p == NULL)
            return -1;
        v = v * 64 + (uint64_t)(p - digits);
    }
    *out = v;
    return 0;
}

/* A line that begins "Word:" or "see also:" is a label (cross-reference,
 * synonyms, notes), not a translation. */
static int is_label_line(const char *s, const char *end)
{
    const char *p = s;

    while (p < end && (isalpha((unsigned char)*p) || *p == ' '))
        p++;
    return p > s && p < end && *p == ':' && isalpha((unsigned char)*s);
}

/* Split @p s (already stripped of remarks) on @p seps and add each piece
 * against every phrase of @p others (the other side). */
static int add_split(dict_out *d, const char *s, size_t len, const char *seps,
                     const char *other, size_t other_len, int s_is_source)
{
    const char *p = s, *end = s + len;

    while (p <= end) {
        const char *q = p;
        int rc;

        while (q < end && strchr(seps, *q) == NULL)
            q++;
        if (s_is_source)
            rc = add_entry(d, p, (size_t)(q - p), other, other_len);
        else
            rc = add_entry(d, other, other_len, p, (size_t)(q - p));
        if (rc < 0)
            return rc;
        p = q + 1;
    }
    return STELE_OK;
}

/* One translation line: "1. в, на" -> "в", "на" against each headword
 * variant. */
static int freedict_translation(dict_out *d, const char *line, const char *end,
                                const char *heads, size_t heads_len)
{
    char clean[MAX_PHRASE_BYTES * 4];
    const char *p = skip_spaces(line, end);
    size_t n;

    /* sense numbers: "1. ", "2) " */
    {
        const char *q = p;
        while (q < end && isdigit((unsigned char)*q))
            q++;
        if (q > p && q < end && (*q == '.' || *q == ')'))
            p = skip_spaces(q + 1, end);
    }
    if (starts_with(p, (size_t)(end - p), KANA_NOTE))
        p = skip_spaces(p + strlen(KANA_NOTE), end);
    if (p >= end || *p == '"' || is_label_line(p, end))
        return STELE_OK;
    if ((size_t)(end - p) >= sizeof clean)
        return STELE_OK;
    n = strip_remarks(p, (size_t)(end - p), 0, clean);

    /* every translation pairs with every headword variant */
    for (const char *h = heads; h < heads + heads_len; h += strlen(h) + 1) {
        int rc = add_split(d, clean, n, ",;/", h, strlen(h), 0);

        if (rc < 0)
            return rc;
    }
    return STELE_OK;
}

/* Whether @p s holds an ASCII letter: in Mueller's English-Russian
 * articles, a Russian phrase next to English words is an example's
 * translation ("in an accommodating spirit примирительно"), not a
 * translation of the headword. */
static int has_ascii_letter(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (isalpha((unsigned char)s[i]))
            return 1;
    return 0;
}

static int add_to_heads(dict_out *d, const char *piece, size_t len,
                        const char *heads, size_t heads_len)
{
    size_t end = len;

    while (end > 0 && (piece[end - 1] == ' ' || piece[end - 1] == '\t'))
        end--;
    /* the end of an example's translation ("... если не ошибаюсь.") or
     * an abbreviation ("кого-л."), not a translation */
    if (end > 0 && piece[end - 1] == '.')
        return STELE_OK;
    if (has_ascii_letter(piece, len))
        return STELE_OK;
    for (const char *h = heads; h < heads + heads_len; h += strlen(h) + 1) {
        int rc = add_entry(d, h, strlen(h), piece, len);

        if (rc < 0)
            return rc;
    }
    return STELE_OK;
}

/*
 * The body of a Mueller article. Its senses wrap across lines and are
 * marked "1.", "2)", "а)", with labels "_n.", "_перен.", "_I", and
 * examples inline ("summit talks переговоры на высшем уровне"). The
 * lines are joined, remarks stripped, and the text cut into pieces at
 * ',', ';', sense marks and labels; pieces with English in them are
 * examples and are dropped.
 */
static int mueller_body(dict_out *d, const char *text, const char *end,
                        const char *heads, size_t heads_len)
{
    size_t len = (size_t)(end - text), n = 0;
    char *joined = malloc(len + 1), *clean = malloc(len + 1);
    const char *piece;
    int rc = STELE_OK;

    if (joined == NULL || clean == NULL) {
        rc = STELE_ENOMEM;
        goto done;
    }
    for (const char *p = text; p < end; p++) {
        if (*p != '\n' && *p != '\r') {
            joined[n++] = *p;
            continue;
        }
        /* "северо-\n   восток" is one word */
        while (n > 0 && joined[n - 1] == ' ')
            n--;
        while (p + 1 < end && (p[1] == ' ' || p[1] == '\t'))
            p++;
        if (!(n > 1 && joined[n - 1] == '-' && joined[n - 2] != ' '))
            joined[n++] = ' ';
    }
    n = strip_remarks(joined, n, 0, clean);

    piece = clean;
    for (size_t i = 0; i <= n; i++) {
        int at_token = i == 0 || clean[i - 1] == ' ' || clean[i - 1] == '\t' ||
                       clean[i - 1] == ')';
        size_t skip = 0;

        if (i < n && at_token && clean[i] == '_') {
            while (i + skip < n && clean[i + skip] != ' ')
                skip++;
        } else if (i < n && at_token) {
            size_t k = i;
            uint32_t cp = 0;
            size_t w;

            while (k < n && isdigit((unsigned char)clean[k]))
                k++;
            if (k > i && k < n && (clean[k] == ')' || clean[k] == '.') &&
                (k + 1 == n || !isdigit((unsigned char)clean[k + 1])))
                skip = k + 1 - i;
            w = utf8_seq((const unsigned char *)clean + i, n - i, &cp);
            if (skip == 0 && w > 0 && i + w < n && clean[i + w] == ')' &&
                (cp >= 0x80 || isalpha((unsigned char)clean[i])))
                skip = w + 1; /* "а)", "b)" */
        }
        if (i == n || clean[i] == ',' || clean[i] == ';' || skip > 0) {
            rc = add_to_heads(d, piece, (size_t)(clean + i - piece), heads,
                              heads_len);
            if (rc < 0)
                goto done;
            if (skip > 0)
                i += skip - 1;
            piece = clean + i + 1;
        }
    }
done:
    free(joined);
    free(clean);
    return rc;
}

/* Whether the @p len bytes at @p s hold @p word. */
static int contains(const char *s, size_t len, const char *word)
{
    size_t n = strlen(word);

    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(s + i, word, n) == 0)
            return 1;
    return 0;
}

static int is_kana(uint32_t cp)
{
    return (cp >= 0x3041 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF);
}

static int is_han(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* How many characters of the NUL-terminated @p s are of the class
 * @p in, and (in *total) how many it has; an invalid sequence counts as
 * of no class. */
static size_t count_class(const char *s, int (*in)(uint32_t), size_t *total)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s), n = 0;

    *total = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp = 0;
        size_t w = utf8_seq(u + i, len - i, &cp);

        (*total)++;
        if (w == 0) {
            i++;
            continue;
        }
        n += in(cp) != 0;
        i += w;
    }
    return n;
}

/* Whether @p s is kana alone (with the prolonged sound mark). */
static int kana_only(const char *s)
{
    size_t total, kana = count_class(s, is_kana, &total);
    return total > 0 && kana == total;
}

static int has_han(const char *s)
{
    size_t total;
    return count_class(s, is_han, &total) > 0;
}

/*
 * FreeDict's Japanese dictionaries (from JMdict) give a word's written
 * forms and then its readings as headwords: 図書館, としょかん. Texts
 * write the word in kanji, and a reading in kana, matched as a substring
 * of unspaced text (align/dict.c), would be found inside other words
 * (にわ, the reading of 庭, in に + わ...). So where an article has a
 * form with kanji, its kana-only headwords are dropped, unless the
 * article says the word is "usually written using kana alone" (為る,
 * する). Drops them from @p heads in place; returns the new length.
 */
static size_t drop_readings(char *heads, size_t heads_len, const char *body,
                            size_t body_len)
{
    int kanji = 0;
    size_t out = 0;

    for (const char *h = heads; h < heads + heads_len; h += strlen(h) + 1)
        kanji |= has_han(h);
    if (!kanji || contains(body, body_len, KANA_NOTE))
        return heads_len;
    for (char *h = heads; h < heads + heads_len;) {
        size_t n = strlen(h) + 1;

        if (!kana_only(h)) {
            memmove(heads + out, h, n);
            out += n;
        }
        h += n;
    }
    return out;
}

/*
 * FreeDict's dictionaries made from Wiktionary ("FreeDict+WikDict") give
 * each sense as a line of translations followed by a line defining the
 * sense in the source language ("1. 状態 2." / "a condition"), often
 * with sub-senses (" 3." / "computing: ..."). The definitions are not
 * translations: only the article's first line and the lines that start
 * with a sense number ("2. 州, 国家") are, and the number of the
 * sub-sense that ends such a line is cut. Returns the end of the
 * translations of the line [p, eol), or NULL when it holds none.
 */
static const char *wikdict_translations(const char *p, const char *eol,
                                        int first)
{
    const char *q = p, *end = eol;

    while (q < eol && isdigit((unsigned char)*q))
        q++;
    if (!first && !(q > p && q + 1 < eol && q[0] == '.' && q[1] == ' '))
        return NULL;
    /* a trailing " 2." */
    while (end > p && end[-1] == ' ')
        end--;
    if (end > p && end[-1] == '.') {
        const char *k = end - 1;
        while (k > p && isdigit((unsigned char)k[-1]))
            k--;
        if (k < end - 1 && k > p && k[-1] == ' ')
            end = k - 1;
    }
    return end;
}

/* One article: headword line, then translation lines. @p where names
 * the index line that pointed at it, for errors. */
static int freedict_article(dict_out *d, const char *text, size_t len,
                            int mueller, int wikdict, const char *index_path,
                            long index_line, stele_error *err)
{
    const char *end = text + len, *p = text, *eol;
    char clean[MAX_PHRASE_BYTES * 4];
    char heads[MAX_PHRASE_BYTES * 4];
    size_t heads_len = 0, n;
    int seen_line = 0;

    while (p < end && (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r'))
        p++;
    if (p == end)
        return stele_error_set(err, STELE_EFORMAT, index_path, index_line, -1,
                               "the entry is empty");
    eol = memchr(p, '\n', (size_t)(end - p));
    if (eol == NULL)
        eol = end;
    if ((size_t)(eol - p) >= sizeof clean)
        return stele_error_set(err, STELE_EFORMAT, index_path, index_line, -1,
                               "the headword line is longer than %zu "
                               "bytes",
                               sizeof clean - 1);

    /* Headword variants ("colour, color"), each normalised. */
    n = strip_remarks(p, (size_t)(eol - p), 1, clean);
    for (const char *h = clean; h <= clean + n;) {
        const char *q = h;
        char one[MAX_PHRASE_BYTES];
        size_t m;

        while (q < clean + n && *q != ',' && *q != ';')
            q++;
        m = normalise(d, h, (size_t)(q - h), one);
        /* Mueller's "-armed", "-headed": parts of words, not words */
        if (m > 0 && mueller && one[0] == '-')
            m = 0;
        if (m > 0 && heads_len + m + 1 <= sizeof heads) {
            memcpy(heads + heads_len, one, m + 1);
            heads_len += m + 1;
        }
        h = q + 1;
    }
    if (!mueller)
        heads_len = drop_readings(heads, heads_len, eol, (size_t)(end - eol));
    if (heads_len == 0)
        return STELE_OK;

    if (mueller) {
        int rc = mueller_body(d, eol, end, heads, heads_len);

        return rc < 0 ? stele_error_set(err, rc, index_path, index_line, -1,
                                        "out of memory")
                      : STELE_OK;
    }
    for (p = eol; p < end; p = eol + 1) {
        const char *stop;
        int rc;

        eol = memchr(p, '\n', (size_t)(end - p));
        if (eol == NULL)
            eol = end;
        stop = eol;
        if (wikdict) {
            int first = !seen_line;
            if (skip_spaces(p, eol) == eol)
                continue;
            seen_line = 1;
            stop = wikdict_translations(p, eol, first);
            if (stop == NULL)
                continue;
        }
        rc = freedict_translation(d, p, stop, heads, heads_len);
        if (rc < 0)
            return stele_error_set(err, rc, index_path, index_line, -1,
                                   "out of memory");
    }
    return STELE_OK;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The index line [p, eol): "HEADWORD<TAB>OFFSET<TAB>LENGTH", a fourth
 * field allowed. Returns 1 with the fields, 0 for a blank line, or
 * INDEX_FIELDS, INDEX_NUMBER or INDEX_RANGE (for index_error). */
enum { INDEX_FIELDS = -1, INDEX_NUMBER = -2, INDEX_RANGE = -3 };

static int index_entry(const char *p, const char *eol, size_t body_len,
                       const char **head, size_t *head_len, uint64_t *off,
                       uint64_t *len)
{
    const char *f[4], *q = eol;
    size_t flen[4];
    int nf = 1;

    *off = *len = 0;
    if (q > p && q[-1] == '\r')
        q--;
    if (q == p)
        return 0;
    for (const char *s = p; s < q; s++)
        nf += *s == '\t';
    if (nf < 3 || nf > 4)
        return INDEX_FIELDS;
    for (int i = 0; i < nf; i++) {
        const char *t = memchr(p, '\t', (size_t)(q - p));

        f[i] = p;
        flen[i] = (size_t)((t != NULL ? t : q) - p);
        p = t != NULL ? t + 1 : q;
    }
    if (b64_number(f[1], flen[1], off) < 0 ||
        b64_number(f[2], flen[2], len) < 0)
        return INDEX_NUMBER;
    if (*off > body_len || *len > body_len - *off)
        return INDEX_RANGE;
    *head = f[0];
    *head_len = flen[0];
    return 1;
}

static int index_error(stele_error *err, int what, const char *index_path,
                       long line, uint64_t off, uint64_t len,
                       const char *dict_path, size_t body_len)
{
    if (what == INDEX_FIELDS)
        return stele_error_set(err, STELE_EFORMAT, index_path, line, -1,
                               "expected HEADWORD<TAB>OFFSET<TAB>LENGTH");
    if (what == INDEX_NUMBER)
        return stele_error_set(err, STELE_EFORMAT, index_path, line, -1,
                               "offset or length is not a dictd base64 "
                               "number");
    return stele_error_set(err, STELE_EFORMAT, index_path, line, -1,
                           "entry at bytes %llu+%llu lies outside %s (%zu "
                           "bytes)",
                           (unsigned long long)off, (unsigned long long)len,
                           dict_path, body_len);
}

/*
 * The "Availability:" section of a FreeDict database's description, the
 * terms it is under (GPL for some, Creative Commons for the Wiktionary
 * and JMdict ones), as one line into @p out: its indented lines up to
 * the next heading, white space collapsed, control bytes dropped. Empty
 * when the description has none.
 */
static void availability(const char *text, size_t len, char *out,
                         size_t size)
{
    static const char head[] = "Availability:";
    const char *p = NULL, *end = text + len;
    size_t n = 0;
    int space = 0;

    out[0] = '\0';
    for (size_t i = 0; i + sizeof head - 1 <= len; i++)
        if ((i == 0 || text[i - 1] == '\n') &&
            memcmp(text + i, head, sizeof head - 1) == 0) {
            p = text + i + sizeof head - 1;
            break;
        }
    if (p == NULL)
        return;
    p = memchr(p, '\n', (size_t)(end - p));
    while (p != NULL && p + 1 < end) {
        const char *line = p + 1, *eol = memchr(line, '\n', (size_t)(end - line));
        if (eol == NULL)
            eol = end;
        if (eol > line && *line != ' ' && *line != '\t')
            break; /* the next heading */
        for (const char *c = line; c < eol && n + 2 < size; c++) {
            if (*c == ' ' || *c == '\t' || *c == '\r') {
                space = n > 0;
                continue;
            }
            if ((unsigned char)*c < 0x20 || *c == 0x7F)
                continue;
            if (space)
                out[n++] = ' ';
            space = 0;
            out[n++] = *c;
        }
        space = n > 0;
        p = eol < end ? eol : NULL;
    }
    out[n] = '\0';
}

static int convert_freedict(dict_out *d, const char *index_path,
                            const char *dict_path, int mueller,
                            char *licence, size_t licence_size,
                            stele_error *err)
{
    char *index = NULL, *body = NULL;
    size_t index_len, body_len;
    long line = 0;
    int rc, wikdict = 0;

    rc = read_file(index_path, &index, &index_len, err);
    if (rc < 0)
        goto done;
    rc = read_file(dict_path, &body, &body_len, err);
    if (rc < 0)
        goto done;
    if (body_len >= 2 && (unsigned char)body[0] == 0x1F &&
        (unsigned char)body[1] == 0x8B) {
        rc = stele_error_set(err, STELE_EFORMAT, dict_path, 0, -1,
                             "compressed (gzip/dictzip): decompress it "
                             "first with zcat");
        goto done;
    }
    rc = check_utf8(index_path, index, index_len, err);
    if (rc < 0)
        goto done;
    rc = check_utf8(dict_path, body, body_len, err);
    if (rc < 0)
        goto done;

    /* The first pass reads the database's description, which tells a
     * WikDict database from the others; the second converts. */
    for (int pass = 0; pass < 2; pass++) {
        line = 0;
        for (const char *p = index, *eol; p < index + index_len;
             p = eol + 1) {
            const char *head;
            size_t head_len;
            uint64_t off, len;

            line++;
            eol = memchr(p, '\n', (size_t)(index + index_len - p));
            if (eol == NULL)
                eol = index + index_len;
            rc = index_entry(p, eol, body_len, &head, &head_len, &off, &len);
            if (rc == 0)
                continue;
            if (rc < 0) {
                rc = index_error(err, rc, index_path, line, off, len,
                                 dict_path, body_len);
                goto done;
            }
            /* dictd's own metadata: 00databaseinfo, 00-database-url, ... */
            if (starts_with(head, head_len, "00database") ||
                starts_with(head, head_len, "00-database")) {
                if (pass == 0 &&
                    (starts_with(head, head_len, "00databaseinfo") ||
                     starts_with(head, head_len, "00-database-info")))
                    availability(body + off, (size_t)len, licence,
                                 licence_size);
                if (pass == 0 &&
                    (starts_with(head, head_len, "00databaseshort") ||
                     starts_with(head, head_len, "00-database-short")) &&
                    contains(body + off, (size_t)len, "WikDict"))
                    wikdict = 1;
                continue;
            }
            if (pass == 0)
                continue;
            rc = freedict_article(d, body + off, (size_t)len, mueller,
                                  wikdict, index_path, line, err);
            if (rc < 0)
                goto done;
        }
    }
    if (line == 0) {
        rc = stele_error_set(err, STELE_EFORMAT, index_path, 0, -1,
                             "the index is empty");
        goto done;
    }
done:
    free(index);
    free(body);
    return rc;
}

/* ------------------------------------------------------------------ */
/* CC-CEDICT                                                           */
/* ------------------------------------------------------------------ */

/* Whether @p s holds a CJK ideograph: a gloss that still has one after
 * its remarks are stripped is a cross-reference ("abbr. for 中国"). */
static int has_cjk(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;

    for (size_t i = 0; i < len;) {
        uint32_t cp = 0;
        size_t n = utf8_seq(u + i, len - i, &cp);

        if (n == 0)
            return 1;
        if ((cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
            cp >= 0x20000 || (cp >= 0xFF00 && cp <= 0xFFEF))
            return 1;
        i += n;
    }
    return 0;
}

static int is_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

/* Glosses that are about the word rather than translations of it. */
static int is_reference_gloss(const char *g, size_t len)
{
    static const char *const prefixes[] = {
        "CL:",          "see ",           "see also ",      "surname ",
        "used in ",     "abbr. ",         "also pr.",       "Taiwan pr.",
        "pr. ",         "also written ",  "also called ",   "erhua ",
        "radical ",     "Kangxi radical", "(old) variant",  "same as ",
        "old name for", "(onom.)",        "classifier for",
    };

    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (starts_with(g, len, prefixes[i]))
            return 1;
    for (size_t i = 0; i + 10 <= len; i++)
        if (memcmp(g + i, "variant of", 10) == 0)
            return 1;
    for (size_t i = 0; i + 3 <= len; i++)
        if (memcmp(g + i, "...", 3) == 0 ||
            memcmp(g + i, "\xE2\x80\xA6", 3) == 0) /* U+2026 … */
            return 1;
    return 0;
}

/* One gloss: remarks stripped, split on ';', leading "to", "a", "an",
 * "the" dropped. */
static int cedict_gloss(dict_out *d, const char *g, size_t len,
                        const char *simp, size_t simp_len)
{
    static const char *const lead[] = {"to ", "a ", "an ", "the "};
    char clean[MAX_PHRASE_BYTES * 4];
    const char *p, *end;
    size_t n;

    if (len >= sizeof clean || is_reference_gloss(g, len))
        return STELE_OK;
    n = strip_remarks(g, len, 0, clean);
    end = clean + n;
    for (p = clean; p <= end;) {
        const char *q = p, *s, *e;
        int rc;

        while (q < end && *q != ';')
            q++;
        s = skip_spaces(p, q);
        e = q;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (starts_with(s, (size_t)(e - s), "lit. ") ||
            starts_with(s, (size_t)(e - s), "fig. "))
            s = skip_spaces(s + 5, e);
        /* Running text has the bare verb and noun: "to go" -> "go",
         * "a Korean" -> "Korean". */
        for (size_t k = 0; k < sizeof lead / sizeof lead[0]; k++) {
            size_t m = strlen(lead[k]);

            if (starts_with(s, (size_t)(e - s), lead[k]) &&
                (size_t)(e - s) > m) {
                s = skip_spaces(s + m, e);
                break;
            }
        }
        if (s < e && !has_cjk(s, (size_t)(e - s)) &&
            !is_reference_gloss(s, (size_t)(e - s))) {
            rc = add_entry(d, s, (size_t)(e - s), simp, simp_len);
            if (rc < 0)
                return rc;
        }
        p = q + 1;
    }
    return STELE_OK;
}

static int cedict_syntax(stele_error *err, const char *path, long line,
                         const char *what)
{
    return stele_error_set(err, STELE_EFORMAT, path, line, -1,
                           "%s (expected \"TRADITIONAL SIMPLIFIED "
                           "[PIN1 YIN1] /GLOSS/.../\")",
                           what);
}

static int convert_cedict(dict_out *d, const char *path, stele_error *err)
{
    char *text = NULL;
    size_t len;
    long line = 0;
    size_t headwords = 0;
    int rc;

    rc = read_file(path, &text, &len, err);
    if (rc < 0)
        goto done;
    rc = check_utf8(path, text, len, err);
    if (rc < 0)
        goto done;
    for (const char *p = text, *eol; p < text + len; p = eol + 1) {
        const char *end, *trad, *trad_end, *simp, *simp_end, *q;

        line++;
        eol = memchr(p, '\n', (size_t)(text + len - p));
        if (eol == NULL)
            eol = text + len;
        end = eol;
        while (end > p &&
               (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
            end--;
        p = skip_spaces(p, end);
        if (p == end || *p == '#')
            continue;
        if (p == text && starts_with(p, (size_t)(end - p), "\xEF\xBB\xBF"))
            p += 3;

        trad = p;
        q = p;
        while (q < end && *q != ' ' && *q != '[' && *q != '/')
            q++;
        if (q == trad || q == end || *q != ' ') {
            rc = cedict_syntax(err, path, line, "no simplified headword");
            goto done;
        }
        trad_end = q;
        simp = skip_spaces(q, end);
        q = simp;
        while (q < end && *q != ' ' && *q != '[' && *q != '/')
            q++;
        simp_end = q;
        if (simp == simp_end) {
            rc = cedict_syntax(err, path, line, "no simplified headword");
            goto done;
        }
        q = skip_spaces(q, end);
        if (q == end || *q != '[') {
            rc = cedict_syntax(err, path, line, "no '[' before the pinyin");
            goto done;
        }
        q = memchr(q, ']', (size_t)(end - q));
        if (q == NULL) {
            rc = cedict_syntax(err, path, line, "no ']' after the pinyin");
            goto done;
        }
        q = skip_spaces(q + 1, end);
        if (q == end || *q != '/') {
            rc = cedict_syntax(err, path, line, "no '/' before the glosses");
            goto done;
        }
        if (end - q < 2 || end[-1] != '/') {
            rc = cedict_syntax(err, path, line,
                               "the glosses do not end with '/'");
            goto done;
        }
        headwords++;
        /* Headwords without a Chinese character ("3C", "%") match as
         * Latin tokens already; they would only add noise here. */
        if (is_ascii(simp, (size_t)(simp_end - simp)))
            continue;
        for (const char *g = q + 1; g < end;) {
            const char *s = memchr(g, '/', (size_t)(end - g));
            const char *a = skip_spaces(g, s), *b = s;

            while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
                b--;
            rc = cedict_gloss(d, a, (size_t)(b - a), simp,
                              (size_t)(simp_end - simp));
            /* The traditional form too, where it differs, so that texts
             * in traditional characters (zh-Hant, zh-TW) are covered. */
            if (rc == STELE_OK &&
                (trad_end - trad != simp_end - simp ||
                 memcmp(trad, simp, (size_t)(simp_end - simp)) != 0))
                rc = cedict_gloss(d, a, (size_t)(b - a), trad,
                                  (size_t)(trad_end - trad));
            if (rc < 0) {
                rc = stele_error_set(err, rc, path, line, -1, "out of memory");
                goto done;
            }
            g = s + 1;
        }
    }
    if (headwords == 0)
        rc = stele_error_set(err, STELE_EFORMAT, path, 0, -1,
                             "no CC-CEDICT entries");
done:
    free(text);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Languages from file names                                           */
/* ------------------------------------------------------------------ */

/* ISO 639-3 (FreeDict's names) to the 639-1 tags stele uses elsewhere;
 * other codes are kept as they are, which is still a valid tag.
 * FreeDict's Norwegian ("nor") is Bokmål. */
static const char *iso639_1(const char *three)
{
    static const char *const map[][2] = {
        {"afr", "af"}, {"ara", "ar"}, {"bre", "br"}, {"bul", "bg"},
        {"cat", "ca"}, {"ces", "cs"}, {"cmn", "zh"}, {"cym", "cy"},
        {"dan", "da"}, {"deu", "de"}, {"ell", "el"}, {"eng", "en"},
        {"epo", "eo"}, {"fin", "fi"}, {"fra", "fr"}, {"gla", "gd"},
        {"gle", "ga"}, {"hin", "hi"}, {"hrv", "hr"}, {"hun", "hu"},
        {"ind", "id"}, {"isl", "is"}, {"ita", "it"}, {"jpn", "ja"},
        {"kor", "ko"}, {"kur", "ku"}, {"lat", "la"}, {"lit", "lt"},
        {"mkd", "mk"}, {"nld", "nl"}, {"nno", "nn"}, {"nob", "nb"},
        {"nor", "nb"}, {"oci", "oc"}, {"pol", "pl"}, {"por", "pt"},
        {"ron", "ro"}, {"rus", "ru"}, {"san", "sa"}, {"slk", "sk"},
        {"slv", "sl"}, {"spa", "es"}, {"srp", "sr"}, {"swe", "sv"},
        {"swh", "sw"}, {"tur", "tr"}, {"ukr", "uk"}, {"wol", "wo"},
        {"zho", "zh"},
    };

    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], three) == 0)
            return map[i][1];
    return three;
}

/* "freedict-eng-rus.index" -> "en", "ru"; 0 on success. */
static int langs_from_freedict_name(const char *path, char *src, char *tgt)
{
    const char *base = strrchr(path, '/');

    base = base != NULL ? base + 1 : path;
    for (const char *p = base; *p != '\0'; p++) {
        int ok = 1;
        char a[4], b[4];

        if (p != base && p[-1] != '-' && p[-1] != '_')
            continue;
        for (int i = 0; i < 7 && ok; i++) {
            char c = p[i];
            if (i == 3)
                ok = c == '-';
            else
                ok = c >= 'a' && c <= 'z';
        }
        if (!ok || isalpha((unsigned char)p[7]))
            continue;
        memcpy(a, p, 3);
        a[3] = '\0';
        memcpy(b, p + 4, 3);
        b[3] = '\0';
        strcpy(src, iso639_1(a));
        strcpy(tgt, iso639_1(b));
        return 0;
    }
    return -1;
}

/* ------------------------------------------------------------------ */
/* The command                                                         */
/* ------------------------------------------------------------------ */

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash != NULL ? slash + 1 : path;
}

/* "X.index" <-> "X.dict"; returns a malloc'd path or NULL. */
static char *sibling(const char *path, const char *from, const char *to)
{
    size_t n = strlen(path) - strlen(from);
    char *out = malloc(n + strlen(to) + 1);

    if (out == NULL)
        return NULL;
    memcpy(out, path, n);
    strcpy(out + n, to);
    return out;
}

/*
 * Write the dictionary to @p output (NULL or "-": standard output).
 * A file is written beside the destination and renamed, so that a
 * failed run never leaves half a dictionary where the aligner looks;
 * *tmp_path and *f are left for the caller to remove and close when
 * this fails. Returns a CLI status.
 */
static int write_output(dict_out *d, const char *output, const char *src,
                        const char *tgt, const char *comment, char **tmp_path,
                        FILE **f, size_t *written)
{
    int rc;

    if (output == NULL || strcmp(output, "-") == 0) {
        if (write_dict(d, stdout, src, tgt, comment, written) < 0)
            return cli_failf("out of memory");
        if (fflush(stdout) != 0 || ferror(stdout))
            return cli_failf("standard output: %s", strerror(errno));
        return CLI_OK;
    }
    *tmp_path = malloc(strlen(output) + 5);
    if (*tmp_path == NULL)
        return cli_failf("out of memory");
    snprintf(*tmp_path, strlen(output) + 5, "%s.tmp", output);
    *f = fopen(*tmp_path, "wb");
    if (*f == NULL)
        return cli_failf("%s: %s", *tmp_path, strerror(errno));
    if (write_dict(d, *f, src, tgt, comment, written) < 0)
        return cli_failf("out of memory");
    rc = ferror(*f);
    if (fclose(*f) != 0 || rc != 0) {
        *f = NULL;
        return cli_failf("%s: %s", *tmp_path, strerror(errno));
    }
    *f = NULL;
    if (rename(*tmp_path, output) != 0)
        return cli_failf("%s: %s", output, strerror(errno));
    return CLI_OK;
}

static int cmd_dict_convert(int argc, char **argv)
{
    cli_args args;
    const char *from = NULL, *src_opt = NULL, *tgt_opt = NULL;
    const char *output = NULL, *max_words_opt = NULL;
    const char *inputs[2] = {NULL, NULL};
    int ninputs = 0;
    char src[16], tgt[16];
    char *index_path = NULL, *dict_path = NULL, *tmp_path = NULL;
    char comment[4096], name[256], licence[2048] = "";
    dict_out d;
    stele_error err;
    FILE *f = NULL;
    size_t written = 0;
    int status = CLI_OK, rc, mueller;

    memset(&d, 0, sizeof d);
    d.max_words = 4;
    cli_args_init(&args, argc, argv);
    args.command = "dict";
    while (cli_args_next(&args)) {
        if (cli_args_value(&args, "--from", NULL, &from) ||
            cli_args_value(&args, "--src", NULL, &src_opt) ||
            cli_args_value(&args, "--tgt", NULL, &tgt_opt) ||
            cli_args_value(&args, "--max-words", NULL, &max_words_opt) ||
            cli_args_value(&args, "--output", "-o", &output))
            continue;
        if (!args.positional) {
            cli_args_unknown(&args);
            break;
        }
        if (ninputs == 2)
            return cli_usage_error("dict", "too many arguments");
        inputs[ninputs++] = args.arg;
    }
    if (args.error)
        return CLI_USAGE;
    if (from == NULL)
        return cli_usage_error("dict", "convert needs --from freedict, "
                                       "mueller or cedict");
    mueller = strcmp(from, "mueller") == 0;
    if (strcmp(from, "freedict") != 0 && strcmp(from, "cedict") != 0 &&
        !mueller)
        return cli_usage_error("dict", "unknown input format '%s'", from);
    if (ninputs == 0)
        return cli_usage_error("dict", "convert needs an INPUT file");
    if (ninputs == 2 && strcmp(from, "cedict") == 0)
        return cli_usage_error("dict", "--from %s takes one INPUT", from);
    if (max_words_opt != NULL &&
        cli_parse_size(max_words_opt, &d.max_words) < 0)
        return cli_usage_error("dict",
                               "--max-words needs a number, not "
                               "'%s'",
                               max_words_opt);
    for (int i = 0; i < 2; i++) {
        const char *tag = i == 0 ? src_opt : tgt_opt;
        if (tag != NULL && !cli_lang_is_valid(tag))
            return cli_usage_error("dict", "'%s' is not a language tag", tag);
    }

    if (strcmp(from, "cedict") == 0) {
        strcpy(src, "en");
        strcpy(tgt, "zh");
    } else {
        if (ninputs == 2) {
            index_path = strdup(inputs[0]);
            dict_path = strdup(inputs[1]);
        } else if (ends_with(inputs[0], ".index")) {
            index_path = strdup(inputs[0]);
            dict_path = sibling(inputs[0], ".index", ".dict");
        } else if (ends_with(inputs[0], ".dict")) {
            index_path = sibling(inputs[0], ".dict", ".index");
            dict_path = strdup(inputs[0]);
        } else if (ends_with(inputs[0], ".dict.dz")) {
            return cli_failf("%s: compressed (dictzip): decompress it "
                             "first with zcat",
                             inputs[0]);
        } else {
            return cli_usage_error("dict",
                                   "'%s' is neither a .index nor "
                                   "a .dict; give both",
                                   inputs[0]);
        }
        if (index_path == NULL || dict_path == NULL) {
            status = cli_failf("out of memory");
            goto done;
        }
        if (mueller) {
            strcpy(src, "en");
            strcpy(tgt, "ru");
        } else if (langs_from_freedict_name(index_path, src, tgt) < 0 &&
                   (src_opt == NULL || tgt_opt == NULL)) {
            status = cli_usage_error("dict",
                                     "cannot tell the languages "
                                     "from '%s': give --src and --tgt",
                                     base_name(index_path));
            goto done;
        }
    }
    if (src_opt != NULL)
        snprintf(src, sizeof src, "%s", src_opt);
    if (tgt_opt != NULL)
        snprintf(tgt, sizeof tgt, "%s", tgt_opt);

    /* The input's name goes into a comment line: no control bytes. */
    snprintf(name, sizeof name, "%s",
             base_name(index_path != NULL ? index_path : inputs[0]));
    for (char *c = name; *c != '\0'; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7F)
            *c = '?';

    stele_error_clear(&err);
    if (strcmp(from, "cedict") == 0) {
        rc = convert_cedict(&d, inputs[0], &err);
        snprintf(comment, sizeof comment,
                 "# from CC-CEDICT (%s) by stele dict convert\n"
                 "# licence: CC BY-SA 4.0, as CC-CEDICT\n",
                 name);
    } else if (mueller) {
        rc = convert_freedict(&d, index_path, dict_path, 1, licence,
                              sizeof licence, &err);
        snprintf(comment, sizeof comment,
                 "# from the Mueller dictionary (%s) by stele dict convert\n"
                 "# licence: GNU GPL version 2 or later, as the Mueller "
                 "dictionary\n",
                 name);
    } else {
        rc = convert_freedict(&d, index_path, dict_path, 0, licence,
                              sizeof licence, &err);
        /* FreeDict's databases are under different terms (GPL 2 or 3,
         * CC BY-SA 3.0): the file repeats what its own says */
        if (licence[0] != '\0')
            snprintf(comment, sizeof comment,
                     "# from FreeDict (%s) by stele dict convert\n"
                     "# licence of %s, as it states it: %s\n",
                     name, name, licence);
        else
            snprintf(comment, sizeof comment,
                     "# from FreeDict (%s) by stele dict convert\n"
                     "# licence: %s does not state one\n",
                     name, name);
    }
    if (rc < 0) {
        status = cli_fail(&err);
        goto done;
    }

    status =
        write_output(&d, output, src, tgt, comment, &tmp_path, &f, &written);
done:
    if (f != NULL && f != stdout)
        fclose(f);
    if (status != CLI_OK && tmp_path != NULL)
        remove(tmp_path);
    free(tmp_path);
    free(index_path);
    free(dict_path);
    dict_out_free(&d);
    return status;
}

/* ------------------------------------------------------------------ */
/* stele dict merge                                                    */
/* ------------------------------------------------------------------ */

/* Comment lines carried over from the inputs (their sources and
 * licences), each once, in the order met. */
typedef struct comments {
    char *text; /* "# ...\n" lines; malloc'd */
    size_t len;
    size_t cap;
} comments;

static int comments_add(comments *c, const char *line, size_t n)
{
    for (const char *p = c->text; p != NULL && p < c->text + c->len;) {
        const char *eol = memchr(p, '\n', (size_t)(c->text + c->len - p));

        if ((size_t)(eol - p) == n && memcmp(p, line, n) == 0)
            return STELE_OK;
        p = eol + 1;
    }
    if (c->len + n + 2 > c->cap) {
        size_t want = (c->cap + n + 2) * 2;
        char *grown = realloc(c->text, want);

        if (grown == NULL)
            return STELE_ENOMEM;
        c->text = grown;
        c->cap = want;
    }
    memcpy(c->text + c->len, line, n);
    c->text[c->len + n] = '\n';
    c->text[c->len + n + 1] = '\0';
    c->len += n + 1;
    return STELE_OK;
}

/*
 * Whether the phrase [s, s + len) in language @p lang is one word, an
 * English one after a leading "to", "a", "an" or "the" ("to wait").
 * A dictionary turned round has the translations of the other direction
 * as its headwords, and a translation that is a phrase is mostly a
 * paraphrase ("dwelling place" for Domizil): as a source it would tie
 * the word to every content word of it, "place" among them. Over the 28
 * language pairs of corpora/, merging FreeDict's X-English turned round
 * into the English-X dictionaries, mean strict F1 was 0.9743 with its
 * phrases, 0.9759 without them and 0.9764 without X-English (one bead,
 * moselle-harvest en-fr, found by a correct "ce @ that").
 */
static int one_word(const char *s, size_t len, const char *lang)
{
    static const char *const articles[] = {"to ", "a ", "an ", "the ", NULL};

    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (strcmp(lang, "en") == 0 || strncmp(lang, "en-", 3) == 0)
        for (const char *const *a = articles; *a != NULL; a++)
            if (starts_with(s, len, *a) && len > strlen(*a)) {
                s += strlen(*a);
                len -= strlen(*a);
                break;
            }
    for (size_t i = 0; i < len; i++)
        if (s[i] == ' ' || s[i] == '\t')
            return 0;
    return len > 0;
}

/*
 * Read one dictionary in stele's format into @p d. Its languages, from
 * its "# stele-dict" line or else its name (SRC-TGT.dict), must be
 * @p src and @p tgt, or set them when those are empty; a dictionary of
 * the other direction (TGT-SRC) is read turned round, "A @ B" as
 * "B @ A", so that @p src stays the source side: the side whose words
 * the aligner takes as concepts (align/dict.c). Of a dictionary turned
 * round, only the entries whose new source is one word are kept
 * (one_word).
 */
static int read_stele_dict(dict_out *d, comments *c, const char *path,
                           char *src, char *tgt, stele_error *err)
{
    char *text = NULL;
    size_t len;
    long line = 0;
    char a[16] = "", b[16] = "";
    int rc, turned = 0;

    rc = read_file(path, &text, &len, err);
    if (rc < 0)
        goto done;
    rc = check_utf8(path, text, len, err);
    if (rc < 0)
        goto done;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        memset(text, ' ', 3);
    if (sscanf(text, " # stele-dict %15s %15s", a, b) != 2) {
        const char *base = base_name(path);
        const char *dash = strchr(base, '-');
        const char *dot = dash != NULL ? strchr(dash, '.') : NULL;

        if (dash == NULL || dot == NULL || dash - base >= 16 ||
            dot - dash - 1 >= 16 || strcmp(dot, ".dict") != 0) {
            rc = stele_error_set(err, STELE_EFORMAT, path, 1, -1,
                                 "no '# stele-dict SRC TGT' line and no "
                                 "SRC-TGT.dict name: the languages are "
                                 "unknown");
            goto done;
        }
        memcpy(a, base, (size_t)(dash - base));
        a[dash - base] = '\0';
        memcpy(b, dash + 1, (size_t)(dot - dash - 1));
        b[dot - dash - 1] = '\0';
    }
    if (!cli_lang_is_valid(a) || !cli_lang_is_valid(b)) {
        rc = stele_error_set(err, STELE_EFORMAT, path, 1, -1,
                             "'%s' or '%s' is not a language tag", a, b);
        goto done;
    }
    if (src[0] == '\0') {
        strcpy(src, a);
        strcpy(tgt, b);
    } else if (tgt[0] == '\0' && strcmp(src, a) == 0) {
        strcpy(tgt, b);
    } else if (tgt[0] == '\0' && strcmp(src, b) == 0) {
        strcpy(tgt, a);
    } else if (tgt[0] == '\0') {
        rc = stele_error_set(err, STELE_EINVAL, path, 1, -1,
                             "a dictionary for %s-%s, without the source "
                             "language %s",
                             a, b, src);
        goto done;
    }
    if (strcmp(src, b) == 0 && strcmp(tgt, a) == 0) {
        turned = 1;
    } else if (strcmp(src, a) != 0 || strcmp(tgt, b) != 0) {
        rc = stele_error_set(err, STELE_EINVAL, path, 1, -1,
                             "a dictionary for %s-%s, but the first is for "
                             "%s-%s",
                             a, b, src, tgt);
        goto done;
    }

    for (const char *p = text, *eol; p < text + len; p = eol + 1) {
        const char *end, *at;

        line++;
        eol = memchr(p, '\n', (size_t)(text + len - p));
        if (eol == NULL)
            eol = text + len;
        end = eol;
        if (end > p && end[-1] == '\r')
            end--;
        p = skip_spaces(p, end);
        if (p == end)
            continue;
        if (*p == '#') {
            if (!starts_with(p, (size_t)(end - p), "# stele-dict ") &&
                comments_add(c, p, (size_t)(end - p)) < 0) {
                rc = STELE_ENOMEM;
                goto done;
            }
            continue;
        }
        at = NULL;
        for (const char *q = p; q + 3 <= end; q++)
            if (memcmp(q, " @ ", 3) == 0) {
                at = q;
                break;
            }
        if (at == NULL || at == p || at + 3 >= end) {
            rc = stele_error_set(err, STELE_EFORMAT, path, line, -1,
                                 "expected 'TARGET @ SOURCE'");
            goto done;
        }
        if (turned && !one_word(p, (size_t)(at - p), src))
            continue;
        if (turned)
            rc = add_entry(d, p, (size_t)(at - p), at + 3,
                           (size_t)(end - at - 3));
        else
            rc = add_entry(d, at + 3, (size_t)(end - at - 3), p,
                           (size_t)(at - p));
        if (rc < 0)
            goto done;
    }
done:
    if (rc == STELE_ENOMEM)
        stele_error_set(err, rc, path, line, -1, "out of memory");
    free(text);
    return rc;
}

static int cmd_dict_merge(int argc, char **argv)
{
    cli_args args;
    const char *output = NULL, *src_opt = NULL;
    const char **inputs = NULL;
    int ninputs = 0;
    char src[16] = "", tgt[16] = "";
    char *tmp_path = NULL;
    comments c = {NULL, 0, 0};
    dict_out d;
    stele_error err;
    FILE *f = NULL;
    size_t written;
    int status = CLI_OK;

    memset(&d, 0, sizeof d);
    d.any_phrase = 1;
    inputs = calloc((size_t)argc, sizeof *inputs);
    if (inputs == NULL)
        return cli_failf("out of memory");
    cli_args_init(&args, argc, argv);
    args.command = "dict";
    while (cli_args_next(&args)) {
        if (cli_args_value(&args, "--output", "-o", &output) ||
            cli_args_value(&args, "--src", NULL, &src_opt))
            continue;
        if (!args.positional) {
            cli_args_unknown(&args);
            break;
        }
        inputs[ninputs++] = args.arg;
    }
    if (args.error) {
        status = CLI_USAGE;
        goto done;
    }
    if (ninputs == 0) {
        status = cli_usage_error("dict", "merge needs at least one "
                                         "dictionary");
        goto done;
    }
    if (src_opt != NULL) {
        if (!cli_lang_is_valid(src_opt) || strlen(src_opt) >= sizeof src) {
            status = cli_usage_error("dict", "'%s' is not a language tag",
                                     src_opt);
            goto done;
        }
        strcpy(src, src_opt);
    }
    stele_error_clear(&err);
    for (int i = 0; i < ninputs; i++) {
        if (read_stele_dict(&d, &c, inputs[i], src, tgt, &err) < 0) {
            status = cli_fail(&err);
            goto done;
        }
    }
    status = write_output(&d, output, src, tgt, c.text != NULL ? c.text : "",
                          &tmp_path, &f, &written);
done:
    if (f != NULL && f != stdout)
        fclose(f);
    if (status != CLI_OK && tmp_path != NULL)
        remove(tmp_path);
    free(tmp_path);
    free(c.text);
    free(inputs);
    dict_out_free(&d);
    return status;
}

int cmd_dict(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("dict", "needs a subcommand: convert, "
                                       "merge");
    if (strcmp(argv[1], "convert") == 0)
        return cmd_dict_convert(argc - 1, argv + 1);
    if (strcmp(argv[1], "merge") == 0)
        return cmd_dict_merge(argc - 1, argv + 1);
    return cli_usage_error("dict", "unknown subcommand '%s'", argv[1]);
}
