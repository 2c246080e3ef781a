/*
 * segment/document.c - the segmented text of one language version.
 *
 * Sentence texts live in an arena (they die with the document); the
 * sentence records live in one growing array so that lookup by index is
 * O(1) for the aligner.
 */
#include "stele/segment.h"

#include <stdlib.h>
#include <string.h>

#include "../util/arena.h"

struct stele_document {
    stele_arena arena;         /* sentence texts, lang and name */
    stele_sentence *sentences; /* malloc'ed array of count records */
    size_t count;              /* sentences in use */
    size_t capacity;           /* records allocated */
    char *lang;                /* language tag, in arena */
    char *name;                /* source name or "", in arena */
    stele_error error;         /* last failure */
};

int stele_document_new(stele_document **out, const char *lang,
                       const char *name)
{
    stele_document *doc;

    *out = NULL;
    if (lang == NULL)
        lang = "";
    if (name == NULL)
        name = "";
    doc = calloc(1, sizeof *doc);
    if (doc == NULL)
        return STELE_ENOMEM;
    stele_arena_init(&doc->arena, 0);
    stele_error_clear(&doc->error);
    doc->lang = stele_arena_strndup(&doc->arena, lang, strlen(lang));
    doc->name = stele_arena_strndup(&doc->arena, name, strlen(name));
    if (doc->lang == NULL || doc->name == NULL) {
        stele_document_free(doc);
        return STELE_ENOMEM;
    }
    *out = doc;
    return STELE_OK;
}

int stele_document_append(stele_document *doc, const char *text,
                          size_t length, uint32_t paragraph, uint64_t start,
                          uint64_t end)
{
    stele_sentence *s;
    char *copy;

    if (text == NULL && length > 0)
        return stele_error_set(&doc->error, STELE_EINVAL, doc->name, 0, -1,
                               "sentence text is NULL");
    if (doc->count > 0 &&
        paragraph < doc->sentences[doc->count - 1].paragraph)
        return stele_error_set(&doc->error, STELE_EINVAL, doc->name, 0,
                               (int64_t)start,
                               "paragraph index goes backwards (%u after %u)",
                               (unsigned)paragraph,
                               (unsigned)doc->sentences[doc->count - 1]
                                   .paragraph);
    if (doc->count == doc->capacity) {
        size_t capacity = doc->capacity != 0 ? doc->capacity * 2 : 64;
        stele_sentence *grown;

        if (capacity > SIZE_MAX / sizeof *grown)
            return stele_error_set(&doc->error, STELE_ENOMEM, doc->name, 0,
                                   -1, "too many sentences");
        grown = realloc(doc->sentences, capacity * sizeof *grown);
        if (grown == NULL)
            return stele_error_set(&doc->error, STELE_ENOMEM, doc->name, 0,
                                   -1, "out of memory");
        doc->sentences = grown;
        doc->capacity = capacity;
    }
    copy = stele_arena_strndup(&doc->arena, text != NULL ? text : "", length);
    if (copy == NULL)
        return stele_error_set(&doc->error, STELE_ENOMEM, doc->name, 0, -1,
                               "out of memory");
    s = &doc->sentences[doc->count++];
    s->text = copy;
    s->length = length;
    s->paragraph = paragraph;
    s->start = start;
    s->end = end;
    return STELE_OK;
}

void stele_document_free(stele_document *doc)
{
    if (doc == NULL)
        return;
    free(doc->sentences);
    doc->sentences = NULL;
    stele_arena_free(&doc->arena);
    free(doc);
}

size_t stele_document_count(const stele_document *doc)
{
    return doc->count;
}

const stele_sentence *stele_document_sentence(const stele_document *doc,
                                              size_t index)
{
    return index < doc->count ? &doc->sentences[index] : NULL;
}

uint32_t stele_document_paragraphs(const stele_document *doc)
{
    return doc->count == 0 ? 0
                           : doc->sentences[doc->count - 1].paragraph + 1;
}

const char *stele_document_lang(const stele_document *doc)
{
    return doc->lang;
}

const char *stele_document_name(const stele_document *doc)
{
    return doc->name;
}

const stele_error *stele_document_error(const stele_document *doc)
{
    return &doc->error;
}
