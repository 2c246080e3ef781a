/*
 * cli/json.h - the little JSON the subcommands print with --format json.
 *
 * Only writing, only what the commands need: strings escaped per RFC
 * 8259 (UTF-8 passed through; quotes, backslashes and control characters
 * escaped), so that any text from a translation memory is valid JSON.
 */
#ifndef STELE_CLI_JSON_H
#define STELE_CLI_JSON_H

#include <stdio.h>

/* Write @p text as a JSON string, quotes included. */
void cli_json_string(FILE *out, const char *text);

/* Write the first @p length bytes of @p text as a JSON string. */
void cli_json_string_n(FILE *out, const char *text, size_t length);

#endif /* STELE_CLI_JSON_H */
