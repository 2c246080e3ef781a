/*
 * cli/progress.h - a progress bar on stderr for long work.
 *
 * Shown only when stderr is a terminal and --quiet was not given, and
 * redrawn at most ten times a second so that it costs nothing on fast
 * work. With --verbose, each stage's wall time is printed when it ends,
 * terminal or not.
 */
#ifndef STELE_CLI_PROGRESS_H
#define STELE_CLI_PROGRESS_H

#include <stdint.h>

typedef struct cli_progress {
    const char *label;   /* "segmenting ru.txt", "importing" */
    const char *unit;    /* "B" for bytes (shown as MB), else a noun */
    uint64_t total;      /* 0 when unknown: no bar, no time left */
    uint64_t done;
    double started;      /* monotonic seconds */
    double last_draw;    /* when the bar was last drawn */
    int visible;         /* drawing on a terminal */
    int drawn;           /* something is on the line now */
    int verbose;         /* print the stage time at the end */
} cli_progress;

/* The tool-wide settings, from --quiet / --verbose. */
void cli_progress_configure(int quiet, int verbose);

void cli_progress_start(cli_progress *p, const char *label, const char *unit,
                        uint64_t total);
void cli_progress_update(cli_progress *p, uint64_t done);
/* Clear the bar; with --verbose print "label: N unit in S s". */
void cli_progress_finish(cli_progress *p);

#endif
