/*
 * fuzz/fuzz_dict.c - the dictionary reader of "stele align --dict" on
 * arbitrary bytes, and the aligner using what it accepted.
 *
 * A dictionary is user input like any text: it must load or be refused
 * with an error that names the file, never crash; once loaded, aligning
 * two small documents with it must work. The bytes go through a memory
 * file (memfd), since the reader takes a path.
 *
 * The first byte picks the pair (low bit: en-ru or en-zh).
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

static stele_document *document(const char *lang, const char *const *texts)
{
    stele_document *doc = NULL;

    if (stele_document_new(&doc, lang, NULL) != 0)
        abort();
    for (size_t i = 0; texts[i] != NULL; i++)
        if (stele_document_append(doc, texts[i], strlen(texts[i]),
                                  (uint32_t)(i / 2), 0, 0) != 0)
            abort();
    return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const en[] = { "The summit opened in Moscow.",
                                      "Weapons were discussed.",
                                      "The treaty holds.", NULL };
    static const char *const ru[] = { "Саммит открылся в Москве.",
                                      "Обсуждали оружие.",
                                      "Договор в силе.", NULL };
    static const char *const zh[] = { "峰会在莫斯科开幕。", "讨论了武器。",
                                      "条约有效。", NULL };
    stele_align_options opts = STELE_ALIGN_OPTIONS_INIT;
    stele_aligner *al = NULL;
    stele_document *docs[2];
    stele_alignment *res = NULL;
    const char *target;
    char path[64];
    int fd, rc;

    if (size == 0)
        return 0;
    target = (data[0] & 1) ? "zh" : "ru";
    fd = memfd_create("fuzz.dict", 0);
    if (fd < 0 || write(fd, data + 1, size - 1) != (ssize_t)(size - 1))
        abort();
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    if (stele_aligner_open(&al, &opts) != 0)
        abort();
    rc = stele_aligner_load_dict(al, path, "en", target);
    if (rc < 0) {
        const stele_error *err = stele_aligner_error(al);

        if (err->code != rc || strcmp(err->path, path) != 0)
            abort();
    } else {
        docs[0] = document("en", en);
        docs[1] = document(target, target[0] == 'z' ? zh : ru);
        if (stele_align(al, (const stele_document *const *)docs, 2, &res) !=
                0 ||
            stele_alignment_count(res) == 0)
            abort();
        stele_alignment_free(res);
        stele_document_free(docs[0]);
        stele_document_free(docs[1]);
    }
    stele_aligner_close(al);
    close(fd);
    return 0;
}
