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

/* "NAME=value" sets, a bare "NAME" unsets (the tests run with NO_COLOR
 * set, and some need it gone). */
static void apply_env(const char *const *env)
{
    for (size_t i = 0; env != NULL && env[i] != NULL; i++) {
        if (strchr(env[i], '=') != NULL)
            putenv((char *)env[i]);
        else
            unsetenv(env[i]);
    }
}

/* In the child: stele with @p args and @p env; never returns. */
static void exec_stele(const char *const *args, const char *const *env)
{
    size_t n = 0;
    const char **argv;

    while (args[n] != NULL)
        n++;
    argv = calloc(n + 2, sizeof *argv);
    if (argv == NULL)
        _exit(126);
    argv[0] = cli_binary;
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = args[i];
    apply_env(env);
    execv(cli_binary, (char *const *)argv);
    _exit(127);
}

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

    memset(&r, 0, sizeof r);
    if (out == NULL || err == NULL)
        abort();
    fflush(NULL);
    pid = fork();
    if (pid < 0)
        abort();
    if (pid == 0) {
        int in = open(stdin_path != NULL ? stdin_path : "/dev/null",
                      O_RDONLY);

        if (in < 0)
            _exit(126);
        dup2(in, STDIN_FILENO);
        dup2(fileno(out), STDOUT_FILENO);
        dup2(fileno(err), STDERR_FILENO);
        if (uid >= 0 && geteuid() == 0 &&
            (setgid((gid_t)uid) != 0 || setuid((uid_t)uid) != 0))
            _exit(125);
        exec_stele(args, env);
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

cli_result cli_run_tty(const char *const *args, const char *const *env,
                       int tty_stdout)
{
    cli_result r;
    FILE *out = tmpfile();
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    char slave_name[256];
    char *seen = NULL;
    size_t used = 0, cap = 0;
    pid_t pid;
    int wstatus;

    memset(&r, 0, sizeof r);
    if (out == NULL || master < 0 || grantpt(master) != 0 ||
        unlockpt(master) != 0 || ptsname(master) == NULL)
        abort();
    snprintf(slave_name, sizeof slave_name, "%s", ptsname(master));
    fflush(NULL);
    pid = fork();
    if (pid < 0)
        abort();
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int slave;

        /* a session of its own, so that the terminal becomes its
         * controlling terminal, as in a shell */
        setsid();
        slave = open(slave_name, O_RDWR);
        if (in < 0 || slave < 0)
            _exit(126);
        close(master);
        dup2(in, STDIN_FILENO);
        dup2(tty_stdout ? slave : fileno(out), STDOUT_FILENO);
        dup2(slave, STDERR_FILENO);
        close(slave);
        setenv("TERM", "xterm", 1);
        exec_stele(args, env);
    }
    for (;;) {
        ssize_t got;

        if (cap - used < 4096) {
            cap = cap == 0 ? 65536 : cap * 2;
            seen = realloc(seen, cap);
            if (seen == NULL)
                abort();
        }
        got = read(master, seen + used, cap - used - 1);
        if (got <= 0)
            break; /* EIO once the child has closed the terminal */
        used += (size_t)got;
    }
    close(master);
    while (waitpid(pid, &wstatus, 0) < 0)
        ;
    r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus)
                                  : 128 + WTERMSIG(wstatus);
    if (seen == NULL)
        seen = malloc(1);
    if (seen == NULL)
        abort();
    seen[used] = '\0';
    r.err = seen;
    r.err_len = used;
    r.out = slurp(out, &r.out_len);
    fclose(out);
    if (tty_stdout) {
        free(r.out);
        r.out = r.err;
        r.out_len = r.err_len;
        r.err = strdup(r.out);
        if (r.err == NULL)
            abort();
    }
    return r;
}

char *cli_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *text;
    size_t n;

    if (f == NULL)
        return NULL;
    text = slurp(f, len != NULL ? len : &n);
    fclose(f);
    return text;
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
