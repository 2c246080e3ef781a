#define _POSIX_C_SOURCE 200809L

#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int quiet_mode;
static int verbose_mode;

void cli_progress_configure(int quiet, int verbose)
{
    quiet_mode = quiet;
    verbose_mode = verbose;
}

int cli_progress_quiet(void)
{
    return quiet_mode;
}

int cli_progress_option(cli_args *args)
{
    if (cli_args_flag(args, "--quiet", "-q")) {
        cli_progress_configure(1, verbose_mode);
        return 1;
    }
    if (cli_args_flag(args, "--verbose", "-v")) {
        cli_progress_configure(quiet_mode, 1);
        return 1;
    }
    return 0;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* STELE_PROGRESS_DELAY, else a quarter second: long enough that quick
 * work never flashes a bar. */
static double first_draw_delay(void)
{
    const char *text = getenv("STELE_PROGRESS_DELAY");
    double delay;

    if (text == NULL || cli_parse_double(text, 0, 3600, &delay) < 0)
        return 0.25;
    return delay;
}

void cli_progress_start(cli_progress *p, const char *label, const char *unit,
                        uint64_t total)
{
    memset(p, 0, sizeof *p);
    p->label = label;
    p->unit = unit;
    p->total = total;
    p->started = now();
    p->delay = first_draw_delay();
    p->visible = !quiet_mode && isatty(STDERR_FILENO);
    p->color = p->visible && cli_color_stderr();
    p->verbose = verbose_mode;
}

static void format_amount(char *buf, size_t size, const char *unit,
                          double amount)
{
    if (strcmp(unit, "B") == 0)
        snprintf(buf, size, "%.1f MB", amount / 1e6);
    else
        snprintf(buf, size, "%.0f %s", amount, unit);
}

static void format_duration(char *buf, size_t size, double seconds)
{
    long s = (long)(seconds + 0.5);

    if (s < 60)
        snprintf(buf, size, "%ld s", s);
    else if (s < 3600)
        snprintf(buf, size, "%ld min %02ld s", s / 60, s % 60);
    else
        snprintf(buf, size, "%ld h %02ld min", s / 3600, s / 60 % 60);
}

static int percent_of(const cli_progress *p)
{
    if (p->total == 0)
        return -1;
    if (p->done >= p->total)
        return 100;
    return (int)((double)p->done * 100.0 / (double)p->total);
}

static void draw(cli_progress *p, double t)
{
    double elapsed = t - p->started;
    double rate = elapsed > 0 ? (double)p->done / elapsed : 0;
    char done[32];
    char speed[40];
    char left[32];

    fprintf(stderr, "\r%s", p->label);
    if (p->total > 0) {
        double frac = (double)p->done / (double)p->total;
        int width = 24;
        int filled;

        if (frac > 1)
            frac = 1;
        filled = (int)(frac * width);
        fputs(" [", stderr);
        if (p->color)
            fputs("\x1b[32m", stderr);
        for (int i = 0; i < filled; i++)
            fputc('#', stderr);
        if (p->color)
            fputs("\x1b[0m", stderr);
        for (int i = filled; i < width; i++)
            fputc('.', stderr);
        fprintf(stderr, "] %3.0f%%", frac * 100);
    } else {
        fputc(':', stderr);
    }
    if (p->unit != NULL) {
        format_amount(done, sizeof done, p->unit, (double)p->done);
        format_amount(speed, sizeof speed, p->unit, rate);
        fprintf(stderr, " %s, %s/s", done, speed);
    }
    if (p->total > 0 && rate > 0) {
        double remaining = p->done < p->total ? (double)(p->total - p->done)
                                              : 0;
        format_duration(left, sizeof left, remaining / rate);
        fprintf(stderr, ", %s left", left);
    }
    /* erase what a longer previous line left */
    fputs("\x1b[K", stderr);
    fflush(stderr);
    p->drawn = 1;
    p->last_draw = t;
    p->percent = percent_of(p);
}

void cli_progress_update(cli_progress *p, uint64_t done)
{
    double t;

    p->done = done;
    if (!p->visible)
        return;
    t = now();
    if (t - p->started < p->delay)
        return;
    /* ten redraws a second, and one for each whole percent: few enough
     * to cost nothing, and the bar never lags its work by much */
    if (p->drawn && t - p->last_draw < 0.1 && percent_of(p) == p->percent)
        return;
    draw(p, t);
}

void cli_progress_steps(uint64_t done, uint64_t total, void *payload)
{
    cli_progress *p = payload;

    p->total = total;
    cli_progress_update(p, done);
}

void cli_progress_finish(cli_progress *p)
{
    double elapsed = now() - p->started;

    if (p->drawn) {
        fputs("\r\x1b[K", stderr);
        fflush(stderr);
        p->drawn = 0;
    }
    if (!p->verbose)
        return;
    if (p->unit != NULL) {
        char done[32];
        char speed[40];

        format_amount(done, sizeof done, p->unit, (double)p->done);
        format_amount(speed, sizeof speed, p->unit,
                      elapsed > 0 ? (double)p->done / elapsed : 0);
        fprintf(stderr, "stele: %s: %s in %.3f s (%s/s)\n", p->label, done,
                elapsed, speed);
    } else {
        fprintf(stderr, "stele: %s: %.3f s\n", p->label, elapsed);
    }
}

uint64_t cli_input_size(const char *path)
{
    struct stat st;
    int rc = strcmp(path, "-") == 0 ? fstat(STDIN_FILENO, &st)
                                    : stat(path, &st);

    if (rc != 0 || !S_ISREG(st.st_mode) || st.st_size < 0)
        return 0;
    return (uint64_t)st.st_size;
}
