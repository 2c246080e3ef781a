/*
 * tests/tmx_check.h - what the TMX tests check files with: reading one
 * whole, leaving its dates out, validating it against the TMX 1.4b DTD.
 */
#ifndef STELE_TESTS_TMX_CHECK_H
#define STELE_TESTS_TMX_CHECK_H

#include <stddef.h>

/* The whole file, NUL-terminated and malloc'ed; NULL when unreadable. */
char *tmx_check_read(const char *path);

/* @p text without its creationdate="..." attributes, in place. */
char *tmx_check_strip_dates(char *text);

/* 1 when @p path validates against the DTD at @p dtd_path, 0 when it
 * does not, -1 when the DTD is absent (which is said once, on stdout). */
int tmx_check_dtd(const char *path, const char *dtd_path);

/* A "billion laughs" TMX file into @p buf (at least 4 KiB): ten levels
 * of ten entity references, 10^9 "lol"s in its one <seg>. Returns its
 * length. */
size_t tmx_check_billion_laughs(char *buf, size_t size);

#endif
