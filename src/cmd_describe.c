/* SPDX-License-Identifier: GPL-3.0-or-later */
/* describe and compare: descriptive statistics and group comparisons. */
#include "clusterbench/cli.h"

#include <stdlib.h>
#include <string.h>

int cmd_describe(int argc, char **argv)
{
	struct cli_dialect dl;
	struct cli_out out;
	struct cli_input in;
	char *value = NULL, *by = NULL, *where = NULL, *conf_text = NULL;
	GOptionEntry entries[] = {
		{ "value", 0, 0, G_OPTION_ARG_FILENAME, &value,
		  "Numeric column(s) to describe, comma-separated", "COL[,COL...]" },
		{ "by", 0, 0, G_OPTION_ARG_FILENAME, &by,
		  "Group by these columns, comma-separated", "COL[,COL...]" },
		{ "where", 0, 0, G_OPTION_ARG_FILENAME, &where,
		  "Use only rows that satisfy EXPR, e.g. 'year == 2013 and member == 1'", "EXPR" },
		{ "conf", 0, 0, G_OPTION_ARG_FILENAME, &conf_text,
		  "Confidence level of the interval of the mean (default 0.95)", "LEVEL" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *ctx = g_option_context_new("FILE");
	struct result_set *rs = NULL;
	size_t *vals = NULL, *bys = NULL, nv = 0, nb = 0;
	gchar **args;
	double conf;
	struct diag d;
	int status = 0;

	memset(&dl, 0, sizeof dl);
	memset(&out, 0, sizeof out);
	memset(&in, 0, sizeof in);
	diag_init(&d);
	g_option_context_set_summary(ctx,
		"Descriptive statistics of numeric columns, per group: n, missing, mean, sd, se,\n"
		"a t interval of the mean, min, quartiles (type 7, as R), max, iqr, cv,\n"
		"skewness and excess kurtosis. Result table: descriptives.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	cli_out_add(ctx, &out);
	cli_dialect_add(ctx, &dl, 1);
	args = cli_parse(ctx, "describe", argc, argv, &status);
	if (!args)
		goto done;
	if (g_strv_length(args) != 2) {
		status = cli_usage_error("describe", "expected one FILE");
		goto done;
	}
	if (!value) {
		status = cli_usage_error("describe", "--value is required");
		goto done;
	}
	if ((status = cli_out_check("describe", &out)) || (status = cli_parse_conf("describe", conf_text, &conf)))
		goto done;
	rs = result_set_create();
	if ((status = cli_load_input("describe", args[1], &dl, where, rs, &in)))
		goto done;
	if ((status = cli_columns("describe", in.t, "--value", value, &vals, &nv)))
		goto done;
	if (by && (status = cli_columns("describe", in.t, "--by", by, &bys, &nb)))
		goto done;
	if (analysis_describe(in.t, vals, nv, bys, nb, &in.sel, conf, rs, &d) < 0) {
		status = d.code == DIAG_USAGE ? cli_usage_error("describe", "%s", d.message) : cli_fail(&d);
		goto done;
	}
	status = cli_emit("describe", rs, &out);
done:
	g_free(vals);
	g_free(bys);
	cli_input_release(&in);
	result_set_free(rs);
	g_strfreev(args);
	g_free(value);
	g_free(by);
	g_free(where);
	g_free(conf_text);
	cli_out_release(&out);
	cli_dialect_release(&dl);
	g_option_context_free(ctx);
	return status;
}

