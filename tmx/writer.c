/*
 * tmx/writer.c - TMX 1.4b out, one <tu> at a time (stele_tmx_writer).
 *
 * libxml2's xmlTextWriter keeps only the stack of open elements, so the
 * memory used is the same for ten units or ten million. The writer
 * writes into an xmlOutputBuffer whose callback is ours, for two
 * reasons: a write error (a full disk, a closed pipe) must be seen and
 * reported, which xmlFreeTextWriter does not do; and a file is written
 * under a temporary name and renamed only when everything was written,
 * so that an export that fails half-way leaves nothing behind.
 *
 * Every string goes through sanitise() first: UTF-8 is checked and what
 * XML 1.0 cannot carry (section 2.2, Char) becomes U+FFFD. Text content
 * is escaped there too (&, <, > and CR, which a parser would otherwise
 * turn into LF) and handed to the writer raw, which spares libxml2's
 * escaping copy; attribute values are escaped by the writer.
 *
 * No DOCTYPE is written: a reader that honours it would go looking for
 * tmx14.dtd beside the file (Java's default parsers do), and the tools
 * that read TMX know its structure anyway.
 */
#define _POSIX_C_SOURCE 200809L

#include "tmx_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

struct stele_tmx_writer {
    xmlTextWriterPtr xw;   /* owns the output buffer */
    int fd;                /* the temporary file, or 1 for stdout */
    char *path;            /* the final path, or NULL for stdout;
                              malloc'ed */
    char *tmp_path;        /* where it is written; malloc'ed, or NULL */
    int write_errno;       /* first failed write(2), 0 when none */
    tmx_buf text;          /* sanitised text of one string */
    tmx_buf langs;         /* the x-stele-langs value of a unit */
};

static const char *shown_path(const stele_tmx_writer *w)
{
    return w->path != NULL ? w->path : "<stdout>";
}

/* A failed write is recorded, not returned: libxml2 would print its
 * own "I/O error" on stderr; the writer reports ours after each call. */
static int out_write(void *context, const char *buffer, int len)
{
    stele_tmx_writer *w = context;
    size_t done = 0;

    while (w->write_errno == 0 && done < (size_t)len) {
        ssize_t n = write(w->fd, buffer + done, (size_t)len - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            w->write_errno = n < 0 ? errno : EIO;
        else
            done += (size_t)n;
    }
    return len;
}

static int out_close(void *context)
{
    (void)context;
    return 0;
}

/* The code point at p (n bytes left), or -1 when p does not start a
 * well-formed UTF-8 sequence (RFC 3629: no overlongs, no surrogates,
 * nothing past U+10FFFF); *len is the bytes taken (1 when malformed). */
static int32_t utf8_next(const unsigned char *p, size_t n, size_t *len)
{
    unsigned char c = p[0];
    int32_t cp;
    size_t need;

    *len = 1;
    if (c < 0x80)
        return c;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        cp = c & 0x07;
    } else {
        return -1;
    }
    if (need >= n)
        return -1;
    for (size_t i = 1; i <= need; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
        return -1;
    *len = need + 1;
    return cp;
}

/* @p text (n bytes) into w->text, with what XML cannot carry replaced
 * by U+FFFD, and escaped for element content when @p escape. */
static int sanitise(stele_tmx_writer *w, const char *text, size_t n,
                    int escape)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    const unsigned char *p = (const unsigned char *)text;
    size_t at = 0, run = 0;
    int rc = STELE_OK;

    w->text.length = 0;
    while (at < n && rc == STELE_OK) {
        unsigned char c = p[at];
        const char *put = NULL;
        size_t len = 1;

        if (c >= 0x20 && c < 0x80 &&
            !(escape && (c == '&' || c == '<' || c == '>'))) {
            at++;
            continue;
        }
        if (c == '\t' || c == '\n') {
            at++;
            continue;
        }
        if (c >= 0x80) {
            int32_t cp = utf8_next(p + at, n - at, &len);

            if (cp >= 0 && cp != 0xFFFE && cp != 0xFFFF) {
                at += len;
                continue;
            }
            put = replacement;
        } else if (escape && c == '&') {
            put = "&amp;";
        } else if (escape && c == '<') {
            put = "&lt;";
        } else if (escape && c == '>') {
            put = "&gt;";
        } else if (c == '\r') {
            if (!escape) {
                at++;
                continue;
            }
            put = "&#13;";
        } else {
            put = replacement;
        }
        rc = stele__tmx_buf_add(&w->text, text + run, at - run);
        if (rc == STELE_OK)
            rc = stele__tmx_buf_add(&w->text, put, strlen(put));
        at += len;
        run = at;
    }
    if (rc == STELE_OK)
        rc = stele__tmx_buf_add(&w->text, text + run, at - run);
    return rc;
}

/* The error of a failed xmlTextWriter call: a write error if one was
 * seen, else libxml2's. */
static int fail(stele_tmx_writer *w, stele_error *err, int rc)
{
    if (rc == STELE_ETOOBIG || rc == STELE_ENOMEM)
        return stele_error_set(err, STELE_ENOMEM, shown_path(w), 0, -1,
                               "out of memory");
    if (w->write_errno != 0)
        return stele_error_set(err, STELE_EIO, shown_path(w), 0, -1,
                               "cannot write: %s", strerror(w->write_errno));
    return stele_error_set(err, STELE_EINTERNAL, shown_path(w), 0, -1,
                           "libxml2 failed to write the TMX");
}

static int attribute(stele_tmx_writer *w, const char *name,
                     const char *value, stele_error *err)
{
    int rc = sanitise(w, value, strlen(value), 0);

    if (rc != STELE_OK)
        return fail(w, err, rc);
    if (xmlTextWriterWriteAttribute(w->xw, BAD_CAST name,
                                    BAD_CAST w->text.data) < 0)
        return fail(w, err, STELE_EINTERNAL);
    return STELE_OK;
}

/* <NAME>text</NAME>, or with a prop's type. */
static int text_element(stele_tmx_writer *w, const char *name,
                        const char *prop_type, const char *text,
                        stele_error *err)
{
    int rc;

    if (xmlTextWriterStartElement(w->xw, BAD_CAST name) < 0)
        return fail(w, err, STELE_EINTERNAL);
    if (prop_type != NULL) {
        rc = attribute(w, "type", prop_type, err);
        if (rc != STELE_OK)
            return rc;
    }
    rc = sanitise(w, text, strlen(text), 1);
    if (rc != STELE_OK)
        return fail(w, err, rc);
    /* An empty raw write still closes the start tag, so that an empty
     * text is written <seg></seg> like any other. */
    if (xmlTextWriterWriteRawLen(w->xw, BAD_CAST w->text.data,
                                 (int)w->text.length) < 0 ||
        xmlTextWriterEndElement(w->xw) < 0)
        return fail(w, err, STELE_EINTERNAL);
    return STELE_OK;
}

static void writer_free(stele_tmx_writer *w, int remove)
{
    if (w->xw != NULL)
        xmlFreeTextWriter(w->xw);
    if (w->path != NULL && w->fd >= 0)
        close(w->fd);
    if (remove && w->tmp_path != NULL)
        unlink(w->tmp_path);
    stele__tmx_buf_free(&w->text);
    stele__tmx_buf_free(&w->langs);
    free(w->tmp_path);
    free(w->path);
    free(w);
}

/* Create the temporary file beside w->path, mode 0666 less the umask as
 * for any new file. */
static int open_temporary(stele_tmx_writer *w, stele_error *err)
{
    size_t n = strlen(w->path) + 48;
    struct stat st;

    if (stat(w->path, &st) == 0 && S_ISDIR(st.st_mode))
        return stele_error_set(err, STELE_EIO, w->path, 0, -1,
                               "is a folder");
    w->tmp_path = malloc(n);
    if (w->tmp_path == NULL)
        return stele_error_set(err, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    for (unsigned attempt = 0;; attempt++) {
        snprintf(w->tmp_path, n, "%s.tmp%ld-%u", w->path, (long)getpid(),
                 attempt);
        w->fd = open(w->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                     0666);
        if (w->fd >= 0)
            return STELE_OK;
        if (errno != EEXIST || attempt == 100) {
            int e = errno;

            free(w->tmp_path);
            w->tmp_path = NULL;
            return stele_error_set(err, STELE_EIO, w->path, 0, -1,
                                   "cannot create: %s", strerror(e));
        }
    }
}

int stele_tmx_writer_open(stele_tmx_writer **out, const char *path,
                          const stele_tmx_header *header, stele_error *err)
{
    static const stele_tmx_header defaults = STELE_TMX_HEADER_INIT;
    xmlOutputBufferPtr buffer;
    stele_tmx_writer *w;
    char date[17];
    int rc;

    *out = NULL;
    if (header == NULL)
        header = &defaults;
    if (header->version != STELE_TMX_HEADER_VERSION)
        return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                               "unknown stele_tmx_header version %d",
                               header->version);
    if (path == NULL || path[0] == '\0')
        return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                               "no output file given");
    w = calloc(1, sizeof *w);
    if (w == NULL)
        return stele_error_set(err, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    w->fd = 1;
    w->text.max = (size_t)-1 / 2;
    w->langs.max = STELE_TMX_MAX_PROP;
    if (strcmp(path, "-") != 0) {
        w->path = malloc(strlen(path) + 1);
        if (w->path == NULL) {
            writer_free(w, 0);
            return stele_error_set(err, STELE_ENOMEM, NULL, 0, -1,
                                   "out of memory");
        }
        memcpy(w->path, path, strlen(path) + 1);
        w->fd = -1;
        rc = open_temporary(w, err);
        if (rc != STELE_OK) {
            writer_free(w, 0);
            return rc;
        }
    }
    buffer = xmlOutputBufferCreateIO(out_write, out_close, w, NULL);
    if (buffer != NULL)
        w->xw = xmlNewTextWriter(buffer);
    if (w->xw == NULL) {
        if (buffer != NULL)
            xmlOutputBufferClose(buffer);
        writer_free(w, 1);
        return stele_error_set(err, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    }
    stele__tmx_date_format(header->created_at != 0 ? header->created_at
                                                   : (int64_t)time(NULL),
                           date);
    rc = STELE_OK;
    if (xmlTextWriterSetIndent(w->xw, 1) < 0 ||
        xmlTextWriterSetIndentString(w->xw, BAD_CAST "  ") < 0 ||
        xmlTextWriterStartDocument(w->xw, "1.0", "UTF-8", NULL) < 0 ||
        xmlTextWriterStartElement(w->xw, BAD_CAST "tmx") < 0 ||
        xmlTextWriterWriteAttribute(w->xw, BAD_CAST "version",
                                    BAD_CAST "1.4") < 0 ||
        xmlTextWriterStartElement(w->xw, BAD_CAST "header") < 0)
        rc = fail(w, err, STELE_EINTERNAL);
    if (rc == STELE_OK)
        rc = attribute(w, "creationtool", "stele", err);
    if (rc == STELE_OK)
        rc = attribute(w, "creationtoolversion", stele_version(), err);
    if (rc == STELE_OK)
        rc = attribute(w, "segtype", "sentence", err);
    if (rc == STELE_OK)
        rc = attribute(w, "o-tmf", "stele", err);
    if (rc == STELE_OK)
        rc = attribute(w, "adminlang",
                       header->adminlang != NULL ? header->adminlang : "en",
                       err);
    if (rc == STELE_OK)
        rc = attribute(w, "srclang",
                       header->srclang != NULL ? header->srclang : "*all*",
                       err);
    if (rc == STELE_OK)
        rc = attribute(w, "datatype", "plaintext", err);
    if (rc == STELE_OK)
        rc = attribute(w, "creationdate", date, err);
    if (rc == STELE_OK && (xmlTextWriterEndElement(w->xw) < 0 ||
                           xmlTextWriterStartElement(w->xw,
                                                     BAD_CAST "body") < 0))
        rc = fail(w, err, STELE_EINTERNAL);
    if (rc != STELE_OK) {
        writer_free(w, 1);
        return rc;
    }
    *out = w;
    return STELE_OK;
}

/* "0.9500": four decimals, written by hand so that no locale turns the
 * point into a comma. */
static void format_confidence(double confidence, char *buf, size_t size)
{
    long v;

    if (confidence < 0)
        confidence = 0;
    if (confidence > 1)
        confidence = 1;
    v = (long)(confidence * 10000.0 + 0.5);
    snprintf(buf, size, "%ld.%04ld", v / 10000, v % 10000);
}

int stele_tmx_writer_add(stele_tmx_writer *writer,
                         const stele_tmx_unit *unit, stele_error *err)
{
    stele_tmx_writer *w = writer;
    size_t total = 0;
    int rc = STELE_OK;

    if (w == NULL || unit == NULL || unit->nvariants == 0 ||
        unit->langs == NULL || unit->texts == NULL)
        return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                               "a unit needs at least one variant");
    for (size_t i = 0; i < unit->nvariants; i++) {
        if (unit->langs[i] == NULL || unit->langs[i][0] == '\0' ||
            unit->texts[i] == NULL)
            return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                                   "variant %zu of a unit has no language "
                                   "or no text", i + 1);
        total += strlen(unit->texts[i]);
    }
    if (unit->nvariants > STELE_TMX_MAX_VARIANTS ||
        total > STELE_TMX_MAX_UNIT_TEXT ||
        (unit->title != NULL && strlen(unit->title) > STELE_TMX_MAX_PROP))
        return stele_error_set(err, STELE_ETOOBIG, NULL, 0, -1,
                               "a unit of '%.80s' is too big for TMX readers "
                               "(at most %d languages, %d MiB of text, a "
                               "title of %d KiB)",
                               unit->title != NULL ? unit->title : "",
                               STELE_TMX_MAX_VARIANTS,
                               STELE_TMX_MAX_UNIT_TEXT >> 20,
                               STELE_TMX_MAX_PROP >> 10);
    if (xmlTextWriterStartElement(w->xw, BAD_CAST "tu") < 0)
        return fail(w, err, STELE_EINTERNAL);
    if (unit->created_at != 0) {
        char date[17];

        stele__tmx_date_format(unit->created_at, date);
        rc = attribute(w, "creationdate", date, err);
        if (rc != STELE_OK)
            return rc;
    }
    if (unit->title != NULL) {
        rc = text_element(w, "prop", "x-stele-title", unit->title, err);
        if (rc != STELE_OK)
            return rc;
    }
    if (unit->ndoc_langs > 0 && unit->doc_langs != NULL) {
        w->langs.length = 0;
        for (size_t i = 0; rc == STELE_OK && i < unit->ndoc_langs; i++) {
            if (i > 0)
                rc = stele__tmx_buf_add(&w->langs, ",", 1);
            if (rc == STELE_OK)
                rc = stele__tmx_buf_add(&w->langs, unit->doc_langs[i],
                                        strlen(unit->doc_langs[i]));
        }
        if (rc != STELE_OK)
            return stele_error_set(err, rc, NULL, 0, -1, rc == STELE_ETOOBIG
                                   ? "the document's language list is too "
                                     "long" : "out of memory");
        rc = text_element(w, "prop", "x-stele-langs", w->langs.data, err);
        if (rc != STELE_OK)
            return rc;
    }
    if (unit->confidence >= 0) {
        char value[32];

        format_confidence(unit->confidence, value, sizeof value);
        rc = text_element(w, "prop", "x-stele-confidence", value, err);
        if (rc != STELE_OK)
            return rc;
    }
    for (size_t i = 0; i < unit->nvariants; i++) {
        if (xmlTextWriterStartElement(w->xw, BAD_CAST "tuv") < 0)
            return fail(w, err, STELE_EINTERNAL);
        rc = attribute(w, "xml:lang", unit->langs[i], err);
        if (rc == STELE_OK)
            rc = text_element(w, "seg", NULL, unit->texts[i], err);
        if (rc != STELE_OK)
            return rc;
        if (xmlTextWriterEndElement(w->xw) < 0)
            return fail(w, err, STELE_EINTERNAL);
    }
    if (xmlTextWriterEndElement(w->xw) < 0 || w->write_errno != 0)
        return fail(w, err, STELE_EINTERNAL);
    return STELE_OK;
}

int stele_tmx_writer_close(stele_tmx_writer *writer, stele_error *err)
{
    stele_tmx_writer *w = writer;
    int rc = STELE_OK;

    if (w == NULL)
        return STELE_OK;
    if (xmlTextWriterEndDocument(w->xw) < 0 || xmlTextWriterFlush(w->xw) < 0)
        rc = fail(w, err, STELE_EINTERNAL);
    xmlFreeTextWriter(w->xw);
    w->xw = NULL;
    if (rc == STELE_OK && w->write_errno != 0)
        rc = fail(w, err, STELE_EIO);
    if (rc == STELE_OK && w->path != NULL) {
        if (fsync(w->fd) != 0 && errno != EINVAL)
            rc = stele_error_set(err, STELE_EIO, w->path, 0, -1,
                                 "cannot write: %s", strerror(errno));
        if (close(w->fd) != 0 && rc == STELE_OK)
            rc = stele_error_set(err, STELE_EIO, w->path, 0, -1,
                                 "cannot write: %s", strerror(errno));
        w->fd = -1;
        if (rc == STELE_OK && rename(w->tmp_path, w->path) != 0)
            rc = stele_error_set(err, STELE_EIO, w->path, 0, -1,
                                 "cannot create: %s", strerror(errno));
    }
    writer_free(w, rc != STELE_OK);
    return rc;
}

void stele_tmx_writer_discard(stele_tmx_writer *writer)
{
    if (writer != NULL)
        writer_free(writer, 1);
}
