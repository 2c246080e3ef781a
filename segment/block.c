/*
 * segment/block.c - line judging: does a single line break join two
 * lines or end a segment?
 *
 * Two kinds of plain text reach the segmenter. Hard-wrapped text (books,
 * mail) breaks lines at a fixed width, mid-sentence; its line breaks
 * mean nothing and must be joined. Scraped articles put each paragraph,
 * heading, byline and list item on a line of its own, often without a
 * blank line between them; there every line break is a boundary, and
 * joining a heading to the paragraph under it glues two translation
 * units together. The judgement, in order:
 *
 *   1. a list item (or a dialogue line) starts a segment, and ends one
 *      unless the next line continues it in lower case;
 *   2. a line of 50 to 100 columns followed by another of at most 100
 *      is hard-wrapped text: join (unless the next line is the last of
 *      its block and neither ends a sentence: a title and its byline);
 *      nor before a short line without final punctuation after a
 *      sentence's end (a heading: a wrapped paragraph is short only
 *      in its last line, which ends a sentence);
 *      and not once the text has had a line of 160 columns or more,
 *      which wrapped text never has: there the short lines are short
 *      paragraphs (a line of dialogue), and joining two of them makes
 *      the paragraphs of one translation differ from another's;
 *   3. a line that ends a sentence ends the segment (one paragraph per
 *      line, as scraped text has);
 *   4. a line without final punctuation before a capitalised line is a
 *      heading, title or byline: end;
 *   5. otherwise join.
 *
 * Widths are in columns: a CJK character counts two, so wrapped Chinese
 * is recognised as such.
 */
#include <unicode/uchar.h>

#include "segment_int.h"

static int is_blank_char(int32_t c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == 0xA0 ||
           c == 0x3000 || c == 0xFEFF || (c >= 0x2000 && c <= 0x200B);
}

int seg_line_blank(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        if (!is_blank_char(seg_u8_next(s, len, &i)))
            return 0;
    }
    return 1;
}

static size_t skip_blank(const char *s, size_t len, size_t i)
{
    while (i < len) {
        size_t k = i;

        if (!is_blank_char(seg_u8_next(s, len, &k)))
            break;
        i = k;
    }
    return i;
}

static int is_cjk_numeral(int32_t c)
{
    switch (c) {
    case 0x4E00: case 0x4E8C: case 0x4E09: case 0x56DB: case 0x4E94:
    case 0x516D: case 0x4E03: case 0x516B: case 0x4E5D: case 0x5341:
        return 1;
    default:
        return 0;
    }
}

/* "- item", "• item", "— Реплика", "1. item", "a) item", "IV. Title",
 * "(2) item", "一、标题", "（一）标题". */
static int is_list_item(const char *s, size_t len)
{
    size_t i = skip_blank(s, len, 0);
    size_t k = i;
    size_t digits = 0;
    int32_t c;

    if (i >= len)
        return 0;
    c = seg_u8_next(s, len, &k);
    if (c == '-' || c == '*' || c == 0x2022 || c == 0x2013 ||
        c == 0x2014 || c == 0x00B7 || c == 0x25AA || c == 0x25CF)
        return k < len && is_blank_char(seg_u8_next(s, len, &k));
    if (c == '(' || c == 0xFF08) {
        size_t j = k;

        while (j < len) {
            size_t m = j;
            int32_t d = seg_u8_next(s, len, &m);

            if (d == ')' || d == 0xFF09)
                return j > k && j - k <= 6;
            if (!(d < 0x80 ? ((d >= '0' && d <= '9') ||
                              (d >= 'a' && d <= 'z'))
                           : is_cjk_numeral(d)))
                return 0;
            j = m;
        }
        return 0;
    }
    if (is_cjk_numeral(c)) {
        while (k < len) {
            size_t m = k;
            int32_t d = seg_u8_next(s, len, &m);

            if (d == 0x3001)
                return 1;
            if (!is_cjk_numeral(d))
                return 0;
            k = m;
        }
        return 0;
    }
    k = i;
    while (k < len && s[k] >= '0' && s[k] <= '9') {
        k++;
        digits++;
    }
    if (digits == 0) {
        while (k < len && (s[k] == 'I' || s[k] == 'V' || s[k] == 'X'))
            k++;
        if (k == i && k < len &&
            ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')))
            k++;
        if (k == i || k - i > 5)
            return 0;
    } else if (digits > 3) {
        return 0;
    }
    if (k >= len || (s[k] != '.' && s[k] != ')'))
        return 0;
    k++;
    return k < len && s[k] == ' ';
}

/* Columns of the line, stopping at 200 (enough to judge). */
static size_t width(const char *s, size_t len)
{
    size_t i = 0;
    size_t w = 0;

    while (i < len && w < 200) {
        int32_t c;

        if ((unsigned char)s[i] < 0x80) {
            i++;
            w++;
            continue;
        }
        c = seg_u8_next(s, len, &i);
        if (u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH) ==
                U_EA_WIDE ||
            u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH) ==
                U_EA_FULLWIDTH)
            w += 2;
        else if (u_getCombiningClass(c) == 0)
            w++;
    }
    return w;
}

static int is_final(int32_t c)
{
    switch (c) {
    case '.': case '!': case '?': case 0x2026: case 0x3002: case 0xFF01:
    case 0xFF1F: case 0xFF0E: case 0x203C: case 0x2047: case 0x2048:
    case 0x2049:
        return 1;
    default:
        return 0;
    }
}

static int is_closing(int32_t c)
{
    switch (c) {
    case '"': case '\'': case ')': case ']': case 0x00BB: case 0x2019:
    case 0x201D: case 0x201C: case 0x300D: case 0x300F: case 0xFF09:
    case 0x300B: case 0x3011:
        return 1;
    default:
        return 0;
    }
}

/* Whether the line ends with sentence-final punctuation (closing quotes
 * and brackets after it allowed). */
static int ends_sentence(const char *s, size_t len)
{
    size_t i = len;

    while (i > 0) {
        size_t k = i;
        int32_t c = seg_u8_prev(s, &k);

        if (is_blank_char(c) || is_closing(c)) {
            i = k;
            continue;
        }
        return is_final(c);
    }
    return 0;
}

/* Whether the line starts like a new sentence or heading. */
static int starts_capital(const char *s, size_t len)
{
    size_t i = skip_blank(s, len, 0);
    int32_t c;

    if (i >= len)
        return 0;
    c = seg_u8_next(s, len, &i);
    while (i < len && (c == '"' || c == '\'' || c == '(' || c == 0x00AB ||
                       c == 0x201C || c == 0x201E || c == 0x2018 ||
                       c == 0x300C || c == 0x300E || c == 0xFF08))
        c = seg_u8_next(s, len, &i);
    return u_isupper(c) || u_istitle(c) || u_isdigit(c) || seg_is_cjk(c) ||
           (u_isalpha(c) && !u_islower(c));
}

static int starts_lower(const char *s, size_t len)
{
    size_t i = skip_blank(s, len, 0);

    return i < len && u_islower(seg_u8_next(s, len, &i));
}

/* Hard-wrapped text keeps its lines under about 80 columns, 100 at
 * most; a line of 160 or more (a table row or a URL aside) is a whole
 * paragraph on one line. */
#define UNWRAPPED_WIDTH 160

int seg_line_unwrapped(const char *s, size_t len)
{
    return width(s, len) >= UNWRAPPED_WIDTH;
}

int seg_lines_join(const seg_rules *rules, const char *line, size_t len,
                   const char *next, size_t next_len, int next_last,
                   int one_per_line)
{
    size_t w;
    size_t wn;

    (void)rules;
    if (is_list_item(next, next_len))
        return 0;
    if (is_list_item(line, len))
        return starts_lower(next, next_len);
    w = width(line, len);
    wn = width(next, next_len);
    /* A wrapped paragraph ends its last line with final punctuation; a
     * title and a byline under it do not. */
    if (!one_per_line && w >= 50 && w <= 100 && wn <= 100 &&
        !(next_last && !ends_sentence(next, next_len) &&
          !ends_sentence(line, len)) &&
        !(wn < 40 && ends_sentence(line, len) &&
          !ends_sentence(next, next_len)))
        return 1;
    if (ends_sentence(line, len))
        return 0;
    if (starts_capital(next, next_len))
        return 0;
    return 1;
}
