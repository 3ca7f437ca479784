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

struct table;
struct result_set;

/*
 * How a subcommand runs. On the command line every field is zero: the
 * command loads FILE, prints its results and its errors. The job runner
 * sets them: the data is already loaded (no FILE argument), `keep` narrows
 * the rows (one value of a foreach), results go into `rs`, and errors into
 * `d` instead of standard error.
 */
struct cli_ctx {
	const struct table *table;
	const char *table_name;
	const unsigned char *keep;
	struct result_set *rs;
	struct diag *d;
	/* charts: built into `charts` (kinds limited by chart_kinds, NULL = the
	 * defaults) with chart_opts; the runner renders them */
	struct chart_set *charts;
	const char *const *chart_kinds;
	const struct chart_opts *chart_opts;
};

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
gchar **cli_parse(struct cli_ctx *cx, GOptionContext *ctx, const char *cmd, int argc,
		  char **argv, int *status);

/* Prints a usage error "clusterbench: CMD: message" with a pointer to --help
 * and returns 2. */
int cli_usage_error(struct cli_ctx *cx, const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prints the diag (or hands it to cx->d) and returns its exit status. */
int cli_fail(struct cli_ctx *cx, const struct diag *d);

/* Subcommands. */
int cmd_validate(struct cli_ctx *cx, int argc, char **argv);



/* ---- shared plumbing of the analysis commands (cli_common.c) ---- */

#include "clusterbench/result.h"
#include "clusterbench/analysis.h"

/* Output options: --format text|csv|json, --output DIR. */
struct cli_out {
	char *format;
	char *output;
};
void cli_out_add(GOptionContext *ctx, struct cli_out *o);
/* 0, or a usage error printed (returns 2). */
int cli_out_check(struct cli_ctx *cx, const char *cmd, const struct cli_out *o);
/* Writes rs as asked: tables to stdout in the format, and/or CSV files to
 * --output DIR; warnings to stderr in text mode. Returns the exit status. */
int cli_emit(struct cli_ctx *cx, const char *cmd, struct result_set *rs, const struct cli_out *o);

/* The result set a command fills: cx->rs in a job, else a new one; release
 * it with cli_result_set_release (which frees only what it created). */
struct result_set *cli_result_set(struct cli_ctx *cx);
void cli_result_set_release(struct cli_ctx *cx, struct result_set *rs);

/* True when args (from cli_parse) hold what the command needs: the command
 * name and one FILE, or only the name when cx->table is set. */
int cli_nargs_ok(const struct cli_ctx *cx, char **args);
void cli_out_release(struct cli_out *o);

/* Chart options of the analysis commands: --chart DIR, --chart-format,
 * --size WxH, --dpi N, --locale en|tr. */
struct cli_chart {
	char *dir, *formats, *size, *locale;
	int dpi;
	char **format_list;
	struct render_opts ro;
	struct chart_opts co;
	struct chart_set local;
};
void cli_chart_add(GOptionContext *ctx, struct cli_chart *ch);
/* Checks the values; 0 or the exit status after a usage error. */
int cli_chart_check(struct cli_ctx *cx, const char *cmd, struct cli_chart *ch,
		    const char *source);
/* The set charts go into (cx->charts in a job, else the local set when
 * --chart was given), or NULL when no chart is wanted. */
struct chart_set *cli_chart_set(struct cli_ctx *cx, struct cli_chart *ch);
/* On the command line renders the local set into --chart DIR as
 * STEM-KIND.FORMAT. 0 or the exit status after printing the error. */
int cli_chart_render(struct cli_ctx *cx, struct cli_chart *ch, const char *stem);
void cli_chart_release(struct cli_chart *ch);

/* A loaded input with its --where selection. */
struct cli_input {
	struct table *t;          /* owned, or borrowed from cx->table (own_table 0) */
	int own_table;
	struct load_report rep;
	unsigned char *keep;
	struct selection sel;
};
/*
 * Loads path with the dialect options and evaluates the --where expression
 * (NULL = every row); syntax errors are shown with a caret under the
 * position. Adds provenance (input, sha256, rows, dialect) and the load
 * warnings to rs. Returns 0, or the exit status after printing the error.
 */
int cli_load_input(struct cli_ctx *cx, const char *cmd, char **args, struct cli_dialect *dl,
		   const char *where, struct result_set *rs, struct cli_input *in);
void cli_input_release(struct cli_input *in);

/* Resolves a comma-separated list of column names (usage error naming the
 * option and listing the columns when one is unknown). *out is g_free'd by
 * the caller. Returns 0 or the exit status after printing. */
int cli_columns(struct cli_ctx *cx, const char *cmd, const struct table *t, const char *option,
		const char *list, size_t **out, size_t *n);

/* Resolves an option that names exactly one column. 0 or the exit status. */
int cli_one_column(struct cli_ctx *cx, const char *cmd, const struct table *t,
		   const char *option, const char *name, size_t *col);
/* The exit status of a failed analysis: usage errors point to --help. */
int cli_analysis_failed(struct cli_ctx *cx, const char *cmd, const struct diag *d);

/* Parses --conf: a level in (0, 1) or a percentage ("95" or "95%"); NULL
 * gives 0.95. Returns 0 or the exit status after printing a usage error. */
int cli_parse_conf(struct cli_ctx *cx, const char *cmd, const char *text, double *conf);

int cmd_describe(struct cli_ctx *cx, int argc, char **argv);
int cmd_compare(struct cli_ctx *cx, int argc, char **argv);
int cmd_correlate(struct cli_ctx *cx, int argc, char **argv);
int cmd_regress(struct cli_ctx *cx, int argc, char **argv);
int cmd_run(struct cli_ctx *cx, int argc, char **argv);
int cmd_demo(struct cli_ctx *cx, int argc, char **argv);
#endif
