/*
 * tests/test_corpus.c - an evaluation corpus under corpora/ is what
 * scripts/check_corpus.py says it must be, checked here in C so that the
 * test suite needs no Python:
 *
 *   - every .txt, .sents and .gold file is UTF-8 without a BOM, NFC, with
 *     LF line ends and no tab, NBSP or narrow NBSP;
 *   - the texts have the same number of lines, blank in the same places;
 *   - each .sents line is a stripped substring of a .txt line, in text
 *     order, the sentences of a line reproduce its non-space characters,
 *     and a sentence that shares its line with others ends with terminal
 *     punctuation (closing quotes and brackets may follow);
 *   - a gold for every pair of languages, in the order given, and one for
 *     all of them (with three or more), plus any other multi-way gold of
 *     three or more of them that the folder holds: Vecalign's bead syntax
 *     exactly ("[1, 2]:[3]"), every index once per field, in order,
 *     consecutive within a bead, none crossing a text line;
 *   - each pairwise bead lies in one unit of each multi-way gold, and each
 *     unit is connected by the pairwise beads (it is minimal).
 *
 * A checker that accepts everything would pass on good data, so the last
 * test breaks copies of the very corpus under test in memory, one way per
 * rule, and requires each copy to be rejected with the right message
 * naming the right file.
 *
 * usage: test_corpus CORPUS_DIR LANGS     (LANGS such as en,ru,zh)
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#define MAX_LANGS 8
#define MAX_PAIRS (MAX_LANGS * (MAX_LANGS - 1) / 2)
#define MAX_MULTI 32
#define MAX_FILES 128
#define MAX_NAME 64
/* A corpus file is a few kilobytes; anything near this is a mistake. */
#define MAX_FILE_BYTES ((size_t)64 << 20)

/* ------------------------------------------------------------ files */

typedef struct {
    char name[MAX_NAME]; /* name inside the corpus folder: "en.txt" */
    char *data;          /* its bytes, malloc'd, NUL-terminated */
    size_t len;          /* bytes, without the NUL */
} cfile;

/* The .txt, .sents and .gold files of one corpus folder, in memory. */
typedef struct {
    const char *dir; /* the folder, for messages; borrowed from argv */
    cfile file[MAX_FILES];
    size_t n;
} corpus;

static const char *dir_arg;
static char langs_arg[256];

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static cfile *find_file(corpus *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->file[i].name, name) == 0)
            return &c->file[i];
    return NULL;
}

static void free_corpus(corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->file[i].data);
        c->file[i].data = NULL;
    }
    c->n = 0;
}

/* Adds (or replaces) a file; takes ownership of data. */
static void put_file(corpus *c, const char *name, char *data, size_t len)
{
    cfile *f = find_file(c, name);

    if (f == NULL) {
        if (c->n == MAX_FILES)
            fail_msg("%s: more than %d corpus files", c->dir, MAX_FILES);
        f = &c->file[c->n++];
        snprintf(f->name, sizeof f->name, "%s", name);
    } else {
        free(f->data);
    }
    f->data = data;
    f->len = len;
}

static void remove_file(corpus *c, const char *name)
{
    cfile *f = find_file(c, name);

    if (f == NULL)
        return;
    free(f->data);
    *f = c->file[--c->n];
}

static char *dup_bytes(const char *p, size_t len)
{
    char *d = malloc(len + 1);

    if (d == NULL)
        fail_msg("out of memory");
    memcpy(d, p, len);
    d[len] = '\0';
    return d;
}

static void copy_corpus(corpus *dst, const corpus *src)
{
    dst->dir = src->dir;
    dst->n = 0;
    for (size_t i = 0; i < src->n; i++)
        put_file(dst, src->file[i].name,
                 dup_bytes(src->file[i].data, src->file[i].len),
                 src->file[i].len);
}

/* Reads every .txt, .sents and .gold file of dir; 0, or -1 with msg. */
static int load_corpus(corpus *c, const char *dir, char *msg, size_t size)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = 0;

    c->dir = dir;
    c->n = 0;
    if (d == NULL) {
        snprintf(msg, size, "%s: cannot open the corpus folder", dir);
        return -1;
    }
    while (rc == 0 && (e = readdir(d)) != NULL) {
        char path[4096];
        struct stat st;
        FILE *fp;
        char *data;

        if (!has_suffix(e->d_name, ".txt") &&
            !has_suffix(e->d_name, ".sents") && !has_suffix(e->d_name, ".gold"))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (strlen(e->d_name) >= MAX_NAME || c->n == MAX_FILES ||
            (size_t)st.st_size > MAX_FILE_BYTES) {
            snprintf(msg, size,
                     "%s/%s: name, size or number of files "
                     "beyond the test's limits",
                     dir, e->d_name);
            rc = -1;
            break;
        }
        fp = fopen(path, "rb");
        data = malloc((size_t)st.st_size + 1);
        if (fp == NULL || data == NULL ||
            fread(data, 1, (size_t)st.st_size, fp) != (size_t)st.st_size) {
            snprintf(msg, size, "%s/%s: cannot read", dir, e->d_name);
            rc = -1;
            free(data);
        } else {
            data[st.st_size] = '\0';
            put_file(c, e->d_name, data, (size_t)st.st_size);
        }
        if (fp != NULL)
            fclose(fp);
    }
    closedir(d);
    if (rc != 0)
        free_corpus(c);
    return rc;
}

/* ------------------------------------------------------------ UTF-8 */

/* Offset of the first byte that does not start a well-formed UTF-8
 * sequence (overlong forms, surrogates and code points beyond U+10FFFF
 * are ill-formed, as Python's strict decoder has it), or -1. */
static long utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned char b = s[i];
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;

        if (b < 0x80) {
            i++;
            continue;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            need = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            need = 2;
            if (b == 0xE0)
                lo = 0xA0;
            else if (b == 0xED)
                hi = 0x9F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            need = 3;
            if (b == 0xF0)
                lo = 0x90;
            else if (b == 0xF4)
                hi = 0x8F;
        } else {
            return (long)i;
        }
        if (i + need >= len)
            return (long)i;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return (long)i;
        for (size_t k = 2; k <= need; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return (long)i;
        i += need + 1;
    }
    return -1;
}

/* The code point at s[*i] of well-formed UTF-8; advances *i. */
static uint32_t next_cp(const char *s, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s + *i;
    uint32_t c;
    size_t n;

    if (u[0] < 0x80) {
        c = u[0];
        n = 1;
    } else if (u[0] < 0xE0) {
        c = u[0] & 0x1Fu;
        n = 2;
    } else if (u[0] < 0xF0) {
        c = u[0] & 0x0Fu;
        n = 3;
    } else {
        c = u[0] & 0x07u;
        n = 4;
    }
    for (size_t k = 1; k < n; k++)
        c = (c << 6) | (u[k] & 0x3Fu);
    *i += n;
    return c;
}

/* The start of the code point that ends at s[end] (exclusive). */
static size_t prev_start(const char *s, size_t end)
{
    do
        end--;
    while (end > 0 && ((unsigned char)s[end] & 0xC0) == 0x80);
    return end;
}

/* White space as Python's str.isspace() (and so its \s and strip())
 * sees it: Unicode White_Space plus the information separators. */
static int is_space(uint32_t c)
{
    return u_isUWhiteSpace((UChar32)c) || (c >= 0x1C && c <= 0x1F);
}

static int all_space(const char *p, size_t len)
{
    size_t i = 0;

    while (i < len)
        if (!is_space(next_cp(p, &i)))
            return 0;
    return 1;
}

static int is_nfc(const char *s, size_t len, int *nfc)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *norm = unorm2_getNFCInstance(&st);
    int32_t n16 = 0;
    UChar *u16;

    if (len > INT32_MAX / 2)
        return -1;
    u_strFromUTF8(NULL, 0, &n16, s, (int32_t)len, &st);
    if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
        return -1;
    st = U_ZERO_ERROR;
    u16 = malloc(((size_t)n16 + 1) * sizeof *u16);
    if (u16 == NULL)
        return -1;
    u_strFromUTF8(u16, n16 + 1, NULL, s, (int32_t)len, &st);
    if (U_SUCCESS(st))
        *nfc = unorm2_isNormalized(norm, u16, n16, &st) ? 1 : 0;
    free(u16);
    return U_SUCCESS(st) ? 0 : -1;
}

/* ------------------------------------------------------------ checker */

typedef struct {
    const char *p; /* into a corpus file */
    size_t len;
} span;

typedef struct {
    char lang[16];
    const cfile *txt;
    const cfile *sents;
    size_t nlines;
    span *line; /* the .txt split at LF */
    size_t nsents;
    span *sent;         /* the .sents lines */
    size_t *sent_line;  /* sentence -> its .txt line (0-based) */
    size_t *sent_off;   /* sentence -> its byte offset in the .txt */
    size_t *line_nsent; /* .txt line -> how many sentences it holds */
} ldata;

typedef struct {
    size_t first; /* first sentence index, when count > 0 */
    size_t count;
} side;

typedef struct {
    char name[MAX_NAME];
    size_t nf;              /* fields: languages */
    size_t lang[MAX_LANGS]; /* field -> index into checker.l */
    size_t nbeads;
    side *bead; /* nbeads * nf sides */
} gold;

typedef enum { STAGE_TEXTS, STAGE_SENTS, STAGE_PAIRS, STAGE_MULTI } stage;

typedef struct {
    corpus *c;
    size_t nl;
    ldata l[MAX_LANGS];
    size_t npairs;
    gold pair[MAX_PAIRS]; /* in the order of itertools.combinations */
    size_t nmulti;
    gold multi[MAX_MULTI]; /* the one of all languages first */
    char err[1024];        /* the first error */
} checker;

#if defined(__GNUC__)
#define PRINTF_LIKE __attribute__((format(printf, 2, 3)))
#else
#define PRINTF_LIKE
#endif

static int bad(checker *k, const char *fmt, ...) PRINTF_LIKE;

static int bad(checker *k, const char *fmt, ...)
{
    va_list ap;

    if (k->err[0] == '\0') {
        va_start(ap, fmt);
        vsnprintf(k->err, sizeof k->err, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n == 0 ? 1 : n, size);

    if (p == NULL)
        fail_msg("out of memory");
    return p;
}

static void checker_free(checker *k)
{
    for (size_t i = 0; i < k->nl; i++) {
        free(k->l[i].line);
        free(k->l[i].sent);
        free(k->l[i].sent_line);
        free(k->l[i].sent_off);
        free(k->l[i].line_nsent);
    }
    for (size_t i = 0; i < k->npairs; i++)
        free(k->pair[i].bead);
    for (size_t i = 0; i < k->nmulti; i++)
        free(k->multi[i].bead);
    memset(k, 0, sizeof *k);
}

static int need_file(checker *k, const char *name, const cfile **out)
{
    *out = find_file(k->c, name);
    if (*out == NULL)
        return bad(k, "%s/%s: cannot read: no such file", k->c->dir, name);
    return 0;
}

/* Where needle occurs in hay at or after from, or -1. */
static long find_in(span hay, size_t from, span needle)
{
    if (needle.len > hay.len)
        return -1;
    for (size_t j = from; j + needle.len <= hay.len; j++)
        if (memcmp(hay.p + j, needle.p, needle.len) == 0)
            return (long)j;
    return -1;
}

static int check_encoding(checker *k, const cfile *f)
{
    static const struct {
        const char *bytes;
        const char *name;
    } banned[] = {
        {"\xc2\xa0", "NBSP"}, {"\t", "TAB"}, {"\xe2\x80\xaf", "NNBSP"}};
    span all = {f->data, f->len};
    const char *d = k->c->dir;
    long at;
    int nfc = 0;

    if (f->len >= 3 && memcmp(f->data, "\xef\xbb\xbf", 3) == 0)
        return bad(k, "%s/%s: starts with a BOM", d, f->name);
    if (memchr(f->data, '\r', f->len) != NULL)
        return bad(k, "%s/%s: contains CR", d, f->name);
    at = utf8_invalid_at((const unsigned char *)f->data, f->len);
    if (at >= 0)
        return bad(k, "%s/%s: invalid UTF-8 at byte %ld", d, f->name, at);
    if (is_nfc(f->data, f->len, &nfc) != 0)
        return bad(k, "%s/%s: ICU cannot normalise it", d, f->name);
    if (!nfc)
        return bad(k, "%s/%s: not NFC", d, f->name);
    for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++) {
        span b = {banned[i].bytes, strlen(banned[i].bytes)};

        if (find_in(all, 0, b) >= 0)
            return bad(k, "%s/%s: contains %s", d, f->name, banned[i].name);
    }
    if (memchr(f->data, '\0', f->len) != NULL)
        return bad(k, "%s/%s: contains NUL", d, f->name);
    return 0;
}

/* Splits at LF; *out gets n spans (a final LF gives a last empty one). */
static size_t split_lines(const char *p, size_t len, span **out)
{
    size_t n = 1, k = 0, start = 0;

    for (size_t i = 0; i < len; i++)
        n += p[i] == '\n';
    *out = xcalloc(n, sizeof **out);
    for (size_t i = 0; i <= len; i++)
        if (i == len || p[i] == '\n') {
            (*out)[k].p = p + start;
            (*out)[k].len = i - start;
            k++;
            start = i + 1;
        }
    return n;
}

static int check_texts(checker *k)
{
    char name[MAX_NAME];

    for (size_t i = 0; i < k->nl; i++) {
        ldata *l = &k->l[i];

        snprintf(name, sizeof name, "%s.txt", l->lang);
        if (need_file(k, name, &l->txt) != 0 || check_encoding(k, l->txt) != 0)
            return -1;
        l->nlines = split_lines(l->txt->data, l->txt->len, &l->line);
    }
    for (size_t i = 1; i < k->nl; i++)
        if (k->l[i].nlines != k->l[0].nlines) {
            char counts[512];
            size_t at = 0;

            for (size_t j = 0; j < k->nl && at < sizeof counts; j++)
                at += (size_t)snprintf(counts + at, sizeof counts - at,
                                       "%s%s %zu", j ? ", " : "", k->l[j].lang,
                                       k->l[j].nlines);
            return bad(k, "line counts differ: %s", counts);
        }
    for (size_t i = 1; i < k->nl; i++)
        for (size_t n = 0; n < k->l[0].nlines; n++)
            if (all_space(k->l[0].line[n].p, k->l[0].line[n].len) !=
                all_space(k->l[i].line[n].p, k->l[i].line[n].len))
                return bad(k,
                           "%s.txt and %s.txt: blank lines differ at "
                           "line %zu",
                           k->l[0].lang, k->l[i].lang, n + 1);
    return 0;
}

/* The first 40 code points of s, for messages. */
static const char *excerpt(span s, char *buf, size_t size)
{
    size_t i = 0, n = 0;

    while (i < s.len && n < 40) {
        next_cp(s.p, &i);
        n++;
    }
    snprintf(buf, size, "'%.*s%s'", (int)i, s.p, i < s.len ? "..." : "");
    return buf;
}

/* Whether the non-space characters of a, then b, ... are those of line:
 * the sentences of a line reproduce it. */
static int same_nonspace(const ldata *l, size_t line)
{
    span t = l->line[line];
    size_t ti = 0;

    for (size_t s = 0; s < l->nsents; s++) {
        span x = l->sent[s];
        size_t xi = 0;

        if (l->sent_line[s] != line)
            continue;
        while (xi < x.len) {
            uint32_t c = next_cp(x.p, &xi), d = 0;

            if (is_space(c))
                continue;
            while (ti < t.len && is_space(d = next_cp(t.p, &ti)))
                d = 0;
            if (c != d)
                return 0;
        }
    }
    return all_space(t.p + ti, t.len - ti);
}

/* A sentence ends with . ! ? 。 ！ ？ or …, then any closing quotes and
 * brackets, each after at most one space: German “ ‘ close, and French
 * » follows a space (the END_RE of check_corpus.py). */
static int ends_sentence(span s)
{
    static const uint32_t closers[] = {0xBB,   0x203A, '"',    0x201D,
                                       0x2019, 0x201C, 0x2018, ')',
                                       0xFF09, 0x300D, 0x300F, ']'};
    static const uint32_t ends[] = {'.',    '!',    '?',   0x3002,
                                    0xFF01, 0xFF1F, 0x2026};
    size_t end = s.len;

    while (end > 0) {
        size_t at = prev_start(s.p, end), i = at;
        uint32_t c = next_cp(s.p, &i);
        int closer = 0;

        for (size_t j = 0; j < sizeof ends / sizeof ends[0]; j++)
            if (c == ends[j])
                return 1;
        for (size_t j = 0; j < sizeof closers / sizeof closers[0]; j++)
            closer |= c == closers[j];
        if (!closer)
            return 0;
        end = at;
        if (end > 0 && s.p[end - 1] == ' ')
            end--;
    }
    return 0;
}

static int check_sentences(checker *k, ldata *l)
{
    const char *d = k->c->dir;
    char name[MAX_NAME], ex[256];
    size_t li = 0, pos = 0;

    snprintf(name, sizeof name, "%s.sents", l->lang);
    if (need_file(k, name, &l->sents) != 0 || check_encoding(k, l->sents) != 0)
        return -1;
    if (l->sents->len == 0 || l->sents->data[l->sents->len - 1] != '\n')
        return bad(k, "%s/%s: missing final newline", d, name);
    l->nsents = split_lines(l->sents->data, l->sents->len - 1, &l->sent);
    l->sent_line = xcalloc(l->nsents, sizeof *l->sent_line);
    l->sent_off = xcalloc(l->nsents, sizeof *l->sent_off);
    l->line_nsent = xcalloc(l->nlines, sizeof *l->line_nsent);
    for (size_t s = 0; s < l->nsents; s++) {
        span x = l->sent[s];
        size_t i = 0, last;

        if (x.len > 0) {
            last = prev_start(x.p, x.len);
            if (is_space(next_cp(x.p, &i)) || is_space(next_cp(x.p, &last)))
                x.len = 0;
        }
        if (x.len == 0)
            return bad(k, "%s/%s:%zu: empty or not stripped", d, name, s + 1);
        for (;; li++, pos = 0) {
            long j;

            if (li == l->nlines)
                return bad(k, "%s/%s:%zu: not found in %s.txt", d, name, s + 1,
                           l->lang);
            j = find_in(l->line[li], pos, x);
            if (j >= 0 && all_space(l->line[li].p + pos, (size_t)j - pos)) {
                pos = (size_t)j + x.len;
                break;
            }
            if (!all_space(l->line[li].p + pos, l->line[li].len - pos))
                return bad(k,
                           "%s/%s:%zu: not the next text of %s.txt line "
                           "%zu: %s",
                           d, name, s + 1, l->lang, li + 1,
                           excerpt(x, ex, sizeof ex));
        }
        l->sent_line[s] = li;
        l->sent_off[s] = (size_t)(l->line[li].p - l->txt->data) + pos - x.len;
        l->line_nsent[li]++;
    }
    for (size_t n = 0; n < l->nlines; n++)
        if (!same_nonspace(l, n))
            return bad(k,
                       "%s/%s.txt:%zu: sentences do not reproduce the "
                       "line",
                       d, l->lang, n + 1);
    for (size_t s = 0; s < l->nsents; s++)
        if (l->line_nsent[l->sent_line[s]] > 1 && !ends_sentence(l->sent[s]))
            return bad(k,
                       "%s/%s:%zu: sentence inside a paragraph does not "
                       "end with terminal punctuation",
                       d, name, s + 1);
    return 0;
}

/* Parses one side "[]", "[3]" or "[3, 4]" at *p and advances *p. With
 * want, each index must be *want, which then counts up; a wrong one goes
 * to *got. Returns how many indices, -1 if malformed, -2 on a wrong one. */
static long parse_side(const char **p, const char *end, size_t *want,
                       size_t *got)
{
    const char *q = *p;
    long n = 0;

    if (q == end || *q++ != '[')
        return -1;
    if (q < end && *q == ']') {
        *p = q + 1;
        return 0;
    }
    for (;;) {
        size_t v = 0;
        const char *digits = q;

        while (q < end && *q >= '0' && *q <= '9') {
            /* saturate: a huge index is then simply not the expected one */
            v = v > SIZE_MAX / 20 ? SIZE_MAX / 2 : v * 10 + (size_t)(*q - '0');
            q++;
        }
        if (q == digits)
            return -1;
        if (want != NULL && v != (*want)++) {
            *got = v;
            return -2;
        }
        n++;
        if (q < end && *q == ']') {
            *p = q + 1;
            return n;
        }
        if (end - q < 2 || q[0] != ',' || q[1] != ' ')
            return -1;
        q += 2;
    }
}

/* Parses and checks a gold of g->nf fields (g->name, g->lang set). */
static int parse_gold(checker *k, gold *g)
{
    const char *d = k->c->dir;
    const cfile *f;
    span *lines = NULL;
    size_t nlines, next[MAX_LANGS] = {0};
    int rc = 0;

    if (need_file(k, g->name, &f) != 0 || check_encoding(k, f) != 0)
        return -1;
    if (f->len == 0 || f->data[f->len - 1] != '\n')
        return bad(k, "%s/%s: missing final newline", d, g->name);
    nlines = split_lines(f->data, f->len - 1, &lines);
    g->bead = xcalloc(nlines * g->nf, sizeof *g->bead);
    g->nbeads = nlines;
    for (size_t b = 0; rc == 0 && b < nlines; b++) {
        const char *p = lines[b].p, *end = p + lines[b].len;
        long n = 0, total = 0;

        for (size_t fi = 0; n >= 0 && fi < g->nf; fi++) {
            if (fi > 0 && (p == end || *p++ != ':'))
                n = -1;
            else
                n = parse_side(&p, end, NULL, NULL);
            total += n;
        }
        if (n < 0 || p != end) {
            rc = bad(k, "%s/%s:%zu: malformed bead '%.*s'", d, g->name, b + 1,
                     (int)lines[b].len, lines[b].p);
            break;
        }
        if (total == 0) {
            rc = bad(k, "%s/%s:%zu: empty bead", d, g->name, b + 1);
            break;
        }
        p = lines[b].p;
        for (size_t fi = 0; rc == 0 && fi < g->nf; fi++) {
            side *s = &g->bead[b * g->nf + fi];
            size_t got = 0;

            p += fi > 0; /* the ':' between sides */
            s->first = next[fi];
            n = parse_side(&p, end, &next[fi], &got);
            if (n == -2)
                rc = bad(k,
                         "%s/%s:%zu: index %zu in field %zu: expected %zu "
                         "(each index once, in increasing order)",
                         d, g->name, b + 1, got, fi + 1, next[fi] - 1);
            s->count = (size_t)n;
        }
    }
    for (size_t fi = 0; rc == 0 && fi < g->nf; fi++)
        if (next[fi] != k->l[g->lang[fi]].nsents)
            rc = bad(k, "%s/%s: field %zu covers %zu of %zu sentences", d,
                     g->name, fi + 1, next[fi], k->l[g->lang[fi]].nsents);
    free(lines);
    return rc;
}

/* The .txt line of a bead, or SIZE_MAX if its sentences lie on several. */
static size_t bead_line(const checker *k, const gold *g, size_t b)
{
    size_t line = SIZE_MAX;

    for (size_t fi = 0; fi < g->nf; fi++) {
        const side *s = &g->bead[b * g->nf + fi];
        const ldata *l = &k->l[g->lang[fi]];

        for (size_t i = s->first; i < s->first + s->count; i++) {
            if (line != SIZE_MAX && l->sent_line[i] != line)
                return SIZE_MAX;
            line = l->sent_line[i];
        }
    }
    return line;
}

static int check_pairs(checker *k)
{
    for (size_t a = 0; a < k->nl; a++)
        for (size_t b = a + 1; b < k->nl; b++) {
            gold *g = &k->pair[k->npairs++];

            snprintf(g->name, sizeof g->name, "%s-%s.gold", k->l[a].lang,
                     k->l[b].lang);
            g->nf = 2;
            g->lang[0] = a;
            g->lang[1] = b;
            if (parse_gold(k, g) != 0)
                return -1;
            for (size_t i = 0; i < g->nbeads; i++)
                if (bead_line(k, g, i) == SIZE_MAX)
                    return bad(k, "%s/%s:%zu: bead crosses a line boundary",
                               k->c->dir, g->name, i + 1);
        }
    return 0;
}

static size_t lang_index(const checker *k, const char *lang, size_t len)
{
    for (size_t i = 0; i < k->nl; i++)
        if (strlen(k->l[i].lang) == len && memcmp(k->l[i].lang, lang, len) == 0)
            return i;
    return SIZE_MAX;
}

static int add_multi(checker *k, const size_t *langs, size_t n)
{
    gold *g;
    char name[MAX_NAME - 5] = ""; /* room for ".gold" in gold.name */
    size_t at = 0;

    for (size_t m = 0; m < k->nmulti; m++)
        if (k->multi[m].nf == n &&
            memcmp(k->multi[m].lang, langs, n * sizeof *langs) == 0)
            return 0;
    if (k->nmulti == MAX_MULTI)
        return bad(k, "%s: more than %d multi-way golds", k->c->dir, MAX_MULTI);
    g = &k->multi[k->nmulti++];
    g->nf = n;
    for (size_t i = 0; i < n; i++) {
        g->lang[i] = langs[i];
        at += (size_t)snprintf(name + at, sizeof name - at, "%s%s",
                               i ? "-" : "", k->l[langs[i]].lang);
        if (at >= sizeof name)
            return bad(k, "%s: the name of a %zu-way gold is too long",
                       k->c->dir, n);
    }
    snprintf(g->name, sizeof g->name, "%s.gold", name);
    return 0;
}

/* The multi-way golds to check (multi_golds() of check_corpus.py): the
 * one of all languages, then those of three or more that the folder
 * holds, in name order; a gold file naming only our languages must name
 * them once each in our order. */
static int find_multi(checker *k)
{
    size_t all[MAX_LANGS], order[MAX_FILES], n = 0;

    for (size_t i = 0; i < k->nl; i++)
        all[i] = i;
    if (k->nl > 2 && add_multi(k, all, k->nl) != 0)
        return -1;
    for (size_t i = 0; i < k->c->n; i++)
        if (has_suffix(k->c->file[i].name, ".gold"))
            order[n++] = i;
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(k->c->file[order[j - 1]].name,
                                           k->c->file[order[j]].name) > 0;
             j--) {
            size_t t = order[j];

            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (size_t i = 0; i < n; i++) {
        const char *name = k->c->file[order[i]].name;
        size_t len = strlen(name) - strlen(".gold"), start = 0, np = 0;
        size_t parts[MAX_LANGS + 1];
        int ours = 1, ordered = 1;

        for (size_t j = 0; j <= len && ours; j++)
            if (j == len || name[j] == '-') {
                size_t li = lang_index(k, name + start, j - start);

                if (li == SIZE_MAX)
                    ours = 0;
                else if (np < MAX_LANGS + 1)
                    parts[np++] = li;
                else
                    ordered = 0; /* more names than languages */
                start = j + 1;
            }
        if (!ours)
            continue;
        for (size_t j = 1; j < np; j++)
            ordered &= parts[j - 1] < parts[j];
        if (np < 2 || !ordered)
            return bad(k,
                       "%s/%s: a gold file names two or more languages "
                       "once each, in the order %s",
                       k->c->dir, name, langs_arg);
        if (np > 2 && add_multi(k, parts, np) != 0)
            return -1;
    }
    return 0;
}

static size_t uf_find(size_t *parent, size_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* Node number of sentence i of language l among the languages of g. */
static size_t node(const checker *k, const gold *g, size_t l, size_t i)
{
    size_t base = 0;

    for (size_t f = 0; g->lang[f] != l; f++)
        base += k->l[g->lang[f]].nsents;
    return base + i;
}

static int field_of(const gold *g, size_t l)
{
    for (size_t f = 0; f < g->nf; f++)
        if (g->lang[f] == l)
            return (int)f;
    return -1;
}

static int check_multi(checker *k, gold *g)
{
    const char *d = k->c->dir;
    size_t nodes = 0, *unit_of, *parent;
    int rc = 0;

    if (parse_gold(k, g) != 0)
        return -1;
    for (size_t u = 0; u < g->nbeads; u++)
        if (bead_line(k, g, u) == SIZE_MAX)
            return bad(k, "%s/%s:%zu: unit crosses a line boundary", d, g->name,
                       u + 1);
    for (size_t f = 0; f < g->nf; f++)
        nodes += k->l[g->lang[f]].nsents;
    unit_of = xcalloc(nodes, sizeof *unit_of);
    parent = xcalloc(nodes, sizeof *parent);
    for (size_t n = 0; n < nodes; n++)
        parent[n] = n;
    for (size_t u = 0; u < g->nbeads; u++)
        for (size_t f = 0; f < g->nf; f++) {
            const side *s = &g->bead[u * g->nf + f];

            for (size_t i = s->first; i < s->first + s->count; i++)
                unit_of[node(k, g, g->lang[f], i)] = u;
        }
    for (size_t p = 0; rc == 0 && p < k->npairs; p++) {
        const gold *pg = &k->pair[p];

        if (field_of(g, pg->lang[0]) < 0 || field_of(g, pg->lang[1]) < 0)
            continue;
        for (size_t b = 0; rc == 0 && b < pg->nbeads; b++) {
            size_t unit = SIZE_MAX, first = SIZE_MAX;

            for (size_t f = 0; rc == 0 && f < 2; f++) {
                const side *s = &pg->bead[b * 2 + f];

                for (size_t i = s->first; i < s->first + s->count; i++) {
                    size_t n = node(k, g, pg->lang[f], i);

                    if (unit != SIZE_MAX && unit_of[n] != unit) {
                        rc = bad(k,
                                 "%s/%s:%zu: bead spans several units of "
                                 "%s",
                                 d, pg->name, b + 1, g->name);
                        break;
                    }
                    unit = unit_of[n];
                    if (first == SIZE_MAX)
                        first = n;
                    else
                        parent[uf_find(parent, n)] = uf_find(parent, first);
                }
            }
        }
    }
    for (size_t u = 0; rc == 0 && u < g->nbeads; u++) {
        size_t root = SIZE_MAX;

        for (size_t f = 0; rc == 0 && f < g->nf; f++) {
            const side *s = &g->bead[u * g->nf + f];

            for (size_t i = s->first; i < s->first + s->count; i++) {
                size_t r = uf_find(parent, node(k, g, g->lang[f], i));

                if (root != SIZE_MAX && r != root) {
                    rc = bad(k,
                             "%s/%s:%zu: unit is not minimal (not "
                             "connected by the pairwise beads)",
                             d, g->name, u + 1);
                    break;
                }
                root = r;
            }
        }
    }
    free(parent);
    free(unit_of);
    return rc;
}

/* Checks the corpus c in the languages langs ("en,ru,zh") up to stage
 * last; 0, or -1 with the first error in k->err. */
static int check_corpus(checker *k, corpus *c, const char *langs, stage last)
{
    const char *p = langs;

    memset(k, 0, sizeof *k);
    k->c = c;
    while (*p != '\0') {
        size_t n = strcspn(p, ",");

        if (k->nl == MAX_LANGS || n == 0 || n >= sizeof k->l[0].lang)
            return bad(k, "bad language list '%s'", langs);
        memcpy(k->l[k->nl].lang, p, n);
        for (size_t i = 0; i < k->nl; i++)
            if (strcmp(k->l[i].lang, k->l[k->nl].lang) == 0)
                return bad(k, "bad language list '%s'", langs);
        k->nl++;
        p += n + (p[n] == ',');
    }
    if (k->nl < 2)
        return bad(k, "bad language list '%s': two languages at least", langs);
    if (check_texts(k) != 0 || last == STAGE_TEXTS)
        return k->err[0] ? -1 : 0;
    for (size_t i = 0; i < k->nl; i++)
        if (check_sentences(k, &k->l[i]) != 0)
            return -1;
    if (last == STAGE_SENTS || check_pairs(k) != 0 || last == STAGE_PAIRS)
        return k->err[0] ? -1 : 0;
    if (find_multi(k) != 0)
        return -1;
    for (size_t m = 0; m < k->nmulti; m++)
        if (check_multi(k, &k->multi[m]) != 0)
            return -1;
    return 0;
}

/* ------------------------------------------------------------ the corpus */

static int setup(void **state)
{
    corpus *c = xcalloc(1, sizeof *c);
    char msg[512];

    if (load_corpus(c, dir_arg, msg, sizeof msg) != 0) {
        printf("%s\n", msg);
        free(c);
        return -1;
    }
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    free_corpus(*state);
    free(*state);
    return 0;
}

static void passes(void **state, stage last)
{
    checker k;
    int rc = check_corpus(&k, *state, langs_arg, last);
    char err[sizeof k.err];

    memcpy(err, k.err, sizeof err);
    checker_free(&k);
    if (rc != 0)
        fail_msg("%s", err);
}

static void texts_are_clean_and_parallel(void **state)
{
    passes(state, STAGE_TEXTS);
}

static void sentences_reproduce_the_texts(void **state)
{
    passes(state, STAGE_SENTS);
}

static void pairwise_golds_are_complete_and_monotone(void **state)
{
    passes(state, STAGE_PAIRS);
}

static void multiway_golds_agree_with_the_pairs(void **state)
{
    passes(state, STAGE_MULTI);
}

/* ------------------------------------------------------------ breakage */

/* Replaces del bytes at off of file name by ins. */
static void splice(corpus *c, const char *name, size_t off, size_t del,
                   const char *ins)
{
    cfile *f = find_file(c, name);
    size_t n = strlen(ins), len;
    char *d;

    assert_non_null(f);
    assert_true(off + del <= f->len);
    len = f->len - del + n;
    d = malloc(len + 1);
    assert_non_null(d);
    memcpy(d, f->data, off);
    memcpy(d + off, ins, n);
    memcpy(d + off + n, f->data + off + del, f->len - off - del + 1);
    free(f->data);
    f->data = d;
    f->len = len;
}

/* Byte range [*start, *end) of line no (0-based) of a file, LF included. */
static void line_range(const corpus *c, const char *name, size_t no,
                       size_t *start, size_t *end)
{
    const cfile *f = find_file((corpus *)c, name);
    size_t s = 0;

    assert_non_null(f);
    for (size_t i = 0; i < no; i++) {
        const char *nl = memchr(f->data + s, '\n', f->len - s);

        assert_non_null(nl);
        s = (size_t)(nl - f->data) + 1;
    }
    *start = s;
    while (s < f->len && f->data[s] != '\n')
        s++;
    *end = s < f->len ? s + 1 : s;
}

static void append(char **out, size_t *len, size_t *cap, const char *text)
{
    size_t n = strlen(text);

    while (*len + n + 1 > *cap) {
        *cap = *cap ? *cap * 2 : 256;
        *out = realloc(*out, *cap);
        assert_non_null(*out);
    }
    memcpy(*out + *len, text, n + 1);
    *len += n;
}

/* Rewrites a gold from its parsed beads, beads at and at+1 merged. */
static void write_merged(corpus *c, const gold *g, size_t at)
{
    char *out = NULL;
    size_t cap = 0, len = 0;

    for (size_t b = 0; b < g->nbeads; b++) {
        for (size_t f = 0; f < g->nf; f++) {
            side s = g->bead[b * g->nf + f];
            char piece[48];

            if (b == at && g->bead[(b + 1) * g->nf + f].count > 0) {
                const side *t = &g->bead[(b + 1) * g->nf + f];

                s.first = s.count > 0 ? s.first : t->first;
                s.count += t->count;
            }
            append(&out, &len, &cap, f > 0 ? ":[" : "[");
            for (size_t i = 0; i < s.count; i++) {
                snprintf(piece, sizeof piece, "%s%zu", i ? ", " : "",
                         s.first + i);
                append(&out, &len, &cap, piece);
            }
            append(&out, &len, &cap, "]");
        }
        append(&out, &len, &cap, "\n");
        if (b == at)
            b++;
    }
    put_file(c, g->name, out, len);
}

/* The unit of the multi-way gold m that holds sentence i of language l. */
static size_t unit_holding(const gold *m, size_t l, size_t i)
{
    int f = field_of(m, l);

    for (size_t u = 0; u < m->nbeads; u++) {
        const side *s = &m->bead[u * m->nf + (size_t)f];

        if (s->count > 0 && i >= s->first && i < s->first + s->count)
            return u;
    }
    return SIZE_MAX;
}

/* Some unit of m that bead b of a pairwise gold g touches. */
static size_t unit_of_bead(const gold *m, const gold *g, size_t b)
{
    for (size_t f = 0; f < 2; f++) {
        const side *s = &g->bead[b * 2 + f];

        if (s->count > 0)
            return unit_holding(m, g->lang[f], s->first);
    }
    return SIZE_MAX;
}

typedef struct {
    const checker *good; /* the corpus as it is, checked */
    char where[MAX_NAME];
} breakage;

/* Sets b->where to the file name name + ext ("en" ".txt"), or to
 * name + "-" + ext + ".gold" with gold, and returns it. */
static const char *name_file(breakage *b, const char *name, const char *ext,
                             int gold)
{
    size_t n = strlen(name), m = strlen(ext);

    assert_true(n + m + 6 < sizeof b->where);
    memcpy(b->where, name, n);
    if (gold)
        b->where[n++] = '-';
    memcpy(b->where + n, ext, m + 1);
    if (gold)
        memcpy(b->where + n + m, ".gold", 6);
    return b->where;
}

static const char *named(breakage *b, const char *name, const char *ext)
{
    return name_file(b, name, ext, 0);
}

#define L0 (b->good->l[0].lang)
#define LN (b->good->l[b->good->nl - 1].lang)

/* Each returns 1 if it broke c, 0 if the corpus has no place for it; it
 * leaves in b->where the file the error must name. */
typedef int (*break_fn)(corpus *c, breakage *b);

static int add_bom(corpus *c, breakage *b)
{
    splice(c, named(b, L0, ".txt"), 0, 0, "\xef\xbb\xbf");
    return 1;
}

static int add_cr(corpus *c, breakage *b)
{
    size_t s, e;

    line_range(c, named(b, LN, ".sents"), 0, &s, &e);
    splice(c, b->where, e - 1, 0, "\r");
    return 1;
}

static int append_bytes(corpus *c, const char *name, const char *bytes)
{
    splice(c, name, find_file(c, name)->len, 0, bytes);
    return 1;
}

static int add_stray_continuation(corpus *c, breakage *b)
{
    return append_bytes(c, named(b, LN, ".txt"), "\x80");
}

static int add_overlong(corpus *c, breakage *b)
{
    return append_bytes(c, named(b, L0, ".sents"), "\xc0\xaf\n");
}

static int add_surrogate(corpus *c, breakage *b)
{
    return append_bytes(c, named(b, LN, ".txt"), "\xed\xa0\x80");
}

static int add_truncated(corpus *c, breakage *b)
{
    return append_bytes(c, named(b, L0, ".txt"), "\xe4\xb8");
}

static int add_decomposed(corpus *c, breakage *b)
{
    return append_bytes(c, named(b, L0, ".txt"), "e\xcc\x81");
}

static int add_nbsp(corpus *c, breakage *b)
{
    splice(c, named(b, b->good->l[1].lang, ".txt"), 0, 0, "\xc2\xa0");
    return 1;
}

static int add_tab(corpus *c, breakage *b)
{
    splice(c, b->good->pair[0].name, 0, 0, "\t");
    named(b, b->good->pair[0].name, "");
    return 1;
}

static int add_nnbsp(corpus *c, breakage *b)
{
    return append_bytes(c, named(b, LN, ".sents"), "\xe2\x80\xaf");
}

static int add_line(corpus *c, breakage *b)
{
    append_bytes(c, named(b, LN, ".txt"), "\nOne more line.\n");
    b->where[0] = '\0'; /* the message names no file */
    return 1;
}

static int blank_a_line(corpus *c, breakage *b)
{
    const ldata *l = &b->good->l[1];

    for (size_t n = 0; n < l->nlines; n++)
        if (!all_space(l->line[n].p, l->line[n].len)) {
            splice(c, named(b, l->lang, ".txt"),
                   (size_t)(l->line[n].p - l->txt->data), l->line[n].len, "");
            return 1;
        }
    return 0;
}

static int drop_first_sentence(corpus *c, breakage *b)
{
    size_t s, e;

    line_range(c, named(b, L0, ".sents"), 0, &s, &e);
    splice(c, b->where, s, e - s, "");
    return 1;
}

static int drop_last_sentence(corpus *c, breakage *b)
{
    const ldata *l = &b->good->l[b->good->nl - 1];
    size_t s, e;

    line_range(c, named(b, l->lang, ".sents"), l->nsents - 1, &s, &e);
    splice(c, b->where, s, e - s, "");
    named(b, l->lang, ".txt");
    return 1;
}

static int pad_a_sentence(corpus *c, breakage *b)
{
    size_t s, e;

    line_range(c, named(b, L0, ".sents"), 0, &s, &e);
    splice(c, b->where, e - 1, 0, " ");
    return 1;
}

static int add_empty_sentence(corpus *c, breakage *b)
{
    splice(c, named(b, LN, ".sents"), 0, 0, "\n");
    return 1;
}

static int edit_a_sentence(corpus *c, breakage *b)
{
    const ldata *l = &b->good->l[b->good->nl - 1];
    size_t s, e;

    line_range(c, named(b, l->lang, ".sents"), l->nsents / 2, &s, &e);
    splice(c, b->where,
           s + (size_t)(prev_start(l->sent[l->nsents / 2].p,
                                   l->sent[l->nsents / 2].len)),
           0, "x");
    return 1;
}

static int drop_final_newline(corpus *c, breakage *b)
{
    cfile *f = find_file(c, named(b, L0, ".sents"));

    f->data[--f->len] = '\0';
    return 1;
}

/* A sentence that shares its line loses its full stop, in .txt and
 * .sents alike. */
static int drop_a_full_stop(corpus *c, breakage *b)
{
    for (size_t li = 0; li < b->good->nl; li++) {
        const ldata *l = &b->good->l[li];

        for (size_t s = 0; s < l->nsents; s++) {
            span x = l->sent[s];
            size_t at = prev_start(x.p, x.len), i = at, so, eo;
            uint32_t cp = next_cp(x.p, &i);

            if (l->line_nsent[l->sent_line[s]] < 2 ||
                (cp != '.' && cp != 0x3002))
                continue;
            splice(c, named(b, l->lang, ".txt"), l->sent_off[s] + at,
                   x.len - at, ",");
            line_range(c, named(b, l->lang, ".sents"), s, &so, &eo);
            splice(c, b->where, so + at, x.len - at, ",");
            return 1;
        }
    }
    return 0;
}

static int garble_a_bead(corpus *c, breakage *b)
{
    size_t s, e;

    named(b, b->good->pair[0].name, "");
    line_range(c, b->where, 0, &s, &e);
    splice(c, b->where, s, e - s, "[0];[0]\n");
    return 1;
}

static int loosen_a_bead(corpus *c, breakage *b)
{
    const gold *g = &b->good->pair[b->good->npairs - 1];

    for (size_t i = 0; i < g->nbeads; i++)
        if (g->bead[i * 2].count > 1) {
            const cfile *f;
            size_t s, e;
            const char *comma;

            named(b, g->name, "");
            line_range(c, g->name, i, &s, &e);
            f = find_file(c, g->name);
            comma = memchr(f->data + s, ',', e - s);
            splice(c, g->name, (size_t)(comma - f->data) + 1, 1, "");
            return 1;
        }
    return 0;
}

static int swap_two_beads(corpus *c, breakage *b)
{
    const gold *g = &b->good->pair[0];
    size_t s0, e0, s1, e1;
    char *first;

    /* two beads with sentences of the first language: swapping a 1-0 and
     * a 0-1 would be harmless */
    for (size_t i = 0; i + 1 < g->nbeads; i++) {
        if (g->bead[i * 2].count == 0 || g->bead[(i + 1) * 2].count == 0)
            continue;
        named(b, g->name, "");
        line_range(c, g->name, i, &s0, &e0);
        line_range(c, g->name, i + 1, &s1, &e1);
        first = dup_bytes(find_file(c, g->name)->data + s0, e0 - s0);
        splice(c, g->name, e1, 0, first);
        splice(c, g->name, s0, e0 - s0, "");
        free(first);
        return 1;
    }
    return 0;
}

static int drop_last_bead(corpus *c, breakage *b)
{
    const gold *g = &b->good->pair[b->good->npairs - 1];
    size_t s, e;

    named(b, g->name, "");
    line_range(c, g->name, g->nbeads - 1, &s, &e);
    splice(c, g->name, s, e - s, "");
    return 1;
}

static int add_empty_bead(corpus *c, breakage *b)
{
    named(b, b->good->pair[0].name, "");
    splice(c, b->where, 0, 0, "[]:[]\n");
    return 1;
}

/* Merges two neighbours of gold g that lie on different lines (across
 * is 1) or on the same line in different units of the multi-way gold m
 * (across is 0). */
static int merge_neighbours(corpus *c, breakage *b, const gold *g,
                            const gold *m, int across)
{
    for (size_t i = 0; i + 1 < g->nbeads; i++) {
        int apart = bead_line(b->good, g, i) != bead_line(b->good, g, i + 1);

        if (apart != across)
            continue;
        if (!across && m != NULL &&
            unit_of_bead(m, g, i) == unit_of_bead(m, g, i + 1))
            continue;
        write_merged(c, g, i);
        named(b, g->name, "");
        return 1;
    }
    return 0;
}

static int merge_across_lines(corpus *c, breakage *b)
{
    return merge_neighbours(c, b, &b->good->pair[0], NULL, 1);
}

static int merge_across_units(corpus *c, breakage *b)
{
    if (b->good->nmulti == 0)
        return 0;
    for (size_t p = 0; p < b->good->npairs; p++)
        if (merge_neighbours(c, b, &b->good->pair[p], &b->good->multi[0], 0))
            return 1;
    return 0;
}

static int merge_units_across_lines(corpus *c, breakage *b)
{
    if (b->good->nmulti == 0)
        return 0;
    return merge_neighbours(c, b, &b->good->multi[0], NULL, 1);
}

static int merge_units_on_a_line(corpus *c, breakage *b)
{
    if (b->good->nmulti == 0)
        return 0;
    return merge_neighbours(c, b, &b->good->multi[0], NULL, 0);
}

static int remove_a_pair_gold(corpus *c, breakage *b)
{
    named(b, b->good->pair[b->good->npairs - 1].name, "");
    remove_file(c, b->where);
    return 1;
}

static int remove_sentences(corpus *c, breakage *b)
{
    remove_file(c, named(b, LN, ".sents"));
    return 1;
}

static int add_reversed_gold(corpus *c, breakage *b)
{
    const cfile *f = find_file(c, b->good->pair[0].name);

    name_file(b, b->good->l[1].lang, L0, 1);
    put_file(c, b->where, dup_bytes(f->data, f->len), f->len);
    return 1;
}

static void broken_copies_are_rejected(void **state)
{
    static const struct {
        const char *what;
        break_fn fn;
        const char *message;
    } cases[] = {
        {"BOM", add_bom, "starts with a BOM"},
        {"CR LF", add_cr, "contains CR"},
        {"stray continuation byte", add_stray_continuation, "invalid UTF-8"},
        {"overlong form", add_overlong, "invalid UTF-8"},
        {"surrogate", add_surrogate, "invalid UTF-8"},
        {"truncated sequence", add_truncated, "invalid UTF-8"},
        {"decomposed accent", add_decomposed, "not NFC"},
        {"NBSP", add_nbsp, "contains NBSP"},
        {"tab in a gold", add_tab, "contains TAB"},
        {"narrow NBSP", add_nnbsp, "contains NNBSP"},
        {"one more line", add_line, "line counts differ"},
        {"a blanked line", blank_a_line, "blank lines differ"},
        {"first sentence dropped", drop_first_sentence, "not the next text"},
        {"last sentence dropped", drop_last_sentence,
         "do not reproduce the line"},
        {"padded sentence", pad_a_sentence, "empty or not stripped"},
        {"empty sentence", add_empty_sentence, "empty or not stripped"},
        {"edited sentence", edit_a_sentence, "not the next text"},
        {"no final newline", drop_final_newline, "missing final newline"},
        {"full stop dropped", drop_a_full_stop, "terminal punctuation"},
        {"garbled bead", garble_a_bead, "malformed bead"},
        {"no space after a comma", loosen_a_bead, "malformed bead"},
        {"two beads swapped", swap_two_beads, "expected"},
        {"last bead dropped", drop_last_bead, "covers"},
        {"empty bead", add_empty_bead, "empty bead"},
        {"bead across lines", merge_across_lines,
         "bead crosses a line boundary"},
        {"bead across units", merge_across_units, "spans several units"},
        {"unit across lines", merge_units_across_lines,
         "unit crosses a line boundary"},
        {"two units merged", merge_units_on_a_line, "not minimal"},
        {"pairwise gold missing", remove_a_pair_gold, "cannot read"},
        {"sentences missing", remove_sentences, "cannot read"},
        {"gold named out of order", add_reversed_gold, "in the order"},
    };
    checker good, k;
    breakage b;
    int failures = 0;

    if (check_corpus(&good, *state, langs_arg, STAGE_MULTI) != 0)
        fail_msg("the corpus itself fails: %s", good.err);
    b.good = &good;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        corpus copy;
        int rc;

        copy_corpus(&copy, *state);
        b.where[0] = '\0';
        if (!cases[i].fn(&copy, &b)) {
            printf("(no place in this corpus for: %s)\n", cases[i].what);
            free_corpus(&copy);
            continue;
        }
        rc = check_corpus(&k, &copy, langs_arg, STAGE_MULTI);
        if (rc == 0) {
            printf("%s: accepted\n", cases[i].what);
            failures++;
        } else if (strstr(k.err, cases[i].message) == NULL ||
                   (b.where[0] && strstr(k.err, b.where) == NULL)) {
            printf("%s: '%s' lacks '%s' or '%s'\n", cases[i].what, k.err,
                   cases[i].message, b.where);
            failures++;
        }
        checker_free(&k);
        free_corpus(&copy);
    }
    checker_free(&good);
    assert_int_equal(failures, 0);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(texts_are_clean_and_parallel),
        cmocka_unit_test(sentences_reproduce_the_texts),
        cmocka_unit_test(pairwise_golds_are_complete_and_monotone),
        cmocka_unit_test(multiway_golds_agree_with_the_pairs),
        cmocka_unit_test(broken_copies_are_rejected),
    };

    if (argc != 3 || strlen(argv[2]) >= sizeof langs_arg) {
        fprintf(stderr, "usage: test_corpus CORPUS_DIR LANGS\n");
        return 2;
    }
    dir_arg = argv[1];
    snprintf(langs_arg, sizeof langs_arg, "%s", argv[2]);
    return cmocka_run_group_tests_name(dir_arg, tests, setup, teardown);
}
