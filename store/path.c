/*
 * store/path.c - where the translation memory lives by default.
 *
 * Follows the XDG base-directory convention: user data belongs under
 * $XDG_DATA_HOME (default ~/.local/share), in a folder named after the
 * program. $STELE_DB overrides the whole path, for scripts and tests.
 */
#define _POSIX_C_SOURCE 200809L

#include "stele/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Create every missing folder on the way to (and including) @p dir. */
static int make_folders(char *dir, stele_error *err)
{
    for (char *p = dir + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;
            struct stat st;

            *p = '\0';
            if (stat(dir, &st) != 0) {
                if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
                    int e = errno;
                    *p = saved;
                    return stele_error_set(err, STELE_EIO, dir, 0, -1,
                                           "cannot create folder: %s",
                                           strerror(e));
                }
            } else if (!S_ISDIR(st.st_mode)) {
                *p = saved;
                return stele_error_set(err, STELE_EIO, dir, 0, -1,
                                       "not a folder");
            }
            *p = saved;
            if (saved == '\0')
                return STELE_OK;
        }
    }
}

int stele_store_default_path(char *buf, size_t size, int make_dirs,
                             stele_error *err)
{
    const char *env = getenv("STELE_DB");
    const char *data_home = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    int n;

    stele_error_clear(err);
    if (env != NULL && env[0] != '\0') {
        n = snprintf(buf, size, "%s", env);
        if (n < 0 || (size_t)n >= size)
            return stele_error_set(err, STELE_ETOOBIG, NULL, 0, -1,
                                   "STELE_DB is too long");
        return STELE_OK;
    }
    /* The XDG spec says a relative XDG_DATA_HOME is invalid: ignore it. */
    if (data_home != NULL && data_home[0] == '/')
        n = snprintf(buf, size, "%s/stele/stele.db", data_home);
    else if (home != NULL && home[0] != '\0')
        n = snprintf(buf, size, "%s/.local/share/stele/stele.db", home);
    else
        return stele_error_set(err, STELE_ENOTFOUND, NULL, 0, -1,
                               "cannot place the translation memory: "
                               "neither XDG_DATA_HOME nor HOME is set; "
                               "use --db or STELE_DB");
    if (n < 0 || (size_t)n >= size)
        return stele_error_set(err, STELE_ETOOBIG, NULL, 0, -1,
                               "translation memory path is too long");
    if (make_dirs) {
        char *slash = strrchr(buf, '/');
        int rc;

        *slash = '\0';
        rc = make_folders(buf, err);
        *slash = '/';
        return rc;
    }
    return STELE_OK;
}
