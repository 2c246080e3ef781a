/*
 * cli/cmd_review.c - "stele review": one self-contained HTML page to check
 * an alignment by eye.
 *
 * The page has one row per translation unit and one column per language;
 * a line marks where a new paragraph starts; each unit's confidence is a
 * number on a colour from red to green, and units below the threshold
 * are marked. A filter box narrows the rows to those containing a word
 * in any language, and the keys n/p (or j/k) jump between low-confidence
 * units. Nothing is loaded from the network: the CSS and the script are
 * inline, so the file can be mailed or opened offline. The filter can
 * also be set from the address (page.html#filter=word), which is how the
 * browser test drives it.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "progress.h"

const char cmd_review_usage[] =
    "usage: stele review [--db PATH] [--doc ID] [--low X] [-q|-v]\n"
    "                    -o PAGE.html\n"
    "       stele review [--langs L1,L2[,L3]] [--presegmented] [--dict FILE]\n"
    "                    [--low X] [-q|-v] -o PAGE.html FILE FILE [FILE]\n"
    "\n"
    "Write one self-contained HTML page (no network, inline CSS and\n"
    "script) showing an alignment side by side: one row per translation\n"
    "unit, one column per language, paragraph starts marked, each unit's\n"
    "confidence as a number and a colour. Units below the threshold are\n"
    "marked low; in the page, n/p (or j/k) jump between them and the\n"
    "filter box keeps the rows that contain a word in any language.\n"
    "\n"
    "The alignment comes from the translation memory (--doc ID, as listed\n"
    "by 'stele list'; the only document when there is one), or, given\n"
    "FILEs, from aligning them now without storing anything.\n"
    "\n"
    "options:\n"
    "  --db PATH        translation memory (default: $STELE_DB, else\n"
    "                   $XDG_DATA_HOME/stele/stele.db)\n"
    "  --doc ID         the document to show\n"
    "  --low X          confidence below which a unit is low (default 0.5)\n"
    "  --langs LIST     languages of FILEs, in order (else from names,\n"
    "                   else from their text)\n"
    "  --presegmented   FILEs hold one sentence per line\n"
    "  --dict FILE      bilingual dictionary for aligning FILEs\n"
    "  -o, --output F   the page to write (required; - for stdout)\n"
    "  -q, --quiet      no progress bar and no summary line\n"
    "  -v, --verbose    the time each stage took, on standard error\n";

/* Scripts written right to left (BCP 47 primary subtags). */
static int is_rtl(const char *lang)
{
    static const char *const rtl[] = { "ar", "he", "fa", "ur", "yi", "ps",
                                       "sd", "ug", "dv", "ckb", NULL };
    size_t n = strcspn(lang, "-_");

    for (size_t i = 0; rtl[i] != NULL; i++)
        if (strlen(rtl[i]) == n && strncmp(rtl[i], lang, n) == 0)
            return 1;
    return 0;
}

static void put_escaped(FILE *out, const char *text)
{
    for (const char *p = text; *p != '\0'; p++) {
        switch (*p) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        default:
            fputc(*p, out);
        }
    }
}

static const char page_style[] =
    "body{font:15px/1.5 system-ui,'Noto Sans','DejaVu Sans',sans-serif;"
    "margin:0;color:#1d1d1f;background:#f6f7f9}"
    ":lang(zh){font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei',"
    "'PingFang SC','Microsoft YaHei',sans-serif}"
    ":lang(ja){font-family:'Noto Sans CJK JP','Hiragino Sans',"
    "'WenQuanYi Micro Hei',sans-serif}"
    ":lang(ko){font-family:'Noto Sans CJK KR','Malgun Gothic',sans-serif}"
    "header{position:sticky;top:0;background:#fff;padding:.7em 1.2em .6em;"
    "border-bottom:1px solid #d8dce2;box-shadow:0 1px 4px rgba(0,0,0,.06);"
    "z-index:1}"
    "h1{font-size:1.2em;margin:0 0 .45em;font-weight:650}"
    ".bar{display:flex;flex-wrap:wrap;gap:.4em 1.4em;align-items:center;"
    "color:#555;font-size:.92em}"
    "#filter{font:inherit;font-size:1rem;padding:.3em .6em;width:22em;"
    "max-width:70vw;border:1px solid #b8bec8;border-radius:5px}"
    "#filter:focus{outline:2px solid #1a73e8;border-color:#1a73e8}"
    ".scale{display:inline-block;width:7em;height:.8em;border-radius:3px;"
    "vertical-align:middle;margin:0 .3em;background:linear-gradient(90deg,"
    "hsl(0,70%,80%),hsl(60,70%,80%),hsl(120,55%,80%))}"
    "main{padding:0 1.2em 1.2em}"
    "table{border-collapse:collapse;width:100%;table-layout:fixed;"
    "background:#fff;margin-top:.8em;box-shadow:0 0 0 1px #e1e4e8}"
    "th,td{padding:.45em .7em;vertical-align:top;text-align:start;"
    "border-bottom:1px solid #eceef1;overflow-wrap:anywhere}"
    "th{background:#eef0f3;font-weight:600;font-size:.85em;"
    "letter-spacing:.04em;color:#444}"
    "col.n{width:3.6em}col.c{width:4.6em}"
    "td.n{color:#8a8f98;font-size:.82em;text-align:end;"
    "border-left:4px solid transparent}"
    "td.c{font-variant-numeric:tabular-nums;font-size:.88em;"
    "text-align:center;font-weight:600;color:#333}"
    "tr.para td{border-top:2px solid #9aa4b1}"
    "tr.low{background:#fff1ef}"
    "tr.low td.n{border-left-color:#c5221f;color:#c5221f;font-weight:600}"
    "tr.low td.n::after{content:' \\26A0'}"
    "tr.current{outline:3px solid #1a73e8;outline-offset:-3px}"
    "td:empty::before{content:'\\2014';color:#c0c4cc}"
    ".hidden{display:none}"
    "footer{color:#666;font-size:.88em;padding:.2em 1.2em 1.5em}"
    "kbd{border:1px solid #bbb;border-bottom-width:2px;border-radius:3px;"
    "padding:0 .35em;font:.85em ui-monospace,monospace;background:#fafafa}";

/* The page's behaviour: the filter and low-confidence navigation. */
static const char page_script[] =
    "(function(){"
    "var rows=Array.prototype.slice.call("
    "document.querySelectorAll('tbody tr'));"
    "var box=document.getElementById('filter');"
    "var shown=document.getElementById('shown');"
    "var nlow=rows.filter(function(r){"
    "return r.classList.contains('low');}).length;"
    "function apply(){var q=box.value.trim().toLowerCase();var n=0;"
    "rows.forEach(function(r){var hit=!q||"
    "r.textContent.toLowerCase().indexOf(q)>=0;"
    "r.classList.toggle('hidden',!hit);if(hit)n++;});"
    "shown.textContent=n+' of '+rows.length+' units shown, '+nlow+"
    "' low';}"
    "box.addEventListener('input',apply);"
    "var m=/[#&]filter=([^&]*)/.exec(location.hash);"
    "if(m){box.value=decodeURIComponent(m[1]);}"
    "apply();"
    "var cur=-1;"
    "function go(step){var lows=rows.filter(function(r){"
    "return r.classList.contains('low')&&!r.classList.contains('hidden');});"
    "if(!lows.length)return;"
    "var at=lows.indexOf(rows[cur]);"
    "var next=at<0?(step>0?0:lows.length-1):"
    "(at+step+lows.length)%lows.length;"
    "if(cur>=0)rows[cur].classList.remove('current');"
    "cur=rows.indexOf(lows[next]);rows[cur].classList.add('current');"
    "rows[cur].scrollIntoView({block:'center'});}"
    "document.addEventListener('keydown',function(e){"
    "if(e.target===box){if(e.key==='Escape'){box.blur();}return;}"
    "if(e.ctrlKey||e.metaKey||e.altKey)return;"
    "if(e.key==='n'||e.key==='j'){go(1);e.preventDefault();}"
    "else if(e.key==='p'||e.key==='k'){go(-1);e.preventDefault();}"
    "else if(e.key==='/'){box.focus();e.preventDefault();}});"
    "})();";

typedef struct page {
    FILE *out;
    const char *title;
    size_t nlangs;
    char langs[STELE_MAX_LANGS][16];
    double low;                 /* threshold */
    size_t units;               /* rows written */
    size_t lows;                /* rows below the threshold */
    int64_t last_paragraph;     /* paragraph of the previous row */
} page;

static void page_begin(page *pg)
{
    FILE *out = pg->out;

    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
          "<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width\">\n"
          "<meta name=\"generator\" content=\"stele\">\n<title>",
          out);
    put_escaped(out, pg->title);
    fprintf(out, " \xe2\x80\x94 stele review</title>\n<style>%s</style>\n"
                 "</head>\n<body>\n<header>\n<h1>",
            page_style);
    put_escaped(out, pg->title);
    fputs("</h1>\n<div class=\"bar\"><input id=\"filter\" type=\"search\" "
          "placeholder=\"Filter: a word in any language\" "
          "aria-label=\"Filter units\"> <span id=\"shown\"></span>\n"
          "<span>confidence 0<span class=\"scale\"></span>1</span>\n"
          "<span><kbd>n</kbd> <kbd>p</kbd> next/previous low-confidence "
          "unit, <kbd>/</kbd> filter</span></div>\n</header>\n<main>\n"
          "<table id=\"units\">\n<colgroup><col class=\"n\">"
          "<col class=\"c\">",
          out);
    for (size_t k = 0; k < pg->nlangs; k++)
        fputs("<col>", out);
    fputs("</colgroup>\n<thead><tr><th>#</th><th>conf.</th>", out);
    for (size_t k = 0; k < pg->nlangs; k++) {
        fputs("<th>", out);
        put_escaped(out, pg->langs[k]);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
}

/* One row; texts[k] may be NULL or "" for a language without text, and
 * @p paragraph is that of the first language's text, or -1 when the unit
 * has none: such a row neither starts nor ends a paragraph. */
static void page_row(page *pg, int64_t paragraph, double confidence,
                     const char *const *texts)
{
    FILE *out = pg->out;
    int low = confidence < pg->low;
    int para = paragraph >= 0 && pg->last_paragraph >= 0 &&
               paragraph != pg->last_paragraph;
    /* hue 0 (red) at confidence 0 up to 120 (green) at 1 */
    int hue = (int)(confidence * 120.0 + 0.5);

    pg->units++;
    if (low)
        pg->lows++;
    if (paragraph >= 0)
        pg->last_paragraph = paragraph;
    fprintf(out, "<tr id=\"u%zu\" class=\"unit%s%s\" data-confidence="
                 "\"%.3f\"><td class=\"n\">%zu</td><td class=\"c\" "
                 "style=\"background:hsl(%d,65%%,82%%)\">%.2f</td>",
            pg->units, low ? " low" : "", para ? " para" : "", confidence,
            pg->units, hue, confidence);
    for (size_t k = 0; k < pg->nlangs; k++) {
        fprintf(out, "<td lang=\"%s\" dir=\"%s\">", pg->langs[k],
                is_rtl(pg->langs[k]) ? "rtl" : "ltr");
        if (texts[k] != NULL)
            put_escaped(out, texts[k]);
        fputs("</td>", out);
    }
    fputs("</tr>\n", out);
}

static void page_end(page *pg)
{
    fprintf(pg->out,
            "</tbody>\n</table>\n</main>\n<footer>%zu units, %zu below "
            "confidence %.2f. Written by stele.</footer>\n"
            "<script>%s</script>\n"
            "</body>\n</html>\n",
            pg->units, pg->lows, pg->low, page_script);
}

/* ------------------------------------------------------------------ */
/* From the translation memory                                         */
/* ------------------------------------------------------------------ */

typedef struct doc_pick {
    int64_t wanted;      /* 0: the only one */
    int64_t id;          /* found */
    size_t seen;         /* documents listed */
    char title[512];
    size_t nlangs;
    char langs[STELE_MAX_LANGS][16];
} doc_pick;

static int pick_doc(const stele_store_doc *doc, void *payload)
{
    doc_pick *pick = payload;

    pick->seen++;
    if (pick->wanted != 0 && doc->id != pick->wanted)
        return 0;
    pick->id = doc->id;
    snprintf(pick->title, sizeof pick->title, "%s", doc->title);
    pick->nlangs = doc->nlangs < STELE_MAX_LANGS ? doc->nlangs
                                                 : STELE_MAX_LANGS;
    for (size_t k = 0; k < pick->nlangs; k++)
        snprintf(pick->langs[k], sizeof pick->langs[k], "%s",
                 doc->langs[k]);
    return 0;
}

static int store_row(const stele_store_unit *unit, void *payload)
{
    page *pg = payload;
    const char *texts[STELE_MAX_LANGS] = { NULL, NULL, NULL };
    int64_t paragraph = -1;

    /* The unit lists only the languages it has text in: place each in
     * its column. Paragraphs are counted in the first column's language,
     * whose numbering the other versions need not share. */
    for (size_t i = 0; i < unit->nlangs; i++)
        for (size_t k = 0; k < pg->nlangs; k++)
            if (strcmp(unit->langs[i], pg->langs[k]) == 0) {
                texts[k] = unit->texts[i];
                if (k == 0)
                    paragraph = unit->paragraphs[i];
            }
    page_row(pg, paragraph, unit->confidence, texts);
    return 0;
}

static int review_from_store(page *pg, const char *db_option, int64_t doc_id)
{
    char path[4096];
    stele_error err;
    stele_store *store = NULL;
    doc_pick pick;
    stele_unit_filter filter = STELE_UNIT_FILTER_INIT;
    int status = CLI_OK;

    if (cli_store_path(db_option, path, sizeof path, 0, &err) < 0)
        return cli_fail(&err);
    if (stele_store_open(&store, path, STELE_STORE_READONLY) < 0) {
        status = cli_fail(stele_store_error(store));
        goto done;
    }
    memset(&pick, 0, sizeof pick);
    pick.wanted = doc_id;
    if (stele_store_docs_each(store, pick_doc, &pick) < 0) {
        status = cli_fail(stele_store_error(store));
        goto done;
    }
    if (pick.id == 0) {
        if (doc_id != 0)
            status = cli_failf("%s: no document %lld (see 'stele list')",
                               path, (long long)doc_id);
        else
            status = cli_failf("%s: the translation memory is empty", path);
        goto done;
    }
    if (doc_id == 0 && pick.seen > 1) {
        status = cli_failf("%s: holds %zu documents; choose one with --doc "
                           "ID (see 'stele list')",
                           path, pick.seen);
        goto done;
    }
    pg->title = pick.title;
    pg->nlangs = pick.nlangs;
    memcpy(pg->langs, pick.langs, sizeof pg->langs);
    page_begin(pg);
    filter.doc_id = pick.id;
    filter.keep_single = 1;
    if (stele_store_units_each(store, &filter, store_row, pg) < 0) {
        status = cli_fail(stele_store_error(store));
        goto done;
    }
    page_end(pg);
done:
    stele_store_close(store);
    return status;
}

/* ------------------------------------------------------------------ */
/* From files, aligned now                                             */
/* ------------------------------------------------------------------ */

/* The unit's sentences of document k, joined by a space, or by nothing
 * for scripts written without spaces. */
static char *join_sentences(const stele_document *doc, const stele_unit *u,
                            size_t k)
{
    const char *lang = stele_document_lang(doc);
    int spaced = strncmp(lang, "zh", 2) != 0 && strncmp(lang, "ja", 2) != 0;
    size_t size = 1;
    char *text;
    char *p;

    for (uint32_t j = 0; j < u->count[k]; j++)
        size += stele_document_sentence(doc, u->first[k] + j)->length + 1;
    text = malloc(size);
    if (text == NULL)
        return NULL;
    p = text;
    for (uint32_t j = 0; j < u->count[k]; j++) {
        const stele_sentence *s = stele_document_sentence(doc, u->first[k] + j);
        if (j > 0 && spaced)
            *p++ = ' ';
        memcpy(p, s->text, s->length);
        p += s->length;
    }
    *p = '\0';
    return text;
}

static int review_from_files(page *pg, char **files, size_t nfiles,
                             const char *langs_option, int presegmented,
                             const char *dict)
{
    char langs[STELE_MAX_LANGS][16];
    char title[256];
    stele_document *docs[STELE_MAX_LANGS] = { NULL, NULL, NULL };
    stele_aligner *aligner = NULL;
    stele_alignment *alignment = NULL;
    cli_progress bar;
    int status = CLI_OK;
    int rc;

    if (langs_option != NULL) {
        if (cli_split_langs(langs_option, langs, STELE_MAX_LANGS) !=
            (int)nfiles)
            return cli_usage_error("review", "--langs must name one valid "
                                             "language per file");
    } else {
        for (size_t k = 0; k < nfiles; k++)
            if (cli_lang_of_file(files[k], langs[k], sizeof langs[k]) < 0)
                return cli_usage_error("review",
                                       "cannot tell the language of '%s' "
                                       "from its name or its text; use "
                                       "--langs",
                                       files[k]);
    }
    for (size_t k = 0; k < nfiles; k++) {
        status = cli_segment_document(
            files[k], langs[k],
            presegmented ? STELE_INPUT_LINES : STELE_INPUT_AUTO, 0, &docs[k]);
        if (status != CLI_OK)
            goto done;
        status = cli_check_document(docs[k], files[k], langs_option != NULL);
        if (status != CLI_OK)
            goto done;
    }
    if (stele_aligner_open(&aligner, NULL) < 0) {
        status = aligner != NULL ? cli_fail(stele_aligner_error(aligner))
                                 : cli_failf("out of memory");
        goto done;
    }
    {
        /* the dictionaries stele align would use, so that the page shows
         * the alignment align gives */
        const char *langs_of[STELE_MAX_LANGS];
        for (size_t k = 0; k < nfiles; k++)
            langs_of[k] = langs[k];
        status = cli_load_dictionaries(aligner, langs_of, nfiles,
                                       dict != NULL ? &dict : NULL,
                                       dict != NULL ? 1 : 0, 1);
        if (status != CLI_OK)
            goto done;
    }
    cli_progress_start(&bar, "aligning", NULL, 0);
    stele_aligner_set_progress(aligner, cli_progress_steps, &bar);
    rc = stele_align(aligner, (const stele_document *const *)docs, nfiles,
                     &alignment);
    cli_progress_finish(&bar);
    if (rc < 0) {
        status = cli_fail(stele_aligner_error(aligner));
        goto done;
    }
    pg->title = cli_default_title(docs[0], files[0], title, sizeof title);
    pg->nlangs = nfiles;
    memcpy(pg->langs, langs, sizeof pg->langs);
    page_begin(pg);
    for (size_t i = 0; i < stele_alignment_count(alignment); i++) {
        const stele_unit *u = stele_alignment_unit(alignment, i);
        char *texts[STELE_MAX_LANGS] = { NULL, NULL, NULL };
        int64_t paragraph = -1;

        for (size_t k = 0; k < nfiles; k++) {
            if (u->count[k] == 0)
                continue;
            if (paragraph < 0 && k == 0)
                paragraph =
                    stele_document_sentence(docs[k], u->first[k])->paragraph;
            texts[k] = join_sentences(docs[k], u, k);
            if (texts[k] == NULL) {
                for (size_t j = 0; j < k; j++)
                    free(texts[j]);
                status = cli_failf("out of memory");
                goto done;
            }
        }
        page_row(pg, paragraph, u->confidence, (const char *const *)texts);
        for (size_t k = 0; k < nfiles; k++)
            free(texts[k]);
    }
    page_end(pg);
done:
    stele_alignment_free(alignment);
    stele_aligner_close(aligner);
    for (size_t k = 0; k < STELE_MAX_LANGS; k++)
        stele_document_free(docs[k]);
    return status;
}

int cmd_review(int argc, char **argv)
{
    cli_args args;
    const char *db = NULL;
    const char *doc_text = NULL;
    const char *low_text = NULL;
    const char *langs = NULL;
    const char *dict = NULL;
    const char *output = NULL;
    int presegmented = 0;
    char *files[STELE_MAX_LANGS + 1];
    size_t nfiles = 0;
    size_t doc_id = 0;
    char partial[4096];
    page pg;
    int status;

    memset(&pg, 0, sizeof pg);
    pg.low = 0.5;
    pg.last_paragraph = -1;
    cli_args_init(&args, argc, argv);
    while (cli_args_next(&args)) {
        if (cli_progress_option(&args))
            continue;
        if (cli_args_value(&args, "--db", NULL, &db) ||
            cli_args_value(&args, "--doc", NULL, &doc_text) ||
            cli_args_value(&args, "--low", NULL, &low_text) ||
            cli_args_value(&args, "--langs", NULL, &langs) ||
            cli_args_value(&args, "--dict", NULL, &dict) ||
            cli_args_value(&args, "--output", "-o", &output))
            continue;
        if (cli_args_flag(&args, "--presegmented", NULL)) {
            presegmented = 1;
            continue;
        }
        if (!args.positional) {
            cli_args_unknown(&args);
            break;
        }
        if (nfiles == STELE_MAX_LANGS)
            return cli_usage_error("review", "at most %d files",
                                   STELE_MAX_LANGS);
        files[nfiles++] = (char *)args.arg;
    }
    if (args.error)
        return CLI_USAGE;
    if (output == NULL)
        return cli_usage_error("review", "needs -o PAGE.html");
    if (doc_text != NULL &&
        (cli_parse_size(doc_text, &doc_id) < 0 || doc_id == 0))
        return cli_usage_error("review", "--doc takes a document id");
    if (low_text != NULL && cli_parse_double(low_text, 0, 1, &pg.low) < 0)
        return cli_usage_error("review", "--low takes a number in [0, 1]");
    if (nfiles == 1)
        return cli_usage_error("review", "give two or three files, or none "
                                         "to read the translation memory");
    if (nfiles > 0 && doc_text != NULL)
        return cli_usage_error("review", "--doc and FILEs exclude each "
                                         "other");
    for (size_t k = 0; k < nfiles; k++)
        for (size_t j = 0; j < k; j++)
            if (cli_same_file(files[j], files[k]))
                return cli_usage_error("review", "%s and %s are the same "
                                                 "file",
                                       files[j], files[k]);

    /* The page is written beside its place and renamed there once
     * whole: a failure leaves an earlier page as it was. */
    if (strcmp(output, "-") == 0) {
        pg.out = stdout;
    } else {
        int fd;
        mode_t mask;

        if (strlen(output) + 8 > sizeof partial)
            return cli_failf("%s: the path is too long", output);
        snprintf(partial, sizeof partial, "%s.XXXXXX", output);
        fd = mkstemp(partial);
        if (fd < 0)
            return cli_failf("%s: cannot write: %s", output,
                             strerror(errno));
        mask = umask(0);
        umask(mask);
        if (fchmod(fd, 0666 & ~mask) != 0 ||
            (pg.out = fdopen(fd, "w")) == NULL) {
            status = cli_failf("%s: cannot write: %s", output,
                               strerror(errno));
            close(fd);
            remove(partial);
            return status;
        }
    }
    if (nfiles > 0)
        status = review_from_files(&pg, files, nfiles, langs, presegmented,
                                   dict);
    else
        status = review_from_store(&pg, db, (int64_t)doc_id);
    if (pg.out != stdout) {
        if (fclose(pg.out) != 0 && status == CLI_OK)
            status = cli_failf("%s: cannot write: %s", output,
                               strerror(errno));
        if (status == CLI_OK && rename(partial, output) != 0)
            status = cli_failf("%s: cannot write: %s", output,
                               strerror(errno));
        if (status != CLI_OK)
            remove(partial);
    } else if (fflush(stdout) != 0 && status == CLI_OK) {
        status = cli_failf("standard output: cannot write");
    }
    if (status == CLI_OK && pg.out != stdout && !cli_progress_quiet())
        fprintf(stderr, "stele: wrote %s: %zu units, %zu low\n", output,
                pg.units, pg.lows);
    return status;
}
