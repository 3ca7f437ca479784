/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli: command table, shared option handling and the exit status. */
#include "clusterbench/cli.h"

#include "clusterbench/bench_peers.h"
#include "clusterbench/bench_programme.h"
#include "clusterbench/bench_regional.h"

#include <errno.h>
#include <gsl/gsl_errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct command {
	const char *name;
	int (*fn)(struct cli_ctx *cx, int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "run", cmd_run, "run job files: analyses, results and the run folder" },
	{ "demo", cmd_demo, "run the default job on the bundled datasets into plots/" },
	{ "validate", cmd_validate, "check a CSV file and report its dialect, columns and types" },
	{ "describe", cmd_describe, "descriptive statistics of numeric columns, per group" },
	{ "compare", cmd_compare, "compare groups: t tests, ANOVA, rank tests, post-hoc pairs" },
	{ "correlate", cmd_correlate, "correlation of every pair of columns (Pearson, Spearman, Kendall)" },
	{ "regress", cmd_regress, "linear regression with classic, HC1 or cluster-robust SE" },
	{ "peers", cmd_peers, "position of each unit among its peers: percentile, rank, z-score, gaps" },
	{ "composite", cmd_composite, "composite index with Monte-Carlo rank intervals" },
	{ "regional", cmd_regional, "location quotients, shift-share and specialisation of regions" },
	{ "provinces", cmd_provinces, "each province against the pilot reference, with tests and post-hoc pairs" },
	{ "target", cmd_target, "target attainment: relative change per unit against a target (+20 %)" },
	{ "did", cmd_did, "difference-in-differences with cluster-robust SE and a parallel-trends check" },
};

static void print_overview(FILE *fp)
{
	fprintf(fp,
		"usage: clusterbench COMMAND [OPTIONS] [ARGS]\n"
		"\n"
		"Benchmark comparisons of SME clusters and provinces from CSV files.\n"
		"\n"
		"commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp,
		"\n"
		"options:\n"
		"  -h, --help     show this help\n"
		"  -V, --version  show the version\n"
		"\n"
		"'clusterbench COMMAND --help' shows the options of a command.\n"
		"exit status: 0 ok, 1 bad input data, 2 usage, 3 I/O or rendering, 4 internal error\n");
}

int cli_usage_error(struct cli_ctx *cx, const char *cmd, const char *fmt, ...)
{
	va_list ap;

	if (cx && cx->d) {
		char *msg;

		va_start(ap, fmt);
		msg = g_strdup_vprintf(fmt, ap);
		va_end(ap);
		/* a job names options as keys: "value", not "--value" */
		diag_set(cx->d, DIAG_USAGE, "%s", strncmp(msg, "--", 2) == 0 ? msg + 2 : msg);
		g_free(msg);
		return DIAG_USAGE;
	}
	fprintf(stderr, "%s: ", diag_progname());
	if (cmd)
		fprintf(stderr, "%s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "; see '%s %s --help'\n", diag_progname(), cmd);
	else
		fprintf(stderr, "; see '%s --help'\n", diag_progname());
	return DIAG_USAGE;
}

int cli_fail(struct cli_ctx *cx, const struct diag *d)
{
	if (cx && cx->d) {
		if (!diag_failed(cx->d))
			*cx->d = *d;
		return d->code == DIAG_OK ? DIAG_INTERNAL : (int)d->code;
	}
	diag_print(d, stderr);
	return d->code == DIAG_OK ? DIAG_INTERNAL : (int)d->code;
}

gchar **cli_parse(struct cli_ctx *cx, GOptionContext *ctx, const char *cmd, int argc,
		  char **argv, int *status)
{
	gboolean help = FALSE;
	GOptionEntry help_entry[] = {
		{ "help", 'h', 0, G_OPTION_ARG_NONE, &help, "Show this help", NULL },
		G_OPTION_ENTRY_NULL
	};
	GError *err = NULL;
	gchar **strv;

	/* "Usage: clusterbench CMD ..." in --help; one command runs per process
	 * on the command line (a job never asks for --help) */
	if (!cx || !cx->d) {
		gchar *prg = g_strdup_printf("%s %s", diag_progname(), cmd);

		g_set_prgname(prg);
		g_free(prg);
	}
	g_option_context_set_help_enabled(ctx, FALSE);
	g_option_context_add_main_entries(ctx, help_entry, NULL);
	/* Options are declared G_OPTION_ARG_FILENAME so that GLib passes the
	 * bytes through unconverted whatever the locale (a C locale would
	 * reject "Çorum"); they must be UTF-8, checked here once. */
	strv = g_new0(gchar *, (gsize)argc + 1);
	for (int i = 0; i < argc; i++) {
		if (!g_utf8_validate(argv[i], -1, NULL)) {
			g_strfreev(strv);
			*status = cli_usage_error(cx, cmd, "argument %d is not valid UTF-8", i);
			return NULL;
		}
		strv[i] = g_strdup(argv[i]);
	}
	if (!g_option_context_parse_strv(ctx, &strv, &err)) {
		*status = cli_usage_error(cx, cmd, "%s", err->message);
		g_error_free(err);
		g_strfreev(strv);
		return NULL;
	}
	if (help) {
		gchar *text = g_option_context_get_help(ctx, FALSE, NULL);

		fputs(text, stdout);
		g_free(text);
		g_strfreev(strv);
		*status = 0;
		return NULL;
	}
	*status = 0;
	return strv;
}

void cli_dialect_add(GOptionContext *ctx, struct cli_dialect *dl, int with_schema)
{
	GOptionEntry entries[] = {
		{ "delimiter", 0, 0, G_OPTION_ARG_FILENAME, &dl->delimiter,
		  "Field delimiter: auto (default), ',', ';' or tab", "D" },
		{ "decimal", 0, 0, G_OPTION_ARG_FILENAME, &dl->decimal,
		  "Decimal mark: auto (default), '.' or ','", "M" },
		{ "encoding", 0, 0, G_OPTION_ARG_FILENAME, &dl->encoding,
		  "Input encoding: utf-8 (default, strict) or windows-1254", "ENC" },
		{ "comment", 0, 0, G_OPTION_ARG_FILENAME, &dl->comment,
		  "Skip lines that start with this character", "CHAR" },
		{ "missing", 0, 0, G_OPTION_ARG_FILENAME, &dl->missing,
		  "More missing-value tokens, comma-separated (empty, NA, N/A, -, NaN, null, #N/A always are)",
		  "TOKENS" },
		{ "province-aliases", 0, 0, G_OPTION_ARG_FILENAME, &dl->aliases,
		  "Map province spellings: a CSV file with columns alias,province, or 'auto' for "
		  "case- and accent-insensitive matching", "FILE|auto" },
		{ "schema", 0, 0, G_OPTION_ARG_FILENAME, &dl->schema,
		  "Check the columns against a schema: sme or clusters", "NAME" },
		G_OPTION_ENTRY_NULL
	};
	GOptionGroup *g = g_option_group_new("dialect", "Input options:", "Show input options",
					     NULL, NULL);

	if (!with_schema)
		entries[6] = (GOptionEntry)G_OPTION_ENTRY_NULL;
	g_option_group_add_entries(g, entries);
	g_option_context_add_group(ctx, g);
}

int cli_dialect_finish(struct cli_dialect *dl, struct diag *d)
{
	struct load_options *o = &dl->load;

	load_options_init(o);
	if (dl->delimiter && strcmp(dl->delimiter, "auto") != 0) {
		const char *v = dl->delimiter;

		if (strcmp(v, ",") == 0 || strcmp(v, "comma") == 0)
			o->delimiter = ',';
		else if (strcmp(v, ";") == 0 || strcmp(v, "semicolon") == 0)
			o->delimiter = ';';
		else if (strcmp(v, "tab") == 0 || strcmp(v, "\t") == 0 || strcmp(v, "\\t") == 0)
			o->delimiter = '\t';
		else
			return diag_set(d, DIAG_USAGE,
					"--delimiter: expected auto, ',', ';' or tab, got '%s'", v);
	}
	if (dl->decimal && strcmp(dl->decimal, "auto") != 0) {
		if (strcmp(dl->decimal, ".") == 0)
			o->decimal = '.';
		else if (strcmp(dl->decimal, ",") == 0)
			o->decimal = ',';
		else
			return diag_set(d, DIAG_USAGE,
					"--decimal: expected auto, '.' or ',', got '%s'", dl->decimal);
	}
	if (o->delimiter && o->decimal && o->delimiter == o->decimal)
		return diag_set(d, DIAG_USAGE,
				"--delimiter and --decimal are both '%c'; Turkish Excel files use "
				"--delimiter ';' --decimal ','", o->decimal);
	if (dl->encoding) {
		char *e = g_ascii_strdown(dl->encoding, -1);

		if (strcmp(e, "utf-8") == 0 || strcmp(e, "utf8") == 0) {
			o->encoding = LOAD_UTF8;
		} else if (strcmp(e, "windows-1254") == 0 || strcmp(e, "cp1254") == 0 ||
			   strcmp(e, "windows1254") == 0) {
			o->encoding = LOAD_WINDOWS_1254;
		} else {
			g_free(e);
			return diag_set(d, DIAG_USAGE,
					"--encoding: expected utf-8 or windows-1254, got '%s'",
					dl->encoding);
		}
		g_free(e);
	}
	if (dl->comment) {
		if (strlen(dl->comment) != 1 || dl->comment[0] == '"' || dl->comment[0] == '\n')
			return diag_set(d, DIAG_USAGE,
					"--comment: expected one ASCII character, got '%s'", dl->comment);
		o->comment = (unsigned char)dl->comment[0];
	}
	if (dl->missing) {
		dl->missing_list = g_strsplit(dl->missing, ",", -1);
		o->missing = (const char *const *)dl->missing_list;
		o->nmissing = g_strv_length(dl->missing_list);
	}
	o->province_aliases = dl->aliases;
	if (dl->schema) {
		o->schema = schema_find(dl->schema);
		if (!o->schema)
			return diag_set(d, DIAG_USAGE,
					"--schema: unknown schema '%s'; known: sme, clusters", dl->schema);
	}
	return 0;
}

void cli_dialect_release(struct cli_dialect *dl)
{
	g_free(dl->delimiter);
	g_free(dl->decimal);
	g_free(dl->encoding);
	g_free(dl->comment);
	g_free(dl->missing);
	g_free(dl->aliases);
	g_free(dl->schema);
	g_strfreev(dl->missing_list);
}

/* Flushes and closes stdout; a write error (full disk, closed pipe) is an
 * I/O error the user must see, once: a command that failed (status != 0)
 * has printed its error already (often the same write error). */
static int close_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		int err = errno;

		if (status)
			return status;
		fprintf(stderr, "%s: cannot write to standard output: %s\n", diag_progname(),
			strerror(err ? err : EIO));
		return status ? status : DIAG_IO;
	}
	return status;
}

int cli_main(int argc, char **argv)
{
	const char *cmd;

	diag_set_progname("clusterbench");
	gsl_set_error_handler_off();
	/* a closed pipe is reported as a write error, not a silent death */
	signal(SIGPIPE, SIG_IGN);

	if (argc < 2) {
		print_overview(stderr);
		return DIAG_USAGE;
	}
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		print_overview(stdout);
		return close_stdout(0);
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("clusterbench %s\n", CB_VERSION);
		return close_stdout(0);
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(cmd, commands[i].name) == 0)
			return close_stdout(commands[i].fn(NULL, argc - 1, argv + 1));
	if (cmd[0] == '-')
		return cli_usage_error(NULL, NULL, "unknown option '%s'", cmd);
	return cli_usage_error(NULL, NULL, "unknown command '%s'", cmd);
}
