/*
 * cli/main.c - the stele tool: dispatch to subcommands, git style.
 *
 * Each subcommand is one entry of the table below and one file
 * cli/cmd_<name>.c. "stele --help", "stele help CMD" and "stele CMD
 * --help" print usage on stdout and exit 0; an unknown command prints
 * one line and the usage on stderr and exits 2.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

static const cli_command commands[] = {
#define CLI_COMMAND(name, summary) \
    { #name, cmd_##name, summary, cmd_##name##_usage },
#include "commands.def"
#undef CLI_COMMAND
    { NULL, NULL, NULL, NULL }
};

const cli_command *cli_find_command(const char *name)
{
    for (const cli_command *c = commands; c->name != NULL; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

static void print_main_usage(FILE *out)
{
    fputs("usage: stele [--version] [--help] COMMAND [ARGS]\n"
          "\n"
          "Align translations sentence by sentence, keep them in a "
          "translation\nmemory, exchange them as TMX and search them "
          "across languages.\n\ncommands:\n",
          out);
    for (const cli_command *c = commands; c->name != NULL; c++)
        fprintf(out, "  %-9s %s\n", c->name, c->summary);
    fputs("  help      show the usage of a command\n"
          "\n"
          "Run 'stele help COMMAND' or 'stele COMMAND --help' for a "
          "command's options.\n"
          "Exit status: 0 success, 1 failure, 2 wrong usage.\n",
          out);
}

void cli_print_usage(FILE *out, const char *name)
{
    const cli_command *command = cli_find_command(name);

    if (command == NULL) {
        print_main_usage(out);
        return;
    }
    fputs(command->usage, out);
}

static int is_help_flag(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

static int run_help(int argc, char **argv)
{
    if (argc < 2) {
        print_main_usage(stdout);
        return CLI_OK;
    }
    if (argc > 2) {
        fprintf(stderr, "stele: help: takes one command name\n");
        print_main_usage(stderr);
        return CLI_USAGE;
    }
    if (cli_find_command(argv[1]) == NULL) {
        fprintf(stderr, "stele: help: unknown command '%s'\n", argv[1]);
        print_main_usage(stderr);
        return CLI_USAGE;
    }
    cli_print_usage(stdout, argv[1]);
    return CLI_OK;
}

int main(int argc, char **argv)
{
    const cli_command *command;

    if (argc < 2) {
        fprintf(stderr, "stele: no command given\n");
        print_main_usage(stderr);
        return CLI_USAGE;
    }
    if (is_help_flag(argv[1])) {
        print_main_usage(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("stele %s\n", stele_version());
        return CLI_OK;
    }
    if (strcmp(argv[1], "help") == 0)
        return run_help(argc - 1, argv + 1);
    command = cli_find_command(argv[1]);
    if (command == NULL) {
        if (argv[1][0] == '-')
            fprintf(stderr, "stele: unknown option '%s'\n", argv[1]);
        else
            fprintf(stderr, "stele: unknown command '%s'\n", argv[1]);
        print_main_usage(stderr);
        return CLI_USAGE;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (is_help_flag(argv[i])) {
            fputs(command->usage, stdout);
            return CLI_OK;
        }
    }
    return command->run(argc - 1, argv + 1);
}
