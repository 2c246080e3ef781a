/*
 * cli/util.c - helpers shared by the subcommands: messages in the one
 * format the tool prints, option scanning, language tags from file names.
 */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "stele: %s: ", command);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    cli_print_usage(stderr, command);
    return CLI_USAGE;
}

int cli_fail(const stele_error *err)
{
    char text[2048];

    stele_error_format(err, text, sizeof text);
    fprintf(stderr, "stele: %s\n", text);
    return CLI_FAILURE;
}

int cli_fail_at(const stele_error *err, const char *path)
{
    stele_error named;

    stele_error_copy(&named, err);
    if (named.path[0] == '\0' && path != NULL) {
        strncpy(named.path, path, sizeof named.path - 1);
        named.path[sizeof named.path - 1] = '\0';
    }
    return cli_fail(&named);
}

int cli_failf(const char *fmt, ...)
{
    va_list ap;

    fputs("stele: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return CLI_FAILURE;
}

void cli_warnf(const char *fmt, ...)
{
    va_list ap;

    fputs("stele: warning: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_args_init(cli_args *args, int argc, char **argv)
{
    memset(args, 0, sizeof *args);
    args->argc = argc;
    args->argv = argv;
    args->index = 1;
    args->command = argc > 0 ? argv[0] : "stele";
}

int cli_args_next(cli_args *args)
{
    static char name[64];
    const char *arg;
    const char *eq;

    if (args->error || args->index >= args->argc)
        return 0;
    arg = args->argv[args->index++];
    args->inline_value = NULL;
    args->positional = 0;
    if (!args->only_positional && strcmp(arg, "--") == 0) {
        args->only_positional = 1;
        return cli_args_next(args);
    }
    if (args->only_positional || arg[0] != '-' || strcmp(arg, "-") == 0) {
        args->positional = 1;
        args->arg = arg;
        return 1;
    }
    eq = strchr(arg, '=');
    if (arg[1] == '-' && eq != NULL && (size_t)(eq - arg) < sizeof name) {
        memcpy(name, arg, (size_t)(eq - arg));
        name[eq - arg] = '\0';
        args->arg = name;
        args->inline_value = eq + 1;
    } else {
        args->arg = arg;
    }
    return 1;
}

static int matches(const cli_args *args, const char *long_name,
                   const char *short_name)
{
    if (args->positional)
        return 0;
    return (long_name != NULL && strcmp(args->arg, long_name) == 0) ||
           (short_name != NULL && strcmp(args->arg, short_name) == 0);
}

int cli_args_flag(cli_args *args, const char *long_name,
                  const char *short_name)
{
    if (!matches(args, long_name, short_name))
        return 0;
    if (args->inline_value != NULL) {
        cli_usage_error(args->command, "option %s takes no value",
                        args->arg);
        args->error = 1;
    }
    return 1;
}

int cli_args_value(cli_args *args, const char *long_name,
                   const char *short_name, const char **value)
{
    if (!matches(args, long_name, short_name))
        return 0;
    if (args->inline_value != NULL) {
        *value = args->inline_value;
        return 1;
    }
    if (args->index >= args->argc) {
        cli_usage_error(args->command, "option %s needs a value", args->arg);
        args->error = 1;
        return 1;
    }
    *value = args->argv[args->index++];
    return 1;
}

int cli_args_unknown(cli_args *args)
{
    cli_usage_error(args->command, "unknown option '%s'", args->arg);
    args->error = 1;
    return 0;
}

int cli_parse_size(const char *text, size_t *out)
{
    char *end;
    unsigned long long value;

    if (text == NULL || !isdigit((unsigned char)text[0]))
        return -1;
    errno = 0;
    value = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0' || value > SIZE_MAX)
        return -1;
    *out = (size_t)value;
    return 0;
}

int cli_parse_double(const char *text, double lo, double hi, double *out)
{
    char *end;
    double value;

    if (text == NULL || text[0] == '\0')
        return -1;
    errno = 0;
    value = strtod(text, &end);
    if (errno != 0 || *end != '\0' || isnan(value) || value < lo ||
        value > hi)
        return -1;
    *out = value;
    return 0;
}

int cli_lang_is_valid(const char *tag)
{
    size_t n = strlen(tag);

    if (n < 2 || n > 15 || !isalpha((unsigned char)tag[0]))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)tag[i];
        if (!isalnum(c) && c != '-' && c != '_')
            return 0;
    }
    return 1;
}

int cli_add_tag_mapping(const char *command, const char *value,
                        const char **tags, size_t *n, size_t max)
{
    const char *eq = strchr(value, '=');
    size_t len = eq != NULL ? (size_t)(eq - value) : 0;
    char from[64];

    if (*n == max)
        return cli_usage_error(command, "at most %zu --tag options", max);
    if (eq != NULL && len > 0 && len < sizeof from) {
        memcpy(from, value, len);
        from[len] = '\0';
        if (cli_lang_is_valid(from) && cli_lang_is_valid(eq + 1)) {
            tags[(*n)++] = value;
            return CLI_OK;
        }
    }
    return cli_usage_error(command, "--tag needs FROM=TO, two language "
                           "tags (e.g. zh=zh-Hans), not '%s'", value);
}

int cli_lang_from_path(const char *path, char *buf, size_t size)
{
    const char *base = strrchr(path, '/');
    const char *p;

    base = base != NULL ? base + 1 : path;
    /* The language is a dot-delimited part of 2-3 letters, optionally
     * with a region or script ("zh-Hans"), that is not the first part:
     * "article.ru.txt", "ru.txt" is not (that is the file's stem), but
     * "corpora/csto/ru.txt" is handled by the stem rule below. */
    for (p = strchr(base, '.'); p != NULL; p = strchr(p + 1, '.')) {
        const char *start = p + 1;
        const char *end = strchr(start, '.');
        size_t n;
        char tag[16];

        if (end == NULL)
            break;
        n = (size_t)(end - start);
        if (n < 2 || n >= sizeof tag)
            continue;
        memcpy(tag, start, n);
        tag[n] = '\0';
        if (!cli_lang_is_valid(tag) || !isalpha((unsigned char)tag[1]))
            continue;
        if (n > 3 && tag[2] != '-' && tag[2] != '_' && tag[3] != '-')
            continue;
        if (n + 1 > size)
            return -1;
        memcpy(buf, tag, n + 1);
        return 0;
    }
    /* "dev.de", "corpus.zh-CN": a last part that is a language code, as
     * parallel corpora name their sides (Moses, Vecalign's test sets).
     * Only two letters, with a region or script: "notes.txt" and
     * "main.cpp" are not languages. */
    p = strrchr(base, '.');
    if (p != NULL && p != base) {
        const char *start = p + 1;
        size_t n = strlen(start);
        if (n >= 2 && n < 16 && isalpha((unsigned char)start[0]) &&
            isalpha((unsigned char)start[1]) &&
            (n == 2 || start[2] == '-' || start[2] == '_') &&
            cli_lang_is_valid(start)) {
            if (n + 1 > size)
                return -1;
            memcpy(buf, start, n + 1);
            return 0;
        }
    }
    /* "ru.txt", "zh.sents": a stem that is itself a language code. Only
     * two letters: three-letter stems are more often names ("src.txt",
     * "out.txt") than ISO 639-3 codes, which --langs can give. */
    p = strchr(base, '.');
    if (p != NULL && strchr(p + 1, '.') == NULL) {
        size_t n = (size_t)(p - base);
        if (n == 2 && n + 1 <= size && isalpha((unsigned char)base[0]) &&
            isalpha((unsigned char)base[1])) {
            for (size_t i = 0; i < n; i++)
                buf[i] = (char)tolower((unsigned char)base[i]);
            buf[n] = '\0';
            return 0;
        }
    }
    return -1;
}

int cli_lang_of_file(const char *path, char *buf, size_t size)
{
    static char head[STELE_GUESS_BYTES];
    FILE *f;
    size_t n;

    if (cli_lang_from_path(path, buf, size) == 0)
        return 0;
    if (strcmp(path, "-") == 0 || (f = fopen(path, "rb")) == NULL)
        return -1; /* an unreadable file is reported where it is read */
    n = fread(head, 1, sizeof head, f);
    fclose(f);
    /* a byte order mark is no letter: the guess passes over it */
    if (stele_guess_language(head, n, buf, size) != STELE_OK)
        return -1;
    cli_warnf("%s: no language in the file's name; its text reads as '%s' "
              "(give --langs to choose)",
              path, buf);
    return 0;
}

/* Two names of one file ("a.txt" and "./a.txt", a link): aligning a
 * text with itself fills the memory with units that are no
 * translations. */
int cli_same_file(const char *a, const char *b)
{
    struct stat sa, sb;

    if (strcmp(a, b) == 0)
        return 1;
    if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0 || stat(a, &sa) != 0 ||
        stat(b, &sb) != 0 || S_ISDIR(sa.st_mode))
        return 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int cli_check_document(const stele_document *doc, const char *path,
                       int langs_given)
{
    stele_script_tally tally;

    if (stele_document_count(doc) == 0)
        return cli_failf("%s: no text to align", path);
    memset(&tally, 0, sizeof tally);
    stele_document_script_tally(doc, &tally);
    cli_warn_script(path, stele_document_lang(doc), &tally,
                    langs_given ? "check --langs" : "check the file's name");
    return CLI_OK;
}

void cli_warn_script(const char *path, const char *lang,
                     const stele_script_tally *tally, const char *hint)
{
    char found[64], expected[64];

    if (stele_script_fits(tally, lang, found, sizeof found, expected,
                          sizeof expected))
        return;
    cli_warnf("%s: the text is written in %s, but '%s' is written in %s "
              "(%s)",
              path, found, lang, expected, hint);
}

int cli_split_langs(const char *list, char tags[][16], int max)
{
    int count = 0;
    const char *p = list;

    while (*p != '\0') {
        const char *comma = strchr(p, ',');
        size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);

        if (count == max || n == 0 || n >= 16)
            return -1;
        memcpy(tags[count], p, n);
        tags[count][n] = '\0';
        if (!cli_lang_is_valid(tags[count]))
            return -1;
        count++;
        if (comma == NULL)
            break;
        p = comma + 1;
        if (*p == '\0')
            return -1;
    }
    return count;
}

int cli_store_path(const char *option, char *buf, size_t size,
                   int make_dirs, stele_error *err)
{
    if (option != NULL) {
        if (strlen(option) + 1 > size)
            return stele_error_set(err, STELE_ETOOBIG, option, 0, -1,
                                   "store path is too long");
        memcpy(buf, option, strlen(option) + 1);
        return STELE_OK;
    }
    return stele_store_default_path(buf, size, make_dirs, err);
}

static int color_fd(int fd)
{
    const char *no_color = getenv("NO_COLOR");
    const char *term = getenv("TERM");

    if (no_color != NULL && no_color[0] != '\0')
        return 0;
    if (term != NULL && strcmp(term, "dumb") == 0)
        return 0;
    return isatty(fd);
}

int cli_color_stdout(void)
{
    return color_fd(STDOUT_FILENO);
}

int cli_color_stderr(void)
{
    return color_fd(STDERR_FILENO);
}

const char *cli_default_title(const stele_document *doc, const char *path,
                              char *buf, size_t size)
{
    const char *base;
    const char *slash;
    char *dot;

    if (stele_document_count(doc) >= 2) {
        const stele_sentence *first = stele_document_sentence(doc, 0);
        const stele_sentence *next = stele_document_sentence(doc, 1);
        if (next->paragraph > first->paragraph && first->length < 200 &&
            first->length + 1 < size) {
            memcpy(buf, first->text, first->length);
            buf[first->length] = '\0';
            return buf;
        }
    }
    slash = strrchr(path, '/');
    base = slash != NULL ? slash + 1 : path;
    snprintf(buf, size, "%s", base);
    dot = strchr(buf, '.');
    if (dot != NULL && dot != buf)
        *dot = '\0';
    /* "corpus/en.txt": the stem only names the language, so the folder
     * names the text. */
    if (slash != NULL && slash != path &&
        strcmp(buf, stele_document_lang(doc)) == 0) {
        const char *dir = slash;
        while (dir > path && dir[-1] != '/')
            dir--;
        size_t n = (size_t)(slash - dir);
        if (n > 0 && strspn(dir, ".") < n)
            snprintf(buf, size, "%.*s", (int)n, dir);
    }
    return buf;
}
