/*
 * stele/progress.h - how long work tells how far it has got.
 *
 * The aligner (stele_aligner_set_progress) and the TMX exchange (the
 * progress fields of their options) call a stele_progress_fn as they
 * go, so that a caller can draw a progress bar. The calls cost little:
 * they come every so many steps, not on every step.
 */
#ifndef STELE_PROGRESS_H
#define STELE_PROGRESS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Progress of long work: @p done steps of @p total (0 when the total is
 * not known, as for a TMX read from a pipe). What a step is belongs to
 * the caller of the callback (sentences and rows for the aligner, bytes
 * for an import, units for an export). @p done never decreases.
 */
typedef void (*stele_progress_fn)(uint64_t done, uint64_t total,
                                  void *payload);

#ifdef __cplusplus
}
#endif

#endif /* STELE_PROGRESS_H */
