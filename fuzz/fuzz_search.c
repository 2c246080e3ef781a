/*
 * fuzz/fuzz_search.c - the search path on arbitrary queries: stele's
 * query parser, the FTS5 expression it renders, the search over a small
 * trilingual memory (SQLite, in memory) and the highlighting of the hits.
 *
 * A query is answered or refused with STELE_EQUERY and a message of
 * stele's parser: the parser must catch every query FTS5 would refuse,
 * so FTS5's own refusal ("the query could not be understood") is a
 * failure here, as is any other error. Every hit must hold together: its
 * text and language, the language filter respected, spans sorted,
 * disjoint, inside the text and on character boundaries, aligned
 * sentences in other languages. A callback that stops the search gets
 * its value back.
 *
 * The first byte picks the language filter (low two bits: none, en, ru,
 * zh), the limit (next two bits: 0 for the default, 1, 3, 50) and
 * whether the callback stops at the first hit (bit 4); the rest, up to
 * a NUL, is the query.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <stele.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const LANGS[] = { "en", "ru", "zh" };

static const char *const UNITS[][3] = {
    { "The CSTO held exercises with combat-proven weapons.",
      "ОДКБ провела учения с боевым оружием.",
      "集安组织举行了使用实战检验武器的演习。" },
    { "Putin said the \"Collective Security Treaty Organization\" is ready.",
      "Путин заявил, что «Организация Договора о коллективной "
      "безопасности» готова.",
      "普京表示，“集体安全条约组织”已做好准备。" },
    { "Modern weapons were shown to the public (AND OR NOT NEAR).",
      "Публике показали современное оружие — ёлки, Ёлки.",
      "向公众展示了现代武器。" },
    { "Ｆｕｌｌｗｉｄｔｈ CSTO letters, the ﬁnal word, café and cafe\xCC\x81.",
      "Полноширинные буквы.", "全角字母，日本語のかなカナ。" },
    { "weapons weapons weapons: 1,000 weapons in 2025.", "", "一" },
};

typedef struct state {
    const char *lang;  /* the filter, or NULL */
    int stop;          /* the callback returns 7 at the first hit */
    size_t hits;
} state;

static int boundary(const char *text, size_t at)
{
    return ((unsigned char)text[at] & 0xC0) != 0x80;
}

static int on_hit(const stele_search_hit *hit, void *payload)
{
    state *s = payload;
    size_t len;

    if (hit->text == NULL || hit->lang == NULL || hit->title == NULL)
        abort();
    len = strlen(hit->text);
    if (s->lang != NULL && strcmp(hit->lang, s->lang) != 0)
        abort();
    if (hit->nspans > 0 && hit->spans == NULL)
        abort();
    for (size_t i = 0; i < hit->nspans; i++) {
        const stele_search_span *sp = &hit->spans[i];

        if (sp->start >= sp->end || sp->end > len ||
            !boundary(hit->text, sp->start) ||
            (sp->end < len && !boundary(hit->text, sp->end)))
            abort();
        if (i > 0 && sp->start < hit->spans[i - 1].end)
            abort();
    }
    if (hit->nother > 2)
        abort();
    for (size_t i = 0; i < hit->nother; i++)
        if (hit->other_langs[i] == NULL || hit->other_texts[i] == NULL ||
            strcmp(hit->other_langs[i], hit->lang) == 0)
            abort();
    if (!(hit->confidence >= 0.0 && hit->confidence <= 1.0))
        abort();
    s->hits++;
    return s->stop ? 7 : 0;
}

static stele_store *memory(void)
{
    stele_store *store = NULL;
    int64_t doc = 0;
    int created = 0;

    if (stele_store_open(&store, ":memory:", STELE_STORE_CREATE) != 0 ||
        stele_store_begin(store) != 0 ||
        stele_store_doc_add(store, "fuzz", LANGS, 3, NULL, NULL, &doc,
                            &created) != 0)
        abort();
    for (size_t i = 0; i < sizeof UNITS / sizeof *UNITS; i++)
        if (stele_store_unit_add(store, doc, LANGS, UNITS[i], 3,
                                 0.25 * (double)(i % 5), 0, NULL) != 0)
            abort();
    if (stele_store_commit(store) != 0)
        abort();
    return store;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const filters[] = { NULL, "en", "ru", "zh" };
    static const size_t limits[] = { 0, 1, 3, 50 };
    static stele_store *store;
    stele_search_options opts = STELE_SEARCH_OPTIONS_INIT;
    state s;
    char *query;
    int rc;

    if (size == 0)
        return 0;
    if (store == NULL)
        store = memory();
    query = malloc(size);
    if (query == NULL)
        abort();
    memcpy(query, data + 1, size - 1);
    query[size - 1] = '\0';
    memset(&s, 0, sizeof s);
    s.lang = filters[data[0] & 3];
    s.stop = (data[0] & 16) != 0;
    opts.lang = s.lang;
    opts.limit = limits[(data[0] >> 2) & 3];
    rc = stele_search(store, query, &opts, on_hit, &s);
    if (rc == STELE_EQUERY) {
        const char *message = stele_store_error(store)->message;

        if (message[0] == '\0' ||
            strcmp(message, "the query could not be understood") == 0)
            abort();
    } else if (rc == 7) {
        if (!s.stop || s.hits != 1)
            abort();
    } else if (rc != STELE_OK ||
               s.hits > (opts.limit != 0 ? opts.limit : 20)) {
        abort();
    }
    free(query);
    return 0;
}
