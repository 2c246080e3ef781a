/*
 * cli/documents.c - an input file segmented into a document, with the
 * progress bar, for the commands that align (align, review).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "progress.h"

typedef struct collect {
    stele_document *doc;
    cli_progress *bar;
} collect;

static int collect_sentence(const stele_sentence *s, void *payload)
{
    collect *c = payload;

    if (stele_document_append(c->doc, s->text, s->length, s->paragraph,
                              s->start, s->end) < 0)
        return 1;
    cli_progress_update(c->bar, s->end);
    return 0;
}

int cli_segment_document(const char *path, const char *lang,
                         stele_input_format format, size_t max_paragraph,
                         stele_document **out)
{
    stele_segment_options opts = STELE_SEGMENT_OPTIONS_INIT;
    stele_segmenter *seg = NULL;
    cli_progress bar;
    char label[128];
    collect c;
    int status = CLI_OK;
    int rc;

    *out = NULL;
    opts.lang = lang;
    opts.format = format;
    opts.max_paragraph = max_paragraph;
    c.doc = NULL;
    c.bar = &bar;
    rc = stele_segmenter_open(&seg, &opts);
    if (rc < 0) {
        status = seg != NULL ? cli_fail_at(stele_segmenter_error(seg), path)
                             : cli_failf("out of memory");
        goto done;
    }
    if (stele_document_new(&c.doc, lang, path) < 0) {
        status = cli_failf("out of memory");
        goto done;
    }
    snprintf(label, sizeof label, "segmenting %s", path);
    cli_progress_start(&bar, label, "B", cli_input_size(path));
    rc = stele_segment_file_each(seg, path, collect_sentence, &c);
    cli_progress_finish(&bar);
    if (rc < 0)
        status = cli_fail(stele_segmenter_error(seg));
    else if (rc > 0)
        status = cli_fail(stele_document_error(c.doc));
    if (status == CLI_OK) {
        *out = c.doc;
        c.doc = NULL;
    }
done:
    stele_document_free(c.doc);
    stele_segmenter_close(seg);
    return status;
}
