/*
 * util/error.c - the stele_error record shared by every module.
 *
 * Recording an error must work when nothing else does (out of memory, a
 * failed dependency), so it only formats into the fixed buffers of the
 * struct and never allocates.
 */
#include "stele/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void stele_error_clear(stele_error *err)
{
    if (err == NULL)
        return;
    err->code = STELE_OK;
    err->path[0] = '\0';
    err->line = 0;
    err->offset = -1;
    err->message[0] = '\0';
}

int stele_error_set(stele_error *err, int code, const char *path, long line,
                    int64_t offset, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return code;
    err->code = code;
    snprintf(err->path, sizeof err->path, "%s", path != NULL ? path : "");
    err->line = line;
    err->offset = offset;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void stele_error_copy(stele_error *dst, const stele_error *src)
{
    if (dst == NULL || dst == src)
        return;
    if (src == NULL) {
        stele_error_clear(dst);
        return;
    }
    memcpy(dst, src, sizeof *dst);
}

const char *stele_strerror(int code)
{
    switch (code) {
    case STELE_OK:
        return "success";
    case STELE_EINVAL:
        return "invalid argument";
    case STELE_ENOMEM:
        return "out of memory";
    case STELE_EIO:
        return "input/output error";
    case STELE_EENCODING:
        return "invalid text encoding";
    case STELE_EFORMAT:
        return "malformed input";
    case STELE_ETOOBIG:
        return "input too large";
    case STELE_ENOTFOUND:
        return "not found";
    case STELE_ESTORE:
        return "translation memory error";
    case STELE_ESCHEMA:
        return "unsupported translation memory schema";
    case STELE_ECORRUPT:
        return "translation memory is corrupt";
    case STELE_EQUERY:
        return "invalid search query";
    case STELE_EINTERNAL:
        return "internal error";
    default:
        return "unknown error";
    }
}

size_t stele_error_format(const stele_error *err, char *buf, size_t size)
{
    const char *message;
    int n;

    if (err == NULL)
        return 0;
    message = err->message[0] != '\0' ? err->message
                                      : stele_strerror(err->code);
    if (err->path[0] == '\0')
        n = snprintf(buf, size, "%s", message);
    else if (err->line > 0)
        n = snprintf(buf, size, "%s:%ld: %s", err->path, err->line, message);
    else if (err->offset >= 0)
        n = snprintf(buf, size, "%s: byte %lld: %s", err->path,
                     (long long)err->offset, message);
    else
        n = snprintf(buf, size, "%s: %s", err->path, message);
    return n < 0 ? 0 : (size_t)n;
}

const char *stele_version(void)
{
    return STELE_VERSION_STRING;
}
