/*
 * stele/tmx.h - TMX 1.4b exchange of translation memories.
 *
 * Two layers. The lower one reads and writes TMX streams unit by unit and
 * knows nothing of the store: stele_tmx_writer (libxml2 xmlTextWriter,
 * constant memory) and stele_tmx_read (libxml2 xmlTextReader, bounded
 * memory, hostile-input safe: no external entities, no network, no DTD
 * loading, no entity declarations at all). The upper one moves units
 * between a stele_store and a TMX file: stele_tmx_export and
 * stele_tmx_import, the latter in one store transaction, so a bad file
 * adds nothing.
 *
 * Language tags: the store keeps the tags it was given ("en", "ru",
 * "zh"). On export a tag may be mapped to another ("zh" to "zh-CN" by
 * default, see stele_tmx_export_options); import maps it back, so that
 * a memory exported and imported again is the same memory. Tags read
 * from a file are normalised to BCP 47 case ("EN-us" and "en_US" become
 * "en-US", "zh-hans" becomes "zh-Hans").
 *
 * The rules (inline markup, characters XML cannot carry, which document
 * an imported unit joins) are in tmx/README.md.
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

/** Hard limits of the reader (STELE_ETOOBIG beyond them). */
#define STELE_TMX_MAX_VARIANTS 64        /**< <tuv>s in one <tu> */
#define STELE_TMX_MAX_UNIT_TEXT (4 << 20) /**< bytes of text in one <tu> */
#define STELE_TMX_MAX_PROP 65536         /**< bytes of an x-stele <prop> */

/* ------------------------------------------------------------------ */
/* Streams                                                             */
/* ------------------------------------------------------------------ */

/** One translation unit as read from or written to TMX. Borrowed: every
 *  pointer is valid for the duration of the call it is handed to. */
typedef struct stele_tmx_unit {
    size_t nvariants;
    const char *const *langs; /**< BCP 47 tag per variant (distinct) */
    const char *const *texts; /**< plain text per variant (not empty) */
    const char *title;        /**< <prop type="x-stele-title">, or NULL */
    const char *const *doc_langs; /**< <prop type="x-stele-langs">: the
                                       languages of the unit's document,
                                       in order, or NULL */
    size_t ndoc_langs;
    double confidence;        /**< <prop type="x-stele-confidence">, or
                                   -1 when absent */
    int64_t created_at;       /**< creationdate in seconds since the
                                   epoch (UTC), or 0 when absent */
    const char *srclang;      /**< reading: the <tu>'s srclang, else the
                                   header's; NULL for "*all*" (ignored
                                   when writing) */
    long line;                /**< reading: the line of the <tu> */
} stele_tmx_unit;

typedef struct stele_tmx_writer stele_tmx_writer;

#define STELE_TMX_HEADER_VERSION 1

typedef struct stele_tmx_header {
    int version;          /**< STELE_TMX_HEADER_VERSION */
    const char *srclang;  /**< srclang attribute ("*all*" when NULL) */
    const char *adminlang;/**< adminlang (default "en") */
    int64_t created_at;   /**< the header's creationdate, seconds since
                               the epoch (0: now) */
} stele_tmx_header;

#define STELE_TMX_HEADER_INIT { STELE_TMX_HEADER_VERSION, NULL, NULL, 0 }

/**
 * Start writing a TMX 1.4b document to @p path ("-" for standard
 * output). A file is written under a temporary name beside @p path and
 * renamed when stele_tmx_writer_close() succeeds, so a failed export
 * leaves no partial file. @p header may be NULL (the defaults).
 * Ownership: *out is freed by stele_tmx_writer_close() or
 * stele_tmx_writer_discard(); it is NULL on failure.
 */
int stele_tmx_writer_open(stele_tmx_writer **out, const char *path,
                          const stele_tmx_header *header, stele_error *err);

/** Write one <tu>. Text that XML 1.0 cannot carry (invalid UTF-8, the
 *  C0 controls other than tab, line feed and carriage return, U+FFFE,
 *  U+FFFF) is written as U+FFFD. A unit the reader would refuse (more
 *  text than STELE_TMX_MAX_UNIT_TEXT, more variants than
 *  STELE_TMX_MAX_VARIANTS, a title longer than STELE_TMX_MAX_PROP) fails
 *  with STELE_ETOOBIG, so that what is written can be read back.
 *  Ownership: nothing of @p unit is kept after the call. */
int stele_tmx_writer_add(stele_tmx_writer *writer,
                         const stele_tmx_unit *unit, stele_error *err);

/** Finish the document, move it into place and free the writer.
 *  Accepts NULL (returns 0). A write error, including one on close, is
 *  reported and the partial file removed.
 *  Ownership: @p writer is freed in every case. */
int stele_tmx_writer_close(stele_tmx_writer *writer, stele_error *err);

/** Free the writer and remove what it wrote (nothing is written to
 *  @p path). Accepts NULL. Ownership: @p writer is freed. */
void stele_tmx_writer_discard(stele_tmx_writer *writer);

/** Called by stele_tmx_read for each <tu> that has text. */
typedef int (*stele_tmx_unit_fn)(const stele_tmx_unit *unit, void *payload);

/**
 * Read the TMX file @p path ("-" for standard input), TMX 1.1 to 1.4b,
 * calling @p fn for each <tu> that has text, in file order, with its
 * variants' text (inline markup reduced to what a reader sees). A file
 * that is not well-formed or not TMX fails with STELE_EFORMAT naming
 * its line; a file that declares entities is refused the same way. A
 * nonzero return from @p fn stops the reading and is returned (@p err is
 * then left to @p fn).
 * Ownership: the unit handed to @p fn is borrowed for the call.
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
                                   all these languages (store tags),
                                   exactly these variants in this order,
                                   srclang the first */
    size_t nlangs;
    int64_t doc_id;           /**< 0: every document */
    double min_confidence;    /**< skip units below */
    int keep_single;          /**< keep units with a single language
                                   (with langs: with some of them) */
    const char *const *tag_map; /**< "FROM=TO" entries: store tag FROM is
                                     written as TO. Unless an entry maps
                                     "zh", "zh=zh-CN" applies */
    size_t ntag_map;
    int64_t created_at;       /**< the header's creationdate (0: now) */
} stele_tmx_export_options;

#define STELE_TMX_EXPORT_OPTIONS_INIT \
    { STELE_TMX_EXPORT_OPTIONS_VERSION, NULL, 0, 0, 0.0, 0, NULL, 0, 0 }

/**
 * Export units of @p store to @p path ("-" for standard output), by
 * document and position, streaming: memory stays constant whatever the
 * size of the store. @p opts may be NULL (every unit with two languages
 * or more, srclang "*all*"). An unknown doc_id fails with
 * STELE_ENOTFOUND; a bad option with STELE_EINVAL.
 * @p units_out (may be NULL) receives the number of <tu> written.
 * Ownership: nothing is kept after the call; store failures are copied
 * into @p err.
 */
int stele_tmx_export(stele_store *store, const char *path,
                     const stele_tmx_export_options *opts,
                     size_t *units_out, stele_error *err);

#define STELE_TMX_IMPORT_OPTIONS_VERSION 1

typedef struct stele_tmx_import_options {
    int version;              /**< STELE_TMX_IMPORT_OPTIONS_VERSION */
    const char *title;        /**< title of the document of units that
                                   name none (default: the file's name) */
    const char *const *tag_map; /**< as for export, read backwards: a TO
                                     tag of the file is stored as FROM */
    size_t ntag_map;
} stele_tmx_import_options;

#define STELE_TMX_IMPORT_OPTIONS_INIT \
    { STELE_TMX_IMPORT_OPTIONS_VERSION, NULL, NULL, 0 }

/** What stele_tmx_import did. */
typedef struct stele_tmx_import_stats {
    size_t units;     /**< <tu>s with text read from the file */
    size_t added;     /**< units added to the store */
    size_t merged;    /**< units the store (or the file) held already */
    size_t documents_created; /**< documents the import created */
} stele_tmx_import_stats;

/**
 * Import the TMX file @p path into @p store in one transaction: on any
 * error (in the file or in the store) nothing of the file is stored.
 * Identical units of one document are merged. @p opts and @p stats may
 * be NULL.
 * Ownership: nothing is kept after the call; store failures are copied
 * into @p err.
 */
int stele_tmx_import(stele_store *store, const char *path,
                     const stele_tmx_import_options *opts,
                     stele_tmx_import_stats *stats, stele_error *err);

#ifdef __cplusplus
}
#endif

#endif /* STELE_TMX_H */
