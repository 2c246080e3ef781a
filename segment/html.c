/*
 * segment/html.c - the HTML reader: libxml2's HTML parser, driven as a
 * SAX push parser so that no tree is built and memory stays bounded.
 *
 * Block elements (p, h1-h6, li, blockquote, td, div...) end the segment
 * before and after them; <br> ends one too. Text inside script, style,
 * nav, header, footer, head, forms and anything hidden (the hidden
 * attribute, aria-hidden="true", display:none) is dropped. Entities come
 * decoded from the parser; white space is collapsed as a browser shows
 * it.
 *
 * Safety: the parser gets HTML_PARSE_NONET and no entity loader of ours,
 * so nothing is ever fetched; the HTML parser does not read DTDs or
 * external entities at all. Its error messages are silenced: broken HTML
 * is the normal case and the parser recovers.
 *
 * Byte offsets: xmlByteConsumed() after each SAX event gives the input
 * position; a text run lies between the previous event and this one. Its
 * bytes map one to one when the raw and decoded lengths agree (UTF-8
 * without entities); otherwise the run maps to its whole raw span.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "segment_int.h"

typedef struct html_state {
    seg_job *job;
    htmlParserCtxtPtr ctxt;
    int skip;           /* depth inside a dropped element, 0 outside */
    uint64_t last;      /* input offset after the previous event */
    uint64_t base;      /* input bytes before the parser's first (a BOM) */
    uint64_t fed;       /* input bytes handed to the parser so far */
    uint64_t high;      /* the furthest position reported */
    int space;          /* white space seen since the last text */
    uint64_t space0;    /* where that white space was in the input */
    uint64_t space1;
    int rc;             /* first failure or callback stop, 0 if none */
} html_state;

static const char *const blocks[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
    "blockquote", "td", "th", "tr", "table", "ul", "ol", "dl", "section",
    "article", "main", "pre", "figure", "figcaption", "caption", "address",
    "hr", "br", "body", "html", "center", "details", "summary", "legend",
    "fieldset", "tbody", "thead", "tfoot", NULL
};

static const char *const dropped[] = {
    "script", "style", "noscript", "template", "nav", "header", "footer",
    "aside", "head", "title", "iframe", "object", "embed", "svg", "math",
    "form", "button", "select", "option", "textarea", "canvas", "audio",
    "video", "noembed", "noframes", "menu", NULL
};

static int in_list(const char *const *list, const xmlChar *name)
{
    for (; *list != NULL; list++)
        if (strcasecmp(*list, (const char *)name) == 0)
            return 1;
    return 0;
}

/* Whether @p haystack contains @p needle, ignoring case and blanks. */
static int contains_squeezed(const char *haystack, const char *needle)
{
    char buf[256];
    size_t n = 0;

    for (; *haystack != '\0' && n + 1 < sizeof buf; haystack++)
        if (!isspace((unsigned char)*haystack))
            buf[n++] = (char)tolower((unsigned char)*haystack);
    buf[n] = '\0';
    return strstr(buf, needle) != NULL;
}

static int is_hidden(const xmlChar **atts)
{
    if (atts == NULL)
        return 0;
    for (size_t i = 0; atts[i] != NULL; i += 2) {
        const char *name = (const char *)atts[i];
        const char *value = atts[i + 1] != NULL ? (const char *)atts[i + 1]
                                                : "";

        if (strcasecmp(name, "hidden") == 0)
            return 1;
        if (strcasecmp(name, "aria-hidden") == 0 &&
            strcasecmp(value, "true") == 0)
            return 1;
        if (strcasecmp(name, "type") == 0 && strcasecmp(value, "hidden") == 0)
            return 1;
        if (strcasecmp(name, "style") == 0 &&
            (contains_squeezed(value, "display:none") ||
             contains_squeezed(value, "visibility:hidden")))
            return 1;
    }
    return 0;
}

/* Where the parser is in the input. libxml2 counts through its
 * encoding converter, and when a <meta charset> switches the encoding
 * half-way, the count can go back, or past what it was given: it is
 * kept inside [the furthest position so far, the bytes fed], so that
 * spans never go back and never leave the input (they only grow less
 * exact after such a switch). */
static uint64_t position(html_state *st)
{
    long n = xmlByteConsumed(st->ctxt);
    uint64_t at = st->base + (n > 0 ? (uint64_t)n : 0);

    if (at > st->fed)
        at = st->fed;
    if (at < st->high)
        at = st->high;
    st->high = at;
    return at;
}

static void stop(html_state *st, int rc)
{
    if (st->rc == 0)
        st->rc = rc;
    xmlStopParser(st->ctxt);
}

static void flush(html_state *st)
{
    seg_text *t = &st->job->seg->seg;
    int rc;

    st->space = 0;
    if (st->rc != 0)
        return;
    rc = seg_split(st->job, t);
    seg_text_reset(t);
    if (rc != 0)
        stop(st, rc);
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    html_state *st = ctx;

    if (st->rc != 0)
        return;
    if (st->skip > 0) {
        st->skip++;
    } else if (in_list(dropped, name) || is_hidden(atts)) {
        flush(st);
        st->skip = 1;
    } else if (in_list(blocks, name)) {
        flush(st);
    }
    st->last = position(st);
}

static void on_end(void *ctx, const xmlChar *name)
{
    html_state *st = ctx;

    if (st->rc != 0)
        return;
    if (st->skip > 0)
        st->skip--;
    else if (in_list(blocks, name))
        flush(st);
    st->last = position(st);
}

static int add(html_state *st, const char *s, size_t len, uint64_t in0,
               uint64_t in1, int kind)
{
    seg_text *t = &st->job->seg->seg;
    int rc = seg_text_append(t, s, len, in0, in1, kind);

    if (rc == STELE_ETOOBIG)
        rc = stele_error_set(&st->job->seg->error, STELE_ETOOBIG,
                             st->job->name, 0, (int64_t)t->first_in,
                             "paragraph longer than %zu bytes (the limit "
                             "max_paragraph)",
                             st->job->seg->max_paragraph);
    else if (rc < 0)
        rc = stele_error_set(&st->job->seg->error, rc, st->job->name, 0,
                             (int64_t)in0, "out of memory");
    if (rc < 0)
        stop(st, rc);
    return rc;
}

static int html_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
    html_state *st = ctx;
    const char *s = (const char *)ch;
    uint64_t end;
    uint64_t begin;
    int exact;
    size_t i = 0;

    if (st->rc != 0)
        return;
    end = position(st);
    begin = st->last <= end ? st->last : end;
    st->last = end;
    if (st->skip > 0 || len <= 0)
        return;
    /* The parser passes bytes it could not decode through as they are. */
    {
        size_t valid = seg_u8_valid(s, (size_t)len);
        const char *nul = memchr(s, '\0', valid);

        if (valid < (size_t)len || nul != NULL) {
            uint64_t at = nul != NULL ? (uint64_t)(nul - s) : valid;

            stop(st, stele_error_set(
                         &st->job->seg->error, STELE_EENCODING,
                         st->job->name, 0,
                         (int64_t)(end - begin == (uint64_t)len + 1
                                       ? begin + 1 + at
                                       : begin + at),
                         nul != NULL ? "NUL byte in HTML text"
                                     : "invalid UTF-8 in HTML text"));
            return;
        }
    }
    /* libxml2 reports a start tag before it steps over its '>'. */
    if (end - begin == (uint64_t)len + 1)
        begin++;
    exact = end - begin == (uint64_t)len;
    while (i < (size_t)len) {
        size_t j = i;

        if (html_space((unsigned char)s[i])) {
            while (j < (size_t)len && html_space((unsigned char)s[j]))
                j++;
            if (!st->space) {
                st->space0 = exact ? begin + i : begin;
                st->space1 = exact ? begin + j : end;
            }
            st->space = 1;
            i = j;
            continue;
        }
        while (j < (size_t)len && !html_space((unsigned char)s[j]))
            j++;
        if (st->space && st->job->seg->seg.len > 0 &&
            add(st, " ", 1, st->space0, st->space1, SEG_RUN_SPAN) < 0)
            return;
        st->space = 0;
        if (exact) {
            if (add(st, s + i, j - i, begin + i, begin + j, SEG_RUN_SAME) < 0)
                return;
        } else if (add(st, s + i, j - i, begin, end, SEG_RUN_SPAN) < 0) {
            return;
        }
        i = j;
    }
}

static void on_comment(void *ctx, const xmlChar *value)
{
    html_state *st = ctx;

    (void)value;
    if (st->rc == 0)
        st->last = position(st);
}

static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* XHTML names its encoding in the XML declaration
 * (<?xml version="1.0" encoding="windows-1251"?>), which libxml2's HTML
 * parser does not read; a <meta charset> it does. Switch the parser to
 * the declared encoding before it has converted anything. */
static void declared_encoding(htmlParserCtxtPtr ctxt, const char *text,
                              size_t len)
{
    char name[48];
    const char *end, *at, *q;
    size_t n = 0;
    xmlCharEncodingHandlerPtr handler;

    if (len < 6 || memcmp(text, "<?xml", 5) != 0)
        return;
    end = memchr(text, '>', len < 256 ? len : 256);
    if (end == NULL)
        return;
    for (at = text; at + 9 < end; at++)
        if (memcmp(at, "encoding", 8) == 0)
            break;
    if (at + 9 >= end)
        return;
    at += 8;
    while (at < end && (*at == ' ' || *at == '='))
        at++;
    if (at >= end || (*at != '"' && *at != '\''))
        return;
    q = at++;
    while (at < end && *at != *q && n + 1 < sizeof name) {
        char c = *at++;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
              c == ':'))
            return;
        name[n++] = c;
    }
    if (at >= end || *at != *q || n == 0)
        return;
    name[n] = '\0';
    if (xmlStrcasecmp((const xmlChar *)name, (const xmlChar *)"utf-8") == 0)
        return;
    handler = xmlFindCharEncodingHandler(name);
    if (handler != NULL)
        xmlSwitchToEncoding(ctxt, handler);
}

int seg_html(seg_job *job, const char *first, size_t first_len,
             seg_read_fn read_fn, void *source)
{
    htmlSAXHandler sax;
    html_state st;
    char *buf = NULL;
    const unsigned char *mark = (const unsigned char *)first;
    xmlCharEncoding encoding = XML_CHAR_ENCODING_UTF8;
    size_t skip = 0, head;
    int rc = 0;

    memset(&sax, 0, sizeof sax);
    memset(&st, 0, sizeof st);
    sax.startElement = on_start;
    sax.endElement = on_end;
    sax.characters = on_text;
    sax.ignorableWhitespace = on_text;
    sax.cdataBlock = on_text;
    sax.comment = on_comment;
    sax.warning = quiet;
    sax.error = quiet;
    sax.fatalError = quiet;
    st.job = job;
    seg_text_reset(&job->seg->seg);

    /* The encoding: a byte order mark says it; else UTF-8, which a
     * <meta charset> can still change, and which libxml2 gives up for
     * Latin-1 on bytes that are not UTF-8. Left to itself libxml2 reads
     * an undeclared page as Latin-1 (UTF-8 came out as mojibake) and
     * does not see a UTF-16 mark in a pushed first chunk. */
    if (first_len >= 2 && mark[0] == 0xFF && mark[1] == 0xFE) {
        encoding = XML_CHAR_ENCODING_UTF16LE;
        skip = 2;
    } else if (first_len >= 2 && mark[0] == 0xFE && mark[1] == 0xFF) {
        encoding = XML_CHAR_ENCODING_UTF16BE;
        skip = 2;
    } else if (first_len >= 3 && mark[0] == 0xEF && mark[1] == 0xBB &&
               mark[2] == 0xBF) {
        skip = 3;
    }
    first += skip;
    first_len -= skip;
    head = first_len < 4 ? first_len : 4;
    st.base = st.last = st.high = skip;
    st.fed = skip + head;
    st.ctxt = htmlCreatePushParserCtxt(&sax, &st, first, (int)head, NULL,
                                       encoding);
    if (st.ctxt == NULL)
        return stele_error_set(&job->seg->error, STELE_ENOMEM, job->name, 0,
                               -1, "cannot start the HTML parser");
    if (skip == 0)
        declared_encoding(st.ctxt, first, first_len);
    htmlCtxtUseOptions(st.ctxt, HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                    HTML_PARSE_NOWARNING |
                                    HTML_PARSE_NOIMPLIED);
    if (first_len > head) {
        st.fed = skip + first_len;
        htmlParseChunk(st.ctxt, first + head, (int)(first_len - head), 0);
    }
    buf = malloc(64 * 1024);
    if (buf == NULL) {
        rc = stele_error_set(&job->seg->error, STELE_ENOMEM, job->name, 0,
                             -1, "out of memory");
        goto done;
    }
    while (st.rc == 0) {
        long n = read_fn(source, buf, 64 * 1024);

        if (n < 0) {
            rc = (int)n;
            goto done;
        }
        if (n == 0)
            break;
        st.fed += (uint64_t)n;
        htmlParseChunk(st.ctxt, buf, (int)n, 0);
    }
    if (st.rc == 0)
        htmlParseChunk(st.ctxt, NULL, 0, 1);
    if (st.rc == 0)
        flush(&st);
    rc = st.rc;
done:
    free(buf);
    seg_text_reset(&job->seg->seg);
    if (st.ctxt->myDoc != NULL)
        xmlFreeDoc(st.ctxt->myDoc);
    htmlFreeParserCtxt(st.ctxt);
    return rc;
}
