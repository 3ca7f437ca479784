/* SPDX-License-Identifier: GPL-3.0-or-later */
/* correlate and regress: correlation tables and linear models. */
#include "clusterbench/cli.h"

#include <stdlib.h>
#include <string.h>

#include "clusterbench/bench_charts.h"
#include "clusterbench/model.h"

int cmd_correlate(struct cli_ctx *cx, int argc, char **argv)
{
	struct cli_dialect dl;
	struct cli_out out;
	struct cli_input in;
	struct cli_chart ch;
	char *vars = NULL, *method = NULL, *where = NULL, *conf_text = NULL, *adjust = NULL;
	GOptionEntry entries[] = {
		{ "vars", 0, 0, G_OPTION_ARG_FILENAME, &vars,
		  "Numeric columns, comma-separated; every pair is tested", "A,B[,C...]" },
		{ "method", 0, 0, G_OPTION_ARG_FILENAME, &method,
		  "pearson (default), spearman, kendall, or several comma-separated", "M[,M...]" },
		{ "where", 0, 0, G_OPTION_ARG_FILENAME, &where, "Use only rows that satisfy EXPR",
		  "EXPR" },
		{ "adjust", 0, 0, G_OPTION_ARG_FILENAME, &adjust,
		  "p-value adjustment across the pairs: holm (default), bh, none", "METHOD" },
		{ "conf", 0, 0, G_OPTION_ARG_FILENAME, &conf_text,
		  "Confidence level of Pearson's interval (default 0.95)", "LEVEL" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *octx = g_option_context_new("FILE");
	struct result_set *rs = NULL;
	size_t *cols = NULL, nc = 0, nm = 0;
	enum corr_method methods[3];
	enum stats_adjust adj = STATS_ADJUST_HOLM;
	gchar **args, **ms = NULL;
	double conf;
	struct diag d;
	int status = 0;

	memset(&dl, 0, sizeof dl);
	memset(&out, 0, sizeof out);
	memset(&in, 0, sizeof in);
	memset(&ch, 0, sizeof ch);
	diag_init(&d);
	g_option_context_set_summary(octx,
		"Correlation of every pair of numeric columns: Pearson r with a Fisher-z\n"
		"interval, Spearman rho (mid-ranks, t approximation) and Kendall tau-b, as\n"
		"R's cor.test(exact = FALSE). Result table: correlations.\n"
		"Charts (--chart DIR): scatter of the first pair with the OLS line; with 3 or\n"
		"more columns a heatmap of r.");
	g_option_context_add_main_entries(octx, entries, NULL);
	cli_out_add(octx, &out);
	cli_chart_add(octx, &ch);
	cli_dialect_add(octx, &dl, 1);
	args = cli_parse(cx, octx, "correlate", argc, argv, &status);
	if (!args)
		goto done;
	if (!cli_nargs_ok(cx, args)) {
		status = cli_usage_error(cx, "correlate", "expected one FILE");
		goto done;
	}
	if (!vars) {
		status = cli_usage_error(cx, "correlate", "--vars is required");
		goto done;
	}
	ms = g_strsplit(method ? method : "pearson", ",", -1);
	for (gchar **m = ms; *m; m++) {
		size_t k;

		for (k = 0; k < 3; k++)
			if (strcmp(g_strstrip(*m), analysis_corr_names[k]) == 0)
				break;
		if (k == 3 || nm == 3) {
			status = cli_usage_error(cx, "correlate",
				"--method: expected pearson, spearman or kendall, got '%s'", *m);
			goto done;
		}
		methods[nm++] = (enum corr_method)k;
	}
	if (adjust && stats_adjust_from_name(adjust, &adj) < 0) {
		status = cli_usage_error(cx, "correlate", "--adjust: expected holm, bh or none, got '%s'",
					 adjust);
		goto done;
	}
	if ((status = cli_out_check(cx, "correlate", &out)) ||
	    (status = cli_parse_conf(cx, "correlate", conf_text, &conf)) ||
	    (status = cli_chart_check(cx, "correlate", &ch, args[1] ? args[1] : NULL)))
		goto done;
	rs = cli_result_set(cx);
	if ((status = cli_load_input(cx, "correlate", args, &dl, where, rs, &in)) ||
	    (status = cli_columns(cx, "correlate", in.t, "--vars", vars, &cols, &nc)))
		goto done;
	if (analysis_correlate(in.t, cols, nc, methods, nm, &in.sel, conf, adj, rs, &d) < 0 ||
	    (cli_chart_set(cx, &ch) &&
	     bench_charts_correlate(in.t, cols, nc, &in.sel, conf, rs, cx ? cx->chart_kinds : NULL,
				    cx && cx->chart_opts ? cx->chart_opts : &ch.co,
				    cli_chart_set(cx, &ch), &d) < 0)) {
		status = d.code == DIAG_USAGE ? cli_usage_error(cx, "correlate", "%s", d.message)
					      : cli_fail(cx, &d);
		goto done;
	}
	if ((status = cli_chart_render(cx, &ch, "correlate")))
		goto done;
	status = cli_emit(cx, "correlate", rs, &out);
done:
	g_strfreev(ms);
	g_free(cols);
	cli_input_release(&in);
	cli_result_set_release(cx, rs);
	g_strfreev(args);
	g_free(vars);
	g_free(method);
	g_free(where);
	g_free(conf_text);
	g_free(adjust);
	cli_chart_release(&ch);
	cli_out_release(&out);
	cli_dialect_release(&dl);
	g_option_context_free(octx);
	return status;
}

int cmd_regress(struct cli_ctx *cx, int argc, char **argv)
{
	struct cli_dialect dl;
	struct cli_out out;
	struct cli_input in;
	struct cli_chart ch;
	char *ycol = NULL, *xcols = NULL, *where = NULL, *conf_text = NULL, *robust = NULL;
	gchar **refs = NULL;
	gboolean no_intercept = FALSE;
	GOptionEntry entries[] = {
		{ "y", 0, 0, G_OPTION_ARG_FILENAME, &ycol, "The numeric response column", "COL" },
		{ "x", 0, 0, G_OPTION_ARG_FILENAME, &xcols,
		  "Predictor columns, comma-separated; text columns become dummies", "COL[,COL...]" },
		{ "reference", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &refs,
		  "Reference level of a categorical predictor (repeatable)", "COL=LEVEL" },
		{ "robust", 0, 0, G_OPTION_ARG_FILENAME, &robust,
		  "Robust standard errors: hc1, or cluster:COL", "KIND" },
		{ "no-intercept", 0, 0, G_OPTION_ARG_NONE, &no_intercept, "Fit without an intercept",
		  NULL },
		{ "where", 0, 0, G_OPTION_ARG_FILENAME, &where, "Use only rows that satisfy EXPR",
		  "EXPR" },
		{ "conf", 0, 0, G_OPTION_ARG_FILENAME, &conf_text,
		  "Confidence level of the intervals (default 0.95)", "LEVEL" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *octx = g_option_context_new("FILE");
	struct result_set *rs = NULL;
	size_t *ys = NULL, *xs = NULL, *cl = NULL, ny = 0, nx = 0, ncl = 0;
	struct regress_opts o;
	const char **pairs = NULL;
	gchar **args;
	struct diag d;
	int status = 0;

	memset(&dl, 0, sizeof dl);
	memset(&out, 0, sizeof out);
	memset(&in, 0, sizeof in);
	memset(&o, 0, sizeof o);
	memset(&ch, 0, sizeof ch);
	diag_init(&d);
	g_option_context_set_summary(octx,
		"Ordinary least squares as R's lm(y ~ x1 + ...): estimates, SE, t, p and\n"
		"intervals, R-squared, sigma and F; classic, HC1 or cluster-robust SE.\n"
		"Result tables: regression, model. Chart (--chart DIR): coefficient plot.");
	g_option_context_add_main_entries(octx, entries, NULL);
	cli_out_add(octx, &out);
	cli_chart_add(octx, &ch);
	cli_dialect_add(octx, &dl, 1);
	args = cli_parse(cx, octx, "regress", argc, argv, &status);
	if (!args)
		goto done;
	if (!cli_nargs_ok(cx, args)) {
		status = cli_usage_error(cx, "regress", "expected one FILE");
		goto done;
	}
	if (!ycol || !xcols) {
		status = cli_usage_error(cx, "regress", "--y and --x are required");
		goto done;
	}
	o.vcov = OLS_CLASSIC;
	o.cluster = -1;
	o.no_intercept = no_intercept;
	if (robust && strcmp(robust, "hc1") == 0) {
		o.vcov = OLS_HC1;
	} else if (robust && strncmp(robust, "cluster:", 8) == 0 && robust[8]) {
		o.vcov = OLS_CLUSTER;
	} else if (robust) {
		status = cli_usage_error(cx, "regress", "--robust: expected hc1 or cluster:COL, got '%s'",
					 robust);
		goto done;
	}
	if (refs) {
		size_t n = g_strv_length(refs);

		pairs = g_new0(const char *, 2 * n + 1);
		for (size_t i = 0; i < n; i++) {
			char *eq = strchr(refs[i], '=');

			if (!eq || eq == refs[i] || !eq[1]) {
				status = cli_usage_error(cx, "regress",
					"--reference: expected COL=LEVEL, got '%s'", refs[i]);
				goto done;
			}
			*eq = '\0';
			pairs[2 * i] = refs[i];
			pairs[2 * i + 1] = eq + 1;
		}
		o.references = pairs;
		o.nreferences = n;
	}
	if ((status = cli_out_check(cx, "regress", &out)) ||
	    (status = cli_parse_conf(cx, "regress", conf_text, &o.conf)) ||
	    (status = cli_chart_check(cx, "regress", &ch, args[1] ? args[1] : NULL)))
		goto done;
	rs = cli_result_set(cx);
	if ((status = cli_load_input(cx, "regress", args, &dl, where, rs, &in)) ||
	    (status = cli_columns(cx, "regress", in.t, "--y", ycol, &ys, &ny)) ||
	    (status = cli_columns(cx, "regress", in.t, "--x", xcols, &xs, &nx)))
		goto done;
	if (o.vcov == OLS_CLUSTER) {
		if ((status = cli_columns(cx, "regress", in.t, "--robust", robust + 8, &cl, &ncl)))
			goto done;
		o.cluster = (long)cl[0];
	}
	if (ny != 1) {
		status = cli_usage_error(cx, "regress", "--y takes one column");
		goto done;
	}
	if (analysis_regress(in.t, ys[0], xs, nx, &o, &in.sel, rs, &d) < 0 ||
	    (cli_chart_set(cx, &ch) &&
	     bench_charts_regress(in.t, ys[0], o.conf, o.cluster >= 0 ? in.t->cols[o.cluster].name
				  : NULL, &in.sel, rs, cx ? cx->chart_kinds : NULL,
				  cx && cx->chart_opts ? cx->chart_opts : &ch.co,
				  cli_chart_set(cx, &ch), &d) < 0)) {
		status = d.code == DIAG_USAGE ? cli_usage_error(cx, "regress", "%s", d.message)
					      : cli_fail(cx, &d);
		goto done;
	}
	if ((status = cli_chart_render(cx, &ch, "regress")))
		goto done;
	status = cli_emit(cx, "regress", rs, &out);
done:
	g_free(pairs);
	g_free(ys);
	g_free(xs);
	g_free(cl);
	cli_input_release(&in);
	cli_result_set_release(cx, rs);
	g_strfreev(args);
	g_strfreev(refs);
	g_free(ycol);
	g_free(xcols);
	g_free(where);
	g_free(conf_text);
	g_free(robust);
	cli_chart_release(&ch);
	cli_out_release(&out);
	cli_dialect_release(&dl);
	g_option_context_free(octx);
	return status;
}
