/*
 * tests/test_segment.c - the segmenter: the per-language cases of
 * segment_cases.h (exact sentence lists), stele against plain ICU on the
 * same cases, the bundled corpus against its gold sentences, byte spans,
 * encodings, HTML, line judging, presegmented input and the streaming
 * limits.
 *
 * usage: test_segment CORPORA_DIR
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <stele.h>

#include "segment_cases.h"

static const char *corpora;

/* ------------------------------------------------------------ helpers */

static stele_segmenter *open_lang(const char *lang, stele_input_format fmt)
{
    stele_segment_options opts = STELE_SEGMENT_OPTIONS_INIT;
    stele_segmenter *seg = NULL;

    opts.lang = lang;
    opts.format = fmt;
    if (stele_segmenter_open(&seg, &opts) != 0)
        fail_msg("cannot open a segmenter for %s: %s", lang,
                 seg != NULL ? stele_segmenter_error(seg)->message : "?");
    return seg;
}

static stele_document *segment(stele_segmenter *seg, const char *text,
                               size_t len)
{
    stele_document *doc = NULL;
    int rc = stele_segment_buffer(seg, text, len, "case", &doc);

    if (rc != 0)
        fail_msg("segmenting failed (%d): %s", rc,
                 stele_segmenter_error(seg)->message);
    return doc;
}

/* Whether doc's sentences are exactly @p want; prints the difference. */
static int same_sentences(const stele_document *doc, const char *const *want,
                          const char *input)
{
    size_t n = 0;
    int ok = 1;

    while (want[n] != NULL)
        n++;
    if (stele_document_count(doc) != n)
        ok = 0;
    for (size_t i = 0; ok && i < n; i++)
        if (strcmp(stele_document_sentence(doc, i)->text, want[i]) != 0)
            ok = 0;
    if (!ok) {
        printf("input:    %s\n", input);
        for (size_t i = 0; i < n; i++)
            printf("  want:   [%s]\n", want[i]);
        for (size_t i = 0; i < stele_document_count(doc); i++)
            printf("  got:    [%s]\n", stele_document_sentence(doc, i)->text);
    }
    return ok;
}

static void run_cases_min(const char *lang, const seg_case *cases,
                          size_t min_cases)
{
    stele_segmenter *seg = open_lang(lang, STELE_INPUT_TEXT);
    size_t count = 0;
    size_t failed = 0;

    for (const seg_case *c = cases; c->text != NULL; c++) {
        stele_document *doc = segment(seg, c->text, strlen(c->text));

        if (!same_sentences(doc, c->sents, c->text))
            failed++;
        stele_document_free(doc);
        count++;
    }
    stele_segmenter_close(seg);
    assert_true(count >= min_cases);
    assert_int_equal(failed, 0);
}

static void run_cases(const char *lang, const seg_case *cases)
{
    run_cases_min(lang, cases, 40);
}

static void english_cases(void **state)
{
    (void)state;
    run_cases("en", en_cases);
}

static void russian_cases(void **state)
{
    (void)state;
    run_cases("ru", ru_cases);
}

static void chinese_cases(void **state)
{
    (void)state;
    run_cases("zh", zh_cases);
}

static void german_cases(void **state)
{
    (void)state;
    run_cases_min("de", de_cases, 12);
}

static void french_cases(void **state)
{
    (void)state;
    run_cases_min("fr", fr_cases, 12);
}

/* ------------------------------------------------------------ plain ICU */

/* Whether plain ICU (its BreakIterator, trimmed pieces) gives @p want. */
static int icu_matches(const char *lang, const char *text,
                       const char *const *want)
{
    UErrorCode status = U_ZERO_ERROR;
    UChar u[1024];
    int32_t ulen = 0;
    UBreakIterator *bi;
    int32_t a;
    int32_t b;
    size_t n = 0;
    int ok = 1;

    u_strFromUTF8(u, 1024, &ulen, text, -1, &status);
    bi = ubrk_open(UBRK_SENTENCE, lang, u, ulen, &status);
    assert_true(U_SUCCESS(status));
    a = ubrk_first(bi);
    while (ok && (b = ubrk_next(bi)) != UBRK_DONE) {
        char piece[1024];
        int32_t plen = 0;
        UErrorCode st = U_ZERO_ERROR;
        char *p = piece;
        char *e;

        u_strToUTF8(piece, (int32_t)sizeof piece, &plen, u + a, b - a, &st);
        piece[plen] = '\0';
        while (*p == ' ')
            p++;
        e = p + strlen(p);
        while (e > p && e[-1] == ' ')
            *--e = '\0';
        a = b;
        if (*p == '\0')
            continue;
        if (want[n] == NULL || strcmp(p, want[n]) != 0)
            ok = 0;
        n++;
    }
    ubrk_close(bi);
    return ok && want[n] == NULL;
}

/* Where stele's rules win over plain ICU: the cases ICU gets wrong. */
static void stele_beats_plain_icu(void **state)
{
    static const struct {
        const char *lang;
        const seg_case *cases;
        size_t at_least; /* cases ICU must get wrong, or the rules are
                            not earning their keep */
    } langs[] = {
        { "en", en_cases, 12 }, { "ru", ru_cases, 10 }, { "zh", zh_cases, 3 },
        { "de", de_cases, 12 }, { "fr", fr_cases, 6 },
    };

    (void)state;
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        stele_segmenter *seg = open_lang(langs[l].lang, STELE_INPUT_TEXT);
        size_t total = 0;
        size_t icu_ok = 0;
        size_t stele_ok = 0;

        for (const seg_case *c = langs[l].cases; c->text != NULL; c++) {
            stele_document *doc = segment(seg, c->text, strlen(c->text));
            int mine = same_sentences(doc, c->sents, c->text);
            int icu = icu_matches(langs[l].lang, c->text, c->sents);

            if (mine && !icu)
                printf("  %s stele wins: %s\n", langs[l].lang, c->text);
            total++;
            icu_ok += (size_t)icu;
            stele_ok += (size_t)mine;
            stele_document_free(doc);
        }
        printf("%s: %zu cases, plain ICU right on %zu, stele on %zu\n",
               langs[l].lang, total, icu_ok, stele_ok);
        assert_int_equal(stele_ok, total);
        assert_true(total - icu_ok >= langs[l].at_least);
        stele_segmenter_close(seg);
    }
}

/* ------------------------------------------------------------ corpus */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (f == NULL)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Whether the input bytes of a span, white space collapsed, are the
 * sentence text (true for NFC UTF-8 input). */
static int span_matches(const char *input, const stele_sentence *s)
{
    size_t j = 0;
    int space = 0;

    for (uint64_t i = s->start; i < s->end; i++) {
        char c = input[i];

        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            space = 1;
            continue;
        }
        if (space) {
            if (s->text[j] != ' ')
                return 0;
            j++;
        }
        space = 0;
        if (s->text[j] != c)
            return 0;
        j++;
    }
    return j == s->length;
}

static void corpus_reproduces_gold(void **state)
{
    static const char *const langs[] = { "en", "ru", "zh" };

    (void)state;
    for (size_t l = 0; l < 3; l++) {
        char path[4096];
        stele_segmenter *seg = open_lang(langs[l], STELE_INPUT_AUTO);
        stele_document *doc = NULL;
        char *gold;
        char *input;
        size_t gold_len;
        size_t input_len;
        char *line;
        char *save = NULL;
        size_t i = 0;

        snprintf(path, sizeof path, "%s/csto-summit/%s.txt", corpora,
                 langs[l]);
        assert_int_equal(stele_segment_file(seg, path, &doc), 0);
        input = slurp(path, &input_len);
        snprintf(path, sizeof path, "%s/csto-summit/%s.sents", corpora,
                 langs[l]);
        gold = slurp(path, &gold_len);
        for (line = strtok_r(gold, "\n", &save); line != NULL;
             line = strtok_r(NULL, "\n", &save), i++) {
            const stele_sentence *s = stele_document_sentence(doc, i);

            if (s == NULL)
                fail_msg("%s: sentence %zu missing: %s", langs[l], i + 1,
                         line);
            if (strcmp(s->text, line) != 0)
                fail_msg("%s: sentence %zu\n want: %s\n  got: %s", langs[l],
                         i + 1, line, s->text);
            if (!span_matches(input, s))
                fail_msg("%s: sentence %zu: span %llu-%llu is not its text",
                         langs[l], i + 1, (unsigned long long)s->start,
                         (unsigned long long)s->end);
        }
        assert_int_equal(stele_document_count(doc), i);
        assert_string_equal(stele_document_lang(doc), langs[l]);
        assert_true(stele_document_paragraphs(doc) > 10);
        free(gold);
        free(input);
        stele_document_free(doc);
        stele_segmenter_close(seg);
    }
}

/* ------------------------------------------------------------ encodings */

static void expect(stele_segmenter *seg, const char *data, size_t len,
                   const char *const *want)
{
    stele_document *doc = segment(seg, data, len);

    assert_true(same_sentences(doc, want, "(bytes)"));
    stele_document_free(doc);
}

static void bom_and_line_ends(void **state)
{
    stele_segmenter *seg = open_lang("en", STELE_INPUT_AUTO);
    static const char *const want[] = { "One two.", "Three.", "Four.",
                                        NULL };
    static const char bom[] = "\xEF\xBB\xBFOne two. Three.\n\nFour.\n";
    static const char crlf[] = "One two. Three.\r\n\r\nFour.\r\n";
    static const char cr[] = "One two. Three.\r\rFour.";
    stele_document *doc;

    (void)state;
    expect(seg, bom, sizeof bom - 1, want);
    expect(seg, crlf, sizeof crlf - 1, want);
    expect(seg, cr, sizeof cr - 1, want);
    doc = segment(seg, bom, sizeof bom - 1);
    assert_int_equal(stele_document_sentence(doc, 0)->start, 3);
    assert_int_equal(stele_document_sentence(doc, 0)->end, 11);
    assert_int_equal(stele_document_sentence(doc, 2)->start, 20);
    assert_int_equal(stele_document_sentence(doc, 2)->paragraph, 1);
    stele_document_free(doc);
    /* A CRLF inside a paragraph joins like a LF. */
    expect(seg, "This line is long enough to look like wrapped prose in "
                "a\r\nbook, and it goes on.\r\n", 81,
           (const char *const[]){ "This line is long enough to look like "
                                  "wrapped prose in a book, and it goes on.",
                                  NULL });
    stele_segmenter_close(seg);
}

static void utf16_with_bom(void **state)
{
    stele_segmenter *seg = open_lang("ru", STELE_INPUT_AUTO);
    static const char *const want[] = { "Привет, мир.", "Это 𝄞 тест.",
                                        NULL };
    const char *text = "Привет, мир. Это 𝄞 тест.";
    UChar u[64];
    int32_t ulen = 0;
    UErrorCode status = U_ZERO_ERROR;
    char le[160];
    char be[160];
    stele_document *doc;

    (void)state;
    u_strFromUTF8(u, 64, &ulen, text, -1, &status);
    assert_true(U_SUCCESS(status));
    le[0] = (char)0xFF;
    le[1] = (char)0xFE;
    be[0] = (char)0xFE;
    be[1] = (char)0xFF;
    for (int32_t i = 0; i < ulen; i++) {
        le[2 + 2 * i] = (char)(u[i] & 0xFF);
        le[3 + 2 * i] = (char)(u[i] >> 8);
        be[2 + 2 * i] = (char)(u[i] >> 8);
        be[3 + 2 * i] = (char)(u[i] & 0xFF);
    }
    expect(seg, le, 2 + 2 * (size_t)ulen, want);
    expect(seg, be, 2 + 2 * (size_t)ulen, want);
    doc = segment(seg, le, 2 + 2 * (size_t)ulen);
    /* Spans in UTF-16 bytes: "Привет, мир." is 12 units after the BOM;
     * the second sentence has a surrogate pair (2 units). */
    assert_int_equal(stele_document_sentence(doc, 0)->start, 2);
    assert_int_equal(stele_document_sentence(doc, 0)->end, 2 + 24);
    assert_int_equal(stele_document_sentence(doc, 1)->start, 2 + 26);
    assert_int_equal(stele_document_sentence(doc, 1)->end,
                     2 + 2 * (uint64_t)ulen);
    stele_document_free(doc);

    /* An unpaired surrogate is an error at its offset. */
    le[2 + 2 * 3] = 0x00;
    le[3 + 2 * 3] = (char)0xDC;
    doc = NULL;
    assert_int_equal(stele_segment_buffer(seg, le, 2 + 2 * (size_t)ulen,
                                          "u16.txt", &doc),
                     STELE_EENCODING);
    assert_null(doc);
    assert_int_equal(stele_segmenter_error(seg)->offset, 8);
    /* And so is an odd byte count. */
    assert_int_equal(stele_segment_buffer(seg, be, 5, "odd.txt", &doc),
                     STELE_EENCODING);
    stele_segmenter_close(seg);
}

static void invalid_utf8_and_nul(void **state)
{
    stele_segmenter *seg = open_lang("en", STELE_INPUT_AUTO);
    stele_document *doc = NULL;
    char text[256];
    char line[512];

    (void)state;
    assert_int_equal(stele_segment_buffer(seg, "Fine.\nBad \xC3\x28 here.",
                                          19, "bad.txt", &doc),
                     STELE_EENCODING);
    assert_null(doc);
    assert_int_equal(stele_segmenter_error(seg)->offset, 10);
    stele_error_format(stele_segmenter_error(seg), line, sizeof line);
    assert_string_equal(line, "bad.txt: byte 10: invalid UTF-8");

    /* Overlong forms and surrogates in UTF-8 are refused too. */
    assert_int_equal(stele_segment_buffer(seg, "ab\xC0\xAF", 4, "o", &doc),
                     STELE_EENCODING);
    assert_int_equal(stele_segmenter_error(seg)->offset, 2);
    assert_int_equal(stele_segment_buffer(seg, "\xED\xA0\x80", 3, "s", &doc),
                     STELE_EENCODING);
    /* A truncated sequence at the very end. */
    assert_int_equal(stele_segment_buffer(seg, "end \xE2\x80", 6, "t", &doc),
                     STELE_EENCODING);
    assert_int_equal(stele_segmenter_error(seg)->offset, 4);

    memcpy(text, "Some text.\nMore\0text.", 21);
    assert_int_equal(stele_segment_buffer(seg, text, 21, "nul.txt", &doc),
                     STELE_EENCODING);
    assert_int_equal(stele_segmenter_error(seg)->offset, 15);
    stele_error_format(stele_segmenter_error(seg), line, sizeof line);
    assert_string_equal(line, "nul.txt: byte 15: NUL byte in text");
    stele_segmenter_close(seg);
}

static void output_is_nfc(void **state)
{
    stele_segmenter *seg = open_lang("en", STELE_INPUT_TEXT);
    /* "café" with a combining acute accent, and a Hangul syllable in
     * jamo. */
    static const char text[] = "Cafe\xCC\x81 is open. \xE1\x84\x80\xE1\x85\xA1 too.";
    stele_document *doc = segment(seg, text, sizeof text - 1);

    (void)state;
    assert_int_equal(stele_document_count(doc), 2);
    assert_string_equal(stele_document_sentence(doc, 0)->text,
                        "Caf\xC3\xA9 is open.");
    assert_int_equal(stele_document_sentence(doc, 0)->end, 15);
    assert_string_equal(stele_document_sentence(doc, 1)->text,
                        "\xEA\xB0\x80 too.");
    stele_document_free(doc);
    stele_segmenter_close(seg);
}

/* ------------------------------------------------------------ HTML */

static void html_blocks_and_dropped_content(void **state)
{
    stele_segmenter *seg = open_lang("en", STELE_INPUT_AUTO);
    static const char page[] =
        "<!DOCTYPE html>\n<html><head><title>Title here</title>"
        "<style>p { color: red; }</style>"
        "<script>var x = \"Not. Text.\";</script></head>\n"
        "<body><nav>Home. About.</nav><header>Site header.</header>"
        "<h1>A Heading</h1>\n"
        "<p>First &amp; second. Mr. Smith <b>came</b>\n  home.</p>"
        "<div hidden>Hidden text.</div>"
        "<p style=\"display: none\">Also hidden.</p>"
        "<ul><li>One item</li><li>Two &lt;items&gt;</li></ul>"
        "<blockquote>Quoted words.</blockquote>"
        "<table><tr><td>Cell one.</td><td>Cell two.</td></tr></table>"
        "<div>Loose div text. <span aria-hidden=\"true\">x</span>Done."
        "</div>"
        "<footer>Copyright.</footer></body></html>\n";
    static const char *const want[] = {
        "A Heading", "First & second.", "Mr. Smith came home.", "One item",
        "Two <items>", "Quoted words.", "Cell one.", "Cell two.",
        "Loose div text.", "Done.", NULL
    };
    stele_document *doc = segment(seg, page, sizeof page - 1);
    const stele_sentence *s;

    (void)state;
    assert_true(same_sentences(doc, want, "(html)"));
    /* Spans point into the page: the heading's text is there. */
    s = stele_document_sentence(doc, 0);
    assert_int_equal(s->end - s->start, 9);
    assert_memory_equal(page + s->start, "A Heading", 9);
    s = stele_document_sentence(doc, 2);
    assert_memory_equal(page + s->start, "Mr. Smith", 9);
    assert_memory_equal(page + s->end - 5, "home.", 5);
    /* Each block is its own paragraph. */
    assert_int_equal(stele_document_sentence(doc, 0)->paragraph, 0);
    assert_int_equal(stele_document_sentence(doc, 1)->paragraph, 1);
    assert_int_equal(stele_document_sentence(doc, 2)->paragraph, 1);
    assert_int_equal(stele_document_sentence(doc, 3)->paragraph, 2);
    stele_document_free(doc);
    stele_segmenter_close(seg);
}

static void html_is_safe_and_forgiving(void **state)
{
    stele_segmenter *seg = open_lang("en", STELE_INPUT_HTML);
    /* An external DTD and entity are never fetched; broken markup is
     * recovered; a <br> ends a segment. */
    static const char page[] =
        "<!DOCTYPE html SYSTEM \"http://127.0.0.1:9/none.dtd\">"
        "<p>Unclosed <i>tags. Line<br>break here"
        "<p>&eacute;t&eacute; &#8212; &#x4E2D;&unknown; text.";
    static const char *const want[] = {
        "Unclosed tags.", "Line", "break here", "\xC3\xA9t\xC3\xA9 "
        "\xE2\x80\x94 \xE4\xB8\xAD&unknown; text.", NULL
    };

    (void)state;
    expect(seg, page, sizeof page - 1, want);
    expect(seg, "", 0, (const char *const[]){ NULL });
    expect(seg, "<p></p><p>   </p>", 17, (const char *const[]){ NULL });
    stele_segmenter_close(seg);
}

/* Pages as they come: undeclared UTF-8 (libxml2 alone read it as
 * Latin-1), declared 8-bit encodings, byte order marks (libxml2 alone
 * missed the UTF-16 one), and found by content in UTF-16. */
static void html_encodings(void **state)
{
    stele_segmenter *ru = open_lang("ru", STELE_INPUT_HTML);
    stele_segmenter *any = open_lang("ru", STELE_INPUT_AUTO);
    static const char *const want[] = { "Путин сказал.", "Да.", NULL };
    static const char utf8[] = "<p>Путин сказал. Да.</p>";
    static const char bom8[] = "\xEF\xBB\xBF<p>Путин сказал. Да.</p>";
    static const char cp1251[] =
        "<html><head><meta charset=\"windows-1251\"></head><body><p>"
        "\xCF\xF3\xF2\xE8\xED \xF1\xEA\xE0\xE7\xE0\xEB. \xC4\xE0.</p>";
    static const char koi8[] =
        "<meta http-equiv=\"Content-Type\" content=\"text/html; "
        "charset=koi8-r\"><p>\xF0\xD5\xD4\xC9\xCE \xD3\xCB\xC1\xDA\xC1\xCC. "
        "\xE4\xC1.</p>";
    /* XHTML names it in the XML declaration, which libxml2's HTML
     * parser alone ignores (it read this as Latin-1) */
    static const char xhtml1251[] =
        "<?xml version=\"1.0\" encoding='windows-1251'?>\n"
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>"
        "\xCF\xF3\xF2\xE8\xED \xF1\xEA\xE0\xE7\xE0\xEB. \xC4\xE0.</p>";
    static const char xhtml_unknown[] =
        "<?xml version=\"1.0\" encoding=\"no-such-encoding\"?>"
        "<p>Путин сказал. Да.</p>";
    /* "<p>Путин сказал. Да.</p>" in UTF-16, each way round. */
    static const char page[] = "<p>Путин сказал. Да.</p>";
    char le[128], be[128];
    size_t n = 2;
    stele_document *doc;

    (void)state;
    expect(ru, utf8, sizeof utf8 - 1, want);
    expect(any, utf8, sizeof utf8 - 1, want);
    expect(ru, bom8, sizeof bom8 - 1, want);
    doc = segment(ru, bom8, sizeof bom8 - 1);
    assert_int_equal(stele_document_sentence(doc, 0)->start, 6);
    stele_document_free(doc);
    expect(ru, cp1251, sizeof cp1251 - 1, want);
    expect(ru, koi8, sizeof koi8 - 1, want);
    expect(ru, xhtml1251, sizeof xhtml1251 - 1, want);
    expect(any, xhtml1251, sizeof xhtml1251 - 1, want);
    expect(ru, xhtml_unknown, sizeof xhtml_unknown - 1, want);
    memcpy(le, "\xFF\xFE", 2);
    memcpy(be, "\xFE\xFF", 2);
    for (size_t i = 0; i < sizeof page - 1;) {
        UChar32 c;
        UChar units[2];
        int32_t k = 0, len = 0;

        U8_NEXT(page, i, sizeof page - 1, c);
        U16_APPEND_UNSAFE(units, len, c);
        for (k = 0; k < len; k++) {
            le[n] = (char)(units[k] & 0xFF);
            le[n + 1] = (char)(units[k] >> 8);
            be[n] = (char)(units[k] >> 8);
            be[n + 1] = (char)(units[k] & 0xFF);
            n += 2;
        }
    }
    expect(ru, le, n, want);
    expect(ru, be, n, want);
    expect(any, le, n, want);
    expect(any, be, n, want);
    stele_segmenter_close(ru);
    stele_segmenter_close(any);
}

/* Found by fuzz_html: a <meta charset> half-way through switches the
 * encoding, and libxml2's count of bytes consumed then went back to 0;
 * spans went backwards. They must stay in order and inside the input. */
static void html_encoding_switch_keeps_spans(void **state)
{
    stele_segmenter *seg = open_lang("de", STELE_INPUT_HTML);
    static const char page[] =
        "<p>Unclosed <i>tags. \xEF\xBB\xBF" "e\x01<html><head><meta charset"
        "=\"windows-1251\"></<br>bhead><bod0rea><p>\xCF\xF3\xF2\xE8k<p>z. "
        "G.";
    stele_document *doc = segment(seg, page, sizeof page - 1);
    uint64_t last = 0;

    (void)state;
    assert_true(stele_document_count(doc) >= 3);
    for (size_t i = 0; i < stele_document_count(doc); i++) {
        const stele_sentence *s = stele_document_sentence(doc, i);

        assert_true(s->start >= last);
        assert_true(s->start <= s->end);
        assert_true(s->end <= sizeof page - 1);
        last = s->start;
    }
    stele_document_free(doc);
    stele_segmenter_close(seg);
}

/* ------------------------------------------------------------ lines */

static void line_judging(void **state)
{
    stele_segmenter *en = open_lang("en", STELE_INPUT_TEXT);
    stele_segmenter *zh = open_lang("zh", STELE_INPUT_TEXT);
    static const char article[] =
        "Where the Rivers Begin: An Interview with a Glaciologist\n"
        "By Daniel Brooks, Almaty, 14 March 2024\n"
        "\n"
        "- Times Tengri\n"
        "- 1 hour ago\n"
        "I. Core Contents of the Plan: Weapon Sharing and Continuity\n"
        "The plan is long. It was discussed at length by all of the "
        "delegations present at the summit in the capital.\n"
        "Comments\n";
    static const char *const want[] = {
        "Where the Rivers Begin: An Interview with a Glaciologist",
        "By Daniel Brooks, Almaty, 14 March 2024", "- Times Tengri",
        "- 1 hour ago",
        "I. Core Contents of the Plan: Weapon Sharing and Continuity",
        "The plan is long.",
        "It was discussed at length by all of the delegations present at "
        "the summit in the capital.",
        "Comments", NULL
    };
    static const char wrapped[] =
        "It was the best of times, it was the worst of times, it was\n"
        "the age of wisdom, it was the age of foolishness. It was the\n"
        "epoch of belief, and Mr. Dickens knew it.\n";
    static const char *const want_wrapped[] = {
        "It was the best of times, it was the worst of times, it was the "
        "age of wisdom, it was the age of foolishness.",
        "It was the epoch of belief, and Mr. Dickens knew it.", NULL
    };
    static const char heading[] = "Chapter One\nIt was dark. We left.\n";
    static const char *const want_heading[] = { "Chapter One",
                                                "It was dark.", "We left.",
                                                NULL };
    static const char zh_wrapped[] = "计划的核心是向盟友大规模提供经过实战检验的现代化俄制武器并深\n"
                                     "化合作。这很重要。\n";
    static const char *const want_zh[] = {
        "计划的核心是向盟友大规模提供经过实战检验的现代化俄制武器并深化合作。",
        "这很重要。", NULL
    };
    stele_document *doc;

    (void)state;
    expect(en, article, sizeof article - 1, want);
    doc = segment(en, article, sizeof article - 1);
    /* title, byline, two list items, heading, paragraph, "Comments" */
    assert_int_equal(stele_document_paragraphs(doc), 7);
    assert_int_equal(stele_document_sentence(doc, 6)->paragraph, 5);
    stele_document_free(doc);
    expect(en, wrapped, sizeof wrapped - 1, want_wrapped);
    doc = segment(en, wrapped, sizeof wrapped - 1);
    assert_int_equal(stele_document_paragraphs(doc), 1);
    stele_document_free(doc);
    expect(en, heading, sizeof heading - 1, want_heading);
    expect(zh, zh_wrapped, sizeof zh_wrapped - 1, want_zh);
    stele_segmenter_close(en);
    stele_segmenter_close(zh);
}

/* Fiction with a paragraph per line: once a line has shown that the
 * text is not hard-wrapped, two short lines of dialogue (50 to 100
 * columns each) stay two paragraphs, as they are in the translation
 * whose lines happen to be shorter or longer; and a heading under a
 * sentence is never joined to it. */
static void short_paragraphs_stay_apart(void **state)
{
    stele_segmenter *en = open_lang("en", STELE_INPUT_TEXT);
    stele_segmenter *zh = open_lang("zh", STELE_INPUT_TEXT);
    static const char story[] =
        "The ferry had crossed the river eleven times a day for as long as "
        "anyone in the town could remember, and for the last thirty years "
        "it had been Marta who took it across.\n"
        "\"It is in the morning,\" Marta said. \"First boat at seven.\"\n"
        "\"I need to cross tonight.\" He said it without any force.\n";
    static const char zh_guide[] =
        "开始前请核对物品，如有缺件或损坏，请联系经销商，而不是制造商。\n"
        "所需工具\n"
        "十字螺丝刀一把。\n";
    stele_document *doc;

    (void)state;
    doc = segment(en, story, sizeof story - 1);
    assert_int_equal(stele_document_count(doc), 5);
    assert_int_equal(stele_document_paragraphs(doc), 3);
    assert_int_equal(stele_document_sentence(doc, 3)->paragraph, 2);
    stele_document_free(doc);
    doc = segment(zh, zh_guide, sizeof zh_guide - 1);
    assert_int_equal(stele_document_paragraphs(doc), 3);
    assert_string_equal(stele_document_sentence(doc, 1)->text, "所需工具");
    stele_document_free(doc);
    stele_segmenter_close(en);
    stele_segmenter_close(zh);
}

static void presegmented_lines(void **state)
{
    stele_segmenter *seg = open_lang("en", STELE_INPUT_LINES);
    static const char text[] = "  First one. Still first.\nSecond\n\n\n"
                               "Third, new paragraph.\r\n";
    stele_document *doc = segment(seg, text, sizeof text - 1);

    (void)state;
    assert_int_equal(stele_document_count(doc), 3);
    assert_string_equal(stele_document_sentence(doc, 0)->text,
                        "First one. Still first.");
    assert_int_equal(stele_document_sentence(doc, 0)->start, 2);
    assert_int_equal(stele_document_sentence(doc, 0)->end, 25);
    assert_int_equal(stele_document_sentence(doc, 1)->paragraph, 0);
    assert_int_equal(stele_document_sentence(doc, 2)->paragraph, 1);
    assert_string_equal(stele_document_sentence(doc, 2)->text,
                        "Third, new paragraph.");
    stele_document_free(doc);
    stele_segmenter_close(seg);
}

/* ------------------------------------------------------------ other */

static void other_locales_use_their_rules(void **state)
{
    stele_segmenter *de = open_lang("de", STELE_INPUT_TEXT);
    stele_segmenter *fr = open_lang("fr-FR", STELE_INPUT_TEXT);
    stele_segmenter *es = open_lang("es", STELE_INPUT_TEXT);

    (void)state;
    /* "Dr." and "z.B." are in ICU's German suppression list. */
    expect(de, "Dr. Müller kommt morgen. Er ist Arzt, z.B. in Berlin.", strlen("Dr. Müller kommt morgen. Er ist Arzt, z.B. in Berlin."),
           (const char *const[]){ "Dr. Müller kommt morgen.",
                                  "Er ist Arzt, z.B. in Berlin.", NULL });
    expect(de, "Das ist gut. Wir gehen.", strlen("Das ist gut. Wir gehen."),
           (const char *const[]){ "Das ist gut.", "Wir gehen.", NULL });
    expect(fr, "M. Dupont est arrivé. Il est content.", strlen("M. Dupont est arrivé. Il est content."),
           (const char *const[]){ "M. Dupont est arrivé.",
                                  "Il est content.", NULL });
    expect(fr, "« Viens ! » dit-il. Elle part.", strlen("« Viens ! » dit-il. Elle part."),
           (const char *const[]){ "« Viens ! » dit-il.", "Elle part.",
                                  NULL });
    expect(es, "¿Qué hora es? Son las tres.", strlen("¿Qué hora es? Son las tres."),
           (const char *const[]){ "¿Qué hora es?", "Son las tres.", NULL });
    stele_segmenter_close(de);
    stele_segmenter_close(fr);
    stele_segmenter_close(es);
}

/* A boundary ICU proposes before a comma or a semicolon, or after a full
 * stop between two Arabic letters, is dropped: neither begins a
 * sentence. A full stop and a space before an Arabic word still end
 * one, and so does a Chinese full stop before a Han character. */
static void no_sentence_starts_with_a_comma_or_inside_a_word(void **state)
{
    stele_segmenter *en = open_lang("en", STELE_INPUT_TEXT);
    stele_segmenter *ar = open_lang("ar", STELE_INPUT_TEXT);
    stele_segmenter *zh = open_lang("zh", STELE_INPUT_TEXT);
    const char *list = "daemon: a daemon (DNS, NTP, etc.); ftp: the FTP "
                       "server (see RFC 959, etc.), and more. Next one.";
    const char *gb = "\u0627\u0644\u0642\u0633\u0645 sdd2 (4 "
                     "\u063a.\u0628)\u061b \u0645\u062a\u0627\u062d. "
                     "\u0647\u0630\u0627 \u062c\u064a\u062f.";
    const char *han = "\u4ed6\u6765\u4e86\u3002\u6211\u8d70\u4e86\u3002";

    (void)state;
    expect(en, list, strlen(list),
           (const char *const[]){
               "daemon: a daemon (DNS, NTP, etc.); ftp: the FTP server "
               "(see RFC 959, etc.), and more.",
               "Next one.", NULL });
    expect(ar, gb, strlen(gb),
           (const char *const[]){
               "\u0627\u0644\u0642\u0633\u0645 sdd2 (4 "
               "\u063a.\u0628)\u061b \u0645\u062a\u0627\u062d.",
               "\u0647\u0630\u0627 \u062c\u064a\u062f.", NULL });
    expect(zh, han, strlen(han),
           (const char *const[]){ "\u4ed6\u6765\u4e86\u3002",
                                  "\u6211\u8d70\u4e86\u3002", NULL });
    stele_segmenter_close(en);
    stele_segmenter_close(ar);
    stele_segmenter_close(zh);
}

static void bad_options(void **state)
{
    stele_segment_options opts = STELE_SEGMENT_OPTIONS_INIT;
    stele_segmenter *seg = NULL;

    (void)state;
    opts.lang = "xx";
    assert_int_equal(stele_segmenter_open(&seg, &opts), STELE_EINVAL);
    assert_non_null(seg);
    assert_string_equal(stele_segmenter_error(seg)->message,
                        "unknown language 'xx'");
    stele_segmenter_close(seg);
    opts.lang = "en";
    opts.version = 99;
    assert_int_equal(stele_segmenter_open(&seg, &opts), STELE_EINVAL);
    stele_segmenter_close(seg);
    stele_segmenter_close(NULL);
}

typedef struct counter {
    size_t seen;
    size_t stop_at;
} counter;

static int count_and_stop(const stele_sentence *s, void *payload)
{
    counter *c = payload;

    (void)s;
    c->seen++;
    return c->seen == c->stop_at ? 42 : 0;
}

static void streaming_limits(void **state)
{
    stele_segment_options opts = STELE_SEGMENT_OPTIONS_INIT;
    stele_segmenter *seg = NULL;
    char path[] = "/tmp/stele-seg-XXXXXX";
    int fd = mkstemp(path);
    FILE *f;
    counter c = { 0, 0 };
    stele_document *doc = NULL;
    stele_document *from_buffer = NULL;
    size_t len;
    char *data;

    (void)state;
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    /* Lines that straddle the 64 KiB read chunks, with CRLF ends. */
    for (int i = 0; i < 6000; i++)
        fprintf(f, "Paragraph %d has Dr. Who in it. It ends here.\r\n\r\n",
                i);
    fclose(f);
    opts.max_paragraph = 200;
    assert_int_equal(stele_segmenter_open(&seg, &opts), 0);
    assert_int_equal(stele_segment_file(seg, path, &doc), 0);
    assert_int_equal(stele_document_count(doc), 12000);
    assert_int_equal(stele_document_paragraphs(doc), 6000);
    data = slurp(path, &len);
    assert_int_equal(stele_segment_buffer(seg, data, len, path,
                                          &from_buffer), 0);
    for (size_t i = 0; i < 12000; i++) {
        const stele_sentence *a = stele_document_sentence(doc, i);
        const stele_sentence *b = stele_document_sentence(from_buffer, i);

        assert_string_equal(a->text, b->text);
        assert_int_equal(a->start, b->start);
        assert_int_equal(a->end, b->end);
        assert_true(span_matches(data, a));
    }
    stele_document_free(doc);
    stele_document_free(from_buffer);

    /* The callback's non-zero value stops the run and comes back. */
    c.stop_at = 5;
    assert_int_equal(stele_segment_file_each(seg, path, count_and_stop, &c),
                     42);
    assert_int_equal(c.seen, 5);

    /* A paragraph over max_paragraph is refused with its offset. */
    memset(data, 'a', 1000);
    memcpy(data + 1000, "\n\nShort.\n", 9);
    assert_int_equal(stele_segment_buffer(seg, data, 300, "big", &doc),
                     STELE_ETOOBIG);
    assert_int_equal(stele_segmenter_error(seg)->code, STELE_ETOOBIG);
    assert_int_equal(stele_segmenter_error(seg)->offset, 0);
    {
        char two[] = "Short one.\n\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                     " xxxxxxxxxx";

        assert_int_equal(stele_segment_buffer(seg, two, strlen(two), "big",
                                              &doc),
                         STELE_ETOOBIG);
        assert_int_equal(stele_segmenter_error(seg)->offset, 12);
    }
    assert_int_equal(stele_segment_file(seg, "/nonexistent/x.txt", &doc),
                     STELE_ENOTFOUND);
    assert_string_equal(stele_segmenter_error(seg)->path,
                        "/nonexistent/x.txt");
    free(data);
    remove(path);
    stele_segmenter_close(seg);
}

/* ------------------------------------------------------------ scripts */

static stele_script_tally tally_of(const char *text)
{
    stele_script_tally t;

    memset(&t, 0, sizeof t);
    stele_script_tally_add(&t, text, strlen(text), 100000);
    return t;
}

/* The language of a text whose file name does not tell it: each sample
 * a few sentences of its language, as a file of it would begin. */
static void guess_language(void **state)
{
    static const struct {
        const char *lang, *text;
    } samples[] = {
        {"en", "The ferry left at nine. It was the last boat of the day, "
               "and the river was high with the rain that had fallen in "
               "the hills. Nobody on the jetty spoke to him."},
        {"de", "Die Fähre fuhr um neun Uhr ab. Es war das letzte Boot des "
               "Tages, und der Fluss war hoch von dem Regen, der in den "
               "Bergen gefallen war. Niemand auf dem Steg sprach mit ihm."},
        {"fr", "Le bac est parti à neuf heures. C'était le dernier bateau "
               "de la journée, et la rivière était haute après la pluie "
               "tombée sur les collines. Personne sur le quai ne lui a "
               "parlé, et il ne dit rien pour sa part."},
        {"es", "El transbordador salió a las nueve. Era el último barco del "
               "día, y el río estaba crecido por la lluvia que había caído "
               "en las colinas. Nadie en el muelle le habló, y él no dijo "
               "nada."},
        {"pt", "A balsa partiu às nove. Era o último barco do dia, e o rio "
               "estava cheio com a chuva que tinha caído nas colinas. "
               "Ninguém no cais falou com ele, e ele não disse nada."},
        {"it", "Il traghetto partì alle nove. Era l'ultima barca della "
               "giornata, e il fiume era gonfio per la pioggia caduta "
               "sulle colline. Nessuno sul molo gli parlò, e lui non "
               "disse niente per tutta la sera."},
        {"nl", "De veerboot vertrok om negen uur. Het was de laatste boot "
               "van de dag, en de rivier stond hoog van de regen die in de "
               "heuvels was gevallen. Niemand op de steiger sprak met hem, "
               "en hij zei ook niets."},
        {"sv", "Färjan gick klockan nio. Det var dagens sista båt, och "
               "floden var hög av regnet som hade fallit i bergen. Ingen på "
               "bryggan talade med honom, och han sa inte något."},
        {"da", "Færgen sejlede klokken ni. Det var dagens sidste båd, og "
               "floden var høj af regnen, som var faldet i bakkerne. Ingen "
               "på broen talte med ham, og han sagde ikke noget. Hvad "
               "skulle han også sige til mig?"},
        {"nb", "Ferja gikk klokka ni. Det var dagens siste båt, og elva "
               "var høy av regnet som hadde falt i åsene. Ingen på bryggen "
               "snakket med ham, og han sa ikke noe. Hva skulle han si til "
               "meg?"},
        {"pl", "Prom odpłynął o dziewiątej. Była to ostatnia łódź tego "
               "dnia, a rzeka wezbrała od deszczu, który spadł w górach. "
               "Nikt na przystani się do niego nie odezwał, i on też nic "
               "nie powiedział."},
        {"cs", "Přívoz odplul v devět. Byla to poslední loď toho dne a "
               "řeka byla vysoko po dešti, který napršel v kopcích. Nikdo "
               "na molu s ním nemluvil a on také nic neřekl, jako by se "
               "nic nestalo. Bylo to tak, jak to bývá, když se nikdo "
               "nechce ptát."},
        {"tr", "Feribot saat dokuzda kalktı. Bu günün son teknesiydi ve "
               "tepelere yağan yağmurla nehir çok yükselmişti. İskelede "
               "kimse onunla konuşmadı, o da bir şey söylemedi ama bu "
               "gece için daha çok bekledi."},
        {"ru", "Паром ушёл в девять. Это был последний рейс за день, и река "
               "поднялась от дождя, который прошёл в горах. Никто на "
               "причале с ним не заговорил, и он тоже ничего не сказал."},
        {"uk", "Пором відійшов о дев'ятій. Це був останній рейс за день, і "
               "річка піднялася від дощу, що пройшов у горах. Ніхто на "
               "причалі з ним не заговорив, і він теж нічого не сказав."},
        {"bg", "Фериботът тръгна в девет. Това беше последният рейс за "
               "деня, и реката беше придошла от дъжда, който е валял в "
               "планината. Никой на кея не заговори с него, и той също не "
               "каза нищо, за да не се издаде."},
        {"zh", "渡船九点开走了。这是当天的最后一班船，山里下过雨，河水涨得很高。"
               "码头上没有人跟他说话。"},
        {"ja", "フェリーは九時に出た。その日の最後の便で、山に降った雨のせいで"
               "川は増水していた。桟橋では誰も彼に話しかけなかった。"},
        {"ko", "배는 아홉 시에 떠났다. 그날의 마지막 배였고, 산에 내린 비로 강물이 "
               "불어 있었다."},
        {"el", "Το πλοίο έφυγε στις εννιά. Ήταν το τελευταίο της ημέρας."},
        {"ar", "غادرت العبارة في التاسعة. كانت آخر قارب في ذلك اليوم."},
        {"he", "המעבורת יצאה בתשע. זו הייתה הסירה האחרונה של היום."},
    };
    char tag[16];
    (void)state;
    for (size_t k = 0; k < sizeof samples / sizeof samples[0]; k++) {
        int rc = stele_guess_language(samples[k].text,
                                      strlen(samples[k].text), tag,
                                      sizeof tag);
        if (rc != STELE_OK || strcmp(tag, samples[k].lang) != 0)
            fail_msg("a text in '%s' guessed as '%s' (%d)", samples[k].lang,
                     rc == STELE_OK ? tag : "nothing", rc);
    }
    {
        /* a byte order mark is passed over */
        char marked[512];
        snprintf(marked, sizeof marked, "\xEF\xBB\xBF%s", samples[0].text);
        assert_int_equal(stele_guess_language(marked, strlen(marked), tag,
                                              sizeof tag),
                         STELE_OK);
        assert_string_equal(tag, "en");
    }
    /* too little to tell, no letters, or no script holding half */
    assert_int_equal(stele_guess_language("The end.", 8, tag, sizeof tag),
                     STELE_ENOTFOUND);
    assert_int_equal(stele_guess_language("12, 34; 56.", 11, tag,
                                          sizeof tag),
                     STELE_ENOTFOUND);
    assert_int_equal(stele_guess_language("", 0, tag, sizeof tag),
                     STELE_ENOTFOUND);
    {
        static const char mixed[] = "Paris Париж Paris Париж Rome Рим";
        assert_int_equal(stele_guess_language(mixed, sizeof mixed - 1, tag,
                                              sizeof tag),
                         STELE_ENOTFOUND);
    }
    /* a buffer too small for the tag */
    assert_int_equal(stele_guess_language(samples[0].text,
                                          strlen(samples[0].text), tag, 2),
                     STELE_EINVAL);
}

static void script_check(void **state)
{
    static const char en[] = "The leaders met in Moscow on Thursday to "
                             "discuss a common defence.";
    static const char ru[] = "Лидеры встретились в Москве в четверг, "
                             "чтобы обсудить оборону ОДКБ (CSTO).";
    static const char zh[] = "集体安全条约组织（CSTO）峰会在莫斯科举行，"
                             "领导人讨论了共同防务。";
    static const char ja[] = "首脳たちは木曜日にモスクワで会談し、"
                             "共同防衛について話し合った。";
    stele_script_tally t;
    char found[32], expected[32];
    stele_document *doc = NULL;

    (void)state;
    t = tally_of(en);
    assert_int_equal(t.nscripts, 1);
    assert_string_equal(t.code[0], "Latn");
    assert_int_equal(t.letters, 54);
    assert_int_equal(stele_script_fits(&t, "en", NULL, 0, NULL, 0), 1);
    assert_int_equal(stele_script_fits(&t, "de-CH", NULL, 0, NULL, 0), 1);
    assert_int_equal(stele_script_fits(&t, "ru", found, sizeof found,
                                       expected, sizeof expected),
                     0);
    assert_string_equal(found, "Latin");
    assert_string_equal(expected, "Cyrillic");
    assert_int_equal(stele_script_fits(&t, "zh", found, sizeof found,
                                       expected, 4),
                     0);
    assert_string_equal(expected, "Han");
    /* Latin letters in Russian and Chinese text do not count against
     * them; a Chinese text is not Japanese, but Japanese uses Han. */
    t = tally_of(ru);
    assert_int_equal(stele_script_fits(&t, "ru", NULL, 0, NULL, 0), 1);
    assert_int_equal(stele_script_fits(&t, "uk", NULL, 0, NULL, 0), 1);
    assert_int_equal(stele_script_fits(&t, "en", found, sizeof found, NULL,
                                       0),
                     0);
    assert_string_equal(found, "Cyrillic");
    t = tally_of(zh);
    assert_int_equal(stele_script_fits(&t, "zh", NULL, 0, NULL, 0), 1);
    assert_int_equal(stele_script_fits(&t, "ja", NULL, 0, NULL, 0), 1);
    assert_int_equal(stele_script_fits(&t, "ru", NULL, 0, NULL, 0), 0);
    t = tally_of(ja);
    assert_int_equal(stele_script_fits(&t, "ja", NULL, 0, NULL, 0), 1);
    assert_int_equal(stele_script_fits(&t, "ko", NULL, 0, NULL, 0), 1);
    assert_int_equal(stele_script_fits(&t, "en", NULL, 0, NULL, 0), 0);

    /* Too few letters, digits and punctuation only, a language ICU has
     * no script for, invalid bytes: nothing to say. */
    t = tally_of("Да. Нет.");
    assert_int_equal(stele_script_fits(&t, "en", NULL, 0, NULL, 0), 1);
    t = tally_of("1990-2025 ... !!! 42 %% $$$ 17:30 ==== 12345678901234");
    assert_int_equal(t.letters, 0);
    assert_int_equal(stele_script_fits(&t, "zh", NULL, 0, NULL, 0), 1);
    t = tally_of(en);
    assert_int_equal(stele_script_fits(&t, "und", NULL, 0, NULL, 0), 1);
    assert_int_equal(stele_script_fits(&t, "", NULL, 0, NULL, 0), 1);
    assert_int_equal(stele_script_fits(NULL, "en", NULL, 0, NULL, 0), 1);
    t = tally_of("\xFF\xFE abc \xC3");
    assert_int_equal(t.letters, 3);
    /* The letter cap. */
    memset(&t, 0, sizeof t);
    stele_script_tally_add(&t, en, strlen(en), 10);
    assert_int_equal(t.letters, 10);

    /* A document: the sample spreads over it, so a Latin heading does
     * not make a Russian text English. */
    assert_int_equal(stele_document_new(&doc, "ru", "x"), STELE_OK);
    assert_int_equal(stele_document_append(doc, "Times Tengri Weekly News",
                                           24, 0, 0, 24),
                     STELE_OK);
    for (int i = 0; i < 500; i++)
        assert_int_equal(stele_document_append(doc, ru, strlen(ru), 1,
                                               25, 25 + strlen(ru)),
                         STELE_OK);
    memset(&t, 0, sizeof t);
    stele_document_script_tally(doc, &t);
    assert_true(t.letters <= 64 * 256);
    assert_int_equal(stele_script_fits(&t, "ru", NULL, 0, NULL, 0), 1);
    assert_int_equal(stele_script_fits(&t, "en", NULL, 0, NULL, 0), 0);
    stele_document_free(doc);
    memset(&t, 0, sizeof t);
    stele_document_script_tally(NULL, &t);
    assert_int_equal(t.letters, 0);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(english_cases),
        cmocka_unit_test(russian_cases),
        cmocka_unit_test(chinese_cases),
        cmocka_unit_test(stele_beats_plain_icu),
        cmocka_unit_test(corpus_reproduces_gold),
        cmocka_unit_test(bom_and_line_ends),
        cmocka_unit_test(utf16_with_bom),
        cmocka_unit_test(invalid_utf8_and_nul),
        cmocka_unit_test(output_is_nfc),
        cmocka_unit_test(html_blocks_and_dropped_content),
        cmocka_unit_test(html_is_safe_and_forgiving),
        cmocka_unit_test(html_encodings),
        cmocka_unit_test(html_encoding_switch_keeps_spans),
        cmocka_unit_test(line_judging),
        cmocka_unit_test(short_paragraphs_stay_apart),
        cmocka_unit_test(presegmented_lines),
        cmocka_unit_test(german_cases),
        cmocka_unit_test(french_cases),
        cmocka_unit_test(other_locales_use_their_rules),
        cmocka_unit_test(no_sentence_starts_with_a_comma_or_inside_a_word),
        cmocka_unit_test(bad_options),
        cmocka_unit_test(streaming_limits),
        cmocka_unit_test(script_check),
        cmocka_unit_test(guess_language),
    };

    if (argc != 2) {
        fprintf(stderr, "usage: test_segment CORPORA_DIR\n");
        return 2;
    }
    corpora = argv[1];
    return cmocka_run_group_tests(tests, NULL, NULL);
}
