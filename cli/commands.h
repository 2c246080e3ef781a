/*
 * cli/commands.h - the entry point and usage text of every subcommand,
 * declared from the table in commands.def.
 */
#ifndef STELE_CLI_COMMANDS_H
#define STELE_CLI_COMMANDS_H

#define CLI_COMMAND(name, summary)            \
    int cmd_##name(int argc, char **argv); \
    extern const char cmd_##name##_usage[];
#include "commands.def"
#undef CLI_COMMAND

#endif /* STELE_CLI_COMMANDS_H */
