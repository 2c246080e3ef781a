/*
 * cli/cmd_segment.c - "stele segment [FILE|-]": text to sentences.
 *
 * Streams: each sentence is printed as the segmenter hands it out, so a
 * book of hundreds of megabytes goes through in bounded memory.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "progress.h"

const char cmd_segment_usage[] =
    "usage: stele segment [--lang L] [--format lines|json] [--paragraphs]\n"
    "                     [--input auto|text|html|lines]\n"
    "                     [--max-paragraph BYTES] [-q|-v] [FILE|-]\n"
    "\n"
    "Split FILE (or standard input, \"-\" or no FILE) into sentences.\n"
    "The input is UTF-8 text (a BOM is skipped), UTF-16 with a BOM, or\n"
    "HTML (by name or content); --input lines takes text that is already\n"
    "one sentence per line. The language comes from --lang, else from a\n"
    "\".LL.\" part of the file name (article.ru.txt), else from the text\n"
    "itself (with a warning that names the guess).\n"
    "\n"
    "options:\n"
    "  --lang L              language (ICU locale or BCP 47 tag: en, ru, zh)\n"
    "  --format lines|json   one sentence per line (default), or one JSON\n"
    "                        object per line: text, paragraph, start, end\n"
    "                        (byte offsets in the input)\n"
    "  --paragraphs          with lines: a blank line between paragraphs\n"
    "  --input FORMAT        auto (default), text, html or lines\n"
    "  --max-paragraph BYTES the largest paragraph accepted (default\n"
    "                        16 MiB)\n"
    "  -q, --quiet           no progress bar\n"
    "  -v, --verbose         the time segmenting took, on standard error\n"
    "\n"
    "On a terminal, a progress bar on standard error shows how much of\n"
    "FILE has been read.\n";

/* Letters per sentence, and in all, sampled for the script check. */
#define SCRIPT_SAMPLE_SENTENCE 256
#define SCRIPT_SAMPLE 4096

typedef struct printer {
    int json;
    int paragraphs;
    int any;
    uint32_t paragraph;
    stele_script_tally tally; /* the first letters, by script */
    cli_progress bar;   /* over the bytes of the input */
} printer;

static void put_json_string(const char *s, size_t len)
{
    putchar('"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        switch (c) {
        case '"':
            fputs("\\\"", stdout);
            break;
        case '\\':
            fputs("\\\\", stdout);
            break;
        case '\n':
            fputs("\\n", stdout);
            break;
        case '\r':
            fputs("\\r", stdout);
            break;
        case '\t':
            fputs("\\t", stdout);
            break;
        default:
            if (c < 0x20)
                printf("\\u%04x", c);
            else
                putchar(c);
        }
    }
    putchar('"');
}

static int print_sentence(const stele_sentence *s, void *payload)
{
    printer *p = payload;

    if (p->json) {
        fputs("{\"text\":", stdout);
        put_json_string(s->text, s->length);
        printf(",\"paragraph\":%u,\"start\":%llu,\"end\":%llu}\n",
               (unsigned)s->paragraph, (unsigned long long)s->start,
               (unsigned long long)s->end);
    } else {
        if (p->paragraphs && p->any && s->paragraph != p->paragraph)
            putchar('\n');
        fwrite(s->text, 1, s->length, stdout);
        putchar('\n');
    }
    if (p->tally.letters < SCRIPT_SAMPLE)
        stele_script_tally_add(&p->tally, s->text, s->length,
                               SCRIPT_SAMPLE_SENTENCE);
    p->any = 1;
    p->paragraph = s->paragraph;
    cli_progress_update(&p->bar, s->end);
    return ferror(stdout) ? 1 : 0;
}

int cmd_segment(int argc, char **argv)
{
    cli_args args;
    const char *lang = NULL;
    const char *format = "lines";
    const char *input = "auto";
    const char *max_text = NULL;
    const char *path = NULL;
    char lang_buf[32];
    stele_segment_options opts = STELE_SEGMENT_OPTIONS_INIT;
    stele_segmenter *seg = NULL;
    printer p;
    int status = CLI_OK;
    int rc;

    memset(&p, 0, sizeof p);
    cli_args_init(&args, argc, argv);
    while (cli_args_next(&args)) {
        if (cli_progress_option(&args))
            continue;
        if (cli_args_value(&args, "--lang", "-l", &lang) ||
            cli_args_value(&args, "--format", NULL, &format) ||
            cli_args_value(&args, "--input", NULL, &input) ||
            cli_args_value(&args, "--max-paragraph", NULL, &max_text))
            continue;
        if (cli_args_flag(&args, "--paragraphs", NULL)) {
            p.paragraphs = 1;
            continue;
        }
        if (!args.positional) {
            cli_args_unknown(&args);
            break;
        }
        if (path != NULL)
            return cli_usage_error("segment", "too many arguments");
        path = args.arg;
    }
    if (args.error)
        return CLI_USAGE;
    if (path == NULL)
        path = "-";
    if (strcmp(format, "lines") == 0)
        p.json = 0;
    else if (strcmp(format, "json") == 0)
        p.json = 1;
    else
        return cli_usage_error("segment", "unknown format '%s'", format);
    if (strcmp(input, "auto") == 0)
        opts.format = STELE_INPUT_AUTO;
    else if (strcmp(input, "text") == 0)
        opts.format = STELE_INPUT_TEXT;
    else if (strcmp(input, "html") == 0)
        opts.format = STELE_INPUT_HTML;
    else if (strcmp(input, "lines") == 0)
        opts.format = STELE_INPUT_LINES;
    else
        return cli_usage_error("segment", "unknown input format '%s'",
                               input);
    if (max_text != NULL &&
        (cli_parse_size(max_text, &opts.max_paragraph) < 0 ||
         opts.max_paragraph == 0))
        return cli_usage_error("segment", "--max-paragraph needs a "
                                          "positive number of bytes");
    if (lang == NULL) {
        if (strcmp(path, "-") == 0 ||
            cli_lang_of_file(path, lang_buf, sizeof lang_buf) < 0)
            return cli_usage_error("segment",
                                   "cannot tell the language of '%s' "
                                   "from its name or its text; give "
                                   "--lang",
                                   path);
        lang = lang_buf;
    }
    if (!cli_lang_is_valid(lang))
        return cli_usage_error("segment", "invalid language tag '%s'", lang);
    opts.lang = lang;

    rc = stele_segmenter_open(&seg, &opts);
    if (rc < 0) {
        status = seg != NULL ? cli_fail(stele_segmenter_error(seg))
                             : cli_failf("out of memory");
        goto done;
    }
    {
        char label[128];
        snprintf(label, sizeof label, "segmenting %s",
                 strcmp(path, "-") == 0 ? "standard input" : path);
        cli_progress_start(&p.bar, label, "B", cli_input_size(path));
        rc = stele_segment_file_each(seg, path, print_sentence, &p);
        cli_progress_finish(&p.bar);
    }
    if (rc < 0)
        status = cli_fail(stele_segmenter_error(seg));
    else if (rc > 0 || fflush(stdout) != 0)
        status = cli_failf("cannot write the sentences to standard output");
    else
        cli_warn_script(strcmp(path, "-") == 0 ? "<stdin>" : path, lang,
                        &p.tally,
                        lang == lang_buf ? "check the file's name"
                                         : "check --lang");
done:
    stele_segmenter_close(seg);
    return status;
}
