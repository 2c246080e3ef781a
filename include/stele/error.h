/*
 * stele/error.h - the one error convention of libstele.
 *
 * Every fallible function returns an int: STELE_OK (0) on success, or a
 * negative STELE_E* code. The code is the truth; the details - which file,
 * which line or byte offset, what went wrong - go into a stele_error:
 *
 *   - functions that act on a handle (stele_segmenter, stele_aligner,
 *     stele_store, ...) record the details on that handle, readable with
 *     stele_<module>_error(handle), as sqlite3_errmsg() does for a db;
 *   - the few functions that have no handle take a `stele_error *err` as
 *     their last argument (NULL is allowed when the caller wants no detail).
 *
 * A constructor (stele_x_open) hands back its handle even when it fails,
 * so that the message can be read; the caller still closes it.
 *
 * stele_error is a plain struct of fixed-size buffers: recording an error
 * never allocates, so an out-of-memory condition can still be described.
 * Messages are UTF-8 and carry no trailing newline or period.
 */
#ifndef STELE_ERROR_H
#define STELE_ERROR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Status codes returned by every fallible libstele function. */
typedef enum stele_status {
    STELE_OK = 0,         /**< success */
    STELE_EINVAL = -1,    /**< invalid argument or option */
    STELE_ENOMEM = -2,    /**< out of memory */
    STELE_EIO = -3,       /**< a file could not be opened, read or written */
    STELE_EENCODING = -4, /**< input is not valid UTF-8 / UTF-16 */
    STELE_EFORMAT = -5,   /**< malformed input (bead file, TMX, dictionary) */
    STELE_ETOOBIG = -6,   /**< input exceeds a documented hard limit */
    STELE_ENOTFOUND = -7, /**< a named thing (file, document, language) is
                               absent */
    STELE_ESTORE = -8,    /**< the translation memory failed (I/O, full
                               disk, busy past the timeout) */
    STELE_ESCHEMA = -9,   /**< the store is not a stele store, or newer */
    STELE_ECORRUPT = -10, /**< the store failed its integrity check */
    STELE_EQUERY = -11,   /**< a search query cannot be parsed */
    STELE_EINTERNAL = -12 /**< a dependency (ICU, libxml2) failed */
} stele_status;

/** Detail of the last failure. Fields are always NUL-terminated. */
typedef struct stele_error {
    int code;          /**< STELE_OK or a negative STELE_E* code */
    char path[1024];   /**< file concerned, "" when none */
    long line;         /**< 1-based line number, 0 when not applicable */
    int64_t offset;    /**< 0-based byte offset, -1 when not applicable */
    char message[512]; /**< what went wrong, in the user's terms */
} stele_error;

/** Reset @p err to "no error" (code 0, empty strings, line 0, offset -1).
 *  Accepts NULL. */
void stele_error_clear(stele_error *err);

/**
 * Record an error. @p path may be NULL; @p line 0 and @p offset -1 mean
 * "not applicable". The message is a printf format.
 *
 * @return @p code, so that callers can write `return stele_error_set(...)`.
 *         When @p err is NULL nothing is recorded and @p code is returned.
 */
int stele_error_set(stele_error *err, int code, const char *path, long line,
                    int64_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/** Copy @p src into @p dst (both may be the same; NULL dst is a no-op). */
void stele_error_copy(stele_error *dst, const stele_error *src);

/** A short English name for a status code ("invalid argument", ...).
 *  Ownership: static storage, never freed. */
const char *stele_strerror(int code);

/**
 * Format @p err the way the CLI prints it, without the "stele: " prefix:
 * "PATH:LINE: message", "PATH: byte OFFSET: message", "PATH: message" or
 * just "message", depending on which fields are set.
 *
 * @return the length the full text needs (excluding the NUL), like
 *         snprintf; the output is truncated to @p size - 1 bytes.
 */
size_t stele_error_format(const stele_error *err, char *buf, size_t size);

/** The library version as "MAJOR.MINOR.PATCH". Static storage. */
const char *stele_version(void);

#ifdef __cplusplus
}
#endif

#endif /* STELE_ERROR_H */
