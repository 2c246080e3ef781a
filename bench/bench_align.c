/*
 * bench/bench_align.c - time, memory and accuracy of the aligner as the
 * documents grow: 1,000, 10,000 and 100,000 sentences per side.
 *
 * The documents are generated: an "English" side of sentences drawn from
 * a small vocabulary (names, numbers, common words), and a "Russian" side
 * that translates it word by word into Cyrillic pseudo-words with noise
 * in length, and that merges, splits, drops and adds sentences as real
 * translations do. The generator knows the true beads, so the bench also
 * prints strict F1. Each size runs in a child process so that its peak
 * memory (getrusage of the children, ru_maxrss) is its own; time is reported per thousand
 * sentences against the 1,000-sentence run, so linear growth shows as a
 * ratio near 1 whatever the machine.
 *
 * usage: bench_align [MAX_SENTENCES]   (default 100000)
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <stele.h>

static const char *const words[] = {
    "the",     "government", "said",     "on",       "city",    "water",
    "river",   "president",  "Moscow",   "Putin",    "market",  "price",
    "summit",  "security",   "weapons",  "and",      "army",    "new",
    "old",     "school",     "children", "doctor",   "Ivanov",  "Petrova",
    "railway", "station",    "minister", "report",   "plan",    "village",
    "a",       "of",         "to",       "in",       "was",     "will"};
#define NWORDS (sizeof words / sizeof words[0])

static uint64_t rng = 88172645463325252ULL;
static unsigned next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 11);
}

/* A pseudo-Russian rendering of a word: same letters, Cyrillic, with a
 * case ending, so that transliteration can still find names. */
static void translate_word(const char *w, char *out, size_t size)
{
    static const char *const cyr[26] = {
        "а", "б", "к", "д", "е", "ф", "г", "х", "и", "й", "к", "л", "м",
        "н", "о", "п", "к", "р", "с", "т", "у", "в", "в", "кс", "ы", "з"};
    size_t n = 0;
    for (const char *p = w; *p != '\0' && n + 8 < size; p++) {
        char c = *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p;
        if (c >= 'a' && c <= 'z') {
            const char *s = cyr[c - 'a'];
            size_t l = strlen(s);
            memcpy(out + n, s, l);
            n += l;
        }
    }
    if (next_rand() % 3 == 0 && n + 4 < size) {
        memcpy(out + n, "ом", 4);
        n += 4;
    }
    out[n] = '\0';
}

typedef struct gen {
    stele_document *a, *b;
    char *gold; /* bead text */
    size_t gold_len, gold_cap;
} gen;

static void gold_add(gen *g, size_t a0, size_t na, size_t b0, size_t nb)
{
    char line[128];
    int n = 0;
    n += snprintf(line + n, sizeof line - (size_t)n, "[");
    for (size_t k = 0; k < na; k++)
        n += snprintf(line + n, sizeof line - (size_t)n, k ? ",%zu" : "%zu",
                      a0 + k);
    n += snprintf(line + n, sizeof line - (size_t)n, "]:[");
    for (size_t k = 0; k < nb; k++)
        n += snprintf(line + n, sizeof line - (size_t)n, k ? ",%zu" : "%zu",
                      b0 + k);
    n += snprintf(line + n, sizeof line - (size_t)n, "]\n");
    if (g->gold_len + (size_t)n + 1 > g->gold_cap) {
        g->gold_cap = g->gold_cap ? g->gold_cap * 2 : 1 << 16;
        g->gold = realloc(g->gold, g->gold_cap);
    }
    memcpy(g->gold + g->gold_len, line, (size_t)n);
    g->gold_len += (size_t)n;
}

/* One source sentence of 6-25 words, and its translation. */
static void sentence(char *src, size_t ssize, char *tgt, size_t tsize)
{
    size_t ns = 0, nt = 0, len = 6 + next_rand() % 20;
    for (size_t k = 0; k < len; k++) {
        char tw[64];
        const char *w = words[next_rand() % NWORDS];
        char num[16];
        if (next_rand() % 15 == 0) {
            snprintf(num, sizeof num, "%u", next_rand() % 5000);
            w = num;
            snprintf(tw, sizeof tw, "%s", num);
        } else {
            translate_word(w, tw, sizeof tw);
        }
        ns += (size_t)snprintf(src + ns, ssize - ns, "%s%s", k ? " " : "", w);
        if (next_rand() % 8 != 0) /* translations lose some words */
            nt += (size_t)snprintf(tgt + nt, tsize - nt, "%s%s",
                                   nt ? " " : "", tw);
    }
    snprintf(src + ns, ssize - ns, ".");
    snprintf(tgt + nt, tsize - nt, ".");
}

static void generate(gen *g, size_t n)
{
    size_t ia = 0, ib = 0;
    memset(g, 0, sizeof *g);
    stele_document_new(&g->a, "en", "a");
    stele_document_new(&g->b, "ru", "b");
    while (ia < n) {
        char s1[1024], t1[2048], s2[1024], t2[2048], joined[4096];
        unsigned r = next_rand() % 100;
        sentence(s1, sizeof s1, t1, sizeof t1);
        if (r < 85) { /* 1-1 */
            stele_document_append(g->a, s1, strlen(s1), 0, 0, 0);
            stele_document_append(g->b, t1, strlen(t1), 0, 0, 0);
            gold_add(g, ia++, 1, ib++, 1);
        } else if (r < 92) { /* 2-1: two sentences joined */
            sentence(s2, sizeof s2, t2, sizeof t2);
            snprintf(joined, sizeof joined, "%.2000s %.2000s", t1, t2);
            stele_document_append(g->a, s1, strlen(s1), 0, 0, 0);
            stele_document_append(g->a, s2, strlen(s2), 0, 0, 0);
            stele_document_append(g->b, joined, strlen(joined), 0, 0, 0);
            gold_add(g, ia, 2, ib++, 1);
            ia += 2;
        } else if (r < 98) { /* 1-2: one sentence split */
            sentence(s2, sizeof s2, t2, sizeof t2);
            snprintf(joined, sizeof joined, "%.2000s %.2000s", s1, s2);
            stele_document_append(g->a, joined, strlen(joined), 0, 0, 0);
            stele_document_append(g->b, t1, strlen(t1), 0, 0, 0);
            stele_document_append(g->b, t2, strlen(t2), 0, 0, 0);
            gold_add(g, ia++, 1, ib, 2);
            ib += 2;
        } else if (r < 99) { /* 1-0 */
            stele_document_append(g->a, s1, strlen(s1), 0, 0, 0);
            gold_add(g, ia++, 1, 0, 0);
        } else { /* 0-1 */
            stele_document_append(g->b, t1, strlen(t1), 0, 0, 0);
            gold_add(g, 0, 0, ib++, 1);
        }
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Child: generate, align, score; write "seconds f1" to fd. */
static int run(size_t n, int fd)
{
    gen g;
    stele_aligner *al = NULL;
    stele_alignment *res = NULL;
    stele_beads *gold = NULL, *pred = NULL;
    stele_eval_result ev;
    stele_error err;
    const stele_document *docs[2];
    double t0, t1;
    char line[128];
    int len;

    generate(&g, n);
    docs[0] = g.a;
    docs[1] = g.b;
    stele_aligner_open(&al, NULL);
    t0 = now();
    if (stele_align(al, docs, 2, &res) < 0) {
        fprintf(stderr, "align: %s\n", stele_aligner_error(al)->message);
        return 1;
    }
    t1 = now();
    if (stele_beads_parse(&gold, g.gold, g.gold_len, "gold", &err) < 0 ||
        stele_beads_from_alignment(&pred, res, &err) < 0 ||
        stele_eval(gold, pred, 0, 1, &ev, &err) < 0) {
        fprintf(stderr, "eval: %s\n", err.message);
        return 1;
    }
    len = snprintf(line, sizeof line, "%.6f %.4f %zu %zu\n", t1 - t0,
                   ev.strict.f1, stele_document_count(g.a),
                   stele_document_count(g.b));
    if (write(fd, line, (size_t)len) != len)
        return 1;
    stele_beads_free(gold);
    stele_beads_free(pred);
    stele_alignment_free(res);
    stele_aligner_close(al);
    stele_document_free(g.a);
    stele_document_free(g.b);
    free(g.gold);
    return 0;
}

int main(int argc, char **argv)
{
    size_t max = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 100000;
    double base = 0;

    printf("%-9s %-9s %9s %12s %10s %9s %8s\n", "sentences", "(b side)",
           "seconds", "s/1k sents", "vs 1k run", "peak MiB", "strict F1");
    for (size_t n = 1000; n <= max; n *= 10) {
        int fds[2];
        pid_t pid;
        int status;
        struct rusage ru;
        char buf[128] = {0};
        double secs, f1;
        size_t na, nb;

        if (pipe(fds) < 0)
            return 1;
        pid = fork();
        if (pid == 0) {
            close(fds[0]);
            _exit(run(n, fds[1]));
        }
        close(fds[1]);
        if (read(fds[0], buf, sizeof buf - 1) <= 0) {
            fprintf(stderr, "bench_align: the %zu-sentence run failed\n", n);
            return 1;
        }
        close(fds[0]);
        /* ru_maxrss of the children is the largest child so far; the runs
         * grow, so it is this one's */
        if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
            WEXITSTATUS(status) != 0 || getrusage(RUSAGE_CHILDREN, &ru) < 0)
            return 1;
        sscanf(buf, "%lf %lf %zu %zu", &secs, &f1, &na, &nb);
        if (base == 0)
            base = secs / (double)na * 1000.0;
        printf("%-9zu %-9zu %9.3f %12.4f %10.2f %9.1f %8.4f\n", na, nb,
               secs, secs / (double)na * 1000.0,
               secs / (double)na * 1000.0 / base,
               (double)ru.ru_maxrss / 1024.0, f1);
        fflush(stdout);
    }
    return 0;
}
