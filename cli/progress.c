#define _POSIX_C_SOURCE 200809L

#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static int quiet_mode;
static int verbose_mode;

void cli_progress_configure(int quiet, int verbose)
{
    quiet_mode = quiet;
    verbose_mode = verbose;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_start(cli_progress *p, const char *label, const char *unit,
                        uint64_t total)
{
    p->label = label;
    p->unit = unit;
    p->total = total;
    p->done = 0;
    p->started = now();
    p->last_draw = 0;
    p->visible = !quiet_mode && isatty(STDERR_FILENO);
    p->drawn = 0;
    p->verbose = verbose_mode;
}

static void format_amount(char *buf, size_t size, const char *unit,
                          double amount)
{
    if (unit[0] == 'B' && unit[1] == '\0')
        snprintf(buf, size, "%.1f MB", amount / 1e6);
    else
        snprintf(buf, size, "%.0f %s", amount, unit);
}

static void draw(cli_progress *p, double t)
{
    double elapsed = t - p->started;
    double rate = elapsed > 0 ? (double)p->done / elapsed : 0;
    char done[32];
    char speed[40];

    format_amount(done, sizeof done, p->unit, (double)p->done);
    format_amount(speed, sizeof speed, p->unit, rate);
    if (p->total > 0) {
        double frac = (double)p->done / (double)p->total;
        int width = 24;
        int filled = (int)(frac * width);
        double left = rate > 0 ? (double)(p->total - p->done) / rate : 0;

        if (frac > 1)
            frac = 1;
        if (filled > width)
            filled = width;
        fprintf(stderr, "\r%s [", p->label);
        for (int i = 0; i < width; i++)
            fputc(i < filled ? '#' : '.', stderr);
        fprintf(stderr, "] %3.0f%% %s, %s/s, %.0f s left\x1b[K",
                frac * 100, done, speed, left);
    } else {
        fprintf(stderr, "\r%s: %s, %s/s\x1b[K", p->label, done, speed);
    }
    fflush(stderr);
    p->drawn = 1;
    p->last_draw = t;
}

void cli_progress_update(cli_progress *p, uint64_t done)
{
    double t;

    p->done = done;
    if (!p->visible)
        return;
    t = now();
    /* Ten redraws a second at most; the first after a quarter second,
     * so quick work never flashes a bar. */
    if (t - p->started < 0.25 || t - p->last_draw < 0.1)
        return;
    draw(p, t);
}

void cli_progress_finish(cli_progress *p)
{
    if (p->drawn) {
        fputs("\r\x1b[K", stderr);
        fflush(stderr);
        p->drawn = 0;
    }
    if (p->verbose) {
        char done[32];
        format_amount(done, sizeof done, p->unit, (double)p->done);
        fprintf(stderr, "stele: %s: %s in %.3f s\n", p->label, done,
                now() - p->started);
    }
}
