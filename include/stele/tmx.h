/*
 * stele/tmx.h - TMX 1.4b exchange of translation memories.
 *
 * Two layers. The lower one reads and writes TMX streams unit by unit and
 * knows nothing of the store: stele_tmx_writer (libxml2 xmlTextWriter,
 * constant memory) and stele_tmx_read (libxml2 xmlTextReader, bounded
 * memory, hostile-input safe: no external entities, no network, no DTD
 * loading, bounded entity expansion). The upper one moves units between a
 * stele_store and a TMX file: stele_tmx_export and stele_tmx_import,
 * the latter in one store transaction, so a bad file adds nothing.
 *
 * Language tags are BCP 47 as stored ("en", "ru", "zh"); on export a tag
 * may be mapped (e.g. zh -> zh-Hans) through the options.
 *
 * Errors follow stele/error.h: these functions have no handle of their
 * own and take `stele_error *err`; errors in a TMX file name the file and
 * its line.
 */
#ifndef STELE_TMX_H
#define STELE_TMX_H

#include <stddef.h>
#include <stdint.h>

#include "stele/error.h"
#include "stele/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Streams                                                             */
/* ------------------------------------------------------------------ */

/** One translation unit as read from or written to TMX. Borrowed. */
typedef struct stele_tmx_unit {
    size_t nvariants;
    const char *const *langs; /**< normalised BCP 47 tag per variant */
    const char *const *texts; /**< plain text per variant */
    const char *title;        /**< <prop type="x-stele-title">, or NULL */
    double confidence;        /**< <prop type="x-stele-confidence">, or
                                   -1 when absent */
    int64_t created_at;       /**< creationdate in seconds since the
                                   epoch (UTC), or 0 when absent */
    long line;                /**< line of <tu> in the file (reading) */
} stele_tmx_unit;

typedef struct stele_tmx_writer stele_tmx_writer;

#define STELE_TMX_HEADER_VERSION 1

typedef struct stele_tmx_header {
    int version;          /**< STELE_TMX_HEADER_VERSION */
    const char *srclang;  /**< srclang attribute ("*all*" when NULL) */
    const char *adminlang;/**< adminlang (default "en") */
} stele_tmx_header;

#define STELE_TMX_HEADER_INIT { STELE_TMX_HEADER_VERSION, NULL, NULL }

/**
 * Start writing a TMX 1.4b document to @p path ("-" for stdout).
 * Ownership: *out is freed by stele_tmx_writer_close(), which also
 * finishes the file. NULL on failure.
 */
int stele_tmx_writer_open(stele_tmx_writer **out, const char *path,
                          const stele_tmx_header *header, stele_error *err);

/** Write one <tu>. */
int stele_tmx_writer_add(stele_tmx_writer *writer,
                         const stele_tmx_unit *unit, stele_error *err);

/** Finish the document and free the writer. Accepts NULL (returns 0).
 *  A write error on close is reported. */
int stele_tmx_writer_close(stele_tmx_writer *writer, stele_error *err);

typedef int (*stele_tmx_unit_fn)(const stele_tmx_unit *unit, void *payload);

/**
 * Read the TMX file @p path (TMX 1.1 to 1.4b), calling @p fn for each
 * <tu> with its variants' text (inline markup reduced to what a reader
 * sees). A file that is not well-formed or not TMX fails with
 * STELE_EFORMAT naming the line. A nonzero return from @p fn stops and is
 * returned.
 */
int stele_tmx_read(const char *path, stele_tmx_unit_fn fn, void *payload,
                   stele_error *err);

/* ------------------------------------------------------------------ */
/* Store <-> TMX                                                       */
/* ------------------------------------------------------------------ */

#define STELE_TMX_EXPORT_OPTIONS_VERSION 1

typedef struct stele_tmx_export_options {
    int version;              /**< STELE_TMX_EXPORT_OPTIONS_VERSION */
    const char *const *langs; /**< when nlangs > 0: export only units with
                                   all these languages, exactly these
                                   variants, srclang the first */
    size_t nlangs;
    int64_t doc_id;           /**< 0: every document */
    double min_confidence;    /**< skip units below */
    int keep_single;          /**< keep units with a single language */
    const char *zh_tag;       /**< tag written for "zh" (default "zh") */
} stele_tmx_export_options;

#define STELE_TMX_EXPORT_OPTIONS_INIT \
    { STELE_TMX_EXPORT_OPTIONS_VERSION, NULL, 0, 0, 0.0, 0, NULL }

/** Export units of @p store to @p path ("-" for stdout).
 *  @p units_out (may be NULL) receives the number of <tu> written. */
int stele_tmx_export(stele_store *store, const char *path,
                     const stele_tmx_export_options *opts,
                     size_t *units_out, stele_error *err);

/** Import the TMX file @p path into @p store in one transaction.
 *  @p units_out (may be NULL) receives the number of units added. */
int stele_tmx_import(stele_store *store, const char *path,
                     size_t *units_out, stele_error *err);

#ifdef __cplusplus
}
#endif

#endif /* STELE_TMX_H */
