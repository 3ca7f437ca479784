/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli: subcommands, option parsing, exit statuses. */
#ifndef CLUSTERBENCH_CLI_H
#define CLUSTERBENCH_CLI_H

#include <glib.h>

#include "clusterbench/diag.h"
#include "clusterbench/load.h"

/* Runs the program with the given arguments; returns the exit status
 * (DESIGN.md §3: 0 ok, 1 data, 2 usage, 3 I/O, 4 internal). */
int cli_main(int argc, char **argv);

/* The dialect options every command that reads a CSV file takes. Strings are
 * owned by GLib's option parser (g_free them with cli_dialect_release). */
struct cli_dialect {
	char *delimiter, *decimal, *encoding, *comment, *missing, *aliases, *schema;
	char **missing_list;     /* split from missing */
	struct load_options load;
};

/* Adds the dialect options (and --schema when with_schema) to ctx as a
 * group shown in --help. */
void cli_dialect_add(GOptionContext *ctx, struct cli_dialect *dl, int with_schema);
/* Checks the parsed option values and fills dl->load. Returns 0, or -1 with
 * a usage error in d naming the option. */
int cli_dialect_finish(struct cli_dialect *dl, struct diag *d);
void cli_dialect_release(struct cli_dialect *dl);

/*
 * Parses a subcommand's options (argv[0] is the command name). Handles
 * --help (prints the help to stdout: returns NULL with *status = 0) and
 * errors (prints a usage error: NULL with *status = 2). Otherwise returns
 * the arguments left after the options, argv[0] first, NULL-terminated;
 * the caller frees them with g_strfreev.
 */
gchar **cli_parse(GOptionContext *ctx, const char *cmd, int argc, char **argv, int *status);

/* Prints a usage error "clusterbench: CMD: message" with a pointer to --help
 * and returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints the diag (and any warnings) and returns its exit status. */
int cli_fail(const struct diag *d);

/* Subcommands. */
int cmd_validate(int argc, char **argv);

#endif
