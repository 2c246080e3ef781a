/*
 * cli/progress.h - a progress bar on stderr for long work.
 *
 * Shown only when stderr is a terminal and --quiet was not given, after
 * the work has gone on for a quarter of a second (STELE_PROGRESS_DELAY
 * seconds; 0 shows it at once), and redrawn ten times a second or when
 * another whole percent is done, so that it costs nothing and never
 * clutters a log. It shows the share done, the rate and the time left;
 * in colour only where cli_color_stderr() allows. With --verbose, each
 * stage's wall time is printed when it ends, terminal or not.
 */
#ifndef STELE_CLI_PROGRESS_H
#define STELE_CLI_PROGRESS_H

#include <stdint.h>

#include "cli.h"

typedef struct cli_progress {
    const char *label;   /* "segmenting ru.txt", "aligning" */
    const char *unit;    /* "B" for bytes (shown as MB), a noun, or NULL
                            for work without a unit worth naming (only
                            the share and the time left are shown) */
    uint64_t total;      /* 0 when unknown: no bar, no time left */
    uint64_t done;
    double started;      /* monotonic seconds */
    double last_draw;    /* when the bar was last drawn */
    int percent;         /* the whole percent last drawn, -1 unknown */
    double delay;        /* seconds before the first draw */
    int visible;         /* drawing on a terminal */
    int color;           /* colour allowed on stderr */
    int drawn;           /* something is on the line now */
    int verbose;         /* print the stage time at the end */
} cli_progress;

/* The tool-wide settings, from --quiet / --verbose. */
void cli_progress_configure(int quiet, int verbose);

/* Whether --quiet was given: informational lines are left out too. */
int cli_progress_quiet(void);

/*
 * Take -q/--quiet or -v/--verbose at the current argument of @p args
 * and apply it (cli_progress_configure); returns 1 when it was one of
 * them. For the option loops of the long-running commands.
 */
int cli_progress_option(cli_args *args);

void cli_progress_start(cli_progress *p, const char *label, const char *unit,
                        uint64_t total);
void cli_progress_update(cli_progress *p, uint64_t done);
/* Clear the bar; with --verbose print "stele: label: N unit in S s". */
void cli_progress_finish(cli_progress *p);

/* A stele_progress_fn (stele_aligner_set_progress) driving the bar
 * given as @p payload. */
void cli_progress_steps(uint64_t done, uint64_t total, void *payload);

/* The size of the file at @p path ("-": standard input), for a bar's
 * total; 0 when it is not a regular file (a pipe, a terminal). */
uint64_t cli_input_size(const char *path);

#endif
