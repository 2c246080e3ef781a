/*
 * tmx/reader.c - TMX 1.1 to 1.4b in, one <tu> at a time (stele_tmx_read).
 *
 * libxml2's xmlTextReader walks the file node by node and frees each
 * subtree once it is passed, so memory is bounded by the largest unit,
 * not the file: the unit being read is kept (its texts are capped at
 * STELE_TMX_MAX_UNIT_TEXT), nothing else. The walk is a small state
 * machine over the depth of each node: tmx (0), header and body (1), tu
 * (2), tuv and the unit's props and notes (3), seg (4), inline markup
 * (5 and deeper).
 *
 * Hostile files. The parser runs without XML_PARSE_NOENT, DTDLOAD,
 * DTDATTR, DTDVALID and HUGE, with NONET: no external entity or DTD is
 * ever fetched, and libxml2's own limits hold (text nodes of 10 MB,
 * nesting of 256, its entity amplification check, which stops a
 * "billion laughs" at once). On top of that a DOCTYPE that declares any
 * entity is refused, since TMX needs none and an entity's only use in a
 * hostile file is expansion or reaching outside; a reference to an
 * undeclared entity is refused too. The file is read through our own
 * callback, so libxml2 does not decompress it behind our back (a .gz
 * bomb) or open anything else.
 *
 * Inline markup is reduced to the text a reader of the sentence sees
 * (tmx/README.md): the content of bpt, ept, it, ph and ut is native code
 * of the original format (RTF, HTML tags) and is dropped, with any sub
 * inside them (a sub-flow such as an image's alt text is not part of
 * the sentence), except that a ph of type lb, pb or cb (a line, page or
 * column break, in the TMX specification's list of types) becomes a
 * space, since the reader sees the words apart; hi only highlights, so
 * its text is kept; an unknown element inside seg is treated as hi.
 */
#define _POSIX_C_SOURCE 200809L

#include "tmx_int.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>
#include <libxml/xmlreader.h>

enum {
    NODE_ELEMENT = 1,
    NODE_TEXT = 3,
    NODE_CDATA = 4,
    NODE_ENTITY_REF = 5,
    NODE_DOCTYPE = 10,
    NODE_WHITESPACE = 13,
    NODE_SIGNIFICANT_WHITESPACE = 14,
    NODE_END_ELEMENT = 15
};

/* What the element at a depth of the structure is. */
typedef enum kind {
    K_NONE = 0,
    K_TMX,
    K_HEADER,
    K_BODY,
    K_TU,
    K_TUV,
    K_SEG,
    K_PROP     /* an x-stele prop of a tu, whose text is kept */
} kind;

typedef enum prop_type {
    PROP_NONE,                /* another tool's prop: skipped */
    PROP_TITLE,
    PROP_LANGS,
    PROP_CONFIDENCE
} prop_type;

typedef struct reader {
    xmlTextReaderPtr xr;
    const char *path;         /* as shown in errors */
    int fd;
    stele_error *err;
    int failed;               /* an error is recorded in err */

    /* the first error libxml2 reported */
    int xml_failed;
    int xml_code;
    long xml_line;
    char xml_message[256];

    kind at[5];               /* kind of the element at depth 0-4 */
    int skip_depth;           /* > 0: inside an ignored subtree rooted at
                                 this depth */
    int seen_header, seen_body;
    int root_closed;          /* </tmx> was read */
    int eof;                  /* the file was read to its end */
    uint64_t bytes_read;      /* for progress */
    uint64_t bytes_told;      /* the last figure given to progress */
    uint64_t size;            /* the file's size, 0 for a pipe */
    stele_progress_fn progress;
    void *progress_payload;
    char header_srclang[TMX_TAG_SIZE]; /* "" for *all* or none */
    int64_t header_date;

    /* the unit being read */
    long tu_line;
    char tu_srclang[TMX_TAG_SIZE];
    int has_tu_srclang;
    int64_t tu_date, tuv_date_min;
    size_t nvariants;
    char langs[STELE_TMX_MAX_VARIANTS][TMX_TAG_SIZE];
    size_t starts[STELE_TMX_MAX_VARIANTS]; /* offsets into texts */
    tmx_buf texts;            /* the variants' texts, NUL-separated */
    tmx_buf title;
    int has_title;
    char doc_langs_text[STELE_TMX_MAX_PROP + 1];
    const char *doc_langs[STELE_TMX_MAX_VARIANTS];
    size_t ndoc_langs;
    double confidence;
    /* the variant being read */
    char tuv_lang[TMX_TAG_SIZE];
    int tuv_segs;
    size_t seg_start;
    /* the prop being read */
    prop_type prop;
    tmx_buf prop_text;
} reader;

static long node_line(reader *r)
{
    xmlNodePtr node = xmlTextReaderCurrentNode(r->xr);
    long line = node != NULL ? xmlGetLineNo(node) : -1;

    return line > 0 ? line : xmlTextReaderGetParserLineNumber(r->xr);
}

static int failf(reader *r, int code, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int failf(reader *r, int code, long line, const char *fmt, ...)
{
    char message[sizeof r->err->message];
    va_list ap;

    if (r->failed)
        return r->err != NULL ? r->err->code : code;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    r->failed = 1;
    return stele_error_set(r->err, code, r->path, line, -1, "%s", message);
}

static void on_xml_error(void *payload, xmlErrorPtr error)
{
    reader *r = payload;
    size_t n;

    if (error == NULL || error->level < XML_ERR_ERROR)
        return;
    if (r->xml_failed) {
        /* An entity loop is reported first inside the entities, at
         * their own line 1; the last report is at the reference. */
        if (error->code == XML_ERR_ENTITY_LOOP &&
            r->xml_code == XML_ERR_ENTITY_LOOP && error->line > r->xml_line)
            r->xml_line = error->line;
        return;
    }
    r->xml_failed = 1;
    r->xml_code = error->code;
    r->xml_line = error->line;
    snprintf(r->xml_message, sizeof r->xml_message, "%s",
             error->message != NULL ? error->message : "unknown error");
    n = strlen(r->xml_message);
    while (n > 0 && (r->xml_message[n - 1] == '\n' ||
                     r->xml_message[n - 1] == ' '))
        r->xml_message[--n] = '\0';
}

/* The number in libxml2's "Excessive depth in document: 256 use ..."
 * into @p depth, or "256" when it says none. */
static const char *depth_of(const char *message, char depth[16])
{
    const char *colon = strchr(message, ':');
    size_t n = 0;

    if (colon != NULL)
        for (colon++; *colon == ' '; colon++)
            ;
    while (colon != NULL && colon[n] >= '0' && colon[n] <= '9' &&
           n + 1 < 16)
        n++;
    if (n == 0)
        return "256";
    memcpy(depth, colon, n);
    depth[n] = '\0';
    return depth;
}

static int xml_failure(reader *r)
{
    char depth[16];

    /* libxml2's reader says "Extra content at the end of the document"
     * for an empty file and for one cut short; say what happened. */
    if (r->xml_code == XML_ERR_DOCUMENT_END && r->eof && !r->root_closed)
        return r->at[0] == K_TMX
                   ? failf(r, STELE_EFORMAT, r->xml_line,
                           "the file ends before </tmx> (cut short?)")
                   : failf(r, STELE_EFORMAT, r->xml_line,
                           "not well-formed XML: no root element (an "
                           "empty file?)");
    switch (r->xml_code) {
    case XML_ERR_ENTITY_LOOP:
        return failf(r, STELE_EFORMAT, r->xml_line,
                     "entities expand too much (refused: TMX needs no "
                     "entities; libxml2: %s)", r->xml_message);
    case XML_ERR_DOCUMENT_EMPTY:
        /* libxml2's "Document is empty" is said of any file whose first
         * non-blank byte is not '<': an image, a program, a text. */
        return failf(r, STELE_EFORMAT, r->xml_line,
                     "not XML: the file does not begin with markup (a "
                     "binary or text file?)");
    case XML_I18N_CONV_FAILED:
        /* raised while decoding ahead of the parser, which has not
         * reached those bytes: the line it is on, at least */
        return failf(r, STELE_EFORMAT,
                     r->xml_line > 0 ? r->xml_line
                     : xmlTextReaderGetParserLineNumber(r->xr) > 0
                         ? xmlTextReaderGetParserLineNumber(r->xr)
                         : 1,
                     "bytes that are not valid in the file's encoding "
                     "(libxml2: %s)", r->xml_message);
    case XML_ERR_NO_MEMORY:
        return failf(r, STELE_ETOOBIG, r->xml_line,
                     "too big to read (libxml2: %s)", r->xml_message);
    default:
        /* The nesting limit is told as an option to lift, which a user
         * of stele cannot; and TMX nests a dozen levels at most. */
        if (strncmp(r->xml_message, "Excessive depth", 15) == 0)
            return failf(r, STELE_EFORMAT, r->xml_line,
                         "elements nested too deep (libxml2's limit: %s); "
                         "TMX needs a dozen levels",
                         depth_of(r->xml_message, depth));
        return failf(r, STELE_EFORMAT, r->xml_line,
                     "not well-formed XML: %s", r->xml_message);
    }
}

static int read_cb(void *context, char *buffer, int len)
{
    reader *r = context;

    for (;;) {
        ssize_t n = read(r->fd, buffer, (size_t)len);

        if (n >= 0) {
            r->eof = n == 0;
            r->bytes_read += (uint64_t)n;
            /* every megabyte: a bar needs no more */
            if (r->progress != NULL &&
                r->bytes_read - r->bytes_told >= ((uint64_t)1 << 20)) {
                r->bytes_told = r->bytes_read;
                r->progress(r->bytes_read,
                            r->size >= r->bytes_read ? r->size : 0,
                            r->progress_payload);
            }
            return (int)n;
        }
        if (errno != EINTR) {
            failf(r, STELE_EIO, 0, "cannot read: %s", strerror(errno));
            return -1;
        }
    }
}

static int close_cb(void *context)
{
    (void)context;
    return 0;
}

static int is_blank(const char *s)
{
    for (; *s != '\0'; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

/* Normalise language tag attribute value @p value into @p buf. */
static int lang_attr(reader *r, const char *what, const char *value,
                     char *buf)
{
    if (stele__tmx_tag_normalise(value, strlen(value), buf) != 0)
        return failf(r, STELE_EFORMAT, node_line(r),
                     "%s: invalid language tag '%.64s'", what, value);
    return STELE_OK;
}

static int date_attr(reader *r, const char *what, const char *value,
                     int64_t *out)
{
    if (stele__tmx_date_parse(value, out) != 0)
        return failf(r, STELE_EFORMAT, node_line(r),
                     "%s: creationdate '%.64s' is not of the form "
                     "YYYYMMDDThhmmssZ", what, value);
    return STELE_OK;
}

/* The attributes of the element the reader is on, by name. */
static int each_attribute(reader *r,
                          int (*fn)(reader *r, const char *name,
                                    const char *value))
{
    int more = xmlTextReaderMoveToFirstAttribute(r->xr);
    int rc = STELE_OK;

    while (more == 1 && rc == STELE_OK) {
        const char *name = (const char *)xmlTextReaderConstName(r->xr);
        const char *value = (const char *)xmlTextReaderConstValue(r->xr);

        if (name != NULL && value != NULL)
            rc = fn(r, name, value);
        more = xmlTextReaderMoveToNextAttribute(r->xr);
    }
    xmlTextReaderMoveToElement(r->xr);
    return rc;
}

static int tmx_attr(reader *r, const char *name, const char *value)
{
    if (strcmp(name, "version") == 0 && strncmp(value, "1.", 2) != 0)
        return failf(r, STELE_EFORMAT, node_line(r),
                     "not TMX 1.x (version '%.32s'); stele reads TMX 1.1 "
                     "to 1.4b", value);
    return STELE_OK;
}

static int header_attr(reader *r, const char *name, const char *value)
{
    if (strcmp(name, "srclang") == 0) {
        if (strcmp(value, "*all*") == 0)
            return STELE_OK;
        return lang_attr(r, "<header> srclang", value, r->header_srclang);
    }
    if (strcmp(name, "creationdate") == 0)
        return date_attr(r, "<header>", value, &r->header_date);
    return STELE_OK;
}

static int tu_attr(reader *r, const char *name, const char *value)
{
    if (strcmp(name, "srclang") == 0) {
        r->has_tu_srclang = 1;
        if (strcmp(value, "*all*") == 0) {
            r->tu_srclang[0] = '\0';
            return STELE_OK;
        }
        return lang_attr(r, "<tu> srclang", value, r->tu_srclang);
    }
    if (strcmp(name, "creationdate") == 0)
        return date_attr(r, "<tu>", value, &r->tu_date);
    return STELE_OK;
}

static int tuv_attr(reader *r, const char *name, const char *value)
{
    /* TMX 1.1 and 1.2 name the language "lang"; 1.3 and later
     * "xml:lang". When both are given, xml:lang wins. */
    if (strcmp(name, "xml:lang") == 0 ||
        (strcmp(name, "lang") == 0 && r->tuv_lang[0] == '\0')) {
        return lang_attr(r, "<tuv>", value, r->tuv_lang);
    }
    if (strcmp(name, "creationdate") == 0) {
        int64_t date;
        int rc = date_attr(r, "<tuv>", value, &date);

        if (rc == STELE_OK && (r->tuv_date_min == 0 || date < r->tuv_date_min))
            r->tuv_date_min = date;
        return rc;
    }
    return STELE_OK;
}

static int prop_attr(reader *r, const char *name, const char *value)
{
    if (strcmp(name, "type") != 0)
        return STELE_OK;
    if (strcmp(value, "x-stele-title") == 0)
        r->prop = PROP_TITLE;
    else if (strcmp(value, "x-stele-langs") == 0)
        r->prop = PROP_LANGS;
    else if (strcmp(value, "x-stele-confidence") == 0)
        r->prop = PROP_CONFIDENCE;
    return STELE_OK;
}

/* A ph that stands for a break (its type) reads as a space. */
static int ph_attr(reader *r, const char *name, const char *value)
{
    if (strcmp(name, "type") == 0 &&
        (strcmp(value, "lb") == 0 || strcmp(value, "pb") == 0 ||
         strcmp(value, "cb") == 0)) {
        int rc = stele__tmx_buf_add(&r->texts, " ", 1);

        if (rc != STELE_OK)
            return failf(r, rc, r->tu_line, rc == STELE_ETOOBIG
                         ? "<tu> with more than %d MiB of text"
                         : "out of memory", STELE_TMX_MAX_UNIT_TEXT >> 20);
    }
    return STELE_OK;
}

static void begin_unit(reader *r)
{
    r->tu_line = node_line(r);
    r->tu_srclang[0] = '\0';
    r->has_tu_srclang = 0;
    r->tu_date = 0;
    r->tuv_date_min = 0;
    r->nvariants = 0;
    r->texts.length = 0;
    r->title.length = 0;
    r->has_title = 0;
    r->ndoc_langs = 0;
    r->confidence = -1;
}

/* The text of an x-stele prop, at its end. */
static int end_prop(reader *r)
{
    const char *text = r->prop_text.data != NULL ? r->prop_text.data : "";
    long line = node_line(r);

    switch (r->prop) {
    case PROP_NONE:
        return STELE_OK;
    case PROP_TITLE:
        r->title.length = 0;
        r->has_title = 1;
        if (stele__tmx_buf_add(&r->title, text, strlen(text)) != STELE_OK)
            return failf(r, STELE_ENOMEM, line, "out of memory");
        return STELE_OK;
    case PROP_LANGS: {
        char *p = r->doc_langs_text;

        memcpy(p, text, strlen(text) + 1);
        r->ndoc_langs = 0;
        while (*p != '\0') {
            char *comma = strchr(p, ',');
            size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
            char tag[TMX_TAG_SIZE];

            if (r->ndoc_langs == STELE_TMX_MAX_VARIANTS ||
                stele__tmx_tag_normalise(p, n, tag) != 0)
                return failf(r, STELE_EFORMAT, line,
                             "x-stele-langs '%.64s' is not a list of at "
                             "most %d language tags", text,
                             STELE_TMX_MAX_VARIANTS);
            /* The tag is never longer than what it replaces. */
            memcpy(p, tag, n);
            r->doc_langs[r->ndoc_langs++] = p;
            if (comma == NULL)
                break;
            *comma = '\0';
            p = comma + 1;
        }
        return STELE_OK;
    }
    case PROP_CONFIDENCE: {
        double v = 0, scale = 1;
        const char *p = text;
        int digits = 0;

        /* By hand, as the writer writes it: strtod follows the locale. */
        for (; *p >= '0' && *p <= '9'; p++, digits++)
            v = v * 10 + (*p - '0');
        if (*p == '.')
            for (p++; *p >= '0' && *p <= '9'; p++, digits++) {
                scale /= 10;
                v += (*p - '0') * scale;
            }
        if (*p != '\0' || digits == 0 || v > 1.0)
            return failf(r, STELE_EFORMAT, line,
                         "x-stele-confidence '%.32s' is not a number from "
                         "0 to 1", text);
        r->confidence = v;
        return STELE_OK;
    }
    }
    return STELE_OK;
}

/* A variant ends: keep its text unless empty or its language was seen
 * in this unit already (the first one wins). */
static int end_variant(reader *r)
{
    const char *text;

    if (r->tuv_segs == 0)
        return failf(r, STELE_EFORMAT, node_line(r), "<tuv> without <seg>");
    /* No text buffered yet (an empty first <seg>): nothing to offset */
    text = r->texts.data != NULL ? r->texts.data + r->seg_start : "";
    for (size_t i = 0; i < r->nvariants; i++)
        if (strcmp(r->langs[i], r->tuv_lang) == 0) {
            r->texts.length = r->seg_start;
            return STELE_OK;
        }
    if (is_blank(text)) {
        r->texts.length = r->seg_start;
        return STELE_OK;
    }
    if (r->nvariants == STELE_TMX_MAX_VARIANTS)
        return failf(r, STELE_ETOOBIG, r->tu_line,
                     "<tu> with more than %d languages",
                     STELE_TMX_MAX_VARIANTS);
    memcpy(r->langs[r->nvariants], r->tuv_lang, TMX_TAG_SIZE);
    r->starts[r->nvariants++] = r->seg_start;
    /* The NUL after the text separates it from the next one. */
    if (stele__tmx_buf_add(&r->texts, "", 1) != STELE_OK)
        return failf(r, STELE_ETOOBIG, r->tu_line,
                     "<tu> with more than %d MiB of text",
                     STELE_TMX_MAX_UNIT_TEXT >> 20);
    return STELE_OK;
}

static int end_unit(reader *r, stele_tmx_unit_fn fn, void *payload)
{
    const char *langs[STELE_TMX_MAX_VARIANTS];
    const char *texts[STELE_TMX_MAX_VARIANTS];
    stele_tmx_unit unit;
    const char *srclang;

    if (r->nvariants == 0)
        return STELE_OK;
    for (size_t i = 0; i < r->nvariants; i++) {
        langs[i] = r->langs[i];
        texts[i] = r->texts.data + r->starts[i];
    }
    srclang = r->has_tu_srclang ? r->tu_srclang : r->header_srclang;
    unit.nvariants = r->nvariants;
    unit.langs = langs;
    unit.texts = texts;
    unit.title = r->has_title ? r->title.data : NULL;
    unit.doc_langs = r->ndoc_langs > 0 ? r->doc_langs : NULL;
    unit.ndoc_langs = r->ndoc_langs;
    unit.confidence = r->confidence;
    unit.created_at = r->tu_date != 0        ? r->tu_date
                      : r->tuv_date_min != 0 ? r->tuv_date_min
                                             : r->header_date;
    unit.srclang = srclang[0] != '\0' ? srclang : NULL;
    unit.line = r->tu_line;
    return fn(&unit, payload);
}

/* An element opens at @p depth. */
static int start_element(reader *r, int depth, const char *name)
{
    kind parent = depth == 0  ? K_NONE
                  : depth < 5 ? r->at[depth - 1]
                              : (r->at[4] == K_SEG ? K_SEG : K_NONE);
    long line;
    int rc;

    if (depth < 5)
        r->at[depth] = K_NONE;
    switch (parent) {
    case K_NONE:
        if (depth > 0)
            break;
        if (strcmp(name, "tmx") != 0)
            return failf(r, STELE_EFORMAT, node_line(r),
                         "not a TMX file: the root element is <%.64s>, not "
                         "<tmx>", name);
        r->at[0] = K_TMX;
        return each_attribute(r, tmx_attr);
    case K_TMX:
        if (strcmp(name, "header") == 0 && !r->seen_header &&
            !r->seen_body) {
            r->seen_header = 1;
            r->at[depth] = K_HEADER;
            return each_attribute(r, header_attr);
        }
        if (strcmp(name, "body") == 0 && !r->seen_body) {
            if (!r->seen_header)
                return failf(r, STELE_EFORMAT, node_line(r),
                             "not TMX: <body> without a <header> before "
                             "it");
            r->seen_body = 1;
            r->at[depth] = K_BODY;
            return STELE_OK;
        }
        return failf(r, STELE_EFORMAT, node_line(r),
                     "not TMX: unexpected <%.64s> in <tmx>", name);
    case K_HEADER:
        /* note, prop, ude: nothing stele needs */
        r->skip_depth = depth;
        return STELE_OK;
    case K_BODY:
        if (strcmp(name, "tu") != 0)
            return failf(r, STELE_EFORMAT, node_line(r),
                         "not TMX: unexpected <%.64s> in <body>", name);
        r->at[depth] = K_TU;
        begin_unit(r);
        return each_attribute(r, tu_attr);
    case K_TU:
        if (strcmp(name, "tuv") == 0) {
            r->at[depth] = K_TUV;
            r->tuv_lang[0] = '\0';
            r->tuv_segs = 0;
            rc = each_attribute(r, tuv_attr);
            if (rc == STELE_OK && r->tuv_lang[0] == '\0')
                rc = failf(r, STELE_EFORMAT, node_line(r),
                           "<tuv> without xml:lang (or lang)");
            return rc;
        }
        if (strcmp(name, "prop") == 0) {
            r->prop = PROP_NONE;
            rc = each_attribute(r, prop_attr);
            if (rc == STELE_OK && r->prop == PROP_NONE) {
                r->skip_depth = depth;
                return STELE_OK;
            }
            r->at[depth] = K_PROP;
            r->prop_text.length = 0;
            return rc;
        }
        if (strcmp(name, "note") == 0) {
            r->skip_depth = depth;
            return STELE_OK;
        }
        return failf(r, STELE_EFORMAT, node_line(r),
                     "not TMX: unexpected <%.64s> in <tu>", name);
    case K_TUV:
        if (strcmp(name, "seg") == 0) {
            line = node_line(r);
            if (r->tuv_segs++ > 0)
                return failf(r, STELE_EFORMAT, line,
                             "<tuv> with more than one <seg>");
            r->at[depth] = K_SEG;
            r->seg_start = r->texts.length;
            return STELE_OK;
        }
        if (strcmp(name, "prop") == 0 || strcmp(name, "note") == 0) {
            r->skip_depth = depth;
            return STELE_OK;
        }
        return failf(r, STELE_EFORMAT, node_line(r),
                     "not TMX: unexpected <%.64s> in <tuv>", name);
    case K_PROP:
        return failf(r, STELE_EFORMAT, node_line(r),
                     "not TMX: unexpected <%.64s> in <prop>", name);
    case K_SEG:
        if (strcmp(name, "bpt") == 0 || strcmp(name, "ept") == 0 ||
            strcmp(name, "it") == 0 || strcmp(name, "ph") == 0 ||
            strcmp(name, "ut") == 0 || strcmp(name, "sub") == 0) {
            r->skip_depth = depth;
            if (strcmp(name, "ph") == 0)
                return each_attribute(r, ph_attr);
        }
        return STELE_OK;
    }
    return failf(r, STELE_EFORMAT, node_line(r),
                 "not TMX: unexpected <%.64s>", name);
}

/* The element at @p depth closes. */
static int end_element(reader *r, int depth, stele_tmx_unit_fn fn,
                       void *payload)
{
    kind k = depth < 5 ? r->at[depth] : K_NONE;

    if (r->skip_depth == depth) {
        r->skip_depth = 0;
        return STELE_OK;
    }
    if (depth < 5)
        r->at[depth] = K_NONE;
    switch (k) {
    case K_TMX:
        r->root_closed = 1;
        return STELE_OK;
    case K_PROP:
        return end_prop(r);
    case K_TUV:
        return end_variant(r);
    case K_TU:
        return end_unit(r, fn, payload);
    default:
        return STELE_OK;
    }
}

static int text_node(reader *r, int depth, int type)
{
    const char *text = (const char *)xmlTextReaderConstValue(r->xr);
    kind container = K_NONE;
    int rc;

    if (text == NULL)
        return STELE_OK;
    if (depth >= 5)
        container = r->at[4] == K_SEG ? K_SEG : K_NONE; /* inline */
    else if (depth >= 1)
        container = r->at[depth - 1];
    switch (container) {
    case K_SEG:
        rc = stele__tmx_buf_add(&r->texts, text, strlen(text));
        if (rc == STELE_ETOOBIG)
            return failf(r, rc, r->tu_line, "<tu> with more than %d MiB of "
                         "text", STELE_TMX_MAX_UNIT_TEXT >> 20);
        if (rc != STELE_OK)
            return failf(r, rc, r->tu_line, "out of memory");
        return STELE_OK;
    case K_PROP:
        rc = stele__tmx_buf_add(&r->prop_text, text, strlen(text));
        if (rc != STELE_OK)
            return failf(r, rc, node_line(r), rc == STELE_ETOOBIG
                         ? "<prop> longer than %d KiB" : "out of memory",
                         STELE_TMX_MAX_PROP >> 10);
        return STELE_OK;
    default:
        if (type == NODE_WHITESPACE || type == NODE_SIGNIFICANT_WHITESPACE ||
            is_blank(text))
            return STELE_OK;
        return failf(r, STELE_EFORMAT, node_line(r),
                     "not TMX: text outside <seg>: '%.40s'", text);
    }
}

/* A DOCTYPE may name a DTD (it is not loaded) but may declare no
 * entity. */
static int doctype(reader *r)
{
    /* Not xmlTextReaderCurrentDoc(): it makes the reader keep the
     * document, which would then leak. */
    xmlNodePtr node = xmlTextReaderCurrentNode(r->xr);
    xmlDtdPtr dtd = node != NULL && node->type == XML_DTD_NODE
                        ? (xmlDtdPtr)node
                        : NULL;

    if (dtd != NULL && (dtd->entities != NULL || dtd->pentities != NULL))
        return failf(r, STELE_EFORMAT, node_line(r),
                     "the DOCTYPE declares entities, which TMX does not use "
                     "(refused: entities can expand without bound or read "
                     "other files)");
    return STELE_OK;
}

static int walk(reader *r, stele_tmx_unit_fn fn, void *payload)
{
    int rc = STELE_OK, step;

    while ((step = xmlTextReaderRead(r->xr)) == 1) {
        int type = xmlTextReaderNodeType(r->xr);
        int depth = xmlTextReaderDepth(r->xr);

        if (r->xml_failed)
            break;
        if (r->skip_depth > 0 && depth > r->skip_depth)
            continue;
        switch (type) {
        case NODE_ELEMENT: {
            const char *name =
                (const char *)xmlTextReaderConstLocalName(r->xr);

            rc = start_element(r, depth, name != NULL ? name : "");
            if (rc == STELE_OK && xmlTextReaderIsEmptyElement(r->xr) == 1)
                rc = end_element(r, depth, fn, payload);
            break;
        }
        case NODE_END_ELEMENT:
            rc = end_element(r, depth, fn, payload);
            break;
        case NODE_TEXT:
        case NODE_CDATA:
        case NODE_WHITESPACE:
        case NODE_SIGNIFICANT_WHITESPACE:
            rc = text_node(r, depth, type);
            break;
        case NODE_ENTITY_REF:
            rc = failf(r, STELE_EFORMAT, node_line(r),
                       "reference to the undeclared entity &%.64s;",
                       (const char *)xmlTextReaderConstName(r->xr));
            break;
        case NODE_DOCTYPE:
            rc = doctype(r);
            break;
        default:
            break; /* comments, processing instructions */
        }
        if (rc != STELE_OK)
            return rc;
    }
    if (r->failed)
        return r->err != NULL ? r->err->code : STELE_EFORMAT;
    if (r->xml_failed || step < 0) {
        if (!r->xml_failed) {
            r->xml_line = xmlTextReaderGetParserLineNumber(r->xr);
            snprintf(r->xml_message, sizeof r->xml_message,
                     "the parser stopped");
        }
        return xml_failure(r);
    }
    if (!r->seen_body)
        return failf(r, STELE_EFORMAT, xmlTextReaderGetParserLineNumber(r->xr),
                     "not TMX: no <body>");
    return STELE_OK;
}

int stele_tmx_read(const char *path, stele_tmx_unit_fn fn, void *payload,
                   stele_error *err)
{
    return stele__tmx_read(path, fn, payload, NULL, NULL, err);
}

int stele__tmx_read(const char *path, stele_tmx_unit_fn fn, void *payload,
                    stele_progress_fn progress, void *progress_payload,
                    stele_error *err)
{
    /* Not NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE: see the
     * top of this file. */
    const int options = XML_PARSE_NONET | XML_PARSE_NOCDATA |
                        XML_PARSE_BIG_LINES;
    reader *r;
    int rc;

    if (path == NULL || fn == NULL)
        return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                               "no TMX file given");
    r = calloc(1, sizeof *r);
    if (r == NULL)
        return stele_error_set(err, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    r->err = err;
    r->path = strcmp(path, "-") == 0 ? "<stdin>" : path;
    r->texts.max = STELE_TMX_MAX_UNIT_TEXT;
    r->title.max = STELE_TMX_MAX_PROP;
    r->prop_text.max = STELE_TMX_MAX_PROP;
    r->fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (r->fd < 0) {
        rc = stele_error_set(err, errno == ENOENT ? STELE_ENOTFOUND
                                                  : STELE_EIO,
                             path, 0, -1, "cannot open: %s", strerror(errno));
        free(r);
        return rc;
    }
    r->progress = progress;
    r->progress_payload = progress_payload;
    {
        struct stat st;
        if (fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode))
            r->size = (uint64_t)st.st_size;
        /* open() lets a folder through; read() would say EISDIR. */
        if (fstat(r->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            close(r->fd);
            free(r);
            return stele_error_set(err, STELE_EIO, path, 0, -1,
                                   "is a folder, not a file");
        }
    }
    r->xr = xmlReaderForIO(read_cb, close_cb, r, NULL, NULL, options);
    if (r->xr == NULL) {
        rc = stele_error_set(err, STELE_ENOMEM, r->path, 0, -1,
                             "out of memory");
    } else {
        /* Encoding errors are raised without the parser's context, so
         * the reader's handler never hears of them and libxml2 prints
         * them on stderr; this thread's handler catches them. */
        xmlStructuredErrorFunc saved = xmlStructuredError;
        void *saved_context = xmlStructuredErrorContext;

        xmlSetStructuredErrorFunc(r, on_xml_error);
        xmlTextReaderSetStructuredErrorHandler(r->xr, on_xml_error, r);
        rc = walk(r, fn, payload);
        xmlFreeTextReader(r->xr);
        xmlSetStructuredErrorFunc(saved_context, saved);
    }
    if (rc == STELE_OK && progress != NULL)
        progress(r->bytes_read, r->size >= r->bytes_read ? r->size : 0,
                 progress_payload);
    if (r->fd > 0)
        close(r->fd);
    stele__tmx_buf_free(&r->texts);
    stele__tmx_buf_free(&r->title);
    stele__tmx_buf_free(&r->prop_text);
    free(r);
    return rc;
}
