/*
 * fuzz/fuzz_tmx.c - the TMX reader of "stele import" on arbitrary
 * bytes, and the import of what it accepts.
 *
 * A TMX file comes from other tools and other people: it must be read or
 * refused with an error that names the file, never crash, never hang,
 * never read another file. What the reader accepts is imported into a
 * fresh in-memory store, where the import must agree with the reader
 * (as many units read) and leave a store that passes its own check; a
 * refused file must leave the store empty. The bytes go through a memory
 * file (memfd), since the reader takes a path.
 */
#define _GNU_SOURCE /* memfd_create */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <stele.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct seen {
    size_t units;
} seen;

/* Every unit the reader hands out is one a store can take. */
static int check_unit(const stele_tmx_unit *unit, void *payload)
{
    seen *s = payload;

    if (unit->nvariants == 0 || unit->nvariants > STELE_TMX_MAX_VARIANTS)
        abort();
    for (size_t i = 0; i < unit->nvariants; i++)
        if (unit->langs[i] == NULL || unit->langs[i][0] == '\0' ||
            unit->texts[i] == NULL || unit->texts[i][0] == '\0')
            abort();
    if (unit->confidence != -1.0 &&
        !(unit->confidence >= 0.0 && unit->confidence <= 1.0))
        abort();
    s->units++;
    return 0;
}

static int count_doc(const stele_store_doc *doc, void *payload)
{
    (void)doc;
    (*(size_t *)payload)++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    stele_tmx_import_stats stats;
    stele_store *store = NULL;
    stele_error err;
    seen s = { 0 };
    size_t docs = 0;
    char path[64];
    int fd, rc;

    fd = memfd_create("fuzz.tmx", 0);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size)
        abort();
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    stele_error_clear(&err);
    rc = stele_tmx_read(path, check_unit, &s, &err);
    if (rc < 0 && (err.code != rc || strcmp(err.path, path) != 0))
        abort();

    if (stele_store_open(&store, ":memory:", STELE_STORE_CREATE) != 0)
        abort();
    stele_error_clear(&err);
    rc = stele_tmx_import(store, path, NULL, &stats, &err);
    if (rc == 0 && stats.units != s.units)
        abort();
    if (stele_store_check(store) != 0 ||
        stele_store_docs_each(store, count_doc, &docs) < 0)
        abort();
    /* All or nothing: a refused file leaves no document behind. */
    if (rc < 0 && docs != 0)
        abort();
    stele_store_close(store);
    close(fd);
    return 0;
}
