/*
 * tests/cli_run.h - run the stele tool as a child process and capture
 * what it prints, for the end-to-end tests (as SQLite's shell tests run
 * the shell and compare its exit code and exact output).
 */
#ifndef STELE_TESTS_CLI_RUN_H
#define STELE_TESTS_CLI_RUN_H

#include <stddef.h>

typedef struct cli_result {
    int status;   /* exit status, or 128 + signal number */
    char *out;    /* everything written to stdout, NUL-terminated */
    size_t out_len;
    char *err;    /* everything written to stderr, NUL-terminated */
    size_t err_len;
} cli_result;

/* The path of the stele binary, set once by main() from argv. */
extern const char *cli_binary;

/*
 * Run cli_binary with the NULL-terminated @p args (not including the
 * program name), standard input from @p stdin_path (NULL: /dev/null),
 * and extra environment assignments @p env ("NAME=value", or a bare
 * "NAME" to unset it; a NULL-terminated list, may be NULL). Free the
 * result with cli_result_free().
 */
cli_result cli_run(const char *const *args, const char *stdin_path,
                   const char *const *env);
/* As cli_run, the child first becoming user and group @p uid (when it
 * is not -1 and the tests run as root): root may write any file, so a
 * read-only store can only be tried as someone else. */
cli_result cli_run_as(const char *const *args, const char *stdin_path,
                      const char *const *env, int uid);
/*
 * Run cli_binary with standard error on a pseudo-terminal (and standard
 * output too when @p tty_stdout), standard input from /dev/null, TERM
 * set to xterm, and @p env applied as in cli_run. r.err holds what the
 * terminal showed (with the terminal's \r\n line ends); r.out holds
 * standard output, or the same as r.err when it was the terminal.
 */
cli_result cli_run_tty(const char *const *args, const char *const *env,
                       int tty_stdout);
void cli_result_free(cli_result *r);

/* The whole file at @p path, NUL-terminated (its length in *len when
 * @p len is not NULL), or NULL when it cannot be read. Free with free(). */
char *cli_read_file(const char *path, size_t *len);

/* The first line of r->err without its newline (static buffer). */
const char *cli_first_err_line(const cli_result *r);

#endif
