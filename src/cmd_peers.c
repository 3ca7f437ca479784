/* SPDX-License-Identifier: GPL-3.0-or-later */
/* peers and composite: the peer-position and composite-index commands. */
#include "clusterbench/bench_peers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/bench_charts.h"
#include "clusterbench/cli.h"
#include "clusterbench/numparse.h"

/* One column named by an option that takes exactly one. */


/* NFC form of an option's text (g_free), or NULL for NULL. */
static char *nfc(const char *s)
{
	return s ? g_utf8_normalize(s, -1, G_NORMALIZE_NFC) : NULL;
}

/* A whole number from 0 to max; 0 or -1. */
static int parse_count(const char *text, double max, double *out)
{
	unsigned flags = 0;
	double v;

	if (!text || num_parse(text, strlen(text), '.', 0, &v, &flags) != NUM_OK ||
	    !(flags & NUM_F_INTEGER) || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

/* The indicator names (borrowed from the table) and their directions. */
static int indicator_directions(struct cli_ctx *cx, const char *cmd, const struct table *t,
				const size_t *ind, size_t n, const char *direction, int *dir)
{
	const char **names = g_new(const char *, n ? n : 1);
	char *text = nfc(direction);
	struct diag d;
	int status = 0;

	diag_init(&d);
	for (size_t j = 0; j < n; j++)
		names[j] = t->cols[ind[j]].name;
	if (bench_parse_directions(text, names, n, dir, &d) < 0)
		status = cli_usage_error(cx, cmd, "--direction: %s", d.message);
	g_free(text);
	g_free(names);
	return status;
}

int cmd_peers(struct cli_ctx *cx, int argc, char **argv)
{
	static const char cmd[] = "peers";
	struct cli_dialect dl;
	struct cli_out out;
	struct cli_input in;
	struct cli_chart ch;
	char *unit = NULL, *indicators = NULL, *group = NULL, *where = NULL, *direction = NULL;
	char *focus = NULL, *focus_nfc = NULL;
	GOptionEntry entries[] = {
		{ "unit", 0, 0, G_OPTION_ARG_FILENAME, &unit,
		  "The unit column (one row per unit, e.g. cluster)", "COL" },
		{ "indicators", 0, 0, G_OPTION_ARG_FILENAME, &indicators,
		  "Numeric indicator columns, comma-separated", "A,B[,C...]" },
		{ "peer-group", 0, 0, G_OPTION_ARG_FILENAME, &group,
		  "Peers are the units with the same value of COL (default: all units)", "COL" },
		{ "direction", 0, 0, G_OPTION_ARG_FILENAME, &direction,
		  "Indicator directions: + higher is better (default), - lower is better", "A:+,B:-" },
		{ "focus", 0, 0, G_OPTION_ARG_FILENAME, &focus,
		  "Only this unit's rows, and its profile table", "UNIT" },
		{ "where", 0, 0, G_OPTION_ARG_FILENAME, &where, "Use only rows that satisfy EXPR",
		  "EXPR" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *octx = g_option_context_new("FILE");
	struct result_set *rs = NULL;
	size_t *ind = NULL, nind = 0, ucol = 0, gcol = 0;
	int *dir = NULL;
	struct peers_opts o;
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
		"Position of every unit among its peers, per indicator: peer n, median, mean\n"
		"and sd, z-score, percentile (share of peers at or below), rank (1 = best),\n"
		"distance to the best and to the median, tertile. The direction of an\n"
		"indicator is applied first. Input: one row per unit (narrow with --where).\n"
		"Result tables: peers, and peer_profile with --focus.\n"
		"Charts (--chart DIR): a ranked dot strip per indicator with the focal unit\n"
		"highlighted, a heatmap of z-scores and, with --focus, a radar of percentiles.");
	g_option_context_add_main_entries(octx, entries, NULL);
	cli_out_add(octx, &out);
	cli_chart_add(octx, &ch);
	cli_dialect_add(octx, &dl, 1);
	args = cli_parse(cx, octx, cmd, argc, argv, &status);
	if (!args)
		goto done;
	if (!cli_nargs_ok(cx, args)) {
		status = cli_usage_error(cx, cmd, "expected one FILE");
		goto done;
	}
	if (!unit || !indicators) {
		status = cli_usage_error(cx, cmd, "--unit and --indicators are required");
		goto done;
	}
	if ((status = cli_out_check(cx, cmd, &out)) ||
	    (status = cli_chart_check(cx, cmd, &ch, args[1] ? args[1] : NULL)))
		goto done;
	rs = cli_result_set(cx);
	if ((status = cli_load_input(cx, cmd, args, &dl, where, rs, &in)) ||
	    (status = cli_one_column(cx, cmd, in.t, "--unit", unit, &ucol)) ||
	    (group && (status = cli_one_column(cx, cmd, in.t, "--peer-group", group, &gcol))) ||
	    (status = cli_columns(cx, cmd, in.t, "--indicators", indicators, &ind, &nind)))
		goto done;
	dir = g_new(int, nind);
	if ((status = indicator_directions(cx, cmd, in.t, ind, nind, direction, dir)))
		goto done;
	focus_nfc = nfc(focus);
	o.unit = ucol;
	o.group = group ? (long)gcol : -1;
	o.indicators = ind;
	o.nind = nind;
	o.direction = dir;
	o.focus = focus_nfc;
	if (bench_peers(in.t, &o, &in.sel, rs, &d) < 0 ||
	    (cli_chart_set(cx, &ch) &&
	     bench_charts_peers(in.t, &o, &in.sel, rs, cx ? cx->chart_kinds : NULL,
				cx && cx->chart_opts ? cx->chart_opts : &ch.co, cli_chart_set(cx, &ch),
				&d) < 0)) {
		status = cli_analysis_failed(cx, cmd, &d);
		goto done;
	}
	if ((status = cli_chart_render(cx, &ch, cmd)))
		goto done;
	status = cli_emit(cx, cmd, rs, &out);
done:
	g_free(dir);
	g_free(ind);
	g_free(focus_nfc);
	cli_input_release(&in);
	cli_result_set_release(cx, rs);
	g_strfreev(args);
	g_free(unit);
	g_free(indicators);
	g_free(group);
	g_free(where);
	g_free(direction);
	g_free(focus);
	cli_chart_release(&ch);
	cli_out_release(&out);
	cli_dialect_release(&dl);
	g_option_context_free(octx);
	return status;
}

/* The checks of composite's options that need no data. */
struct composite_text {
	char *weights, *normalise, *target, *aggregate, *range, *uncertainty, *noise, *seed;
	gboolean vary;
};

static int composite_options(struct cli_ctx *cx, const char *cmd, const struct composite_text *ct,
			     struct composite_opts *o)
{
	double v;

	o->norm = BENCH_NORM_MINMAX;
	o->agg = BENCH_AGG_ARITHMETIC;
	o->lo = o->hi = NAN;
	o->noise = 0.25;
	o->seed = 20110222UL;
	if (ct->normalise && bench_norm_from_name(ct->normalise, &o->norm) < 0)
		return cli_usage_error(cx, cmd, "--normalise: expected minmax, zscore, rank or "
				       "target, got '%s'", ct->normalise);
	if (ct->aggregate && bench_agg_from_name(ct->aggregate, &o->agg) < 0)
		return cli_usage_error(cx, cmd, "--aggregate: expected arithmetic, geometric or "
				       "harmonic, got '%s'", ct->aggregate);
	if (ct->target && o->norm != BENCH_NORM_TARGET)
		return cli_usage_error(cx, cmd, "--target needs --normalise target");
	if (!ct->target && o->norm == BENCH_NORM_TARGET)
		return cli_usage_error(cx, cmd, "--normalise target needs --target A:VALUE,...");
	if (ct->range) {
		double r[2];
		size_t n = 0;
		struct diag d;

		diag_init(&d);
		if (o->norm != BENCH_NORM_MINMAX && o->norm != BENCH_NORM_TARGET)
			return cli_usage_error(cx, cmd, "--range applies to minmax and target "
					       "normalisation only");
		if (bench_parse_numbers(ct->range, r, 2, &n, &d) < 0 || n != 2 || !(r[0] < r[1]))
			return cli_usage_error(cx, cmd, "--range: expected L,U with L < U, got '%s'",
					       ct->range);
		o->lo = r[0];
		o->hi = r[1];
	}
	if (ct->uncertainty) {
		if (parse_count(ct->uncertainty, 1e6, &v) < 0 || v < 1)
			return cli_usage_error(cx, cmd, "--uncertainty: expected a number of draws "
					       "from 1 to 1000000, got '%s'", ct->uncertainty);
		o->draws = (size_t)v;
	} else if (ct->noise || ct->seed || ct->vary) {
		return cli_usage_error(cx, cmd, "%s needs --uncertainty N", ct->noise ? "--weight-noise"
				       : ct->seed ? "--seed" : "--vary-method");
	}
	if (ct->noise) {
		struct diag d;
		size_t n = 0;

		diag_init(&d);
		if (bench_parse_numbers(ct->noise, &v, 1, &n, &d) < 0 || n != 1 || v < 0 || v > 1)
			return cli_usage_error(cx, cmd, "--weight-noise: expected a fraction from 0 "
					       "to 1, got '%s'", ct->noise);
		o->noise = v;
	}
	if (ct->seed) {
		if (parse_count(ct->seed, 4294967295.0, &v) < 0)
			return cli_usage_error(cx, cmd, "--seed: expected a whole number from 0 to "
					       "4294967295, got '%s'", ct->seed);
		o->seed = (unsigned long)v;
	}
	o->vary_method = ct->vary != FALSE;
	return 0;
}

/* --weights (count and signs) and --target, against the indicators. */
static int composite_lists(struct cli_ctx *cx, const char *cmd, const struct table *t,
			   const struct composite_text *ct, const size_t *ind, size_t nind,
			   double *weights, double *targets)
{
	struct diag d;

	diag_init(&d);
	if (ct->weights) {
		size_t n = 0, cap = 1;
		double *w, sum = 0;
		int rc;

		for (const char *p = ct->weights; *p; p++)
			cap += *p == ',';
		w = g_new(double, cap);
		rc = bench_parse_numbers(ct->weights, w, cap, &n, &d);
		for (size_t j = 0; rc == 0 && j < n && j < nind; j++)
			weights[j] = w[j];
		g_free(w);
		if (rc < 0)
			return cli_usage_error(cx, cmd, "--weights: %s", d.message);
		if (n != nind)
			return cli_usage_error(cx, cmd, "--weights: %zu indicator%s need%s %zu weight%s, "
					       "got %zu", nind, nind == 1 ? "" : "s",
					       nind == 1 ? "s" : "", nind, nind == 1 ? "" : "s", n);
		for (size_t j = 0; j < nind; j++)
			if (weights[j] < 0)
				return cli_usage_error(cx, cmd, "--weights: weights must be >= 0, got "
						       "%g for '%s'", weights[j], t->cols[ind[j]].name);
		for (size_t j = 0; j < nind && !(sum > 0); j++)
			sum += weights[j];
		if (!(sum > 0))
			return cli_usage_error(cx, cmd, "--weights: at least one weight must be > 0");
	}
	if (ct->target) {
		const char **names = g_new(const char *, nind ? nind : 1);
		char *text = nfc(ct->target);
		int rc;

		for (size_t j = 0; j < nind; j++)
			names[j] = t->cols[ind[j]].name;
		rc = bench_parse_named_values(text, names, nind, targets, &d);
		g_free(text);
		g_free(names);
		if (rc < 0)
			return cli_usage_error(cx, cmd, "--target: %s", d.message);
	}
	return 0;
}

int cmd_composite(struct cli_ctx *cx, int argc, char **argv)
{
	static const char cmd[] = "composite";
	struct cli_dialect dl;
	struct cli_out out;
	struct cli_input in;
	struct composite_text ct;
	struct cli_chart ch;
	char *unit = NULL, *indicators = NULL, *where = NULL, *direction = NULL;
	GOptionEntry entries[] = {
		{ "unit", 0, 0, G_OPTION_ARG_FILENAME, &unit,
		  "The unit column (one row per unit, e.g. cluster)", "COL" },
		{ "indicators", 0, 0, G_OPTION_ARG_FILENAME, &indicators,
		  "Numeric indicator columns, comma-separated", "A,B[,C...]" },
		{ "weights", 0, 0, G_OPTION_ARG_FILENAME, &ct.weights,
		  "One weight >= 0 per indicator (default equal)", "W1,W2,..." },
		{ "direction", 0, 0, G_OPTION_ARG_FILENAME, &direction,
		  "Indicator directions: + higher is better (default), - lower is better", "A:+,B:-" },
		{ "normalise", 0, 0, G_OPTION_ARG_FILENAME, &ct.normalise,
		  "minmax (default), zscore, rank (percentile rank) or target", "METHOD" },
		{ "target", 0, 0, G_OPTION_ARG_FILENAME, &ct.target,
		  "Targets of --normalise target, in the indicators' units", "A:V,B:V" },
		{ "aggregate", 0, 0, G_OPTION_ARG_FILENAME, &ct.aggregate,
		  "arithmetic (default), geometric or harmonic", "METHOD" },
		{ "range", 0, 0, G_OPTION_ARG_FILENAME, &ct.range,
		  "Range of minmax and target (default 0,100; 1,100 when geometric or harmonic)",
		  "L,U" },
		{ "uncertainty", 0, 0, G_OPTION_ARG_FILENAME, &ct.uncertainty,
		  "Monte-Carlo rank intervals from N draws of the weights", "N" },
		{ "weight-noise", 0, 0, G_OPTION_ARG_FILENAME, &ct.noise,
		  "Each weight times 1 + f(2u - 1), u uniform (default 0.25)", "F" },
		{ "vary-method", 0, 0, G_OPTION_ARG_NONE, &ct.vary,
		  "Also draw the normalisation and aggregation of each draw", NULL },
		{ "seed", 0, 0, G_OPTION_ARG_FILENAME, &ct.seed,
		  "Seed of the draws (default 20110222)", "S" },
		{ "where", 0, 0, G_OPTION_ARG_FILENAME, &where, "Use only rows that satisfy EXPR",
		  "EXPR" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *octx;
	struct result_set *rs = NULL;
	size_t *ind = NULL, nind = 0, ucol = 0;
	double *weights = NULL, *targets = NULL;
	int *dir = NULL;
	struct composite_opts o;
	gchar **args;
	struct diag d;
	int status = 0;

	memset(&ct, 0, sizeof ct);
	memset(&dl, 0, sizeof dl);
	memset(&out, 0, sizeof out);
	memset(&in, 0, sizeof in);
	memset(&o, 0, sizeof o);
	memset(&ch, 0, sizeof ch);
	diag_init(&d);
	octx = g_option_context_new("FILE");
	g_option_context_set_summary(octx,
		"Composite index (OECD/JRC handbook): direction first, then normalisation\n"
		"(min-max, z-score, percentile rank or distance to a target), weights\n"
		"rescaled over each unit's available indicators, arithmetic, geometric or\n"
		"harmonic aggregation; rank 1 = best. With --uncertainty, Monte-Carlo rank\n"
		"intervals over perturbed weights (and methods with --vary-method).\n"
		"Result tables: composite; composite_uncertainty and composite_draws.\n"
		"Charts (--chart DIR): ranked score bars; with --uncertainty, rank intervals.");
	g_option_context_add_main_entries(octx, entries, NULL);
	cli_out_add(octx, &out);
	cli_chart_add(octx, &ch);
	cli_dialect_add(octx, &dl, 1);
	args = cli_parse(cx, octx, cmd, argc, argv, &status);
	if (!args)
		goto done;
	if (!cli_nargs_ok(cx, args)) {
		status = cli_usage_error(cx, cmd, "expected one FILE");
		goto done;
	}
	if (!unit || !indicators) {
		status = cli_usage_error(cx, cmd, "--unit and --indicators are required");
		goto done;
	}
	if ((status = composite_options(cx, cmd, &ct, &o)) ||
	    (status = cli_out_check(cx, cmd, &out)) ||
	    (status = cli_chart_check(cx, cmd, &ch, args[1] ? args[1] : NULL)))
		goto done;
	rs = cli_result_set(cx);
	if ((status = cli_load_input(cx, cmd, args, &dl, where, rs, &in)) ||
	    (status = cli_one_column(cx, cmd, in.t, "--unit", unit, &ucol)) ||
	    (status = cli_columns(cx, cmd, in.t, "--indicators", indicators, &ind, &nind)))
		goto done;
	dir = g_new(int, nind);
	weights = g_new(double, nind);
	targets = g_new(double, nind);
	if ((status = indicator_directions(cx, cmd, in.t, ind, nind, direction, dir)) ||
	    (status = composite_lists(cx, cmd, in.t, &ct, ind, nind, weights, targets)))
		goto done;
	o.unit = ucol;
	o.indicators = ind;
	o.nind = nind;
	o.direction = dir;
	o.weights = ct.weights ? weights : NULL;
	o.targets = ct.target ? targets : NULL;
	if (bench_composite(in.t, &o, &in.sel, rs, &d) < 0 ||
	    (cli_chart_set(cx, &ch) &&
	     bench_charts_composite(in.t, &o, &in.sel, rs, cx ? cx->chart_kinds : NULL,
				    cx && cx->chart_opts ? cx->chart_opts : &ch.co,
				    cli_chart_set(cx, &ch), &d) < 0)) {
		status = cli_analysis_failed(cx, cmd, &d);
		goto done;
	}
	if ((status = cli_chart_render(cx, &ch, cmd)))
		goto done;
	status = cli_emit(cx, cmd, rs, &out);
done:
	g_free(dir);
	g_free(weights);
	g_free(targets);
	g_free(ind);
	cli_input_release(&in);
	cli_result_set_release(cx, rs);
	g_strfreev(args);
	g_free(unit);
	g_free(indicators);
	g_free(where);
	g_free(direction);
	g_free(ct.weights);
	g_free(ct.normalise);
	g_free(ct.target);
	g_free(ct.aggregate);
	g_free(ct.range);
	g_free(ct.uncertainty);
	g_free(ct.noise);
	g_free(ct.seed);
	cli_chart_release(&ch);
	cli_out_release(&out);
	cli_dialect_release(&dl);
	g_option_context_free(octx);
	return status;
}
