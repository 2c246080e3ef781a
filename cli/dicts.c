/*
 * cli/dicts.c - the bilingual dictionaries "stele align" and "stele
 * review" use, found without being asked for.
 *
 * For each pair of input languages, a file named SRC-TGT.dict (either
 * order; Norwegian as "no" or "nb") is looked for in $STELE_DICT_DIR,
 * then $XDG_DATA_HOME/stele/dict (~/.local/share/stele/dict), then the
 * share/ folder beside the stele binary (in the build tree,
 * build/share/stele/dict, where scripts/dicts.sh puts them; installed,
 * PREFIX/share/stele/dict), then stele's own small core dictionaries
 * (share/stele/dict/core). When a pair has one, the English dictionaries
 * of its two languages come as fallbacks (en-de and en-fr beside de-fr):
 * they give translations only to the words the pair's own dictionary
 * lacks (align/dict.c). When it has none, two through a third language
 * serve (en-ru and en-zh for ru-zh), English first, another only if it
 * is the source side of both, since a dictionary's source words are the
 * concepts that join them. The pairs' own and pivot dictionaries are
 * loaded first, the fallbacks after, so that a dictionary one pair of a
 * three-way alignment needs in full is not a fallback for another.
 * With --verbose each file loaded is named with its load time.
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
#include "progress.h"

/* more than cmd_align.c takes with --dict, plus what is searched */
#define MAX_DICTS 64
#define MAX_PIVOTS 128

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

/* The language written as @p lang in some dictionaries' names and as
 * another tag in others: Norwegian, "no" in ISO 639-1, is "nb"
 * (Bokmål) in FreeDict's and most other data. NULL when none. */
static const char *alias_of(const char *lang)
{
    if (strcmp(lang, "no") == 0)
        return "nb";
    if (strcmp(lang, "nb") == 0)
        return "no";
    return NULL;
}

static int find_exact(char dirs[][PATH_MAX], size_t ndirs, const char *a,
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

/* Path of "a-b.dict" or "b-a.dict" in the first folder that has one,
 * either language also under its alias. */
static int find_dict(char dirs[][PATH_MAX], size_t ndirs, const char *a,
                     const char *b, char *out, size_t size)
{
    const char *aa = alias_of(a), *ab = alias_of(b);

    return find_exact(dirs, ndirs, a, b, out, size) ||
           (aa != NULL && find_exact(dirs, ndirs, aa, b, out, size)) ||
           (ab != NULL && find_exact(dirs, ndirs, a, ab, out, size)) ||
           (aa != NULL && ab != NULL &&
            find_exact(dirs, ndirs, aa, ab, out, size));
}

/* Whether @p lang is the source side of the dictionary at @p path, the
 * side whose words are the concepts (align/dict.c): from its
 * "# stele-dict SRC TGT" line, else from its SRC-TGT.dict name. */
static int is_source_of(const char *path, const char *lang)
{
    FILE *f = fopen(path, "rb");
    char line[128], src[16] = "", tgt[16];
    const char *base = strrchr(path, '/');

    if (f != NULL) {
        if (fgets(line, sizeof line, f) != NULL)
            sscanf(line, "# stele-dict %15[a-zA-Z]", src);
        fclose(f);
    }
    if (src[0] == '\0')
        sscanf(base != NULL ? base + 1 : path, "%15[a-zA-Z]-%15[a-zA-Z]",
               src, tgt);
    for (char *c = src; *c != '\0'; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    return strcmp(src, lang) == 0;
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

/* Dictionaries already loaded, so that none is read twice. */
typedef struct loaded_set {
    char paths[MAX_DICTS][PATH_MAX];
    size_t n;
} loaded_set;

/* Load @p path (once), timed under --verbose: the big dictionaries take
 * a noticeable share of a short alignment. */
static int load(stele_aligner *al, const char *path, const char *src,
                const char *tgt, int fallback, loaded_set *done)
{
    char label[PATH_MAX + 32];
    cli_progress bar;
    int rc;

    for (size_t k = 0; k < done->n; k++)
        if (strcmp(done->paths[k], path) == 0)
            return 0;
    snprintf(label, sizeof label, "%s %s",
             fallback ? "fallback dictionary" : "dictionary", path);
    cli_progress_start(&bar, label, NULL, 0);
    rc = fallback ? stele_aligner_load_fallback_dict(al, path, src, tgt)
                  : stele_aligner_load_dict(al, path, src, tgt);
    cli_progress_finish(&bar);
    if (rc < 0)
        return cli_fail(stele_aligner_error(al));
    if (done->n < MAX_DICTS)
        snprintf(done->paths[done->n++], PATH_MAX, "%s", path);
    return 0;
}

/* Languages of a dictionary file from its name, "en-ru.dict". */
static int langs_from_dict_name(const char *path, char *src, char *tgt)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return sscanf(base, "%15[a-zA-Z]-%15[a-zA-Z].dict", src, tgt) == 2;
}

/* The dictionaries through a third language @p pivot for a-b: both
 * must have the pivot as their source (concept) side. */
static int find_pivot(char dirs[][PATH_MAX], size_t ndirs, const char *a,
                      const char *b, const char *pivot, char *pa, char *pb)
{
    if (strcmp(pivot, a) == 0 || strcmp(pivot, b) == 0)
        return 0;
    return find_dict(dirs, ndirs, a, pivot, pa, PATH_MAX) &&
           find_dict(dirs, ndirs, b, pivot, pb, PATH_MAX) &&
           is_source_of(pa, pivot) && is_source_of(pb, pivot);
}

int cli_load_dictionaries(stele_aligner *al, const char *const *langs,
                          size_t nlangs, const char *const *given,
                          size_t ngiven, int search)
{
    char dirs[10][PATH_MAX];
    size_t ndirs = search ? dict_dirs(dirs, 10) : 0;
    char pivots[MAX_PIVOTS][16];
    size_t npivots = 0;
    /* per pair: its direct dictionary, else two through a pivot; and
     * for a pair with a direct one, the English pivots as fallbacks */
    char (*plan)[3][PATH_MAX] = NULL;
    int *direct = NULL;
    size_t npairs = 0;
    loaded_set *done = calloc(1, sizeof *done);
    int rc = 0;

    if (done == NULL)
        return cli_failf("out of memory");
    for (size_t k = 0; k < ngiven && rc == 0; k++) {
        char src[16], tgt[16];
        int named = langs_from_dict_name(given[k], src, tgt);
        rc = load(al, given[k], named ? src : NULL, named ? tgt : NULL, 0,
                  done);
    }
    if (rc != 0 || ndirs == 0 || nlangs < 2)
        goto out;
    plan = calloc(nlangs * nlangs, sizeof *plan);
    direct = calloc(nlangs * nlangs, sizeof *direct);
    if (plan == NULL || direct == NULL) {
        rc = cli_failf("out of memory");
        goto out;
    }
    /* English first: every language has a dictionary with it */
    snprintf(pivots[npivots++], sizeof pivots[0], "en");
    for (size_t d = 0; d < ndirs; d++)
        npivots = dict_langs_in(dirs[d], pivots, npivots, MAX_PIVOTS);
    for (size_t i = 0; i < nlangs; i++) {
        for (size_t j = i + 1; j < nlangs; j++, npairs++) {
            char a[16], b[16];
            char (*p)[PATH_MAX] = plan[npairs];
            primary(langs[i], a, sizeof a);
            primary(langs[j], b, sizeof b);
            if (find_dict(dirs, ndirs, a, b, p[0], PATH_MAX)) {
                direct[npairs] = 1;
                if (!find_pivot(dirs, ndirs, a, b, "en", p[1], p[2]))
                    p[1][0] = p[2][0] = '\0';
                continue;
            }
            for (size_t k = 0;; k++) {
                if (k == npivots) {
                    p[1][0] = p[2][0] = '\0';
                    break;
                }
                if (find_pivot(dirs, ndirs, a, b, pivots[k], p[1], p[2]))
                    break;
            }
        }
    }
    /* The direct and pivot dictionaries first, then the fallbacks, so
     * that a dictionary one pair needs in full is not taken as another
     * pair's fallback. */
    for (int fallback = 0; fallback < 2 && rc == 0; fallback++) {
        for (size_t k = 0; k < npairs && rc == 0; k++) {
            if (!fallback && direct[k])
                rc = load(al, plan[k][0], NULL, NULL, 0, done);
            for (int m = 1; m < 3 && rc == 0; m++)
                if (plan[k][m][0] != '\0' && fallback == direct[k])
                    rc = load(al, plan[k][m], NULL, NULL, fallback, done);
        }
    }
out:
    free(plan);
    free(direct);
    free(done);
    return rc;
}
