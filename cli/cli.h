/*
 * cli/cli.h - what the subcommands of the stele tool share.
 *
 * The tool is a plain client of libstele: it includes only <stele/...>.
 * Each subcommand lives in cli/cmd_<name>.c as
 *     int cmd_<name>(int argc, char **argv);
 * where argv[0] is the subcommand's name, and is listed in the table in
 * cli/main.c with its one-line summary and its usage text.
 *
 * Exit statuses: 0 success, 1 runtime failure (printed as
 * "stele: FILE:LINE: what went wrong"), 2 wrong usage (one line, then
 * the usage).
 */
#ifndef STELE_CLI_H
#define STELE_CLI_H

#include <stddef.h>
#include <stdio.h>

#include <stele.h>

enum { CLI_OK = 0, CLI_FAILURE = 1, CLI_USAGE = 2 };

typedef int (*cli_command_fn)(int argc, char **argv);

typedef struct cli_command {
    const char *name;    /* as typed after "stele" */
    cli_command_fn run;  /* the implementation */
    const char *summary; /* one line for "stele --help" */
    const char *usage;   /* full text for "stele help NAME" */
} cli_command;

/* The command table, for "help" and the usage errors. */
const cli_command *cli_find_command(const char *name);

/* Print the usage of command @p name to @p out. */
void cli_print_usage(FILE *out, const char *name);

/* "stele: NAME: <message>" + the command's usage on stderr; returns 2. */
int cli_usage_error(const char *command, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* "stele: <formatted err>" on stderr; returns 1. */
int cli_fail(const stele_error *err);

/* As cli_fail, naming @p path when the error names no file (an option
 * that was wrong for that file, such as its language). */
int cli_fail_at(const stele_error *err, const char *path);

/* "stele: <message>" on stderr; returns 1. */
int cli_failf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* "stele: warning: <message>" on stderr. */
void cli_warnf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/*
 * A small option scanner for "--name value", "--name=value", "-x value",
 * flags, "--" and "-" (standard input, a positional argument).
 *
 *   cli_args args;
 *   cli_args_init(&args, argc, argv);
 *   while (cli_args_next(&args)) {
 *       if (cli_args_flag(&args, "--no-store", NULL)) ...
 *       else if (cli_args_value(&args, "--db", NULL, &db)) ...
 *       else if (args.positional) ... args.arg ...
 *       else return cli_usage_error(...unknown option args.arg...)
 *   }
 *   if (args.error) return CLI_USAGE;   (the scanner reported it)
 */
typedef struct cli_args {
    int argc;
    char **argv;
    int index;          /* next argv slot to read */
    const char *arg;    /* current argument (the option name part) */
    const char *inline_value; /* value after '=' in --name=value */
    int positional;     /* the current argument is not an option */
    int only_positional;/* "--" was seen */
    int error;          /* a usage error was printed */
    const char *command;/* for messages */
} cli_args;

void cli_args_init(cli_args *args, int argc, char **argv);
int cli_args_next(cli_args *args);
int cli_args_flag(cli_args *args, const char *long_name,
                  const char *short_name);
int cli_args_value(cli_args *args, const char *long_name,
                   const char *short_name, const char **value);
/* Reports "unknown option" and sets args->error; returns 0. */
int cli_args_unknown(cli_args *args);

/* Parse a non-negative decimal; 0 on success, -1 when malformed. */
int cli_parse_size(const char *text, size_t *out);
/* Parse a decimal number in [lo, hi]; 0 on success, -1 otherwise. */
int cli_parse_double(const char *text, double lo, double hi, double *out);

/*
 * Language of an input file from the ".LL." (or ".LL-RR.") part of its
 * name: "article.ru.txt" -> "ru"; else from a last part of two letters
 * ("dev.de" -> "de"); else from a stem of two letters ("ru.txt").
 * Writes into @p buf; returns 0, or -1 when the name has none of these.
 */
int cli_lang_from_path(const char *path, char *buf, size_t size);
/*
 * The same, and when the name tells nothing, the language its first 64 KB
 * read as (stele_guess_language), with a warning that names the guess.
 * Returns 0, or -1 when neither tells (or the file cannot be read).
 */
int cli_lang_of_file(const char *path, char *buf, size_t size);

/*
 * Warn when the letters tallied from @p path are not in the script of
 * @p lang (stele_script_fits): "stele: warning: PATH: the text is
 * written in Latin, but 'ru' is written in Cyrillic (HINT)".
 */
void cli_warn_script(const char *path, const char *lang,
                     const stele_script_tally *tally, const char *hint);

/* Whether @p a and @p b name one file (the same text, "./a.txt", a
 * link). "-" is never the same as anything else. */
int cli_same_file(const char *a, const char *b);

/* A segmented input about to be aligned: an error when it holds no
 * sentence ("PATH: no text to align", returns CLI_FAILURE), a warning
 * when its script is not its language's (cli_warn_script; the hint
 * names --langs when @p langs_given, else the file's name). */
int cli_check_document(const stele_document *doc, const char *path,
                       int langs_given);

/* Split "en,ru,zh" into at most @p max tags; returns the count or -1. */
int cli_split_langs(const char *list, char tags[][16], int max);

/* Whether @p tag looks like a language tag (letters, digits, '-', '_'). */
int cli_lang_is_valid(const char *tag);

/* Add @p value, the FROM=TO of a --tag option of export and import, to
 * @p tags (*n of at most @p max). Returns CLI_OK, or CLI_USAGE after
 * printing why. */
int cli_add_tag_mapping(const char *command, const char *value,
                        const char **tags, size_t *n, size_t max);

/* The store path: @p option (--db) if given, else the default
 * (STELE_DB, XDG). Returns 0 or a stele error code recorded in @p err. */
int cli_store_path(const char *option, char *buf, size_t size,
                   int make_dirs, stele_error *err);

/*
 * Load into @p al the dictionaries given (--dict FILE, languages from the
 * file's header or its SRC-TGT.dict name) and, when @p search, those
 * found for the pairs of @p langs (cli/dicts.c says where). Returns
 * CLI_OK, or the exit status after printing the error.
 */
int cli_load_dictionaries(stele_aligner *al, const char *const *langs,
                          size_t nlangs, const char *const *given,
                          size_t ngiven, int search);

/*
 * Segment the file @p path ("-": standard input) in language @p lang
 * into a new document, showing a progress bar over its bytes (cli/
 * progress.h); @p max_paragraph is the segmenter's (0: its default).
 * Returns CLI_OK, or the exit status after printing the error (naming
 * @p path when the error is its language). Ownership: on success *out
 * is freed with stele_document_free(); on failure it is NULL.
 */
int cli_segment_document(const char *path, const char *lang,
                         stele_input_format format, size_t max_paragraph,
                         stele_document **out);

/* A document's title when none is given: its heading (a first paragraph
 * of one short sentence), else the name of @p path without its language
 * and extension parts, or its folder's name when the file is named only
 * by its language (corpus/en.txt). Writes into @p buf; returns it. */
const char *cli_default_title(const stele_document *doc, const char *path,
                              char *buf, size_t size);

/* Whether standard output/error is a terminal that takes colour
 * (and NO_COLOR is unset). */
int cli_color_stdout(void);
int cli_color_stderr(void);

#endif /* STELE_CLI_H */
