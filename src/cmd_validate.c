/* SPDX-License-Identifier: GPL-3.0-or-later */
/* validate: load a CSV file and report what was found, or the first error. */
#include "clusterbench/cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "clusterbench/json.h"
#include "clusterbench/numparse.h"

static const char *delim_name(char c)
{
	switch (c) {
	case ',':
		return ",";
	case ';':
		return ";";
	case '\t':
		return "tab";
	}
	return "?";
}

static void column_range(const struct column *c, size_t nrows, double *lo, double *hi)
{
	*lo = NAN;
	*hi = NAN;
	for (size_t r = 0; r < nrows; r++) {
		double v = column_value(c, r);

		if (isnan(v))
			continue;
		if (isnan(*lo) || v < *lo)
			*lo = v;
		if (isnan(*hi) || v > *hi)
			*hi = v;
	}
}

static void print_text(const char *path, const struct table *t, const struct load_report *rep)
{
	size_t w = 6;
	char a[NUM_FORMAT_SIZE], b[NUM_FORMAT_SIZE];

	printf("%s: %zu rows, %zu columns\n", path, t->nrows, t->ncols);
	printf("dialect: delimiter %s%s, decimal '%c'%s, encoding %s%s, line ends %s",
	       rep->delimiter == '\t' ? "tab" : (rep->delimiter == ',' ? "','" : "';'"),
	       rep->delimiter_detected ? " (detected)" : "", rep->decimal,
	       rep->decimal_detected ? " (detected)" : "", rep->encoding,
	       rep->bom ? " with BOM" : "", rep->line_ends);
	if (rep->sep_line)
		printf(", Excel 'sep=' line");
	printf("\nheader: line %llu\n\n", rep->header_line);
	for (size_t i = 0; i < t->ncols; i++) {
		size_t len = g_utf8_strlen(t->cols[i].name, -1);

		if (len > w)
			w = len;
	}
	printf("%-*s  %-8s  %8s  %s\n", (int)w, "column", "type", "missing", "values");
	for (size_t i = 0; i < t->ncols; i++) {
		const struct column *c = &t->cols[i];
		/* pad by characters, not bytes, so Turkish names line up */
		int pad = (int)(w - g_utf8_strlen(c->name, -1));

		printf("%s%*s  %-8s  %8zu  ", c->name, pad, "", col_type_name(c->type), c->missing);
		if (col_type_is_numeric(c->type)) {
			double lo, hi;

			column_range(c, t->nrows, &lo, &hi);
			if (isnan(lo)) {
				printf("no values\n");
			} else {
				num_format(lo, a, sizeof a);
				num_format(hi, b, sizeof b);
				printf("%s to %s\n", a, b);
			}
		} else {
			printf("%zu distinct\n", c->dict.n);
		}
	}
}

static void print_json(const char *path, const struct table *t, const struct load_report *rep)
{
	struct json j;

	json_init(&j, stdout, 1);
	json_begin_object(&j);
	json_key(&j, "file");
	json_string(&j, path);
	json_key(&j, "rows");
	json_integer(&j, (long long)t->nrows);
	json_key(&j, "header_line");
	json_integer(&j, (long long)rep->header_line);
	json_key(&j, "dialect");
	json_begin_object(&j);
	json_key(&j, "delimiter");
	json_string(&j, delim_name(rep->delimiter));
	json_key(&j, "delimiter_detected");
	json_bool(&j, rep->delimiter_detected);
	json_key(&j, "decimal");
	json_string(&j, rep->decimal == ',' ? "," : ".");
	json_key(&j, "decimal_detected");
	json_bool(&j, rep->decimal_detected);
	json_key(&j, "encoding");
	json_string(&j, rep->encoding);
	json_key(&j, "bom");
	json_bool(&j, rep->bom);
	json_key(&j, "line_ends");
	json_string(&j, rep->line_ends);
	json_key(&j, "sep_line");
	json_bool(&j, rep->sep_line);
	json_end_object(&j);
	json_key(&j, "columns");
	json_begin_array(&j);
	for (size_t i = 0; i < t->ncols; i++) {
		const struct column *c = &t->cols[i];

		json_begin_object(&j);
		json_key(&j, "name");
		json_string(&j, c->name);
		json_key(&j, "type");
		json_string(&j, col_type_name(c->type));
		json_key(&j, "missing");
		json_integer(&j, (long long)c->missing);
		if (col_type_is_numeric(c->type)) {
			double lo, hi;

			column_range(c, t->nrows, &lo, &hi);
			json_key(&j, "min");
			json_number(&j, lo);
			json_key(&j, "max");
			json_number(&j, hi);
		} else {
			json_key(&j, "distinct");
			json_integer(&j, (long long)c->dict.n);
		}
		json_end_object(&j);
	}
	json_end_array(&j);
	json_key(&j, "warnings");
	json_begin_array(&j);
	for (size_t i = 0; i < rep->warnings.n; i++)
		json_string(&j, rep->warnings.items[i]);
	json_end_array(&j);
	json_end_object(&j);
	json_finish(&j);
}

int cmd_validate(struct cli_ctx *cx, int argc, char **argv)
{
	struct cli_dialect dl;
	char *format = NULL;
	GOptionEntry entries[] = {
		{ "format", 0, 0, G_OPTION_ARG_FILENAME, &format,
		  "Report format: text (default) or json", "FMT" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *octx;
	struct load_report rep;
	struct diag d;
	struct table *t = NULL;
	gchar **args;
	const char *name;
	int status = 0, json = 0;

	memset(&dl, 0, sizeof dl);
	diag_init(&d);
	load_report_init(&rep);
	octx = g_option_context_new("FILE");
	g_option_context_set_summary(octx,
		"Loads a CSV file (or - for standard input) and reports its rows, columns,\n"
		"types, missing values and the dialect found. Exit status 0 when the file is\n"
		"usable, 1 with the error on standard error otherwise.");
	cli_dialect_add(octx, &dl, 1);
	g_option_context_add_main_entries(octx, entries, NULL);
	args = cli_parse(cx, octx, "validate", argc, argv, &status);
	if (!args)
		goto out;
	if (g_strv_length(args) != 2) {
		status = cli_usage_error(cx, "validate", g_strv_length(args) < 2
							? "missing the FILE to check"
							: "expected one FILE, got %u", g_strv_length(args) - 1);
		goto out;
	}
	if (format && strcmp(format, "json") == 0) {
		json = 1;
	} else if (format && strcmp(format, "text") != 0) {
		status = cli_usage_error(cx, "validate", "--format: expected text or json, got '%s'",
					 format);
		goto out;
	}
	if (cli_dialect_finish(&dl, &d) < 0) {
		status = cli_usage_error(cx, "validate", "%s", d.message);
		goto out;
	}
	t = load_path(args[1], &dl.load, &rep, &d);
	if (!t) {
		status = cli_fail(cx, &d);
		goto out;
	}
	name = strcmp(args[1], "-") == 0 ? "<stdin>" : args[1];
	if (json) {
		print_json(name, t, &rep);
	} else {
		warnings_print(&rep.warnings, stderr);
		print_text(name, t, &rep);
	}
out:
	table_free(t);
	g_strfreev(args);
	load_report_release(&rep);
	cli_dialect_release(&dl);
	g_free(format);
	g_option_context_free(octx);
	return status;
}
