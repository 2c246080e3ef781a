/*
 * stele.h - the whole public API of libstele.
 *
 * If a function does not appear in a header under stele/, it is not part
 * of the published API. Data flows one way:
 *   text -> segment.h -> align.h -> store.h -> tmx.h / search.h
 * and every function follows the error convention of stele/error.h.
 */
#ifndef STELE_H
#define STELE_H

#include "stele/error.h"
#include "stele/segment.h"
#include "stele/align.h"
#include "stele/store.h"
#include "stele/search.h"
#include "stele/tmx.h"

#endif /* STELE_H */
