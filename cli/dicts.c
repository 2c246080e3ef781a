/*
 * cli/dicts.c - the bilingual dictionaries "stele align" and "stele
 * review" use, found without being asked for.
 *
 * For each pair of input languages, a file named SRC-TGT.dict (either
 * order) is looked for in $STELE_DICT_DIR, then $XDG_DATA_HOME/stele/dict
 * (~/.local/share/stele/dict), then the share/ folder beside the stele
 * binary (in the build tree, build/share/stele/dict, where
 * scripts/dicts.sh puts them; installed, PREFIX/share/stele/dict). When a
 * pair has no dictionary of its own, two through a third language (en-ru
 * and en-zh for ru-zh) serve. stele's own small core dictionaries
 * (share/stele/dict/core) come last, for pairs no larger one covers.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define MAX_DICTS 16

static void primary(const char *tag, char *out, size_t size)
{
    size_t n = 0;
    while (tag[n] != '\0' && tag[n] != '-' && tag[n] != '_' && n + 1 < size) {
        out[n] = tag[n] >= 'A' && tag[n] <= 'Z' ? (char)(tag[n] + 32)
                                                : tag[n];
        n++;
    }
    out[n] = '\0';
}

/* Folders searched for dictionaries, most specific first. */
static size_t dict_dirs(char dirs[][PATH_MAX], size_t max)
{
    size_t n = 0;
    const char *env = getenv("STELE_DICT_DIR");
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    char exe[PATH_MAX];
    ssize_t len;

    if (env != NULL && *env != '\0' && n < max)
        snprintf(dirs[n++], PATH_MAX, "%s", env);
    if (xdg != NULL && xdg[0] == '/' && n < max)
        snprintf(dirs[n++], PATH_MAX, "%s/stele/dict", xdg);
    else if (home != NULL && *home != '\0' && n < max)
        snprintf(dirs[n++], PATH_MAX, "%s/.local/share/stele/dict", home);
    len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        char *slash;
        exe[len] = '\0';
        slash = strrchr(exe, '/');
        if (slash != NULL) {
            *slash = '\0';
            /* the build tree (build/stele, build/share/...) */
            if (n < max)
                snprintf(dirs[n++], PATH_MAX, "%.3800s/share/stele/dict",
                         exe);
            /* an installation (prefix/bin/stele, prefix/share/...) */
            if (n < max)
                snprintf(dirs[n++], PATH_MAX, "%.3800s/../share/stele/dict",
                         exe);
            /* stele's own small dictionaries, last */
            if (n < max)
                snprintf(dirs[n++], PATH_MAX,
                         "%.3800s/share/stele/dict/core", exe);
            if (n < max)
                snprintf(dirs[n++], PATH_MAX,
                         "%.3800s/../share/stele/dict/core", exe);
        }
    }
    return n;
}

/* Path of "a-b.dict" or "b-a.dict" in the first folder that has one. */
static int find_dict(char dirs[][PATH_MAX], size_t ndirs, const char *a,
                     const char *b, char *out, size_t size)
{
    for (size_t d = 0; d < ndirs; d++) {
        for (int order = 0; order < 2; order++) {
            struct stat st;
            snprintf(out, size, "%.3800s/%s-%s.dict", dirs[d],
                     order ? b : a, order ? a : b);
            if (stat(out, &st) == 0 && S_ISREG(st.st_mode))
                return 1;
        }
    }
    return 0;
}

/* Languages present in a folder's dictionaries, for pivots. */
static size_t dict_langs_in(const char *dir, char langs[][16], size_t n,
                            size_t max)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (d == NULL)
        return n;
    while ((e = readdir(d)) != NULL) {
        char a[16], b[16];
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".dict") != 0)
            continue;
        if (sscanf(e->d_name, "%15[a-z]-%15[a-z].dict", a, b) != 2)
            continue;
        for (int k = 0; k < 2; k++) {
            const char *l = k ? b : a;
            size_t i;
            for (i = 0; i < n; i++)
                if (strcmp(langs[i], l) == 0)
                    break;
            if (i == n && n < max)
                snprintf(langs[n++], 16, "%s", l);
        }
    }
    closedir(d);
    return n;
}

static int load(stele_aligner *al, const char *path, const char *src,
                const char *tgt, char loaded[][PATH_MAX], size_t *nloaded)
{
    for (size_t k = 0; k < *nloaded; k++)
        if (strcmp(loaded[k], path) == 0)
            return 0;
    if (stele_aligner_load_dict(al, path, src, tgt) < 0)
        return cli_fail(stele_aligner_error(al));
    if (*nloaded < MAX_DICTS)
        snprintf(loaded[(*nloaded)++], PATH_MAX, "%s", path);
    return 0;
}

/* Languages of a dictionary file from its name, "en-ru.dict". */
static int langs_from_dict_name(const char *path, char *src, char *tgt)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return sscanf(base, "%15[a-zA-Z]-%15[a-zA-Z].dict", src, tgt) == 2;
}

int cli_load_dictionaries(stele_aligner *al, const char *const *langs,
                          size_t nlangs, const char *const *given,
                          size_t ngiven, int search)
{
    char dirs[10][PATH_MAX];
    char loaded[MAX_DICTS][PATH_MAX];
    size_t ndirs = search ? dict_dirs(dirs, 10) : 0, nloaded = 0;
    char path[PATH_MAX];

    for (size_t k = 0; k < ngiven; k++) {
        char src[16], tgt[16];
        int named = langs_from_dict_name(given[k], src, tgt);
        int rc = load(al, given[k], named ? src : NULL, named ? tgt : NULL,
                      loaded, &nloaded);
        if (rc != 0)
            return rc;
    }
    for (size_t i = 0; i < nlangs; i++) {
        for (size_t j = i + 1; j < nlangs; j++) {
            char a[16], b[16], pivots[32][16];
            size_t npivots = 0;
            primary(langs[i], a, sizeof a);
            primary(langs[j], b, sizeof b);
            if (find_dict(dirs, ndirs, a, b, path, sizeof path)) {
                int rc = load(al, path, NULL, NULL, loaded, &nloaded);
                if (rc != 0)
                    return rc;
                continue;
            }
            for (size_t d = 0; d < ndirs; d++)
                npivots = dict_langs_in(dirs[d], pivots, npivots, 32);
            for (size_t p = 0; p < npivots; p++) {
                char pa[PATH_MAX], pb[PATH_MAX];
                if (strcmp(pivots[p], a) == 0 || strcmp(pivots[p], b) == 0)
                    continue;
                if (find_dict(dirs, ndirs, a, pivots[p], pa, sizeof pa) &&
                    find_dict(dirs, ndirs, b, pivots[p], pb, sizeof pb)) {
                    int rc = load(al, pa, NULL, NULL, loaded, &nloaded);
                    if (rc == 0)
                        rc = load(al, pb, NULL, NULL, loaded, &nloaded);
                    if (rc != 0)
                        return rc;
                    break;
                }
            }
        }
    }
    return 0;
}
