#define _XOPEN_SOURCE 700

#include "cli_run.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

const char *cli_binary;

static char *slurp(FILE *f, size_t *len)
{
    char *text;
    long size;

    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    text = malloc((size_t)size + 1);
    if (text == NULL)
        abort();
    *len = fread(text, 1, (size_t)size, f);
    text[*len] = '\0';
    return text;
}

cli_result cli_run(const char *const *args, const char *stdin_path,
                   const char *const *env)
{
    return cli_run_as(args, stdin_path, env, -1);
}

cli_result cli_run_as(const char *const *args, const char *stdin_path,
                      const char *const *env, int uid)
{
    cli_result r;
    FILE *out = tmpfile();
    FILE *err = tmpfile();
    pid_t pid;
    int wstatus;
    size_t n = 0;

    memset(&r, 0, sizeof r);
    if (out == NULL || err == NULL)
        abort();
    while (args[n] != NULL)
        n++;
    fflush(NULL);
    pid = fork();
    if (pid < 0)
        abort();
    if (pid == 0) {
        const char **argv = calloc(n + 2, sizeof *argv);
        int in = open(stdin_path != NULL ? stdin_path : "/dev/null",
                      O_RDONLY);

        if (argv == NULL || in < 0)
            _exit(126);
        argv[0] = cli_binary;
        for (size_t i = 0; i < n; i++)
            argv[i + 1] = args[i];
        dup2(in, STDIN_FILENO);
        dup2(fileno(out), STDOUT_FILENO);
        dup2(fileno(err), STDERR_FILENO);
        for (size_t i = 0; env != NULL && env[i] != NULL; i++)
            putenv((char *)env[i]);
        if (uid >= 0 && geteuid() == 0 &&
            (setgid((gid_t)uid) != 0 || setuid((uid_t)uid) != 0))
            _exit(125);
        execv(cli_binary, (char *const *)argv);
        _exit(127);
    }
    while (waitpid(pid, &wstatus, 0) < 0)
        ;
    r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus)
                                  : 128 + WTERMSIG(wstatus);
    r.out = slurp(out, &r.out_len);
    r.err = slurp(err, &r.err_len);
    fclose(out);
    fclose(err);
    return r;
}

void cli_result_free(cli_result *r)
{
    free(r->out);
    free(r->err);
    r->out = NULL;
    r->err = NULL;
}

const char *cli_first_err_line(const cli_result *r)
{
    static char line[4096];
    size_t n = strcspn(r->err, "\n");

    if (n >= sizeof line)
        n = sizeof line - 1;
    memcpy(line, r->err, n);
    line[n] = '\0';
    return line;
}
