/*
 * tests/fake_alignment.h - build a stele_alignment by hand, for the store
 * tests, while align/ is not in the tree (see fake_alignment.c).
 */
#ifndef STELE_TESTS_FAKE_ALIGNMENT_H
#define STELE_TESTS_FAKE_ALIGNMENT_H

#include <stele.h>

stele_alignment *fake_alignment_make(size_t ndocs, const char *const *langs,
                                     const stele_unit *units, size_t count);
void fake_alignment_free(stele_alignment *a);

#endif
