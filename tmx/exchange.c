/*
 * tmx/exchange.c - between a stele_store and a TMX file: stele_tmx_export
 * and stele_tmx_import.
 *
 * Both sides go through the public store API only (stele/store.h), so a
 * future server backend gets TMX for free. Export streams
 * stele_store_units_each into the writer: the store hands out one unit
 * at a time, so memory stays flat. Import reads with stele_tmx_read
 * inside one store transaction (stele_store_begin ... commit), rolled
 * back on the first error of the file or of the store.
 *
 * Which document an imported unit joins. A document is known by its
 * title and its language list. stele's own exports carry both in
 * x-stele-title and x-stele-langs, so a memory comes back as it was. A
 * unit without them (other tools' files) goes to the document titled
 * by the import's title option, else the file's name, whose languages
 * are exactly the unit's: srclang first, then the others in
 * alphabetical order, so that every unit of a bilingual OmegaT or Okapi
 * memory lands in one document. Identical units of one document are
 * merged by the store.
 *
 * An import parses on a thread of its own while the caller's thread
 * writes to the store (which stays with the thread that opened it): the
 * store is the slower side by several times, and the file's parse was
 * all added to its time. The units go over in batches (a few hundred
 * units or a megabyte of text, whichever comes first), at most BATCHES
 * of them filled or in use at once, so memory stays bounded however far
 * the parser could run ahead. Errors come out in file order as before:
 * the reader's error travels behind the last unit it handed over, and a
 * store error stops the reader at its next batch.
 */
#include "tmx_int.h"

#include "../util/buf.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

/* ------------------------------------------------------------------ */
/* Export                                                              */
/* ------------------------------------------------------------------ */

typedef struct export_state {
    stele_tmx_writer *writer;
    const tmx_tag_map *map;
    stele_error *err;
    int rc;          /* the writer's failure, when it stopped the walk */
    size_t count;
    stele_progress_fn progress;
    void *progress_payload;
    uint64_t total;  /* units of the documents exported, for progress */
    int64_t doc_id;  /* 0, or the only document counted in total */
} export_state;

static int export_unit(const stele_store_unit *unit, void *payload)
{
    export_state *s = payload;
    const char *langs[STELE_TMX_MAX_VARIANTS];
    const char *doc_langs[STELE_TMX_MAX_VARIANTS];
    stele_tmx_unit out;
    size_t ndoc = unit->ndoc_langs;

    if (unit->nlangs > STELE_TMX_MAX_VARIANTS ||
        ndoc > STELE_TMX_MAX_VARIANTS) {
        s->rc = stele_error_set(s->err, STELE_ETOOBIG, NULL, 0, -1,
                                "a unit of '%.80s' has more than %d "
                                "languages", unit->title,
                                STELE_TMX_MAX_VARIANTS);
        return 1;
    }
    for (size_t i = 0; i < unit->nlangs; i++)
        langs[i] = stele__tmx_tag_out(s->map, unit->langs[i]);
    for (size_t i = 0; i < ndoc; i++)
        doc_langs[i] = stele__tmx_tag_out(s->map, unit->doc_langs[i]);
    memset(&out, 0, sizeof out);
    out.nvariants = unit->nlangs;
    out.langs = langs;
    out.texts = unit->texts;
    out.title = unit->title;
    out.doc_langs = ndoc > 0 ? doc_langs : NULL;
    out.ndoc_langs = ndoc;
    out.confidence = unit->confidence;
    out.created_at = unit->created_at;
    s->rc = stele_tmx_writer_add(s->writer, &out, s->err);
    if (s->rc != STELE_OK)
        return 1;
    s->count++;
    if (s->progress != NULL && (s->count & 1023) == 0)
        s->progress(s->count < s->total ? s->count : s->total, s->total,
                    s->progress_payload);
    return 0;
}

static int count_doc_units(const stele_store_doc *doc, void *payload)
{
    export_state *s = payload;

    if (s->doc_id == 0 || doc->id == s->doc_id)
        s->total += doc->units;
    return 0;
}

static int find_doc(const stele_store_doc *doc, void *payload)
{
    return doc->id == *(const int64_t *)payload ? 1 : 0;
}

int stele_tmx_export(stele_store *store, const char *path,
                     const stele_tmx_export_options *opts,
                     size_t *units_out, stele_error *err)
{
    static const stele_tmx_export_options defaults =
        STELE_TMX_EXPORT_OPTIONS_INIT;
    stele_unit_filter filter = STELE_UNIT_FILTER_INIT;
    stele_tmx_header header = STELE_TMX_HEADER_INIT;
    export_state state;
    tmx_tag_map *map;
    int rc;

    if (units_out != NULL)
        *units_out = 0;
    if (opts == NULL)
        opts = &defaults;
    if (store == NULL || path == NULL)
        return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                               "no store or no output file given");
    if (opts->version != STELE_TMX_EXPORT_OPTIONS_VERSION)
        return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                               "unknown stele_tmx_export_options version "
                               "%d", opts->version);
    if (!(opts->min_confidence >= 0.0 && opts->min_confidence <= 1.0))
        return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                               "the minimum confidence must be in [0, 1]");
    if (opts->nlangs > STELE_TMX_MAX_VARIANTS ||
        (opts->nlangs > 0 && opts->langs == NULL))
        return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                               "at most %d languages can be exported",
                               STELE_TMX_MAX_VARIANTS);
    map = malloc(sizeof *map);
    if (map == NULL)
        return stele_error_set(err, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    rc = stele__tmx_tag_map_init(map, opts->tag_map, opts->ntag_map, err);
    if (rc == STELE_OK && opts->doc_id != 0) {
        int64_t id = opts->doc_id;

        rc = stele_store_docs_each(store, find_doc, &id);
        if (rc == 0)
            rc = stele_error_set(err, STELE_ENOTFOUND, NULL, 0, -1,
                                 "no document %lld in the translation "
                                 "memory", (long long)opts->doc_id);
        else if (rc == 1)
            rc = STELE_OK;
        else
            stele_error_copy(err, stele_store_error(store));
    }
    if (rc != STELE_OK) {
        free(map);
        return rc;
    }
    filter.langs = opts->langs;
    filter.nlangs = opts->nlangs;
    filter.doc_id = opts->doc_id;
    filter.min_confidence = opts->min_confidence;
    filter.keep_single = opts->keep_single;
    header.srclang = opts->nlangs > 0
                         ? stele__tmx_tag_out(map, opts->langs[0])
                         : NULL;
    header.created_at = opts->created_at;
    memset(&state, 0, sizeof state);
    state.map = map;
    state.err = err;
    state.progress = opts->progress;
    state.progress_payload = opts->progress_payload;
    state.doc_id = opts->doc_id;
    if (state.progress != NULL) {
        rc = stele_store_docs_each(store, count_doc_units, &state);
        if (rc != STELE_OK) {
            stele_error_copy(err, stele_store_error(store));
            free(map);
            return rc;
        }
    }
    rc = stele_tmx_writer_open(&state.writer, path, &header, err);
    if (rc == STELE_OK) {
        rc = stele_store_units_each(store, &filter, export_unit, &state);
        if (rc == 1)
            rc = state.rc;
        else if (rc != STELE_OK)
            stele_error_copy(err, stele_store_error(store));
    }
    if (rc == STELE_OK)
        rc = stele_tmx_writer_close(state.writer, err);
    else
        stele_tmx_writer_discard(state.writer);
    if (rc == STELE_OK && units_out != NULL)
        *units_out = state.count;
    if (rc == STELE_OK && state.progress != NULL)
        state.progress(state.total, state.total, state.progress_payload);
    free(map);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Import                                                              */
/* ------------------------------------------------------------------ */

/* The documents met last, so that a run of units of one document costs
 * one lookup. */
#define DOC_CACHE 16

typedef struct doc_entry {
    char *key;        /* title, '\n', comma-joined languages; malloc'ed */
    int64_t id;
} doc_entry;

typedef struct import_state {
    stele_store *store;
    const char *path;         /* as shown in errors */
    const char *title;        /* for units that name none */
    tmx_tag_map map;
    stele_error *err;
    int rc;                   /* why the walk was stopped */
    doc_entry docs[DOC_CACHE];
    size_t next_slot;         /* round-robin replacement */
    tmx_buf key;
    size_t units;
    size_t documents_created;
} import_state;

static int cmp_tags(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int contains(const char *const *tags, size_t n, const char *tag)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(tags[i], tag) == 0)
            return 1;
    return 0;
}

/* Store errors about the unit's data name the TMX line; the others (a
 * full disk, a busy store) are the store's own. */
static int store_failure(import_state *s, int rc, long line)
{
    const stele_error *e = stele_store_error(s->store);

    if (rc == STELE_EINVAL || rc == STELE_ETOOBIG)
        return stele_error_set(s->err, rc, s->path, line, -1, "%s",
                               e != NULL ? e->message : "cannot store");
    stele_error_copy(s->err, e);
    return rc;
}

/* The id of document (title, langs), made when absent. */
static int doc_for(import_state *s, const char *title,
                   const char *const *langs, size_t nlangs, long line,
                   int64_t *id)
{
    doc_entry *slot;
    int created = 0, rc;

    s->key.length = 0;
    rc = stele__tmx_buf_add(&s->key, title, strlen(title));
    if (rc == STELE_OK)
        rc = stele__tmx_buf_add(&s->key, "\n", 1);
    for (size_t i = 0; rc == STELE_OK && i < nlangs; i++) {
        if (i > 0)
            rc = stele__tmx_buf_add(&s->key, ",", 1);
        if (rc == STELE_OK)
            rc = stele__tmx_buf_add(&s->key, langs[i], strlen(langs[i]));
    }
    if (rc != STELE_OK)
        return stele_error_set(s->err, STELE_ENOMEM, s->path, line, -1,
                               "out of memory");
    for (size_t i = 0; i < DOC_CACHE; i++)
        if (s->docs[i].key != NULL && strcmp(s->docs[i].key, s->key.data) == 0) {
            *id = s->docs[i].id;
            return STELE_OK;
        }
    rc = stele_store_doc_add(s->store, title, langs, nlangs, NULL, NULL, id,
                             &created);
    if (rc != STELE_OK)
        return store_failure(s, rc, line);
    if (created)
        s->documents_created++;
    slot = &s->docs[s->next_slot];
    s->next_slot = (s->next_slot + 1) % DOC_CACHE;
    free(slot->key);
    slot->key = malloc(s->key.length + 1);
    if (slot->key != NULL)
        memcpy(slot->key, s->key.data, s->key.length + 1);
    slot->id = *id;
    return STELE_OK;
}

static int import_unit(const stele_tmx_unit *unit, void *payload)
{
    import_state *s = payload;
    const char *langs[STELE_TMX_MAX_VARIANTS];
    const char *texts[STELE_TMX_MAX_VARIANTS];
    const char *doc_langs[STELE_TMX_MAX_VARIANTS];
    const char *title;
    size_t n = 0, ndoc = 0;
    int64_t doc_id = 0;
    int rc;

    for (size_t i = 0; i < unit->nvariants; i++) {
        const char *tag = stele__tmx_tag_in(&s->map, unit->langs[i]);

        /* "zh" and "zh-CN" in one unit are one store language. */
        if (contains(langs, n, tag))
            continue;
        langs[n] = tag;
        texts[n++] = unit->texts[i];
    }
    if (unit->ndoc_langs > 0) {
        for (size_t i = 0; i < unit->ndoc_langs; i++) {
            const char *tag = stele__tmx_tag_in(&s->map, unit->doc_langs[i]);

            if (!contains(doc_langs, ndoc, tag))
                doc_langs[ndoc++] = tag;
        }
        for (size_t i = 0; i < n; i++)
            if (!contains(doc_langs, ndoc, langs[i]))
                ndoc = 0; /* not a list of this unit: derive one */
    }
    if (ndoc == 0) {
        const char *src = unit->srclang != NULL
                              ? stele__tmx_tag_in(&s->map, unit->srclang)
                              : NULL;
        size_t first = 0;

        if (src != NULL && contains(langs, n, src))
            doc_langs[first++] = src;
        for (size_t i = 0; i < n; i++)
            if (src == NULL || strcmp(langs[i], src) != 0)
                doc_langs[ndoc++ + first] = langs[i];
        qsort(doc_langs + first, ndoc, sizeof *doc_langs, cmp_tags);
        ndoc += first;
    }
    title = unit->title != NULL && unit->title[0] != '\0' ? unit->title
                                                          : s->title;
    rc = doc_for(s, title, doc_langs, ndoc, unit->line, &doc_id);
    if (rc == STELE_OK) {
        rc = stele_store_unit_add(s->store, doc_id, langs, texts, n,
                                  unit->confidence >= 0 ? unit->confidence
                                                        : 1.0,
                                  unit->created_at, NULL);
        if (rc != STELE_OK)
            rc = store_failure(s, rc, unit->line);
    }
    if (rc != STELE_OK) {
        s->rc = rc;
        return 1;
    }
    s->units++;
    return 0;
}

/* ------------------------------------------------------------------ */
/* The reading thread                                                  */
/* ------------------------------------------------------------------ */

#define BATCHES 3
#define BATCH_UNITS 512
#define BATCH_BYTES ((size_t)1 << 20)

/* A unit in a batch: its strings are offsets into the batch's text, in
 * the order langs, texts, doc_langs, then title and srclang when set. */
typedef struct batch_unit {
    size_t nvariants, ndoc_langs;
    size_t first;                /* its first string in offsets */
    int has_title, has_srclang;
    double confidence;
    int64_t created_at;
    long line;
} batch_unit;

typedef struct batch {
    batch_unit *units;
    size_t nunits, units_cap;
    size_t *offsets;
    size_t noffsets, offsets_cap;
    char *text;
    size_t length, text_cap;
    int progress;                /* the reader reported, done of total */
    uint64_t done, total;
} batch;

typedef struct pipeline {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    batch batches[BATCHES];
    size_t fill;                 /* the batch the reader fills */
    size_t take;                 /* the oldest batch handed over */
    size_t ready;                /* batches handed over, not yet done */
    int finished;                /* the reader returned rc */
    int stop;                    /* the store failed: read no further */
    int rc;
    stele_error err;             /* the reader's, apart from the caller's */
    const char *path;
    int progress;                /* the caller asked for progress */
} pipeline;

static int batch_string(batch *b, const char *text)
{
    size_t n = strlen(text) + 1;

    if (stele__reserve_items((void **)&b->offsets, &b->offsets_cap,
                             b->noffsets + 1,
                             sizeof *b->offsets) != STELE_OK ||
        stele__reserve_items((void **)&b->text, &b->text_cap, b->length + n,
                             1) != STELE_OK)
        return STELE_ENOMEM;
    b->offsets[b->noffsets++] = b->length;
    memcpy(b->text + b->length, text, n);
    b->length += n;
    return STELE_OK;
}

static int batch_add(batch *b, const stele_tmx_unit *unit)
{
    batch_unit *u;
    int rc;

    if (stele__reserve_items((void **)&b->units, &b->units_cap, b->nunits + 1,
                             sizeof *b->units) != STELE_OK)
        return STELE_ENOMEM;
    u = &b->units[b->nunits];
    u->nvariants = unit->nvariants;
    u->ndoc_langs = unit->doc_langs != NULL ? unit->ndoc_langs : 0;
    u->first = b->noffsets;
    u->has_title = unit->title != NULL;
    u->has_srclang = unit->srclang != NULL;
    u->confidence = unit->confidence;
    u->created_at = unit->created_at;
    u->line = unit->line;
    rc = STELE_OK;
    for (size_t i = 0; rc == STELE_OK && i < unit->nvariants; i++)
        rc = batch_string(b, unit->langs[i]);
    for (size_t i = 0; rc == STELE_OK && i < unit->nvariants; i++)
        rc = batch_string(b, unit->texts[i]);
    for (size_t i = 0; rc == STELE_OK && i < u->ndoc_langs; i++)
        rc = batch_string(b, unit->doc_langs[i]);
    if (rc == STELE_OK && u->has_title)
        rc = batch_string(b, unit->title);
    if (rc == STELE_OK && u->has_srclang)
        rc = batch_string(b, unit->srclang);
    if (rc == STELE_OK)
        b->nunits++;
    return rc;
}

static void batch_free(batch *b)
{
    free(b->units);
    free(b->offsets);
    free(b->text);
}

/* Reader side: hand the batch being filled over and wait for a free one;
 * 1 when the store has failed and reading should stop. */
static int hand_over(pipeline *p)
{
    int stop;

    pthread_mutex_lock(&p->lock);
    p->ready++;
    pthread_cond_broadcast(&p->changed);
    while (p->ready == BATCHES && !p->stop)
        pthread_cond_wait(&p->changed, &p->lock);
    stop = p->stop;
    if (!stop) {
        batch *b;

        p->fill = (p->fill + 1) % BATCHES;
        b = &p->batches[p->fill];
        b->nunits = b->noffsets = b->length = 0;
        b->progress = 0;
    }
    pthread_mutex_unlock(&p->lock);
    return stop;
}

static int queue_unit(const stele_tmx_unit *unit, void *payload)
{
    pipeline *p = payload;
    batch *b = &p->batches[p->fill];

    if (batch_add(b, unit) != STELE_OK) {
        stele_error_set(&p->err, STELE_ENOMEM, p->path, unit->line, -1,
                        "out of memory");
        return STELE_ENOMEM;
    }
    if (b->nunits < BATCH_UNITS && b->length < BATCH_BYTES)
        return 0;
    return hand_over(p);
}

/* The reader's progress goes with the batch, to be told on the caller's
 * thread once the store has the units read so far. */
static void queue_progress(uint64_t done, uint64_t total, void *payload)
{
    batch *b = &((pipeline *)payload)->batches[((pipeline *)payload)->fill];

    b->progress = 1;
    b->done = done;
    b->total = total;
}

static void *read_thread(void *payload)
{
    pipeline *p = payload;
    int rc = stele__tmx_read(p->path, queue_unit, p,
                             p->progress ? queue_progress : NULL, p,
                             &p->err);

    pthread_mutex_lock(&p->lock);
    if (!p->stop)
        p->ready++; /* the last batch, full or not */
    p->rc = rc;
    p->finished = 1;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* Store side: the units of batch @p b, as stele__tmx_read would have
 * handed them to import_unit. */
static int store_batch(import_state *s, const batch *b,
                       const stele_tmx_import_options *opts)
{
    for (size_t k = 0; k < b->nunits; k++) {
        const batch_unit *u = &b->units[k];
        const char *strings[3 * STELE_TMX_MAX_VARIANTS + 2];
        size_t n = 2 * u->nvariants + u->ndoc_langs;
        stele_tmx_unit unit;
        int rc;

        for (size_t i = 0; i < n + (size_t)u->has_title +
                                   (size_t)u->has_srclang; i++)
            strings[i] = b->text + b->offsets[u->first + i];
        memset(&unit, 0, sizeof unit);
        unit.nvariants = u->nvariants;
        unit.langs = strings;
        unit.texts = strings + u->nvariants;
        unit.ndoc_langs = u->ndoc_langs;
        unit.doc_langs = u->ndoc_langs > 0 ? strings + 2 * u->nvariants
                                           : NULL;
        unit.title = u->has_title ? strings[n] : NULL;
        unit.srclang = u->has_srclang ? strings[n + (size_t)u->has_title]
                                      : NULL;
        unit.confidence = u->confidence;
        unit.created_at = u->created_at;
        unit.line = u->line;
        rc = import_unit(&unit, s);
        if (rc != 0)
            return rc;
    }
    if (b->progress && opts->progress != NULL)
        opts->progress(b->done, b->total, opts->progress_payload);
    return 0;
}

/* stele__tmx_read of @p path into import_unit, the reading on a thread
 * of its own; the same results. */
static int read_units(import_state *s, const char *path,
                      const stele_tmx_import_options *opts,
                      stele_error *err)
{
    pipeline *p = calloc(1, sizeof *p);
    pthread_t thread;
    int rc = 0;

    if (p == NULL)
        return stele_error_set(err, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    p->path = path;
    p->progress = opts->progress != NULL;
    /* libxml2 sets up its globals on first use, which is not safe to
     * race with; done here, before there is a second thread. */
    xmlInitParser();
    if (pthread_mutex_init(&p->lock, NULL) != 0) {
        free(p);
        return stele__tmx_read(path, import_unit, s, opts->progress,
                               opts->progress_payload, err);
    }
    if (pthread_cond_init(&p->changed, NULL) != 0 ||
        pthread_create(&thread, NULL, read_thread, p) != 0) {
        /* No thread to be had: read on this one. */
        pthread_mutex_destroy(&p->lock);
        free(p);
        return stele__tmx_read(path, import_unit, s, opts->progress,
                               opts->progress_payload, err);
    }
    for (;;) {
        batch *b;

        pthread_mutex_lock(&p->lock);
        while (p->ready == 0 && !p->finished)
            pthread_cond_wait(&p->changed, &p->lock);
        if (p->ready == 0) {
            pthread_mutex_unlock(&p->lock);
            break;
        }
        b = &p->batches[p->take];
        pthread_mutex_unlock(&p->lock);

        rc = store_batch(s, b, opts);

        pthread_mutex_lock(&p->lock);
        p->ready--;
        p->take = (p->take + 1) % BATCHES;
        if (rc != 0)
            p->stop = 1;
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->lock);
        if (rc != 0)
            break;
    }
    pthread_join(thread, NULL);
    if (rc == 0 && p->rc != STELE_OK) {
        rc = p->rc;
        stele_error_copy(err, &p->err);
    }
    for (size_t i = 0; i < BATCHES; i++)
        batch_free(&p->batches[i]);
    pthread_cond_destroy(&p->changed);
    pthread_mutex_destroy(&p->lock);
    free(p);
    return rc;
}

static int add_units(const stele_store_doc *doc, void *payload)
{
    *(size_t *)payload += doc->units;
    return 0;
}

/* The file's name without its folders, as a title. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (strcmp(path, "-") == 0)
        return "stdin";
    return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

int stele_tmx_import(stele_store *store, const char *path,
                     const stele_tmx_import_options *opts,
                     stele_tmx_import_stats *stats, stele_error *err)
{
    static const stele_tmx_import_options defaults =
        STELE_TMX_IMPORT_OPTIONS_INIT;
    size_t before = 0, after = 0;
    import_state *s;
    int rc;

    if (stats != NULL)
        memset(stats, 0, sizeof *stats);
    if (opts == NULL)
        opts = &defaults;
    if (store == NULL || path == NULL)
        return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                               "no store or no TMX file given");
    if (opts->version != STELE_TMX_IMPORT_OPTIONS_VERSION)
        return stele_error_set(err, STELE_EINVAL, NULL, 0, -1,
                               "unknown stele_tmx_import_options version "
                               "%d", opts->version);
    s = calloc(1, sizeof *s);
    if (s == NULL)
        return stele_error_set(err, STELE_ENOMEM, NULL, 0, -1,
                               "out of memory");
    s->store = store;
    s->path = strcmp(path, "-") == 0 ? "<stdin>" : path;
    s->title = opts->title != NULL && opts->title[0] != '\0'
                   ? opts->title
                   : base_name(path);
    s->err = err;
    s->key.max = (size_t)-1 / 2;
    rc = stele__tmx_tag_map_init(&s->map, opts->tag_map, opts->ntag_map,
                                 err);
    if (rc == STELE_OK) {
        rc = stele_store_begin(store);
        if (rc != STELE_OK)
            stele_error_copy(err, stele_store_error(store));
    }
    if (rc == STELE_OK) {
        /* Counted inside the transaction: another writer cannot add
         * units between the two counts. */
        rc = stele_store_docs_each(store, add_units, &before);
        if (rc != STELE_OK)
            stele_error_copy(err, stele_store_error(store));
        if (rc == STELE_OK) {
            rc = read_units(s, path, opts, err);
            if (rc == 1)
                rc = s->rc;
        }
        if (rc == STELE_OK) {
            rc = stele_store_docs_each(store, add_units, &after);
            if (rc != STELE_OK)
                stele_error_copy(err, stele_store_error(store));
        }
        if (rc == STELE_OK) {
            rc = stele_store_commit(store);
            if (rc != STELE_OK)
                stele_error_copy(err, stele_store_error(store));
        } else {
            stele_store_rollback(store);
        }
    }
    if (rc == STELE_OK && stats != NULL) {
        stats->units = s->units;
        stats->added = after - before;
        stats->merged = s->units - stats->added;
        stats->documents_created = s->documents_created;
    }
    for (size_t i = 0; i < DOC_CACHE; i++)
        free(s->docs[i].key);
    stele__tmx_buf_free(&s->key);
    free(s);
    return rc;
}
