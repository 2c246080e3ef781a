/*
 * tests/test_util.c - the shared foundation: the error record and its
 * printed form, the arena, the document container, and the default
 * location of the translation memory.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <stele.h>

#include "util/arena.h"

static void error_format_with_line(void **state)
{
    stele_error err;
    char text[256];

    (void)state;
    stele_error_clear(&err);
    assert_int_equal(stele_error_set(&err, STELE_EFORMAT, "gold.txt", 12, 40,
                                     "expected '%c'", ']'),
                     STELE_EFORMAT);
    stele_error_format(&err, text, sizeof text);
    /* A line wins over a byte offset: people find lines in editors. */
    assert_string_equal(text, "gold.txt:12: expected ']'");
}

static void error_format_with_offset(void **state)
{
    stele_error err;
    char text[256];

    (void)state;
    stele_error_set(&err, STELE_EENCODING, "a.txt", 0, 1234,
                    "invalid UTF-8");
    stele_error_format(&err, text, sizeof text);
    assert_string_equal(text, "a.txt: byte 1234: invalid UTF-8");
}

static void error_format_path_only_and_bare(void **state)
{
    stele_error err;
    char text[256];

    (void)state;
    stele_error_set(&err, STELE_EIO, "missing.txt", 0, -1,
                    "No such file or directory");
    stele_error_format(&err, text, sizeof text);
    assert_string_equal(text, "missing.txt: No such file or directory");

    stele_error_set(&err, STELE_ENOMEM, NULL, 0, -1, "%s", "");
    stele_error_format(&err, text, sizeof text);
    assert_string_equal(text, "out of memory");
}

static void error_format_truncates_like_snprintf(void **state)
{
    stele_error err;
    char text[8];
    size_t need;

    (void)state;
    stele_error_set(&err, STELE_EIO, "file", 3, -1, "long message");
    need = stele_error_format(&err, text, sizeof text);
    assert_int_equal(need, strlen("file:3: long message"));
    assert_string_equal(text, "file:3:");
}

static void error_set_null_returns_code(void **state)
{
    (void)state;
    assert_int_equal(stele_error_set(NULL, STELE_EINVAL, NULL, 0, -1, "x"),
                     STELE_EINVAL);
    stele_error_clear(NULL);
}

static void strerror_names_every_code(void **state)
{
    (void)state;
    for (int code = STELE_EINTERNAL; code <= STELE_OK; code++)
        assert_string_not_equal(stele_strerror(code), "unknown error");
    assert_string_equal(stele_strerror(-999), "unknown error");
}

static void arena_keeps_every_allocation_apart(void **state)
{
    stele_arena arena;
    char *small[1000];

    (void)state;
    stele_arena_init(&arena, 256);
    for (int i = 0; i < 1000; i++) {
        small[i] = stele_arena_alloc(&arena, 13);
        assert_non_null(small[i]);
        assert_int_equal((uintptr_t)small[i] % _Alignof(max_align_t), 0);
        memset(small[i], i & 0xff, 13);
    }
    {
        /* larger than a block: gets a block of its own */
        char *big = stele_arena_alloc(&arena, 10000);
        assert_non_null(big);
        memset(big, 0x5a, 10000);
    }
    for (int i = 0; i < 1000; i++)
        for (int j = 0; j < 13; j++)
            assert_int_equal((unsigned char)small[i][j], i & 0xff);
    assert_string_equal(stele_arena_strndup(&arena, "abcdef", 3), "abc");
    stele_arena_free(&arena);
    assert_null(arena.head);
}

static void document_holds_sentences_in_order(void **state)
{
    stele_document *doc;
    const stele_sentence *s;

    (void)state;
    assert_int_equal(stele_document_new(&doc, "ru", "a.ru.txt"), STELE_OK);
    assert_string_equal(stele_document_lang(doc), "ru");
    assert_string_equal(stele_document_name(doc), "a.ru.txt");
    assert_int_equal(stele_document_paragraphs(doc), 0);
    for (int i = 0; i < 300; i++) {
        char text[32];
        int n = snprintf(text, sizeof text, "Фраза %d.", i);
        assert_int_equal(stele_document_append(doc, text, (size_t)n,
                                               (uint32_t)(i / 10),
                                               (uint64_t)i * 20,
                                               (uint64_t)i * 20 + 15),
                         STELE_OK);
    }
    assert_int_equal(stele_document_count(doc), 300);
    assert_int_equal(stele_document_paragraphs(doc), 30);
    s = stele_document_sentence(doc, 123);
    assert_string_equal(s->text, "Фраза 123.");
    assert_int_equal(s->length, strlen("Фраза 123."));
    assert_int_equal(s->paragraph, 12);
    assert_int_equal(s->start, 2460);
    assert_null(stele_document_sentence(doc, 300));
    stele_document_free(doc);
}

static void document_refuses_paragraphs_going_back(void **state)
{
    stele_document *doc;

    (void)state;
    assert_int_equal(stele_document_new(&doc, "en", NULL), STELE_OK);
    assert_int_equal(stele_document_append(doc, "A.", 2, 3, 0, 2), 0);
    assert_int_equal(stele_document_append(doc, "B.", 2, 2, 3, 5),
                     STELE_EINVAL);
    assert_int_equal(stele_document_error(doc)->code, STELE_EINVAL);
    assert_int_equal(stele_document_count(doc), 1);
    stele_document_free(doc);
    stele_document_free(NULL);
}

static void default_path_follows_xdg(void **state)
{
    char path[512];
    char dir[] = "/tmp/stele-xdg-XXXXXX";
    char expect[512];
    struct stat st;

    (void)state;
    assert_non_null(mkdtemp(dir));
    unsetenv("STELE_DB");
    setenv("XDG_DATA_HOME", dir, 1);
    assert_int_equal(stele_store_default_path(path, sizeof path, 0, NULL),
                     0);
    snprintf(expect, sizeof expect, "%s/stele/stele.db", dir);
    assert_string_equal(path, expect);
    /* Only asked to, does it create the folder. */
    snprintf(expect, sizeof expect, "%s/stele", dir);
    assert_int_not_equal(stat(expect, &st), 0);
    assert_int_equal(stele_store_default_path(path, sizeof path, 1, NULL),
                     0);
    assert_int_equal(stat(expect, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    rmdir(expect);
    rmdir(dir);

    /* A relative XDG_DATA_HOME is invalid by the spec: HOME is used. */
    setenv("XDG_DATA_HOME", "relative/dir", 1);
    setenv("HOME", "/home/someone", 1);
    assert_int_equal(stele_store_default_path(path, sizeof path, 0, NULL),
                     0);
    assert_string_equal(path, "/home/someone/.local/share/stele/stele.db");

    setenv("STELE_DB", "/tmp/elsewhere.db", 1);
    assert_int_equal(stele_store_default_path(path, sizeof path, 0, NULL),
                     0);
    assert_string_equal(path, "/tmp/elsewhere.db");
    unsetenv("STELE_DB");

    unsetenv("XDG_DATA_HOME");
    unsetenv("HOME");
    {
        stele_error err;
        assert_int_equal(stele_store_default_path(path, sizeof path, 0,
                                                  &err),
                         STELE_ENOTFOUND);
        assert_non_null(strstr(err.message, "--db"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_format_with_line),
        cmocka_unit_test(error_format_with_offset),
        cmocka_unit_test(error_format_path_only_and_bare),
        cmocka_unit_test(error_format_truncates_like_snprintf),
        cmocka_unit_test(error_set_null_returns_code),
        cmocka_unit_test(strerror_names_every_code),
        cmocka_unit_test(arena_keeps_every_allocation_apart),
        cmocka_unit_test(document_holds_sentences_in_order),
        cmocka_unit_test(document_refuses_paragraphs_going_back),
        cmocka_unit_test(default_path_follows_xdg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
